"""Questions a filing's cover answers in words - who audits it, where it is, when its year ends - as data.

Filings tag these as non-numeric XBRL facts (``dei:AuditorName``, ``dei:EntityAddressCityOrTown``,
``dei:CurrentFiscalYearEndDate`` ...). Each kind of question is one :class:`TextFactKind` row: the
concepts that answer it, the question forms that ask for it, and the words those forms use (a
question with other content words asks for something else: "auditor fees" is not "auditor").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .words import canonical_tokens

__all__ = ["TextFactKind", "KINDS", "FILLER", "US_STATES", "MONTH_NAMES", "kind_words"]


@dataclass(frozen=True)
class TextFactKind:
    name: str
    concepts: tuple[str, ...]  # dei local names; several are joined in this order (address lines, city, ...)
    asks: str  # regex over the question (lower case): a form that asks for this
    words: str  # the words those forms use; any other content word means another question
    noun: str  # how the answer names it: "auditor", "principal executive office address"
    join: str = "list"  # 'list' | 'address' | 'phone' | 'fiscal'
    as_of: bool = False  # the answer is the date the fact is reported as of (shares outstanding)
    companions: tuple[str, ...] = ()  # facts shown beside the answer ("auditor location" names the auditor)
    evidence: str = ""  # regex a sentence must match to answer this from the text when no fact is tagged

    def evident_in(self, sentence: str) -> bool:
        return not self.evidence or bool(re.search(self.evidence, sentence))

    @property
    def pattern(self) -> re.Pattern:
        return _compiled(self.asks)


_PATTERNS: dict[str, re.Pattern] = {}


def _compiled(p: str) -> re.Pattern:
    if p not in _PATTERNS:
        _PATTERNS[p] = re.compile(p, re.I)
    return _PATTERNS[p]


_AS_OF = r"(?:(?:as of |on )?(?:what|which) (?:date|day)|\bwhen\b|\bas of when\b|\bdated?\b|\bdate of\b)"
_ADDRESS_PARTS = ("EntityAddressAddressLine1", "EntityAddressAddressLine2", "EntityAddressAddressLine3",
                  "EntityAddressCityOrTown", "EntityAddressStateOrProvince", "EntityAddressPostalZipCode",
                  "EntityAddressCountry")

# Order matters: the first kind whose form matches wins, so the narrower forms come first
# ("where is the auditor located" before "where is the company located").
KINDS: tuple[TextFactKind, ...] = (
    TextFactKind("auditor_location", ("AuditorLocation",),
                 r"\bauditor'?s?\b.*\b(?:located|location|based|city|office|headquarter\w*|where)\b|"
                 r"\b(?:location|city|office) of\b.*\bauditors?\b|"
                 r"\bwhere\b.*\b(?:auditors?|audit(?:ing)? firm|accounting firm)\b",
                 "auditor auditors audit auditing firm accounting public registered independent located location "
                 "based city office offices headquartered headquarters where", "auditor's location",
                 companions=("AuditorName",),
                 evidence=r"(?:LLP|L\.L\.P\.|LLC|Accountants)\b.*\b[A-Z][a-z]+, [A-Z]"),
    TextFactKind("auditor_firm_id", ("AuditorFirmId",),
                 r"\b(?:auditor|audit firm|accounting firm|pcaob)\b.*\b(?:firm )?(?:id|identifier|number)\b|\bauditor firm id\b",
                 "auditor auditors audit firm accounting pcaob id identifier number", "auditor's PCAOB firm ID",
                 companions=("AuditorName",),
                 evidence=r"(?i)\b(?:PCAOB|firm) (?:ID|identification)\b"),
    TextFactKind("auditor", ("AuditorName",),
                 r"\bauditors?\b|\bwho\b.*\baudit(?:s|ed|ing)?\b|\b(?:audit(?:ing)?|accounting) firm\b|"
                 r"\bindependent (?:registered )?(?:public )?account",
                 "auditor auditors audit audits audited auditing firm accounting public registered independent "
                 "financial statements who name accountant accountants books", "auditor",
                 companions=("AuditorLocation",),
                 evidence=r"\b(?:LLP|L\.L\.P\.|LLC|Chartered (?:Professional )?Accountants|Certified Public Accountants)\b"),
    TextFactKind("shares_outstanding_date", ("EntityCommonStockSharesOutstanding",),
                 _AS_OF + r".*\bshares?\b.*\boutstanding\b|\bshares?\b.*\boutstanding\b.*" + _AS_OF,
                 "date day when dated shares share common stock outstanding counted count reported measured cover "
                 "number determined determine", "common shares outstanding", as_of=True),
    TextFactKind("public_float_date", ("EntityPublicFloat",),
                 _AS_OF + r".*\bpublic float\b|\bpublic float\b.*" + _AS_OF,
                 "date day when dated public float aggregate market value measured calculated computed determined "
                 "determine reported",
                 "public float", as_of=True),
    TextFactKind("fiscal_year_end", ("CurrentFiscalYearEndDate",),
                 r"\bfiscal[- ]year[- ]?end\b|\bfiscal year (?:end|close)s?\b|\bwhen does .*\b(?:fiscal )?year end\b|"
                 r"\bend of (?:(?:its|the|their) )?fiscal year\b|\byear[- ]end date\b|\bfiscal year ends?\b|"
                 r"^\s*(?:when|on what (?:day|date)|what day)\b.*\bfiscal year\b.*\b(?:end|ends|close|closes)\b",
                 "fiscal year end ends ending close closes date when day month", "fiscal year end", join="fiscal",
                 evidence=r"(?i)\bfiscal year\b[^.]*\b(?:end|ends|ended|ending)\b[^.]*\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"),
    TextFactKind("incorporation", ("EntityIncorporationStateCountryCode",),
                 r"\bincorporat\w*\b|\bstate of (?:incorporation|organi[sz]ation)\b|\bdomicil\w*\b|\borgani[sz]ed under\b|"
                 r"\bunder the laws of\b.*\b(?:organi[sz]ed|formed|incorporated)\b",
                 "incorporated incorporation state country where jurisdiction domicile domiciled organized "
                 "organised under laws law formed", "state or country of incorporation",
                 evidence=r"(?i)\bincorporated (?:in|under)\b|\bstate of incorporation\b|\borgani[sz]ed under the laws\b"),
    TextFactKind("exchange", ("SecurityExchangeName",),
                 r"\bexchanges?\b.*\b(?:trade[sd]?|trading|listed|list|registered|quoted)\b|"
                 r"\b(?:trade[sd]?|trading|listed|list|quoted)\b.*\bexchanges?\b|\b(?:which|what) (?:stock )?exchange\b|"
                 r"\bstock exchange\b|\bwhere (?:is|are|does|do) .*\b(?:trade|traded|listed|quoted)\b",
                 "exchange exchanges stock stocks share shares common trade trades traded trading listed list "
                 "registered quoted where security securities market", "exchange",
                 evidence=r"\b(?:Nasdaq|NASDAQ|NYSE|New York Stock Exchange|[A-Z][a-z]+ Stock Exchange|Stock Market|OTC\w*)\b"),
    TextFactKind("ticker", ("TradingSymbol",),
                 r"\bticker\b|\btrading symbol\b|\bstock symbol\b|\bsymbol\b",
                 "ticker symbol trading stock share common", "trading symbol",
                 evidence=r"(?i:\b(?:symbol|ticker)\b)[^.]{0,40}\b[A-Z]{1,5}\b"),
    TextFactKind("securities", ("Security12bTitle",),
                 r"\bsecurities (?:are )?registered\b|\bclass(?:es)? of (?:stock|securities)\b|\b12\(b\)",
                 "securities security registered class classes stock section 12 title titles", "securities registered "
                 "under Section 12(b)"),
    TextFactKind("file_number", ("EntityFileNumber",),
                 r"\bfile (?:number|no)\b|\bcommission file\b",
                 "file number commission sec", "Commission file number"),
    TextFactKind("tax_id", ("EntityTaxIdentificationNumber",),
                 r"\b(?:tax|employer) (?:identification|id)\b|\bein\b|\birs (?:employer )?(?:number|no|identification)\b",
                 "tax employer identification id ein irs number", "employer (tax) identification number"),
    TextFactKind("phone", ("CityAreaCode", "LocalPhoneNumber"),
                 r"\b(?:tele)?phone\b", "phone telephone number call", "telephone number", join="phone"),
    TextFactKind("zip", ("EntityAddressPostalZipCode",),
                 r"\bzip\b|\bpostal code\b|\bpostcode\b",
                 "zip postal code postcode address headquarters headquartered office offices principal executive",
                 "postal (ZIP) code"),
    TextFactKind("city", ("EntityAddressCityOrTown", "EntityAddressStateOrProvince"),
                 r"\b(?:which|what) city\b|\bcity (?:is|are|does)\b|\(city\)|\bwhere\b.*\bcity\b|\bcity of (?:its|the) ",
                 "city town headquartered headquarters based located principal executive office offices",
                 "city", join="address"),
    TextFactKind("address", _ADDRESS_PARTS,
                 r"\baddress\b|\bheadquarter\w*\b|\bhead office\b|\bprincipal (?:executive )?offices?\b|"
                 r"\bwhere (?:is|are) .*\b(?:located|based)\b|\bwhere is .*\bheadquartered\b",
                 "address addresses headquarters headquartered head office offices principal executive located "
                 "based where mailing street", "principal executive office address", join="address",
                 evidence=r"\b\d+ (?:[A-Z][a-z]+ ){1,3}(?:Road|Street|Avenue|Way|Drive|Boulevard|Blvd|Expressway|Parkway|Place|Plaza)\b|(?i:principal executive offices? (?:is|are) located)"),
    TextFactKind("document_type", ("DocumentType",),
                 r"\b(?:what|which) (?:type|kind) of (?:form|report|filing|document)\b|\b(?:form|document|report) type\b",
                 "type kind form report filing document", "form type"),
    TextFactKind("fiscal_period", ("DocumentFiscalPeriodFocus", "DocumentFiscalYearFocus"),
                 r"\bwhich (?:fiscal )?quarter\b.*\b(?:fiscal )?year\b.*\bcover|\bwhat (?:fiscal )?(?:period|quarter)\b.*\bcover|"
                 r"\bfiscal (?:period|quarter) (?:focus|covered)\b",
                 "which fiscal quarter year period cover covers covered document report filing 10 q k focus ended end",
                 "fiscal period", join="list"),
    TextFactKind("period_end", ("DocumentPeriodEndDate",),
                 r"\bperiod end(?:ed|ing)? date\b|\bwhat period does\b.*\bcover\b|\bperiod (?:of|covered by) (?:the|this) (?:report|filing)\b",
                 "period end ended ending date report filing cover covered covers document", "document period end date"),
    TextFactKind("registrant_name", ("EntityRegistrantName",),
                 r"\bregistrant(?:'s)? name\b|\bname of (?:the )?registrant\b|\b(?:legal|exact|full|official) name\b",
                 "registrant name legal exact full official specified charter", "registrant name"),
    TextFactKind("filer_category", ("EntityFilerCategory",),
                 r"\bfiler (?:category|status)\b|\baccelerated filer\b", "filer category status large accelerated "
                 "non smaller reporting", "filer category"),
    TextFactKind("cik", ("EntityCentralIndexKey",),
                 r"\bcik\b|\bcentral index key\b", "cik central index key number", "Central Index Key (CIK)"),
)

# Words any of these questions may carry without asking for something else.
FILLER = frozenset(canonical_tokens(
    "who what where when which whom company company's corporation firm registrant entity business its it "
    "their they the a an for of on in at is are was were does do did located listed according "
    "name named called current currently latest most recent filing filings report cover page sec edgar "
    "please tell me give show find"))

US_STATES = dict(
    AL="Alabama", AK="Alaska", AZ="Arizona", AR="Arkansas", CA="California", CO="Colorado", CT="Connecticut",
    DE="Delaware", DC="District of Columbia", FL="Florida", GA="Georgia", HI="Hawaii", ID="Idaho", IL="Illinois",
    IN="Indiana", IA="Iowa", KS="Kansas", KY="Kentucky", LA="Louisiana", ME="Maine", MD="Maryland",
    MA="Massachusetts", MI="Michigan", MN="Minnesota", MS="Mississippi", MO="Missouri", MT="Montana", NE="Nebraska",
    NV="Nevada", NH="New Hampshire", NJ="New Jersey", NM="New Mexico", NY="New York", NC="North Carolina",
    ND="North Dakota", OH="Ohio", OK="Oklahoma", OR="Oregon", PA="Pennsylvania", RI="Rhode Island",
    SC="South Carolina", SD="South Dakota", TN="Tennessee", TX="Texas", UT="Utah", VT="Vermont", VA="Virginia",
    WA="Washington", WV="West Virginia", WI="Wisconsin", WY="Wyoming", PR="Puerto Rico",
)
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")



def kind_words(kind: TextFactKind) -> frozenset[str]:
    return frozenset(canonical_tokens(kind.words))
