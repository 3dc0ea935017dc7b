"""Media on a real S3 API (moto's server, tests/s3.py), configured as production is: pictures uploaded through the
dashboard land in the public bucket and their thumbnails are served from it to anyone; documents land in the private
bucket, which answers strangers 403, and are read only through the shop's own document view."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from sorl.thumbnail import get_thumbnail
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from makers.consent import withdraw_consent
from makers.models import Consent
from storefront import media, roles
from tests import factories
from tests.catalogue.listing_setup import form_data, form_errors, give_consent, make_listing, make_user

pytestmark = pytest.mark.django_db
Product = factories.Product


def jpeg(size=(300, 200), colour=(40, 120, 200)):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG")
    return out.getvalue()


def key_of(url, s3, bucket):
    prefix = f"{s3.server.endpoint}/{bucket}/"
    assert url.startswith(prefix), url
    return url.removeprefix(prefix)


def test_a_picture_uploaded_in_the_dashboard_is_stored_in_the_public_bucket_and_its_thumbnail_served(s3_media, client):
    maker = factories.make_maker()
    give_consent(maker)
    product = make_listing(maker, state=Product.APPROVED)
    instructor = make_user("instructor@example.org", roles.INSTRUCTORS)
    maker.workshop.instructors.add(instructor)
    client.force_login(instructor)
    url = reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})
    data = form_data(client.get(url).context)
    data["images-0-original"] = SimpleUploadedFile("bench.jpg", jpeg(), content_type="image/jpeg")
    response = client.post(url, data)
    assert response.status_code == 302, form_errors(response)

    original = product.images.get().original
    assert original.name in s3_media.server.keys(s3_media.public)
    assert original.name not in s3_media.server.keys(s3_media.private)
    client.logout()
    page = client.get(product.get_absolute_url())
    assert page.status_code == 200
    thumb = get_thumbnail(original, "640x640", upscale=False)
    assert f'src="{thumb.url}"' in page.content.decode()
    assert key_of(thumb.url, s3_media, s3_media.public) in s3_media.server.keys(s3_media.public)
    status, content_type, body = s3_media.server.anonymous_get(thumb.url)
    assert (status, content_type) == (200, "image/jpeg")
    with Image.open(io.BytesIO(body)) as picture:
        assert picture.size == (300, 200)


def test_a_second_upload_with_the_same_name_is_a_second_file(s3_media):
    first = default_storage.save("images/products/same.jpg", ContentFile(jpeg(colour=(1, 2, 3))))
    second = default_storage.save("images/products/same.jpg", ContentFile(jpeg(colour=(200, 2, 3))))
    assert first != second
    assert {first, second} <= s3_media.server.keys(s3_media.public)


def test_a_product_without_a_picture_shows_the_placeholder_from_the_bucket(s3_media, client, settings):
    media.ensure_missing_image()
    assert settings.OSCAR_MISSING_IMAGE_URL in s3_media.server.keys(s3_media.public)
    maker = factories.make_maker()
    give_consent(maker)
    product = make_listing(maker, state=Product.APPROVED)
    page = client.get(product.get_absolute_url())
    thumb = get_thumbnail(product.primary_image()["original"], "640x640", upscale=False)
    assert f'src="{thumb.url}"' in page.content.decode()
    status, content_type, _ = s3_media.server.anonymous_get(thumb.url)
    assert (status, content_type) == (200, "image/jpeg")


def test_wagtail_images_and_renditions_are_stored_and_served_from_the_public_bucket(s3_media):
    from wagtail.images import get_image_model
    from wagtail.images.forms import get_image_form

    form = get_image_form(get_image_model())({"title": "Workshop bench"},
                                             {"file": SimpleUploadedFile("bench.jpg", jpeg(), "image/jpeg")})
    assert form.is_valid(), form.errors
    image = form.save()
    rendition = image.get_rendition("width-120")
    assert {image.file.name, rendition.file.name} <= s3_media.server.keys(s3_media.public)
    status, content_type, body = s3_media.server.anonymous_get(rendition.url)
    assert (status, content_type) == (200, "image/jpeg")
    with Image.open(io.BytesIO(body)) as picture:
        assert picture.size == (120, 80)


def test_withdrawing_photo_consent_deletes_the_photo_and_its_thumbnails_from_the_bucket(
        s3_media, django_capture_on_commit_callbacks):
    maker = factories.make_maker()
    maker.photo.save("ada.jpg", ContentFile(jpeg()), save=True)
    consent = Consent.objects.create(maker=maker, scope=Consent.PHOTO, given_on=datetime.date(2024, 1, 1))
    thumb = get_thumbnail(maker.photo, "160x160")
    stored = {maker.photo.name, key_of(thumb.url, s3_media, s3_media.public)}
    assert stored <= s3_media.server.keys(s3_media.public)

    with django_capture_on_commit_callbacks(execute=True):  # the files go once the withdrawal is committed
        withdraw_consent(consent, by=make_user("admin@example.org", roles.ADMINS, staff=True))
    assert not stored & s3_media.server.keys(s3_media.public)
    maker.refresh_from_db()
    assert not maker.photo


def upload_document(title, collection=None):
    document = get_document_model()(title=title, collection=collection or Collection.get_first_root_node())
    document.file.save("minutes.txt", ContentFile(b"Minutes of the members' meeting"), save=False)
    document.save()
    return document


def test_a_document_is_stored_in_the_private_bucket_which_strangers_cannot_read(s3_media):
    document = upload_document("Members' meeting")
    assert document.file.name in s3_media.server.keys(s3_media.private)
    assert document.file.name not in s3_media.server.keys(s3_media.public)
    with pytest.raises(NotImplementedError):
        document.file.url  # no address of its own, signed or not
    status, _, body = s3_media.server.anonymous_get(s3_media.server.object_url(s3_media.private, document.file.name))
    assert status == 403 and b"Minutes" not in body


def test_a_document_in_a_restricted_collection_is_read_through_the_shop_by_signed_in_people_only(s3_media, client,
                                                                                                  django_user_model):
    members = Collection.get_first_root_node().add_child(name="Members only")
    CollectionViewRestriction.objects.create(collection=members, restriction_type=CollectionViewRestriction.LOGIN)
    document = upload_document("Members' meeting", collection=members)
    url = document.url
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(django_user_model.objects.create_user(email="member@example.org", password="x"))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Minutes of the members' meeting"
