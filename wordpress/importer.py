"""Importing a WordPress export: the passes, and what each record becomes.

    report = Importer("export.xml", media=media_source(media_dir=...)).run()

1. The whole file is read once and checked (`summarise`): a broken export fails
   here, before anything is written.
2. Authors, tags and photos (`attachment` items, which may come before or after
   the posts that use them); then sections, parents before children.
3. Posts and pages, each with its comments and the old addresses it answered at.
4. Old photo pages are pointed at the articles that show the photos, and links
   in bodies to the old site at the new addresses, now that everything they can
   point at exists.

Writes are committed in batches, so that a long import never holds the
database (SQLite has one writer) for minutes; every item is recorded in
`ImportedObject` with a checksum of what the export said, so running the import
again changes nothing (and reads nothing it does not need), and a newer export
of the same site updates what changed. A dry run reads, checks and counts
everything and writes nothing, not even photo files.
"""
import hashlib
import html
import itertools
import re
from dataclasses import replace

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import slugify
from taggit.models import Tag

from articles import images
from articles.signals import search_vectors_in_bulk
from articles import embeds
from articles.models import Article, Author, Byline, Category, Image, unique_slug
from comments.bulk import bulk_create_threads
from comments.models import Comment
from pages.models import Page
from pages.reserved import is_reserved
from trillmag import pagecache

from . import records
from .attachments import original_path, photo_details, upload_path
from .cleaning import ip_address, web_address
from .content import PhotoRef, comment_text, convert_body, first_sentences, plain_text
from .media import MissingFile, NoSource
from .models import ImportedObject, OldURL
from .report import Report
from .urls import OldSite, category_paths, old_paths, tag_paths
from .wxr import WXRReader, summarise

BATCH = 200
UNCATEGORISED = ("Uncategorised", "uncategorised")
STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,  # a publication time ahead: scheduled
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.DRAFT,
    "private": Article.Status.DRAFT,
}
COMMENT_STATUSES = {"1": Comment.Status.APPROVED, "0": Comment.Status.PENDING, "spam": Comment.Status.SPAM}
PINGS = {"pingback", "trackback"}
HREF = re.compile(r'href="([^"]*)"')


class ImportRefused(Exception):
    """The export cannot be imported as asked (one line, for the command's error)."""


def checksum(record):
    """What the export says of an item, in 40 characters. A post's comments are
    items of their own: a new comment does not make its post "changed"."""
    if isinstance(record, records.Item):
        record = replace(record, comments=())
    return hashlib.sha1(repr(record).encode()).hexdigest()


class Importer:
    def __init__(self, path, *, media=None, dry_run=False, default_author=None, progress=None):
        self.path = path
        self.media = media or NoSource()
        self.dry_run = dry_run
        self.default_author_slug = default_author
        self.progress = progress  # called with (items done, items in all)
        self.report = Report(dry_run=dry_run)
        self.authors = {}  # login -> Author
        self.categories = {}  # WordPress slug -> Category
        self.category_records = []
        self.tags = {}  # WordPress slug -> Tag
        self.photos = {}  # attachment id -> photo pk
        self.photo_paths = {}  # upload path (and its original's) -> photo pk
        self.images = {}  # photo pk -> Image, read when a body needs it
        self.attachments = {}  # attachment id -> (its parent's post id, its old paths)
        self.gallery = {}  # post id -> the ids of its attachments
        self.shown_in = {}  # photo pk -> the article or page that shows it (for the photo's old page)
        self.linking = set()  # (model, pk) of articles and pages whose bodies link to the old site
        self.records = []  # ImportedObject rows to write with the batch
        self.new_comments = []  # (record, Comment) to store with the batch
        self.old_urls = {}  # path -> OldURL to write with the batch
        self.virtual_ids = itertools.count(1)

    # -- the passes ----------------------------------------------------------------------------

    def run(self):
        summary = summarise(self.path)  # raises WXRError, before anything is written
        self.site = summary.site
        self.old_site = OldSite.from_site(self.site)
        self.site_key = (self.site.base_blog_url or self.site.base_site_url or self.site.link or "").rstrip("/")
        self.default_author = self.find_default_author(summary)
        self.known = dict(
            ((kind, wp_id), (object_id, digest))
            for kind, wp_id, object_id, digest in ImportedObject.objects.filter(site=self.site_key).values_list(
                "kind", "wp_id", "object_id", "checksum"
            )
        )
        self.done, self.total = 0, summary.total_items * 2
        with pagecache.changes_in_bulk(), search_vectors_in_bulk():
            # Threads and links are written in bulk, without signals: everything may have changed.
            pagecache.content_changed()
            self.batched(self.library_record, WXRReader(self.path))
            with transaction.atomic():
                self.import_categories()
                self.flush()
            self.batched(self.content_record, WXRReader(self.path))
            with transaction.atomic():
                self.point_photo_pages_at_articles()
                self.point_links_at_new_addresses()
                self.flush()
        return self.report

    def batched(self, handle, reader):
        """Handle every record, committing every BATCH items."""
        records_left = iter(reader)
        while chunk := list(itertools.islice(records_left, BATCH)):
            with transaction.atomic():
                for record in chunk:
                    handle(record)
                self.flush()
            self.done += sum(isinstance(record, records.Item) for record in chunk)
            if self.progress:
                self.progress(self.done, self.total)

    def library_record(self, record):
        match record:
            case records.Author():
                self.import_author(record)
            case records.Category():
                self.category_records.append(record)
            case records.Tag():
                self.import_tag(record)
            case records.Term():
                self.report.skip("other", record.slug, record.name, f"{record.taxonomy} term (not used here)")
            case records.Item(post_type="attachment"):
                self.import_photo(record)

    def content_record(self, record):
        if not isinstance(record, records.Item) or record.post_type == "attachment":
            return
        if record.post_type == "post":
            self.import_post(record)
        elif record.post_type == "page":
            self.import_page(record)
        else:
            kind = record.post_type or "unknown"
            self.report.skip("other", record.post_id, plain_text(record.title), f"{kind} item (not used here)")

    # -- what previous imports did ---------------------------------------------------------------

    def state(self, kind, wp_id, record):
        """("created", None), ("updated", pk) or ("unchanged", pk) for this item."""
        known = self.known.get((kind, str(wp_id)))
        if known is None:
            return "created", None
        object_id, digest = known
        return ("unchanged" if digest == self.checksum(record) else "updated"), object_id

    def checksum(self, record):
        """Each record's checksum, made once (state() and remember() both ask)."""
        if self.last_checksum[0] is not record:
            self.last_checksum = (record, checksum(record))
        return self.last_checksum[1]

    last_checksum = (None, "")

    def keep(self, kind, wp_id, obj, record, state):
        """Count `obj` under `state`, save it unless it is unchanged (or this is
        a dry run) and remember it by its WordPress id; returns it."""
        self.report.count(kind, state)
        if not self.dry_run and state != "unchanged":
            obj.save()
        self.remember(kind, wp_id, obj, record)
        return obj

    def remember(self, kind, wp_id, obj, record):
        if self.dry_run:
            return
        digest = self.checksum(record)
        self.known[(kind, str(wp_id))] = (obj.pk, digest)
        self.records.append(ImportedObject(
            site=self.site_key, kind=kind, wp_id=str(wp_id), content_type=self.content_type(obj),
            object_id=obj.pk, checksum=digest,
        ))

    def flush(self):
        """Write the batch's comments, records and old addresses, in a few statements."""
        if self.dry_run:
            self.records, self.old_urls, self.new_comments = [], {}, []
            return
        bulk_create_threads([stored for _, stored in self.new_comments])
        for comment, stored in self.new_comments:
            self.remember("comment", comment.id, stored, comment)
        self.new_comments = []
        ImportedObject.objects.bulk_create(
            self.records, update_conflicts=True, unique_fields=["site", "kind", "wp_id"],
            update_fields=["content_type", "object_id", "checksum", "imported_at"],
        )
        existing = set(OldURL.objects.filter(path__in=self.old_urls).values_list("path", flat=True))
        OldURL.objects.bulk_create(
            self.old_urls.values(), update_conflicts=True, unique_fields=["path"],
            update_fields=["content_type", "object_id"],
        )
        self.report.count("redirect", "created", len(set(self.old_urls) - existing))
        self.report.count("redirect", "unchanged", len(existing))
        self.records, self.old_urls = [], {}

    @staticmethod
    def content_type(obj):
        return ContentType.objects.get_for_model(obj)

    # -- authors ---------------------------------------------------------------------------------

    def find_default_author(self, summary):
        if self.default_author_slug:
            author = Author.objects.filter(slug=self.default_author_slug).first()
            if author is None:
                raise ImportRefused(f"--default-author {self.default_author_slug}: no byline has that slug")
            return author
        unknown = [login for login in summary.unknown_creators if self.existing_byline(login, "") is None]
        if unknown:
            names = ", ".join(login or "(none)" for login in unknown)
            raise ImportRefused(
                f"posts are signed by authors the export does not describe ({names}): "
                "name a byline for them with --default-author SLUG"
            )
        return None

    @staticmethod
    def existing_byline(login, email):
        """A byline here that is this WordPress user: by account login, then by email."""
        if login:
            author = Author.objects.filter(user__username__iexact=login).first()
            if author:
                return author
        if email:
            return Author.objects.filter(user__email__iexact=email).first()
        return None

    def import_author(self, record):
        state, pk = self.state("author", record.login, record)
        name = (record.display_name or f"{record.first_name} {record.last_name}".strip() or record.login)[:120]
        author = Author.objects.filter(pk=pk).first() if pk else None
        if author is None:
            author = self.existing_byline(record.login, record.email)
            state = "unchanged" if author else "created"
        if author is None:
            author = Author(name=name)
            author.slug = unique_slug(author, record.login or name, max_length=140)
        elif state == "updated":
            author.name = name
        self.authors[record.login] = self.keep("author", record.login, author, record, state)

    def author_for(self, login):
        return self.authors.get(login) or self.existing_byline(login, "") or self.default_author

    def bylines_for(self, record):
        """The post's author, then the co-authors the Co-Authors Plus plugin
        lists as `author` terms ("cap-login"), each once."""
        logins = [record.creator, *(term.slug.removeprefix("cap-") for term in record.terms_in("author"))]
        authors = [author for author in map(self.author_for, logins) if author is not None]
        return list({author.pk or id(author): author for author in authors}.values())

    # -- sections and tags -----------------------------------------------------------------------

    def import_categories(self):
        """Parents before their children, whatever order the export gives."""
        by_slug = {record.slug: record for record in self.category_records}
        for record in sorted(self.category_records, key=lambda record: category_paths(record, by_slug)[0].count("/")):
            self.import_category(record, by_slug)

    def import_category(self, record, by_slug):
        state, pk = self.state("category", record.slug, record)
        category = Category.objects.filter(pk=pk).first() if pk else None
        if category is None:
            category = Category.objects.filter(slug=slugify(record.slug)).first()
            state = "unchanged" if category else "created"
        parent = self.categories.get(record.parent) if record.parent else None
        if category is None:
            name = plain_text(record.name) or record.slug
            category = Category(name=self.free_category_name(name), description=plain_text(record.description))
            category.slug = unique_slug(category, record.slug or name, max_length=100)
            category.parent = parent
        elif state == "updated":
            category.description = plain_text(record.description)
            category.parent = parent
        self.categories[record.slug] = self.keep("category", record.slug, category, record, state)
        self.add_old_paths(category_paths(record, by_slug), category)

    def free_category_name(self, name):
        """Section names are unique: a second "News" (under another parent) becomes "News 2"."""
        taken = set(Category.objects.filter(name__istartswith=name[:80]).values_list("name", flat=True))
        taken |= {category.name for category in self.categories.values()}
        candidate, n = name[:80], 2
        while candidate in taken:
            candidate, n = f"{name[:75]} {n}", n + 1
        return candidate

    def category_for(self, record):
        """A post's first section, or the one WordPress calls Uncategorised."""
        sections = [self.categories[term.slug] for term in record.terms_in("category") if term.slug in self.categories]
        if sections:
            return sections[0]
        name, slug = UNCATEGORISED
        if slug not in self.categories:
            category = Category.objects.filter(slug=slug).first()
            if category is None:
                category = Category(name=self.free_category_name(name), slug=slug)
                if not self.dry_run:
                    category.save()
                self.report.count("category", "created")
            self.categories[slug] = category
        return self.categories[slug]

    def import_tag(self, record):
        state, pk = self.state("tag", record.slug, record)
        name = plain_text(record.name)[:100] or record.slug
        tag = Tag.objects.filter(pk=pk).first() if pk else None
        if tag is None:
            tag = Tag.objects.filter(slug=slugify(record.slug)).first() or Tag.objects.filter(name__iexact=name).first()
            state = "unchanged" if tag else "created"
        if tag is None:
            tag = Tag(name=name, slug=slugify(record.slug)[:100] or slugify(name)[:100])
            if not self.dry_run:
                tag.save()
        self.report.count("tag", state)
        self.tags[record.slug] = tag
        self.remember("tag", record.slug, tag, record)
        self.add_old_paths(tag_paths(record), tag)

    def tag_for(self, term):
        """A post's tag by its slug, made on the spot when the export's tag list lacks it."""
        if term.slug not in self.tags:
            self.import_tag(records.Tag(term_id=None, slug=term.slug, name=term.name))
        return self.tags[term.slug]

    # -- photos ----------------------------------------------------------------------------------

    def import_photo(self, record):
        details = photo_details(record)
        self.gallery.setdefault(record.post_parent, []).append(record.post_id)
        self.attachments[record.post_id] = (record.post_parent, old_paths(record, self.old_site))
        state, pk = self.state("attachment", record.post_id, record)
        if state == "created":
            try:
                photo = self.new_photo(details)
            except (MissingFile, ValidationError) as error:
                reason = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                title = plain_text(details.title) or details.path
                self.report.skip("attachment", record.post_id, title, f"photo not brought over: {reason}")
                return
            pk = photo.pk
        elif state == "updated" and not self.dry_run:
            photo = Image.objects.get(pk=pk)
            describe_photo(photo, details)
            photo.save()
        self.report.count("attachment", state)
        self.photos[record.post_id] = pk
        for path in (details.path, upload_path(record.attachment_url)):
            if path:
                self.photo_paths[path] = self.photo_paths[original_path(path)] = pk
        self.remember("attachment", record.post_id, Image(pk=pk), record)

    def new_photo(self, details):
        data = self.media.read(details.path)
        name = details.path.rsplit("/", 1)[-1] or "photo.jpg"
        photo = Image(file=images.clean_upload(ContentFile(data, name=name)))  # the checks every upload passes
        describe_photo(photo, details)
        if self.dry_run:
            photo.pk = -next(self.virtual_ids)
        else:
            photo.save()
        self.images[photo.pk] = photo
        return photo

    def image(self, pk):
        if pk not in self.images:
            self.images[pk] = Image.objects.get(pk=pk)
        return self.images[pk]

    def find_photo(self, src, attachment_id):
        """The converter's question: which library photo is this image?"""
        pk = self.photos.get(attachment_id) if attachment_id else None
        if pk is None and src:
            path = upload_path(src)
            pk = self.photo_paths.get(path) or self.photo_paths.get(original_path(path))
        if pk is None:
            return None
        photo = self.image(pk)
        return PhotoRef(photo.pk, photo.alt_text, "" if self.dry_run else photo.file.url)

    # -- posts -----------------------------------------------------------------------------------

    def import_post(self, record):
        self.import_entry(record, "post", Article, self.fill_article, self.save_article)

    def import_page(self, record):
        self.import_entry(record, "page", Page, self.fill_page, self.save_page)

    def import_entry(self, record, kind, model, fill, save):
        """A post or a page: its body converted, its old addresses kept."""
        title = plain_text(record.title)
        if record.status not in STATUSES:
            reason = "in the trash" if record.status == "trash" else f"status {record.status or '(none)'}"
            self.report.skip(kind, record.post_id, title, f"not imported: {reason}")
            return
        state, pk = self.state(kind, record.post_id, record)
        self.report.count(kind, state)
        if state == "unchanged":
            self.import_comments(record, model(pk=pk))
            return
        if record.password or record.status == "private":
            why = "password-protected" if record.password else "private"
            self.report.note(kind, record.post_id, title, f"{why} on WordPress: imported unpublished, never public")
        links_old_site = []
        body = convert_body(
            record.content, photo=self.find_photo, gallery_ids=self.gallery.get(record.post_id, ()), embed=embed,
            rewrite_url=lambda url: links_old_site.append(url) if self.old_site.owns(url) else None,
        )
        for note in body.notes:
            self.report.note(kind, record.post_id, title, note)
        entry = model.objects.get(pk=pk) if pk else model()
        fill(entry, record, title or first_sentences(plain_text(body.html), 120), body)
        if self.dry_run:
            entry.pk = -next(self.virtual_ids)
        else:
            save(entry, record, body)
        if links_old_site:
            self.linking.add((model, entry.pk))
        for photo_pk in body.photos:
            self.shown_in.setdefault(photo_pk, entry)
        self.remember(kind, record.post_id, entry, record)
        self.add_old_paths(old_paths(record, self.old_site), entry)
        self.import_comments(record, entry)

    def fill_article(self, article, record, title, body):
        article.title = (title or f"Untitled post {record.post_id}")[:200]
        if not article.slug:
            article.slug = unique_slug(article, record.post_name or article.title)
        article.standfirst = (plain_text(record.excerpt) or first_sentences(plain_text(body.html), 300))[:500]
        article.body = body.html
        article.status = Article.Status.DRAFT if record.password else STATUSES[record.status]
        when = moment(record.post_date_gmt, record.post_date)
        article.published_at = when if article.status == Article.Status.PUBLISHED else None
        article.created_at = when or article.created_at
        article.is_featured = record.is_sticky
        article.comments_enabled = record.comment_status != "closed"
        article.category = self.category_for(record)
        article.featured_image_id = self.thumbnail(record)
        if article.featured_image_id:
            self.shown_in.setdefault(article.featured_image_id, article)
        article.seo_title = plain_text(record.meta.get("_yoast_wpseo_title", ""))[:70]
        article.seo_description = plain_text(record.meta.get("_yoast_wpseo_metadesc", ""))[:160]

    def thumbnail(self, record):
        """The featured photo (`_thumbnail_id` names the attachment)."""
        value = record.meta.get("_thumbnail_id", "")
        return self.photos.get(int(value)) if value.isdigit() else None

    def save_article(self, article, record, body):
        created = article.pk is None
        article.save()
        if not created:
            article.bylines.all().delete()
        Byline.objects.bulk_create(
            Byline(article=article, author=author, position=position)
            for position, author in enumerate(self.bylines_for(record))
        )
        # The tag links in one statement (taggit's set() asks for each tag in turn).
        links = article.tags.through.objects
        if not created:
            links.filter(content_type=self.content_type(article), object_id=article.pk).delete()
        tags = {tag.pk: tag for tag in map(self.tag_for, record.terms_in("post_tag"))}
        links.bulk_create(
            [links.model(content_object=article, tag_id=tag_id) for tag_id in tags], ignore_conflicts=True
        )
        self.give_credits(body)

    @staticmethod
    def give_credits(body):
        for photo_pk, credit in body.credits.items():
            # The credit belongs to the photo: a caption's credit fills a photo that has none.
            Image.objects.filter(pk=photo_pk, credit="").update(credit=credit[:200])

    def fill_page(self, page, record, title, body):
        page.title = (title or f"Untitled page {record.post_id}")[:200]
        if not page.slug:
            wanted = slugify(record.post_name or page.title)[:90] or "page"
            if is_reserved(wanted):
                self.report.note("page", record.post_id, title, f"its address /{wanted}/ is one of the site's own: "
                                 f"it answers at /{wanted}-page/ (the old address leads there)")
                wanted = f"{wanted}-page"
            page.slug = unique_slug(page, wanted, max_length=100)
        page.summary = (plain_text(record.excerpt) or first_sentences(plain_text(body.html), 300))[:300]
        page.body = body.html
        page.is_published = record.status == "publish" and not record.password
        if record.status == "future":
            self.report.note("page", record.post_id, title, "scheduled on WordPress: pages have no schedule, "
                             "so it is imported unpublished")
        page.footer_position = max(record.menu_order, 0)
        page.photo_id = self.thumbnail(record)

    def save_page(self, page, record, body):
        page.save()
        self.give_credits(body)

    # -- comments --------------------------------------------------------------------------------

    def import_comments(self, record, article):
        if not isinstance(article, Article):
            for comment in record.comments:
                self.report.skip("comment", comment.id, "", "on a page (pages take no comments)")
            return
        new, made = [], {}
        for comment in parents_first(record.comments):
            if comment.type in PINGS:
                self.report.skip("comment", comment.id, "", f"{comment.type} (not imported)")
                continue
            state, pk = self.state("comment", comment.id, comment)
            self.report.count("comment", state)
            if state == "created":
                stored = self.new_comment(comment, article, made.get(comment.parent) or self.stored_comment(comment.parent))
                new.append((comment, stored))
                made[comment.id] = stored
            elif state == "updated" and not self.dry_run:
                stored = Comment.objects.get(pk=pk)
                stored.status, stored.body = comment_status(comment), comment_text(comment.content)
                stored.save(update_fields=["status", "body", "body_html"])  # never announced: no emails
                self.remember("comment", comment.id, stored, comment)
        self.new_comments += new

    def new_comment(self, comment, article, parent):
        return Comment(
            article_id=article.pk,
            parent=parent,
            name=(plain_text(comment.author) or "Anonymous")[:80],
            email=(comment.email or "")[:254],
            website=web_address(comment.url),
            body=comment_text(comment.content),
            status=comment_status(comment),
            ip_address=ip_address(comment.ip),
            created_at=moment(comment.date_gmt, comment.date) or timezone.now(),
            moderation_reasons=["imported from WordPress"],
        )

    def stored_comment(self, wp_id):
        """A reply's parent from an earlier import (a newer export adds replies)."""
        known = self.known.get(("comment", str(wp_id))) if wp_id else None
        return Comment.objects.filter(pk=known[0]).first() if known else None

    # -- old addresses ---------------------------------------------------------------------------

    def add_old_paths(self, paths, obj):
        if self.dry_run:
            self.report.count("redirect", "created", len(paths))
            return
        new_url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None
        for path in paths:
            if path != new_url:  # an old address that is the new one simply answers
                self.old_urls[path[:500]] = OldURL(path=path[:500], content_type=self.content_type(obj), object_id=obj.pk)

    def point_photo_pages_at_articles(self):
        """A photo's old page now leads to the article or page that shows the
        photo (or, failing that, the post it was uploaded to)."""
        uploaded_to = {}
        for attachment_id, (parent_id, paths) in self.attachments.items():
            entry = self.shown_in.get(self.photos.get(attachment_id))
            if entry is None and ("post", str(parent_id)) in self.known:
                uploaded_to[attachment_id] = self.known[("post", str(parent_id))][0]
            elif entry is not None:
                self.add_old_paths(paths, entry)
        articles = {} if self.dry_run else Article.objects.in_bulk(set(uploaded_to.values()))
        for attachment_id, pk in uploaded_to.items():
            self.add_old_paths(self.attachments[attachment_id][1], articles.get(pk, Article(pk=pk)))

    def point_links_at_new_addresses(self):
        if self.dry_run:
            return
        for model, pk in self.linking:
            entry = model.objects.get(pk=pk)
            body = HREF.sub(lambda match: f'href="{html.escape(self.new_address(html.unescape(match[1])))}"', entry.body)
            if body != entry.body:
                entry.body = body
                entry.save()

    def new_address(self, url):
        """Where a link to the old site goes now: the page that replaced the old
        one, or the photo's file; any other old address becomes the same path
        here, where the old addresses are answered (`OldURLMiddleware`)."""
        path = self.old_site.relative(url)
        if path is None:
            return url
        for candidate in dict.fromkeys([path, path.rstrip("/") + "/", path.rstrip("/") or "/"]):
            old = OldURL.objects.filter(path=candidate).first()
            if old is not None and old.target is not None:
                return old.target.get_absolute_url()
        photo_pk = self.photo_paths.get(upload_path(url))
        return self.image(photo_pk).file.url if photo_pk else path


def embed(url):
    """A known provider's address alone on its line, as the editor stores it:
    saving the body turns it into a player readers open with a click."""
    if embeds.find(url) is None:
        return None
    return format_html('<p><a href="{}">{}</a></p>', url, url)


def describe_photo(photo, details):
    fallback = details.title or details.caption or details.path.rsplit("/", 1)[-1]
    photo.alt_text = (details.alt or plain_text(fallback))[:250]
    photo.caption = plain_text(details.caption)[:300]
    photo.credit = details.credit[:200]


def moment(gmt, local):
    """WordPress's GMT time when it wrote one, else its local time read in ours."""
    if gmt is not None:
        return gmt
    return timezone.make_aware(local) if local is not None else None


def comment_status(comment):
    return COMMENT_STATUSES.get(comment.approved, Comment.Status.REMOVED)


def parents_first(comments):
    """A post's comments, each after the one it answers (exports usually, but not
    always, list them so); a reply to a comment not in the export comes last."""
    by_id = {comment.id: comment for comment in comments}
    ordered, placed = [], set()

    def place(comment, chain=()):
        if comment.id in placed or comment.id in chain:
            return
        parent = by_id.get(comment.parent)
        if parent is not None:
            place(parent, (*chain, comment.id))
        placed.add(comment.id)
        ordered.append(comment)

    for comment in comments:
        place(comment)
    return ordered
