"""The convention PDF and the committee report say what the data says, in clean French type."""

from __future__ import annotations

import datetime as dt
import socket
import threading
from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from actions.models import Action, Measurement
from actions.report import committee_report_pdf
from conventions.models import Clause, Convention
from conventions.pdf import convention_pdf
from core.pdf import french_date, quantity
from tests.conventions.pdf_helpers import (
    characters_missing_from_font,
    page_count,
    pdf_text,
    save_first_page,
)
from tests.factories import (
    ActionFactory,
    AxisFactory,
    ContactFactory,
    ConventionFactory,
    IndicatorFactory,
    OrganisationFactory,
    PartyFactory,
)

pytestmark = pytest.mark.django_db
NNBSP = "\u202f"


@pytest.fixture
def demo(module_demo, db):
    return list(Convention.objects.order_by("reference"))


def squashed(text: str) -> str:
    return "".join(text.split())


def assert_clean_pages(content: bytes, reference: str) -> str:
    text = pdf_text(content)
    pages = page_count(content)
    for number in range(1, pages + 1):
        assert f"Page {number} / {pages}" in text
    assert f"Page {pages + 1} /" not in text
    assert text.count(reference) >= pages, "the reference is in every footer"
    assert "\ufffd" not in text
    assert characters_missing_from_font(text) == set()
    return text


def test_french_dates_and_amounts_do_not_depend_on_the_locale():
    assert french_date(dt.date(2017, 9, 5)) == "5 septembre 2017"
    assert french_date(dt.date(2018, 1, 1)) == "1er janvier 2018"
    assert french_date(dt.date(2019, 8, 31)) == "31 août 2019"
    assert quantity(Decimal(1900000), "€") == f"1{NNBSP}900{NNBSP}000{NNBSP}€"
    assert quantity(Decimal(53), "%") == f"53{NNBSP}%"
    assert quantity(Decimal(27), "marchés") == "27 marchés"


def test_every_demo_convention_prints_its_parties_articles_axes_and_annex(demo):
    for convention in demo:
        content = convention_pdf(convention)
        text = assert_clean_pages(content, convention.reference)
        assert convention.title in text
        for party in convention.parties.select_related("organisation", "signatory"):
            assert party.organisation.name in text
            if party.signatory:
                assert str(party.signatory) in text
                assert party.signatory_title in text
        for clause in convention.clauses.all():
            assert f"Article {clause.number} — {clause.title}" in text
        for axis in convention.axes.all():
            assert f"Axe {axis.number} — {axis.title}" in text
        for action in convention.actions.all():
            assert action.title in text
        signing = convention.parties.filter(signs=True).count()
        assert text.count("Représentée par :") == signing, "one signature block per party"
        assert "Annexe — Plan d'actions" in text
        save_first_page(content, f"{convention.reference}-convention")
    # One demo load (4 s) serves the checks below too.
    check_the_macs_convention_reads_in_french()
    check_metadata_and_the_only_embedded_font(demo[0])


def check_the_macs_convention_reads_in_french():
    macs = Convention.objects.get(title__endswith="GIP Maximilien × UNEA")
    text = pdf_text(convention_pdf(macs))
    assert "Signée le 5 septembre 2017" in text
    assert "Fait à Paris, le 5 septembre 2017" in text
    handeco = Convention.objects.get(title__contains="Handeco")
    assert f"25{NNBSP}000{NNBSP}€" in pdf_text(convention_pdf(handeco))


def check_metadata_and_the_only_embedded_font(convention: Convention):
    content = convention_pdf(convention)
    reader = PdfReader(BytesIO(content))
    assert reader.metadata.title == f"{convention.reference} — {convention.title}"
    assert reader.metadata.author == "Samir Haddou (Maillage)"
    assert "entre" in reader.metadata.subject
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(font["/BaseFont"])
            assert "/FontFile2" in font["/FontDescriptor"], f"{font['/BaseFont']} is not embedded"
    assert {name.split("+")[-1] for name in fonts} == {"DejaVuSans", "DejaVuSans-Bold"}


def test_the_annex_header_repeats_on_every_page_of_a_long_plan():
    convention = ConventionFactory()
    axis = AxisFactory(convention=convention, number=1, title="Sourcing")
    for number in range(1, 61):
        ActionFactory(convention=convention, axis=axis, number=f"1.{number}", order=number)
    content = convention_pdf(convention)
    reader = PdfReader(BytesIO(content))
    annex_pages = [page.extract_text() for page in reader.pages if "1.5" in page.extract_text()]
    assert len(annex_pages) >= 2
    for page in reader.pages[1:]:
        text = page.extract_text()
        if "Action 1" in text or "1.60" in text:
            assert "Partie pilote" in text and "Échéance" in text


class Listener:
    """A real TCP server on loopback that counts the connections it receives."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                client, _address = self.server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            client.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.server.close()


def test_markup_in_user_text_prints_literally_and_fetches_nothing():
    listener = Listener()
    try:
        image = f'<img src="http://127.0.0.1:{listener.port}/x.png"/>'
        link = f'<a href="http://127.0.0.1:{listener.port}/">lien</a>'
        title = 'Dupont & Fils <b>gras</b> "guillemets" <font color="red" size="40">rouge</font>'
        convention = ConventionFactory(title=title, preamble=f"Préambule {image} {link}")
        organisation = OrganisationFactory(name=f"Atelier <i>&</i> Cie {image}")
        signatory = ContactFactory(first_name="Zoé", last_name="<font>Martin</font> & Fils")
        party = PartyFactory(
            convention=convention, organisation=organisation, signatory=signatory,
            signatory_title='Directrice "générale" <br/>',
        )  # fmt: skip
        Clause.objects.create(convention=convention, number=1, title="<u>Objet</u>", body=link)
        ActionFactory(convention=convention, lead_party=party, title=f"Action {image} a < b > c")
        IndicatorFactory(convention=convention, name="Taux <sup>2</sup> & co")
        for content in (convention_pdf(convention), committee_report_pdf(convention)):
            # Narrow table cells may break a long word anywhere: compare without spaces.
            text = squashed(pdf_text(content))
            assert squashed(title) in text
            assert squashed(f"Atelier <i>&</i> Cie {image}") in text
            assert b"/URI" not in content, "no live link was made from user text"
        assert squashed("Taux <sup>2</sup> & co") in squashed(
            pdf_text(committee_report_pdf(convention))
        )
        text = squashed(pdf_text(convention_pdf(convention)))
        for literal in (
            "<font>Martin</font> & Fils",
            'Directrice "générale" <br/>',
            "Article 1 — <u>Objet</u>",
            f"Action {image} a < b > c",
            f"Préambule {image} {link}",
        ):
            assert squashed(literal) in text
    finally:
        listener.close()
    assert listener.connections == 0


def test_the_committee_report_figures_match_the_demo_data(demo):
    today = dt.date.today()
    metropole = Convention.objects.get(title__startswith="Partenariat annuel Métropole")
    content = committee_report_pdf(metropole, today=today)
    text = assert_clean_pages(content, metropole.reference)
    save_first_page(content, f"{metropole.reference}-rapport")

    late = list(Action.objects.late(today).filter(convention=metropole))
    total = metropole.actions.count()
    assert f"{total} action(s) au plan, dont {len(late)} en retard." in text
    assert [a.title for a in late] == ["Appui juridique à la rédaction des clauses"]
    for action in late:
        assert f"{action.title}" in text
        assert f"{(today - action.due_on).days} jours" in text
    assert f"Période couverte : du {french_date(metropole.starts_on)} au" in text

    purchases = metropole.indicators.get(unit="€")
    latest = purchases.measurements.order_by("-measured_on").first()
    assert latest.value == Decimal(1720000)
    assert f"1{NNBSP}720{NNBSP}000{NNBSP}€ au {latest.measured_on:%d/%m/%Y}" in text
    assert f"850{NNBSP}000{NNBSP}€" in text and f"1{NNBSP}900{NNBSP}000{NNBSP}€" in text
    # (1 720 000 − 850 000) / (1 900 000 − 850 000) = 82.9 %
    assert f"83{NNBSP}%" in text
    recent = Measurement.objects.filter(indicator__convention=metropole).order_by("-measured_on")
    for measurement in recent[:10]:
        assert measurement.comment in text
    check_every_demo_committee_report_renders_cleanly(demo)


def test_the_committee_report_counts_actions_by_axis_and_status():
    today = dt.date(2026, 6, 15)
    convention = ConventionFactory(starts_on=dt.date(2026, 1, 1))
    first = AxisFactory(convention=convention, number=1, title="Sourcing")
    second = AxisFactory(convention=convention, number=2, title="Formation")
    done = dt.date(2026, 3, 1)
    rows = [  # axis, status, progress, due
        (first, Action.Status.DONE, 100, dt.date(2026, 3, 1)),
        (first, Action.Status.IN_PROGRESS, 40, dt.date(2026, 5, 1)),  # late
        (first, Action.Status.PLANNED, 0, dt.date(2026, 9, 1)),
        (second, Action.Status.BLOCKED, 10, dt.date(2026, 6, 1)),  # late
        (second, Action.Status.CANCELLED, 0, dt.date(2026, 2, 1)),
    ]
    for number, (axis, status, progress, due) in enumerate(rows, 1):
        ActionFactory(
            convention=convention, axis=axis, number=str(number), status=status,
            progress=progress, due_on=due, completed_on=done if status == "done" else None,
        )  # fmt: skip
    indicator = IndicatorFactory(convention=convention, target=40, baseline=0, unit="marchés")
    Measurement.objects.create(indicator=indicator, measured_on=dt.date(2026, 5, 31), value=10)
    text = pdf_text(committee_report_pdf(convention, today=today))
    # Axe, actions, réalisée, en cours, à lancer, bloquée, abandonnée, en retard, moyenne
    assert f"Axe 1 — Sourcing 3 1 1 1 0 0 1 47{NNBSP}%" in text
    assert f"Axe 2 — Formation 2 0 0 0 1 1 1 10{NNBSP}%" in text
    assert "5 action(s) au plan, dont 2 en retard." in text
    assert f"10 marchés au 31/05/2026 40 marchés 25{NNBSP}%" in text
    assert "Période couverte : du 1er janvier 2026 au 15 juin 2026" in text


def test_the_report_of_a_convention_not_yet_in_effect_says_so_instead_of_a_backward_period():
    today = dt.date(2026, 12, 3)
    convention = ConventionFactory(starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2029, 12, 31))
    ActionFactory(convention=convention, due_on=dt.date(2027, 3, 1))
    content = committee_report_pdf(convention, today=today)
    text = pdf_text(content)
    assert (
        "La convention n'est pas encore en vigueur : elle prend effet le 1er janvier 2027."
    ) in text
    assert "Période couverte" not in text and "au 3 décembre 2026" not in text
    assert "1 action(s) au plan, dont 0 en retard." in text, "the plan is still reported"
    subject = PdfReader(BytesIO(content)).metadata.subject
    assert subject == (
        f"Avancement de la convention {convention.reference}, "
        "avant son entrée en vigueur le 1er janvier 2027"
    )

    # Once in effect, the period runs from its start to the day of the report.
    later = pdf_text(committee_report_pdf(convention, today=dt.date(2027, 3, 15)))
    assert "Période couverte : du 1er janvier 2027 au 15 mars 2027" in later


def check_every_demo_committee_report_renders_cleanly(demo):
    for convention in demo:
        content = committee_report_pdf(convention)
        text = assert_clean_pages(content, convention.reference)
        assert "Rapport au comité de pilotage" in text
        save_first_page(content, f"{convention.reference}-rapport")
        for indicator in convention.indicators.all():
            assert indicator.name in text
