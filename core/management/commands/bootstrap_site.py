from django.core.management.base import BaseCommand

from core.bootstrap import create_first_administrator, load_demo_content


class Command(BaseCommand):
    help = "Load the demo content into an empty database and create the first administrator."

    def handle(self, *args, **options):
        if load_demo_content():
            self.stdout.write(self.style.SUCCESS("Loaded the demo content."))
        account = create_first_administrator()
        if account:
            username, password = account
            self.stdout.write(
                self.style.SUCCESS("Created the administrator account (shown only this once):")
            )
            self.stdout.write(f"  user name: {username}\n  password:  {password}")
            self.stdout.write(
                f"Sign in at /admin/. Lost it? python manage.py changepassword {username}"
            )
