"""What the glossary may say about the speech: rules checked on every build, one ContentError each.

The glossary's explanations are hand-written; these rules keep them to what
the speech (or the cited official source) says, and leave every statement
about *where* and *how much* the speech says to the generators:

G1  no location in words (“这一节”, “第一部分”, “开头” …): an explanation is the
    tooltip at every place the term occurs, and the places are generated;
G2  an entry shown at several places does not list one section's numbered
    points (“一要……四要……”): true at one of its places only;
G3  what follows “讲话说：” is the speech's words, clause by clause
    (omissions marked ……);
G4  no near-quote: a clause that is the speech's words with a few left out or one changed
    (一味地 for the speech's 一味的), nor two of the speech's clauses run on with a comma where the
    speech has words between them (an omission not marked ……);
G5  a meaning (含义) is the speech's words, whole (or pieces of them, each marked off by ……);
G6  “only named in the speech” is decided from the text (glossary.only_named): an entry
    with an official wording whose parts the speech spells out all of is an
    error (quote the speech), and no explanation claims it by hand;
G7  an official source names a document (《…》 or a report) and its date;
G8  one colon per sentence;
G9  an entry any speech may use (no `quote`, no `speech`) says nothing of what “讲话” says: it is the
    tooltip in every speech that names the term, and what one speech says is not what another does
    (“讲话提到……主题教育” was shown in a speech that never named it);
G10 words in quotation marks (“…”) are the speech's (or the entry's term or official wording): a reader
    takes them for a quotation (“讲话强调“绝对忠诚高于一切””, words of no speech, was published).
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING

from ..errors import ContentError
from ..glossary import Entry, absent_parts  # decided in the model: the question generator asks it too
from ..speech import NUMERALS  # one list of the numerals headings use

if TYPE_CHECKING:
    from ..project import Project

LOCATION_WORDS = re.compile(
    rf"这一节|本节|这一部分|这部分|本部分|这一段|本段|此处|这里|上文|下文|前文|后文|开头|结尾|开场白|结束语"
    rf"|第[{NUMERALS}]+部分|（[{NUMERALS}]+）"
)
POINTS = re.compile(f"[{NUMERALS}]要")
SAYS = re.compile(r"讲话说[：，]([^。！？]*)")
CLAUSE = re.compile(r"……|[，、；：。！？:;]")
ONLY_NAMED_CLAIMS = re.compile(r"未展开|没有展开|只提到名称|只提名称|未列出|没有列出")
SOURCE_DOCUMENT = re.compile(r"《[^》]+》|报告")
SOURCE_DATE = re.compile(r"\d{4}年\d{1,2}月")
QUOTES = re.compile("[“”‘’]")
QUOTED_WORDS = re.compile("“([^“”]+)”")
NEAR = 4  # characters a near-quote leaves out at most
MIN_NEAR = 6  # shorter clauses are common words, not quotes


def clauses(text: str) -> list[str]:
    return [c for c in CLAUSE.split(text) if c]


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def near_quote(clause: str, speech: str) -> str | None:
    """The stretch of the speech `clause` is a shortened copy of, or None."""
    return _near_quote(clause, QUOTES.sub("", speech))


def _near_quote(clause: str, speech: str) -> str | None:
    """`near_quote` against a speech whose quotation marks are already gone (stripped once per check)."""
    clause = QUOTES.sub("", clause)  # the same words, quoted or not
    if len(clause) < MIN_NEAR or clause in speech:
        return None
    head = clause[:2]
    at = speech.find(head)
    while at >= 0:
        window = speech[at : at + len(clause) + NEAR]
        if _subsequence(clause, window) and clause[-1] in window:
            end = at + len(clause)
            while end <= at + len(clause) + NEAR and not _subsequence(clause, speech[at:end]):
                end += 1
            return speech[at:end]
        at = speech.find(head, at + 1)
    return None


CHANGED_MIN = 8  # a clause this long with one character changed reads as a quote


def changed_quote(clause: str, speech: str) -> str | None:
    """The stretch of the speech (quotation marks gone) `clause` copies with one character changed, or None."""
    clause = QUOTES.sub("", clause)
    if len(clause) < CHANGED_MIN or clause in speech:
        return None
    for at in range(len(clause)):
        found = re.search(re.escape(clause[:at]) + "." + re.escape(clause[at + 1 :]), speech)
        if found:
            return found.group()
    return None


def run_on(first: str, second: str, speech: str, gap: int = 40) -> str | None:
    """The words the speech has between two of its clauses that an explanation runs on with a comma, or None."""
    first, second = QUOTES.sub("", first), QUOTES.sub("", second)
    # the speech's words at the end of the first (要坚持问题导向: the speech says 坚持问题导向) and at the start
    # of the second, as long as they run
    first = next((first[i:] for i in range(len(first) - MIN_NEAR + 1) if first[i:] in speech), "")
    second = next((second[:j] for j in range(len(second), MIN_NEAR - 1, -1) if second[:j] in speech), "")
    if not first or not second:
        return None
    if f"{first}，{second}" in speech or f"{first}、{second}" in speech:
        return None
    at = speech.find(first)
    while at >= 0:
        end = at + len(first)
        later = speech.find(second, end)
        between = speech[end:later] if later >= 0 else ""
        if later >= 0 and len(between) <= gap and not re.search("[。！？]", between) and between.strip("，、；"):
            return between.strip("，、；")
        at = speech.find(first, at + 1)
    return None


def problems(project: Project, text: str | None = None) -> list[str]:
    """Every breach of G1–G10 in the project's glossary, one line each (empty when all hold).

    `text` is the speech the entries are checked against; by default every speech of the project.
    """
    speech = text if text is not None else "\n".join(t.text for t in project.texts.values())
    unquoted = QUOTES.sub("", speech)
    out: list[str] = []
    for entry in project.glossary:
        name = f"“{entry.term}”（{entry.id}）"
        # a changed or run-on quote is looked for in the speeches that show the entry: in another speech the
        # explanation's own words may come near that speech's by chance, and no import may stop the build so
        own = unquoted if text is not None else QUOTES.sub("", _shown_in(project, entry))
        explanation = entry.explanation
        found = LOCATION_WORDS.search(explanation)
        if found:
            out.append(f"G1 {name}：解释用文字说了位置“{found.group()}”；位置由构建生成，解释里不写")
        places = {(s.src_uri, s.anchor): s.text for s in project.all_occurrences(entry)}
        for point, numbered in ((c, POINTS.search(c)) for c in clauses(explanation)):
            if numbered is None:
                continue
            # a numbered point is true where its section says it: at every place, or it is one place's only
            elsewhere = [key for key, text in places.items() if point not in text]
            if len(places) > 1 and elsewhere:
                out.append(
                    f"G2 {name}：出现在{len(places)}处，解释却列出某一节的分项（“{numbered.group()}”），只在一处成立"
                )
                break
        for said in SAYS.findall(explanation):
            for clause in clauses(said):
                if clause not in speech:
                    out.append(f"G3 {name}：“讲话说”后面的“{clause}”不是讲话原文")
        for clause in clauses(explanation):
            shortened = _near_quote(clause, unquoted)
            if shortened:
                out.append(f"G4 {name}：“{clause}”是讲话原文“{shortened}”删去了字，读者会当作原话")
            changed = changed_quote(clause, own)
            if changed:
                out.append(f"G4 {name}：“{clause}”是讲话原文“{changed}”改了一个字，读者会当作原话")
        for first, second in _comma_pairs(explanation):
            left = run_on(first, second, own)
            if left:
                out.append(f"G4 {name}：“{first}，{second}”中间删去了讲话原文的“{left}”，没有用……标出")
        for piece in (entry.meaning or "").split("……"):
            if piece and piece not in speech:
                out.append(f"G5 {name}：含义“{piece}”不是讲话原文（整句照录，删去处用……）")
        if entry.wording and entry.parts and not absent_parts(entry, speech):
            out.append(f"G6 {name}：讲话逐项列出了全部组成，应照录讲话原文（quote），不给标准表述")
        found = ONLY_NAMED_CLAIMS.search(explanation)
        if found:
            out.append(f"G6 {name}：“{found.group()}”由构建根据原文判断，解释里不手写")
        if entry.source and not (SOURCE_DOCUMENT.search(entry.source) and SOURCE_DATE.search(entry.source)):
            out.append(f"G7 {name}：出处“{entry.source}”没有写明文件（《》或报告）和年月")
        for quoted in QUOTED_WORDS.findall(explanation):
            if quoted not in speech and quoted not in (entry.wording or "") and quoted not in entry.term:
                out.append(f"G10 {name}：引号里的“{quoted}”不是讲话原文（也不是它的标准表述），读者会当作引语")
        if entry.quote is None and entry.speech is None and "讲话" in explanation:
            out.append(f"G9 {name}：任何一篇讲话提到它都显示这条解释，解释里不能说“讲话”说了什么")
        for sentence in re.split(r"[。！？]", explanation):
            if sentence.count("：") + sentence.count(":") > 1:
                out.append(f"G8 {name}：一句话里有两个冒号：“{sentence}”")
    return out


def _shown_in(project: Project, entry: Entry) -> str:
    """The text of every speech whose pages show `entry` (its glossary entries hold it)."""
    return "\n".join(t.text for slug, t in project.texts.items() if entry in project.entries_for(slug))


def _comma_pairs(text: str) -> list[tuple[str, str]]:
    """Each two clauses of `text` one comma apart, within a sentence."""
    out = []
    for sentence in re.split(r"[。！？：:；]", text):
        parts = sentence.split("，")
        out += [(a, b) for a, b in pairwise(parts) if a and b and "、" not in a + b and "……" not in a + b]
    return out


def check(project: Project) -> None:
    """Raise the first breach as one ContentError line naming glossary.yml, the entry and the rule."""
    found = problems(project)
    if found:
        rule, _, rest = found[0].partition(" ")
        raise ContentError("glossary.yml", f"{rest}（规则{rule}）")
