"""The yearly OETH attestation, read back as its recipient reads it, and a batch of them."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from pypdf import PdfReader

from partners.models import Organisation
from purchases.attestation import (
    Attestation,
    Party,
    attestation_pdf,
    attestations_from_purchases,
    attestations_zip,
)

D = Decimal


def pdftotext(content: bytes) -> str:
    """The text as poppler extracts it, spaces folded (it prints U+202F as a plain space)."""
    done = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return re.sub(r"\s+", " ", done.stdout.decode().replace("\u202f", " "))


def attestation(**changes: object) -> Attestation:
    values = {
        "provider": Party(
            name="ESAT Les Ateliers & Fils <b>",
            siret="73282932000074",
            address="12 rue des Tanneurs",
            postal_code="35000",
            city="Rennes",
        ),
        "buyer": Party(name="Saint-Gobain Distribution", siret="35600000000048"),
        "year": 2025,
        "amount_ht": D("12345.67"),
        "labour_cost": D("4115.20"),
        "place": "Rennes",
        "signed_on": date(2026, 2, 1),
    }
    return Attestation(**{**values, **changes})


def test_the_attestation_states_both_parties_the_year_and_the_amounts_in_french():
    content = attestation_pdf(attestation())
    text = pdftotext(content)

    assert "ESAT Les Ateliers & Fils <b>" in text
    assert "SIRET : 732 829 320 00074" in text
    assert "12 rue des Tanneurs, 35000 Rennes" in text
    assert "Saint-Gobain Distribution" in text
    assert "Année 2025" in text
    assert "12 345,67 €" in text  # montant 1, prix HT
    assert "8 230,47 €" in text  # montant 2, the costs left out
    assert "4 115,20 €" in text  # montant 3, coût de la main-d'œuvre
    assert "1 234,56 €" in text  # montant 4, 30 % à déduire
    assert "arrêté du 19 novembre 2020" in text
    assert "Fait à Rennes, le 1er février 2026" in text
    assert "Signature et cachet du prestataire" in text

    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    assert reader.metadata.title == (
        "Attestation OETH 2025 — ESAT Les Ateliers & Fils <b> pour Saint-Gobain Distribution"
    )
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"
    fonts = {
        font.get_object()["/BaseFont"].split("+")[-1]
        for font in reader.pages[0]["/Resources"]["/Font"].values()
    }
    assert fonts == {"DejaVuSans", "DejaVuSans-Bold"}


def test_an_unsigned_attestation_leaves_the_place_and_date_to_fill_in():
    text = pdftotext(attestation_pdf(attestation(place="", signed_on=None)))
    assert "Fait à ……………………, le ……………………" in text


def organisation(pk: int, name: str, kind: str) -> Organisation:
    return Organisation(pk=pk, name=name, kind=kind, siret="", city="Lyon")


def test_a_providers_buyers_get_one_attestation_each_in_one_zip():
    esat = organisation(1, "ESAT du Rhône", Organisation.Kind.ESAT)
    insertion = organisation(2, "Régie de quartier", Organisation.Kind.EI)
    poste, edf = (
        organisation(10, "La Poste", "private_buyer"),
        organisation(11, "EDF", "private_buyer"),
    )
    row = SimpleNamespace
    purchases = [
        row(buyer=poste, supplier=esat, amount_ht=D("1000.00"), labour_cost=D("700.00")),
        row(buyer=poste, supplier=esat, amount_ht=D("2000.00"), labour_cost=D("1300.10")),
        # Left out, as the estimate leaves them: no labour cost; an insertion company.
        row(buyer=poste, supplier=esat, amount_ht=D("5000.00"), labour_cost=None),
        row(buyer=edf, supplier=insertion, amount_ht=D("9000.00"), labour_cost=D("5000.00")),
        row(buyer=edf, supplier=esat, amount_ht=D("400.00"), labour_cost=D("100.00")),
    ]
    attestations = attestations_from_purchases(purchases, year=2025)
    assert [(a.buyer.name, a.amount_ht, a.labour_cost, a.deduction) for a in attestations] == [
        ("EDF", D("400.00"), D("100.00"), D("30.00")),
        ("La Poste", D("3000.00"), D("2000.10"), D("600.03")),
    ]

    archive_bytes, seen = io.BytesIO(), []
    assert (
        attestations_zip([*attestations, attestations[0]], archive_bytes, progress=seen.append) == 3
    )
    assert seen == [1, 2, 3]
    with zipfile.ZipFile(archive_bytes) as archive:
        names = archive.namelist()
        assert names == [
            "attestation-oeth-2025-esat-du-rhone-edf.pdf",
            "attestation-oeth-2025-esat-du-rhone-la-poste.pdf",
            "attestation-oeth-2025-esat-du-rhone-edf-2.pdf",
        ]
        text = pdftotext(archive.read(names[1]))
    assert "La Poste" in text
    assert "3 000 €" in text
    assert "600,03 €" in text
