from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from following.subscribing import delete_follower


class Command(BaseCommand):
    help = (
        "Forget an email address that follows the blog (a reader's deletion request): what "
        "it follows and the mail sent to it. delete_commenter does the same for comments."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The follower's email address, in any case.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing."
        )

    def handle(self, email, dry_run, **options):
        try:
            validate_email(email.strip())
        except ValidationError:
            raise CommandError(
                f"{email!r} is not an email address: give the address that follows the blog, "
                "such as lukija@example.com."
            ) from None
        follows = delete_follower(email, dry_run=dry_run)
        if follows is None:
            self.stdout.write(f"{email} follows nothing here.")
            return
        verb = "Would forget" if dry_run else "Forgot"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {email}, its {follows} follow(s) and the mail sent to it.")
        )
