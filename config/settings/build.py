"""Settings for building an image: compile catalogues, collect static files; no secret, no service."""

from .base import *  # noqa: F403
from .base import COLLECTED_STATIC_STORAGE, STORAGES

# Nothing is signed or served while building; the real key arrives with the running container.
SECRET_KEY = "build-only-never-used-to-sign-anything"  # noqa: S105
STORAGES["staticfiles"] = COLLECTED_STATIC_STORAGE
