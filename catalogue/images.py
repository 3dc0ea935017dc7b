"""Uploaded pictures: only real images, of a sane size, stored without their EXIF or location data.

A photo taken on a phone in a workshop carries GPS coordinates and the camera's details; stored as uploaded, it would
publish where a maker works (and sometimes lives). So every upload is decoded with Pillow (a file is an image because
it decodes, not because of its name), measured before its pixels are loaded (a small compressed file can expand to
gigabytes: a "decompression bomb"), and re-encoded from its pixels alone, which leaves EXIF, XMP and text chunks behind.
``ImageField`` is the form field every image upload uses; ``clean_image`` is the same check for code without a form.
A picture that must go (a maker withdrew consent to their photo) goes with every thumbnail made of it:
``delete_with_thumbnails``.
"""

import io
import os
import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from oscar.core.thumbnails import get_thumbnailer
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# What we keep, and how each is written back. Anything else (TIFF, BMP, PSD...) is refused.
FORMATS = {
    "JPEG": ("jpg", "image/jpeg", {"quality": 90, "optimize": True}),
    "PNG": ("png", "image/png", {"optimize": True}),
    "WEBP": ("webp", "image/webp", {"quality": 90}),
    "GIF": ("gif", "image/gif", {}),
}

NOT_AN_IMAGE = "This file is not a picture we can read. Upload a JPEG, PNG, WebP or GIF image."
TOO_LARGE = ("This picture is larger than 10 MB. "
             "Make it smaller (a longest side of 3000 pixels is plenty) and try again.")
TOO_MANY_PIXELS = ("This picture is {megapixels} megapixels; the most we accept is 40. "
                   "Make it smaller (a longest side of 3000 pixels is plenty) and try again.")


def clean_image(uploaded):
    """Check an uploaded file and return a new upload holding only its pixels, or raise ValidationError."""
    if uploaded.size is not None and uploaded.size > MAX_BYTES:
        raise ValidationError(TOO_LARGE, code="too_large")
    uploaded.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(uploaded) as image:
                _check_format_and_size(image)
                image.verify()  # walks the file's structure without decoding the pixels
            uploaded.seek(0)
            with Image.open(uploaded) as image:
                image.load()
                return _pixels_only(image, uploaded.name)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(TOO_MANY_PIXELS.format(megapixels="over 80"), code="too_many_pixels")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")


def _check_format_and_size(image):
    if image.format not in FORMATS:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ValidationError(TOO_MANY_PIXELS.format(megapixels=round(width * height / 1_000_000)),
                              code="too_many_pixels")


def _pixels_only(image, name):
    """Re-encode the image from its pixels (turned upright first, since the orientation tag goes with the EXIF)."""
    fmt = image.format
    extension, content_type, options = FORMATS[fmt]
    upright = ImageOps.exif_transpose(image)
    if fmt == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    out = io.BytesIO()
    upright.save(out, format=fmt, **options)  # no exif=, xmp= or pnginfo=: none of the metadata is written back
    stem = os.path.splitext(os.path.basename(name or "image"))[0] or "image"
    return SimpleUploadedFile(f"{stem}.{extension}", out.getvalue(), content_type=content_type)


class ImageField(forms.FileField):
    """A form field for picture uploads that applies ``clean_image``; the cleaned value is the stripped copy."""

    default_error_messages = {"invalid_image": NOT_AN_IMAGE}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", "A JPEG, PNG, WebP or GIF picture, at most 10 MB and 40 megapixels. "
                                       "Location and camera details are removed before it is stored.")
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,image/webp,image/gif")

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return clean_image(upload)


def delete_with_thumbnails(picture):
    """Delete a stored picture (a ``FieldFile``) and every thumbnail made of it, so none of their addresses answers
    any more. Thumbnails are found by the thumbnailer's own record of them (sorl-thumbnail's key-value store)."""
    get_thumbnailer().delete_thumbnails(picture)
    picture.storage.delete(picture.name)  # sorl deletes it too; another thumbnailer might leave it
