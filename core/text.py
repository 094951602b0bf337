"""Text normalisation shared by every searchable name column."""

import unicodedata


def normalize(text: str) -> str:
    """Lower-case, accent-free, single-spaced: "Métropole  Aix" -> "metropole aix"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace("œ", "oe").replace("æ", "ae").split())
