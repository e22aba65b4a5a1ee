"""Print every knob (trillmag/knobs.py) as the README's Markdown table, or
write it into README.md between its markers."""
import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from trillmag import knobs

README_BLOCK = re.compile(r"(<!-- knobs:start -->\n).*?(<!-- knobs:end -->)", re.S)


def markdown_table(modules):
    rows = ["| variable | default | what it does |", "|---|---|---|"]
    for name, knob in knobs.declared(modules):
        also = f" (also read from `{'`, `'.join(knob.aliases)}`)" if knob.aliases else ""
        rows.append(f"| `{name}` | {knob.shown_default()} | {knob.help}{also} |")
    return "\n".join(rows)


def readme_table(readme_text):
    """The table between the README's knobs markers."""
    match = README_BLOCK.search(readme_text)
    return match.group(0).split("\n", 1)[1].rsplit("\n", 1)[0] if match else None


class Command(BaseCommand):
    help = "Print the table of every app's knobs (environment variable, default, meaning) for README.md."

    def add_arguments(self, parser):
        parser.add_argument("--write-readme", action="store_true", help="Replace the table in README.md.")

    def handle(self, *args, write_readme, **options):
        table = markdown_table(settings.KNOB_MODULES)
        if not write_readme:
            self.stdout.write(table)
            return
        readme = Path(settings.BASE_DIR) / "README.md"
        text = readme.read_text()
        readme.write_text(README_BLOCK.sub(lambda m: f"{m[1]}{table}\n{m[2]}", text))
        self.stdout.write(f"Wrote {len(table.splitlines()) - 2} knobs into {readme}.")
