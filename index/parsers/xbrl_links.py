"""What the taxonomy files of a filing add to its facts: labels, statement titles, row order.

Read from the label and presentation linkbases (``*_lab.xml``, ``*_pre.xml``) and the company
schema (``*.xsd``, whose role definitions carry titles like "0000002 - Statement - CONSOLIDATED
STATEMENTS OF OPERATIONS"). Files are matched by content, not by the names the instance's
``schemaRef`` gives (those are often wrong in saved copies).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .xmlsafe import local

__all__ = ["Taxonomy", "Role", "read_linkbase_or_schema", "looks_like_taxonomy", "concept_from_href"]

XLINK = "{http://www.w3.org/1999/xlink}"
_LABEL_ROLES_PREFERRED = ("terseLabel", "label", "verboseLabel")
_ROLE_DEF = re.compile(r"^\s*(\d+)\s*-\s*(\w+)\s*-\s*(.+)$")


@dataclass(frozen=True)
class Role:
    uri: str
    title: str
    category: str  # Statement | Disclosure | Document | Schedule ... as the definition says
    order: int


@dataclass
class Taxonomy:
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # concept -> role name -> text
    roles: dict[str, Role] = field(default_factory=dict)
    presentation: dict[str, list[str]] = field(default_factory=dict)  # role uri -> concepts in order

    def label(self, concept: str) -> str:
        roles = self.labels.get(concept, {})
        for r in _LABEL_ROLES_PREFERRED:
            if roles.get(r):
                return roles[r]
        return ""

    def all_labels(self, concept: str) -> list[str]:
        return list(dict.fromkeys(v for v in self.labels.get(concept, {}).values() if v))

    def merge(self, other: "Taxonomy") -> None:
        for c, roles in other.labels.items():
            self.labels.setdefault(c, {}).update(roles)
        self.roles.update(other.roles)
        for r, cs in other.presentation.items():
            self.presentation.setdefault(r, []).extend(c for c in cs if c not in self.presentation.get(r, []))

    def placements(self) -> dict[str, list[tuple[Role, int]]]:
        """concept -> (role, row position) for every statement/note that presents it, in role order."""
        out: dict[str, list[tuple[Role, int]]] = {}
        for uri, concepts in self.presentation.items():
            role = self.roles.get(uri) or Role(uri, _title_from_uri(uri), "", 10**9)
            for pos, c in enumerate(concepts):
                out.setdefault(c, []).append((role, pos))
        for v in out.values():
            v.sort(key=lambda rp: (rp[0].order, rp[1]))
        return out


def _title_from_uri(uri: str) -> str:
    tail = uri.rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", tail)


def concept_from_href(href: str) -> str:
    """'...us-gaap-2024.xsd#us-gaap_Revenues' -> 'us-gaap:Revenues'."""
    frag = href.rsplit("#", 1)[-1]
    prefix, _, name = frag.partition("_")
    return f"{prefix}:{name}" if name else frag


def looks_like_taxonomy(root: etree._Element) -> bool:
    return local(root.tag) in ("linkbase", "schema")


def read_linkbase_or_schema(root: etree._Element) -> Taxonomy:
    tax = Taxonomy()
    if local(root.tag) == "schema":
        for rt in root.iter("{*}roleType"):
            uri = rt.get("roleURI", "")
            d = next((el.text or "" for el in rt if local(el.tag) == "definition"), "")
            m = _ROLE_DEF.match(d)
            if m:
                tax.roles[uri] = Role(uri, m.group(3).strip(), m.group(2), int(m.group(1)))
            elif uri:
                tax.roles[uri] = Role(uri, d.strip() or _title_from_uri(uri), "", 10**9)
        return tax
    for link in root:
        kind = local(link.tag)
        if kind == "labelLink":
            _read_labels(link, tax)
        elif kind == "presentationLink":
            _read_presentation(link, tax)
        elif kind == "roleRef":
            pass
    return tax


def _locators(link: etree._Element) -> dict[str, str]:
    return {el.get(XLINK + "label"): concept_from_href(el.get(XLINK + "href", ""))
            for el in link if local(el.tag) == "loc"}


def _read_labels(link: etree._Element, tax: Taxonomy) -> None:
    locs = _locators(link)
    resources: dict[str, list[tuple[str, str]]] = {}
    for el in link:
        if local(el.tag) == "label":
            role = el.get(XLINK + "role", "").rsplit("/", 1)[-1]
            text = " ".join("".join(el.itertext()).split())
            resources.setdefault(el.get(XLINK + "label"), []).append((role, text))
    for el in link:
        if local(el.tag) == "labelArc":
            concept = locs.get(el.get(XLINK + "from"))
            if concept:
                for role, text in resources.get(el.get(XLINK + "to"), []):
                    tax.labels.setdefault(concept, {}).setdefault(role, text)


def _read_presentation(link: etree._Element, tax: Taxonomy) -> None:
    locs = _locators(link)
    children: dict[str, list[tuple[float, str]]] = {}
    has_parent: set[str] = set()
    for el in link:
        if local(el.tag) == "presentationArc":
            a, b = el.get(XLINK + "from"), el.get(XLINK + "to")
            try:
                order = float(el.get("order", "0"))
            except ValueError:
                order = 0.0
            children.setdefault(a, []).append((order, b))
            has_parent.add(b)
    ordered: list[str] = []
    seen: set[str] = set()

    def walk(node: str, depth: int) -> None:
        if node in seen or depth > 50:
            return
        seen.add(node)
        c = locs.get(node)
        if c and c not in ordered:
            ordered.append(c)
        for _, child in sorted(children.get(node, [])):
            walk(child, depth + 1)

    for root_label in [lab for lab in locs if lab not in has_parent]:
        walk(root_label, 0)
    role = link.get(XLINK + "role", "")
    tax.presentation.setdefault(role, []).extend(c for c in ordered if c not in tax.presentation.get(role, []))
