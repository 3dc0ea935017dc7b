"""Oscar's product dashboard for instructors, makers and co-op admins, plus the co-op admins' review queue.

Every product is fetched through ``catalogue.scope``, so a listing of another workshop answers 404. Moderation
(``catalogue.moderation``) owns whether a listing is public: there is no "is public" box and no bulk "make public";
editing an approved listing's public text sends it back to review, price and stock edits do not.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.views import generic
from django_tables2 import TemplateColumn
from oscar.apps.dashboard.catalogue import views as oscar_views
from oscar.apps.dashboard.catalogue.bulk_actions import SetProductPriceAction
from oscar.apps.dashboard.catalogue.tables import ProductTable
from oscar.core.loading import get_model

from catalogue import flags, listings, moderation, scope
from catalogue.dashboard import forms
from catalogue.dashboard.review import ReviewForm
from makers import access
from storefront import rich_text

Product = get_model("catalogue", "Product")

ADMIN_BULK_ACTIONS = {"set_product_price": SetProductPriceAction()}


class ListingTable(ProductTable):
    """Oscar's product table with the review state in place of "is public", deletes only for those who may, and no
    sorting by the selection boxes."""

    checkbox = TemplateColumn(verbose_name="", orderable=False,  # a sort link with no text has no name
                              template_name="oscar/dashboard/catalogue/product_row_checkbox.html")
    moderation_state = TemplateColumn(
        verbose_name="Review", order_by="moderation_state",
        template_code="{{ record.get_moderation_state_display }}")
    actions = TemplateColumn(verbose_name="Actions", orderable=False,
                             template_name="catalogue/dashboard/product_row_actions.html")

    class Meta(ProductTable.Meta):
        exclude = ("is_public",)
        sequence = ("checkbox", "title", "upc", "image", "product_class", "variants", "stock_records", "...",
                    "moderation_state", "date_updated", "actions")

    def __init__(self, *args, can_delete=False, **kwargs):
        self.can_delete = can_delete
        super().__init__(*args, **kwargs)


class ListingListView(oscar_views.ProductListView):
    """The listings the user may see. Admins keep one bulk action (set a price); others get none."""

    table_class = ListingTable
    intermediate_actions = ADMIN_BULK_ACTIONS

    def post(self, request, *args, **kwargs):
        if not access.sees_every_workshop(request.user):
            raise PermissionDenied("Bulk actions are for co-op admins.")
        return super().post(request, *args, **kwargs)

    def get_actions(self):
        return dict(ADMIN_BULK_ACTIONS) if access.sees_every_workshop(self.request.user) else {}

    def filter_queryset(self, queryset):
        return queryset.filter(pk__in=scope.products_for(self.request.user).values("pk"))

    def get_table(self, **kwargs):
        kwargs["can_delete"] = scope.can_delete(self.request.user)
        if not self.get_actions():
            kwargs["exclude"] = ("checkbox",)
        return super().get_table(**kwargs)


class ListingBulkActionConfirmView(oscar_views.ProductBulkActionConfirmView):
    intermediate_actions = ADMIN_BULK_ACTIONS


class ListingLookupView(oscar_views.ProductLookupView):
    """Product search for the "recommended products" picker: public listings and the user's own."""

    def get_queryset(self):
        own = scope.products_for(self.request.user).values("pk")
        return Product.objects.browsable().filter(is_public=True) | Product.objects.browsable().filter(pk__in=own)


class ListingCreateUpdateView(oscar_views.ProductCreateUpdateView):
    """Oscar's product form, scoped, with makers' credits and consent, a stale-form check and "Submit for review"."""

    template_name = "catalogue/dashboard/product_update.html"
    form_class = forms.ListingForm
    image_formset = forms.ProductImageFormSet
    stockrecord_formset = forms.StockRecordFormSet

    def get_queryset(self):
        return scope.products_for(self.request.user)

    def get_object(self, queryset=None):
        if "parent_pk" in self.kwargs:
            self.creating = True
            self.parent = get_object_or_404(self.get_queryset(), pk=self.kwargs["parent_pk"])
            self.product_class = self.parent.product_class
            self._arrange_formsets()
            return None
        product = super().get_object(queryset)
        self._arrange_formsets()
        return product

    def _arrange_formsets(self):
        # A variant is credited through its parent.
        if self.parent is None:
            self.formsets["attribution_formset"] = forms.AttributionFormSet

    @property
    def listing(self):
        """The listing under review: the product itself, or a variant's parent."""
        return self.parent or self.object

    def editable(self):
        listing = self.listing
        return (listing is None or access.sees_every_workshop(self.request.user)
                or listing.moderation_state in moderation.EDITABLE_STATES)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.editable():
            messages.error(request, "This listing is with the reviewer; it can be changed again once they decide.")
            return redirect(self.request.path)
        # Taken before Oscar's view saves anything (it saves a new variant before validating the formsets).
        listing = self.listing
        self.before = listings.snapshot(listing) if listing is not None and listing.pk else None
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["listing"] = self.listing
        ctx["editable"] = self.editable()
        ctx["can_delete"] = scope.can_delete(self.request.user)
        ctx["can_submit"] = self.listing is None or self.listing.moderation_state in (
            Product.DRAFT, Product.CHANGES_REQUESTED)
        return ctx

    def forms_valid(self, form, formsets):
        with transaction.atomic():
            if not self.creating:
                current = Product.objects.select_for_update().get(pk=self.object.pk)
                if form.is_stale(current):
                    form.add_error(None, forms.STALE)
                    return self.forms_invalid(form, formsets)
            response = super().forms_valid(form, formsets)
            listing = Product.objects.get(pk=(self.parent or self.object).pk)
            if listings.saved(listing, self.before, self.request.user):
                messages.info(self.request, "The listing's public text changed, so it went back to review.")
        if self.request.POST.get("action") == "submit":
            return self.submit(listing) or response
        return response

    def submit(self, listing):
        try:
            moderation.submit(listing, self.request.user)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("dashboard:catalogue-product", kwargs={"pk": listing.pk}))
        messages.success(self.request, f"“{listing.title}” is submitted for review.")
        return None


class CategoryCreateView(oscar_views.CategoryCreateView):
    form_class = forms.ListingCategoryForm


class CategoryUpdateView(oscar_views.CategoryUpdateView):
    form_class = forms.ListingCategoryForm


class ListingDeleteView(oscar_views.ProductDeleteView):
    def get_queryset(self):
        return scope.products_for(self.request.user)


class ReviewListView(generic.ListView):
    """Listings waiting for a co-op admin, oldest first, with how many flags each raises."""

    template_name = "catalogue/dashboard/review_list.html"
    context_object_name = "listings"
    paginate_by = 50

    def get_queryset(self):
        return (Product.objects.filter(moderation_state=Product.SUBMITTED, parent=None)
                .select_related("product_class").prefetch_related(*flags.PREFETCH)
                .order_by("date_updated"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        for listing in ctx["listings"]:
            listing.flags = flags.flags_for(listing)
        return ctx


def as_published(key, text):
    """A part of a listing's text as the product page will show it: the description as sanitised HTML, rendered (so
    the reviewer sees links and formatting, and never a script), the rest as plain text."""
    return rich_text.render(text) if key == "description" else linebreaksbr(text, autoescape=True)


class ReviewView(generic.DetailView):
    """One listing as a buyer would read it (private details masked), its flags and the decision."""

    template_name = "catalogue/dashboard/review.html"
    context_object_name = "listing"

    def get_queryset(self):
        return Product.objects.filter(parent=None).select_related("product_class").prefetch_related(*flags.PREFETCH)

    def get_form(self):
        return ReviewForm(self.object, self.request.POST or None)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        if form.is_valid() and form.decide(request.user):
            messages.success(request, f"“{self.object.title}”: {form.outcome}.")
            return redirect("dashboard:catalogue-review-list")
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        attributions = self.object.attributions.all()
        makers = [attribution.maker for attribution in attributions]
        ctx["texts"] = {where: as_published(key, flags.mask_private(text, makers))
                        for key, where, text in moderation.public_text_parts(self.object) if text.strip()}
        ctx["attributions"] = [(attribution, attribution.maker.has_consent("listing")) for attribution in attributions]
        ctx["stockrecords"] = self.object.stockrecords.select_related("partner")
        ctx["variants"] = self.object.children.prefetch_related("stockrecords")
        return ctx
