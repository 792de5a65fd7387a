"""Prometheus exposition: HTTP metrics of this app plus the process-wide registry (LLM, search)."""

from __future__ import annotations

import os

from fastapi import APIRouter, Request
from fastapi.responses import Response
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

router = APIRouter(tags=["operations"])


def _exposition(request: Request) -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Several worker processes in one container: aggregate their shared metric files.
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    # The app's own registry (HTTP metrics) and the default one (LLM calls, retrieval, process).
    return generate_latest(request.app.state.metrics.registry) + generate_latest(REGISTRY)


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST.split(";")[0]: {"schema": {"type": "string"}}},
                     "description": "Prometheus text format."}},
)
def metrics(request: Request) -> Response:
    """Request counts and latency per route template and status, LLM calls, fallbacks, retrieval.

    Labels hold route templates and status codes only, never paths or user text.
    """
    return Response(_exposition(request), media_type=CONTENT_TYPE_LATEST)
