"""Uploaded pictures are decoded (not trusted by name), limited in bytes and pixels, and stored without EXIF or GPS."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from catalogue import images
from tests.catalogue.listing_setup import form_data, form_errors

pytestmark = pytest.mark.django_db


def picture(fmt="JPEG", size=(64, 48), exif=None, name="photo.jpg"):
    out = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, (200, 120, 40)).save(out, format=fmt, **options)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def gps_exif():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.Base.Orientation] = 1
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (53.0, 28.0, 50.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 14.0, 40.0)
    return exif.tobytes()


def test_the_gps_fixture_really_carries_gps():
    with Image.open(picture(exif=gps_exif())) as image:
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_a_text_file_named_jpg_is_not_an_image():
    fake = SimpleUploadedFile("holiday.jpg", b"just some words, not a picture\n" * 20, content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        images.clean_image(fake)
    assert error.value.code == "not_an_image"


def test_more_than_10_mb_is_refused_before_decoding():
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"\0" * images.MAX_BYTES, content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        images.clean_image(big)
    assert error.value.code == "too_large"


def test_more_than_40_megapixels_is_refused_without_loading_the_pixels():
    out = io.BytesIO()
    Image.new("1", (8000, 5001)).save(out, format="PNG")  # 40.008 megapixels, a few kilobytes
    upload = SimpleUploadedFile("wide.png", out.getvalue(), content_type="image/png")
    assert upload.size < 100_000
    with pytest.raises(ValidationError) as error:
        images.clean_image(upload)
    assert error.value.code == "too_many_pixels"
    assert "40 megapixels; the most we accept is 40" in error.value.messages[0]


def test_exif_and_gps_are_stripped_and_the_pixels_kept():
    cleaned = images.clean_image(picture(exif=gps_exif(), size=(40, 30)))
    data = cleaned.read()
    assert b"Exif" not in data and b"PhoneCo" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (40, 30) and image.format == "JPEG"
        assert not image.getexif()


def test_the_product_form_refuses_a_fake_image_with_a_field_error_and_stores_a_clean_copy(client, shop):
    client.force_login(shop.ia)
    url = reverse("dashboard:catalogue-product", kwargs={"pk": shop.pa.pk})
    data = form_data(client.get(url).context)
    data["images-0-original"] = SimpleUploadedFile("fake.jpg", b"not an image at all", content_type="image/jpeg")
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["image_formset"].forms[0].errors["original"] == [images.NOT_AN_IMAGE]
    assert images.NOT_AN_IMAGE in response.content.decode()

    data = form_data(client.get(url).context)
    data["images-0-original"] = picture(exif=gps_exif(), name="workshop.jpg")
    response = client.post(url, data)
    assert response.status_code == 302, form_errors(response)
    stored = shop.pa.images.get().original
    with stored.open("rb") as handle:
        content = handle.read()
    assert b"Exif" not in content and b"PhoneCo" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert not image.getexif()


def test_pictures_uploaded_to_wagtail_lose_their_gps_too():
    from wagtail.images import get_image_model
    from wagtail.images.forms import get_image_form

    form_class = get_image_form(get_image_model())
    form = form_class({"title": "Workshop bench"}, {"file": picture(exif=gps_exif(), name="bench.jpg")})
    assert form.is_valid(), form.errors
    image = form.save()
    with image.file.open("rb") as handle:
        content = handle.read()
    assert b"Exif" not in content and b"PhoneCo" not in content
    assert (image.width, image.height) == (64, 48)
    fake = form_class({"title": "Not a picture"}, {"file": SimpleUploadedFile("x.jpg", b"words", "image/jpeg")})
    assert not fake.is_valid() and fake.errors["file"]


def test_category_pictures_go_through_the_same_checks(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser(email="root@example.org", password="x"))
    url = reverse("dashboard:catalogue-category-create")
    data = {"name": "Prints", "_position": "first-child", "_ref_node_id": "",
            "image": SimpleUploadedFile("fake.jpg", b"not a picture", content_type="image/jpeg")}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["image"] == [images.NOT_AN_IMAGE]
