"""The convention as the parties sign it: a pure function, convention in, bytes out.

Upper apps add annexes (the action plan) through `core.registry.pdf_sections`, registered for
`Document.Kind.CONVENTION`: each non-empty one starts on a page of its own after the signatures.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    PageBreakIfNotEmpty,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from conventions.models import Convention, Document, Party
from core.formats import euros
from core.pdf import (
    ACCENT,
    BLANK,
    FONT,
    GRID,
    build,
    cells,
    french_date,
    paragraphs,
    styles,
    user_text,
)
from core.registry import pdf_sections


def document_author(convention: Convention) -> str:
    """The PDF's author: the relationship manager who owns the convention."""
    owner = convention.owner
    return f"{owner.get_full_name() or owner.username} (Maillage)" if owner else "Maillage"


def ordered_parties(convention: Convention) -> list[Party]:
    return list(
        convention.parties.select_related("organisation", "signatory").order_by("order", "pk")
    )


def party_names(parties: list[Party]) -> str:
    return ", ".join(str(party.organisation) for party in parties)


def convention_pdf(convention: Convention) -> bytes:
    """The convention: cover, preamble, articles, axes, signatures, then the annexes."""
    page_styles = styles()
    parties = ordered_parties(convention)
    story: list = [*_cover(convention, parties, page_styles), PageBreak()]
    story += _body(convention, parties, page_styles)
    story += _signatures(parties, page_styles)
    for section in pdf_sections.for_document(Document.Kind.CONVENTION):
        annex = section.build(convention, page_styles)
        if annex:
            story += [PageBreakIfNotEmpty(), *annex]
    kind = convention.get_kind_display()
    return build(
        story,
        title=f"{convention.reference} — {convention.title}",
        author=document_author(convention),
        subject=f"{kind} entre {party_names(parties)}",
        footer=f"{convention.reference} — {kind}",
    )


def _body(convention: Convention, parties: list[Party], styles: dict) -> list:
    """Preamble, purpose, commitments, articles and axes, in the order a lawyer reads them."""
    story: list = []
    if convention.preamble:
        story += [
            Paragraph("Préambule", styles["h1"]),
            *paragraphs(convention.preamble, styles["body"]),
        ]
    if convention.purpose:
        story += [
            Paragraph("Objet", styles["h2"]),
            *paragraphs(convention.purpose, styles["body"]),
        ]
    story += _commitments(parties, styles)
    clauses = list(convention.clauses.order_by("number"))
    if clauses:
        story.append(Paragraph("Articles", styles["h1"]))
    for clause in clauses:
        heading = Paragraph(user_text(f"Article {clause.number} — {clause.title}"), styles["h2"])
        # The heading stays with the article's first paragraph; the rest flows on.
        first, *rest = paragraphs(clause.body, styles["body"])
        story += [KeepTogether([heading, first]), *rest]
    axes = list(convention.axes.order_by("number"))
    if axes:
        story.append(Paragraph("Axes de la convention", styles["h1"]))
    for axis in axes:
        story.append(Paragraph(user_text(f"Axe {axis.number} — {axis.title}"), styles["h2"]))
        if axis.description:
            story += paragraphs(axis.description, styles["body"])
    return story


def _cover(convention: Convention, parties: list[Party], styles: dict) -> list:
    story: list = [
        Spacer(1, 30 * mm),
        Paragraph(user_text(convention.get_kind_display()), styles["cover_kind"]),
        Spacer(1, 6 * mm),
        Paragraph(user_text(convention.title), styles["cover_title"]),
        Spacer(1, 6 * mm),
        Paragraph(user_text(f"Référence {convention.reference}"), styles["center"]),
    ]
    if convention.programme:
        story.append(Paragraph(user_text(f"Programme : {convention.programme}"), styles["center"]))
    story += [Spacer(1, 14 * mm), Paragraph("Entre", styles["h2"])]
    rows = [[Paragraph(_party_line(party), styles["body"])] for party in parties]
    if rows:
        story.append(
            Table(
                rows,
                colWidths=[170 * mm],
                style=[
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("LINEBELOW", (0, 0), (-1, -2), 0.3, GRID),
                ],
            )
        )
    return story + _cover_facts(convention, styles)


def _party_line(party: Party) -> str:
    """'<b>UNEA</b>, pilote, représentée par Zoé Martin, directrice' (user text escaped)."""
    who = f"<b>{user_text(party.organisation)}</b>, {user_text(party.get_role_display().lower())}"
    if party.signatory:
        who += f", représentée par {user_text(party.signatory)}"
        if party.signatory_title:
            who += f", {user_text(party.signatory_title)}"
    if not party.signs:
        who += " (partie associée, non signataire)"
    return who


def _cover_facts(convention: Convention, styles: dict) -> list:
    facts = [
        ("Signée le", french_date(convention.signed_on)),
        ("Prend effet le", french_date(convention.starts_on)),
        ("Prend fin le", french_date(convention.ends_on)),
        ("Montant", euros(convention.amount) if convention.amount is not None else ""),
    ]
    if convention.tacit_renewal:
        facts.append(("Reconduction", f"tacite, par périodes de {convention.renewal_months} mois"))
    facts = [(label, value) for label, value in facts if value]
    if not facts:
        return []
    return [
        Spacer(1, 10 * mm),
        Table(
            [cells(row, styles["body"]) for row in facts],
            colWidths=[45 * mm, 125 * mm],
            style=[
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("TEXTCOLOR", (0, 0), (0, -1), ACCENT),
            ],
        ),
    ]


def _commitments(parties: list[Party], styles: dict) -> list:
    committed = [party for party in parties if party.commitments]
    if not committed:
        return []
    story: list = [Paragraph("Engagements des parties", styles["h2"])]
    for party in committed:
        lead = f"<b>{user_text(party.organisation)}</b> : "
        story += paragraphs(party.commitments, styles["body"], lead=lead)
    return story


def _signatures(parties: list[Party], styles: dict) -> list:
    signing = [party for party in parties if party.signs]
    if not signing:
        return []
    count = len(signing)
    copies = f"{count} exemplaires originaux" if count > 1 else "un exemplaire original"
    heading = [
        Paragraph("Signatures", styles["h1"]),
        Paragraph(user_text(f"Fait en {copies}."), styles["body"]),
    ]
    blocks = [_signature_block(party, styles) for party in signing]
    # Two blocks side by side, as on a paper convention.
    tables: list = []
    for i in range(0, len(blocks), 2):
        pair = blocks[i : i + 2]
        commands = [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ]
        commands += [("BOX", (col, 0), (col, 0), 0.5, GRID) for col in range(len(pair))]
        row = Table([pair + [[]] * (2 - len(pair))], colWidths=[85 * mm, 85 * mm])
        row.setStyle(TableStyle(commands))
        # Spacing above, not below: a trailing spacer pushed to a new page would leave it blank.
        tables += [Spacer(1, 4 * mm), row]
    # The heading never stands alone at the foot of a page.
    return [KeepTogether(heading + tables[:2]), *tables[2:]]


def _signature_block(party: Party, styles: dict) -> list:
    signed_on = french_date(party.signed_on) or BLANK
    lines = [
        f"<b>{user_text(party.organisation)}</b>",
        f"Représentée par : {user_text(party.signatory) if party.signatory else BLANK}",
        f"Qualité : {user_text(party.signatory_title) if party.signatory_title else BLANK}",
        f"Fait à {user_text(party.signed_at) if party.signed_at else BLANK}, le {signed_on}",
        "Signature :",
    ]
    return [Paragraph(line, styles["body"]) for line in lines] + [Spacer(1, 22 * mm)]
