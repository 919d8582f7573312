"""``athenakit serve``: an Athena-compatible endpoint on the local engine, with S3 and Glue.

Unmodified boto3, pyathena or awswrangler code talks to it as to AWS once
``AWS_ENDPOINT_URL`` points at it. Athena requests (both wire protocols, :mod:`routes`) are
answered by :mod:`api`: queries are queued and run asynchronously by worker threads
(:mod:`executions`, :mod:`worker`) on the local engine, whose catalog is the endpoint's Glue
(:mod:`catalog`); results are written where Athena writes them (:mod:`results`). S3 and Glue
requests are served by moto in the same process (:mod:`server`). The pytest fixture for users'
test suites is :mod:`athenakit.testing`.

Example:
    >>> from athenakit.serve import Endpoint  # doctest: +SKIP
    >>> with Endpoint(port=0) as endpoint:  # doctest: +SKIP
    ...     athena = boto3.client("athena", endpoint_url=endpoint.url)
"""

from __future__ import annotations

from athenakit.serve.server import Endpoint

__all__ = ["Endpoint"]
