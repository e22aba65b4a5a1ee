"""Photo uploads: validation, clean-up and renditions.

An upload is accepted only when Pillow really decodes it as JPEG, PNG, WebP or
GIF within the byte and pixel limits; the file name and the browser's content
type are never trusted. What is stored is re-encoded: EXIF orientation applied,
metadata (GPS location, camera serial numbers) dropped, colour profile kept.

Renditions (resized copies in the original format and in WebP) are made once,
when a file is first saved; their names and sizes are stored on the Image, so a
page builds its `srcset` without a query or a look at the disk.
"""
import io
import warnings
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

from .conf import conf

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


def clean_upload(upload):
    """Check an uploaded photo and return the cleaned file to store.

    Raises ValidationError with a message for the editor when the file is too
    big, is not one of the allowed formats, has too many pixels or is damaged.
    """
    if upload.size > conf.ARTICLES_IMAGE_MAX_BYTES:
        raise ValidationError(
            "This file is %(size)s; photos may be at most %(limit)s.",
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(conf.ARTICLES_IMAGE_MAX_BYTES)},
        )
    image = _decode(upload)
    extension, _ = FORMATS[image.format]
    stem = PurePosixPath(upload.name or "photo").stem or "photo"
    return ContentFile(_strip_and_encode(image), name=f"{stem}.{extension}")


def _decode(upload):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            upload.seek(0)
            with PILImage.open(upload, formats=list(FORMATS)) as probe:
                _check_pixels(*probe.size)
                probe.verify()
            upload.seek(0)
            image = PILImage.open(upload, formats=list(FORMATS))
            image.load()
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
    return image


def _check_pixels(width, height):
    if width * height > conf.ARTICLES_IMAGE_MAX_PIXELS:
        raise _too_many_pixels()


def _too_many_pixels():
    return ValidationError(
        "This image has too many pixels; photos may have at most %(limit)s megapixels. "
        "Resize it and upload it again.",
        code="too_many_pixels",
        params={"limit": f"{conf.ARTICLES_IMAGE_MAX_PIXELS / 1_000_000:g}"},
    )


def _strip_and_encode(image):
    """The image upright, in its own format, with no metadata but its colour profile."""
    image_format = image.format
    options = {"icc_profile": image.info["icc_profile"]} if image.info.get("icc_profile") else {}
    if getattr(image, "is_animated", False):
        options.update(save_all=True, loop=image.info.get("loop", 0))
    else:
        image = ImageOps.exif_transpose(image)
    return _encode(image, image_format, **options)


def _encode(image, image_format, **options):
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


def make_renditions(field_file):
    """Write the renditions of a stored photo and return their description.

    Returns {"source": file name, "format": the photo's format,
    "items": [{"format", "width", "height", "name"}]}, the value kept in
    `Image.renditions`.
    """
    storage = field_file.storage
    field_file.open("rb")
    try:
        with PILImage.open(field_file, formats=list(FORMATS)) as original:
            original.load()
            image_format = original.format
            frame = _resizable(original)
    finally:
        field_file.close()
    stem = PurePosixPath(field_file.name).stem
    items = []
    for width in rendition_widths(frame.width):
        height = max(1, round(frame.height * width / frame.width))
        resized = frame.resize((width, height), PILImage.Resampling.LANCZOS)
        for rendition_format in dict.fromkeys([image_format, "WEBP"]):
            extension, _ = FORMATS[rendition_format]
            name = storage.save(
                f"{RENDITION_FOLDER}/{stem}-{width}w.{extension}",
                ContentFile(_encode(resized, rendition_format)),
            )
            items.append({"format": rendition_format, "width": width, "height": height, "name": name})
    return {"source": field_file.name, "format": image_format, "items": items}


def delete_renditions(renditions, storage):
    for item in renditions.get("items", []):
        storage.delete(item["name"])


def backfill_renditions(photos):
    """Make the missing renditions of `photos`, e.g. those stored before renditions existed."""
    for photo in photos:
        if photo.file and photo.renditions.get("source") != photo.file.name:
            photo.save(update_fields=["renditions"])
