"""Newsroom roles: Django groups and what each may do.

The groups are created by a data migration, and `grant_role_permissions`
runs again after every `migrate` (see apps.py) so that permissions of apps
migrated later, such as comments, reach their roles as soon as they exist.
Row-level rules (an author changes only their own drafts) live in the admin.
"""
AUTHOR = "Author"
EDITOR = "Editor"
MODERATOR = "Moderator"

# Every permission of the model, including custom ones (publish_article, ...).
ALL = None

# role -> {"app_label.model": actions, or ALL}
ROLES = {
    AUTHOR: {
        "articles.article": ["add", "change", "delete", "view"],
        "articles.image": ["add", "view"],
        "articles.author": ["view"],
        "articles.category": ["view"],
    },
    EDITOR: {
        "articles.article": ALL,
        "articles.image": ALL,
        "articles.author": ALL,
        "articles.category": ALL,
        "taggit.tag": ALL,
    },
    MODERATOR: {
        "comments.comment": ALL,
        "comments.ban": ALL,
        "comments.disallowedword": ALL,
        "articles.article": ["view"],
    },
}


def grant_role_permissions(group_model, permission_model, app_label=None, using="default"):
    """Create the role groups and give them their permissions that exist now.

    With `app_label`, only that app's permissions are granted. Safe to run
    any number of times; it never removes a permission an admin added.
    """
    for role, models in ROLES.items():
        group, _ = group_model.objects.using(using).get_or_create(name=role)
        for label, actions in models.items():
            model_app, model = label.split(".")
            if app_label not in (None, model_app):
                continue
            permissions = permission_model.objects.using(using).filter(
                content_type__app_label=model_app, content_type__model=model
            )
            if actions is not ALL:
                permissions = permissions.filter(codename__in=[f"{action}_{model}" for action in actions])
            group.permissions.add(*permissions)


def grant_after_migrate(sender, using="default", **kwargs):
    """post_migrate receiver: runs after auth has created `sender`'s permissions."""
    from django.contrib.auth.models import Group, Permission

    grant_role_permissions(Group, Permission, app_label=sender.label, using=using)
