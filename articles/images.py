"""Photo uploads: validation, storage, clean-up and renditions.

An upload is accepted only when Pillow really decodes it as JPEG, PNG, WebP or
GIF within the byte and pixel limits; the file name and the browser's content
type are never trusted. Before anything is decoded, the sizes the file
declares are checked: pixels of one frame, number of frames, and pixels of all
frames together (what decoding an animation costs); decoding an animation then
stops at ARTICLES_IMAGE_MAX_SECONDS. Animations within the limits keep every
frame. What is stored is re-encoded from the pixels alone: EXIF orientation
applied, every piece of metadata (EXIF with its GPS location and camera serial
numbers, XMP, comments, text chunks) dropped, the colour profile kept.

Renditions (resized copies in the original format and in WebP) are made once,
when a file is first saved; their names and sizes are stored on the Image, so a
page builds its `srcset` without a query or a look at the storage.

A photo and its renditions are stored all or nothing: when the storage fails
(full, read-only, unreachable), whatever was written for the photo is removed
and StorageFailed carries a message for the editor.
"""
import errno
import io
import logging
import warnings
from contextlib import contextmanager
from pathlib import PurePosixPath
from time import monotonic

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.crypto import get_random_string
from PIL import Image as PILImage
from PIL import ImageOps, ImageSequence, UnidentifiedImageError

from .conf import conf

logger = logging.getLogger(__name__)

# Pillow format name -> (file extension, MIME type). Only these decoders are
# ever tried, so exotic formats (EPS, PSD, ...) never reach a parser.
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("gif", "image/gif"),
}
RENDITION_FOLDER = "renditions"
# Browsers without srcset support get the rendition closest to this width.
FALLBACK_WIDTH = 800
# What of a decoded image's `info` an encoder may write back: how its pixels
# read (a palette's transparent index), nothing else. Pillow's encoders copy
# other entries, JPEG and GIF comments among them, into the new file.
PIXEL_INFO = ("transparency",)
# A GIF frame without a delay of its own shows this long (milliseconds), as browsers do.
DEFAULT_FRAME_MS = 100


def upload_path(instance, filename):
    """images/YYYY/MM/NAME-RANDOM.EXT: two photos of one file name, uploaded
    through one app server or two, never share a path (nor a URL). The name is
    cut short enough that the whole fits the field, random part included."""
    path = PurePosixPath(filename)
    token = get_random_string(10, "abcdefghijklmnopqrstuvwxyz0123456789")
    return f"images/{timezone.now():%Y/%m}/{path.stem[:50] or 'photo'}-{token}{path.suffix[:5]}"


def rendition_name(source_name, width, extension):
    """A rendition's name, from the stored name of its photo (unique, so this is too)."""
    source = PurePosixPath(source_name)
    return str(PurePosixPath(RENDITION_FOLDER, source.parent, f"{source.stem}-{width}w.{extension}"))


def clean_upload(upload):
    """Check an uploaded photo and return the cleaned file to store.

    Raises ValidationError with a message for the editor when the file is too
    big, is not one of the allowed formats, has too many pixels or frames,
    takes too long to decode or is damaged.
    """
    if upload.size > conf.ARTICLES_IMAGE_MAX_BYTES:
        raise ValidationError(
            "This file is %(size)s; photos may be at most %(limit)s.",
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(conf.ARTICLES_IMAGE_MAX_BYTES)},
        )
    image, frames = _decode(upload)
    extension, _ = FORMATS[image.format]
    stem = PurePosixPath(upload.name or "photo").stem or "photo"
    return ContentFile(_strip_and_encode(image, frames), name=f"{stem}.{extension}")


def _decode(upload):
    """(the image, its frames with their durations if it is animated, else None)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            upload.seek(0)
            with PILImage.open(upload, formats=list(FORMATS)) as probe:
                _check_declared_size(probe)
                probe.verify()
            upload.seek(0)
            image = PILImage.open(upload, formats=list(FORMATS))
            image.load()
            return image, (_read_frames(image) if getattr(image, "is_animated", False) else None)
    except UnidentifiedImageError:
        raise ValidationError(
            "This file is not a photo we can use: upload a JPEG, PNG, WebP or GIF image.",
            code="not_an_image",
        ) from None
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(
            "This image is damaged or incomplete (it could not be read to the end). "
            "Export it again and upload the new file.",
            code="damaged",
        ) from None


def _check_declared_size(probe):
    """Refuse what the file's headers say would cost too much to decode. Counting
    frames reads their headers only (a pass over the file, no pixels)."""
    width, height = probe.size
    if width * height > conf.ARTICLES_IMAGE_MAX_PIXELS:
        raise _too_many_pixels()
    frames = getattr(probe, "n_frames", 1)
    if frames > conf.ARTICLES_IMAGE_MAX_FRAMES:
        raise ValidationError(
            "This animation has %(frames)s frames; animations may have at most %(limit)s. "
            "Shorten it (or export a still image) and upload it again.",
            code="too_many_frames",
            params={"frames": f"{frames:,}", "limit": f"{conf.ARTICLES_IMAGE_MAX_FRAMES:,}"},
        )
    if frames * width * height > conf.ARTICLES_IMAGE_MAX_TOTAL_PIXELS:
        raise ValidationError(
            "This animation is too large to process: %(frames)s frames of %(width)s × %(height)s pixels. "
            "Animations may have at most %(limit)s megapixels across all their frames: "
            "make it smaller or shorter and upload it again.",
            code="too_many_pixels_in_frames",
            params={
                "frames": frames, "width": width, "height": height,
                "limit": f"{conf.ARTICLES_IMAGE_MAX_TOTAL_PIXELS / 1_000_000:g}",
            },
        )


class _Deadline:
    """ARTICLES_IMAGE_MAX_SECONDS from now, checked between two frames: decoding
    and re-encoding an animation stop there with an error for the editor."""

    def __init__(self):
        self.at = monotonic() + conf.ARTICLES_IMAGE_MAX_SECONDS

    def check(self):
        if monotonic() > self.at:
            raise ValidationError(
                "This animation takes too long to process (over %(limit)s seconds). "
                "Make it smaller or shorter and upload it again.",
                code="too_slow",
                params={"limit": conf.ARTICLES_IMAGE_MAX_SECONDS},
            )

    def each(self, items):
        """`items`, the deadline checked before each, however often they are
        gone through (PNG's encoder goes through its frames twice)."""
        return _Checked(self, items)


class _Checked:
    def __init__(self, deadline, items):
        self.deadline, self.items = deadline, items

    def __iter__(self):
        for item in self.items:
            self.deadline.check()
            yield item


def _read_frames(image):
    """(a _Deadline, [every frame, as a new image holding pixels only], [their durations])."""
    deadline, frames, durations = _Deadline(), [], []
    for frame in deadline.each(ImageSequence.Iterator(image)):
        durations.append(frame.info.get("duration") or DEFAULT_FRAME_MS)
        frames.append(_pixels_only(_resizable(frame)))  # a copy: the next seek reuses `frame`
    return deadline, frames, durations


def _too_many_pixels():
    return ValidationError(
        "This image has too many pixels; photos may have at most %(limit)s megapixels. "
        "Resize it and upload it again.",
        code="too_many_pixels",
        params={"limit": f"{conf.ARTICLES_IMAGE_MAX_PIXELS / 1_000_000:g}"},
    )


def _strip_and_encode(image, frames):
    """The image upright, in its own format, with nothing of the file but its
    pixels and colour profile; `frames` (from _read_frames) for an animation."""
    image_format = image.format
    options = {"icc_profile": image.info["icc_profile"]} if image.info.get("icc_profile") else {}
    if frames:
        deadline, pictures, durations = frames
        # GIF and PNG encoders take the frames one by one, so the deadline holds while they encode too
        # (WebP's takes them all first, then encodes them in one call).
        later = deadline.each(pictures[1:])
        options.update(save_all=True, append_images=later, duration=durations, loop=image.info.get("loop", 0))
        return _encode(pictures[0], image_format, **options)
    return _encode(ImageOps.exif_transpose(image), image_format, **options)


def _pixels_only(image):
    """`image` (the caller's own) without any entry of `info` but PIXEL_INFO."""
    image.info = {key: value for key, value in image.info.items() if key in PIXEL_INFO}
    return image


def _encode(image, image_format, **options):
    """`image` (the caller's own) encoded with `options` and nothing of its file."""
    image = _pixels_only(image)
    if image_format == "JPEG":
        image = image if image.mode in ("RGB", "L", "CMYK") else image.convert("RGB")
        options.update(quality=conf.ARTICLES_JPEG_QUALITY, optimize=True, progressive=True)
    elif image_format == "WEBP":
        image = image if image.mode in ("RGB", "RGBA") else image.convert("RGBA" if _has_alpha(image) else "RGB")
        options.update(quality=conf.ARTICLES_WEBP_QUALITY, method=4)
    elif image_format == "PNG":
        options.update(optimize=True)
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def _has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _resizable(image):
    """A copy in a mode Pillow resizes smoothly (palette images only resize coarsely)."""
    if image.mode in ("RGB", "RGBA", "L", "CMYK"):
        return image.copy()
    return image.convert("RGBA" if _has_alpha(image) else "RGB")


def rendition_widths(original_width):
    """The configured widths, none wider than the original."""
    return sorted({min(width, original_width) for width in conf.ARTICLES_RENDITION_WIDTHS})


class StorageFailed(Exception):
    """The media storage failed while a photo was being stored; nothing of the
    photo was left behind. `message` says so to the editor."""

    def __init__(self, problem):
        self.message = (
            f"The photo could not be stored: {problem}. Nothing was saved; "
            "try again later, or tell the site's administrator if it keeps happening."
        )
        super().__init__(self.message)


def storage_problem(error):
    """What went wrong, in the editor's words, from the OSError the storage raised
    (trillmag/storage.py raises the S3 backend's failures as OSError too)."""
    if isinstance(error, (ConnectionError, TimeoutError)):
        return "the media storage could not be reached"
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the media storage is full"
    if isinstance(error, (PermissionError, NotADirectoryError)) or error.errno == errno.EROFS:
        return "the media storage does not accept new files (it is read-only or not writable)"
    return "the media storage failed"


class Written:
    """The files stored for one photo, so they can be removed if it fails."""

    def __init__(self, storage):
        self.storage = storage
        self.names = []

    def save(self, name, content, max_length=None):
        try:
            name = self.storage.get_available_name(name, max_length=max_length)
            # Listed before writing: a failed write may leave part of a file.
            self.names.append(name)
            return self.storage.save(name, content, max_length=max_length)
        except OSError as error:
            raise self.failed(error) from error

    def read_stored_photo(self, name):
        try:
            with self.storage.open(name, "rb") as stored:
                data = stored.read()
        except OSError as error:
            raise self.failed(error) from error
        return read_photo(io.BytesIO(data))

    def failed(self, error):
        logger.error("The media storage failed while storing a photo: %r", error)
        return StorageFailed(storage_problem(error))


@contextmanager
def all_or_nothing(storage):
    """Files saved through the yielded Written stay only if the block succeeds."""
    written = Written(storage)
    try:
        yield written
    except BaseException:
        remove_files(storage, written.names)
        raise


def remove_files(storage, names):
    """Delete `names` from `storage`. What a failing storage keeps is logged, to be removed by hand."""
    for name in names:
        try:
            storage.delete(name)
        except OSError as error:
            logger.error("Could not remove %s from the media storage: %r", name, error)


def read_photo(file):
    """(Pillow format, first frame ready to resize) of an accepted photo's content."""
    file.seek(0)
    with PILImage.open(file, formats=list(FORMATS)) as original:
        original.load()
        return original.format, _resizable(original)


def make_renditions(storage, source_name, photo=None):
    """Write the renditions of the photo stored as `source_name`, all or nothing
    (StorageFailed), and return their description: {"source": source_name,
    "format": the photo's format, "items": [{"format", "width", "height", "name"}]},
    the value kept in `Image.renditions`.

    `photo` is read_photo() of its content when at hand (a fresh upload);
    otherwise the photo is read back from the storage.
    """
    with all_or_nothing(storage) as written:
        image_format, frame = photo or written.read_stored_photo(source_name)
        items = []
        for width in rendition_widths(frame.width):
            height = max(1, round(frame.height * width / frame.width))
            resized = frame.resize((width, height), PILImage.Resampling.LANCZOS)
            for rendition_format in dict.fromkeys([image_format, "WEBP"]):
                extension, _ = FORMATS[rendition_format]
                name = written.save(
                    rendition_name(source_name, width, extension), ContentFile(_encode(resized, rendition_format))
                )
                items.append({"format": rendition_format, "width": width, "height": height, "name": name})
    renditions = {"source": source_name, "format": image_format, "items": items}
    return {**renditions, "printed": printed(storage, renditions)}


def printed(storage, renditions):
    """What a picture (articles/printing.py) prints for a photo, from its renditions'
    description: {"srcset", "webp_srcset", "src"}. Made when the renditions
    are, so that a page prints stored strings rather than asking the storage
    for a URL per rendition per render. A URL is MEDIA_URL and the file's name
    (trillmag/storage.py), so a move of the photos makes these again
    (reprint: the copy_media command does)."""
    own, items = renditions["format"], renditions["items"]

    def srcset(image_format):
        return ", ".join(f"{storage.url(i['name'])} {i['width']}w" for i in items if i["format"] == image_format)

    fitting = [i for i in items if i["format"] == own and i["width"] <= FALLBACK_WIDTH]
    return {
        "srcset": srcset(own),
        "webp_srcset": "" if own == "WEBP" else srcset("WEBP"),
        "src": storage.url((fitting[-1] if fitting else {"name": renditions["source"]})["name"]),
    }


def reprint(photos, storage):
    """Make again what `photos` print (rows of the Image model, or of its
    historical model in a migration), for URLs that changed or were never made."""
    for photo in photos.exclude(renditions={}).only("renditions").iterator():
        renditions = {**photo.renditions, "printed": printed(storage, photo.renditions)}
        type(photo).objects.filter(pk=photo.pk).update(renditions=renditions)


def stored_names(renditions):
    """Every file a `renditions` description names: the photo and its renditions."""
    return [name for name in [renditions.get("source"), *(i["name"] for i in renditions.get("items", []))] if name]


def backfill_renditions(photos):
    """Make the missing renditions of `photos`, e.g. those stored before renditions existed."""
    for photo in photos:
        if photo.file and photo.renditions.get("source") != photo.file.name:
            photo.save(update_fields=["renditions"])
