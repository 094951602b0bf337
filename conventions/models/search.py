"""A convention's search text: its title, its reference and its parties' organisations.

One trigram-indexed column the conventions list searches, written by `Convention.save()`
and rewritten by `search_text_refresh` when a party or its organisation changes.
"""

from __future__ import annotations

from django.apps import apps

from core.text import normalize


def search_text_of(title: str, reference: str, party_texts: list[str]) -> str:
    return " ".join([normalize(f"{title} {reference}"), *party_texts]).strip()


def party_texts(convention_ids: list[int]) -> dict[int, list[str]]:
    """The search text of each convention's parties' organisations, in the parties' order."""
    # Looked up by name: the models modules import this one, not the other way round.
    Party = apps.get_model("conventions", "Party")
    texts: dict[int, list[str]] = {}
    rows = Party.objects.filter(convention_id__in=convention_ids).order_by("order", "pk")
    for convention_id, text in rows.values_list("convention_id", "organisation__search_text"):
        texts.setdefault(convention_id, []).append(text)
    return texts


def search_text_refresh(convention_ids: list[int]) -> None:
    """Write again the `search_text` of these conventions (a party or its organisation
    changed): three queries, no history row and no new version (nothing a user edited)."""
    Convention = apps.get_model("conventions", "Convention")
    ids = list(dict.fromkeys(convention_ids))
    if not ids:
        return
    texts = party_texts(ids)
    conventions = list(Convention.objects.filter(pk__in=ids).only("pk", "title", "reference"))
    for convention in conventions:
        convention.search_text = search_text_of(
            convention.title, convention.reference, texts.get(convention.pk, [])
        )
    Convention.objects.bulk_update(conventions, ["search_text"])
