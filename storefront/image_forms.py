"""Wagtail's image form (``WAGTAILIMAGES_IMAGE_FORM_BASE``), so pictures editors upload for stories and pages pass the
same checks as every other picture and are stored without their EXIF or GPS data (``catalogue.images``)."""

from wagtail.images.forms import BaseImageForm

from catalogue.images import clean_image


class ImageForm(BaseImageForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            return clean_image(upload)
        return upload
