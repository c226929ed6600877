"""send_newsletter and newsletter_status: the admin's send and progress views, from the shell."""

from io import StringIO

import pytest

from django.core.management import CommandError, call_command

from newsletter.models import Send
from tests.newsletter.factories import SubscriberFactory, build_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def readers(issue, mailing_list):
    for language in ["en", "sq", "de"]:
        SubscriberFactory(email=f"{language}@example.org", language=language, lists=[mailing_list])
    return issue


def run(*arguments):
    out = StringIO()
    call_command(*arguments, stdout=out)
    return out.getvalue()


def test_a_dry_run_shows_who_would_receive_what_and_sends_nothing(readers, mail_server):
    output = run("send_newsletter", readers["en"].slug, "--list", "regional", "--dry-run")

    assert "sq                   1  published  sq" in output
    assert "3 recipients." in output
    assert not Send.objects.exists()
    assert mail_server.messages == []


def test_sending_from_the_shell_reaches_everyone(readers, mail_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = run("send_newsletter", str(readers["en"].pk), "--list", "regional")

    send = Send.objects.get()
    assert f"Send {send.pk} has started" in output
    assert sorted(m.recipients[0] for m in mail_server.wait_for(3)) == [
        "de@example.org",
        "en@example.org",
        "sq@example.org",
    ]
    status = run("newsletter_status", str(send.pk))
    assert "Finished, 3 of 3 done (100.0 %)" in status
    assert not send.track_opens, "opens are counted only when asked for"


def test_a_send_from_the_shell_counts_opens_when_asked_to(readers):
    run(
        "send_newsletter",
        readers["en"].slug,
        "--list",
        "regional",
        "--at",
        "2099-01-01T09:00",
        "--count-opens",
    )

    assert Send.objects.get().track_opens


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        (["no-such-issue", "--list", "regional"], "No newsletter issue no-such-issue."),
        (["{issue}", "--list", "nope"], "No mailing list nope."),
        (["{issue}", "--list", "regional", "--language", "xx"], "Unknown language(s): xx."),
        (["{issue}", "--list", "regional", "--at", "tomorrow"], "not a date and time"),
        (["{issue}", "--list", "regional", "--at", "2001-01-01T09:00"], "that time has passed"),
    ],
)
def test_bad_arguments_are_refused_and_nothing_is_sent(readers, arguments, error):
    arguments = [argument.format(issue=readers["en"].slug) for argument in arguments]

    with pytest.raises(CommandError, match=error.replace("(", r"\(").replace(")", r"\)")):
        run("send_newsletter", *arguments)

    assert not Send.objects.exists()


def test_a_send_can_be_scheduled_paused_and_cancelled_from_the_shell(readers):
    run("send_newsletter", readers["en"].slug, "--list", "regional", "--at", "2099-01-01T09:00")
    send = Send.objects.get()
    assert send.status == Send.Status.SCHEDULED

    with pytest.raises(CommandError, match="cannot be done to a send"):
        run("newsletter_status", str(send.pk), "--pause")
    output = run("newsletter_status", str(send.pk), "--cancel")

    assert "Cancelled" in output
    assert f"{send.pk}  Cancelled" in run("newsletter_status")


def test_the_status_of_an_unknown_send_is_an_error():
    with pytest.raises(CommandError, match="No send 999."):
        run("newsletter_status", "999")


def test_a_send_nobody_would_receive_is_refused(site, mailing_list):
    issue = build_issue(site, ["en"])

    with pytest.raises(CommandError, match="Nobody would receive this issue"):
        run("send_newsletter", issue["en"].slug, "--list", "regional")
