"""Create the newsroom roles (Author, Editor, Moderator) as groups.

Permissions are normally created after all migrations have run; they are
created here first so the groups get theirs on a fresh database. Permissions of
apps that do not exist yet (comments) are granted after `migrate` by the
post_migrate receiver in articles/roles.py.
"""
from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles import roles


def create_roles(apps, schema_editor):
    using = schema_editor.connection.alias
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
        app_config.models_module = None
    roles.grant_role_permissions(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"), using=using)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=roles.ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_photo_renditions_url_history_and_publishing"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
