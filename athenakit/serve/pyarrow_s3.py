"""pyarrow's ``S3FileSystem`` pointed at the endpoint, for readers that build their own.

pyarrow's ``S3FileSystem(...)`` ignores ``AWS_ENDPOINT_URL`` / ``AWS_ENDPOINT_URL_S3`` and the
config file's ``endpoint_url`` (apache/arrow#49643, apache/arrow#44119; checked with pyarrow
25), so a reader that builds one from the region and the credentials alone -- pyathena's
``ArrowCursor`` reading ``<OutputLocation>/<id>.csv`` or an UNLOAD's Parquet files -- goes to
AWS whatever the environment says. (``FileSystem.from_uri("s3://...")``, and so
``pyarrow.parquet`` / ``pyarrow.dataset`` given ``s3://`` strings, do read
``AWS_ENDPOINT_URL``.)

While a :class:`Redirection` is active, ``pyarrow.fs.S3FileSystem`` is a subclass that adds
the endpoint (``endpoint_override``, scheme http, path-style addressing) when it is created
without an ``endpoint_override``; one given an explicit ``endpoint_override`` is created as
asked. ``isinstance`` checks against ``pyarrow.fs.S3FileSystem`` keep working for every S3
filesystem. pyarrow is not imported for this: if ``pyarrow.fs`` is not loaded yet, the
redirection is installed when it is. Code that bound ``S3FileSystem`` before the redirection
started (``from pyarrow.fs import S3FileSystem`` at import time) keeps pyarrow's own class.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec

_MODULE = "pyarrow.fs"
_lock = threading.Lock()


class Redirection:
    """Point new ``pyarrow.fs.S3FileSystem`` instances at ``url`` until :meth:`stop`.

    Args:
        url: the endpoint, ``http://HOST:PORT``.

    Example:
        >>> with Redirection("http://127.0.0.1:4566"):  # doctest: +SKIP
        ...     pyarrow.fs.S3FileSystem(region="us-east-1")  # talks to 127.0.0.1:4566
    """

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.endpoint, self.scheme = parts.netloc, parts.scheme or "http"
        self._saved: Any = None
        self._installed: Any = None
        self._module: ModuleType | None = None
        self._hook: _OnImport | None = None

    def start(self) -> Redirection:
        """Redirect now if ``pyarrow.fs`` is loaded, else as soon as it is imported."""
        with _lock:
            module = sys.modules.get(_MODULE)
            if module is not None:
                self._patch(module)
            else:
                self._hook = _OnImport(self._patch_locked)
                sys.meta_path.insert(0, self._hook)
        return self

    def stop(self) -> None:
        """Give ``pyarrow.fs`` its class back (unless something replaced it since)."""
        with _lock:
            if self._hook is not None and self._hook in sys.meta_path:
                sys.meta_path.remove(self._hook)
            self._hook = None
            module, self._module = self._module, None
            if module is not None and getattr(module, "S3FileSystem", None) is self._installed:
                setattr(module, "S3FileSystem", self._saved)  # noqa: B010

    @property
    def active(self) -> bool:
        """Whether ``pyarrow.fs.S3FileSystem`` is this redirection's class now."""
        module = self._module
        return module is not None and getattr(module, "S3FileSystem", None) is self._installed

    def __enter__(self) -> Redirection:  # noqa: PYI034
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _patch_locked(self, module: ModuleType) -> None:
        with _lock:
            self._patch(module)

    def _patch(self, module: ModuleType) -> None:
        if self._module is not None:
            return
        try:
            self._saved = module.S3FileSystem
        except (AttributeError, ImportError):  # pyarrow built without S3 raises ImportError
            return
        original = getattr(self._saved, "_athenakit_original", self._saved)
        self._installed = redirecting(original, self.endpoint, self.scheme)
        setattr(module, "S3FileSystem", self._installed)  # noqa: B010
        self._module = module


def redirecting(original: type, endpoint: str, scheme: str) -> type:
    """A subclass of pyarrow's ``S3FileSystem`` that adds ``endpoint`` when none is given;
    every ``S3FileSystem`` counts as an instance of it."""

    class _Same(type(original)):  # type: ignore[misc]
        def __instancecheck__(cls, instance: Any) -> bool:
            return isinstance(instance, original)

        def __subclasscheck__(cls, subclass: type) -> bool:
            return issubclass(subclass, original)

    class S3FileSystem(original, metaclass=_Same):  # type: ignore[misc]
        __doc__ = original.__doc__
        _athenakit_original = original

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            if not kwargs.get("endpoint_override"):
                kwargs.update(endpoint_override=endpoint, scheme=scheme,
                              force_virtual_addressing=False)
            super().__init__(*args, **kwargs)

    S3FileSystem.__module__ = original.__module__
    return S3FileSystem


class _OnImport:
    """A meta path finder: finds ``pyarrow.fs`` as the other finders would, and calls
    ``then(module)`` once it has been executed (importlib.abc is not imported: it is slow)."""

    def __init__(self, then: Any) -> None:
        self.then = then

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if fullname != _MODULE:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec: ModuleSpec | None = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _Then(spec.loader, self.then)  # type: ignore[assignment]
                return spec
        return None


class _Then:
    """A loader that runs another one, then a callback on the module."""

    def __init__(self, loader: Any, then: Any) -> None:
        self.loader, self.then = loader, then

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        module: ModuleType | None = self.loader.create_module(spec)
        return module

    def exec_module(self, module: ModuleType) -> None:
        self.loader.exec_module(module)
        self.then(module)

    def __getattr__(self, name: str) -> Any:  # get_source, is_package, ... as the loader's
        return getattr(self.loader, name)
