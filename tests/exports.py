"""Reading an export back as a spreadsheet would: the CSV with its BOM and semicolons, the
XLSX through openpyxl, every cell as text."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from partners.models import DataJob
from tests.factories import UserFactory

FORMATS = ["csv", "xlsx"]


def table(content: bytes, fmt: str) -> list[list[str]]:
    """The file's rows, its header first."""
    if fmt == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells), "no cell is a formula"
    return [["" if c.value is None else str(c.value) for c in row] for row in sheet.iter_rows()]


def exported(client: Client, url_name: str, fmt: str, query: dict | None = None) -> list[dict]:
    """The export of a list filtered by `query`, one dict per row keyed by the header."""
    response = client.get(reverse(url_name, args=[fmt]), query or {})
    assert response.status_code == 200, response
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "no-store" in response["Cache-Control"]
    header, *rows = table(response.content, fmt)
    return [dict(zip(header, row, strict=True)) for row in rows]


def downloaded(client: Client, job: DataJob) -> list[dict]:
    """The file of a finished export job, as `exported` reads one."""
    response = client.get(reverse("partners:datajob_download", args=[job.pk]))
    header, *rows = table(b"".join(response.streaming_content), job.file_format)
    return [dict(zip(header, row, strict=True)) for row in rows]


def client_without_role() -> Client:
    """A signed-in person holding no role: no list is theirs to read, nor to export."""
    user = UserFactory(username="sans-role")
    assert not Group.objects.filter(user=user).exists()
    client = Client()
    client.force_login(user)
    return client
