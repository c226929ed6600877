"""Everything held about one subscriber, as they may download it."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from home.localization import localize_all
from newsletter.models import Subscriber, Subscription

PROFILE_FIELDS = [
    "email",
    "name",
    "language",
    "status",
    "source",
    "created_at",
    "confirmed_at",
    "status_changed_at",
    "unsubscribed_by",
]


def export_data(subscriber, language_code=None):
    """Return the subscriber's data: profile, subscriptions and every row that refers to them.

    Rows of other models pointing at the subscriber (consent records, and the sending
    engine's deliveries) are found through the reverse relations, so that nothing held
    about the person is left out as the schema grows.
    """
    subscriptions = list(subscriber.subscriptions.select_related("mailing_list").order_by("created_at"))
    names = localize_all([subscription.mailing_list for subscription in subscriptions], language_code)
    data = {
        "profile": {field: getattr(subscriber, field) for field in PROFILE_FIELDS},
        "subscriptions": [
            {"list": str(name), "slug": subscription.mailing_list.slug, "since": subscription.created_at}
            for subscription, name in zip(subscriptions, names, strict=True)
        ],
    }
    for relation in Subscriber._meta.related_objects:
        if relation.one_to_many and relation.related_model is not Subscription:
            rows = relation.related_model._default_manager.filter(**{relation.field.name: subscriber})
            data[relation.get_accessor_name()] = [_row(row, relation.field) for row in rows.order_by("pk")]
    return data


def export_json(subscriber, language_code=None):
    """Return export_data() as indented JSON text."""
    return json.dumps(
        export_data(subscriber, language_code), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False
    )


def _row(row, back_reference):
    values = {}
    for field in row._meta.concrete_fields:
        if field is back_reference or field.primary_key:
            continue
        values[field.name] = getattr(
            row, field.attname if isinstance(field, models.ForeignKey) else field.name
        )
    return values
