"""Every existing article keeps its author, as its one byline; every existing
section becomes a top-level section with its place stored."""
from django.db import migrations

BATCH = 2000


def authors_to_bylines(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Byline = apps.get_model("articles", "Byline")
    rows = Article.objects.using(schema_editor.connection.alias).order_by("pk").values_list("pk", "author_id")
    batch = []
    for article_id, author_id in rows.iterator(chunk_size=BATCH):
        batch.append(Byline(article_id=article_id, author_id=author_id, position=0))
        if len(batch) == BATCH:
            Byline.objects.using(schema_editor.connection.alias).bulk_create(batch)
            batch = []
    Byline.objects.using(schema_editor.connection.alias).bulk_create(batch)


def first_byline_to_author(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Byline = apps.get_model("articles", "Byline")
    bylines = Byline.objects.using(schema_editor.connection.alias).order_by("article_id", "-position", "-pk")
    # Ordered so that the first-named byline of each article is written last.
    first = dict(bylines.values_list("article_id", "author_id"))
    for article_id, author_id in first.items():
        Article.objects.using(schema_editor.connection.alias).filter(pk=article_id).update(author_id=author_id)


def place_sections(apps, schema_editor):
    Category = apps.get_model("articles", "Category")
    sections = list(Category.objects.using(schema_editor.connection.alias).all())
    for section in sections:
        section.tree_path, section.trail = f"/{section.pk}/", []
    Category.objects.using(schema_editor.connection.alias).bulk_update(sections, ["tree_path", "trail"])


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0010_bylines_subsections_expiry"),
    ]

    operations = [
        migrations.RunPython(authors_to_bylines, first_byline_to_author),
        migrations.RunPython(place_sections, migrations.RunPython.noop),
    ]
