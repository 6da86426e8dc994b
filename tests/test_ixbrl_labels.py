"""Line items of a self-contained inline XBRL document (no label linkbase) come from the printed row."""

from index.parsers.ixbrl import parse_ixbrl

_DOC = """<html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL"
 xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:us-gaap="http://fasb.org/us-gaap/2024"
 xmlns:iso4217="http://www.xbrl.org/2003/iso4217"><body>
<div style="display:none"><ix:header><ix:resources>
<xbrli:context id="c1"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">0000000001</xbrli:identifier></xbrli:entity>
<xbrli:period><xbrli:startDate>2023-01-01</xbrli:startDate><xbrli:endDate>2023-12-31</xbrli:endDate></xbrli:period></xbrli:context>
<xbrli:unit id="usd"><xbrli:measure>iso4217:USD</xbrli:measure></xbrli:unit>
</ix:resources></ix:header></div>
<p>The following table presents our provision for income taxes:</p>
<table>
<tr><td>Current:</td></tr>
<tr><td>Federal</td><td><ix:nonFraction name="us-gaap:CurrentFederalTaxExpenseBenefit" contextRef="c1" unitRef="usd" decimals="-6" scale="6">100</ix:nonFraction></td></tr>
<tr><td>State</td><td><ix:nonFraction name="us-gaap:CurrentStateAndLocalTaxExpenseBenefit" contextRef="c1" unitRef="usd" decimals="-6" scale="6">20</ix:nonFraction></td></tr>
<tr><td>Total current</td><td><ix:nonFraction name="us-gaap:CurrentIncomeTaxExpenseBenefit" contextRef="c1" unitRef="usd" decimals="-6" scale="6">120</ix:nonFraction></td></tr>
<tr><td>Deferred:</td></tr>
<tr><td>State</td><td><ix:nonFraction name="us-gaap:DeferredStateAndLocalIncomeTaxExpenseBenefit" contextRef="c1" unitRef="usd" decimals="-6" scale="6">7</ix:nonFraction></td></tr>
<tr><td>Intangible assets</td><td><ix:nonFraction name="us-gaap:DeferredTaxLiabilitiesIntangibleAssets" contextRef="c1" unitRef="usd" decimals="-6" scale="6">3</ix:nonFraction></td></tr>
</table></body></html>"""


def test_a_label_printed_under_two_headings_carries_its_heading():
    facts = {f.concept.split(":")[1]: f.label for f in parse_ixbrl(_DOC.encode(), "tax.htm").facts}
    assert facts["CurrentStateAndLocalTaxExpenseBenefit"] == "Current: State"
    assert facts["DeferredStateAndLocalIncomeTaxExpenseBenefit"] == "Deferred: State"
    # a label printed once names its line on its own
    assert facts["CurrentFederalTaxExpenseBenefit"] == "Federal"
    assert facts["DeferredTaxLiabilitiesIntangibleAssets"] == "Intangible assets"
