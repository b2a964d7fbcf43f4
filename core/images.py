"""Uploaded images: what is accepted, what is kept, and the sizes the theme shows.

Every upload passes through here before it is stored. ``ImageUploadField`` refuses files
that are not really JPEG, PNG, WebP or GIF images, files that claim one type and are
another, and files over the byte or pixel limits (a decompression bomb is a small file
with a huge pixel count). ``store_upload`` then re-encodes the picture: orientation from
EXIF is applied first, and nothing else of the metadata survives (no GPS position, camera
or owner). ``make_renditions`` writes the widths the theme uses, once, at save time.
"""

import io
import warnings
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError, features

# Pillow format name -> the file name extensions that honestly carry it.
FORMATS = {
    "JPEG": {".jpg", ".jpeg"},
    "PNG": {".png"},
    "WEBP": {".webp"},
    "GIF": {".gif"},
}
# Thumbnail in lists, the content column, and the content column on a 2x screen.
WIDTHS = (400, 800, 1600)
# How wide the theme shows a picture in the content column (static/css/site.css).
CONTENT_SIZES = "(min-width: 64rem) 48rem, 100vw"
AVATAR_SIDE = 512
AVATAR_WIDTHS = (96, 192)
# The header's logo, 40 pixels high, and the author page's cover across the page.
LOGO_WIDTHS = (160, 320)
COVER_WIDTHS = (800, 1600)
JPEG_QUALITY = 85
NOT_AN_IMAGE = _("Upload a JPEG, PNG, WebP or GIF image. This file is not one of those.")


class ImageRejected(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def inspect(file):
    """Open ``file`` far enough to judge it; raise ImageRejected with a message if it fails.

    Only the header is decoded for the limits; ``verify()`` then reads the rest of the file
    for structural damage.
    """
    if file.size > settings.IMAGE_MAX_BYTES:
        raise ImageRejected(
            _(
                "The file is %(size)s; images may be at most %(limit)s. "
                "Make it smaller and try again."
            )
            % {
                "size": filesizeformat(file.size),
                "limit": filesizeformat(settings.IMAGE_MAX_BYTES),
            }
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                kind = image.format
                width, height = image.size
                frames = getattr(image, "n_frames", 1)
                _check_pixels(width, height, frames)
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(_too_many_pixels()) from None
    except UnidentifiedImageError:
        raise ImageRejected(NOT_AN_IMAGE) from None
    except ImageRejected:
        raise
    except Exception:
        raise ImageRejected(
            _("The image file is damaged and cannot be read. Save it again and re-upload it.")
        ) from None
    finally:
        file.seek(0)
    if kind not in FORMATS:
        raise ImageRejected(NOT_AN_IMAGE)
    suffix = PurePosixPath(file.name or "").suffix.lower()
    if suffix not in FORMATS[kind]:
        raise ImageRejected(
            _(
                "The file is named “%(name)s” but it is a %(kind)s image. Save it with "
                "the right extension (%(extensions)s) and try again."
            )
            % {
                "name": PurePosixPath(file.name or "").name,
                "kind": kind,
                "extensions": ", ".join(sorted(FORMATS[kind])),
            }
        )


def _check_pixels(width, height, frames):
    if width * height * frames > settings.IMAGE_MAX_PIXELS:
        raise ImageRejected(_too_many_pixels())


def _too_many_pixels():
    megapixels = settings.IMAGE_MAX_PIXELS / 1_000_000
    return _(
        "The image has too many pixels; the limit is %(limit)g megapixels. "
        "Scale it down and try again."
    ) % {"limit": megapixels}


class ImageUploadField(forms.ImageField):
    """The admin's image field: our rules and messages in place of Django's own check.

    Django's ImageField would open and verify the file with Pillow a second time, with
    one message for every kind of refusal; ``inspect`` already did both.
    """

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        try:
            inspect(upload)
        except ImageRejected as rejected:
            raise forms.ValidationError(rejected.message, code="invalid_image") from None
        return upload


class CleanImageField(models.ImageField):
    """Every image field of every model: its form checks the upload (``ImageUploadField``)
    and a new upload is stored cleaned (``store_upload``), whoever saves it, admin or code.

    A model that wants more (a square crop, narrower copies) cleans in its own ``save()``
    first, through ``refresh``; what is stored then is committed, and nothing runs twice.
    """

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})

    def pre_save(self, model_instance, add):
        fieldfile = getattr(model_instance, self.attname)
        if fieldfile and not fieldfile._committed:
            store_upload(fieldfile)
        return super().pre_save(model_instance, add)


def _encode(image, kind):
    buffer = io.BytesIO()
    if kind == "JPEG":
        image.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    elif kind == "WEBP":
        image.save(buffer, "WEBP", quality=JPEG_QUALITY)
    else:
        image.save(buffer, kind, optimize=True)
    return buffer.getvalue()


def _cleaned(file, square=False):
    """The picture alone: turned upright, metadata dropped, optionally cropped square."""
    file.seek(0)
    with Image.open(file) as opened:
        kind = opened.format
        if kind == "GIF" and getattr(opened, "is_animated", False) and not square:
            # Frames are re-encoded as they are; a GIF carries no EXIF position.
            frames = [frame.copy() for frame in _frames(opened)]
            buffer = io.BytesIO()
            frames[0].save(
                buffer,
                "GIF",
                save_all=True,
                append_images=frames[1:],
                loop=opened.info.get("loop", 0),
                duration=opened.info.get("duration", 100),
            )
            return buffer.getvalue()
        image = ImageOps.exif_transpose(opened)
        if image.mode in ("P", "PA"):
            # Palette transparency lives in the metadata this function drops.
            image = image.convert("RGBA")
        # A fresh image holds pixels only: no EXIF, XMP, comments or text chunks survive.
        clean = Image.frombytes(image.mode, image.size, image.tobytes())
        if square:
            side = min(min(clean.size), AVATAR_SIDE)
            clean = ImageOps.fit(clean, (side, side), Image.Resampling.LANCZOS)
        return _encode(clean, kind)


def _frames(image):
    for index in range(image.n_frames):
        image.seek(index)
        yield image


def store_upload(fieldfile, square=False):
    """Replace a just-uploaded file with its cleaned picture and store it."""
    data = _cleaned(fieldfile.file, square=square)
    fieldfile.save(PurePosixPath(fieldfile.name).name, ContentFile(data), save=False)


def make_renditions(fieldfile, widths=WIDTHS):
    """Write the narrower copies of a stored image, and of each a WebP beside it when the
    original is a JPEG or PNG and Pillow can write WebP (a third to a half of the bytes,
    read by every current browser); return what templates need."""
    storage = fieldfile.storage
    with storage.open(fieldfile.name) as source, Image.open(source) as image:
        kind = image.format
        width, height = image.size
        animated = getattr(image, "is_animated", False)
        sizes, webp = {}, {}
        if not animated:
            image.load()
            stem = PurePosixPath(fieldfile.name)
            also_webp = kind in ("JPEG", "PNG") and features.check("webp")
            for target in [*(target for target in widths if target < width), width]:
                copy = image
                if target < width:
                    # resize(), not thumbnail(): the copy is exactly as wide as srcset says.
                    copy = image.resize(
                        (target, max(1, round(height * target / width))), Image.Resampling.LANCZOS
                    )
                    name = str(stem.with_name(f"{stem.stem}-{target}w{stem.suffix}"))
                    sizes[str(target)] = storage.save(name, ContentFile(_encode(copy, kind)))
                if also_webp:
                    name = str(stem.with_name(f"{stem.stem}-{target}w.webp"))
                    webp[str(target)] = storage.save(name, ContentFile(_encode(copy, "WEBP")))
    info = {"source": fieldfile.name, "width": width, "height": height, "sizes": sizes}
    if webp:
        info["webp"] = webp
    return info


def base_url(storage):
    """The address every stored file's address starts with ("/media/", or the bucket's).

    Asked of the name "x", not of the empty name: an S3 bucket without a folder has no
    object called "", and django-storages refuses to give it an address.
    """
    return storage.url("x").removesuffix("x")


def srcset(info, storage):
    """``srcset`` for a stored image: every rendition, then the original at its width."""
    if not info or not info.get("source"):
        return ""
    candidates = [(storage.url(name), int(width)) for width, name in info["sizes"].items()]
    candidates.append((storage.url(info["source"]), info["width"]))
    return ", ".join(f"{url} {width}w" for url, width in candidates)


def webp_srcset(info, storage):
    """``srcset`` of the WebP copies, widest last; empty when there are none."""
    if not info or not info.get("webp"):
        return ""
    return ", ".join(f"{storage.url(name)} {width}w" for width, name in info["webp"].items())


def refresh(fieldfile, info, *, square=False, widths=WIDTHS):
    """What a model stores about its image field on save: cleans a new upload first."""
    if not fieldfile:
        return {}
    if not fieldfile._committed:
        store_upload(fieldfile, square=square)
    if info.get("source") != fieldfile.name:
        return make_renditions(fieldfile, widths)
    return info
