"""Media storages that fail the way real ones do, for tests (STORAGES["default"]["BACKEND"])."""
import errno

from django.core.files.storage import FileSystemStorage

from trillmag.storage import S3MediaStorage


class ReadOnlyStorage(FileSystemStorage):
    """A disk mounted read-only: every write is refused (what chmod would do for
    anyone but root, and tests run as root)."""

    def _save(self, name, content):
        raise OSError(errno.EROFS, "Read-only file system", name)


class FillingStorage(FileSystemStorage):
    """A disk with `free` bytes left: the write that goes past them fails with
    ENOSPC after writing what fitted, leaving a truncated file as a full disk does."""

    def __init__(self, free=0, **options):
        super().__init__(**options)
        self.free = free

    def _save(self, name, content):
        return super()._save(name, UntilFull(content, self))


class UntilFull:
    def __init__(self, content, disk):
        self.content, self.disk = content, disk

    def chunks(self, chunk_size=None):
        for chunk in self.content.chunks(chunk_size):
            if len(chunk) > self.disk.free:
                fitted, self.disk.free = chunk[: self.disk.free], 0
                yield fitted
                raise OSError(errno.ENOSPC, "No space left on device")
            self.disk.free -= len(chunk)
            yield chunk


class VanishingS3Storage(S3MediaStorage):
    """The bucket, until the connection to it is lost after `saves` writes."""

    def __init__(self, saves=0, **options):
        super().__init__(**options)
        self.saves = saves

    def _save(self, name, content):
        if self.saves == 0:
            raise ConnectionError(f"connection to the store lost while writing {name}")
        self.saves -= 1
        return super()._save(name, content)
