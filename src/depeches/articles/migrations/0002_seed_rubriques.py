from django.db import migrations

# The one list of rubriques at the time of this migration (depeches.articles.rubriques
# holds the current list and the words that map onto it).
RUBRIQUES = [
    ("politique", "Politique", "سياسة"),
    ("economie", "Économie", "اقتصاد"),
    ("societe", "Société", "مجتمع"),
    ("sport", "Sport", "رياضة"),
    ("monde", "Monde", "دولي"),
    ("culture", "Culture", "ثقافة"),
    ("regions", "Régions", "جهات"),
    ("sante", "Santé", "صحة"),
    ("tech", "Tech", "تكنولوجيا"),
    ("auto", "Auto", "سيارات"),
    ("meteo", "Météo", "طقس"),
]


def seed(apps, schema_editor):
    Rubrique = apps.get_model("articles", "Rubrique")
    for position, (slug, name_fr, name_ar) in enumerate(RUBRIQUES):
        Rubrique.objects.update_or_create(
            slug=slug, defaults={"name_fr": name_fr, "name_ar": name_ar, "position": position}
        )


def unseed(apps, schema_editor):
    apps.get_model("articles", "Rubrique").objects.filter(
        slug__in=[slug for slug, _fr, _ar in RUBRIQUES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
