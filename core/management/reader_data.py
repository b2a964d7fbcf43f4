"""What the commands that delete a reader's data on request share: her address, checked,
and a dry run."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email


class ReaderDataCommand(BaseCommand):
    email_help = "The reader's email address, in any case."
    example = "such as lukija@example.com"

    def add_arguments(self, parser):
        parser.add_argument("email", help=self.email_help)
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing."
        )

    def checked(self, email, what):
        """``email``, or a CommandError saying which address to give (``what``)."""
        try:
            validate_email(email.strip())
        except ValidationError:
            raise CommandError(
                f"{email!r} is not an email address: give {what}, {self.example}."
            ) from None
        return email
