"""The error raised when a query uses something the local engine cannot reproduce exactly."""

from __future__ import annotations

from athenakit.errors import QueryError


class UnsupportedLocally(QueryError):
    """A function, construct or format the local engine cannot run with Athena's semantics.

    Raised instead of returning an answer that is known to differ from Athena's.
    """

    def __init__(self, what: str, *, hint: str = "") -> None:
        self.what = what
        text = f"{what} is not supported locally"
        super().__init__(f"{text} ({hint})" if hint else text, state="FAILED")
