"""Error responses of the endpoint's Athena API, in Athena's error shape.

JSON 1.1 clients read ``__type`` from the body, rest-json clients the ``x-amzn-ErrorType``
header; both get the code (``InvalidRequestException``, ``MetadataException``) and ``Message``.
https://docs.aws.amazon.com/athena/latest/APIReference/CommonErrors.html
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error response: Athena's error code and message."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status

    def body(self) -> dict[str, Any]:
        return {"__type": self.code, "Message": self.message, "message": self.message}


def invalid(message: str) -> ApiError:
    """``InvalidRequestException``: bad input, or an unknown query id or workgroup."""
    return ApiError("InvalidRequestException", message)
