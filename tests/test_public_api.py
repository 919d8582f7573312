"""The public surface: __all__ is sorted, complete and importable."""

import pytest

import athenakit


def test_all_is_sorted_and_every_name_exists() -> None:
    assert athenakit.__all__ == sorted(athenakit.__all__)
    for name in athenakit.__all__:
        assert hasattr(athenakit, name), name


def test_public_classes_and_functions_are_all_exported() -> None:
    public = {n for n, v in vars(athenakit).items()
              if not n.startswith("_") and getattr(v, "__module__", "").startswith("athenakit")}
    assert public <= set(athenakit.__all__)


def test_lazy_exports_match_the_names_spelled_out_for_type_checkers() -> None:
    import ast
    from pathlib import Path

    tree = ast.parse(Path(athenakit.__file__).read_text("utf-8"))
    block = next(node for node in tree.body if isinstance(node, ast.If))  # if TYPE_CHECKING:
    spelled = {alias.name for node in block.body if isinstance(node, ast.ImportFrom)
               for alias in node.names}
    assert spelled == set(athenakit._EXPORTS)
    hooks = {"load_ipython_extension", "unload_ipython_extension"}
    assert set(athenakit.__all__) == set(athenakit._EXPORTS) | hooks


def test_importing_athenakit_loads_no_submodule_until_a_name_is_used() -> None:
    import subprocess
    import sys

    code = ("import sys, athenakit; "
            "print(sorted(m for m in sys.modules if m.startswith('athenakit.'))); "
            "athenakit.Table; print('athenakit.table.model' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out == ["[]", "True"]


# --- old module paths (athenakit.model, athenakit.render, ...) keep working -------------------

@pytest.mark.parametrize("old, new", sorted(athenakit._MOVED.items()))
def test_an_old_module_path_is_the_module_at_its_new_path(old: str, new: str) -> None:
    import importlib

    module = importlib.import_module(old)
    assert module is importlib.import_module(new)
    assert module.__name__ == new and module.__spec__ is not None
    assert module.__spec__.name == new


def test_names_import_from_old_module_paths() -> None:
    from athenakit.render import create_table
    from athenakit.runner.params import format_literal
    from athenakit.spec import loads_spec

    table = loads_spec("name: t\nlocation: s3://b/t/\ncolumns: [{name: a, type: int}]\n")[0]
    assert create_table(table).startswith("CREATE EXTERNAL TABLE t (")
    assert format_literal("it's") == "'it''s'"


def test_old_module_paths_are_not_loaded_in_a_fresh_process_until_imported() -> None:
    import subprocess
    import sys

    code = ("import sys, athenakit.render; "
            "print(sorted(m for m in sys.modules if m.startswith('athenakit.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert "'athenakit.render'" in out and "'athenakit.table.render'" in out
