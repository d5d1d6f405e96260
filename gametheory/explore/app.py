"""The Dash application of the teaching explorer: navigation, one page per model family.

Each page (:data:`gametheory.explore.pages.PAGES`) is laid out as: the controls (bounded number
fields), the formulas (Markdown with TeX, typeset in the browser by the MathJax that Dash's
``dcc`` ships, served by this server), the numbers the models return (exact values where the
model is exact, with a decimal beside them) and the figure (a PNG drawn in the package style).
Every number shown carries a stable element id ``{page}-value-{key}`` so tests can read it.
"""

from __future__ import annotations

import dataclasses
import functools
import threading
import traceback
from pathlib import Path
from typing import Any

from gametheory.core.params import DomainError, rejects_text
from gametheory.explore._view import Page, decimal, exact, png_data_uri, show

__all__ = ["create_app"]

ASSETS = Path(__file__).with_name("assets")
_LOCK = threading.Lock()   # one computation at a time: matplotlib's rcParams are global, work stays bounded


def _cell(v: Any) -> Any:
    from dash import dcc

    text = show(v)
    if isinstance(v, str) and v.startswith("$") and v.endswith("$"):
        return dcc.Markdown(v, mathjax=True, className="cell-math")
    return text


def _values_table(page: Page, view: Any) -> Any:
    from dash import html

    rows = [html.Tr([html.Td(v.label), html.Td(show(v.value), id=f"{page.slug}-value-{v.key}", className="exact"),
                     html.Td(decimal(v.value), className="approx")]) for v in view.values]
    return html.Table([html.Thead(html.Tr([html.Th("quantity"), html.Th("value"), html.Th("")])),
                       html.Tbody(rows)], className="values", id=f"{page.slug}-values")


def _table(page: Page, table: Any) -> Any:
    from dash import html

    return html.Div([
        html.H4(table.caption),
        html.Table([html.Thead(html.Tr([html.Th(h) for h in table.headers])),
                    html.Tbody([html.Tr([html.Td(_cell(c)) for c in row]) for row in table.rows])],
                   id=f"{page.slug}-table-{table.key}"),
    ])


@rejects_text(init=False)
def render(page: Page, raw: dict) -> tuple[Any, str, str]:
    """The results block, the figure (data URI) and a status message for one set of browser inputs."""
    from dash import html

    try:
        values = tuple(exact(raw.get(c.name), c) for c in page.controls)
    except DomainError as err:
        return html.Div(), "", str(err)
    try:
        view, src = _computed(page, values)
    except (DomainError, ArithmeticError, ValueError) as err:   # outside a model's domain: say so
        return html.Div(), "", f"The model cannot be solved here: {err}"
    except Exception:   # pragma: no cover - a bug: show it rather than a frozen page
        return html.Div(), "", "Internal error:\n" + traceback.format_exc(limit=3)
    block = html.Div([_values_table(page, view), *[_table(page, t) for t in view.tables],
                      *[html.P(n, className="note") for n in view.notes]])
    return block, src, ""


@functools.lru_cache(maxsize=64)
def _computed(page: Page, values: tuple) -> tuple[Any, str]:
    """The page's view and its figure as a data URI (cached: a class often returns to the defaults)."""
    from gametheory.core import plotting

    with _LOCK, plotting.style():
        view = page.compute(**dict(zip((c.name for c in page.controls), values)))
        src = png_data_uri(view.figure) if view.figure is not None else ""
    return dataclasses.replace(view, figure=None), src   # keep the PNG, not the matplotlib objects


def warm_up(pages: Any = None) -> None:
    """Compute the default view of ``pages`` (default: the first page) so the first visit is quick."""
    from gametheory.explore.pages import PAGES

    for page in pages if pages is not None else PAGES[:1]:
        try:
            _computed(page, tuple(exact(c.default, c) for c in page.controls))
        except Exception:   # pragma: no cover - the page will report it when visited
            pass


def _page_layout(page: Page) -> Any:
    from dash import dcc, html

    controls = []
    for c in page.controls:
        controls.append(html.Div([
            html.Label(c.label, htmlFor=f"{page.slug}-{c.name}"),
            dcc.Input(id=f"{page.slug}-{c.name}", type="number", value=float(c.default) if not c.integer
                      else int(c.default), step="any", debounce=True, className="number"),
        ], className="control"))
    return html.Div([
        html.H2(page.title),
        html.P(page.summary, className="summary"),
        html.Div([
            html.Div([html.H3("Parameters"), *controls,
                      html.Pre(id=f"{page.slug}-status", className="status")], className="controls"),
            html.Div([html.H3("Formulas"), dcc.Markdown(page.formulas, mathjax=True, id=f"{page.slug}-formulas")],
                     className="formulas"),
        ], className="top"),
        html.Div([
            html.Div([html.H3("Numbers (computed by the package's models)"),
                      dcc.Loading(html.Div(id=f"{page.slug}-results"), delay_show=300)], className="results"),
            html.Div([html.H3("Figure"), html.Img(id=f"{page.slug}-figure", className="figure",
                                                   alt=f"figure of the {page.title} page")], className="figure-box"),
        ], className="bottom"),
    ], id=f"page-{page.slug}")


def _home(pages: tuple) -> Any:
    from dash import dcc, html

    return html.Div([
        html.H2("Game theory of industrial clusters: a teaching explorer"),
        html.P("Move a parameter and watch equilibria, welfare and dynamics change. Every number and "
               "figure is computed by the gametheory package's models; nothing needs the internet."),
        html.Ul([html.Li([dcc.Link(p.title, href=f"/{p.slug}"), " — ", p.summary]) for p in pages]),
    ], id="page-home")


@rejects_text
def create_app() -> Any:
    """The explorer as a :class:`dash.Dash` application (needs the ``explore`` extra).

    All JavaScript, CSS and the MathJax renderer are served by the application itself
    (``serve_locally=True``, no external scripts or stylesheets): it works without a network.

    Examples
    --------
    >>> app = create_app()                      # doctest: +SKIP
    >>> app.run(host="127.0.0.1", port=8050)    # doctest: +SKIP
    """
    try:
        import dash
        from dash import Input, Output, dcc, html
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError("the explorer needs Dash: python -m pip install 'cluster-gametheory[explore]'") from err
    from gametheory.explore.pages import PAGES

    # update_title=None is documented ("Set to None or ''"), but Dash annotates it as str
    app = dash.Dash(__name__, title="gametheory explorer", update_title=None,  # type: ignore[arg-type]
                    serve_locally=True,
                    assets_folder=str(ASSETS), external_scripts=[], external_stylesheets=[],
                    suppress_callback_exceptions=True)
    # no debug UI, and never ask plotly's server for the latest version (offline, no telemetry)
    app.enable_dev_tools(debug=False, dev_tools_ui=False, dev_tools_disable_version_check=True,
                         dev_tools_silence_routes_logging=True)
    nav = html.Nav([dcc.Link("Home", href="/", className="nav-link", id="nav-home")]
                   + [dcc.Link(p.title, href=f"/{p.slug}", className="nav-link", id=f"nav-{p.slug}")
                      for p in PAGES])
    app.layout = html.Div([dcc.Location(id="url"), html.Header([html.H1("gametheory explorer"), nav]),
                           html.Main(id="page")])
    by_slug = {p.slug: p for p in PAGES}

    @app.callback(Output("page", "children"), Input("url", "pathname"))
    def route(pathname: Any) -> Any:
        slug = (pathname or "/").strip("/")
        page = by_slug.get(slug)
        return _page_layout(page) if page is not None else _home(PAGES)

    for page in PAGES:
        _register(app, page)
    return app


def _register(app: Any, page: Page) -> None:
    from dash import Input, Output

    @app.callback(Output(f"{page.slug}-results", "children"), Output(f"{page.slug}-figure", "src"),
                  Output(f"{page.slug}-status", "children"),
                  *[Input(f"{page.slug}-{c.name}", "value") for c in page.controls])
    def update(*values: Any) -> Any:
        return render(page, dict(zip((c.name for c in page.controls), values)))
