"""`load_demo` as a command: credentials, safety on a site with content, all or nothing."""

import io
import stat

import pytest

from django.core.management import call_command

from wagtail.models import Page

from demo import loading
from demo.accounts import ADMIN_USERNAME, ensure_admin, password_path
from demo.catalogues import update_catalogues
from demo.translation import TRANSLATIONS_DIR, MissingTranslationsError, load_catalogue
from home.models import Country, HomePage, User
from tests.factories import build_site


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def load_demo():
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    return output.getvalue()


def printed_password(output):
    return next(line for line in output.splitlines() if "password:" in line).split("password:")[1].strip()


@pytest.mark.django_db
def test_admin_password_is_generated_once_kept_in_var_and_printed_with_the_admin_url():
    output = load_demo()
    password = printed_password(output)
    assert "http://testserver/admin/" in output
    assert f"username: {ADMIN_USERNAME}" in output
    assert password_path().read_text().strip() == password
    assert stat.S_IMODE(password_path().stat().st_mode) == 0o600
    assert User.objects.get(username=ADMIN_USERNAME).check_password(password)
    assert User.objects.get(username=ADMIN_USERNAME).is_superuser

    assert printed_password(load_demo()) == password


@pytest.mark.django_db
def test_a_database_made_again_reuses_the_password_already_shown():
    _user, password = ensure_admin()
    User.objects.all().delete()
    user, again = ensure_admin()
    assert again == password
    assert user.check_password(password)


@pytest.mark.django_db
def test_a_changed_password_is_not_printed_nor_reset():
    build_site()
    user, password = ensure_admin()
    user.set_password("chosen by the admin")
    user.save()
    output = load_demo()
    assert password not in output
    assert "changepassword" in output
    user.refresh_from_db()
    assert user.check_password("chosen by the admin")


@pytest.mark.django_db
def test_a_site_with_content_is_left_as_it_is():
    homes = build_site()
    pages = list(Page.objects.values_list("id", "latest_revision_id"))
    output = load_demo()
    assert "nothing changed" in output
    assert list(Page.objects.values_list("id", "latest_revision_id")) == pages
    assert not Country.objects.exists()
    assert set(HomePage.objects.values_list("id", flat=True)) == {home.id for home in homes.values()}


@pytest.mark.django_db
def test_a_missing_translation_stops_the_load_and_changes_nothing(monkeypatch):
    welcome = Page.objects.get(depth=2)

    def catalogue_without_the_last_article(code, directory=TRANSLATIONS_DIR):
        catalogue = load_catalogue(code, directory)
        catalogue.pop("Hotel Mona Plaza", None)
        return catalogue

    monkeypatch.setattr(loading, "load_catalogue", catalogue_without_the_last_article)
    with pytest.raises(MissingTranslationsError, match="Hotel Mona Plaza"):
        load_demo()
    assert list(Page.objects.filter(depth__gt=1)) == [welcome]
    assert not Country.objects.exists()


@pytest.mark.django_db
def test_the_catalogues_hold_every_source_string_and_nothing_else(tmp_path):
    for path in TRANSLATIONS_DIR.glob("*.po"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    untranslated = update_catalogues(directory=tmp_path)
    assert untranslated == dict.fromkeys(["sq", "mk", "sr-latn", "cnr", "de", "ar"], 0)
    for path in TRANSLATIONS_DIR.glob("*.po"):
        assert (tmp_path / path.name).read_text() == path.read_text(), (
            f"run `manage.py demo_catalogues`: {path}"
        )
    # Reading the strings built the site in a transaction it rolled back.
    assert not HomePage.objects.exists()
