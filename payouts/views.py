"""The co-op admins' payout screens in Oscar's dashboard (runs, held sales, policies), and the statement pages.

Views are thin: every action is a function of payouts.runs or payouts.policies, and what those refuse
(a period already closed, the same admin approving twice, a run in the wrong state) comes back as a form error.
"""

import datetime
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Prefetch, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, ListView, TemplateView
from oscar.core.loading import get_model

from makers.access import statement_makers_for
from makers.models import MakerStatus
from payouts import allocation, runs
from payouts.core.levy import LONDON
from payouts.forms import CancelRunForm, ClosePeriodForm, MarkPaidForm, PolicyForm
from payouts.models import BUCKET_CHOICES, PayoutItem, PayoutPayee, PayoutRun, SplitPolicy, Transaction
from payouts.policies import add_policy_version
from payouts.statements import FIRST_DAY, check_period, latest_sale_day, statement_for
from storefront import audit
from storefront.dashboard import RoleRequired

BUCKETS = [code for code, _ in BUCKET_CHOICES]
Line = get_model("order", "Line")


def bucket_totals(run_ids):
    """{run id: {bucket: pence}} of what each run sends, in one query."""
    totals = defaultdict(lambda: dict.fromkeys(BUCKETS, 0))
    rows = PayoutItem.objects.filter(run_id__in=run_ids).values("run_id", "bucket").annotate(total=Sum("amount"))
    for row in rows:
        totals[row["run_id"]][row["bucket"]] = row["total"]
    return totals


class RunListView(RoleRequired, ListView):
    permission_required = "payouts.view_payoutrun"
    template_name = "payouts/dashboard/run_list.html"
    context_object_name = "runs"
    paginate_by = 25
    queryset = PayoutRun.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        totals = bucket_totals([run.pk for run in context["runs"]])
        context["rows"] = [(run, [totals[run.pk][b] for b in BUCKETS], sum(totals[run.pk].values()))
                           for run in context["runs"]]
        context["buckets"] = BUCKET_CHOICES
        context["close_form"] = ClosePeriodForm()
        return context


class ClosePeriodView(RoleRequired, FormView):
    permission_required = ("payouts.add_payoutrun", "payouts.approve_payoutrun")
    template_name = "payouts/dashboard/close.html"
    form_class = ClosePeriodForm

    def form_valid(self, form):
        try:
            if "week_start" in form.cleaned_data:
                run = runs.close_week(form.cleaned_data["week_start"], by=self.request.user)
                if run is None:
                    raise runs.PayoutError("That week is already closed.")
            else:
                run = runs.close_period(form.cleaned_data["period_end"], by=self.request.user)
        except runs.PayoutError as refused:
            form.add_error("day", str(refused))
            return self.form_invalid(form)
        messages.success(self.request, f"Closed: {run}.")
        return redirect("payouts:run", pk=run.pk)


def run_context(run, **extra):
    payees = run.payees.prefetch_related(Prefetch("items", queryset=PayoutItem.objects.select_related("maker")))
    rows = []
    for payee in payees:
        by_bucket = dict.fromkeys(BUCKETS, 0)
        for item in payee.items.all():
            by_bucket[item.bucket] += item.amount
        rows.append((payee, runs.public_payee_label(payee), [by_bucket[b] for b in BUCKETS]))
    totals = bucket_totals([run.pk])[run.pk]
    kinds = dict(PayoutPayee.KIND_CHOICES)
    return {
        "run": run, "rows": rows, "buckets": BUCKET_CHOICES, "totals": [totals[b] for b in BUCKETS],
        "total": sum(totals.values()), "receivables": runs.receivables(run),
        "events": run.events.select_related("by").order_by("at", "pk"), "entries": audit.trail(run),
        "exports": [(kind, kinds[kind]) for kind in sorted({payee.kind for payee, _, _ in rows})],
        "empty": not rows, "empty_note": runs.EMPTY_RUN, "cancel_form": CancelRunForm(), **extra,
    }


class RunDetailView(RoleRequired, View):
    permission_required = "payouts.view_payoutrun"

    def get(self, request, pk):
        run = get_object_or_404(PayoutRun.objects.select_related("closed_by", "first_approved_by",
                                                                 "second_approved_by"), pk=pk)
        return render(request, "payouts/dashboard/run_detail.html", run_context(run))


class ApproveRunView(RoleRequired, View):
    """POST only. The engine refuses a second approval by the same admin, whatever the page showed."""

    permission_required = "payouts.approve_payoutrun"

    def post(self, request, pk):
        run = get_object_or_404(PayoutRun, pk=pk)
        try:
            run = runs.approve(run, request.user)
        except runs.PayoutError as refused:
            return render(request, "payouts/dashboard/run_detail.html", run_context(run, error=str(refused)),
                          status=409)
        messages.success(request, f"Approved: the run is now “{run.get_state_display()}”.")
        return redirect("payouts:run", pk=run.pk)


class CancelRunView(RoleRequired, View):
    permission_required = "payouts.approve_payoutrun"

    def post(self, request, pk):
        run = get_object_or_404(PayoutRun, pk=pk)
        form = CancelRunForm(request.POST)
        if form.is_valid():
            try:
                runs.cancel(run, request.user, form.cleaned_data["reason"])
            except runs.PayoutError as refused:
                form.add_error(None, str(refused))
        if not form.is_valid():
            return render(request, "payouts/dashboard/run_detail.html", run_context(run, cancel_form=form),
                          status=400)
        messages.success(request, "The run is cancelled; its period may be closed again.")
        return redirect("payouts:run", pk=run.pk)


class MarkPaidView(RoleRequired, View):
    permission_required = "payouts.approve_payoutrun"
    template_name = "payouts/dashboard/mark_paid.html"

    def form(self, run, data=None):
        payees = run.payees.prefetch_related(Prefetch("items", queryset=PayoutItem.objects.select_related("maker")))
        form = MarkPaidForm(data, payees=list(payees))
        for payee in form.payees:
            form.fields[f"reference_{payee.pk}"].label = runs.public_payee_label(payee)
        return form

    def page(self, request, run, form, status=200):
        empty = not run.items.exists()
        return render(request, self.template_name, {"run": run, "form": form, "empty": empty,
                                                    "empty_note": runs.EMPTY_RUN}, status=status)

    def get(self, request, pk):
        run = get_object_or_404(PayoutRun, pk=pk)
        return self.page(request, run, self.form(run))

    def post(self, request, pk):
        run = get_object_or_404(PayoutRun, pk=pk)
        form = self.form(run, request.POST)
        if form.is_valid():
            try:
                runs.mark_paid(run, request.user, form.references())
            except runs.PayoutError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "The run is marked paid.")
                return redirect("payouts:run", pk=run.pk)
        return self.page(request, run, form, status=400)


class ExportView(RoleRequired, View):
    """A remittance CSV for one kind of payee. It may name members and prisoner numbers, so each download is logged."""

    permission_required = ("payouts.approve_payoutrun", "makers.view_private_maker")

    def get(self, request, pk, kind):
        run = get_object_or_404(PayoutRun, pk=pk)
        if kind not in dict(PayoutPayee.KIND_CHOICES):
            raise Http404("No such payee kind")
        audit.record(request.user, "payout.exported", run, note=f"CSV export for {kind}")
        response = HttpResponse(runs.export_csv(run, kind), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="payout-run-{run.pk}-{kind}.csv"'
        return response


class HeldSalesView(RoleRequired, TemplateView):
    """Paid lines whose money is held because allocation could not tell who to pay (payouts.allocation), with why,
    a link to fix the listing's makers, and the action to allocate each one again."""

    permission_required = "payouts.view_transaction"
    template_name = "payouts/dashboard/held_sales.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(held=allocation.held_sales(), **kwargs)


class AllocateHeldView(RoleRequired, View):
    """POST only: allocate a held line again through the normal allocation; what still stops it is shown."""

    permission_required = "payouts.add_transaction"

    def post(self, request, line_id):
        line = get_object_or_404(Line.objects.select_related("order"), pk=line_id,
                                 pk__in=Transaction.objects.filter(kind=Transaction.HOLD).values("line_id"))
        still = allocation.allocate_held(line, request.user)
        if still:
            messages.error(request, f"Order {line.order.number}, line {line.pk} is still held: {still}")
        else:
            messages.success(request, f"Order {line.order.number}, line {line.pk} is allocated to its makers.")
        return redirect("payouts:held")


class PolicyListView(RoleRequired, ListView):
    permission_required = "payouts.view_splitpolicy"
    template_name = "payouts/dashboard/policy_list.html"
    context_object_name = "policies"
    queryset = SplitPolicy.objects.select_related("created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        versions = (SplitPolicy.objects.in_force(status, now) for status, _ in MakerStatus.STATUS_CHOICES)
        context["in_force"] = {version.pk for version in versions if version}
        return context


class PolicyCreateView(RoleRequired, FormView):
    """A new version, starting from the figures of the version in force for the chosen status."""

    permission_required = "payouts.add_splitpolicy"
    template_name = "payouts/dashboard/policy_form.html"
    form_class = PolicyForm

    def get_initial(self):
        status = self.request.GET.get("status", "")
        current = SplitPolicy.objects.in_force(status, timezone.now()) if status else None
        if current is None:
            return {"status": status}
        return {field: getattr(current, field) for field in ("status", "wages_bp", "reparation_bp", "room_board_bp",
                                                             "surplus_bp", "housed_room_board_bp", "levy_rate_bp",
                                                             "levy_threshold_pence")}

    def form_valid(self, form):
        policy = add_policy_version(form.instance, by=self.request.user)
        messages.success(self.request, f"Added the split policy version {policy}.")
        return redirect("payouts:policies")


def _period(request, maker):
    """The statement period from ?start=&end= (London dates), or an error to show. By default the four weeks up to
    the maker's latest sale, so the statement opens on their sales, or the last four full weeks when they have none."""
    today = timezone.localtime(timezone.now(), LONDON).date()
    try:
        end = _day(request, "end") or latest_sale_day(maker) or today - datetime.timedelta(days=today.weekday() + 1)
        start = _day(request, "start")
        check_period(start or end, end)
    except ValueError as refused:
        return None, None, str(refused)
    return start or max(end - datetime.timedelta(days=27), FIRST_DAY), end, ""


def _day(request, name):
    if not request.GET.get(name):
        return None
    try:
        return datetime.date.fromisoformat(request.GET[name])
    except ValueError:
        raise ValueError("Dates must be written YYYY-MM-DD.") from None


class StatementView(RoleRequired, TemplateView):
    """A maker's statement for a period, for admins and the maker's instructors; ``printable`` drops all navigation.

    Makers outside the user's workshops are not found (404)."""

    permission_required = "makers.view_statement"
    printable = False

    def get_template_names(self):
        return ["payouts/statement_print.html" if self.printable else "payouts/dashboard/statement.html"]

    def get_context_data(self, **kwargs):
        maker = get_object_or_404(statement_makers_for(self.request.user), slug=self.kwargs["slug"])
        return statement_context(self.request, maker, print_url=reverse("payouts:statement-print", args=[maker.slug]))


def statement_context(request, maker, print_url):
    start, end, error = _period(request, maker)
    statement = statement_for(maker, start, end) if not error else None
    query = f"?start={start}&end={end}" if statement else ""
    return {"maker": maker, "statement": statement, "error": error, "start": start, "end": end,
            "print_url": print_url + query}


class OwnStatementView(LoginRequiredMixin, TemplateView):
    """A signed-in maker's own statement (and nothing of anyone else's: there is no maker in the URL)."""

    login_url = reverse_lazy("customer:login")
    printable = False

    def get_template_names(self):
        return ["payouts/statement_print.html" if self.printable else "payouts/own_statement.html"]

    def get_context_data(self, **kwargs):
        maker = getattr(self.request.user, "maker", None)
        if maker is None:
            raise Http404("No statement: this account is not a maker's")
        return statement_context(self.request, maker, print_url=reverse("own-statement-print")) | {
            "active_tab": "statements", "page_title": "Your statements"}
