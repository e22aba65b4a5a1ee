"""Work that each of thousands of saves (an import) would ask for, gathered
and done once when they are over."""
import threading
from contextlib import contextmanager


class Batch:
    """Inside `with batch.gathering():` (nested blocks count as one),
    `batch.add(...)` keeps what it is given; when the outermost block ends,
    `done(items)` runs once. Outside a block `add()` keeps nothing and returns
    False: the caller does the work at once."""

    def __init__(self, done):
        self.done = done
        self.local = threading.local()

    @contextmanager
    def gathering(self):
        outer = getattr(self.local, "items", None) is None
        if outer:
            self.local.items = set()
        try:
            yield
        finally:
            if outer:
                items, self.local.items = self.local.items, None
                if items:
                    self.done(items)

    def add(self, *items):
        gathered = getattr(self.local, "items", None)
        if gathered is None:
            return False
        gathered.update(items)
        return True
