"""The old site's uploads folder, uploaded as a .zip: unpacked with care (no
path may leave the folder, and the unpacked size is bounded before anything is
written), for the import to read its photos from."""
import shutil
import zipfile
from pathlib import Path, PurePosixPath

from django.template.defaultfilters import filesizeformat

from .conf import conf


def unpack(archive, folder):
    """Unpack `archive` into `folder`. Raises ValueError with a one-line reason."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = [member for member in zipped.infolist() if not member.is_dir()]
            size = sum(member.file_size for member in members)
            if size > conf.WORDPRESS_PHOTOS_ZIP_MAX_BYTES:
                limit = filesizeformat(conf.WORDPRESS_PHOTOS_ZIP_MAX_BYTES)
                raise ValueError(f"the photos .zip unpacks to {filesizeformat(size)}; the limit is {limit}")
            root = Path(folder).resolve()
            for member in members:
                target = inside(root, uploads_relative(member.filename))
                if target is None:
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zipped.open(member) as source, open(target, "wb") as copy:
                    shutil.copyfileobj(source, copy)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as error:
        raise ValueError(f"the photos file is not a readable .zip ({error})") from None


def uploads_relative(name):
    """A member's path as the export names uploads: a .zip of the folder itself
    holds `uploads/2020/01/x.jpg` or `wp-content/uploads/2020/01/x.jpg`."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    for marker in ("uploads",):
        if marker in parts:
            return PurePosixPath(*parts[parts.index(marker) + 1:])
    return PurePosixPath(*parts)


def inside(root, relative):
    if not relative.parts or relative.is_absolute() or ".." in relative.parts:
        return None
    target = (root / relative).resolve()
    return target if target.is_relative_to(root) else None
