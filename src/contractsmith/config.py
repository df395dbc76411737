"""Project configuration: ``contractsmith.toml`` or ``[tool.contractsmith]`` in pyproject.toml.

The file is searched from the current directory upward; the first directory holding a
``contractsmith.toml``, or a ``pyproject.toml`` with a ``[tool.contractsmith]`` table,
wins. Command-line flags override it. Keys (all optional)::

    playbook = "influencer"          # built-in name or a path (relative to the file)
    select = ["V", "C0"]             # rule codes or prefixes; a list or "V,C0"
    ignore = ["V003"]
    fail-on = "error"                # error | warning | info | never
    format = "text"                  # text | json | csv | sarif | html | junit | github
    jobs = 2
    baseline = "contractsmith-baseline.json"   # relative to the file

Underscores may be written for dashes (``fail_on``). An unknown key is a usage error
naming the key and the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contractsmith.inputs import MAX_SETTINGS_BYTES, InputError, read_text_bounded
from contractsmith.selection import parse_codes

CONFIG_NAME = "contractsmith.toml"
FAIL_ON_CHOICES = ("error", "warning", "info", "never")
FORMAT_CHOICES = ("text", "json", "csv", "sarif", "html", "junit", "github")
KEYS = ("playbook", "select", "ignore", "fail-on", "format", "jobs", "baseline")


class ConfigError(Exception):
    """A configuration file that cannot be used; the message is one line."""


@dataclass
class Config:
    """Settings read from a project file (empty when there is none)."""

    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def find_config(start: str | Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The nearest config file at or above ``start`` and its raw table, or None."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / CONFIG_NAME
        if own.exists():  # a FIFO or device here is an error, not a file to skip
            return own, _read_toml(own)
        pyproject = folder / "pyproject.toml"
        if pyproject.exists():
            table = _read_toml(pyproject).get("tool", {}).get("contractsmith")
            if table is not None:
                if not isinstance(table, dict):
                    raise ConfigError(f"{pyproject}: [tool.contractsmith] must be a table")
                return pyproject, table
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(read_text_bounded(path, MAX_SETTINGS_BYTES))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except InputError as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply to read") from None


def load_config(start: str | Path | None = None) -> Config:
    """Find and validate the project configuration (an empty Config when there is none)."""
    found = find_config(start)
    if found is None:
        return Config()
    path, table = found
    return Config(path=path, values=parse_table(table, path))


def split_codes(value: str | list[str] | tuple[str, ...] | None) -> list[str] | None:
    """``"V, C0"`` or ``["V", "C0"]`` -> ``["V", "C0"]`` (``selection.parse_codes``);
    None stays None and an empty selection is ``[]``."""
    if value is None:
        return None
    return parse_codes([str(item) for item in value] if not isinstance(value, str) else value) or []


def parse_table(table: dict[str, Any], path: Path) -> dict[str, Any]:
    """Check keys and value types; resolve relative paths against the file's folder."""
    out: dict[str, Any] = {}
    for raw_key in sorted(table):
        key = raw_key.replace("_", "-")
        value = table[raw_key]
        if key not in KEYS:
            raise ConfigError(f"{path}: unknown key {raw_key!r} (known: {', '.join(KEYS)})")
        if key in ("select", "ignore"):
            if not isinstance(value, str | list) or (
                isinstance(value, list) and not all(isinstance(v, str) for v in value)
            ):
                raise ConfigError(f"{path}: {raw_key} must be a string or a list of strings")
            value = split_codes(value)
        elif key == "fail-on":
            if value not in FAIL_ON_CHOICES:
                raise ConfigError(f"{path}: fail-on must be one of {', '.join(FAIL_ON_CHOICES)}")
        elif key == "format":
            if value not in FORMAT_CHOICES:
                raise ConfigError(f"{path}: format must be one of {', '.join(FORMAT_CHOICES)}")
        elif key == "jobs":
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ConfigError(f"{path}: jobs must be a positive integer")
        elif key in ("playbook", "baseline"):
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{path}: {raw_key} must be a non-empty string")
            if key == "baseline" or ("/" in value or value.endswith((".yaml", ".yml"))):
                value = str((path.parent / value).resolve())
        out[key] = value
    return out
