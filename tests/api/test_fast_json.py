"""Responses are rendered by pydantic-core, byte for byte as the standard library's JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest

from api.blocking import FastJSON

PAYLOADS: tuple[Any, ...] = (
    {"name": "Störung – 東京", "id": 7, "ok": True, "gone": None, "tags": ["a", "b"]},
    [{"comments": [{"id": 1, "internal": False}]}, {}],
    {"quote": 'say "hi"\n\ttab \\ slash </script>', "emoji": "🔥", "big": 2**62},
    [],
)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_response_body_equals_the_standard_librarys_compact_utf8_json(payload: Any) -> None:
    expected = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    assert FastJSON(payload).body == expected


def test_floats_parse_back_to_the_same_values() -> None:
    payload = {"duration_seconds": [3600.0, 0.1, 1e-7, 1e22, 12.5]}
    assert json.loads(FastJSON(payload).body) == payload


def test_nan_and_infinities_become_null_not_invalid_json() -> None:
    body = FastJSON({"a": float("nan"), "b": float("inf"), "c": float("-inf")}).body
    assert json.loads(body) == {"a": None, "b": None, "c": None}


def test_a_response_body_parses_back_to_the_content() -> None:
    payload = {"id": 1, "comments": [{"comment": "é", "internal": True}]}
    assert json.loads(FastJSON(payload).body) == payload
