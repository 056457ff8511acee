"""Create a local editor account on a development machine, once.

`make run` calls this so that a newcomer can sign in to /admin/ straight away.
It only ever runs with DEBUG on, creates nothing when any staff account
exists, and prints the generated password exactly once: it is not stored
anywhere but in the (hashed) user table.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create a local 'editor' superuser with a generated password if no staff account "
        "exists (DEBUG only)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--username", default="editor", help="Name of the account (default: editor)."
        )

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to create a local editor account with DEBUG off. "
                "Use `manage.py createsuperuser` on a production system."
            )
        User = get_user_model()
        if User.objects.filter(is_staff=True).exists():
            if options["verbosity"] >= 1:
                self.stdout.write("An editor account exists already; none created.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(self.style.SUCCESS("Created a local editor account for /admin/:"))
        self.stdout.write(f"  username: {username}")
        self.stdout.write(f"  password: {password}")
        self.stdout.write(
            "This password is shown only now. Reset it with `manage.py changepassword`."
        )
