import os
import sys

from django.core.management.base import BaseCommand, CommandError

from blog.models import Post
from importing.loader import CREATED, KEPT, UNCHANGED, UPDATED, Importer
from importing.records import ImportFormatError
from importing.sources import FORMATS, expand_paths


class Command(BaseCommand):
    help = (
        "Import posts from WordPress and Blogger export files (with their comments and old "
        "addresses) or from scraped WordPress.com or Blogger text. Re-running is safe: "
        "unchanged posts are left alone and posts edited since their import are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="A file, or a folder of .txt files."
        )
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="auto",
            help="The source format; auto detects it for each file (default). wxr: a "
            "WordPress export (Tools → Export); blogger-atom: a Blogger export (Settings → "
            "Back up content); wordpress, blogger: text scraped from their pages.",
        )
        parser.add_argument(
            "--author", default="", metavar="NAME", help="Author of posts whose source names none."
        )
        parser.add_argument(
            "--author-map",
            action="append",
            default=[],
            metavar="OLD=NEW",
            help="Credit the source's author OLD (her name there) to the author NEW here "
            "(a name or an address slug). May be given more than once.",
        )
        parser.add_argument(
            "--media",
            metavar="DIR",
            help="A copy of the old blog's media folder (WordPress: wp-content/uploads). "
            "The pictures of the posts found there are brought in; the rest are listed.",
        )
        parser.add_argument(
            "--encoding", default="utf-8", metavar="ENC", help="Source encoding (default utf-8)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and report; write nothing."
        )
        parser.add_argument(
            "--fixture-out",
            metavar="FILE",
            help="Also write the imported users, authors, posts and tags as a loaddata fixture.",
        )
        parser.add_argument(
            "--status",
            choices=[Post.Status.PUBLISHED, Post.Status.DRAFT],
            default=Post.Status.PUBLISHED,
            help="Status of newly created posts from scraped text (default published); "
            "an export file gives each post's own.",
        )

    def handle(self, *args, **options):
        if options["dry_run"] and options["fixture_out"]:
            raise CommandError(
                "--fixture-out writes a file and --dry-run writes nothing: choose one."
            )
        self.verbosity = options["verbosity"]
        author_map = {}
        for pair in options["author_map"]:
            old, equals, new = pair.partition("=")
            if not equals or not old.strip() or not new.strip():
                raise CommandError(
                    f"--author-map {pair!r}: write OLD=NEW, as in "
                    '--author-map "saija=Saija Vuorinen". Nothing was imported.'
                )
            author_map[old] = new
        importer = Importer(
            author_map=author_map,
            default_author=options["author"],
            status=options["status"],
            list_posts=self.verbosity >= 2,
        )
        self._bar_shown = False
        try:
            files, links = expand_paths(options["paths"])
            progress = self._progress_bar(files)
            report = importer.run(
                files,
                fmt=options["format"],
                encoding=options["encoding"],
                dry_run=options["dry_run"],
                fixture_out=options["fixture_out"],
                on_bytes=progress,
                media=options["media"],
            )
        except ImportFormatError as error:
            raise CommandError(f"{error} Nothing was imported.") from None
        finally:
            if self._bar_shown:
                sys.stderr.write("\n")
        self._print_report(report, options, links)

    def _progress_bar(self, files):
        """A byte-based bar on stderr when it is a terminal; nothing when output is piped."""
        if self.verbosity < 1 or not (sys.stderr.isatty() and self.stdout.isatty()):
            return None
        # Each file is read twice: checked to its end, then written.
        total = 2 * sum(path.stat().st_size for path in files) or 1
        done = 0
        shown = None

        def advance(count):
            nonlocal done, shown
            done += count
            percent = 100 * done // total
            if percent == shown:
                return
            shown = percent
            filled = 30 * done // total
            sys.stderr.write(f"\rImporting [{'#' * filled}{'.' * (30 - filled)}] {percent}%")
            self._bar_shown = True

        return advance

    def _report_attachments(self, report, media):
        write = self.stdout.write
        if not media:
            write(
                f"Attachments: {report.attachments}, not brought in: give --media DIR, a copy "
                "of the old blog's media folder (wp-content/uploads)."
            )
            return
        missing = report.attachments_missing.counts["attachment"]
        pictures = report.attachments - missing - report.attachments_not_pictures
        write(
            f"Attachments: {report.attachments}: {pictures} picture(s) in the image library, "
            f"{missing} not brought in, {report.attachments_not_pictures} not a picture."
        )
        for _kind, count, titles in report.attachments_missing.items():
            for title in titles:
                write(self.style.WARNING(f"  Not brought in: {title}"))
            if count > len(titles):
                write(self.style.WARNING(f"  ... and {count - len(titles)} more."))

    def _print_report(self, report, options, links):
        if self.verbosity < 1:
            return
        write = self.stdout.write
        for link in links:
            write(
                self.style.WARNING(
                    f"{link}: left out, a link to {os.readlink(link)}: links in a folder are "
                    "not followed; name the file itself to import it."
                )
            )
        for path, fmt, count in report.files:
            write(f"{path}: {fmt}, {count} post(s)")
        if self.verbosity >= 2:
            for outcome, key, title in report.posts:
                write(f"  {outcome:<16} {title} [{key}]")
        counts = report.outcomes
        write(
            f"Posts: {counts[CREATED]} created, {counts[UPDATED]} updated, "
            f"{counts[UNCHANGED]} unchanged, {counts[KEPT]} kept local edits."
        )
        write(f"Authors: {report.authors_created} created, {report.authors_updated} updated.")
        write(
            f"Posts with unknown date: {report.date_unknown}. Unattributed posts: "
            f"{report.unattributed}. Images lost: {report.images_lost}."
        )
        if report.categories:
            categories = sorted(report.categories, key=str.casefold)
            write(
                f"Tags: {len(report.tags)} from the source, {len(categories)} of them "
                f"categories there: {', '.join(categories[:20])}"
                f"{', ...' if len(categories) > 20 else ''}."
            )
        if report.links_changed:
            write(f"Posts whose links to the old blog now lead here: {report.links_changed}.")
        if report.attachments:
            self._report_attachments(report, options["media"])
        if report.pictures:
            write(f"Pictures brought in: {report.pictures}.")
        if report.comments_created:
            write(f"Comments: {report.comments_created} created.")
        for kind, count, titles in report.skipped.items():
            more = ", ..." if count > len(titles) else ""
            named = f": {', '.join(titles)}{more}" if titles else ""
            write(f"Left out: {count} {kind}{named}.")
        for repair in report.repairs:
            write(self.style.WARNING(f"Repaired: {repair}"))
        if report.dry_run:
            write(self.style.NOTICE("Dry run: nothing was written."))
        elif options["fixture_out"]:
            write(self.style.SUCCESS(f"Fixture written to {options['fixture_out']}."))
