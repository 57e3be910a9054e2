"""GET /incident pagination: page and per_page, the X-* headers and the Link header."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.api.helpers import error
from tests.api.incident_helpers import Desk, create_incident, listing, unique

HEADERS = ("X-Total", "X-Total-Pages", "X-Per-Page", "X-Page", "X-Next-Page", "X-Prev-Page")


def made(desk: Desk, n: int, **over: object) -> list[int]:
    """Create n incidents; their ids, newest first (the list's order)."""
    return [create_incident(desk, **over)["id"] for _ in range(n)][::-1]


def links(response: httpx.Response) -> dict[str, str]:
    """The Link header as rel -> URL."""
    pairs = re.findall(r'<([^>]*)>;\s*rel="(\w+)"', response.headers.get("Link", ""))
    return {rel: url for url, rel in pairs}


def page_of(url: str) -> tuple[str, str]:
    """The page and per_page a link asks for."""
    query = parse_qs(urlsplit(url).query)
    return query["page"][0], query["per_page"][0]


def heads(response: httpx.Response) -> tuple[str, ...]:
    """The six X-* paging headers."""
    assert response.status_code == 200, response.text
    return tuple(response.headers[h] for h in HEADERS)


def test_defaults_are_page_1_and_20_per_page(desk: Desk) -> None:
    ids = made(desk, 3)
    response = listing(desk)
    assert heads(response) == ("3", "1", "20", "1", "", "")
    assert [i["id"] for i in response.json()] == ids


def test_an_empty_list_still_has_the_headers(desk: Desk) -> None:
    total, pages, per_page, page, following, previous = heads(listing(desk))
    assert (total, per_page, page, following, previous) == ("0", "20", "1", "", "")
    assert pages in ("0", "1")


def test_the_first_page_points_to_the_next(desk: Desk) -> None:
    ids = made(desk, 5)
    response = listing(desk, per_page=2)
    assert heads(response) == ("5", "3", "2", "1", "2", "")
    assert [i["id"] for i in response.json()] == ids[:2]


def test_a_middle_page_points_both_ways(desk: Desk) -> None:
    ids = made(desk, 5)
    response = listing(desk, per_page=2, page=2)
    assert heads(response) == ("5", "3", "2", "2", "3", "1")
    assert [i["id"] for i in response.json()] == ids[2:4]


def test_the_last_page_has_no_next(desk: Desk) -> None:
    ids = made(desk, 5)
    response = listing(desk, per_page=2, page=3)
    assert heads(response) == ("5", "3", "2", "3", "", "2")
    assert [i["id"] for i in response.json()] == ids[4:]


def test_pages_together_hold_every_incident_once_in_order(desk: Desk) -> None:
    ids = made(desk, 7)
    pages = [listing(desk, per_page=3, page=n).json() for n in (1, 2, 3)]
    assert [i["id"] for page in pages for i in page] == ids


def test_a_page_past_the_end_is_empty(desk: Desk) -> None:
    made(desk, 2)
    response = listing(desk, per_page=2, page=5)
    assert response.status_code == 200, response.text
    assert response.json() == []
    assert response.headers["X-Total"] == "2"
    assert response.headers["X-Next-Page"] == ""


def test_a_page_just_past_the_end_points_only_to_first_and_last(desk: Desk) -> None:
    made(desk, 4)
    response = listing(desk, per_page=2, page=3)
    assert (response.headers["X-Prev-Page"], response.headers["X-Next-Page"]) == ("", "")
    assert set(links(response)) == {"first", "last"}


def test_link_has_next_first_and_last_on_the_first_page(desk: Desk) -> None:
    made(desk, 5)
    rels = links(listing(desk, per_page=2))
    assert set(rels) == {"next", "first", "last"}
    assert page_of(rels["next"]) == ("2", "2")
    assert page_of(rels["first"]) == ("1", "2")
    assert page_of(rels["last"]) == ("3", "2")


def test_link_has_all_four_on_a_middle_page(desk: Desk) -> None:
    made(desk, 5)
    rels = links(listing(desk, per_page=2, page=2))
    assert set(rels) == {"next", "prev", "first", "last"}
    assert (page_of(rels["next"]), page_of(rels["prev"])) == (("3", "2"), ("1", "2"))


def test_link_has_prev_first_and_last_on_the_last_page(desk: Desk) -> None:
    made(desk, 5)
    rels = links(listing(desk, per_page=2, page=3))
    assert set(rels) == {"prev", "first", "last"}


def test_following_the_next_link_gives_the_next_page(desk: Desk) -> None:
    made(desk, 5)
    first = listing(desk, per_page=2)
    following = desk.client.get(links(first)["next"], headers=desk.headers)
    assert following.json() == listing(desk, per_page=2, page=2).json()


def test_links_keep_the_filters(desk: Desk) -> None:
    ref = unique("REF")
    ids = made(desk, 3, external_reference=ref)
    made(desk, 3)
    first = listing(desk, per_page=2, external_reference=ref)
    assert first.headers["X-Total"] == "3"
    following = desk.client.get(links(first)["next"], headers=desk.headers)
    assert [i["id"] for i in following.json()] == ids[2:]


def test_the_total_counts_only_matching_incidents(desk: Desk) -> None:
    made(desk, 2, severity="low")
    made(desk, 3, severity="high")
    assert heads(listing(desk, severity="low", per_page=1))[:2] == ("2", "2")


@pytest.mark.parametrize("per_page", [1, 100])
def test_per_page_bounds_are_accepted(desk: Desk, per_page: int) -> None:
    made(desk, 2)
    response = listing(desk, per_page=per_page)
    assert response.headers["X-Per-Page"] == str(per_page)
    assert len(response.json()) == min(per_page, 2)


@pytest.mark.parametrize("per_page", ["0", "101", "-1", "abc", "2.5", "1e2"])
def test_per_page_outside_1_to_100_is_a_400(desk: Desk, per_page: str) -> None:
    assert "per_page" in error(listing(desk, per_page=per_page), 400)


@pytest.mark.parametrize("page", ["0", "-1", "x", "1.5"])
def test_a_page_that_is_not_a_positive_integer_is_a_400(desk: Desk, page: str) -> None:
    assert "page" in error(listing(desk, page=page), 400)


def test_paging_works_without_a_key_too(public_desk: Desk) -> None:
    ref = unique("PUB")
    ids = made(public_desk, 3, external_reference=ref)
    response = listing(public_desk, {}, external_reference=ref, per_page=2, page=2)
    assert heads(response) == ("3", "2", "2", "2", "", "1")
    assert [i["id"] for i in response.json()] == ids[2:]
