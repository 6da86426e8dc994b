"""Line items by name: the words analysts use, mapped to the XBRL concepts filers tag.

A question that names one of these ("Apple's revenue", "diluted EPS", "cash from operations") is
looked up by concept first, so it does not depend on how a filer worded its row label. Concepts are
local names, tried in order (us-gaap first, then ifrs-full). Each row carries examples of the words
that name it; ``tests/test_lexicon.py`` checks every example finds its row. Teaching a new metric is
one row here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Metric", "METRICS", "BY_KEY", "find_metric", "metric_in_label", "metric_of_concept", "phrase_words"]


@dataclass(frozen=True)
class Metric:
    key: str
    pattern: re.Pattern
    concepts: tuple[str, ...]
    unit_kind: str  # 'money' | 'per_share' | 'count' | 'percent'
    instant: bool = False  # a balance (as of a date) rather than a flow (over a period)
    phrase: str = ""  # how the metric is named in words: for messages and operands
    statement: str = ""  # where it is reported: 'income' | 'balance' | 'cash flow' | 'cover' ('' when it varies)
    strict: bool = False  # only its own concepts, or a line printing its name, are this metric
    examples: tuple[str, ...] = ()
    restates: str = ""  # words that only repeat what the metric is ('revenue billed to customers'): they narrow nothing
    section: str = ""  # the statement block the line always sits in ('current assets' for inventories): that heading narrows nothing

    def has_concept(self, concept: str) -> bool:
        """``concept`` (any prefix, an extension's 'prefix_' too) is one this metric names."""
        local = concept.split(":")[-1].split("_")[-1].lower()
        return bool(local) and local in {c.lower() for c in self.concepts}


def _m(key: str, words: str, concepts: str, unit_kind: str = "money", instant: bool = False, phrase: str = "",
       statement: str = "", strict: bool = False, examples: tuple[str, ...] = (), restates: str = "", section: str = "") -> Metric:
    return Metric(key, re.compile(words, re.I), tuple(concepts.split()), unit_kind, instant,
                  phrase or key.replace("_", " "), statement or ("balance" if instant else ""), strict, examples, restates, section)


# Order matters: the first pattern that matches wins, so a narrower name comes before a wider one
# ('net interest income' before 'net income', 'income before taxes' before 'income tax',
# 'current assets' before 'total assets'). Concepts are tried in order, the total before its parts.
METRICS: tuple[Metric, ...] = (
    _m("eps_diluted", r"\bdiluted (?:eps|earnings per share|net income per share)\b|\b(?:eps|earnings per share)\b[^?]*\bdiluted\b|"
       r"\bearnings per (?:common |ordinary )?diluted share\b",
       "EarningsPerShareDiluted IncomeLossFromContinuingOperationsPerDilutedShare DilutedEarningsLossPerShare", "per_share",
       phrase="diluted EPS", statement="income", examples=("diluted EPS", "diluted earnings per share", "EPS (diluted)")),
    _m("eps_basic", r"\bbasic (?:eps|earnings per share|net income per share)\b|\b(?:eps|earnings per share)\b|"
       r"\bearnings per (?:common |ordinary )?basic share\b",
       "EarningsPerShareBasic IncomeLossFromContinuingOperationsPerBasicShare BasicEarningsLossPerShare "
       "EarningsPerShareBasicAndDiluted", "per_share", phrase="basic EPS", statement="income",
       examples=("basic EPS", "earnings per share")),
    _m("dividends_per_share", r"\bdividends? (?:declared |paid )?per (?:common )?share\b|\bdps\b",
       "CommonStockDividendsPerShareDeclared CommonStockDividendsPerShareCashPaid", "per_share",
       phrase="dividends per share", examples=("dividend per share", "dividends declared per common share")),
    _m("cost_of_sales", r"\bcost of (?:sales|revenues?|goods sold|goods and services sold)\b|\bcogs\b",
       "CostOfGoodsAndServicesSold CostOfRevenue CostOfGoodsSold CostOfSales CostOfGoodsAndServiceExcludingDepreciationDepletionAndAmortization",
       phrase="cost of sales", statement="income", examples=("cost of sales", "COGS", "cost of revenue")),
    _m("sga", r"\bsg&a\b|\bsga\b|\bselling,? general,? (?:and|&) administrative(?: expenses?)?\b",
       "SellingGeneralAndAdministrativeExpense SellingGeneralAndAdministrativeExpenses", phrase="SG&A", statement="income",
       examples=("SG&A", "selling, general and administrative expenses")),
    _m("medical_costs_payable", r"\bmedical costs payable\b|\bclaims payable\b|\bliability for (?:unpaid )?claims\b",
       "LiabilityForClaimsAndClaimsAdjustmentExpense LiabilityForUnpaidClaimsAndClaimsAdjustmentExpense",
       instant=True, phrase="medical costs payable", examples=("medical costs payable",)),
    _m("medical_costs", r"\bmedical (?:care )?costs?\b|\b(?:policyholder )?benefits and claims\b|\bclaims (?:incurred|expenses?)\b",
       "PolicyholderBenefitsAndClaimsIncurredNet PolicyholderBenefitsAndClaimsIncurredHealthCare BenefitsLossesAndExpenses",
       phrase="medical costs", statement="income", examples=("medical costs", "benefits and claims")),
    _m("premiums", r"\b(?:net )?premiums? (?:revenues?|earned)\b|\bpremiums\b",
       "PremiumsEarnedNet PremiumsEarnedNetPropertyAndCasualty HealthCareOrganizationPremiumRevenue InsuranceRevenue",
       phrase="premiums", statement="income", examples=("premium revenue", "premiums earned")),
    _m("net_interest_income", r"\bnet interest (?:income|revenue)\b",
       "InterestIncomeExpenseNet InterestIncomeExpenseNonoperatingNet InterestIncomeExpenseAfterProvisionForLoanLoss",
       phrase="net interest income", statement="income", strict=True, examples=("net interest income",)),
    # the cash a company paid for interest (a cash flow statement's supplemental line), not the expense it recognized
    _m("interest_paid", r"\binterest paid\b|\b(?:cash )?paid for interest\b",
       "InterestPaidNet InterestPaid", phrase="interest paid", statement="cash flow",
       examples=("interest paid", "cash paid for interest")),
    _m("interest_expense", r"\binterest expenses?\b|\bfinance costs\b",
       "InterestExpense InterestExpenseNonoperating InterestExpenseDebt InterestAndDebtExpense FinanceCosts",
       phrase="interest expense", statement="income", examples=("interest expense", "finance costs")),
    _m("deferred_revenue", r"\b(?:deferred|unearned) revenues?\b|\bcontract liabilit(?:y|ies)\b",
       "ContractWithCustomerLiability ContractWithCustomerLiabilityCurrent DeferredRevenue DeferredRevenueCurrent "
       "ContractLiabilities CurrentContractLiabilities", instant=True, phrase="deferred revenue",
       examples=("deferred revenue", "contract liabilities", "unearned revenue")),
    _m("remaining_performance_obligations", r"\bbacklog\b|\bremaining performance obligations?\b|\brpo\b",
       "RevenueRemainingPerformanceObligation", instant=True, phrase="remaining performance obligations",
       examples=("backlog", "remaining performance obligations")),
    _m("revenue", r"\b(?:total |net )?revenues?\b|\bnet sales\b|\btotal sales\b|\bturnover\b|\bsales\b|\btop[- ]line\b|"
       r"\b(?:did|does|do)\b(?:\s+[\w&.'’-]+){0,4}\s+(?:sell|make from selling|earn from selling)\b|\bfrom selling\b|"
       r"^\s*sell(?:s|ing)?\b(?![\s,]+(?:expenses?|costs?|general|and|prices?|marketing|administrative|commissions?|"
       r"agents?|(?:share|stock)holders?|securit\w+)\b)",  # ('selling expenses' is no revenue)
       "Revenues RevenueFromContractWithCustomerExcludingAssessedTax RevenueFromContractWithCustomerIncludingAssessedTax "
       "SalesRevenueNet SalesRevenueGoodsNet SalesRevenueServicesNet Revenue", phrase="revenue", statement="income",
       examples=("revenue", "net sales", "total revenues", "top line", "turnover", "how much did Home Depot sell"),
       restates="customers clients billed invoiced sold generated recognized"),
    _m("pretax_income", r"\b(?:income|earnings|profit)(?: \(loss\))? before (?:provision for )?(?:income )?tax(?:es)?\b|\bpre-?tax (?:income|profit|earnings)\b",
       "IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest "
       "IncomeLossFromContinuingOperationsBeforeIncomeTaxesMinorityInterestAndIncomeLossFromEquityMethodInvestments "
       "IncomeLossFromContinuingOperationsBeforeIncomeTaxesDomestic ProfitLossBeforeTax",
       phrase="income before income taxes", statement="income", examples=("income before income taxes", "pretax income")),
    _m("gross_profit", r"\bgross profit\b|\bgross margin (?:dollars|amount)\b|\b(?:dollar|total) gross margin\b", "GrossProfit",
       phrase="gross profit", statement="income", examples=("gross profit", "gross margin dollars")),
    _m("operating_income", r"\boperating (?:income|profit|loss)\b|\bincome from operations\b|\b(?:earn\w*|profit) from operations\b",
       "OperatingIncomeLoss ProfitLossFromOperatingActivities", phrase="operating income", statement="income",
       examples=("operating income", "income from operations", "operating profit")),
    _m("net_income", r"\bnet (?:income|earnings|profit|loss)(?: \(loss\))?(?: attributable to (?:the )?(?:(?!non-?controlling|minority|redeemable)[A-Z][\w.&'’-]*,? ){0,4}"
       r"(?:(?:common |ordinary )?(?:share|stock)holders|parent|company|owners of the parent)\b)?|\bprofit(?: or loss)?\b|\bbottom line\b",
       "NetIncomeLoss ProfitLoss NetIncomeLossAvailableToCommonStockholdersBasic ProfitLossAttributableToOwnersOfParent",
       phrase="net income", statement="income", examples=("net income", "net earnings", "net loss", "bottom line",
                                                            "net earnings attributable to UnitedHealth Group common shareholders")),
    _m("operating_expenses", r"\b(?:total )?operating (?:expenses|costs)(?: and expenses)?\b|\bopex\b|\btotal costs and expenses\b",
       "OperatingExpenses CostsAndExpenses OperatingCostsAndExpenses", phrase="operating expenses", statement="income",
       examples=("operating expenses", "total costs and expenses")),
    _m("rnd", r"\bresearch and development\b|\br&d\b", "ResearchAndDevelopmentExpense", phrase="R&D", statement="income",
       examples=("research and development", "R&D")),
    _m("sbc", r"\b(?:stock|share|equity)[- ]based (?:compensation|pay)(?: expenses?| costs?)?\b|\bsbc\b|\bequity compensation expenses?\b",
       "ShareBasedCompensation AllocatedShareBasedCompensationExpense", phrase="stock-based compensation",
       examples=("stock-based compensation", "share-based compensation expense", "share-based pay",
                 "equity compensation expense")),
    _m("restructuring", r"\brestructuring(?: and (?:other|related|impairment) (?:charges|costs|expenses))?(?: charges| costs| expenses)?\b",
       "RestructuringCharges RestructuringAndRelatedCostIncurredCost RestructuringCostsAndAssetImpairmentCharges",
       phrase="restructuring charges", statement="income", examples=("restructuring charges", "restructuring and other charges")),
    _m("depreciation_amortization", r"\bd&a\b|(?<!accumulated )\bdepreciation(?:,? depletion)?,? (?:and|&) amortization\b",
       "DepreciationDepletionAndAmortization DepreciationAmortizationAndAccretionNet DepreciationAndAmortization "
       "DepreciationAmortizationAndOther DepreciationAmortizationAndImpairment "
       "DepreciationAndAmortisationExpense DepreciationAmortisationAndImpairmentLossReversalOfImpairmentLossRecognisedInProfitOrLoss",
       phrase="depreciation and amortization", statement="cash flow", examples=("D&A", "depreciation and amortization")),
    _m("operating_cash_flow", r"\b(?:cash (?:flows? )?(?:from|provided by|generated by|generated from) operat\w*|operating cash flows?|"
       r"net cash (?:provided by |from )?operating)\b|\bcash (?:generated|provided) (?:from|by) (?:its )?operat\w*\b|"
       r"\bcash\b.{0,20}\bfrom operating activities\b|\bcfo\b(?!\s+(?:named|appointed|position|role|title)\b)",
       "NetCashProvidedByUsedInOperatingActivities NetCashProvidedByUsedInOperatingActivitiesContinuingOperations "
       "CashFlowsFromUsedInOperatingActivities",
       phrase="cash from operations", statement="cash flow",
       examples=("cash from operations", "operating cash flow", "net cash provided by operating activities", "CFO")),
    _m("investing_cash_flow", r"\b(?:cash (?:flows? )?(?:from|used in|provided by|used for) invest\w*|investing cash flows?|net cash (?:provided by |used in |from )?(?:\(used in\) )?investing)\b",
       "NetCashProvidedByUsedInInvestingActivities NetCashProvidedByUsedInInvestingActivitiesContinuingOperations "
       "CashFlowsFromUsedInInvestingActivities", phrase="cash from investing", statement="cash flow",
       examples=("cash used in investing activities", "investing cash flow")),
    _m("financing_cash_flow", r"\b(?:cash (?:flows? )?(?:from|used in|provided by|used for) financ\w*|financing cash flows?|net cash (?:provided by |used in |from )?(?:\(used in\) )?financing)\b",
       "NetCashProvidedByUsedInFinancingActivities NetCashProvidedByUsedInFinancingActivitiesContinuingOperations "
       "CashFlowsFromUsedInFinancingActivities", phrase="cash from financing", statement="cash flow",
       examples=("cash from financing activities", "financing cash flows")),
    _m("capex", r"\bcapex\b|\bcapital expenditures?\b|\bcapital spending\b|\b(?:purchases?|payments?|acquisitions?) (?:of|for|to acquire|related to) (?:property(?:,? plant)?(?:,? and equipment)?|pp&e|fixed assets|productive assets)\b",
       "PaymentsToAcquirePropertyPlantAndEquipment PaymentsToAcquireProductiveAssets "
       "PurchaseOfPropertyPlantAndEquipmentClassifiedAsInvestingActivities PaymentsForCapitalImprovements",
       phrase="capital expenditures", statement="cash flow",
       examples=("capex", "capital expenditures", "purchases of property and equipment")),
    _m("buybacks", r"\b(?:share|stock) (?:buybacks?|repurchases?)\b|\bbuy(?:ing)?[- ]?backs?\b|\bbuy(?:ing)? back\b|\brepurchas\w* (?:of )?(?:its )?(?:own )?(?:common )?(?:stock|shares)\b",
       "PaymentsForRepurchaseOfCommonStock PaymentsForRepurchaseOfEquity PaymentsToAcquireOrRedeemEntitysShares",
       phrase="share repurchases", statement="cash flow",
       examples=("share repurchases", "buybacks", "buying back its own shares", "repurchases of common stock")),
    _m("dividends_paid", r"\bdividends? paid\b|\bpayments? (?:of|for) dividends\b|\bcash dividends\b|\bdividends\b",
       "PaymentsOfDividends PaymentsOfDividendsCommonStock "
       "PaymentsOfDividendsAndDividendEquivalentsOnCommonStockAndRestrictedStockUnits DividendsPaid DividendsPaidClassifiedAsFinancingActivities",
       phrase="dividends paid", statement="cash flow", examples=("dividends paid", "cash dividends")),
    _m("ppe_net", r"\bpp&e\b|\bppn?e\b|\bproperty,? plant,? (?:and|&) equipment\b|\bproperty and equipment\b|\bfixed assets\b",
       "PropertyPlantAndEquipmentNet "
       "PropertyPlantAndEquipmentAndFinanceLeaseRightOfUseAssetAfterAccumulatedDepreciationAndAmortization "
       "PropertyPlantAndEquipment", instant=True, phrase="property, plant and equipment",
       examples=("PP&E", "net PPNE", "property, plant and equipment")),
    _m("receivables", r"\b(?:accounts |trade )?receivables?\b|\bnet ar\b|\bar\b(?= (?:balance|at|as of|in)\b)",
       "AccountsReceivableNetCurrent ReceivablesNetCurrent AccountsReceivableNet TradeAndOtherCurrentReceivables "
       "CurrentTradeReceivables", instant=True, phrase="accounts receivable", examples=("accounts receivable", "net AR")),
    _m("inventory", r"\binventor(?:y|ies)\b", "InventoryNet Inventories InventoryGross", instant=True, phrase="inventories",
       examples=("inventory", "inventories"), section="current assets"),
    _m("accounts_payable", r"\b(?:accounts |trade )?payables?\b",
       "AccountsPayableCurrent AccountsPayableTradeCurrent AccountsPayableAndAccruedLiabilitiesCurrent "
       "TradeAndOtherCurrentPayables CurrentTradePayables", instant=True, phrase="accounts payable",
       examples=("accounts payable", "trade payables"), section="current liabilities"),
    _m("goodwill", r"\bgoodwill\b", "Goodwill", instant=True, phrase="goodwill", examples=("goodwill",)),
    _m("current_debt", r"(?<!non-)(?<!non)\bcurrent (?:portion of |maturities of |installments of )?(?:long[- ]term )?debt\b|\bshort[- ]term (?:debt|borrowings)\b",
       "LongTermDebtCurrent DebtCurrent LongTermDebtAndCapitalLeaseObligationsCurrent ShortTermBorrowings "
       "CurrentPortionOfNoncurrentBorrowings", instant=True, phrase="current portion of debt",
       examples=("current portion of long-term debt", "short-term debt")),
    _m("long_term_debt", r"\blong[- ]term debt\b|\bnon-?current (?:long[- ]term )?debt\b",
       "LongTermDebtNoncurrent LongTermDebtAndCapitalLeaseObligations LongTermDebt NoncurrentPortionOfNoncurrentBorrowings",
       instant=True, phrase="long-term debt", examples=("long-term debt", "non-current debt")),
    _m("total_debt", r"\btotal debt\b|\b(?:total )?borrowings\b|\boutstanding debt\b|\bdebt(?! securities| issuance| instrument| service)\b",
       "DebtLongtermAndShorttermCombinedAmount LongTermDebt DebtAndCapitalLeaseObligations "
       "LongTermDebtAndCapitalLeaseObligationsIncludingCurrentMaturities Borrowings",
       instant=True, phrase="total debt", examples=("total debt", "borrowings")),
    _m("public_float", r"\bpublic float\b|\baggregate market value\b.*\bnon-?affiliates\b|\bheld by non-?affiliates\b",
       "EntityPublicFloat", instant=True, phrase="public float", statement="cover",
       examples=("public float", "aggregate market value held by non-affiliates")),
    _m("short_term_investments", r"\bshort[- ]term investments\b|\b(?:current )?marketable securities\b|\bcurrent investments\b",
       "ShortTermInvestments MarketableSecuritiesCurrent AvailableForSaleSecuritiesDebtSecuritiesCurrent "
       "AvailableForSaleSecuritiesCurrent OtherShortTermInvestments CurrentInvestments", instant=True,
       phrase="short-term investments", examples=("short-term investments", "marketable securities"),
       section="current assets"),
    _m("current_assets", r"\b(?:total )?current assets\b", "AssetsCurrent CurrentAssets", instant=True, phrase="current assets",
       examples=("total current assets",)),
    _m("current_liabilities", r"\b(?:total )?current liabilities\b", "LiabilitiesCurrent CurrentLiabilities", instant=True,
       phrase="current liabilities", examples=("current liabilities",)),
    _m("total_assets", r"\btotal assets\b", "Assets", instant=True, examples=("total assets",)),
    _m("total_liabilities", r"\btotal liabilities\b", "Liabilities", instant=True, examples=("total liabilities",)),
    _m("equity", r"\b(?:total )?(?:stockholders|shareholders)['’]? equity\b|\btotal equity\b|\bbook value of (?:equity|the company)\b",
       "StockholdersEquity StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest Equity "
       "EquityAttributableToOwnersOfParent", instant=True, phrase="shareholders' equity",
       examples=("total stockholders' equity", "shareholders equity", "book value of equity")),
    _m("cash", r"\bcash and (?:cash )?equivalents\b|\bcash (?:balance|on hand)\b|\bhow much cash\b",
       "CashAndCashEquivalentsAtCarryingValue CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents "
       "CashAndCashEquivalents Cash", instant=True, phrase="cash and cash equivalents",
       examples=("cash and cash equivalents", "cash on hand")),
    _m("shares_outstanding", r"\bshares outstanding\b|\boutstanding shares\b|\bshares (?:of (?:its )?common stock )?(?:were )?outstanding\b",
       "EntityCommonStockSharesOutstanding CommonStockSharesOutstanding", "count", instant=True, phrase="shares outstanding",
       examples=("shares outstanding", "shares of common stock outstanding")),
    _m("diluted_shares", r"\bdiluted (?:weighted[- ]average )?(?:shares|share count)\b|\bshares used in computing diluted\b",
       "WeightedAverageNumberOfDilutedSharesOutstanding", "count", phrase="diluted shares",
       examples=("diluted shares", "diluted share count")),
    # the rate a filer states itself (NVIDIA's 13.3%): an operand of the effective tax rate
    _m("reported_tax_rate", r"\breported effective (?:income )?tax rate\b",
       "EffectiveIncomeTaxRateContinuingOperations", "percent", phrase="reported effective tax rate", statement="income",
       examples=("reported effective tax rate",)),
    _m("income_taxes_paid", r"\b(?:income )?tax(?:es)? paid\b|\b(?:cash )?paid for (?:income )?taxes\b",
       "IncomeTaxesPaidNet IncomeTaxesPaid", phrase="income taxes paid", statement="cash flow",
       examples=("income taxes paid", "cash paid for taxes")),
    _m("income_tax", r"\b(?:provision for )?income tax(?:es)?(?!\s+rates?\b) (?:expense|provision)?\b|\btax provision\b|\bincome taxes\b",
       "IncomeTaxExpenseBenefit IncomeTaxExpenseContinuingOperations", phrase="income tax expense", statement="income",
       examples=("income tax expense", "provision for income taxes", "tax provision")),
)

BY_KEY: dict[str, Metric] = {m.key: m for m in METRICS}

_ASKS_PERSON = re.compile(r"^\s*(?:who|whom)\b|\b(?:name|named|appointed|officer)\b", re.I)


@lru_cache(maxsize=8192)  # pure in the text; the finder asks it of the same labels hundreds of times a question
def find_metric(text: str) -> tuple[Metric, re.Match] | None:
    """The first metric the text names (order matters: diluted EPS before EPS, ...)."""
    for m in METRICS:
        # 'other current assets' is what is left of a line, not the line: a metric's words right after 'other' do not name it
        hit = next((h for h in m.pattern.finditer(text) if not _REMAINDER_BEFORE.search(text, 0, h.start())), None)
        if hit and hit.group(0).lower() == "cfo" and _ASKS_PERSON.search(text):
            continue  # 'who is the CFO': the officer, not cash from operations
        if hit:
            return m, hit
    return None


_REMAINDER_BEFORE = re.compile(r"\bother\s+$", re.I)


_BY_CONCEPT: dict[str, Metric] = {}
for _metric in METRICS:
    for _c in _metric.concepts:
        _BY_CONCEPT.setdefault(_c.lower(), _metric)


def metric_of_concept(concept: str) -> Metric | None:
    """The lexicon metric whose own concept this is ('us-gaap:AllocatedShareBasedCompensationExpense' -> sbc)."""
    return _BY_CONCEPT.get(concept.split(":")[-1].split("_")[-1].lower()) if concept else None


def phrase_words(metric: Metric) -> frozenset[str]:
    """The words that name a metric, without the generic ones ('total debt' -> {'debt'})."""
    from .words import GENERIC_LABEL_WORDS, canonical_tokens

    return frozenset(t for t in canonical_tokens(metric.phrase) if t not in GENERIC_LABEL_WORDS)


def metric_in_label(label: str) -> Metric | None:
    """The metric a printed label names in its own words ('Total cost of revenues' -> cost of sales)."""
    found = find_metric(label)
    return found[0] if found else None
