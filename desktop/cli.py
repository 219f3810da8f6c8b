"""The `jixiao` command: every non-GUI operation, and the entry point of the desktop app.

Errors reach the user as one Chinese sentence on standard error with the exit status of spec/INTERCHANGE.md —
never as a Python traceback.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import __version__
from desktop.os_errors import os_error_reason

if TYPE_CHECKING:  # the model is imported by the commands that use it, not at start-up
    from desktop.domain.draft_check import UnfinishedDraft
    from desktop.domain.model import Project, Workbook
    from desktop.domain.print_checks import PrintWarning

EXIT_OK = 0
EXIT_NOTHING = 1
EXIT_ERROR = 2


class CommandError(Exception):
    """A failure to report as a Chinese sentence with an exit status."""

    def __init__(self, message: str, status: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in Chinese through CommandError instead of exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise CommandError(f"命令参数有误：{message}\n用法：{self.format_usage().strip()}")


def _year(text: str) -> int:
    """An argparse type: a budget year within the bounds every input checks (desktop.domain.limits)."""
    from desktop.domain.limits import year_problem

    try:
        year = int(text) if len(text) <= 12 else None
    except ValueError:
        year = None
    problem = "应为四位数的年份" if year is None else year_problem(year)
    if problem is not None:
        shown = text if len(text) <= 12 else text[:12] + "…"
        raise argparse.ArgumentTypeError(f"年度“{shown}”{problem.removeprefix(f'“{shown}”')}")
    assert year is not None
    return year


def _open_workbook(path: Path, *, create: bool = False, read_only: bool = False):  # type: ignore[no-untyped-def]
    from desktop.storage.workbook_file import WorkbookFile

    return WorkbookFile.open(path, create=create, read_only=read_only)


def cmd_templates(_: argparse.Namespace) -> int:
    """List the layouts the program knows: project form layouts (bundled and the user's), then document layouts."""
    from desktop.templates.catalog import layout_catalog
    from desktop.templates.documents import bundled_document_layouts

    catalog = layout_catalog()
    print("项目表版式：")
    for layout in catalog.layouts.values():
        columns = " | ".join(c.label for c in layout.columns)
        print(f"{layout.id}\t{layout.name}\t框架 {layout.frame.id}\t指标列：{columns}")
    print("部门文件版式：")
    for document in bundled_document_layouts().values():
        parts = " + ".join(_PART_NAMES[part.kind] for part in document.parts)
        tables = f"\t{len(document.tables)} 张表" if document.tables else ""
        print(f"{document.id}\t{document.name}\t{parts}{tables}")
    for problem in catalog.problems:
        print(f"注意：{problem}", file=sys.stderr)
    print(f"自定义版式文件夹：{catalog.user_folder}（放入 .toml 版式文件即可增加版式）", file=sys.stderr)
    return EXIT_OK


_PART_NAMES = {
    "cover": "封面",
    "contents": "目录",
    "overview": "部门概况",
    "tables": "预算表",
    "explanations": "情况说明",
    "other_matters": "其他重要事项",
    "glossary": "名词解释",
    "overall_target": "部门整体绩效目标",
    "public_list": "公开清单",
    "forms": "项目表",
}


def cmd_demo(args: argparse.Namespace) -> int:
    """Write a demo workbook built from the bundled example forms."""
    from desktop.io.demo import demo_workbook

    path = Path(args.path)
    if path.exists():
        raise CommandError(f"{path} 已存在。为免覆盖已有数据，请换一个文件名或先删除它。")
    workbook = demo_workbook()
    with _open_workbook(path, create=True) as wb_file:
        wb_file.save(workbook)
    indicators = sum(len(p.indicators) for p in workbook.projects)
    departments = "、".join(d.name for d in workbook.departments)
    print(
        f"已写入示例工作簿 {path}：{len(workbook.projects)} 个项目、{indicators} 条三级指标、"
        f"{len(workbook.departments)} 个部门（{departments}）"
    )
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Add the projects found in SOURCE to WORKBOOK (created if missing)."""
    from desktop.io.importing import ImportFailed, add_departments
    from desktop.storage.sources import read_source

    source = Path(args.source)
    if not source.is_file():
        raise CommandError(f"找不到要导入的文件：{source}")
    if args.template is not None:
        from desktop.templates.catalog import get_layout

        get_layout(args.template)
    try:
        result = read_source(source, args.template, args.year)
    except ImportFailed as exc:
        raise CommandError(f"无法导入 {source.name}：{exc}") from None
    for note in result.notes:
        print(f"  {note}", file=sys.stderr)
    for line in result.unplaced:
        print(f"  {line.where()}未识别（{line.reason}）：{line.text}", file=sys.stderr)
    for guess in result.guess_lines():
        print(f"  推测：{guess}", file=sys.stderr)
    if result.is_empty():
        print(f"{source.name} 中没有找到可导入的项目表或部门资料，工作簿未改动。", file=sys.stderr)
        return EXIT_NOTHING
    if args.year is not None:
        for project in result.projects:
            project.year = args.year
        result.departments = [replace(d, year=args.year) for d in result.departments]
    with _open_workbook(Path(args.into), create=True) as wb_file:
        if wb_file.read_only:
            cause = wb_file.read_only_cause()
            raise CommandError(f"{cause}，只能只读打开，未导入到“{wb_file.path}”，工作簿未改动。")
        workbook = wb_file.load()
        outcome = _merge_import(workbook, result, args.on_conflict)
        for note in add_departments(workbook, result.departments):
            print(f"  {note}", file=sys.stderr)
        wb_file.save(workbook)
    print(result.summary())
    print(outcome.summary())
    return EXIT_OK


def _merge_import(workbook, result, on_conflict: str | None):  # type: ignore[no-untyped-def]
    """Add the imported projects; those already in the workbook are replaced, skipped or kept beside as chosen
    (default: replace for our own files, keep both for other text), and each is named on standard error."""
    from desktop.domain.reimport import Match, Resolution, apply_import, classify, default_resolution

    items = classify(workbook.projects, result.projects)
    choices = {
        i: Resolution(on_conflict) if on_conflict else default_resolution(item, result.ours)
        for i, item in enumerate(items)
    }
    for i, item in enumerate(items):
        if item.match is not Match.NEW:
            print(f"  {item.project.display_name()}：{item.summary()}，{choices[i].label}", file=sys.stderr)
    return apply_import(workbook, items, choices)


def cmd_rollover(args: argparse.Namespace) -> int:
    """Copy a year's projects (and departments) to the next year, keeping last year's 指标值 as prior_value."""
    from desktop.domain.rollover import rollover, year_selection

    to_year = args.to if args.to is not None else args.from_year + 1
    if to_year == args.from_year:
        raise CommandError("结转的目标年度与原年度相同，请用 --to 指定另一个年度。")
    with _open_workbook(Path(args.workbook)) as wb_file:
        if wb_file.read_only:
            raise CommandError(f"{wb_file.read_only_cause()}，只能只读打开，未结转，工作簿未改动。")
        workbook = wb_file.load()
        projects, departments = year_selection(workbook, args.from_year, args.department)
        if not projects and not departments:
            where = f"“{args.department}”的" if args.department else ""
            print(f"工作簿中没有 {args.from_year} 年{where}项目，没有可结转的内容。", file=sys.stderr)
            return EXIT_NOTHING
        result = rollover(workbook, projects, to_year, departments=departments, clear_funds=args.clear_funds)
        for old_name, new_name in result.renamed:
            print(f"  {old_name} → {new_name}")
        for name in result.already:
            print(f"  {name}：{to_year} 年已有，未重复结转", file=sys.stderr)
        workbook.projects.extend(result.projects)
        workbook.departments.extend(result.departments)
        if result.projects or result.departments:
            wb_file.save(workbook)
    print(result.summary())
    return EXIT_OK if result.projects or result.departments else EXIT_NOTHING


def _select(workbook, ids: Sequence[int] | None):  # type: ignore[no-untyped-def]
    if not ids:
        return workbook
    from desktop.domain.model import Workbook

    missing = [i for i in ids if workbook.project_by_id(i) is None]
    if missing:
        raise CommandError(f"工作簿中没有编号为 {'、'.join(map(str, missing))} 的项目（用 jixiao validate 可查看编号）")
    return Workbook(projects=[p for p in workbook.projects if p.id in set(ids)])


def cmd_export(args: argparse.Namespace) -> int:
    """Export the workbook (or a selection) by OUT's extension: .pdf, .xlsx or .json; with --department, that
    department's publication (its document layout's PDF, its tables as xlsx)."""
    from desktop.io.dispatch import EXPORT_SUFFIXES, export_to

    out = Path(args.output)
    suffix = out.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise CommandError(f"不支持导出为“{out.suffix or '（无扩展名）'}”：请用 .pdf、.xlsx 或 .json 结尾的文件名")
    if args.department is None and args.year is not None:
        raise CommandError("--year 只能与 --department 一起使用")
    if args.department is not None and args.project:
        raise CommandError("--department 与 --project 只能选一个")
    if args.draft_watermark and suffix == ".json":
        raise CommandError("--draft-watermark 只用于 .pdf 和 .xlsx：JSON 交换文件没有页面，不加水印")
    _pause_collection()
    with _open_workbook(Path(args.workbook), read_only=True) as wb_file:
        loaded = wb_file.load()
    if not out.parent.exists():
        raise CommandError(f"导出目录不存在：{out.parent}")
    if args.department is not None:
        return _export_department(loaded, args, out, suffix)
    workbook = _select(loaded, args.project)
    watermark: list[Project] = []
    if suffix in (".pdf", ".xlsx"):
        watermark = _check_before_printing(workbook, args.draft_watermark)
    _resume_collection(_WRITERS.get(suffix))
    report = export_to(workbook, out, watermark=watermark)
    for problem in report.problems:
        print(f"  注意：{problem}", file=sys.stderr)
    departments = f"、{len(workbook.departments)} 个部门" if suffix == ".json" and workbook.departments else ""
    print(f"已导出 {len(workbook.projects)} 个项目{departments}到 {out}")
    return EXIT_OK


# Set by `main`: this process runs one command and ends. Only then may a command tune the garbage collector for the
# whole process (run() is also called inside other programs, the tests among them).
_OWN_PROCESS = False


def _pause_collection() -> None:
    """No garbage collection while a command loads what it keeps to its end (its modules, the workbook, the checks):
    collecting then finds nothing and costs ~10% of a short export."""
    if _OWN_PROCESS:
        gc.disable()


def _resume_collection(writer: str | None = None) -> None:
    """Garbage collection back on for the writing, with everything loaded so far (and the `writer` module, imported
    now) frozen out of it, so each collection looks only at what the writing makes."""
    if not _OWN_PROCESS or gc.isenabled():
        return
    if writer is not None:
        importlib.import_module(writer)
    gc.freeze()
    gc.enable()


_WRITERS = {".pdf": "desktop.io.pdf.export", ".xlsx": "desktop.io.xlsx.export"}


def _check_before_printing(workbook: Workbook, mark: bool) -> list[Project]:
    """What is said before a PDF or sheet is written, from one validation pass over the projects: amounts that look
    typed in 元 and damaged text (never printed silently), then the drafts that still have errors, whose pages are
    marked 草稿 with --draft-watermark. Returns the projects to mark."""
    from desktop.domain.draft_check import unfinished_among
    from desktop.domain.print_checks import project_findings, warnings_among
    from desktop.templates.catalog import available_layouts

    layouts = available_layouts()
    findings = project_findings(workbook, layouts)
    _say_print_warnings(workbook, warnings_among(workbook, findings, layouts))
    return _say_drafts(unfinished_among(workbook.projects, findings), mark)


def _say_print_warnings(workbook: Workbook, warnings: Sequence[PrintWarning]) -> None:
    """Amounts that look typed in 元 and damaged text are said before the file is written: never printed silently."""
    if not warnings:
        return
    print(f"警告：以下 {len(warnings)} 处会原样印在表上，请核对（在程序中可一键全部修正）：", file=sys.stderr)
    for warning in warnings:
        print(f"  {warning.finding.rule} {warning.line(workbook)}", file=sys.stderr)
    print("  仍按原样导出。", file=sys.stderr)


def _say_drafts(drafts: Sequence[UnfinishedDraft], mark: bool) -> list[Project]:
    """Drafts with errors are said before the file is written; with --draft-watermark their pages are marked 草稿.
    Returns the projects to mark."""
    from desktop.domain.draft_check import drafts_listing

    if not drafts:
        return []
    print(f"警告：以下 {len(drafts)} 个草稿项目还有错误（未定稿）：", file=sys.stderr)
    print(drafts_listing(drafts), file=sys.stderr)
    if mark:
        print("  这些项目的每一页加印“草稿”水印。", file=sys.stderr)
        return [d.project for d in drafts]
    print("  仍照常导出；加 --draft-watermark 可在这些项目的页面上加印“草稿”水印。", file=sys.stderr)
    return []


def _find_department(workbook, name: str, year: int | None):  # type: ignore[no-untyped-def]
    """The department called `name` (of `year`, else its latest year), or a Chinese error listing the known ones."""
    wanted = name.strip()
    matching = [d for d in workbook.departments if d.name.strip() == wanted and (year is None or d.year == year)]
    if not matching:
        known = "、".join(d.display_name() for d in workbook.departments)
        where = f"{year}年的" if year is not None else ""
        listing = f"工作簿中的部门：{known}" if known else "工作簿中还没有部门"
        raise CommandError(f"工作簿中没有{where}部门“{wanted}”。{listing}")
    return max(matching, key=lambda d: d.year)


def _export_department(workbook, args: argparse.Namespace, out: Path, suffix: str) -> int:  # type: ignore[no-untyped-def]
    from desktop.domain.model import Workbook

    department = _find_department(workbook, args.department, args.year)
    projects = workbook.department_projects(department)
    marked: list[Project] = []
    if suffix == ".pdf":
        marked = _check_before_printing(Workbook(projects=projects), args.draft_watermark)
    elif args.draft_watermark:
        raise CommandError("--department 与 --draft-watermark 只用于 .pdf：部门的 .xlsx 为各张预算表，不含项目表")
    _resume_collection()
    if suffix == ".json":
        from desktop.io.interchange import write_json

        write_json(Workbook(projects=projects, departments=[department]), out)
        print(f"已导出{department.display_name()}及其 {len(projects)} 个项目到 {out}")
        return EXIT_OK
    if suffix == ".pdf":
        from desktop.io.pdf.department import export_publication_pdf

        report = export_publication_pdf(workbook, department, out, cover=args.cover, watermark=marked)
        what = f"{report.pages} 页"
    else:
        from desktop.io.xlsx.department import export_publication_xlsx

        report = export_publication_xlsx(workbook, department, out)
        what = f"{report.pages} 张表"
    for problem in report.problems:
        print(f"  注意：{problem}", file=sys.stderr)
    print(f"已导出{department.display_name()}的公开文件（{what}）到 {out}")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """Run every rule; a Chinese report or JSON findings; exit 1 when any error exists."""
    from desktop.domain.validation import Severity, format_report, validate_workbook
    from desktop.templates.catalog import available_layouts

    with _open_workbook(Path(args.workbook), read_only=True) as wb_file:
        workbook = wb_file.load()
    findings = validate_workbook(workbook, available_layouts())
    if args.json:
        print(json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=2))
    else:
        print(format_report(workbook, findings))
    return EXIT_NOTHING if any(f.severity is Severity.ERROR for f in findings) else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Import a published document into a temporary workbook, print every rule's findings, keep nothing."""
    import tempfile

    from desktop.domain.validation import Severity, format_report, validate_workbook
    from desktop.io.importing import ImportFailed, add_departments
    from desktop.storage.sources import read_source
    from desktop.templates.catalog import available_layouts

    source = Path(args.file)
    if not source.is_file():
        raise CommandError(f"找不到要检查的文件：{source}")
    try:
        result = read_source(source)
    except ImportFailed as exc:
        raise CommandError(f"无法读取 {source.name}：{exc}") from None
    for note in result.notes:
        print(f"  {note}", file=sys.stderr)
    for line in result.unplaced:
        print(f"  {line.where()}未识别（{line.reason}）：{line.text}", file=sys.stderr)
    if result.is_empty():
        raise CommandError(f"{source.name} 中没有找到部门预算或项目表，无法检查。")
    # Through a real (temporary) workbook file, so what is checked is exactly what an import would have kept.
    with tempfile.TemporaryDirectory(prefix="jixiao-check-") as folder:
        with _open_workbook(Path(folder) / "检查.jixiao", create=True) as wb_file:
            workbook = wb_file.load()
            workbook.projects.extend(result.projects)
            add_departments(workbook, result.departments)
            wb_file.save(workbook)
            workbook = wb_file.load()
    findings = validate_workbook(workbook, available_layouts())
    if args.json:
        print(json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=2))
    else:
        print(f"检查 {source.name}（未保存任何内容）")
        print(format_report(workbook, findings))
    return EXIT_NOTHING if any(f.severity is Severity.ERROR for f in findings) else EXIT_OK


def _gui(argv: Sequence[str]) -> int:
    parser = _Parser(prog="jixiao", description="绩效目标填报：项目支出绩效目标表的填写、校验、打印与报送。")
    parser.add_argument("workbook", nargs="?", help="要打开的工作簿（默认：我的文档中的默认工作簿）")
    parser.add_argument(
        "--demo", action="store_true", help="打开示例工作簿（24 张公开的项目表，泗县、兴隆两个部门的预算与绩效文本）"
    )
    parser.add_argument("--selftest", action="store_true", help="启动程序、打开工作簿、选中第一个项目后退出")
    parser.add_argument("--screenshot", metavar="PNG", help="与 --selftest 一起用：保存主窗口截图")
    parser.add_argument("--version", action="version", version=f"jixiao {__version__}")
    args = parser.parse_args(argv)
    if args.screenshot and not args.selftest:
        raise CommandError("--screenshot 只能与 --selftest 一起使用")
    if args.demo and args.workbook:
        raise CommandError("--demo 与工作簿文件只能选一个")
    # Everything made from here to the window's first paint lives as long as the program: collecting garbage while it
    # is made finds none (~40 ms of start-up on the demo, more on a big workbook). The window turns collection back
    # on once it has painted, with what start-up made frozen out of every later collection (`ui.app.startup_done`).
    gc.disable()
    for name in _WINDOW_MODULES_WITHOUT_QT:
        importlib.import_module(name)
    from desktop.ui.app import run_app

    return run_app(
        Path(args.workbook) if args.workbook else None,
        selftest=args.selftest,
        screenshot=Path(args.screenshot) if args.screenshot else None,
        demo=args.demo,
    )


# What the window needs that does not use Qt, imported before Qt is: once PySide6 is loaded it reads the source of
# every module imported after it (looking for its `from __feature__ import …` switches), ~0.3 ms a module.
_WINDOW_MODULES_WITHOUT_QT: tuple[str, ...] = (
    "desktop.domain.frames",
    "desktop.domain.parts",
    "desktop.domain.project_values",
    "desktop.storage.workbook_file",
    "desktop.templates.catalog",
)


def _demo_parser() -> _Parser:
    demo = _Parser(prog="jixiao demo", description="写出由内置示例表格组成的示例工作簿")
    demo.add_argument("path", metavar="PATH")
    return demo


def _import_parser() -> _Parser:
    imp = _Parser(prog="jixiao import", description="把文件中的项目表导入工作簿（工作簿不存在时新建）")
    imp.add_argument("source", metavar="SOURCE")
    imp.add_argument("--into", required=True, metavar="WORKBOOK")
    imp.add_argument("--template", metavar="ID", help="指定版式（默认自动识别）")
    imp.add_argument("--year", type=_year, metavar="N", help="指定年度")
    imp.add_argument(
        "--on-conflict",
        choices=("replace", "skip", "keep-both"),
        help="工作簿中已有同一项目（同年度同名称或同项目编码）时：替换、跳过或两个都保留"
        "（默认：本程序导出的 .xlsx/.json 替换，其他文件两个都保留）",
    )
    return imp


def _export_parser() -> _Parser:
    exp = _Parser(prog="jixiao export", description="按输出文件扩展名导出：.pdf 打印表、.xlsx 报送表、.json 交换格式")
    exp.add_argument("workbook", metavar="WORKBOOK")
    exp.add_argument("-o", "--output", required=True, metavar="OUT")
    exp.add_argument("--project", type=int, nargs="+", metavar="ID", help="只导出这些项目（编号）")
    exp.add_argument(
        "--department", metavar="NAME", help="导出这个部门的公开文件（.pdf 按其文件版式打印，.xlsx 为各张预算表）"
    )
    exp.add_argument("--year", type=int, metavar="N", help="部门的年度（默认：该部门最近的年度）")
    exp.add_argument("--cover", action="store_true", help="打印可选的封面（如安徽项目支出绩效目标公开的封面）")
    exp.add_argument(
        "--draft-watermark",
        action="store_true",
        help="还有错误的草稿项目，其每一页加印“草稿”水印（.pdf 斜印在表上，.xlsx 印在页眉）",
    )
    return exp


def _validate_parser() -> _Parser:
    val = _Parser(prog="jixiao validate", description="按全部校验规则检查工作簿")
    val.add_argument("workbook", metavar="WORKBOOK")
    val.add_argument("--json", action="store_true", help="以 JSON 输出问题列表")
    return val


def _rollover_parser() -> _Parser:
    rol = _Parser(prog="jixiao rollover", description="把一个年度的项目（和部门）结转到下一年度，保留上年指标值")
    rol.add_argument("workbook", metavar="WORKBOOK")
    rol.add_argument("--from", dest="from_year", type=_year, required=True, metavar="YEAR", help="原年度")
    rol.add_argument("--to", type=_year, metavar="YEAR", help="目标年度（默认：原年度 + 1）")
    rol.add_argument("--department", metavar="NAME", help="只结转这个部门的项目")
    rol.add_argument("--clear-funds", action="store_true", help="清空资金（默认保留上年金额）")
    return rol


def _check_parser() -> _Parser:
    chk = _Parser(prog="jixiao check", description="检查一份公开的部门预算文件（文字、xlsx）中的矛盾，不保存任何内容")
    chk.add_argument("file", metavar="FILE")
    chk.add_argument("--json", action="store_true", help="以 JSON 输出问题列表")
    return chk


def _templates_parser() -> _Parser:
    return _Parser(prog="jixiao templates", description="列出程序认识的版式（项目表版式和部门文件版式）")


# Each command with the builder of its parser: only the command run has its parser built (not the window, either).
_COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], Callable[[], _Parser]]] = {
    "demo": (cmd_demo, _demo_parser),
    "import": (cmd_import, _import_parser),
    "export": (cmd_export, _export_parser),
    "validate": (cmd_validate, _validate_parser),
    "rollover": (cmd_rollover, _rollover_parser),
    "check": (cmd_check, _check_parser),
    "templates": (cmd_templates, _templates_parser),
}


def run(argv: Sequence[str]) -> int:
    """Run one command line; returns the exit status. Known failures become Chinese messages on stderr."""
    try:
        if argv and argv[0] in _COMMANDS:
            handler, build_parser = _COMMANDS[argv[0]]
            return handler(build_parser().parse_args(argv[1:]))
        return _gui(argv)
    except CommandError as exc:
        print(str(exc), file=sys.stderr)
        return exc.status
    except _known_failures() as exc:
        from desktop.storage.errors import KEEP_DATA_ADVICE

        # The GUI's "your changes are still in the program" is not true of a command: nothing was kept anywhere.
        print(str(exc).replace(KEEP_DATA_ADVICE, "工作簿文件未改动。"), file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (`jixiao validate … | head`): not a disk error, and nothing left to say. Point
        # stdout at devnull so the interpreter's final flush does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        where = f"（{exc.filename}）" if exc.filename else ""
        print(f"文件操作失败：{os_error_reason(exc)}{where}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("已中止。", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:
        _log_crash(exc)
        print(f"程序内部错误：{type(exc).__name__}。详细信息已写入日志，请把日志发给维护人员。", file=sys.stderr)
        return EXIT_ERROR


# The failures a command reports as one Chinese sentence: (module, class). A failure can only come from a module
# that was imported, so the classes are looked up where they are already loaded and the desktop program's start
# does not import the export and import code (about 0.1 s) just to name them.
_KNOWN_FAILURES: tuple[tuple[str, str], ...] = (
    ("desktop.storage.errors", "WorkbookError"),
    ("desktop.io.interchange", "InterchangeError"),
    ("desktop.templates.layouts", "LayoutError"),
    ("desktop.datafile", "DataFileError"),
    ("desktop.io.importing", "ImportFailed"),
    ("desktop.io.exporting", "ExportFailed"),
)


def _known_failures() -> tuple[type[BaseException], ...]:
    """The classes of `_KNOWN_FAILURES` whose modules are loaded (evaluated when an exception is being matched)."""
    found: list[type[BaseException]] = []
    for module_name, class_name in _KNOWN_FAILURES:
        module = sys.modules.get(module_name)
        cls = getattr(module, class_name, None) if module is not None else None
        if isinstance(cls, type) and issubclass(cls, BaseException):
            found.append(cls)
    return tuple(found)


def _log_crash(exc: BaseException) -> None:
    import traceback

    from desktop.home import log_dir

    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "jixiao-errors.log").open("a", encoding="utf-8") as log:
            log.write("".join(traceback.format_exception(exc)))
    except OSError:
        pass


def main() -> None:
    """Console-script entry point."""
    global _OWN_PROCESS
    _OWN_PROCESS = True
    sys.exit(run(sys.argv[1:]))
