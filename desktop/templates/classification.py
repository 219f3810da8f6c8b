"""The bundled classification catalogue (政府收支分类科目): 功能分类 and 经济分类 codes with their official names.

The file (resources/classification/<edition>.toml) names its edition year. A code the catalogue lacks is not an
error: the clerk's typed name is used and rule D19 warns, because counties use codes of other 类 every year.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from desktop.datafile import DataFileError, Table, read_toml
from desktop.resources import resource_path

CATALOGUE_KIND = "分类科目文件"
_FUNCTION_CODE = re.compile(r"^[0-9]{3}([0-9]{2}){0,2}$")
_ECONOMIC_CODE = re.compile(r"^[0-9]{3}([0-9]{2})?$")


class CatalogueError(DataFileError):
    """A catalogue file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Catalogue:
    """Codes → names, in printed order: `function` (3/5/7 digits) and `economic` (3/5 digits)."""

    edition: int
    title: str
    function: Mapping[str, str]
    economic: Mapping[str, str]

    def function_classes(self) -> tuple[str, ...]:
        """The 功能分类 类 codes (3 digits) in printed order — every one, for the 收支总表."""
        return tuple(code for code in self.function if len(code) == 3)

    def function_name(self, code: str) -> str | None:
        """The official name of a 功能分类 code, or None when the catalogue lacks it."""
        return self.function.get(code)

    def economic_name(self, code: str) -> str | None:
        """The official name of a 经济分类 code, or None when the catalogue lacks it."""
        return self.economic.get(code)


def _codes(table: Table, key: str, pattern: re.Pattern[str]) -> Mapping[str, str]:
    section = table.table(key)
    codes: dict[str, str] = {}
    for code in section.keys():
        if not pattern.match(code):
            raise section.fail(code, "科目编码应为 3、5 或 7 位数字")
        name = section.text(code)
        parent = code[:-2]
        if len(code) > 3 and parent not in section:
            raise section.fail(code, f"上级科目 {parent} 未列出")
        codes[code] = name.strip()
    return MappingProxyType(codes)


def load_catalogue(path: Path) -> Catalogue:
    """Read and check one catalogue file."""
    table = read_toml(path, CATALOGUE_KIND, CatalogueError)
    table.only(("edition", "title", "function", "economic"))
    edition = table.raw("edition")
    if not isinstance(edition, int) or isinstance(edition, bool) or not 2000 <= edition <= 2100:
        raise table.fail("edition", "应为科目的年度版本，如 2024")
    return Catalogue(
        edition=edition,
        title=table.text("title"),
        function=_codes(table, "function", _FUNCTION_CODE),
        economic=_codes(table, "economic", _ECONOMIC_CODE),
    )


@cache
def bundled_catalogue(edition: int | None = None) -> Catalogue:
    """The bundled catalogue of `edition`, or the newest one when None or when that edition is not bundled."""
    files = sorted(resource_path("classification").glob("*.toml"))
    if not files:
        raise CatalogueError("程序缺少分类科目文件（resources/classification），请重新安装")
    chosen = next((f for f in files if f.stem == str(edition)), files[-1])
    return load_catalogue(chosen)
