"""Bring a CSV file of addresses into the audience: set-based, tens of thousands of rows in seconds."""

import csv
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models.constants import OnConflict
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from newsletter.addresses import clean_name, email_hash, normalize_email
from newsletter.audience.lifecycle import STATUS_FOR_REASON
from newsletter.models import ConsentRecord, MailingList, Subscriber, Subscription, Suppression
from newsletter.spreadsheets import read_text_cell

Status = Subscriber.Status

# Rows checked against the database and written per statement: few round trips for a big
# file (measured: 1,000 is a third slower on PostgreSQL), and well inside SQLite's limit of
# 32,766 parameters per statement.
BATCH_SIZE = 5000

COLUMNS = ("email", "name", "language", "lists", "status")
LIST_SEPARATORS = re.compile(r"[\s|;,]+")
# Rows whose status says the person left become suppressions, never subscribers.
LEAVING = {
    Status.UNSUBSCRIBED: Suppression.Reason.UNSUBSCRIBED,
    Status.BOUNCED: Suppression.Reason.HARD_BOUNCE,
    Status.COMPLAINED: Suppression.Reason.COMPLAINT,
}


class ImportFailed(Exception):
    """The file as a whole cannot be imported; nothing was."""


@dataclass
class RowError:
    line: int
    message: str


@dataclass
class ImportReport:
    validate_only: bool
    rows: int = 0
    added: int = 0
    updated: int = 0
    skipped_suppressed: int = 0
    skipped_inactive: int = 0
    suppressions_added: int = 0
    errors: list = field(default_factory=list)


@dataclass
class _Row:
    line: int
    email: str
    name: str
    language: str
    list_ids: frozenset
    leaving: str | None


def import_subscribers(
    lines, *, consent_source, lists=(), language=None, validate_only=False, source_detail=""
):
    """Add the addresses in a CSV file as active subscribers; return an ImportReport.

    `lines` is the file (opened in binary or text mode) or any iterable of lines. Its header names
    the columns: `email` and optionally `name`, `language`, `lists` (slugs separated by
    spaces, commas, semicolons or |) and `status`; other columns are ignored. Every row
    joins `lists` (source-language MailingLists) as well as its own; `language` serves
    rows without one. `consent_source` says how these people agreed to be mailed and is
    kept as each one's consent record.

    Suppressed addresses are skipped; known addresses join the lists when active and are
    left alone otherwise; rows whose status says the person left (unsubscribed, bounced,
    complained) add the address to the suppression list. Bad rows are reported with their
    line number and reason and skipped. With `validate_only`, the report says what would
    happen and nothing is written. Raises ImportFailed when the file cannot be read at all.
    """
    consent_source = (consent_source or "").strip()
    if not consent_source:
        raise ImportFailed(_("Say how the people in this file agreed to receive the newsletter."))
    report = ImportReport(validate_only=validate_only)
    rows = _read(lines, report, batch_lists=frozenset(row.pk for row in lists), language=language)
    now = timezone.now()
    consent = {
        "wording": consent_source,
        "version": "import",
        "language": get_language() or settings.LANGUAGE_CODE,
        "source": Subscriber.Source.IMPORT,
        "source_detail": source_detail[:255],
        "given_at": now,
    }
    list_names = dict(MailingList.objects.originals().values_list("pk", "name"))
    with transaction.atomic():
        for batch in itertools.batched(rows, BATCH_SIZE):
            _import_batch(batch, report, consent=consent, list_names=list_names, now=now)
    return report


def _read(lines, report, *, batch_lists, language):
    """Return the file's good rows; record every bad one in the report."""
    lines = _decoded(lines)
    first = next(lines, "").lstrip("\ufeff")
    # Spreadsheets in much of Europe save "CSV" with semicolons.
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader, [])]
    if "email" not in header:
        raise ImportFailed(_("The first row must name the columns, and one of them must be “email”."))
    columns = {name: header.index(name) for name in COLUMNS if name in header}
    languages = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    default_language = language or settings.LANGUAGE_CODE
    slugs = dict(MailingList.objects.originals().values_list("slug", "pk"))
    seen = {}
    rows = []
    try:
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            report.rows += 1
            line = reader.line_num
            cell = {name: read_text_cell(_at(values, index).strip()) for name, index in columns.items()}
            try:
                row = _check(cell, line, languages, default_language, slugs, batch_lists)
            except ValidationError as error:
                report.errors.append(RowError(line, error.messages[0]))
                continue
            if row.email in seen:
                report.errors.append(
                    RowError(
                        line,
                        _("%(email)s is already on line %(line)d.")
                        % {"email": row.email, "line": seen[row.email]},
                    )
                )
                continue
            seen[row.email] = line
            rows.append(row)
    except csv.Error as error:
        raise ImportFailed(
            _("Line %(line)d is not valid CSV: %(error)s") % {"line": reader.line_num, "error": error}
        ) from error
    return rows


def _decoded(lines):
    """Yield the lines as text, decoding bytes as UTF-8 one line at a time to name a bad line."""
    for number, line in enumerate(lines, start=1):
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                raise ImportFailed(
                    _("Line %(line)d is not UTF-8 text. Save the file as “CSV UTF-8” and try again.")
                    % {"line": number}
                ) from error
        yield line


def _at(values, index):
    return values[index] if index < len(values) else ""


def _check(cell, line, languages, default_language, slugs, batch_lists):
    raw_email = cell.get("email", "")
    if not raw_email:
        raise ValidationError(_("The email address is missing."))
    try:
        email = normalize_email(raw_email)
    except ValidationError as error:
        raise ValidationError(
            _("“%(value)s” is not a valid email address.") % {"value": raw_email[:100]}
        ) from error
    language = (cell.get("language") or default_language).lower().replace("_", "-")
    if language not in languages:
        raise ValidationError(
            _("Unknown language “%(value)s”; use one of %(codes)s.")
            % {"value": cell["language"][:20], "codes": ", ".join(sorted(languages))}
        )
    list_ids = set(batch_lists)
    for slug in filter(None, LIST_SEPARATORS.split(cell.get("lists", ""))):
        if slug not in slugs:
            raise ValidationError(_("Unknown list “%(value)s”.") % {"value": slug[:100]})
        list_ids.add(slugs[slug])
    name = cell.get("name", "")
    if len(name) > 255:
        raise ValidationError(_("The name is longer than 255 characters."))
    status = cell.get("status", "").lower()
    if status == Status.PENDING:
        raise ValidationError(_("This address never confirmed a subscription, so it cannot be imported."))
    if status not in ("", Status.ACTIVE, *LEAVING):
        raise ValidationError(_("Unknown status “%(value)s”.") % {"value": status[:30]})
    return _Row(line, email, clean_name(name), language, frozenset(list_ids), LEAVING.get(status))


def _import_batch(batch, report, *, consent, list_names, now):
    hashes = {email_hash(row.email): row for row in batch}
    suppressed = set(Suppression.objects.filter(email_hash__in=hashes).values_list("email_hash", flat=True))
    known = {
        email: (pk, status)
        for email, pk, status in Subscriber.objects.filter(
            email__in=[row.email for row in batch]
        ).values_list("email", "pk", "status")
    }
    new, joining, leaving = [], [], []
    for digest, row in hashes.items():
        if row.leaving and digest not in suppressed:
            leaving.append((digest, row))
        elif digest in suppressed:
            report.skipped_suppressed += 1
        elif row.email not in known:
            new.append(row)
        elif known[row.email][1] == Status.ACTIVE:
            joining.append((known[row.email][0], row))
        else:
            report.skipped_inactive += 1
    report.added += len(new)
    report.updated += len(joining)
    report.suppressions_added += len(leaving)
    if report.validate_only:
        return

    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=row.email,
                name=row.name,
                language=row.language,
                status=Status.ACTIVE,
                source=Subscriber.Source.IMPORT,
                created_at=now,
                status_changed_at=now,
            )
            for row in new
        ],
        batch_size=BATCH_SIZE,
    )
    # Everyone joining the same lists gets their consent records and subscriptions in one
    # INSERT ... SELECT each: no model instance per row, whatever the size of the file.
    by_lists = defaultdict(list)
    for row in [*new, *(row for _pk, row in joining)]:
        by_lists[row.list_ids].append(row.email)
    for list_ids, emails in by_lists.items():
        mailing_lists = [{"id": list_id, "name": list_names[list_id]} for list_id in sorted(list_ids)]
        _insert_for_subscribers(ConsentRecord, emails, {**consent, "mailing_lists": mailing_lists})
        for list_id in list_ids:
            _insert_for_subscribers(
                Subscription, emails, {"mailing_list": list_id, "created_at": now}, ignore_conflicts=True
            )
    _suppress_leaving(leaving, known, now)


def _insert_for_subscribers(model, emails, values, *, ignore_conflicts=False):
    """Insert one `model` row per subscriber with one of `emails`, the other columns set to `values`.

    The rows' `subscriber` and, where the model has it, `requested_language` come from the
    subscriber; each value goes through its field's own preparation for the database.
    """
    quote = connection.ops.quote_name
    subscribers = Subscriber._meta
    fields = [model._meta.get_field(name) for name in values]
    columns = [model._meta.get_field("subscriber").column, *(field.column for field in fields)]
    selected = [f"subscriber.{quote(subscribers.pk.column)}", *("%s" for _field in fields)]
    if any(field.name == "requested_language" for field in model._meta.concrete_fields):
        columns.append(model._meta.get_field("requested_language").column)
        selected.append(f"subscriber.{quote(subscribers.get_field('language').column)}")
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    email_column = quote(subscribers.get_field("email").column)
    matching = ", ".join(["%s"] * len(emails))
    # Identifiers come from the models' metadata; every value travels as a parameter.
    sql = " ".join(
        [
            connection.ops.insert_statement(on_conflict=on_conflict),
            f"{quote(model._meta.db_table)} ({', '.join(quote(column) for column in columns)})",
            f"SELECT {', '.join(selected)} FROM {quote(subscribers.db_table)} subscriber",  # noqa: S608
            f"WHERE subscriber.{email_column} IN ({matching})",
            connection.ops.on_conflict_suffix_sql(fields, on_conflict, None, None),
        ]
    )
    params = [
        field.get_db_prep_save(value, connection)
        for field, value in zip(fields, values.values(), strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *emails])


def _suppress_leaving(leaving, known, now):
    """Apply the rows whose status says the person left, as suppress() would one by one."""
    Suppression.objects.bulk_create(
        [Suppression(email_hash=digest, reason=row.leaving, created_at=now) for digest, row in leaving],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )
    for reason, status in STATUS_FOR_REASON.items():
        # Only those still mailable change: a bounce or complaint on record stays as it is.
        ids = [
            known[row.email][0]
            for _digest, row in leaving
            if row.leaving == reason
            and known.get(row.email, (None, None))[1] in (Status.PENDING, Status.ACTIVE)
        ]
        if ids:
            Subscriber.objects.filter(pk__in=ids).update(status=status, status_changed_at=now)
            Subscription.objects.filter(subscriber_id__in=ids).delete()
