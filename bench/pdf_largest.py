"""Seconds to render the largest convention Maillage accepts, in the request.

Run by `make bench`. Every long text at its bound (`core.models.LONG_TEXT_MAX` characters:
preamble, purpose, four parties' commitments, twelve articles), four axes and a 40-action
annex, in a throw-away SQLite database; prints the median of 5 renders and the page count.
Figures only: nothing here is asserted.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pdf_bench import build_convention, setup_django

RUNS = 5


def long_text(limit: int) -> str:
    """French prose in paragraphs, exactly `limit` characters."""
    sentence = (
        "Les parties s'engagent à identifier les marchés accessibles aux entreprises adaptées "
        "et aux ESAT, à en informer leurs adhérents et à suivre les réponses reçues. "
    )
    paragraph = sentence * 6 + "\n\n"
    return (paragraph * (limit // len(paragraph) + 1))[:limit]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder))
        from pypdf import PdfReader

        from conventions.models import Convention
        from conventions.pdf import convention_pdf
        from core.models import LONG_TEXT_MAX

        convention = build_convention()
        prose = long_text(LONG_TEXT_MAX)
        # The worst case for reportlab: the same length with no paragraph break at all.
        one_block = prose.replace("\n", " ")
        for label, text in (("en paragraphes", prose), ("d'un seul bloc", one_block)):
            # A signed text takes no change: written as a draft, then signed again.
            convention.status = Convention.Status.DRAFT
            convention.preamble = convention.purpose = text
            convention.save()
            for party in convention.parties.all():
                party.commitments = text
                party.save()
            for clause in convention.clauses.all():
                clause.body = text
                clause.save()
            convention.status = Convention.Status.SIGNED
            convention.save()
            timings, content = [], b""
            for _ in range(RUNS):
                start = time.perf_counter()
                content = convention_pdf(convention)
                timings.append(time.perf_counter() - start)
            pages = len(PdfReader(BytesIO(content)).pages)
            print(
                f"Plus grande convention admise, textes {label} ({LONG_TEXT_MAX} caractères "
                f"chacun, 18 textes, 40 actions) : {statistics.median(timings):.2f} s "
                f"(médiane de {RUNS}), {pages} pages, {len(content) // 1024} Ko"
            )


if __name__ == "__main__":
    main()
