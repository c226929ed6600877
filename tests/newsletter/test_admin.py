import pytest

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from home.models import User
from newsletter.models import Subscriber, Suppression
from tests.newsletter.factories import SubscriberFactory

SUBSCRIBERS = "/admin/newsletter/subscribers/"


@pytest.fixture
def editor_client(client, db):
    """Staff who may see subscribers but not add or remove them."""
    editors = Group.objects.create(name="Communications")
    editors.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_subscriber")
    )
    user = User.objects.create_user("editor", "editor@example.org", "password")
    user.groups.add(editors)
    client.force_login(user)
    return client


@pytest.fixture
def audience(lists):
    return [
        SubscriberFactory(
            email="ana@example.org",
            name="<script>alert(1)</script>",
            language="mk",
            lists=[lists["regional"]],
        ),
        SubscriberFactory(
            email="bojan@example.org", language="sq", lists=[lists["regional"], lists["calls"]]
        ),
        SubscriberFactory(email="ceca@example.org", status=Subscriber.Status.PENDING),
    ]


@pytest.mark.django_db
def test_staff_filter_and_search_the_subscribers(admin_client, lists, audience):
    by_list = admin_client.get(SUBSCRIBERS, {"lists": lists["calls"].pk})
    by_status = admin_client.get(SUBSCRIBERS, {"status": "pending"})
    by_language = admin_client.get(SUBSCRIBERS, {"language": "mk"})
    by_search = admin_client.get(SUBSCRIBERS, {"q": "bojan"})

    assert [row.email for row in by_list.context["object_list"]] == ["bojan@example.org"]
    assert [row.email for row in by_status.context["object_list"]] == ["ceca@example.org"]
    assert [row.email for row in by_language.context["object_list"]] == ["ana@example.org"]
    assert [row.email for row in by_search.context["object_list"]] == ["bojan@example.org"]
    everyone = admin_client.get(SUBSCRIBERS)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in everyone.text
    assert "<script>alert(1)</script>" not in everyone.text


@pytest.mark.django_db
def test_staff_export_the_filtered_subscribers_as_csv(admin_client, audience):
    response = admin_client.get(SUBSCRIBERS + "export/", {"status": "active"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = b"".join(response.streaming_content).decode().splitlines()
    assert sorted(row.split(",")[0] for row in rows[1:]) == ["ana@example.org", "bojan@example.org"]


@pytest.mark.django_db
def test_staff_check_then_import_a_file_with_bad_rows(admin_client, lists):
    def upload():
        return SimpleUploadedFile(
            "people.csv", b"email,name\nana@example.org,Ana\nnot-an-address,Bad\n", "text/csv"
        )

    data = {"consent_source": "Paper form at the forum", "lists": [lists["calls"].pk], "language": "sq"}

    checked = admin_client.post(SUBSCRIBERS + "new/", {**data, "file": upload(), "validate": ""})

    assert checked.status_code == 200
    assert checked.context["report"].added == 1
    assert "Check: nothing was imported" in checked.text
    assert "“not-an-address” is not a valid email address." in checked.text
    assert not Subscriber.objects.exists()

    imported = admin_client.post(SUBSCRIBERS + "new/", {**data, "file": upload(), "import": ""})

    assert imported.status_code == 200
    ana = Subscriber.objects.get()
    assert (ana.email, ana.language, ana.status) == ("ana@example.org", "sq", "active")
    assert list(ana.lists.all()) == [lists["calls"]]
    assert ana.consents.get().source_detail == "people.csv, by admin"
    assert not mail.outbox


@pytest.mark.django_db
def test_staff_add_one_person_by_typing_a_row_and_must_say_how_they_agreed(admin_client, lists):
    refused = admin_client.post(SUBSCRIBERS + "new/", {"rows": "email\nana@example.org\n", "language": "en"})

    assert "consent_source" in refused.context["form"].errors
    assert not Subscriber.objects.exists()

    admin_client.post(
        SUBSCRIBERS + "new/",
        {
            "rows": "email\nana@example.org\n",
            "language": "en",
            "consent_source": "Asked us by phone",
            "import": "",
        },
    )

    assert Subscriber.objects.get().consents.get().wording == "Asked us by phone"


@pytest.mark.django_db
def test_deleting_a_subscriber_erases_them_and_keeps_the_address_suppressed(admin_client, audience):
    ana = audience[0]

    response = admin_client.post(f"{SUBSCRIBERS}delete/{ana.pk}/")

    assert response.status_code == 302
    assert not Subscriber.objects.filter(pk=ana.pk).exists()
    assert Suppression.objects.matching("ana@example.org").get().reason == Suppression.Reason.ERASED


@pytest.mark.django_db
def test_staff_see_a_subscribers_consent_records(admin_client, audience):
    response = admin_client.get(f"{SUBSCRIBERS}inspect/{audience[0].pk}/")

    assert response.status_code == 200
    assert "I agree." in response.text


@pytest.mark.django_db
def test_staff_suppress_an_address_and_find_it_by_address(admin_client, audience):
    response = admin_client.post("/admin/newsletter/suppressions/new/", {"email": "Bojan@Example.org"})

    assert response.status_code == 302
    bojan = Subscriber.objects.get(email="bojan@example.org")
    assert bojan.status == Subscriber.Status.UNSUBSCRIBED
    assert not bojan.lists.exists()
    found = admin_client.get("/admin/newsletter/suppressions/", {"q": " bojan@EXAMPLE.org"})
    assert [row.reason for row in found.context["object_list"]] == [Suppression.Reason.MANUAL]
    suppression = Suppression.objects.get()
    assert admin_client.get(f"/admin/newsletter/suppressions/edit/{suppression.pk}/").status_code == 302


@pytest.mark.django_db
def test_the_dashboard_counts_active_subscribers_per_list_and_language(admin_client, audience):
    response = admin_client.get("/admin/")

    panel = response.text.split('id="newsletter-audience-content"')[1]
    assert "Regional newsletter</th><td>2</td>" in panel
    assert "Calls for proposals</th><td>1</td>" in panel
    assert "Македонски</th><td>1</td>" in panel
    assert "Pending confirmation</th><td>1</td>" in panel


@pytest.mark.django_db
def test_staff_without_permission_cannot_import(editor_client, audience):
    assert editor_client.get(SUBSCRIBERS).status_code == 200
    assert editor_client.get(SUBSCRIBERS + "new/").status_code in (302, 403)
    assert "Newsletter audience" in editor_client.get("/admin/").text


@pytest.mark.django_db
def test_staff_edit_a_subscribers_name_language_and_lists_but_not_their_address(
    admin_client, lists, audience
):
    bojan = audience[1]
    url = f"{SUBSCRIBERS}edit/{bojan.pk}/"

    form = admin_client.get(url)
    response = admin_client.post(
        url, {"email": "someone@else.org", "name": "Bojan", "language": "de", "lists": [lists["board"].pk]}
    )

    assert form.status_code == 200
    assert "Македонски" in form.text
    assert response.status_code == 302
    bojan.refresh_from_db()
    assert (bojan.email, bojan.name, bojan.language) == ("bojan@example.org", "Bojan", "de")
    assert list(bojan.lists.all()) == [lists["board"]]


@pytest.mark.django_db
def test_a_pending_subscriber_cannot_be_put_on_lists_by_staff(admin_client, lists, audience):
    ceca = audience[2]

    admin_client.post(
        f"{SUBSCRIBERS}edit/{ceca.pk}/", {"name": "", "language": "en", "lists": [lists["board"].pk]}
    )

    assert not ceca.lists.exists()


@pytest.mark.django_db
def test_the_lists_show_how_many_are_active(admin_client, audience):
    response = admin_client.get("/admin/snippets/newsletter/mailinglist/")

    assert response.status_code == 200
    counts = {
        row.slug: row.active_subscribers
        for row in response.context["object_list"]
        if row.locale.language_code == "en"
    }
    assert counts["regional"] == 2
    assert "Active subscribers" in response.text
