import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from dqn_teach import fonts  # noqa: E402
from dqn_teach.i18n import tr  # noqa: E402


def test_korean_font_is_real_and_not_last_resort():
    font = fonts.find_korean_font()
    assert font is not None, "requirements install NanumGothic through koreanize-matplotlib"
    assert not font.startswith("Last Resort")
    assert fonts.setup_fonts("ko") == "ko"
    assert list(matplotlib.rcParams["font.family"]) == [font, "DejaVu Sans"]


def test_korean_figure_draws_without_missing_glyph_warnings(tmp_path):
    fonts.setup_fonts("ko")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, ax = plt.subplots()
        ax.plot([-1, 0, 1], [1, -1, 0.5])
        ax.set_title("입실론-탐욕 정책 (ε-greedy), γ = 0.99")
        ax.set_xlabel("환경 스텝 (env steps) −1")
        fig.savefig(tmp_path / "ko.png")
        plt.close(fig)
    glyph_warnings = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert glyph_warnings == []


def test_without_a_korean_font_labels_fall_back_to_english(monkeypatch, capsys):
    monkeypatch.setattr(fonts, "find_korean_font", lambda: None)
    assert fonts.setup_fonts("ko") == "en"
    assert "fall back to English" in capsys.readouterr().out
    assert tr("en", "보상", "reward") == "reward"


def test_last_resort_font_is_skipped(monkeypatch):
    from matplotlib import font_manager

    fonts.find_korean_font.cache_clear()
    last_resort = [f for f in font_manager.fontManager.ttflist if f.name.startswith("Last Resort")]
    assert last_resort, "matplotlib bundles 'Last Resort High-Efficiency', which claims Hangul"
    monkeypatch.setattr(font_manager.fontManager, "ttflist", last_resort)
    monkeypatch.setattr(fonts, "_register_bundled_nanum", lambda: None)
    try:
        assert fonts.find_korean_font() is None
    finally:
        fonts.find_korean_font.cache_clear()


def test_lang_is_validated():
    with pytest.raises(ValueError, match="lang must be 'ko' or 'en', got 'jp'"):
        fonts.setup_fonts("jp")
