"""The error raised when a query uses something the local engine cannot reproduce exactly."""

from __future__ import annotations

from typing import TYPE_CHECKING

from athenakit.errors import QueryError

if TYPE_CHECKING:
    from athenakit.table.model import Table


# the text that makes a failure raised inside DuckDB (``error('NOT_SUPPORTED_LOCALLY: <what>')``)
# a refusal (athenakit.local.runtime_errors)
REFUSED = "NOT_SUPPORTED_LOCALLY: "


class UnsupportedLocally(QueryError):
    """A function, construct or format the local engine cannot run with Athena's semantics.

    Raised instead of returning an answer that is known to differ from Athena's. Its message
    reads ``not supported locally: <what>``; :attr:`detail` holds the local engine's own
    message when DuckDB failed in a way the layer does not recognise.
    """

    def __init__(self, what: str, *, hint: str = "", detail: str = "") -> None:
        self.what, self.detail = what, detail
        text = f"not supported locally: {what}"
        super().__init__(f"{text} ({hint})" if hint else text, state="FAILED")


class DuckDBFailure(QueryError):
    """A DuckDB error the layer has not yet read as Athena's (internal).

    :func:`athenakit.local.binder_failures.as_athena` turns it into Athena's failure, or into an
    :class:`UnsupportedLocally` when DuckDB's message has no Athena counterpart; DuckDB's own
    text stays in :attr:`detail`.
    """

    def __init__(self, message: str, *, query_id: str | None = None) -> None:
        self.detail = message
        super().__init__("local query failed", query_id=query_id, state="FAILED",
                         reason=message)


def refuse_delta(table: Table) -> None:
    """Refuse any use of a Delta Lake table: the local engine does not read Delta logs.

    Raises:
        UnsupportedLocally: ``table`` is a Delta Lake table.
    """
    # https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables.html: Athena takes a Delta
    # table's columns, partitions and files from its Delta log; without reading the log any
    # answer (even an empty one) would be wrong
    if table.is_delta:
        name = ".".join(table.qualified_name)
        raise UnsupportedLocally("Delta Lake tables", hint=f"{name} takes its columns and "
                                 "files from its Delta log, which the local engine does not read")
