"""The one checked reader for the program's data files (layouts, frames, indicator library, demo data).

Every complaint is a Chinese sentence naming the file and the key (`版式文件 sc-project.toml 的“print.font_size”有误：
应为 6 到 16 之间的数字`), so whoever edits a file by hand sees at once what to fix. Files are read once, when loaded;
the typed objects built from them are trusted afterwards.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from desktop.os_errors import os_error_reason

Choice = TypeVar("Choice", bound=str)


class DataFileError(ValueError):
    """A data file that cannot be used; the message names the file and the key."""


# The folders of resources/ whose TOML files have a parsed twin (`read_shipped_toml`): the layouts and frames, read
# at every start to show the project on screen.
TWINNED_FOLDERS: tuple[str, ...] = ("templates", "frames")


def read_toml(path: Path, kind: str, error: type[DataFileError] = DataFileError) -> Table:
    """Parse a TOML file; `kind` names it in messages ("版式文件"). Raises `error` with a Chinese message."""
    import tomllib  # ~4 ms: the shipped files read at start-up come from their twins (`read_shipped_toml`)

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise error(f"无法读取{kind} {path.name}：{os_error_reason(exc)}") from None
    except UnicodeDecodeError:
        raise error(f"{kind} {path.name} 不是 UTF-8 编码的文字文件，请用记事本另存为 UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{kind} {path.name} 格式有误：{exc}") from None
    return Table(path, kind, data, "", error)


def read_shipped_toml(path: Path, kind: str, error: type[DataFileError] = DataFileError) -> Table:
    """A TOML file shipped with the program (resources/), read from its parsed twin when that is current.

    The twin `<file>.json` beside it holds the same table as JSON, read ~20× faster than TOML is parsed (importing
    tomllib alone costs ~4 ms of every start), with the CRC-32 of the text it was made from. A missing, stale or
    unreadable twin is passed over and the file itself parsed, so what is read is always the file's own content.
    `python -m desktop.datafile` rewrites the twins; tests/test_datafile.py fails while one is stale.
    """
    try:
        twin = json.loads(twin_path(path).read_text(encoding="utf-8"))
        if isinstance(twin, dict) and isinstance(twin.get("table"), dict) and twin.get("crc32") == _crc(path):
            return Table(path, kind, twin["table"], "", error)
    except (OSError, ValueError):
        pass
    return read_toml(path, kind, error)


def twin_path(path: Path) -> Path:
    """Where the parsed twin of a shipped TOML file is (`ah-project.toml.json`)."""
    return path.with_name(path.name + ".json")


def write_twin(path: Path) -> None:
    """Write the parsed twin of a shipped TOML file (see `read_shipped_toml`)."""
    import tomllib

    table = tomllib.loads(path.read_text(encoding="utf-8"))
    twin = json.dumps({"crc32": _crc(path), "table": table}, ensure_ascii=False, indent=1)
    twin_path(path).write_text(twin + "\n", encoding="utf-8")


def _crc(path: Path) -> int:
    # Of the text as read (line ends made \n), so a checkout that turned them into \r\n still matches its twins.
    return zlib.crc32(path.read_text(encoding="utf-8").encode("utf-8"))


def read_json(path: Path, kind: str, error: type[DataFileError] = DataFileError) -> object:
    """Parse a JSON file; `kind` names it in messages. Raises `error` with a Chinese message naming the file."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise error(f"无法读取{kind} {path.name}：{os_error_reason(exc)}") from None
    except UnicodeDecodeError:
        raise error(f"{kind} {path.name} 不是 UTF-8 编码的文字文件") from None
    except json.JSONDecodeError as exc:
        raise error(f"{kind} {path.name} 格式有误：第 {exc.lineno} 行第 {exc.colno} 列（{exc.msg}）") from None


class Table:
    """Typed, checked access to one table of a data file; every failure names the file and the dotted key."""

    def __init__(
        self,
        path: Path,
        kind: str,
        data: Mapping[str, object],
        prefix: str = "",
        error: type[DataFileError] = DataFileError,
    ) -> None:
        self.path = path
        self.kind = kind
        self.data = data
        self.prefix = prefix
        self.error = error

    def where(self, key: str) -> str:
        """The full key as the clerk finds it in the file (`print.font_size`, `funds.rows[1]`)."""
        return f"{self.prefix}.{key}" if self.prefix else key

    def fail(self, key: str, problem: str) -> DataFileError:
        """The error to raise for `key` of this table (or the table itself when `key` is empty)."""
        where = self.where(key) if key else self.prefix
        return self.error(f"{self.kind} {self.path.name} 的“{where}”有误：{problem}")

    def __contains__(self, key: str) -> bool:
        return key in self.data

    def keys(self) -> Iterator[str]:
        """The keys present, in file order."""
        return iter(self.data)

    def raw(self, key: str) -> object:
        """The unchecked value of `key` (None when absent), for checks this class has no helper for."""
        return self.data.get(key)

    def only(self, known: Sequence[str] | frozenset[str], hint: bool = False) -> None:
        """Refuse keys outside `known` (a typo), naming the first one; `hint` lists the known keys."""
        unknown = sorted(set(self.data) - set(known))
        if unknown:
            extra = f"（可用：{'、'.join(sorted(known))}）" if hint else "（拼写错误？）"
            raise self.fail(unknown[0], f"不认识的项{extra}")

    def text(self, key: str) -> str:
        """A required non-empty string."""
        value = self.optional_text(key)
        if value is None:
            raise self.fail(key, "缺少此项")
        return value

    def optional_text(self, key: str) -> str | None:
        """A non-empty string, or None when the key is absent."""
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "应为非空文字")
        return value

    def flag(self, key: str, default: bool) -> bool:
        """A true/false value."""
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "应为 true 或 false")
        return value

    def number(self, key: str, low: float, high: float, default: float) -> float:
        """A number between `low` and `high` (inclusive)."""
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            raise self.fail(key, f"应为 {low:g} 到 {high:g} 之间的数字")
        return float(value)

    def choice(self, key: str, choices: Sequence[Choice], default: Choice) -> Choice:
        """One of `choices` (the default when absent)."""
        value = self.data.get(key, default)
        for choice in choices:
            if value == choice:
                return choice
        raise self.fail(key, f"应为 {'、'.join(choices)} 之一")

    def texts(self, key: str, default: Sequence[str] = ()) -> tuple[str, ...]:
        """A list of strings (may be empty)."""
        value = self.data.get(key, list(default))
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "应为文字列表")
        return tuple(value)

    def table(self, key: str) -> Table:
        """A required sub-table (`[key]`)."""
        found = self.optional_table(key)
        if found is None:
            raise self.fail(key, "缺少此段")
        return found

    def optional_table(self, key: str) -> Table | None:
        """A sub-table, or None when absent."""
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            raise self.fail(key, "应为一个表（[...] 段）")
        return Table(self.path, self.kind, value, self.where(key), self.error)

    def tables(self, key: str, *, required: bool = True, what: str = "项") -> list[Table]:
        """A list of tables (`[[key]]` or `key = [{...}, ...]`); empty is refused when `required`."""
        value = self.data.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list) or (required and not value):
            raise self.fail(key, f"应列出至少一{what}")
        out: list[Table] = []
        for i, item in enumerate(value):
            where = f"{key}[{i}]"
            if not isinstance(item, Mapping):
                raise self.fail(where, "应为 { 键 = 值, … } 形式的表")
            out.append(Table(self.path, self.kind, item, self.where(where), self.error))
        return out


if __name__ == "__main__":  # python -m desktop.datafile: rewrite the twins after editing a shipped layout or frame
    from desktop.resources import resource_path

    for folder in TWINNED_FOLDERS:
        for shipped in sorted(resource_path(folder).glob("*.toml")):
            write_twin(shipped)
            print(twin_path(shipped))
