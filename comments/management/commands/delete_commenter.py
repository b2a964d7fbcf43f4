from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from comments.privacy import delete_commenter


class Command(BaseCommand):
    help = (
        "Delete every comment written from an email address (a reader's deletion request). "
        "Other readers' replies to those comments are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The commenter's email address, in any case.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing."
        )

    def handle(self, email, dry_run, **options):
        try:
            validate_email(email.strip())
        except ValidationError:
            raise CommandError(
                f"{email!r} is not an email address: give the address the comments were sent "
                "from, such as lukija@example.com."
            ) from None
        deleted, kept = delete_commenter(email, dry_run=dry_run)
        if not deleted:
            self.stdout.write(f"No comments from {email}.")
            return
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(self.style.SUCCESS(f"{verb} {deleted} comment(s) from {email}."))
        if kept:
            self.stdout.write(
                f"{kept} reply/replies by other readers {'would be' if dry_run else 'were'} "
                "kept as comments of their own."
            )
