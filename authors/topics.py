"""What a change to an author retires of the cached pages (core.caching): her profile
and list of posts (``author:<pk>``), her bylines and authors' boxes on every card, entry
and post of hers (``author-name:<pk>``: a new post of hers retires her list, not every
card of hers), the authors there are and what the index shows of each (``author-list``),
and the sitemap's authors (``authors``)."""

AUTHORS = "authors"
AUTHOR_LIST = "author-list"


def author(pk):
    return f"author:{pk}"


def author_name(pk):
    return f"author-name:{pk}"


def authors_changed(authors, changed=None):
    return [
        AUTHORS,
        AUTHOR_LIST,
        *(author(each.pk) for each in authors),
        *(author_name(each.pk) for each in authors),
    ]
