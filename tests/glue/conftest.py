"""Fixtures: a Glue catalog on the shared moto server (tests/conftest.py), over real HTTP."""

from __future__ import annotations

import pytest
from moto_harness import REGION, MotoServer, s3_client

from athenakit.glue import GlueCatalog, GlueConfig

DATA_BUCKET = "athenakit-examples"


@pytest.fixture
def glue(moto: MotoServer) -> GlueCatalog:
    """A catalog talking to moto, with the examples' data bucket created."""
    s3_client(moto.url).create_bucket(Bucket=DATA_BUCKET)
    s3_client(moto.url).create_bucket(Bucket="bucket")
    return GlueCatalog(GlueConfig(region=REGION, endpoint_url=moto.url))
