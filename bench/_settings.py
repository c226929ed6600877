"""The production settings, with the bare view of bench/urls.py beside the site: for `make bench` only."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench._urls"
