"""Geometry values as Trino's ESRI-based releases print them, and what the local engine refuses.

Numbers: ESRI's ``StringUtils.appendDouble`` (esri/geometry-api-java) formats a coordinate with
``String.format("%.17g", x)`` and strips trailing zeros when there is no exponent. Java's
Formatter documents ``%g``: positional for ``10^-4 <= x < 10^precision``, otherwise
scientific, with ``precision`` significant digits (Java pads the shortest digits with zeros,
as ``String.format("%.20f", 0.1)`` shows ``0.10000000000000000000``) and an exponent of at
least two digits. TestGeoFunctions asserts the positional form (``POINT (122.3 10.55)``,
``POINT (3.3333333333333335 4)``).
"""

from __future__ import annotations

import pytest

from athenakit.local.engine import LocalEngine
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.geotext import esri_numbers, java_g17


@pytest.mark.parametrize(("value", "text"), [
    (122.3, "122.3"), (10.55, "10.55"), (1.0, "1"), (0.0, "0"), (100.0, "100"),
    (3.3333333333333335, "3.3333333333333335"), (4.000000000000001, "4.000000000000001"),
    (0.0001, "0.0001"), (12345678.5, "12345678.5"), (1e16, "10000000000000000"),
    (1e-7, "1.0000000000000000e-07"), (-2.5e-5, "-2.5000000000000000e-05"),
    (1e17, "1.0000000000000000e+17"), (1.2345e300, "1.2345000000000000e+300"),
])
def test_a_coordinate_is_written_as_javas_g17(value: float, text: str) -> None:
    assert java_g17(value) == text


def test_every_number_of_a_wkt_is_rewritten() -> None:
    assert esri_numbers("LINESTRING (1e-07 2, 3.5 -1e+20)") == (
        "LINESTRING (1.0000000000000000e-07 2, 3.5 -1.0000000000000000e+20)")


@pytest.fixture(scope="module")
def engine() -> LocalEngine:
    with LocalEngine() as e:
        yield e


def test_st_astext_prints_a_small_coordinate_as_esri(engine: LocalEngine) -> None:
    rows = engine.run("SELECT ST_AsText(ST_Point(1e-7, 0.5)), ST_Point(1e-7, 0.5)").rows
    assert list(rows[0]) == ["POINT (1.0000000000000000e-07 0.5)"] * 2


@pytest.mark.parametrize("sql", [
    "SELECT ST_AsText(ST_Point(nan(), 1))",
    "SELECT ST_AsText(ST_GeometryFromText('POINT (1 Infinity)'))",
    "SELECT try(ST_X(ST_Point(infinity(), 1)))",
])
def test_a_nan_or_infinite_coordinate_is_refused(engine: LocalEngine, sql: str) -> None:
    with pytest.raises(UnsupportedLocally, match="a geometry with a NaN or infinite coordinate"):
        engine.run(sql)


@pytest.mark.parametrize("sql", [
    "SELECT ROW(ST_Point(1, 2), 1)",
    "SELECT map(ARRAY[1], ARRAY[ST_Point(1, 2)])",
    "SELECT ARRAY[ARRAY[ST_Point(1, 2)]]",
])
def test_a_geometry_nested_in_a_row_or_map_is_refused(engine: LocalEngine, sql: str) -> None:
    with pytest.raises(UnsupportedLocally, match="a geometry inside an array, map or row"):
        engine.run(sql)


def test_an_array_of_geometries_is_shown_as_wkt(engine: LocalEngine) -> None:
    # TestGeoFunctions.testSTGeometries / testSTPoints print each element with ST_AsText
    result = engine.run("SELECT ST_Points(ST_GeometryFromText('MULTIPOINT (1 2, 3 4)'))")
    assert [c.type for c in result.columns] == ["array(geometry)"]
    assert result.rows[0][0] == ["POINT (1 2)", "POINT (3 4)"]


@pytest.mark.parametrize("sql", [
    "SELECT ST_Point(1, 2) = ST_Point(1, 2)",
    "SELECT ST_Point(1, 2) IS DISTINCT FROM ST_Point(1, 2)",
    "SELECT DISTINCT ST_Point(1, 2)",
    "SELECT count(DISTINCT ST_GeometryFromText('POINT (1 2)'))",
    "SELECT ST_Point(x, 1), count(*) FROM (VALUES 1) t(x) GROUP BY 1",
    "SELECT x FROM (VALUES 1) t(x) ORDER BY ST_Point(x, 1)",
    "SELECT CAST(ST_Point(1, 2) AS varchar)",
])
def test_comparing_grouping_or_casting_a_geometry_is_refused(engine: LocalEngine,
                                                             sql: str) -> None:
    # Trino's geometry type is neither comparable nor orderable and casts to nothing;
    # DuckDB would compare the WKB bytes
    with pytest.raises(UnsupportedLocally, match="comparison, DISTINCT, GROUP BY, ORDER BY or "
                                                 "CAST of a geometry"):
        engine.run(sql)


def test_st_centroid_of_a_geometry_collection_fails_as_trino(engine: LocalEngine) -> None:
    # GeoFunctions.stCentroid: validateType("ST_Centroid", geometry, EnumSet.of(POINT,
    # MULTI_POINT, LINE_STRING, MULTI_LINE_STRING, POLYGON, MULTI_POLYGON)) in every release
    from athenakit.errors import QueryError

    with pytest.raises(QueryError, match="INVALID_FUNCTION_ARGUMENT: ST_Centroid only applies "
                                         "to POINT or MULTI_POINT or LINE_STRING or "
                                         "MULTI_LINE_STRING or POLYGON or MULTI_POLYGON. Input "
                                         "type is: GEOMETRY_COLLECTION"):
        engine.run("SELECT ST_Centroid(ST_GeometryFromText("
                   "'GEOMETRYCOLLECTION (POINT (1 1), POLYGON ((0 0, 0 2, 2 2, 2 0, 0 0)))'))")


def test_st_isring_asks_esris_simplicity(engine: LocalEngine) -> None:
    # GeoFunctions.stIsRing: line.isClosed() && line.isSimple() (ESRI's OGC simplicity: a
    # repeated vertex is a degenerate segment); GEOS alone calls this line a ring
    sql = "SELECT ST_IsRing(ST_GeometryFromText('LINESTRING (0 0, 0 1, 0 1, 1 1, 0 0)'))"
    assert engine.run(sql).rows[0][0] is False


@pytest.mark.parametrize(("sql", "what"), [
    ("SELECT ST_IsClosed(ST_GeometryFromText('LINESTRING EMPTY'))",
     "ST_IsClosed of an empty line"),
    ("SELECT ST_IsRing(ST_GeometryFromText('LINESTRING EMPTY'))", "ST_IsRing of an empty line"),
    ("SELECT ST_Dimension(ST_GeometryFromText('GEOMETRYCOLLECTION EMPTY'))",
     "ST_Dimension of an empty geometry collection"),
])
def test_answers_that_differ_between_trino_releases_are_refused(engine: LocalEngine, sql: str,
                                                                what: str) -> None:
    with pytest.raises(UnsupportedLocally, match=what):
        engine.run(sql)


def test_a_z_coordinate_is_refused(engine: LocalEngine) -> None:
    with pytest.raises(UnsupportedLocally, match="a geometry with Z coordinates"):
        engine.run("SELECT ST_AsText(ST_GeometryFromText('POINT (1 2 3)'))")


@pytest.mark.parametrize("sql", ["SELECT CAST('POINT (1 2)' AS geometry)",
                                 "SELECT TRY_CAST('POINT (1 2)' AS geometry)"])
def test_a_cast_to_geometry_is_refused(engine: LocalEngine, sql: str) -> None:
    with pytest.raises(UnsupportedLocally, match=r"CAST\(\.\.\. AS geometry\)"):
        engine.run(sql)


@pytest.mark.parametrize("wkt", ["LINESTRING (0 0, 10 0, 10 10)", "LINESTRING (0 0, 1 1, 0 0)"])
def test_the_centroid_of_a_bent_line_is_refused(engine: LocalEngine, wkt: str) -> None:
    # Presto's GeoFunctions.computeLineCentroid (path end points) and JTS's centroid differ here
    with pytest.raises(UnsupportedLocally, match="ST_Centroid of a bent line"):
        engine.run(f"SELECT ST_Centroid(ST_GeometryFromText('{wkt}'))")
