"""Reading PDFs back as a person would: their text, their pages, their first page as a picture."""

from __future__ import annotations

import re
import subprocess
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from core import pdf as layout

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pdf_text(content: bytes) -> str:
    """pypdf's text in content order (a table cell's lines stay together), whitespace collapsed.

    Not pdftotext: it prints U+202F, the French thousands separator, as a plain space.
    """
    reader = PdfReader(BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Keep U+202F as is; fold line breaks and ordinary spaces.
    return re.sub(r"[ \t\r\n\f]+", " ", text)


def page_count(content: bytes) -> int:
    return len(PdfReader(BytesIO(content)).pages)


def characters_missing_from_font(text: str) -> set[str]:
    """Characters DejaVu Sans has no glyph for: each would print as a box."""
    layout.register_fonts()
    face = pdfmetrics.getFont(layout.FONT).face
    return {char for char in set(text) if ord(char) not in face.charToGlyph and char != " "}


def save_first_page(content: bytes, name: str) -> Path:
    """Write the PDF and a PNG of its first page into test-artifacts/ for a human to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"{name}.pdf"
    target.write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(target),
         str(ARTIFACTS / name)],
        check=True,
    )  # fmt: skip
    return ARTIFACTS / f"{name}.png"
