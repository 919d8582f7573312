"""``athenakit check`` and ``athenakit transpile`` through the real CLI entry point."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from athenakit.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_text_output_lists_findings_then_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "a.sql").write_text("SELECT 1;\nSELECT `x` FROM t;\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.sql").write_text("SELECT 2")
    assert main(["check", str(tmp_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{tmp_path / 'a.sql'}:2:8: error AK310 backtick-quoted name `x` in a " \
        "Trino-side statement; write \"x\""
    assert lines[-1] == "1 error(s), 0 warning(s) in 2 file(s)"


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    sql = tmp_path / "w.sql"
    sql.write_text("CREATE TABLE n AS SELECT 1 AS a ORDER BY a")
    assert main(["check", str(sql)]) == 0
    assert main(["check", "--strict", str(sql)]) == 1


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sql = tmp_path / "j.sql"
    sql.write_text("SELECT first FROM t")
    assert main(["check", "--format", "json", str(sql)]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["summary"] == {"files": 1, "errors": 1, "warnings": 0}
    assert payload["diagnostics"][0]["code"] == "AK312"
    assert payload["diagnostics"][0]["doc"].startswith("https://docs.aws.amazon.com/athena/")


def test_fix_rewrites_files_in_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sql = tmp_path / "f.sql"
    sql.write_text("SELECT `a`, first FROM t -- note\n")
    assert main(["check", "--fix", str(sql)]) == 0
    assert sql.read_text() == 'SELECT "a", "first" FROM t -- note\n'
    assert "fixed AK310" in capsys.readouterr().err


def test_stdin_is_read_with_a_dash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("SELECT `a` FROM t"))
    assert main(["check", "--fix", "-"]) == 0
    assert capsys.readouterr().out == 'SELECT "a" FROM t'


def test_tables_from_spec_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sql = tmp_path / "q.sql"
    sql.write_text("SELECT nope FROM nowhere")
    assert main(["check", "--tables", str(EXAMPLES), str(sql)]) == 1
    assert "AK340 unknown table nowhere" in capsys.readouterr().out


def test_missing_path_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "/no/such/file.sql"]) == 1
    assert capsys.readouterr().err.strip() == (
        "athenakit: error: no such file or directory: /no/such/file.sql")


def test_transpile_reports_what_it_cannot_translate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    src = tmp_path / "s.sql"
    src.write_text("SELECT * FROM t PIVOT(SUM(x) FOR y IN (1, 2))")
    assert main(["transpile", "--from", "snowflake", str(src)]) == 1
    assert "AK304" in capsys.readouterr().err


def test_transpile_converts_and_fixes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "s.sql"
    src.write_text("SELECT `first`, DATE_ADD(d, INTERVAL 1 DAY) FROM t")
    assert main(["transpile", "--from", "mysql", str(src)]) == 0
    assert capsys.readouterr().out == (
        "SELECT \"first\", DATE_ADD('DAY', CAST('1' AS BIGINT), d) FROM t;\n")


def test_transpile_unknown_dialect(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "s.sql"
    src.write_text("SELECT 1")
    assert main(["transpile", "--from", "klingon", str(src)]) == 1
    assert "unknown SQL dialect 'klingon'" in capsys.readouterr().err


def test_pre_commit_hooks_run_the_check_command() -> None:
    import yaml

    hooks = yaml.safe_load((EXAMPLES.parent / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"]: h["entry"] for h in hooks} == {
        "athenakit-check": "athenakit check", "athenakit-fix": "athenakit check --fix"}
    assert all(h["language"] == "python" and h["types_or"] == ["sql"] for h in hooks)


def test_a_create_table_in_one_file_does_not_make_tables_of_other_files_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "ddl.sql").write_text(
        "CREATE EXTERNAL TABLE logs (a string) PARTITIONED BY (dt string) "
        "LOCATION 's3://b/logs/'")
    (tmp_path / "q.sql").write_text("SELECT x FROM other_table;\nSELECT a FROM logs")
    assert main(["check", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "AK340" not in out and "AK342" in out  # the declared table's rules still apply


def test_the_guide_corpus_is_clean_through_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    guide = Path(__file__).parent / "guide"
    files = [str(p) for p in sorted(guide.glob("statements_*.sql"))]
    assert main(["check", *files]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("0 error(s), 0 warning(s)")


def test_run_refuses_a_question_mark_outside_where_before_sending(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # querying-with-prepared-statements.html: "? parameters can be placed only in the WHERE
    # clause"; nothing is sent (no endpoint is reachable here)
    code = main(["run", "SELECT ? FROM t WHERE a = ?", "-p", "1", "-p", "2",
                 "--endpoint-url", "http://127.0.0.1:9", "--output", "s3://b/o/"])
    assert code == 1
    err = capsys.readouterr().err
    assert "line 1:8:" in err and "outside the WHERE clause" in err
