"""The site's plugins keep datasette-render-markdown's template function and drop its per-cell hook."""

from datasette.plugins import pm


def modules(hook) -> set[str]:
    return {getattr(impl.plugin, "__name__", "") for impl in hook.get_hookimpls()}


async def test_render_markdown_keeps_its_template_function_but_not_its_cell_hook(datasette):
    await datasette.invoke_startup()
    assert "datasette_render_markdown" not in modules(pm.hook.render_cell)
    assert "datasette_render_markdown" in modules(pm.hook.extra_template_vars)
    response = await datasette.client.get("/-/dashboards/coverage")
    assert response.status_code == 200 and "The coverage at a glance" in response.text
