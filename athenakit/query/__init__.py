"""What every engine shares: the :class:`~athenakit.query.base.Runner` protocol, query events,
parameter binding (:mod:`~athenakit.query.params`) and results
(:class:`~athenakit.query.result.QueryResult`, :class:`~athenakit.query.result.QueryStats`, and
their notebook views in :mod:`~athenakit.query.view`).

Athena (:mod:`athenakit.runner`) and the local engine (:mod:`athenakit.local`) implement the
protocol; the CLI, the notebook, the write planner and the Athena-compatible endpoint work on it,
whichever engine is behind it.
"""
