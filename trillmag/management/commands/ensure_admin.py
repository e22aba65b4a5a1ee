"""Create the demo superuser `admin` once, with a random password printed once."""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from staffauth.policy import enrolment_note
from trillmag.passwords import new_password, shown_once


class Command(BaseCommand):
    help = "Create a superuser 'admin' with a random password when no superuser exists."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("Admin: log in at /admin/ with your existing superuser account.")
        else:
            password = new_password()
            User.objects.create_superuser(username=username, email="", password=password)
            self.stdout.write(self.style.SUCCESS(shown_once("superuser", username, password)))
        if note := enrolment_note():
            self.stdout.write(note)
