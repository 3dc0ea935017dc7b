"""Media on local folders (the default): private files outside MEDIA_ROOT with no address, documents that editors
still manage in the CMS, and the documents uploaded before the private storage moved into it."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from wagtail.documents import get_document_model
from wagtail.documents.models import Document as WagtailDocument
from wagtail.models import Collection, GroupCollectionPermission

from storefront import media, roles

pytestmark = pytest.mark.django_db
move_documents = importlib.import_module("storefront.migrations.0006_coopdocument").move_documents


@pytest.fixture
def folders(settings, tmp_path):
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = tmp_path / "media", tmp_path / "private"
    settings.STORAGES = settings.STORAGES | {}  # new storage objects, on these folders
    return SimpleNamespace(media=tmp_path / "media", private=tmp_path / "private")


def test_a_document_is_kept_outside_the_media_folder_and_has_no_address(folders, client):
    document = get_document_model()(title="Rules", collection=Collection.get_first_root_node())
    document.file.save("rules.txt", ContentFile(b"One member, one vote."), save=True)
    assert (folders.private / document.file.name).read_bytes() == b"One member, one vote."
    assert not (folders.media / document.file.name).exists()
    with pytest.raises(NotImplementedError, match="no public address"):
        document.file.url
    response = client.get(document.url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"One member, one vote."


def test_editors_still_manage_documents_in_the_cms(client, django_user_model):
    editor = django_user_model.objects.create_user(email="editor@example.org", password="x")
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    client.force_login(editor)
    assert client.get("/cms/documents/").status_code == 200
    assert client.get("/cms/documents/add/").status_code == 200


def test_documents_uploaded_before_move_to_the_private_storage_with_ids_tags_and_permissions(folders):
    old = WagtailDocument(title="Minutes", collection=Collection.get_first_root_node())
    old.file.save("minutes.txt", ContentFile(b"Minutes of the AGM"), save=True)
    old.tags.add("agm")
    public_copy = old.file.name
    group = Group.objects.create(name="Archivists")
    add_document = Permission.objects.get(content_type__app_label="wagtaildocs", codename="add_document")
    GroupCollectionPermission.objects.create(group=group, collection=Collection.get_first_root_node(),
                                             permission=add_document)

    move_documents(apps, SimpleNamespace(connection=connection))

    document = get_document_model().objects.get(pk=old.pk)
    assert document.title == "Minutes" and list(document.tags.names()) == ["agm"]
    with media.private.open(document.file.name) as moved:
        assert moved.read() == b"Minutes of the AGM"
    assert not default_storage.exists(public_copy)
    assert not WagtailDocument.objects.filter(pk=old.pk).exists()
    assert GroupCollectionPermission.objects.filter(group=group, permission__codename="add_coopdocument").exists()
    newer = get_document_model()(title="Later", collection=Collection.get_first_root_node())
    newer.file.save("later.txt", ContentFile(b"later"), save=True)
    assert newer.pk > document.pk
