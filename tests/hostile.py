"""Hostile and oversized inputs, made at run time into a temp folder (never committed): each maker writes one
file (or a folder) and returns its path. The large ones are written in blocks, so making them costs disk, not
memory."""

from __future__ import annotations

import zipfile
from pathlib import Path

MB = 1 << 20
STYLE = "font-family:'Times New Roman',Times,serif;font-size:10pt;color:#000000;line-height:120%;text-align:justify"
_WORDS = ("The Company recognized revenue from contracts with customers when control of the promised goods or services "
          "transferred to the customer in an amount that reflects the consideration expected in exchange for those "
          "goods or services and the remaining performance obligations were not material to the results").split()


def cover(company: str) -> str:
    return ("<html><head><title>10-K</title></head><body><p>UNITED STATES SECURITIES AND EXCHANGE COMMISSION</p>"
            f"<p>FORM 10-K</p><p>For the fiscal year ended December 31, 2023</p><p>{company} (Exact name of "
            "registrant as specified in its charter)</p><p>Item 7. Management’s Discussion and Analysis</p>")


def _span(text: str) -> str:
    return f'<span style="{STYLE}">{text}</span>'


def _styled_block(words: int, salt: int) -> str:
    """A paragraph of ``words`` words, each in its own styled span (as EDGAR's converters write them), and a
    small statement table with two periods: 4 passages and 4 facts in ~135 bytes a word."""
    vocabulary = _WORDS[salt % len(_WORDS):] + _WORDS[:salt % len(_WORDS)]
    para = "".join(_span(w + " ") for w in (vocabulary * (words // len(vocabulary) + 1))[:words])
    cell = f'<td style="{STYLE};padding:0 2pt;vertical-align:bottom">'
    rows = [("", "(in thousands) Year Ended December 31, 2023", "Year Ended December 31, 2022"),
            ("Net revenue", f"{1234 + salt:,}", "1,100"), ("Operating income", f"{345 + salt:,}", "300")]
    table = "".join("<tr>" + "".join(f"{cell}{_span(c) if c else ''}</td>" for c in row) + "</tr>" for row in rows)
    return f'<div style="{STYLE}"><p style="{STYLE}">{para}.</p><table style="width:100%">{table}</table></div>'


def markup_heavy_html(path: Path, mb: float, *, company: str = "Hostile Test Corp", salt: int = 0,
                      one_line: bool = False) -> Path:
    """An HTML filing of ``mb`` MB that is mostly markup (as large EDGAR HTML is): its text repeats, so at 199 MB it
    makes ~16,000 passages and facts — under the passage limit — and embeds quickly (a repeated passage is
    embedded once). ``one_line``: no line break anywhere (minified). ``company`` and ``salt`` make it another
    filing (not a near-copy of one made with other values)."""
    block = _styled_block(350, salt) + ("" if one_line else "\n")
    head = cover(company)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(head)
        size, target = len(head.encode()), int(mb * MB) - 20
        step = len(block.encode())
        while size + step < target:
            fh.write(block)
            size += step
        fh.write("</body></html>")
    return path


def prose_html(path: Path, mb: float) -> Path:
    """``mb`` MB of short distinct paragraphs: far more passages than one file may make."""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(cover("Prolix Corp"))
        size, n = 0, 0
        while size < mb * MB:
            line = f"<p>Paragraph {n}: the company reported segment results for region {n % 97} in line with plan.</p>\n"
            fh.write(line)
            size += len(line)
            n += 1
        fh.write("</body></html>")
    return path


def big_ixbrl(path: Path, mb: float) -> Path:
    """An inline XBRL document of ``mb`` MB (a header and one fact, then page after page of text)."""
    head = ('<html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL" '
            'xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:dei="http://xbrl.sec.gov/dei/2023"><body>'
            '<div style="display:none"><ix:header><ix:resources><xbrli:context id="c1"><xbrli:entity>'
            '<xbrli:identifier scheme="http://www.sec.gov/CIK">0000000001</xbrli:identifier></xbrli:entity>'
            '<xbrli:period><xbrli:instant>2023-12-31</xbrli:instant></xbrli:period></xbrli:context></ix:resources>'
            '</ix:header></div><p><ix:nonNumeric name="dei:EntityRegistrantName" contextRef="c1">Hostile Test Corp'
            '</ix:nonNumeric></p>\n')
    page = "<p>" + " ".join(_WORDS) + ".</p>\n"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(head)
        for _ in range(int(mb * MB) // len(page)):
            fh.write(page)
        fh.write("</body></html>")
    return path


def spaces(path: Path, mb: float) -> Path:
    block = (b" " * 1023 + b"\n") * 1024
    with open(path, "wb") as fh:
        for _ in range(int(mb)):
            fh.write(block)
    return path


def zip_bomb(path: Path, members: int = 2, mb: int = 190) -> Path:
    """``members`` files of ``mb`` MB of zeros each, deflated to a few hundred KB."""
    zeros = b"0" * MB
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for k in range(members):
            with zf.open(f"filing-{k}.htm", "w", force_zip64=True) as out:
                for _ in range(mb):
                    out.write(zeros)
    return path


def zip_slip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("../../../../escaped-by-zip-slip.txt", b"Meeting notes: nothing about any filing.\n")
        zf.writestr("/abs/also-escaped.txt", b"More notes about lunch.\n")
    return path


_ENTITIES = ['<!ENTITY lol "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + ("" if i == 2 else str(i - 1)) + ";") * 10}">'
                                        for i in range(2, 10)]
BILLION_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [' + "".join(_ENTITIES) + ']>\n'
                  '<xbrl xmlns="http://www.xbrl.org/2003/instance"><a contextRef="c">&lol9;</a></xbrl>').encode()


def external_entity(secret: Path) -> bytes:
    return (f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]>'
            '<xbrl xmlns="http://www.xbrl.org/2003/instance"><a contextRef="c">&s;</a></xbrl>').encode()


TRUNCATED_INSTANCE = (b'<?xml version="1.0" encoding="utf-8"?>\n<xbrl xmlns="http://www.xbrl.org/2003/instance" '
                      b'xmlns:us-gaap="http://fasb.org/us-gaap/2023"><context id="c1"><entity><identifier '
                      b'scheme="http://www.sec.gov/CIK">0000000001</identifier></entity><period><instant>2023-12-31'
                      b'</instant></period></context><us-gaap:Revenues contextRef="c1" unitRef="usd" decimals="-3">12')
