"""The one normalisation search applies to articles and queries alike."""

from __future__ import annotations

import pytest

from depeches.search.normalize import fold, index_terms, stem, words


@pytest.mark.parametrize(
    ("spellings", "folded"),
    [
        (["élection", "ÉLECTION", "election", "Élection"], "election"),
        (["cœur", "COEUR", "coeur"], "coeur"),
        (["Ça", "ca"], "ca"),
        (["الْحُكُومَةُ", "الحكومـــة", "الحكومة", "الحكومه"], "الحكومه"),
        (["أحمد", "إحمد", "آحمد", "احمد"], "احمد"),
        (["ٱلقدس", "القدس"], "القدس"),
        (["مستشفى", "مستشفي"], "مستشفي"),
        (["٢٠٢٤", "۲۰۲۴", "2024"], "2024"),
        (["ﻻ"], "لا"),
    ],
)
def test_fold_makes_spellings_one(spellings, folded):
    assert {fold(spelling) for spelling in spellings} == {folded}


def test_fold_keeps_text_readable():
    assert fold("L'Élection, à Rabat !") == "l'election, a rabat !"


def test_words_split_at_punctuation_and_drop_marks():
    assert words("l'élection du Président—Macron") == ["l", "election", "du", "president", "macron"]
    assert words("قالَ الوزيرُ: «نعم»") == ["قال", "الوزير", "نعم"]


@pytest.mark.parametrize(
    "inflections",
    [
        ["élection", "élections", "ELECTIONS"],
        ["économique", "économiques", "economique"],
        ["ministre", "ministres"],
        ["الانتخابات", "انتخابات", "والانتخابات", "بالانتخابات", "للانتخابات"],
        ["المدينة", "مدينة", "للمدينة", "بالمدينة", "فالمدينة", "كالمدينة"],
        ["الوزير", "وزير", "والوزير"],
        ["المغرب", "المغربية", "مغربي", "بالمغرب"],
        ["فرنسا", "لفرنسا", "وفرنسا"],
    ],
)
def test_inflections_and_clitics_share_a_stem(inflections):
    assert len({stem(fold(word)) for word in inflections}) == 1


def test_short_arabic_words_keep_their_letters():
    # A prefix letter is only peeled off when three letters remain.
    assert stem("ولد") == "ولد"
    assert stem("بيت") == "بيت"


def test_index_terms_leave_out_stopwords():
    assert index_terms("Le ministre de l'Intérieur") == ["ministr", "interieur"]
    assert index_terms("قال الوزير في الرباط") == ["قال", "زير", "رباط"]


def test_index_terms_of_mixed_text_stem_each_word_by_its_script():
    assert index_terms("Élections في المغرب") == ["elect", "مغرب"]


def test_index_terms_of_nothing():
    assert index_terms("") == []
    assert index_terms("  —  ! ") == []
    assert index_terms("le la les") == []


def test_control_characters_are_not_words():
    assert words("rabat\x00\x1fcasablanca") == ["rabat", "casablanca"]
