"""Finding and reading source files: folders, encodings, BOMs, line ends, bad input."""

import codecs
from pathlib import Path

from django.utils import timezone

from core.rendering import POST
from importing import blogger, blogger_export, wordpress, wordpress_export
from importing.records import ImportFormatError, LeftOut
from importing.text import MAX_SOURCE_CHARACTERS, clean
from importing.wxr import WxrFile

PARSERS = {"wordpress": wordpress.parse, "blogger": blogger.parse}
# Export files, read as XML rather than as lines of text.
EXPORT_FORMATS = ("wxr", "blogger-atom")
FORMATS = ("auto", *PARSERS, *EXPORT_FORMATS)
# What a folder stands for: scraped text and export files.
SOURCE_SUFFIXES = (".txt", ".xml")
BINARY_SNIFF_BYTES = 8192
# A line is at most a whole post: 50,000 characters of up to four bytes each in UTF-8.
MAX_LINE_BYTES = 4 * POST.max_length
NUL = b"\x00"


def expand_paths(paths):
    """``(files, links)``: source files for the given paths, and the links left out.

    A folder stands for its .txt files (scraped text) and .xml files (exports), sorted.
    A symbolic link in a folder is not followed: it could lead anywhere on the machine
    (a link to /etc/passwd became a published post). A link named on the command line
    is the operator's own choice.
    """
    files, links = [], []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in SOURCE_SUFFIXES)
            links.extend(p for p in found if p.is_symlink())
            found = [p for p in found if p.is_file() and not p.is_symlink()]
            if not found:
                raise ImportFormatError(f"{path}: the folder has no .txt or .xml files to import.")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise ImportFormatError(f"{path}: no such file or folder: check the path.")
    return files, links


def check_encoding(encoding):
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ImportFormatError(
            f"{encoding!r} is not an encoding Python knows: try utf-8, latin-1 or cp1252."
        ) from None


def read_lines(path, encoding="utf-8", on_bytes=None):
    """Yield the decoded lines of ``path`` one at a time, without line ends.

    A BOM is accepted and CRLF is the same as LF. Undecodable bytes and NUL bytes stop the
    read with the byte offset and what to do. ``on_bytes(n)`` is told how many bytes each
    line took, for a progress bar.
    """
    decoder = "utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding
    offset = 0
    with open(path, "rb") as stream:
        head = stream.read(BINARY_SNIFF_BYTES)
        if NUL in head:
            raise ImportFormatError(
                f"{path}: this is a binary file (NUL byte at byte {head.index(NUL)}), "
                "not text: import the scraped .txt files."
            )
        stream.seek(0)
        number = 0
        while raw := stream.readline(MAX_LINE_BYTES + 1):
            number += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                # Read no further: a line this long is no post's, and reading it whole
                # could take all the machine's memory.
                raise ImportFormatError(
                    f"{path}:{number}: the line is longer than {MAX_LINE_BYTES:,} bytes, more "
                    "than a whole post may have: this is not scraped blog text."
                )
            try:
                text = raw.decode(decoder if number == 1 else encoding)
            except UnicodeDecodeError as error:
                raise ImportFormatError(
                    f"{path}:{number}: not {encoding} at byte {offset + error.start}: "
                    "try --encoding latin-1 (or the encoding the file was saved in)."
                ) from None
            if NUL in raw:
                raise ImportFormatError(
                    f"{path}:{number}: NUL byte at byte {offset + raw.index(NUL)}: "
                    "this is not a text file."
                )
            offset += len(raw)
            if on_bytes:
                on_bytes(len(raw))
            yield text.rstrip("\r\n").lstrip("\ufeff") if number == 1 else text.rstrip("\r\n")


def detect_format(lines, path):
    """``(format, lines)``: the format told by the first lines, and all the lines again.

    Lines are read only as far as needed to decide, and handed back in front of the rest.
    """
    seen = []
    read = texts = 0
    for line in lines:
        seen.append(line)
        read += len(line) + 1
        if read > MAX_SOURCE_CHARACTERS:
            # The first post's byline would have come by now.
            break
        text = clean(line)
        if not text:
            continue
        texts += 1
        # A misdated header still tells the format; the parser then reports the date.
        if texts == 1 and blogger.parse_date_header(text) is not None:
            return "blogger", _chain(seen, lines)
        if wordpress.parse_author_line(text):
            return "wordpress", _chain(seen, lines)
    if not texts:
        raise ImportFormatError(f"{path}: the file is empty: there is nothing to import.")
    raise ImportFormatError(
        f"{path}: no posts found: neither a Blogger date header on the first line "
        '("torstai 29. lokakuuta 2015") nor a WordPress byline ("Kirjoittaja <Name> on ..."). '
        "If this is one of those formats, give it with --format."
    )


def _chain(first, rest):
    yield from first
    yield from rest


def sniff_export(path):
    """The export format of ``path`` when its start says it is one, else None."""
    with open(path, "rb") as stream:
        head = stream.read(BINARY_SNIFF_BYTES)
    if b"<rss" in head and b"wordpress.org/export/" in head:
        return "wxr"
    if b"<feed" in head and (b"tag:blogger.com," in head or b"schemas.google.com/blogger" in head):
        return "blogger-atom"
    return None


def parse_file(path, fmt="auto", encoding="utf-8", on_bytes=None, seen=None):
    """``(format, posts)`` for one file; posts are parsed lazily as they are consumed.

    ``seen`` (a ``SourceNotes``) hears what an export file left out and what was repaired.
    """
    if fmt == "auto":
        fmt = sniff_export(path) or fmt
    if fmt in EXPORT_FORMATS:
        posts = _export_posts(path, fmt, seen or SourceNotes(), on_bytes)
        return fmt, _at_least_one(posts, path, fmt)
    lines = read_lines(path, encoding, on_bytes)
    if fmt == "auto":
        fmt, lines = detect_format(lines, path)
    return fmt, _at_least_one(PARSERS[fmt](lines, str(path)), path, fmt)


class SourceNotes:
    """What the export files of a run left out (by kind), what was repaired in them and
    their attachments; the importer's report has the same."""

    def __init__(self):
        self.skipped = LeftOut()
        self.repairs = []
        # An export's attachments by id: (address, alt text).
        self.attachments = {}


def _export_posts(path, fmt, seen, on_bytes):
    skipped, repairs = LeftOut(), []
    if fmt == "wxr":
        export = WxrFile(path, on_bytes)
        zone = timezone.get_default_timezone()
        yield from wordpress_export.posts(export, zone, skipped, seen.attachments)
        repairs = export.repairs
    else:
        yield from blogger_export.posts(path, skipped, repairs, on_bytes)
    seen.skipped.update(skipped)
    seen.repairs.extend(f"{path}: {repair}" for repair in repairs)


def _at_least_one(posts, path, fmt):
    count = 0
    for post in posts:
        count += 1
        yield post
    if not count:
        raise ImportFormatError(f"{path}: no {fmt} posts found: is this the right file?")
