"""Each process keeps the links it has redirected; what it keeps is what the database says, for good."""

import pytest

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from newsletter.engagement import clicks, links
from newsletter.models import Link, Send
from newsletter.sending import control, planning
from tests.newsletter.engagement.support import follow
from tests.newsletter.factories import SubscriberFactory, build_issue


def linked(target):
    return [{"type": "paragraph", "value": f'<p><a href="{target}">The report</a></p>'}]


@pytest.fixture(autouse=True)
def _fresh_click_counts():
    clicks.client().delete(clicks.KEY)
    yield
    clicks.client().delete(clicks.KEY)


def redirect_path(link):
    return f"/r/{links.link_token(link.pk)}/{links.NOBODY}/"


def test_a_sent_link_goes_where_it_was_mailed_to_though_the_issue_changes(
    site, mailing_list, django_capture_on_commit_callbacks
):
    issue = build_issue(site, ["en"], body=linked("https://example.org/first"))["en"]
    SubscriberFactory(email="reader@example.org", lists=[mailing_list])
    with django_capture_on_commit_callbacks(execute=False):
        send = planning.create_send(issue, [mailing_list])
        planning.start_send(send.pk)
    mailed = set(Link.objects.filter(send=send).values_list("pk", "target", "kind"))
    link = Link.objects.get(send=send, kind=Link.Kind.CONTENT)
    assert follow(redirect_path(link), address="198.51.100.1")["Location"] == "https://example.org/first"

    # Staff correct the link mid-send; the send is paused, resumed, and its start task runs again.
    issue.body = linked("https://example.org/corrected")
    issue.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=False):
        control.pause(send)
        control.resume(send)
        planning.start_send(send.pk)

    assert Send.objects.get(pk=send.pk).status == Send.Status.SENDING
    # The rows the redirect keeps are the rows as mailed: nothing it kept has gone stale.
    assert set(Link.objects.filter(send=send).values_list("pk", "target", "kind")) == mailed
    assert follow(redirect_path(link), address="198.51.100.2")["Location"] == "https://example.org/first"


@pytest.mark.django_db
def test_a_link_unknown_when_first_asked_for_is_not_remembered_as_unknown(site):
    issue = build_issue(site, ["en"])["en"]
    send = Send.objects.create(issue=issue, status=Send.Status.FINISHED)
    next_id = (Link.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    path = f"/r/{links.link_token(next_id)}/{links.NOBODY}/"
    assert follow(path, address="198.51.100.1").status_code == 400

    Link.objects.create(pk=next_id, send=send, language="en", position=1, target="https://example.org/")
    response = follow(path, address="198.51.100.1")
    assert response.status_code == 302
    assert response["Location"] == "https://example.org/"


@pytest.mark.parametrize(
    ("method", "agent", "honeypot", "found"),
    [
        ("get", "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0", False, ""),
        ("head", "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0", False, "h"),
        ("get", "Mozilla/5.0 (compatible; MIMECAST Security Scanner)", False, "a"),
        ("get", "Mozilla/5.0 (compatible; Googlebot/2.1)", False, "a"),
        ("get", "", False, "a"),
        ("head", "python-requests/2.32", True, "hat"),
    ],
)
def test_machines_give_themselves_away_by_method_agent_or_the_honeypot(method, agent, honeypot, found):
    request = getattr(RequestFactory(), method)("/r/x/-/", headers={"User-Agent": agent} if agent else {})
    assert clicks.flags(request, honeypot=honeypot) == found


@pytest.mark.django_db
def test_an_editions_links_are_written_in_one_statement_and_kept_when_it_renders_again(site):
    send = Send.objects.create(issue=build_issue(site, ["en"])["en"])
    anchors = "".join(f'<a href="https://example.org/{n}">Link {n}</a> ' for n in range(6))
    html = f"<html><body>{anchors}</body></html>"

    with CaptureQueriesContext(connection) as queries:
        rewritten, _text = links.rewrite(send, "en", html, "")

    assert [query["sql"].split()[0] for query in queries] == ["SELECT", "INSERT"]
    assert links.rewrite(send, "en", html, "")[0] == rewritten
    assert Link.objects.filter(send=send).count() == 7  # and the honeypot
