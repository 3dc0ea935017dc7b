"""Public pages for workshops and makers: display names, bios and work, nothing private."""

from django.views.generic import DetailView

from makers.models import Maker, Workshop
from storefront import showcase


class WorkshopView(DetailView):
    model = Workshop
    template_name = "makers/workshop.html"
    context_object_name = "workshop"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["makers"] = self.object.makers.all()
        context["products"] = showcase.card_queryset().filter(stockrecords__partner=self.object.partner).distinct()
        return context


class MakerView(DetailView):
    model = Maker
    template_name = "makers/maker.html"
    context_object_name = "maker"

    def get_queryset(self):
        return Maker.objects.select_related("workshop")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["products"] = showcase.card_queryset().filter(attributions__maker=self.object)
        context["stories"] = self.object.stories.live().public()
        context["show_photo"] = bool(self.object.photo) and self.object.has_consent("photo")
        return context
