"""The demo content and its pictures, checked as plain data: no database and no Django.

The loader relies on these rules (keys resolve, statuses never overlap, line attributes are valid), and the privacy
tests on the public pages rely on private values being distinctive strings that no public text contains.
"""

import datetime
import hashlib
import io
import re
from pathlib import Path

import pytest
from PIL import Image

from storefront.demo import content, images

TODAY = datetime.date(2026, 11, 23)
STATUSES = {"serving_inside", "rotl", "released", "community"}
LINES = {"art", "beer", "textiles", "it"}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PRISONER_NUMBER = re.compile(r"^[A-Z]\d{4}[A-Z]{2}$")
# Never in a bio, product copy or story: those are about the craft and the future.
OFF_LIMITS = re.compile(r"\b(offen[cs]es?|crimes?|criminal|courts?|sentenced?|sentences|victims?|convict\w*|guilty|"
                        r"HMP)\b", re.IGNORECASE)

WORKSHOPS = {w["key"]: w for w in content.WORKSHOPS}
MAKERS = {m["key"]: m for m in content.MAKERS}
PRODUCTS = {p["key"]: p for p in content.PRODUCTS}

COMMON_KEYS = {"key", "line", "title", "description", "price_pence", "makers", "workshop", "picture"}
LINE_KEYS = {
    "art": {"edition", "edition_size", "medium", "width_cm", "height_cm", "stock"},
    "beer": {"abv_tenths", "volume_ml", "style", "allergens", "best_before", "stock"},
    "textiles": {"materials", "care", "variants"},
    "it": {"device", "specs", "grade", "warranty_months", "erasure_certificate", "stock"},
}
MAKER_KEYS = {"key", "display_name", "workshop", "bio", "legal_name", "prisoner_number", "establishment", "statuses",
              "member_number", "member_class", "joined", "consents", "opt_out_reparation", "housed_by_coop"}


def day(text):
    return datetime.date.fromisoformat(text) if text else None


def current_status(maker):
    for status, start, end in maker["statuses"]:
        if day(start) <= TODAY and (end is None or TODAY < day(end)):
            return status
    return None


def product_text(product):
    parts = [product["title"], product["description"]]
    parts += [str(product.get(k, "")) for k in ("medium", "style", "allergens", "materials", "care", "device", "specs",
                                                 "erasure_certificate")]
    parts += [f"{v.get('size', '')} {v.get('colour', '')}" for v in product.get("variants", [])]
    return parts


def public_texts():
    """Every string the demo can put on a public page, in a URL or in the search index, with where it comes from."""
    texts = []
    for w in content.WORKSHOPS:
        texts += [(f"workshop {w['key']}", t) for t in (w["key"], w["name"], w["region"], w["description"],
                                                         w["partner_code"])]
    for m in content.MAKERS:
        texts += [(f"maker {m['key']}", t) for t in (m["key"], m["display_name"], m["bio"])]
    for p in content.PRODUCTS:
        texts += [(f"product {p['key']}", t) for t in [p["key"]] + product_text(p)]
    for s in content.STORIES:
        texts += [(f"story {s['slug']}", t) for t in [s["slug"], s["title"], s["intro"]] + s["body"]]
    texts += [("home", t) for t in content.HOME.values()]
    for page in content.PAGES:
        texts += [(f"page {page['slug']}", t) for t in [page["slug"], page["title"]] + page["body"]]
    return texts


def private_strings():
    strings = set()
    for record in content.MAKERS + content.WORKSHOPS:
        strings |= {record.get("legal_name", ""), record.get("prisoner_number", ""), record["establishment"]}
        strings |= set(re.split(r"[\s-]+", record.get("legal_name", ""))[1:])  # every surname word
        strings |= {word for word in record["establishment"].split() if word != "HMP"}
    return {s for s in strings if len(s) >= 3}


# --- shape and references --------------------------------------------------------------------------------------------

def test_there_is_enough_demo_content():
    assert len(content.WORKSHOPS) >= 4
    assert {w["kind"] for w in content.WORKSHOPS} == {"prison", "community"}
    assert len(content.MAKERS) >= 12
    assert len(content.PRODUCTS) >= 40
    for line in LINES:
        assert sum(p["line"] == line for p in content.PRODUCTS) >= 10, line
    assert len(content.STORIES) >= 3


@pytest.mark.parametrize("records, field", [
    (content.WORKSHOPS, "key"), (content.WORKSHOPS, "name"), (content.WORKSHOPS, "partner_code"),
    (content.MAKERS, "key"), (content.MAKERS, "member_number"), (content.MAKERS, "legal_name"),
    (content.PRODUCTS, "key"), (content.PRODUCTS, "title"), (content.STORIES, "slug"), (content.PAGES, "slug"),
])
def test_keys_are_unique_slugs(records, field):
    values = [r[field] for r in records]
    assert len(values) == len(set(values))
    if field in ("key", "slug", "partner_code"):
        assert all(SLUG.match(v) for v in values), values


def test_private_identifiers_are_unique():
    numbers = [m["prisoner_number"] for m in content.MAKERS if m["prisoner_number"]]
    certificates = [p["erasure_certificate"] for p in content.PRODUCTS if p["line"] == "it"]
    assert len(numbers) == len(set(numbers))
    assert len(certificates) == len(set(certificates))


def test_workshops_are_well_formed():
    for w in content.WORKSHOPS:
        assert w["kind"] in ("prison", "community")
        assert bool(w["establishment"]) == (w["kind"] == "prison"), w["key"]
        assert w["region"] and w["description"]


def test_makers_are_well_formed():
    for m in content.MAKERS:
        assert set(m) == MAKER_KEYS, m["key"]
        assert m["workshop"] in WORKSHOPS
        assert m["member_class"] == "maker"
        assert re.match(r"^TTG-\d{4}$", m["member_number"])
        assert day(m["joined"]) <= TODAY
        assert len(m["display_name"].split()) == 1 and len(m["display_name"]) <= 40
        assert "listing" in m["consents"] and set(m["consents"]) <= {"listing", "photo", "story"}
        ever_inside = any(s != "community" for s, _, _ in m["statuses"])
        if ever_inside:
            assert PRISONER_NUMBER.match(m["prisoner_number"]), m["key"]
            assert m["establishment"].startswith("HMP "), m["key"]
        else:
            assert m["prisoner_number"] == "" and m["establishment"] == "", m["key"]
        if current_status(m) in ("serving_inside", "rotl"):
            assert m["establishment"] == WORKSHOPS[m["workshop"]]["establishment"], m["key"]
        if current_status(m) != "released":
            assert not m["opt_out_reparation"] and not m["housed_by_coop"], m["key"]


def test_status_periods_never_overlap_and_cover_today():
    for m in content.MAKERS:
        periods = m["statuses"]
        assert periods and all(s in STATUSES for s, _, _ in periods)
        for (_, start, end), (_, next_start, _) in zip(periods, periods[1:]):
            assert end is not None and day(start) < day(end) <= day(next_start), m["key"]
        assert periods[-1][2] is None, m["key"]
        assert current_status(m) is not None, m["key"]


def test_every_status_is_current_for_several_makers():
    for status in STATUSES:
        assert sum(current_status(m) == status for m in content.MAKERS) >= 3, status


def test_products_reference_makers_of_their_workshop():
    for p in content.PRODUCTS:
        assert p["workshop"] in WORKSHOPS, p["key"]
        assert p["makers"], p["key"]
        keys = [key for key, _ in p["makers"]]
        assert len(keys) == len(set(keys)), p["key"]
        for key, weight in p["makers"]:
            assert key in MAKERS, (p["key"], key)
            assert isinstance(weight, int) and weight > 0
            assert MAKERS[key]["workshop"] == p["workshop"], (p["key"], key)


def test_products_have_their_line_attributes():
    for p in content.PRODUCTS:
        assert p["line"] in LINES
        assert set(p) == COMMON_KEYS | LINE_KEYS[p["line"]], p["key"]
        assert isinstance(p["price_pence"], int) and p["price_pence"] > 0
        assert p["picture"]["kind"] in images.KINDS[p["line"]], p["key"]


def test_art_editions_and_stock():
    art = [p for p in content.PRODUCTS if p["line"] == "art"]
    for p in art:
        assert 1 <= p["width_cm"] <= 1000 and 1 <= p["height_cm"] <= 1000
        if p["edition"] == "one_off":
            assert p["edition_size"] is None and p["stock"] in (0, 1), p["key"]
        else:
            assert p["edition"] == "numbered" and p["edition_size"] >= 2, p["key"]
            assert 0 <= p["stock"] <= p["edition_size"], p["key"]
    assert any(p["edition"] == "one_off" and p["stock"] == 0 for p in art), "the shop needs a sold piece"
    assert {p["edition"] for p in art} == {"one_off", "numbered"}


def test_beer_attributes():
    for p in (p for p in content.PRODUCTS if p["line"] == "beer"):
        assert isinstance(p["abv_tenths"], int) and 5 <= p["abv_tenths"] <= 150
        assert 100 <= p["volume_ml"] <= 5000
        assert day(p["best_before"]) > TODAY
        assert "gluten" in p["allergens"].lower() and p["style"]
        assert p["stock"] >= 0


def test_textile_variants():
    for p in (p for p in content.PRODUCTS if p["line"] == "textiles"):
        assert p["materials"] and p["care"] and p["variants"]
        pairs = [(v.get("size"), v.get("colour")) for v in p["variants"]]
        assert len(pairs) == len(set(pairs)), p["key"]
        for v in p["variants"]:
            assert v.get("size") or v.get("colour")
            assert isinstance(v["stock"], int) and v["stock"] >= 0


def test_recycled_it_attributes():
    for p in (p for p in content.PRODUCTS if p["line"] == "it"):
        assert p["grade"] in ("A", "B", "C")
        assert 0 <= p["warranty_months"] <= 36
        assert re.match(r"^ERA-\d{4}-\d{4}$", p["erasure_certificate"])
        assert p["device"] and p["specs"] and p["stock"] >= 0


def test_stories_have_consent_and_real_products():
    for s in content.STORIES:
        maker = MAKERS[s["maker"]]
        assert "story" in maker["consents"], s["slug"]
        assert 4 <= len(s["body"]) <= 6
        assert len(s["intro"]) <= 250 and s["intro"]
        assert s["products"] and all(key in PRODUCTS for key in s["products"])
        assert any(s["maker"] in dict(PRODUCTS[key]["makers"]) for key in s["products"])
    assert sum("story" in m["consents"] for m in content.MAKERS) >= 3


def test_home_and_pages():
    assert set(content.HOME) == {"hero_title", "hero_text", "intro"}
    assert len(content.HOME["hero_title"]) <= 120
    slugs = {page["slug"] for page in content.PAGES}
    assert {"about", "how-the-co-op-works", "delivery-and-returns", "refurbished-it-grades", "accessibility"} <= slugs
    pages = {page["slug"]: " ".join(page["body"]) for page in content.PAGES}
    assert "Challenge 25" in pages["delivery-and-returns"]
    assert all(f"Grade {grade}" in pages["refurbished-it-grades"] for grade in "ABC")
    assert "one vote" in pages["how-the-co-op-works"]


# --- privacy and safeguarding ----------------------------------------------------------------------------------------

def test_there_are_private_strings_to_protect():
    assert len(private_strings()) >= 40


def test_no_private_string_appears_in_public_text():
    strings = private_strings()
    leaks = [(where, s) for where, text in public_texts() for s in strings if s.lower() in text.lower()]
    assert leaks == []


def test_workshop_names_never_name_the_prison():
    for w in content.WORKSHOPS:
        for word in w["establishment"].split()[1:]:
            assert word.lower() not in w["name"].lower()


def test_display_names_are_not_surnames():
    surnames = {word.lower() for m in content.MAKERS for word in re.split(r"[\s-]+", m["legal_name"])[1:]}
    assert not {m["display_name"].lower() for m in content.MAKERS} & surnames


def test_bios_products_and_stories_stay_on_the_craft():
    texts = [(f"maker {m['key']}", m["bio"]) for m in content.MAKERS]
    texts += [(f"product {p['key']}", t) for p in content.PRODUCTS for t in product_text(p)]
    texts += [(f"story {s['slug']}", t) for s in content.STORIES for t in [s["title"], s["intro"]] + s["body"]]
    assert [(where, OFF_LIMITS.search(t).group()) for where, t in texts if OFF_LIMITS.search(t)] == []


def test_public_text_is_safe_inside_a_paragraph():
    """The loader wraps public text in <p> as it is, so it must carry no markup of its own."""
    assert [where for where, text in public_texts() if re.search(r"[<>&]", text)] == []


def test_the_demo_modules_do_not_need_django():
    for module in (content, images):
        source = Path(module.__file__).read_text()
        assert not re.search(r"^\s*(import|from)\s+(django|wagtail|oscar)\b", source, re.MULTILINE)


# --- pictures --------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pictures():
    return {p["key"]: images.draw_product_picture(p) for p in content.PRODUCTS}


def test_every_product_picture_is_a_png(pictures):
    for key, data in pictures.items():
        with Image.open(io.BytesIO(data)) as picture:
            assert picture.format == "PNG", key
            assert picture.size == (800, 800), key
            picture.load()


def test_product_pictures_are_distinct(pictures):
    digests = {hashlib.sha256(data).hexdigest() for data in pictures.values()}
    assert len(digests) == len(pictures)


def test_pictures_are_deterministic(pictures):
    for product in content.PRODUCTS[::9]:
        assert images.draw_product_picture(product) == pictures[product["key"]], product["key"]


def test_a_picture_can_be_drawn_at_another_size():
    with Image.open(io.BytesIO(images.draw_product_picture(content.PRODUCTS[0], size=(400, 300)))) as picture:
        assert picture.size == (400, 300)


def test_maker_portraits_for_makers_who_consented():
    portraits = {m["key"]: images.draw_maker_portrait(m) for m in content.MAKERS if "photo" in m["consents"]}
    assert len(portraits) >= 6
    assert len({hashlib.sha256(data).hexdigest() for data in portraits.values()}) == len(portraits)
    for key, data in portraits.items():
        with Image.open(io.BytesIO(data)) as portrait:
            assert portrait.format == "PNG" and portrait.size == (400, 400), key
            portrait.load()
