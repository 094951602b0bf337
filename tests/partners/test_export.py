"""Exports of filtered lists open safely in a spreadsheet."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from partners.exports import neutralise
from tests.factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://x")', "+33 1 23", "-2+3", "@SUM(A1)"]


def test_cells_that_a_spreadsheet_would_run_are_quoted():
    assert [neutralise(v) for v in FORMULAS] == [f"'{v}" for v in FORMULAS]
    assert neutralise("ESAT des Calanques") == "ESAT des Calanques"
    assert neutralise("") == "" and neutralise(None) == ""


def test_the_csv_export_keeps_the_filters_and_neutralises_formulas(client_coordinator):
    OrganisationFactory(name="=cmd|' /C calc'!A0", kind="ea", acronym="@SUM(A1)")
    OrganisationFactory(name="ESAT hors filtre", kind="esat")
    response = client_coordinator.get(
        reverse("partners:organisation_export", args=["csv"]) + "?kind=ea"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="organisations-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Raison sociale"
    assert len(rows) == 2
    assert rows[1][:2] == ["'=cmd|' /C calc'!A0", "'@SUM(A1)"]


def test_the_xlsx_export_neutralises_formulas(client_coordinator):
    OrganisationFactory(name="+HYPERLINK(1)", phone="-1")
    response = client_coordinator.get(reverse("partners:organisation_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][0] == "'+HYPERLINK(1)"
    assert "'-1" in values[1]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_the_contacts_export_lists_the_filtered_contacts(client_coordinator):
    ContactFactory(first_name="Hélène", last_name="=Lefèvre")
    ContactFactory(first_name="Paul", last_name="Martin")
    response = client_coordinator.get(
        reverse("partners:contact_export", args=["csv"]) + "?q=lefevre"
    )
    text = response.content.decode("utf-8-sig")
    assert "'=Lefèvre" in text and "Martin" not in text
