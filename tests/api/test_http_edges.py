"""Legal but unusual HTTP: wrong methods, HEAD, content codings, multipart forms,
repeated parameters, clients that leave mid-body. Each gets a clear answer."""

from __future__ import annotations

import asyncio
import gzip
import logging
from collections.abc import Iterator
from typing import Any

import pytest

import api.body
from tests.api.helpers import error
from tests.api.incident_helpers import Desk, create_incident, listing

BOUNDARY = "edge-boundary"


def multipart(*parts: tuple[str, bytes, str | None]) -> bytes:
    """A multipart/form-data body of (name, value, filename or None) parts."""
    chunks = []
    for name, value, filename in parts:
        disposition = f'form-data; name="{name}"'
        if filename:
            disposition += f'; filename="{filename}"'
        head = f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n"
        chunks.append(head.encode() + value + b"\r\n")
    return b"".join(chunks) + f"--{BOUNDARY}--\r\n".encode()


def post_multipart(desk: Desk, path: str, body: Any) -> Any:
    """POST a multipart body (bytes, or an iterator of chunks: sent chunked)."""
    headers = {**desk.headers, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    return desk.client.post(path, content=body, headers=headers)


def new_state(desk: Desk) -> dict[str, Any]:
    """A new incident state of the desk's project, as created."""
    response = desk.client.post(
        "/api/incident-state",
        json={"data": {"name": "Paged", "color": "#123456"}},
        headers=desk.headers,
    )
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()
    return created


def test_a_wrong_method_is_a_405_naming_the_allowed_ones(desk: Desk) -> None:
    response = desk.client.post("/incident/1", headers=desk.headers)
    assert error(response, 405)
    assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("GET", "/incident/create", "POST"),
        ("GET", "/scope/create", "POST"),
        ("DELETE", "/api/incident-state/get-list", "POST"),
        ("PUT", "/api/incident-state/count", "POST"),
    ],
)
def test_an_action_path_with_the_wrong_method_is_a_405_not_a_bad_id(
    desk: Desk, method: str, path: str, allowed: str
) -> None:
    response = desk.client.request(method, path, headers=desk.headers)
    assert error(response, 405)
    assert allowed in response.headers["Allow"]


def test_head_answers_a_get_without_its_body(desk: Desk) -> None:
    create_incident(desk)
    got, head = listing(desk), desk.client.head("/incident", headers=desk.headers)
    assert (head.status_code, head.content) == (200, b"")
    assert head.headers["X-Total"] == got.headers["X-Total"]
    assert head.headers["Content-Length"] == got.headers["Content-Length"]


def test_head_of_a_missing_incident_is_a_404(desk: Desk) -> None:
    assert desk.client.head("/incident/999999999", headers=desk.headers).status_code == 404


def test_a_401_names_the_scheme_to_answer_with(desk: Desk) -> None:
    response = desk.client.post("/incident/create", json={})
    assert error(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_compressed_body_is_a_415_and_writes_nothing(desk: Desk) -> None:
    headers = {**desk.headers, "Content-Type": "application/json", "Content-Encoding": "gzip"}
    body = gzip.compress(b'{"comment": "zipped"}')
    number = create_incident(desk)["id"]
    response = desk.client.post(f"/incident/{number}/comment", content=body, headers=headers)
    assert "Content-Encoding gzip" in error(response, 415)
    assert desk.client.get(f"/incident/{number}/comments", headers=desk.headers).json() == []


def test_a_chunked_multipart_body_past_the_cap_is_a_413(desk: Desk) -> None:
    number = create_incident(desk)["id"]
    body = multipart(("comment", b"ok", None), ("note", b"x" * (1024 * 1024), None))

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 65536):
            yield body[start : start + 65536]

    response = post_multipart(desk, f"/incident/{number}/comment", chunks())
    assert error(response, 413)


def test_a_multipart_comment_is_taken(desk: Desk) -> None:
    number = create_incident(desk)["id"]
    body = multipart(("comment", "Schön".encode(), None), ("internal", b"1", None))
    response = post_multipart(desk, f"/incident/{number}/comment", body)
    assert response.status_code == 201, response.text
    assert (response.json()["comment"], response.json()["internal"]) == ("Schön", True)


def test_a_file_part_is_a_400_naming_it(desk: Desk) -> None:
    number = create_incident(desk)["id"]
    body = multipart(("comment", b"ok", None), ("internal", b"1", "flag.txt"))
    response = post_multipart(desk, f"/incident/{number}/comment", body)
    assert error(response, 400) == "internal: must be text, not a file"


def test_multipart_text_must_be_utf8_like_any_form(desk: Desk) -> None:
    number = create_incident(desk)["id"]
    body = multipart(("comment", b"\xff\xfe", None))
    response = post_multipart(desk, f"/incident/{number}/comment", body)
    assert error(response, 400) == "form body: must be UTF-8 text"


@pytest.mark.parametrize(("field", "limit"), [("name", 255), ("external_reference", 255)])
def test_a_far_too_long_text_is_told_its_own_limit(desk: Desk, field: str, limit: int) -> None:
    body = {"scope": desk.scope, "service": desk.service, "name": "n", "severity": "low"}
    body |= {"start_impact_date": "2026-01-01T10:00", field: "x" * 30_000}
    response = desk.client.post("/incident/create", json=body, headers=desk.headers)
    assert error(response, 400) == f"{field}: must be at most {limit} characters"


def test_a_number_too_long_to_read_is_a_plain_400(desk: Desk) -> None:
    body = b'{"comment": "x", "internal": ' + b"1" * 5000 + b"}"
    headers = {**desk.headers, "Content-Type": "application/json"}
    number = create_incident(desk)["id"]
    response = desk.client.post(f"/incident/{number}/comment", content=body, headers=headers)
    message = error(response, 400)
    assert "a number has more than" in message
    assert "sys." not in message


def test_json_with_a_byte_order_mark_labelled_as_a_form_is_read_as_json(desk: Desk) -> None:
    headers = {**desk.headers, "Content-Type": "application/x-www-form-urlencoded"}
    number = create_incident(desk)["id"]
    body = b'\xef\xbb\xbf{"comment": "marked"}'
    response = desk.client.post(f"/incident/{number}/comment", content=body, headers=headers)
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("query", ["status=active&status=resolved", "per_page=500&per_page=5"])
def test_a_list_parameter_given_twice_is_a_400(desk: Desk, query: str) -> None:
    response = desk.client.get(f"/incident?{query}", headers=desk.headers)
    assert "given more than once" in error(response, 400)


@pytest.mark.parametrize("kind", ["scope", "service"])
def test_a_catalog_list_refuses_an_unknown_parameter(desk: Desk, kind: str) -> None:
    response = desk.client.get(f"/{kind}?bogus=1", headers=desk.headers)
    assert error(response, 400) == "bogus: unknown parameter; use page, per_page"


def test_the_external_reference_filter_is_trimmed_as_stored_values_are(desk: Desk) -> None:
    number = create_incident(desk, external_reference="OPS-1")["id"]
    response = listing(desk, external_reference=" OPS-1 ")
    assert [i["id"] for i in response.json()] == [number]


def test_an_empty_external_reference_filter_is_a_400(desk: Desk) -> None:
    assert "must not be empty" in error(listing(desk, external_reference=""), 400)


def asgi_call(
    desk: Desk, method: str, path: str, *, root_path: str = "", body: str = "whole"
) -> list[dict[str, Any]]:
    """The messages the app sends for one request made at the ASGI level.

    body: "whole" (empty), "disconnect" (the client leaves before sending it),
    "stall" (part of it comes, then nothing more)."""
    key = desk.headers["ApiKey"].encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": root_path + path,
        "raw_path": (root_path + path).encode(),
        "root_path": root_path,
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"apikey", key)],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    sent: list[dict[str, Any]] = []

    chunks = 0

    async def receive() -> dict[str, Any]:
        nonlocal chunks
        chunks += 1
        if body == "disconnect":
            return {"type": "http.disconnect"}
        if body == "stall" and chunks > 1:
            await asyncio.Event().wait()
        return {"type": "http.request", "body": b"", "more_body": body == "stall"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    desk.client.portal.call(desk.client.app, scope, receive, send)
    return sent


def test_a_client_leaving_mid_body_is_no_server_error(
    desk: Desk, caplog: pytest.LogCaptureFixture
) -> None:
    number = create_incident(desk)["id"]
    with caplog.at_level(logging.INFO):
        sent = asgi_call(desk, "POST", f"/incident/{number}/comment", body="disconnect")
    assert sent[0]["status"] == 400
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert desk.client.get(f"/incident/{number}/comments", headers=desk.headers).json() == []


def test_a_body_that_stalls_is_a_408_that_closes_the_connection(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    number = create_incident(desk)["id"]
    monkeypatch.setattr(api.body, "BODY_SECONDS", 0.05)
    sent = asgi_call(desk, "POST", f"/incident/{number}/comment", body="stall")
    headers = dict(sent[0]["headers"])
    assert (sent[0]["status"], headers[b"connection"]) == (408, b"close")
    assert b"not received whole within 0.05 s" in sent[1]["body"]
    assert desk.client.get(f"/incident/{number}/comments", headers=desk.headers).json() == []


def test_head_and_allow_follow_the_routes_under_a_root_path(desk: Desk) -> None:
    head = asgi_call(desk, "HEAD", "/incident/999999999", root_path="/svc")
    assert head[0]["status"] == 404
    wrong = asgi_call(desk, "PATCH", "/api/incident-state/get-list", root_path="/svc")
    assert (wrong[0]["status"], dict(wrong[0]["headers"])[b"allow"]) == (405, b"GET, POST")


def test_head_on_a_route_that_writes_through_get_is_a_405_and_writes_nothing(
    desk: Desk,
) -> None:
    created = new_state(desk)
    path = f"/api/incident-state/{created['_id']}/delete-item"
    assert desk.client.head(path, headers=desk.headers).status_code == 405
    item = desk.client.get(f"/api/incident-state/{created['_id']}/get-item", headers=desk.headers)
    assert item.status_code == 200, item.text


def test_a_405_on_a_read_only_path_allows_head_too(desk: Desk) -> None:
    response = desk.client.post("/incident/1", headers=desk.headers)
    assert response.headers["Allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    ("path", "allow"),
    [
        ("/api/incident-state/{id}", "DELETE, PUT"),
        ("/api/incident-state/get-list", "GET, POST"),
        ("/api/incident-state/{id}/delete-item", "GET, POST"),
    ],
)
def test_a_405_names_every_method_of_a_path_served_by_several_routes(
    desk: Desk, path: str, allow: str
) -> None:
    created = new_state(desk)
    response = desk.client.patch(path.format(id=created["_id"]), headers=desk.headers)
    assert error(response, 405)
    assert response.headers["Allow"] == allow
