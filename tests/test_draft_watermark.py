"""Drafts with errors in an exported set: found, said before writing, and their pages (only theirs) marked 草稿."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pypdf
import pytest

from desktop.cli import run
from desktop.domain.draft_check import drafts_listing, unfinished_drafts
from desktop.domain.model import Status, Workbook
from desktop.io.demo import demo_workbook
from desktop.io.dispatch import export_to
from desktop.io.pdf.export import export_pdf
from desktop.storage.workbook_file import WorkbookFile
from desktop.templates.catalog import available_layouts


def _set_with_two_broken_drafts() -> Workbook:
    """Four demo projects; the 2nd and 4th lack their 年度目标 (error E02), the 4th is long enough for two pages."""
    projects = demo_workbook().projects[:4]
    for project in (projects[1], projects[3]):
        project.annual_goal = ""
    return Workbook(projects=projects)


def _page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def test_only_drafts_with_errors_are_found_and_listed_by_name() -> None:
    workbook = _set_with_two_broken_drafts()
    drafts = unfinished_drafts(workbook, available_layouts())
    assert [d.project for d in drafts] == [workbook.projects[1], workbook.projects[3]]
    assert all(d.errors >= 1 for d in drafts)
    listing = drafts_listing(drafts)
    assert workbook.projects[1].display_name() in listing and "个错误" in listing
    assert workbook.projects[0].display_name() not in listing
    # A project marked final is no draft, whatever its checks say (it cannot have errors when marked; an older file
    # might): it is never marked 草稿.
    workbook.projects[1].status = Status.FINAL
    assert [d.project for d in unfinished_drafts(workbook, available_layouts())] == [workbook.projects[3]]
    assert "另有 2 个项目" in drafts_listing(drafts * 2, limit=2)


def test_pdf_watermark_is_on_exactly_the_pages_of_the_marked_projects(tmp_path: Path) -> None:
    workbook = _set_with_two_broken_drafts()
    marked = [workbook.projects[1], workbook.projects[3]]
    plain = _page_texts(export_pdf(workbook, tmp_path / "plain.pdf").path)
    texts = _page_texts(export_pdf(workbook, tmp_path / "marked.pdf", watermark=marked).path)
    assert len(texts) == len(plain) == 6  # cover, 公开清单, four forms
    assert not any("草稿" in t for t in plain)
    with_mark = [i for i, t in enumerate(texts) if "草稿" in t]
    assert with_mark == [3, 5]  # the forms of the 2nd and 4th project; not the cover, the list or the others
    for i in with_mark:
        project = workbook.projects[i - 2]
        assert project.display_name() in texts[i]
        assert texts[i].replace("草稿", "", 1).strip() != ""  # the form is still there under the mark


def test_pdf_watermark_marks_every_page_of_a_long_form_and_stops_after_it(tmp_path: Path) -> None:
    workbook = _set_with_two_broken_drafts()
    long_one = workbook.projects[1]
    long_one.annual_goal = "完成年度任务。" * 400  # pushes the form onto a second page (continued, "（续）")
    texts = _page_texts(export_pdf(workbook, tmp_path / "long.pdf", cover=False, watermark=[long_one]).path)
    marked = [i for i, t in enumerate(texts) if "草稿" in t]
    assert len(texts) >= 5 and len(marked) >= 2
    assert marked == list(range(1, 1 + len(marked)))  # its pages and only its pages, from its first one on
    assert workbook.projects[2].display_name() in texts[marked[-1] + 1]


def test_xlsx_marks_the_sheets_of_the_drafts_in_their_page_header(tmp_path: Path) -> None:
    workbook = _set_with_two_broken_drafts()
    path = export_to(workbook, tmp_path / "set.xlsx", watermark=[workbook.projects[1]]).path
    book = openpyxl.load_workbook(path)
    forms = [ws for ws in book.worksheets if ws.sheet_state == "visible"][1:5]
    assert [ws.oddHeader.center.text for ws in forms] == [None, "草稿", None, None]


@pytest.fixture
def broken_demo(tmp_path: Path) -> Path:
    """The demo workbook whose 2nd and 4th projects lack their 年度目标."""
    workbook = demo_workbook()
    for project in (workbook.projects[1], workbook.projects[3]):
        project.annual_goal = ""
    path = tmp_path / "broken.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(workbook)
    return path


def test_cli_warns_about_drafts_and_marks_them_only_when_asked(
    broken_demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = [p.display_name() for p in demo_workbook().projects[:4]]
    plain, marked = tmp_path / "plain.pdf", tmp_path / "marked.pdf"
    assert run(["export", str(broken_demo), "-o", str(plain), "--project", "1", "2", "3", "4"]) == 0
    err = capsys.readouterr().err
    assert "2 个草稿项目还有错误" in err and names[1] in err and names[3] in err and names[0] not in err
    assert "--draft-watermark" in err
    assert not any("草稿" in t for t in _page_texts(plain))

    assert (
        run(["export", str(broken_demo), "-o", str(marked), "--project", "1", "2", "3", "4", "--draft-watermark"]) == 0
    )
    assert "水印" in capsys.readouterr().err
    assert [i for i, t in enumerate(_page_texts(marked)) if "草稿" in t] == [3, 5]


def test_cli_refuses_the_watermark_where_it_means_nothing(
    broken_demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["export", str(broken_demo), "-o", str(tmp_path / "x.json"), "--draft-watermark"]) == 2
    assert "JSON" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()
    tables = tmp_path / "d.xlsx"  # a department's xlsx holds its budget tables, no project form to mark
    assert (
        run(["export", str(broken_demo), "-o", str(tables), "--department", "泗县医疗保障局", "--draft-watermark"]) == 2
    )
    assert "只用于 .pdf" in capsys.readouterr().err and not tables.exists()


def test_a_department_publication_marks_the_forms_of_its_drafts_in_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = demo_workbook()
    department = workbook.departments[0]
    broken = workbook.department_projects(department)[1]
    broken.annual_goal = ""
    path = tmp_path / "部门.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(workbook)
    out = tmp_path / "公开.pdf"
    args = ["export", str(path), "-o", str(out), "--department", department.name, "--draft-watermark"]
    assert run(args) == 0
    err = capsys.readouterr().err
    assert "1 个草稿项目还有错误" in err and broken.display_name() in err
    texts = _page_texts(out)
    marked = [i for i, t in enumerate(texts) if "草稿" in t]
    # Only the form of that project: the tables and the 说明 that name it are the department's and stay unmarked.
    assert len(marked) == 1 and "项目支出绩效目标表" in texts[marked[0]] and broken.display_name() in texts[marked[0]]
    assert sum(broken.display_name() in t for t in texts) > 1
