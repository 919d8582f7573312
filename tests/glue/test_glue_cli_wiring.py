"""``athenakit partitions SPEC --sync`` and ``athenakit diff SPEC glue:DB.TABLE`` against
moto's Glue and S3 over real HTTP: the commands of the write path reach the Glue catalog."""

from __future__ import annotations

from pathlib import Path

import pytest
from moto_harness import REGION, MotoServer, s3_client

from athenakit.cli import main
from athenakit.glue import GlueCatalog
from athenakit.table.spec import loads_spec

SPEC = """\
name: events
database: web
location: s3://bucket/events/
columns:
  - {name: id, type: bigint}
  - {name: url, type: string}
partitions:
  - {name: dt, type: string}
storage: {format: parquet}
"""


def spec_file(tmp_path: Path, text: str = SPEC) -> str:
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def aws(moto: MotoServer) -> list[str]:
    return ["--region", REGION, "--endpoint-url", moto.url]


def test_partitions_sync_registers_the_missing_folders_and_prunes_only_when_asked(
        glue: GlueCatalog, moto: MotoServer, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    glue.apply(loads_spec(SPEC))
    s3 = s3_client(moto.url)
    for day in ("2024-03-01", "2024-03-02", "2024-03-03"):
        s3.put_object(Bucket="bucket", Key=f"events/dt={day}/part-0.parquet", Body=b"x")
    spec = spec_file(tmp_path)
    assert main(["partitions", spec, "--sync", *aws(moto)]) == 0
    assert capsys.readouterr().out == "added 3, already present 0\n"
    s3.delete_object(Bucket="bucket", Key="events/dt=2024-03-01/part-0.parquet")
    assert main(["partitions", spec, "--sync", *aws(moto)]) == 0
    assert "already present 2, 1 registered without data" in capsys.readouterr().out
    assert main(["partitions", spec, "--sync", "--prune", "--dry-run", *aws(moto)]) == 0
    captured = capsys.readouterr()
    assert "would remove dt=2024-03-01" in captured.err
    parts = glue.aws.glue("get_partitions", DatabaseName="web", TableName="events")
    assert len(parts["Partitions"]) == 3  # the dry run removed nothing
    assert main(["partitions", spec, "--sync", "--prune", *aws(moto)]) == 0
    assert "removed dt=2024-03-01" in capsys.readouterr().err
    parts = glue.aws.glue("get_partitions", DatabaseName="web", TableName="events")
    assert sorted(p["Values"][0] for p in parts["Partitions"]) == ["2024-03-02", "2024-03-03"]


def test_diff_against_a_glue_table_prints_the_alter_that_adds_a_column(
        glue: GlueCatalog, moto: MotoServer, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    glue.apply(loads_spec(SPEC))
    desired = spec_file(tmp_path, SPEC.replace(
        "  - {name: url, type: string}\n",
        "  - {name: url, type: string}\n  - {name: referrer, type: string}\n"))
    code = main(["diff", desired, "glue:web.events", "--check", *aws(moto)])
    out = capsys.readouterr().out
    assert code == 1
    # https://docs.aws.amazon.com/athena/latest/ug/alter-table-add-columns.html
    assert out == "ALTER TABLE web.events ADD COLUMNS (\n  referrer string\n);\n"
    assert main(["diff", spec_file(tmp_path), "glue:web.events", "--check", *aws(moto)]) == 0


def test_diff_names_a_missing_glue_table_in_one_line(
        glue: GlueCatalog, moto: MotoServer, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["diff", spec_file(tmp_path), "glue:web.nope", *aws(moto)])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("athenakit: error: ") and err.count("\n") == 1
    assert "nope" in err and "Traceback" not in err
