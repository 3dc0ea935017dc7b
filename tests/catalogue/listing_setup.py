"""Builders and form helpers for the listing tests (fixtures are in conftest.py)."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from oscar.core.loading import get_model

from makers.models import Attribution, Consent
from tests import factories

Product = get_model("catalogue", "Product")


def make_user(email, role, staff=False):
    user = get_user_model().objects.create_user(email=email, password="pass-for-tests-1")
    if staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=role))
    return user


def make_listing(maker, line="art", state=Product.DRAFT, **attributes):
    product = factories.make_product(line, partner=maker.workshop.partner, is_public=state == Product.APPROVED,
                                     **attributes)
    Product.objects.filter(pk=product.pk).update(moderation_state=state, is_public=state == Product.APPROVED)
    Attribution.objects.create(product=product, maker=maker)
    product.categories.add(get_model("catalogue", "Category").objects.get(slug=product.product_class.slug))
    product.refresh_from_db()
    return product


def give_consent(maker):
    Consent.objects.create(maker=maker, scope=Consent.LISTING, given_on=datetime.date(2024, 1, 1))




def form_data(context):
    """What a browser would post back for the product form as rendered: every field's current value."""
    from django import forms

    data, bound = {}, [context["form"]]
    for name in ("category_formset", "image_formset", "recommended_formset", "stockrecord_formset",
                 "attribution_formset"):
        formset = context.get(name)
        if formset is None:
            continue
        for field in formset.management_form:
            data[field.html_name] = field.value()
        bound.extend(formset.forms)
    for form in bound:
        for field in form:
            value = field.value()
            if value is None or value is False or value == "" or isinstance(field.field, forms.FileField):
                continue
            data[field.html_name] = getattr(value, "pk", value)
            if field.field.show_hidden_initial:
                data[field.html_initial_name] = data[field.html_name]
    return data


def form_errors(response):
    """Every error on the product form and its formsets, for assertion messages."""
    context = response.context
    if context is None:
        return response
    found = {"form": context["form"].errors}
    for name in ("category_formset", "image_formset", "stockrecord_formset", "attribution_formset"):
        formset = context.get(name)
        if formset is not None:
            found[name] = (formset.non_form_errors(), [form.errors for form in formset.forms])
    return found
