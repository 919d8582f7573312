"""``fix``: quoting repairs at token positions, byte-for-byte elsewhere, idempotent."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from athenakit.check import check, fix, fix_report

REGEX_DDL = (
    "-- keep me\nCREATE EXTERNAL TABLE \"logs\" (date string, _raw string)\n"
    "ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'\n"
    "WITH SERDEPROPERTIES ('input.regex' = '^([^\\\\s]+) \\'(.*)\\'$')\n"
    "LOCATION 's3://b/logs/'"
)


def test_fix_converts_quotes_per_statement_side() -> None:
    sql = "SELECT `user`, first FROM t;\nCREATE EXTERNAL TABLE \"t\" (date string) LOCATION 's3://b/t/'"
    assert fix(sql) == (
        'SELECT "user", "first" FROM t;\n'
        "CREATE EXTERNAL TABLE `t` (`date` string) LOCATION 's3://b/t/'"
    )


def test_fix_keeps_comments_layout_and_string_literals_byte_for_byte() -> None:
    fixed = fix(REGEX_DDL)
    assert fixed == REGEX_DDL.replace('"logs"', "`logs`").replace("(date", "(`date`").replace(
        "_raw", "`_raw`")
    assert "'^([^\\\\s]+) \\'(.*)\\'$'" in fixed and fixed.startswith("-- keep me\n")


def test_fix_quotes_names_starting_with_a_digit_in_queries() -> None:
    assert fix("SELECT 1abc, 0x1F FROM t") == 'SELECT "1abc", 0x1F FROM t'


def test_fix_reports_what_it_changed() -> None:
    result = fix_report("SELECT `a`, first FROM t")
    assert [d.code for d in result.fixed] == ["AK310", "AK312"] and result.changed


def test_fix_leaves_valid_sql_alone() -> None:
    sql = "SELECT \"first\", a FROM t WHERE s = 'x;`y`'  -- `c`\n"
    assert fix(sql) == sql and not fix_report(sql).changed


def test_fix_is_idempotent_and_fixed_ddl_passes_the_quoting_rules() -> None:
    once = fix(REGEX_DDL)
    assert fix(once) == once
    assert not [d for d in check(once) if d.code.startswith("AK31")]


_names = st.text(alphabet=string.ascii_letters + string.digits + "_", min_size=1, max_size=12)
_keywords = st.sampled_from(["date", "first", "user", "timestamp", "skip", "partition", "map",
                             "current_user", "unnest", "values", "table", "_x", "1a"])
_identifier = st.one_of(_names, _keywords)


@settings(max_examples=150, deadline=None)
@given(st.lists(_identifier, min_size=1, max_size=4, unique_by=str.lower), _identifier)
def test_fixed_random_identifiers_pass_check_and_fix_is_idempotent(
    columns: list[str], table: str,
) -> None:
    query = f"SELECT {', '.join(columns)} FROM {table}"
    ddl = (f"CREATE EXTERNAL TABLE {table} ({', '.join(c + ' string' for c in columns)}) "
           "LOCATION 's3://b/t/'")
    for sql in (query, ddl):
        if any(d.code == "AK300" for d in check(sql)):
            continue  # not SQL at all (e.g. a bare keyword sqlglot cannot parse)
        fixed = fix(sql)
        assert fix(fixed) == fixed
        assert [d.code for d in check(fixed) if d.code.startswith("AK31") and
                d.code not in ("AK315", "AK317")] == []
