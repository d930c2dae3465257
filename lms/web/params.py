"""Numbers and dates from the query string and forms, through the one bounded parser
(:mod:`lms.core.parsing`): no ``int(request.args...)``, ``isdigit()`` or ``date.fromisoformat``
in a view.

Two ways to use it:

* ``parse_int`` / ``parse_float`` / ``parse_date``: the value or ``None`` (a filter that is not
  understood is simply not applied, as a mature search page does);
* ``float_arg``: read the form (or ``request.args``) and answer a 400 naming the field when
  the value is given but not usable, or the default when it is left out; ``page_arg``,
  ``int_list`` and ``id_value`` (a select's ``coerce``) for pages and ids.
"""

from __future__ import annotations

from typing import Any

from flask import Request, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import BadRequest
from wtforms import DateField

from lms.core.parsing import MAX_DATE, MAX_ID, MIN_DATE, parse_date, parse_float, parse_int
from lms.web.formatting import format_date

__all__ = ["MAX_ID", "BadParameter", "BoundedDateField", "float_arg", "id_value", "int_list", "page_arg",
           "parse_date", "parse_float", "parse_int"]


class BadParameter(BadRequest):
    """A 400 whose message names the field; shown on the error page and in the API's JSON."""



def _source(form: bool) -> Any:
    return request.form if form else request.args


def _given(name: str, form: bool) -> str | None:
    value = _source(form).get(name)
    return None if value is None or not value.strip() else value


def page_arg(name: str = "page") -> int:
    """A page number: 1 when left out or not a usable page (an old link, a typed address)."""
    return parse_int(_source(False).get(name), minimum=1, maximum=100_000) or 1


def float_arg(name: str, default: float | None = None, *, minimum: float = 0.0, maximum: float = 1e9,
              form: bool = False) -> float | None:
    """The number ``name``: ``default`` when left out, a 400 when not a finite number in range."""
    value = _given(name, form)
    if value is None:
        return default
    number = parse_float(value, minimum=minimum, maximum=maximum)
    if number is None:
        raise BadParameter(_("Nilai \u201c%(name)s\u201d harus angka antara %(low)s dan %(high)s.",
                             name=name, low=f"{minimum:g}", high=f"{maximum:g}"))
    return number


def id_value(value: Any) -> int:
    """``coerce`` of a select of ids (WTForms): a field error, not a database overflow, for
    anything but an id a database integer holds."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_ID:
        return value
    number = parse_int(value)
    if number is None:
        raise ValueError(_("Pilihan tidak valid."))
    return number


def int_list(name: str) -> list[int]:
    """Every usable id given as ``name`` (``?person=1&person=2``); the others are left out."""
    return [n for n in (parse_int(v, minimum=1) for v in _source(False).getlist(name)) if n is not None]


class BoundedDateField(DateField):
    """WTForms' ``DateField`` within the dates a person means (1900 to 2199): ``0001-01-01``
    is a field error, not a date that overflows later."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        if self.data is not None and not MIN_DATE <= self.data <= MAX_DATE:
            self.data = None
            raise ValueError(_l("Tanggal harus antara %(low)s dan %(high)s.", low=format_date(MIN_DATE),
                                high=format_date(MAX_DATE)))


#: deeper JSON is no data a client of ours sends; Python's parser would hit its recursion limit
MAX_JSON_DEPTH = 32


def json_depth(value: Any) -> int:
    """How deeply ``value`` nests (a scalar 0, ``[]`` 1), walked without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            stack.extend((child, depth) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


class BoundedJSONRequest(Request):
    """The app's request: a JSON body that nests too deeply (or past the parser's recursion
    limit) is invalid JSON, a 400 like any other, never a ``RecursionError``."""

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True) -> Any:
        try:
            value = super().get_json(force=force, silent=silent, cache=cache)
        except RecursionError:
            value, deep = None, True
        else:
            deep = json_depth(value) > MAX_JSON_DEPTH
        if not deep:
            return value
        if cache:
            self._cached_json = (None, None)
        if silent:
            return None
        return self.on_json_loading_failed(ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels"))
