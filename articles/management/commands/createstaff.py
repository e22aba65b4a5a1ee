"""Create (or re-role) a newsroom staff account: `createstaff USERNAME --role author`."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from trillmag import roles
from trillmag.passwords import new_password, shown_once

ROLE_CHOICES = {"author": roles.AUTHOR, "editor": roles.EDITOR, "moderator": roles.MODERATOR}


class Command(BaseCommand):
    help = (
        "Create a staff account with a newsroom role (author, editor or moderator) and print its "
        "password once. For an existing account, only its role changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLE_CHOICES))
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--name",
            default="",
            help="The person's full name: their byline when they first write (default: the username).",
        )

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
        if name:
            # Bylines are made from the account's name the first time it writes (Author.objects.for_user).
            user.first_name, user.last_name = split_name(name)
        user.is_staff = True
        user.save()
        user.groups.remove(*Group.objects.filter(name__in=roles.ROLES))
        user.groups.add(group)
        self.report(user, group, password)

    def report(self, user, group, password):
        if password is None:
            self.stdout.write(self.style.SUCCESS(f"{user.username} is now in the {group.name} role."))
            return
        self.stdout.write(self.style.SUCCESS(shown_once(f"{group.name.lower()} account", user.username, password)))


def split_name(name):
    """("Inès", "Duarte") for "Inès Duarte": what get_full_name() joins again."""
    first, _, last = name.strip().rpartition(" ")
    return (first, last) if first else (last, "")
