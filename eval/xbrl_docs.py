"""Finding the XBRL documents of filings on disk, and their labels, for the independent reader.

A folder is one filing's files (as EDGAR serves them): instances, inline documents, label and
presentation linkbases. An EDGAR submission ``.txt`` carries the same documents inside ``<DOCUMENT>``
blocks and is split into them. Documents are recognised by their content, not their names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from lxml import etree

from index.errors import FileTooLarge

__all__ = ["Document", "Labels", "documents_of", "filing_groups", "qname", "qname_of_uri"]

MAX_FILE_BYTES = 300 * 2**20  # a filing larger than this is not a filing (bounded memory)
_READ = (".xml", ".htm", ".html", ".xhtml", ".txt")
XLINK = "http://www.w3.org/1999/xlink"
LINK = "http://www.xbrl.org/2003/linkbase"
_ROLE = "http://www.xbrl.org/2003/role/"
STANDARD, TERSE = _ROLE + "label", _ROLE + "terseLabel"

# namespace -> the prefix everyone writes (a filing may bind any prefix to a namespace)
_CANONICAL = (("fasb.org/us-gaap", "us-gaap"), ("xbrl.us/us-gaap", "us-gaap"), ("xbrl.sec.gov/dei", "dei"),
              ("xbrl.us/dei", "dei"), ("fasb.org/srt", "srt"), ("xbrl.ifrs.org", "ifrs-full"), ("xbrl.sec.gov/ecd", "ecd"),
              ("xbrl.sec.gov/cyd", "cyd"), ("xbrl.sec.gov/country", "country"), ("xbrl.sec.gov/stpr", "stpr"),
              ("xbrl.sec.gov/currency", "currency"), ("xbrl.sec.gov/exch", "exch"), ("xbrl.org/2003/iso4217", "iso4217"),
              ("xbrl.org/2003/instance", "xbrli"))


def qname_of_uri(uri: str | None, prefix: str | None, local: str) -> str:
    for frag, canon in _CANONICAL:
        if uri and frag in uri:
            return f"{canon}:{local}"
    return f"{prefix}:{local}" if prefix else local


def qname(text: str, el) -> str:
    """'us-gaap:Revenues' written in a document, with the prefix the namespace usually has."""
    text = text.strip()
    if ":" not in text:
        return text
    prefix, local = text.split(":", 1)
    return qname_of_uri((el.nsmap or {}).get(prefix), prefix, local)


def _parser() -> etree.XMLParser:
    # no entities, no network, tolerant of the stray markup real filings carry
    return etree.XMLParser(recover=True, huge_tree=True, resolve_entities=False, no_network=True, remove_pis=True)


@dataclass(frozen=True)
class Document:
    name: str  # the file name (an embedded document: the submission's file name)
    group: str  # the folder or submission it belongs to (one filing)
    kind: str  # 'instance' | 'inline' | 'labels' | 'presentation'
    data: bytes

    def root(self):
        root = etree.fromstring(self.data, _parser())
        if root is None:
            raise ValueError("no XML element found")
        return root


def _kind(data: bytes) -> str | None:
    head = data[:60000].decode("latin-1").lower()
    if "<html" in head and "inlinexbrl" in head:
        return "inline"
    if re.search(r"<(\w+:)?linkbase[\s>]", head):
        if b"labelLink" in data:
            return "labels"
        if b"presentationLink" in data:
            return "presentation"
        return None
    if re.search(r"<(\w+:)?xbrl[\s>]", head) and "http://www.xbrl.org/2003/instance" in head:
        return "instance"
    return None


_SGML_DOC = re.compile(rb"<DOCUMENT>(.*?)</DOCUMENT>", re.S)
_SGML_TEXT = re.compile(rb"<TEXT>(.*?)</TEXT>", re.S)
_SGML_XBRL = re.compile(rb"^\s*<XBRL>(.*?)</XBRL>\s*$", re.S)


def _embedded(data: bytes) -> Iterator[bytes]:
    """The documents inside an EDGAR submission .txt (the <XBRL> wrapper removed)."""
    for m in _SGML_DOC.finditer(data):
        t = _SGML_TEXT.search(m.group(1))
        if t:
            body = t.group(1)
            x = _SGML_XBRL.match(body)
            yield x.group(1) if x else body


def _files(paths: Iterable[str | Path]) -> Iterator[Path]:
    for p in map(Path, paths):
        if p.is_dir():
            yield from (f for f in sorted(p.rglob("*")) if f.is_file() and not f.name.startswith(".")
                        and f.suffix.lower() in _READ)
        elif p.is_file():
            yield p


def documents_of(paths: Iterable[str | Path]) -> list[Document]:
    out = []
    for f in _files(paths):
        if f.stat().st_size > MAX_FILE_BYTES:
            raise FileTooLarge(f"{f.name} is {f.stat().st_size // 2**20} MB, more than a filing can be.",
                               "Leave it out of the sources.", source=f.name)
        data = f.read_bytes()
        parts = list(_embedded(data)) if f.suffix.lower() == ".txt" and b"<DOCUMENT>" in data[:200000] else [data]
        group = str(f) if len(parts) > 1 or f.suffix.lower() == ".txt" else str(f.parent)
        for part in parts:
            kind = _kind(part)
            if kind:
                out.append(Document(name=f.name, group=group, kind=kind, data=part))
    return out


def _clean_label(text: str) -> str:
    text = " ".join((text or "").replace("\u00a0", " ").split())
    return re.sub(r"\s*\[(member|axis|domain|abstract|line items|table|text block)\]\s*$", "", text, flags=re.I)


def _concept_of_href(href: str) -> str:
    """'aapl-20250329.xsd#us-gaap_Revenues' -> 'us-gaap:Revenues' (schema ids are prefix_Local)."""
    frag = href.rsplit("#", 1)[-1]
    if "_" not in frag:
        return frag
    prefix, local = frag.split("_", 1)
    return qname_of_uri(None, prefix, local)


class Labels:
    """Labels of one filing's concepts: the presentation's preferred label, else terse, else standard."""

    def __init__(self, label_docs: Iterable[Document] = (), presentation_docs: Iterable[Document] = ()):
        self.labels: dict[str, dict[str, str]] = defaultdict(dict)
        self.preferred: dict[str, str] = {}
        for doc in label_docs:
            self._read_labels(doc.root())
        for doc in presentation_docs:
            self._read_presentation(doc.root())

    @staticmethod
    def _locs(link) -> dict[str, str]:
        return {loc.get(f"{{{XLINK}}}label"): _concept_of_href(loc.get(f"{{{XLINK}}}href", ""))
                for loc in link.iter(f"{{{LINK}}}loc")}

    def _read_labels(self, root) -> None:
        for link in root.iter(f"{{{LINK}}}labelLink"):
            locs = self._locs(link)
            res: dict[str, list] = defaultdict(list)
            for lab in link.iter(f"{{{LINK}}}label"):
                res[lab.get(f"{{{XLINK}}}label")].append(lab)
            for arc in link.iter(f"{{{LINK}}}labelArc"):
                concept = locs.get(arc.get(f"{{{XLINK}}}from"))
                for lab in res.get(arc.get(f"{{{XLINK}}}to"), ()):
                    if concept:
                        self.labels[concept].setdefault(lab.get(f"{{{XLINK}}}role", STANDARD), "".join(lab.itertext()))

    def _read_presentation(self, root) -> None:
        for link in root.iter(f"{{{LINK}}}presentationLink"):
            locs = self._locs(link)
            for arc in link.iter(f"{{{LINK}}}presentationArc"):
                concept = locs.get(arc.get(f"{{{XLINK}}}to"))
                if concept and arc.get("preferredLabel"):
                    self.preferred.setdefault(concept, arc.get("preferredLabel"))

    def concept_label(self, concept: str) -> str:
        got = self.labels.get(concept, {})
        for role in (self.preferred.get(concept), TERSE, STANDARD):
            if role and got.get(role):
                return _clean_label(got[role])
        return ""

    def member_name(self, member: str) -> str:
        got = self.labels.get(member, {})
        for role in (TERSE, STANDARD):
            if got.get(role):
                return _clean_label(got[role])
        local = member.split(":")[-1]
        local = re.sub(r"Member$", "", local)
        return " ".join(re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", local)) or local


def filing_groups(docs: list[Document]) -> Iterator[tuple[list[Document], Labels]]:
    """(fact documents, labels) per folder or submission."""
    by_group: dict[str, list[Document]] = defaultdict(list)
    for d in docs:
        by_group[d.group].append(d)
    for _group, ds in sorted(by_group.items()):
        facts = [d for d in ds if d.kind in ("instance", "inline")]
        if facts:
            yield facts, Labels([d for d in ds if d.kind == "labels"], [d for d in ds if d.kind == "presentation"])
