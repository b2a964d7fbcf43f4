"""Reading export files (WordPress WXR, Blogger Atom) as XML: streamed, safely, leniently.

Streamed: lxml ``iterparse`` hands over each element as it ends, and what has been read
is let go (``forget``), so memory does not grow with the file. Safe: a file whose prolog
declares a DTD is refused before parsing (no export has one; a DTD is how entity bombs
and external entities come in), and lxml resolves no entities and fetches nothing.
Lenient where the meaning is clear, each repair counted for the report: control
characters XML forbids are left out, and a namespace prefix used but never declared
(Blogger's ``app:``) is declared on the root.
"""

import re

from lxml import etree

from importing.records import ImportFormatError

# What XML 1.0 forbids and real exports still contain (pasted from word processors).
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# The prolog is read this far for a DTD and for the root's start tag.
HEAD_BYTES = 64 * 1024


def local_name(tag):
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def namespace(tag):
    return tag[1:].partition("}")[0] if isinstance(tag, str) and tag.startswith("{") else ""


def text_of(element):
    return (element.text or "") if element is not None else ""


def forget(element):
    """Let go of what has been read, so that memory stays flat however long the file."""
    element.clear(keep_tail=True)
    while element.getprevious() is not None:
        del element.getparent()[0]


class _Repaired:
    """The file's bytes with the repairs made: control bytes out, undeclared prefixes in."""

    def __init__(self, raw, declarations, on_bytes=None):
        self._raw = raw
        self._declarations = declarations
        self._on_bytes = on_bytes
        self.dropped = 0

    def read(self, size=-1):
        data = self._raw.read(size)
        if self._on_bytes:
            self._on_bytes(len(data))
        if self._declarations:
            root = re.search(rb"<(rss|feed)\b", data)
            if root:
                data = data[: root.end()] + self._declarations + data[root.end() :]
                self._declarations = b""
        cleaned, count = CONTROL_BYTES.subn(b"", data)
        self.dropped += count
        return cleaned


class ExportReader:
    """Streams one export file's elements to ``handle(element)``; subclasses say which."""

    # Prefixes real exporters use without declaring them: prefix -> namespace.
    undeclared_prefixes = {}

    def __init__(self, path, on_bytes=None):
        self.path = path
        # Told how many bytes each read took, for a progress bar.
        self.on_bytes = on_bytes
        self.repairs = []
        self._added = {}

    def check_root(self, root):
        """Raise ImportFormatError when the root says this is not the expected export."""

    def elements(self):
        """Yield each element as it ends (then let go of by the caller or ``forget``)."""
        with open(self.path, "rb") as raw:
            head = raw.read(HEAD_BYTES)
            self._refuse_a_dtd(head)
            declarations = self._missing_declarations(head)
            raw.seek(0)
            stream = _Repaired(raw, declarations, self.on_bytes)
            yield from self._parse(stream)
        if stream.dropped:
            self.repairs.append(
                f"{stream.dropped} control character(s) XML does not allow were left out."
            )

    def _refuse_a_dtd(self, head):
        prolog = re.split(rb"<(?:rss|feed)\b", head, maxsplit=1)[0]
        if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
            raise ImportFormatError(
                f"{self.path}: the file declares a DTD (<!DOCTYPE ...>), which no WordPress "
                "or Blogger export has and which can expand entities or fetch files: "
                "refused. Export the blog again and import that file."
            )

    def _missing_declarations(self, head):
        """Declarations to add to the root for the prefixes it leaves out (harmless when
        unused); ``note_undeclared`` reports one once an element is met in it."""
        root = re.search(rb"<(?:rss|feed)\b[^>]*>", head)
        declared = root.group(0) if root else b""
        missing = b""
        for prefix, uri in self.undeclared_prefixes.items():
            if f"xmlns:{prefix}=".encode() not in declared:
                missing += f' xmlns:{prefix}="{uri}"'.encode()
                self._added[uri] = prefix
        return missing

    def note_undeclared(self, element):
        """Report, once, that ``element``'s prefix was used without being declared."""
        prefix = self._added.pop(namespace(element.tag), None)
        if prefix:
            self.repairs.append(
                f"The prefix {prefix}: is used without being declared; read as "
                f"{self.undeclared_prefixes[prefix]}."
            )

    def _parse(self, stream):
        events = etree.iterparse(
            stream,
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=True,
            remove_comments=True,
        )
        root_seen = False
        try:
            for event, element in events:
                if not root_seen:
                    root_seen = True
                    self.check_root(element)
                if event == "end":
                    yield element
        except etree.XMLSyntaxError as error:
            line, column = error.position if error.position else (0, 0)
            raise ImportFormatError(
                f"{self.path}:{line}:{column}: not a whole, well-formed export "
                f"({error.msg}). Was the download cut short? Export the blog again."
            ) from error
        if not root_seen:
            raise ImportFormatError(f"{self.path}: the file is empty.")
