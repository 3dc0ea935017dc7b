from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from storefront.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Oscar's user signs in by email and has no username (ARCHITECTURE.md trap 4: admin with search_fields)."""

    ordering = ["email"]
    search_fields = ["email", "first_name", "last_name"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


def superusers_only(request):
    """The Django admin is for superusers only (ARCHITECTURE.md URL map): co-op admins are staff for Oscar's
    dashboard, which must not open Django's admin to them as well."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = superusers_only
