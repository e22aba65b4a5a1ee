"""`manage.py import_wordpress EXPORT.xml`: bring a WordPress site over (README.md, "Moving from WordPress")."""
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from wordpress.importer import Importer, ImportRefused
from wordpress.media import media_source
from wordpress.wxr import WXRError


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.0-1.2): authors, sections, tags, posts, pages, photos, comments "
        "and old addresses. Safe to run again; a newer export of the same site updates what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="the .xml file from WordPress's Tools › Export")
        media = parser.add_mutually_exclusive_group()
        media.add_argument("--media-dir", help="a copy of the old site's wp-content/uploads folder")
        media.add_argument("--media-url", help="an address serving the uploads folder (e.g. https://old.example/wp-content/uploads/)")
        parser.add_argument("--dry-run", action="store_true", help="read, check and report; write nothing")
        parser.add_argument("--default-author", metavar="SLUG", help="the byline of posts whose author the export does not describe")

    def handle(self, *args, export, media_dir, media_url, dry_run, default_author, **options):
        try:
            media = media_source(media_dir=media_dir, media_url=media_url)
        except ValueError as error:
            raise CommandError(str(error)) from None
        with tqdm(desc="importing", unit=" items", disable=None) as bar:  # shown on a terminal only

            def progress(done, total):
                bar.total = total
                bar.update(done - bar.n)

            importer = Importer(export, media=media, dry_run=dry_run, default_author=default_author, progress=progress)
            try:
                report = importer.run()
            except (WXRError, ImportRefused) as error:
                raise CommandError(f"{export}: {error}") from None
        heading = "Dry run: nothing was written." if dry_run else "Imported."
        self.stdout.write(self.style.SUCCESS(heading))
        for line in report.summary_lines() + report.detail_lines():
            self.stdout.write(line)
