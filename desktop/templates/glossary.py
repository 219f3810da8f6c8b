"""The fixed text of the 名词解释 (part 4 of the Anhui 部门预算 publication), read from resources/glossary/."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from desktop.datafile import DataFileError, read_toml
from desktop.resources import resource_path

GLOSSARY_KIND = "名词解释"
_CODE = re.compile(r"^\d{7}$")


class GlossaryError(DataFileError):
    """A glossary file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Term:
    """One fixed entry: "财政拨款收入" and its explanation."""

    name: str
    text: str


@dataclass(frozen=True)
class Glossary:
    """The fixed terms in printed order, and the explanation of each 功能分类 项 by code."""

    title: str
    terms: tuple[Term, ...]
    functions: Mapping[str, str]


def load_glossary(path: Path) -> Glossary:
    """Read and check one glossary file."""
    table = read_toml(path, GLOSSARY_KIND, GlossaryError)
    table.only(("title", "terms", "functions"))
    terms = []
    for entry in table.tables("terms", what="个名词"):
        entry.only(("name", "text"))
        terms.append(Term(entry.text("name"), entry.text("text")))
    functions: dict[str, str] = {}
    section = table.optional_table("functions")
    if section is not None:
        for code in section.keys():
            if not _CODE.match(code):
                raise section.fail(code, "功能分类项的编码应为 7 位数字")
            functions[code] = section.text(code).strip()
    return Glossary(table.text("title"), tuple(terms), MappingProxyType(functions))


@cache
def bundled_glossary(document: str = "ah-department-budget") -> Glossary | None:
    """The bundled glossary of a document layout, or None when that document has none."""
    path = resource_path("glossary", f"{document}.toml")
    return load_glossary(path) if path.exists() else None
