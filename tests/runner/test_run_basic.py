from moto_harness import MotoServer

from athenakit.runner.athena import Athena


def test_a_select_returns_typed_rows_and_stats(moto: MotoServer, athena: Athena) -> None:
    moto.queue_results([{"Name": "n", "Type": "integer"}, {"Name": "s", "Type": "varchar"}],
                       [["1", "a"], ["2", None]])
    result = athena.run("SELECT n, s FROM t")
    assert result.rows == [(1, "a"), (2, None)]
    assert result.stats.state == "SUCCEEDED"
