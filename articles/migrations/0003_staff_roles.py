"""Create the newsroom roles (Author, Editor, Moderator) as groups.

Only the groups: their permissions are granted after every `migrate` from what
each app declares (trillmag/roles.py), so this migration depends on no code
that may change. The names are written out here for the same reason.
"""
from django.db import migrations

ROLE_NAMES = ["Author", "Editor", "Moderator"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_NAMES:
        Group.objects.using(schema_editor.connection.alias).get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(name__in=ROLE_NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_photo_renditions_url_history_and_publishing"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
