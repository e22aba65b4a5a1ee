"""Photos stored before the picture include printed stored strings get them
(articles/images.py, printed)."""
from django.core.files.storage import default_storage
from django.db import migrations

from articles import images


def store_printed(apps, schema_editor):
    images.reprint(apps.get_model("articles", "Image").objects.all(), default_storage)


def drop_printed(apps, schema_editor):
    Image = apps.get_model("articles", "Image")
    for photo in Image.objects.exclude(renditions={}).only("renditions").iterator():
        photo.renditions.pop("printed", None)
        photo.save(update_fields=["renditions"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_article_edit_version")]

    operations = [migrations.RunPython(store_printed, drop_printed)]
