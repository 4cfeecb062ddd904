"""Table rows: the rows of a results table written by one Python function instead of a Jinja loop.

Datasette's templates write every cell of a results table through Jinja in
async mode: a filter, an escape and an await per cell. A canned query of 200
rows and 12 columns spent 15-20 ms of its page there (query.html's rows were
the largest item of `make profile-serve`'s HTML pages after SQL). The site's
query.html and _table.html (../templates/) call these functions instead; the
markup is the same, cell for cell (tests/site/test_table_rows.py).
"""

from datasette import hookimpl
from datasette.utils import to_css_class
from markupsafe import Markup, escape


def query_rows(columns: list[str], rows: list[list]) -> Markup:
    """The <tr>s of query.html: one <td class="col-…"> per column."""
    opening = [f'<td class="col-{escape(to_css_class(column))}">' for column in columns]
    return Markup("\n".join("<tr>" + "".join(f"{td}{escape(value)}</td>" for td, value in zip(opening, row)) + "</tr>" for row in rows))


def table_rows(rows: list) -> Markup:
    """The <tr>s of _table.html: one <td class="col-… type-…"> per cell Datasette prepared."""
    classes: dict[tuple[str, str], str] = {}

    def td(cell) -> str:
        key = (cell["column"], cell["value_type"])
        if key not in classes:
            classes[key] = f'<td class="col-{escape(to_css_class(cell["column"]))} type-{escape(cell["value_type"])}">'
        return f"{classes[key]}{escape(cell['value'])}</td>"

    return Markup("\n".join("<tr>" + "".join(td(cell) for cell in row) + "</tr>" for row in rows))


@hookimpl
def prepare_jinja2_environment(env):
    env.globals["query_rows"] = query_rows
    env.globals["table_rows"] = table_rows
