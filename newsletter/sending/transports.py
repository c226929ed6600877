"""How messages leave: pipelined SMTP for SMTP mailers, the mailer's own backend for the rest.

Both take the same (delivery id, address, build) messages and report each outcome as an
SMTP-style Reply, so delivery and feedback never need to know which one ran.
"""

from anymail.exceptions import AnymailRecipientsRefused

from django.core.mail import mailers
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend

from newsletter.bounces import verp
from newsletter.sending.smtp import SERVICE_CLOSING, ConnectionFailed, Reply, SmtpSession, Unsupported

ACCEPTED = Reply(250, "Accepted by the mail backend.")


def open_transport(alias):
    """Return an open transport for mailer `alias` (raises ConnectionFailed)."""
    backend = mailers[alias]
    if isinstance(backend, SmtpBackend):
        try:
            return SmtpTransport(SmtpSession(backend, verp.envelope_senders()))
        except Unsupported:
            backend = mailers[alias]
    return BackendTransport(backend)


class SmtpTransport:
    needs_bytes = True

    def __init__(self, session):
        self.session = session

    def deliver(self, messages, journal, report, pace=None):
        self.session.deliver(messages, journal, report, pace)

    def close(self):
        self.session.close()


class BackendTransport:
    """Any Django email backend (an ESP through anymail, the outbox): one message per call.

    Slower than SMTP: each message is an EmailMessage built from the rendered strings.
    """

    needs_bytes = False

    def __init__(self, backend):
        self.backend = backend
        self.backend.open()

    def deliver(self, messages, journal, report, pace=None):
        for delivery_id, _address, build in messages:
            if pace is not None:
                pace.take()
            message = build()
            journal.handed(delivery_id)
            try:
                self.backend.send_messages([message])
            except Exception as error:  # noqa: BLE001 - any backend's failure is this message's
                reply = _failure_reply(error)
                journal.replied(delivery_id, reply.code, reply.text)
                report(delivery_id, reply)
                if reply.code == SERVICE_CLOSING:
                    raise ConnectionFailed(reply) from error
                continue
            reply = _status_reply(message)
            journal.replied(delivery_id, reply.code, reply.text)
            report(delivery_id, reply)

    def close(self):
        self.backend.close()


def _status_reply(message):
    """Read anymail's per-recipient status where the backend is an ESP; others just accept."""
    status = getattr(message, "anymail_status", None)
    if status is None or not status.status:
        return ACCEPTED
    if status.status & {"rejected", "invalid"}:
        return Reply(550, f"5.1.1 Refused by the ESP ({', '.join(sorted(status.status))}).")
    if status.status & {"failed"}:
        return Reply(451, "4.0.0 The ESP failed to send the message.")
    return Reply(250, f"Accepted by the ESP ({', '.join(sorted(status.status))}).")


def _failure_reply(error):
    if isinstance(error, AnymailRecipientsRefused):
        return Reply(550, f"5.1.1 {error}")
    return Reply(SERVICE_CLOSING, f"4.0.0 {type(error).__name__}: {error}")
