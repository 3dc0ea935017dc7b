"""The review queue: flags for the reviewer to confirm or dismiss, and the decision with refusals as field errors."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from catalogue import flags
from makers.models import Consent
from storefront.models import AuditEntry
from tests.catalogue.listing_setup import make_listing

pytestmark = pytest.mark.django_db
Product = get_model("catalogue", "Product")


def kinds(found):
    return sorted(flag.kind for flag in found)


def test_sensitive_words_match_whole_words_only():
    found = flags.sensitive_words({"Description": "Made after my sentence; the Crown Court was far away."})
    assert kinds(found) == ["court", "sentence"]
    assert flags.sensitive_words({"Description": "A courtyard bench, sentenceless and victimless."}) == []
    assert kinds(flags.sensitive_words({"Title": "For the VICTIMS fund"})) == ["victim"]


def test_name_like_pairs_in_running_text_but_not_title_case_titles(shop):
    assert flags.name_like({"Title": "Blue Wool Scarf"}, [shop.ma]) == []
    assert kinds(flags.name_like({"Title": "Ana Smith's scarf"}, [shop.ma])) == ["name"]
    found = flags.name_like({"Description": "Knitted for my friend Joe Bloggs in the winter."}, [shop.ma])
    assert kinds(found) == ["name"] and "Joe Bloggs" in found[0].message
    assert flags.name_like({"Description": "Organic Cotton. Hand made."}, [shop.ma]) == []


def test_a_makers_private_details_are_flagged_without_being_repeated(shop):
    texts = {"Description": "By Ana kowalczyk, from HMP Test, number A1234BC."}
    found = flags.private_details(texts, [shop.ma])
    assert sorted(flag.message.split(" contains the ")[1].split(" of ")[0] for flag in found) == [
        "establishment", "legal surname", "prisoner number"]
    for flag in found:
        for secret in ("Kowalczyk", "Anastasia", "A1234BC", "HMP Test"):
            assert secret.lower() not in flag.message.lower()


def test_a_missing_consent_is_a_flag(shop):
    assert flags.missing_consent([shop.ma]) == []
    Consent.objects.filter(maker=shop.ma).update(withdrawn_on="2024-06-01")
    assert kinds(flags.missing_consent([shop.ma])) == ["consent"]


def test_flags_cover_variant_titles(shop):
    listing = make_listing(shop.ma, line="textiles", state=Product.SUBMITTED)
    child = Product.objects.create(parent=listing, structure=Product.CHILD, title="Size M, sentenced edition")
    assert child.pk
    assert "sentence" in kinds(flags.flags_for(listing))


def review(client, listing, **choices):
    url = reverse("dashboard:catalogue-review", kwargs={"pk": listing.pk})
    form = client.get(url).context["form"]
    data = {"version": form["version"].value()} | choices
    return client.post(url, data)


def test_approving_a_clean_listing_puts_it_in_the_shop(client, shop):
    listing = make_listing(shop.ma, state=Product.SUBMITTED)
    client.force_login(shop.admin)
    queue = client.get(reverse("dashboard:catalogue-review-list")).content.decode()
    assert listing.title in queue
    response = review(client, listing, decision="approve")
    assert response.status_code == 302
    listing.refresh_from_db()
    assert (listing.moderation_state, listing.is_public) == (Product.APPROVED, True)
    assert client.get(listing.get_absolute_url()).status_code == 200
    assert AuditEntry.objects.filter(action="listing.approved", target_id=str(listing.pk), actor=shop.admin).exists()


def test_each_flag_must_be_confirmed_or_dismissed_and_a_confirmed_one_blocks_approval(client, shop):
    listing = make_listing(shop.ma, state=Product.SUBMITTED)
    Product.objects.filter(pk=listing.pk).update(description="Painted while awaiting trial.")
    client.force_login(shop.admin)
    response = review(client, listing, decision="approve")
    assert response.status_code == 200 and response.context["form"].errors["flag_0"]
    response = review(client, listing, decision="approve", flag_0="confirm")
    assert "request changes or reject instead" in response.context["form"].errors["flag_0"][0]
    listing.refresh_from_db()
    assert listing.moderation_state == Product.SUBMITTED
    assert review(client, listing, decision="approve", flag_0="dismiss").status_code == 302
    listing.refresh_from_db()
    assert listing.moderation_state == Product.APPROVED


def test_asking_for_changes_or_rejecting_needs_a_reason(client, shop):
    listing = make_listing(shop.ma, state=Product.SUBMITTED)
    client.force_login(shop.admin)
    for decision in ("request_changes", "reject"):
        response = review(client, listing, decision=decision, reason="  ")
        assert response.status_code == 200
        assert response.context["form"].errors["reason"] == ["Give the maker a reason, so they know what to change."]
    assert review(client, listing, decision="request_changes", reason="Say what the medium is.").status_code == 302
    listing.refresh_from_db()
    assert listing.moderation_state == Product.CHANGES_REQUESTED
    assert listing.moderation_note.startswith("Say what the medium is.")
    client.force_login(shop.ia)
    page = client.get(reverse("dashboard:catalogue-product", kwargs={"pk": listing.pk})).content.decode()
    assert "Say what the medium is." in page


def test_recycled_it_is_not_approved_without_its_erasure_certificate(client, shop):
    listing = make_listing(shop.ma, line="it", state=Product.SUBMITTED, erasure_certificate=None)
    client.force_login(shop.admin)
    response = review(client, listing, decision="approve")
    assert response.status_code == 200
    assert "data-erasure certificate" in str(response.context["form"].non_field_errors())
    listing.refresh_from_db()
    assert (listing.moderation_state, listing.is_public) == (Product.SUBMITTED, False)


def test_a_review_posted_after_the_listing_changed_is_refused(client, shop):
    listing = make_listing(shop.ma, state=Product.SUBMITTED)
    client.force_login(shop.admin)
    url = reverse("dashboard:catalogue-review", kwargs={"pk": listing.pk})
    version = client.get(url).context["form"]["version"].value()
    listing.title = "Changed meanwhile"
    listing.save()
    response = client.post(url, {"version": version, "decision": "approve"})
    assert "Someone changed this listing after you opened it" in response.content.decode()
    listing.refresh_from_db()
    assert listing.moderation_state == Product.SUBMITTED


def test_the_review_page_never_shows_a_makers_private_details(client, shop):
    listing = make_listing(shop.ma, state=Product.SUBMITTED)
    Product.objects.filter(pk=listing.pk).update(
        description="Ana Kowalczyk made this; ask for A1234BC at HMP Test.")
    client.force_login(shop.admin)
    for url in (reverse("dashboard:catalogue-review-list"),
                reverse("dashboard:catalogue-review", kwargs={"pk": listing.pk})):
        page = client.get(url).content.decode()
        for secret in ("Anastasia", "Kowalczyk", "A1234BC", "HMP Test"):
            assert secret not in page, (url, secret)
    assert "[private detail]" in page
    assert "contains the legal surname of Ana" in page


def test_withdrawing_listing_consent_takes_the_makers_listings_down(shop):
    from makers.consent import withdraw_consent

    public = make_listing(shop.ma, state=Product.APPROVED)
    waiting = make_listing(shop.ma, state=Product.SUBMITTED)
    others = make_listing(shop.mb, state=Product.APPROVED)
    withdraw_consent(Consent.objects.get(maker=shop.ma, scope=Consent.LISTING), by=shop.ia)
    for listing in (public, waiting, others):
        listing.refresh_from_db()
    assert (public.moderation_state, public.is_public) == (Product.CHANGES_REQUESTED, False)
    assert "withdrew their consent" in public.moderation_note
    assert waiting.moderation_state == Product.CHANGES_REQUESTED
    assert (others.moderation_state, others.is_public) == (Product.APPROVED, True)
    assert AuditEntry.objects.filter(action="listing.consent_withdrawn", target_id=str(public.pk),
                                     actor=shop.ia).exists()


def test_the_review_queue_costs_at_most_one_query_per_listing(client, shop):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(shop.admin)
    counts = []
    for more in (2, 10):
        for _ in range(more):
            make_listing(shop.ma, state=Product.SUBMITTED)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("dashboard:catalogue-review-list")).status_code == 200
        counts.append(len(queries))
    assert counts[1] - counts[0] <= 10, counts  # the consent check of each listing's makers, nothing more
