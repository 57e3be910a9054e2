"""Helpers shared by the routers: one route per method, with distinct operation ids."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter


def add_routes(
    router: APIRouter,
    path: str,
    endpoint: Callable[..., Any],
    methods: tuple[str, ...],
    **options: Any,
) -> None:
    """Serve endpoint at path for each method (the seed's alternatives to PUT/DELETE)."""
    for method in methods:
        router.add_api_route(
            path,
            endpoint,
            methods=[method],
            name=f"{endpoint.__name__}_{method.lower()}",
            **options,
        )
