from depeches.articles.language import detect_language


def test_scripts_and_common_words():
    assert detect_language("افتتاح خط جديد للترامواي في الرباط") == "ar"
    assert detect_language("Le gouvernement a présenté le projet de loi de finances") == "fr"
    assert detect_language("The government presented the finance bill to the house") == "en"
    assert detect_language("ⵜⴰⵎⴰⵣⵉⵖⵜ ⵜⴰⵏⴰⵡⴰⵢⵜ ⵜⵓⵙⵙⵉⴷ") == "zgh"


def test_too_little_text_gives_the_default():
    assert detect_language("12", default="ar") == "ar"
    assert detect_language("") == ""


def test_arabic_script_is_arabic_darija_included():
    assert detect_language("واش كاين شي جديد فهاد القضية ولا باقي كلشي بحال بحال؟") == "ar"
    assert detect_language("الرباط - ٢٠ نونبر ٢٠٢٦: Le Maroc") == "ar"


def test_tifinagh_wins_when_it_is_the_main_script():
    text = "ⴰⵎⵓⵙⵙⵓ ⵏ ⵜⵎⴰⵣⵉⵖⵜ ⴷ ⵜⵓⵜⵍⴰⵢⵜ ⵜⴰⵏⴰⵎⵓⵔⵜ (Tamazight)"
    assert detect_language(text) == "zgh"


def test_latin_text_goes_to_the_model():
    french = (
        "Les autorités portuaires attribuent cette hausse à de nouvelles lignes maritimes "
        "vers l'Afrique de l'Ouest et à l'extension des quais."
    )
    english = "Port authorities attribute the rise to new shipping lines to West Africa."
    assert detect_language(french) == "fr"
    assert detect_language(english) == "en"
    assert detect_language(french * 200) == "fr"  # long texts are sampled, not refused


def test_a_language_depeches_does_not_know_gives_the_default():
    spanish = "El gobierno presentó ayer el proyecto de ley de presupuestos generales del Estado."
    assert detect_language(spanish, default="fr") == "fr"
    assert detect_language(spanish) in {"", "fr", "en"}


def test_without_the_model_latin_text_gets_the_default(monkeypatch):
    from depeches.articles import language

    monkeypatch.setattr(language, "language_detector", lambda: None)
    assert detect_language("Le gouvernement a présenté le projet de loi", default="fr") == "fr"
    assert detect_language("Le gouvernement a présenté le projet de loi") == ""
    assert detect_language("افتتاح خط جديد للترامواي في الرباط") == "ar"
