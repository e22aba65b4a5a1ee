import django.contrib.postgres.search
from django.db import migrations

import articles.search

# Rows that exist before this migration get their vectors from
# `manage.py update_search_vectors` (historical models cannot follow taggit's
# generic relation, so the vector cannot be built here).

class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_staff_roles"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="article",
            index=articles.search.SearchVectorIndex(fields=["search_vector"], name="article_search_idx"),
        ),
    ]
