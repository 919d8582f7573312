"""The corpus of realistic Athena statements passes with zero findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from athenakit.check import Catalog, check, split_statements
from athenakit.check.checker import known_tables

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(CORPUS.glob("*.sql"))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    cat = Catalog()
    for table in known_tables((CORPUS / "ddl.sql").read_text()):
        cat.add(table)
    return cat


def test_corpus_holds_at_least_forty_statements() -> None:
    assert sum(len(split_statements(f.read_text())) for f in FILES) >= 40


@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
def test_corpus_file_has_no_findings(path: Path, catalog: Catalog) -> None:
    assert [str(d) for d in check(path.read_text(), catalog, file=path.name)] == []


def test_corpus_queries_are_checked_against_the_corpus_tables(catalog: Catalog) -> None:
    # The known tables are really used: the same reads without partition filters are flagged.
    assert {d.code for d in check("SELECT client_ip FROM weblogs.alb_logs;"
                                  "SELECT tenant_id FROM weblogs.tenants", catalog)} == {
        "AK342", "AK343"}


def test_statements_are_classified_by_engine() -> None:
    kinds = [(s.engine.value, s.kind.value) for s in split_statements(
        (CORPUS / "dml.sql").read_text())]
    assert ("trino", "ctas") in kinds and ("trino", "unload") in kinds
    assert ("trino", "view") in kinds and ("trino", "merge") in kinds
    ddl = [(s.engine.value, s.kind.value) for s in split_statements(
        (CORPUS / "ddl.sql").read_text())]
    assert ("hive", "create_table") in ddl and ("hive", "msck") in ddl
