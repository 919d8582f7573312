"""The public surface: __all__ is sorted, complete and importable."""

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
