"""Text normalisation shared by every searchable name column."""

import unicodedata


def normalize(text: str) -> str:
    """Lower-case, accent-free, single-spaced: "Métropole  Aix" -> "metropole aix"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    # No mark to strip in ASCII: the Python loop over each character only where one may be.
    if decomposed.isascii():
        stripped = decomposed
    else:
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace("œ", "oe").replace("æ", "ae").split())


def parse_id(value: str | None) -> int | None:
    """A primary key from a query string, or None: `"²".isdigit()` is true, `int("²")` fails."""
    text = (value or "").strip()
    # ASCII digits only, and short enough for a bigint.
    if not text or len(text) > 18 or not (text.isascii() and text.isdigit()):
        return None
    return int(text)
