"""``dyad serve``: an HTTP API and a dashboard over the event store, read-only and bounded by
default. ``create_app(Settings(db=...))`` builds the FastAPI application; see docs/web.md."""

from dyad.web.settings import Limits, Settings


def create_app(settings: Settings, **kwargs):  # noqa: ANN003, ANN201 - keeps FastAPI out of `import dyad.web`
    from dyad.web.app import create_app as build

    return build(settings, **kwargs)


__all__ = ["Limits", "Settings", "create_app"]
