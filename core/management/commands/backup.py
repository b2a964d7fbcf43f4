from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded media into a new folder inside --to, "
        "while the site keeps running. Restore it with the restore command."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            default="backups",
            metavar="FOLDER",
            help="Where to put the new backup folder (default: backups).",
        )

    def handle(self, *args, **options):
        try:
            folder, manifest = create_backup(options["to"])
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up the {manifest['database']} database and {manifest['media_files']} "
            f"media files to {folder}"
        )
