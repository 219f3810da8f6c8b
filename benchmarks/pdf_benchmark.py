"""Time and peak memory of the PDF export: the demo workbook and a generated 200-project workbook.

Each case runs in a fresh process, so the figures include importing reportlab and parsing the font once, as a
clerk's export does. Usage: `.venv/bin/python benchmarks/pdf_benchmark.py [--repeat N]`.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.domain.model import (  # noqa: E402
    Funds,
    Indicator,
    Midterm,
    OrgUnit,
    Project,
    SpendingStep,
    Workbook,
)

TEMPLATES = ("ah-project", "hb-project", "jx-project", "ah-midterm")


def generated_workbook(count: int = 200, indicators: int = 15) -> Workbook:
    """`count` projects cycling through the four layouts, each with `indicators` rows spread over the frame."""
    from desktop.templates.catalog import get_layout

    projects = []
    for n in range(count):
        template = TEMPLATES[n % len(TEMPLATES)]
        frame = get_layout(template).frame
        pairs = [(l1.name, l2.name) for l1 in frame.level1s for l2 in l1.level2s]
        rows = [
            Indicator(
                *pairs[(i * len(pairs)) // indicators],
                name=f"第{i + 1}项指标" + "（含较长的说明文字以测试换行）" * (i % 3),
                value=f"≥{(i + 1) * 37}人次" if i % 4 else "有效提升，群众满意度明显提高",
                midterm_value=f"≥{(i + 1) * 90}人次",
                description="指标说明：按年度统计，口径与上年一致。" if i % 2 else None,
                basis="行业依据",
            )
            for i in range(indicators)
        ]
        amount = Decimal(100 + n * 7) / Decimal(4)
        projects.append(
            Project(
                year=2024,
                template=template,
                name=f"2024年第{n + 1}号医疗保障专项经费项目",
                code=f"13082224P{n:011d}F",
                department=OrgUnit("039", "霍邱县医疗保障局"),
                implementing_unit=OrgUnit("362001", "霍邱县医疗保险管理中心"),
                source="本级申报项目",
                period="1年",
                attribute="经常性项目",
                funds=Funds(amount, amount, Decimal("0.00"), Decimal("0.00")),
                midterm=Midterm(2024, 2026, "三年内实现医保经办服务全覆盖。", Funds(amount * 3, amount * 3)),
                purpose="用于医保经办、基金监管和信息系统运行维护。",
                spending_plan=tuple(SpendingStep(m, Decimal(p)) for m, p in ((3, 25), (6, 50), (10, 75), (12, 100))),
                annual_goal="保障医保业务正常开展，提高经办服务效率，确保基金安全平稳运行。" * 2,
                indicators=rows,
            )
        )
    return Workbook(projects)


def run_case(case: str) -> dict[str, object]:
    """Export one case in this process and measure it."""
    started = time.perf_counter()
    from desktop.io.demo import demo_workbook
    from desktop.io.pdf.export import export_pdf

    workbook = demo_workbook() if case == "demo" else generated_workbook()
    built = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.pdf"
        export_started = time.perf_counter()
        report = export_pdf(workbook, out)  # cold: includes parsing the 5 MB font once
        export_s = time.perf_counter() - export_started
        size = out.stat().st_size
        warm_started = time.perf_counter()
        export_pdf(workbook, out)  # font already parsed: a second export in a running app
        warm_s = time.perf_counter() - warm_started
        tracemalloc.start()  # traced separately: tracing slows the export several times over
        export_pdf(workbook, out)
        _, py_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "case": case,
        "projects": len(workbook.projects),
        "pages": report.pages,
        "pdf_kb": round(size / 1024),
        "import_and_build_s": round(built - started, 3),
        "export_s": round(export_s, 3),
        "warm_export_s": round(warm_s, 3),
        "python_peak_mb": round(py_peak / 2**20, 1),
        "peak_rss_mb": round(rss_kib / 1024, 1),
    }


def main() -> None:
    """Run every case in its own process and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--case", choices=("demo", "gen200"), help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=3, help="processes per case (medians are printed)")
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case)))
        return
    print(f"{'case':8} {'projects':>8} {'pages':>6} {'PDF KB':>7} {'import s':>8} {'export s':>9} {'warm s':>7} "
          f"{'py peak MB':>10} {'peak RSS MB':>11}")  # fmt: skip
    for case in ("demo", "gen200"):
        runs = [
            json.loads(
                subprocess.run(
                    [sys.executable, __file__, "--case", case], check=True, capture_output=True, text=True
                ).stdout
            )  # fmt: skip
            for _ in range(args.repeat)
        ]
        keys = ("import_and_build_s", "export_s", "warm_export_s", "peak_rss_mb")
        med = {k: statistics.median(float(r[k]) for r in runs) for k in keys}
        first = runs[0]
        print(
            f"{case:8} {first['projects']:>8} {first['pages']:>6} {first['pdf_kb']:>7} "
            f"{med['import_and_build_s']:>8.3f} {med['export_s']:>9.3f} "
            f"{med['warm_export_s']:>7.3f} {first['python_peak_mb']:>10} {med['peak_rss_mb']:>11.1f}"
        )


if __name__ == "__main__":
    main()
