"""`manage.py restore <folder>`: into an empty database and media folder, sums checked first."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restaure une sauvegarde dans une base vide, après avoir vérifié ses empreintes SHA-256."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="le dossier maillage-… écrit par `manage.py backup`")

    def handle(self, *args: object, **options: object) -> None:
        try:
            result = backup_restore(folder=Path(str(options["folder"])))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restauré : {result['tables']} tables, {result['media_files']} fichiers vérifiés."
            )
        )
