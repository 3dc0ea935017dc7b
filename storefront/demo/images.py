"""Product pictures and maker avatars for the demo shop, drawn with Pillow (no Django, no files read but a font).

``draw_product_picture(product)`` draws a product dict from ``storefront.demo.content`` and returns PNG bytes:
art as a painting or print on a wall, beer as a bottle or can with its label and a glass, textiles as the item in its
cloth, recycled IT as the device with its grade badge and erasure tag. ``draw_maker_portrait(maker)`` draws an abstract
avatar (an initial on a pattern, never a face) for makers who consented to a photo.

Drawings are deterministic: randomness comes from a ``random.Random`` seeded with the product's line and key (or the
maker's key), so the same dict always gives the same bytes. Everything is drawn on an 800 x 800 grid at twice the
resolution and reduced, which smooths the edges.

The ``picture`` dict of a product (all keys optional except ``kind``; colours are "#rrggbb"):

- every line: ``kind`` (which drawing, below) and ``palette`` (a list of colours, most important first).
- art: ``kind`` is one of landscape, seascape, city, bridge, still_life, abstract, botanical, murmuration, bird,
  garden; ``frame`` is oak, black, white, gilt, mount (a print in a cream mount and a thin frame, with its edition
  number pencilled underneath) or canvas (a gallery-wrapped canvas, no frame); ``variant`` is "harbour" for a seascape
  (boats on the mud) or "window" for a still life (a kitchen window); ``style`` is blocks, circles or stripes for an
  abstract. The picture's proportions follow the product's ``width_cm`` and ``height_cm``.
- beer: ``kind`` is bottle or can; ``palette`` is [glass or can body, label, ink]; ``motif`` is hop, wheat, sun, moon,
  stars, leaf, bird, waves or stripes; ``beer`` is the colour of the beer in the glass. The label shows the product's
  title, ABV (from ``abv_tenths``) and ``volume_ml``.
- textiles: ``kind`` is scarf, apron, tote, tea_towel, cushion, beanie, throw, oven_glove, jacket or napkins;
  ``palette`` is [cloth, second colour, accent, ...]; ``pattern`` is plain, stripes, check, herringbone, dots,
  patchwork, rib, quilted or print; ``motif`` (hop or garden) is what a ``print`` shows.
- it: ``kind`` is laptop, desktop, mini_pc, monitor, tablet or phone; ``palette`` is [body, screen colour, screen
  colour]; ``trackpoint`` (bool) adds the red pointing stick; ``variant`` is "bundle" for a laptop (adds a sleeve and
  a mouse) or "with_monitor" for a mini PC. The badge shows the product's ``grade`` and the tag its
  ``erasure_certificate``.
"""

import functools
import io
import math
import random

from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageOps

BASE = 800
SUPERSAMPLE = 2
FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    "DejaVuSans-Bold.ttf",
)
WHITE, BLACK = (255, 255, 255), (0, 0, 0)


# --- colours, fonts and a scaled pen -------------------------------------------------------------------------------

def rgb(colour):
    if isinstance(colour, (tuple, list)):
        return tuple(int(c) for c in colour[:3])
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))


def mix(a, b, t):
    a, b = rgb(a), rgb(b)
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


def lighter(colour, t):
    return mix(colour, WHITE, t)


def darker(colour, t):
    return mix(colour, BLACK, t)


def luminance(colour):
    r, g, b = rgb(colour)
    return (0.299 * r + 0.587 * g + 0.114 * b) / 255


def _palette(pic, defaults):
    colours = [rgb(c) for c in pic.get("palette") or []]
    return colours + [rgb(c) for c in defaults[len(colours):]]


@functools.lru_cache(maxsize=64)
def _font(size):
    for path in FONT_PATHS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow older than 10.1
        return ImageFont.load_default()


class Pen:
    """Draws in 800-grid coordinates on an image that is ``k`` times larger, optionally offset by ``origin``."""

    def __init__(self, image, k=SUPERSAMPLE, origin=(0, 0)):
        self.image, self.k, self.origin = image, k, origin
        self.draw = ImageDraw.Draw(image)

    def xy(self, points):
        ox, oy = self.origin
        return [((x - ox) * self.k, (y - oy) * self.k) for x, y in points]

    def box(self, box):
        x0, y0, x1, y1 = box
        (a, b), (c, d) = self.xy([(min(x0, x1), min(y0, y1)), (max(x0, x1), max(y0, y1))])
        return [a, b, c, d]

    def w(self, width):
        return max(1, round(width * self.k))

    def rect(self, box, fill=None, outline=None, width=1, radius=0):
        if radius:
            self.draw.rounded_rectangle(self.box(box), radius * self.k, fill=fill, outline=outline, width=self.w(width))
        else:
            self.draw.rectangle(self.box(box), fill=fill, outline=outline, width=self.w(width))

    def ellipse(self, box, fill=None, outline=None, width=1):
        self.draw.ellipse(self.box(box), fill=fill, outline=outline, width=self.w(width))

    def circle(self, cx, cy, r, fill=None, outline=None, width=1):
        self.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill, outline=outline, width=width)

    def poly(self, points, fill=None, outline=None, width=1):
        self.draw.polygon(self.xy(points), fill=fill, outline=outline, width=self.w(width))

    def line(self, points, fill, width=1):
        self.draw.line(self.xy(points), fill=fill, width=self.w(width), joint="curve")

    def arc(self, box, start, end, fill, width=1):
        self.draw.arc(self.box(box), start, end, fill=fill, width=self.w(width))

    def chord(self, box, start, end, fill=None, outline=None, width=1):
        self.draw.chord(self.box(box), start, end, fill=fill, outline=outline, width=self.w(width))

    def text(self, xy, text, size, fill, anchor="mm"):
        (x, y), = self.xy([xy])
        font = _font(max(6, round(size * self.k)))
        try:
            self.draw.text((x, y), text, font=font, fill=fill, anchor=anchor)
        except ValueError:  # a bitmap font without anchor support
            left, top, right, bottom = self.draw.textbbox((0, 0), text, font=font)
            self.draw.text((x - (right - left) / 2, y - (bottom - top) / 2), text, font=font, fill=fill)

    def text_width(self, text, size):
        return self.draw.textlength(text, font=_font(max(6, round(size * self.k)))) / self.k


def _mask(canvas, k, shape, box, value=255):
    """The shape drawn as a mask, cropped to where it is (and to ``box`` if given), with its top-left on the canvas."""
    mask = Image.new("L", canvas.size, 0)
    shape(Pen(mask, k), value)
    if box is not None:
        x0, y0, x1, y1 = (max(0, min(BASE, round(v))) * k for v in box)
        limit = Image.new("L", canvas.size, 0)
        limit.paste(255, (x0, y0, x1, y1))
        mask = ImageChops.multiply(mask, limit)
    bbox = mask.getbbox()
    if bbox is None:
        return None, (0, 0)
    return mask.crop(bbox), bbox[:2]


def _masked(canvas, k, shape, paint, box=None):
    """Paint through a shape: ``shape(pen, 255)`` draws the mask, ``paint(pen)`` what shows through it."""
    mask, (left, top) = _mask(canvas, k, shape, box)
    if mask is None:
        return
    texture = Image.new("RGB", mask.size)
    paint(Pen(texture, k, (left / k, top / k)))
    canvas.paste(texture, (left, top), mask)


def _tint(canvas, k, shape, colour, alpha, clip=None):
    """Lay a translucent colour over a shape (shading, folds, sheen), only where ``clip`` is drawn if given."""
    mask = Image.new("L", canvas.size, 0)
    shape(Pen(mask, k), alpha)
    if clip is not None:
        limit = Image.new("L", canvas.size, 0)
        clip(Pen(limit, k), 255)
        mask = ImageChops.multiply(mask, limit)
    bbox = mask.getbbox()
    if bbox is not None:
        canvas.paste(rgb(colour), bbox, mask.crop(bbox))


def _wrap(pen, text, max_width, size):
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and pen.text_width(candidate, size) > max_width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + ([line] if line else [])


def _fit(pen, text, max_width, max_size, min_size, max_lines):
    """The largest size at which the text wraps into at most ``max_lines`` lines that fit ``max_width``."""
    for size in range(max_size, min_size - 1, -1):
        lines = _wrap(pen, text, max_width, size)
        if len(lines) <= max_lines and all(pen.text_width(line, size) <= max_width for line in lines):
            return size, lines
    return min_size, _wrap(pen, text, max_width, min_size)[:max_lines]


def _text_block(pen, text, cx, top, max_width, max_size, min_size, max_lines, fill):
    size, lines = _fit(pen, text, max_width, max_size, min_size, max_lines)
    step = size * 1.15
    for i, line in enumerate(lines):
        pen.text((cx, top + step * (i + 0.5)), line, size, fill)
    return top + step * len(lines)


def _bezier(p0, p1, p2, steps=12):
    return [
        ((1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * p1[0] + t * t * p2[0],
         (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * p1[1] + t * t * p2[1])
        for t in (i / steps for i in range(steps + 1))
    ]


def _lens(a, b, width, steps=10):
    """A leaf or grain shape between two points."""
    (x0, y0), (x1, y1) = a, b
    length = math.hypot(x1 - x0, y1 - y0) or 1
    nx, ny = -(y1 - y0) / length, (x1 - x0) / length
    side1, side2 = [], []
    for i in range(steps + 1):
        t = i / steps
        bulge = math.sin(math.pi * t) * width / 2
        x, y = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
        side1.append((x + nx * bulge, y + ny * bulge))
        side2.append((x - nx * bulge, y - ny * bulge))
    return side1 + side2[::-1]


def _rotated_rect(cx, cy, w, h, degrees):
    a = math.radians(degrees)
    ca, sa = math.cos(a), math.sin(a)
    return [(cx + x * ca - y * sa, cy + x * sa + y * ca) for x, y in ((-w / 2, -h / 2), (w / 2, -h / 2),
                                                                      (w / 2, h / 2), (-w / 2, h / 2))]


def _ellipse_points(cx, cy, rx, ry, degrees, steps=36):
    a = math.radians(degrees)
    ca, sa = math.cos(a), math.sin(a)
    return [(cx + rx * math.cos(t) * ca - ry * math.sin(t) * sa, cy + rx * math.cos(t) * sa + ry * math.sin(t) * ca)
            for t in (math.tau * i / steps for i in range(steps))]


def _star(cx, cy, r, points=5):
    return [
        (cx + (r if i % 2 == 0 else r * 0.45) * math.sin(math.pi * i / points),
         cy - (r if i % 2 == 0 else r * 0.45) * math.cos(math.pi * i / points))
        for i in range(points * 2)
    ]


def _dashed(pen, a, b, fill, width=2, dash=10, gap=7):
    (x0, y0), (x1, y1) = a, b
    length = math.hypot(x1 - x0, y1 - y0)
    if not length:
        return
    dx, dy = (x1 - x0) / length, (y1 - y0) / length
    pos = 0.0
    while pos < length:
        end = min(pos + dash, length)
        pen.line([(x0 + dx * pos, y0 + dy * pos), (x0 + dx * end, y0 + dy * end)], fill, width)
        pos += dash + gap


def _dashed_rect(pen, box, fill, width=2):
    x0, y0, x1, y1 = box
    for a, b in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))):
        _dashed(pen, a, b, fill, width)


# --- motifs (beer labels, prints) -----------------------------------------------------------------------------------

def _motif(pen, name, cx, cy, r, colour, background):
    if name == "hop":
        pen.line([(cx, cy - r * 1.05), (cx + r * 0.15, cy - r * 0.75)], darker(colour, 0.3), r * 0.07)
        pen.poly(_lens((cx, cy - r * 0.8), (cx - r * 0.75, cy - r * 0.95), r * 0.35), fill=colour)
        pen.poly(_lens((cx, cy - r * 0.8), (cx + r * 0.75, cy - r * 0.95), r * 0.35), fill=colour)
        rows = 5
        for row in range(rows):
            y = cy - r * 0.6 + row * r * 0.33
            half = r * (0.5 - 0.07 * row) if row else r * 0.35
            count = 3 if row % 2 == 0 else 2
            for i in range(count):
                x = cx - half + (2 * half) * (i + 0.5) / count
                pen.chord((x - r * 0.28, y - r * 0.22, x + r * 0.28, y + r * 0.3), 0, 180, fill=colour,
                          outline=background, width=max(1, r * 0.04))
        pen.poly([(cx - r * 0.12, cy + r * 0.95), (cx + r * 0.12, cy + r * 0.95), (cx, cy + r * 1.15)], fill=colour)
    elif name == "wheat":
        pen.line([(cx, cy + r), (cx, cy - r * 0.9)], colour, r * 0.07)
        for i in range(5):
            y = cy - r * 0.75 + i * r * 0.3
            for side in (-1, 1):
                tip = (cx + side * r * 0.42, y - r * 0.28)
                pen.poly(_lens((cx, y + r * 0.05), tip, r * 0.2), fill=colour)
                pen.line([tip, (tip[0] + side * r * 0.25, tip[1] - r * 0.3)], colour, max(1, r * 0.025))
        pen.poly(_lens((cx, cy - r * 0.75), (cx, cy - r * 1.15), r * 0.18), fill=colour)
    elif name == "sun":
        for i in range(12):
            a = math.pi * 2 * i / 12
            tip = (cx + math.cos(a) * r * 1.05, cy + math.sin(a) * r * 1.05)
            left = (cx + math.cos(a - 0.13) * r * 0.62, cy + math.sin(a - 0.13) * r * 0.62)
            right = (cx + math.cos(a + 0.13) * r * 0.62, cy + math.sin(a + 0.13) * r * 0.62)
            pen.poly([left, tip, right], fill=colour)
        pen.circle(cx, cy, r * 0.58, fill=colour)
        pen.circle(cx, cy, r * 0.42, outline=background, width=max(1, r * 0.05))
    elif name == "moon":
        pen.circle(cx - r * 0.1, cy, r * 0.8, fill=colour)
        pen.circle(cx + r * 0.22, cy - r * 0.14, r * 0.7, fill=background)
        for sx, sy, sr in ((0.55, -0.55, 0.16), (0.75, 0.2, 0.1), (0.3, 0.65, 0.12)):
            pen.poly(_star(cx + sx * r, cy + sy * r, sr * r), fill=colour)
    elif name == "stars":
        for sx, sy, sr in ((0, -0.1, 0.55), (-0.7, -0.55, 0.25), (0.72, -0.6, 0.3), (-0.6, 0.6, 0.22),
                           (0.65, 0.55, 0.2)):
            pen.poly(_star(cx + sx * r, cy + sy * r, sr * r), fill=colour)
    elif name == "leaf":
        pen.poly(_lens((cx - r * 0.75, cy + r * 0.75), (cx + r * 0.8, cy - r * 0.8), r * 0.95, 16), fill=colour)
        pen.line([(cx - r * 0.95, cy + r * 0.95), (cx + r * 0.6, cy - r * 0.6)], background, max(1, r * 0.06))
        for t in (0.25, 0.45, 0.65):
            x, y = cx - r * 0.75 + r * 1.55 * t, cy + r * 0.75 - r * 1.55 * t
            pen.line([(x, y), (x - r * 0.05, y - r * 0.38)], background, max(1, r * 0.04))
            pen.line([(x, y), (x + r * 0.38, y + r * 0.05)], background, max(1, r * 0.04))
    elif name == "bird":
        pen.poly([
            (cx - r, cy - r * 0.3), (cx - r * 0.3, cy - r * 0.05), (cx, cy - r * 0.25), (cx + r * 0.35, cy - r * 0.15),
            (cx + r, cy - r * 0.7), (cx + r * 0.55, cy + r * 0.05), (cx + r * 0.25, cy + r * 0.2),
            (cx + r * 0.1, cy + r * 0.9), (cx - r * 0.05, cy + r * 0.35), (cx - r * 0.25, cy + r * 0.95),
            (cx - r * 0.2, cy + r * 0.2), (cx - r * 0.45, cy + r * 0.05),
        ], fill=colour)
    elif name == "waves":
        for row in range(4):
            y = cy - r * 0.7 + row * r * 0.45
            points = [(cx - r + i * r / 12, y + math.sin(i / 12 * math.pi * 4 + row) * r * 0.13) for i in range(25)]
            pen.line(points, colour, r * 0.12)
    elif name == "stripes":
        for i in range(3):
            pen.rect((cx - r, cy - r * 0.7 + i * r * 0.55, cx + r, cy - r * 0.45 + i * r * 0.55), fill=colour)
    elif name == "garden":
        _veg_print(pen, cx - r, cy - r, cx + r, cy + r, colour, background)


def _veg_print(pen, x0, y0, x1, y1, green, red):
    """Radishes, pea pods, runner beans and a courgette in a loose grid, like a two-colour screenprint."""
    cols, rows = 3, 4
    cw, rh = (x1 - x0) / cols, (y1 - y0) / rows
    for row in range(rows):
        for col in range(cols):
            cx, cy = x0 + cw * (col + 0.5), y0 + rh * (row + 0.5)
            s = min(cw, rh) * 0.42
            which = (row * cols + col + row) % 4
            if which == 0:  # radish
                for dx in (-0.35, 0, 0.35):
                    pen.poly(_lens((cx, cy - s * 0.25), (cx + dx * s * 2, cy - s * 1.1), s * 0.35), fill=green)
                pen.circle(cx, cy + s * 0.15, s * 0.45, fill=red)
                pen.line([(cx, cy + s * 0.55), (cx + s * 0.1, cy + s * 0.95)], red, max(1, s * 0.06))
            elif which == 1:  # pea pod
                pen.poly(_lens((cx - s, cy + s * 0.3), (cx + s, cy - s * 0.3), s * 0.55), fill=green)
                for i in range(4):
                    t = (i + 0.8) / 5
                    pen.circle(cx - s + 2 * s * t, cy + s * 0.3 - 0.6 * s * t, s * 0.12, fill=lighter(green, 0.55))
            elif which == 2:  # runner beans
                for dx in (-0.3, 0.05, 0.4):
                    pen.poly(_lens((cx + dx * s, cy - s), (cx + dx * s + s * 0.2, cy + s), s * 0.22), fill=green)
                pen.circle(cx - s * 0.7, cy - s * 0.7, s * 0.16, fill=red)
            else:  # courgette, with a flower
                pen.poly(_lens((cx - s * 1.05, cy + s * 0.45), (cx + s * 1.05, cy - s * 0.25), s * 0.6), fill=green)
                for i in range(3):
                    y = cy + s * 0.3 - i * s * 0.22
                    pen.line([(cx - s * 0.6, y + s * 0.05), (cx + s * 0.6, y - s * 0.35)], lighter(green, 0.4), 1)
                pen.poly(_star(cx + s * 1.0, cy - s * 0.35, s * 0.3), fill=red)


# --- art ------------------------------------------------------------------------------------------------------------

WALLS = [(238, 232, 220), (226, 232, 228), (236, 226, 216), (221, 228, 236), (241, 237, 229), (232, 224, 232)]
FRAMES = {
    "oak": ((176, 132, 84), 26),
    "black": ((34, 33, 35), 18),
    "white": ((246, 245, 241), 22),
    "gilt": ((196, 160, 84), 30),
    "mount": ((58, 52, 48), 9),
    "canvas": (None, 0),
}


def _draw_art(canvas, pen, product, pic, rng):
    pal = _palette(pic, ["#9fb3c8", "#7d8c5a", "#5b4a63", "#e3c27a", "#d9482b"])
    wall = rng.choice(WALLS)
    pen.rect((0, 0, BASE, BASE), fill=wall)
    for i in range(60):  # faint plaster texture
        x, y = rng.uniform(0, BASE), rng.uniform(0, 600)
        pen.line([(x, y), (x + rng.uniform(10, 40), y + rng.uniform(-2, 2))], mix(wall, WHITE, 0.25), 1)
    floor = (150, 108, 72)
    pen.rect((0, 652, BASE, BASE), fill=floor)
    for y in (680, 716, 760):
        pen.line([(0, y), (BASE, y)], darker(floor, 0.18), 2)
    for i in range(9):
        x = rng.uniform(0, BASE)
        row = rng.choice([(652, 680), (680, 716), (716, 760), (760, 800)])
        pen.line([(x, row[0]), (x, row[1])], darker(floor, 0.15), 2)
    pen.rect((0, 632, BASE, 654), fill=(247, 245, 240))
    pen.line([(0, 654), (BASE, 654)], darker(wall, 0.2), 2)

    frame = pic.get("frame", "oak")
    frame_colour, border = FRAMES.get(frame, FRAMES["oak"])
    mount = 48 if frame == "mount" or pic.get("mount") else 0
    w_cm, h_cm = product.get("width_cm") or 40, product.get("height_cm") or 30
    room_w, room_h = 520 - 2 * (border + mount), 470 - 2 * (border + mount)
    scale = min(room_w / w_cm, room_h / h_cm)
    img_w, img_h = round(w_cm * scale), round(h_cm * scale)
    cx, cy = 400, 320
    ix0, iy0 = round(cx - img_w / 2), round(cy - img_h / 2)
    ix1, iy1 = ix0 + img_w, iy0 + img_h
    ox0, oy0, ox1, oy1 = ix0 - border - mount, iy0 - border - mount, ix1 + border + mount, iy1 + border + mount
    if mount:  # the edition number sits under the image, so the mount is deeper at the bottom
        oy1 += 26

    if frame != "canvas":
        nail = (cx, oy0 - 58)
        pen.line([(ox0 + 50, oy0 + 6), nail, (ox1 - 50, oy0 + 6)], (90, 86, 80), 2)
        pen.circle(*nail, 5, fill=(120, 116, 110))
    pen.rect((ox0 + 10, oy0 + 14, ox1 + 14, oy1 + 18), fill=darker(wall, 0.16))
    pen.rect((ox0 + 4, oy0 + 6, ox1 + 6, oy1 + 8), fill=darker(wall, 0.09))

    if frame_colour:
        pen.rect((ox0, oy0, ox1, oy1), fill=frame_colour)
        if frame == "oak":
            for i in range(40):
                side = rng.randrange(4)
                if side < 2:
                    y = rng.uniform(oy0 + 3, oy0 + border - 3) if side == 0 else rng.uniform(oy1 - border + 3, oy1 - 3)
                    x = rng.uniform(ox0, ox1 - 60)
                    pen.line([(x, y), (x + rng.uniform(30, 90), y + rng.uniform(-1, 1))], darker(frame_colour, 0.15), 1)
                else:
                    x = rng.uniform(ox0 + 3, ox0 + border - 3) if side == 2 else rng.uniform(ox1 - border + 3, ox1 - 3)
                    y = rng.uniform(oy0, oy1 - 60)
                    pen.line([(x, y), (x + rng.uniform(-1, 1), y + rng.uniform(30, 90))], darker(frame_colour, 0.15), 1)
        if frame == "gilt":
            pen.rect((ox0 + 8, oy0 + 8, ox1 - 8, oy1 - 8), outline=lighter(frame_colour, 0.35), width=3)
        pen.line([(ox0, oy1), (ox0, oy0), (ox1, oy0)], lighter(frame_colour, 0.25), 3)
        pen.line([(ox1, oy0), (ox1, oy1), (ox0, oy1)], darker(frame_colour, 0.25), 3)
        inner = (ox0 + border, oy0 + border, ox1 - border, oy1 - border)
        if mount:
            pen.rect(inner, fill=(245, 241, 230))
            corner = [(inner[0], inner[3]), (inner[0], inner[1]), (inner[2], inner[1])]
            pen.line(corner, darker((245, 241, 230), 0.2), 2)
        else:
            pen.line([(inner[0], inner[3]), (inner[0], inner[1]), (inner[2], inner[1])], darker(frame_colour, 0.35), 3)
    else:  # canvas: painted sides and a shadow, no frame
        pen.poly([(ix1, iy0), (ix1 + 12, iy0 + 8), (ix1 + 12, iy1 + 8), (ix1, iy1)], fill=darker(pal[1], 0.35))
        pen.poly([(ix0, iy1), (ix1, iy1), (ix1 + 12, iy1 + 8), (ix0 + 12, iy1 + 8)], fill=darker(pal[2], 0.3))

    painting = Image.new("RGB", (img_w * pen.k, img_h * pen.k), WHITE)
    scene = ART_SCENES.get(pic.get("kind"), _scene_landscape)
    scene(Pen(painting, pen.k), img_w, img_h, pal, rng, pic)
    canvas.paste(painting, (ix0 * pen.k, iy0 * pen.k))

    if mount and product.get("edition") == "numbered" and product.get("edition_size"):
        size = product["edition_size"]
        number = 1 + int(rng.random() * size)
        pencil = (120, 118, 112)
        pen.text((ix0 + 4, iy1 + 22), f"{number}/{size}", 15, pencil, anchor="lm")
        sig = [(ix1 - 90 + i * 6, iy1 + 22 + math.sin(i * 1.7) * 5 - i * 0.3) for i in range(15)]
        pen.line(sig, pencil, 1.5)


def _sky(pen, w, h, top, bottom, until=1.0, bands=24):
    for i in range(bands):
        y0, y1 = h * until * i / bands, h * until * (i + 1) / bands + 1
        pen.rect((0, y0, w, y1), fill=mix(top, bottom, i / (bands - 1)))


def _ridge(w, base, amplitude, rng, steps=24):
    f1, f2 = rng.uniform(1.0, 2.2), rng.uniform(3.0, 5.5)
    p1, p2 = rng.uniform(0, 6.3), rng.uniform(0, 6.3)
    return [
        (w * i / steps, base - amplitude * (0.65 * math.sin(i / steps * math.pi * f1 + p1)
                                            + 0.35 * math.sin(i / steps * math.pi * f2 + p2)))
        for i in range(steps + 1)
    ]


def _brush(pen, w, h, y_from, y_to, colour, rng, n=80, length=18):
    for _ in range(n):
        x, y = rng.uniform(0, w), rng.uniform(y_from, y_to)
        a = rng.uniform(-0.35, 0.35)
        pen.line([(x, y), (x + math.cos(a) * length, y + math.sin(a) * length)],
                 mix(colour, rng.choice([WHITE, BLACK]), rng.uniform(0.05, 0.2)), rng.uniform(2, 5))


def _scene_landscape(pen, w, h, pal, rng, pic):
    sky, near, far, light = pal[0], pal[1], pal[2], pal[3]
    _sky(pen, w, h, darker(sky, 0.1), lighter(sky, 0.45), 0.7)
    pen.circle(w * rng.uniform(0.62, 0.85), h * 0.22, h * 0.07, fill=lighter(light, 0.2))
    for _ in range(3):
        x, y = rng.uniform(0, w), rng.uniform(h * 0.08, h * 0.3)
        pen.ellipse((x - w * 0.12, y - h * 0.04, x + w * 0.12, y + h * 0.04), fill=lighter(sky, 0.55))
    layers = 4
    for i in range(layers):
        t = i / (layers - 1)
        colour = mix(lighter(far, 0.35), darker(near, 0.1), t)
        ridge = _ridge(w, h * (0.42 + 0.14 * i), h * (0.09 - 0.015 * i), rng)
        pen.poly(ridge + [(w, h), (0, h)], fill=colour)
        if i >= 2:
            _brush(pen, w, h, h * (0.55 + 0.12 * (i - 2)), h, colour, rng, 50, w * 0.05)
    wall_y = h * 0.82
    pen.line([(0, wall_y + h * 0.03), (w * 0.4, wall_y - h * 0.02), (w, wall_y + h * 0.05)], darker(near, 0.45),
             max(2, h * 0.012))
    for _ in range(40):
        x, y = rng.uniform(0, w), rng.uniform(h * 0.72, h)
        pen.circle(x, y, rng.uniform(1.5, 3.5), fill=mix(far, (170, 90, 150), 0.5))
    tx = w * rng.uniform(0.15, 0.3)
    pen.line([(tx, h * 0.78), (tx, h * 0.6)], darker(near, 0.55), max(2, w * 0.012))
    pen.ellipse((tx - w * 0.06, h * 0.5, tx + w * 0.06, h * 0.66), fill=darker(near, 0.35))


def _scene_seascape(pen, w, h, pal, rng, pic):
    sky, sea, sand, light = pal[0], pal[1], pal[2], pal[3]
    harbour = pic.get("variant") == "harbour"
    horizon = h * (0.42 if harbour else 0.5)
    _sky(pen, w, h, darker(sky, 0.08), lighter(sky, 0.4), horizon / h)
    sun_x = w * rng.uniform(0.25, 0.75)
    pen.circle(sun_x, horizon - h * 0.14, h * 0.07, fill=lighter(light, 0.3))
    for i in range(16):
        y0, y1 = horizon + (h - horizon) * i / 16, horizon + (h - horizon) * (i + 1) / 16 + 1
        pen.rect((0, y0, w, y1), fill=mix(sea, darker(sea, 0.3), i / 15))
    for i in range(10):
        y = horizon + 4 + i * 6
        pen.line([(sun_x - 30 + i * 2, y), (sun_x + 30 - i * 2, y)], lighter(light, 0.4), 2)
    if harbour:
        mud = [(0, h * 0.62)] + [(w * i / 10, h * (0.6 + 0.03 * math.sin(i * 1.3))) for i in range(11)]
        mud += [(w, h), (0, h)]
        pen.poly(mud, fill=sand)
        pen.poly([(w * 0.3, h), (w * 0.45, h * 0.62), (w * 0.55, h * 0.62), (w * 0.75, h)], fill=lighter(sea, 0.15))
        for bx, tilt, size in ((0.16, -14, 1.0), (0.85, 12, 0.85), (0.62, 8, 0.6)):
            x, y, s = w * bx, h * 0.8, w * 0.17 * size
            hull = _rotated_rect(x, y, s * 2, s * 0.45, tilt)
            pen.poly([hull[0], hull[1], (hull[2][0] - s * 0.3, hull[2][1]), (hull[3][0] + s * 0.3, hull[3][1])],
                     fill=darker(sand, 0.45))
            top = (x + math.sin(math.radians(tilt)) * s * 1.4, y - math.cos(math.radians(tilt)) * s * 1.6)
            pen.line([(x, y - s * 0.15), top], darker(sand, 0.55), max(1.5, w * 0.006))
        for _ in range(900):  # plate tone
            x, y = rng.uniform(0, w), rng.uniform(0, h)
            pen.circle(x, y, 0.8, fill=mix(sky, BLACK, rng.uniform(0.05, 0.2)))
        for i in range(18):
            y = h * 0.05 + i * h * 0.018
            pen.line([(w * 0.05, y), (w * rng.uniform(0.4, 0.95), y)], mix(sky, BLACK, 0.12), 1)
    else:
        for _ in range(60):
            x, y = rng.uniform(0, w), rng.uniform(horizon + 10, h)
            pen.arc((x, y, x + rng.uniform(14, 30), y + 8), 200, 340, lighter(sea, 0.35), 2)
        shore = [(0, h * 0.8)] + [(w * i / 12, h * (0.78 + 0.04 * math.sin(i * 0.9 + 1))) for i in range(13)]
        pen.poly(shore + [(w, h), (0, h)], fill=sand)
        for i in range(4):
            pts = [(w * j / 12, h * (0.83 + 0.035 * i + 0.015 * math.sin(j * 1.1 + i))) for j in range(13)]
            pen.line(pts, lighter(sand, 0.55), 2)
        for _ in range(4):  # torn map collage
            x, y = rng.uniform(0.05, 0.75) * w, rng.uniform(0.05, 0.35) * h
            piece = _rotated_rect(x + w * 0.08, y + h * 0.06, w * 0.16, h * 0.12, rng.uniform(-12, 12))
            pen.poly(piece, fill=light)
            for j in range(3):
                cxp, cyp = sum(p[0] for p in piece) / 4, sum(p[1] for p in piece) / 4
                pen.ellipse((cxp - 8 - j * 7, cyp - 5 - j * 4, cxp + 8 + j * 7, cyp + 5 + j * 4),
                            outline=(190, 150, 110), width=1)


def _scene_city(pen, w, h, pal, rng, pic):
    glow, iron, roofs, pale = pal[0], pal[1], pal[2], pal[3]
    _sky(pen, w, h, mix(iron, glow, 0.45), lighter(glow, 0.25), 1.0)
    pen.circle(w * 0.3, h * 0.62, w * 0.12, fill=lighter(glow, 0.5))
    for _ in range(30):
        x, y = rng.uniform(0, w), rng.uniform(0, h * 0.6)
        pen.line([(x, y), (x + rng.uniform(12, 30), y)], lighter(glow, 0.35), 2)
    gx0, gx1, gtop, gbot = w * 0.28, w * 0.9, h * 0.22, h * 0.8
    pen.rect((gx0 + 6, h * 0.5, gx1 - 6, gbot), fill=mix(iron, glow, 0.25))
    pen.chord((gx0 + 6, h * 0.44, gx1 - 6, h * 0.56), 180, 360, fill=mix(iron, glow, 0.25))
    columns = 7
    tiers = 3
    for j in range(tiers + 1):
        y = gtop + (gbot - gtop) * j / tiers
        pen.line([(gx0, y), (gx1, y)], iron, max(2, w * 0.012))
    for i in range(columns):
        x = gx0 + (gx1 - gx0) * i / (columns - 1)
        pen.line([(x, gtop - h * 0.02), (x, gbot)], iron, max(2, w * 0.016))
        if i < columns - 1:
            x2 = gx0 + (gx1 - gx0) * (i + 1) / (columns - 1)
            for j in range(tiers):
                ya, yb = gtop + (gbot - gtop) * j / tiers, gtop + (gbot - gtop) * (j + 1) / tiers
                pen.line([(x, ya), (x2, yb)], iron, 1.5)
                pen.line([(x2, ya), (x, yb)], iron, 1.5)
    roof = [(0, h)]
    x = 0.0
    while x < w:
        width = w * rng.uniform(0.1, 0.16)
        top = h * rng.uniform(0.74, 0.8)
        roof += [(x, top + h * 0.03), (x + width / 2, top), (x + width, top + h * 0.03)]
        cxh = x + width * rng.uniform(0.2, 0.7)
        pen.rect((cxh, top - h * 0.05, cxh + w * 0.02, top + h * 0.02), fill=roofs)
        x += width
    roof.append((w, h))
    pen.poly(roof, fill=roofs)
    for _ in range(14):
        x, y = rng.uniform(0.02, 0.95) * w, rng.uniform(0.84, 0.95) * h
        pen.rect((x, y, x + w * 0.025, y + h * 0.03), fill=pale)


def _scene_bridge(pen, w, h, pal, rng, pic):
    sky, brick, water, boat = pal[0], pal[1], pal[2], pal[3]
    _sky(pen, w, h, darker(sky, 0.05), lighter(sky, 0.35), 0.62)
    water_top = h * 0.62
    pen.rect((0, water_top, w, h), fill=water)
    top, bottom = h * 0.22, water_top
    pen.rect((0, top, w, bottom), fill=brick)
    pen.rect((0, top - h * 0.04, w, top), fill=lighter(brick, 0.25))
    for i in range(int((bottom - top) / 9)):
        y = top + i * 9
        pen.line([(0, y), (w, y)], darker(brick, 0.18), 1)
    arch = (w * 0.22, h * 0.34, w * 0.78, h * 0.9)
    pen.chord(arch, 180, 360, fill=darker(sky, 0.25))
    pen.rect((arch[0], water_top - 1, arch[2], h), fill=water)
    pen.arc(arch, 180, 360, lighter(brick, 0.3), max(3, w * 0.02))
    for i in range(12):  # reflections
        y = water_top + 6 + i * (h - water_top) / 12
        pen.line([(0, y), (w * 0.22 - rng.uniform(0, 20), y)], darker(brick, 0.2), 3)
        pen.line([(w * 0.78 + rng.uniform(0, 20), y), (w, y)], darker(brick, 0.2), 3)
        pen.line([(w * 0.3, y), (w * 0.7, y)], lighter(water, 0.25), 1)
    trunk = darker(water, 0.5)
    for x in (w * 0.07, w * 0.94):  # bare winter trees on the banks
        pen.poly([(x - w * 0.05, water_top + 2), (x + w * 0.05, water_top + 2), (x + w * 0.04, water_top - h * 0.04),
                  (x - w * 0.04, water_top - h * 0.04)], fill=darker(water, 0.2))
        pen.line([(x, water_top), (x, h * 0.08)], trunk, max(3, w * 0.014))
        for i in range(8):
            y = h * (0.12 + 0.055 * i)
            d = (1 if i % 2 else -1) * w * rng.uniform(0.06, 0.1)
            pen.line([(x, y + h * 0.04), (x + d, y - h * 0.04)], trunk, max(1.5, w * 0.006))
            pen.line([(x + d * 0.6, y - h * 0.01), (x + d * 0.9, y - h * 0.08)], trunk, 1)
    bx0, bx1, by = w * 0.33, w * 0.92, h * 0.72
    pen.rect((bx0, by, bx1, by + h * 0.07), fill=boat)
    pen.rect((bx0 + w * 0.05, by - h * 0.06, bx1 - w * 0.04, by), fill=darker(boat, 0.2))
    pen.rect((bx0, by + h * 0.045, bx1, by + h * 0.06), fill=(196, 40, 40))
    for i in range(6):
        x = bx0 + w * 0.08 + i * w * 0.08
        pen.circle(x, by - h * 0.03, w * 0.012, fill=(250, 226, 140))


def _pear(pen, x, y, s, colour):
    pen.ellipse((x - s * 0.55, y - s * 0.2, x + s * 0.55, y + s * 0.75), fill=colour)
    pen.ellipse((x - s * 0.32, y - s * 0.65, x + s * 0.28, y + s * 0.15), fill=colour)
    pen.ellipse((x - s * 0.4, y + s * 0.05, x - s * 0.1, y + s * 0.4), fill=lighter(colour, 0.3))
    pen.line([(x - s * 0.02, y - s * 0.6), (x + s * 0.08, y - s * 0.85)], (92, 64, 40), max(2, s * 0.06))


def _scene_still_life(pen, w, h, pal, rng, pic):
    cloth, fruit, wall, table = pal[0], pal[1], pal[2], pal[3]
    if pic.get("variant") == "window":
        pen.rect((0, 0, w, h), fill=wall)
        wx0, wy0, wx1, wy1 = w * 0.12, h * 0.08, w * 0.88, h * 0.68
        _sky(Pen(pen.image, pen.k, (-wx0, -wy0)), wx1 - wx0, wy1 - wy0, darker(cloth, 0.05), lighter(cloth, 0.5))
        pen.line([(wx0, wy0 + (wy1 - wy0) * 0.3), (wx1, wy0 + (wy1 - wy0) * 0.38)], (90, 90, 90), 1.5)
        for i, colour in enumerate(((230, 90, 80), (250, 240, 230), (80, 120, 190), (240, 200, 70))):
            x = wx0 + (wx1 - wx0) * (0.12 + 0.2 * i)
            y = wy0 + (wy1 - wy0) * (0.31 + 0.02 * i)
            pen.rect((x, y, x + w * 0.08, y + h * 0.1), fill=colour)
        for _ in range(26):  # steam on the glass
            x, y = rng.uniform(wx0, wx1), rng.uniform(wy0 + (wy1 - wy0) * 0.55, wy1)
            r = rng.uniform(8, 20)
            pen.ellipse((x - r, y - r * 0.6, x + r, y + r * 0.6), fill=lighter(cloth, 0.75))
        pen.rect((wx0, wy0, wx1, wy1), outline=(250, 250, 246), width=max(4, w * 0.025))
        pen.line([((wx0 + wx1) / 2, wy0), ((wx0 + wx1) / 2, wy1)], (250, 250, 246), max(4, w * 0.02))
        pen.rect((wx0 - w * 0.05, wy1, wx1 + w * 0.05, wy1 + h * 0.05), fill=(250, 250, 246))
        pen.rect((0, wy1 + h * 0.05, w, h), fill=darker(wall, 0.12))
        jx, jy = w * 0.32, wy1
        for i in range(7):
            a = -0.9 + i * 0.3
            tip = (jx + math.sin(a) * w * 0.2, jy - h * 0.12 - math.cos(a) * h * 0.14)
            pen.line([(jx, jy - h * 0.1), tip], table, 2)
            pen.circle(*tip, w * 0.028, fill=mix(fruit, (150, 90, 200), (i % 3) / 3))
        pen.rect((jx - w * 0.07, jy - h * 0.13, jx + w * 0.07, jy), fill=lighter(cloth, 0.55), outline=(200, 210, 215))
        rx = w * 0.6
        pen.rect((rx, jy - h * 0.12, rx + w * 0.22, jy), fill=(150, 40, 40), radius=6)
        for i in range(5):
            for j in range(3):
                pen.circle(rx + w * 0.03 + i * w * 0.025, jy - h * 0.09 + j * h * 0.025, 1.5, fill=(60, 20, 20))
        pen.circle(rx + w * 0.17, jy - h * 0.06, w * 0.025, fill=(230, 220, 200))
        return
    pen.rect((0, 0, w, h), fill=wall)
    _brush(pen, w, h, 0, h * 0.6, wall, rng, 120, w * 0.06)
    pen.rect((0, h * 0.6, w, h), fill=table)
    drape = [(w * 0.05, h * 0.6), (w * 0.92, h * 0.56), (w * 1.0, h * 0.7), (w * 0.85, h), (w * 0.15, h),
             (w * 0.0, h * 0.78)]
    pen.poly(drape, fill=cloth)
    for i in range(5):
        x = w * (0.2 + 0.15 * i)
        pen.line([(x, h * 0.62), (x + w * rng.uniform(-0.05, 0.05), h)], darker(cloth, 0.25), 3)
    for x, y, s in ((0.3, 0.55, 0.2), (0.52, 0.5, 0.24), (0.72, 0.58, 0.18)):
        pen.ellipse((w * (x - 0.12), h * (y + 0.18), w * (x + 0.14), h * (y + 0.26)), fill=darker(cloth, 0.35))
        _pear(pen, w * x, h * y, h * s * 1.3, fruit)


def _scene_abstract(pen, w, h, pal, rng, pic):
    ground, colours = pal[0], pal[1:]
    pen.rect((0, 0, w, h), fill=ground)
    style = pic.get("style", "blocks")
    if style == "circles":
        for i in range(7):
            y0 = h * i / 7
            pen.rect((0, y0, w, y0 + h / 7 + 2), fill=mix(ground, rng.choice([WHITE, BLACK]), rng.uniform(0.03, 0.15)))
        _brush(pen, w, h, 0, h, ground, rng, 160, w * 0.08)
        for i, colour in enumerate(colours[:3]):
            r = w * rng.uniform(0.12, 0.2)
            x, y = w * (0.25 + 0.25 * i) + rng.uniform(-20, 20), h * rng.uniform(0.3, 0.7)
            pen.circle(x, y, r * 1.12, fill=mix(colour, ground, 0.6))
            pen.circle(x, y, r, fill=colour)
    elif style == "stripes":
        bands = [h * 0.06, h * 0.4, h * 0.47, h * 0.9]
        pen.rect((w * 0.08, bands[0], w * 0.92, bands[1]), fill=colours[0])
        pen.rect((w * 0.08, bands[2], w * 0.92, bands[3]), fill=colours[1 % len(colours)])
    else:
        cell = w / 4
        for row in range(4):
            for col in range(4):
                colour = rng.choice(colours)
                x, y = col * cell + rng.uniform(-8, 8), row * cell * h / w + rng.uniform(-8, 8)
                piece = _rotated_rect(x + cell / 2, y + cell * h / w / 2, cell * rng.uniform(0.7, 1.05),
                                      cell * h / w * rng.uniform(0.7, 1.05), rng.uniform(-6, 6))
                pen.poly(piece, fill=colour)
                if rng.random() < 0.4:
                    cxp, cyp = x + cell / 2, y + cell * h / w / 2
                    pen.circle(cxp, cyp, cell * 0.18, fill=rng.choice(colours))
        for _ in range(5):
            x = rng.uniform(0, w)
            pen.line([(x, 0), (x + rng.uniform(-20, 20), h)], (30, 30, 30), 2)


def _scene_botanical(pen, w, h, pal, rng, pic):
    paper, ink, wash1, wash2 = pal[0], pal[1], pal[2], pal[3]
    pen.rect((0, 0, w, h), fill=paper)
    for x, y, r, colour in ((0.25, 0.3, 0.16, wash1), (0.55, 0.25, 0.18, wash2), (0.78, 0.45, 0.15, wash1)):
        pen.ellipse((w * (x - r), h * (y - r * 0.8), w * (x + r), h * (y + r * 0.8)), fill=mix(colour, paper, 0.45))
    base = h * 0.95
    tx, ty = w * 0.22, h * 0.28  # teasel
    pen.line([(tx + w * 0.03, base), (tx, ty + h * 0.08)], ink, 2.5)
    pen.ellipse((tx - w * 0.07, ty - h * 0.09, tx + w * 0.07, ty + h * 0.09), fill=mix(wash1, ink, 0.25))
    for i in range(9):
        y = ty - h * 0.08 + i * h * 0.02
        pen.line([(tx - w * 0.06, y), (tx + w * 0.06, y + h * 0.015)], ink, 1)
        pen.line([(tx - w * 0.06, y + h * 0.015), (tx + w * 0.06, y)], ink, 1)
    for side in (-1, 1):
        bract = _bezier((tx, ty + h * 0.07), (tx + side * w * 0.1, ty + h * 0.05), (tx + side * w * 0.13, ty - h * 0.1))
        pen.line(bract, ink, 1.5)
    px, py = w * 0.52, h * 0.22  # cow parsley
    pen.line([(px, base), (px, py)], ink, 2)
    for i in range(7):
        a = -1.2 + i * 0.4
        ux, uy = px + math.sin(a) * w * 0.16, py - math.cos(a) * h * 0.08
        pen.line([(px, py), (ux, uy)], ink, 1)
        for j in range(6):
            b = -1.2 + j * 0.48
            dx, dy = ux + math.sin(b) * w * 0.035, uy - math.cos(b) * h * 0.025
            pen.line([(ux, uy), (dx, dy)], ink, 1)
            pen.circle(dx, dy, 2, fill=ink)
    hx = w * 0.8  # honesty
    pen.line([(hx - w * 0.02, base), (hx, h * 0.3)], ink, 2)
    for i in range(6):
        y = h * (0.3 + 0.08 * i)
        side = 1 if i % 2 else -1
        end = (hx + side * w * 0.09, y - h * 0.03)
        pen.line([(hx, y), end], ink, 1)
        pen.circle(*end, w * 0.045, fill=mix(wash2, paper, 0.5), outline=ink, width=1)
        for k in range(3):
            pen.circle(end[0] - w * 0.015 + k * w * 0.015, end[1], 1.8, fill=ink)


def _scene_murmuration(pen, w, h, pal, rng, pic):
    paper, ink, grey = pal[0], pal[1], pal[2]
    pen.rect((0, 0, w, h), fill=paper)
    for i in range(14):
        y = h * 0.78 + i * h * 0.016
        pen.line([(rng.uniform(0, w * 0.2), y), (rng.uniform(w * 0.7, w), y)], grey, 1)
    deck = h * 0.76
    pen.rect((w * 0.05, deck - h * 0.015, w * 0.82, deck + h * 0.01), fill=ink)
    for i in range(12):
        x = w * 0.07 + i * w * 0.065
        pen.line([(x, deck), (x, h)], ink, 2)
        if i < 11:
            pen.line([(x, deck + h * 0.03), (x + w * 0.065, h * 0.95)], ink, 1)
    pen.rect((w * 0.7, deck - h * 0.08, w * 0.82, deck), fill=ink)
    pen.poly([(w * 0.69, deck - h * 0.08), (w * 0.76, deck - h * 0.14), (w * 0.83, deck - h * 0.08)], fill=ink)
    cx, cy = w * 0.48, h * 0.38
    for _ in range(420):
        t = rng.uniform(0, math.tau)
        d = 1 + math.sin(t) ** 2
        bx = cx + w * 0.36 * math.cos(t) / d
        by = cy + h * 0.3 * math.sin(t) * math.cos(t) / d - h * 0.06 * math.cos(t)
        spread = 0.3 + 0.7 * abs(math.cos(t))
        x, y = bx + rng.gauss(0, w * 0.035 * spread), by + rng.gauss(0, h * 0.03 * spread)
        s = rng.uniform(1.6, 3.2)
        pen.line([(x - s, y - s * 0.6), (x, y), (x + s, y - s * 0.6)], ink, 1)


def _scene_bird(pen, w, h, pal, rng, pic):
    paper, bright, deep = pal[0], pal[1], pal[2]
    pen.rect((0, 0, w, h), fill=paper)
    for row in range(30):  # halftone sky, fading down
        for col in range(22):
            r = 2.4 * (1 - row / 30)
            if r > 0.3:
                pen.circle(col * w / 21 + (row % 2) * w / 42, row * h / 48, r, fill=lighter(bright, 0.5))
    ridge = _ridge(w, h * 0.72, h * 0.05, rng)
    pen.poly(ridge + [(w, h), (0, h)], fill=deep)
    for i in range(22):
        x = w * i / 21
        base = min(y for px, y in ridge if abs(px - x) <= w / 24 + 1)
        th = h * rng.uniform(0.06, 0.12)
        pen.poly([(x - w * 0.025, base + 4), (x, base - th), (x + w * 0.025, base + 4)], fill=deep)
    cx, cy, s = w * 0.5, h * 0.36, w * 0.34
    body = [
        (cx - s, cy - s * 0.05), (cx - s * 0.55, cy - s * 0.18), (cx - s * 0.12, cy - s * 0.06),
        (cx, cy - s * 0.16), (cx + s * 0.12, cy - s * 0.06), (cx + s * 0.55, cy - s * 0.18), (cx + s, cy - s * 0.05),
        (cx + s * 0.9, cy + s * 0.02), (cx + s * 0.95, cy + s * 0.08), (cx + s * 0.78, cy + s * 0.06),
        (cx + s * 0.82, cy + s * 0.13), (cx + s * 0.12, cy + s * 0.12), (cx + s * 0.1, cy + s * 0.45),
        (cx, cy + s * 0.38), (cx - s * 0.1, cy + s * 0.45), (cx - s * 0.12, cy + s * 0.12),
        (cx - s * 0.82, cy + s * 0.13), (cx - s * 0.78, cy + s * 0.06), (cx - s * 0.95, cy + s * 0.08),
        (cx - s * 0.9, cy + s * 0.02),
    ]
    pen.poly([(x + 5, y + 4) for x, y in body], fill=deep)
    pen.poly(body, fill=bright)


def _scene_garden(pen, w, h, pal, rng, pic):
    sky, green, earth, yellow = pal[0], pal[1], pal[2], pal[3]
    pen.rect((0, 0, w, h), fill=sky)
    pen.circle(w * 0.16, h * 0.14, w * 0.08, fill=yellow)
    pen.rect((0, h * 0.6, w, h), fill=earth)
    pen.rect((0, h * 0.58, w, h * 0.64), fill=lighter(green, 0.3))
    for i in range(4):
        y = h * (0.7 + 0.08 * i)
        pen.line([(0, y), (w, y - h * 0.02)], darker(earth, 0.2), 3)
    gx0, gx1, gy0, gy1 = w * 0.08, w * 0.5, h * 0.34, h * 0.74
    for x in (gx0 - w * 0.03, gx1):
        pen.rect((x, gy0 - h * 0.06, x + w * 0.03, gy1 + h * 0.02), fill=darker(green, 0.25))
    for i in range(6):
        x = gx0 + (gx1 - gx0) * i / 6 + 3
        pen.rect((x, gy0, x + (gx1 - gx0) / 6 - 8, gy1), fill=green)
    pen.rect((gx0, gy0 + h * 0.04, gx1, gy0 + h * 0.08), fill=darker(green, 0.15))
    pen.rect((gx0, gy1 - h * 0.09, gx1, gy1 - h * 0.05), fill=darker(green, 0.15))
    pen.line([(gx0 + 5, gy1 - h * 0.07), (gx1 - 5, gy0 + h * 0.06)], darker(green, 0.15), max(4, w * 0.02))
    for base_x in (0.64, 0.86):
        top = (w * (base_x + 0.0), h * 0.12)
        for dx in (-0.08, 0.08):
            bottom = (w * (base_x + dx), h * 0.66)
            pen.line([bottom, top], (150, 120, 70), 3)
            for j in range(6):
                t = 0.15 + j * 0.13
                lx, ly = bottom[0] + (top[0] - bottom[0]) * t, bottom[1] + (top[1] - bottom[1]) * t
                pen.poly(_lens((lx, ly), (lx + (1 if j % 2 else -1) * w * 0.05, ly - h * 0.02), h * 0.03), fill=green)
                if j % 2:
                    pen.circle(lx + w * 0.012, ly + h * 0.015, w * 0.01, fill=(220, 50, 40))
    cx, cy = w * 0.62, h * 0.82
    pen.rect((cx, cy, cx + w * 0.16, cy + h * 0.12), fill=yellow, radius=6)
    pen.line([(cx + w * 0.16, cy + h * 0.09), (cx + w * 0.28, cy - h * 0.02)], yellow, max(4, w * 0.02))
    pen.arc((cx + w * 0.02, cy - h * 0.07, cx + w * 0.13, cy + h * 0.05), 180, 360, yellow, max(4, w * 0.018))


ART_SCENES = {
    "landscape": _scene_landscape,
    "seascape": _scene_seascape,
    "city": _scene_city,
    "bridge": _scene_bridge,
    "still_life": _scene_still_life,
    "abstract": _scene_abstract,
    "botanical": _scene_botanical,
    "murmuration": _scene_murmuration,
    "bird": _scene_bird,
    "garden": _scene_garden,
}


# --- beer -----------------------------------------------------------------------------------------------------------

def _draw_beer(canvas, pen, product, pic, rng):
    glass, label, ink = _palette(pic, ["#6b3f16", "#f3c64a", "#3a2a14"])
    beer = rgb(pic.get("beer", "#d9982e"))
    wall = mix(label, (250, 246, 238), 0.72)
    pen.rect((0, 0, BASE, BASE), fill=wall)
    stripe = mix(wall, WHITE, 0.25)
    for x in range(0, BASE, 64):
        pen.rect((x, 0, x + 28, 600), fill=stripe)
    wood = (128, 86, 52)
    pen.rect((0, 600, BASE, 650), fill=lighter(wood, 0.12))
    pen.rect((0, 650, BASE, BASE), fill=darker(wood, 0.1))
    for y in (690, 735, 780):
        pen.line([(0, y), (BASE, y)], darker(wood, 0.3), 2)
    for _ in range(12):
        x, y = rng.uniform(0, BASE), rng.uniform(604, 646)
        pen.line([(x, y), (x + rng.uniform(40, 120), y + rng.uniform(-1, 1))], wood, 1)

    pen.ellipse((200, 612, 450, 640), fill=darker(lighter(wood, 0.12), 0.25))
    pen.ellipse((495, 612, 665, 636), fill=darker(lighter(wood, 0.12), 0.25))
    title = product.get("title", "")
    abv = product.get("abv_tenths")
    abv_text = f"{abv // 10}.{abv % 10}% ABV" if isinstance(abv, int) else ""
    volume = f"{product['volume_ml']} ml" if product.get("volume_ml") else ""
    if pic.get("kind") == "can":
        _can(pen, 325, glass, label, ink, pic.get("motif", "stars"), title, abv_text, volume)
    else:
        _bottle(pen, 325, glass, label, ink, pic.get("motif", "hop"), title, abv_text, volume)
    _pint(pen, 580, beer, rng)


def _bottle(pen, cx, glass, label, ink, motif, title, abv_text, volume):
    left = _bezier((cx - 95, 335), (cx - 95, 245), (cx - 32, 212))
    right = [(2 * cx - x, y) for x, y in left]
    pen.rect((cx - 95, 300, cx + 95, 625), fill=glass, radius=26)
    pen.poly(left + right[::-1], fill=glass)
    pen.rect((cx - 32, 112, cx + 32, 222), fill=glass)
    pen.rect((cx - 37, 122, cx + 37, 140), fill=lighter(glass, 0.12), radius=6)
    pen.rect((cx - 40, 92, cx + 40, 124), fill=ink, radius=5)
    for x in range(cx - 36, cx + 37, 8):
        pen.line([(x, 114), (x, 124)], darker(ink, 0.35) if luminance(ink) > 0.3 else lighter(ink, 0.3), 2)
    pen.rect((cx - 76, 250, cx - 62, 600), fill=lighter(glass, 0.3), radius=7)
    pen.rect((cx - 24, 128, cx - 16, 215), fill=lighter(glass, 0.3), radius=4)
    pen.rect((cx + 72, 320, cx + 88, 600), fill=darker(glass, 0.3), radius=7)
    pen.rect((cx - 32, 160, cx + 32, 200), fill=label)
    pen.line([(cx - 32, 166), (cx + 32, 166)], ink, 2)
    pen.line([(cx - 32, 194), (cx + 32, 194)], ink, 2)
    pen.rect((cx - 95, 360, cx + 95, 580), fill=label)
    pen.rect((cx - 95, 360, cx + 95, 368), fill=ink)
    pen.rect((cx - 95, 572, cx + 95, 580), fill=ink)
    _motif(pen, motif, cx, 412, 34, ink, label)
    _text_block(pen, title.upper(), cx, 456, 168, 30, 14, 2, ink)
    pen.text((cx, 538), abv_text, 19, ink)
    pen.text((cx, 560), volume, 14, mix(ink, label, 0.3))


def _can(pen, cx, body, label, ink, motif, title, abv_text, volume):
    x0, x1, top, bottom = cx - 100, cx + 100, 245, 625
    silver, shade = (196, 198, 204), (150, 152, 160)
    pen.rect((x0 + 6, bottom - 24, x1 - 6, bottom), fill=shade, radius=10)
    pen.rect((x0, top + 14, x1, bottom - 14), fill=body)
    pen.rect((x0 + 12, top + 20, x0 + 26, bottom - 20), fill=lighter(body, 0.25))
    pen.rect((x1 - 22, top + 20, x1 - 10, bottom - 20), fill=darker(body, 0.22))
    if motif == "stripes":
        for i in range(4):
            y = top + 60 + i * 36
            pen.rect((x0, y, x1, y + 16), fill=label)
        pen.rect((x0, 430, x1, 600), fill=label)
        _text_block(pen, title.upper(), cx, 440, 150, 32, 14, 2, ink if luminance(ink) < 0.6 else body)
        text_colour = darker(label, 0.6) if luminance(label) > 0.5 else lighter(label, 0.8)
        pen.text((cx, 548), abv_text, 21, text_colour)
        pen.text((cx, 574), volume, 15, text_colour)
    else:
        pen.circle(cx, 350, 78, fill=label)
        _motif(pen, motif, cx, 350, 52, body, label)
        _text_block(pen, title.upper(), cx, 448, 150, 32, 14, 2, label)
        pen.text((cx, 548), abv_text, 21, ink if luminance(ink) > 0.5 else lighter(ink, 0.7))
        pen.text((cx, 574), volume, 15, mix(label, body, 0.3))
    pen.ellipse((x0 + 2, top, x1 - 2, top + 30), fill=silver)
    pen.ellipse((x0 + 16, top + 4, x1 - 16, top + 24), fill=lighter(silver, 0.3))
    pen.rect((cx - 22, top + 8, cx + 26, top + 20), fill=shade, radius=6)
    pen.rect((x0, top + 14, x1, top + 20), fill=silver)


def _pint(pen, cx, beer, rng):
    top, bottom = 330, 625
    foam_bottom = 372
    dark = luminance(beer) < 0.25
    foam = (238, 220, 188) if dark else (250, 246, 232)
    outline = [(cx - 78, top), (cx + 78, top), (cx + 58, bottom), (cx - 58, bottom)]
    pen.poly(outline, fill=(236, 240, 240))
    width_at = lambda y: 78 - 20 * (y - top) / (bottom - top)  # noqa: E731 - a tiny local helper
    body = [(cx - width_at(foam_bottom) + 4, foam_bottom), (cx + width_at(foam_bottom) - 4, foam_bottom),
            (cx + 54, bottom - 18), (cx - 54, bottom - 18)]
    pen.poly(body, fill=beer)
    pen.poly([(cx - 74, top + 6), (cx + 74, top + 6), (cx + width_at(foam_bottom) - 4, foam_bottom),
              (cx - width_at(foam_bottom) + 4, foam_bottom)], fill=foam)
    for _ in range(8):
        x = cx + rng.uniform(-60, 60)
        pen.circle(x, top + rng.uniform(2, 8), rng.uniform(8, 14), fill=foam)
    if not dark:
        for _ in range(18):
            y = rng.uniform(foam_bottom + 10, bottom - 30)
            pen.circle(cx + rng.uniform(-40, 40), y, rng.uniform(1.5, 3), fill=lighter(beer, 0.4))
    pen.poly([(cx - 62, foam_bottom + 8), (cx - 50, foam_bottom + 8), (cx - 44, bottom - 28), (cx - 52, bottom - 28)],
             fill=lighter(beer, 0.3))
    pen.rect((cx - 58, bottom - 18, cx + 58, bottom), fill=(214, 222, 222))
    pen.line([(cx - 78, top), (cx - 58, bottom)], (250, 252, 252), 2)
    pen.line([(cx + 78, top), (cx + 58, bottom)], (200, 208, 208), 2)


# --- textiles -------------------------------------------------------------------------------------------------------

def _pattern(pen, pattern, box, pal, rng, vertical=False):
    x0, y0, x1, y1 = box
    base, second, accent = pal[0], pal[1], pal[2]
    pen.rect(box, fill=base)
    if pattern == "stripes":
        if vertical:
            for x in range(int(x0), int(x1), 70):
                pen.rect((x, y0, x + 22, y1), fill=second)
                pen.rect((x + 32, y0, x + 36, y1), fill=accent)
        else:
            for y in range(int(y0), int(y1), 70):
                pen.rect((x0, y, x1, y + 22), fill=second)
                pen.rect((x0, y + 32, x1, y + 36), fill=accent)
    elif pattern == "check":
        band = mix(base, second, 0.5)
        for x in range(int(x0), int(x1), 80):
            pen.rect((x, y0, x + 16, y1), fill=band)
        for y in range(int(y0), int(y1), 80):
            pen.rect((x0, y, x1, y + 16), fill=band)
        for x in range(int(x0), int(x1), 80):
            for y in range(int(y0), int(y1), 80):
                pen.rect((x, y, x + 16, y + 16), fill=second)
        for x in range(int(x0) + 48, int(x1), 80):
            pen.line([(x, y0), (x, y1)], accent, 2)
        for y in range(int(y0) + 48, int(y1), 80):
            pen.line([(x0, y), (x1, y)], accent, 2)
    elif pattern == "herringbone":
        dark, light = darker(base, 0.28), lighter(base, 0.18)
        col = 22
        for i, x in enumerate(range(int(x0), int(x1), col)):
            for y in range(int(y0) - 12, int(y1) + 12, 9):
                rise = 11 if i % 2 else -11
                pen.line([(x, y), (x + col, y + rise)], dark, 3)
                pen.line([(x, y + 4), (x + col, y + 4 + rise)], light, 1)
    elif pattern == "rib":
        for x in range(int(x0), int(x1), 12):
            pen.line([(x, y0), (x, y1)], darker(base, 0.25), 4)
            pen.line([(x + 6, y0), (x + 6, y1)], lighter(base, 0.15), 2)
    elif pattern == "quilted":
        size = 44
        for d in range(int(x0 - (y1 - y0)), int(x1), size):
            pen.line([(d, y0), (d + (y1 - y0), y1)], darker(base, 0.3), 3)
            pen.line([(d + 4, y0), (d + 4 + (y1 - y0), y1)], lighter(base, 0.2), 2)
        for d in range(int(x0), int(x1 + (y1 - y0)), size):
            pen.line([(d, y0), (d - (y1 - y0), y1)], darker(base, 0.3), 3)
    elif pattern == "dots":
        for row, y in enumerate(range(int(y0), int(y1), 40)):
            for x in range(int(x0) + (20 if row % 2 else 0), int(x1), 40):
                pen.circle(x, y, 7, fill=second)
    elif pattern == "patchwork":
        size = 64
        for y in range(int(y0), int(y1), size):
            for x in range(int(x0), int(x1), size):
                colour = rng.choice(pal)
                pen.rect((x, y, x + size, y + size), fill=colour)
                kind = rng.randrange(4)
                other = rng.choice([c for c in pal if c != colour] or [WHITE])
                if kind == 0:
                    for sy in range(y + 6, y + size, 14):
                        pen.rect((x, sy, x + size, sy + 5), fill=other)
                elif kind == 1:
                    for sx in range(x + 10, x + size, 20):
                        for sy in range(y + 10, y + size, 20):
                            pen.circle(sx, sy, 4, fill=other)
                elif kind == 2:
                    pen.poly([(x, y + size), (x + size, y), (x + size, y + size)], fill=other)
                _dashed_rect(pen, (x + 3, y + 3, x + size - 3, y + size - 3), lighter(colour, 0.45), 1)
    else:  # plain: a faint weave
        for x in range(int(x0), int(x1), 7):
            pen.line([(x, y0), (x, y1)], mix(base, BLACK, 0.05), 1)
        for y in range(int(y0), int(y1), 7):
            pen.line([(x0, y), (x1, y)], mix(base, WHITE, 0.06), 1)


def _textile_backdrop(pen, rng, pal, surface_y=None):
    wall = rng.choice([(240, 236, 228), (232, 236, 234), (238, 232, 226), (228, 232, 238)])
    wall = mix(wall, pal[0], 0.08)
    pen.rect((0, 0, BASE, BASE), fill=wall)
    for x in range(0, BASE, 100):  # tongue-and-groove boards
        pen.line([(x, 0), (x, surface_y or BASE)], darker(wall, 0.05), 2)
    if surface_y:
        top = (214, 190, 156)
        pen.rect((0, surface_y, BASE, BASE), fill=top)
        pen.line([(0, surface_y), (BASE, surface_y)], darker(top, 0.2), 3)
        for _ in range(10):
            x, y = rng.uniform(0, BASE), rng.uniform(surface_y + 8, BASE)
            pen.line([(x, y), (x + rng.uniform(60, 160), y)], darker(top, 0.08), 2)
    return wall


def _draw_textiles(canvas, pen, product, pic, rng):
    pal = _palette(pic, ["#c8902e", "#8a5f1d", "#f3e2b8", "#7a5230", "#5b6c3a"])
    kind = pic.get("kind", "tea_towel")
    pattern = pic.get("pattern", "plain")
    draw = TEXTILE_DRAWINGS.get(kind, _tea_towel)
    draw(canvas, pen, pal, pattern, pic, rng)


def _fabric(canvas, pen, shape, pal, pattern, rng, box, vertical=False):
    _masked(canvas, pen.k, shape, lambda p: _pattern(p, pattern, box, pal, rng, vertical), box)


def _scarf(canvas, pen, pal, pattern, pic, rng):
    wall = _textile_backdrop(pen, rng, pal)
    pen.rect((0, 118, BASE, 150), fill=(160, 118, 78))
    pen.line([(0, 150), (BASE, 150)], darker(wall, 0.25), 3)
    for x in (150, 400, 650):
        pen.rect((x - 12, 140, x + 12, 178), fill=(120, 86, 56), radius=6)
    back = [(405, 165), (478, 168), (528, 612), (458, 622)]
    front = [(322, 168), (400, 160), (382, 702), (298, 694)]
    loop = lambda p, f: p.rect((318, 140, 482, 196), fill=f, radius=24)  # noqa: E731
    _fabric(canvas, pen, lambda p, f: p.poly(back, fill=f), pal, pattern, rng, (280, 120, 560, 720))
    _tint(canvas, pen.k, lambda p, f: p.poly(back, fill=f), BLACK, 60)
    _fabric(canvas, pen, lambda p, f: (p.poly(front, fill=f), loop(p, f)), pal, pattern, rng, (280, 120, 560, 720))
    _tint(canvas, pen.k, loop, BLACK, 30)
    for (ax, ay), (bx, by), colour in ((back[3], back[2], darker(pal[0], 0.35)), (front[3], front[2], pal[0])):
        for i in range(12):
            t = (i + 0.5) / 12
            x, y = ax + (bx - ax) * t, ay + (by - ay) * t
            pen.line([(x, y), (x + rng.uniform(-4, 4), y + rng.uniform(34, 44))], colour, 3)
    for y in (620, 640):
        t = (y - front[0][1]) / (front[3][1] - front[0][1])
        pen.line([(front[0][0] + (front[3][0] - front[0][0]) * t, y),
                  (front[1][0] + (front[2][0] - front[1][0]) * t, y)], pal[2], 5)


def _apron(canvas, pen, pal, pattern, pic, rng):
    wall = _textile_backdrop(pen, rng, pal)
    hook = (400, 92)
    pen.rect((370, 70, 430, 84), fill=(140, 140, 146), radius=4)
    pen.arc((384, 76, 416, 108), 0, 180, (110, 110, 116), 6)
    strap = pal[2] if len(pal) > 2 else darker(pal[0], 0.3)
    pen.line([(338, 176), hook, (462, 176)], darker(strap, 0.2), 12)
    body = [(330, 170), (470, 170), (472, 300), (492, 345), (540, 375), (566, 392), (578, 705), (222, 705),
            (234, 392), (260, 375), (308, 345), (328, 300)]
    _fabric(canvas, pen, lambda p, f: p.poly(body, fill=f), pal, pattern, rng, (200, 150, 600, 720))
    _tint(canvas, pen.k, lambda p, f: p.poly([(470, 170), (472, 300), (492, 345), (566, 392), (578, 705),
                                              (520, 705), (500, 380), (440, 330), (440, 170)], fill=f), BLACK, 40)
    for side in (-1, 1):
        sx = 400 + side * 168
        pen.line(_bezier((sx, 396), (sx + side * 40, 480), (sx + side * 10, 585)), darker(strap, 0.2), 10)
    stitch = lighter(pal[0], 0.45)
    _dashed(pen, (336, 180), (464, 180), stitch)
    pen.rect((358, 205, 442, 272), fill=darker(pal[0], 0.08))
    _dashed_rect(pen, (362, 209, 438, 268), stitch)
    pen.line([(400, 205), (400, 272)], stitch, 2)
    pen.rect((372, 186, 380, 214), fill=(232, 190, 60))
    pen.poly([(372, 186), (380, 186), (376, 176)], fill=(230, 210, 170))
    pen.rect((280, 470, 520, 596), fill=darker(pal[0], 0.08))
    _dashed_rect(pen, (285, 475, 515, 591), stitch)
    pen.line([(400, 470), (400, 596)], stitch, 2)
    rivet = pal[2] if len(pal) > 2 else (184, 115, 51)
    for x, y in ((358, 205), (442, 205), (280, 470), (520, 470), (400, 470)):
        pen.circle(x, y, 5, fill=rivet)
    for _ in range(6):  # waxed sheen
        x = rng.uniform(250, 520)
        _tint(canvas, pen.k, lambda p, f, x=x: p.poly([(x, 420), (x + 20, 420), (x + 60, 700), (x + 40, 700)], fill=f),
              WHITE, 22)


def _tote(canvas, pen, pal, pattern, pic, rng):
    _textile_backdrop(pen, rng, pal, surface_y=690)
    strap = darker(pal[0], 0.12)
    pen.arc((290, 105, 510, 505), 180, 360, darker(strap, 0.2), 24)
    body = [(228, 300), (572, 300), (560, 692), (240, 692)]
    pen.ellipse((220, 676, 580, 712), fill=(180, 158, 128))
    _fabric(canvas, pen, lambda p, f: p.poly(body, fill=f), pal, pattern, rng, (220, 290, 580, 700))
    pen.poly([(228, 300), (252, 300), (262, 692), (240, 692)], fill=darker(pal[0], 0.1))
    pen.poly([(548, 300), (572, 300), (560, 692), (538, 692)], fill=darker(pal[0], 0.1))
    pen.rect((228, 300, 572, 322), fill=darker(pal[0], 0.05))
    pen.arc((300, 125, 500, 485), 180, 360, strap, 24)
    for x in (288, 488):
        pen.rect((x, 300, x + 24, 346), fill=strap)
        pen.line([(x + 4, 306), (x + 20, 340)], lighter(strap, 0.4), 1)
        pen.line([(x + 20, 306), (x + 4, 340)], lighter(strap, 0.4), 1)
    if pattern == "print":
        motif = pic.get("motif", "hop")
        if motif == "hop":
            _hop_bine(pen, 400, 660, 360, pal[1], pal[2] if len(pal) > 2 else pal[1])
        else:
            _motif(pen, motif, 400, 500, 120, pal[1], pal[0])


def _hop_bine(pen, x, bottom, top, leaf, cone):
    points = [(x + math.sin(i / 20 * math.pi * 3) * 40, bottom - (bottom - top) * i / 20) for i in range(21)]
    pen.line(points, leaf, 6)
    for i in (4, 9, 14, 18):
        px, py = points[i]
        side = 1 if i % 2 else -1
        for angle in (-0.5, 0, 0.5):
            tip = (px + side * math.cos(angle) * 70, py - math.sin(angle + 0.4) * 50)
            pen.poly(_lens((px, py), tip, 30), fill=leaf)
    for i in (6, 11, 16):
        px, py = points[i]
        side = -1 if i % 2 else 1
        cx, cy = px + side * 55, py + 40
        pen.line([(px, py), (cx, cy - 30)], leaf, 3)
        _motif(pen, "hop", cx, cy, 30, cone, darker(cone, 0.35))


def _tea_towel(canvas, pen, pal, pattern, pic, rng):
    wall = _textile_backdrop(pen, rng, pal)
    pen.rect((0, 600, BASE, BASE), fill=darker(wall, 0.1))
    pen.rect((0, 560, BASE, 600), fill=(250, 250, 248))
    pen.rect((150, 186, 650, 204), fill=(188, 190, 196), radius=9)
    pen.rect((156, 190, 644, 196), fill=(225, 227, 232), radius=3)
    for x in (140, 640):
        pen.rect((x, 176, x + 20, 214), fill=(150, 152, 160), radius=5)
    box = (262, 196, 538, 712)
    vertical = pattern == "stripes"
    _fabric(canvas, pen, lambda p, f: p.rect(box, fill=f), pal, "plain" if pattern == "print" else pattern, rng,
            box, vertical)
    if pattern == "print":
        _veg_print(pen, 290, 250, 510, 640, pal[1], pal[2])
    for y in (226, 666):
        pen.rect((262, y, 538, y + 12), fill=pal[1])
        pen.rect((262, y + 18, 538, y + 22), fill=pal[2])
    pen.rect((262, 176, 538, 200), fill=darker(pal[0], 0.15), radius=10)
    _tint(canvas, pen.k, lambda p, f: p.rect((500, 196, 538, 712), fill=f), BLACK, 25)
    _dashed(pen, (268, 704), (532, 704), darker(pal[0], 0.25), 2)
    pen.line([(262, 712), (538, 712)], darker(pal[0], 0.25), 2)


def _cushion_shape(cx, cy, half, bow, steps=14):
    corners = [(cx - half, cy - half), (cx + half, cy - half), (cx + half, cy + half), (cx - half, cy + half)]
    points = []
    for i in range(4):
        (ax, ay), (bx, by) = corners[i], corners[(i + 1) % 4]
        nx, ny = (cx - (ax + bx) / 2), (cy - (ay + by) / 2)
        length = math.hypot(nx, ny)
        nx, ny = nx / length, ny / length
        for s in range(steps):
            t = s / steps
            d = bow * math.sin(math.pi * t)
            points.append((ax + (bx - ax) * t + nx * d, ay + (by - ay) * t + ny * d))
    return points


def _cushion(canvas, pen, pal, pattern, pic, rng):
    wall = _textile_backdrop(pen, rng, pal)
    sofa = mix((120, 130, 128), wall, 0.2)
    pen.rect((70, 240, 730, 640), fill=sofa, radius=40)
    pen.rect((40, 560, 760, 720), fill=darker(sofa, 0.12), radius=30)
    pen.rect((20, 400, 120, 720), fill=darker(sofa, 0.2), radius=36)
    pen.rect((680, 400, 780, 720), fill=darker(sofa, 0.2), radius=36)
    pen.rect((90, 720, 110, 760), fill=(70, 50, 40))
    pen.rect((690, 720, 710, 760), fill=(70, 50, 40))
    shape = _cushion_shape(400, 430, 200, 22)
    pen.poly([(x + 10, y + 16) for x, y in shape], fill=darker(sofa, 0.3))
    _fabric(canvas, pen, lambda p, f: p.poly(shape, fill=f), pal, pattern, rng, (190, 220, 610, 640))
    _tint(canvas, pen.k, lambda p, f: p.poly(_cushion_shape(400, 430, 200, 22), fill=f), BLACK, 40)
    _tint(canvas, pen.k, lambda p, f: p.poly(_cushion_shape(392, 420, 165, 16), fill=f), WHITE, 30)
    pen.poly(shape, outline=darker(pal[0], 0.4), width=6)
    corners = (((200, 230), (1, 1)), ((600, 230), (-1, 1)), ((600, 630), (-1, -1)), ((200, 630), (1, -1)))
    for (x, y), (dx, dy) in corners:
        pen.line([(x + dx * 12, y + dy * 12), (x + dx * 60, y + dy * 52)], darker(pal[0], 0.45), 3)


def _beanie(canvas, pen, pal, pattern, pic, rng):
    _textile_backdrop(pen, rng, pal, surface_y=600)
    pen.ellipse((206, 540, 594, 586), fill=(180, 158, 128))
    dome_box = (238, 190, 562, 640)
    dome = lambda p, f: p.chord(dome_box, 180, 360, fill=f)  # noqa: E731

    def dome_ribs(p):
        p.rect((200, 150, 600, 450), fill=pal[0])
        rx, ry, cy = (dome_box[2] - dome_box[0]) / 2, (dome_box[3] - dome_box[1]) / 2, (dome_box[1] + dome_box[3]) / 2
        for i in range(-15, 16):
            for offset, colour, width in ((0, darker(pal[0], 0.25), 4), (0.45, lighter(pal[0], 0.12), 2)):
                u = (i + offset) / 15.5
                ribs = []
                for j in range(13):
                    y = cy - (cy - dome_box[1]) * j / 12
                    half = rx * math.sqrt(max(0.0, 1 - ((y - cy) / ry) ** 2))
                    ribs.append((400 + u * half, y))
                p.line(ribs, colour, width)

    _masked(canvas, pen.k, dome, dome_ribs)
    _tint(canvas, pen.k, lambda p, f: p.rect((470, 180, 570, 420), fill=f), BLACK, 35, clip=dome)
    cuff = lambda p, f: p.rect((226, 405, 574, 560), fill=f, radius=26)  # noqa: E731
    _fabric(canvas, pen, cuff, [darker(pal[0], 0.06)] + pal[1:], "rib", rng, (220, 400, 580, 570))
    pen.line([(232, 410), (568, 410)], darker(pal[0], 0.35), 4)
    pen.rect((468, 470, 516, 500), fill=pal[2] if len(pal) > 2 else WHITE, radius=3)
    pom = lighter(pal[0], 0.15) if len(pal) < 3 else mix(pal[0], pal[2], 0.35)
    pen.circle(400, 172, 62, fill=pom)
    for _ in range(140):
        a, r = rng.uniform(0, math.tau), rng.uniform(10, 62)
        x, y = 400 + math.cos(a) * r, 172 + math.sin(a) * r
        pen.line([(x, y), (x + math.cos(a) * 12, y + math.sin(a) * 12)],
                 mix(pom, rng.choice([WHITE, BLACK]), rng.uniform(0.05, 0.25)), 2)


def _throw(canvas, pen, pal, pattern, pic, rng):
    wall = _textile_backdrop(pen, rng, pal)
    wood = (122, 88, 60)
    pen.rect((80, 600, 720, 636), fill=wood, radius=6)
    for x in (110, 660):
        pen.rect((x, 636, x + 30, 780), fill=darker(wood, 0.2))
    pen.ellipse((90, 770, 710, 795), fill=darker(wall, 0.15))
    layers = [(170, 410, 630, 466), (156, 462, 644, 528), (142, 524, 658, 602)]
    box = (130, 380, 670, 740)
    for i, layer in enumerate(layers[::-1]):
        shape = lambda p, f, layer=layer: p.rect(layer, fill=f, radius=26)  # noqa: E731
        _fabric(canvas, pen, shape, pal, pattern, rng, box)
        _tint(canvas, pen.k, lambda p, f, layer=layer: p.rect((layer[0], layer[3] - 12, layer[2], layer[3]), fill=f,
                                                              radius=6), BLACK, 50)
    tail = [(470, 596), (612, 596), (622, 730), (482, 736)]
    _fabric(canvas, pen, lambda p, f: p.poly(tail, fill=f), pal, pattern, rng, box)
    _tint(canvas, pen.k, lambda p, f: p.poly(tail, fill=f), BLACK, 45)
    for i in range(16):
        t = (i + 0.5) / 16
        x, y = 482 + (622 - 482) * t, 736 - 6 * t
        pen.line([(x, y), (x + rng.uniform(-3, 3), y + 26)], darker(pal[0], 0.2), 3)


def _oven_glove(canvas, pen, pal, pattern, pic, rng):
    wall = _textile_backdrop(pen, rng, pal)
    thumb = _ellipse_points(318, 420, 62, 128, -32)
    thumb_shape = lambda p, f: p.poly(thumb, fill=f)  # noqa: E731
    main = lambda p, f: p.rect((318, 130, 540, 640), fill=f, radius=110)  # noqa: E731
    box = (200, 120, 560, 660)
    pen.poly([(x + 10, y + 12) for x, y in thumb], fill=darker(wall, 0.08))
    pen.rect((328, 142, 552, 652), fill=darker(wall, 0.08), radius=110)
    _fabric(canvas, pen, thumb_shape, pal, pattern, rng, box)
    _tint(canvas, pen.k, thumb_shape, BLACK, 30)
    _fabric(canvas, pen, main, pal, pattern, rng, box)
    _tint(canvas, pen.k, lambda p, f: p.rect((468, 120, 560, 660), fill=f), BLACK, 30, clip=main)
    pen.line(_bezier((330, 380), (300, 330), (318, 290)), darker(pal[0], 0.35), 3)
    binding = pal[2] if len(pal) > 2 else darker(pal[0], 0.4)
    pen.rect((306, 600, 552, 678), fill=binding, radius=14)
    _dashed(pen, (316, 612), (542, 612), lighter(binding, 0.4), 2)
    pen.arc((280, 618, 340, 662), 90, 270, binding, 9)


def _jacket(canvas, pen, pal, pattern, pic, rng):
    _textile_backdrop(pen, rng, pal)
    pen.arc((382, 84, 418, 128), 180, 360, (120, 120, 126), 6)
    pen.line([(418, 106), (410, 150)], (120, 120, 126), 6)
    pen.line([(238, 204), (400, 150), (562, 204)], (150, 112, 74), 12)
    body = [(300, 175), (362, 165), (400, 206), (438, 165), (500, 175), (565, 205), (578, 692), (222, 692),
            (235, 205)]
    left_sleeve = [(235, 205), (176, 250), (128, 600), (192, 614), (238, 340)]
    right_sleeve = [(2 * 400 - x, y) for x, y in left_sleeve]
    box = (110, 150, 690, 700)
    for sleeve in (left_sleeve, right_sleeve):
        _fabric(canvas, pen, lambda p, f, s=sleeve: p.poly(s, fill=f), pal, pattern, rng, box)
        _tint(canvas, pen.k, lambda p, f, s=sleeve: p.poly(s, fill=f), BLACK, 45)
    _fabric(canvas, pen, lambda p, f: p.poly(body, fill=f), pal, pattern, rng, box)
    _tint(canvas, pen.k, lambda p, f: p.poly([(400, 206), (438, 165), (500, 175), (565, 205), (578, 692), (400, 692)],
                                             fill=f), BLACK, 25)
    collar = darker(pal[0], 0.2)
    pen.poly([(362, 165), (400, 206), (380, 250), (336, 190)], fill=collar)
    pen.poly([(438, 165), (400, 206), (420, 250), (464, 190)], fill=collar)
    pen.line([(400, 206), (400, 692)], darker(pal[0], 0.35), 3)
    for y in (270, 350, 430, 510, 590):
        pen.circle(410, y, 8, fill=pal[2] if len(pal) > 2 else (200, 170, 120))
    stitch = lighter(pal[0], 0.35)
    for pocket in ((275, 275, 360, 345), (255, 470, 370, 585), (430, 470, 545, 585)):
        pen.rect(pocket, fill=darker(pal[0], 0.06))
        _dashed_rect(pen, (pocket[0] + 5, pocket[1] + 5, pocket[2] - 5, pocket[3] - 5), stitch)
    for sleeve in (left_sleeve, right_sleeve):
        (ax, ay), (bx, by) = sleeve[2], sleeve[3]
        pen.line([(ax, ay - 24), (bx, by - 24)], darker(pal[0], 0.3), 4)
    _dashed(pen, (228, 670), (572, 670), stitch)


def _napkins(canvas, pen, pal, pattern, pic, rng):
    _textile_backdrop(pen, rng, pal, surface_y=220)
    colours = [pal[0], pal[1], pal[0], pal[1]]
    for i, angle in enumerate((-16, -6, 5, 15)):
        cx, cy = 400 + (i - 1.5) * 34, 470 - i * 8
        square = _rotated_rect(cx, cy, 330, 330, angle)
        hem = _rotated_rect(cx, cy, 296, 296, angle)
        pen.poly([(x + 8, y + 10) for x, y in square], fill=(190, 168, 136))
        cloth = [colours[i]] + pal[1:]
        _fabric(canvas, pen, lambda p, f, s=square: p.poly(s, fill=f), cloth, "plain", rng, (150, 220, 660, 720))
        for a, b in zip(hem, hem[1:] + hem[:1]):
            _dashed(pen, a, b, darker(colours[i], 0.3), 2)
        corner = hem[2]
        pen.poly(_star(corner[0] - 22, corner[1] - 22, 10), fill=pal[2] if len(pal) > 2 else WHITE)


TEXTILE_DRAWINGS = {
    "scarf": _scarf,
    "apron": _apron,
    "tote": _tote,
    "tea_towel": _tea_towel,
    "cushion": _cushion,
    "beanie": _beanie,
    "throw": _throw,
    "oven_glove": _oven_glove,
    "jacket": _jacket,
    "napkins": _napkins,
}


# --- recycled IT ----------------------------------------------------------------------------------------------------

GRADE_COLOURS = {"A": (38, 128, 74), "B": (214, 140, 20), "C": (52, 98, 170)}


def _screen(pen, box, pal, rng, radius=0):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    steps = 16
    for i in range(steps):
        pen.rect((x0, y0 + h * i / steps, x1, y0 + h * (i + 1) / steps + 1), fill=mix(pal[1], pal[2], i / (steps - 1)))
    pen.circle(x0 + w * 0.8, y0 + h * 0.25, min(w, h) * 0.18, fill=lighter(pal[2], 0.35))
    wx0, wy0 = x0 + w * rng.uniform(0.08, 0.16), y0 + h * rng.uniform(0.1, 0.18)
    wx1, wy1 = wx0 + w * 0.55, wy0 + h * 0.58
    pen.rect((wx0 + 4, wy0 + 6, wx1 + 4, wy1 + 6), fill=darker(pal[1], 0.3), radius=4)
    pen.rect((wx0, wy0, wx1, wy1), fill=(250, 250, 252), radius=4)
    pen.rect((wx0, wy0, wx1, wy0 + h * 0.07), fill=(226, 228, 234), radius=4)
    for i, colour in enumerate(((236, 95, 90), (245, 190, 80), (98, 196, 98))):
        pen.circle(wx0 + 10 + i * 12, wy0 + h * 0.035, 3.5, fill=colour)
    for i in range(5):
        y = wy0 + h * (0.13 + 0.08 * i)
        pen.rect((wx0 + 10, y, wx0 + 10 + (wx1 - wx0 - 20) * rng.uniform(0.4, 0.95), y + h * 0.03),
                 fill=(200, 204, 212), radius=2)
    pen.rect((x0, y1 - h * 0.07, x1, y1), fill=darker(pal[1], 0.45))
    for i in range(5):
        pen.rect((x0 + w * 0.38 + i * w * 0.05, y1 - h * 0.055, x0 + w * 0.41 + i * w * 0.05, y1 - h * 0.015),
                 fill=lighter(pal[2], 0.2 * i), radius=2)


def _app_grid(pen, box, pal, rng, cols, rows):
    x0, y0, x1, y1 = box
    cell_w, cell_h = (x1 - x0) / cols, (y1 - y0) / rows
    size = min(cell_w, cell_h) * 0.62
    choices = [pal[2], lighter(pal[1], 0.5), (240, 90, 80), (70, 170, 110), (80, 130, 230), (250, 200, 70),
               (250, 250, 250)]
    for r in range(rows):
        for c in range(cols):
            cx, cy = x0 + cell_w * (c + 0.5), y0 + cell_h * (r + 0.5)
            pen.rect((cx - size / 2, cy - size / 2, cx + size / 2, cy + size / 2), fill=rng.choice(choices),
                     radius=size * 0.25)


def _desk(pen, rng):
    wall = rng.choice([(226, 232, 238), (234, 230, 224), (224, 234, 230), (236, 232, 240)])
    pen.rect((0, 0, BASE, BASE), fill=wall)
    desk = (196, 164, 124)
    pen.rect((0, 575, BASE, BASE), fill=desk)
    pen.rect((0, 575, BASE, 584), fill=lighter(desk, 0.2))
    for _ in range(12):
        x, y = rng.uniform(0, BASE), rng.uniform(590, 790)
        pen.line([(x, y), (x + rng.uniform(80, 200), y + rng.uniform(-2, 2))], darker(desk, 0.08), 2)
    if rng.random() < 0.6:  # a plant on the desk
        px = rng.choice([70, 730])
        for i in range(7):
            a = -1.2 + i * 0.4
            pen.poly(_lens((px, 500), (px + math.sin(a) * 70, 500 - math.cos(a) * 110), 30), fill=(70, 140, 90))
        pen.poly([(px - 40, 500), (px + 40, 500), (px + 30, 585), (px - 30, 585)], fill=(196, 110, 70))
    return wall


def _laptop(pen, pal, rng, pic):
    body = pal[0]
    if pic.get("variant") == "bundle":
        pen.rect((150, 110, 650, 470), fill=(96, 100, 108), radius=30)
        _dashed_rect(pen, (166, 126, 634, 454), (140, 144, 152), 2)
        pen.ellipse((640, 560, 720, 620), fill=(40, 40, 44))
        pen.ellipse((640, 556, 720, 612), fill=(70, 70, 76))
        pen.line([(680, 560), (680, 582)], (30, 30, 34), 2)
    pen.rect((190, 130, 610, 428), fill=body, radius=16)
    _screen(pen, (208, 148, 592, 408), pal, rng)
    pen.rect((230, 426, 570, 436), fill=darker(body, 0.3))
    deck = lighter(body, 0.08)
    pen.poly([(190, 436), (610, 436), (690, 556), (110, 556)], fill=deck)
    pen.poly([(110, 556), (690, 556), (684, 574), (116, 574)], fill=darker(body, 0.25))
    key = darker(body, 0.5) if luminance(body) > 0.3 else lighter(body, 0.14)

    def at(u, v):
        top_x0, top_x1, bot_x0, bot_x1 = 222, 578, 176, 624
        y = 448 + (518 - 448) * v
        xl, xr = top_x0 + (bot_x0 - top_x0) * v, top_x1 + (bot_x1 - top_x1) * v
        return xl + (xr - xl) * u, y

    rows, cols = 5, 14
    for r in range(rows):
        for c in range(cols):
            u0, u1 = (c + 0.1) / cols, (c + 0.9) / cols
            v0, v1 = (r + 0.12) / rows, (r + 0.88) / rows
            pen.poly([at(u0, v0), at(u1, v0), at(u1, v1), at(u0, v1)], fill=key)
    pen.poly([at(0.33, 0.98), at(0.67, 0.98), (485, 550), (315, 550)], fill=key)
    pen.poly([(342, 524), (458, 524), (466, 548), (334, 548)], fill=darker(deck, 0.08))
    if pic.get("trackpoint"):
        pen.circle(*at(0.5, 0.7), 4, fill=(214, 40, 40))
        pen.line([(344, 526), (456, 526)], (214, 40, 40), 1)


def _desktop(pen, pal, rng, pic):
    case = pal[0]
    pen.poly([(300, 190), (344, 168), (544, 168), (500, 190)], fill=lighter(case, 0.2))
    pen.poly([(500, 190), (544, 168), (544, 592), (500, 614)], fill=darker(case, 0.25))
    pen.rect((300, 190, 500, 614), fill=case)
    pen.rect((316, 208, 484, 262), fill=lighter(case, 0.1), radius=4)
    pen.line([(330, 236), (470, 236)], darker(case, 0.5), 3)
    pen.circle(460, 292, 14, fill=darker(case, 0.3), outline=pal[2], width=3)
    for i in range(2):
        pen.rect((322 + i * 30, 284, 344 + i * 30, 296), fill=(40, 110, 200) if i else (20, 20, 22))
    pen.circle(400, 290, 5, fill=(20, 20, 22))
    for r in range(14):
        for c in range(9):
            pen.circle(326 + c * 19, 340 + r * 18, 3, fill=darker(case, 0.45))
    pen.rect((300, 596, 500, 614), fill=darker(case, 0.2))
    _keyboard(pen, (200, 640, 560, 720), pal)
    pen.ellipse((620, 648, 680, 712), fill=(50, 50, 54))


def _keyboard(pen, box, pal):
    x0, y0, x1, y1 = box
    pen.poly([(x0 + 20, y0), (x1 - 20, y0), (x1, y1), (x0, y1)], fill=(52, 53, 58))
    for r in range(4):
        t0, t1 = (r + 0.15) / 4, (r + 0.85) / 4
        for c in range(14):
            def px(t, u):
                left, right = x0 + 20 - 20 * t + 8, x1 - 20 + 20 * t - 8
                return left + (right - left) * u, y0 + 6 + (y1 - y0 - 12) * t
            u0, u1 = (c + 0.1) / 14, (c + 0.9) / 14
            pen.poly([px(t0, u0), px(t0, u1), px(t1, u1), px(t1, u0)], fill=(88, 90, 96))


def _mini_pc(pen, pal, rng, pic):
    box = pal[0]
    if pic.get("variant") == "with_monitor":
        _monitor_shape(pen, (120, 110, 520, 400), pal, rng, stand_bottom=575)
        x0, y0 = 570, 470
        pen.poly([(x0, y0), (x0 + 30, y0 - 20), (x0 + 180, y0 - 20), (x0 + 150, y0)], fill=lighter(box, 0.2))
        pen.poly([(x0 + 150, y0), (x0 + 180, y0 - 20), (x0 + 180, y0 + 40), (x0 + 150, y0 + 60)], fill=darker(box, 0.2))
        pen.rect((x0, y0, x0 + 150, y0 + 60), fill=box)
        pen.circle(x0 + 20, y0 + 30, 8, outline=pal[1], width=2)
        for i in range(2):
            pen.rect((x0 + 44 + i * 24, y0 + 24, x0 + 62 + i * 24, y0 + 34), fill=(30, 30, 34))
        pen.circle(x0 + 128, y0 + 30, 3, fill=pal[1])
        _keyboard(pen, (170, 630, 520, 705), pal)
        pen.ellipse((580, 640, 640, 700), fill=(50, 50, 54))
        return
    x0, y0, x1, y1 = 200, 420, 560, 540
    pen.poly([(x0, y0), (x0 + 60, y0 - 46), (x1 + 60, y0 - 46), (x1, y0)], fill=lighter(box, 0.18))
    pen.poly([(x1, y0), (x1 + 60, y0 - 46), (x1 + 60, y1 - 46), (x1, y1)], fill=darker(box, 0.25))
    pen.rect((x0, y0, x1, y1), fill=box)
    for i in range(16):
        pen.line([(x0 + 150 + i * 12, y0 + 20), (x0 + 150 + i * 12, y1 - 20)], darker(box, 0.5) if luminance(box) > 0.2
                 else lighter(box, 0.12), 4)
    pen.circle(x0 + 36, y0 + 40, 14, outline=pal[1], width=3)
    pen.line([(x0 + 36, y0 + 30), (x0 + 36, y0 + 40)], pal[1], 3)
    for i in range(2):
        pen.rect((x0 + 24 + i * 42, y0 + 74, x0 + 56 + i * 42, y0 + 90), fill=(30, 30, 34), outline=pal[1])
    pen.circle(x0 + 118, y0 + 82, 6, fill=(20, 20, 22))
    pen.circle(x0 + 80, y0 + 40, 4, fill=pal[1])
    _keyboard(pen, (160, 620, 560, 710), pal)
    pen.ellipse((610, 630, 676, 700), fill=(50, 50, 54))


def _monitor_shape(pen, box, pal, rng, stand_bottom):
    x0, y0, x1, y1 = box
    body = pal[0]
    cx = (x0 + x1) / 2
    pen.rect((cx - 26, y1 - 10, cx + 26, stand_bottom - 12), fill=lighter(body, 0.15))
    pen.ellipse((cx - 120, stand_bottom - 28, cx + 120, stand_bottom + 4), fill=lighter(body, 0.1))
    pen.rect(box, fill=body, radius=10)
    _screen(pen, (x0 + 12, y0 + 12, x1 - 12, y1 - 26), pal, rng)
    pen.circle(x1 - 30, y1 - 13, 3, fill=(120, 200, 255))


def _monitor(pen, pal, rng, pic):
    _monitor_shape(pen, (130, 110, 670, 440), pal, rng, stand_bottom=600)


def _tablet(pen, pal, rng, pic):
    pen.poly([(330, 600), (470, 600), (430, 520), (370, 520)], fill=(140, 140, 148))
    pen.rect((250, 100, 550, 640), fill=pal[0], radius=34)
    screen = (272, 150, 528, 590)
    pen.rect(screen, fill=pal[1])
    _sky(Pen(pen.image, pen.k, (-screen[0], -screen[1])), screen[2] - screen[0], screen[3] - screen[1],
         pal[1], lighter(pal[2], 0.3))
    pen.text((400, 188), "10:24", 30, WHITE)
    _app_grid(pen, (290, 220, 510, 500), pal, rng, 4, 5)
    pen.rect((290, 520, 510, 570), fill=lighter(pal[1], 0.4), radius=14)
    _app_grid(pen, (300, 522, 500, 568), pal, rng, 4, 1)
    pen.circle(400, 616, 13, outline=darker(pal[0], 0.25), width=2)
    pen.circle(400, 124, 4, fill=darker(pal[0], 0.5))


def _phone(pen, pal, rng, pic):
    pen.rect((310, 130, 490, 620), fill=pal[0], radius=38)
    screen = (322, 142, 478, 608)
    _sky(Pen(pen.image, pen.k, (-screen[0], -screen[1])), screen[2] - screen[0], screen[3] - screen[1],
         pal[1], pal[2])
    pen.circle(400, 160, 6, fill=(10, 10, 12))
    pen.text((400, 220), "10:24", 40, WHITE)
    _app_grid(pen, (330, 280, 470, 520), pal, rng, 4, 5)
    pen.rect((332, 540, 468, 592), fill=lighter(pal[1], 0.3), radius=16)
    _app_grid(pen, (336, 542, 464, 590), pal, rng, 4, 1)
    pen.rect((491, 250, 495, 310), fill=darker(pal[0], 0.3))


def _draw_it(canvas, pen, product, pic, rng):
    pal = _palette(pic, ["#1f1f22", "#3a6ea5", "#9cc3e6"])
    _desk(pen, rng)
    draw = IT_DRAWINGS.get(pic.get("kind"), _laptop)
    draw(pen, pal, rng, pic)
    grade = str(product.get("grade", "")).upper()[:1]
    if grade:
        colour = GRADE_COLOURS.get(grade, (90, 90, 90))
        pen.circle(676, 116, 80, fill=darker(colour, 0.25))
        pen.circle(672, 110, 78, fill=colour)
        pen.circle(672, 110, 66, outline=WHITE, width=4)
        pen.text((672, 78), "GRADE", 18, WHITE)
        pen.text((672, 124), grade, 72, WHITE)
    certificate = product.get("erasure_certificate")
    if certificate:
        pen.rect((34, 690, 330, 768), fill=(252, 252, 248), outline=(180, 180, 176), width=2, radius=10)
        pen.circle(56, 729, 9, fill=(180, 180, 176))
        pen.circle(56, 729, 5, fill=(252, 252, 248))
        pen.line([(80, 730), (92, 744), (116, 712)], GRADE_COLOURS["A"], 6)
        pen.text((132, 714), "Data erased", 20, (40, 40, 44), anchor="lm")
        pen.text((132, 746), certificate, 18, (90, 90, 96), anchor="lm")


IT_DRAWINGS = {
    "laptop": _laptop,
    "desktop": _desktop,
    "mini_pc": _mini_pc,
    "monitor": _monitor,
    "tablet": _tablet,
    "phone": _phone,
}


# --- public API -----------------------------------------------------------------------------------------------------

LINE_DRAWINGS = {"art": _draw_art, "beer": _draw_beer, "textiles": _draw_textiles, "it": _draw_it}
# The picture kinds each line draws; anything else falls back to the line's default drawing.
KINDS = {
    "art": frozenset(ART_SCENES),
    "beer": frozenset({"bottle", "can"}),
    "textiles": frozenset(TEXTILE_DRAWINGS),
    "it": frozenset(IT_DRAWINGS),
}


def _draw_fallback(canvas, pen, product, pic, rng):
    colour = _palette(pic, ["#7a8b99"])[0]
    pen.rect((0, 0, BASE, BASE), fill=lighter(colour, 0.7))
    pen.rect((120, 120, 680, 680), fill=colour, radius=40)
    _text_block(pen, product.get("title", ""), 400, 340, 480, 56, 20, 3, WHITE)


def _png(image, size):
    if tuple(size) != image.size:
        image = ImageOps.fit(image, tuple(size), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


def draw_product_picture(product, size=(800, 800)):
    """PNG bytes of a picture of the product, the same every time for the same dict."""
    pic = product.get("picture") or {}
    rng = random.Random(f"{product.get('line')}:{product.get('key')}")
    canvas = Image.new("RGB", (BASE * SUPERSAMPLE, BASE * SUPERSAMPLE), WHITE)
    draw = LINE_DRAWINGS.get(product.get("line"), _draw_fallback)
    draw(canvas, Pen(canvas), product, pic, rng)
    return _png(canvas.reduce(SUPERSAMPLE), size)


PORTRAIT_PALETTES = [
    ((38, 70, 83), (42, 157, 143), (233, 196, 106)),
    ((61, 64, 91), (224, 122, 95), (242, 204, 143)),
    ((34, 87, 122), (56, 163, 165), (199, 249, 204)),
    ((106, 76, 147), (255, 202, 58), (255, 245, 230)),
    ((128, 57, 30), (221, 161, 94), (254, 250, 224)),
    ((30, 96, 65), (149, 213, 178), (244, 241, 222)),
    ((92, 46, 86), (232, 135, 163), (250, 226, 233)),
    ((23, 63, 95), (237, 85, 59), (246, 213, 92)),
]


def draw_maker_portrait(maker, size=(400, 400)):
    """PNG bytes of an abstract avatar for a maker: their initial on a pattern, never a likeness."""
    rng = random.Random(f"maker:{maker.get('key')}")
    deep, mid, pale = rng.choice(PORTRAIT_PALETTES)
    canvas = Image.new("RGB", (BASE, BASE), deep)
    pen = Pen(canvas, k=1)
    style = rng.randrange(4)
    if style == 0:
        for r in range(600, 0, -60):
            pen.circle(400, 400, r, fill=mid if (r // 60) % 2 else deep)
    elif style == 1:
        for d in range(-800, 1600, 80):
            pen.poly([(d, 0), (d + 40, 0), (d + 40 - 800, 800), (d - 800, 800)], fill=mid)
    elif style == 2:
        for row in range(9):
            for col in range(9):
                x, y = col * 100, row * 100
                if (row + col) % 2:
                    pen.poly([(x, y), (x + 100, y), (x, y + 100)], fill=mid)
                else:
                    pen.poly([(x + 100, y), (x + 100, y + 100), (x, y + 100)], fill=mid)
    else:
        for row in range(11):
            for col in range(11):
                pen.circle(col * 80 + (40 if row % 2 else 0), row * 80, 22, fill=mid)
    pen.circle(400, 400, 262, fill=pale)
    pen.circle(400, 400, 240, fill=deep)
    initial = (maker.get("display_name") or "?").strip()[:1].upper() or "?"
    pen.text((400, 410), initial, 300, pale)
    return _png(canvas, size)
