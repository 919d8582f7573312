"""Athena's geospatial functions that take a geometry apart or build one from points:
``ST_Geometries``, ``ST_InteriorRings``, ``ST_Points`` (arrays of geometries),
``line_locate_point``, ``ST_LineString`` and ``ST_MultiPoint`` (from arrays of points).

Each follows Trino's ``GeoFunctions`` of the ESRI-based releases: ``ST_Points`` lists the
vertices in the order ESRI stores them (a polygon's exterior ring clockwise, its holes
counter-clockwise, each from its first vertex), ``ST_InteriorRings`` the holes as
``ST_InteriorRingN`` gives them (clockwise), ``line_locate_point`` is JTS's
``LengthIndexedLine.indexOf`` over the line's length (GEOS's ``project`` is its port).

https://trino.io/docs/current/functions/geospatial.html
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from athenakit.local.geocore import dump, kind, load, only, shapely_module


def _geometries(wkb: bytes) -> list[bytes] | None:
    g = load(wkb)
    if g.is_empty:
        return None
    return [dump(part) for part in getattr(g, "geoms", [g])]


def _interior_rings(wkb: bytes) -> list[bytes] | None:
    g = only("ST_InteriorRings", load(wkb), "POLYGON")
    if g.is_empty:
        return None
    shapely = shapely_module()
    return [dump(shapely.LineString(ring.coords)) for ring in g.interiors]


def _ring(ring: Any, clockwise: bool) -> list[Any]:
    coords = list(ring.coords)
    # reversing a closed ring keeps its first vertex: (a, b, c, a) -> (a, c, b, a)
    return coords[::-1] if bool(ring.is_ccw) == clockwise else coords


def _vertices(g: Any) -> list[Any]:
    if g.is_empty:
        return []
    if hasattr(g, "geoms"):
        return [c for part in g.geoms for c in _vertices(part)]
    if g.geom_type == "Polygon":
        rings = [_ring(g.exterior, True)] + [_ring(hole, False) for hole in g.interiors]
        return [c for ring in rings for c in ring]
    return list(g.coords)


def _points(wkb: bytes) -> list[bytes] | None:
    found = _vertices(load(wkb))
    if not found:
        return None
    shapely = shapely_module()
    return [dump(shapely.Point(c)) for c in found]


def _locate(line_wkb: bytes, point_wkb: bytes) -> float | None:
    line, point = load(line_wkb), load(point_wkb)
    if line.is_empty or point.is_empty:
        return None
    if kind(line) not in ("LINE_STRING", "MULTI_LINE_STRING"):
        raise ValueError("First argument to line_locate_point must be a LineString or a "
                         f"MultiLineString. Got: {line.geom_type}")
    if kind(point) != "POINT":
        raise ValueError(f"Second argument to line_locate_point must be a Point. Got: "
                         f"{point.geom_type}")
    return float(shapely_module().line_locate_point(line, point, normalized=True))


def _point_at(function: str, item: bytes | None, index: int, null: str,
              other: Callable[[str, int], str]) -> Any:
    """An array element that must be a point, checked as Trino's ``GeoFunctions`` does: NULL,
    then not a point, then an empty point (messages with 1-based indexes)."""
    if item is None:
        raise ValueError(f"Invalid input to {function}: {null} at index {index}")
    g = load(item)
    if kind(g) != "POINT":
        raise ValueError(other(g.geom_type, index))
    if g.is_empty:
        raise ValueError(f"Invalid input to {function}: empty point at index {index}")
    return g


def _line_string(items: list[bytes | None]) -> bytes:
    points: list[Any] = []
    for index, item in enumerate(items, start=1):
        point = _point_at("ST_LineString", item, index, "null point", lambda kind, _: (
            f"ST_LineString takes only an array of valid points, {kind} was passed"))
        if points and point.equals(points[-1]):
            raise ValueError("Invalid input to ST_LineString: consecutive duplicate points at "
                             f"index {index}")
        points.append(point)
    # ESRI's path of a single point is no line: LINESTRING EMPTY
    coords = [(p.x, p.y) for p in points] if len(points) > 1 else []
    return dump(shapely_module().LineString(coords))


def _multi_point(items: list[bytes | None]) -> bytes | None:
    if not items:
        return None
    points = [_point_at("ST_MultiPoint", item, index, "null", lambda kind, index: (
        f"Invalid input to ST_MultiPoint: geometry is not a point: {kind} at index {index}"))
        for index, item in enumerate(items, start=1)]
    return dump(shapely_module().MultiPoint([(p.x, p.y) for p in points]))


G, GS = "GEOMETRY", "GEOMETRY[]"
# name -> (python function, DuckDB argument types, DuckDB result type)
FUNCTIONS: dict[str, tuple[Callable[..., Any], list[str], str]] = {
    "st_geometries": (_geometries, [G], GS),
    "st_interiorrings": (_interior_rings, [G], GS),
    "st_points": (_points, [G], GS),
    "line_locate_point": (_locate, [G, G], "DOUBLE"),
    "st_linestring": (_line_string, [GS], G),
    "st_multipoint": (_multi_point, [GS], G),
}
