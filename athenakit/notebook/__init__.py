"""Jupyter support: ``%load_ext athenakit`` magics and rich displays.

* :mod:`athenakit.notebook.magics` -- ``%%athena``, ``%athena_ddl``, ``%%athena_check`` and the
  ``load_ipython_extension`` / ``unload_ipython_extension`` hooks.
* :mod:`athenakit.notebook.display` -- HTML / Markdown views of tables, results and diagnostics
  (pure functions; the ``_repr_html_`` methods of the model call them).
* :mod:`athenakit.notebook.interpolate` -- safe ``{name}`` / ``{name!i}`` interpolation.
* :mod:`athenakit.notebook.live` -- the live status line of a running query.

Nothing here imports IPython until the extension is loaded.
"""
