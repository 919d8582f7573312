"""Jupyter support: ``%load_ext athenakit`` magics and rich displays.

* :mod:`athenakit.notebook.magics` -- ``%%athena``, ``%athena_ddl``, ``%%athena_check`` and the
  ``load_ipython_extension`` / ``unload_ipython_extension`` hooks.
* :mod:`athenakit.notebook.display` -- the HTML / Markdown views of tables, results and
  diagnostics, gathered (each lives beside its value, below this layer, so ``_repr_html_`` works
  without the extension).
* :mod:`athenakit.notebook.interpolate` -- safe ``{name}`` / ``{name!i}`` interpolation.
* :mod:`athenakit.notebook.live` -- the live status line of a running query.

Nothing here imports IPython until the extension is loaded.
"""
