"""Pages of a list that learn the list's length in the same query as their rows."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Window


class CountedPaginator(Paginator):
    """A Paginator over a query set whose page query also counts the whole list (``COUNT(*)
    OVER ()``, on SQLite and PostgreSQL alike): one query for a page and "page 2 of 7",
    not two. A page past the end still costs the plain count, to say it is past the end.
    """

    def page(self, number):
        if "count" in self.__dict__:
            return super().page(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        counted = self.object_list.annotate(list_length=Window(Count("*")))
        rows = list(counted[bottom : bottom + self.per_page + self.orphans])
        if not rows:
            return super().page(number)
        self.count = rows[0].list_length
        if len(rows) > self.per_page and bottom + len(rows) < self.count:
            rows = rows[: self.per_page]
        return self._get_page(rows, number, self)
