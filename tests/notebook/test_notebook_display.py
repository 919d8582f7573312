"""HTML and Markdown views of tables, results and diagnostics; user text is always escaped."""

from __future__ import annotations

import builtins
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from athenakit.errors import Diagnostic, Severity
from athenakit.notebook import display
from athenakit.query.result import QueryResult, QueryStats, ResultColumn
from athenakit.table.model import Column, Partition, ProjectionConfig, Table
from athenakit.table.projection import EnumProjection
from athenakit.table.spec import load_specs

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
SCRIPT = "<script>alert(1)</script>"


def hostile_table() -> Table:
    return Table(
        name="events", database="web", comment=f"owner {SCRIPT}",
        columns=(Column("id", "bigint", comment=SCRIPT), Column("note", "string", "a | b")),
        partitions=(Partition("region", comment="<b>r</b>",
                              projection=EnumProjection(values=("eu", "us"))),),
        projection=ProjectionConfig(enabled=True),
        location="s3://bucket/events/",
    )


def result(rows: int, value: Any = "x") -> QueryResult:
    stats = QueryStats("q-1", "SUCCEEDED", data_scanned_bytes=20 * 2**20, total_ms=1500)
    return QueryResult((ResultColumn("id", "integer"), ResultColumn("v", "varchar")),
                       [(i, value) for i in range(rows)], stats)


# --- tables -----------------------------------------------------------------------------

def test_table_html_escapes_comments_and_shows_every_section() -> None:
    html = display.table_html(hostile_table())
    assert SCRIPT not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>r</b>" not in html
    for section in ("web.events", "Columns", "Partitions", "Storage", "DDL", "bigint"):
        assert section in html
    assert "type=enum, values=eu,us" in html  # the projection of the partition
    assert "EXTERNAL" in html and "s3://bucket/events/" in html


def test_table_html_highlights_the_ddl_with_pygments() -> None:
    html = display.table_html(load_specs([EXAMPLES / "csv_quoted.yaml"])[0])
    assert '<div class="highlight"' in html and "<span style=" in html


def test_without_pygments_the_ddl_is_an_escaped_pre(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_pygments(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("pygments"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pygments)
    monkeypatch.setattr("importlib.import_module", lambda name: no_pygments(name))
    html = display.highlight_sql("SELECT '<x>' FROM t")
    assert html == "<pre>SELECT &#x27;&lt;x&gt;&#x27; FROM t</pre>"


def test_table_markdown_escapes_html_and_pipes_and_fences_the_ddl() -> None:
    text = display.table_markdown(hostile_table())
    prose, ddl = text.split("**DDL**")
    assert SCRIPT not in prose and "&lt;script&gt;" in prose
    assert SCRIPT in ddl  # inside the code fence, where Markdown shows it as text
    assert "a \\| b" in text
    assert "```sql\nCREATE EXTERNAL TABLE web.events (" in text


def test_every_example_spec_renders_in_both_views() -> None:
    tables = load_specs([EXAMPLES])
    assert len(tables) >= 5
    for table in tables:
        assert table.name in display.table_html(table)
        name = display.md(".".join(table.qualified_name))
        assert display.table_markdown(table).startswith(f"#### {name}\n")


def test_the_models_repr_methods_call_the_display_functions() -> None:
    table = hostile_table()
    assert table._repr_html_() == display.table_html(table)
    assert table._repr_markdown_() == display.table_markdown(table)


# --- results ----------------------------------------------------------------------------

def test_result_html_previews_a_bounded_number_of_rows_and_a_footer() -> None:
    html = display.result_html(result(25))
    assert html.count("<tr>") == 1 + display.PREVIEW_ROWS
    assert "… 5 more rows" in html
    assert "25 rows · scanned 20.00 MB · $0.000095 · 1.50s · SUCCEEDED q-1" in html
    assert "id (integer)" in html


def test_result_values_are_escaped_nulls_named_and_long_values_cut() -> None:
    html = display.result_html(result(1, SCRIPT))
    assert SCRIPT not in html and "&lt;script&gt;" in html
    assert "NULL" in display.result_html(result(1, None))
    long = display.result_html(result(1, "y" * 500))
    assert "y" * display.MAX_CELL_CHARS not in long and "…" in long


def test_result_markdown_is_a_table_with_the_footer_in_italics() -> None:
    text = display.result_markdown(result(2, "a|b"))
    lines = text.splitlines()
    assert lines[0] == "| id | v |" and lines[2] == "| 0 | a\\|b |"
    assert lines[-1].startswith("*2 rows · scanned 20.00 MB · \\$0.000095")


def test_a_local_result_footer_has_no_cost() -> None:
    stats = QueryStats("local-1", "SUCCEEDED", total_ms=5, engine="local")
    assert display.footer_text(stats, 1) == (
        "1 row · scanned 0 B · 0.01s · SUCCEEDED local-1 · local engine")


def test_query_result_repr_methods_call_the_display_functions() -> None:
    value = result(3, dt.date(2024, 1, 31))
    assert value._repr_html_() == display.result_html(value)
    assert "2024-01-31" in value._repr_markdown_()


# --- diagnostics ------------------------------------------------------------------------

DIAG = Diagnostic("AK310", Severity.ERROR, f"bad {SCRIPT}", path="columns[0].type",
                  file="q.sql", line=3, column=7,
                  doc="https://docs.aws.amazon.com/athena/latest/ug/reserved-words.html")


def test_diagnostic_html_escapes_the_message_and_links_the_doc() -> None:
    html = display.diagnostic_html(DIAG)
    assert SCRIPT not in html and "bad &lt;script&gt;" in html
    assert "q.sql:3:7 columns[0].type" in html
    assert 'href="https://docs.aws.amazon.com/athena/latest/ug/reserved-words.html"' in html
    assert DIAG._repr_html_() == html


def test_a_non_http_doc_link_is_not_linked() -> None:
    bad = Diagnostic("AK1", Severity.WARNING, "m", doc="javascript:alert(1)")
    assert "href" not in display.diagnostic_html(bad)
    assert "](" not in display.diagnostic_markdown(bad)


def test_diagnostics_views_count_errors_and_warnings() -> None:
    warning = Diagnostic("AK200", Severity.WARNING, "careful")
    html = display.diagnostics_html([DIAG, warning])
    assert "1 error, 1 warning" in html and html.count("athenakit-diagnostic") == 2
    text = display.diagnostics_markdown([DIAG, warning])
    assert text.splitlines()[0] == "**1 error, 1 warning**"
    assert "- **error** AK310 q.sql:3:7 columns\\[0\\].type bad &lt;script&gt;" in text
    assert display.md("# not a heading") == "\\# not a heading"
    assert display.diagnostics_markdown([]).startswith("**no findings**")
    assert DIAG._repr_markdown_() == display.diagnostic_markdown(DIAG)


def test_fenced_code_outgrows_backticks_inside() -> None:
    assert display.fenced("a ``` b").startswith("````sql\n")
