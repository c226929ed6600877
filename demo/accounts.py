"""The demo's administrator, whose generated password is kept in var/ for `make run` to print."""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

ADMIN_USERNAME = "admin"


def password_path():
    return Path(settings.VAR_DIR) / "admin-password"


def read_password():
    path = password_path()
    return path.read_text(encoding="utf-8").strip() if path.exists() else None


def write_password(password):
    path = password_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Readable by its owner only: it opens the admin.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(password + "\n")


def ensure_admin():
    """Return the admin user and its password, creating both on first run.

    The password is None when it is not known: the admin's password was changed since,
    or var/ lost the file. The user's password is never reset.
    """
    stored = read_password()
    user = get_user_model().objects.filter(username=ADMIN_USERNAME).first()
    if user is None:
        # A database made again reuses the password already shown.
        password = stored or secrets.token_urlsafe(12)
        user = get_user_model().objects.create_superuser(ADMIN_USERNAME, email="", password=password)
        if password != stored:
            write_password(password)
        return user, password
    if stored and user.check_password(stored):
        return user, stored
    return user, None
