from __future__ import annotations

import pytest

from improvement.themes import THEMES, tag

# One short sentence per theme, in the register of a report, and the words that should be reported.
SAMPLES: dict[str, tuple[str, str]] = {
    "missing": ("Children who go missing are not always offered a return home interview.", "go missing"),
    "exploitation": ("The response to children at risk of criminal exploitation is timely.", "exploitation"),
    "oversight_supervision": ("Management oversight of children's cases is inconsistent.", "Management oversight"),
    "caseloads": ("Social workers told inspectors that their caseloads are manageable.", "caseloads"),
    "workforce": ("The service relies on agency social workers in the assessment teams.", "agency social workers"),
    "assessments": (
        "Leaders should improve the quality of assessments for children in need.",
        "quality of assessments",
    ),
    "plans": ("Child protection plans lack clear timescales.", "Child protection plans"),
    "care_leavers": ("Too many care leavers live in unsuitable accommodation.", "care leavers"),
    "pre_proceedings": ("Drift in pre-proceedings delays permanence for children.", "pre-proceedings"),
    "private_fostering": ("Awareness of private fostering in the community is low.", "private fostering"),
    "disabled_children": ("Disabled children wait too long for an assessment of their needs.", "Disabled children"),
    "iro": ("Independent reviewing officers do not challenge drift.", "Independent reviewing officers"),
    "chronologies": ("Chronologies are not up to date on children's records.", "Chronologies"),
    "early_help": ("Families benefit from a well-established early help offer.", "early help"),
    "front_door": ("Decisions at the front door are prompt and proportionate.", "front door"),
    "strategy_meetings": ("Not all relevant agencies attend strategy meetings.", "strategy meetings"),
    "health_assessments": ("Initial health assessments are not completed on time.", "Initial health assessments"),
    "peps": ("Personal education plans are reviewed every term.", "Personal education plans"),
    "sufficiency": ("A lack of sufficiency means some children live far away.", "sufficiency"),
    "corporate_parenting": ("The corporate parenting board holds services to account.", "corporate parenting"),
    "qa_performance": ("Quality assurance arrangements do not drive improvement.", "Quality assurance"),
    "voice_of_child": ("The voice of the child is evident in case records.", "voice of the child"),
}


def test_every_theme_of_the_vocabulary_has_a_sample_sentence() -> None:
    assert set(SAMPLES) == {theme.key for theme in THEMES}
    assert len(THEMES) == 22


@pytest.mark.parametrize(("key", "sentence", "phrase"), [(k, s, p) for k, (s, p) in SAMPLES.items()])
def test_each_theme_is_found_by_its_phrase_and_the_phrase_is_reported(key: str, sentence: str, phrase: str) -> None:
    match = next(m for m in tag(sentence) if m.key == key)
    assert match.phrase == phrase
    assert sentence[match.offset : match.offset + len(match.phrase)] == phrase


def test_an_unrelated_sentence_is_given_no_theme() -> None:
    sentence = "We will send the minutes of the council meeting to members by Friday, as agreed in the budget."
    assert tag(sentence) == []


def test_an_acronym_that_is_also_a_word_matches_only_in_capitals() -> None:
    assert [m.key for m in tag("Children with SEND are supported well.")] == ["disabled_children"]
    assert tag("Managers send reminders.") == []


def test_a_supervision_order_is_not_staff_supervision() -> None:
    assert tag("The court made a supervision order.") == []


def test_missing_from_education_is_not_missing_from_home() -> None:
    assert "missing" not in {m.key for m in tag("Children missing from education are tracked.")}


def test_one_sentence_can_raise_several_themes_in_the_order_they_appear() -> None:
    sentence = (
        "Areas for improvement include the timeliness of strategy meetings, "
        "the quality of assessments, plans and supervision."
    )
    matches = tag(sentence)
    assert [m.key for m in matches] == ["strategy_meetings", "assessments", "plans", "oversight_supervision"]
    assert [m.offset for m in matches] == sorted(m.offset for m in matches)


def test_curly_apostrophes_are_read_like_straight_ones() -> None:
    assert [m.phrase for m in tag("Children’s views are recorded.")] == ["Children’s views"]


def test_tagging_is_deterministic_and_empty_text_has_no_themes() -> None:
    text = "Management oversight and supervision are not consistently effective, and caseloads are high."
    assert tag(text) == tag(text)
    assert tag("") == []
