"""Serbian Latin to Serbian Cyrillic, letter for letter, and what stays in Latin letters."""

import polib
import pytest

from django.conf import settings
from django.utils.html import escape

from home.transliteration import latin_to_cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Ljubljana, njiva, džep", "Љубљана, њива, џеп"),
        ("LJUBAV NJEGOŠ DŽEP", "ЉУБАВ ЊЕГОШ ЏЕП"),
        ("Ljiljana Njegoš Džamija", "Љиљана Његош Џамија"),
        ("Čačak, Ćuprija, Đakovica, Šabac, Žabalj", "Чачак, Ћуприја, Ђаковица, Шабац, Жабаљ"),
        ("abcčćdđefghijklmnoprsštuvzž", "абцчћдђефгхијклмнопрсштувзж"),
        ("ABCČĆDĐEFGHIJKLMNOPRSŠTUVZŽ", "АБЦЧЋДЂЕФГХИЈКЛМНОПРСШТУВЗЖ"),
        # The prefixes in-, kon-, nad-, pod- meet a root in j- or ž-: two letters, not one.
        ("injekcija, konjunkcija, nadživeti, podžanr", "инјекција, конјункција, надживети, поджанр"),
        # Decomposed letters (c + combining caron) are the same letters.
        ("c\u030cas", "час"),
        ("Wagtail, XXI vek, www.balkancivic.org/vesti", "Wagtail, XXI век, www.balkancivic.org/vesti"),
        (
            "piši na info@mreza.rs ili https://mreza.rs/o-nama",
            "пиши на info@mreza.rs или https://mreza.rs/o-nama",
        ),
        (
            'Pročitajte <a id="a1">izveštaj</a> &amp; <b>više</b>',
            'Прочитајте <a id="a1">извештај</a> &amp; <b>више</b>',
        ),
        ("2023. godine", "2023. године"),
        # Names, brands and acronyms kept in Latin letters, whole words only.
        (
            "Pratite nas na Facebook i Instagram stranicama; BCSDN i EU o pandemiji COVID-19.",
            "Пратите нас на Facebook и Instagram страницама; BCSDN и ЕУ о пандемији COVID-19.",
        ),
        ("Facebookovac, COVIDa", "Фацебооковац, ЦОВИДа"),
        # Roman numerals, but not in text in capitals, where they are words.
        ("IV konferencija, XIX vek, II i III faza", "IV конференција, XIX век, II и III фаза"),
        ("MI SMO IV", "МИ СМО ИВ"),
        ("CV i CD", "ЦВ и ЦД"),
        # Bare domains and their paths, but not abbreviations.
        (
            "Više na balkancsd.net/o-nama. Pišite na mreza.org.rs, d.o.o. itd.",
            "Више на balkancsd.net/o-nama. Пишите на mreza.org.rs, д.о.о. итд.",
        ),
        # A prefix in d before a root in ž: two letters, not dž; odžak, Odžaci, nadžak keep dž.
        (
            "odžaliti, Podžupan, predželudac, nadživeti, neodživljen, ispodžupanijski",
            "оджалити, Поджупан, преджелудац, надживети, неодживљен, исподжупанијски",
        ),
        ("odžak, Odžaci, nadžak, džemper, Hodža", "оџак, Оџаци, наџак, џемпер, Хоџа"),
        # A capital inside a word marks a brand; code stays as it is.
        (
            "DeepL, LibreTranslate i TikTok; pokrenite `manage.py import_subscribers` ili newsletter_status",
            "DeepL, LibreTranslate и TikTok; покрените `manage.py import_subscribers` или newsletter_status",
        ),
        # Format placeholders of interface strings stay as they are.
        (
            "Objavljeno %(count)d od %(total)s, %s, {object} u {locale}",
            "Објављено %(count)d од %(total)s, %s, {object} у {locale}",
        ),
    ],
)
def test_latin_to_cyrillic(latin, cyrillic):
    assert latin_to_cyrillic(latin) == cyrillic


def test_terms_given_for_one_text_stay_in_latin_wherever_they_stand():
    text = "Forum Balkan Civic Network i Regionalni forum; regionalni forum"

    assert latin_to_cyrillic(text, keep=["Balkan Civic Network", "Regionalni forum"]) == (
        "Форум Balkan Civic Network и Regionalni forum; регионални форум"
    )


def test_markup_survives_transliteration():
    html = '<b>Ljudi</b> <a id="a1">ovde</a>&nbsp;i <i>tamo</i>'

    assert escape(latin_to_cyrillic(html)) == escape('<b>Људи</b> <a id="a1">овде</a>&nbsp;и <i>тамо</i>')


def real_serbian_text():
    """The Serbian Latin translation of a paragraph of seed 000, from the demo's catalogue."""
    english = next(
        line
        for line in (settings.BASE_DIR / "demo/seeds/000_be3e26e73b521ce0.txt").read_text().splitlines()
        if line.startswith("To this end")
    )
    catalogue = polib.pofile(str(settings.BASE_DIR / "demo/translations/sr-latn.po"))
    return catalogue.find(english).msgstr


def test_a_real_text_keeps_names_numerals_and_addresses_in_latin_and_the_rest_in_cyrillic():
    latin = real_serbian_text() + (
        " Više o IV regionalnoj konferenciji na balkancsd.net i na Facebook stranici; "
        "podžupan je odžalio COVID-19."
    )

    cyrillic = latin_to_cyrillic(latin, keep=["Balkan Civic Network"])

    assert cyrillic.startswith(
        "С тим циљем, BCSDN је 30. и 31. маја у Београду организовала регионалну радионицу"
    )
    assert "акцијама ОЦД којима се одговара" in cyrillic, "Serbian acronyms are transliterated"
    assert cyrillic.endswith(
        "Више о IV регионалној конференцији на balkancsd.net и на Facebook страници; "
        "поджупан је оджалио COVID-19."
    )
