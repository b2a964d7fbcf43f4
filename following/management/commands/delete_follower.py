from core.management.reader_data import ReaderDataCommand
from following.subscribing import delete_follower


class Command(ReaderDataCommand):
    help = (
        "Forget an email address that follows the blog (a reader's deletion request): what "
        "it follows and the mail sent to it. delete_commenter does the same for comments."
    )
    email_help = "The follower's email address, in any case."

    def handle(self, email, dry_run, **options):
        email = self.checked(email, "the address that follows the blog")
        follows = delete_follower(email, dry_run=dry_run)
        if follows is None:
            self.stdout.write(f"{email} follows nothing here.")
            return
        verb = "Would forget" if dry_run else "Forgot"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {email}, its {follows} follow(s) and the mail sent to it.")
        )
