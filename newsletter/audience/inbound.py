"""Unsubscribe requests mailed to the List-Unsubscribe mailto: address (an anymail inbound route)."""

import logging
import re

from anymail.signals import inbound

from django.dispatch import receiver

from newsletter.audience.lifecycle import unsubscribe
from newsletter.models import Subscriber
from newsletter.tokens import UNSUBSCRIBE, InvalidToken, read_subscriber_id

logger = logging.getLogger(__name__)

# Mail clients keep the subject of the mailto: link ("unsubscribe <token>"); some move it
# into the body, some prefix "Re:" or "Fwd:".
TOKEN = re.compile(r"\bunsubscribe\s+([\w\-:]+)", re.IGNORECASE)


@receiver(inbound, dispatch_uid="newsletter.unsubscribe_by_mail")
def unsubscribe_by_mail(sender, event, esp_name, **kwargs):
    """Unsubscribe whoever's signed token a received message carries; ignore anything else."""
    message = event.message
    if message is None:
        return
    for text in (message.subject or "", message.text or ""):
        for token in TOKEN.findall(text):
            try:
                subscriber_id = read_subscriber_id(UNSUBSCRIBE, token)
            except InvalidToken:
                continue
            subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
            if subscriber is not None:
                unsubscribe(subscriber, Subscriber.Way.MAILTO)
                logger.info("Subscriber %s unsubscribed by mail through %s.", subscriber_id, esp_name)
            return
