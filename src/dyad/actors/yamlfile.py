"""Reading actor YAML files with line numbers, so every data error can name file and line.

PyYAML's safe loader forgets where a value came from and silently keeps the last of two equal
keys; both would make a bad data file hard to fix. This loader records each mapping's line and
rejects duplicate keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from dyad.errors import DataError, InputError


class LineDict(dict):
    """A mapping that remembers the (1-based) line it started on."""

    line: int = 0


# libyaml's loader is ~10x faster than the pure-Python one and keeps the same marks.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_Base):  # type: ignore[valid-type,misc]
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    out = LineDict()
    out.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise DataError(
                f"{loader.name}:{key_node.start_mark.line + 1}: duplicate key {key!r} in one mapping"
            )
        out[key] = loader.construct_object(value_node, deep=True)
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> Any:
    """Parse ``path``; a missing file is an InputError, malformed YAML a DataError with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: actor file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read actor file ({exc})") from None
    loader = _LineLoader(text)
    loader.name = str(path)  # type: ignore[attr-defined]
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise DataError(f"{where}: not valid YAML ({exc.problem or exc.context})") from None
    finally:
        loader.dispose()
