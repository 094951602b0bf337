"""The yearly OETH attestation a provider sends each buyer, and the ZIP of a batch of them.

The model is fixed by the arrêté du 19 novembre 2020: the price excluding VAT of the
contracts paid in the year (montant 1), the costs it leaves out (montant 2), the labour
cost (montant 3 = 1 − 2) and the 30 % the buyer declares in the DSN (montant 4). Pure
functions on plain inputs (`Attestation`), like the convention PDF: rows in, bytes out.

The page is laid out with core's PDF layout (`core/pdf.py`: DejaVu Sans, styles, the
"Page x / y" footer, the metadata a screen reader announces), shared with the convention.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import BinaryIO

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from core import pdf
from core.formats import euros
from core.pdf import ACCENT, BLANK, FONT, FONT_BOLD, GRID, PALE, french_date
from core.pdf import user_text as _text
from purchases.oeth import ZERO, deduction_for, exclusion_reason, lines_from_purchases

TITLE = (
    "Attestation relative aux achats de fournitures, de sous-traitance ou de prestations "
    "de services"
)
SCOPE = (
    "auprès des entreprises adaptées, des établissements ou services d'aide par le travail, "
    "des travailleurs indépendants handicapés et des entreprises de portage salarial lorsque "
    "le salarié porté est bénéficiaire de l'obligation d'emploi"
)
LEGAL = (
    "Modèle fixé par l'arrêté du 19 novembre 2020 (JORF du 29 novembre 2020), pour la "
    "déduction de la contribution due au titre de l'obligation d'emploi des travailleurs "
    "handicapés (code du travail, article D. 5212-21)."
)


@dataclass(frozen=True)
class Party:
    """A provider or a buyer as the attestation names it."""

    name: str
    siret: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""

    @classmethod
    def from_organisation(cls, organisation: object) -> Party:
        return cls(
            name=str(organisation),
            siret=getattr(organisation, "siret", "") or "",
            address=getattr(organisation, "address", "") or "",
            postal_code=getattr(organisation, "postal_code", "") or "",
            city=getattr(organisation, "city", "") or "",
        )

    @property
    def siret_display(self) -> str:
        """73282932000074 -> 732 829 320 00074, as the INSEE prints it."""
        s = self.siret
        return f"{s[:3]} {s[3:6]} {s[6:9]} {s[9:]}" if len(s) == 14 else s

    @property
    def address_line(self) -> str:
        town = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.address, town) if part)


@dataclass(frozen=True)
class Attestation:
    """One provider × buyer × year, with the year's totals; the 30 % derives from them."""

    provider: Party
    buyer: Party
    year: int
    amount_ht: Decimal
    labour_cost: Decimal
    place: str = ""
    signed_on: date | None = None
    signatory: str = ""

    @property
    def other_costs(self) -> Decimal:
        """Montant 2: what the price holds besides labour (materials, subcontracting…)."""
        return self.amount_ht - self.labour_cost

    @property
    def deduction(self) -> Decimal:
        """Montant 4: 30 % of the labour cost, to the cent, as `purchases.oeth` counts it."""
        return deduction_for(self.labour_cost)

    @property
    def filename(self) -> str:
        return (
            f"attestation-oeth-{self.year}-{_slug(self.provider.name)}-{_slug(self.buyer.name)}.pdf"
        )


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "sans-nom"


def _styles() -> dict[str, ParagraphStyle]:
    """The shared styles, with a smaller title and roomier cells for one dense page."""
    styles = pdf.styles()
    base = styles["body"]
    return {
        **styles,
        "small": ParagraphStyle("small", base, fontSize=8.5, leading=11),
        "title": ParagraphStyle(
            "title", base, fontName=FONT_BOLD, fontSize=14, leading=18, alignment=TA_CENTER,
            textColor=ACCENT,
        ),
        "cell": ParagraphStyle("cell", base, fontSize=9, leading=12),
    }  # fmt: skip


def _party(title: str, party: Party, styles: dict) -> list:
    lines = [f"<b>{_text(party.name)}</b>"]
    if party.siret:
        lines.append(f"SIRET : {_text(party.siret_display)}")
    if party.address_line:
        lines.append(f"Adresse : {_text(party.address_line)}")
    return [Paragraph(title, styles["h2"]), Paragraph("<br/>".join(lines), styles["body"])]


def _amounts(attestation: Attestation, styles: dict) -> Table:
    year = attestation.year
    rows = [
        (
            (
                "Montant 1 — Prix hors taxes des fournitures, travaux ou prestations figurant sur "
                f"les contrats réglés par le client au cours de l'année {year}"
            ),
            attestation.amount_ht,
        ),
        (
            (
                "Montant 2 — Coûts des matières premières, produits, matériaux, sous-traitance, "
                "consommations intermédiaires et frais de vente et de commercialisation"
            ),
            attestation.other_costs,
        ),
        ("Montant 3 — Coût de la main-d'œuvre (montant 1 − montant 2)", attestation.labour_cost),
        (
            (
                "Montant 4 — Montant à déduire : 30 % du coût de la main-d'œuvre (montant 3), "
                "à déclarer en DSN"
            ),
            attestation.deduction,
        ),
    ]
    # Amounts as plain strings: a table cell never wraps them, so "1 234,56 €" stays whole.
    data = [[Paragraph(label, styles["cell"]), euros(value)] for label, value in rows]
    grid = Table(data, colWidths=[128 * mm, 46 * mm])
    grid.setStyle(
        TableStyle(
            [
                # Every cell, or the table sets Helvetica, which the PDF would not embed.
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTNAME", (1, 0), (1, -1), FONT_BOLD),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BACKGROUND", (0, 3), (-1, 3), PALE),
            ]
        )
    )
    return grid


def _signature(attestation: Attestation, styles: dict) -> list:
    place = _text(attestation.place) if attestation.place else BLANK
    day = french_date(attestation.signed_on) if attestation.signed_on else BLANK
    signatory = _text(attestation.signatory) if attestation.signatory else BLANK
    return [
        KeepTogether(
            [
                Paragraph(
                    "Le prestataire atteste l'exactitude des montants ci-dessus.", styles["body"]
                ),
                Spacer(1, 5 * mm),
                Paragraph(f"Fait à {place}, le {day}", styles["body"]),
                Paragraph(f"Nom et qualité du signataire : {signatory}", styles["body"]),
                Spacer(1, 3 * mm),
                Paragraph("Signature et cachet du prestataire :", styles["body"]),
                Spacer(1, 25 * mm),
            ]
        )
    ]


def attestation_pdf(attestation: Attestation) -> bytes:
    """The attestation on one A4 page, titled and in French for assistive technologies."""
    styles = _styles()
    story = [
        Paragraph(TITLE, styles["title"]),
        Paragraph(SCOPE, styles["center"]),
        Spacer(1, 3 * mm),
        Paragraph(f"<b>Année {attestation.year}</b>", styles["center"]),
        Spacer(1, 2 * mm),
        Paragraph(LEGAL, styles["small"]),
        *_party("Le prestataire", attestation.provider, styles),
        *_party("Le client", attestation.buyer, styles),
        Paragraph(f"Montants de l'année {attestation.year}", styles["h2"]),
        _amounts(attestation, styles),
        Spacer(1, 6 * mm),
        *_signature(attestation, styles),
    ]
    provider, buyer = attestation.provider.name, attestation.buyer.name
    return pdf.build(
        story,
        title=f"Attestation OETH {attestation.year} — {provider} pour {buyer}",
        author=f"{provider} (Maillage)",
        subject=f"{TITLE} {SCOPE}",
        footer=f"Attestation OETH {attestation.year} — {provider}",
    )


def attestations_from_purchases(
    purchases: Iterable[object], *, year: int, place: str = "", signed_on: date | None = None
) -> list[Attestation]:
    """One attestation per provider × buyer of these purchases (of one year).

    Reads `buyer`, `supplier`, `amount_ht`, `labour_cost` (select `buyer` and `supplier`
    with the rows). Only the purchases `purchases.oeth.estimate()` counts are summed: a
    supplier of a deductible kind, a labour cost known and within the price; the others are
    what the estimate lists as excluded (e.g. "coût de main-d'œuvre inconnu").
    """
    pairs: dict[tuple[object, object], list[object]] = {}
    for purchase in purchases:
        # The estimate's own test, so an attestation sums exactly what the estimate counts.
        if exclusion_reason(lines_from_purchases([purchase])[0]) is not None:
            continue
        pairs.setdefault((purchase.supplier.pk, purchase.buyer.pk), []).append(purchase)
    attestations = []
    for rows in pairs.values():
        attestations.append(
            Attestation(
                provider=Party.from_organisation(rows[0].supplier),
                buyer=Party.from_organisation(rows[0].buyer),
                year=year,
                amount_ht=sum((Decimal(row.amount_ht) for row in rows), ZERO),
                labour_cost=sum((Decimal(row.labour_cost) for row in rows), ZERO),
                place=place,
                signed_on=signed_on,
            )
        )
    attestations.sort(key=lambda a: (a.provider.name, a.buyer.name))
    return attestations


def attestations_zip(
    attestations: Iterable[Attestation],
    target: BinaryIO,
    *,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write one PDF per attestation into a ZIP on `target`; returns how many.

    `progress(done)` is called after each PDF, for a job's progress bar. Names are unique
    within the archive (a suffix when two providers or buyers share a name).
    """
    names: set[str] = set()
    count = 0
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for attestation in attestations:
            name, stem, number = attestation.filename, attestation.filename[:-4], 1
            while name in names:
                number += 1
                name = f"{stem}-{number}.pdf"
            names.add(name)
            archive.writestr(name, attestation_pdf(attestation))
            count += 1
            if progress is not None:
                progress(count)
    return count
