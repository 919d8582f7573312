"""Text bound for a terminal: control characters in data and messages shown as escapes.

A terminal acts on control characters: ESC starts colour, cursor-movement and window-title
sequences, CR and BS overwrite what was shown, BEL rings. Query results and error messages can
carry any of them, so the table output and the CLI's error lines pass through
:func:`escape_controls`. Imports nothing of athenakit.
"""

from __future__ import annotations

import re

__all__ = ["escape_controls"]

# C0 controls, DEL and C1 controls
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_controls(text: str, keep: str = "") -> str:
    r"""``text`` with each control character written as an escape (``\x1b``, ``\n`` ...).

    Args:
        text: data or a message bound for a terminal.
        keep: control characters to leave as they are (e.g. newline in a message).

    Returns:
        The text, safe to print.

    Example:
        >>> escape_controls("\x1b[31mred\r")
        '\\x1b[31mred\\r'
    """
    def escaped(match: re.Match[str]) -> str:
        ch = match.group()
        if ch in keep:
            return ch
        return _NAMED.get(ch) or f"\\x{ord(ch):02x}"

    return _CONTROLS.sub(escaped, text)
