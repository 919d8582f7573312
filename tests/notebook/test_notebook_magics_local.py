"""The magics through IPython's own machinery (InteractiveShell, %load_ext) on the local engine
with the shipped sample data."""

from __future__ import annotations

import _thread
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from IPython.utils.capture import capture_output

from athenakit.query.result import QueryResult
from athenakit.table.spec import load_specs

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"

CITY_QUERY = "SELECT city, count(*) AS customers FROM csv_quoted GROUP BY city ORDER BY city"


def run(shell: Any, cell: str) -> tuple[Any, Any]:
    """Run a cell, capturing stdout, stderr and rich outputs."""
    with capture_output() as captured:
        outcome = shell.run_cell(cell)
    return outcome, captured


def outputs_with(captured: Any, mime: str) -> list[str]:
    return [o.data[mime] for o in captured.outputs if mime in o.data]


def test_importing_athenakit_does_not_import_ipython() -> None:
    code = "import sys, athenakit; print('IPython' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert proc.stdout.strip() == "False"


def test_load_ext_registers_the_magics_and_unload_removes_them(shell: Any) -> None:
    magics = shell.magics_manager.magics
    assert "athena" in magics["cell"] and "athena_check" in magics["cell"]
    assert "athena_ddl" in magics["line"] and "athena" in magics["line"]
    shell.run_line_magic("unload_ext", "athenakit")
    assert "athena" not in shell.magics_manager.magics["cell"]
    assert "athena" not in shell.magics_manager.magics["line"]
    shell.run_line_magic("load_ext", "athenakit")
    assert "athena" in shell.magics_manager.magics["cell"]


def test_a_cell_shows_the_rows_as_a_dataframe_and_a_footer(shell: Any, local: str) -> None:
    outcome, captured = run(shell, f"%%athena {local} -o nb_result\n{CITY_QUERY}")
    assert outcome.success, captured.stderr
    html = outputs_with(captured, "text/html")
    assert "dataframe" in html[0] and "Hampton" in html[0] and "New York" in html[0]
    footer = outputs_with(captured, "text/plain")[-1]
    assert footer.startswith("3 rows · scanned ") and "SUCCEEDED local-" in footer
    result = shell.user_ns["nb_result"]
    assert isinstance(result, QueryResult)
    assert result.rows == [("Hampton", 1), ("London", 2), ("New York", 1)]
    assert result.stats.query_id in captured.stderr  # the plain-text status line


def test_the_line_form_returns_the_result_with_the_last_cells_options(
        shell: Any, local: str) -> None:
    first, _ = run(shell, f"%%athena {local}\nSELECT 1")
    assert first.success
    outcome, captured = run(shell, f"nb_line = %athena {CITY_QUERY}")
    assert outcome.success, captured.stderr
    assert shell.user_ns["nb_line"].rows == [("Hampton", 1), ("London", 2), ("New York", 1)]
    assert not any("dataframe" in h for h in outputs_with(captured, "text/html"))  # assigned
    assert outputs_with(captured, "text/plain")[-1].startswith("3 rows · scanned ")  # footer
    shown, captured = run(shell, "%athena SELECT count(*) AS n FROM csv_quoted")
    assert shown.success and shown.result.rows == [(4,)]  # IPython shows it once, as Out


def test_several_statements_run_in_order_and_the_last_result_is_shown(
        shell: Any, local: str) -> None:
    cell = (f"%%athena {local} -o nb_last\n"
            "CREATE TABLE nb_rich AS SELECT * FROM csv_quoted WHERE lifetime_value > 1000;\n"
            "SELECT count(*) AS n FROM nb_rich")
    outcome, captured = run(shell, cell)
    assert outcome.success, captured.stderr
    assert shell.user_ns["nb_last"].rows == [(2,)]
    footers = outputs_with(captured, "text/plain")
    assert footers[0].startswith("[1/2] 0 rows · scanned")  # the CTAS statement's footer
    assert footers[-1].startswith("[2/2] 1 row · scanned")


def test_cells_with_the_same_options_share_the_engine_and_its_tables(
        shell: Any, local: str) -> None:
    first, _ = run(shell, f"%%athena {local}\nCREATE TABLE nb_kept AS SELECT 41 AS answer")
    assert first.success
    cell = f"%%athena {local} -o nb_kept_rows\nSELECT answer + 1 FROM nb_kept"
    second, captured = run(shell, cell)
    assert second.success, captured.stderr
    assert shell.user_ns["nb_kept_rows"].rows == [(42,)]


def test_python_variables_become_literals_and_identifiers(shell: Any, local: str) -> None:
    shell.user_ns.update(nb_city="London", nb_column="full_name", nb_table="csv_quoted")
    cell = (f"%%athena {local} -o nb_people\n"
            "SELECT {nb_column!i} FROM {nb_table!i} WHERE city = {nb_city} ORDER BY 1")
    outcome, captured = run(shell, cell)
    assert outcome.success, captured.stderr
    assert [r[0] for r in shell.user_ns["nb_people"].rows] == ["Ada Lovelace", "Alan Turing"]


def test_an_injection_attempt_stays_one_string_literal(shell: Any, local: str) -> None:
    attack = "x'; DROP TABLE csv_quoted; --"
    shell.user_ns["nb_attack"] = attack
    outcome, captured = run(shell, f"%%athena {local} -o nb_echo\n"
                                   "SELECT {nb_attack} AS v, length({nb_attack}) AS n")
    assert outcome.success, captured.stderr
    assert shell.user_ns["nb_echo"].rows == [(attack, len(attack))]
    after, _ = run(shell, f"%%athena {local} -o nb_count\nSELECT count(*) FROM csv_quoted")
    assert after.success and shell.user_ns["nb_count"].rows == [(4,)]


def test_param_options_fill_question_marks(shell: Any, local: str) -> None:
    cell = (f"%%athena {local} --param str:London --param 1000 -o nb_p\n"
            "SELECT count(*) FROM csv_quoted WHERE city = ? AND lifetime_value > ?")
    outcome, captured = run(shell, cell)
    assert outcome.success, captured.stderr
    assert shell.user_ns["nb_p"].rows == [(1,)]


@pytest.mark.parametrize(("cell", "message"), [
    ("SELECT * FROM missing_table",
     "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.default.missing_table' does not exist"),
    ("SELECT {nb_undefined}", "no variable 'nb_undefined' in the notebook"),
    ("SELECT {1 + 1}", "unmatched '{'"),
    ("SELECT {nb_x!r}", "unknown conversion !r"),
])
def test_errors_show_as_one_line_without_a_traceback(
        shell: Any, local: str, cell: str, message: str) -> None:
    shell.user_ns["nb_x"] = 1
    outcome, captured = run(shell, f"%%athena {local}\n{cell}")
    assert not outcome.success
    lines = [line for line in captured.stdout.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("athenakit: ") and message in lines[0]
    assert "Traceback" not in captured.stdout + captured.stderr


def test_a_failed_query_names_its_id_and_state(shell: Any, local: str) -> None:
    outcome, captured = run(shell, f"%%athena {local}\nSELECT * FROM nowhere")
    assert not outcome.success
    assert "state FAILED" in captured.stdout and re.search(r"query id local-[0-9a-f-]+", captured.stdout)


def test_a_bad_option_is_one_line(shell: Any) -> None:
    outcome, captured = run(shell, "%%athena --no-such-option\nSELECT 1")
    assert not outcome.success
    assert captured.stdout.strip().startswith("athenakit: %%athena: unrecognized arguments")


def by_display_id(captured: Any) -> dict[str, list[Any]]:
    """Rich outputs grouped by display id, in order (first shown, then its updates)."""
    groups: dict[str, list[Any]] = {}
    for output in captured.outputs:
        groups.setdefault(output.transient["display_id"], []).append(output)
    return groups


def test_rich_mode_updates_display_handles_in_place(shell: Any, local: str) -> None:
    shell.magics_manager.registry["AthenaMagics"].rich = True
    cell = f"%%athena {local}\nCREATE TABLE nb_ddl AS SELECT 1 AS one;\nSELECT one FROM nb_ddl"
    outcome, captured = run(shell, cell)
    assert outcome.success
    ctas, select, footer = by_display_id(captured).values()
    assert not ctas[0].update and all(o.update for o in ctas[1:])
    assert "[1/2] <b" in ctas[0].data["text/html"] and "RUNNING" in ctas[0].data["text/html"]
    assert "query local-" in ctas[0].data["text/plain"]  # the query id is shown at once
    assert ctas[-1].data["text/plain"].startswith("[1/2] 0 rows · scanned")
    assert "RUNNING" in select[0].data["text/plain"]
    assert "dataframe" in select[-1].data["text/html"]  # the status line became the rows
    assert [o.data["text/plain"][:21] for o in footer] == ["[2/2] 1 row · scanned"]


def test_athena_ddl_shows_a_spec_file_and_a_variable(shell: Any) -> None:
    spec = str(EXAMPLES / "csv_quoted.yaml")
    outcome, captured = run(shell, f"%athena_ddl {spec}")
    assert outcome.success
    ddl = outputs_with(captured, "text/plain")[0]
    assert ddl.startswith("CREATE EXTERNAL TABLE csv_quoted (") and ddl.endswith(";")
    assert "OpenCSVSerde" in outputs_with(captured, "text/html")[0]
    shell.user_ns["nb_tables"] = load_specs([EXAMPLES / "csv_quoted.yaml",
                                             EXAMPLES / "json_events.yaml"])
    outcome, captured = run(shell, "%athena_ddl nb_tables")
    assert outcome.success
    assert outputs_with(captured, "text/plain")[0].count("CREATE EXTERNAL TABLE") == 2


def test_athena_ddl_of_a_value_that_is_not_a_table_is_one_line(shell: Any) -> None:
    shell.user_ns["nb_number"] = 3
    outcome, captured = run(shell, "%athena_ddl nb_number")
    assert not outcome.success
    assert captured.stdout.strip() == "athenakit: nb_number holds a int, not a Table"


def test_athena_check_shows_findings_and_binds_them(shell: Any) -> None:
    outcome, captured = run(shell, "%%athena_check -o nb_found\nSELECT `a` FROM t")
    assert outcome.success
    assert [d.code for d in shell.user_ns["nb_found"]] == ["AK310"]
    html = outputs_with(captured, "text/html")[0]
    assert "AK310" in html and re.search(r"1 (error|warning)", html)
    clean, captured = run(shell, f"%%athena_check --tables {EXAMPLES / 'csv_quoted.yaml'}\n"
                                 "SELECT city FROM csv_quoted")
    assert clean.success
    assert outputs_with(captured, "text/plain")[0] == "no findings"


@pytest.mark.parametrize("delay", [0.0, 0.5], ids=["while-translating", "while-executing"])
def test_a_kernel_interrupt_stops_a_local_query(shell: Any, local: str, delay: float) -> None:
    magics = shell.magics_manager.registry["AthenaMagics"]

    def interrupt_once_running() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if any(r.on_event is not None for r in magics.runners.values()):
                break  # the statement was handed to the engine
            time.sleep(0.01)
        time.sleep(delay)  # 0.5 s: DuckDB is running the endless join by then
        _thread.interrupt_main()

    threading.Thread(target=interrupt_once_running, daemon=True).start()
    # 10^12 rows (sequence stops at Trino's 10,000 entries): far longer than the test, so a
    # missed interrupt fails the test rather than hanging the suite
    endless = ("SELECT count(*) FROM UNNEST(sequence(1, 10000)) AS a(x) "
               "CROSS JOIN UNNEST(sequence(1, 10000)) AS b(y) "
               "CROSS JOIN UNNEST(sequence(1, 10000)) AS c(z) WHERE x * y * z % 7 = 3")
    outcome, captured = run(shell, f"%%athena {local}\n{endless}")
    assert not outcome.success
    assert re.fullmatch(r"athenakit: interrupted; query local-[0-9a-f-]+ stopped\n",
                        captured.stdout)


def test_the_readme_jupyter_cells_run(shell: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    root = EXAMPLES.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Jupyter", 1)[1].split("\n## ", 1)[0]
    cells = re.findall(r"```text\n(.*?)```", section, re.DOTALL)
    assert len(cells) == 2
    monkeypatch.chdir(root)
    for cell in cells:
        outcome, captured = run(shell, cell.replace("%load_ext athenakit\n", ""))
        assert outcome.success, captured.stdout + captured.stderr
    shell.user_ns.pop("skip", None)
    by_city = shell.user_ns.pop("by_city")
    assert isinstance(by_city, QueryResult)
    assert sorted(r[0] for r in by_city.rows) == ["Hampton", "New York"]  # London skipped
