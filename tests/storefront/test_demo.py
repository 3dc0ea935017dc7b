"""The demo command: a shop that looks real, loaded idempotently, and careful with real data."""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from oscar.core.loading import get_model

from makers.models import Maker, MakerStatus, Workshop
from payouts.core.policy import DEFAULT_POLICIES
from payouts.models import SplitPolicy
from storefront.models import StoryPage
from tests.factories import make_product

pytestmark = pytest.mark.django_db
Product = get_model("catalogue", "Product")


def counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.managed and not m._meta.proxy}


def test_the_demo_covers_the_shop(demo_shop):
    assert Workshop.objects.count() >= 4
    assert Maker.objects.count() >= 12
    assert set(MakerStatus.objects.values_list("status", flat=True)) == {"serving_inside", "rotl", "released",
                                                                          "community"}
    products = Product.objects.filter(parent__isnull=True, upc__startswith="DEMO-")
    assert products.count() >= 40
    assert set(products.values_list("product_class__slug", flat=True)) == {"art", "craft-beer", "textiles",
                                                                            "recycled-it"}
    assert all(product.primary_image().original for product in products)
    assert StoryPage.objects.live().count() >= 3
    assert set(SplitPolicy.objects.values_list("status", flat=True)) == set(DEFAULT_POLICIES)


def test_running_the_demo_twice_changes_nothing(demo_shop, capsys):
    before = counts()
    call_command("load_demo", "--no-index")
    assert counts() == before
    assert "nothing to change" in capsys.readouterr().out


def test_the_demo_refuses_a_database_with_real_data(demo_shop):
    make_product("art")
    before = counts()
    with pytest.raises(CommandError, match="refusing to load the demo: there are products"):
        call_command("load_demo", "--no-index")
    assert counts() == before


def test_product_pictures_are_distinct(demo_shop):
    digests = set()
    products = Product.objects.filter(parent__isnull=True, upc__startswith="DEMO-")
    for product in products:
        with product.primary_image().original.open("rb") as image:
            digests.add(hash(image.read()))
    assert len(digests) == products.count()


@pytest.mark.parametrize(
    "email, password, area",
    [
        ("buyer@demo.throughthegate.example", "demo-buyer-pass", "/shop/accounts/profile/"),
        ("maker@demo.throughthegate.example", "demo-maker-pass", "/shop/accounts/profile/"),
        ("instructor@demo.throughthegate.example", "demo-instructor-pass", "/dashboard/"),
        ("admin1@demo.throughthegate.example", "demo-admin1-pass", "/dashboard/"),
        ("admin2@demo.throughthegate.example", "demo-admin2-pass", "/cms/"),
        ("editor@demo.throughthegate.example", "demo-editor-pass", "/cms/"),
    ],
)
def test_each_demo_login_reaches_its_area(demo_shop, client, email, password, area):
    assert client.login(username=email, password=password)
    assert client.get(area).status_code == 200


def test_the_demo_has_a_closed_meeting_with_results_and_an_open_one(demo_shop):
    from makers import governance
    from makers.models import Membership, Participation, Proposal

    assert Membership.objects.filter(maker__slug__in=Maker.objects.values("slug")).count() == Maker.objects.count()
    closed = Proposal.objects.get(meeting__title="Spring members' meeting")
    results = governance.results_of(closed)
    assert results.carried == "Yes, start the repair café" and results.cast == 11 and results.quorum_met
    assert closed.participations.filter(channel=Participation.ONLINE).count() == 1  # the demo maker's login
    open_now = Proposal.objects.get(meeting__title="Annual general meeting")
    assert open_now.is_open() and open_now.results is None and open_now.majority == Proposal.TWO_THIRDS
    awaiting = open_now.participations.get()
    assert awaiting.channel == Participation.PAPER and not awaiting.counted  # for a second person to confirm
