"""Receive bounces and complaint reports over SMTP, for a domain whose MX points at us.

The server takes mail only for what bounces come back to: VERP addresses with a good signature
and the plain bounce address (which feedback loops can be pointed at); it refuses a forged
VERP address and everyone else at RCPT, so it is no relay and no inbox. A message taken is
processed like one read from the mailbox; one that cannot be used is logged, for no sender
would do better by trying again.
"""

import asyncio
import logging

from django.db import close_old_connections

from newsletter.bounces import verp
from newsletter.bounces.processing import process
from newsletter.sending import conf

logger = logging.getLogger(__name__)

# Reports quote the returned message; nothing we send comes near this.
MAX_MESSAGE_BYTES = 10 * 1024 * 1024


class BounceHandler:
    """An aiosmtpd handler that applies each received report (processing.process)."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's name
        try:
            delivery_id = verp.read(address)
        except verp.Forged:
            return "550 5.7.1 This bounce address was not issued here"
        if delivery_id is None and address.lower() != conf.bounce_address().lower():
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        result = await asyncio.get_running_loop().run_in_executor(
            None, _process, envelope.original_content or envelope.content, list(envelope.rcpt_tos)
        )
        logger.info("Received a message from %s over SMTP: %s.", envelope.mail_from or "<>", result)
        return "250 OK: received"


def _process(raw, recipients):
    close_old_connections()
    try:
        return process(raw, recipients)
    finally:
        close_old_connections()
