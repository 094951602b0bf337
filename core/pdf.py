"""What every Maillage PDF shares: DejaVu Sans, styles, tables, the "Page x / y" footer.

Every piece of user text goes through `user_text()` (XML-escaped) before it reaches a
reportlab `Paragraph`, whose mini-language would otherwise honour `<font>`, `<img src=…>` or
`<a>`. Documents are built by `build()`; sections are lists of flowables.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from django.core.exceptions import ImproperlyConfigured
from reportlab.graphics import shapes
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle, paragraph

from core.formats import NARROW_NBSP, euros, french_number

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
BLANK = "……………………"
INK = colors.HexColor("#1f2937")
ACCENT = colors.HexColor("#0b5394")
PALE = colors.HexColor("#e8eef6")
GRID = colors.HexColor("#9aa5b1")


# --- French typography ----------------------------------------------------------------------


def french_date(day: date | None) -> str:
    """5 septembre 2017; 1er janvier 2018; the process locale plays no part."""
    if day is None:
        return ""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def quantity(value: Decimal | float | None, unit: str) -> str:
    """A value with its unit: '1 900 000 €', '53 %', '27 marchés'."""
    if value is None:
        return "—"
    if unit == "€":
        return euros(value)
    return f"{french_number(value)}{NARROW_NBSP if unit == '%' else ' '}{unit}".rstrip()


def user_text(value: object) -> str:
    """User text made inert for reportlab's markup parser; line breaks kept."""
    return escape("" if value is None else str(value)).replace("\n", "<br/>")


# Lines per Paragraph at most: reportlab re-wraps a paragraph each time it splits it over a
# page, so one long paragraph costs the square of its length; short ones cost their sum.
LINES_PER_PARAGRAPH = 12


def paragraphs(text: object, style: ParagraphStyle, lead: str = "") -> list[Paragraph]:
    """User text as one Paragraph per paragraph of it (blank lines), long ones cut at lines.

    `lead` is markup put before the first one (already escaped, e.g. a bold party name).
    """
    blocks = [b for b in re.split(r"\n\s*\n", "" if text is None else str(text)) if b.strip()]
    chunks: list[str] = []
    for block in blocks:
        lines = block.split("\n")
        for start in range(0, len(lines), LINES_PER_PARAGRAPH):
            part = "\n".join(lines[start : start + LINES_PER_PARAGRAPH])
            # A single line of thousands of characters: cut it between words.
            while len(part) > 2000:
                cut = part.rfind(" ", 0, 2000)
                cut = cut if cut > 0 else 2000
                chunks.append(part[:cut])
                part = part[cut:].lstrip()
            chunks.append(part)
    if not chunks:
        chunks = [""]
    marked = [user_text(chunk) for chunk in chunks]
    marked[0] = lead + marked[0]
    return [Paragraph(chunk, style) for chunk in marked]


# --- Fonts and styles ------------------------------------------------------------------------


# reportlab breaks lines at U+202F and prints it as a plain space, although it keeps U+00A0:
# give the narrow no-break space the same treatment, or "1 900 000 €" could split over lines.
_BREAKING_SPACES = re.compile(
    f"[{re.escape(paragraph._wsc.replace(NARROW_NBSP, '').replace(chr(0xA0), ''))}]+"
)


def _split_words(text: str | bytes, delim: str | None = None) -> list[str]:
    if isinstance(text, bytes):
        text = text.decode("utf8")
    if delim is not None:
        return text.split(delim)
    return [word for word in _BREAKING_SPACES.split(text) if word]


def register_fonts() -> None:
    paragraph.split = _split_words
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        raise ImproperlyConfigured(
            f"Police DejaVu Sans introuvable dans {FONT_DIR} : installez fonts-dejavu-core."
        )
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
    # Charts start from these defaults: Helvetica would be referenced and left unembedded.
    shapes.STATE_DEFAULTS["fontName"] = FONT
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=14, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", base, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=10),
        "cell_bold": ParagraphStyle("cell_bold", base, fontName=FONT_BOLD, fontSize=8, leading=10),
        "head": ParagraphStyle(
            "head", base, fontName=FONT_BOLD, fontSize=8, leading=10, textColor=colors.white
        ),
        "cover_kind": ParagraphStyle(
            "cover_kind", base, fontSize=13, leading=18, alignment=TA_CENTER, textColor=ACCENT
        ),
        "cover_title": ParagraphStyle(
            "cover_title", base, fontName=FONT_BOLD, fontSize=20, leading=26, alignment=TA_CENTER
        ),
        "center": ParagraphStyle("center", base, alignment=TA_CENTER),
        "h1": ParagraphStyle(
            "h1", base, fontName=FONT_BOLD, fontSize=15, leading=20, spaceBefore=6, spaceAfter=8,
            textColor=ACCENT,
        ),
        "h2": ParagraphStyle(
            "h2", base, fontName=FONT_BOLD, fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=4
        ),
    }  # fmt: skip


# --- Page furniture and the document ---------------------------------------------------------


class _NumberedCanvas(Canvas):
    """Holds every page until the end so each footer can say 'Page x / y'."""

    footer_left = ""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self._draw_footer(number, total)
            super().showPage()
        super().save()

    def _draw_footer(self, number: int, total: int) -> None:
        width, _height = self._pagesize
        self.saveState()
        self.setStrokeColor(GRID)
        self.setLineWidth(0.5)
        self.line(18 * mm, 14 * mm, width - 18 * mm, 14 * mm)
        self.setFont(FONT, 8)
        self.setFillColor(INK)
        self.drawString(18 * mm, 9 * mm, self.footer_left)
        self.drawRightString(width - 18 * mm, 9 * mm, f"Page {number} / {total}")
        self.restoreState()


def build(story: list, *, title: str, author: str, subject: str, footer: str) -> bytes:
    """The story as A4 pages with the footer, and the metadata a screen reader announces."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=22 * mm,
        title=title,
        author=author,
        subject=subject,
        creator="Maillage",
        keywords=footer,
        lang="fr-FR",
        # Otherwise every page starts in Helvetica, a font the PDF would not embed.
        initialFontName=FONT,
    )
    canvas_class = type("FooterCanvas", (_NumberedCanvas,), {"footer_left": footer})
    document.build(story, canvasmaker=canvas_class)
    return buffer.getvalue()


def table(rows: list[list], widths: list[float], *, repeat: int = 1, extra: Iterable = ()) -> Table:
    """A grid whose first `repeat` rows are a header, repeated on every page."""
    grid = Table(rows, colWidths=widths, repeatRows=repeat)
    grid.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BACKGROUND", (0, 0), (-1, repeat - 1), ACCENT),
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                *extra,
            ]
        )
    )
    return grid


def cells(values: Iterable[object], style: ParagraphStyle) -> list[Paragraph]:
    """One table row of user values, each made inert."""
    return [Paragraph(user_text(value), style) for value in values]
