from datetime import date
from decimal import Decimal

import pytest

from index.parsers.numbers import apply_scale, format_number, parse_cell, parse_date, parse_scale_line, unit_from_header_line


@pytest.mark.parametrize(
    "text, number, symbol, percent, duration",
    [
        ("¥ 20,782", Decimal("20782"), "¥", False, ""),
        ("$ 0.71", Decimal("0.71"), "$", False, ""),
        ("90.00%", Decimal("90.00"), "", True, ""),
        ("(1,234)", Decimal("-1234"), "", False, ""),
        ("$ (5)", Decimal("-5"), "$", False, ""),
        ("(38)%", Decimal("-38"), "", True, ""),  # the percent sign outside the parentheses
        ("(4.3)%", Decimal("-4.3"), "", True, ""),
        ("2,900,000", Decimal("2900000"), "", False, ""),
        ("29 days", None, "", False, "P29D"),
        ("1 year 2 months 1 day", None, "", False, "P1Y2M1D"),
        ("4 months 24 days", None, "", False, "P4M24D"),
        ("30 months", None, "", False, "P30M"),
    ],
)
def test_parse_cell(text, number, symbol, percent, duration):
    v = parse_cell(text)
    assert v is not None
    assert v.number == number
    assert v.symbol == symbol
    assert v.percent is percent
    assert v.duration_iso == duration


@pytest.mark.parametrize("text", ["Restricted stock units, vested", "Share-Based ... [Line Items]", "", "X"])
def test_labels_are_not_values(text):
    assert parse_cell(text) is None


def test_scale_lines():
    assert parse_scale_line("¥ in Thousands") == {"¥": 3}
    assert parse_scale_line("$ / shares in Units, ¥ in Thousands, $ in Thousands") == {"$ / shares": 0, "¥": 3, "$": 3}
    assert parse_scale_line("shares in Thousands, $ in Millions") == {"shares": 3, "$": 6}
    assert parse_scale_line("SHARE-BASED COMPENSATION (Details Narrative)") is None


def test_units_and_dates():
    assert unit_from_header_line("CNY (¥)") == ("CNY", "¥")
    assert unit_from_header_line("$ / shares") == ("USD/shares", "$")
    assert unit_from_header_line("shares") == ("shares", "")
    assert parse_date("Jul. 01, 2023") == date(2023, 7, 1)
    assert parse_date("May 03, 2019") == date(2019, 5, 3)
    assert parse_date("Sept. 30, 2024") == date(2024, 9, 30)


def test_scale_is_exact_and_canonical():
    assert apply_scale(Decimal("20782"), 3) == Decimal("20782000")
    assert str(apply_scale(Decimal("20782"), 3)) == "20782000"
    assert str(apply_scale(Decimal("13.4"), 9)) == "13400000000"
    assert format_number(Decimal("1587950")) == "1,587,950"
    assert format_number(Decimal("0.0925")) == "0.0925"


def test_numbers_longer_than_decimal_precision_stay_exact():
    """Found by the coverage-guided fuzzer: an 80-digit number in a note sentence made
    Decimal.quantize raise (default precision 28) and crashed the text-block parser."""
    from index.parsers import Document, parse_document
    from index.parsers.numbers import canonical

    assert canonical(Decimal("1" * 40)) == Decimal("1" * 40) and str(canonical(Decimal("1" * 40))) == "1" * 40
    assert canonical(Decimal("6" * 80)) == Decimal("6" * 80)
    assert canonical(Decimal("1234567890123456789012345678901.50")) == Decimal("1234567890123456789012345678901.5")
    from tests.conftest import SEED_NOTE

    text = SEED_NOTE.read_text(encoding="utf-8") + (
        "\nOn December 19, 2017, the Company granted " + "6" * 80 + " options to employees.\n")
    (filing,) = parse_document(Document(SEED_NOTE.name, text.encode()))
    assert any(m.value == Decimal("6" * 80) for m in filing.mentions)
