"""``athenakit estimate``, ``run --max-scan/--force`` and ``check``'s AK360 from the command
line, over a local S3 root: one clear line on refusal, never a traceback."""

from __future__ import annotations

import json

import pytest
from estimate_lake import BUCKET, Lake, files_under, parquet_bytes

from athenakit.cli import main
from athenakit.table.spec_writer import dumps_spec


@pytest.fixture
def specs(lake: Lake, tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("specs")
    (folder / "lake.yaml").write_text(dumps_spec([lake.events, lake.cities]), encoding="utf-8")
    return str(folder / "lake.yaml")


def day(lake: Lake, name: str) -> list:  # type: ignore[type-arg]
    return files_under(lake.root / BUCKET / "events" / f"dt={name}")


def test_estimate_prints_each_table_and_the_total(
        lake: Lake, specs: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["estimate", "SELECT city FROM lake.events WHERE dt = '2024-03-01'",
                 "--tables", specs, "--s3-root", str(lake.root), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    (only,) = out
    assert only["tables"][0]["partitions"] == 1
    assert only["scanned_bytes"] == parquet_bytes(day(lake, "2024-03-01"), ["city"])
    assert only["billed_bytes"] == 10 * 1024 * 1024


def test_estimate_text_names_the_assumptions(
        lake: Lake, specs: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimate", "SELECT * FROM lake.cities", "--tables", specs,
                 "--s3-root", str(lake.root)]) == 0
    out = capsys.readouterr().out
    assert "lake.cities" in out and "whole objects (csv)" in out
    assert "10 MB minimum" in out and "upper bound" in out


def test_run_refuses_a_query_over_the_budget_in_one_line(
        lake: Lake, specs: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", "--local", "--tables", specs, "--s3-root", str(lake.root),
                 "--max-scan", "1KB", "SELECT count(*) FROM lake.events"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("athenakit: error: not started: the estimate is ")
    assert "over the budget of 1.00 KB" in err and "Traceback" not in err
    assert err.count("\n") == 1


def test_force_runs_it_anyway(lake: Lake, specs: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", "--local", "--tables", specs, "--s3-root", str(lake.root), "-q",
                 "--max-scan", "1KB", "--force", "--format", "csv",
                 "SELECT count(*) FROM lake.cities"])
    assert code == 0
    assert capsys.readouterr().out.splitlines()[1] == "1200"  # 200 + 400 + 600 lines


def test_the_budget_can_come_from_the_environment(
        lake: Lake, specs: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATHENAKIT_MAX_SCAN", "1KB")
    code = main(["run", "--local", "--tables", specs, "--s3-root", str(lake.root),
                 "SELECT count(*) FROM lake.cities"])
    assert code == 1 and "over the budget" in capsys.readouterr().err


def test_a_bad_size_is_a_clear_error(
        lake: Lake, specs: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", "--local", "--tables", specs, "--max-scan", "lots", "SELECT 1"])
    assert code == 1
    assert capsys.readouterr().err == ("athenakit: error: not a size: 'lots' "
                                       "(write e.g. 10GB, 500MB or 1TB)\n")


def test_statements_that_read_nothing_pass_any_budget(
        lake: Lake, specs: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", "--local", "--tables", specs, "--s3-root", str(lake.root), "-q",
                 "--max-scan", "1", "CREATE DATABASE scratch"])
    assert code == 0, capsys.readouterr().err


def test_check_warns_on_queries_over_the_threshold(
        lake: Lake, specs: str, tmp_path_factory: pytest.TempPathFactory,
        capsys: pytest.CaptureFixture[str]) -> None:
    sql = tmp_path_factory.mktemp("sql") / "q.sql"
    sql.write_text("SELECT id FROM lake.events WHERE dt = '2024-02-27';\n\n"
                   "SELECT * FROM lake.events;\n", encoding="utf-8")
    code = main(["check", str(sql), "--tables", specs, "--s3-root", str(lake.root),
                 "--scan-threshold", "100KB"])
    out = capsys.readouterr().out
    assert code == 0
    assert f"{sql}:3:1: warning AK360 this query is estimated to scan" in out
    assert ":1:1: warning AK360" not in out
