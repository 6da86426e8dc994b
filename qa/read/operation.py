"""What the question does with its facts: the operation, its operands and the periods it needs.

Read once from the text left after companies and periods were taken out (``rest``), with the cues of
:mod:`qa.lexicon.operations`, the formulas of :mod:`qa.lexicon.formulas` and the question's own
definitions (:mod:`qa.read.definitions`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon.formulas import FORMULAS, find_formula, refs
from ..lexicon.words import QUESTION_WORDS, canonical_tokens
from ..lexicon.metrics import BY_KEY as METRIC_BY_KEY, METRICS
from ..lexicon.operations import (ALL_YEARS, BY_YEAR, CUES, MEMBER_AXIS_WORDS, RANK_MAX, RANK_MIN, RANK_OVER_MEMBER, RANK_OVER_PERIOD,
                                  RESPECTIVELY, SHARE_MOVED, SUM_WORDS, THRESHOLD, TOTAL_OF_PERIODS)
from ..plan import Company, FormulaAsk, LineItem, Op, PeriodAsk
from .definitions import Unreadable, defined_formula, spelled_formula
from .instructions import Hints
from .items import OPERATION_WORDS, line_item, operand_texts, share_operands, single_item_text, strip_scaffolding
from .periods import prior_period
from .sharewords import share_line
from .yearforms import (AVERAGE_WORD, BELOW, HOW_MANY_YEARS, LABEL_AVERAGE, SUM_OF, TABLE_YEARS, WHICH_PERIODS, WHICH_YEARS,
                        YEAR_AVERAGE, bound_out, every_year_of_range, only_an_average, period_rank_item, years_shown)

__all__ = ["Reading", "read_operation", "distinct_periods", "N_YEAR_AVERAGE"]

_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
N_YEAR_AVERAGE = re.compile(r"\b(two|three|four|five|[2-5])[- ](?:fiscal[- ])?years?[- ]average\b(?:\s+of\b)?"
                            r"|\baverage\b(?:\s+\w+){0,6}?\s+over\s+(?:the\s+)?(?:past|last|prior)\s+(two|three|four|five|[2-5])\s+(?:fiscal\s+)?years\b",
                            re.I)
_OVER_YEARS = re.compile(r"\bover (?:the )?(?:past |last |prior )?(two|three|four|five|six|seven|eight|nine|ten|\d{1,2}) (?:fiscal )?years\b", re.I)
_WORDS = "zero one two three four five six seven eight nine ten".split()
_FROM_PRIOR = re.compile(r"\b(?:year[- ]over[- ]year|yoy|y/y|year[- ]on[- ]year|(?:vs\.?|versus|compared (?:to|with)|from|over) (?:the )?"
                         r"(?:prior|previous|last|preceding) (?:fiscal )?(?:year|quarter|period))\b|"
                         r"\b(?:did|has|have)\b.*\b(?:increase|decrease|grow|change|decline|rise|fall|drop)\b", re.I)


@dataclass(frozen=True)
class Reading:
    op: Op
    items: tuple[LineItem, ...] = ()
    periods: tuple[PeriodAsk, ...] = ()
    formula: FormulaAsk | None = None
    years_averaged: tuple[int, ...] = ()
    extreme: str = ""
    rank_over: str = ""
    points: bool = False


def distinct_periods(periods: tuple[PeriodAsk, ...] | list[PeriodAsk]) -> list[PeriodAsk]:
    seen, out = set(), []
    for a in periods:
        if a.key not in seen and a.relation not in ("after",):
            seen.add(a.key)
            out.append(a)
    return out


def _chronological(periods: list[PeriodAsk]) -> list[PeriodAsk]:
    from datetime import date

    return sorted(periods, key=lambda a: (a.year or 0, a.day or date(1900, 1, 1), a.quarter or 0, a.months or 0))


def _years_averaged(text: str, asks: list[PeriodAsk]) -> tuple[int, ...]:
    m = N_YEAR_AVERAGE.search(text)
    if not m:
        one = [a for a in asks if a.year is not None and a.relation in ("fy", "in", "end", "calendar") and not (a.quarter or a.months)]
        if len(asks) == 1 and one and YEAR_AVERAGE.search(text) and only_an_average(text):
            return (one[0].year - 1, one[0].year)  # 'the 2019 average X': the mean of the year's figure and the year before's
        return ()
    n = _NUMBERS[(m.group(1) or m.group(2)).lower()]
    years = sorted({a.year for a in asks if a.year is not None and a.relation in ("fy", "in", "end", "calendar")})
    if len(years) >= 2:
        span = list(range(years[0], years[-1] + 1))
        return tuple(span) if len(span) == n else ()
    if len(years) == 1:
        return tuple(range(years[0] - n + 1, years[0] + 1))
    return ()


def _formula(rest: str, core: str, hints: Hints, full: str = "") -> FormulaAsk | None:
    """The derived measure asked: the question's own definition first, then one spelled inline, then the lexicon's."""
    wanted = rest + (" (%)" if hints.percent else "")
    items: dict[str, str] = {}
    if hints.definitions:
        found = defined_formula(f"{core} {full}", hints.definitions, items)
        if isinstance(found, Unreadable):
            return FormulaAsk("defined", found.name or "the measure asked", (), "ratio", defined_by_user=True,
                              unreadable=found.operand)
        if found is not None:
            f, _ = found
            expressions, unit, name = f.expressions, f.unit, f.name
            if unit == "money" and _MARGIN.search(wanted):  # 'EBITDA % margin' with EBITDA defined: the defined amount over revenue
                expressions, unit, name = tuple(f"( {e} ) / revenue" for e in expressions), "percent", f"{f.name} margin"
            return FormulaAsk("defined", name, expressions, unit, defined_by_user=True, operands=_operands(items),
                              qualifier=_qualifier(rest, f.pattern, plain_words=False))
    items.clear()
    spelled = spelled_formula(core, items)
    if spelled is not None:
        f, _ = spelled
        return FormulaAsk("defined", f.name, f.expressions, f.unit, defined_by_user=True, operands=_operands(items))
    found = find_formula(wanted)
    if found is None:
        return None
    f, hit = found
    uses_x = any(key == "x" for e in f.expressions for _, _, _, key in refs(e))
    if not uses_x and _names_another_line(rest, f.pattern):
        return None
    x = _x_item(rest, f.pattern) if uses_x else None
    if x is not None and f.x_part_of and not x.metric and x.names and set(x.words) <= set(x.names):
        # a member named alone ('came from AWS') is that member's part of the line the formula divides by
        x = line_item(f"{x.text} {METRIC_BY_KEY[f.x_part_of].phrase}")
    return FormulaAsk(f.key, f.name, f.expressions, f.unit, x=x, qualifier=None if uses_x else _qualifier(rest, f.pattern))


_SHARE_CUE = next(c.pattern for c in CUES if c.op is Op.SHARE)
_ABSOLUTE = re.compile(r"\b(?:absolute|nominal)\b", re.I)
_RATIO_LEAD = re.compile(r"\b(?:the\s+)?ratio of\b|\b(?:expressed |stated )?as an? (?:%|percent(?:age)?|share|fraction|proportion|portion) of\b"
                         r"|\s(?:to|over|versus|vs\.?)\s*$", re.I)
_MARGIN = re.compile(r"\bmargin\b|%|\bas an? (?:percent(?:age)?|share) of (?:total |net )?(?:revenues?|sales)\b", re.I)


def _operands(items: dict[str, str]) -> tuple[tuple[str, LineItem], ...]:
    return tuple((key, line_item(text)) for text, key in items.items())


_FORMULA_ABBREVIATIONS = frozenset(("ebitda", "ebit", "fcf", "roa", "roe", "cogs", "sga", "dso", "dpo", "dio"))
# words beside a formula's name that do not narrow it
_STATEMENT_WORDS = re.compile(r"\b(?:(?:from|in|on|per|of)\s+)?(?:the\s+)?(?:cash[- ]flows?|income|balance[- ]sheet|operations|"
                             r"financial position|earnings)\s+statements?\b|\bstatements? of [\w ]+", re.I)
_LEXICON_PATTERNS = tuple(m.pattern for m in METRICS) + tuple(f.pattern for f in FORMULAS)
_NOT_A_QUALIFIER = frozenset(canonical_tokens(
    "percentage percent ratio rate margin overall total consolidated company companies whole business entire "
    "reported basis figure metric measure level value calculated computed based using annual annualized "
    "trailing ttm gaap statement statements information provided primarily judgments defined"))


def _unnamed_by_lexicon(text: str) -> str:
    """The text without the words a statement, a metric or a formula of the lexicon names."""
    for pattern in (_STATEMENT_WORDS,) + _LEXICON_PATTERNS:
        text = pattern.sub(" ", text)
    return text


def _plain_qualifier(text: str, item: LineItem) -> tuple[str, ...]:
    """One or two plain words beside a formula's name that no metric or formula names ('products' in 'gross
    margin for products'); more than that is the question's prose, not a qualifier."""
    left = set(canonical_tokens(_unnamed_by_lexicon(text)))
    plain = tuple(w for w in item.words if w in left and w not in item.names and w not in _NOT_A_QUALIFIER
                  and w not in QUESTION_WORDS and not w.isdigit())
    return plain if len(plain) <= 2 else ()


def _names_another_line(rest: str, pattern: re.Pattern) -> bool:
    """Three or more plain words beside a formula's name that no metric or formula names ('effective income
    tax rate reconciliation other adjustments'): the words name a reported line of their own, not the formula."""
    text = _unnamed_by_lexicon(strip_scaffolding(pattern.sub(" ", rest)))
    words = [w for w in canonical_tokens(text) if w not in _NOT_A_QUALIFIER and w not in QUESTION_WORDS and not w.isdigit()
             and w not in OPERATION_WORDS]
    return len(words) >= 3


def _qualifier(rest: str, pattern: re.Pattern, plain_words: bool = True) -> LineItem | None:
    """Names beside a formula's name that narrow all its inputs ('AWS' in "AWS segment's operating margin",
    'Greater China'): only names, never the formula's own words or its operands spelled out."""
    text = strip_scaffolding(pattern.sub(" ", rest))
    item = line_item(" ".join(text.split())) if text.strip() else None
    if item is None:
        return None
    names = tuple(w for w in item.names if w not in _FORMULA_ABBREVIATIONS)
    # a plain word left beside the formula's name narrows it as a name does ('gross margin for products'):
    # dropping it would answer for the whole company
    plain = _plain_qualifier(text, item) if plain_words else ()  # a user's definition names its own operands
    words = tuple(dict.fromkeys(names + plain))
    if not words:
        return None
    shown = " ".join(w for w in text.split() if any(c.isupper() for c in w) or set(canonical_tokens(w)) & set(plain))
    return LineItem(shown or text, words, names=names)


_CAME_FROM = re.compile(r"\b(?:came|come|comes|coming|was|were|is|are|derived|generated|contributed|attributable|attributed)\s+"
                        r"(?:from|by|to)\b", re.I)


def _x_item(rest: str, pattern: re.Pattern) -> LineItem | None:
    """The line item around a formula's own words ('revenue' in 'revenue CAGR', 'SG&A' in 'SG&A as a % of revenue')."""
    text = strip_scaffolding(pattern.sub(" ", rest))
    text = re.sub(r"\b(?:rate|percent(?:age)?|annual|compound|growth|%)\b|\b\d+[- ]years?\b|"
                  r"\b(?:over|in|during|for) the (?:past|last|previous|prior)\b", " ", text, flags=re.I)
    text = _CAME_FROM.sub(" ", text)  # 'what share of net sales came from AWS': AWS
    text = strip_scaffolding(" ".join(text.split()))
    return line_item(text) if text else None


# the words that ask for adding up, never a line's: 'altogether', 'in total', 'for the years', 'across all 3 years'
_ADDING_WORDS = re.compile(r"\b(?:altogether|in total|combined|together|in aggregate|added up)\b|\b(?:for|in|over|during) (?:the |both |all )?"
                           r"(?:(?:two|three|four|five|\d) )?(?:fiscal )?years?(?: ended)?\b|\bacross (?:all |the |both )?(?:(?:two|three|four|five|\d) )?"
                           r"(?:fiscal )?(?:years?|periods?)\b|\bfor both\b", re.I)


def read_operation(rest: str, core: str, periods: list[PeriodAsk], companies: list[Company], hints: Hints,
                   full: str = "", formulas: bool = True) -> Reading:
    reading = _read_operation(rest, core, periods, companies, hints, full, formulas)
    if reading.op is Op.SUM and len(reading.items) == 1 and reading.items[0].words:
        text = strip_scaffolding(_ADDING_WORDS.sub(" ", reading.items[0].text))
        if text and text != reading.items[0].text:  # 'the total gross profit altogether for years ended …': gross profit's
            return Reading(Op.SUM, (line_item(text),), reading.periods, reading.formula, reading.years_averaged)
    return reading


def _read_operation(rest: str, core: str, periods: list[PeriodAsk], companies: list[Company], hints: Hints,
                    full: str = "", formulas: bool = True) -> Reading:
    asks = distinct_periods(periods)
    text = " ".join(rest.split())
    averaged = _years_averaged(core, asks)
    formula = _formula(N_YEAR_AVERAGE.sub(" ", text) if averaged else text, core, hints, full) if formulas else None
    cue = next((c for c in CUES if c.pattern.search(text)), None)
    op = cue.op if cue else Op.LOOKUP
    if op in (Op.COMPARE, Op.SUM, Op.DIFFERENCE) and not re.search(r"\bwhich\b", text, re.I) and _SHARE_CUE.search(text) \
            and share_operands(text) is not None:
        op = Op.SHARE  # 'the percentage of leases of more than 5 years in the total leases': the bound is the part's words
    if not asks and TABLE_YEARS.search(core) and not cue:  # the years the table prints, whatever its lines
        return Reading(Op.SERIES, (LineItem("the table", ()),), ())
    if not asks and len(companies) < 2 and SUM_WORDS.search(text) and ALL_YEARS.search(text) and op in (Op.SUM, Op.LOOKUP):
        about = strip_scaffolding(ALL_YEARS.sub(" ", text))  # 'the total X across all 3 years': X of every year printed, added up
        return Reading(Op.SUM, (line_item(about),) if about else (), ())
    shown = years_shown(text) if not asks else None
    if shown is not None:  # 'For which years is X provided?', 'What are the years that X is made available?'
        return Reading(Op.SERIES, (line_item(shown) if shown else LineItem("the table", ()),), ())
    if HOW_MANY_YEARS.search(text) and THRESHOLD.search(text):  # 'How many years did X exceed $30,000 thousand?'
        about = bound_out(HOW_MANY_YEARS.sub(" ", text))
        return Reading(Op.RANK, (line_item(about),) if about else (), tuple(asks) if len(asks) >= 2 else (), extreme="count",
                       rank_over="period")
    if WHICH_PERIODS.search(text) and THRESHOLD.search(text):  # 'Which years did X exceed $5 million?': each year past the bound
        about = bound_out(WHICH_PERIODS.sub(" ", text))
        if about:
            return Reading(Op.RANK, (line_item(about),), tuple(asks) if len(asks) >= 2 else (),
                           extreme="min" if THRESHOLD.search(text).group(1).lower() in BELOW else "max", rank_over="period")

    if averaged:  # 'the FY2020 - FY2022 3 year average of …': the measure for each year, then their mean
        inner = strip_scaffolding(N_YEAR_AVERAGE.sub(" ", text) if N_YEAR_AVERAGE.search(text) else AVERAGE_WORD.sub(" ", text))
        items = () if formula is not None else (line_item(inner),)
        return Reading(Op.AVERAGE, items, tuple(PeriodAsk("fy", y, text=f"FY{y}") for y in averaged), formula, averaged)

    if formula is not None and formula.key == "yoy_growth":  # a growth rate is an operation over one line item
        op, formula = Op.GROWTH, None
        if len(asks) >= 2:
            return Reading(Op.GROWTH, (line_item(single_item_text(text)),), tuple(_chronological(asks)[:2]))
    if formula is not None and formula.key == "cagr":
        span = _OVER_YEARS.search(core)
        if len(asks) == 1 and span and asks[0].year:
            n = int(span.group(1)) if span.group(1).isdigit() else _WORDS.index(span.group(1).lower())
            asks = [PeriodAsk(asks[0].relation, asks[0].year - n, text=f"{n} years before", implied=True), asks[0]]
        return Reading(Op.FORMULA, (), tuple(_chronological(asks)), formula)
    if formula is not None:
        if len(asks) >= 2 and op in (Op.CHANGE, Op.GROWTH, Op.DIFFERENCE) and not formula.defined_by_user:
            # 'how did the operating margin change from 2021 to 2022': the measure for each period, then the change
            relative = op is Op.GROWTH and formula.unit == "money"
            return Reading(Op.GROWTH if relative else Op.CHANGE, (), tuple(_chronological(asks)[:2]), formula,
                           points=formula.unit == "percent" and not relative)
        if len(asks) >= 2 and (RESPECTIVELY.search(text) or BY_YEAR.search(text) or not cue):
            return Reading(Op.SERIES, (), tuple(asks), formula)
        return Reading(Op.FORMULA, (), tuple(asks), formula)

    item_text = single_item_text(text) if (len(companies) >= 2 or len(asks) >= 2 or op in (Op.CHANGE, Op.GROWTH)) \
        else strip_scaffolding(text)
    single = (line_item(item_text),) if item_text else ()

    listed = _listed_items(text)
    if listed and (op in (Op.RANK, Op.COMPARE) or RANK_MAX.search(text) or RANK_MIN.search(text)):
        # 'Among operations, investing, and financing activities, which brought in the most cash flow?'
        extreme = "min" if RANK_MIN.search(text) and not RANK_MAX.search(text) else "max"
        return Reading(Op.RANK, listed, tuple(asks), extreme=extreme, rank_over="item")
    if op is Op.RANK:
        extreme = "min" if RANK_MIN.search(text) and not RANK_MAX.search(text) else "max"
        over = "period" if RANK_OVER_PERIOD.search(text) else "member" if RANK_OVER_MEMBER.search(core) else "item"
        if over == "period" and THRESHOLD.search(item_text):  # 'which years was X less than 2,000': the bound is no line word
            single = (line_item(strip_scaffolding(THRESHOLD.sub(" ", item_text))),)
        elif over == "period":  # 'Between 2018 and 2019, which year had higher X?', 'In which year were X larger?': X
            about = period_rank_item(item_text)
            single = (line_item(about),) if about else single
        if over == "member":  # 'which segment had the highest net sales': the line is what is left of the words
            single = (line_item(strip_scaffolding(MEMBER_AXIS_WORDS.sub(" ", RANK_OVER_MEMBER.sub(" ", item_text)))),)
        return Reading(Op.RANK, single, tuple(asks), extreme=extreme, rank_over=over)

    columns = _respective_columns(text) if RESPECTIVELY.search(text) and len(asks) <= 1 and len(companies) < 2 else None
    if columns is not None:  # 'the respective values of X that are less than one year and between 2-5 years': X in each
        return Reading(Op.SERIES, tuple(line_item(c) for c in columns), tuple(asks))
    if RESPECTIVELY.search(text) and len(asks) <= 1 and len(companies) < 2 and op in (Op.LOOKUP, Op.SUM):
        # 'the respective sales and purchases for 2017', 'net sales of A and B respectively': each line's figure
        pair = operand_texts(text, "sum", names_only=True)
        if pair is not None and "," not in pair[0]:  # (a list of three is not read as two lines)
            return Reading(Op.SERIES, (line_item(pair[0]), line_item(pair[1])), tuple(asks))
    if op is Op.SUM and len(asks) >= 2 and len(companies) < 2 and RESPECTIVELY.search(text):
        return Reading(Op.SERIES, single, tuple(asks))  # 'the total revenue in 2019 and 2018 respectively': each year's
    if op in (Op.SHARE, Op.RATIO, Op.GROWTH, Op.CHANGE) and len(asks) >= 2 and len(companies) < 2 and SHARE_MOVED.search(text):
        # 'the change in the percentage of sales represented by gross profit between 2018 and 2019': the share each year
        # is printed as, the later minus the earlier, in points - not one year's line over the other's
        shared = "What was the " + text[SHARE_MOVED.search(text).start("share"):]
        moved = line_item(share_line(shared) or single_item_text(shared))  # 'of sales represented by X': the line X
        return Reading(Op.CHANGE, (moved,) if moved.words else single, tuple(_chronological(asks)[:2]), points=True)
    if op in (Op.SHARE, Op.RATIO, Op.DIFFERENCE, Op.SUM, Op.COMPARE):
        pair = operand_texts(text, op.value)
        if op in (Op.SHARE, Op.RATIO) and len(asks) == 2 and len(companies) < 2 and (
                pair is None or set(line_item(pair[0]).words) == set(line_item(pair[1]).words)):
            # 'the ratio of X in 2019 to 2018', '2019 X as a percentage of 2018 X': one line, the first period over the second
            one = line_item(pair[0]) if pair is not None else line_item(single_item_text(_RATIO_LEAD.sub(" ", text)))
            if one.words:
                return Reading(op, (one,), tuple(asks))
        if pair is not None and len(companies) < 2 and len(asks) < 2:
            return Reading(op, (line_item(pair[0]), line_item(pair[1])), tuple(asks))
        if pair is not None and op in (Op.SHARE, Op.RATIO):
            return Reading(op, (line_item(pair[0]), line_item(pair[1])), tuple(asks))
        if op in (Op.SHARE, Op.RATIO):
            return Reading(Op.LOOKUP, single, tuple(asks))  # 'the ratio of the stock split': a line item named so
        if op is Op.SUM and len(companies) < 2 and len(asks) < 2 and not SUM_OF.search(text):
            return Reading(Op.LOOKUP, single, tuple(asks))  # 'total revenue': a label word, not a sum
        if op is Op.DIFFERENCE and len(asks) >= 2 and len(companies) < 2:
            if _ORDERED.search(text):  # 'how many more … in 2021 than in 2022': the first named minus the second
                return Reading(Op.DIFFERENCE, single, tuple(asks[:2]))
            return Reading(Op.CHANGE, single, tuple(_chronological(asks)[:2]))
        if op is Op.COMPARE and len(asks) >= 2 and len(companies) < 2:
            return Reading(Op.RANK, single, tuple(asks), extreme="min" if RANK_MIN.search(text) and not RANK_MAX.search(text) else "max",
                           rank_over="period")
        return Reading(op, single, every_year_of_range(full or core, asks) if op is Op.SUM else tuple(asks))  # 'sum of X from 2020 to 2024'

    if op is Op.GROWTH and _ABSOLUTE.search(text) and _is_rate(item_text):
        op = Op.CHANGE  # 'the absolute percentage change in the discount rate': the change in points, not relative
        single = (line_item(single_item_text(_ABSOLUTE.sub(" ", text))),)
    if op in (Op.CHANGE, Op.GROWTH):
        if len(asks) >= 2:
            return Reading(op, single, tuple(_chronological(asks)[:2]), points=op is Op.CHANGE and _is_rate(item_text))
        if len(asks) == 1 and (op is Op.GROWTH or _FROM_PRIOR.search(core)):
            before = prior_period(asks[0])
            if before is not None:  # 'revenue growth in fiscal 2024': against the same period a year earlier
                return Reading(op, single, (before, asks[0]), points=op is Op.CHANGE and _is_rate(item_text))
        if op is Op.GROWTH and not asks:
            return Reading(op, single, ())
        return Reading(Op.LOOKUP, single, tuple(asks))  # 'change in fair value': words of the line item

    if op is Op.AVERAGE:
        if len(asks) >= 2:
            return Reading(Op.AVERAGE, single, every_year_of_range(full or core, asks))
        if not asks and not LABEL_AVERAGE.search(text):
            # 'the average X': over the years reported, unless a line is itself an average (qa.resolve)
            return Reading(Op.AVERAGE, single, ())
        return Reading(Op.LOOKUP, single, tuple(asks))  # 'weighted average shares in 2023': a label word

    if not asks and WHICH_YEARS.search(text):  # 'In which years was X reported?': each year it is printed for
        return Reading(Op.SERIES, single, ())
    if len(asks) >= 2 and not all(a.implied for a in asks):
        if SUM_WORDS.search(text) and (re.search(r"\b(?:in total|combined|altogether|together|sum)\b", text, re.I)
                                       or TOTAL_OF_PERIODS.search(core)):
            return Reading(Op.SUM, single, every_year_of_range(full or core, asks))
        return Reading(Op.SERIES, single, every_year_of_range(full or core, asks))
    if len(companies) >= 2 and SUM_WORDS.search(text):
        return Reading(Op.SUM, single, tuple(asks))
    if len(companies) >= 2 and re.search(r"^\s*compare\b|\bcompared?\b", core, re.I):
        return Reading(Op.COMPARE, single, tuple(asks))
    return Reading(Op.LOOKUP, single, tuple(asks))


_COLUMNS_OF = re.compile(r"^(?P<line>.+?)\s+(?:that|which)\s+(?:are|were|is|was)\s+(?:due\s+)?(?P<a>.+?)\s+and\s+(?P<b>.+)$", re.I)


def _respective_columns(text: str) -> tuple[str, str] | None:
    """'values of X that are less than one year and between 2-5 years': X with each column's words."""
    t = re.sub(r"^(?:(?:the\s+)?(?:respective\s+)?(?:values?|amounts?|figures?)\s+of\s+)", "",
               strip_scaffolding(RESPECTIVELY.sub(" ", text)), flags=re.I)
    m = _COLUMNS_OF.search(t)
    if m is None or " and " in m.group("line") or not line_item(m.group("line")).words:
        return None
    return f"{m.group('line')} {m.group('a')}", f"{m.group('line')} {m.group('b')}"


_AMONG = re.compile(r"\bamong\s+(?:the\s+)?(.+?),?\s+(?:which|what)\b(.*)$", re.I)


def _listed_items(text: str) -> tuple[LineItem, ...]:
    """'Among operations, investing, and financing activities, which brought in the most … cash flow':
    each listed thing, with the noun the list shares ('activities') and the measure asked ('cash flow')."""
    m = _AMONG.search(text)
    if not m:
        return ()
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", m.group(1)) if p.strip()]
    if len(parts) < 2:
        return ()
    shared = parts[-1].split()[1:] if len(parts[-1].split()) > 1 else []  # 'financing activities' -> 'activities'
    heads = [p if len(p.split()) > 1 and p is not parts[-1] else p.split()[0] for p in parts]
    measure = re.sub(r"\b(?:brought in|generated|had|has|was|were|is|the|most|least|highest|lowest|largest|smallest|or|lost|"
                     r"in|\(|\))\b", " ", m.group(2), flags=re.I)
    measure = strip_scaffolding(" ".join(re.sub(r"[()?]", " ", measure).split()))
    return tuple(line_item(f"{measure} from {h} {' '.join(shared)}".strip()) for h in heads)


_ORDERED = re.compile(r"\b(?:more|less|fewer|higher|lower|greater|larger|smaller)\b.*\bthan\b|\bexceed", re.I)


def _is_rate(text: str) -> bool:
    """A line that is itself a rate ('discount rate', 'expected rate of return', 'margin')."""
    return bool(re.search(r"\brates?\b|\bmargins?\b|\bratio\b|\byield\b|\bvolatility\b|\bpercent(?:age)?\b|%", text, re.I))
