"""`manage.py demo`: load the demonstration data (see demo/loaders) and print the logins."""

from django.core.management.base import BaseCommand
from django.db import transaction

from demo.loaders import load_demo


class Command(BaseCommand):
    help = "Charge les données de démonstration (sans effet si elles sont déjà chargées)."

    def handle(self, *args: object, **options: object) -> None:
        with transaction.atomic():
            result = load_demo(stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))
        self.stdout.write(f"Ouvrez {result['url']} et connectez-vous avec :")
        width = max(len(user["username"]) for user in result["users"])
        for user in result["users"]:
            self.stdout.write(
                f"  {user['username']:<{width}}  /  {user['password']}  —  {user['role']} "
                f"({user['name']})"
            )
