"""The list language's conditions as SQL, and who may see a resource without a key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# What a reader without a key sees, by Resource.public_via: the column that
# decides it, and the condition on it (m: the placeholder; its value is true).
PUBLIC_RULES: dict[str | None, tuple[str, str]] = {
    "self": ("public", "public = {m}"),
    "scope": ("scope_id", "scope_id IN (SELECT number FROM scopes WHERE public = {m})"),
}
ORDERED_OPS = ("GreaterThan", "GreaterThanOrEqual", "LessThan", "LessThanOrEqual", "InBetween")
Compiler = Callable[[str, str, tuple[Any, ...]], tuple[str, list[Any]]]


def _binary(op: str) -> Compiler:
    return lambda col, m, v: (f"{col} {op} {m}", [v[0]])


def _not_equal(col: str, m: str, v: tuple[Any, ...]) -> tuple[str, list[Any]]:
    return f"({col} IS NULL OR {col} <> {m})", [v[0]]


def fold(text: str) -> str:
    """Text as Search compares it: Python's full Unicode lowercase, final sigma as sigma.

    SQLite runs this very function as ledger_fold; Postgres runs FOLD_DDL's twin.
    Without the sigma rule "ΟΔΟΣ" lowers to a word-final sigma, which a typed
    capital sigma (lowered to the plain one) would not find.
    """
    return text.lower().replace("ς", "σ")


# ICU's root locale lowers exactly as str.lower does; the database's own
# lower() follows its locale: under C only ASCII folds (a typed "élan" missed
# "Élan"), under C.UTF-8 "İ" becomes "i" where Python gives "i̇".
_FOLD_FUNCTION = (
    "CREATE OR REPLACE FUNCTION ledger_fold(text) RETURNS text "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT {} $$"
)
FOLD_DDL = _FOLD_FUNCTION.format("translate(lower($1 COLLATE \"und-x-icu\"), 'ς', 'σ')")
# Without ICU, or in a database not in UTF8 (which can hold no sigma, and
# where ICU refuses SQL_ASCII): the locale's lower().
LOCALE_FOLD_DDL = _FOLD_FUNCTION.format("lower($1)")
ICU_FOLD_POSSIBLE = (
    "SELECT current_setting('server_encoding') = 'UTF8' "
    "AND EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu')"
)


def _search(col: str, m: str, v: tuple[Any, ...]) -> tuple[str, list[Any]]:
    return f"ledger_fold({col}) LIKE {m} ESCAPE '\\'", [f"%{_like_escape(fold(v[0]))}%"]


def _starts(col: str, m: str, v: tuple[Any, ...]) -> tuple[str, list[Any]]:
    return f"{col} LIKE {m} ESCAPE '\\'", [f"{_like_escape(v[0])}%"]


def _ends(col: str, m: str, v: tuple[Any, ...]) -> tuple[str, list[Any]]:
    return f"{col} LIKE {m} ESCAPE '\\'", [f"%{_like_escape(v[0])}"]


def _includes(col: str, m: str, v: tuple[Any, ...]) -> tuple[str, list[Any]]:
    if not v:
        return "1 = 0", []
    return f"{col} IN ({', '.join([m] * len(v))})", list(v)


def _between(col: str, m: str, v: tuple[Any, ...]) -> tuple[str, list[Any]]:
    return f"{col} BETWEEN {m} AND {m}", [v[0], v[1]]


COMPILERS: dict[str, Compiler] = {
    "EqualTo": _binary("="),
    "NotEqual": _not_equal,
    "GreaterThan": _binary(">"),
    "GreaterThanOrEqual": _binary(">="),
    "LessThan": _binary("<"),
    "LessThanOrEqual": _binary("<="),
    "Search": _search,
    "StartsWith": _starts,
    "EndsWith": _ends,
    "Includes": _includes,
    "IsNull": lambda col, m, v: (f"{col} IS NULL", []),
    "NotNull": lambda col, m, v: (f"{col} IS NOT NULL", []),
    "InBetween": _between,
}
