"""What the benchmarks write: JSON, the comparison tables they print, the library's table and growth plot."""

from __future__ import annotations

import json
from pathlib import Path

from bench.stats import MIN_P95

ENGINES = ("project", "vanilla", "pagefind")
# counted by the server since 2026-12-04 (before: the page's own requests, without its Web Worker's)
SERVER_COUNTED = ("bytes_before_first", "query_bytes", "requests_before_first")


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def comparison(title: str, rows: list[tuple[str, float, float, float | None, str]]) -> str:
    """A plain-text table of the project against vanilla Material: (label, ours, theirs, ratio, format)."""
    lines = [f"{title:32}{'project':>12}{'vanilla':>12}{'ratio':>8}"]
    for label, ours, theirs, ratio, fmt in rows:
        cells = f"{format(ours, fmt):>12}{format(theirs, fmt):>12}"
        lines.append(f"{label:32}{cells}" + ("" if ratio is None else f"{ratio:>8.2f}"))
    return "\n".join(lines)


def measured(entry: dict, key: str):
    """A figure of the report, or None: a p95 of fewer than MIN_P95 phrases (older reports kept one) is none."""
    if key.endswith("p95_ms") and entry.get("phrases", MIN_P95) < MIN_P95:
        return None
    if key in SERVER_COUNTED and entry.get("bytes_by") != "server":  # older reports counted the page's only
        return None
    return entry.get(key)


def plot(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["speeches"] for r in report["runs"]]
    engines = [("project", "本站"), ("vanilla", "Material + jieba"), ("pagefind", "Pagefind")]
    panels = [
        ("bytes_before_first", "bytes before first result (phone)", 1e3, "KB"),
        ("typing_to_first_ms", "typing to first result (phone)", 1e3, "s"),
        ("index_gzip", "index size (gzip)", 1e6, "MB"),
        ("build_s", "build time", 1, "s"),
        ("peak_mb", "build peak memory", 1, "MB"),
        ("query_p95_ms", "query p95 in the page", 1, "ms"),
    ]
    fig, axes = plt.subplots(2, 3, figsize=(13, 7.5))
    for ax, (key, title, scale, unit) in zip(axes.flat, panels, strict=True):
        for engine, label in engines:
            points = [
                (x, measured(r.get(engine, {}), key) / scale)
                for x, r in zip(sizes, report["runs"], strict=True)
                if measured(r.get(engine, {}), key)
            ]
            if not points:
                continue
            ax.plot(*zip(*points, strict=True), marker="o", label=label.replace("本站", "this site"))
        ax.set_xscale("log")
        ax.set_title(f"{title} [{unit}]", fontsize=10)
        ax.set_xlabel("speeches in the library")
        ax.grid(True, alpha=0.3)
    axes.flat[0].legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def table(report: dict) -> str:
    """The README's table: every size, three engines."""
    rows = [
        ("构建时间（s）", "build_s", "{:.1f}"),
        ("构建峰值内存（MB）", "peak_mb", "{:.0f}"),
        ("索引（gzip，KB）", "index_gzip", "{:,.0f}", 1e3),
        ("第一条结果前下载（KB，手机）", "bytes_before_first", "{:,.0f}", 1e3),
        ("其中输入之后（KB）", "query_bytes", "{:,.0f}", 1e3),
        ("输入到第一条结果（s，手机）", "typing_to_first_ms", "{:.2f}", 1e3),
        ("查询 p50（ms）", "query_p50_ms", "{:.1f}"),
        ("查询 p95（ms）", "query_p95_ms", "{:.1f}"),
        ("查询 p95，全部结果（ms）", "query_whole_p95_ms", "{:.1f}"),
    ]
    runs = report["runs"]
    lines = ["| | " + " | ".join(f"{r['speeches']} 篇：本站 | Material | Pagefind" for r in runs) + " |"]
    lines.append("| --- |" + " ---: |" * (3 * len(runs)))
    for label, key, fmt, *scale in rows:
        s = scale[0] if scale else 1
        cells = []
        for r in runs:
            for e in ENGINES:
                value = measured(r.get(e, {}), key)
                cells.append("—" if value is None else fmt.format(value / s))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    cells = [
        f"{r[e]['first_holds']}/{r[e]['phrases']}" if "first_holds" in r.get(e, {}) else "—"
        for r in runs
        for e in ENGINES
    ]
    lines.append("| 第一条结果含短语 | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def incremental_table(report: dict) -> str:
    """This project's builds after a change: one more speech imported, one page edited."""
    runs = [r for r in report["runs"] if "incremental" in r]
    if not runs:
        return ""
    rows = [
        ("全新构建（s）", lambda r: r["project"]["build_s"], "{:.1f}"),
        ("再导入一篇（s）", lambda r: r["incremental"]["import_one_s"], "{:.2f}"),
        ("导入之后构建（s）", lambda r: r["incremental"]["add_build_s"], "{:.1f}"),
        ("导入之后构建 / 全新构建", lambda r: r["incremental"]["add_build_s"] / r["project"]["build_s"], "{:.0%}"),
        ("改一页之后构建（s）", lambda r: r["incremental"]["edit_build_s"], "{:.1f}"),
        ("预览（serve）中改一页到重建完成（s）", lambda r: r["incremental"].get("edit_serve_s"), "{:.1f}"),
    ]
    lines = ["| | " + " | ".join(f"{r['speeches']} 篇" for r in runs) + " |"]
    lines.append("| --- |" + " ---: |" * len(runs))
    for label, get, fmt in rows:
        cells = []
        for r in runs:
            value = get(r)
            cells.append("—" if value is None else fmt.format(value))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
