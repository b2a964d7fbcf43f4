"""Pages of a list that learn the list's length in the same query as their rows, and that
can keep which rows they hold until the list changes."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import F, Func, IntegerField, Subquery

from core import compiled
from core.caching import fragment, shows


def plain_count():
    """COUNT of the rows as a plain function: an aggregate Django knew of would add a
    GROUP BY, and count() builds a query of its own."""
    return Func(F("pk"), function="COUNT", output_field=IntegerField())


class PageRows:
    """The rows of one page in order, each read from ``queryset`` the first time it is
    asked for: a page whose ids were kept shows what is kept of its rows (cards) and reads
    only the others. ``ids`` never reads. A row that left the list after its ids were kept
    (the change that took it out reaches this process within a second) is left out."""

    def __init__(self, queryset, ids, rows=()):
        self.queryset, self.ids = queryset, ids
        self._rows = {row.pk: row for row in rows}

    def __len__(self):
        return len(self.ids)

    def __iter__(self):
        self.read(range(len(self.ids)))
        return (row for pk in self.ids if (row := self._rows[pk]) is not None)

    def get(self, index):
        """The row at ``index``, or None when it left the list."""
        self.read([index])
        return self._rows[self.ids[index]]

    def read(self, indexes):
        """Read the rows at ``indexes`` not read yet, in one query."""
        unread = [self.ids[index] for index in indexes if self.ids[index] not in self._rows]
        if unread:
            found = self.queryset.in_bulk(unread)
            self._rows.update((pk, found.get(pk)) for pk in unread)


class CountedPaginator(Paginator):
    """A Paginator over a query set whose page query also counts the whole list: one query
    for a page and "page 2 of 7", not two. The count is a subquery the database works out
    once (a window, ``COUNT(*) OVER ()``, made SQLite build every row of the list before
    the limit: 100 ms for the front page of 10,000 posts). A page past the end still
    costs the plain count, to say it is past the end.

    With ``kept_as=(name, topics)``, a page's ids and the list's length are kept as a
    fragment (core.caching) until one of ``topics``, the topics whose change can add,
    remove or move a row of the list, moves on. A page retired by anything else its rows
    show (a comment's count on a card, a renamed tag) reads no list again, and no row
    whose part is still kept. The page's ``object_list`` is ``PageRows``.
    """

    def __init__(self, *args, kept_as=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_as = kept_as

    def page(self, number):
        if "count" in self.__dict__:
            return super().page(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        read = []
        if self.kept_as is None:
            listed = self._listed(number, read)
        else:
            name, topics = self.kept_as
            listed = fragment(f"list:{name}:{number}", lambda: self._listed(number, read, topics))
        if listed is None:
            return super().page(number)
        ids, self.count = listed
        return self._get_page(PageRows(self.object_list, ids, read), number, self)

    def _listed(self, number, read, topics=()):
        """(the page's ids, the list's length), or None for a page with no rows; the rows
        it reads go to ``read``, for this page to show without reading them again."""
        shows(*topics)
        bottom = (number - 1) * self.per_page

        def counted():
            length = self.object_list.order_by().annotate(list_length=plain_count())
            # The page's ids are chosen first, from what an index can hold (the order, the
            # filters), and only their rows are read: sorting a thousand posts' rows to
            # keep ten read every one of them.
            shown = self.object_list.values("pk")[bottom : bottom + self.per_page + self.orphans]
            return self.object_list.filter(pk__in=shown).annotate(
                list_length=Subquery(length.values("list_length"))
            )

        if self.kept_as is None:
            rows = list(counted())
        else:
            name = f"list:{self.kept_as[0]}:{number}:{self.per_page}:{self.orphans}"
            rows = compiled.rows(name, counted, compiled.moment_of(self.object_list))
        if not rows:
            return None
        count = rows[0].list_length
        if len(rows) > self.per_page and bottom + len(rows) < count:
            rows = rows[: self.per_page]
        read.extend(rows)
        return [row.pk for row in rows], count
