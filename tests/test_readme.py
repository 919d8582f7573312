"""The README's commands work as written: each `athenakit ...` line in a ``sh`` block runs, and
where a ``text`` block follows, it is exactly what the command prints."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", README, re.DOTALL)


def _words(line: str) -> list[list[str]]:
    """The simple commands of a shell line: split at ``&&``, cut at a ``>`` redirection."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    commands: list[list[str]] = [[]]
    redirected = False
    for token in lexer:
        if token == "&&":
            commands.append([])
            redirected = False
        elif token == ">":
            redirected = True
        elif not redirected:
            commands[-1].append(token)
    return [c for c in commands if c]


def _commands() -> list[tuple[list[str], str | None]]:
    """(athenakit arguments, the text block after them or None), for every command that needs
    no AWS account (Athena-side ``run`` and ``apply`` are tested against moto)."""
    found = []
    for i, (lang, body) in enumerate(BLOCKS):
        if lang != "sh":
            continue
        after = BLOCKS[i + 1] if i + 1 < len(BLOCKS) else ("", "")
        for line in body.replace("\\\n", " ").splitlines():
            for words in _words(line):
                if Path(words[0]).name != "athenakit":
                    continue
                if words[1] in ("run", "apply") and "--local" not in words:
                    continue
                found.append((words[1:], after[1] if after[0] == "text" else None))
    return found


COMMANDS = _commands()


def test_the_readme_shows_the_ddl_and_local_commands() -> None:
    assert any(args[0] == "ddl" for args, _ in COMMANDS)
    assert any("--local" in args and text for args, text in COMMANDS)


@pytest.mark.parametrize(("args", "expected"), COMMANDS,
                         ids=[" ".join(a)[:60] for a, _ in COMMANDS])
def test_readme_command_runs_as_written(args: list[str], expected: str | None) -> None:
    done = subprocess.run([sys.executable, "-m", "athenakit", *args], cwd=ROOT,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "ATHENAKIT_CACHE_DIR": ""})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    if expected is not None:
        assert done.stdout == expected
