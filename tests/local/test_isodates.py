"""ISO 8601 text read as Joda-Time's ISODateTimeFormat parsers read it (Trino's
from_iso8601_timestamp / from_iso8601_date); expected values follow Joda's grammar
(https://www.joda.org/joda-time/apidocs/org/joda/time/format/ISODateTimeFormat.html)."""

from __future__ import annotations

import datetime as dt

import pytest

from athenakit.local.isodates import (
    from_iso8601_date,
    from_iso8601_timestamp,
    from_iso8601_timestamp_nanos,
    literal_zone,
)
from athenakit.local.runtime_errors import TrinoFunctionError


@pytest.mark.parametrize(("text", "instant", "zone"), [
    ("2001-08-22T03:04:05.321-11:00", dt.datetime(2001, 8, 22, 14, 4, 5, 321000), "-11:00"),
    ("2001-08-22T03:04:05.321+07:09", dt.datetime(2001, 8, 21, 19, 55, 5, 321000), "+07:09"),
    ("2001", dt.datetime(2001, 1, 1), "UTC"),
    ("2001-8-2", dt.datetime(2001, 8, 2), "UTC"),  # NumberFormatter: up to 2 digits
    ("2001-W01-1", dt.datetime(2001, 1, 1), "UTC"),
    ("2009-W53-7", dt.datetime(2010, 1, 3), "UTC"),
    ("2001-W34", dt.datetime(2001, 8, 20), "UTC"),
    ("2000-366", dt.datetime(2000, 12, 31), "UTC"),
    ("T23:59:59,999", dt.datetime(1970, 1, 1, 23, 59, 59, 999000), "UTC"),
    ("T10:00:00.9999", dt.datetime(1970, 1, 1, 10, 0, 0, 999000), "UTC"),  # truncated
    ("2001-08-22T10+0130", dt.datetime(2001, 8, 22, 8, 30), "+01:30"),
    ("2001-08-22T+05:00", dt.datetime(2001, 8, 21, 19, 0), "+05:00"),  # 'T' then an offset
    ("2001-08-22T03:04:05+00:00", dt.datetime(2001, 8, 22, 3, 4, 5), "UTC"),
    ("+2001-08-22", dt.datetime(2001, 8, 22), "UTC"),  # the year's sign
])
def test_timestamps_joda_accepts(text: str, instant: dt.datetime, zone: str) -> None:
    assert from_iso8601_timestamp(text) == instant
    assert literal_zone(text) == zone


@pytest.mark.parametrize(("text", "message"), [
    ("2001-08-22 03:04:05", 'Invalid format: "2001-08-22 03:04:05" is malformed at " 03:04:05"'),
    ("2001-08-22T03:04:05+07:0", 'is malformed at "+07:0"'),
    ("2001-08-22T03:04:05+24:00", 'is malformed at "+24:00"'),  # offset hours up to 23
    ("2001-08-22T", None),
    ("", 'Invalid format: ""'),
    ("10:00", 'Invalid format: "10:00" is malformed at ":00"'),  # a year, then ':'
    ("2001-W34-8", "Value 8 for dayOfWeek must be in the range [1,7]"),
    ("2001-366", "Value 366 for dayOfYear must be in the range [1,365]"),
    ("2001-08-22T24:00", "Value 24 for hourOfDay must be in the range [0,23]"),
    ("2001-08-22T10:60", "Value 60 for minuteOfHour must be in the range [0,59]"),
])
def test_timestamp_errors_are_jodas(text: str, message: str | None) -> None:
    if message is None:  # 'T' with nothing after it is accepted
        assert from_iso8601_timestamp(text) == dt.datetime(2001, 8, 22)
        return
    with pytest.raises(TrinoFunctionError) as failed:
        from_iso8601_timestamp(text)
    assert str(failed.value).startswith("INVALID_FUNCTION_ARGUMENT: ")
    assert message in str(failed.value)


def test_dates_read_the_date_element_only() -> None:
    assert from_iso8601_date("2001-08-22") == dt.date(2001, 8, 22)
    assert from_iso8601_date("2020-W10") == dt.date(2020, 3, 2)
    with pytest.raises(TrinoFunctionError, match='is malformed at "T"'):
        from_iso8601_date("2001-08-22T")


@pytest.mark.parametrize("text", ["0001-01-01T00:00+01:00", "9999-12-31T23:00-05:00"])
def test_an_instant_outside_the_years_1_to_9999_is_refused(text: str) -> None:
    with pytest.raises(TrinoFunctionError, match="^NOT_SUPPORTED_LOCALLY: .* year outside"):
        from_iso8601_timestamp(text)


@pytest.mark.parametrize("text", ["12345-01-01", "0000-01-01", "-0001-01-01",
                                  "2001-08-22T00:00+07:09:30", "2001-08-22T00:00+15:00"])
def test_values_the_engine_cannot_hold_are_refused(text: str) -> None:
    with pytest.raises(TrinoFunctionError, match="^NOT_SUPPORTED_LOCALLY: "):
        from_iso8601_timestamp(text)
    assert literal_zone(text) == "UTC"  # the query fails while running, with no zone to show


def test_nanos_reads_java_time_shapes_and_refuses_others() -> None:
    assert from_iso8601_timestamp_nanos("2001-08-22T07:34:56.123-05:00") == dt.datetime(
        2001, 8, 22, 12, 34, 56, 123000)
    assert literal_zone("2001-08-22T07:34:56-05:00", nanos=True) == "-05:00"
    for text in ("2001-08-22T12:34:56.123456Z", "2001-08-22", "2001-13-01T00:00"):
        with pytest.raises(TrinoFunctionError, match="^NOT_SUPPORTED_LOCALLY: "):
            from_iso8601_timestamp_nanos(text)


def test_the_quick_reading_agrees_with_the_grammar(monkeypatch: pytest.MonkeyPatch) -> None:
    # texts of the common shape, with fields in and out of range: the regular-expression path
    # and the grammar give the same value (or the grammar fails where the quick path declines)
    import random

    from athenakit.local import isodates

    rng = random.Random(14)
    texts = []
    for _ in range(3000):
        def two(top: int) -> str:
            return f"{rng.randrange(top):02d}"
        text = f"{rng.choice(['0000', '0001', '1969', '2000', '2001', '9999'])}-{two(14)}-{two(33)}"
        if rng.random() < 0.8:
            text += f"{rng.choice('Tt')}{two(26)}:{two(62)}"
            if rng.random() < 0.7:
                text += f":{two(62)}" + (rng.choice(".,") + str(rng.randrange(10**9))[
                    :rng.randrange(1, 10)] if rng.random() < 0.5 else "")
            text += rng.choice(["", "Z", "z", f"+{two(25)}:{two(61)}", f"-{two(15)}:{two(60)}"])
        texts.append(text)

    def outcome(text: str) -> object:
        answers: list[object] = []
        for parser in (isodates.DATE_TIME, isodates.DATE_ELEMENT):
            try:
                answers.append(isodates.read(parser, text, "f"))
            except TrinoFunctionError as err:
                answers.append(str(err))
        return answers
    quick = [outcome(t) for t in texts]
    monkeypatch.setattr(isodates, "_FAST", {})
    assert quick == [outcome(t) for t in texts]
    assert sum(isinstance(q[0], tuple) for q in quick) > 1000  # most are read
