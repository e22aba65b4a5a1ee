"""An index for joining articles to their tag links on PostgreSQL.

taggit stores `object_id` as an integer while article ids are bigints, so
PostgreSQL compares `object_id::bigint` with the article id, and taggit's own
(content_type, object_id) index cannot serve that comparison: each lookup from an
article to its tags (the search vector's tag words, the shared-tag count of
"You May Also Like") read every tag link of the content type, 350,000 rows at
100k articles. This expression index answers those lookups directly. SQLite
compares without a cast and needs nothing.
"""
from django.db import migrations

INDEX = "taggit_item_ct_object_bigint_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON taggit_taggeditem (content_type_id, (object_id::bigint))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_article_seo_overrides"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
