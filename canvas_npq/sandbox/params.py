"""Request parameters the way Rails sees them.

canvasapi sends form-encoded keys such as ``module[name]``, ``include[]`` and
``ratings[][points]`` (canvas-api.md §1, ``combine_kwargs``); Canvas's Rack parser turns
them into nested hashes and arrays. Clients may also send JSON bodies, which are used as
they are. The coercion helpers follow Canvas's ``value_to_boolean`` and Ruby's ``to_i``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

Params = dict[str, Any]

_HEAD = re.compile(r"\A[\[\]]*([^\[\]]+)\]*")
_ARRAY_OF_HASH = re.compile(r"\A\[\]\[([^\[\]]+)\]\Z")
_ARRAY_NESTED = re.compile(r"\A\[\](.+)\Z")


def parse_pairs(pairs: Iterable[tuple[str, Any]]) -> Params:
    """Fold ``(key, value)`` pairs into nested params, as Rack's ``normalize_params``."""
    params: Params = {}
    for key, value in pairs:
        _normalize(params, key, value)
    return params


def _normalize(params: Params, name: str, value: Any) -> Params:
    match = _HEAD.match(name)
    if not match:
        return params
    key = match.group(1)
    after = name[match.end() :]
    if after == "":
        params[key] = value
    elif after == "[":
        params[name] = value
    elif after == "[]":
        current = params.get(key)
        if not isinstance(current, list):
            current = params[key] = []
        current.append(value)
    elif (child := _ARRAY_OF_HASH.match(after) or _ARRAY_NESTED.match(after)) is not None:
        child_key = child.group(1)
        current = params.get(key)
        if not isinstance(current, list):
            current = params[key] = []
        # Rack starts a new hash when the last one already has this key, so
        # ``a[][x]=1&a[][y]=2&a[][x]=3`` gives ``[{x:1, y:2}, {x:3}]``.
        if current and isinstance(current[-1], dict) and not _has_key(current[-1], child_key):
            _normalize(current[-1], child_key, value)
        else:
            current.append(_normalize({}, child_key, value))
    else:
        current = params.get(key)
        if not isinstance(current, dict):
            current = params[key] = {}
        _normalize(current, after, value)
    return params


def _has_key(params: Mapping[str, Any], key: str) -> bool:
    parts = [part for part in re.split(r"[\[\]]+", key) if part]
    node: Any = params
    for part in parts:
        if not isinstance(node, Mapping) or part not in node:
            return False
        node = node[part]
    return True


_TRUE = {"yes", "y", "true", "t", "on", "1"}
_FALSE = {"no", "n", "false", "f", "off", "0"}


def to_bool(value: Any) -> bool | None:
    """Canvas's ``value_to_boolean``: ``None`` for anything it does not recognise."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return {1: True, 0: False}.get(value)
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    return None


def to_int(value: Any) -> int | None:
    """Ruby's ``to_i`` on a param: leading digits, else 0; ``None`` when absent."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    match = re.match(r"\s*([+-]?\d+)", str(value))
    return int(match.group(1)) if match else 0


def to_float(value: Any) -> float | None:
    """A float param; blank means ``None`` (the caller decides what blank means)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def as_list(value: Any) -> list[Any]:
    """A list param that may arrive as ``x[]=``, an indexed hash ``x[0]=``, or one value."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return [value[key] for key in sorted(value, key=_index_key)]
    if isinstance(value, str) and value == "":
        return []
    return [value]


def _index_key(key: str) -> tuple[int, int | str]:
    return (0, int(key)) if key.isdigit() else (1, key)


def as_str(value: Any) -> str | None:
    """A scalar param as text (JSON bodies may carry numbers or booleans)."""
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
