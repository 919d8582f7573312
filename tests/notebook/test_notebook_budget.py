"""``%%athena --max-scan``: the budget guard of ``athenakit run`` in a notebook cell; a query
over budget is refused in one line and never runs."""

from __future__ import annotations

from typing import Any

from IPython.utils.capture import capture_output


def run(shell: Any, cell: str) -> tuple[Any, Any]:
    with capture_output() as captured:
        outcome = shell.run_cell(cell)
    return outcome, captured


def test_a_cell_over_the_budget_is_refused_in_one_line(shell: Any, local: str) -> None:
    outcome, captured = run(shell, f"%%athena {local} --max-scan 100B -o nb_budget\n"
                                   "SELECT count(*) FROM csv_quoted")
    assert not outcome.success
    lines = [line for line in captured.stdout.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("athenakit: not started: the estimate is ")
    assert "over the budget of 100 B" in lines[0]
    assert "nb_budget" not in shell.user_ns


def test_force_and_a_larger_budget_run_the_cell(shell: Any, local: str) -> None:
    for options in ("--max-scan 100B --force", "--max-scan 1MB"):
        outcome, captured = run(shell, f"%%athena {local} {options} -o nb_budget\n"
                                       "SELECT count(*) FROM csv_quoted")
        assert outcome.success, captured.stdout
        assert shell.user_ns.pop("nb_budget").rows[0][0] > 0
