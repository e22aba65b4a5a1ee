"""Newsroom roles: Django groups, each app granting them its own permissions.

The groups are made by a migration (articles/migrations/0003). What each role
may do is declared by the app that owns the models, in its `roles.py`:

    PERMISSIONS = {MODERATOR: {"comments.comment": ALL, "articles.article": ["view"]}}

After every `migrate`, `grant_after_migrate` gives each role the permissions
declared for the app just migrated (Django creates an app's permissions after
its migrations), so a role gets an app's permissions as soon as they exist.
Granting never removes a permission an admin added by hand. Row-level rules
(an author changes only their own drafts) live with the app's admin.

An account put into a role, however it happens (`createstaff`, or an admin
ticking the group on the user's page), becomes staff: it can sign in to the
admin at once, and its byline is made the first time it writes.
"""
from importlib import import_module

from django.apps import apps

AUTHOR = "Author"
EDITOR = "Editor"
MODERATOR = "Moderator"
ROLES = (AUTHOR, EDITOR, MODERATOR)

# Every permission of the model, custom ones (publish_article, ...) included.
ALL = None


def declared_permissions():
    """{role: {"app_label.model": actions or ALL}} from every installed app's roles.py."""
    merged = {role: {} for role in ROLES}
    for app_config in apps.get_app_configs():
        try:
            module = import_module(f"{app_config.name}.roles")
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.roles":
                raise
            continue
        for role, models in getattr(module, "PERMISSIONS", {}).items():
            merged[role].update(models)
    return merged


def grant_role_permissions(app_label=None, using="default"):
    """Give the role groups their declared permissions that exist now (with
    `app_label`, only that app's). Safe to run any number of times."""
    from django.contrib.auth.models import Group, Permission

    for role, models in declared_permissions().items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        for label, actions in models.items():
            model_app, model = label.split(".")
            if app_label not in (None, model_app):
                continue
            permissions = Permission.objects.using(using).filter(
                content_type__app_label=model_app, content_type__model=model
            )
            if actions is not ALL:
                permissions = permissions.filter(codename__in=[f"{action}_{model}" for action in actions])
            group.permissions.add(*permissions)


def grant_after_migrate(sender, using="default", **kwargs):
    """post_migrate receiver: runs after auth has created `sender`'s permissions."""
    grant_role_permissions(app_label=sender.label, using=using)


def staff_when_given_a_role(sender, instance, action, reverse, pk_set, using="default", **kwargs):
    """m2m_changed receiver on User.groups: members of a role are staff."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    if action != "post_add":
        return
    User = get_user_model()
    if reverse:  # group.user_set.add(...)
        if instance.name in ROLES:
            User.objects.using(using).filter(pk__in=pk_set, is_staff=False).update(is_staff=True)
        return
    if not instance.is_staff and Group.objects.using(using).filter(pk__in=pk_set, name__in=ROLES).exists():
        instance.is_staff = True
        User.objects.using(using).filter(pk=instance.pk).update(is_staff=True)


def staff_emails(permission):
    """The email addresses of active accounts that hold `permission`
    ("app_label.codename") directly, through a group or as superusers."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    app_label, codename = permission.split(".")
    granted = Permission.objects.filter(codename=codename, content_type__app_label=app_label)
    holders = get_user_model().objects.filter(
        Q(is_superuser=True) | Q(user_permissions__in=granted) | Q(groups__permissions__in=granted),
        is_active=True,
    )
    return sorted(set(holders.exclude(email="").values_list("email", flat=True)))
