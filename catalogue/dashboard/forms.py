"""Oscar's product forms, scoped to what the person editing may touch (``catalogue.scope``).

Differences from Oscar's: ``is_public`` is not a field (moderation owns it); a hidden version token refuses a form
posted after someone else changed the listing; stock records go only to the user's own workshops; images pass through
``catalogue.images``; and a listing says who made it, with share weights and each maker's consent to listing.
"""

import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import inlineformset_factory
from oscar.apps.dashboard.catalogue import formsets as oscar_formsets
from oscar.apps.dashboard.catalogue.forms import CategoryForm, ProductForm, ProductImageForm, StockRecordForm
from oscar.core.loading import get_model
from oscar.forms.widgets import ImageInput

from catalogue import images, listings, product_lines, scope
from makers import access
from makers.models import Attribution, Consent, Maker

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

STALE = ("Someone changed this listing after you opened it, so your changes were not saved (they would have "
         "overwritten theirs). Reload the page to see the listing as it is now, then make your changes again.")


def version_of(product):
    """The token a form carries to notice that its listing changed meanwhile: when it and its stock records were last
    saved, and who is credited with what share (the same form edits those, and their saves leave the product alone)."""
    if not (product and product.pk and product.date_updated):
        return ""
    stock = StockRecord.objects.filter(product=product).order_by("-date_updated").values_list("date_updated", flat=True)
    latest_stock = stock.first()
    credits = sorted(listings.credits(product).items())
    return "/".join([product.date_updated.isoformat(), latest_stock.isoformat() if latest_stock else "",
                     hashlib.sha256(repr(credits).encode()).hexdigest()[:12]])


class ListingForm(ProductForm):
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta(ProductForm.Meta):
        fields = [name for name in ProductForm.Meta.fields if name != "is_public"]

    def __init__(self, product_class, *args, parent=None, **kwargs):
        super().__init__(product_class, *args, parent=parent, **kwargs)
        self.fields["version"].initial = version_of(self.instance)
        if self.instance.pk is None:
            # Nothing is public before review; a new variant follows its listing (whose review it triggers).
            self.instance.is_public = bool(parent and parent.is_public)

    def is_stale(self, current):
        """True if the listing was saved by someone else since this form was rendered."""
        return self.cleaned_data.get("version", "") != version_of(current)


class ScopedStockRecordForm(StockRecordForm):
    def __init__(self, product_class, user, *args, **kwargs):
        super().__init__(product_class, user, *args, **kwargs)
        if not access.sees_every_workshop(user):
            self.fields["partner"].queryset = scope.partners_for(user)
            self.fields["partner"].label = "Workshop"

    def clean(self):
        """The line's stock rule as a field error: left to the save, it came out of the form as a server error.
        The product is the one the product form just cleaned (same object), so an edition changed in the same post
        counts."""
        cleaned = super().clean()
        if self.instance.product_id:  # Oscar saves a new product before it validates the formsets
            product_lines.validate_stock(
                StockRecord(product=self.instance.product, num_in_stock=cleaned.get("num_in_stock")))
        return cleaned


class StockRecordFormSet(oscar_formsets.StockRecordFormSet):
    """Oscar's, with "the user's partners" meaning the workshops they run or work in (makers are no partner users)."""

    form = ScopedStockRecordForm

    def __init__(self, product_class, user, *args, **kwargs):
        if not access.sees_every_workshop(user) and "instance" in kwargs:
            kwargs["queryset"] = StockRecord.objects.filter(
                product=kwargs["instance"], partner__in=scope.partners_for(user))
        super().__init__(product_class, user, *args, **kwargs)
        # Textiles keep their stock on their variants: the listing itself must stay stockless to have any.
        stock_on_variants = product_class.slug == product_lines.TEXTILES or self.instance.is_parent
        self.require_user_stockrecord = not (access.sees_every_workshop(user) or stock_on_variants)

    def set_initial_data(self):
        partners = list(scope.partners_for(self.user)[:2])
        if self.forms and not access.sees_every_workshop(self.user) and len(partners) == 1:
            field = self.forms[0].fields.get("partner")
            if field and field.initial is None:
                field.initial = partners[0]

    def clean(self):
        if any(self.errors) or not self.require_user_stockrecord:
            return
        chosen = {form.cleaned_data.get("partner") for form in self.forms if not self._should_delete_form(form)}
        if not chosen & set(scope.partners_for(self.user)):
            raise ValidationError("Record the stock and price held by your workshop.")


class ListingImageForm(ProductImageForm):
    original = images.ImageField(label="Image", widget=ImageInput(attrs={"aria-label": "Image"}))  # shown unlabelled


class ProductImageFormSet(oscar_formsets.ProductImageFormSet):
    form = ListingImageForm


class ListingCategoryForm(CategoryForm):
    image = images.ImageField(label="Image", required=False, widget=ImageInput())


class AttributionForm(forms.ModelForm):
    consent = forms.BooleanField(
        required=False, label="Consent to listing given",
        help_text="Tick if this maker has agreed (today) to their work being listed under their display name.")

    class Meta:
        model = Attribution
        fields = ["maker", "share_weight"]

    def __init__(self, *args, makers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["maker"].queryset = makers
        self.fields["maker"].label_from_instance = lambda maker: maker.display_name
        maker = self.instance.maker if self.instance.pk else None
        self.has_consent = bool(maker and maker.has_consent(Consent.LISTING))


class BaseAttributionFormSet(forms.BaseInlineFormSet):
    """Who made the listing. Choices are the makers the user looks after, plus any already credited by another
    workshop (a co-made piece), so saving never drops someone else's maker."""

    def __init__(self, product_class, user, *args, **kwargs):
        self.user = user
        instance = kwargs.get("instance")
        credited = Attribution.objects.filter(product=instance).values("maker") if instance and instance.pk else []
        own = scope.makers_for(user)
        self.makers = Maker.objects.filter(Q(pk__in=own.values("pk")) | Q(pk__in=credited))
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "makers": self.makers}

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [form for form in self.forms if form.cleaned_data.get("maker") and not self._should_delete_form(form)]
        makers = [form.cleaned_data["maker"] for form in kept]
        if len(makers) != len(set(makers)):
            raise ValidationError("Each maker can be credited once; give a co-maker a bigger share instead.")
        if not kept:
            raise ValidationError("Say who made this listing: credit at least one maker.")
        if not access.sees_every_workshop(self.user) and not set(makers) & set(scope.makers_for(self.user)):
            raise ValidationError("Credit at least one of your own makers, or you could no longer see this listing.")

    def save(self, commit=True):
        before = listings.credits(self.instance)
        saved = super().save(commit)
        for position, form in enumerate(form for form in self.forms if form.cleaned_data.get("maker")
                                        and not self._should_delete_form(form)):
            attribution = form.instance
            if attribution.pk and attribution.position != position:
                attribution.position = position
                attribution.save(update_fields=["position"])
            if form.cleaned_data.get("consent") and not attribution.maker.has_consent(Consent.LISTING):
                listings.record_listing_consent(attribution.maker, self.user)
        listings.record_credits(self.instance, before, self.user)
        return saved


AttributionFormSet = inlineformset_factory(
    Product, Attribution, form=AttributionForm, formset=BaseAttributionFormSet, extra=1,
    can_delete=True)
