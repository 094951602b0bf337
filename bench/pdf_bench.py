"""Milliseconds per convention PDF: reportlab (what Maillage uses) against WeasyPrint.

Run by `make bench`. Builds its own convention in a throw-away SQLite database: four parties,
twelve articles, four axes and a 40-action annex; renders it 30 times with each engine and
prints the medians and their ratio. Figures only: nothing here is asserted.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 30
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def setup_django(folder: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["MAILLAGE_VAR_DIR"] = str(folder)
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    # WeasyPrint narrates every layout step at INFO; the table is what we want to read.
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)


def build_convention():
    from actions.models import Action
    from conventions.models import Axis, Clause, Convention, Party
    from partners.models import Contact, Organisation

    signed = dt.date(2017, 9, 5)
    convention = Convention.objects.create(
        title="Convention de partenariat pour les achats responsables en Île-de-France",
        signed_on=signed,
        starts_on=signed,
        ends_on=dt.date(2019, 12, 31),
        amount=1_900_000,
        preamble="Les acheteurs publics franciliens et les réseaux du secteur protégé et "
        "adapté s'associent pour développer les marchés réservés. " * 4,
        purpose="Développer les clauses sociales et les marchés réservés.",
    )
    names = ("GIP Maximilien", "URTIE", "Réseau Gesat", "Union nationale des entreprises adaptées")
    parties = []
    for order, name in enumerate(names, 1):
        organisation = Organisation.objects.create(name=name, kind="network", city="Paris")
        contact = Contact.objects.create(first_name="Camille", last_name=f"Martin {order}")
        parties.append(
            Party.objects.create(
                convention=convention, organisation=organisation, order=order,
                signatory=contact, signatory_title="Président·e", signed_on=signed,
                signed_at="Paris",
            )
        )  # fmt: skip
    for number in range(1, 13):
        Clause.objects.create(
            convention=convention,
            number=number,
            title=f"Article de la convention n° {number}",
            body="Les parties s'engagent à coopérer de bonne foi et à se tenir informées. " * 5,
        )
    axes = [
        Axis.objects.create(convention=convention, number=n, title=f"Axe stratégique {n}")
        for n in range(1, 5)
    ]
    for index in range(40):
        axis = axes[index % 4]
        Action.objects.create(
            convention=convention, axis=axis, number=f"{axis.number}.{index // 4 + 1}",
            order=index, title=f"Action {index + 1} : sensibiliser les acheteurs aux clauses",
            lead_party=parties[index % 4], starts_on=signed,
            due_on=signed + dt.timedelta(days=30 * (index + 1)),
        )  # fmt: skip
    # Signed once its text is written: a signed text takes no new part.
    convention.status = Convention.Status.SIGNED
    convention.save()
    return convention


HTML = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><style>
@font-face { font-family: DejaVu; src: url("file://{{ font_dir }}/DejaVuSans.ttf"); }
@font-face { font-family: DejaVu; font-weight: bold;
             src: url("file://{{ font_dir }}/DejaVuSans-Bold.ttf"); }
@page { size: A4; margin: 18mm 18mm 22mm;
  @bottom-left { content: "{{ c.reference }} — Convention de partenariat"; font: 8pt DejaVu; }
  @bottom-right { content: "Page " counter(page) " / " counter(pages); font: 8pt DejaVu; } }
body { font: 10pt/1.4 DejaVu; color: #1f2937; }
h1 { color: #0b5394; font-size: 15pt; } h2 { font-size: 11.5pt; }
.cover { text-align: center; page-break-after: always; padding-top: 30mm; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; }
th { background: #0b5394; color: white; } td, th { border: 0.4pt solid #9aa5b1; padding: 2pt; }
.axis td { background: #e8eef6; font-weight: bold; }
.signatures { display: flex; flex-wrap: wrap; gap: 4mm; }
.signature { border: 0.5pt solid #9aa5b1; width: 80mm; height: 45mm; padding: 2mm; }
.annex { page-break-before: always; }
</style></head><body>
<div class="cover"><p>Convention de partenariat</p><h1>{{ c.title }}</h1>
<p>Référence {{ c.reference }}</p><h2>Entre</h2>
{% for p in parties %}<p><b>{{ p.organisation }}</b>, représentée par {{ p.signatory }},
{{ p.signatory_title }}</p>{% endfor %}
<p>Signée le {{ signed }} · Montant {{ amount }}</p></div>
<h1>Préambule</h1><p>{{ c.preamble }}</p><h1>Articles</h1>
{% for a in clauses %}<h2>Article {{ a.number }} — {{ a.title }}</h2><p>{{ a.body }}</p>{% endfor %}
<h1>Axes de la convention</h1>{% for x in axes %}<h2>Axe {{ x.number }} — {{ x.title }}</h2>
{% endfor %}<h1>Signatures</h1><div class="signatures">{% for p in parties %}
<div class="signature"><b>{{ p.organisation }}</b><br>Représentée par : {{ p.signatory }}<br>
Qualité : {{ p.signatory_title }}<br>Fait à {{ p.signed_at }}, le {{ signed }}<br>Signature :
</div>{% endfor %}</div>
<div class="annex"><h1>Annexe — Plan d'actions</h1><table><thead><tr><th>N°</th><th>Action</th>
<th>Partie pilote</th><th>Responsable</th><th>Début</th><th>Échéance</th><th>Statut</th></tr>
</thead><tbody>{% for x in axes %}<tr class="axis"><td colspan="7">Axe {{ x.number }} —
{{ x.title }}</td></tr>{% for a in x.actions.all %}<tr><td>{{ a.number }}</td>
<td>{{ a.title }}</td><td>{{ a.lead_party.organisation }}</td><td>{{ a.owner_display }}</td>
<td>{{ a.starts_on|date:"d/m/Y" }}</td><td>{{ a.due_on|date:"d/m/Y" }}</td>
<td>{{ a.get_status_display }}</td></tr>{% endfor %}{% endfor %}</tbody></table></div>
</body></html>"""


def weasyprint_pdf(convention) -> bytes:
    """The same content as `convention_pdf`, through an HTML template and WeasyPrint."""
    from django.template import Context, Template
    from weasyprint import HTML as WeasyHTML

    from core.formats import euros
    from core.pdf import french_date

    html = Template(HTML).render(
        Context(
            {
                "c": convention,
                "font_dir": FONT_DIR,
                "parties": convention.parties.select_related("organisation", "signatory"),
                "clauses": convention.clauses.all(),
                "axes": convention.axes.prefetch_related("actions__lead_party__organisation"),
                "signed": french_date(convention.signed_on),
                "amount": euros(convention.amount),
            }
        )
    )
    return WeasyHTML(string=html).write_pdf()


def median_ms(render, convention) -> tuple[float, int, int]:
    render(convention)  # warm-up: fonts loaded, templates compiled
    from io import BytesIO

    from pypdf import PdfReader

    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        content = render(convention)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), len(content), len(PdfReader(BytesIO(content)).pages)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="maillage-bench-") as folder:
        setup_django(Path(folder))
        from conventions.pdf import convention_pdf

        convention = build_convention()
        rows = [("reportlab (platypus)", *median_ms(convention_pdf, convention))]
        try:
            rows.append(("WeasyPrint", *median_ms(weasyprint_pdf, convention)))
        except ImportError:
            print("WeasyPrint absent : `make bench` l'installe (extra `bench`).")
        print(
            f"\nConvention PDF : 4 parties, 12 articles, annexe de 40 actions ; "
            f"médiane de {RUNS} rendus\n"
        )
        print(f"{'moteur':<22} {'ms / document':>14} {'pages':>6} {'octets':>9} {'ratio':>7}")
        base = rows[0][1]
        for name, ms, size, pages in rows:
            print(f"{name:<22} {ms:>14.1f} {pages:>6} {size:>9} {ms / base:>6.1f}×")


if __name__ == "__main__":
    main()
