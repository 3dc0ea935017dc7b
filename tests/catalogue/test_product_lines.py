import datetime

import pytest
from django.core.exceptions import ValidationError
from oscar.core.loading import get_model

from catalogue import product_lines
from tests.factories import build_product, make_product, make_workshop

pytestmark = pytest.mark.django_db
StockRecord = get_model("partner", "StockRecord")
ProductClass = get_model("catalogue", "ProductClass")
Category = get_model("catalogue", "Category")


def errors_of(product):
    with pytest.raises(ValidationError) as caught:
        product.full_clean()
    return caught.value.message_dict if hasattr(caught.value, "error_dict") else {"__all__": caught.value.messages}


def test_the_four_lines_and_their_categories_exist_after_migrate():
    assert set(ProductClass.objects.values_list("slug", flat=True)) >= {line.slug for line in product_lines.LINES}
    assert ProductClass.objects.get(slug=product_lines.BEER).age_restricted
    assert not ProductClass.objects.get(slug=product_lines.ART).age_restricted
    roots = {c.slug: c for c in Category.get_root_nodes()}
    assert set(roots) >= {line.slug for line in product_lines.LINES}
    assert roots[product_lines.RECYCLED_IT].get_children().filter(name="Laptops").exists()


@pytest.mark.parametrize("line", ["art", "beer", "textiles", "it"])
def test_a_valid_product_of_each_line_passes(line):
    build_product(line).full_clean()


def test_numbered_edition_needs_a_size():
    errors = errors_of(build_product("art", edition=product_lines.NUMBERED))
    assert "edition size" in errors["edition_size"][0]
    build_product("art", edition=product_lines.NUMBERED, edition_size=50).full_clean()


def test_one_off_has_no_edition_size():
    assert "edition_size" in errors_of(build_product("art", edition_size=20))


def test_art_needs_a_medium():
    assert "medium" in str(errors_of(build_product("art", medium=None)))


@pytest.mark.parametrize("abv", [0.1, 15.5, 40])
def test_beer_abv_must_be_plausible(abv):
    assert "abv" in errors_of(build_product("beer", abv=abv))


def test_beer_past_its_best_before_cannot_be_public():
    stale = datetime.date.today() - datetime.timedelta(days=1)
    assert "best_before" in errors_of(build_product("beer", best_before=stale))
    build_product("beer", best_before=stale, is_public=False).full_clean()


def test_beer_volume_is_checked():
    assert "volume_ml" in errors_of(build_product("beer", volume_ml=20))


def test_textiles_need_materials_and_care():
    errors = errors_of(build_product("textiles", materials=None, care=None))
    assert set(errors) >= {"materials", "care"}


def test_recycled_it_cannot_be_public_without_an_erasure_certificate():
    errors = errors_of(build_product("it", erasure_certificate=None))
    assert "data-erasure certificate" in errors["erasure_certificate"][0]
    build_product("it", erasure_certificate=None, is_public=False).full_clean()


def test_recycled_it_warranty_range():
    assert "warranty_months" in errors_of(build_product("it", warranty_months=60))


def test_one_off_art_can_never_hold_more_than_one():
    product = make_product("art", stock=1)
    record = product.stockrecords.get()
    record.num_in_stock = 2
    with pytest.raises(ValidationError, match="stock of 1"):
        record.save()
    assert StockRecord.objects.get(pk=record.pk).num_in_stock == 1


def test_numbered_editions_can_hold_several():
    product = make_product("art", stock=10, edition=product_lines.NUMBERED, edition_size=30)
    assert product.stockrecords.get().num_in_stock == 10


def test_one_off_cannot_be_bought_twice():
    from oscar.apps.partner.strategy import Selector

    product = make_product("art", stock=1, partner=make_workshop().partner)
    info = Selector().strategy().fetch_for_product(product)
    assert info.availability.is_purchase_permitted(1)[0]
    assert not info.availability.is_purchase_permitted(2)[0]
