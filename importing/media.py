"""An old blog's pictures, brought in from a copy of its media folder (``--media DIR``).

Each picture a post shows, and its featured image, is looked for in the folder (a copy of
``wp-content/uploads``, or any folder): by its path after ``uploads/`` or after the
host (WordPress.com's ``files.wordpress.com/2015/10/kuva.jpg``), then by its file name
alone (Blogger's addresses keep only that). WordPress's resized copies
(``kuva-300x200.jpg``) lead to the original, since the image pipeline makes its own
sizes. A picture found goes through the same pipeline as an upload (checked, metadata
stripped, narrower copies made) and the post points at it; one that is not found, or
that the pipeline refuses, leaves the post and is named in its import notes: an old
blog's pictures are never hot-linked.
"""

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext_noop

from blog.models import PostImage
from core.images import ImageRejected, base_url, inspect
from core.notes import note
from importing.links import MARKDOWN_ADDRESS

# ![alt](address "title"), as the HTML converter writes it.
MARKDOWN_IMAGE = re.compile(
    r'!\[(?P<alt>(?:[^\]\\]|\\.)*)\]\((?P<src><[^>]*>|[^)\s]+)(?:\s+"(?P<title>[^"]*)")?\)'
)
# What is left of a link around a picture that left.
EMPTY_LINK = re.compile(r"\[\]\([^)]*\)")
RESIZED = re.compile(r"-\d+x\d+(?=\.\w+$)")
PICTURE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}


class MediaFolder:
    """The files of one folder, found by their path in it or by their name."""

    def __init__(self, root):
        self.root = Path(root)
        self._paths = {}
        self._names = {}
        for path in sorted(self.root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                relative = path.relative_to(self.root).as_posix()
                self._paths[relative.casefold()] = path
                self._names.setdefault(path.name.casefold(), path)

    @staticmethod
    def is_picture(address):
        """Whether an old address names a picture (by its file's suffix)."""
        path = unquote(urlsplit(address.strip("<>")).path)
        return PurePosixPath(path).suffix.lower() in PICTURE_SUFFIXES

    def find(self, address):
        """The picture an old address names, or None."""
        if not self.is_picture(address):
            return None
        path = unquote(urlsplit(address.strip("<>")).path)
        tails = [path.rpartition("/uploads/")[2]] if "/uploads/" in path else []
        tails.append(path.lstrip("/"))
        for tail in tails:
            for candidate in (RESIZED.sub("", tail), tail):
                if found := self._paths.get(candidate.casefold()):
                    return found
        name = PurePosixPath(path).name
        return self._names.get(RESIZED.sub("", name).casefold()) or self._names.get(name.casefold())


class MediaImporter:
    """Brings pictures into the image library once, however many posts and runs show them.

    ``created`` lists the stored files of pictures this run made, for the journal to
    remove should the import be undone. In a dry run pictures are checked, not stored.
    """

    def __init__(self, folder, *, dry_run=False):
        self.folder = MediaFolder(folder) if folder else None
        self.dry_run = dry_run
        self.created = []
        self.brought = 0

    def picture(self, address):
        """(the ``PostImage`` for an old address or None, why not)."""
        found = self.folder.find(address) if self.folder else None
        if found is None:
            return None, self._missing()
        key = f"media:{found.relative_to(self.folder.root).as_posix()}"
        picture = PostImage.objects.filter(import_key=key).first()
        if picture is not None:
            return picture, ""
        upload, why = self._checked(found)
        if upload is None:
            return None, why
        if self.dry_run:
            return PostImage(import_key=key), ""
        picture = PostImage(image=upload, import_key=key)
        picture.save()
        self.remember(picture.info)
        return picture, ""

    def _missing(self):
        if self.folder:
            return note(gettext_noop("not in the media folder"))
        return note(gettext_noop("no --media folder given"))

    def _checked(self, found):
        """(the file as an upload, or None and why the image pipeline refuses it)."""
        if found.stat().st_size > settings.IMAGE_MAX_BYTES:
            # Refused by its size before it is read into memory.
            return None, note(
                gettext_noop("larger than %(limit)s bytes"), limit=f"{settings.IMAGE_MAX_BYTES:,}"
            )
        upload = ContentFile(found.read_bytes(), name=found.name)
        try:
            inspect(upload)
        except ImageRejected as rejected:
            return None, str(rejected.message)
        return upload, ""

    def remember(self, info):
        """A picture this run stored, with its narrower copies."""
        self.created.extend([info["source"], *info.get("sizes", {}).values()] if info else [])
        self.brought += bool(info)

    def featured_image(self, address):
        """(the picture at ``address`` as an upload for a post's featured image, or None;
        notes on why not). A dry run checks it and gives None."""
        found = self.folder.find(address) if self.folder else None
        why = self._missing()
        upload = None
        if found is not None:
            upload, why = self._checked(found)
        if upload is None:
            return None, [
                note(
                    gettext_noop("Featured image left out (%(why)s): %(address)s"),
                    why=why,
                    address=address,
                )
            ]
        return (None if self.dry_run else upload), []

    def rewrite(self, body):
        """(body with the folder's pictures in place of old addresses, notes, pictures lost).

        Every address found in the folder is replaced first (a thumbnail's picture and the
        full-size one it opens); a picture still shown from elsewhere then leaves.
        """
        notes = []
        lost = 0
        ours = base_url(PostImage._meta.get_field("image").storage)

        def address(match):
            old = match.group("href")
            if self.folder is None or self.folder.find(old) is None:
                return match.group(0)
            picture, _why = self.picture(old)
            if picture is None or not picture.image:
                return match.group(0)
            return f"]({picture.image.url}{match.group('rest')}"

        def image(match):
            nonlocal lost
            old = match.group("src").strip("<>")
            if old.startswith(ours):
                return match.group(0)
            picture, why = self.picture(old)
            if picture is not None:
                # A dry run: checked, and left where it is.
                return match.group(0)
            lost += 1
            alt = f' "{match.group("alt")}"' if match.group("alt") else ""
            notes.append(
                note(
                    gettext_noop("Picture left out (%(why)s): %(address)s"),
                    why=why,
                    address=old + alt,
                )
            )
            return ""

        body = MARKDOWN_ADDRESS.sub(address, body)
        body = EMPTY_LINK.sub("", MARKDOWN_IMAGE.sub(image, body))
        return (re.sub(r"\n{3,}", "\n\n", body) if lost else body), notes, lost
