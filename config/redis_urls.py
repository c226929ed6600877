"""Derive the URL each Redis client needs from the single REDIS_URL an operator gives."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


def database_number(url):
    """Return the database number that url names (0 when it names none)."""
    parts = urlsplit(url)
    if parts.scheme == "unix":
        return int(dict(parse_qsl(parts.query)).get("db", 0))
    return int(parts.path.strip("/") or 0)


def with_database(url, number):
    """Return url pointing at Redis database `number` (redis://, rediss:// or unix://)."""
    parts = urlsplit(url)
    if parts.scheme == "unix":
        query = dict(parse_qsl(parts.query), db=str(number))
        return f"unix://{parts.path}?{urlencode(query)}"
    return urlunsplit(parts._replace(path=f"/{number}"))


def for_kombu(url):
    """Return url in kombu's spelling, which names Unix sockets redis+socket://."""
    parts = urlsplit(url)
    if parts.scheme != "unix":
        return url
    query = dict(parse_qsl(parts.query))
    query["virtual_host"] = query.pop("db", "0")
    return f"redis+socket://{parts.path}?{urlencode(query)}"
