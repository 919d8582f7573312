"""Views in spec files: read beside tables, rendered by ``athenakit ddl``, imported from CREATE
VIEW text by ``athenakit import``, and run by the local engine.

https://docs.aws.amazon.com/athena/latest/ug/create-view.html
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp

from athenakit.check import check
from athenakit.cli import main
from athenakit.errors import SpecError, SqlError
from athenakit.table.spec import load_specs, loads_spec
from athenakit.table.views import View, load_views, views_from_ddl, views_of_document

FILE = """\
database: analytics
tables:
  - name: events
    location: s3://b/events/
    columns: [{name: id, type: bigint}, {name: dt, type: string}]
views:
  - name: recent_events
    query: |
      SELECT id, dt
      FROM analytics.events
      WHERE dt >= '2024-06-01'
  - name: counts
    database: reports
    query: SELECT dt, count(*) AS n FROM analytics.events GROUP BY dt
"""


def test_a_file_holds_tables_and_views_and_each_loader_takes_its_own(tmp_path: Path) -> None:
    path = tmp_path / "analytics.yaml"
    path.write_text(FILE)
    assert [t.name for t in load_specs([path])] == ["events"]
    assert load_views([tmp_path]) == [
        View("recent_events", "SELECT id, dt\nFROM analytics.events\nWHERE dt >= '2024-06-01'",
             "analytics"),
        View("counts", "SELECT dt, count(*) AS n FROM analytics.events GROUP BY dt", "reports")]


def test_a_file_may_hold_one_view_or_views_only(tmp_path: Path) -> None:
    assert loads_spec("name: v\nquery: SELECT 1 AS x\n") == []
    assert views_of_document({"name": "v", "query": "SELECT 1"}) == [View("v", "SELECT 1")]
    assert loads_spec("views:\n  - {name: v, query: SELECT 1}\n") == []


@pytest.mark.parametrize(("document", "message"), [
    ({"views": [{"name": "v"}]}, "views\\[0\\].query: error AK003"),
    ({"views": [{"name": "v", "query": "SELECT 1", "qurey": "x"}]}, "unknown key 'qurey'"),
    ({"views": [{"name": "v", "query": "  ;"}]}, "a view needs a query"),
    ({"views": [{"name": "x" * 300, "query": "SELECT 1"}]}, "views\\[0\\].name: error AK101"),
    ({"views": "SELECT 1"}, "expected a list of views"),
])
def test_a_bad_view_names_the_field(document: dict[str, object], message: str) -> None:
    with pytest.raises(SpecError, match=message):
        views_of_document(document, "v.yaml")


def test_ddl_renders_views_after_tables_and_the_output_is_check_clean(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "analytics.yaml"
    path.write_text(FILE)
    assert main(["ddl", str(path)]) == 0
    out = capsys.readouterr().out
    statements = [s for s in out.split(";\n\n")]
    assert statements[0].startswith("CREATE EXTERNAL TABLE analytics.events (")
    assert statements[1] == ("CREATE OR REPLACE VIEW analytics.recent_events AS\n"
                             "SELECT id, dt\nFROM analytics.events\nWHERE dt >= '2024-06-01'")
    tree = sqlglot.parse_one(statements[2], read="athena")
    assert isinstance(tree, exp.Create) and tree.args.get("replace")
    assert (tree.this.db, tree.this.name) == ("reports", "counts")
    assert [str(f) for f in check(out)] == []


def test_import_reads_create_view_back_and_the_spec_renders_the_same(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "analytics.yaml"
    path.write_text(FILE)
    main(["ddl", str(path)])
    ddl = tmp_path / "out.sql"
    ddl.write_text(capsys.readouterr().out)
    back = tmp_path / "back.yaml"
    assert main(["import", str(ddl), "-o", str(back)]) == 0
    assert load_views([back]) == load_views([path])
    main(["ddl", str(back)])
    assert capsys.readouterr().out == ddl.read_text()


def test_show_create_view_text_keeps_its_query_as_written() -> None:
    # SHOW CREATE VIEW prints double-quoted names (Trino side)
    sql = ('CREATE VIEW "analytics"."top" AS\nSELECT "id"\n  FROM events -- keep me\n'
           "ORDER BY id DESC LIMIT 10;\nCREATE OR REPLACE VIEW v2 AS SELECT 2 AS x")
    assert views_from_ddl(sql) == [
        View("top", 'SELECT "id"\n  FROM events -- keep me\nORDER BY id DESC LIMIT 10',
             "analytics"),
        View("v2", "SELECT 2 AS x")]
    with pytest.raises(SqlError):
        views_from_ddl("CREATE VIEW v AS SELECT FROM WHERE")


def test_import_of_views_only_writes_a_views_spec(tmp_path: Path) -> None:
    ddl = tmp_path / "v.sql"
    ddl.write_text("CREATE VIEW analytics.v AS SELECT 1 AS x")
    out = tmp_path / "v.yaml"
    assert main(["import", str(ddl), "-o", str(out)]) == 0
    assert out.read_text() == "name: v\ndatabase: analytics\nquery: SELECT 1 AS x\n"


def test_a_view_from_a_spec_runs_on_the_local_engine(tmp_path: Path) -> None:
    from athenakit.local.engine import LocalEngine
    from athenakit.write.view import create_view

    [view] = views_of_document({"name": "three", "database": "default",
                                "query": "SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3"})
    engine = LocalEngine(s3_root=tmp_path)
    engine.run(create_view(view.name, view.query, database=view.database, or_replace=True))
    assert engine.run('SELECT sum(x) FROM "default".three').rows == [(6,)]
