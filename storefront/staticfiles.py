"""Static files in production: whitenoise's compressed files with hashed names, each address looked up once."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFiles(CompressedManifestStaticFilesStorage):
    """The manifest does not change while a process runs, so the address of each file is remembered: a page names a
    dozen static files, and looking each one up in the manifest again cost about a hundred Python calls."""

    MAX_REMEMBERED = 1000

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._addresses = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        address = self._addresses.get(name)
        if address is None:
            address = super().url(name)
            if len(self._addresses) < self.MAX_REMEMBERED:
                self._addresses[name] = address
        return address
