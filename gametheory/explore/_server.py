"""Serving the explorer: a local WSGI server in a thread (tests) or in the foreground (``gametheory explore``)."""

from __future__ import annotations

import threading
from typing import Any

from gametheory.core.params import rejects_text


@rejects_text(text=("host",))
class Server:
    """A running explorer on ``127.0.0.1`` (``port=0``: a free port); ``url`` and ``shutdown()``.

    Parameters
    ----------
    app : Dash app, optional
        Default :func:`~gametheory.explore.app.create_app`.
    host : str
        The address to bind (text by design: a host name or IP address).
    port : int
        0 picks a free port.
    """

    def __init__(self, app: Any = None, host: str = "127.0.0.1", port: int = 0) -> None:
        from werkzeug.serving import make_server

        from gametheory.explore.app import create_app

        self.app = app if app is not None else create_app()
        self._server = make_server(host, port, self.app.server, threaded=True)
        self.url = f"http://{host}:{self._server.server_port}"
        self._thread: threading.Thread | None = None

    def warm_up(self) -> "Server":
        """Import the models and compute the first page's defaults, so the first visit is quick."""
        from gametheory.explore.app import warm_up

        warm_up()
        return self

    def start(self, *, warm: bool = True) -> "Server":
        """Serve in a daemon thread (after warming up, unless ``warm=False``)."""
        if warm:
            self.warm_up()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def shutdown(self) -> None:
        self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=10)
