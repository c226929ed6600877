from django.conf import settings
from django.db import migrations, models

DETAILS = ("tagline", "address")


def details_to_default_home_page(apps, schema_editor):
    """Move the tagline and the address from the network's settings to the default locale's home pages."""
    NetworkSettings = apps.get_model("home", "NetworkSettings")
    HomePage = apps.get_model("home", "HomePage")
    Revision = apps.get_model("wagtailcore", "Revision")
    network = NetworkSettings.objects.first()
    if network is None:
        return
    values = {name: getattr(network, name) for name in DETAILS if getattr(network, name)}
    for home in HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE):
        missing = {name: value for name, value in values.items() if not getattr(home, name)}
        if not missing:
            continue
        HomePage.objects.filter(pk=home.pk).update(**missing)
        # The editor opens the latest revision, and publishing it writes the page: without the details
        # there, the next publish would empty them.
        revision = Revision.objects.filter(pk=home.latest_revision_id).first()
        if revision is not None:
            revision.content = {**revision.content, **missing}
            revision.save(update_fields=["content"])


def details_to_settings(apps, schema_editor):
    """Put the default locale's tagline and address back into the network's settings."""
    NetworkSettings = apps.get_model("home", "NetworkSettings")
    HomePage = apps.get_model("home", "HomePage")
    home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by("path").first()
    if home is not None:
        NetworkSettings.objects.update(**{name: getattr(home, name) for name in DETAILS})


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0008_rich_text_cleaned_and_block_labels"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="homepage",
            name="tagline",
            field=models.CharField(
                blank=True,
                help_text="One sentence about the network, printed in every page's footer in this language.",
                max_length=255,
                verbose_name="tagline",
            ),
        ),
        migrations.AddField(
            model_name="homepage",
            name="address",
            field=models.TextField(
                blank=True,
                help_text=(
                    "Printed in every page's footer and every email in this language. Write the street and "
                    "city as they are written locally, and the country in this language."
                ),
                verbose_name="postal address",
            ),
        ),
        migrations.RunPython(details_to_default_home_page, details_to_settings),
        migrations.RemoveField(model_name="networksettings", name="tagline"),
        migrations.RemoveField(model_name="networksettings", name="address"),
    ]
