"""What the site's forms share."""

# The largest key a database's 64-bit integer column holds; a larger number names no row.
MAX_DATABASE_ID = 2**63 - 1


def is_database_id(value):
    """Whether `value` (as a form submits it) is a number a primary key could hold."""
    try:
        return 0 < int(str(value).strip()) <= MAX_DATABASE_ID
    except ValueError:
        return False
