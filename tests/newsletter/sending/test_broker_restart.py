"""A worker busy with a send when Redis restarts keeps consuming afterwards, in the same process."""

import pytest

from newsletter.models import Send
from tests.newsletter.factories import IssuePageFactory, build_issue, bulk_subscribers, paragraph
from tests.newsletter.sending.support import MailServer, RedisServer, WorkerProcess, run_manage, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_survives_a_redis_restart_under_load_and_takes_new_work(site, mailing_list, tmp_path):
    issue = build_issue(site, ["en"])
    bulk_subscribers(mailing_list, 150, ["en"])
    redis_server = RedisServer(tmp_path).start()
    worker = None
    try:
        with MailServer() as server:
            environment = {
                "REDIS_URL": redis_server.url,
                "NEWSLETTER_EMAIL_URL": server.url(),
                # Slow enough that the restart finds tasks taken and unacknowledged.
                "NEWSLETTER_RATE_LIMIT": 40,
                "NEWSLETTER_CONNECTIONS": 2,
                "NEWSLETTER_SWEEP_SECONDS": 1,
                "NEWSLETTER_STALL_AFTER": 3,
            }
            worker = WorkerProcess(tmp_path / "worker.log", beat=True, **environment).wait_until_ready()
            first = run_manage(
                "send_newsletter", issue["en"].slug, "--list", mailing_list.slug, **environment
            )
            assert first.returncode == 0, first.stderr
            wait_until(lambda: len(server.messages) >= 20, message="sending did not start")

            redis_server.kill()
            redis_server.start()
            wait_until(
                lambda: Send.objects.get().status == Send.Status.FINISHED,
                timeout=120,
                message=f"the send did not finish after Redis came back:\n{worker.output()}",
            )
            assert worker.process.poll() is None, f"the worker died:\n{worker.output()}"

            # New work reaches the same process: a second send, queued after the restart.
            second_issue = IssuePageFactory(parent=issue["en"].get_parent(), body=[paragraph("Again")])
            mailed_before = len(server.messages)
            second = run_manage(
                "send_newsletter", second_issue.slug, "--list", mailing_list.slug, **environment
            )
            assert second.returncode == 0, second.stderr
            wait_until(
                lambda: Send.objects.filter(status=Send.Status.FINISHED).count() == 2,
                timeout=120,
                message=f"the worker took no new work after the restart:\n{worker.output()}",
            )
            assert len(server.messages) == mailed_before + 150
            assert worker.process.poll() is None
            assert "Unrecoverable error" not in worker.output()
    finally:
        if worker:
            worker.stop()
        redis_server.stop()
