"""Which status a new comment gets, and why: blocklist, links, trusted addresses."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_noop

from comments.models import BlockedTerm, Comment
from core.notes import note

_HREF = re.compile(r'<a [^>]*href="([^"]*)"')


def linked_hosts(comment):
    urls = _HREF.findall(comment.body_html)
    if comment.website:
        urls.append(comment.website)
    hosts = {(urlsplit(url).hostname or "").lower() for url in urls}
    hosts.add(comment.email.rpartition("@")[2].lower())
    return hosts - {""}


def link_count(comment):
    return len(_HREF.findall(comment.body_html))


def _domain_matches(domain, hosts):
    return any(host == domain or host.endswith("." + domain) for host in hosts)


def blocklist_match(comment):
    """The first blocked term the comment contains, spam actions first; or None."""
    text = " ".join([comment.name, comment.email, comment.website, comment.body]).lower()
    hosts = linked_hosts(comment)
    terms = sorted(BlockedTerm.objects.all(), key=lambda term: term.action != "spam")
    for term in terms:
        if term.kind == BlockedTerm.Kind.DOMAIN:
            if _domain_matches(term.value, hosts):
                return term
        elif term.value in text:
            return term
    return None


def decide(comment):
    """Return (status, note) for a new, unsaved comment whose body_html is rendered; the note
    is a core.notes note, or {}."""
    term = blocklist_match(comment)
    if term is not None:
        status = Comment.Status.SPAM if term.action == "spam" else Comment.Status.PENDING
        return status, note(gettext_noop("Blocklist: “%(term)s”."), term=term.value)
    links = link_count(comment)
    if links > settings.COMMENTS_MAX_LINKS:
        return Comment.Status.PENDING, note(
            gettext_noop("%(count)d links (more than %(limit)d)."),
            count=links,
            limit=settings.COMMENTS_MAX_LINKS,
        )
    if not settings.COMMENTS_REQUIRE_APPROVAL:
        return Comment.Status.APPROVED, {}
    if settings.COMMENTS_APPROVE_KNOWN_EMAILS and is_known_commenter(comment):
        return Comment.Status.APPROVED, note(
            gettext_noop("Approved automatically: a known commenter.")
        )
    return Comment.Status.PENDING, {}


def is_known_commenter(comment):
    """An earlier comment with the same name and email was approved.

    The email alone is no proof: anyone can type it. With the name as well, a stranger
    has to copy both from an approved comment, whose email is never shown.
    """
    name = " ".join(comment.name.split())
    return (
        Comment.objects.approved()
        .filter(email__iexact=comment.email.strip(), name__iexact=name)
        .exists()
    )
