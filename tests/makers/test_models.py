import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from makers.models import Attribution, Consent, Maker, MakerStatus, Workshop
from tests.factories import make_maker, make_product, make_workshop

pytestmark = pytest.mark.django_db
D = datetime.date


def test_status_on_a_date_follows_the_history():
    maker = make_maker(statuses=[("serving_inside", D(2024, 1, 1), D(2025, 6, 1)), ("released", D(2025, 6, 1), None)])
    assert maker.status_on(D(2023, 12, 31)) is None
    assert maker.status_on(D(2024, 1, 1)) == "serving_inside"
    assert maker.status_on(D(2025, 5, 31)) == "serving_inside"
    assert maker.status_on(D(2025, 6, 1)) == "released"
    assert maker.status_on(D(2030, 1, 1)) == "released"


def test_status_at_a_moment_uses_the_london_date():
    maker = make_maker(statuses=[("rotl", D(2026, 6, 1), D(2026, 7, 1)), ("released", D(2026, 7, 1), None)])
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST): the new status applies.
    assert maker.status_on(datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)) == "released"
    assert maker.status_on(datetime.datetime(2026, 6, 30, 22, 30, tzinfo=datetime.UTC)) == "rotl"


def test_status_lookup_is_one_query(django_assert_num_queries):
    maker = make_maker(statuses=[("community", D(2020, 1, 1), None)])
    with django_assert_num_queries(1):
        maker.status_on(D(2026, 1, 1))


@pytest.mark.parametrize(
    "start, end",
    [
        (D(2024, 6, 1), D(2024, 7, 1)),  # inside an existing period
        (D(2023, 6, 1), D(2024, 2, 1)),  # across its start
        (D(2025, 5, 1), None),  # open-ended, across its end
        (D(2023, 1, 1), D(2026, 1, 1)),  # around it
    ],
)
def test_overlapping_status_periods_are_rejected(start, end):
    maker = make_maker(statuses=[("serving_inside", D(2024, 1, 1), D(2025, 6, 1))])
    with pytest.raises(ValidationError, match="overlaps"):
        MakerStatus.objects.create(maker=maker, status="released", starts_on=start, ends_on=end)
    assert maker.statuses.count() == 1


def test_adjacent_periods_do_not_overlap():
    maker = make_maker(statuses=[("serving_inside", D(2024, 1, 1), D(2025, 6, 1))])
    MakerStatus.objects.create(maker=maker, status="released", starts_on=D(2025, 6, 1))
    assert maker.statuses.count() == 2


def test_a_period_must_end_after_it_starts():
    maker = make_maker(statuses=[])
    with pytest.raises(ValidationError, match="end after it starts"):
        MakerStatus.objects.create(maker=maker, status="community", starts_on=D(2025, 1, 1), ends_on=D(2025, 1, 1))


def test_share_weights_must_be_positive():
    product = make_product("art")
    maker = make_maker()
    attribution = Attribution(product=product, maker=maker, share_weight=0)
    with pytest.raises(ValidationError, match="positive"):
        attribution.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        attribution.save()


def test_a_maker_is_attributed_once_per_product():
    product = make_product("art")
    maker = make_maker()
    Attribution.objects.create(product=product, maker=maker, share_weight=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attribution.objects.create(product=product, maker=maker, share_weight=1)


def test_consent_is_in_force_between_given_and_withdrawn():
    maker = make_maker()
    Consent.objects.create(maker=maker, scope="story", given_on=D(2025, 1, 1), withdrawn_on=D(2026, 3, 1))
    assert maker.has_consent("story", D(2025, 6, 1))
    assert not maker.has_consent("story", D(2026, 3, 1))
    assert not maker.has_consent("photo", D(2025, 6, 1))


def test_private_fields_stay_out_of_the_makers_text_forms():
    maker = make_maker(legal_name="Hieronymus Quantrill", prisoner_number="Z9876QX", establishment="HMP Nowhere")
    for text in (str(maker), repr(maker)):
        assert "Quantrill" not in text and "Z9876QX" not in text and "Nowhere" not in text


def test_prisoner_number_format_is_checked():
    maker = make_maker()
    maker.prisoner_number = "12345"
    with pytest.raises(ValidationError, match="A1234BC"):
        maker.full_clean()


def test_every_workshop_is_a_partner():
    workshop = make_workshop()
    assert Workshop.objects.get(partner=workshop.partner) == workshop
    assert Maker.objects.filter(workshop=workshop).count() == 0
