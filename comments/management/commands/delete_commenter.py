from comments.privacy import delete_commenter
from core.management.reader_data import ReaderDataCommand


class Command(ReaderDataCommand):
    help = (
        "Delete every comment written from an email address (a reader's deletion request). "
        "Other readers' replies to those comments are kept."
    )
    email_help = "The commenter's email address, in any case."

    def handle(self, email, dry_run, **options):
        email = self.checked(email, "the address the comments were sent from")
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
