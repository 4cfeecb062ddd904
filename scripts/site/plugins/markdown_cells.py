"""Markdown cells: keep datasette-render-markdown's template functions, without its per-cell hook.

datasette-render-markdown comes with datasette-dashboards, whose templates
use its `render_markdown` function. Its other part renders the cells of
columns named `*_markdown` (this database has none), and to decide that it
looks up its plugin configuration for every cell of every page: a third
of the time of a 200-row canned query page (40 of 116 ms for
signing_dates at 10,000 articles, `make profile-serve`). Loaded with the
site's plugins (--plugins-dir), this re-registers the plugin without that
hook.
"""

import types

from datasette.plugins import pm

_MODULE = "datasette_render_markdown"


def _without_render_cell() -> None:
    for plugin in pm.get_plugins():
        if getattr(plugin, "__name__", "") == _MODULE and hasattr(plugin, "render_cell"):
            name = pm.get_name(plugin)
            kept = types.ModuleType(_MODULE, plugin.__doc__)
            for attribute in dir(plugin):
                if attribute != "render_cell" and not attribute.startswith("__"):
                    setattr(kept, attribute, getattr(plugin, attribute))
            pm.unregister(plugin)
            pm.register(kept, name=name)


_without_render_cell()
