from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0011_copy_authors_into_bylines"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="article",
            name="article_author_idx",
        ),
        migrations.RemoveField(
            model_name="article",
            name="author",
        ),
    ]
