"""The one bilingual text type and how the current language is chosen."""

import pytest

from dqn_teach import i18n
from dqn_teach.i18n import Bi, get_lang, resolve_lang, set_lang


@pytest.fixture(autouse=True)
def _no_chosen_lang(monkeypatch):
    monkeypatch.delenv(i18n.LANG_ENV_VAR, raising=False)
    set_lang(None)
    yield
    set_lang(None)


def test_bi_picks_the_language_and_formats_both():
    text = Bi(ko="{n}개 남음", en="{n} left").format(n=3)
    assert text("ko") == "3개 남음"
    assert text("en") == "3 left"
    assert (Bi(ko="가", en="a") + "!")("ko") == "가!"


def test_current_language_comes_from_set_lang_then_env_then_english(monkeypatch):
    text = Bi(ko="보상", en="reward")
    assert get_lang() == "en" and str(text) == "reward"
    monkeypatch.setenv(i18n.LANG_ENV_VAR, "KO")
    assert get_lang() == "ko" and str(text) == "보상"
    set_lang("en")
    assert text() == "reward"
    monkeypatch.setenv(i18n.LANG_ENV_VAR, "ja")
    set_lang(None)
    assert get_lang() == "en"


def test_course_setup_sets_the_message_language():
    from dqn_teach.course import setup

    setup(lang="ko")
    assert get_lang() == "ko"
    setup(lang="en")
    assert get_lang() == "en"


def test_unknown_language_is_refused_with_the_fix():
    with pytest.raises(ValueError, match="lang must be 'ko' or 'en', got 'jp'"):
        set_lang("jp")
    with pytest.raises(ValueError, match="got 'jp'"):
        resolve_lang("jp")
