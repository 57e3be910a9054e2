"""Path ids: a single segment, but never a word a router serves as a path of its own.

Else `GET /incident/create` reached the `/{incident_id}` route and answered
"id: must be an integer" where the path exists and only the method is wrong:
with the words left out, it is a 405 naming the methods the path takes.
"""

from __future__ import annotations

import re

from starlette.convertors import Convertor, register_url_convertor

ACTIONS = ("create", "get-list", "count")


class IdConvertor(Convertor[str]):
    """Any one path segment but the ACTIONS; the route checks what it holds."""

    regex = "(?!(?:" + "|".join(re.escape(a) for a in ACTIONS) + ")$)[^/]+"

    def convert(self, value: str) -> str:
        """The segment as given."""
        return value

    def to_string(self, value: str) -> str:
        """The segment as given."""
        return value


register_url_convertor("id", IdConvertor())


def by_id(name: str) -> str:
    """The path of one resource: /{name}, where name is no action word."""
    return f"/{{{name}:id}}"
