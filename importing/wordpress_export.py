"""The posts of a WordPress export as the importer's records (``ParsedPost``).

Keyed by the export's own id (the GUID, else the post id), so a second run finds each
post whatever its title or date became. Pages, attachments, menus and other types are
not posts of this blog: counted by type in ``skipped`` for the report.
"""

from importing.html_markdown import to_markdown
from importing.records import ParsedPost
from importing.wxr import post_status, publication_time

MORE = "<!--more-->"
# Category domains that are tags here; Co-Authors Plus keeps its bylines as "author" terms.
TAG_DOMAINS = ("category", "post_tag")
CO_AUTHORS = "author"


def _excerpt(item):
    """The export's excerpt, else the text before ``<!--more-->``, as plain Markdown."""
    if item.excerpt.strip():
        return to_markdown(item.excerpt)[0].strip()
    if MORE in item.content:
        return to_markdown(item.content.split(MORE, 1)[0])[0].strip()
    return ""


def posts(wxr, site_zone, skipped, attachments):
    """Yield a ``ParsedPost`` for each post of ``wxr`` (a ``WxrFile``); ``skipped`` (a
    ``LeftOut``) hears what is left out, by post type or status; ``attachments`` gets each
    attachment's address and alt text by its id (a post's featured image is one)."""
    authors = None
    for item in wxr.items():
        if authors is None:
            # The channel lists its authors before its items.
            authors = {author.login: author for author in wxr.authors}
        if item.post_type == "attachment" and item.attachment_url:
            # Brought in from the media folder, or reported, by the loader.
            alt = item.meta.get("_wp_attachment_image_alt", "") or item.title
            attachments[item.post_id] = (item.attachment_url, alt.strip())
            continue
        if item.post_type != "post":
            kind = item.post_type or "untyped"
            # Attachments are named by their files; the rest by their titles.
            skipped.add(kind, "" if kind == "attachment" else item.title)
            continue
        status, status_notes = post_status(item)
        if status is None:
            skipped.add(f"post ({item.status})", item.title)
            continue
        bylines = _bylines(item, authors)
        body, body_notes = to_markdown(item.content.replace(MORE, ""))
        published_at, date_notes = publication_time(item, site_zone)
        yield ParsedPost(
            title=item.title.strip() or f"(untitled {item.post_id})",
            body=body,
            line=item.line,
            key=f"wxr:{item.guid or item.post_id}",
            author_name=bylines[0][0],
            author_email=bylines[0][1],
            co_authors=bylines[1:],
            published_at=published_at,
            time_known=published_at is not None,
            tags=sorted(
                {name for domain, _slug, name in item.categories if domain in TAG_DOMAINS} - {""}
            ),
            notes=[*date_notes, *status_notes, *body_notes],
            status=status,
            slug=item.post_name,
            excerpt=_excerpt(item),
            old_urls=[url for url in (item.link, item.guid) if url],
            comments=item.comments,
            categories=sorted(
                {name for domain, _slug, name in item.categories if domain == "category"} - {""}
            ),
            featured_image_id=item.meta.get("_thumbnail_id", "").strip(),
            old_tag_pages=[
                (f"/{'tag' if domain == 'post_tag' else 'category'}/{slug}/", name)
                for domain, slug, name in item.categories
                if slug and name.strip() and domain in TAG_DOMAINS
            ],
        )


def _bylines(item, authors):
    """[(name, email)] in byline order: the Co-Authors Plus terms when the post has
    them (each names an author's login, or a guest author), else its one creator."""
    logins = [name.strip() for domain, _slug, name in item.categories if domain == CO_AUTHORS]
    bylines = []
    for login in logins or [item.creator]:
        author = authors.get(login)
        byline = (author.display_name, author.email) if author else (login, "")
        if byline not in bylines:
            bylines.append(byline)
    return bylines or [("", "")]
