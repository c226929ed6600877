"""A real SMTP server for tests (aiosmtpd), collecting what it receives."""

import email
import email.policy
import socket
import threading
from dataclasses import dataclass

from aiosmtpd.controller import Controller


@dataclass
class ReceivedMessage:
    sender: str
    recipients: list
    message: email.message.EmailMessage
    raw: bytes = b""

    def body(self, subtype="plain"):
        part = self.message.get_body(preferencelist=(subtype,))
        return part.get_content() if part else ""


class SmtpSink:
    """Accept every message on 127.0.0.1 and keep it; `wait_for` blocks until they arrive."""

    host = "127.0.0.1"

    def __init__(self):
        self.messages = []
        self._arrived = threading.Condition()
        self.port = _free_port()
        self._controller = Controller(self, hostname=self.host, port=self.port)

    def __enter__(self):
        self._controller.start()
        return self

    def __exit__(self, *exc_info):
        self._controller.stop()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._arrived:
            self.messages.append(
                ReceivedMessage(envelope.mail_from, list(envelope.rcpt_tos), message, envelope.content)
            )
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count=1, timeout=15):
        """Return the messages once at least `count` have arrived; fail after `timeout` seconds."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.messages) >= count, timeout=timeout):
                raise AssertionError(f"expected {count} message(s), received {len(self.messages)}")
            return list(self.messages)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
