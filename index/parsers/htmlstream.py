"""HTML read as a stream: its text lines and its tables, without ever holding the whole document.

The bytes are fed to lxml's parser a block at a time; the parser reports each tag and run of text to
:class:`HtmlStream` (a parser *target*), so no tree of the whole document is built:

* text lines come out as :func:`index.parsers.html.text_lines` makes them from a whole tree (one line a
  paragraph, one line a table row, script/style/head left out): the same lines, tested on real filings;
* each table is built as a small tree inside a *shadow* of the document that keeps only what a table's
  caption can still be read from (the blocks above it since the last table; a large block shrunk to
  its last lines), handed out in document order, and emptied once read;
* :class:`~index.limits.Limits` are checked as the document is read, so a file that would make too
  many passages or table cells is refused early (FileTooLarge), not after it has filled the memory.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from lxml import etree

from ..errors import FileTooLarge, ParseError
from ..limits import LIMITS, Limits

__all__ = ["HtmlStream", "BLOCK_TAGS", "SKIP_TAGS", "MAX_DEPTH", "row_line", "words_per_passage"]

BLOCK_TAGS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "center", "pre", "table"})
SKIP_TAGS = frozenset({"script", "style", "head"})
MAX_DEPTH = 300  # deeper elements are left out of the text (a nesting bomb, not a filing)
_BLOCK_BYTES = 1 << 20
_COMPACT_AT = 2000  # a block above a table with more elements than this is kept as its last lines only
_KEEP_LINES = 40  # ... that many (a caption is read from the last six)
_KEEP_SIBLINGS = 256  # a caption is looked for at most 200 steps above its table
_MAX_PENDING = 1_000_000  # elements held while the tables wait for the cover page (a 10-K has ~25,000 in all)
_MAX_PARAGRAPH_CHARS = 16 << 20  # one paragraph or cell: a real one is a few thousand characters
words_per_passage = 110  # chunking.MAX_CHUNK_WORDS: a passage holds at most this many words of a paragraph


# what lxml will not put in a tree (libxml2's HTML parser passes them on): control characters, and names that
# are not XML names ('o:p' from Word, '1a'). The shadow tree gets them cleaned; the text lines keep the text as is.
_NOT_XML_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_XML_NAME = re.compile(r"[^\W\d][\w.-]*")
_names: dict[str, str] = {}


def _xml_name(tag: str) -> str:
    """``tag`` if lxml takes it as an element name, else 'span' (an unknown tag is inline text either way)."""
    name = _names.get(tag)
    if name is None:
        name = _names[tag] = tag if _XML_NAME.fullmatch(tag) else "span"
    return name


def _xml_attrib(attrib) -> dict:
    return {k: _NOT_XML_TEXT.sub("", v) for k, v in attrib.items() if _XML_NAME.fullmatch(k)}


def row_line(cells: list[str]) -> str:
    """A table row as one line, 'Net loss | (2,924,236) | (1,402,000)': '$' cells dropped, a lone ')'
    or '%' joined to the cell before it (printed in two cells)."""
    merged: list[str] = []
    for c in cells:
        if c in (")", "%", ")%") and merged:
            merged[-1] += c
        elif c and c != "$":
            merged.append(c)
    return " | ".join(merged)


def _normal(parts: list[str]) -> str:
    return " ".join("".join(parts).replace("\xa0", " ").split())


class _Lines:
    """The walk of ``html.text_lines``, driven by the parser's events instead of a finished tree."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._buffered = 0  # characters waiting in the open paragraph or cell
        self.out: list[str] = []
        self.chars = 0  # of "\n".join(out)
        self.words = 0
        self.paragraphs = 0  # paragraph breaks as html._paragraphs makes them (each gives a passage)
        self._buf: list[str] = []
        self._skip_at: int | None = None  # depth of the element whose content is left out
        self._row_at: int | None = None  # depth of the open <tr>
        self._cells: list[list[str]] = []
        self._in_cell = False
        self._last_row = False

    def _emit(self, line: str) -> None:
        is_row = " | " in line
        if not self.out or is_row != self._last_row or (not is_row and self.out[-1].endswith((".", ":", ";", "?"))):
            self.paragraphs += 1
        self._last_row = is_row
        self.out.append(line)
        self.chars += len(line) + 1
        self.words += line.count(" ") + 1

    def _flush(self) -> None:
        self._buffered = 0
        if self._buf:
            t = _normal(self._buf)
            self._buf.clear()
            if t:
                self._emit(t)

    def start(self, tag: str, depth: int) -> None:
        if self._skip_at is not None:
            return
        if self._row_at is not None:  # a row reads the text of its direct td/th children, all of it
            if depth == self._row_at + 1:
                self._in_cell = tag in ("td", "th")
                if self._in_cell:
                    self._cells.append([])
            return
        if tag in SKIP_TAGS or depth > MAX_DEPTH:
            self._skip_at = depth
            return
        if tag == "tr":
            self._flush()
            self._row_at, self._cells, self._in_cell = depth, [], False
            return
        if tag in BLOCK_TAGS:
            self._flush()

    def data(self, text: str) -> None:
        if self._skip_at is not None:
            return
        self._buffered += len(text)
        if self._buffered > _MAX_PARAGRAPH_CHARS:
            raise FileTooLarge(f"one paragraph (or table cell) of it holds more than {_MAX_PARAGRAPH_CHARS >> 20} MB of "
                               "text with no break: generated or damaged, not a filing's text.",
                               "Check that it is the filing document itself.", source=self.source)
        if self._row_at is not None:
            if self._in_cell:
                self._cells[-1].append(text)
            return
        self._buf.append(text)

    def end(self, tag: str, depth: int) -> None:
        if self._skip_at is not None:
            if depth == self._skip_at:
                self._skip_at = None
            return
        if self._row_at is not None:
            if depth == self._row_at:
                self._buffered = 0
                line = row_line([_normal(c) for c in self._cells])
                if line:
                    self._emit(line)
                self._row_at, self._cells = None, []
            elif depth == self._row_at + 1:
                self._in_cell = False
            return
        if tag in BLOCK_TAGS:
            self._flush()

    def close(self) -> None:
        self._flush()


class _Open:
    """An element of the shadow tree whose end tag has not come yet."""

    __slots__ = ("el", "table_index", "has_table", "size", "last")

    def __init__(self, el: etree._Element) -> None:
        self.el = el
        self.table_index = -1  # for an outermost table: its place among all the document's tables
        self.has_table = False
        self.size = 0  # elements under it
        self.last: _Open | None = None  # its latest closed child, until that child is settled


class _Shadow:
    """The document's tree as far as tables still need it: the open elements, the blocks above the next
    table (since the last one), and whole tables until they are read."""

    def __init__(self, limits: Limits, source: str) -> None:
        self.builder = etree.TreeBuilder()
        self.limits, self.source = limits, source
        self.stack: list[_Open] = []
        self.tables = 0  # tables started so far
        self.open_tables = 0
        self.table_size = 0  # elements in the outermost table being built
        self.cells = 0
        self.elements = 0
        self.ready: deque[tuple[int, etree._Element]] = deque()  # outermost tables built, not yet read

    def start(self, tag: str, attrib: dict) -> None:
        if self.stack:
            self._settle(self.stack[-1])
        node = _Open(self.builder.start(_xml_name(tag), _xml_attrib(attrib)))
        self.elements += 1
        if self.open_tables:
            self.table_size += 1
            if self.table_size > self.limits.table_elements:
                raise FileTooLarge(f"one of its tables holds more than {self.limits.table_elements:,} elements "
                                   "(a real filing's largest table holds a few thousand).",
                                   "Check that the file is a filing; a table this size is generated, not written.",
                                   source=self.source)
        if tag == "table":
            if not self.open_tables:
                node.table_index, self.table_size = self.tables, 0
            self.tables += 1
            self.open_tables += 1
            node.has_table = True
            for up in self.stack:
                up.has_table = True
        elif tag in ("td", "th"):
            self.cells += 1
            if self.cells > self.limits.cells:
                raise FileTooLarge(f"its tables hold more than {self.limits.cells:,} cells (a large annual report "
                                   "holds about 10,000).", "Split the document, or raise FILINGQA_MAX_CELLS if you "
                                   "trust it and have the memory (about 1 KB a cell).", source=self.source)
        self.stack.append(node)

    def data(self, text: str) -> None:
        self.builder.data(_NOT_XML_TEXT.sub("", text))

    def end(self, tag: str) -> None:
        el = self.builder.end(_xml_name(tag))
        node = self.stack.pop()
        self._settle(node)
        if self.stack:
            parent = self.stack[-1]
            parent.size += node.size + 1
            parent.last = node
        if tag == "table":
            self.open_tables -= 1
            if not self.open_tables:
                self.ready.append((node.table_index, el))

    def _settle(self, parent: _Open) -> None:
        """``parent``'s latest closed child is complete (its tail too): shrink it if it is a large block
        no table needs whole, and forget blocks too far above to be any table's caption."""
        child, parent.last = parent.last, None
        if child is None or child.has_table or self.open_tables:
            return
        if child.size > _COMPACT_AT:
            from .html import text_lines

            stand_in = etree.Element("div")
            for line in text_lines(child.el)[-_KEEP_LINES:]:
                etree.SubElement(stand_in, "p").text = line
            stand_in.tail = child.el.tail
            parent.el.replace(child.el, stand_in)
        if not self.ready and len(parent.el) > 2 * _KEEP_SIBLINGS:
            del parent.el[:len(parent.el) - _KEEP_SIBLINGS]

    def read(self, el: etree._Element) -> None:
        """A table has been read: empty it (it still stops a later table's caption, as a table does) and
        drop everything before it, which no later table's caption can reach past it."""
        for child in list(el):
            el.remove(child)
        el.text = None
        node = el
        while (parent := node.getparent()) is not None:
            for sib in list(node.itersiblings(preceding=True)):
                parent.remove(sib)
            node = parent


class HtmlStream:
    """One HTML document read from bytes: ``lines`` grows as it is read; :meth:`tables` reads on."""

    def __init__(self, data: bytes, source: str, limits: Limits = LIMITS) -> None:
        self.source, self.limits = source, limits
        self._data = memoryview(data)
        self._at = 0
        self._lines = _Lines(source)
        self._shadow = _Shadow(limits, source)
        self._depth = 0
        self._parser = etree.HTMLParser(target=self, no_network=True, remove_comments=True, remove_pis=True,
                                        huge_tree=False)
        self.done = False
        self.problem = ""  # why the parser stopped before the end, if it did

    # --- the parser's target -----------------------------------------------------------------------------
    def start(self, tag, attrib) -> None:
        tag = tag.lower() if isinstance(tag, str) else ""
        self._lines.start(tag, self._depth)
        self._shadow.start(tag, attrib)
        self._depth += 1

    def end(self, tag) -> None:
        tag = tag.lower() if isinstance(tag, str) else ""
        self._depth -= 1
        self._lines.end(tag, self._depth)
        self._shadow.end(tag)

    def data(self, text: str) -> None:
        self._lines.data(text)
        self._shadow.data(text)

    def close(self) -> None:
        self._lines.close()

    # --- reading -----------------------------------------------------------------------------------------
    @property
    def lines(self) -> list[str]:
        return self._lines.out

    @property
    def chars(self) -> int:
        return self._lines.chars

    def pump(self) -> bool:
        """Feed the next block; False once the whole document has been read."""
        if self.done:
            return False
        try:
            if self._at < len(self._data):
                block = self._data[self._at:self._at + _BLOCK_BYTES]
                self._at += len(block)
                self._parser.feed(bytes(block))
            else:
                self.done = True
                self._parser.close()
        except etree.XMLSyntaxError as exc:
            self.done = True
            if not (self._lines.out or self._shadow.tables):
                raise ParseError(f"the HTML could not be read ({exc.msg}).", source=self.source) from exc
            # what was read stands; libxml2 gave up on the rest
            self.problem = f"the HTML could not be read past byte {self._at:,} ({exc.msg}); the text before it is indexed"
            return False
        self._check_passages()
        return not self.done

    def read_until(self, chars: int) -> None:
        """Read on until the text holds ``chars`` characters or the document ends (or, for a document of markup
        with hardly any text, until a million elements are held: the tables then start from the text so far)."""
        while self._lines.chars < chars and self._shadow.elements < _MAX_PENDING and self.pump():
            pass

    def tables(self) -> Iterator[tuple[int, etree._Element]]:
        """(index among all the document's tables, table) in document order, a nested table after the table
        around it, as ``root.iter("table")`` gives them; each is emptied once the next one is asked for."""
        shadow = self._shadow
        while True:
            while shadow.ready:
                index, outer = shadow.ready.popleft()
                for n, table in enumerate(outer.iter("table")):
                    yield index + n, table
                shadow.read(outer)
            if not self.pump() and not shadow.ready:
                return

    def finish(self) -> None:
        """Read to the end (the text of a document whose tables were not asked for)."""
        while self.pump():
            pass

    def _check_passages(self) -> None:
        lines = self._lines
        at_least = max(lines.paragraphs, lines.words // words_per_passage)
        if at_least > self.limits.passages:
            raise FileTooLarge(
                f"it would make more than {self.limits.passages:,} passages ({lines.words:,} words in "
                f"{lines.paragraphs:,} paragraphs read so far; a large annual report makes about 5,000), and every "
                "passage is embedded.",
                "Split the document, or raise FILINGQA_MAX_PASSAGES if you trust it and can wait "
                "(embedding runs at about 100 passages a second).", source=self.source)
