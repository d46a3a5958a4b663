"""The string and number formats of docs/openapi.json, as the document defines them, for the
jsonschema validator of openapi_conformance.py.
"""
from __future__ import annotations

import datetime
import re
import urllib.parse
from typing import Any

from jsonschema import FormatChecker

INT64 = (-(2 ** 63), 2 ** 63 - 1)

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UTC_INSTANT_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})Z$")
_RFC3339_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+$")



def _date_ok(text: str) -> bool:
    if not _DATE_RE.match(text):
        return False
    datetime.date.fromisoformat(text)  # raises ValueError for 2026-02-30
    return True


def _time_ok(h: str, m: str, s: str) -> bool:
    return int(h) <= 23 and int(m) <= 59 and int(s) <= 60


def _instant_utc(text: str) -> bool:
    m = _UTC_INSTANT_RE.match(text)
    return bool(m) and _date_ok(m.group(1)) and _time_ok(*m.group(2, 3, 4))


def _instant_any(text: str) -> bool:
    m = _RFC3339_RE.match(text)
    return bool(m) and _date_ok(m.group(1)) and _time_ok(*m.group(2, 3, 4))


def _uri(text: str) -> bool:
    parts = urllib.parse.urlsplit(text)
    return bool(parts.scheme) and bool(parts.netloc or parts.path) and not re.search(r"\s", text)


def _uri_reference(text: str) -> bool:
    return not re.search(r"\s", text)


def _int64(value: Any) -> bool:
    return INT64[0] <= value <= INT64[1]


def make_format_checker(answer: bool) -> FormatChecker:
    """Formats as the document defines them; answers (answer=True) must use UTC `Z` instants."""
    checker = FormatChecker(formats=())
    instant = _instant_utc if answer else _instant_any
    for name, fn, types in (("date-time", instant, str), ("date", _date_ok, str), ("email", _EMAIL_RE.match, str),
                            ("uri", _uri, str), ("uri-reference", _uri_reference, str), ("int64", _int64, int)):
        def check(value, fn=fn, types=types):
            # formats apply to their own type only; bool is not an int64
            if not isinstance(value, types) or isinstance(value, bool):
                return True
            return bool(fn(value))
        checker.checks(name, raises=(ValueError,))(check)
    return checker
