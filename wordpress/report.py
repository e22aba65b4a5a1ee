"""What an import did, and everything it could not bring over, with the reason."""
from collections import Counter, defaultdict
from dataclasses import dataclass, field

# The summary's lines, in this order, and what each kind is called there.
KINDS = {
    "author": "authors",
    "category": "sections",
    "tag": "tags",
    "post": "articles",
    "page": "pages",
    "attachment": "photos",
    "comment": "comments",
    "redirect": "redirects",
    "other": "other items",
}
OUTCOMES = ("created", "updated", "unchanged", "skipped")


@dataclass
class Report:
    dry_run: bool = False
    counts: dict = field(default_factory=lambda: defaultdict(Counter))
    # (kind, what (an id, a slug, a login), title, why) of everything not brought over
    skipped: list = field(default_factory=list)
    # (kind, what, title, note) of what came over without some part of it
    notes: list = field(default_factory=list)

    def count(self, kind, outcome, number=1):
        self.counts[kind][outcome] += number

    def skip(self, kind, what, title, reason):
        self.count(kind, "skipped")
        self.skipped.append((kind, str(what), title, reason))

    def note(self, kind, what, title, note):
        self.notes.append((kind, str(what), title, note))

    def summary_lines(self):
        verb = "would be " if self.dry_run else ""
        lines = []
        for kind, label in KINDS.items():
            counts = self.counts.get(kind, {})
            parts = ", ".join(f"{counts[outcome]} {verb}{outcome}" for outcome in OUTCOMES if counts.get(outcome))
            if parts:
                lines.append(f"{label}: {parts}")
        return lines or ["nothing to import"]

    def detail_lines(self):
        lines = []
        for heading, rows in (("Not brought over", self.skipped), ("Brought over in part", self.notes)):
            if rows:
                lines.append(f"{heading} ({len(rows)}):")
                lines += [f"  {KINDS.get(kind, kind)} {what}{describe(title)}: {why}" for kind, what, title, why in rows]
        return lines

    def as_dict(self):
        return {
            "dry_run": self.dry_run,
            "counts": {kind: dict(counts) for kind, counts in self.counts.items()},
            "skipped": self.skipped,
            "notes": self.notes,
        }


def describe(title):
    title = " ".join((title or "").split())
    return f" ({title[:60]}{'…' if len(title) > 60 else ''})" if title else ""
