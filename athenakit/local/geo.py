"""Athena's geospatial functions on the local engine: shapely (GEOS) as DuckDB Python UDFs.

Geometries travel through DuckDB as its core ``GEOMETRY`` type (WKB inside) and are shown as
WKT, as Trino's ``geometry`` type shows itself (``POINT (1 4)``). Text output follows Trino's:
exterior rings counter-clockwise, holes clockwise, numbers without trailing zeros. Functions
whose output geometry depends on the algorithm's vertex order (buffers, overlays, hulls,
boundaries) are not registered: a call of them is refused, not answered differently.

Why shapely and not DuckDB's spatial extension: the extension on the package index is built
for DuckDB 1.4 and does not load into the DuckDB 2 the engine runs; shapely's wheels carry
GEOS and load anywhere (``pip install 'athenakit[geo]'``).

https://docs.aws.amazon.com/athena/latest/ug/geospatial-functions-list.html
https://trino.io/docs/current/functions/geospatial.html
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable
from typing import Any

from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally
from athenakit.local.geocore import dump as _dump
from athenakit.local.geocore import kind as _kind
from athenakit.local.geocore import load as _load
from athenakit.local.geocore import only as _only
from athenakit.local.geocore import shapely_module as _shapely
from athenakit.local.geocore import to_text
from athenakit.local.geoparts import FUNCTIONS as _PART_FUNCTIONS

PREFIX = "ak_geo_"
# functions that refuse some values while running (from Python): name -> what they refuse
REFUSING = {"st_envelope": "ST_Envelope"}
_ST_TYPES = {"POINT": "ST_Point", "MULTI_POINT": "ST_MultiPoint", "LINE_STRING": "ST_LineString",
             "MULTI_LINE_STRING": "ST_MultiLineString", "POLYGON": "ST_Polygon",
             "MULTI_POLYGON": "ST_MultiPolygon", "GEOMETRY_COLLECTION": "ST_GeomCollection"}


def _from_text(function: str, *kinds: str) -> Callable[[str], bytes]:
    def build(text: str) -> bytes:
        try:
            # "fix" closes unclosed rings, which Trino's reader accepts: POLYGON ((1 1, 1 4, 4 4))
            geometry = _shapely().from_wkt(text, on_invalid="fix")
        except Exception as err:  # shapely's GEOSException: Trino's "Invalid WKT"
            raise ValueError(f"Invalid WKT: {text}") from err
        if geometry is None:  # what "fix" could not mend
            raise ValueError(f"Invalid WKT: {text}")
        return _dump(_only(function, geometry, *kinds) if kinds else geometry)
    return build


def _unary(fn: Callable[[Any], Any], function: str = "", *kinds: str) -> Callable[[bytes], Any]:
    def call(wkb: bytes) -> Any:
        geometry = _load(wkb)
        if kinds:
            _only(function, geometry, *kinds)
        return fn(geometry)
    return call


def _binary(name: str) -> Callable[[bytes, bytes], Any]:
    def call(left: bytes, right: bytes) -> Any:
        return bool(getattr(_load(left), name)(_load(right)))
    return call


def _none_if_empty(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda g: None if g.is_empty else fn(g)


def _bounds(index: int) -> Callable[[bytes], float | None]:
    return _unary(_none_if_empty(lambda g: float(g.bounds[index])))


def _point(x: float, y: float) -> bytes:
    return _dump(_shapely().Point(x, y))


def _distance(left: bytes, right: bytes) -> float | None:
    a, b = _load(left), _load(right)
    return None if a.is_empty or b.is_empty else float(a.distance(b))


def _great_circle(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    # GeoFunctions.greatCircleDistance, term for term (a sphere of radius 6371.01 km)
    for lat, lon in ((lat1, lon1), (lat2, lon2)):
        if not -90 <= lat <= 90:
            raise ValueError("Latitude must be between -90 and 90")
        if not -180 <= lon <= 180:
            raise ValueError("Longitude must be between -180 and 180")
    p1, p2 = math.radians(lat1), math.radians(lat2)
    sin1, cos1, sin2, cos2 = math.sin(p1), math.cos(p1), math.sin(p2), math.cos(p2)
    delta = math.radians(lon1) - math.radians(lon2)
    t1 = cos2 * math.sin(delta)
    t2 = cos1 * sin2 - sin1 * cos2 * math.cos(delta)
    t3 = sin1 * sin2 + cos1 * cos2 * math.cos(delta)
    return math.atan2(math.sqrt(t1 * t1 + t2 * t2), t3) * 6371.01


def _nth(items: Callable[[Any], list[Any]]) -> Callable[[bytes, int], bytes | None]:
    def call(wkb: bytes, n: int) -> bytes | None:
        found = items(_load(wkb))
        return _dump(found[n - 1]) if 1 <= n <= len(found) else None
    return call


def _parts(g: Any) -> list[Any]:
    return [] if g.is_empty else list(getattr(g, "geoms", [g]))


def _line_points(g: Any) -> list[Any]:
    _only("ST_PointN", g, "LINE_STRING")
    return [_shapely().Point(c) for c in g.coords]


def _rings(g: Any) -> list[Any]:
    _only("ST_InteriorRingN", g, "POLYGON")
    return [] if g.is_empty else [_shapely().LineString(r.coords) for r in g.interiors]


def _endpoint(index: int, function: str) -> Callable[[bytes], bytes | None]:
    def call(wkb: bytes) -> bytes | None:
        g = _only(function, _load(wkb), "LINE_STRING")
        return None if g.is_empty else _dump(_shapely().Point(g.coords[index]))
    return call


def _envelope(g: Any) -> bytes:
    if g.is_empty:
        return _dump(_shapely().Polygon())
    xmin, ymin, xmax, ymax = g.bounds
    if xmin == xmax or ymin == ymax:  # Trino's envelope of a point or a straight line
        raise ValueError("not supported locally: ST_Envelope of a point or an axis-parallel "
                         "line")
    return _dump(g.envelope)


def _num_points(g: Any) -> int:
    # Trino (ESRI) counts a ring's closing point once: POLYGON ((0 0, 8 0, 0 8, 0 0)) has 3
    if g.is_empty:
        return 0
    if hasattr(g, "geoms"):
        return sum(_num_points(part) for part in g.geoms)
    if g.geom_type == "Polygon":
        return sum(len(r.coords) - 1 for r in (g.exterior, *g.interiors))
    return len(g.coords)


def _from_binary(wkb: bytes) -> bytes:
    try:
        geometry = _load(wkb)
    except Exception as err:  # shapely's GEOSException: GeoFunctions.stGeomFromBinary's message
        raise ValueError("Invalid WKB") from err
    return _dump(geometry)


def _line_parts(g: Any) -> list[Any]:
    if g.geom_type == "Polygon":
        return [] if g.is_empty else [g.exterior, *g.interiors]
    if hasattr(g, "geoms"):
        return [line for part in g.geoms for line in _line_parts(part)]
    return [g] if g.geom_type in ("LineString", "LinearRing") else []


def _ogc_simple(g: Any) -> bool:
    """ESRI's ``OperatorSimplifyOGC.isSimpleOGC``, which Trino's ST_IsValid and ST_IsSimple ask.

    Each part of a collection on its own; a repeated consecutive vertex is a degenerate segment;
    a line must not touch or cross itself, a multipoint not repeat a point (GEOS's ``is_simple``);
    a polygon must be valid (GEOS's ``is_valid``: rings that do not cross, holes inside).
    """
    if g.is_empty:
        return True
    if g.geom_type == "GeometryCollection":
        return all(_ogc_simple(part) for part in g.geoms)
    coords = [line.coords for line in _line_parts(g)]
    if any(a == b for c in coords for a, b in itertools.pairwise(c)):
        return False
    return bool(g.is_valid if g.geom_type in ("Polygon", "MultiPolygon") else g.is_simple)


def _exterior(wkb: bytes) -> bytes | None:
    g = _only("ST_ExteriorRing", _load(wkb), "POLYGON")
    return None if g.is_empty else _dump(_shapely().LineString(g.exterior.coords))


_LINES = ("LINE_STRING", "MULTI_LINE_STRING")
# GeoFunctions.stCentroid's validateType: every type but GEOMETRY_COLLECTION
_SINGLE_KINDS = ("POINT", "MULTI_POINT", *_LINES, "POLYGON", "MULTI_POLYGON")


def _refuse_empty(what: str, fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    # ESRI answers these for an empty line from its path loop (ST_IsClosed: true); the later
    # JTS-based releases differently (false): the local engine does not pick one
    def call(g: Any) -> Any:
        if g.is_empty:
            raise ValueError(f"not supported locally: {what}")
        return fn(g)
    return call


def _centroid(g: Any) -> bytes:
    """JTS's centroid (GEOS's is its port), which Trino's later ESRI-based releases take.

    Earlier ones computed a line's centroid from each path's two end points only (Presto's
    ``computeLineCentroid``); where that differs (a bent line) the answer is refused.
    """
    if g.geom_type in ("LineString", "MultiLineString") and not g.is_empty:
        paths = [(line.coords[0], line.coords[-1]) for line in getattr(g, "geoms", [g])]
        weights = [math.dist(a, b) for a, b in paths]
        ends = [sum((a[i] + b[i]) * w / 2 for (a, b), w in zip(paths, weights))
                / sum(weights) if sum(weights) else math.nan for i in (0, 1)]
        if (ends[0], ends[1]) != (g.centroid.x, g.centroid.y):
            raise ValueError("not supported locally: ST_Centroid of a bent line")
    return _dump(g.centroid)


def _dimension(g: Any) -> int:
    if g.is_empty and g.geom_type == "GeometryCollection":
        raise ValueError("not supported locally: ST_Dimension of an empty geometry collection")
    return int(_shapely().get_dimensions(g))
G, D, V, B, BIG, I, BIN = "GEOMETRY", "DOUBLE", "VARCHAR", "BOOLEAN", "BIGINT", "INTEGER", "BLOB"
# name -> (python function, DuckDB argument types, DuckDB result type)
FUNCTIONS: dict[str, tuple[Callable[..., Any], list[str], str]] = {
    "st_point": (_point, [D, D], G),
    "st_geometryfromtext": (_from_text("ST_GeometryFromText"), [V], G),
    "st_linefromtext": (_from_text("ST_LineFromText", "LINE_STRING"), [V], G),
    "st_polygon": (_from_text("ST_Polygon", "POLYGON"), [V], G),
    "st_geomfrombinary": (_from_binary, [BIN], G),
    "st_astext": (to_text, [G], V),
    "st_asbinary": (lambda b: _dump(_load(b)), [G], BIN),
    "st_contains": (_binary("contains"), [G, G], B),
    "st_crosses": (_binary("crosses"), [G, G], B),
    "st_disjoint": (_binary("disjoint"), [G, G], B),
    "st_equals": (_binary("equals"), [G, G], B),
    "st_intersects": (_binary("intersects"), [G, G], B),
    "st_overlaps": (_binary("overlaps"), [G, G], B),
    "st_touches": (_binary("touches"), [G, G], B),
    "st_within": (_binary("within"), [G, G], B),
    "st_relate": (lambda a, b, p: bool(_load(a).relate_pattern(_load(b), p)), [G, G, V], B),
    "st_area": (_unary(lambda g: float(g.area)), [G], D),
    "st_length": (_unary(lambda g: float(g.length), "ST_Length", *_LINES), [G], D),
    "st_distance": (_distance, [G, G], D),
    "great_circle_distance": (_great_circle, [D, D, D, D], D),
    "st_x": (_unary(_none_if_empty(lambda g: float(g.x)), "ST_X", "POINT"), [G], D),
    "st_y": (_unary(_none_if_empty(lambda g: float(g.y)), "ST_Y", "POINT"), [G], D),
    "st_xmin": (_bounds(0), [G], D),
    "st_ymin": (_bounds(1), [G], D),
    "st_xmax": (_bounds(2), [G], D),
    "st_ymax": (_bounds(3), [G], D),
    "st_geometrytype": (_unary(lambda g: _ST_TYPES[_kind(g)]), [G], V),
    "st_isempty": (_unary(lambda g: bool(g.is_empty)), [G], B),
    "st_isvalid": (_unary(_ogc_simple), [G], B),
    "st_issimple": (_unary(_ogc_simple), [G], B),
    "st_isclosed": (_unary(_refuse_empty("ST_IsClosed of an empty line", lambda g: bool(
        g.is_closed)), "ST_IsClosed", *_LINES), [G], B),
    "st_isring": (_unary(_refuse_empty("ST_IsRing of an empty line", lambda g: bool(
        g.is_closed) and _ogc_simple(g)), "ST_IsRing", "LINE_STRING"), [G], B),
    "st_dimension": (_unary(_dimension), [G], "TINYINT"),
    "st_coorddim": (_unary(lambda g: int(_shapely().get_coordinate_dimension(g))), [G],
                    "TINYINT"),
    "st_numgeometries": (_unary(lambda g: len(_parts(g))), [G], I),
    "st_numinteriorring": (_unary(_none_if_empty(lambda g: len(g.interiors)),
                                  "ST_NumInteriorRing", "POLYGON"), [G], BIG),
    "st_startpoint": (_endpoint(0, "ST_StartPoint"), [G], G),
    "st_endpoint": (_endpoint(-1, "ST_EndPoint"), [G], G),
    "st_pointn": (_nth(_line_points), [G, I], G),
    "st_geometryn": (_nth(_parts), [G, I], G),
    "st_interiorringn": (_nth(_rings), [G, I], G),
    "st_exteriorring": (_exterior, [G], G),
    "st_centroid": (_unary(_centroid, "ST_Centroid", *_SINGLE_KINDS), [G], G),
    "st_envelope": (_unary(_envelope), [G], G),
    "st_numpoints": (_unary(_num_points), [G], BIG),
    **_PART_FUNCTIONS,
}
_SPATIAL_NAMES = ("st_", "geometry_", "bing_tile", "to_geometry", "to_spherical_geography",
                  "spatial_partition", "line_interpolate", "line_locate", "great_circle",
                  "simplify_geometry", "from_geojson", "to_geojson", "convex_hull_agg",
                  "from_encoded_polyline", "to_encoded_polyline")


def _name(node: exp.Func) -> str:
    return (node.name if isinstance(node, exp.Anonymous) else node.sql_name()).lower()


def _arguments(node: exp.Func) -> list[exp.Expression]:
    if isinstance(node, exp.Anonymous):
        return list(node.expressions)
    found: list[exp.Expression] = []
    for key in node.arg_types:
        value = node.args.get(key)
        found.extend(value if isinstance(value, list) else [value] if value is not None else [])
    return found


_COMPARING = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.NullSafeEQ,
              exp.NullSafeNEQ, exp.In, exp.Between, exp.Cast, exp.TryCast, exp.Ordered, exp.Group,
              exp.Distinct, exp.Partition)


def _compared(node: exp.Expr) -> bool:
    """Whether a geometry-valued call is compared, grouped, ordered or cast where it is
    written: Trino's ``geometry`` type is neither comparable nor orderable and casts to
    nothing, so such a query fails there (DuckDB would compare the WKB bytes)."""
    parent = node.parent
    while isinstance(parent, (exp.Paren, exp.Alias)):
        parent = parent.parent
    if isinstance(parent, exp.Select) and parent.args.get("distinct"):
        return True
    return isinstance(parent, _COMPARING) or (
        isinstance(parent, exp.Window) and node.arg_key == "partition_by")


def check(tree: exp.Expression) -> None:
    """Refuse a geometry-valued call that is compared, grouped, ordered or cast (before the
    other rewrites wrap it).

    Raises:
        UnsupportedLocally: such a call.
    """
    compared = [n for n in tree.find_all(exp.Func) if _geometric(n) and _compared(n)]
    if compared or any(_by_position(select) for select in tree.find_all(exp.Select)):
        raise UnsupportedLocally("comparison, DISTINCT, GROUP BY, ORDER BY or CAST of a "
                                 "geometry")
    # DuckDB reads text as a geometry in a cast; Trino builds one only with ST_* functions
    spatial = (exp.DataType.Type.GEOMETRY, exp.DataType.Type.GEOGRAPHY)
    if any(getattr(c.to, "this", None) in spatial for c in tree.find_all(exp.Cast)):
        raise UnsupportedLocally("CAST(... AS geometry)")


def _geometric(node: exp.Expr) -> bool:
    node = node.unalias() if isinstance(node, exp.Alias) else node
    name = _name(node) if isinstance(node, exp.Func) else ""
    return name in FUNCTIONS and FUNCTIONS[name][2] in (G, "GEOMETRY[]")


def _by_position(select: exp.Select) -> bool:
    """``GROUP BY 1`` / ``ORDER BY 1`` naming a geometry-valued select expression."""
    keys = [*(select.args["group"].expressions if select.args.get("group") else []),
            *(o.this for o in (select.args["order"].expressions
                               if select.args.get("order") else []))]
    picked = [int(k.name) for k in keys if isinstance(k, exp.Literal) and k.is_int]
    return any(1 <= i <= len(select.expressions) and _geometric(select.expressions[i - 1])
               for i in picked)


def rewrite(tree: exp.Expression) -> exp.Expression:
    """Point Athena's geospatial calls at the ``ak_geo_*`` UDFs; refuse the ones not kept.

    Raises:
        UnsupportedLocally: a geospatial function the local engine does not answer.
    """
    for node in list(tree.find_all(exp.Func)):
        name = _name(node)
        if name in FUNCTIONS:
            node.replace(exp.Anonymous(this=PREFIX + name, expressions=_arguments(node)))
        elif name.startswith(_SPATIAL_NAMES):
            raise UnsupportedLocally(f"function {name}",
                                     hint="see docs/local.md for the geospatial functions kept")
    return tree


def install(con: Any, escaped: list[str]) -> None:
    """Register the ``ak_geo_*`` UDFs on a DuckDB connection (once per connection).

    Args:
        con: a ``duckdb.DuckDBPyConnection``.
        escaped: where their failures that Trino's ``try`` does not catch are noted
            (:func:`~athenakit.local.runtime_errors.watched`).
    """
    from athenakit.local.runtime_errors import watched

    _shapely()
    existing = {r[0] for r in con.execute(
        "SELECT function_name FROM duckdb_functions() WHERE function_name LIKE 'ak_geo_%'"
    ).fetchall()}
    for name, (fn, args, result) in FUNCTIONS.items():
        if PREFIX + name not in existing:
            con.create_function(PREFIX + name, watched(_null_safe(fn), escaped), args, result,
                                null_handling="special", side_effects=False)


def _null_safe(fn: Callable[..., Any]) -> Callable[..., Any]:
    # NULL in, NULL out; a function may itself answer NULL (an empty geometry's ST_X)
    @functools.wraps(fn)  # DuckDB reads the parameter count from the signature
    def call(*args: Any) -> Any:
        return None if any(a is None for a in args) else fn(*args)
    return call
