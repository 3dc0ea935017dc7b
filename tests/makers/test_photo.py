"""A maker's photo, uploaded by a co-op admin on the maker's page, goes through catalogue.images: a file that is not
a picture is refused with a field error, and a phone photo is stored without its EXIF (camera, GPS position)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from catalogue import images
from makers.actions import version_token
from storefront import roles
from storefront.models import AuditEntry
from tests.factories import make_maker, make_user, make_workshop

pytestmark = pytest.mark.django_db


def gps_jpeg(name="ada.jpg"):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (53.0, 28.0, 50.0)
    out = io.BytesIO()
    Image.new("RGB", (48, 32), (90, 140, 200)).save(out, format="JPEG", exif=exif.tobytes())
    assert b"PhoneCo" in out.getvalue()
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def edit(client, settings, tmp_path):
    """Post the maker's public record with a photo, as an admin, and return the response and the maker."""
    settings.MEDIA_ROOT = tmp_path
    maker = make_maker(display_name="Ada", workshop=make_workshop())
    client.force_login(make_user(roles.ADMINS))

    def post(photo, **extra):
        data = {"display_name": "Ada", "bio": "", "workshop": maker.workshop.pk, "version": version_token(maker),
                "photo": photo, **extra}
        response = client.post(reverse("makers-dashboard:maker", args=[maker.pk]), data)
        maker.refresh_from_db()
        return response, maker
    return post


def test_a_text_file_named_jpg_is_refused_with_a_field_error(edit):
    fake = SimpleUploadedFile("portrait.jpg", b"not a picture, just words", content_type="image/jpeg")
    response, maker = edit(fake)
    assert response.status_code == 400
    assert response.context["form"].errors["photo"] == [images.NOT_AN_IMAGE]
    assert images.NOT_AN_IMAGE in response.content.decode()
    assert not maker.photo


def test_a_phone_photo_is_stored_without_its_exif_and_gps(edit):
    response, maker = edit(gps_jpeg())
    assert response.status_code == 302
    assert maker.photo.name.startswith("makers/") and maker.photo.name.endswith(".jpg")
    with maker.photo.open("rb") as handle:
        content = handle.read()
    assert b"Exif" not in content and b"PhoneCo" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert image.size == (48, 32) and not image.getexif()
    assert AuditEntry.objects.get(action="maker.changed").after == {"photo": maker.photo.name}


def test_saving_without_an_upload_keeps_the_photo_and_clear_removes_it(edit):
    _, maker = edit(gps_jpeg())
    stored = maker.photo.name
    response, maker = edit("")
    assert response.status_code == 302 and maker.photo.name == stored
    response, maker = edit("", **{"photo-clear": "on"})
    assert response.status_code == 302 and not maker.photo
