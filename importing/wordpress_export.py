"""The posts of a WordPress export as the importer's records (``ParsedPost``).

Keyed by the export's own id (the GUID, else the post id), so a second run finds each
post whatever its title or date became. Pages, attachments, menus and other types are
not posts of this blog: counted by type in ``skipped`` for the report.
"""

from importing.html_markdown import to_markdown
from importing.records import ParsedPost
from importing.wxr import post_status, publication_time

MORE = "<!--more-->"


def _excerpt(item):
    """The export's excerpt, else the text before ``<!--more-->``, as plain Markdown."""
    if item.excerpt.strip():
        return to_markdown(item.excerpt)[0].strip()
    if MORE in item.content:
        return to_markdown(item.content.split(MORE, 1)[0])[0].strip()
    return ""


def posts(wxr, site_zone, skipped):
    """Yield a ``ParsedPost`` for each post of ``wxr`` (a ``WxrFile``); ``skipped`` (a
    Counter) counts what is left out, by post type or status."""
    authors = None
    for item in wxr.items():
        if authors is None:
            # The channel lists its authors before its items.
            authors = {author.login: author for author in wxr.authors}
        if item.post_type != "post":
            skipped[item.post_type or "untyped"] += 1
            continue
        status, status_notes = post_status(item)
        if status is None:
            skipped[f"post ({item.status})"] += 1
            continue
        author = authors.get(item.creator)
        body, body_notes = to_markdown(item.content.replace(MORE, ""))
        published_at, date_notes = publication_time(item, site_zone)
        yield ParsedPost(
            title=item.title.strip() or f"(untitled {item.post_id})",
            body=body,
            line=item.line,
            key=f"wxr:{item.guid or item.post_id}",
            author_name=author.display_name if author else item.creator,
            author_email=author.email if author else "",
            published_at=published_at,
            time_known=published_at is not None,
            tags=sorted({name for _domain, _slug, name in item.categories if name.strip()}),
            notes=[*date_notes, *status_notes, *body_notes],
            status=status,
            slug=item.post_name,
            excerpt=_excerpt(item),
            old_urls=[url for url in (item.link, item.guid) if url],
            comments=item.comments,
            old_tag_pages=[
                (f"/{'tag' if domain == 'post_tag' else 'category'}/{slug}/", name)
                for domain, slug, name in item.categories
                if slug and name.strip() and domain in ("category", "post_tag")
            ],
        )
