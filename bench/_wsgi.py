"""The WSGI application with the bench's URLconf (bench/_web.py), for bench/track_redirect.py only."""

import os

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django.setup(set_prefix=False)
settings.ROOT_URLCONF = "bench._web"
application = get_wsgi_application()
