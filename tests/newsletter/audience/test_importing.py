import io

import pytest

from django.core.management import CommandError, call_command

from newsletter import audience
from newsletter.audience.importing import ImportFailed, import_subscribers
from newsletter.models import ConsentRecord, Subscriber, Suppression
from tests.newsletter.factories import SubscriberFactory


def lines(text):
    return io.StringIO(text, newline="")


@pytest.mark.django_db
def test_every_bad_row_is_reported_by_line_and_the_good_rows_are_imported(lists):
    report = import_subscribers(
        lines(
            "Email,Name,Language,Lists\n"
            "ana@example.org,Ana,mk,regional\n"
            "not-an-address,Bad,en,\n"
            "\n"
            "bojan@example.org,Bojan,xx,\n"
            "ceca@example.org,Ceca,en,nosuchlist\n"
            "ANA@example.org,Ana again,en,\n"
            ",Nobody,en,\n"
            "dren@example.org,Dren,sq,calls;regional\n"
        ),
        consent_source="Registration form of the Skopje forum, March 2026",
    )

    assert [(error.line, error.message) for error in report.errors] == [
        (3, "“not-an-address” is not a valid email address."),
        (5, "Unknown language “xx”; use one of ar, cnr, de, en, mk, sq, sr-latn."),
        (6, "Unknown list “nosuchlist”."),
        (7, "ana@example.org is already on line 2."),
        (8, "The email address is missing."),
    ]
    assert (report.rows, report.added) == (7, 2)
    ana = Subscriber.objects.get(email="ana@example.org")
    assert (ana.status, ana.language, ana.source) == ("active", "mk", "import")
    assert set(Subscriber.objects.get(email="dren@example.org").lists.values_list("slug", flat=True)) == {
        "calls",
        "regional",
    }
    consent = ConsentRecord.objects.get(subscriber=ana)
    assert consent.wording == "Registration form of the Skopje forum, March 2026"
    assert consent.source == "import"


@pytest.mark.django_db
def test_validating_only_reports_and_imports_nothing(lists):
    report = import_subscribers(
        lines("email\nana@example.org\nbad\n"),
        consent_source="Paper form",
        lists=[lists["regional"]],
        validate_only=True,
    )

    assert report.added == 1
    assert [error.line for error in report.errors] == [3]
    assert not Subscriber.objects.exists()
    assert not ConsentRecord.objects.exists()


@pytest.mark.django_db
def test_addresses_are_normalised_before_they_are_compared(lists):
    report = import_subscribers(
        lines("email\n  Ana@Example.ORG \nana@bücher.example\n"), consent_source="Paper form"
    )

    assert report.errors == []
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "ana@example.org",
        "ana@xn--bcher-kva.example",
    }


@pytest.mark.django_db
def test_suppressed_and_inactive_addresses_are_skipped_and_active_ones_join_the_lists(lists):
    SubscriberFactory(email="active@example.org", lists=[lists["regional"]])
    SubscriberFactory(email="gone@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    audience.suppress("complained@example.org", Suppression.Reason.COMPLAINT)

    report = import_subscribers(
        lines("email\nactive@example.org\ngone@example.org\nComplained@example.org\nnew@example.org\n"),
        consent_source="Paper form",
        lists=[lists["calls"]],
    )

    assert (report.added, report.updated, report.skipped_inactive, report.skipped_suppressed) == (1, 1, 1, 1)
    assert set(Subscriber.objects.get(email="active@example.org").lists.values_list("slug", flat=True)) == {
        "regional",
        "calls",
    }
    assert Subscriber.objects.get(email="gone@example.org").status == "unsubscribed"
    assert not Subscriber.objects.filter(email="complained@example.org").exists()


@pytest.mark.django_db
def test_rows_of_people_who_left_become_suppressions_never_subscribers(lists):
    SubscriberFactory(email="active@example.org", lists=[lists["regional"]])

    report = import_subscribers(
        lines(
            "email;status\nactive@example.org;complained\nleft@example.org;unsubscribed\nwaiting@example.org;pending\n"
        ),
        consent_source="Export of the old system",
    )

    assert report.suppressions_added == 2
    assert [error.line for error in report.errors] == [4]
    assert Subscriber.objects.get(email="active@example.org").status == "complained"
    assert not Subscriber.objects.get(email="active@example.org").lists.exists()
    assert Suppression.objects.matching("left@example.org").get().reason == "unsubscribed"
    assert not Subscriber.objects.filter(email="left@example.org").exists()


@pytest.mark.django_db
def test_a_file_that_cannot_be_read_imports_nothing(lists):
    with pytest.raises(ImportFailed, match="must be “email”"):
        import_subscribers(lines("name,address\nAna,ana@example.org\n"), consent_source="Paper form")
    with pytest.raises(ImportFailed, match="how the people in this file agreed"):
        import_subscribers(lines("email\nana@example.org\n"), consent_source="  ")
    latin1 = io.BytesIO("email\nana@example.org\nmüller@example.org\n".encode("latin-1"))
    with pytest.raises(ImportFailed, match="Line 3 is not UTF-8"):
        import_subscribers(latin1, consent_source="Paper form")

    assert not Subscriber.objects.exists()


@pytest.mark.django_db
def test_an_export_imports_back_unchanged_elsewhere(lists, tmp_path):
    SubscriberFactory(email="ana@example.org", name="=HYPERLINK(1)", language="mk", lists=[lists["regional"]])
    SubscriberFactory(email="left@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    export = tmp_path / "audience.csv"
    call_command("export_subscribers", output=export, stderr=io.StringIO())
    assert ",'=HYPERLINK(1)," in export.read_text(), "a spreadsheet must not run a name as a formula"
    Subscriber.objects.all().delete()

    out = io.StringIO()
    call_command(
        "import_subscribers", export, consent="Moved from the old site", stdout=out, stderr=io.StringIO()
    )

    ana = Subscriber.objects.get()
    assert (ana.email, ana.name, ana.language, ana.status) == (
        "ana@example.org",
        "=HYPERLINK(1)",
        "mk",
        "active",
    )
    assert list(ana.lists.values_list("slug", flat=True)) == ["regional"]
    assert Suppression.objects.matching("left@example.org").exists()
    assert "1 new" in out.getvalue()


@pytest.mark.django_db
def test_the_import_command_reports_bad_rows_and_validates_only_on_request(lists, tmp_path):
    source = tmp_path / "people.csv"
    source.write_text("email,lists\nana@example.org,calls\nbroken,\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()

    call_command(
        "import_subscribers",
        source,
        consent="Paper form",
        lists=["regional"],
        validate_only=True,
        stdout=out,
        stderr=err,
    )

    assert "people.csv:3: “broken” is not a valid email address." in err.getvalue()
    assert "nothing was imported" in out.getvalue()
    assert not Subscriber.objects.exists()
    with pytest.raises(CommandError, match="Unknown list"):
        call_command("import_subscribers", source, consent="Paper form", lists=["nope"])
    with pytest.raises(CommandError, match="must be “email”"):
        source.write_text("name\nAna\n", encoding="utf-8")
        call_command("import_subscribers", source, consent="Paper form")


@pytest.mark.django_db
def test_the_export_command_filters(lists):
    SubscriberFactory(email="ana@example.org", lists=[lists["regional"]])
    SubscriberFactory(email="bojan@example.org", lists=[lists["calls"]], language="sq")
    SubscriberFactory(email="ceca@example.org", status=Subscriber.Status.PENDING)
    out = io.StringIO()

    call_command("export_subscribers", status="active", list_slug="calls", stdout=out)

    rows = out.getvalue().splitlines()
    assert rows[0] == "email,name,language,lists,status,source,created_at,confirmed_at"
    assert [row.split(",")[0] for row in rows[1:]] == ["bojan@example.org"]
