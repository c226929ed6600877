# The site's image: one image for every role (web, worker, beat, release), chosen by the command.
#   docker build -t network .
#   docker run --env-file production.env network release   # once per deploy: migrate
#   docker run --env-file production.env -p 8000:8000 network web
# compose.yaml runs the whole set; docs/deployment.md explains every variable.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    VAR_DIR=/var/lib/network \
    STATIC_ROOT=/app/static-collected \
    COLLECTSTATIC_AT_BUILD=1 \
    PORT=8000

# The processes run as this user, never as root.
RUN groupadd --system --gid 1000 network \
    && useradd --system --uid 1000 --gid network --home-dir /app --shell /usr/sbin/nologin network

WORKDIR /app
COPY requirements.txt requirements-nodeps.txt ./
RUN pip install -r requirements.txt && pip install --no-deps -r requirements-nodeps.txt

COPY --chown=network:network . .
# Catalogues and static files are part of the image, built without any secret or service.
RUN DJANGO_SETTINGS_MODULE=config.settings.build python manage.py compilemessages \
    && DJANGO_SETTINGS_MODULE=config.settings.build python manage.py collectstatic --noinput --verbosity 0 \
    && install --directory --owner network --group network "$VAR_DIR"

USER network
# Uploads (without object storage) and each worker host's sending journal live here.
VOLUME ["/var/lib/network"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz', timeout=4)" || exit 1
ENTRYPOINT ["scripts/entrypoint"]
CMD ["web"]
