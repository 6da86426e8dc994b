"""Every bound on what one ingest may cost, declared once (docs/security.md gives the measured effect).

A file over a bound is refused early — before it is read whole, unpacked, parsed or embedded — with a
:class:`~index.errors.FileTooLarge` that says which bound and how to raise it. Each bound can be moved
with an environment variable, read when the process starts.

=============================  ==========  ===============================================================
variable                       default     what it bounds
=============================  ==========  ===============================================================
``FILINGQA_MAX_FILE_MB``       200         one file (or one zip member) on disk
``FILINGQA_MAX_TREE_MB``       80          a document read whole as a tree (XBRL, inline XBRL, R pages,
                                           R-page text): about 10x its size in memory while parsed
``FILINGQA_MAX_PASSAGES``      20000       passages one file makes (each one is embedded: the time bound)
``FILINGQA_MAX_CELLS``         500000      table cells one HTML file holds (each may become a fact)
``FILINGQA_MAX_UPLOAD_MB``     500         one upload or one zip, unpacked
``FILINGQA_MAX_ZIP_MEMBERS``   5000        entries in one zip
``FILINGQA_MAX_ZIP_RATIO``     200         unpacked size / packed size of a zip (a filing packs ~10x)
=============================  ==========  ===============================================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["Limits", "LIMITS", "MB"]

MB = 1 << 20


def _mb(name: str, default: float) -> int:
    return int(float(os.environ.get(name, default)) * MB)


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass(frozen=True)
class Limits:
    file_bytes: int = _mb("FILINGQA_MAX_FILE_MB", 200)
    tree_bytes: int = _mb("FILINGQA_MAX_TREE_MB", 80)
    # the largest real filings here make ~2,200 passages (UNH's 10-K); each is embedded, the cost of an ingest
    passages: int = _int("FILINGQA_MAX_PASSAGES", 20_000)
    cells: int = _int("FILINGQA_MAX_CELLS", 500_000)
    # one table is built as a tree before it is read: a real 10-K's largest has ~2,500 elements
    table_elements: int = 250_000
    upload_bytes: int = _mb("FILINGQA_MAX_UPLOAD_MB", 500)
    zip_members: int = _int("FILINGQA_MAX_ZIP_MEMBERS", 5000)
    zip_ratio: int = _int("FILINGQA_MAX_ZIP_RATIO", 200)


LIMITS = Limits()
