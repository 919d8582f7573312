"""``%athena`` takes options on the line form; ``%%athena`` lints a cell before running it."""

from __future__ import annotations

from typing import Any

import pytest
from IPython.utils.capture import capture_output

from athenakit.errors import ConfigError
from athenakit.notebook.options import split_line_options


def run(shell: Any, cell: str) -> tuple[Any, Any]:
    with capture_output() as captured:
        outcome = shell.run_cell(cell)
    return outcome, captured


def test_the_line_form_takes_options_before_the_sql(shell: Any, local: str) -> None:
    outcome, captured = run(shell, f"nb_one = %athena {local} SELECT 1 AS one")
    assert outcome.success, captured.stdout + captured.stderr
    assert shell.user_ns["nb_one"].rows == [(1,)]


def test_a_backtick_query_is_refused_with_checks_finding(shell: Any, local: str) -> None:
    # Trino reads backticks as an error; the finding says what to write instead
    # (https://docs.aws.amazon.com/athena/latest/ug/reserved-words.html)
    outcome, captured = run(shell, f"%%athena {local} -o nb_bt\nSELECT `city` FROM csv_quoted")
    assert not outcome.success
    assert 'AK310' in captured.stdout and 'write "city"' in captured.stdout
    assert "nb_bt" not in shell.user_ns  # nothing ran
    assert "Traceback" not in captured.stdout + captured.stderr


def test_no_check_runs_the_cell_as_written(shell: Any, local: str) -> None:
    outcome, captured = run(shell, f"%%athena {local} --no-check -o nb_nc\nSELECT 2 AS two")
    assert outcome.success, captured.stdout
    assert shell.user_ns["nb_nc"].rows == [(2,)]


@pytest.mark.parametrize(("line", "options", "sql"), [
    ("SELECT 1", None, "SELECT 1"),
    ("--local SELECT 1", "--local", "SELECT 1"),
    ("--local --tables 'my specs/' -o r SELECT 'a -b'", "--local --tables 'my specs/' -o r",
     "SELECT 'a -b'"),
    ("--region=eu-west-1 SELECT 1", "--region=eu-west-1", "SELECT 1"),
    ("-- a comment\nSELECT 1", None, "-- a comment\nSELECT 1"),
])
def test_line_options_end_at_the_first_sql_word(line: str, options: str | None, sql: str) -> None:
    assert split_line_options(line) == (options, sql)


def test_an_unknown_line_option_is_refused() -> None:
    with pytest.raises(ConfigError, match="--nope"):
        split_line_options("--nope SELECT 1")
