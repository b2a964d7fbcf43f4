"""The scraped-text parsers, rule by rule, on small inputs (no database)."""

import datetime
import zoneinfo

import pytest

from importing import blogger, wordpress
from importing.records import ImportFormatError
from importing.text import looks_like_image_name, repeats_a_sentence
from tests.import_notes import english

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
BYLINE = "Kirjoittaja Saija Vuorinen on HR-kumppani."


def wp(text):
    return list(wordpress.parse(text.split("\n"), "test.txt"))


def bl(text):
    return list(blogger.parse(text.split("\n"), "test.txt"))


def test_wordpress_posts_run_from_title_to_byline():
    posts = wp(
        "Eka otsikko\n\nEka kappale.\n\n" + BYLINE + "\n\nAdvertisement\n\n"
        "Toka otsikko\n\nToka kappale.\n\nKirjoittaja Riina Michelsson viihtyy töissä."
    )
    assert [p.title for p in posts] == ["Eka otsikko", "Toka otsikko"]
    assert [p.author_name for p in posts] == ["Saija Vuorinen", "Riina Michelsson"]
    assert posts[0].body == "Eka kappale.\n"
    assert posts[0].author_bio == "Saija Vuorinen on HR-kumppani."
    assert posts[1].author_bio == "Riina Michelsson viihtyy töissä."


@pytest.mark.parametrize("glued", ["marjaana-jokinen", "Riina_kuva"])
def test_byline_glued_to_an_image_name(glued):
    (post,) = wp(f"Otsikko\n\nTeksti.\n\n{glued}Kirjoittaja Marjaana Jokinen viihtyy.")
    assert post.author_name == "Marjaana Jokinen"
    assert post.images_lost == 1
    assert glued in english(post.notes)


def test_byline_with_non_breaking_spaces():
    (post,) = wp("Otsikko\n\nTeksti.\n\nKirjoittaja\u00a0 Riina Michelsson\u00a0 on esimies.")
    assert post.author_name == "Riina Michelsson"
    assert post.author_bio == "Riina Michelsson on esimies."


def test_non_breaking_spaces_in_titles_become_spaces_and_typography_stays():
    (post,) = wp("Miten johtaa ulkoista\u00a0työvoimaa? – ”Hyvin”\n\nTeksti.\n\n" + BYLINE)
    assert post.title == "Miten johtaa ulkoista työvoimaa? – ”Hyvin”"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Advertisement", "ad slot"),
        ("7882F062-405A-4C17-B78C-C13B31F622C5", "image placeholder"),
        ("stones-167089_1280", "image file name"),
        ("svuorinen1", "image file name"),
        ("kuvio12.12", "image file name"),
        ("innostus", "image file name"),
        ("DSC_6716 edited Jaana", "image file name"),
        ("Riina_kuva", "image file name"),
        ("Kuva: Karoliina Nurmi.", "photo credit"),
        ("rivi5 Kuva: Laura Tammisto / Studio Torkkeli Oy", "photo credit"),
    ],
)
def test_noise_leaves_the_body_for_the_import_notes(line, kind):
    (post,) = wp(f"Otsikko\n\nEnsin teksti.\n\n{line}\n\nSitten lisää.\n\n{BYLINE}")
    assert line not in post.body
    assert post.body == "Ensin teksti.\n\nSitten lisää.\n"
    assert f"Left out {kind}: {line}" in english(post.notes)


def test_lines_of_only_non_breaking_spaces_are_dropped():
    (post,) = wp("Otsikko\n\nTeksti.\n\u00a0\n \u00a0 \n\nLisää.\n\n" + BYLINE)
    assert post.body == "Teksti.\n\nLisää.\n"


def test_image_counts_as_lost():
    (post,) = wp(
        "Otsikko\n\nTeksti.\n\nsvuorinen1\n\n7882F062-405A-4C17-B78C-C13B31F622C5\n\n" + BYLINE
    )
    assert post.images_lost == 2


def test_numbered_items_become_an_ordered_list():
    (post,) = wp("Otsikko\n\nTeemat:\n\n  1. Yksi\n  2. Kaksi\n  3. Kolme\n\nLoppu.\n\n" + BYLINE)
    assert post.body == "Teemat:\n\n1. Yksi\n2. Kaksi\n3. Kolme\n\nLoppu.\n"


def test_restarted_single_items_are_numbered_in_sequence():
    (post,) = wp(
        "Otsikko\n\nAlku.\n\n  1. Eka\n\nTekstiä.\n\n  1. Toka\n\nTekstiä.\n\n  1. Kolmas\n\n"
        "Loppu.\n\n" + BYLINE
    )
    assert "1. Eka" in post.body and "2. Toka" in post.body and "3. Kolmas" in post.body


def test_bullets_become_an_unordered_list_even_without_blank_lines():
    (post,) = bl(
        "torstai 29. lokakuuta 2015\n\nOTSIKKO TÄSSÄ\n\nTotean, että:\n  • yksi\n  • kaksi\n"
        "Sitten kappale."
    )
    assert post.body == "Totean, että:\n\n- yksi\n- kaksi\n\nSitten kappale.\n"


def test_short_title_like_line_between_paragraphs_is_a_subheading():
    (post,) = wp("Otsikko\n\nAlku.\n\nYhteinen suunta ja toteutus\n\nLoppu.\n\n" + BYLINE)
    assert post.body == "Alku.\n\n## Yhteinen suunta ja toteutus\n\nLoppu.\n"


@pytest.mark.parametrize(
    "line",
    ["Tämä on lause.", "Kaksi lausetta? Kyllä vain", "Lopuksi totean, että:", "Hei!"],
)
def test_sentences_are_not_subheadings(line):
    (post,) = wp(f"Otsikko\n\nAlku.\n\n{line}\n\nLoppu.\n\n" + BYLINE)
    assert "##" not in post.body


def test_repeated_sentence_becomes_a_pull_quote():
    (post,) = wp(
        "Otsikko\n\nFasilitoinnin lopputuloksena syntyy yhteinen päätös ja suunta. Muuta.\n\n"
        "”Fasilitoinnin lopputuloksena syntyy yhteinen päätös ja suunta.”\n\nLoppu.\n\n" + BYLINE
    )
    assert "> ”Fasilitoinnin lopputuloksena syntyy yhteinen päätös ja suunta.”" in post.body
    assert post.body.count("Fasilitoinnin lopputuloksena") == 2


def test_abridged_repeat_is_a_pull_quote():
    assert repeats_a_sentence(
        "”Hankalien asiakkaiden sijaan kohtasinkin ihmisiä pulassa, neuvoa ja opastusta vailla.”",
        ["Alku. Hankalien asiakkaiden sijaan kohtasinkin ihmisiä pulassa, avuntarpeessa tai "
         "neuvoa ja opastusta vailla. Loppu."],
    )  # fmt: skip


def test_unrelated_line_is_not_a_pull_quote():
    assert not repeats_a_sentence("Aivan eri asia kuin muualla tekstissä.", ["Alku. Loppu."])


@pytest.mark.parametrize(
    "text",
    [
        "Hyvä",
        "Tämä on lause.",
        "Helsinki 2015",
        "3 vinkkiä esimiehelle",
        "2020 muutti kaiken",
        "iPhone 12 Pro",
    ],
)
def test_words_are_not_image_names(text):
    assert not looks_like_image_name(text)


def test_wordpress_posts_have_no_date():
    (post,) = wp("Otsikko\n\nTeksti.\n\n" + BYLINE)
    assert post.published_at is None
    assert "no date" in english(post.notes[:1])


def test_same_title_twice_gives_two_keys():
    posts = wp(f"Sama\n\nYksi.\n\n{BYLINE}\n\nSama\n\nKaksi.\n\n{BYLINE}")
    assert [p.key for p in posts] == [
        "wordpress:saija-vuorinen:sama",
        "wordpress:saija-vuorinen:sama:2",
    ]


def test_post_without_byline_at_the_end_is_unattributed():
    (post,) = wp("Otsikko\n\nTeksti ilman kirjoittajaa.")
    assert post.author_name == ""
    assert "no author" in english(post.notes)


def test_byline_without_a_post_is_an_error():
    with pytest.raises(ImportFormatError, match=r"test.txt:1: a byline with no post"):
        wp(BYLINE)


def test_title_without_text_is_an_error():
    with pytest.raises(ImportFormatError, match="has no text"):
        wp("Otsikko\n\n" + BYLINE)


WEEKDAYS = "maanantai tiistai keskiviikko torstai perjantai lauantai sunnuntai".split()
MONTHS = (
    "tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta "
    "elokuuta syyskuuta lokakuuta marraskuuta joulukuuta"
).split()


@pytest.mark.parametrize(("month_number", "month"), list(enumerate(MONTHS, start=1)))
def test_every_finnish_month(month_number, month):
    assert blogger.parse_date_header(f"torstai 5. {month} 2015") == datetime.date(
        2015, month_number, 5
    )


@pytest.mark.parametrize("weekday", WEEKDAYS)
def test_every_finnish_weekday(weekday):
    assert blogger.parse_date_header(f"{weekday} 29. lokakuuta 2015")


def test_impossible_date_is_an_error():
    with pytest.raises(ImportFormatError, match=r"test.txt:1: .* is not a real date"):
        bl("maanantai 31. helmikuuta 2015\n\nOTSIKKO\n\nTeksti.")


def test_blogger_date_header_opens_a_day_in_helsinki_time():
    (post,) = bl("torstai 29. lokakuuta 2015\n\nOtsikko\n\nTeksti.")
    assert post.published_at == datetime.datetime(2015, 10, 29, 12, 0, tzinfo=HELSINKI)
    assert not post.time_known


def test_blogger_footers_give_author_time_and_tags_and_are_not_body():
    (post,) = bl(
        "keskiviikko 1. heinäkuuta 2015\n\nOtsikko\n\nTeksti.\n\n"
        "Lähettänyt Riina Michelsson klo 14.35\n\nTunnisteet: asiakaspalvelu, empatia\n\n"
        "3 kommenttia:"
    )
    assert post.author_name == "Riina Michelsson"
    assert post.published_at == datetime.datetime(2015, 7, 1, 14, 35, tzinfo=HELSINKI)
    assert post.time_known
    assert post.tags == ["asiakaspalvelu", "empatia"]
    assert post.body == "Teksti.\n"


def test_several_posts_under_one_day():
    posts = bl(
        "torstai 29. lokakuuta 2015\n\nEka\n\nYksi.\n\nLähettänyt Saija klo 15.00\n\n"
        "Ei kommentteja:\n\nToka\n\nKaksi.\n\nLähettänyt Saija klo 9.05"
    )
    assert [p.title for p in posts] == ["Eka", "Toka"]
    assert [p.published_at.hour for p in posts] == [15, 9]


def test_shouted_title_starts_a_new_post_under_the_same_day():
    posts = bl("torstai 29. lokakuuta 2015\n\nEKA POSTAUS\n\nYksi.\n\nTOKA POSTAUS\n\nKaksi.")
    assert [p.title for p in posts] == ["Eka postaus", "Toka postaus"]
    assert posts[0].published_at > posts[1].published_at


def test_capitals_in_a_noise_line_do_not_start_a_post():
    (post,) = bl(
        "torstai 29. lokakuuta 2015\n\nOtsikko\n\nTeksti.\n\n"
        "7882F062-405A-4C17-B78C-C13B31F622C5\n\nLisää tekstiä.\n\nHR\n\nLoppu."
    )
    assert post.title == "Otsikko"
    assert post.images_lost == 1


def test_same_title_on_the_same_day_gives_two_keys():
    posts = bl("torstai 29. lokakuuta 2015\n\nSAMA OTSIKKO\n\nYksi.\n\nSAMA OTSIKKO\n\nKaksi.")
    assert [p.key for p in posts] == [
        "blogger:2015-10-29:sama-otsikko",
        "blogger:2015-10-29:sama-otsikko:2",
    ]


def test_all_caps_title_becomes_sentence_case_and_the_original_is_noted():
    (post,) = bl('torstai 29. lokakuuta 2015\n\nMITEN SINUSTA TULEE "CAN DO" -TYYPPI?\n\nTeksti.')
    assert post.title == 'Miten sinusta tulee "CAN DO" -tyyppi?'
    assert 'Title was in capitals in the source: MITEN SINUSTA TULEE "CAN DO" -TYYPPI?' in (
        english(post.notes)
    )


@pytest.mark.parametrize(
    "caption",
    ["Kuva löytyy Pinterestistäni kansiosta Work.", "Kuvakaappaus kirjeestä on Facebookista."],
)
def test_captions_of_lost_images_go_to_the_notes(caption):
    (post,) = bl(f"torstai 29. lokakuuta 2015\n\nOtsikko\n\nTeksti.\n{caption}\nLisää.")
    assert caption not in post.body
    assert post.images_lost == 1
    assert caption in english(post.notes)


def test_text_before_the_first_date_is_an_error():
    with pytest.raises(ImportFormatError, match=r"test.txt:1: text before the first date"):
        bl("Otsikko\n\ntorstai 29. lokakuuta 2015\n\nTeksti.")


def test_blogger_key_is_day_and_title():
    (post,) = bl("torstai 29. lokakuuta 2015\n\nOtsikko tässä\n\nTeksti.")
    assert post.key == "blogger:2015-10-29:otsikko-tassa"
