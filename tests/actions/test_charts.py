"""An indicator's chart: round values on its axis, dates under it, target and baseline named."""

import datetime as dt
from decimal import Decimal

from actions.charts import indicator_progress
from actions.models import Measurement
from tests.factories import IndicatorFactory


def _chart(unit, baseline, target, values):
    indicator = IndicatorFactory.build(
        unit=unit, baseline=Decimal(baseline), target=Decimal(target)
    )
    measurements = [
        Measurement(indicator=indicator, measured_on=dt.date(2019 + k, 12, 31), value=Decimal(v))
        for k, v in enumerate(values)
    ]
    return indicator_progress(indicator, measurements)


def test_a_count_is_read_on_whole_numbers_with_its_unit_above_the_axis():
    chart = _chart("marchés", 2, 12, [3, 5, 7, 8, 10])
    labels = [tick.label for tick in chart.y_ticks]
    assert labels == ["0", "5", "10", "15"]
    assert chart.axis_unit == "marchés"
    assert (chart.target.label, chart.baseline.label) == ("cible 12 marchés", "départ 2 marchés")
    # Higher values sit higher, the target above the last measurement.
    assert chart.target.y < chart.points[-1].y < chart.points[0].y < chart.baseline.y


def test_amounts_carry_their_euro_sign_and_seven_years_show_four_dates():
    chart = _chart("€", 850_000, 1_900_000, [150_000 + k * 130_000 for k in range(7)])
    assert chart.axis_unit == ""
    assert chart.y_ticks[-1].label == "2\u202f000\u202f000\u202f€"
    assert [tick.label for tick in chart.x_ticks] == [
        "31/12/2019", "31/12/2021", "31/12/2023", "31/12/2025"
    ]  # fmt: skip
    # Every point up to eight is labelled with its value.
    assert chart.points[0].label == "150\u202f000\u202f€"


def test_one_measurement_stands_in_the_middle_with_its_date():
    chart = _chart("%", 0, 60, [37])
    (point,) = chart.points
    assert point.x == (chart.left + chart.right) / 2
    assert [tick.label for tick in chart.x_ticks] == ["31/12/2019"]
    assert point.label == "37\u202f%"
