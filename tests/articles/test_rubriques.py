import pytest

from depeches.articles.rubriques import rubrique_for


@pytest.mark.parametrize(
    ("categories", "path", "slug"),
    [
        (["Économie"], "", "economie"),
        (["societe/fait-divers"], "", "societe"),
        ([], "/sport/2026/11/20/match", "sport"),
        (["internationalNews"], "", "monde"),
        (["الرياضة"], "", "sport"),
        (["technology"], "", "tech"),
        (["Inconnu"], "/x/y", None),
    ],
)
def test_categories_and_paths_map_onto_the_rubriques(categories, path, slug):
    assert rubrique_for(categories, path) == slug


@pytest.mark.django_db
def test_every_rubrique_is_seeded_in_both_languages():
    from depeches.articles.models import Rubrique
    from depeches.articles.rubriques import RUBRIQUES

    seeded = {rubrique.slug: rubrique for rubrique in Rubrique.objects.all()}
    assert set(seeded) == {slug for slug, *_ in RUBRIQUES}
    assert all(rubrique.name_fr and rubrique.name_ar for rubrique in seeded.values())
