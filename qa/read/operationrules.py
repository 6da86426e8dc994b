"""The rules that read a question's operation, in the order :mod:`qa.read.operation` tries them; each
returns a :class:`Reading` when the question is its form, else None. The first rules need only the words
and periods (a whole table, a years' average, a formula); the later ones the line item the words name."""

from __future__ import annotations

import re

from ..lexicon.operations import (ALL_YEARS, BY_YEAR, CUES, MEMBER_AXIS_WORDS, RANK_MAX, RANK_MIN, RANK_OVER_MEMBER, RANK_OVER_PERIOD,
                                  RESPECTIVELY, SHARE_MOVED, SUM_WORDS, THRESHOLD, TOTAL_OF_PERIODS)
from ..plan import LineItem, Op, PeriodAsk
from .items import line_item, operand_texts, share_operands, single_item_text, strip_scaffolding
from .periods import prior_period
from .readings import Asked, Reading, chronological
from .sharewords import share_line
from .yearforms import (AVERAGE_WORD, BELOW, HOW_MANY_YEARS, LABEL_AVERAGE, SUM_OF, TABLE_YEARS, WHICH_PERIODS, WHICH_YEARS,
                        YEAR_AVERAGE, bound_out, every_year_of_range, only_an_average, period_rank_item, years_shown)

__all__ = ["N_YEAR_AVERAGE", "years_averaged", "share_asked", "BEFORE_THE_ITEM", "AFTER_THE_ITEM", "name_the_item", "lookup"]

_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
N_YEAR_AVERAGE = re.compile(r"\b(two|three|four|five|[2-5])[- ](?:fiscal[- ])?years?[- ]average\b(?:\s+of\b)?"
                            r"|\baverage\b(?:\s+\w+){0,6}?\s+over\s+(?:the\s+)?(?:past|last|prior)\s+(two|three|four|five|[2-5])\s+(?:fiscal\s+)?years\b",
                            re.I)
_OVER_YEARS = re.compile(r"\bover (?:the )?(?:past |last |prior )?(two|three|four|five|six|seven|eight|nine|ten|\d{1,2}) (?:fiscal )?years\b", re.I)
_WORDS = "zero one two three four five six seven eight nine ten".split()
# the words that compare a period with the one a year before it: no words of the line item
_VERSUS_PRIOR = re.compile(r"\b(?:year[- ]over[- ]year|yoy|y/y|year[- ]on[- ]year|(?:vs\.?|versus|compared (?:to|with)|from|over) (?:the )?"
                           r"(?:(?:same )?(?:quarter|period) (?:of )?(?:the )?)?(?:prior|previous|last|preceding) (?:fiscal )?(?:year|quarter|period))\b", re.I)
_FROM_PRIOR = re.compile(_VERSUS_PRIOR.pattern + r"|\b(?:did|has|have)\b.*\b(?:increase|decrease|grow|change|decline|rise|fall|drop)\b", re.I)
_SHARE_CUE = next(c.pattern for c in CUES if c.op is Op.SHARE)
_ABSOLUTE = re.compile(r"\b(?:absolute|nominal)\b", re.I)
_RATIO_LEAD = re.compile(r"\b(?:the\s+)?ratio of\b|\b(?:expressed |stated )?as an? (?:%|percent(?:age)?|share|fraction|proportion|portion) of\b"
                         r"|\s(?:to|over|versus|vs\.?)\s*$", re.I)


def years_averaged(text: str, asks: list[PeriodAsk]) -> tuple[int, ...]:
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


def share_asked(q: Asked) -> Op:
    """A sum, difference or comparison whose words ask for a part's share of a whole is a share: 'the percentage
    of leases of more than 5 years in the total leases' (the bound is the part's words)."""
    if q.op in (Op.COMPARE, Op.SUM, Op.DIFFERENCE) and not re.search(r"\bwhich\b", q.text, re.I) and _SHARE_CUE.search(q.text) \
            and share_operands(q.text) is not None:
        return Op.SHARE
    return q.op


def _whole_table(q: Asked) -> Reading | None:
    """Questions about every year the table prints, or about the years themselves."""
    text, core, asks = q.text, q.core, q.asks
    if not asks and TABLE_YEARS.search(core) and not q.cue:  # the years the table prints, whatever its lines
        return Reading(Op.SERIES, (LineItem("the table", ()),), ())
    if not asks and len(q.companies) < 2 and SUM_WORDS.search(text) and ALL_YEARS.search(text) and q.op in (Op.SUM, Op.LOOKUP):
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
    return None


def _years_average(q: Asked) -> Reading | None:
    """'the FY2020 - FY2022 3 year average of …': the measure for each year, then their mean."""
    if not q.averaged:
        return None
    text = q.text
    inner = strip_scaffolding(N_YEAR_AVERAGE.sub(" ", text) if N_YEAR_AVERAGE.search(text) else AVERAGE_WORD.sub(" ", text))
    items = () if q.formula is not None else (line_item(inner),)
    return Reading(Op.AVERAGE, items, tuple(PeriodAsk("fy", y, text=f"FY{y}") for y in q.averaged), q.formula, q.averaged)


def _by_formula(q: Asked) -> Reading | None:
    """A derived measure (a margin, a CAGR, a user's definition) over the periods asked."""
    text, asks, formula, op = q.text, q.asks, q.formula, q.op
    if formula is not None and formula.key == "yoy_growth":  # a growth rate is an operation over one line item
        q.op, q.formula = Op.GROWTH, None
        if len(asks) >= 2:
            return Reading(Op.GROWTH, (line_item(single_item_text(text)),), tuple(chronological(asks)[:2]))
        return None
    if formula is not None and formula.key == "cagr":
        span = _OVER_YEARS.search(q.core)
        if len(asks) == 1 and span and asks[0].year:
            n = int(span.group(1)) if span.group(1).isdigit() else _WORDS.index(span.group(1).lower())
            asks = [PeriodAsk(asks[0].relation, asks[0].year - n, text=f"{n} years before", implied=True), asks[0]]
        return Reading(Op.FORMULA, (), tuple(chronological(asks)), formula)
    if formula is not None and op is Op.RANK and RANK_OVER_PERIOD.search(text) and not formula.defined_by_user:
        return None  # 'which FY had the higher EBITDA': the years of the line printed, ranked (not one year's formula)
    if formula is not None:
        if len(asks) >= 2 and op in (Op.CHANGE, Op.GROWTH, Op.DIFFERENCE) and not formula.defined_by_user:
            # 'how did the operating margin change from 2021 to 2022': the measure for each period, then the change
            relative = op is Op.GROWTH and formula.unit == "money"
            return Reading(Op.GROWTH if relative else Op.CHANGE, (), tuple(chronological(asks)[:2]), formula,
                           points=formula.unit == "percent" and not relative)
        if len(asks) >= 2 and (RESPECTIVELY.search(text) or BY_YEAR.search(text) or not q.cue):
            return Reading(Op.SERIES, (), tuple(asks), formula)
        return Reading(Op.FORMULA, (), tuple(asks), formula)
    return None


def name_the_item(q: Asked) -> None:
    """The one line item the words name, for the rules that follow."""
    q.item_text = single_item_text(q.text) if (len(q.companies) >= 2 or len(q.asks) >= 2 or q.op in (Op.CHANGE, Op.GROWTH)) \
        else strip_scaffolding(q.text)
    q.single = (line_item(q.item_text),) if q.item_text else ()


def _ranked(q: Asked) -> Reading | None:
    """Which item, period or member is highest or lowest."""
    text, asks, single, item_text = q.text, q.asks, q.single, q.item_text
    listed = _listed_items(text)
    if listed and (q.op in (Op.RANK, Op.COMPARE) or RANK_MAX.search(text) or RANK_MIN.search(text)):
        # 'Among operations, investing, and financing activities, which brought in the most cash flow?'
        extreme = "min" if RANK_MIN.search(text) and not RANK_MAX.search(text) else "max"
        return Reading(Op.RANK, listed, tuple(asks), extreme=extreme, rank_over="item")
    if q.op is not Op.RANK:
        return None
    extreme = "min" if RANK_MIN.search(text) and not RANK_MAX.search(text) else "max"
    over = "period" if RANK_OVER_PERIOD.search(text) else "member" if RANK_OVER_MEMBER.search(q.core) else "item"
    if over == "period" and THRESHOLD.search(item_text):  # 'which years was X less than 2,000': the bound is no line word
        single = (line_item(strip_scaffolding(THRESHOLD.sub(" ", item_text))),)
    elif over == "period":  # 'Between 2018 and 2019, which year had higher X?', 'In which year were X larger?': X
        about = period_rank_item(item_text)
        single = (line_item(about),) if about else single
    if over == "member":  # 'which segment had the highest net sales': the line is what is left of the words
        single = (line_item(strip_scaffolding(MEMBER_AXIS_WORDS.sub(" ", RANK_OVER_MEMBER.sub(" ", item_text)))),)
    return Reading(Op.RANK, single, tuple(asks), extreme=extreme, rank_over=over)


def _respective(q: Asked) -> Reading | None:
    """Each of several lines, columns or years ('respectively'), and a share's move between two years."""
    text, asks, companies, op, single = q.text, q.asks, q.companies, q.op, q.single
    columns = _respective_columns(text) if RESPECTIVELY.search(text) and len(asks) <= 1 and len(companies) < 2 else None
    if columns is not None:  # 'the respective values of X that are less than one year and between 2-5 years': X in each
        return Reading(Op.SERIES, tuple(line_item(c) for c in columns), tuple(asks))
    if op is Op.AVERAGE and RESPECTIVELY.search(text) and not AVERAGE_WORD.search(LABEL_AVERAGE.sub(" ", text)):
        op = Op.LOOKUP  # 'the weighted-average rate for 2018 and 2019, respectively': a label's word, each year's figure
        if len(asks) >= 2 and len(companies) < 2:
            return Reading(Op.SERIES, single, tuple(asks))
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
        return Reading(Op.CHANGE, (moved,) if moved.words else single, tuple(chronological(asks)[:2]), points=True)
    return None


def _two_lines(q: Asked) -> Reading | None:
    """A share, ratio, difference, sum or comparison: of two lines, or of one line over periods."""
    text, asks, companies, op, single = q.text, q.asks, q.companies, q.op, q.single
    if op not in (Op.SHARE, Op.RATIO, Op.DIFFERENCE, Op.SUM, Op.COMPARE):
        return None
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
        return Reading(Op.CHANGE, single, tuple(chronological(asks)[:2]))
    if op is Op.COMPARE and len(asks) >= 2 and len(companies) < 2:
        return Reading(Op.RANK, single, tuple(asks), extreme="min" if RANK_MIN.search(text) and not RANK_MAX.search(text) else "max",
                       rank_over="period")
    return Reading(op, single, every_year_of_range(q.full or q.core, asks) if op is Op.SUM else tuple(asks))  # 'sum of X from 2020 to 2024'


def _moved(q: Asked) -> Reading | None:
    """A change or growth between two periods, or against the period before the one asked."""
    text, asks, op, single, item_text = q.text, q.asks, q.op, q.single, q.item_text
    if op is Op.GROWTH and _ABSOLUTE.search(text) and _is_rate(item_text):
        op = Op.CHANGE  # 'the absolute percentage change in the discount rate': the change in points, not relative
        single = (line_item(single_item_text(_ABSOLUTE.sub(" ", text))),)
    if op not in (Op.CHANGE, Op.GROWTH):
        return None
    if len(asks) >= 2:
        return Reading(op, single, tuple(chronological(asks)[:2]), points=op is Op.CHANGE and _is_rate(item_text))
    if len(asks) == 1 and (op is Op.GROWTH or _FROM_PRIOR.search(q.core)):
        if _VERSUS_PRIOR.search(text):  # 'net sales change in Q3 2024 versus last year': no 'last' in the line
            single = (line_item(single_item_text(_VERSUS_PRIOR.sub(" ", text))),)
        before = prior_period(asks[0])
        if before is not None:  # 'revenue growth in fiscal 2024': against the same period a year earlier
            return Reading(op, single, (before, asks[0]), points=op is Op.CHANGE and _is_rate(item_text))
    if op is Op.GROWTH and not asks:
        return Reading(op, single, ())
    return Reading(Op.LOOKUP, single, tuple(asks))  # 'change in fair value': words of the line item


_WEIGHTED = re.compile(r"\bweighted[- ]average\b", re.I)


def _average(q: Asked) -> Reading | None:
    if q.op is not Op.AVERAGE:
        return None
    if len(q.asks) >= 2:
        return Reading(Op.AVERAGE, q.single, every_year_of_range(q.full or q.core, q.asks))
    if len(q.asks) == 1 and not LABEL_AVERAGE.search(q.text):
        pair = operand_texts(AVERAGE_WORD.sub(" ", q.text), Op.SUM.value)
        if pair is not None and q.single and q.single[0].names:
            # 'the average percentage of revenue from Apple and Huawei in 2017': the mean of two named lines that year
            return Reading(Op.AVERAGE, (line_item(pair[0]), line_item(pair[1])), tuple(q.asks))
    if not q.asks and not _WEIGHTED.search(q.text):
        # 'the average X', 'the average cost of sales': over the years reported, unless a line is itself an
        # average ('average cost per unit': qa.resolve looks the line up when its label says average)
        return Reading(Op.AVERAGE, q.single, ())
    return Reading(Op.LOOKUP, q.single, tuple(q.asks))  # 'weighted average shares in 2023': a label word


def _over_periods(q: Asked) -> Reading | None:
    """One line over several periods or companies: each one's figure, or their sum."""
    text, asks, companies, single = q.text, q.asks, q.companies, q.single
    if not asks and WHICH_YEARS.search(text):  # 'In which years was X reported?': each year it is printed for
        return Reading(Op.SERIES, single, ())
    if len(asks) >= 2 and not all(a.implied for a in asks):
        if SUM_WORDS.search(text) and (re.search(r"\b(?:in total|combined|altogether|together|sum)\b", text, re.I)
                                       or TOTAL_OF_PERIODS.search(q.core)):
            return Reading(Op.SUM, single, every_year_of_range(q.full or q.core, asks))
        return Reading(Op.SERIES, single, every_year_of_range(q.full or q.core, asks))
    if len(companies) >= 2 and SUM_WORDS.search(text):
        return Reading(Op.SUM, single, tuple(asks))
    if len(companies) >= 2 and re.search(r"^\s*compare\b|\bcompared?\b", q.core, re.I):
        return Reading(Op.COMPARE, single, tuple(asks))
    return None


def lookup(q: Asked) -> Reading:
    return Reading(Op.LOOKUP, q.single, tuple(q.asks))


BEFORE_THE_ITEM = (_whole_table, _years_average, _by_formula)
AFTER_THE_ITEM = (_ranked, _respective, _two_lines, _moved, _average, _over_periods)


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
