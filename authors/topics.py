"""What a change to an author retires of the cached pages (core.caching): her profile
and list of posts (``author:<pk>``, shown too by every byline of hers) and the index of
authors with their counts (``authors``)."""

AUTHORS = "authors"


def author(pk):
    return f"author:{pk}"


def authors_changed(authors, changed=None):
    return [AUTHORS, *(author(each.pk) for each in authors)]
