from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property

from trillmag.pagecache import remember

from .cache_keys import ARTICLES


class RememberedCountPaginator(Paginator):
    """Counting a long listing can cost more than fetching its page, and the
    count only changes when articles do: it is computed once per version of
    ARTICLES. `listing` names what is counted."""

    def __init__(self, object_list, per_page, *, listing, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.listing = listing

    @cached_property
    def count(self):
        return remember(f"count:{self.listing}", [ARTICLES], self.object_list.count)


# SQL's OFFSET is a signed 64-bit integer: a page beyond it cannot exist.
LARGEST_OFFSET = 2**63 - 1


class CountlessPaginator(Paginator):
    """Newer/older pages without a total, for a listing of the whole archive
    (the front page), whose count would grow with every article ever published.
    A page fetches one row more than it shows to learn whether an older page
    exists; a page past the end is empty, hence a 404, like any paginator's."""

    count = num_pages = None

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        if number * self.per_page >= LARGEST_OFFSET:
            raise EmptyPage("That page contains no results")
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and (number > 1 or not self.allow_empty_first_page):
            raise EmptyPage("That page contains no results")
        return CountlessPage(rows[: self.per_page], number, self, has_next=len(rows) > self.per_page)


class CountlessPage(Page):
    def __init__(self, object_list, number, paginator, *, has_next):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self):
        return self._has_next
