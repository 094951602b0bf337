"""The OETH estimate: 30 % of the labour cost of sheltered-sector purchases, within the cap."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from partners.models import Organisation
from purchases.oeth import (
    Exclusion,
    PurchaseLine,
    estimate,
    lines_from_purchases,
)

D = Decimal

cents = st.integers(min_value=0, max_value=10**9).map(lambda n: D(n) / 100)
kinds = st.sampled_from(["ea", "eatt", "esat", "tih", "portage", "ei", "aci", "private_buyer", ""])


@st.composite
def purchase_lines(draw: st.DrawFn) -> PurchaseLine:
    amount = draw(cents)
    labour = draw(st.one_of(st.none(), st.integers(0, int(amount * 100)).map(lambda n: D(n) / 100)))
    return PurchaseLine(
        amount_ht=amount,
        labour_cost=labour,
        supplier_kind=draw(kinds),
        supplier=draw(st.sampled_from(["ESAT A", "EA B", "TIH C", "EI D"])),
    )


rates = st.integers(min_value=0, max_value=10_000).map(lambda n: D(n) / 100)


def test_a_hand_computed_year_with_the_cap_applied():
    lines = [
        # ESAT A: two purchases, 30 % of 10 000,05 € = 3 000,015 €, to 3 000,02 € (half up).
        PurchaseLine(D("12000.00"), D("8000.00"), "esat", "ESAT A"),
        PurchaseLine(D("3000.00"), D("2000.05"), "esat", "ESAT A"),
        # EA B: 30 % of 1 500 € = 450 €.
        PurchaseLine(D("2500.00"), D("1500.00"), "ea", "EA B"),
        # Not counted: no labour cost, an insertion company, a labour cost above the price.
        PurchaseLine(D("900.00"), None, "tih", "TIH C"),
        PurchaseLine(D("5000.00"), D("4000.00"), "ei", "EI D"),
        PurchaseLine(D("100.00"), D("150.00"), "ea", "EA B"),
    ]
    # Direct rate 2,4 % < 3 %: the cap is 50 % of 6 000,01 € = 3 000,005 €, down to 3 000,00 €.
    result = estimate(lines, gross_contribution="6000.01", direct_rate="2,4")

    assert [(p.supplier, p.deduction) for p in result.providers] == [
        ("ESAT A", D("3000.02")),
        ("EA B", D("450.00")),
    ]
    assert result.deduction_before_cap == D("3450.02")
    assert result.cap == D("3000.00")
    assert result.deduction == D("3000.00")
    assert result.capped
    assert "50 %" in result.cap_rule
    assert [(line.supplier, why) for line, why in result.excluded] == [
        ("TIH C", Exclusion.UNKNOWN_LABOUR),
        ("EI D", Exclusion.NOT_ELIGIBLE),
        ("EA B", Exclusion.INCONSISTENT),
    ]
    assert [line.supplier for line in result.unknown_labour] == ["TIH C"]
    assert result.labour_cost == D("11500.05")

    # From 3 % the cap is 75 %: 4 500,00 € leaves the 3 450,02 € whole.
    wider = estimate(lines, gross_contribution="6000.01", direct_rate="3")
    assert (wider.cap, wider.deduction, wider.capped) == (D("4500.00"), D("3450.02"), False)
    # Without the two figures, the uncapped 30 % (what the DSN's line asks) and no cap.
    uncapped = estimate(lines)
    assert (uncapped.cap, uncapped.deduction) == (None, D("3450.02"))
    assert "arrêté du 19 novembre 2020" in uncapped.source
    assert "arrondis au centime" in uncapped.rounding


@pytest.mark.parametrize(
    ("contribution", "rate", "field", "message"),
    [
        ("-1", "2", "gross_contribution", "La contribution brute doit être positive ou nulle."),
        (
            "100",
            "-0.5",
            "direct_rate",
            "Le taux d'emploi direct doit être compris entre 0 et 100 %.",
        ),
        ("100", "100.01", "direct_rate", "compris entre 0 et 100 %"),
        ("douze", "2", "gross_contribution", "Indiquez la contribution brute en euros"),
        ("100", "NaN", "direct_rate", "Indiquez le taux d'emploi direct en pourcentage"),
        ("100", None, "direct_rate", "Indiquez aussi le taux d'emploi direct"),
        (None, "2", "gross_contribution", "Indiquez aussi la contribution brute"),
    ],
)
def test_figures_out_of_bounds_are_refused_in_french(contribution, rate, field, message):
    with pytest.raises(ValidationError) as refused:
        estimate([], gross_contribution=contribution, direct_rate=rate)
    assert message in " ".join(refused.value.message_dict[field])


@settings(max_examples=100, deadline=None)
@given(st.lists(purchase_lines(), max_size=12), cents, rates)
def test_the_deduction_is_never_negative_nor_above_the_cap(lines, contribution, rate):
    result = estimate(lines, gross_contribution=contribution, direct_rate=rate)
    share = D("0.50") if rate < 3 else D("0.75")
    assert D(0) <= result.deduction <= result.cap <= contribution * share
    assert result.deduction <= result.deduction_before_cap
    # Every line is either counted or listed with its reason, never lost.
    counted = sum(p.purchases for p in result.providers)
    assert counted + len(result.excluded) == len(lines)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(purchase_lines(), max_size=10),
    purchase_lines(),
    cents,
    cents,
    rates,
    rates,
)
def test_more_purchases_a_larger_contribution_or_rate_never_lower_the_deduction(
    lines, extra, contribution, more, rate, other_rate
):
    low_rate, high_rate = sorted((rate, other_rate))
    base = estimate(lines, gross_contribution=contribution, direct_rate=low_rate).deduction
    assert (
        estimate([*lines, extra], gross_contribution=contribution, direct_rate=low_rate).deduction
        >= base
    )
    assert (
        estimate(lines, gross_contribution=contribution + more, direct_rate=low_rate).deduction
        >= base
    )
    assert estimate(lines, gross_contribution=contribution, direct_rate=high_rate).deduction >= base
    assert estimate(lines).deduction >= base


def test_model_rows_become_lines_grouped_by_supplier():
    esat = Organisation(pk=1, name="ESAT des Deux Rives", kind=Organisation.Kind.ESAT)
    homonym = Organisation(pk=2, name="ESAT des Deux Rives", kind=Organisation.Kind.ESAT)
    rows = [
        SimpleNamespace(
            amount_ht=D("1000"), labour_cost=D("600"), supplier=esat, supplier_siret=""
        ),
        SimpleNamespace(
            amount_ht=D("500"), labour_cost=D("100"), supplier=homonym, supplier_siret=""
        ),
        # Known only by its SIRET: no kind, so out of scope until linked to its organisation.
        SimpleNamespace(
            amount_ht=D("800"), labour_cost=D("400"), supplier=None, supplier_siret="73282932000074"
        ),
    ]
    result = estimate(lines_from_purchases(rows))
    # Two organisations of the same name stay two providers, as they get two attestations.
    assert [p.deduction for p in result.providers] == [D("180.00"), D("30.00")]
    assert [(line.supplier, why) for line, why in result.excluded] == [
        ("73282932000074", Exclusion.NOT_ELIGIBLE)
    ]
