import re

import django.utils.cache

# wagtail-cache 3.0 (home/caching.py) imports `cc_delim_re`, which Django 6.1 replaced with
# django.utils.http.split_header_value; it splits the Vary header with it. Drop this once a
# wagtail-cache release supports Django 6.1.
if not hasattr(django.utils.cache, "cc_delim_re"):
    django.utils.cache.cc_delim_re = re.compile(r"\s*,\s*")
