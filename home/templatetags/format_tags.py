from django import template
from django.utils import formats
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def money(amount, currency):
    """Write an amount of money as the reader's language does: grouping, decimals, currency."""
    if amount is None or amount == "":
        return ""
    number = formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    if not currency:
        return number
    # Translators: an amount of money, e.g. "NOK 5,547,765.37"; put the currency where your language does.
    return pgettext("money", "%(currency)s %(amount)s") % {"currency": currency, "amount": number}
