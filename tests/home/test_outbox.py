"""The outbox: without EMAIL_URL, every email the site sends is kept, and superusers read it in the admin."""

import pytest

from django.contrib.auth.models import Group, Permission
from django.core.mail import EmailMultiAlternatives

from home.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(settings, tmp_path):
    """The default mailer writes to an outbox in tmp_path."""
    settings.MAILERS = {
        "default": {"BACKEND": "home.mail.OutboxBackend", "OPTIONS": {"file_path": str(tmp_path)}}
    }
    return tmp_path


def test_the_outbox_shows_sent_messages_with_clickable_links(admin_client, outbox):
    message = EmailMultiAlternatives(
        "Confirm your subscription",
        "Follow http://testserver/newsletter/confirm/abc/",
        to=["ana@example.org"],
    )
    message.attach_alternative('<a href="http://testserver/newsletter/confirm/abc/">Confirm</a>', "text/html")
    message.send()
    [eml] = outbox.glob("*.eml")

    listing = admin_client.get("/admin/outbox/")
    shown = admin_client.get(f"/admin/outbox/{eml.name}/")

    assert "Confirm your subscription" in listing.text
    assert "ana@example.org" in listing.text
    assert shown.status_code == 200
    assert '<a href="http://testserver/newsletter/confirm/abc/"' in shown.text
    assert "srcdoc=" in shown.text
    assert admin_client.get("/admin/outbox/..%2Fsecret.eml/").status_code == 404
    assert admin_client.get("/admin/outbox/missing.eml/").status_code == 404


def test_only_superusers_read_the_outbox(client, outbox):
    staff = Group.objects.create(name="Communications")
    staff.permissions.add(Permission.objects.get(codename="access_admin"))
    user = User.objects.create_user("editor", "editor@example.org", "password")
    user.groups.add(staff)
    client.force_login(user)

    assert client.get("/admin/outbox/").status_code in (302, 403)
    assert "/admin/outbox/" not in client.get("/admin/").text


def test_superusers_find_the_outbox_in_the_menu_only_when_mail_goes_there(admin_client, settings, outbox):
    assert "/admin/outbox/" in admin_client.get("/admin/").text

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

    assert "/admin/outbox/" not in admin_client.get("/admin/").text
