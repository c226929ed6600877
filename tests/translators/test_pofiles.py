"""Offline translation: a PO file goes out, comes back translated, and changes exactly what it translates."""

import polib
import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail_localize.models import StringTranslation

from tests.translators.conftest import start_translation

PARAGRAPH = 'Civil society keeps <b>power</b> in check. Read <a id="a1">the report</a>.'


def download(client, translation):
    response = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert response.status_code == 200
    return polib.pofile(response.content.decode())


def upload(client, translation, content, name="translation.po"):
    if isinstance(content, polib.POFile):
        content = str(content)
    if isinstance(content, str):
        content = content.encode()
    return client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="text/x-gettext-translation")},
        follow=True,
    )


def snapshot(translation):
    return set(
        StringTranslation.objects.filter(locale=translation.target_locale).values_list(
            "translation_of_id", "context_id", "data", "updated_at"
        )
    )


def messages(response):
    return [str(message) for message in response.context["messages"]]


def entry(po, text):
    return next(entry for entry in po if entry.msgid == text)


@pytest.mark.django_db
def test_a_round_trip_changes_exactly_the_strings_translated_offline(translator_client, albanian):
    po = download(translator_client, albanian)
    before = {(row[0], row[1]): row for row in snapshot(albanian)}
    entry(po, "Why civic space matters").msgstr = "Pse ka rëndësi hapësira qytetare"
    entry(
        po, PARAGRAPH
    ).msgstr = 'Shoqëria civile e mban <b>pushtetin</b> në kontroll. Lexoni <a id="a1">raportin</a>.'

    response = upload(translator_client, albanian, po)

    assert messages(response) == ["Imported 2 translated strings from the PO file."]
    after = {(row[0], row[1]): row for row in snapshot(albanian)}
    changed = {key for key in after if before.get(key) != after[key]}
    assert {after[key][2] for key in changed} == {
        "Pse ka rëndësi hapësira qytetare",
        'Shoqëria civile e mban <b>pushtetin</b> në kontroll. Lexoni <a id="a1">raportin</a>.',
    }
    assert set(before) <= set(after), "a translation made online was lost"
    # Nothing is published by an upload: the translations wait in the editor.
    assert not albanian.get_target_instance().live


@pytest.mark.django_db
def test_uploading_the_file_as_downloaded_changes_nothing(translator_client, albanian):
    before = snapshot(albanian)

    response = upload(translator_client, albanian, download(translator_client, albanian))

    assert messages(response) == ["The PO file changes no translation."]
    assert snapshot(albanian) == before


@pytest.mark.django_db
def test_fuzzy_translations_are_left_out(translator_client, albanian):
    po = download(translator_client, albanian)
    uncertain = entry(po, "Why civic space matters")
    uncertain.msgstr = "Pse ka rëndësi?"
    uncertain.flags.append("fuzzy")

    response = upload(translator_client, albanian, po)

    assert "1 string marked fuzzy (uncertain) was not imported." in messages(response)
    assert not StringTranslation.objects.filter(data="Pse ka rëndësi?").exists()


def refused(response, albanian, before):
    assert snapshot(albanian) == before, "a refused file changed translations"
    (message,) = messages(response)
    return message


@pytest.mark.django_db
def test_a_file_that_is_not_a_po_file_is_refused(translator_client, albanian):
    before = snapshot(albanian)

    assert refused(
        upload(translator_client, albanian, "This is a letter, not a PO file.\n"), albanian, before
    ) == ("This is not a valid PO file (line 1).")
    assert refused(upload(translator_client, albanian, b"\xff\xfe\x00binary"), albanian, before) == (
        "This is not a PO file: it is not UTF-8 text."
    )
    # A file whose text names a file on the server is read as text, never followed.
    assert refused(upload(translator_client, albanian, "/etc/passwd"), albanian, before) == (
        "This is not a valid PO file (line 1)."
    )
    assert refused(upload(translator_client, albanian, 'msgid ""\nmsgstr ""\n'), albanian, before).startswith(
        "This PO file was not downloaded from a translation on this site."
    )


@pytest.mark.django_db
def test_a_file_for_another_translation_is_refused(translator_client, albanian, news, teams, make_user):
    german = start_translation(news, "de")
    polyglot = make_user("polyglot", teams["sq"].translators, teams["de"].translators)
    translator_client.force_login(polyglot)
    po = download(translator_client, german)
    entry(po, "Why civic space matters").msgstr = "Warum der zivilgesellschaftliche Raum zählt"
    before = snapshot(albanian)

    message = refused(upload(translator_client, albanian, po), albanian, before)

    assert message == "This PO file belongs to another translation: “Civic space in the region” into Deutsch."


@pytest.mark.django_db
def test_a_file_quoting_text_the_source_no_longer_has_is_refused_whole(translator_client, albanian):
    po = download(translator_client, albanian)
    entry(po, "Why civic space matters").msgstr = "Pse ka rëndësi hapësira qytetare"
    stale = entry(po, "Transparency prevents corruption.")
    stale.msgid = "Transparency prevented corruption."
    stale.msgstr = "Transparenca parandaloi korrupsionin."
    before = snapshot(albanian)

    message = refused(upload(translator_client, albanian, po), albanian, before)

    assert message.startswith("Nothing was imported. Line ")
    assert "“Transparency prevented corruption.” is not in the current source text." in message


@pytest.mark.django_db
def test_a_translation_that_breaks_the_markup_is_refused(translator_client, albanian):
    po = download(translator_client, albanian)
    entry(po, "Why civic space matters").msgstr = "Pse ka rëndësi hapësira qytetare"
    entry(po, PARAGRAPH).msgstr = 'Shoqëria civile. Lexoni <a href="https://evil.example">raportin</a>.'
    before = snapshot(albanian)

    message = refused(upload(translator_client, albanian, po), albanian, before)

    assert message.startswith("Nothing was imported. Line ")
    assert "attributes" in message


@pytest.mark.django_db
def test_an_upload_without_a_file_is_refused(translator_client, albanian):
    response = translator_client.post(
        reverse("wagtail_localize:upload_pofile", args=[albanian.pk]), follow=True
    )

    assert messages(response) == ["Choose a PO file to upload."]


def line_of(text, fragment):
    return next(number for number, line in enumerate(text.splitlines(), start=1) if fragment in line)


def translated_file(translator_client, albanian):
    """The downloaded file with two strings translated, as text."""
    po = download(translator_client, albanian)
    entry(po, "Why civic space matters").msgstr = "Pse ka rëndësi hapësira qytetare"
    entry(po, "Transparency prevents corruption.").msgstr = "Transparenca parandalon korrupsionin."
    return str(po)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("damage", "fragment", "problem"),
    [
        (
            lambda text: text.replace(
                '"Pse ka rëndësi hapësira qytetare"', '"Pse ka rëndësi hapësira qytetare'
            ),
            "Pse ka rëndësi",
            "the text has no closing quotation mark.",
        ),
        (
            lambda text: text.replace("Pse ka rëndësi", "Pse ka \\q rëndësi"),
            "Pse ka",
            "a backslash starts no known escape sequence.",
        ),
        (
            lambda text: text.replace('msgstr "Pse ka rëndësi hapësira qytetare"', "Pse ka rëndësi"),
            "Pse ka rëndësi",
            "this line is not part of a PO entry.",
        ),
        (
            lambda text: text.replace('msgstr "Pse ka rëndësi hapësira qytetare"', ""),
            'msgctxt "body.',
            "the entry has no translation (msgstr).",
        ),
        (
            lambda text: text.replace('msgstr "Pse ka', 'msgstr[0] "Pse ka'),
            'msgstr[0] "Pse ka',
            "“msgstr[0]” is not expected here.",
        ),
    ],
    ids=["unterminated", "escape", "stray-line", "no-msgstr", "keyword-order"],
)
def test_a_file_msgfmt_would_refuse_is_refused_whole_with_the_line(
    translator_client, albanian, damage, fragment, problem
):
    text = damage(translated_file(translator_client, albanian))
    before = snapshot(albanian)

    message = refused(upload(translator_client, albanian, text), albanian, before)

    assert message.startswith("Nothing was imported. ")
    assert f"Line {line_of(text, fragment)}: {problem}" in message


@pytest.mark.django_db
def test_a_header_msgfmt_would_refuse_is_refused(translator_client, albanian):
    text = translated_file(translator_client, albanian).replace("charset=utf-8", "charset=ISO-8859-2")
    text = text.replace(
        '"MIME-Version: 1.0\\n"', '"MIME-Version: 1.0\\n"\n"Plural-Forms: nplurals=three;\\n"'
    )
    before = snapshot(albanian)

    message = refused(upload(translator_client, albanian, text), albanian, before)

    assert "Line 1: the header must declare UTF-8 (Content-Type: text/plain; charset=UTF-8)." in message
    assert "Line 1: the header's Plural-Forms is not valid." in message


@pytest.mark.django_db
def test_placeholders_a_format_flag_promises_must_match(translator_client, albanian):
    po = polib.pofile(translated_file(translator_client, albanian))
    flagged = entry(po, "Why civic space matters")
    flagged.flags.append("python-format")
    flagged.msgstr = "Pse ka rëndësi %(name)s"
    text = str(po)
    before = snapshot(albanian)

    message = refused(upload(translator_client, albanian, text), albanian, before)

    assert (
        f"Line {line_of(text, 'python-format')}: the source has the placeholders —, the translation %(name)s."
        in message
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("translation", "problem"),
    [
        (
            'Shoqëria civile e mban <b>pushtetin</b> në kontroll. Lexoni <a id="a1">raportin.',
            "<a> is not closed.",
        ),
        (
            'Shoqëria civile e mban <b>pushtetin në kontroll. Lexoni <a id="a1">raportin</a></b>.',
            None,
        ),
        (
            'Shoqëria civile e mban <b>pushtetin në kontroll. Lexoni <a id="a1">raportin</b></a>.',
            "<a> is not closed.",
        ),
        (
            'Shoqëria civile e mban pushtetin</b> në kontroll. Lexoni <a id="a1">raportin</a>.',
            "</b> closes a tag that is not open.",
        ),
        (
            'Shoqëria civile e mban pushtetin në kontroll. Lexoni <a id="a1">raportin</a>.',
            "the translation's tags differ from the source text's (missing <b>).",
        ),
        (
            'Shoqëria <i>civile</i> e mban <b>pushtetin</b>. Lexoni <a id="a1">raportin</a>.',
            "the translation's tags differ from the source text's (extra <i>).",
        ),
    ],
    ids=["unclosed", "reordered", "crossed", "unopened", "missing", "extra"],
)
def test_a_translation_whose_tags_are_unbalanced_or_differ_from_the_sources_is_refused(
    translator_client, albanian, translation, problem
):
    po = polib.pofile(translated_file(translator_client, albanian))
    entry(po, PARAGRAPH).msgstr = translation
    text = str(po)
    before = snapshot(albanian)

    response = upload(translator_client, albanian, text)

    if problem is None:
        assert messages(response) == ["Imported 3 translated strings from the PO file."]
        return
    message = refused(response, albanian, before)
    assert f": {problem}" in message
    assert f"Line {entry(po, PARAGRAPH).linenum}" in message
