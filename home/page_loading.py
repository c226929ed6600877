"""Pages loaded by their keys (or addresses), in their own types, with SQL compiled once per process.

Django compiles a query to SQL anew each time it runs. A page type's query joins Page's thirty
columns to its own table's, and compiling it costs about 1 ms of CPU on our machines, several
times what PostgreSQL takes to run it. Loading pages of one type by their keys is the same
statement every time but for the keys: it is compiled once per type, shape and number of keys,
and only run again. Wagtail's `specific()` makes such a query for each type a list holds, and
its `page.specific` one for the page being served; routing reads the pages along an address
by their `url_path`s in the same way.

What is compiled is the ORM's own SQL for `filter(<field>__in=...)`, checked to take the values
as its only parameters; instances are built as Django's ModelIterable builds them (converters,
related rows). A manager or model whose query carries parameters of its own is loaded by the ORM
as usual, as is a list of more than MAX_KEYS values.
"""

import functools
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models.query import DEFAULT_FETCH_MODE, get_related_populators

from wagtail.models import Page

# Beyond so many keys a statement is rare enough to compile as usual.
MAX_KEYS = 100


@dataclass(frozen=True)
class _Statement:
    sql: str
    init_list: list
    fields_start: int
    fields_end: int
    converters: dict
    related_populators: list
    model: type


@functools.lru_cache(maxsize=1024)
def _statement(model, field, count, defer_streamfields, select_related, using):
    """The compiled statement loading the rows of `model` whose `field` is one of `count` values,
    or None when the ORM's query takes parameters other than the values (it is then not the
    same statement whatever they are)."""
    target = model._meta.pk if field == "pk" else model._meta.get_field(field)
    placeholders = [target.to_python(str(n)) for n in range(1, count + 1)]
    queryset = _queryset(model, field, placeholders, defer_streamfields, select_related, using)
    compiler = queryset.query.get_compiler(using=using)
    sql, params = compiler.as_sql()
    if list(params) != placeholders:
        return None
    select, klass_info = compiler.select, compiler.klass_info
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    return _Statement(
        sql=sql,
        init_list=[column[0].target.attname for column in select[start:end]],
        fields_start=start,
        fields_end=end,
        converters=compiler.get_converters([column[0] for column in select[: compiler.col_count]]),
        related_populators=get_related_populators(klass_info, select, using, DEFAULT_FETCH_MODE),
        model=klass_info["model"],
    )


def _queryset(model, field, values, defer_streamfields, select_related, using):
    """The ORM's query for the rows whose `field` is one of `values`: what a statement compiles."""
    queryset = model._default_manager.using(using).filter(**{f"{field}__in": values}).order_by()
    if defer_streamfields:
        queryset = queryset.defer_streamfields()
    return queryset.select_related(*select_related) if select_related else queryset


def by_pk(model, pks, *, defer_streamfields=False, select_related=()):
    """Return {pk: instance of `model`} for the rows with those primary keys (missing ones left out).

    `defer_streamfields` leaves a page's StreamFields unread until asked for; `select_related`
    names relations read in the same statement, as the ORM's own methods do.
    """
    rows = where_in(model, "pk", pks, defer_streamfields=defer_streamfields, select_related=select_related)
    return {instance.pk: instance for instance in rows}


def where_in(model, field, values, *, defer_streamfields=False, select_related=()):
    """Return the instances of `model` whose `field` is one of `values`, in no particular order."""
    values = list(dict.fromkeys(values))
    if not values:
        return []
    using = router.db_for_read(model)
    statement = None
    if len(values) <= MAX_KEYS:
        statement = _statement(model, field, len(values), defer_streamfields, tuple(select_related), using)
    if statement is None:
        return list(_queryset(model, field, values, defer_streamfields, tuple(select_related), using))
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, values)
        rows = cursor.fetchall()
    found = []
    for row in rows:
        row = _converted(row, statement.converters, connection)
        instance = statement.model.from_db(
            using,
            statement.init_list,
            row[statement.fields_start : statement.fields_end],
            fetch_mode=DEFAULT_FETCH_MODE,
        )
        for populator in statement.related_populators:
            populator.populate(row, instance)
        found.append(instance)
    return found


def _converted(row, converters, connection):
    """The row with each column's database value converted as the ORM converts it, given the
    connection of the thread running the statement."""
    if not converters:
        return row
    row = list(row)
    for position, (functions, expression) in converters.items():
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return row


def specific(pages, *, defer_streamfields=True, select_related=()):
    """Return the pages of the queryset `pages`, in its order, each in its own type.

    What Wagtail's `specific()` returns, one query per type, each compiled once; StreamFields
    are left unread by default, as cards and teasers show none. A page whose type is no longer
    in the code comes back as it was given.
    """
    rows = list(pages.values_list("pk", "content_type_id"))
    by_type = {}
    for pk, content_type_id in rows:
        by_type.setdefault(content_type_id, []).append(pk)
    loaded = {}
    for content_type_id, pks in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        loaded.update(by_pk(model, pks, defer_streamfields=defer_streamfields, select_related=select_related))
    if len(loaded) < len(rows):
        missing = [pk for pk, _content_type in rows if pk not in loaded]
        loaded.update(Page.objects.filter(pk__in=missing).in_bulk())
    return [loaded[pk] for pk, _content_type in rows if pk in loaded]


def specific_page(page):
    """`page.specific`, its row read by a statement compiled once; kept as `page.specific` too.

    As Wagtail's, what the page already holds besides its fields (a cached parent, a property
    worked out) is given to the specific page.
    """
    model = page.specific_class
    if model is None or isinstance(page, model):
        return page
    specific_obj = by_pk(model, [page.pk]).get(page.pk)
    if specific_obj is None:
        return page.specific
    for name, value in page.__dict__.items():
        specific_obj.__dict__.setdefault(name, value)
    page.__dict__["specific"] = specific_obj
    return specific_obj
