"""Run the server: bind, watch the folder, push changes, stop cleanly on Ctrl-C.

uvicorn serves the Starlette app on a socket bound here (port 0 picks a free one, and the URL
printed is the real one). `watchfiles` watches the served folder; a change to a map or to any
file a map depends on (includes, surveys, event logs) renders that map again and pushes its new
version to every open page.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sys
import webbrowser
from pathlib import Path

from journeymap.i18n.numbers import counted

WATCH_STEP_MS = 20       # a change is reported once no further change came for this long
WATCH_DEBOUNCE_MS = 400  # and at the latest after this long, during a burst of changes


def serve(target: Path, *, host: str = "127.0.0.1", port: int = 8000, edit: bool = False, open_browser: bool = True,
          allowed_hosts=(), today=None, lang: str | None = None, announce=print) -> None:
    import uvicorn

    from journeymap.evidence.observe.run import keep_results
    from journeymap.serve.app import Hub, create_app
    from journeymap.serve.guard import Guard
    from journeymap.serve.site import Site

    keep_results()
    site = Site(target, today=today)
    sock = _bind(host, port)
    port = sock.getsockname()[1]
    guard = Guard.for_binding(host, port, allowed_hosts)
    hub = Hub()
    app = create_app(site, guard, hub, edit=edit, lang=lang, lifespan=_lifespan(site, hub))
    url = _url(host, port, guard.token)
    announce(f"journeymap serve: {url}  ({counted(len(site.maps), 'map')} under "
             f"{site.root}{', editing on' if edit else ''}; Ctrl-C stops)")
    if site.unnamed:
        announce(f"  not served: {', '.join(site.unnamed)} (a file name that is not UTF-8 text cannot be a URL)")
    if guard.token and host in ("0.0.0.0", "::"):
        announce("  on the LAN: use this machine's address instead of 127.0.0.1, with the same ?token=")
    sys.stdout.flush()
    config = uvicorn.Config(app, log_level="warning", access_log=False, timeout_graceful_shutdown=1,
                            lifespan="on")
    server = uvicorn.Server(config)
    if open_browser:
        webbrowser.open(url)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn shut down cleanly, then passes Ctrl-C on
        pass
    finally:
        sock.close()
    announce("journeymap serve: stopped")


def _lifespan(site, hub):
    """While the app runs: renderings are pushed to the pages, and the folder is watched."""

    @contextlib.asynccontextmanager
    async def lifespan(app):
        loop = asyncio.get_running_loop()
        site.on_render = lambda key, rendered: loop.call_soon_threadsafe(hub.publish, key, rendered)
        task = asyncio.create_task(_watch(site))
        try:
            yield
        finally:
            hub.closing.set()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    return lifespan


def _url(host: str, port: int, token: str | None) -> str:
    """The URL to open: the real port, the one-time token if the guard asks for one."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{'[' + shown + ']' if ':' in shown else shown}:{port}/"
    return url + f"?token={token}" if token else url


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


class ServeError(Exception):
    pass


async def _watch(site) -> None:
    from watchfiles import awatch

    watcher = awatch(site.root, step=WATCH_STEP_MS, debounce=WATCH_DEBOUNCE_MS, recursive=True,
                     watch_filter=_interesting)
    while True:
        try:
            changes = await anext(watcher)
        except StopAsyncIteration:
            return
        except Exception as error:  # watchfiles gives up on a file name that is not UTF-8, for one
            print(f"journeymap serve: stopped watching {site.root} for changes ({_innermost(error)}); "
                  "a page shows a change when it is reloaded", file=sys.stderr, flush=True)
            return
        changed = {Path(path).resolve() for _, path in changes}
        await asyncio.to_thread(_refresh, site, changed)


def _innermost(error: BaseException) -> BaseException:
    """The error itself, not the task group that carried it (watchfiles runs in an anyio task group)."""
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]
    return error


def _refresh(site, changed: set[Path]) -> None:
    site.discover()
    for key in site.affected(changed):
        served = site.get(key)
        if served is None:
            continue
        try:  # its own bytes changed: render() sees that; an include or data file changed: render anyway
            site.render(key, force=served.path not in changed)   # a new rendering is pushed (site.on_render)
        except OSError:  # gone, or no longer a regular file, since the watcher saw it
            continue


def _interesting(change, path: str) -> bool:
    name = Path(path).name
    parts = Path(path).parts
    return not (name.startswith(".") or name.endswith((".tmp", "~", ".swp")) or ".git" in parts
                or "__pycache__" in parts or "journeymap-out" in parts)
