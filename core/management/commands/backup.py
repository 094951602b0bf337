"""`manage.py backup`: the database and the media files, with their SHA-256 (core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Sauvegarde la base et les fichiers (documents) dans un dossier daté, avec leurs empreintes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", default="var/backups", help="dossier des sauvegardes")

    def handle(self, *args: object, **options: object) -> None:
        try:
            folder = backup_create(into=Path(str(options["to"])))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS("Sauvegarde écrite :"))
        self.stdout.write(str(folder))
