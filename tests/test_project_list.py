"""The project list model: years newest first, inserts and removals without resets, the search filter."""

from __future__ import annotations

from desktop.domain.model import Project, Workbook
from desktop.ui.panels.project_list import ProblemCount, ProjectFilter, ProjectTreeModel


def _workbook() -> Workbook:
    return Workbook(
        projects=[
            Project(year=2024, template="ah-project", name="城乡医疗救助"),
            Project(year=2025, template="hb-project", name="宣传印刷费", code="13082224P00079610001L"),
            Project(year=2024, template="ah-project", name="离休人员医疗费"),
        ]
    )


def test_model_groups_by_year_and_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    workbook = _workbook()
    model = ProjectTreeModel()
    model.set_workbook(workbook)
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        "2025 年度（1 个项目）",
        "2024 年度（2 个项目）",
    ]
    model.set_counts({id(workbook.projects[0]): ProblemCount(2, 5)})
    first = model.index_of(workbook.projects[0], column=1)
    assert first.data() == "✖ 2 ⚠ 5"


def test_insert_and_remove_touch_only_their_rows(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    workbook = _workbook()
    model = ProjectTreeModel()
    model.set_workbook(workbook)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    new = Project(year=2026, template="ah-project", name="新项目")
    workbook.projects.insert(1, new)
    model.project_inserted(new)
    assert model.index(0, 0).data() == "2026 年度（1 个项目）"
    middle = Project(year=2024, template="ah-project", name="中间")
    workbook.projects.insert(3, middle)  # after 城乡医疗救助 in workbook order
    model.project_inserted(middle)
    group = model.index(2, 0)
    assert [model.index(r, 0, group).data() for r in range(model.rowCount(group))] == [
        "城乡医疗救助",
        "中间",
        "离休人员医疗费",
    ]
    workbook.projects.remove(new)
    model.project_removed(new)
    assert model.rowCount() == 2
    qtmodeltester.check(model)
    assert not resets


def test_search_keeps_projects_matching_name_or_code() -> None:
    model = ProjectTreeModel()
    model.set_workbook(_workbook())
    proxy = ProjectFilter()
    proxy.setSourceModel(model)
    proxy.set_search("p0007961")  # part of a code, any case
    assert proxy.rowCount() == 1
    assert proxy.index(0, 0, proxy.index(0, 0)).data() == "宣传印刷费"
    proxy.set_search("医疗")
    group = proxy.index(0, 0)
    assert proxy.rowCount() == 1 and proxy.rowCount(group) == 2
    proxy.set_search("")
    assert proxy.rowCount() == 2
