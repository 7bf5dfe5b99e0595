"""Korean text follows docs/glossary.md.

- Glossing: a glossary term reads `한국어 용어(English term)` the first time the COURSE uses it (the
  first notebook, in course order) and plain Korean everywhere after, compound terms as a whole
  ("상태 공간(state space)", never "상태(state) 공간").
- Term decisions: one concept, one word; no rejected variant appears in Korean prose (markdown,
  comments and strings of the ko notebooks, README.ko.md, docs/*.ko.md).

The notebooks are read as built from notebooks/src (tests/test_notebook_sources.py keeps the
committed ones identical), so a fix in a source shows here before any rebuild.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

from tools.nbbuild import SOURCE_GLOB, SRC, load_course

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "glossary.md"
# Course order: 01 < 01b < 02 (the name sorts "_" before letters).
SOURCES = sorted(SRC.glob(SOURCE_GLOB))
KO_DOCS = sorted(
    [ROOT / "README.ko.md", *(ROOT / "docs").glob("*.ko.md"), *(ROOT / "docs").glob("*-ko.md")]
)
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# A gloss is a parenthesis right after the term that holds English: "(state)", "(ε-greedy policy)".
GLOSS = re.compile(r"\((?=[^()]*[A-Za-z])[^()\uac00-\ud7a3]*\)")


def _table(heading: str) -> list[list[str]]:
    """Rows (cells) of the first markdown table under ``## heading``."""
    section = GLOSSARY.read_text(encoding="utf-8").split(f"## {heading}", 1)[1]
    rows = []
    for line in section.splitlines():
        if line.startswith("## "):
            break
        if line.startswith("| ") and not set(line) <= {"|", "-", " "}:
            rows.append([cell.strip() for cell in line.strip().strip("|").split(" | ")])
    return rows[1:]  # the header row


def glossary_terms() -> list[str]:
    """Korean terms of the glossary, longest first."""
    return sorted((row[0] for row in _table("용어 · Terms")), key=len, reverse=True)


def term_decisions() -> list[tuple[list[str], list[str]]]:
    """(chosen words, rejected patterns) per row of the term decisions table."""
    return [
        (re.findall(r"`([^`]+)`", row[0]), re.findall(r"`([^`]+)`", row[1]))
        for row in _table("용어 결정 · Term decisions")
    ]


def markdown_prose(markdown: str) -> str:
    """Body text of markdown: no headings, no code, line breaks folded into spaces."""
    markdown = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    lines = [line for line in markdown.splitlines() if not line.lstrip().startswith("#")]
    return re.sub(r"\s+", " ", re.sub(r"`[^`]*`", " ", "\n".join(lines)))


def code_prose(code: str) -> str:
    """Comments and string literals of a code cell, minus the English of ``tr(LANG, ko, en)``."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
        tree = ast.parse(code)
    except (tokenize.TokenError, IndentationError, SyntaxError):  # IPython magics and the like
        return " ".join(re.findall(r"#.*|\"[^\"\n]*\"|'[^'\n]*'", code))
    english = [
        node.args[2]
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", "") == "tr"
        and len(node.args) == 3
    ]
    skipped = {id(node) for root in english for node in ast.walk(root)}
    strings = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skipped
    ]
    comments = [t.string for t in tokens if t.type == tokenize.COMMENT]
    return " ".join(comments + strings)


def ko_cells(source: Path) -> list[tuple[str, str]]:
    return [(cell.cell_type, cell.source) for cell in load_course(source).notebook("ko").cells]


def _mask(text: str, words: list[str]) -> str:
    for word in words:
        text = re.sub(r"\s+".join(map(re.escape, word.split())), lambda m: "#" * len(m[0]), text)
    return text


def gloss_problems(notebooks: list[tuple[str, str]], terms: list[str]) -> list[str]:
    """Where ``notebooks`` ((name, prose) in course order) break the once-per-course gloss rule."""
    problems = []
    glossed_in: dict[str, str] = {}
    for name, text in notebooks:
        for term in terms:  # "신경망" inside "타깃 신경망" is a use of the longer term
            masked = _mask(text, [longer for longer in terms if term in longer and longer != term])
            for number, match in enumerate(re.finditer(re.escape(term), masked)):
                context = masked[max(0, match.start() - 15) : match.end() + 25]
                has_gloss = GLOSS.match(masked, match.end()) is not None
                if term not in glossed_in:
                    if number == 0 and not has_gloss:
                        problems.append(
                            f"{name}: first use in the course without English: …{context}…"
                        )
                    glossed_in[term] = name
                elif has_gloss:
                    problems.append(
                        f"{name}: {term} was glossed in {glossed_in[term]} already: …{context}…"
                    )
    return problems


def rejected_variants(text: str) -> list[str]:
    found = []
    for chosen, rejected in term_decisions():
        masked = _mask(text, chosen)
        for pattern in rejected:
            for match in re.finditer(pattern, masked):
                context = masked[max(0, match.start() - 20) : match.end() + 20]
                found.append(f"{match[0]!r} (use {' / '.join(chosen)}): …{context}…")
    return found


def test_glossary_has_the_core_terms():
    terms = glossary_terms()
    assert {
        "리플레이 버퍼",
        "입실론-탐욕 정책",
        "TD 타깃",
        "종료",
        "중단",
        "상태 공간",
        "Q 신경망",
    } <= set(terms)
    assert len(term_decisions()) >= 10


def test_the_gloss_check_wants_english_once_per_course():
    terms = ["리플레이 버퍼", "버퍼", "상태 공간", "상태"]
    assert gloss_problems([("01", "리플레이 버퍼(replay buffer)를 씁니다")], terms) == []
    assert gloss_problems([("01", "리플레이 버퍼를 씁니다")], terms)
    # once per course: glossing again in a later notebook (or later in the same one) is clutter
    assert gloss_problems([("01", "버퍼(buffer)"), ("02", "버퍼(buffer)를 다시")], terms)
    assert gloss_problems([("01", "버퍼(buffer)와 버퍼(buffer)")], terms)
    assert gloss_problems([("01", "버퍼(buffer)"), ("02", "버퍼를 다시")], terms) == []
    # compounds as a whole
    assert gloss_problems([("01", "상태(state)와 상태 공간(state space)")], terms) == []
    assert gloss_problems([("01", "상태(state)와 상태(state) 공간(state space)")], terms)
    # code in the parenthesis is not a gloss
    assert (
        gloss_problems([("01", "버퍼(buffer)"), ("02", markdown_prose("버퍼(`buf`)"))], terms) == []
    )


def test_the_term_check_finds_rejected_variants():
    assert rejected_variants("카트 위치와 수레 속도") != []
    assert rejected_variants("딥 Q 네트워크(DQN)의 Q 신경망") == []
    assert rejected_variants("CartPole용 Q 네트워크") != []
    assert rejected_variants("`train()`을 다시 부르면") != []
    assert rejected_variants("탐험-활용 딜레마라고 부릅니다") == []
    assert rejected_variants("실행 결과가 재현됩니다") == []


def test_the_term_check_reads_korean_strings_and_comments_but_not_tr_english():
    code = 'label = tr(LANG, "카트", "cart preset")  # 카트 위치\nprint("카트")'
    assert code_prose(code).count("카트") == 3
    assert "cart preset" not in code_prose(code)


def test_korean_notebooks_gloss_each_term_once_per_course():
    notebooks = [
        (
            source.stem,
            " ".join(markdown_prose(text) for kind, text in ko_cells(source) if kind == "markdown"),
        )
        for source in SOURCES
    ]
    problems = gloss_problems(notebooks, glossary_terms())
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_korean_notebooks_use_the_chosen_terms(source):
    prose = " ".join(
        markdown_prose(text) if kind == "markdown" else code_prose(text)
        for kind, text in ko_cells(source)
    )
    headings = " ".join(
        line
        for kind, text in ko_cells(source)
        if kind == "markdown"
        for line in text.splitlines()
        if line.startswith("#")
    )
    found = rejected_variants(prose + " " + headings)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", KO_DOCS, ids=lambda p: p.name)
def test_korean_docs_use_the_chosen_terms(path):
    found = rejected_variants(path.read_text(encoding="utf-8"))
    assert not found, "\n".join(found)
