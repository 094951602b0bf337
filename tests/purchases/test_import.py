"""Importing a buyer's extract: every row checked, all or nothing, each line once, with history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners import jobs
from partners.importers import import_check
from partners.models import DataJob, Organisation, Trade
from purchases.models import Purchase
from tests.factories import OrganisationFactory
from tests.purchases.import_files import SUPPLIERS, as_csv, purchase_rows, supplier_siret

pytestmark = pytest.mark.django_db

BAD_ROWS = {
    41: ("SIRET fournisseur", "732 829 320 00075"),
    5_000: ("Montant HT", "douze euros"),
    9_998: ("Coût main-d'œuvre", "99 999,00"),
}


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def buyer(db):
    for name in ("Blanchisserie", "Espaces verts"):
        Trade.objects.create(name=name)
    # Half the suppliers are known providers: their lines link to them.
    for n in range(0, SUPPLIERS, 2):
        OrganisationFactory(name=f"ESAT n°{n}", kind="esat", siret=supplier_siret(n))
    return OrganisationFactory(name="Ville de Paris", kind="public_buyer", siret="")


def upload(client, buyer: Organisation, content: bytes, name: str = "achats.csv"):
    """Send the extract for `buyer`, run its check as the worker would; (job, its page)."""
    response = client.post(
        reverse("purchases:purchase_import"),
        {"buyer": buyer.pk, "buyer_q": buyer.name, "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    job = DataJob.objects.latest("pk")
    assert (job.subject, job.options) == ("purchases", {"buyer": buyer.pk})
    jobs.import_check(job.pk)
    job.refresh_from_db()
    return job, client.get(response["Location"])


def confirm(client, job: DataJob) -> DataJob:
    client.post(reverse("partners:datajob_confirm", args=[job.pk]))
    jobs.import_write(job.pk)
    job.refresh_from_db()
    return job


def test_10000_lines_with_3_bad_ones_write_nothing_then_once_corrected_all_then_nothing(
    client_relations, relations_manager, buyer
):
    job, page = upload(client_relations, buyer, as_csv(purchase_rows(10_000, BAD_ROWS)))
    assert job.status == DataJob.Status.INVALID
    assert job.summary["errors"] == [
        [43, "siret_fournisseur",
         "Ce SIRET n'existe pas : sa clé de contrôle est fausse (faute de frappe ?)."],
        [5002, "montant_ht", "Montant illisible : « douze euros » (écrivez par exemple 1 234,56)."],
        [10000, "cout_main_oeuvre", "Le coût de la main-d'œuvre ne peut dépasser le montant HT."],
    ]  # fmt: skip
    html = page.content.decode()
    assert "3 erreurs : rien n'a été importé" in html and "Confirmer l" not in html
    # The page says how each column of the file was read.
    assert '<th scope="row">N° facture</th><td><code>reference</code>' in html
    assert Purchase.objects.count() == 0

    job, page = upload(client_relations, buyer, as_csv(purchase_rows(10_000)))
    assert "Le fichier est valide : 10000 lignes seront créées" in page.content.decode()
    job = confirm(client_relations, job)
    assert (job.status, job.summary["created"]) == (DataJob.Status.DONE, 10_000)
    assert Purchase.objects.filter(buyer=buyer, source="import").count() == 10_000
    history = Purchase.history.all()
    assert history.count() == 10_000
    assert set(history.values_list("history_change_reason", "history_user")) == {
        (f"Import {job.reference}", relations_manager.pk)
    }
    line = Purchase.objects.select_related("supplier", "trade").get(
        contract_reference="FAC-2024-00004"
    )
    assert (line.date.isoformat(), line.year, line.amount_ht, line.labour_cost) == (
        "2024-01-05",
        2024,
        Decimal("248.50"),
        Decimal("124.25"),
    )
    assert line.supplier.name == "ESAT n°4" and line.trade.name == "Espaces verts"
    assert Purchase.objects.get(contract_reference="FAC-2024-00005").supplier is None
    assert Purchase.objects.get(contract_reference="FAC-2024-00005").reserved_market == "L2113-12"

    job, page = upload(client_relations, buyer, as_csv(purchase_rows(10_000)))
    assert (job.summary["pending"], job.summary["skipped"]) == (0, 10_000)
    assert "Confirmer l" not in page.content.decode()
    assert Purchase.objects.count() == 10_000 and Purchase.history.count() == 10_000


def test_a_windows_1252_file_with_yearly_lines_and_the_buyer_in_a_column_reads_the_same(buyer):
    header = ["SIRET acheteur", "SIRET fournisseur", "Année", "Montant HT", "Référence",
              "Heures d'insertion", "Nature"]  # fmt: skip
    paris = Organisation.objects.get(name="Ville de Paris")
    paris.siret = "21750001600019"
    paris.save()
    rows = [
        ["217 500 016 00019", supplier_siret(2), "2010", "1 900 000,00", "", "1 250", "fourniture"],
        ["217 500 016 00019", supplier_siret(3), "2010", "12,5", "", "", "mise à disposition"],
        ["217 500 016 00019", supplier_siret(2), "2010", "1 900 000,00", "", "", ""],
    ]
    report = import_check(
        kind="purchases", filename="extrait.csv", content=as_csv(rows, header, "cp1252")
    )
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (4, "", "Doublon de la ligne 2 du fichier.")
    ]
    rows.pop()
    report = import_check(
        kind="purchases", filename="e.csv", content=as_csv(rows, header, "cp1252")
    )
    first, second = (pending.instance for pending in report.pending)
    assert (first.buyer, first.year, first.date, first.amount_ht) == (
        paris,
        2010,
        None,
        Decimal("1900000.00"),
    )
    assert (first.insertion_hours, first.contract_kind, second.contract_kind) == (
        Decimal(1250),
        "supply",
        "staff",
    )
    assert first.supplier.name == "ESAT n°2"
    # Not by its SIRET: by its SIREN, the company's, which ESAT n°4 carries.
    assert second.supplier.name == "ESAT n°4" and supplier_siret(3)[:9] == supplier_siret(4)[:9]


def test_without_a_buyer_each_line_must_name_one(buyer):
    report = import_check(kind="purchases", filename="a.csv", content=as_csv(purchase_rows(2)))
    assert [(e.row, e.column) for e in report.errors] == [(1, "siret_acheteur")]
    assert "choisissez l'acheteur de tout le fichier" in report.errors[0].message


def test_the_sample_files_import_as_they_are(client_relations):
    from django.conf import settings as django_settings

    samples = django_settings.BASE_DIR / "purchases" / "samples"
    for name in ("Impression et reprographie", "Conditionnement", "Accueil et standard",
                 "Traiteur", "Fournitures de bureau", "Nettoyage de locaux"):  # fmt: skip
        Trade.objects.create(name=name)
    OrganisationFactory(name="La Poste", kind="private_buyer", siret="35600000000048")
    for extension in ("csv", "xlsx"):
        content = (samples / f"achats.{extension}").read_bytes()
        report = import_check(kind="purchases", filename=f"achats.{extension}", content=content)
        assert report.errors == [] and len(report.pending) == 7, report.errors
        amounts = sorted(p.instance.amount_ht for p in report.pending)
        assert amounts[0] == Decimal("1275.90") and amounts[-1] == Decimal("36000.00")
        yearly = [p.instance for p in report.pending if p.instance.date is None]
        assert [(p.year, p.reserved_market, p.insertion_hours) for p in yearly] == [
            (2025, "L2113-13", Decimal(1250))
        ]
