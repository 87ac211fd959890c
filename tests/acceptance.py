"""The public search acceptance set (../shared/search/queries.tsv), read once for the tests that use it.

A clone without ../shared beside it still collects: the tests that need the set get one
parameter, marked `acceptance_missing`, that fails (tests/conftest.py) with the reason before
any site is built or browser started; every other test runs as usual.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT.parent / "shared" / "search" / "queries.tsv"


def missing(path: Path) -> str:
    return (
        f"the public search acceptance set is missing: {path} "
        "(it lives in ../shared beside the clone; these tests need it, the others do not)"
    )


def acceptance_rows(path: Path = QUERIES) -> list[tuple[str, str, list[str]]]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for row in csv.reader((line for line in f if not line.startswith("#")), delimiter="\t"):
            if row:
                rows.append((row[0], row[1], row[2].split(" | ")))
    return rows


def acceptance_params(path: Path = QUERIES) -> list:
    """The set as pytest parameters (query, kind, where); one failing parameter when the file is missing."""
    if not path.is_file():
        mark = pytest.mark.acceptance_missing(missing(path))
        return [pytest.param("", "", [], id="acceptance-set-missing", marks=mark)]
    return acceptance_rows(path)
