from depeches.articles.language import detect_language


def test_scripts_and_common_words():
    assert detect_language("افتتاح خط جديد للترامواي في الرباط") == "ar"
    assert detect_language("Le gouvernement a présenté le projet de loi de finances") == "fr"
    assert detect_language("The government presented the finance bill to the house") == "en"
    assert detect_language("ⵜⴰⵎⴰⵣⵉⵖⵜ ⵜⴰⵏⴰⵡⴰⵢⵜ ⵜⵓⵙⵙⵉⴷ") == "zgh"


def test_too_little_text_gives_the_default():
    assert detect_language("12", default="ar") == "ar"
    assert detect_language("") == ""
