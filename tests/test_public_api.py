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
