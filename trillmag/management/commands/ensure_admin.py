"""Create the demo superuser `admin` once, with a random password printed once."""
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create a superuser 'admin' with a random password when no superuser exists."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("Admin: log in at /admin/ with your existing superuser account.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(self.style.SUCCESS(
            f"Created superuser for /admin/. Username: {username}  Password: {password}\n"
            "This password is shown only once: note it down (change it with "
            f"'.venv/bin/python manage.py changepassword {username}')."
        ))
