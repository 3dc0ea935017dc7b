"""Where uploaded files live: public media and private files, on local folders or S3 (settings ``STORAGES``, built by
``config.media_storages``).

Public media (product and maker pictures, their thumbnails, Wagtail images and renditions) is read by anyone at the
storage's own address. Private files (Wagtail documents) are kept apart, in a folder no web server publishes or a
bucket of their own, and have no address at all: the private storages refuse ``url()``, so the only way to read one
is a view of the shop that checks who is asking (Wagtail's document view, with its collection privacy).
Code reads and writes files only through these storages, never by path, so every web server sees the same files.
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.utils.functional import LazyObject, cached_property
from storages.backends.s3 import S3Storage

NO_ADDRESS = "Private files have no public address; serve them through a view that checks permissions."


class NoPublicAddress:
    def url(self, name, *args, **kwargs):
        raise NotImplementedError(NO_ADDRESS)  # Wagtail's document view then streams the file itself


class PrivateFileSystemStorage(NoPublicAddress, FileSystemStorage):
    """Private files on a local disk, in ``PRIVATE_MEDIA_ROOT`` (outside ``MEDIA_ROOT``, which a proxy may publish)."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)


class PrivateS3Storage(NoPublicAddress, S3Storage):
    """Private files in their own bucket, which has no public policy."""


class PrivateStorage(LazyObject):
    """The ``private`` storage, looked up when first used (as Django's ``default_storage`` is for ``default``)."""

    def _setup(self):
        self._wrapped = storages["private"]


private = PrivateStorage()


def private_storage():
    """The storage of private file fields (a callable, so migrations name this function, not a bucket)."""
    return private


def ensure_missing_image(**kwargs):
    """Put Oscar's "image not found" picture in the media storage, where thumbnails of products without a picture are
    made from (Oscar itself would only link it into a local ``MEDIA_ROOT``, which another server does not have).
    Run after every migrate, so on every deploy."""
    name = settings.OSCAR_MISSING_IMAGE_URL
    if default_storage.exists(name):
        return
    with open(finders.find(f"oscar/img/{name}"), "rb") as picture:
        default_storage.save(name, ContentFile(picture.read()))
