"""The production WSGI application, with uploads served as a web server in front of it would.

Only for scripts/lighthouse.py: production serves /media/ from its web server or object storage.
Renditions are made on first use, hence `autorefresh`; their names change with their content,
hence a year's caching.
"""

from whitenoise import WhiteNoise

from django.conf import settings

from config.wsgi import application as django_application

application = WhiteNoise(django_application, autorefresh=True, max_age=60 * 60 * 24 * 365)
application.add_files(str(settings.MEDIA_ROOT), prefix=settings.MEDIA_URL)
