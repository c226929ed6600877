import os

from celery import Celery

from config import broker

# A worker or beat started without DJANGO_SETTINGS_MODULE is a deployment: it must refuse to
# run without its secrets, never fall back to the development key (`make run` asks for dev).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

broker.install()
app = Celery("network")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
