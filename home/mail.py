"""An email backend that keeps every message as a file, for demos and development."""

import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class OutboxBackend(BaseEmailBackend):
    """Write each message to `file_path` as an .eml file that any mail client opens."""

    def __init__(self, *, file_path, **kwargs):
        super().__init__(**kwargs)
        self.directory = Path(file_path)

    def send_messages(self, email_messages):
        self.directory.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S-%f}-{uuid.uuid4().hex[:8]}.eml"
            mime = message.message()
            (self.directory / name).write_bytes(mime.as_bytes(policy=mime.policy.clone(linesep="\r\n")))
        return len(email_messages)
