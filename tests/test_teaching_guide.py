"""The teaching guides answer exactly the exercises each notebook asks, in both languages.

Each notebook ends with "## 연습 문제" / "## Exercises", a numbered list. docs/teaching.{ko,en}.md
has, under its answers section, one "### NN. ..." per notebook with a numbered list of answers.
The numbers must match one for one: an exercise without an answer, or an answer to an exercise the
notebook no longer asks, fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tools.nbbuild import LANGS, SOURCE_GLOB, SRC, load_course

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(SRC.glob(SOURCE_GLOB))
EXERCISES_HEADING = {"ko": "연습 문제", "en": "Exercises"}
ANSWERS_HEADING = {"ko": "연습 문제 풀이", "en": "Answers to the exercises"}
# A top-level list item ("3. ..."); indented lines belong to the item above.
ITEM = re.compile(r"(?m)^(\d+)\. ")


def numbered_items(markdown: str) -> list[int]:
    return [int(number) for number in ITEM.findall(re.sub(r"```.*?```", "", markdown, flags=re.S))]


def exercises_in_notebook(source: Path, lang: str) -> list[int]:
    markdown = "\n\n".join(
        cell.source
        for cell in load_course(source).notebook(lang).cells
        if cell.cell_type == "markdown"
    )
    match = re.search(
        rf"(?m)^## {EXERCISES_HEADING[lang]}\s*$(.*?)(?=^#{{1,2}} |\Z)", markdown, re.S
    )
    assert match, f"{source.stem} ({lang}) has no '## {EXERCISES_HEADING[lang]}' section"
    return numbered_items(match[1])


def answers_in_guide(lang: str) -> dict[str, list[int]]:
    """Answer numbers per notebook prefix ("00", "01b", ...) in docs/teaching.<lang>.md."""
    guide = (ROOT / "docs" / f"teaching.{lang}.md").read_text(encoding="utf-8")
    answers = re.search(rf"(?m)^## \d+\. {ANSWERS_HEADING[lang]}\s*$(.*?)(?=^## |\Z)", guide, re.S)
    assert answers, f"teaching.{lang}.md has no '## N. {ANSWERS_HEADING[lang]}' section"
    sections = re.split(r"(?m)^### ", answers[1])[1:]
    return {
        heading.split(".", 1)[0].strip(): numbered_items(body)
        for heading, _, body in (section.partition("\n") for section in sections)
    }


def test_the_item_reader_skips_indented_lines_and_code():
    text = "1. first\n   2. not an item\n```\n3. code\n```\n2. second\n"
    assert numbered_items(text) == [1, 2]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_the_guide_answers_every_exercise_of_the_notebook(source, lang):
    prefix = source.stem.split("_", 1)[0]
    asked = exercises_in_notebook(source, lang)
    assert asked == list(range(1, len(asked) + 1)), f"{source.stem}: exercises numbered {asked}"
    answered = answers_in_guide(lang).get(prefix)
    assert answered is not None, f"docs/teaching.{lang}.md has no '### {prefix}.' answers section"
    assert answered == asked, (
        f"docs/teaching.{lang}.md answers {prefix} exercises {answered}, the notebook asks {asked}"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_the_guide_answers_no_notebook_that_does_not_exist(lang):
    prefixes = {source.stem.split("_", 1)[0] for source in SOURCES}
    assert set(answers_in_guide(lang)) <= prefixes
