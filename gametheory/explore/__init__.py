r"""A teaching explorer in the browser (``gametheory explore``): one page per model family.

Start it with ``gametheory explore`` (needs the ``explore`` extra: ``pip install
"cluster-gametheory[explore]"``) and open the address it prints. Pages:

* **Classic 2×2 games** — R, S, T, P → best responses, every equilibrium (exact), the symbolic
  conditions of each pure profile and the regime map over the (T, S) plane;
* **Technology diffusion** — costs, β, λ → attitudes left by iterated elimination of weakly
  dominated strategies, welfare of laissez-faire, a licensing market, the planner and the
  coordinator, the Lahiri–Ono diagnostic;
* **Regional brand and common technology** — n, θ, k, λ and the instruments' costs → qualities,
  provision and welfare by instrument;
* **R&D with spillovers** — β, γ → R&D by regime with every validity flag;
* **Evolution** — a payoff table → a live phase portrait with rest points and their stability;
* **Network dynamics** — a small cluster simulated live.

Every page shows the formulas, the numbers and the figure, computed by the package's public
models (the pages call them; nothing is re-derived in the page).

Why Dash
--------
The explorer must work on a lecturer's laptop without internet, be testable in a real browser,
and stay light. Dash (Plotly) serves every JavaScript and CSS file from the installed wheel
(``serve_locally=True``), and its ``dcc.Markdown(mathjax=True)`` typesets TeX with the MathJax
build that ships inside ``dash`` itself — no CDN, no network. It is a Flask application, so the
explorer runs in-process in a plain WSGI server, starts in about a second, and a test can run it
on a free port in a thread and drive it with Selenium and the system's Chromium. Its install is
small (dash, plotly, Flask — no Jupyter kernel, no Node toolchain). The alternatives were weighed:
Panel/Bokeh load KaTeX/MathJax from a CDN unless resources are inlined and pull in a larger stack;
Voilà needs a Jupyter server and kernel per visitor; Streamlit brings pyarrow and protobuf and
runs each page as a rerun script with its own server process.

Figures are matplotlib figures in the package's style (:mod:`gametheory.core.plotting`), sent to
the browser as PNG; inputs are JSON numbers, checked against each control's bounds and turned
into exact fractions (``0.2`` → ``1/5``): nothing typed is ever evaluated.
"""

from gametheory.explore._server import Server
from gametheory.explore.app import create_app

__all__ = ["create_app", "Server"]
