"""parse_datetime read as Joda-Time's DateTimeFormat.forPattern reads it (Trino's
DateTimeFunctions.parseDatetime), and the format_datetime letters spelled with strftime;
expected values follow Joda's documented pattern rules
(https://www.joda.org/joda-time/apidocs/org/joda/time/format/DateTimeFormat.html)."""

from __future__ import annotations

import datetime as dt

import pytest

from athenakit.local.errors import UnsupportedLocally
from athenakit.local.failures import AthenaFailure
from athenakit.local.formats import joda_to_strftime
from athenakit.local.jodaparse import parse_datetime
from athenakit.local.runtime_errors import TrinoFunctionError


@pytest.mark.parametrize(("text", "pattern", "want"), [
    # TestDateTimeFunctions.testParseDatetime
    ("2020-08-18 03:04:05.678", "yyyy-MM-dd HH:mm:ss.SSS", dt.datetime(2020, 8, 18, 3, 4, 5, 678000)),
    ("1960/01/22 03:04", "yyyy/MM/dd HH:mm", dt.datetime(1960, 1, 22, 3, 4)),
    ("2020-1-5", "yyyy-MM-dd", dt.datetime(2020, 1, 5)),
    ("20200105", "yyyyMMdd", dt.datetime(2020, 1, 5)),  # a number follows: 4 year digits
    ("12345", "yyyy", None),  # no number follows: up to 9 digits (year 12345: refused)
    ("january 5 2020", "MMMM d yyyy", dt.datetime(2020, 1, 5)),
    ("Sun Jan 05 2020", "EEE MMM dd yyyy", dt.datetime(2020, 1, 5)),
    ("12:35 AM", "hh:mm a", dt.datetime(1970, 1, 1, 0, 35)),
    ("12:35", "hh:mm", dt.datetime(1970, 1, 1, 0, 35)),  # no AM/PM: a morning hour
    ("05/17", "MM/dd", dt.datetime(2000, 5, 17)),  # starts at the month: year 2000
    ("2020 100", "yyyy DDD", dt.datetime(2020, 4, 9)),
    ("at 2020", "'at' yyyy", dt.datetime(2020, 1, 1)),
    ("AT 2020", "'at' yyyy", dt.datetime(2020, 1, 1)),  # literals ignore case
    ("it's 2020", "'it''s' yyyy", dt.datetime(2020, 1, 1)),
    ("1.5", "s.SSS", dt.datetime(1970, 1, 1, 0, 0, 1, 500000)),
])
def test_joda_readings(text: str, pattern: str, want: dt.datetime | None) -> None:
    if want is None:
        with pytest.raises(TrinoFunctionError, match="^NOT_SUPPORTED_LOCALLY: "):
            parse_datetime(text, pattern)
        return
    assert parse_datetime(text, pattern) == want


@pytest.mark.parametrize(("text", "pattern", "message"), [
    ("2020-011-05", "yyyy-MM-dd", 'Invalid format: "2020-011-05" is malformed at "1-05"'),
    ("2020-13-05", "yyyy-MM-dd", "Value 13 for monthOfYear must be in the range [1,12]"),
    ("jAn 2020", "MMM yyyy", 'Invalid format: "jAn 2020"'),  # only Jan, jan, JAN
    ("2020", "yyyy-MM", 'Invalid format: "2020" is too short'),
])
def test_joda_errors(text: str, pattern: str, message: str) -> None:
    with pytest.raises(TrinoFunctionError) as failed:
        parse_datetime(text, pattern)
    assert str(failed.value).startswith("INVALID_FUNCTION_ARGUMENT: ")
    assert message in str(failed.value)


def test_letters_not_transcribed_are_refused_and_unknown_ones_fail() -> None:
    for pattern in ("yy", "ZZZ", "zzz", "k", "w"):
        with pytest.raises(UnsupportedLocally):
            parse_datetime("1", pattern)
    with pytest.raises(AthenaFailure, match="Illegal pattern component: T"):
        parse_datetime("1", "yyyyTdd")


@pytest.mark.parametrize(("pattern", "want"), [
    ("yyyy-MM-dd HH:mm:ss.SSS", "%Y-%m-%d %H:%M:%S.%g"), ("EEEE", "%A"), ("EEEEE", "%A"),
    ("EEE", "%a"), ("MMMMM", "%B"), ("d/M h:m a", "%-d/%-m %-I:%-M %p"),
    ("ss.SSSSSS", "%S.%g000"), ("G", "AD"),  # Joda pads a millisecond's fraction with zeros
])
def test_format_letters_spelled_as_joda_prints_them(pattern: str, want: str) -> None:
    assert joda_to_strftime(pattern) == want


@pytest.mark.parametrize("pattern", ["k", "ddd", "D", "ee", "w", "S", "yyyyy", "xx"])
def test_format_letters_strftime_cannot_spell_are_no_strftime_pattern(pattern: str) -> None:
    # (format_datetime computes them: the ak_joda_field macro, tests/conformance)
    with pytest.raises(UnsupportedLocally, match="datetime pattern letter"):
        joda_to_strftime(pattern)


@pytest.mark.parametrize(("pattern", "zone", "want"), [
    ("HH:mm Z", "+07:09", "HH:mm +0709"),  # Joda: Z is +HHmm, ZZ +HH:mm, ZZZ the zone id
    ("ZZ 'at' ZZZZ", "-05:00", "'-05:00 at -05:00'"),  # one quoted run
    ("Z ZZ ZZZ", "UTC", "'+0000 +00:00 UTC'"),
    ("HH:mm Z", "America/Los_Angeles", "HH:mm Z"),  # the offset varies: left, then refused
])
def test_zone_letters_spelled_for_a_known_zone(pattern: str, zone: str, want: str) -> None:
    from athenakit.local.jodaparse import zone_letters

    assert zone_letters(pattern, zone) == want


def test_offsets_read_with_z_give_the_instant_and_the_zone() -> None:
    from athenakit.local.jodaparse import literal_zone, parse_datetime_utc

    # TestDateTimeFunctions.testParseDatetime: '1960/01/22 03:04 +0500' is 03:04 at +05:00
    assert parse_datetime("1960/01/22 03:04 +0500", "yyyy/MM/dd HH:mm Z") == dt.datetime(
        1960, 1, 21, 22, 4)
    assert literal_zone("1960/01/22 03:04 +05:00", "yyyy/MM/dd HH:mm ZZ") == "+05:00"
    assert literal_zone("1960/01/22 03:04 Z", "yyyy/MM/dd HH:mm Z") == "UTC"
    assert parse_datetime_utc("1960/01/22 03:04 -0000", "yyyy/MM/dd HH:mm Z") == dt.datetime(
        1960, 1, 22, 3, 4)
    with pytest.raises(TrinoFunctionError, match="^NOT_SUPPORTED_LOCALLY: parse_datetime of a"):
        parse_datetime_utc("1960/01/22 03:04 +0100", "yyyy/MM/dd HH:mm Z")


def test_quotes_in_patterns_read_as_joda_reads_them() -> None:
    # '' inside a quoted text is a quote (DateTimeFormat.parseToken)
    assert joda_to_strftime("h 'o''clock' a") == "%-I o'clock %p"
    assert joda_to_strftime("''yyyy''") == "'%Y'"
    with pytest.raises(AthenaFailure, match="Illegal pattern component: T"):
        joda_to_strftime("yyyyTdd")


def test_the_quick_reading_agrees_with_the_parsers(monkeypatch: pytest.MonkeyPatch) -> None:
    # numeric patterns read by one regular expression give what Joda's parsers give (or decline)
    import random

    from athenakit.local import jodaparse

    rng = random.Random(12)
    patterns = ["yyyy-MM-dd HH:mm:ss.SSS", "yyyyMMdd", "yyyyMMddHHmmss", "d/M/yyyy", "yyyy",
                "yyyy-MM-dd'T'HH:mm", "yyy.MM.dd s.S", "yyyy-M-d H:m:s.SSSSSS", "MM/dd/yyyy"]
    digits = "0123456789"
    cases = []
    for _ in range(3000):
        pattern = rng.choice(patterns)
        text = "".join(rng.choice(digits) if c.isalpha() and rng.random() < 0.95
                       else c if not c.isalpha() else rng.choice("-x")
                       for c in pattern.replace("'T'", "t"))
        if rng.random() < 0.3:  # vary the digit counts
            text = text.replace("0", "", 1) if rng.random() < 0.5 else text + rng.choice(digits)
        cases.append((text, pattern))

    def outcome(text: str, pattern: str) -> object:
        try:
            return parse_datetime(text, pattern)
        except TrinoFunctionError as err:
            return str(err)
    quick = [outcome(t, p) for t, p in cases]
    monkeypatch.setattr(jodaparse, "_fast", lambda text, pattern: None)
    assert quick == [outcome(t, p) for t, p in cases]
    assert sum(isinstance(q, dt.datetime) for q in quick) > 300
