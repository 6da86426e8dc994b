"""Common metrics by name: the words analysts use, mapped to the XBRL concepts filers tag.

A question that names one of these ("Apple's revenue", "diluted EPS", "cash from operations")
is looked up by concept first, so it does not depend on how a filer worded its row label.
Concepts are local names, tried in order (us-gaap first, then ifrs-full). Extend the table to
teach a new metric; ``tests/test_metrics.py`` pins each entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .vocabulary import COUNT_INTENT, MONEY_INTENT, PER_SHARE_INTENT, PERCENT_INTENT, canonical_tokens

__all__ = ["Metric", "METRICS", "BY_KEY", "find_metric", "fit_factor", "unit_kind_for", "QUESTION_VERBS", "verb_tokens"]


@dataclass(frozen=True)
class Metric:
    key: str
    pattern: re.Pattern
    concepts: tuple[str, ...]
    unit_kind: str  # 'money' | 'per_share' | 'count'
    instant: bool = False  # a balance (as of a date) rather than a flow (over a period)
    phrase: str = ""  # how the metric is named in words (the pattern matches it): for messages and operands
    statement: str = ""  # where it is reported: 'income' | 'balance' | 'cash flow' ('' when it varies)
    strict: bool = False  # only its own concepts, or a line printing its name, are this metric ('net interest income')

    def has_concept(self, concept: str) -> bool:
        """``concept`` (any prefix, an extension's 'prefix_' too) is one this metric names."""
        local = concept.split(":")[-1].split("_")[-1].lower()
        return bool(local) and local in {c.lower() for c in self.concepts}


def _m(key: str, words: str, concepts: str, unit_kind: str = "money", instant: bool = False,
       phrase: str = "", statement: str = "", strict: bool = False) -> Metric:
    return Metric(key, re.compile(words, re.I), tuple(concepts.split()), unit_kind, instant,
                  phrase or key.replace("_", " "), statement or ("balance" if instant else ""), strict)


# Order matters: the first pattern that matches wins, so a narrower name comes before a wider one
# ('net interest income' before 'net income', 'income before taxes' before 'income tax',
# 'current assets' before 'total assets'). Concepts are tried in order, the total before its parts.
METRICS: list[Metric] = [
    _m("eps_diluted", r"\bdiluted (?:eps|earnings per share|net income per share)\b|\b(?:eps|earnings per share)\b[^?]*\bdiluted\b",
       "EarningsPerShareDiluted IncomeLossFromContinuingOperationsPerDilutedShare DilutedEarningsLossPerShare", "per_share",
       phrase="diluted EPS", statement="income"),
    _m("eps_basic", r"\bbasic (?:eps|earnings per share|net income per share)\b|\b(?:eps|earnings per share)\b",
       "EarningsPerShareBasic IncomeLossFromContinuingOperationsPerBasicShare BasicEarningsLossPerShare "
       "EarningsPerShareBasicAndDiluted", "per_share", phrase="basic EPS", statement="income"),
    _m("dividends_per_share", r"\bdividends? (?:declared |paid )?per (?:common )?share\b",
       "CommonStockDividendsPerShareDeclared CommonStockDividendsPerShareCashPaid", "per_share",
       phrase="dividends per share"),
    _m("cost_of_sales", r"\bcost of (?:sales|revenues?|goods sold|goods and services sold)\b|\bcogs\b",
       "CostOfGoodsAndServicesSold CostOfRevenue CostOfGoodsSold CostOfSales CostOfGoodsAndServiceExcludingDepreciationDepletionAndAmortization",
       phrase="cost of sales", statement="income"),
    _m("sga", r"\bsg&a\b|\bsga\b|\bselling,? general,? (?:and|&) administrative(?: expenses?)?\b",
       "SellingGeneralAndAdministrativeExpense SellingGeneralAndAdministrativeExpenses", phrase="SG&A", statement="income"),
    _m("medical_costs_payable", r"\bmedical costs payable\b|\bclaims payable\b|\bliability for (?:unpaid )?claims\b",
       "LiabilityForClaimsAndClaimsAdjustmentExpense LiabilityForUnpaidClaimsAndClaimsAdjustmentExpense",
       instant=True, phrase="medical costs payable"),
    _m("medical_costs", r"\bmedical (?:care )?costs?\b|\b(?:policyholder )?benefits and claims\b|\bclaims (?:incurred|expenses?)\b",
       "PolicyholderBenefitsAndClaimsIncurredNet PolicyholderBenefitsAndClaimsIncurredHealthCare BenefitsLossesAndExpenses",
       phrase="medical costs", statement="income"),
    _m("premiums", r"\b(?:net )?premiums? (?:revenues?|earned)\b|\bpremiums\b",
       "PremiumsEarnedNet PremiumsEarnedNetPropertyAndCasualty HealthCareOrganizationPremiumRevenue InsuranceRevenue",
       phrase="premiums", statement="income"),
    _m("net_interest_income", r"\bnet interest (?:income|revenue)\b",
       "InterestIncomeExpenseNet InterestIncomeExpenseNonoperatingNet InterestIncomeExpenseAfterProvisionForLoanLoss",
       phrase="net interest income", statement="income", strict=True),  # not 'Interest income and other, net'
    _m("interest_expense", r"\binterest expenses?\b|\bfinance costs\b",
       "InterestExpense InterestExpenseNonoperating InterestExpenseDebt InterestAndDebtExpense FinanceCosts",
       phrase="interest expense", statement="income"),
    _m("deferred_revenue", r"\b(?:deferred|unearned) revenues?\b|\bcontract liabilit(?:y|ies)\b",
       "ContractWithCustomerLiability ContractWithCustomerLiabilityCurrent DeferredRevenue DeferredRevenueCurrent "
       "ContractLiabilities CurrentContractLiabilities", instant=True, phrase="deferred revenue"),
    _m("revenue", r"\b(?:total |net )?revenues?\b|\bnet sales\b|\btotal sales\b|\bturnover\b|\bsales\b|\btop[- ]line\b",
       "Revenues RevenueFromContractWithCustomerExcludingAssessedTax RevenueFromContractWithCustomerIncludingAssessedTax "
       "SalesRevenueNet SalesRevenueGoodsNet SalesRevenueServicesNet Revenue", phrase="revenue", statement="income"),
    _m("pretax_income", r"\b(?:income|earnings|profit)(?: \(loss\))? before (?:provision for )?(?:income )?tax(?:es)?\b|\bpre-?tax (?:income|profit|earnings)\b",
       "IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest "
       "IncomeLossFromContinuingOperationsBeforeIncomeTaxesMinorityInterestAndIncomeLossFromEquityMethodInvestments "
       "IncomeLossFromContinuingOperationsBeforeIncomeTaxesDomestic ProfitLossBeforeTax",
       phrase="income before income taxes", statement="income"),
    _m("gross_margin", r"\bgross (?:margin|profit)\b", "GrossProfit", phrase="gross profit", statement="income"),
    _m("operating_income", r"\boperating (?:income|profit|loss)\b|\bincome from operations\b",
       "OperatingIncomeLoss ProfitLossFromOperatingActivities", phrase="operating income", statement="income"),
    _m("net_income", r"\bnet (?:income|earnings|profit|loss)(?: \(loss\))?(?: attributable to (?:the )?(?:(?:common |ordinary )?(?:share|stock)holders|"
       r"parent|company|owners of the parent)\b)?|\bprofit(?: or loss)?\b|\bbottom line\b",
       "NetIncomeLoss ProfitLoss NetIncomeLossAvailableToCommonStockholdersBasic ProfitLossAttributableToOwnersOfParent",
       phrase="net income", statement="income"),
    _m("operating_expenses", r"\b(?:total )?operating (?:expenses|costs)(?: and expenses)?\b|\bopex\b|\btotal costs and expenses\b",
       "OperatingExpenses CostsAndExpenses OperatingCostsAndExpenses", phrase="operating expenses", statement="income"),
    _m("rnd", r"\bresearch and development\b|\br&d\b", "ResearchAndDevelopmentExpense", phrase="R&D", statement="income"),
    _m("sbc", r"\b(?:stock|share|equity)[- ]based compensation(?: expenses?| costs?)?\b|\bsbc\b",
       "ShareBasedCompensation AllocatedShareBasedCompensationExpense", phrase="stock-based compensation"),
    _m("depreciation_amortization", r"\bd&a\b|(?<!accumulated )\bdepreciation(?:,? depletion)?,? (?:and|&) amortization\b",
       "DepreciationDepletionAndAmortization DepreciationAmortizationAndAccretionNet DepreciationAndAmortization "
       "DepreciationAmortizationAndOther DepreciationAmortizationAndImpairment "
       "DepreciationAndAmortisationExpense DepreciationAmortisationAndImpairmentLossReversalOfImpairmentLossRecognisedInProfitOrLoss",
       phrase="depreciation and amortization", statement="cash flow"),
    _m("operating_cash_flow", r"\b(?:cash (?:flows? )?(?:from|provided by|generated by) operat\w*|operating cash flows?|net cash (?:provided by |from )?operating)\b|\bcfo\b(?!\s+(?:named|appointed|position|role|title)\b)",
       "NetCashProvidedByUsedInOperatingActivities NetCashProvidedByUsedInOperatingActivitiesContinuingOperations "
       "CashFlowsFromUsedInOperatingActivities",
       phrase="cash from operations", statement="cash flow"),
    _m("investing_cash_flow", r"\b(?:cash (?:flows? )?(?:from|used in|provided by|used for) invest\w*|investing cash flows?|net cash (?:provided by |used in |from )?(?:\(used in\) )?investing)\b",
       "NetCashProvidedByUsedInInvestingActivities NetCashProvidedByUsedInInvestingActivitiesContinuingOperations "
       "CashFlowsFromUsedInInvestingActivities", phrase="cash from investing", statement="cash flow"),
    _m("financing_cash_flow", r"\b(?:cash (?:flows? )?(?:from|used in|provided by|used for) financ\w*|financing cash flows?|net cash (?:provided by |used in |from )?(?:\(used in\) )?financing)\b",
       "NetCashProvidedByUsedInFinancingActivities NetCashProvidedByUsedInFinancingActivitiesContinuingOperations "
       "CashFlowsFromUsedInFinancingActivities", phrase="cash from financing", statement="cash flow"),
    _m("capex", r"\bcapex\b|\bcapital expenditures?\b|\bcapital spending\b|\b(?:purchases?|payments?|acquisitions?) (?:of|for|to acquire) (?:property(?:,? plant)?(?:,? and equipment)?|pp&e|fixed assets|productive assets)\b",
       "PaymentsToAcquirePropertyPlantAndEquipment PaymentsToAcquireProductiveAssets "
       "PurchaseOfPropertyPlantAndEquipmentClassifiedAsInvestingActivities PaymentsForCapitalImprovements",
       phrase="capital expenditures", statement="cash flow"),
    _m("buybacks", r"\b(?:share|stock) (?:buybacks?|repurchases?)\b|\bbuybacks?\b|\brepurchases? of (?:common )?(?:stock|shares)\b|\brepurchased? (?:common )?(?:stock|shares)\b",
       "PaymentsForRepurchaseOfCommonStock PaymentsForRepurchaseOfEquity PaymentsToAcquireOrRedeemEntitysShares",
       phrase="share repurchases", statement="cash flow"),
    _m("dividends_paid", r"\bdividends? paid\b|\bpayments? (?:of|for) dividends\b|\bcash dividends\b|\bdividends\b",
       "PaymentsOfDividends PaymentsOfDividendsCommonStock "
       "PaymentsOfDividendsAndDividendEquivalentsOnCommonStockAndRestrictedStockUnits DividendsPaid DividendsPaidClassifiedAsFinancingActivities",
       phrase="dividends paid", statement="cash flow"),
    _m("ppe_net", r"\bpp&e\b|\bppn?e\b|\bproperty,? plant,? (?:and|&) equipment\b|\bproperty and equipment\b|\bfixed assets\b",
       "PropertyPlantAndEquipmentNet "
       "PropertyPlantAndEquipmentAndFinanceLeaseRightOfUseAssetAfterAccumulatedDepreciationAndAmortization "
       "PropertyPlantAndEquipment", instant=True, phrase="property, plant and equipment"),
    _m("receivables", r"\b(?:accounts |trade )?receivables?\b",
       "AccountsReceivableNetCurrent ReceivablesNetCurrent AccountsReceivableNet TradeAndOtherCurrentReceivables "
       "CurrentTradeReceivables", instant=True, phrase="accounts receivable"),
    _m("inventory", r"\binventor(?:y|ies)\b", "InventoryNet Inventories InventoryGross", instant=True, phrase="inventories"),
    _m("accounts_payable", r"\b(?:accounts |trade )?payables?\b",
       "AccountsPayableCurrent AccountsPayableTradeCurrent AccountsPayableAndAccruedLiabilitiesCurrent "
       "TradeAndOtherCurrentPayables CurrentTradePayables", instant=True, phrase="accounts payable"),
    _m("goodwill", r"\bgoodwill\b", "Goodwill", instant=True, phrase="goodwill"),
    _m("current_debt", r"\bcurrent (?:portion of |maturities of )?(?:long[- ]term )?debt\b|\bshort[- ]term (?:debt|borrowings)\b",
       "LongTermDebtCurrent DebtCurrent LongTermDebtAndCapitalLeaseObligationsCurrent ShortTermBorrowings "
       "CurrentPortionOfNoncurrentBorrowings", instant=True, phrase="current portion of debt"),
    _m("long_term_debt", r"\blong[- ]term debt\b",
       "LongTermDebtNoncurrent LongTermDebtAndCapitalLeaseObligations LongTermDebt NoncurrentPortionOfNoncurrentBorrowings",
       instant=True, phrase="long-term debt"),
    _m("total_debt", r"\btotal debt\b|\b(?:total )?borrowings\b|\boutstanding debt\b|\bdebt(?! securities| issuance| instrument| service)\b",
       "DebtLongtermAndShorttermCombinedAmount LongTermDebt DebtAndCapitalLeaseObligations "
       "LongTermDebtAndCapitalLeaseObligationsIncludingCurrentMaturities Borrowings",
       instant=True, phrase="total debt"),
    _m("public_float", r"\bpublic float\b|\baggregate market value\b.*\bnon-?affiliates\b|\bheld by non-?affiliates\b",
       "EntityPublicFloat", instant=True, phrase="public float", statement="cover"),
    _m("short_term_investments", r"\bshort[- ]term investments\b|\b(?:current )?marketable securities\b|\bcurrent investments\b",
       "ShortTermInvestments MarketableSecuritiesCurrent AvailableForSaleSecuritiesDebtSecuritiesCurrent "
       "AvailableForSaleSecuritiesCurrent OtherShortTermInvestments CurrentInvestments", instant=True,
       phrase="short-term investments"),
    _m("current_assets", r"\b(?:total )?current assets\b", "AssetsCurrent CurrentAssets", instant=True, phrase="current assets"),
    _m("current_liabilities", r"\b(?:total )?current liabilities\b", "LiabilitiesCurrent CurrentLiabilities", instant=True,
       phrase="current liabilities"),
    _m("total_assets", r"\btotal assets\b", "Assets", instant=True),
    _m("total_liabilities", r"\btotal liabilities\b", "Liabilities", instant=True),
    _m("equity", r"\b(?:total )?(?:stockholders|shareholders)['’]? equity\b|\btotal equity\b|\bbook value of (?:equity|the company)\b",
       "StockholdersEquity StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest Equity "
       "EquityAttributableToOwnersOfParent", instant=True, phrase="shareholders' equity"),
    _m("cash", r"\bcash and (?:cash )?equivalents\b|\bcash (?:balance|on hand)\b|\bhow much cash\b",
       "CashAndCashEquivalentsAtCarryingValue CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents "
       "CashAndCashEquivalents Cash", instant=True, phrase="cash and cash equivalents"),
    _m("shares_outstanding", r"\bshares outstanding\b|\boutstanding shares\b|\bshares (?:of common stock )?outstanding\b",
       "EntityCommonStockSharesOutstanding CommonStockSharesOutstanding", "count", instant=True, phrase="shares outstanding"),
    _m("diluted_shares", r"\bdiluted (?:weighted[- ]average )?(?:shares|share count)\b|\bshares used in computing diluted\b",
       "WeightedAverageNumberOfDilutedSharesOutstanding", "count", phrase="diluted shares"),
    # the rate a filer states itself (NVIDIA's 13.3%, Home Depot's 23.7%): an operand of the effective tax rate
    _m("reported_tax_rate", r"\breported effective (?:income )?tax rate\b",
       "EffectiveIncomeTaxRateContinuingOperations", "percent", phrase="reported effective tax rate", statement="income"),
    _m("income_taxes_paid", r"\b(?:income )?tax(?:es)? paid\b|\b(?:cash )?paid for (?:income )?taxes\b",
       "IncomeTaxesPaidNet IncomeTaxesPaid", phrase="income taxes paid", statement="cash flow"),
    _m("income_tax", r"\b(?:provision for )?income tax(?:es)? (?:expense|provision)?\b|\btax provision\b|\bincome taxes\b",
       "IncomeTaxExpenseBenefit IncomeTaxExpenseContinuingOperations", phrase="income tax expense", statement="income"),
]

BY_KEY: dict[str, Metric] = {m.key: m for m in METRICS}


def find_metric(text: str) -> tuple[Metric, re.Match] | None:
    """The first metric the question names (order matters: diluted EPS before EPS, ...)."""
    for m in METRICS:
        hit = m.pattern.search(text)
        if hit and hit.group(0).lower() == "cfo" and _ASKS_PERSON.search(text):
            continue  # 'who is the CFO': the officer, not cash from operations
        if hit:
            return m, hit
    return None


_ASKS_PERSON = re.compile(r"^\s*(?:who|whom)\b|\b(?:name|named|appointed|officer)\b", re.I)


_INTENTS = {"count": COUNT_INTENT, "money": MONEY_INTENT, "per_share": PER_SHARE_INTENT, "percent": PERCENT_INTENT}


def unit_kind_for(metric: Metric, asked: str | None, text: str, hit: re.Match) -> str | None:
    """The unit to expect of a metric's facts: the question's, unless only the metric's own words
    suggested it ('share repurchases' says 'share' but asks for money; 'how many shares were
    repurchased' asks for a count)."""
    if asked is None or asked == metric.unit_kind or asked not in _INTENTS:
        return asked if asked is not None else metric.unit_kind
    rest = text[:hit.start()] + " " + text[hit.end():] if hit.string == text else text
    return asked if _INTENTS[asked].search(rest) else metric.unit_kind


# Verbs a question wraps around a metric ('how much did it *pay* in dividends', 'what did it *spend* on
# capex'): not words a line item must carry.
QUESTION_VERBS = frozenset("""pay pays paid paying spend spends spent spending report reports reported record recorded
generate generated generates incur incurred have has had return returned make made total out""".split())


# --- scoring rules a metric's concept alone cannot express --------------------------------------------
_SET_ASIDE = re.compile(r"held[- ]for[- ]sale|heldforsale|disposalgroup|disposal group|discontinued", re.I)
_CHANGE_CONCEPT = re.compile(r"(?:^|:)IncreaseDecrease", re.I)


def fit_factor(metric: Metric, concept: str, label: str, is_duration: bool, question: str, *, only_metric: bool = True) -> float:
    """How much a candidate line item is worth for a question that names ``metric``, beyond its words.

    - A held-for-sale or discontinued-operations line is not the total asked for unless the
      question says so ('assets held for sale').
    - A cash-flow *change in* a balance (IncreaseDecreaseInAccountsPayable, labelled just
      'Accounts payable' in the cash-flow statement) is not the balance, and any flow is not a
      balance the question asks for as of a date.
    """
    factor = 1.0
    if _SET_ASIDE.search(concept) or _SET_ASIDE.search(label):
        if not _SET_ASIDE.search(question):
            factor *= 0.3
    if metric.instant:
        if _CHANGE_CONCEPT.search(concept.split(":")[-1]) and not re.search(r"\b(?:change|increase|decrease)\b", question, re.I):
            factor *= 0.2
        elif is_duration and only_metric:  # 'goodwill acquired during the year' asks more than the balance
            factor *= 0.4
    return factor


def verb_tokens() -> frozenset[str]:
    """QUESTION_VERBS as the tokenizer spells them."""
    return frozenset(t for w in QUESTION_VERBS for t in canonical_tokens(w))
