"""The review page of a run's folder: a Starlette app (the ``toolkit[review]`` extra).

``GET /`` is the page, rendered on the server with Jinja2's autoescape (every text of the
article, the translations and the glossary is escaped; readable without JavaScript); a
Content-Security-Policy allows only the page's own script, ``/review.js``, which adds
editing. The JSON API: ``POST /api/save`` (a draft, checked again), ``POST /api/approve``
(into the memory, the run's files rewritten), both with the version the text was edited
from (409 when a newer one exists), ``GET /api/proposals`` and ``POST /api/accept``
(a glossary change written to ``glossary-proposal.tsv``).
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Any

from toolkit.errors import InputError, MissingDependencyError, ToolkitError
from toolkit.review.folder import ChangedOnDisk, Conflict, ReviewFolder

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
"""No inline script, no handler attribute, nothing from elsewhere: text that escaped the
escaping would still not run."""

JSON_ONLY = "send JSON (Content-Type: application/json)"

KEYS = (
    ("j / Alt+↓", "next segment"),
    ("k / Alt+↑", "previous segment"),
    ("Enter / e", "edit the current segment's first target"),
    ("Ctrl+S", "save the edited target (checked again at once)"),
    ("Ctrl+Enter", "approve the edited (or current) target"),
    ("Esc", "stop editing"),
)
"""The page's keyboard shortcuts, listed on the page (``review.js`` implements them)."""


def _imports() -> Any:
    try:
        import jinja2
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise MissingDependencyError(
            "the review page needs starlette, uvicorn and jinja2: pip install 'toolkit[review]'"
        ) from None
    return jinja2


def create_app(review: ReviewFolder) -> Starlette:
    """The page and its API over one run's folder."""
    jinja2 = _imports()
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Route

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("toolkit.review", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    page = env.get_template("page.html")
    script = resources.files("toolkit.review").joinpath("templates/review.js").read_text("utf-8")
    headers = {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    }

    def error(status: int, message: str, **extra: Any) -> JSONResponse:
        return JSONResponse({"error": message, **extra}, status_code=status, headers=headers)

    def failure(exc: ToolkitError) -> JSONResponse:
        """A refused request: a file changed on disk 409, bad input 400, anything else 500."""
        if isinstance(exc, ChangedOnDisk):
            return error(409, exc.render())
        return error(400 if isinstance(exc, InputError) else 500, exc.render())

    def not_json(request: Request) -> JSONResponse | None:
        """415 for a request that is not JSON (a form posted from another site is not)."""
        kind = request.headers.get("content-type", "").split(";")[0].strip()
        return None if kind == "application/json" else error(415, JSON_ONLY)

    async def index(request: Request) -> Response:
        html = page.render(
            name=review.name,
            article=str(review.report.get("article", "")),
            languages=review.languages,
            rows=review.rows(),
            proposals=review.proposals(),
            reviewer=review.reviewer,
            glossary=review.glossary.name if review.glossary is not None else "",
            keys=KEYS,
        )
        return HTMLResponse(html, headers=headers)

    async def js(request: Request) -> Response:
        return Response(script, media_type="text/javascript", headers=headers)

    async def body(request: Request, *fields: str) -> dict[str, Any]:
        try:
            data = await request.json()
        except ValueError:
            raise InputError("the request is not JSON") from None
        if not isinstance(data, dict) or any(f not in data for f in fields):
            raise InputError(f"the request needs the fields {', '.join(fields)}")
        return data

    def target_args(data: dict[str, Any]) -> tuple[str, int, str, int]:
        lang, index, text, version = data["lang"], data["index"], data["text"], data["version"]
        if not (
            isinstance(lang, str)
            and isinstance(text, str)
            and isinstance(index, int)
            and isinstance(version, int)
        ):
            raise InputError("lang and text are strings, index and version integers")
        return lang, index, text, version

    def action(kind: str) -> Any:
        async def handle(request: Request) -> Response:
            if (refused := not_json(request)) is not None:
                return refused
            try:
                data = await body(request, "lang", "index", "text", "version")
                lang, index, text, version = target_args(data)
                if kind == "save":
                    view = review.save(lang, index, text, version)
                else:
                    view = review.approve(lang, index, text, version)
            except Conflict as exc:
                return error(409, str(exc), current=exc.current.to_dict())
            except ToolkitError as exc:
                return failure(exc)
            return JSONResponse(
                {
                    "target": view.to_dict(),
                    "proposals": [p.to_dict() for p in review.proposals()],
                },
                headers=headers,
            )

        return handle

    async def proposals(request: Request) -> Response:
        return JSONResponse([p.to_dict() for p in review.proposals()], headers=headers)

    async def accept(request: Request) -> Response:
        if (refused := not_json(request)) is not None:
            return refused
        try:
            data = await body(request, "term", "lang", "wording")
            path = review.accept(str(data["term"]), str(data["lang"]), str(data["wording"]))
        except ToolkitError as exc:
            return failure(exc)
        return JSONResponse(
            {"written": path.name, "proposals": [p.to_dict() for p in review.proposals()]},
            headers=headers,
        )

    return Starlette(
        routes=[
            Route("/", index),
            Route("/review.js", js),
            Route("/api/save", action("save"), methods=["POST"]),
            Route("/api/approve", action("approve"), methods=["POST"]),
            Route("/api/proposals", proposals),
            Route("/api/accept", accept, methods=["POST"]),
        ]
    )
