"""Wagtail documents are downloads only: never served inline, never HTML or SVG, never from a raw /media/ URL."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from wagtail.documents import get_document_model

from storefront import roles
from tests.factories import make_user

pytestmark = pytest.mark.django_db
Document = get_document_model()
PAGE = b"<html><body><script>alert(document.cookie)</script></body></html>"


@pytest.mark.parametrize("name", ["report.html", "logo.svg", "feed.xml", "page.htm"])
def test_an_editor_cannot_upload_a_document_a_browser_would_run(client, name):
    client.force_login(make_user(roles.EDITORS))
    response = client.post(reverse("wagtaildocs:add"), {
        "title": "Annual report", "file": SimpleUploadedFile(name, PAGE, content_type="text/html"),
        "collection": Document._meta.get_field("collection").get_default()})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not Document.objects.filter(title="Annual report").exists()


@pytest.mark.parametrize("name", ["old-upload.html", "report.pdf", "notes.txt"])
def test_a_stored_document_is_always_a_download(client, name):
    """Even one stored before the extensions were limited, and even a PDF or text file."""
    document = Document.objects.create(title=name, file=ContentFile(PAGE, name=name))
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_the_development_server_does_not_serve_documents_from_media(client, settings):
    """With DEBUG on, uploads are served from /media/, but documents are not among them."""
    from importlib import reload

    from django.urls import clear_url_caches

    import storefront.urls

    document = Document.objects.create(title="Old page", file=ContentFile(PAGE, name="old-page.html"))
    picture = settings.MEDIA_ROOT / "media-check.txt"
    picture.write_text("ok")
    settings.DEBUG = True
    try:
        reload(storefront.urls)
        clear_url_caches()
        with override_settings(ROOT_URLCONF="storefront.urls"):
            for path in (document.file.name, f"./{document.file.name}", f"/{document.file.name}",
                         f"documents/../{document.file.name}"):
                assert client.get(f"{settings.MEDIA_URL}{path}").status_code == 404, path
            assert client.get(f"{settings.MEDIA_URL}media-check.txt").status_code == 200
    finally:
        picture.unlink()
        settings.DEBUG = False
        reload(storefront.urls)
        clear_url_caches()
