"""The generated harness's own words for metrics, derived metrics, companies and wrappers.

Written for the judge, on purpose NOT imported from ``qa`` (``qa/metrics.py``, ``qa/vocabulary.py``):
a harness that shares the system's synonym list cannot catch the system's blind spots.

A metric group is a set of XBRL concept local names that answer the same analyst word
("capex" = PaymentsToAcquirePropertyPlantAndEquipment | PaymentsToAcquireProductiveAssets). A
question is generated from a group only when every concept of the group that the company reports
for that period gives the same value, so the gold never depends on which of them is "right".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

__all__ = ["MetricGroup", "GROUPS", "GROUP_BY_NAME", "Derived", "DERIVED", "ABSENT_COMPANIES", "ABSENT_METRICS",
           "GENERIC_WORDS", "SINGLE_WORD_LABELS", "CASH_FLOW_GROUPS"]


@dataclass(frozen=True)
class MetricGroup:
    name: str
    concepts: tuple[str, ...]  # local names, compared case-insensitively
    words: tuple[str, ...]  # analyst words for it (the first is the plainest)
    statement: str = ""  # 'income' | 'balance' | 'cash flow' | 'cover'


GROUPS: tuple[MetricGroup, ...] = (
    MetricGroup("revenue", ("Revenues", "RevenueFromContractWithCustomerExcludingAssessedTax", "SalesRevenueNet",
                            "RevenueFromContractWithCustomerIncludingAssessedTax", "SalesRevenueGoodsNet"),
                ("revenue", "total revenue", "net sales", "sales", "top line", "turnover"), "income"),
    MetricGroup("cogs", ("CostOfRevenue", "CostOfGoodsAndServicesSold", "CostOfGoodsSold"),
                ("cost of sales", "COGS", "cost of goods sold", "cost of revenue"), "income"),
    MetricGroup("gross_profit", ("GrossProfit",), ("gross profit",), "income"),
    MetricGroup("sga", ("SellingGeneralAndAdministrativeExpense",),
                ("SG&A", "selling, general and administrative expenses", "SG&A expense"), "income"),
    MetricGroup("rnd", ("ResearchAndDevelopmentExpense", "ResearchAndDevelopmentExpenseExcludingAcquiredInProcessCost"),
                ("R&D expense", "research and development expense", "R&D spending"), "income"),
    MetricGroup("opex", ("OperatingExpenses",), ("total operating expenses", "opex", "operating expenses"), "income"),
    MetricGroup("operating_income", ("OperatingIncomeLoss",),
                ("operating income", "operating profit", "income from operations"), "income"),
    MetricGroup("pretax_income", ("IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest",
                                  "IncomeLossFromContinuingOperationsBeforeIncomeTaxesMinorityInterestAndIncomeLossFromEquityMethodInvestments"),
                ("pretax income", "income before income taxes", "pre-tax income"), "income"),
    MetricGroup("income_tax", ("IncomeTaxExpenseBenefit",),
                ("income tax expense", "provision for income taxes", "tax expense"), "income"),
    MetricGroup("net_income", ("NetIncomeLoss",), ("net income", "net profit", "bottom line", "net earnings"), "income"),
    MetricGroup("eps_basic", ("EarningsPerShareBasic",), ("basic EPS", "basic earnings per share"), "income"),
    MetricGroup("eps_diluted", ("EarningsPerShareDiluted",), ("diluted EPS", "diluted earnings per share"), "income"),
    MetricGroup("diluted_shares", ("WeightedAverageNumberOfDilutedSharesOutstanding",),
                ("diluted weighted-average shares", "diluted share count"), "income"),
    MetricGroup("interest_expense", ("InterestExpense",), ("interest expense",), "income"),
    MetricGroup("cfo", ("NetCashProvidedByUsedInOperatingActivities", "NetCashProvidedByUsedInOperatingActivitiesContinuingOperations"),
                ("operating cash flow", "cash from operations", "cash flow from operating activities", "CFO"), "cash flow"),
    MetricGroup("capex", ("PaymentsToAcquirePropertyPlantAndEquipment", "PaymentsToAcquireProductiveAssets"),
                ("capex", "capital expenditures", "capital spending", "purchases of property and equipment"), "cash flow"),
    MetricGroup("dna", ("DepreciationDepletionAndAmortization", "DepreciationAndAmortization",
                        "DepreciationAmortizationAndAccretionNet"),
                ("D&A", "depreciation and amortization"), "cash flow"),
    MetricGroup("buybacks", ("PaymentsForRepurchaseOfCommonStock",),
                ("share buybacks", "stock repurchases", "repurchases of common stock", "buybacks"), "cash flow"),
    MetricGroup("dividends_paid", ("PaymentsOfDividends", "PaymentsOfDividendsCommonStock"),
                ("dividends paid", "cash dividends paid"), "cash flow"),
    MetricGroup("sbc", ("ShareBasedCompensation",), ("stock-based compensation", "SBC", "share-based compensation"), "cash flow"),
    MetricGroup("assets", ("Assets",), ("total assets",), "balance"),
    MetricGroup("current_assets", ("AssetsCurrent",), ("total current assets", "current assets"), "balance"),
    MetricGroup("liabilities", ("Liabilities",), ("total liabilities",), "balance"),
    MetricGroup("current_liabilities", ("LiabilitiesCurrent",), ("total current liabilities", "current liabilities"), "balance"),
    MetricGroup("equity", ("StockholdersEquity",),
                ("total stockholders' equity", "shareholders' equity", "book value of equity"), "balance"),
    MetricGroup("cash", ("CashAndCashEquivalentsAtCarryingValue",), ("cash and cash equivalents", "cash on hand"), "balance"),
    MetricGroup("inventory", ("InventoryNet",), ("inventories", "inventory"), "balance"),
    MetricGroup("receivables", ("AccountsReceivableNetCurrent",),
                ("accounts receivable, net", "net receivables", "trade receivables"), "balance"),
    MetricGroup("payables", ("AccountsPayableCurrent",), ("accounts payable", "trade payables"), "balance"),
    MetricGroup("ppe_net", ("PropertyPlantAndEquipmentNet", "PropertyPlantAndEquipmentAndFinanceLeaseRightOfUseAssetAfterAccumulatedDepreciationAndAmortization"),
                ("net PP&E", "property and equipment, net", "PP&E (net)", "property and equipment"), "balance"),
    MetricGroup("goodwill", ("Goodwill",), ("goodwill",), "balance"),
    MetricGroup("total_debt", ("LongTermDebt",), ("total debt", "total long-term debt including the current portion"), "balance"),
    MetricGroup("lt_debt", ("LongTermDebtNoncurrent",), ("long-term debt", "non-current long-term debt"), "balance"),
    MetricGroup("deferred_revenue_current", ("ContractWithCustomerLiabilityCurrent", "DeferredRevenueCurrent"),
                ("current deferred revenue", "deferred revenue (current)"), "balance"),
    MetricGroup("public_float", ("EntityPublicFloat",), ("public float", "aggregate market value held by non-affiliates"), "cover"),
    MetricGroup("shares_outstanding", ("EntityCommonStockSharesOutstanding",),
                ("shares outstanding", "common shares outstanding"), "cover"),
    MetricGroup("premiums", ("PremiumsEarnedNet",), ("premiums earned", "net premiums earned"), "income"),
)
GROUP_BY_NAME = {g.name: g for g in GROUPS}
CASH_FLOW_GROUPS = frozenset(g.name for g in GROUPS if g.statement == "cash flow")

# Metrics used only for "not reported" abstentions: a company that reports none of the concepts and
# none of these words in any label cannot answer them.
ABSENT_METRICS: tuple[MetricGroup, ...] = (
    MetricGroup("medical_costs", ("MedicalCosts", "BenefitsLossesAndExpenses", "PolicyholderBenefitsAndClaimsIncurredNet"),
                ("medical costs",), "income"),
    MetricGroup("net_interest_income", ("InterestIncomeExpenseNet", "InterestIncomeExpenseAfterProvisionForLoanLoss"),
                ("net interest income",), "income"),
    MetricGroup("loan_loss_provision", ("ProvisionForLoanAndLeaseLosses", "ProvisionForLoanLossesExpensed"),
                ("provision for loan losses",), "income"),
    MetricGroup("deposits", ("Deposits",), ("customer deposits",), "balance"),
    MetricGroup("premiums", ("PremiumsEarnedNet",), ("premiums earned",), "income"),
    MetricGroup("oil_reserves", ("ProvedDevelopedAndUndevelopedReservesNet",), ("proved oil reserves",), "other"),
    MetricGroup("same_store_sales", ("ComparableStoreSales",), ("same-store sales growth",), "other"),
)

# Real companies with no filing in the two corpora (checked against the index's entities at run time).
ABSENT_COMPANIES: tuple[tuple[str, str], ...] = (
    ("Walmart", "WMT"), ("Costco", "COST"), ("Alphabet", "GOOGL"), ("Meta Platforms", "META"),
    ("JPMorgan Chase", "JPM"), ("Exxon Mobil", "XOM"), ("Pfizer", "PFE"), ("Intel", "INTC"),
    ("Coca-Cola", "KO"), ("Procter & Gamble", "PG"), ("Oracle", "ORCL"), ("Lowe's", "LOW"),
)

# Words that do not name a line item on their own (a label made only of these is not a question).
GENERIC_WORDS = frozenset(
    "and of the in for to from on at by net total other per share shares dollars current noncurrent non deferred "
    "amount thereafter basic diluted balance beginning ending end period year years value values item items "
    "details detail abstract member axis table line".split())
SINGLE_WORD_LABELS = frozenset(
    "revenue revenues goodwill inventories inventory assets liabilities depreciation amortization".split())


@dataclass(frozen=True)
class Derived:
    """A metric computed from facts: ``inputs`` name metric groups and when each is read
    ('cur' = the period asked, 'prev' = the year before, 'open' = the balance at the previous year end)."""

    name: str
    words: tuple[str, ...]
    inputs: tuple[tuple[str, str, str], ...]  # (role, group, when)
    compute: Callable[[dict[str, Decimal]], Decimal]
    display: str  # 'pct' (gold is a fraction) | 'ratio' | 'money' | 'days'
    timing: str  # 'duration' (inputs over the fiscal year/quarter) | 'instant' (at the year end) | 'mixed'
    formula: str  # how the gold is computed, said in the question when the definition is not universal
    spell_out: bool = False


def _div(a: Decimal, b: Decimal) -> Decimal:
    return a / b


_D365 = Decimal(365)
DERIVED: tuple[Derived, ...] = (
    Derived("gross_margin", ("gross margin percentage", "gross profit margin", "gross margin %"),
            (("gp", "gross_profit", "cur"), ("rev", "revenue", "cur")), lambda v: _div(v["gp"], v["rev"]),
            "pct", "duration", "gross profit / revenue"),
    Derived("operating_margin", ("operating margin", "operating profit margin"),
            (("oi", "operating_income", "cur"), ("rev", "revenue", "cur")), lambda v: _div(v["oi"], v["rev"]),
            "pct", "duration", "operating income / revenue"),
    Derived("net_margin", ("net profit margin", "net margin", "net income margin"),
            (("ni", "net_income", "cur"), ("rev", "revenue", "cur")), lambda v: _div(v["ni"], v["rev"]),
            "pct", "duration", "net income / revenue"),
    Derived("free_cash_flow", ("free cash flow", "FCF"),
            (("cfo", "cfo", "cur"), ("capex", "capex", "cur")), lambda v: v["cfo"] - v["capex"],
            "money", "duration", "operating cash flow - capital expenditures", spell_out=True),
    Derived("ebitda", ("EBITDA",),
            (("oi", "operating_income", "cur"), ("dna", "dna", "cur")), lambda v: v["oi"] + v["dna"],
            "money", "duration", "operating income + depreciation and amortization", spell_out=True),
    Derived("revenue_growth", ("year-over-year revenue growth", "YoY revenue growth", "revenue growth rate"),
            (("cur", "revenue", "cur"), ("prev", "revenue", "prev")), lambda v: _div(v["cur"] - v["prev"], v["prev"]),
            "pct", "duration", "(revenue - prior-year revenue) / prior-year revenue"),
    Derived("net_income_growth", ("year-over-year net income growth", "YoY change in net income"),
            (("cur", "net_income", "cur"), ("prev", "net_income", "prev")),
            lambda v: _div(v["cur"] - v["prev"], abs(v["prev"])),
            "pct", "duration", "(net income - prior-year net income) / prior-year net income"),
    Derived("capex_to_revenue", ("capex as a percentage of revenue", "capital expenditures as a % of revenue"),
            (("capex", "capex", "cur"), ("rev", "revenue", "cur")), lambda v: _div(v["capex"], v["rev"]),
            "pct", "duration", "capital expenditures / revenue"),
    Derived("effective_tax_rate", ("effective tax rate", "effective income tax rate"),
            (("tax", "income_tax", "cur"), ("pre", "pretax_income", "cur")), lambda v: _div(v["tax"], v["pre"]),
            "pct", "duration", "income tax expense / income before income taxes"),
    Derived("dividend_payout", ("dividend payout ratio",),
            (("div", "dividends_paid", "cur"), ("ni", "net_income", "cur")), lambda v: _div(v["div"], v["ni"]),
            "pct", "duration", "dividends paid / net income", spell_out=True),
    Derived("current_ratio", ("current ratio",),
            (("ca", "current_assets", "cur"), ("cl", "current_liabilities", "cur")), lambda v: _div(v["ca"], v["cl"]),
            "ratio", "instant", "current assets / current liabilities"),
    Derived("debt_to_equity", ("debt-to-equity ratio",),
            (("debt", "total_debt", "cur"), ("eq", "equity", "cur")), lambda v: _div(v["debt"], v["eq"]),
            "ratio", "instant", "total debt (including the current portion) / total stockholders' equity", spell_out=True),
    Derived("roa_avg", ("return on average assets", "ROA (using average total assets)"),
            (("ni", "net_income", "cur"), ("a1", "assets", "cur"), ("a0", "assets", "open")),
            lambda v: _div(v["ni"], (v["a1"] + v["a0"]) / 2),
            "pct", "mixed", "net income / average of opening and closing total assets", spell_out=True),
    Derived("dso", ("days sales outstanding", "DSO"),
            (("ar", "receivables", "cur"), ("rev", "revenue", "cur")), lambda v: _div(v["ar"], v["rev"]) * _D365,
            "days", "mixed", "year-end accounts receivable / revenue × 365", spell_out=True),
    Derived("dio", ("days inventory outstanding", "DIO"),
            (("inv", "inventory", "cur"), ("cogs", "cogs", "cur")), lambda v: _div(v["inv"], v["cogs"]) * _D365,
            "days", "mixed", "year-end inventory / cost of sales × 365", spell_out=True),
    Derived("dpo", ("days payable outstanding", "DPO"),
            (("ap", "payables", "cur"), ("cogs", "cogs", "cur")), lambda v: _div(v["ap"], v["cogs"]) * _D365,
            "days", "mixed", "year-end accounts payable / cost of sales × 365", spell_out=True),
)
