"""Trino's JSON path tokenizer, with the assertions of Trino's
TestJsonExtract.testJsonTokenizer (core/trino-main/src/test/java/io/trino/operator/scalar)."""

from __future__ import annotations

import pytest

from athenakit.local.jsonpath import tokenize


@pytest.mark.parametrize(("path", "tokens"), [
    ("$", []),
    ("$.foo", ["foo"]),
    ('$["foo"]', ["foo"]),
    ('$["foo.bar"]', ["foo.bar"]),
    ("$[42]", ["42"]),
    ("$.42", ["42"]),
    ("$.42.63", ["42", "63"]),
    ("$.foo.42.bar.63", ["foo", "42", "bar", "63"]),
    ("$.x.foo", ["x", "foo"]),
    ('$.x["foo"]', ["x", "foo"]),
    ("$.x[42]", ["x", "42"]),
    ("$.foo_42._bar63", ["foo_42", "_bar63"]),
    ("$[foo_42][_bar63]", ["foo_42", "_bar63"]),
    ("$.foo:42.:bar63", ["foo:42", ":bar63"]),
    ('$["foo:42"][":bar63"]', ["foo:42", ":bar63"]),
    ('$["a\\\\b\\""]', ['a\\b"']),
    ('$["!@#$%^&*()[]{}/?\'"]', ["!@#$%^&*()[]{}/?'"]),
])
def test_paths_trino_reads(path: str, tokens: list[str]) -> None:
    assert tokenize(path) == tokens


@pytest.mark.parametrize("path", [
    '$["a\\ "]', "$[foo:bar]", " $.x", " $.x ", "$. x", "$ .x", "$\n.x", "$.x [42]",
    "$.x[ 42]", "$.x[42 ]", '$.x[ "foo"]', '$.x["foo" ]', "", "$.bar[2][-1]", "$.fuu..bar",
    "$.", "$$", " ", ".", "$.store.book[", "$.-1.1",
])
def test_paths_trino_rejects(path: str) -> None:
    with pytest.raises(ValueError):
        tokenize(path)
