"""The search relevance set: posts written for it, and queries with the posts each must
find and must not. tests/test_search_relevance.py checks it on both databases;
`make bench-search` prints its precision and recall and the search time at 10,000 posts.

Each trap is a word a cruder search confuses with the query: a shared beginning
("esimerkiksi" for "esimies"), a word that only looks like a compound ("kuulumiset" is
not "kuu" + "lumi"), one letter of diacritics ("sää" and "saa").
"""

# key: (title, text, tags)
POSTS = {
    "esimies": ("Esimies muiden silmin", "Hyvä esimies kuuntelee tiimiään. Esimiehen tärkein "
                "tehtävä on tukea.", ["johtaminen"]),
    "esimerkki": ("Esimerkkejä palautteesta", "Esimerkiksi kehityskeskustelussa annettu palaute "
                  "auttaa. Esimerkin voima on suuri.", []),
    "koulutus": ("Koulutus kaikille", "Koulutimme kaikki esimiehet keväällä. Esimiehille "
                 "järjestettiin työpaja.", ["osaaminen"]),
    "tiimityo": ("Tiimityö etänä", "Tiimityö onnistuu etänäkin, kun työkalut ovat kunnossa.", []),
    "lepo": ("Työ ja lepo", "Työn ja levon tasapaino on tärkeä. Töissä jaksaa, kun lepää.", []),
    "asiakaspalvelu": ("Asiakaspalvelun arki", "Asiakaspalvelussa kohtaa monenlaisia ihmisiä. "
                       "Asiakkaat arvostavat ystävällisyyttä.", []),
    "palvelumuotoilu": ("Palvelumuotoilu", "Palvelua kehitetään yhdessä asiakkaan kanssa.", []),
    "kuukausi": ("Kuukauden aloittajat", "Tämän kuukauden aikana aloitti kaksi uutta.", []),
    "kuusi": ("Kuusi vinkkiä ilmoitukseen", "Hyvä ilmoitus on selkeä. Kuusi vinkkiä auttaa "
              "onnistumaan.", ["rekrytointi"]),
    "kuulumiset": ("Kuulumiset syksyltä", "Syksyn kuulumiset kerätään yhteen.", []),
    "rekrytointi": ("Rekrytoinnin virheet", "Rekrytoinnissa tehdään usein samat virheet.", []),
    "perehdytys": ("Perehdytys kannattaa", "Hyvä perehdytys säästää aikaa. Perehdyttäjä on "
                   "uuden tulijan tuki.", []),
    "hyvinvointi": ("Työhyvinvointi", "Työhyvinvoinnin perusta on luottamus.", []),
    "saa": ("Sää ja mieliala", "Syksyn sää vaikuttaa mielialaan.", []),
    "saada": ("Mitä tulokas saa odottaa", "Tulokas saa odottaa reilua kohtelua.", []),
    "etatyo": ("Etätyö ja kotitoimisto", "Etätyössä kotitoimiston ergonomia korostuu.", []),
    "muutos": ("Johtaminen muutoksessa", "Muutosjohtaminen vaatii viestintää. Johtajan on "
               "kuunneltava.", []),
    "viestinta": ("Viestintä tiimissä", "Tiimin sisäinen viestintä ratkaisee paljon.", []),
    "palkka": ("Palkkakeskustelu", "Palkasta keskustellaan kerran vuodessa. Palkkaus on "
               "läpinäkyvää.", []),
    "lomautus": ("Lomautus ja irtisanominen", "Lomautuksesta ilmoitetaan ajoissa. "
                 "Irtisanomisaika riippuu kestosta.", []),
    "kehityskeskustelu": ("Kehityskeskustelu", "Kehityskeskustelussa sovitaan tavoitteet. "
                          "Kehityskeskustelut pidetään keväisin.", []),
    "helsinki": ("Uusi toimisto", "Helsingissä toimistomme sijaitsee keskustassa.", []),
    "asiakaskokemus": ("Asiakaskokemus", "Asiakaskokemus syntyy pienistä hetkistä.", []),
    "empatia": ("Empatiaa ja asiakaspalvelua", "Empatia auttaa ymmärtämään toista.", []),
}  # fmt: skip

# query: (posts it must find, posts it must not find)
QUERIES = {
    "esimies": ({"esimies", "koulutus"}, {"esimerkki"}),
    "esimiehen": ({"esimies", "koulutus"}, {"esimerkki"}),
    "esimiehet": ({"esimies", "koulutus"}, {"esimerkki"}),
    "esimiestä": ({"esimies", "koulutus"}, {"esimerkki"}),
    "esimerkki": ({"esimerkki"}, {"esimies", "koulutus"}),
    "tiimityö": ({"tiimityo"}, {"viestinta"}),
    "työ": ({"tiimityo", "lepo", "etatyo", "hyvinvointi"}, {"saa", "palkka"}),
    "työn": ({"tiimityo", "lepo", "etatyo"}, {"saa"}),
    "asiakaspalvelu": ({"asiakaspalvelu", "empatia"}, {"palvelumuotoilu", "asiakaskokemus"}),
    "asiakas": ({"asiakaspalvelu", "palvelumuotoilu", "asiakaskokemus"}, {"palkka"}),
    "palvelu": ({"asiakaspalvelu", "palvelumuotoilu"}, {"esimies"}),
    "kuukausi": ({"kuukausi"}, {"kuusi", "kuulumiset"}),
    "kuusi": ({"kuusi"}, {"kuukausi", "kuulumiset"}),
    "kuu": ({"kuukausi"}, {"kuusi", "kuulumiset"}),
    "kuulumisia": ({"kuulumiset"}, {"kuukausi", "kuusi"}),
    "rekrytointi": ({"rekrytointi", "kuusi"}, {"perehdytys"}),
    "rekrytoinnin": ({"rekrytointi", "kuusi"}, {"perehdytys"}),
    "perehdytyksestä": ({"perehdytys"}, {"rekrytointi"}),
    "hyvinvointi": ({"hyvinvointi"}, {"lepo"}),
    "sää": ({"saa"}, {"saada"}),
    "saada": ({"saada"}, {"saa"}),
    "etätyö": ({"etatyo"}, {"tiimityo"}),
    "etatyo": ({"etatyo"}, {"tiimityo"}),
    "johtaminen": ({"muutos", "esimies"}, {"viestinta"}),
    "viestintää": ({"viestinta", "muutos"}, {"palkka"}),
    "palkka": ({"palkka"}, {"palvelumuotoilu"}),
    "lomautukset": ({"lomautus"}, {"kehityskeskustelu"}),
    "kehityskeskustelut": ({"kehityskeskustelu", "esimerkki"}, {"lomautus"}),
    "helsinki": ({"helsinki"}, {"asiakaskokemus"}),
    "kokemus": ({"asiakaskokemus"}, {"asiakaspalvelu"}),
    '"esimies kuuntelee"': ({"esimies"}, {"koulutus"}),
    "esimies tiimi": ({"esimies"}, {"koulutus", "viestinta"}),
}
