import smtplib

from celery import shared_task

from campaigns.emails import send_signature_email


# A mail server that is down or refusing for a while gets a few more tries, further apart.
@shared_task(autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=True, max_retries=5)
def send_signature_email_task(signature_id):
    """Email a signer the confirmation link, or word that their signature counts already."""
    send_signature_email(signature_id)
