"""The endpoint: one threaded HTTP server for Athena, S3 and Glue.

Athena requests (JSON 1.1 ``X-Amz-Target: AmazonAthena.*`` or rest-json paths signed for the
``athena`` service) are answered by :class:`~athenakit.serve.api.AthenaApi`; every other request
goes to moto's WSGI application in the same process, which serves S3 and Glue (and whatever else
moto offers). Changes to Glue and to S3 objects passing through count as a new generation, after
which the query workers rebuild their engines.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from athenakit.errors import CatalogError, ConfigError
from athenakit.serve import routes
from athenakit.serve.faults import ApiError

log = logging.getLogger(__name__)

# Credentials the endpoint's own clients sign with (moto accepts any); never the user's.
_OWN = ("athenakit-serve", "athenakit-serve")
_GLUE_WRITES = ("Create", "Update", "Delete", "BatchCreate", "BatchDelete", "BatchUpdate",
                "Import")
StartResponse = Callable[..., Any]


class Endpoint:
    """An Athena-compatible endpoint on ``host:port`` (port 0: a free one).

    Args:
        host: the address to bind; loopback by default.
        port: the port; 0 picks a free one.
        workers: how many queries run at once.
        kept_results: how many of the newest results are held in memory ...
        kept_values: ... holding at most this many values between them; older results are
            spilled to disk (:mod:`athenakit.serve.spill`), where GetQueryResults still pages
            them, so memory stays bounded.
        spill_dir: where spilled results go; None: a temporary folder removed at :meth:`stop`.

    Example:
        >>> with Endpoint(port=0) as endpoint:  # doctest: +SKIP
        ...     boto3.client("athena", endpoint_url=endpoint.url)
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 4566, *, workers: int = 4,
                 kept_results: int = 5000, kept_values: int = 2_000_000,
                 spill_dir: str | None = None) -> None:
        self.host, self.port, self.workers = host, port, workers
        self.kept_results, self.kept_values, self.spill_dir = kept_results, kept_values, spill_dir
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._generation = 0
        self._catalog_generation = 0
        self._internal: set[tuple[str, str]] = set()
        self._clients: dict[tuple[str, str], Any] = {}
        self._moto: Any = None
        self.api: Any = None
        self._queries_stopped = False
        self.mirror: Any = None  # a mirror.DataMirror: S3 changes written back to a directory

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> Endpoint:
        """Bind, start serving in a background thread, and start the query workers.

        Raises:
            OSError: the address cannot be bound (e.g. the port is in use).
            ConfigError: moto's server is not installed.
        """
        try:
            from moto.moto_server.werkzeug_app import (
                DomainDispatcherApplication,
                MotoRequestHandler,
                create_backend_app,
            )
            from werkzeug.serving import make_server
        except ImportError as err:
            raise ConfigError("athenakit serve needs moto's server for S3 and Glue: "
                              "pip install 'athenakit[serve]'") from err
        from athenakit.serve import worker
        from athenakit.serve.api import AthenaApi
        from athenakit.serve.executions import Executions

        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
        self._moto = DomainDispatcherApplication(create_backend_app)
        self._server = make_server(self.host, self.port, self, threaded=True,
                                   request_handler=MotoRequestHandler)
        self.port = int(self._server.server_address[1])
        from athenakit.serve.spill import Spill

        executions = Executions(lambda: worker.Worker(self), worker.run,
                                lambda w: w.cancel(), workers=self.workers,
                                kept_results=self.kept_results, kept_values=self.kept_values,
                                spill=Spill(self.spill_dir))
        self.api = AthenaApi(executions, self.glue)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name="athenakit-serve", daemon=True)
        self._thread.start()
        return self

    def stop_queries(self) -> None:
        """Cancel queued and running queries and stop the workers (S3 and Glue still serve)."""
        if self.api is not None and not self._queries_stopped:
            self._queries_stopped = True
            self.api.executions.shutdown()

    def stop(self) -> None:
        """Cancel queued and running queries, then stop serving."""
        self.stop_queries()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self.api is not None:
            self.api.executions.close()

    def __enter__(self) -> Endpoint:  # noqa: PYI034
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- what the query workers use -------------------------------------------------------

    def generation(self) -> int:
        """How many changes to Glue or to S3 objects have passed through the endpoint."""
        return self._generation

    def catalog_generation(self) -> int:
        """How many changes to Glue have passed through the endpoint."""
        return self._catalog_generation

    def written(self, bucket: str, key: str) -> None:
        """Announce an object the endpoint itself writes (a result), which is not a change."""
        with self._lock:
            self._internal.add((bucket, key))

    def client(self, service: str, region: str) -> Any:
        """A boto3 client of the endpoint's own (made once per service and region)."""

        with self._lock:
            if (service, region) not in self._clients:
                session: Any = _session(region)
                self._clients[(service, region)] = session.client(service, endpoint_url=self.url)
            return self._clients[(service, region)]

    def s3(self, region: str) -> Any:
        return self.client("s3", region)

    def glue(self, region: str) -> Any:
        """A :class:`~athenakit.glue.catalog.GlueCatalog` on the endpoint's Glue (the first
        one of a region also creates its ``default`` database, as every Athena account has)."""
        from athenakit.serve.catalog import glue_catalog

        with self._lock:
            made = self._clients.get(("catalog", region))
            if made is None:
                made = glue_catalog(self.url, region, _session(region))
                made.aws.client("glue")  # made now, under the lock: sessions are not thread-safe
                made.aws.client("s3")
                self._clients[("catalog", region)] = made
                fresh = True
            else:
                fresh = False
        if fresh:  # outside the lock: the call comes back to this server
            _default_database(made)
        return made

    # --- WSGI -----------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        signed = routes.scope(environ.get("HTTP_AUTHORIZATION", ""))
        region, service = signed or ("us-east-1", "")
        operation = routes.json_target(environ.get("HTTP_X_AMZ_TARGET", ""))
        if operation is not None or service == "athena":
            return self._athena(environ, start_response, operation, region)
        if self.mirror is None or service != "s3" or \
                environ.get("REQUEST_METHOD") not in ("PUT", "POST", "DELETE"):
            answer = self._moto(environ, start_response)
            self._note_change(environ, service)
            return answer  # type: ignore[no-any-return]
        return self._mirrored(environ, start_response)

    def _mirrored(self, environ: dict[str, Any],
                  start_response: StartResponse) -> list[bytes]:
        """An S3 change, then its objects written back to the mirror's directory."""
        import io

        from athenakit.serve.mirror import changed_keys

        body = b""
        if environ["REQUEST_METHOD"] == "POST" and environ.get("CONTENT_LENGTH"):
            # DeleteObjects names its keys in the body: read it, and hand moto a copy
            body = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
            environ["wsgi.input"] = io.BytesIO(body)
        status: list[str] = []

        def started(code: str, headers: Any, *rest: Any) -> Any:
            status.append(code)
            return start_response(code, headers, *rest)

        answer = list(self._moto(environ, started))
        self._note_change(environ, "s3")
        if status and status[0][:1] == "2":
            bucket, keys = changed_keys(environ["REQUEST_METHOD"], environ.get("HTTP_HOST", ""),
                                        environ.get("PATH_INFO", "/"),
                                        environ.get("QUERY_STRING", ""), body)
            for key in keys:
                try:
                    self.mirror.sync(bucket, key)
                except OSError as err:  # the S3 change stands; only its copy failed
                    log.warning("cannot write s3://%s/%s back to %s: %s", bucket, key,
                                self.mirror.root, err)
        return answer

    def _athena(self, environ: dict[str, Any], start_response: StartResponse,
                operation: str | None, region: str) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        try:
            if operation is not None:
                params = _json(body)
            else:
                found = routes.rest_operation(environ["REQUEST_METHOD"],
                                              environ.get("PATH_INFO", "/"),
                                              environ.get("QUERY_STRING", ""), _json(body))
                if found is None:
                    raise ApiError("UnknownOperationException",
                                   f"{environ['REQUEST_METHOD']} {environ.get('PATH_INFO')} is "
                                   "not an Athena operation athenakit serve supports", 404)
                operation, params = found
            return _respond(start_response, 200, self.api.call(operation, params, region))
        except ApiError as err:
            return _respond(start_response, err.status, err.body(), err.code)
        except Exception as err:  # a 500 in Athena's shape, never a traceback
            log.exception("athena %s failed", operation)
            failure = ApiError("InternalServerException", f"{type(err).__name__}: {err}", 500)
            return _respond(start_response, 500, failure.body(), failure.code)

    def _note_change(self, environ: dict[str, Any], service: str) -> None:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if target.startswith("AWSGlue."):
            changed = target.partition(".")[2].startswith(_GLUE_WRITES)
        elif service == "s3" and method in ("PUT", "POST", "DELETE"):
            from athenakit.serve.mirror import s3_object

            bucket, key = s3_object(environ.get("HTTP_HOST", ""), environ.get("PATH_INFO", "/"))
            with self._lock:
                changed = (bucket, key) not in self._internal
                self._internal.discard((bucket, key))
        else:
            changed = False
        if changed:
            with self._lock:
                self._generation += 1
                self._catalog_generation += target.startswith("AWSGlue.")


def _json(body: bytes) -> dict[str, Any]:
    try:
        found = json.loads(body) if body.strip() else {}
    except ValueError as err:
        raise ApiError("SerializationException", f"the request body is not JSON: {err}") from None
    if not isinstance(found, dict):
        raise ApiError("SerializationException", "the request body is not a JSON object")
    return found


def _default_database(glue: Any) -> None:
    """Every Athena account has the ``default`` database; so does the endpoint's Glue."""
    from athenakit.glue.client import error_code

    try:
        glue.aws.glue("create_database", DatabaseInput={"Name": "default"})
    except CatalogError as err:
        if error_code(err) != "AlreadyExistsException":
            raise


def _session(region: str) -> Any:
    import boto3

    return boto3.session.Session(region_name=region, aws_access_key_id=_OWN[0],
                                 aws_secret_access_key=_OWN[1])


def _respond(start_response: StartResponse, status: int, body: dict[str, Any],
             error: str | None = None) -> list[bytes]:
    data = json.dumps(body, default=str).encode()
    headers = [("Content-Type", "application/x-amz-json-1.1"),
               ("Content-Length", str(len(data)))]
    if error:
        headers.append(("x-amzn-ErrorType", error))
    reasons = {200: "OK", 400: "Bad Request", 404: "Not Found", 500: "Internal Server Error"}
    start_response(f"{status} {reasons.get(status, 'Error')}", headers)
    return [data]
