"""Create (or re-role) a newsroom staff account: `createstaff USERNAME --role author`."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import Author, unique_slug
from trillmag import roles
from trillmag.passwords import new_password, shown_once

ROLE_CHOICES = {"author": roles.AUTHOR, "editor": roles.EDITOR, "moderator": roles.MODERATOR}
# Roles that write under a byline get an Author profile.
BYLINE_ROLES = {roles.AUTHOR, roles.EDITOR}


class Command(BaseCommand):
    help = (
        "Create a staff account with a newsroom role (author, editor or moderator) and print its "
        "password once. For an existing account, only its role changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLE_CHOICES))
        parser.add_argument("--email", default="")
        parser.add_argument("--name", default="", help="The byline, for authors and editors (default: the username).")

    @transaction.atomic
    def handle(self, *args, username, role, email, name, **options):
        group = Group.objects.get(name=ROLE_CHOICES[role])
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": email, "is_staff": True}
        )
        password = None
        if created:
            password = new_password()
            user.set_password(password)
        user.is_staff = True
        user.save()
        user.groups.remove(*Group.objects.filter(name__in=roles.ROLES))
        user.groups.add(group)
        if group.name in BYLINE_ROLES and not Author.objects.filter(user=user).exists():
            byline = Author(name=name or user.get_full_name() or username, user=user)
            byline.slug = unique_slug(byline, byline.name, max_length=140)
            byline.save()
        self.report(user, group, password)

    def report(self, user, group, password):
        if password is None:
            self.stdout.write(self.style.SUCCESS(f"{user.username} is now in the {group.name} role."))
            return
        self.stdout.write(self.style.SUCCESS(shown_once(f"{group.name.lower()} account", user.username, password)))
