"""Words too common to tell articles apart, in their folded form (see normalize.fold).

They are left out of the index and of queries alike, so that a phrase such as
"ministre de l'intérieur" still matches word for word.
"""

from __future__ import annotations

_FRENCH_WORDS = """
    a ai aie aient aies ait as au aucun aupres aussi autre aux avec avaient avais avait avant
    avec avez aviez avions avoir avons ayant c ca ce ceci cela celle celles celui ces cet cette
    ceux chez ci comme d dans de des deja deux dont du elle elles en encore entre es est et
    etaient etais etait etant ete etes etiez etions etre eu eue eues eux fait fut i il ils j je
    l la le les leur leurs lui m ma mais me meme memes mes moi mon n ne ni nos notre nous o on
    ont or ou par parce pas peu plus pour pourquoi qu quand que quel quelle quelles quels qui s
    sa sans se sera serait ses si sien son sont sous soyez sur t ta te tes toi ton tous tout
    toute toutes tres tu un une unes uns v vers voici voila vos votre vous vu y
"""

# Folded: ة is ه, ى is ي, أ إ آ are ا (normalize.fold).
_ARABIC_WORDS = """
    في من علي الي عن مع ان او ثم لا ما لم لن هل قد كان كانت يكون تكون هذا هذه ذلك تلك هو هي هم
    هن نحن انت انا التي الذي الذين اللذين اللتين اللواتي كل بعض غير بين حتي اذا اذ لكن بل الا
    اي منذ عند عنه عنها منه منها فيه فيها عليه عليها اليه اليها به بها له لها لهم وقد وفي ومن
    وعلي وان وهو وهي كما ايضا او ام مما فقد لقد ليس ليست هناك هنا ثمه حيث
"""

FRENCH = frozenset(_FRENCH_WORDS.split())
ARABIC = frozenset(_ARABIC_WORDS.split())


def is_stopword(folded_word: str) -> bool:
    # One letter alone ("l'", "d'", "s'" once the apostrophe splits them) says nothing.
    return (len(folded_word) == 1 and folded_word.isalpha()) or (
        folded_word in FRENCH or folded_word in ARABIC
    )
