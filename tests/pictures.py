"""Image files for upload tests, made with Pillow (or by hand, for a bomb's header)."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

ORIENTATION = 0x0112
ARTIST = 0x013B
GPS_IFD = 0x8825
SECRET = "Saija Vuorinen, Kotikatu 5"


def picture(name="kuva.jpg", size=(640, 480), kind="JPEG", color=(200, 80, 40), exif=None):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    # A dark left edge tells after processing which way the picture was turned.
    image.paste((0, 0, 0), (0, 0, max(1, size[0] // 10), size[1]))
    extra = {"exif": exif} if exif is not None else {}
    image.save(buffer, kind, **extra)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{kind.lower()}")


def phone_photo(name="puhelin.jpg", size=(400, 200)):
    """A JPEG as a phone saves it: on its side (orientation 6), with GPS and owner in EXIF."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[ARTIST] = SECRET
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (60.0, 10.0, 5.0), 3: "E", 4: (24.0, 56.0, 1.0)})
    return picture(name, size, exif=exif.tobytes())


SCRIPT_COMMENT = b"<script>alert(document.domain)</script>"


def scripted_photo(name="kansi.jpg"):
    """The phone photo with a JPEG comment segment (COM) carrying a script after its start."""
    data = phone_photo(name).read()
    comment = b"\xff\xfe" + struct.pack(">H", len(SCRIPT_COMMENT) + 2) + SCRIPT_COMMENT
    return SimpleUploadedFile(name, data[:2] + comment + data[2:], content_type="image/jpeg")


def _chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_bomb(width=100_000, height=100_000, name="pommi.png"):
    """A PNG of ~100 bytes whose header claims width × height pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _chunk(b"IEND", b"")
    )
    return SimpleUploadedFile(name, data, content_type="image/png")
