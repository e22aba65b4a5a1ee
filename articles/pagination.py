from django.core.paginator import Paginator
from django.utils.functional import cached_property

from trillmag.cache import remember


class RememberedCountPaginator(Paginator):
    """Counting a long listing costs more than fetching its page (18 ms for the
    front page at 100k articles), and the count only changes when content does:
    it is computed once per content version. `listing` names what is counted."""

    def __init__(self, object_list, per_page, *, listing, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.listing = listing

    @cached_property
    def count(self):
        return remember(f"count:{self.listing}", self.object_list.count)
