"""Schema inference: a table spec proposed from the files under a location.

This package owns ``athenakit infer``: listing a local folder or an S3 prefix (names and sizes
only), sampling a bounded number of files spread over the partition folders, reading schemas
from Parquet / ORC / Avro metadata and sniffing CSV/TSV and JSON lines, mapping them to Athena
types with the SerDe Athena needs, turning Hive ``k=v`` and date folder layouts into partition
columns or a proposed partition projection, warning about what a Glue crawler gets wrong, and
validating the proposal by reading the sample through the local engine.

Modules: ``types`` (file types -> Athena types), ``text`` (CSV and JSON sniffing), ``layout``
(listing, sampling, partitions, pitfalls), ``sources`` (local or S3), ``binary`` (file
metadata), ``infer`` (the whole run).
"""

from __future__ import annotations

from athenakit.infer.infer import Inference, infer

__all__ = ["Inference", "infer"]
