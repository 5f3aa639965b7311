"""``tieline serve``: the web pages and JSON API of a store, under uvicorn (registered by ``tieline.cli``)."""

from __future__ import annotations

import click

LOOPBACK = ("127.0.0.1", "::1", "localhost")


@click.command()
@click.option("--db", default="tieline.db", show_default=True, help="The SQLite store (opened read-only).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but the loopback address lets other machines in.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(0.1, 600),
              help="Seconds a query may run before it is stopped (503).")
def serve(db, host, port, timeout) -> None:
    """Serve the store as web pages and a JSON API (OpenAPI at /openapi.json).

    Example: tieline serve --db tieline.db --port 8000
    """
    import uvicorn

    from ..errors import TielineError
    from .app import create_app

    try:
        app = create_app(db, timeout)
    except TielineError as error:
        raise click.ClickException(str(error)) from None
    if host not in LOOPBACK:
        click.echo(f"tieline: warning: listening on {host}: other machines can read this store", err=True)
    click.echo(f"tieline: serving {db} read-only at http://{_url_host(host)}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
