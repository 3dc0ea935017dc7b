"""What the co-op's own dashboard screens share: how they refuse people, and the audit-log screen.

Oscar's dashboard views check their permissions in Oscar's way; the project's screens (payouts, makers, statements,
the audit log) use ``RoleRequired``: anonymous visitors go to the sign-in page, signed-in people without the role's
permission get 403, and objects outside their scope answer 404 (makers.access).
"""

from django import forms
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.urls import reverse_lazy
from django.views.generic import ListView

from storefront.models import AuditEntry


class RoleRequired(PermissionRequiredMixin):
    login_url = reverse_lazy("customer:login")


class DatePicker(forms.DateInput):
    """The browser's date picker, which needs ISO dates to show a saved value."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class AuditLogView(RoleRequired, ListView):
    """Every recorded admin action, newest first, filtered by kind of thing, object and action."""

    permission_required = "storefront.view_auditentry"
    template_name = "storefront/dashboard/audit_log.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        entries = AuditEntry.objects.select_related("actor")
        for param in ("target_type", "target_id"):
            if value := self.request.GET.get(param, "").strip():
                entries = entries.filter(**{param: value})
        if action := self.request.GET.get("action", "").strip():
            entries = entries.filter(action__startswith=action)
        return entries

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["target_types"] = (AuditEntry.objects.order_by("target_type").values_list("target_type", flat=True)
                                   .distinct())
        context["filters"] = {key: self.request.GET.get(key, "") for key in ("target_type", "target_id", "action")}
        return context
