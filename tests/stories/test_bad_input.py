"""Odd articles are clustered sensibly: no crash, no catch-all story, no false reprints."""

from __future__ import annotations

from depeches.stories.cluster import cluster_records
from depeches.stories.entities import entities, figures, places
from depeches.stories.neardup import EMPTY, signature, similarity

SOLD = "Le Raja a battu l'AS FAR 2-0 samedi soir au stade Mohammed V, grâce à Karim Zerouali."
BUDGET = "Le projet de loi de finances 2027 a été déposé lundi au bureau de la Chambre."


def record(key, title, body="", published="2026-10-17T21:00:00+01:00", **extra):
    return {
        "id": key,
        "lang": "fr",
        "outlet": "Essai",
        "title": title,
        "body": body,
        "published": published,
        **extra,
    }


def test_empty_and_very_short_texts_each_stand_alone():
    result = cluster_records(
        [record("a", "", ""), record("b", "", ""), record("c", "Flash", ""), record("d", "Ok", "")]
    )
    assert len(set(result["stories"].values())) == 4
    assert result["dups"] == []


def test_short_texts_are_never_near_duplicates():
    assert (signature("Raja 2-0") == EMPTY).all()
    assert similarity(signature("Raja 2-0"), signature("Raja 2-0")) == 0.0


def test_articles_without_a_date_are_clustered_with_their_neighbours():
    records = [
        record("a", "Le Raja bat l'AS FAR 2-0", SOLD),
        record("b", "Botola : le Raja s'impose face à l'AS FAR (2-0)", SOLD, published=None),
        record("c", "Loi de finances 2027 déposée", BUDGET, published=""),
    ]
    stories = cluster_records(records)["stories"]
    assert set(stories) == {"a", "b", "c"}
    assert stories["a"] == stories["b"] != stories["c"]


def test_a_title_in_capitals_names_nothing_by_its_capitals():
    assert entities("BENNANI BLESSÉ, LE RAJA INQUIET", "") == {"@raja"}
    assert "~bennani" in entities("Bennani blessé", "Le Raja perd Bennani.")


def test_a_title_in_capitals_joins_the_same_story():
    records = [
        record("a", "Le Raja s'impose face à l'AS FAR (2-0)", SOLD),
        record("b", "LE RAJA S'IMPOSE FACE À L'AS FAR (2-0)", SOLD.upper()),
    ]
    stories = cluster_records(records)["stories"]
    assert stories["a"] == stories["b"]


def test_figures_are_read_the_same_in_both_languages():
    assert figures("17 412,36 points et 20 000 postes") == {"#17412.36", "#20000"}
    assert figures("17412.36 نقطة و20 ألف منصب و١٢ طنا") == {"#17412.36", "#20000", "#12"}
    assert places("وبالدار البيضاء وللرباط") == places("à Casablanca et à Rabat")


def test_mixed_language_text_is_handled():
    mixed = (
        "Le Raja a battu l'AS FAR 2-0. فاز الرجاء على الجيش الملكي بهدفين نظيفين بملعب محمد "
        "الخامس، وسجل الهدفين كريم زروالي."
    )
    records = [
        record("a", "Le Raja bat l'AS FAR (2-0) / الرجاء يفوز على الجيش", mixed),
        record("b", "Le Raja s'impose face à l'AS FAR (2-0)", SOLD),
        record("c", "Loi de finances 2027 déposée", BUDGET),
    ]
    stories = cluster_records(records)["stories"]
    assert stories["a"] == stories["b"] != stories["c"]


def test_a_flood_from_one_outlet_is_one_group_not_a_catch_all():
    flood = [
        record(
            f"f{n}",
            f"Bourse de Casablanca : le MASI à 17 412 points (mise à jour {n})",
            "La Bourse de Casablanca a clôturé la séance de ce lundi en hausse, son indice "
            "principal, le MASI, gagnant 0,8 % à 17 412,36 points. Le volume global des "
            f"échanges s'est établi à 238 millions de dirhams. Mise à jour numéro {n}.",
            published=f"2026-10-05T17:{n:02d}:00+01:00",
        )
        for n in range(40)
    ]
    other = record("x", "Loi de finances", BUDGET, published="2026-10-05T18:00:00+01:00")
    result = cluster_records([*flood, other])
    assert len({result["stories"][r["id"]] for r in flood}) == 1
    assert result["stories"]["x"] != result["stories"]["f0"]
    assert sorted(map(sorted, result["dups"])) == [sorted(r["id"] for r in flood)]
