"""Makers administration in Oscar's dashboard.

Co-op admins list, create and edit makers (public fields, workshop, statuses, membership) and, on a separate page whose
every view is logged, their private fields. Instructors see their own workshops' makers, public fields only, and
record consent. A maker outside the user's scope (makers.access) is not found: 404, never someone else's data.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.generic import ListView

from makers import actions
from makers.access import makers_for, workshops_for
from makers.consent import give_consent, withdraw_consent
from makers.forms import (ConsentForm, MakerCreateForm, MakerForm, MembershipForm, PrivateFieldsForm, StatusForm,
                          WithdrawConsentForm)
from makers.models import Consent, MakerStatus, Membership
from storefront import audit
from storefront.dashboard import RoleRequired


def scoped_maker(request, pk):
    return get_object_or_404(makers_for(request.user).select_related("workshop"), pk=pk)


def save_maker(request, maker, form):
    """Apply a valid maker form through the audited action; a stale or refused edit becomes a form error instead."""
    if not form.is_valid():
        return False
    try:
        actions.update_maker(maker, request.user, form.cleaned_data["version"], **form.changes())
    except actions.StaleEdit as stale:
        form.add_error(None, str(stale))
    except ValidationError as invalid:
        form.add_error(None, invalid)
    else:
        return True
    return False


class MakerListView(RoleRequired, ListView):
    permission_required = "makers.view_maker"
    template_name = "makers/dashboard/maker_list.html"
    context_object_name = "makers"
    paginate_by = 50

    def get_queryset(self):
        makers = makers_for(self.request.user).select_related("workshop").prefetch_related(
            Prefetch("statuses", queryset=MakerStatus.objects.in_force(), to_attr="current_statuses"),
            Prefetch("consents", queryset=Consent.objects.in_force(), to_attr="current_consents"))
        if workshop := self.request.GET.get("workshop"):
            makers = makers.filter(workshop__slug=workshop)
        return makers

    def get_context_data(self, **kwargs):
        return super().get_context_data(workshops=workshops_for(self.request.user), **kwargs)


class MakerCreateView(RoleRequired, View):
    permission_required = "makers.add_maker"
    template_name = "makers/dashboard/maker_create.html"

    def get(self, request):
        return render(request, self.template_name, {"form": MakerCreateForm()})

    def post(self, request):
        form = MakerCreateForm(request.POST)
        if form.is_valid():
            try:
                maker = actions.create_maker(request.user, **form.cleaned_data)
            except ValidationError as invalid:
                form.add_error(None, invalid)
            else:
                messages.success(request, f"Added {maker.display_name}.")
                return redirect("makers-dashboard:maker", pk=maker.pk)
        return render(request, self.template_name, {"form": form}, status=400)


def maker_page(request, maker, status=200, **forms):
    """The maker page: public record, statuses, membership and consent, with the forms this user may use (``forms``
    replaces one with its bound, invalid copy)."""
    user = request.user
    admin = user.has_perm("makers.change_maker")
    membership = Membership.objects.filter(maker=maker).first()
    context = {
        "maker": maker, "is_admin": admin,
        "statuses": maker.statuses.select_related("recorded_by"),
        "consents": maker.consents.select_related("recorded_by"), "membership": membership,
        "consent_form": ConsentForm(), "withdraw_form": WithdrawConsentForm(),
        "may_record_consent": user.has_perm("makers.add_consent"),
        "entries": audit.trail(maker) if user.has_perm("storefront.view_auditentry") else None,
    }
    if admin:
        context |= {
            "form": MakerForm(instance=maker, initial={"version": actions.version_token(maker)}),
            "status_form": StatusForm(), "membership_form": MembershipForm(instance=membership),
        }
    return render(request, "makers/dashboard/maker_detail.html", context | forms, status=status)


class MakerDetailView(RoleRequired, View):
    """A maker's page for instructors and admins; admins edit the public record here too (POST)."""

    permission_required = "makers.view_maker"

    def get(self, request, pk):
        return maker_page(request, scoped_maker(request, pk))

    def post(self, request, pk):
        if not request.user.has_perm("makers.change_maker"):
            return self.handle_no_permission()
        maker = scoped_maker(request, pk)
        form = MakerForm(request.POST, request.FILES, instance=maker)
        if save_maker(request, maker, form):
            messages.success(request, "Saved.")
            return redirect("makers-dashboard:maker", pk=pk)
        maker.refresh_from_db()
        return maker_page(request, maker, status=400, form=form)


class MakerPrivateView(RoleRequired, View):
    """The private fields, on their own page: showing them is logged; changing them is logged without the values."""

    permission_required = "makers.view_private_maker"
    template_name = "makers/dashboard/maker_private.html"

    def get(self, request, pk):
        maker = scoped_maker(request, pk)
        actions.record_private_view(maker, request.user)
        form = PrivateFieldsForm(instance=maker, initial={"version": actions.version_token(maker)})
        return render(request, self.template_name, {"maker": maker, "form": form})

    def post(self, request, pk):
        maker = scoped_maker(request, pk)
        form = PrivateFieldsForm(request.POST, instance=maker)
        if save_maker(request, maker, form):
            messages.success(request, "Private fields saved.")
            return redirect("makers-dashboard:maker", pk=pk)
        return render(request, self.template_name, {"maker": maker, "form": form}, status=400)


class MakerActionView(RoleRequired, View):
    """POST-only forms of the maker page: each validates, calls one action, and shows errors on the maker page."""

    form_class = None
    form_name = ""

    def act(self, maker, form, **kwargs):
        raise NotImplementedError

    def post(self, request, pk, **kwargs):
        maker = scoped_maker(request, pk)
        form = self.make_form(maker)
        if form.is_valid():
            try:
                self.act(maker, form, **kwargs)
            except ValidationError as invalid:
                form.add_error(None, invalid)
            else:
                messages.success(request, "Saved.")
                return redirect("makers-dashboard:maker", pk=pk)
        return maker_page(request, maker, status=400, **{self.form_name: form})

    def make_form(self, maker):
        return self.form_class(self.request.POST)


class StatusAddView(MakerActionView):
    permission_required = "makers.add_makerstatus"
    form_class, form_name = StatusForm, "status_form"

    def act(self, maker, form):
        actions.add_status(maker, self.request.user, **form.cleaned_data)


class MembershipView(MakerActionView):
    permission_required = "makers.change_membership"
    form_class, form_name = MembershipForm, "membership_form"

    def make_form(self, maker):
        return MembershipForm(self.request.POST, instance=Membership.objects.filter(maker=maker).first())

    def act(self, maker, form):
        actions.save_membership(maker, self.request.user, **form.cleaned_data)


class ConsentGiveView(MakerActionView):
    permission_required = "makers.add_consent"
    form_class, form_name = ConsentForm, "consent_form"

    def act(self, maker, form):
        data = form.cleaned_data
        give_consent(maker, data["scope"], self.request.user, on=data["given_on"], notes=data["notes"])


class ConsentWithdrawView(MakerActionView):
    permission_required = "makers.change_consent"
    form_class, form_name = WithdrawConsentForm, "withdraw_form"

    def act(self, maker, form, consent_pk):
        consent = get_object_or_404(maker.consents.filter(withdrawn_on__isnull=True), pk=consent_pk)
        withdraw_consent(consent, on=form.cleaned_data["withdrawn_on"], by=self.request.user)
