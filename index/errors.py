"""One rooted error tree for the whole product.

Every error says what was wrong and what to do about it, in words a user can act on.
`index` owns the tree because it sits at the bottom of the dependency order; `qa`, `ui`
and `eval` re-export it (``from qa import FilingQAError``).
"""

from __future__ import annotations

__all__ = [
    "FilingQAError",
    "ParseError",
    "UnsupportedFormat",
    "FileTooLarge",
    "IndexError_",
    "IndexNotFound",
    "IndexIncompatible",
    "IndexCorrupt",
    "IndexLocked",
    "InvalidQuestion",
    "GoldFileError",
    "ScopeNotFound",
]


class FilingQAError(Exception):
    """Base of every error filingqa raises on purpose.

    ``what`` says what went wrong, ``fix`` what the user can do. ``str(err)`` joins them.
    """

    default_fix = ""

    def __init__(self, what: str, fix: str | None = None):
        self.what = what
        self.fix = fix if fix is not None else self.default_fix
        super().__init__(self.what if not self.fix else f"{self.what} {self.fix}")


class ParseError(FilingQAError, ValueError):
    """A file could not be read as a filing (empty, binary, garbled, truncated...)."""

    default_fix = "Check that the file is a complete EDGAR filing document and ingest it again."

    def __init__(self, what: str, fix: str | None = None, *, source: str = ""):
        self.source = source
        super().__init__(f"{source}: {what}" if source else what, fix)


class UnsupportedFormat(ParseError):
    """The content is readable but matches no format filingqa can parse."""

    default_fix = (
        "Supported: XBRL instance .xml (with its linkbases), inline XBRL .htm, R*.htm pages with "
        "FilingSummary.xml, EDGAR full-submission .txt, plain HTML filings, EDGAR R-page text, "
        "or a folder/.zip of those."
    )


class FileTooLarge(ParseError):
    """A file over the configured size limit; refused before it is read into memory."""

    default_fix = "Split the filing, or raise FILINGQA_MAX_FILE_MB if you trust the file."


class IndexError_(FilingQAError):
    """Base for problems with an index directory (named with _ to avoid the builtin)."""


class IndexNotFound(IndexError_, LookupError):
    default_fix = "Build one with `filingqa ingest PATH... --index DIR`, or omit --index to use the bundled samples."


class IndexIncompatible(IndexError_):
    """Built by another model or format version: vectors or tables would not mean the same."""

    default_fix = "Rebuild it: `filingqa ingest PATH... --index NEW_DIR` (the old directory is left as it is)."


class IndexCorrupt(IndexError_):
    """A committed file is missing or its checksum does not match the manifest."""

    default_fix = "Rebuild it from the original filings with `filingqa ingest PATH... --index NEW_DIR`."


class IndexLocked(IndexError_):
    """Another process is writing to the same index."""

    default_fix = "Wait for the other ingest to finish, then try again."


class ScopeNotFound(FilingQAError, LookupError):
    """``within=`` names no filing, file or company of the index."""

    default_fix = "Give a file name, a filing id, or a company's name, ticker or CIK as the index lists them."


class InvalidQuestion(FilingQAError, ValueError):
    default_fix = "Ask one question in plain words, e.g. 'How many RSUs vested in 2023?'."


class GoldFileError(FilingQAError, ValueError):
    """A gold-question file (eval) has a line that does not follow the format."""

    default_fix = (
        'Each line must be a JSON object with "id", "question", "kind" (lookup|arith|narrative|abstain), '
        '"value", "unit", "accept_text", "source".'
    )
