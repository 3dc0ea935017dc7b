"""Django admin (superusers only) for the payout engine; the co-op admins' screens belong to the dashboard."""

from django.contrib import admin

from payouts.models import Account, Entry, PayoutEvent, PayoutItem, PayoutPayee, PayoutRun, SplitPolicy, Transaction


class ReadOnly(admin.ModelAdmin):
    """Ledger and run records change only through payouts' service functions."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SplitPolicy)
class SplitPolicyAdmin(admin.ModelAdmin):
    list_display = ["status", "effective_from", "wages_bp", "reparation_bp", "room_board_bp", "surplus_bp",
                    "created_by", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Account)
class AccountAdmin(ReadOnly):
    list_display = ["key", "kind"]
    list_filter = ["kind"]
    search_fields = ["key"]


class EntryInline(admin.TabularInline):
    model = Entry
    fields = ["account", "amount", "maker", "bucket", "policy"]
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Transaction)
class TransactionAdmin(ReadOnly):
    list_display = ["idempotency_key", "kind", "occurred_at", "posted_at"]
    list_filter = ["kind"]
    search_fields = ["idempotency_key"]
    inlines = [EntryInline]


@admin.register(Entry)
class EntryAdmin(ReadOnly):
    list_display = ["transaction", "account", "amount", "bucket"]
    list_filter = ["bucket", "account__kind"]
    list_select_related = ["transaction", "account"]


class PayoutEventInline(admin.TabularInline):
    model = PayoutEvent
    readonly_fields = ["action", "state", "by", "at", "note"]
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PayoutRun)
class PayoutRunAdmin(ReadOnly):
    list_display = ["period_end", "state", "closed_at", "first_approved_by", "second_approved_by"]
    list_filter = ["state"]
    inlines = [PayoutEventInline]


@admin.register(PayoutPayee)
class PayoutPayeeAdmin(ReadOnly):
    list_display = ["run", "kind", "name", "amount", "payment_reference"]
    list_filter = ["kind"]


@admin.register(PayoutItem)
class PayoutItemAdmin(ReadOnly):
    list_display = ["run", "account", "bucket", "balance", "amount"]
