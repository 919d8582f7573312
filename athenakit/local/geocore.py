"""What the local engine's geospatial modules share: shapely, a geometry value's WKB in and
out (rings oriented as Trino prints them), its WKT, and Trino's type checks."""

from __future__ import annotations

import math
from typing import Any

from athenakit.local.errors import UnsupportedLocally
from athenakit.local.geotext import esri_numbers

TYPE_NAMES = {"Point": "POINT", "MultiPoint": "MULTI_POINT", "LineString": "LINE_STRING",
              "LinearRing": "LINE_STRING", "MultiLineString": "MULTI_LINE_STRING",
              "Polygon": "POLYGON", "MultiPolygon": "MULTI_POLYGON",
              "GeometryCollection": "GEOMETRY_COLLECTION"}


def shapely_module() -> Any:
    try:
        import shapely
    except ImportError as err:  # pragma: no cover - the geo extra is in dev
        raise UnsupportedLocally("geospatial functions",
                                 hint="install shapely: pip install 'athenakit[geo]'") from err
    return shapely


def load(wkb: bytes) -> Any:
    return shapely_module().from_wkb(wkb)


def dump(geometry: Any) -> bytes:
    shapely = shapely_module()
    if not shapely.get_coordinates(geometry).__abs__().max(initial=0.0) < math.inf:
        # ESRI reads a NaN x as an empty point and prints NaN / Infinity its own way
        raise ValueError("not supported locally: a geometry with a NaN or infinite coordinate")
    if shapely.has_z(geometry):  # Trino's serialization and ESRI's WKT of a Z coordinate
        raise ValueError("not supported locally: a geometry with Z coordinates")
    return bytes(shapely.to_wkb(shapely.orient_polygons(geometry, exterior_cw=False)))


def to_text(wkb: bytes | None) -> str | None:
    """Trino's WKT of a geometry value: ``POINT (1 4)``, rings counter-clockwise, numbers as
    ESRI writes them (:mod:`athenakit.local.geotext`)."""
    if wkb is None:
        return None
    shapely = shapely_module()
    geometry = shapely.orient_polygons(load(wkb), exterior_cw=False)
    return esri_numbers(str(shapely.to_wkt(geometry, rounding_precision=-1, trim=True)))


def kind(geometry: Any) -> str:
    return TYPE_NAMES[geometry.geom_type]


def only(function: str, geometry: Any, *kinds: str) -> Any:
    # GeoFunctions.validateType: "%s only applies to %s. Input type is: %s"
    if kind(geometry) not in kinds:
        raise ValueError(f"{function} only applies to {' or '.join(kinds)}. "
                         f"Input type is: {kind(geometry)}")
    return geometry
