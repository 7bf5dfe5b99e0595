"""Korean notebooks follow docs/glossary.md: first use reads `한국어 용어(English term)`."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "glossary.md"
KO_NOTEBOOKS = sorted((ROOT / "notebooks" / "ko").glob("*.ipynb"))


def glossary_terms() -> list[str]:
    rows = GLOSSARY.read_text(encoding="utf-8").splitlines()
    terms = [row.split("|")[1].strip() for row in rows if row.startswith("| ")]
    return [t for t in terms if t and t != "한국어" and not set(t) <= {"-"}]


def korean_prose(path: Path) -> str:
    """Markdown outside headings and code spans, with line breaks folded into spaces."""
    nb = nbformat.read(path, as_version=4)
    lines = [
        line
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if not line.lstrip().startswith("#")
    ]
    text = re.sub(r"`[^`]*`", " ", "\n".join(lines))
    return re.sub(r"\s+", " ", text)


def first_uses_without_english(text: str, terms: list[str]) -> list[str]:
    missing = []
    for term in terms:
        masked = text
        for longer in terms:  # "신경망" inside "타깃 신경망" is a use of the longer term
            if longer != term and term in longer:
                masked = masked.replace(longer, "#" * len(longer))
        match = re.search(re.escape(term), masked)
        if match and masked[match.end() : match.end() + 1] != "(":
            context = masked[max(0, match.start() - 15) : match.end() + 10]
            missing.append(f"{term}: …{context}…")
    return missing


def test_glossary_has_the_core_terms():
    terms = glossary_terms()
    assert {"리플레이 버퍼", "입실론-탐욕 정책", "TD 타깃", "종료", "중단"} <= set(terms)


def test_the_check_finds_a_term_without_english():
    terms = ["리플레이 버퍼", "버퍼"]
    assert first_uses_without_english("리플레이 버퍼(replay buffer)를 씁니다", terms) == []
    assert first_uses_without_english("리플레이 버퍼를 씁니다", terms)


@pytest.mark.parametrize("path", KO_NOTEBOOKS, ids=lambda p: p.stem)
def test_first_use_of_each_term_gives_the_english(path):
    assert first_uses_without_english(korean_prose(path), glossary_terms()) == []
