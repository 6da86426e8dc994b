"""The bundled sample filings, parsed: exact counts, values in base units, scales, units, periods."""

import re
from datetime import date
from decimal import Decimal

import pytest

from index.parsers import Document, detect_format, parse_document
from tests.conftest import SEED_NOTE, SEED_RSU, SEED_SUBSEQUENT


def parse(path):
    [pf] = parse_document(Document(path.name, path.read_bytes()))
    return pf


def body_value_cells(path) -> int:
    """Independent count: pipe cells that look like values, before the definitions pop-ups."""
    text = path.read_text(encoding="utf-8")
    body = text.split("\n|X\n", 1)[0]
    value = re.compile(r"^\|(?:[$¥]\s)?\(?[\d,]+(?:\.\d+)?\)?%?$|^\|\d+ (?:days?|months?|years?)(?: \d+ (?:days?|months?))*$")
    return sum(1 for line in body.splitlines() if value.match(line.strip()))


def find(pf, label, raw, members=None):
    hits = [f for f in pf.facts if f.label == label and f.raw == raw and (members is None or tuple(m.member for m in f.dimensions) == members)]
    assert len(hits) == 1, f"{label} {raw}: {len(hits)} matches"
    return hits[0]


def test_formats_are_detected_by_content():
    assert detect_format(Document("x.bin", SEED_RSU.read_bytes())).name == "rtext"
    assert detect_format(Document("x.bin", SEED_NOTE.read_bytes())).name == "textblock"


@pytest.mark.parametrize("path, n", [(SEED_RSU, 45), (SEED_SUBSEQUENT, 44)])
def test_rtext_fact_counts_match_an_independent_count(path, n):
    pf = parse(path)
    assert len(pf.facts) == n == body_value_cells(path)
    assert len({f.fact_id for f in pf.facts}) == n


def test_rtext_values_scale_and_units():
    pf = parse(SEED_RSU)
    assert pf.title == "SHARE-BASED COMPENSATION (Details Narrative)"
    f = find(pf, "Allocated share based compensation expense", "¥ 20,782", ("Share-Based Payment Arrangement, Option",))
    assert f.value == Decimal("20782000") and f.unit == "CNY" and f.scale == 3
    f = find(pf, "Stock option, fair value of underlying stock", "$ 0.71")
    assert f.value == Decimal("0.71") and f.unit == "USD/shares" and f.scale == 0
    assert f.period is not None and f.period.end == date(2023, 12, 31)
    # a '$'-printed amount in a '| ¥' row is yuan: the row's unit wins over the column's symbol
    f = find(pf, "Unrecognized compensation expense", "$ 616")
    assert f.unit == "CNY" and f.value == Decimal("616000")
    f = find(pf, "Weighted average period recognized", "1 year 2 months 1 day", ("Restricted Stock Units (RSUs)",))
    assert f.unit == "duration" and f.text_value == "P1Y2M1D" and f.value is None
    f = find(pf, "Restricted stock units, vested", "1,587,950")
    assert f.value == Decimal("1587950") and f.unit == "shares"


def test_rtext_members():
    pf = parse(SEED_RSU)
    f = find(pf, "Restricted stock units grants in period", "13,890,000")
    assert [m.member for m in f.dimensions] == ["Directors And Employees", "Restricted Stock Units (RSUs)"]
    f = find(pf, "Options grants in period", "720,000")
    assert [m.member for m in f.dimensions] == ["Independent Directors"]


def test_rtext_ambiguous_columns_are_kept_not_guessed():
    pf = parse(SEED_RSU)
    f = find(pf, "Restricted stock units, vested", "1,587,950")
    assert f.period is None and len(f.candidate_periods) > 1
    assert date(2023, 12, 31) in {p.end for p in f.candidate_periods}
    assert "ambiguous" in f.period_basis


def test_rtext_layout_pins_what_units_and_order_allow():
    pf = parse(SEED_RSU)
    # ¥ amounts sit only in ¥-printing columns: 2023, 2022, 2021 in order
    ends = [find(pf, "Allocated share based compensation expense", raw, ("Share-Based Payment Arrangement, Option",)).period.end
            for raw in ("¥ 5,628", "¥ 1,828", "¥ 20,782")]
    assert ends == [date(2023, 12, 31), date(2022, 12, 31), date(2021, 12, 31)]


def test_subsequent_events_units_and_percent():
    pf = parse(SEED_SUBSEQUENT)
    assert pf.title == "SUBSEQUENT EVENTS (Details)"
    f = find(pf, "Conversion price per share", "$ 0.33")
    assert f.unit == "USD/shares" and f.value == Decimal("0.33")
    assert [m.member for m in f.dimensions] == ["Ascent Convertible Debentures", "Maximum"]
    pct = [f for f in pf.facts if f.raw == "90.00%"]
    assert len(pct) == 4 and all(f.value == Decimal("0.9") and f.unit == "pure" for f in pct)
    f = find(pf, "Principal balance of debt converted", "¥ 17,891")
    assert f.unit == "CNY" and f.value == Decimal("17891000")
    f = find(pf, "Minimum market value", "$ 50,000")
    assert f.unit == "USD" and f.value == Decimal("50000000")


def test_textblock_note():
    pf = parse(SEED_NOTE)
    assert pf.format == "textblock" and pf.title == "SHARE-BASED COMPENSATION" and pf.fiscal_year == 2022
    assert len(pf.facts) == 37
    vested = [f for f in pf.facts if f.label == "Vested"]
    assert {(f.value, f.period.iso()) for f in vested} == {
        (Decimal("12908750"), "2021-01-01..2021-12-31"), (Decimal("10326250"), "2022-01-01..2022-12-31")}
    out = [f for f in pf.facts if f.label == "Outstanding as of December 31, 2022"]
    assert {f.column_label: (f.value, f.unit) for f in out} == {
        "Number of shares": (Decimal("61091820"), "shares"),
        "Weighted-average exercise price": (Decimal("0.22"), "USD/shares"),
        "Weighted average remaining contractual term": (Decimal("0.89"), "years"),
    }
    intrinsic = [f for f in pf.facts if f.column_label == "Aggregate intrinsic value"]
    assert [(f.value, f.unit, f.scale) for f in intrinsic] == [(Decimal("2826000"), "USD", 3)]
    assert any("vest over a period of four years" in c.display for c in pf.chunks if c.kind == "text")


def test_textblock_mentions_tie_numbers_to_dates():
    pf = parse(SEED_NOTE)
    by_text = {(m.number_text, tuple(p.iso() for p in m.dates)) for m in pf.mentions}
    assert ("RMB 616", ("2022-12-31",)) in by_text
    assert ("10,326,250", ("2022-12-31",)) in by_text
    assert ("356,210", ("2020-01-01",)) in by_text
    assert ("26,818,000", ("2021-02-01",)) in by_text


def test_chunks_fit_the_model_window(embedder):
    for path in (SEED_RSU, SEED_SUBSEQUENT, SEED_NOTE):
        for c in parse(path).chunks:
            assert embedder.tokens(c.text) <= 256, (path.name, c.text[:80])
