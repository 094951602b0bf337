"""The OETH deduction a buyer may expect from its purchases of one year, on plain inputs.

A private employer of 20 staff or more whose staff counts fewer than 6 % disabled workers
owes a contribution (OETH, declared yearly in the DSN). Purchases from an EA, an ESAT, a
TIH or a portage company employing a beneficiary are deducted from it: 30 % of their
labour cost, the total capped at 50 % of the gross contribution when the direct employment
rate is below 3 %, 75 % otherwise.

Everything here is Decimal and pure: `estimate()` takes `PurchaseLine`s (built from model
rows by `lines_from_purchases()`) and returns an `OethEstimate` a page or a PDF prints as
it is, with the rule and its source. The 30 % is rounded once per provider, as the
provider's yearly attestation (`purchases/attestation.py`) states it, so the estimate adds
up the amounts the buyer will declare.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.formats import NARROW_NBSP, french_number

DEDUCTION_RATE = Decimal("0.30")
# Below this direct employment rate (in %) the cap is the lower one.
CAP_THRESHOLD_RATE = Decimal(3)
CAP_BELOW_THRESHOLD = Decimal("0.50")
CAP_FROM_THRESHOLD = Decimal("0.75")
CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# Organisation kinds whose sales are deductible, by value: "tih" and "portage" count as
# soon as partners offers them (Organisation.Kind), and match nothing before. An EATT is an
# EA (a temporary-work one). Portage counts only when the person carried is a beneficiary
# of the obligation, which Maillage does not record: the user answers for it.
DEDUCTIBLE_KINDS = frozenset({"ea", "eatt", "esat", "tih", "portage"})

RULE = (
    "Les achats de fournitures, de sous-traitance ou de prestations de services auprès "
    "d'une entreprise adaptée (EA), d'un ESAT, d'un travailleur indépendant handicapé (TIH) "
    "ou d'une entreprise de portage salarial dont le salarié porté est bénéficiaire de "
    "l'obligation d'emploi se déduisent de la contribution OETH à hauteur de 30 % du coût "
    "de la main-d'œuvre : le prix hors taxes, moins les matières premières, produits, "
    "matériaux, sous-traitance, consommations intermédiaires et frais de vente et de "
    "commercialisation. Le total déduit est plafonné à 50 % de la contribution brute quand "
    "le taux d'emploi direct est inférieur à 3 %, à 75 % sinon."
)
SOURCE = (
    "Code du travail, article D. 5212-21 (décret n° 2019-523 du 27 mai 2019) ; arrêté du "
    "19 novembre 2020 fixant le modèle d'attestation (JORF du 29 novembre 2020) ; Agefiph, "
    "« Recours sous-traitance ESAT - EA - TIH - EPS »."
)
ROUNDING = (
    "Les 30 % sont arrondis au centime le plus proche (un demi-centime au centime "
    "supérieur) une fois par prestataire, sur le total de son coût de main-d'œuvre de "
    "l'année, comme sur son attestation ; le plafond est arrondi au centime inférieur, "
    "pour ne jamais dépasser le plafond légal."
)
ESTIMATE_WARNING = (
    "Estimation : seuls les montants des attestations des prestataires font foi pour la "
    "déclaration en DSN."
)


class Exclusion:
    """Why a purchase is left out of the deduction, as the page lists it."""

    UNKNOWN_LABOUR = "coût de main-d'œuvre inconnu"
    NOT_ELIGIBLE = "prestataire hors champ (ni EA, ni ESAT, ni TIH, ni portage)"
    INCONSISTENT = "coût de main-d'œuvre négatif ou supérieur au prix HT"


@dataclass(frozen=True)
class PurchaseLine:
    """One purchase as the estimate needs it; `supplier_key` groups a provider's lines."""

    amount_ht: Decimal
    labour_cost: Decimal | None
    supplier_kind: str = ""
    supplier: str = ""
    supplier_key: object = None
    label: str = ""

    @property
    def group(self) -> object:
        return self.supplier_key if self.supplier_key is not None else self.supplier


@dataclass(frozen=True)
class ProviderDeduction:
    """A provider's share: what its attestation for the year states."""

    supplier: str
    amount_ht: Decimal
    labour_cost: Decimal
    deduction: Decimal
    purchases: int
    # The lines' `group`: ("organisation", pk) for a linked provider.
    key: object = None


@dataclass(frozen=True)
class OethEstimate:
    """The estimated deduction of a buyer's year, with what it leaves out and why."""

    providers: tuple[ProviderDeduction, ...]
    excluded: tuple[tuple[PurchaseLine, str], ...]
    deduction_before_cap: Decimal
    cap: Decimal | None
    deduction: Decimal
    gross_contribution: Decimal | None = None
    direct_rate: Decimal | None = None
    rule: str = RULE
    source: str = SOURCE
    rounding: str = ROUNDING
    warning: str = ESTIMATE_WARNING
    cap_rule: str = field(default="")

    @property
    def capped(self) -> bool:
        return self.cap is not None and self.deduction < self.deduction_before_cap

    @property
    def unknown_labour(self) -> tuple[PurchaseLine, ...]:
        """The purchases not counted for want of a labour cost, to be asked of the provider."""
        return tuple(line for line, why in self.excluded if why == Exclusion.UNKNOWN_LABOUR)

    @property
    def labour_cost(self) -> Decimal:
        return sum((p.labour_cost for p in self.providers), ZERO)

    @property
    def amount_ht(self) -> Decimal:
        return sum((p.amount_ht for p in self.providers), ZERO)


def deduction_for(labour_cost: Decimal) -> Decimal:
    """30 % of a labour cost, to the nearest cent (half a cent up): the attestation's amount."""
    return (Decimal(labour_cost) * DEDUCTION_RATE).quantize(CENT, rounding=ROUND_HALF_UP)


def cap_for(gross_contribution: Decimal, direct_rate: Decimal) -> Decimal:
    """50 % of the gross contribution below a 3 % direct rate, 75 % from it; cent below."""
    share = CAP_BELOW_THRESHOLD if direct_rate < CAP_THRESHOLD_RATE else CAP_FROM_THRESHOLD
    return (gross_contribution * share).quantize(CENT, rounding=ROUND_DOWN)


def _decimal(value: object, field_name: str, message: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise ValidationError({field_name: message}, code="invalid") from None
    if not number.is_finite():
        raise ValidationError({field_name: message}, code="invalid")
    return number


def clean_cap_inputs(
    gross_contribution: object, direct_rate: object
) -> tuple[Decimal | None, Decimal | None]:
    """The two figures the cap needs, both or neither, within their bounds (French messages)."""
    contribution = _decimal(
        gross_contribution,
        "gross_contribution",
        _("Indiquez la contribution brute en euros, par exemple 12 500,00."),
    )
    rate = _decimal(
        direct_rate,
        "direct_rate",
        _("Indiquez le taux d'emploi direct en pourcentage, par exemple 2,5."),
    )
    errors: dict[str, str] = {}
    if contribution is not None and contribution < 0:
        errors["gross_contribution"] = _("La contribution brute doit être positive ou nulle.")
    if rate is not None and not (0 <= rate <= 100):
        errors["direct_rate"] = _("Le taux d'emploi direct doit être compris entre 0 et 100 %.")
    if contribution is not None and rate is None:
        errors.setdefault(
            "direct_rate",
            _("Indiquez aussi le taux d'emploi direct : le plafond en dépend."),
        )
    if rate is not None and contribution is None:
        errors.setdefault(
            "gross_contribution",
            _("Indiquez aussi la contribution brute : le plafond en est une part."),
        )
    if errors:
        raise ValidationError(errors)
    return contribution, rate


def exclusion_reason(line: PurchaseLine) -> str | None:
    """Why this purchase is not counted, or None when it is."""
    if line.supplier_kind not in DEDUCTIBLE_KINDS:
        return Exclusion.NOT_ELIGIBLE
    if line.labour_cost is None:
        return Exclusion.UNKNOWN_LABOUR
    if line.labour_cost < 0 or line.labour_cost > line.amount_ht:
        return Exclusion.INCONSISTENT
    return None


def estimate(
    lines: Iterable[PurchaseLine],
    *,
    gross_contribution: object = None,
    direct_rate: object = None,
) -> OethEstimate:
    """The deduction a buyer may expect from these purchases (one buyer, one year).

    The cap applies only when both the gross contribution (€) and the direct employment
    rate (%) are given; without them the deduction is the uncapped 30 %, as declared in
    the DSN ("montant 4" of the attestations). Raises ValidationError on bad figures.
    """
    contribution, rate = clean_cap_inputs(gross_contribution, direct_rate)
    excluded: list[tuple[PurchaseLine, str]] = []
    groups: dict[object, list[PurchaseLine]] = {}
    for line in lines:
        why = exclusion_reason(line)
        if why is None:
            groups.setdefault(line.group, []).append(line)
        else:
            excluded.append((line, why))
    providers = []
    for key, group in groups.items():
        labour = sum((line.labour_cost for line in group), ZERO)
        providers.append(
            ProviderDeduction(
                supplier=group[0].supplier,
                amount_ht=sum((line.amount_ht for line in group), ZERO),
                labour_cost=labour,
                deduction=deduction_for(labour),
                purchases=len(group),
                key=key,
            )
        )
    providers.sort(key=lambda p: (-p.deduction, p.supplier))
    before_cap = sum((p.deduction for p in providers), ZERO)
    cap, cap_rule = None, ""
    if contribution is not None and rate is not None:
        cap = cap_for(contribution, rate)
        share = "50 %" if rate < CAP_THRESHOLD_RATE else "75 %"
        cap_rule = (
            f"Plafond : {share} de la contribution brute "
            f"(taux d'emploi direct {french_number(rate)}{NARROW_NBSP}%)."
        )
    return OethEstimate(
        providers=tuple(providers),
        excluded=tuple(excluded),
        deduction_before_cap=before_cap,
        cap=cap,
        deduction=before_cap if cap is None else min(before_cap, cap),
        gross_contribution=contribution,
        direct_rate=rate,
        cap_rule=cap_rule,
    )


def lines_from_purchases(purchases: Iterable[object]) -> list[PurchaseLine]:
    """Model rows (anything with the Purchase attributes) as lines for `estimate()`.

    Reads `amount_ht`, `labour_cost`, `supplier` (an Organisation or None: select it with
    the rows, `select_related("supplier")`) and `supplier_siret`. A supplier known only by
    its SIRET has no kind, so it is listed as out of scope until it is linked.
    """
    lines = []
    for purchase in purchases:
        supplier = getattr(purchase, "supplier", None)
        siret = getattr(purchase, "supplier_siret", "") or ""
        lines.append(
            PurchaseLine(
                amount_ht=Decimal(purchase.amount_ht),
                labour_cost=None if purchase.labour_cost is None else Decimal(purchase.labour_cost),
                supplier_kind=getattr(supplier, "kind", "") or "",
                supplier=str(supplier) if supplier is not None else siret,
                supplier_key=("organisation", supplier.pk)
                if supplier is not None
                else ("siret", siret),
                label=str(purchase),
            )
        )
    return lines
