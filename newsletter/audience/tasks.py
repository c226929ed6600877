import smtplib

from celery import shared_task

from newsletter.audience.emails import send_confirmation


# A mail server that is down or refusing for a while gets a few more tries, further apart.
@shared_task(autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=True, max_retries=5)
def send_confirmation_task(consent_id):
    """Email a consent record's confirmation link."""
    send_confirmation(consent_id)
