"""Pipelined SMTP (RFC 2920) of pre-built messages, over the connection Django's backend opens.

Django's SMTP backend (the `newsletter` mailer) opens the connection, with its STARTTLS, TLS
and login; this session then speaks to the server directly: MAIL, RCPT and DATA go out in
one write, and each message's final dot travels with the next message's commands, so a
message costs one round trip instead of smtplib's four, and its bytes are sent as built.
"""

import smtplib
import socket
from typing import NamedTuple


class Reply(NamedTuple):
    code: int
    text: str

    @property
    def ok(self):
        return 200 <= self.code < 400

    def __str__(self):
        return f"{self.code} {self.text}" if self.code else self.text


# What a message's outcome is when its final dot went out but no reply came back.
NO_REPLY = Reply(0, "No reply after the message was handed over; counted as accepted.")
SERVICE_CLOSING = 421


class ConnectionFailed(Exception):
    """The server will not take mail on this connection now (unreachable, closing, sender refused)."""

    def __init__(self, reply):
        super().__init__(str(reply))
        self.reply = reply


class Unsupported(Exception):
    """The server lacks what the fast path needs (8BITMIME); use the mailer's own backend."""


class SmtpSession:
    """One open SMTP connection delivering messages one transaction at a time.

    `sender` gives each message's envelope sender as bytes, from its delivery id (VERP).
    """

    def __init__(self, backend, sender):
        self.backend = backend
        try:
            backend.open()
            self.smtp = backend.connection
            self.smtp.ehlo_or_helo_if_needed()
        except smtplib.SMTPResponseException as error:
            self.close()
            raise ConnectionFailed(Reply(error.smtp_code, _text(error.smtp_error))) from error
        except (OSError, smtplib.SMTPException) as error:
            self.close()
            raise ConnectionFailed(Reply(SERVICE_CLOSING, f"Cannot connect: {error}")) from error
        if not self.smtp.has_extn("8bitmime"):
            self.close()
            raise Unsupported("The mail server does not announce 8BITMIME.")
        # A message leaves in two writes (its content, then its dot with the next commands);
        # Nagle's algorithm would hold the second until the server acknowledges the first.
        self.smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.pipelining = self.smtp.has_extn("pipelining")
        self.smtputf8 = self.smtp.has_extn("smtputf8")
        self.sender = sender
        self._out = []
        self._expected = []
        self._needs_reset = False

    def deliver(self, messages, journal, report, pace=None):
        """Send each (delivery id, address, build) message; report(id, reply) its outcome.

        `build()` returns the message bytes; `pace` (the rate limit) is asked for a token
        before each message. Raises ConnectionFailed when the connection is lost or refuses
        mail; the messages not reported by then were not handed over.
        """
        try:
            for delivery_id, address, build in messages:
                if pace is not None and pace.rate:
                    if not pace.allowance:
                        # Waiting for the rate: let the previous message's dot go first.
                        self._sync(journal, report)
                    pace.take()
                self._transaction(delivery_id, address, build, journal, report)
            self._sync(journal, report)
        except (OSError, smtplib.SMTPServerDisconnected) as error:
            self._abandon(report)
            raise ConnectionFailed(Reply(SERVICE_CLOSING, f"Connection lost: {error}")) from error
        except BaseException:
            self._abandon(report)
            raise

    def _transaction(self, delivery_id, address, build, journal, report):
        parameters = b" BODY=8BITMIME"
        if not address.isascii():
            if not self.smtputf8:
                report(delivery_id, Reply(553, "5.6.7 The address needs SMTPUTF8, which the server lacks."))
                return
            parameters += b" SMTPUTF8"
        accepted = True

        def refused(reply):
            nonlocal accepted
            if accepted:
                accepted = False
                journal.replied(delivery_id, reply.code, reply.text)
                report(delivery_id, reply)

        def on_mail(reply):
            if not reply.ok:
                raise ConnectionFailed(reply)

        def on_rcpt(reply):
            if reply.code == SERVICE_CLOSING:
                raise ConnectionFailed(reply)
            if not reply.ok:
                refused(reply)

        def on_data(reply):
            if reply.code != 354:
                refused(reply)

        if self._needs_reset:
            self._command(b"RSET\r\n", None)
        self._command(b"MAIL FROM:<" + self.sender(delivery_id) + b">" + parameters + b"\r\n", on_mail)
        if not self.pipelining:
            self._sync(journal, report)
        self._command(b"RCPT TO:<" + address.encode() + b">\r\n", on_rcpt)
        if not self.pipelining:
            self._sync(journal, report)
        if self.pipelining or accepted:
            self._command(b"DATA\r\n", on_data)
            self._sync(journal, report)
        self._needs_reset = not accepted
        if not accepted:
            return
        self.smtp.sock.sendall(build())

        def on_dot(reply):
            journal.replied(delivery_id, reply.code, reply.text)
            report(delivery_id, reply)
            if reply.code == SERVICE_CLOSING:
                raise ConnectionFailed(reply)

        # With pipelining the dot leaves with the next transaction's commands (RFC 2920 lets
        # message content start a group); either way the journal records it just before.
        self._command(b".\r\n", on_dot, dot_of=delivery_id)
        if not self.pipelining:
            self._sync(journal, report)

    def _command(self, line, on_reply, dot_of=None):
        self._out.append(line)
        self._expected.append([on_reply, dot_of, False])

    def _sync(self, journal, report):
        """Write the commands waiting to go, then read and handle one reply for each."""
        if self._out:
            for expected in self._expected:
                if expected[1] is not None and not expected[2]:
                    journal.handed(expected[1])
            self.smtp.sock.sendall(b"".join(self._out))
            self._out.clear()
            for expected in self._expected:
                expected[2] = True
        while self._expected:
            on_reply = self._expected[0][0]
            code, text = self.smtp.getreply()
            self._expected.pop(0)
            if on_reply:
                on_reply(Reply(code, _text(text)))

    def _abandon(self, report):
        """Give up the connection; a dot that went out unanswered counts as accepted (docs/sending.md)."""
        for _on_reply, dot_of, written in self._expected:
            if dot_of is not None and written:
                report(dot_of, NO_REPLY)
        self._expected.clear()
        self._out.clear()
        self.close()

    def close(self):
        try:
            self.backend.close()
        except (OSError, smtplib.SMTPException):
            self.backend.connection = None


def _text(value):
    if isinstance(value, bytes):
        value = value.decode(errors="replace")
    return " ".join(str(value).split())
