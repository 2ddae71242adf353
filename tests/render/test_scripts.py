"""Issue 19: a résumé in any of nine scripts is set in a font that has its letters, in every
template — Arabic shaped right to left with its word gaps, Thai with no empty boxes.

A letter no listed font has is drawn as the first font's empty box, which pdfium then reads back
as some other text: so every word of the résumé read back whole proves its glyphs were there, and
the fonts pdfium names for each letter prove which family drew it. On main, Arabic came from the
monospaced DejaVu Sans Mono and Thai from the body font's empty boxes.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import struct
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
import typst as typst_binding

from tailorcv.render import typst, view
from tailorcv.resume import read_file

SCRIPTS = Path(__file__).parents[1] / "data" / "render" / "scripts"
TEMPLATES = [t.name for t in typst.list_templates()]

# The family that must draw each script's letters (the PDF names its fonts "ABCDEF+Family-Style").
# Greek and Cyrillic are drawn by whichever family has them first (most body families do, else
# Noto Sans): their words read back whole is the proof there.
FAMILY = {
    "ar": ("NotoSansArabic",),
    "he": ("NotoSansHebrew", "OpenSans"),  # Open Sans, the sidebar's body, has Hebrew itself
    "th": ("NotoSansThai",),
    "hi": ("NotoSans-", "Mukta"),  # rendercv-fonts' Noto Sans draws Devanagari
    "zh": ("NotoSansSC",),
    "ja": ("NotoSansJP",),
    "ko": ("NotoSansKR",),
}
LETTERS = {
    "ar": re.compile(r"[\u0600-\u06ff]"),
    "he": re.compile(r"[\u0590-\u05ff]"),
    "th": re.compile(r"[\u0e00-\u0e7f]"),
    "hi": re.compile(r"[\u0900-\u097f]"),
    "zh": re.compile(r"[\u4e00-\u9fff]"),
    "ja": re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]"),
    "ko": re.compile(r"[\uac00-\ud7af]"),
    "el": re.compile(r"[\u0370-\u03ff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
}
# Lam followed by an alef is one glyph in Arabic; pdfium reads the pair of such a glyph back in
# the wrong order when the text runs right to left ("الأنظمة" → "األنظمة").
_LAM_ALEF = re.compile("\u0644([\u0622\u0623\u0625\u0627\u0649])")


@cache
def shown(script: str) -> dict[str, Any]:
    return view.build(read_file(SCRIPTS / f"{script}.json").resume)


@cache
def pdf_of(script: str, template: str) -> bytes:
    return typst.compile_view(shown(script), typst.get_template(template))


def strings(value: Any) -> list[str]:
    """Every string in a view, its design and metadata left out."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    if isinstance(value, dict):
        return [
            s
            for k, v in value.items()
            if k not in ("design", "document", "headings")
            for s in strings(v)
        ]
    return []


def words(script: str) -> set[str]:
    """The words of the résumé written in ``script``, without their punctuation."""
    found = set()
    for text in strings(shown(script)):
        for word in text.split():
            word = word.strip("".join(c for c in word if unicodedata.category(c)[0] == "P"))
            if LETTERS[script].search(word):
                found.add(word)
    return found


def read_back(pdf: bytes) -> tuple[str, dict[str, set[str]]]:
    """The PDF's text and, for each letter, the fonts that drew it."""
    doc = pdfium.PdfDocument(pdf)
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    fonts: dict[str, set[str]] = {}
    texts = []
    try:
        for page in doc:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            for index in range(textpage.count_chars()):
                letter = chr(raw.FPDFText_GetUnicode(textpage, index))
                raw.FPDFText_GetFontInfo(textpage, index, name, 256, ctypes.byref(flags))
                fonts.setdefault(letter, set()).add(name.value.decode().partition("+")[2])
    finally:
        doc.close()
    return "\n".join(texts), fonts


def as_pdfium_reads(word: str) -> str:
    return _LAM_ALEF.sub(lambda m: m.group(1) + "\u0644", word)


# Chinese and Japanese are written without spaces and their lines may break inside a run of
# text; Devanagari's word gaps pdfium finds only in some body families (it infers spaces from
# gaps, and the marks that end many Hindi words mislead it); a Korean date mixes two families
# in one word ("2020년": the digits in the body family, 년 in Noto Sans KR) and pdfium breaks
# the word where the family changes: their letters are compared in order.
# Thai is left to the test of its family: Typst's PDF gives each glyph of a cluster drawn as
# several ("ชำ") the cluster's text, so pdfium reads it more than once.
RUN_ON = {"zh", "ja", "hi", "ko"}
READ_BACK = sorted(set(LETTERS) - {"th"})


def bare(text: str) -> str:
    """``text`` without spaces, punctuation and the zero-width spaces that let long runs wrap."""
    return "".join(
        c for c in text if not c.isspace() and c != "\u200b" and unicodedata.category(c)[0] != "P"
    )


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("script", READ_BACK)
def test_every_word_reads_back_in_every_template(script: str, template: str) -> None:
    """No letter is an empty box: each word comes back whole, between its spaces where the
    script has them."""
    text, _ = read_back(pdf_of(script, template))
    if script in RUN_ON:
        missing = sorted(w for w in words(script) if folded(w) not in folded(text))
    else:
        found = {folded(w) for w in text.split()}
        missing = sorted(w for w in words(script) if folded(as_pdfium_reads(w)) not in found)
    assert missing == []


def folded(text: str) -> str:
    """``bare(text)`` in one case: templates set headings in capitals ("ОПЫТ РАБОТЫ")."""
    return bare(text).casefold()


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("script", sorted(FAMILY))
def test_each_script_is_drawn_by_its_family(script: str, template: str) -> None:
    _, fonts = read_back(pdf_of(script, template))
    letters = {c for w in words(script) for c in w if LETTERS[script].match(c)}
    wrong = {
        c: sorted(fonts.get(c, {"(absent)"}))
        for c in letters
        if not all(
            any(f.startswith(family) for family in FAMILY[script]) for f in fonts.get(c, {""})
        )
    }
    assert wrong == {}


@pytest.mark.parametrize("template", TEMPLATES)
def test_arabic_is_set_right_to_left_with_its_word_gaps(template: str) -> None:
    """The summary comes back as words with their spaces, in reading order, and its first
    letter stands at the right of its line, where a right-to-left paragraph starts."""
    text, _ = read_back(pdf_of("ar", template))
    assert shown("ar")["dir"] == "rtl"
    phrase = as_pdfium_reads("خطوط معالجة البيانات، وتحسين أداء قواعد البيانات")
    assert phrase in " ".join(text.split())
    assert where_across(pdf_of("ar", template), as_pdfium_reads("مهندسة بيانات بخبرة")) > 0.5


@pytest.mark.parametrize("template", TEMPLATES)
def test_hebrew_is_set_right_to_left_with_its_dates_in_reading_order(template: str) -> None:
    """A Hebrew résumé (``meta.locale: he``) is mirrored like an Arabic one: its summary starts
    at the right, and a date range reads from the right, start first ("ינו׳ 2021 – היום")."""
    pdf = pdf_of("he", template)
    assert shown("he")["dir"] == "rtl"
    assert where_across(pdf, "שש שנות ניסיון") > 0.5
    assert where_across(pdf, "ינו׳") > where_across(pdf, "2021") > where_across(pdf, "היום")


@pytest.mark.parametrize("template", ["sidebar", "timeline", "twocolumn"])
def test_thai_headings_are_not_letter_spaced(template: str) -> None:
    """These templates space a heading's capitals apart; Thai letters spaced so fall apart. The
    heading "การศึกษา" is narrower in the Thai résumé than when the same page is set as English."""
    thai = typst.compile_view(shown("th"), typst.get_template(template))
    spaced = typst.compile_view({**shown("th"), "lang": "en"}, typst.get_template(template))
    assert width_of(thai, "การศึกษา") < 0.95 * width_of(spaced, "การศึกษา")


def width_of(pdf: bytes, phrase: str) -> float:
    """The width, in points, from the left of the first letter of ``phrase`` to the right of its
    last on page one."""
    doc = pdfium.PdfDocument(pdf)
    try:
        textpage = doc[0].get_textpage()
        start = textpage.get_text_range().index(phrase)
        edges = []
        for index in (start, start + len(phrase) - 1):
            left, right, bottom, top = (ctypes.c_double() for _ in range(4))
            raw.FPDFText_GetCharBox(textpage, index, left, right, bottom, top)
            edges.append((left.value, right.value))
        return edges[1][1] - edges[0][0]
    finally:
        doc.close()


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_phone_number_keeps_its_order_in_a_right_to_left_resume(template: str) -> None:
    """ "+966 55 123 4567" reads left to right inside an Arabic line, not as "4567 123 55 966+"."""
    pdf = pdf_of("ar", template)
    assert where_across(pdf, "55") < where_across(pdf, "123") < where_across(pdf, "4567")


# Sentences of 40 letters and more, written without spaces as these scripts are.
UNSPACED = {
    "th": "วิศวกรซอฟต์แวร์ที่มีประสบการณ์ห้าปีในการพัฒนาระบบชำระเงินและแอปพลิเคชันบนมือถือ",
    "zh": "负责设计和开发高并发支付系统并带领团队完成核心服务的云端迁移工作提升了系统的稳定性",
    "ja": "決済システムの設計と開発を担当しクラウドへの移行を主導して"
    "障害対応の時間を大幅に短縮した",
}


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("script", sorted(UNSPACED))
def test_scripts_without_spaces_are_not_cut_every_dozen_letters(script: str, template: str) -> None:
    """A long run of Thai, Chinese or Japanese is a sentence, not a pasted hash: its lines break
    where Typst finds a word's end, never at a zero-width space put in by length."""
    document = {**shown(script), "summary": UNSPACED[script] * 2}
    document["summary_runs"] = [
        {"text": document["summary"], "strong": False, "emph": False, "url": ""}
    ]
    assert len(UNSPACED[script]) >= 40
    text, _ = read_back(typst.compile_view(document, typst.get_template(template)))
    assert "\u200b" not in text


def where_across(pdf: bytes, phrase: str) -> float:
    """Where across page one the first letter of ``phrase`` stands, 0 left to 1 right."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        textpage = page.get_textpage()
        index = textpage.get_text_range().index(phrase)
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        raw.FPDFText_GetCharBox(textpage, index, left, right, bottom, top)
        return (left.value + right.value) / 2 / page.get_width()
    finally:
        doc.close()


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_script_compiles_without_warnings(template: str) -> None:
    """Typst warns about a family it cannot find; every family ``fonts()`` names is shipped."""
    for script in LETTERS:
        _, warnings = typst_binding.compile_with_warnings(
            str(typst.get_template(template).path),
            root=str(typst.TEMPLATES),
            font_paths=list(typst.FONT_PATHS),
            ignore_system_fonts=True,
            sys_inputs={"resume": json.dumps(shown(script), ensure_ascii=False)},
        )
        assert warnings == [], script


def test_the_shipped_fonts_carry_their_licence() -> None:
    folder = typst.SCRIPT_FONTS
    assert sorted(p.name for p in folder.glob("*.ttf")) == [
        "NotoSansArabic-Bold.ttf",
        "NotoSansArabic-Regular.ttf",
        "NotoSansHebrew-Bold.ttf",
        "NotoSansHebrew-Regular.ttf",
        "NotoSansThai-Bold.ttf",
        "NotoSansThai-Regular.ttf",
    ]
    assert "SIL OPEN FONT LICENSE Version 1.1" in (folder / "OFL.txt").read_text()


NAMES = {"ar": "arabic", "th": "thai"}


@pytest.mark.parametrize(("script", "template"), [("ar", "sidebar"), ("th", "twocolumn")])
def test_the_readmes_pictures_of_an_arabic_and_a_thai_resume(
    script: str, template: str, tmp_path: Path
) -> None:
    """The README's pictures, drawn again into ``$TAILORCV_SCREENSHOTS`` when it is set: page one
    as a PNG of an A4 page at 110 pixels per inch."""
    png = typst.compile_view(shown(script), typst.get_template(template), "png", ppi=110)
    folder = Path(os.environ.get("TAILORCV_SCREENSHOTS") or tmp_path)
    (folder / f"resume-{NAMES[script]}.png").write_bytes(png)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (round(210 / 25.4 * 110), round(297 / 25.4 * 110))
