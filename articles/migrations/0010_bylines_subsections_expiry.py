"""Co-authors, subsections and expiry: the new tables and columns.

The old single author stays until 0011 has copied it into the bylines; 0012
then drops it. Three migrations, so that PostgreSQL never alters a table in
the transaction that wrote rows pointing at it."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0009_article_review_state"),
    ]

    operations = [
        # The old author's reverse name is about to belong to the co-authors;
        # nullable, so that going back (0012 reversed) can re-add the column
        # before 0011 reversed fills it in.
        migrations.AlterField(
            model_name="article",
            name="author",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="articles.author"
            ),
        ),
        migrations.CreateModel(
            name="Byline",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0, help_text="Who is named first (lowest first).")),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="bylines", to="articles.article"
                    ),
                ),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="bylines", to="articles.author"
                    ),
                ),
            ],
            options={"ordering": ["position", "pk"]},
        ),
        migrations.AddConstraint(
            model_name="byline",
            constraint=models.UniqueConstraint(fields=("article", "author"), name="byline_once_per_author"),
        ),
        migrations.AddIndex(
            model_name="byline",
            index=models.Index(fields=["author", "article"], name="byline_author_idx"),
        ),
        migrations.AddField(
            model_name="article",
            name="authors",
            field=models.ManyToManyField(related_name="articles", through="articles.Byline", to="articles.author"),
        ),
        migrations.AddField(
            model_name="article",
            name="expires_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Optional. From this time on readers no longer see the article (embargoed or time-limited "
                "content); it stays here, and clearing the time brings it back.",
                null=True,
                verbose_name="unpublish at",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("expires_at__isnull", False)), fields=["expires_at"], name="article_expiry_idx"
            ),
        ),
        migrations.AddField(
            model_name="category",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                help_text="Leave empty for a top-level section. Its articles are listed on the parent section's page too.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="children",
                to="articles.category",
                verbose_name="parent section",
            ),
        ),
        migrations.AddField(
            model_name="category",
            name="trail",
            field=models.JSONField(default=list, editable=False),
        ),
        migrations.AddField(
            model_name="category",
            name="tree_path",
            field=models.CharField(db_index=True, default="", editable=False, max_length=255),
        ),
        migrations.AlterField(
            model_name="article",
            name="body_photos",
            field=models.ManyToManyField(
                blank=True, editable=False, related_name="in_%(app_label)s_%(class)s_bodies", to="articles.image"
            ),
        ),
        migrations.AlterField(
            model_name="image",
            name="source",
            field=models.URLField(
                blank=True,
                help_text="Where the photo came from (licence or agency page). For a still of a video, post or map "
                "embedded in a body, that video's address: readers see this photo before the player loads.",
            ),
        ),
    ]
