"""The import report: what was found, what may need a look (请核对), what was written."""

from __future__ import annotations

from .. import counts
from ..library import SPEECHES
from .plan import Plan


def report(plan: Plan, written: bool) -> str:
    f = plan.found
    speech = f.speech
    sections = [s for p in speech.parts for s in p.sections]
    points = [pt for s in sections for pt in s.points]
    text_lines = [line for n, line in enumerate(speech.lines, start=1) if line.strip() and n != speech.notice_line]
    extras = f.received.extras
    out = [
        f"讲话：{f.title}（{plan.slug}）",
        f"文件：{f.received.name}，读作 {f.received.encoding}",
        f"作者声明：{speech.notice or '（无）'}",
        f"讲话人：{_said(f.speaker, plan.kept.get('speaker'))}；日期：{_said(f.date, plan.kept.get('date'))}",
        f"部分{len(speech.parts)}；小节{len(sections)}；分项{len(points)}；"
        f"段落{len(text_lines)}；句子{len(speech.sentences())}；字数{counts.characters(speech)}",
    ]
    for part in speech.parts:
        out.append(f"  {part.title}：小节{len(part.sections)}，分项{sum(len(s.points) for s in part.sections)}")
    if f.received.inserted or f.received.deleted:
        out.append(
            f"修订：保留插入{f.received.inserted}处；删除{f.received.deleted}处"
            f"（{f.received.deleted_chars}字）按读者所见不计入正文"
        )
    if f.received.hidden_chars:
        out.append(f"隐藏文字：{f.received.hidden_chars}字（Word 里设为隐藏，读者看不见）不计入正文")
    if extras:
        kinds: dict[str, int] = {}
        for e in extras:
            kinds[e.kind] = kinds.get(e.kind, 0) + 1
        out.append("不是正文、未导入（逐项列出）：" + "，".join(f"{k}{v}处" for k, v in kinds.items()))
        for e in extras:
            where = f"第{e.line}行后" if e.line else "正文之前"
            out.append(f"  {e.kind}（{where}，{e.size}）" + (f"：{e.text}" if e.text else ""))
    for number, heading in f.received.joined:
        out.append(f"请核对：第{number}行的标题在 Word 里用换行（Shift+Enter）折成了几行，读作一行“{heading}”")
    if f.dropped_top:
        out.append(f"开头的{f.dropped_top}个空行未写入原文")
    for line in plan.moved:
        out.append(f"网址保留：{line}")
    for line in plan.added:
        out.append(f"新的网址：“{line}”")
    for page in plan.gone:
        if page == "closing":
            out.append(f"结束语不再单独成页：旧网址 {plan.slug}/closing/ 转到最后一部分")
        else:
            out.append(f"已不在文中：{plan.slug}/{page}/ 这一部分；旧网址转到本篇第一页")
    if plan.old_files:
        sample = sorted(plan.old_files)[0]
        out.append(
            f"旧文件名照旧能下载：{len(plan.old_files)}个 PDF 和 Word 文件（如 pdf/{sample}.pdf）"
            f"每次构建也按旧名字写一份（{SPEECHES}/{plan.slug}/old-files.yml）"
        )
    for note in f.notes:
        out.append(f"请核对：{note}")
    if written:
        out.append(f"已写入：{SPEECHES}/{plan.slug}/、docs/{plan.slug}/（{len(plan.files)}个文件）")
    else:
        out.append("没有变化：这些文件已经与本次导入的结果相同")
    return "\n".join(out)


def _said(found: str | None, kept: str | None) -> str:
    """A speaker or date as the report says it: found in the text, kept from speech.yml, or unknown."""
    if kept:
        return f"{kept}（沿用 speech.yml 里原有的）"
    return found or "（未知）"
