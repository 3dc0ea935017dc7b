"""The screens of members' decisions: co-op admins and instructors in Oscar's dashboard, members at /shop/accounts/.

Views are thin: every action is a function of makers.governance, and what it refuses comes back as a form error
(400) with its reason. Instructors see every meeting but handle only the paper ballots of the members they look
after (makers.access.memberships_for); a member's own pages need no id of theirs in the URL. No page shows how
anyone voted; results appear once a vote is closed.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from makers import governance
from makers.access import memberships_for
from makers.forms import MeetingForm, OptionFormSet, PaperConfirmForm, PaperEntryForm, ProposalForm, VoteForm
from makers.governance import GovernanceError
from makers.models import Meeting, Participation, Proposal
from storefront import audit
from storefront.dashboard import RoleRequired

RECEIPT_COOKIE = "ttg_receipt_{}"


def stage(proposal, now=None):
    """Where a proposal stands, in words for the screens."""
    now = now or timezone.now()
    if proposal.applied_at:
        return "Closed and applied"
    if proposal.closed_at:
        return "Closed: results below"
    if now < proposal.opens_at:
        return "Not open yet"
    if now < proposal.closes_at:
        return "Open for votes"
    return "Voting time is up: waiting for an officer to close it"


def with_counts(proposals):
    return proposals.annotate(
        counted=Count("participations", filter=Q(participations__channel=Participation.ONLINE)
                      | Q(participations__confirmed_by__isnull=False)),
        awaiting=Count("participations", filter=Q(participations__channel=Participation.PAPER,
                                                  participations__confirmed_by__isnull=True)))


class MeetingListView(RoleRequired, ListView):
    permission_required = "makers.view_meeting"
    template_name = "makers/governance/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 20

    def get_queryset(self):
        return Meeting.objects.prefetch_related(Prefetch("proposals", queryset=with_counts(Proposal.objects.all())))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [(meeting, [(p, stage(p)) for p in meeting.proposals.all()])
                           for meeting in context["meetings"]]
        return context


class MeetingCreateView(RoleRequired, View):
    permission_required = "makers.add_meeting"
    template_name = "makers/governance/meeting_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": MeetingForm()})

    def post(self, request):
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                meeting = governance.open_meeting(request.user, **form.cleaned_data)
            except ValidationError as refused:
                form.add_error(None, refused)
            else:
                messages.success(request, f"Opened “{meeting}”: now add its proposals.")
                return redirect("governance:meeting", pk=meeting.pk)
        return render(request, self.template_name, {"form": form}, status=400)


class MeetingDetailView(RoleRequired, View):
    permission_required = "makers.view_meeting"

    def get(self, request, pk):
        meeting = get_object_or_404(Meeting, pk=pk)
        proposals = with_counts(meeting.proposals.all())
        return render(request, "makers/governance/meeting_detail.html", {
            "meeting": meeting, "proposals": [(p, stage(p), governance.results_of(p)) for p in proposals],
            "entries": audit.trail(meeting) if request.user.has_perm("storefront.view_auditentry") else None})


class ProposalCreateView(RoleRequired, View):
    permission_required = "makers.add_proposal"
    template_name = "makers/governance/proposal_form.html"

    def get(self, request, pk):
        meeting = get_object_or_404(Meeting, pk=pk)
        return render(request, self.template_name, {"meeting": meeting, "form": ProposalForm(),
                                                    "options": OptionFormSet(prefix="options")})

    def post(self, request, pk):
        meeting = get_object_or_404(Meeting, pk=pk)
        form, options = ProposalForm(request.POST), OptionFormSet(request.POST, prefix="options")
        if form.is_valid() and options.is_valid():
            fields = dict(form.cleaned_data)
            runs = fields.pop("surplus_runs")
            try:
                proposal = governance.add_proposal(meeting, request.user, options=options.options(), runs=runs,
                                                   **fields)
            except ValidationError as refused:
                form.add_error(None, refused)
            except GovernanceError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, f"Added “{proposal}”.")
                return redirect("governance:proposal", pk=proposal.pk)
        return render(request, self.template_name, {"meeting": meeting, "form": form, "options": options},
                      status=400)


def unvoted_members(proposal, user):
    """Members the user looks after who are on the proposal's register and have not voted on it."""
    return (memberships_for(user).filter(pk__in=governance.register(proposal).values("pk"))
            .exclude(participations__proposal=proposal).select_related("maker").order_by("number"))


def proposal_page(request, proposal, status=200, **forms):
    """The proposal's dashboard page, with the forms this user may use (``forms`` replaces one with its bound,
    invalid copy, or passes an ``error``)."""
    user = request.user
    proposal = with_counts(Proposal.objects.filter(pk=proposal.pk)).select_related("meeting").get()
    mine = memberships_for(user)
    awaiting = (proposal.participations.filter(channel=Participation.PAPER, confirmed_by__isnull=True,
                                               membership__in=mine)
                .select_related("membership", "entered_by").order_by("membership__number"))
    may_enter = user.has_perm("makers.enter_paper_ballot")
    context = {
        "proposal": proposal, "stage": stage(proposal), "results": governance.results_of(proposal),
        "options": proposal.options.all(), "runs": proposal.surplus_runs.all(),
        "is_open": proposal.is_open(),
        "may_enter": may_enter and proposal.is_open(),
        "may_confirm": user.has_perm("makers.confirm_paper_ballot") and proposal.closed_at is None,
        "may_close": user.has_perm("makers.close_proposal") and proposal.closed_at is None
        and timezone.now() >= proposal.closes_at,
        "may_apply": user.has_perm("makers.apply_distribution") and proposal.kind == Proposal.SURPLUS
        and proposal.closed_at is not None and proposal.applied_at is None
        and (proposal.results or {}).get("carried") is not None,
        "awaiting": [(entry, forms.get(f"confirm_{entry.pk}") or PaperConfirmForm(proposal=proposal,
                                                                                  prefix=f"c{entry.pk}"))
                     for entry in awaiting],
        "entry_form": forms.get("entry_form") or PaperEntryForm(proposal=proposal,
                                                                members=unvoted_members(proposal, user)),
        "error": forms.get("error"),
        "entries": audit.trail(proposal) if user.has_perm("storefront.view_auditentry") else None,
    }
    return render(request, "makers/governance/proposal_detail.html", context, status=status)


class ProposalDetailView(RoleRequired, View):
    permission_required = "makers.view_proposal"

    def get(self, request, pk):
        return proposal_page(request, get_object_or_404(Proposal, pk=pk))


class PaperEntryView(RoleRequired, View):
    permission_required = "makers.enter_paper_ballot"

    def post(self, request, pk):
        proposal = get_object_or_404(Proposal, pk=pk)
        form = PaperEntryForm(request.POST, proposal=proposal, members=unvoted_members(proposal, request.user))
        if form.is_valid():
            data = form.cleaned_data
            try:
                governance.enter_paper_ballot(proposal, data["member"], data["option"], data["reference"],
                                              request.user)
            except GovernanceError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, f"Entered the ballot paper of member {data['member'].number}: a second "
                                          "person must now confirm it.")
                return redirect("governance:proposal", pk=pk)
        return proposal_page(request, proposal, status=400, entry_form=form)


def scoped_entry(request, pk, entry_pk):
    """An unconfirmed paper entry of one of the user's own members (404 for anyone else's)."""
    return get_object_or_404(Participation.objects.filter(membership__in=memberships_for(request.user)),
                             pk=entry_pk, proposal_id=pk, channel=Participation.PAPER)


class PaperConfirmView(RoleRequired, View):
    permission_required = "makers.confirm_paper_ballot"

    def post(self, request, pk, entry_pk):
        entry = scoped_entry(request, pk, entry_pk)
        form = PaperConfirmForm(request.POST, proposal=entry.proposal, prefix=f"c{entry.pk}")
        if form.is_valid():
            try:
                governance.confirm_paper_ballot(entry, request.user, form.cleaned_data["reference"],
                                                form.cleaned_data["option"])
            except GovernanceError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, f"Confirmed the ballot paper {entry.ballot_reference}: it is counted.")
                return redirect("governance:proposal", pk=pk)
        return proposal_page(request, entry.proposal, status=400, **{f"confirm_{entry.pk}": form})


class PaperDiscardView(RoleRequired, View):
    permission_required = "makers.enter_paper_ballot"

    def post(self, request, pk, entry_pk):
        entry = scoped_entry(request, pk, entry_pk)
        try:
            governance.discard_paper_ballot(entry, request.user)
        except GovernanceError as refused:
            return proposal_page(request, entry.proposal, status=409, error=str(refused))
        messages.success(request, f"Discarded the entry of {entry.ballot_reference}: the paper can be entered again.")
        return redirect("governance:proposal", pk=pk)


class ProposalActionView(RoleRequired, View):
    """POST only: close a vote, or apply a passed distribution; a refusal is shown on the proposal's page."""

    action = None

    def post(self, request, pk):
        proposal = get_object_or_404(Proposal, pk=pk)
        try:
            done = self.action(proposal, request.user)
        except GovernanceError as refused:
            return proposal_page(request, proposal, status=409, error=str(refused))
        messages.success(request, self.said(done))
        return redirect("governance:proposal", pk=pk)


class CloseView(ProposalActionView):
    permission_required = "makers.close_proposal"
    action = staticmethod(governance.close_proposal)

    def said(self, proposal):
        return f"Closed and counted: {governance.results_of(proposal).carried or 'no option carried'}."


class ApplyView(ProposalActionView):
    permission_required = "makers.apply_distribution"
    action = staticmethod(governance.apply_distribution)

    def said(self, summary):
        return "Applied: the ledger holds the distribution and the next payout run pays it."


class BallotPapersView(RoleRequired, View):
    """Printable ballot papers for the members the user looks after who have not voted, one per page, each with
    its reference; ``?workshop=<slug>`` keeps one workshop's."""

    permission_required = ("makers.view_proposal", "makers.enter_paper_ballot")

    def get(self, request, pk):
        proposal = get_object_or_404(Proposal.objects.select_related("meeting"), pk=pk)
        members = unvoted_members(proposal, request.user).select_related("maker__workshop")
        if workshop := request.GET.get("workshop"):
            members = members.filter(maker__workshop__slug=workshop)
        papers = [(member, governance.paper_reference(proposal, member)) for member in members]
        return render(request, "makers/governance/ballot_papers.html", {
            "proposal": proposal, "options": proposal.options.all(), "papers": papers, "is_open": proposal.is_open()})


class ResultsSheetView(RoleRequired, View):
    """The printable results of a meeting's closed proposals, for workshop notice boards."""

    permission_required = "makers.view_meeting"

    def get(self, request, pk):
        meeting = get_object_or_404(Meeting, pk=pk)
        rows = [(proposal, governance.results_of(proposal)) for proposal in meeting.proposals.all()]
        return render(request, "makers/governance/results_sheet.html", {"meeting": meeting, "rows": rows})


# Members' own pages.

def own_membership(request):
    membership = governance.membership_of(request.user)
    if membership is None:
        raise Http404("No votes: this account is not a co-op member's")
    return membership


class OwnVotesView(LoginRequiredMixin, View):
    """A member's list: proposals open now, coming, and closed with their results."""

    login_url = reverse_lazy("customer:login")

    def get(self, request):
        membership = own_membership(request)
        voted = set(membership.participations.values_list("proposal_id", flat=True))
        proposals = Proposal.objects.select_related("meeting").order_by("-closes_at")
        now = timezone.now()
        return render(request, "makers/votes.html", {
            "membership": membership, "active_tab": "votes", "page_title": "Your votes",
            "open": [(p, p.pk in voted) for p in proposals if p.is_open(now)],
            "coming": [p for p in proposals if p.closed_at is None and now < p.opens_at],
            "counting": [p for p in proposals if p.closed_at is None and now >= p.closes_at],
            "closed": [(p, governance.results_of(p)) for p in proposals if p.closed_at],
        })


class OwnVoteView(LoginRequiredMixin, View):
    """Vote on one proposal, change an online vote with its receipt code, or see the results once closed.

    The receipt code is shown once and kept only in a cookie on the member's own browser, for the change form."""

    login_url = reverse_lazy("customer:login")
    template_name = "makers/vote.html"

    def page(self, request, proposal, membership, form=None, status=200, receipt=None):
        participation = membership.participations.filter(proposal=proposal).first()
        changing = participation is not None and participation.channel == Participation.ONLINE
        if form is None and proposal.is_open() and (participation is None or changing):
            form = VoteForm(proposal=proposal, changing=changing,
                            initial={"receipt": request.COOKIES.get(RECEIPT_COOKIE.format(proposal.pk), "")})
        return render(request, self.template_name, {
            "proposal": proposal, "membership": membership, "participation": participation, "form": form,
            "changing": changing, "receipt": receipt, "results": governance.results_of(proposal),
            "options": proposal.options.all(), "stage": stage(proposal), "active_tab": "votes",
            "page_title": proposal.title}, status=status)

    def get(self, request, pk):
        membership = own_membership(request)
        return self.page(request, get_object_or_404(Proposal, pk=pk), membership)

    def post(self, request, pk):
        membership = own_membership(request)
        proposal = get_object_or_404(Proposal, pk=pk)
        participation = membership.participations.filter(proposal=proposal).first()
        changing = participation is not None and participation.channel == Participation.ONLINE
        form = VoteForm(request.POST, proposal=proposal, changing=changing)
        if form.is_valid():
            option = form.cleaned_data["option"]
            try:
                if changing:
                    governance.change_vote(proposal, request.user, option, form.cleaned_data["receipt"])
                    receipt = None
                else:
                    receipt = governance.cast_vote(proposal, request.user, option)
            except GovernanceError as refused:
                form.add_error(None, str(refused))
            else:
                response = self.page(request, proposal, membership, receipt=receipt)
                if receipt:
                    response.set_cookie(RECEIPT_COOKIE.format(proposal.pk), receipt, httponly=True, samesite="Lax",
                                        path=reverse("own-votes"),
                                        expires=proposal.closes_at, secure=request.is_secure())
                messages.success(request, "Your vote is changed." if changing else "Your vote is cast.")
                return response
        return self.page(request, proposal, membership, form=form, status=400)
