from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a folder made by the backup command: the database becomes what it was "
        "in the backup and the media files are put back."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="FOLDER", help="A folder the backup command made.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, **options):
        try:
            manifest = read_manifest(options["folder"])
            if options["interactive"]:
                answer = input(
                    f"This replaces everything in the database with the backup of "
                    f"{manifest['created']}. Type 'yes' to continue: "
                )
                if answer != "yes":
                    raise CommandError("Restore cancelled; nothing was changed.")
            restore_backup(options["folder"])
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the database and {manifest['media_files']} media files from the "
            f"backup of {manifest['created']}."
        )
