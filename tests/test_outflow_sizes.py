"""An untagged table prints what goes out in parentheses ('Interest expense (1,200)'): the average, total or change
of such a line is said in sizes - the average interest expense is an amount spent - while a line of either sign
('Other income (expense), net') and any tagged fact keep their sign (qa.resolve.arithmetic)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from index.facts import Fact, Period
from qa.resolve.operands import _outflow, evaluate_over as _evaluate, in_sizes as _in_sizes
from qa.resolve.draft import Input, Slot


def _inp(label: str, value: str, year: int, concept: str = "") -> Input:
    f = Fact(fact_id=f"{label}|{year}", filing_id="f", source="p.html", title="t", label=label, raw=value,
             value=Decimal(value), unit="USD", concept=concept,
             period=Period(start=date(year, 1, 1), end=date(year, 12, 31), kind="duration"), column_label=str(year))
    return Input(f, Slot())


@pytest.mark.parametrize("label, out", [
    ("Interest expense", True), ("Net cash used in financing activities", True), ("Less: Freight costs", True),
    ("Losses recognized in other income (expense), net", True), ("Allowance for doubtful accounts", True),
    ("Other income (expense), net", False), ("Net cash provided by (used in) investing activities", False),
    ("Revenue", False), ("Adjustment for share-based payments", False), ("Operating (loss) income", False),
])
def test_which_lines_name_what_goes_out(label, out):
    assert _outflow(label) is out


def test_an_average_change_or_total_of_an_outflow_printed_negative_is_in_sizes():
    both = [_inp("Interest expense", "-1200", 2020), _inp("Interest expense", "-800", 2021)]
    assert _evaluate(_in_sizes("([1] + [2]) / 2", both, "average"), both) == Decimal("1000")
    assert _evaluate(_in_sizes("[2] - [1]", both, "change"), both) == Decimal("-400")  # it fell by 400
    assert _evaluate(_in_sizes("[1] + [2]", both, "sum"), both) == Decimal("2000")


def test_either_sign_lines_tagged_facts_mixed_signs_and_ratios_keep_their_sign():
    either = [_inp("Other income (expense), net", "-300", 2020), _inp("Other income (expense), net", "-100", 2021)]
    tagged = [_inp("Interest expense", "-1200", 2020, "us-gaap:InterestExpense"), _inp("Interest expense", "-800", 2021)]
    mixed = [_inp("Interest expense", "-1200", 2020), _inp("Interest expense", "50", 2021)]
    for inputs in (either, tagged, mixed):
        assert _in_sizes("([1] + [2]) / 2", inputs, "average") == "([1] + [2]) / 2"
    spent = [_inp("Interest expense", "-1200", 2020), _inp("Interest expense", "-800", 2021)]
    assert _in_sizes("([2] - [1]) / [1]", spent, "growth") == "([2] - [1]) / [1]"
