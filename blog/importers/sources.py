"""Finding and reading source files: folders, encodings, BOMs, line ends, bad input."""

import codecs
from pathlib import Path

from blog.importers import blogger, wordpress
from blog.importers.records import ImportFormatError
from blog.importers.text import clean

PARSERS = {"wordpress": wordpress.parse, "blogger": blogger.parse}
BINARY_SNIFF_BYTES = 8192
NUL = b"\x00"


def expand_paths(paths):
    """Source files for the given paths: a folder stands for its .txt files, sorted."""
    files = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix == ".txt" and p.is_file())
            if not found:
                raise ImportFormatError(f"{path}: the folder has no .txt files to import.")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise ImportFormatError(f"{path}: no such file or folder: check the path.")
    return files


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
        for number, raw in enumerate(stream, start=1):
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
    for line in lines:
        seen.append(line)
        text = clean(line)
        if not text:
            continue
        # A misdated header still tells the format; the parser then reports the date.
        first = len([s for s in seen if clean(s)]) == 1
        if first and blogger.parse_date_header(text) is not None:
            return "blogger", _chain(seen, lines)
        if wordpress.parse_author_line(text):
            return "wordpress", _chain(seen, lines)
    if not any(clean(line) for line in seen):
        raise ImportFormatError(f"{path}: the file is empty: there is nothing to import.")
    raise ImportFormatError(
        f"{path}: no posts found: neither a Blogger date header on the first line "
        '("torstai 29. lokakuuta 2015") nor a WordPress byline ("Kirjoittaja <Name> on ..."). '
        "If this is one of those formats, give it with --format."
    )


def _chain(first, rest):
    yield from first
    yield from rest


def parse_file(path, fmt="auto", encoding="utf-8", on_bytes=None):
    """``(format, posts)`` for one file; posts are parsed lazily as they are consumed."""
    lines = read_lines(path, encoding, on_bytes)
    if fmt == "auto":
        fmt, lines = detect_format(lines, path)
    return fmt, _at_least_one(PARSERS[fmt](lines, str(path)), path, fmt)


def _at_least_one(posts, path, fmt):
    count = 0
    for post in posts:
        count += 1
        yield post
    if not count:
        raise ImportFormatError(f"{path}: no {fmt} posts found: is this the right file?")
