"""A large, deterministic WordPress export (WXR 1.2) for the import benchmark and tests.

    python bench/make_wxr.py export.xml --media-dir uploads/        # 10,000 posts, 100,000 comments, 2,000 photos
    python bench/make_wxr.py small.xml --posts 50 --comments 400 --photos 10 --media-dir up/

or `make_wxr(path, posts=…, comments=…, photos=…, media_dir=…)`, which returns the
counts it wrote. The file is written as it is generated (memory stays flat), the
same arguments always give the same bytes, and `--media-dir` receives a small
JPEG for every photo, laid out as WordPress's `wp-content/uploads/` (`YYYY/MM/`).

What it holds, so an importer meets what real exports contain:
- authors; categories with parents (a child written before its parent too);
  tags; a nav menu term and a menu item (to skip); pages, one a child page;
- posts: published, a few sticky, drafts (no GMT date), pending, private,
  scheduled (future), password-protected and trashed ones; classic-editor bodies
  (paragraphs as blank lines) and block-editor ones; captions with credits,
  galleries, an `[embed]`, a YouTube address alone on its line, links to other
  posts of the old site, an unsupported shortcode; a featured photo;
- photos (attachments), some written before the post they belong to, with alt
  text, caption, and an IPTC credit in `_wp_attachment_metadata`;
- threaded comments, some threads deeper than 5 levels, a little HTML in some,
  and a few pingbacks, spam, trashed and pending ones.
"""
import argparse
import random
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image

BASE_URL = "https://old.example.com"
WORDS = (
    "council budget harbour river election minister housing transport school hospital market festival "
    "museum court police storm farmers rail bridge library archive vote island trade summit energy water "
    "climate workers union coast mountain village city border ministry report inquiry"
).split()
AGENCIES = ("Reuters", "AFP", "AP", "Getty Images", "EPA")
NAMES = ("Ana Ruiz", "Jon Berg", "Mia Chen", "Omar Haddad", "Lena Fischer", "Tom Okafor", "Sara Lind")
FIRST_DATE = datetime(2015, 1, 5, 8, 30)


def cdata(text):
    return "<![CDATA[" + str(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def php_serialize(value):
    """PHP's serialize() for the strings, integers and dicts an attachment's metadata holds."""
    if isinstance(value, dict):
        return f"a:{len(value)}:{{" + "".join(php_serialize(k) + php_serialize(v) for k, v in value.items()) + "}"
    if isinstance(value, int):
        return f"i:{value};"
    return f's:{len(str(value).encode())}:"{value}";'


class _Export:
    def __init__(self, out, rng, media_dir, posts, comments, photos, pages):
        self.out, self.rng, self.media_dir = out, rng, media_dir
        self.posts, self.comments, self.photos, self.pages = posts, comments, photos, pages
        self.counts = Counter()
        self.next_comment = 1

    def write(self, text):
        self.out.write(text)

    def words(self, count):
        return " ".join(self.rng.choice(WORDS) for _ in range(count))

    def sentence(self):
        return self.words(self.rng.randint(8, 16)).capitalize() + "."

    # Header, authors and terms ------------------------------------------------------------

    def header(self):
        self.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n'
            '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"'
            ' xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            f"<title>The Old Gazette</title>\n<link>{BASE_URL}</link>\n<description>News</description>\n"
            "<language>en-GB</language>\n<wp:wxr_version>1.2</wp:wxr_version>\n"
            f"<wp:base_site_url>{BASE_URL}</wp:base_site_url>\n<wp:base_blog_url>{BASE_URL}</wp:base_blog_url>\n"
        )
        self.authors = [f"writer{number}" for number in range(1, 21)]
        for number, login in enumerate(self.authors, start=1):
            first, last = NAMES[number % len(NAMES)].split()
            self.write(
                f"<wp:author><wp:author_id>{number}</wp:author_id><wp:author_login>{cdata(login)}</wp:author_login>"
                f"<wp:author_email>{cdata(login + '@old.example.com')}</wp:author_email>"
                f"<wp:author_display_name>{cdata(f'{first} {last} {number}')}</wp:author_display_name>"
                f"<wp:author_first_name>{cdata(first)}</wp:author_first_name>"
                f"<wp:author_last_name>{cdata(last)}</wp:author_last_name></wp:author>\n"
            )
            self.counts["authors"] += 1
        sections = ["world", "politics", "business", "culture", "sport", "science"]
        self.categories = []
        # The first child comes before its parent: an importer must build the tree afterwards.
        self.category("middle-east", "Middle East", "world")
        for slug in sections:
            self.category(slug, slug.capitalize(), "")
            for sub in ("local", "analysis"):
                self.category(f"{slug}-{sub}", f"{slug.capitalize()} {sub}", slug)
        self.tags = [f"topic-{number}" for number in range(1, 101)]
        for number, slug in enumerate(self.tags, start=1):
            self.write(
                f"<wp:tag><wp:term_id>{1000 + number}</wp:term_id><wp:tag_slug>{cdata(slug)}</wp:tag_slug>"
                f"<wp:tag_name>{cdata(f'Topic {number}')}</wp:tag_name></wp:tag>\n"
            )
            self.counts["tags"] += 1
        self.write(
            "<wp:term><wp:term_id>3000</wp:term_id><wp:term_taxonomy>nav_menu</wp:term_taxonomy>"
            f"<wp:term_slug>{cdata('main')}</wp:term_slug><wp:term_name>{cdata('Main')}</wp:term_name></wp:term>\n"
        )
        self.counts["terms"] += 1

    def category(self, slug, name, parent):
        term_id = 100 + len(self.categories)
        self.categories.append(slug)
        self.write(
            f"<wp:category><wp:term_id>{term_id}</wp:term_id><wp:category_nicename>{cdata(slug)}</wp:category_nicename>"
            f"<wp:category_parent>{cdata(parent)}</wp:category_parent><wp:cat_name>{cdata(name)}</wp:cat_name>"
            f"<wp:category_description>{cdata('All about ' + name)}</wp:category_description></wp:category>\n"
        )
        self.counts["categories"] += 1

    # Items --------------------------------------------------------------------------------

    def item(self, *, post_id, post_type, title, slug, when, status="publish", content="", excerpt="",
             creator=None, parent=0, link=None, terms=(), meta=(), comments="", extra="", sticky=False,
             password="", gmt=True):
        local = when.strftime("%Y-%m-%d %H:%M:%S")
        gmt_text = (when - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S") if gmt else "0000-00-00 00:00:00"
        link = link or f"{BASE_URL}/?p={post_id}"
        self.write(
            f"<item><title>{cdata(title)}</title><link>{escape(link)}</link>"
            f"<dc:creator>{cdata(creator or self.rng.choice(self.authors))}</dc:creator>"
            f'<guid isPermaLink="false">{BASE_URL}/?p={post_id}</guid><description></description>'
            f"<content:encoded>{cdata(content)}</content:encoded><excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>"
            f"<wp:post_id>{post_id}</wp:post_id><wp:post_date>{cdata(local)}</wp:post_date>"
            f"<wp:post_date_gmt>{cdata(gmt_text)}</wp:post_date_gmt>"
            f"<wp:comment_status>{cdata('open')}</wp:comment_status><wp:ping_status>{cdata('open')}</wp:ping_status>"
            f"<wp:post_name>{cdata(slug)}</wp:post_name><wp:status>{cdata(status)}</wp:status>"
            f"<wp:post_parent>{parent}</wp:post_parent><wp:menu_order>0</wp:menu_order>"
            f"<wp:post_type>{cdata(post_type)}</wp:post_type><wp:post_password>{cdata(password)}</wp:post_password>"
            f"<wp:is_sticky>{int(sticky)}</wp:is_sticky>{extra}"
        )
        for domain, term_slug, name in terms:
            self.write(f'<category domain="{domain}" nicename="{term_slug}">{cdata(name)}</category>')
        for key, value in meta:
            self.write(f"<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
                       f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>")
        self.write(comments + "</item>\n")
        self.counts[f"items:{post_type}"] += 1

    def attachment(self, post_id, parent, when):
        path = f"{when:%Y/%m}/photo-{post_id}.jpg"
        if self.media_dir is not None:
            target = self.media_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shade = (post_id * 37 % 256, post_id * 91 % 256, post_id * 53 % 256)
            Image.new("RGB", (64, 48), shade).save(target, "JPEG", quality=70)
        name = self.rng.choice(NAMES)
        agency = self.rng.choice(AGENCIES)
        credit_in_meta = post_id % 2 == 0
        image_meta = {"aperture": "0", "credit": f"{name}/{agency}" if credit_in_meta else "", "camera": "",
                      "caption": "", "copyright": "", "title": ""}
        metadata = {"width": 64, "height": 48, "file": path, "image_meta": image_meta}
        caption = self.sentence() + ("" if credit_in_meta else f" Photo: {name}/{agency}")
        self.item(
            post_id=post_id, post_type="attachment", title=f"photo-{post_id}", slug=f"photo-{post_id}", when=when,
            status="inherit", excerpt=caption, parent=parent, link=f"{BASE_URL}/?attachment_id={post_id}",
            extra=f"<wp:attachment_url>{cdata(f'{BASE_URL}/wp-content/uploads/{path}')}</wp:attachment_url>",
            meta=[("_wp_attached_file", path), ("_wp_attachment_image_alt", self.words(4)),
                  ("_wp_attachment_metadata", php_serialize(metadata))],
        )
        return f"{BASE_URL}/wp-content/uploads/{path}"

    def body(self, number, photos, blocks):
        rng = self.rng
        paragraphs = [" ".join(self.sentence() for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(3, 6))]
        if number % 7 == 0 and number > 1:
            other = rng.randint(1, number - 1)
            paragraphs[0] += f' See <a href="{BASE_URL}/?p={self.post_ids[other]}">our earlier report</a>.'
        if photos:
            attachment_id, url = photos[0]
            credit = f" Photo: {rng.choice(NAMES)}/{rng.choice(AGENCIES)}" if number % 3 == 0 else ""
            paragraphs.insert(1, f'[caption id="attachment_{attachment_id}" align="alignnone" width="64"]'
                                 f'<img class="wp-image-{attachment_id} size-full" src="{url}" alt="" width="64" '
                                 f'height="48" /> {self.sentence()}{credit}[/caption]')
        if len(photos) > 1:
            paragraphs.append(f'[gallery ids="{",".join(str(attachment_id) for attachment_id, _ in photos)}"]')
        if number % 11 == 0:
            paragraphs.append("https://www.youtube.com/watch?v=" + f"{number:011d}")
        if number % 13 == 0:
            paragraphs.append(f"[embed]https://vimeo.com/{number}[/embed]")
        if number % 17 == 0:
            paragraphs.append('[contact-form-7 id="4" title="Tips"]')
        if number % 19 == 0:
            paragraphs.insert(2, "<h2>" + self.words(3).capitalize() + "</h2>\n<ul>\n<li>"
                              + "</li>\n<li>".join(self.words(3) for _ in range(3)) + "</li>\n</ul>")
        if not blocks:
            return "\n\n".join(paragraphs)
        return "\n\n".join(f"<!-- wp:paragraph -->\n<p>{text}</p>\n<!-- /wp:paragraph -->" for text in paragraphs)

    def comment_block(self, post_number, count):
        rng, out, ids, depth = self.rng, [], [], {}
        deep = post_number % 50 == 1
        for index in range(count):
            comment_id = self.next_comment
            self.next_comment += 1
            if deep and index < 8:
                parent = ids[-1] if ids else 0  # a chain 8 deep
            elif ids and rng.random() < 0.4:
                parent = rng.choice(ids)
            else:
                parent = 0
            depth[comment_id] = depth.get(parent, -1) + 1
            ids.append(comment_id)
            roll = rng.random()
            kind, approved = "", "1"
            if roll < 0.01:
                kind = "pingback"
            elif roll < 0.02:
                approved = "spam"
            elif roll < 0.025:
                approved = "trash"
            elif roll < 0.055:
                approved = "0"
            self.counts[f"comments:{kind or 'comment'}:{approved}"] += 1
            self.counts["comments"] += 1
            text = self.sentence()
            if comment_id % 9 == 0:
                text = f"<b>{text}</b>\n\n<a href=\"https://example.org/{comment_id}\">a source</a>"
            when = FIRST_DATE + timedelta(days=post_number // 3, minutes=comment_id % 1440)
            name = rng.choice(NAMES)
            out.append(
                f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                f"<wp:comment_author>{cdata(name)}</wp:comment_author>"
                f"<wp:comment_author_email>{cdata(name.split()[0].lower() + str(comment_id % 500) + '@mail.example')}"
                f"</wp:comment_author_email><wp:comment_author_url>https://example.org/</wp:comment_author_url>"
                f"<wp:comment_author_IP>{cdata(f'192.0.2.{comment_id % 250}')}</wp:comment_author_IP>"
                f"<wp:comment_date>{cdata(when.strftime('%Y-%m-%d %H:%M:%S'))}</wp:comment_date>"
                f"<wp:comment_date_gmt>{cdata((when - timedelta(hours=1)).strftime('%Y-%m-%d %H:%M:%S'))}"
                f"</wp:comment_date_gmt><wp:comment_content>{cdata(text)}</wp:comment_content>"
                f"<wp:comment_approved>{cdata(approved)}</wp:comment_approved>"
                f"<wp:comment_type>{cdata(kind)}</wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent>"
                f"<wp:comment_user_id>0</wp:comment_user_id></wp:comment>"
            )
        self.counts["deepest_comment"] = max(self.counts["deepest_comment"], max(depth.values(), default=0))
        return "".join(out)

    def status_of(self, number):
        for every, status in ((97, "draft"), (89, "private"), (83, "future"), (79, "pending"), (71, "trash")):
            if number % every == 0:
                return status
        return "publish"

    def items(self):
        rng = self.rng
        self.post_ids = {number: 10_000 + number for number in range(1, self.posts + 1)}
        photo_owner = {}  # post number -> its photos' numbers
        for photo in range(self.photos):
            photo_owner.setdefault(photo * self.posts // max(self.photos, 1) + 1, []).append(photo)
        per_post, extra = divmod(self.comments, self.posts) if self.posts else (0, 0)
        for number in range(1, self.posts + 1):
            post_id = self.post_ids[number]
            when = FIRST_DATE + timedelta(days=number // 3, hours=number % 3 * 5)
            status = self.status_of(number)
            if status == "future":
                when = datetime(2099, 1, 1) + timedelta(days=number)
            photos = []
            for photo in photo_owner.get(number, []):
                attachment_id = 1_000_000 + photo
                photos.append((attachment_id, None))
                if photo % 4 != 0:  # most come before their post, as WordPress orders by id
                    photos[-1] = (attachment_id, self.attachment(attachment_id, post_id, when))
            meta = [("_edit_last", "1")] + ([("_thumbnail_id", str(photos[0][0]))] if photos else [])
            deferred = [attachment_id for attachment_id, url in photos if url is None]
            photos = [(attachment_id, url or self.photo_url(attachment_id, when)) for attachment_id, url in photos]
            category = rng.choice(self.categories)
            tags = rng.sample(self.tags, 3)
            terms = [("category", category, category.replace("-", " ").title())]
            terms += [("post_tag", tag, tag.replace("-", " ").title()) for tag in tags]
            count = per_post + (1 if number <= extra else 0)
            slug = f"story-{number}"
            sticky = number % 997 == 3 and status == "publish"
            password = "secret" if number % 101 == 5 else ""
            self.item(
                post_id=post_id, post_type="post", title=f"{self.words(5).capitalize()} ({number})", slug=slug,
                when=when, status=status, content=self.body(number, photos, blocks=number % 4 == 0),
                excerpt=self.sentence() if number % 2 else "", terms=terms, meta=meta,
                link=f"{BASE_URL}/{when:%Y/%m/%d}/{slug}/" if status == "publish" else None,
                comments=self.comment_block(number, count), sticky=sticky, password=password,
                gmt=status not in ("draft", "pending"),
            )
            self.counts[f"posts:{status}"] += 1
            self.counts["posts:sticky"] += sticky
            self.counts["posts:password"] += bool(password)
            for attachment_id in deferred:  # written after the post they belong to
                self.attachment(attachment_id, post_id, when)

    def photo_url(self, attachment_id, when):
        return f"{BASE_URL}/wp-content/uploads/{when:%Y/%m}/photo-{attachment_id}.jpg"

    def site_pages(self):
        first = None
        for number in range(1, self.pages + 1):
            post_id = 500 + number
            first = first or post_id
            slug = f"page-{number}"
            parent = first if number == 2 else 0
            link = f"{BASE_URL}/page-1/{slug}/" if parent else f"{BASE_URL}/{slug}/"
            self.item(post_id=post_id, post_type="page", title=f"Page {number}", slug=slug, when=FIRST_DATE,
                      content="\n\n".join(self.sentence() for _ in range(3)), parent=parent, link=link)
        self.item(post_id=900, post_type="nav_menu_item", title="", slug="900", when=FIRST_DATE,
                  terms=[("nav_menu", "main", "Main")], meta=[("_menu_item_object_id", "501")])

    def footer(self):
        self.write("</channel>\n</rss>\n")


def make_wxr(out, *, posts=10_000, comments=100_000, photos=2_000, pages=20, media_dir=None, seed=1):
    """Write the export to `out` (a path or a text file); return the counts written."""
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8") as stream:
            return make_wxr(stream, posts=posts, comments=comments, photos=photos, pages=pages,
                            media_dir=media_dir, seed=seed)
    export = _Export(out, random.Random(seed), Path(media_dir) if media_dir else None, posts, comments, photos, pages)
    export.header()
    export.site_pages()
    export.items()
    export.footer()
    return export.counts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="the export file to write")
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--photos", type=int, default=2_000)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--media-dir", help="where to write the photos (a copy of wp-content/uploads)")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(argv)
    counts = make_wxr(options.out, posts=options.posts, comments=options.comments, photos=options.photos,
                      pages=options.pages, media_dir=options.media_dir, seed=options.seed)
    for key in sorted(counts):
        print(f"{key}: {counts[key]}")


if __name__ == "__main__":
    main()
