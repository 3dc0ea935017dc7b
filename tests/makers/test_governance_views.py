"""The screens of members' decisions: admins open meetings and proposals, instructors and admins handle paper ballots,
members vote at /shop/accounts/votes/, and every refusal is a 4xx with its reason on the page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from makers import governance
from makers.models import Meeting
from tests.makers.governance_setup import inside_member, online_member, open_proposal, people, time_is_up

pytestmark = pytest.mark.django_db
ORCHARD, LAWN = "Plant the orchard", "Keep the lawn"


@pytest.fixture
def w():
    return people()


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_an_admin_opens_a_meeting_and_puts_a_proposal_with_its_options(client, w):
    client.force_login(w["admin"])
    response = client.post(reverse("governance:meeting-add"), {"title": "AGM 2026", "kind": "general",
                                                                "held_on": "2026-06-20", "notes": "At the brewery."})
    meeting = Meeting.objects.get(title="AGM 2026")
    assert response.status_code == 302 and response["Location"] == reverse("governance:meeting", args=[meeting.pk])
    now = timezone.now()
    data = {"title": "Open on Saturdays", "text": "Open the shop counter on Saturdays.", "kind": "ordinary",
            "majority": "simple", "quorum_percent": 20, "opens_at": local(now),
            "closes_at": local(now + datetime.timedelta(days=7)),
            "options-TOTAL_FORMS": 4, "options-INITIAL_FORMS": 0, "options-0-label": "Yes", "options-1-label": "No"}
    response = client.post(reverse("governance:proposal-add", args=[meeting.pk]), data)
    proposal = meeting.proposals.get()
    assert response.status_code == 302
    assert list(proposal.options.values_list("label", flat=True)) == ["Yes", "No"]
    page = client.get(reverse("governance:proposal", args=[proposal.pk])).content.decode()
    assert "Open on Saturdays" in page and "Votes counted so far: 0" in page
    response = client.post(reverse("governance:proposal-add", args=[meeting.pk]), data | {"options-1-label": ""})
    assert response.status_code == 400 and "at least two options" in response.content.decode()


def test_instructors_enter_paper_ballots_for_their_own_members_and_a_second_person_confirms(client, w):
    ours, theirs = inside_member(w["north"]), inside_member(w["south"])
    proposal = open_proposal(w["admin"])
    orchard = proposal.options.get(label=ORCHARD)
    client.force_login(w["instructor"])
    papers = client.get(reverse("governance:ballot-papers", args=[proposal.pk])).content.decode()
    assert governance.paper_reference(proposal, ours) in papers and ours.number in papers
    assert theirs.number not in papers and governance.paper_reference(proposal, theirs) not in papers
    enter = reverse("governance:paper-enter", args=[proposal.pk])
    refused = client.post(enter, {"member": theirs.pk, "option": orchard.pk,
                                  "reference": governance.paper_reference(proposal, theirs)})
    assert refused.status_code == 400 and not proposal.participations.exists()
    wrong = client.post(enter, {"member": ours.pk, "option": orchard.pk, "reference": "P1-XXXXXX"})
    assert wrong.status_code == 400 and "is not the reference printed on member" in wrong.content.decode()
    reference = governance.paper_reference(proposal, ours)
    assert client.post(enter, {"member": ours.pk, "option": orchard.pk, "reference": reference}).status_code == 302
    entry = proposal.participations.get()
    confirm = reverse("governance:paper-confirm", args=[proposal.pk, entry.pk])
    mine = client.post(confirm, {f"c{entry.pk}-reference": reference, f"c{entry.pk}-option": orchard.pk})
    assert mine.status_code == 400 and "a second, different person must confirm it" in mine.content.decode()
    client.force_login(w["other_instructor"])
    assert client.post(confirm, {f"c{entry.pk}-reference": reference,
                                 f"c{entry.pk}-option": orchard.pk}).status_code == 404
    client.force_login(w["admin"])
    assert client.post(confirm, {f"c{entry.pk}-reference": reference,
                                 f"c{entry.pk}-option": orchard.pk}).status_code == 302
    entry.refresh_from_db()
    assert entry.counted and proposal.ballots.count() == 1


def test_a_member_votes_online_changes_it_with_the_receipt_and_sees_results_only_after_the_close(client, w):
    user, member = online_member()
    proposal = open_proposal(w["admin"])
    orchard, lawn = proposal.options.get(label=ORCHARD), proposal.options.get(label=LAWN)
    client.force_login(user)
    listing = client.get(reverse("own-votes")).content.decode()
    assert "not voted yet" in listing and "Your votes" in listing
    url = reverse("own-vote", args=[proposal.pk])
    response = client.post(url, {"option": orchard.pk})
    page = response.content.decode()
    assert response.status_code == 200 and "Your receipt code is" in page
    cookie = response.cookies[f"ttg_receipt_{proposal.pk}"]
    assert cookie["httponly"] and cookie["path"] == reverse("own-votes") and cookie.value in page
    assert "Votes cast" not in client.get(url).content.decode()  # no results before the close
    refused = client.post(url, {"option": lawn.pk, "receipt": "WRONG"})
    assert refused.status_code == 400 and "not the receipt code given with your vote" in refused.content.decode()
    assert client.post(url, {"option": lawn.pk, "receipt": cookie.value}).status_code == 200
    assert list(proposal.ballots.values_list("option__label", flat=True)) == [LAWN]
    governance.close_proposal(time_is_up(proposal), w["admin"])
    page = client.get(url).content.decode()
    assert "Votes cast: 1 of 1" in page and "Carried: <strong>Keep the lawn</strong>" in page


def test_someone_who_is_not_a_member_has_no_votes_pages(client, w):
    proposal = open_proposal(w["admin"])
    client.force_login(w["instructor"])
    assert client.get(reverse("own-votes")).status_code == 404
    assert client.post(reverse("own-vote", args=[proposal.pk]), {"option": proposal.options.first().pk}).status_code == 404
    assert not proposal.participations.exists()


def test_the_close_and_the_apply_are_for_admins_and_refused_with_a_reason_too_early(client, w):
    proposal = open_proposal(w["admin"])
    close = reverse("governance:close", args=[proposal.pk])
    client.force_login(w["instructor"])
    assert client.post(close).status_code == 403
    assert client.post(reverse("governance:apply", args=[proposal.pk])).status_code == 403
    client.force_login(w["admin"])
    early = client.post(close)
    assert early.status_code == 409 and "it can be closed only after that" in early.content.decode()
    time_is_up(proposal)
    assert client.post(close).status_code == 302
    sheet = client.get(reverse("governance:results-sheet", args=[proposal.meeting.pk])).content.decode()
    assert "Votes cast: 0 of" in sheet and "No option carried" in sheet
    not_surplus = client.post(reverse("governance:apply", args=[proposal.pk]))
    assert not_surplus.status_code == 409 and "Only a surplus distribution" in not_surplus.content.decode()
