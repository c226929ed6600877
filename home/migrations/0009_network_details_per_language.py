import json
import uuid

import wagtail.fields
from django.conf import settings
from django.db import migrations, models


def details_to_default_home_page(apps, schema_editor):
    """Move the tagline and the address (a line a block) from the network's settings to the default
    locale's home pages."""
    NetworkSettings = apps.get_model("home", "NetworkSettings")
    HomePage = apps.get_model("home", "HomePage")
    Revision = apps.get_model("wagtailcore", "Revision")
    network = NetworkSettings.objects.first()
    if network is None:
        return
    lines = [line.strip() for line in network.address.splitlines() if line.strip()]
    address = [{"type": "line", "value": line, "id": str(uuid.uuid4())} for line in lines]
    for home in HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE):
        missing = {}
        if network.tagline and not home.tagline:
            missing["tagline"] = network.tagline
        if address and not home.address.raw_data:
            missing["address"] = address
        if not missing:
            continue
        HomePage.objects.filter(pk=home.pk).update(**missing)
        # The editor opens the latest revision, and publishing it writes the page: without the details
        # there, the next publish would empty them. A revision keeps a StreamField as JSON text.
        revision = Revision.objects.filter(pk=home.latest_revision_id).first()
        if revision is not None:
            content = {**missing, "address": json.dumps(address)} if "address" in missing else missing
            revision.content = {**revision.content, **content}
            revision.save(update_fields=["content"])


def details_to_settings(apps, schema_editor):
    """Put the default locale's tagline and address back into the network's settings."""
    NetworkSettings = apps.get_model("home", "NetworkSettings")
    HomePage = apps.get_model("home", "HomePage")
    home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by("path").first()
    if home is not None:
        NetworkSettings.objects.update(
            tagline=home.tagline, address="\n".join(line["value"] for line in home.address.raw_data)
        )


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
            field=wagtail.fields.StreamField(
                [("line", 0)],
                blank=True,
                block_lookup={0: ("wagtail.blocks.CharBlock", (), {"label": "line", "max_length": 255})},
                help_text=(
                    "Printed in every page's footer and every email in this language, a line each. Write the "
                    "street and city as they are written locally, and the country in this language."
                ),
                max_num=8,
                verbose_name="postal address",
            ),
        ),
        migrations.RunPython(details_to_default_home_page, details_to_settings),
        migrations.RemoveField(model_name="networksettings", name="tagline"),
        migrations.RemoveField(model_name="networksettings", name="address"),
    ]
