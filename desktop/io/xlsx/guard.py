"""Checks an .xlsx file must pass before openpyxl is allowed to open it.

An .xlsx is a zip of XML files. openpyxl parses XML through defusedxml (entity bombs refused) but trusts the zip:
a 400 KB file can expand to gigabytes in memory (TECH-NOTES). So the file's kind is told from its first bytes
(old .xls / WPS .et / encrypted Excel are OLE2 compound files, a renamed text or web page is not a zip at all,
a cut-short download is a zip without its directory) and the zip's directory is checked for the total size once
unpacked and for members that unpack far larger than they are stored. zipfile never unpacks more than a member's
declared size, so checking the declared sizes bounds what openpyxl can read.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl.xml

from desktop.io.importing import ImportFailed
from desktop.os_errors import os_error_reason

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024
MAX_MEMBERS = 10_000
_OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP = b"PK"
_SAVE_AS = "请在 Excel 或 WPS 中打开它，另存为“Excel 工作簿（*.xlsx）”后再导入"
OLD_FORMAT = f"这是旧版 .xls / WPS .et 文件（或设置了打开密码的 Excel 文件），{_SAVE_AS}。"
BOMB = "（可能是恶意构造的“压缩炸弹”），为安全起见已拒绝读取，工作簿未改动。"


def require_defusedxml() -> None:
    """Refuse to read any .xlsx when openpyxl would parse XML without defusedxml's protection."""
    if not openpyxl.xml.DEFUSEDXML:
        raise ImportFailed(
            "缺少安全组件 defusedxml（或已被环境变量 OPENPYXL_DEFUSEDXML 关闭），为安全起见不读取 .xlsx 文件。"
        )


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _not_a_zip(head: bytes) -> ImportFailed:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<html", b"<!doctype", b"<?xml", b"<table", b"<meta")):
        return ImportFailed(
            "这是网页（HTML）或 XML 格式的文件，只是扩展名为 .xlsx（有些系统导出的“Excel”其实是网页），"
            + _SAVE_AS
            + "。"
        )
    if _looks_like_text(head):
        return ImportFailed(
            "这是文本文件，只是扩展名为 .xlsx。若是从表格复制出的文字，请把扩展名改为 .txt 后按文本导入；"
            "否则" + _SAVE_AS + "。"
        )
    return ImportFailed(f"这不是 Excel 的 .xlsx 文件，无法读取。{_SAVE_AS}。")


def _other_package(names: set[str]) -> str | None:
    if "word/document.xml" in names:
        return (
            "这是 Word 文档（.docx），不是 Excel 表格。请把其中的表格复制到 Excel 或 WPS 表格，另存为 .xlsx 后再导入。"
        )
    if any(n.startswith("ppt/") for n in names):
        return "这是 PowerPoint 演示文稿，不是 Excel 表格。"
    if "content.xml" in names and "mimetype" in names:
        return f"这是 WPS/LibreOffice 的开放文档格式（.ods 等），不是 .xlsx。{_SAVE_AS}。"
    if "xl/workbook.xml" not in names and not any(n.lower() == "xl/workbook.xml" for n in names):
        return "这个压缩文件里没有 Excel 工作簿，不是 .xlsx 文件。"
    return None


def check_xlsx(path: Path) -> None:
    """Raise ImportFailed (Chinese, saying what to do) unless `path` is a plausible, safe .xlsx to open."""
    require_defusedxml()
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise ImportFailed(f"无法读取 {path.name}：{os_error_reason(exc)}") from None
    if size == 0:
        raise ImportFailed("文件是空的（0 字节），可能在复制或下载时出错，请重新获取原文件。")
    if head.startswith(_OLE2):
        raise ImportFailed(OLD_FORMAT)
    if not head.startswith(_ZIP):
        raise _not_a_zip(head)
    if size > MAX_FILE_BYTES:
        raise ImportFailed(f"文件过大（{size // 1_048_576} MB），不像是绩效目标表，已拒绝读取。")
    if not zipfile.is_zipfile(path):
        raise ImportFailed("文件不完整或已损坏（可能在下载、复制或发送邮件时被截断），无法打开。请重新获取原文件。")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ImportFailed("文件已损坏，无法打开。请在 Excel 或 WPS 中确认能否打开，或重新获取原文件。") from None
    if len(members) > MAX_MEMBERS:
        raise ImportFailed(f"文件中的部件过多（{len(members)} 个），不像是正常的 Excel 表格{BOMB}")
    if any(m.flag_bits & 0x1 for m in members):
        raise ImportFailed("文件中的内容已加密，无法读取。请去掉密码后另存为 .xlsx 再导入。")
    problem = _other_package({m.filename for m in members})
    if problem:
        raise ImportFailed(problem)
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED_BYTES:
        raise ImportFailed(f"文件解压后约 {total // 1_048_576} MB，远超正常的绩效目标表{BOMB}")
    for member in members:
        if member.file_size > RATIO_FROM_BYTES and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            ratio = member.file_size // max(member.compress_size, 1)
            raise ImportFailed(f"文件中的“{member.filename}”解压后是压缩时的 {ratio} 倍，远超正常表格{BOMB}")
