"""Markdown extension: pictures uploaded from the editor get their narrower copies, and a
picture with a title on a line of its own becomes a figure with that title as its caption.

A writer inserts ``![alt](/media/images/...)``; on save this adds ``srcset``, the
picture's size (no layout shift), lazy loading and its WebP copies (``<picture>``), from
what was stored when the file was uploaded. Other images are left as written. The app
that keeps the uploads (blog's ``PostImage``) says how to find them when it starts, with
``find_uploads_with``.

``![Tiimi palaverissa](kuva.jpg "Aamupalaveri kestää vartin.")`` alone in its paragraph
is written as ``<figure>`` with a ``<figcaption>``, as Ghost's image cards and
WordPress's captions show it.
"""

from xml.etree.ElementTree import Element, SubElement

from django.core.files.storage import default_storage
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from core.images import CONTENT_SIZES, base_url

_finders = []


def find_uploads_with(finder):
    """``finder(names)``: the uploaded pictures among these stored file names, each with
    ``image.name``, ``srcset``, ``webp_srcset`` and ``info`` (its width and height)."""
    if finder not in _finders:
        _finders.append(finder)


class _ResponsiveImages(Treeprocessor):
    def run(self, root):
        media_url = base_url(default_storage)
        found = {}
        for element in root.iter("img"):
            src = element.get("src", "")
            if src.startswith(f"{media_url}images/"):
                found.setdefault(src.removeprefix(media_url), []).append(element)
        if not found:
            return
        parents = {child: parent for parent in root.iter() for child in parent}
        for finder in _finders:
            for picture in finder(list(found)):
                for element in found[picture.image.name]:
                    element.set("srcset", picture.srcset)
                    element.set("sizes", CONTENT_SIZES)
                    element.set("width", str(picture.info["width"]))
                    element.set("height", str(picture.info["height"]))
                    element.set("loading", "lazy")
                    element.set("decoding", "async")
                    if picture.webp_srcset:
                        _offer_webp(element, parents[element], picture.webp_srcset)


def _offer_webp(image, parent, webp_srcset):
    """``<picture>`` around ``image``, its WebP copies first for browsers that read them."""
    index = list(parent).index(image)
    wrapper = Element("picture")
    wrapper.tail, image.tail = image.tail, None
    SubElement(
        wrapper, "source", {"type": "image/webp", "srcset": webp_srcset, "sizes": CONTENT_SIZES}
    )
    parent.remove(image)
    wrapper.append(image)
    parent.insert(index, wrapper)


class _CaptionedImages(Treeprocessor):
    def run(self, root):
        for paragraph in root.iter("p"):
            if len(paragraph) != 1 or (paragraph.text or "").strip():
                continue
            image = paragraph[0]
            if image.tag != "img" or (image.tail or "").strip() or not image.get("title"):
                continue
            paragraph.tag = "figure"
            caption = SubElement(paragraph, "figcaption")
            caption.text = image.attrib.pop("title")
            image.tail = None


class ResponsiveImagesExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_ResponsiveImages(md), "responsive_images", 1)
        md.treeprocessors.register(_CaptionedImages(md), "captioned_images", 2)
