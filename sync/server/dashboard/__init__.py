"""The command centre in the browser: sign-in, the live dashboard page and its JSON, the missing
people of an enterprise and their export, liaisons' reasons and the office's answers, reminders to
the enterprises' liaisons, all served by the sync server itself (no CDN).

Who may do what is decided in one place, ``_allow``, and what an account sees in another,
``liaisons.Scope`` (a liaison's one enterprise): every answer naming enterprises or people is cut
by the scope ``place`` returns. Every form that changes something carries the session's CSRF token.
"""

# No "from __future__ import annotations": FastAPI reads the route annotations at run time.
import hashlib
import json
import tempfile
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine, delete

from registration.people import freetext
from registration.privacy import audit
from registration.reports import reconcile
from registration.setup.exemption_requests import ASKED
from registration.storage import tables
from sync.server import campaigns, db, eventlog, folds, liaisons, projection, reminders, signin, users
from sync.server.dashboard import data, i18n
from sync.server.liaisons import Scope

HERE = Path(__file__).resolve().parent.parent
SESSION_COOKIE = "tp_session"
LOGIN_COOKIE = "tp_login_csrf"
POLL_MS = 3000
SENDS_SHOWN = 100  # the round's latest reminders on the page
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BadForm(ValueError):
    """A form field that cannot be read (400)."""


class SignInNeeded(Exception):
    """No valid session: a page goes to /login, JSON gets 401."""


@dataclass(frozen=True)
class _Held:
    stamp: tuple[Any, ...]
    figures: dict[str, Any]
    body: bytes
    etag: str


class _Cache:
    """The last snapshot of each site and round, with its JSON, reused until an event, a deadline,
    a reminder or a minute passes: fifty open dashboards polling cost one computation per change,
    and a poll that finds nothing new is answered 304. The snapshot carries the round's reminders."""

    def __init__(self, folded: folds.Folds) -> None:
        self._held: dict[tuple[str, str], _Held] = {}
        self._lock = threading.Lock()
        self._folds = folded

    def get(self, engine: Engine, site: str, round_name: str, now_ms: int) -> _Held:
        with db.reading(engine) as conn:
            stamp = (
                projection.position(conn, site),
                data.deadline(conn, site, round_name)[1],
                now_ms // 60_000,
                reminders.stamp(conn, site, round_name),
            )
            with self._lock:
                held = self._held.get((site, round_name))
            if held is not None and held.stamp == stamp:
                return held
            fresh = data.snapshot(conn, site, round_name, now_ms, self._folds)
            sent = reminders.round_sends(conn, site, round_name)
            fresh["reminders"] = {
                "last": reminders.last_reminded(sent),
                "sends": [asdict(send) for send in sent[:SENDS_SHOWN]],
            }
        body = json.dumps(fresh, ensure_ascii=False, separators=(",", ":")).encode()
        held = _Held(stamp, fresh, body, '"' + hashlib.sha256(body).hexdigest()[:20] + '"')
        with self._lock:
            self._held[(site, round_name)] = held
        return held


def _back(site: str, round_name: str | None, lang: str, *, error: str = "", section: str = "") -> Response:
    """After a form: back to the page of ``site`` and ``round_name`` in the language it was in, with
    the refusal's last word when there was one, at ``section`` when named."""
    back = {"site": site} | ({} if round_name is None else {"round": round_name})
    back["lang"] = lang if lang in i18n.LANGUAGES else "zh"
    if error:
        back["error"] = error
    return RedirectResponse(f"/?{urlencode(back)}" + (f"#{section}" if section else ""), status_code=303)


def mount(
    app: FastAPI,
    engine: Engine,
    now_ms: Callable[[], int],
    folded: folds.Folds,
    refusal_delay_s: float = 1.0,
    # Quoted: the reminders module imports this package's data, so it may be loading still.
    pace: "reminders.Pace | None" = None,
) -> Callable[[], None]:
    """Adds the dashboard's routes and static files to the sync server's app; a closed round's
    figures and lists come from ``folded``, as the station's own reconciliation reads them; a
    refused sign-in is answered after ``refusal_delay_s``; reminders are tried at ``pace``.
    Returns what to call once the app has stopped."""
    projection.catch_up(engine)
    pace = pace or reminders.Pace()
    templates = Jinja2Templates(directory=HERE / "templates")
    cache = _Cache(folded)
    sign_in = signin.SignIn(engine, now_ms, refusal_delay_s=refusal_delay_s)

    router = APIRouter(include_in_schema=False)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(SignInNeeded)
    def _sign_in(request: Request, _exc: SignInNeeded) -> Response:
        if request.url.path.endswith(".json") or request.method != "GET":
            return JSONResponse({"detail": "sign in first"}, status_code=401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    def current(request: Request) -> users.User:
        with db.reading(engine) as conn:
            user = users.session_user(conn, request.cookies.get(SESSION_COOKIE), now_ms())
        if user is None:
            raise SignInNeeded
        return user

    Signed = Annotated[users.User, Depends(current)]

    def lang_of(request: Request) -> str:
        return i18n.language(request.query_params.get("lang"), request.headers.get("accept-language"))

    def place(
        user: users.User, site: str | None, round_name: str | None
    ) -> tuple[Scope, str | None, list[dict[str, Any]]]:
        """What this user sees of the site asked for (LookupError, PermissionError when nothing),
        and the round asked for; the site's projection caught up."""
        with db.reading(engine) as conn:
            known = data.sites(conn)
            chosen = site or user.site or (known[0] if known else None)
            if chosen is None or chosen not in known:
                raise LookupError(f"unknown site {chosen!r}")
            _allow(user, "view", chosen)
        projection.catch_up(engine, site=chosen)
        with db.reading(engine) as conn:
            held = data.rounds(conn, chosen)
        if round_name is not None and round_name not in {r["name"] for r in held}:
            raise LookupError(f"unknown round {round_name!r}")
        return Scope(chosen, user.enterprise), round_name or data.default_round(held), held

    def firm_of(scope: Scope, enterprise: str) -> str:
        """The enterprise a request names, if the scope sees it: a liaison asking about another is
        told of no such enterprise, whatever it is called."""
        if not scope.sees(enterprise):
            raise LookupError("no such enterprise")
        return enterprise

    def revealed(
        conn: Any, scope: Scope, round_name: str, enterprise: str | None, user: users.User, people: int
    ) -> None:
        """Record an unmasking by the dashboard (an export, a liaison's list), as a server event the
        laptops list with their own reveals."""
        body = audit.revealed_body(
            "dashboard", people, user.username, round_name=round_name, enterprise=enterprise
        )
        campaigns.author_event(
            conn, scope.site, eventlog.lock_site(conn, scope.site), audit.REVEALED, body, now_ms()
        )

    @router.get("/login", response_class=HTMLResponse)
    def login_page(request: Request, next: str = "/", error: str | None = None) -> Response:
        token = request.cookies.get(LOGIN_COOKIE) or users.new_token()
        lang = lang_of(request)
        page = templates.TemplateResponse(
            request,
            "login.html",
            {"t": i18n.texts(lang), "lang": lang, "csrf": token, "next": _local(next), "error": error},
            status_code={"too_many": 429, "busy": 503}.get(error or "", 401 if error else 200),
        )
        _cookie(page, request, LOGIN_COOKIE, token, max_age=3600)
        return page

    @router.post("/login")
    async def login(
        request: Request,
        username: Annotated[str, Form(max_length=64)],
        password: Annotated[str, Form(max_length=1024)],
        csrf: Annotated[str, Form(max_length=100)] = "",
        next: Annotated[str, Form(max_length=2000)] = "/",
    ) -> Response:
        if not users.same_token(request.cookies.get(LOGIN_COOKIE, ""), csrf):
            return login_page(request, next, "expired_form")
        if freetext.has_control(username):  # no account has one; PostgreSQL cannot even compare a NUL
            return login_page(request, next, "wrong_password")
        address = request.client.host if request.client else "?"
        try:
            token = await sign_in(username, password, address)
        except users.TooManyAttempts as exc:
            refused = login_page(request, next, "too_many")
            refused.headers["Retry-After"] = str(max(1, exc.retry_after_s))
            return refused
        except signin.Busy:
            busy = login_page(request, next, "busy")
            busy.headers["Retry-After"] = str(signin.Busy.retry_after_s)
            return busy
        if token is None:
            return login_page(request, next, "wrong_password")
        done = RedirectResponse(_local(next), status_code=303)
        _cookie(done, request, SESSION_COOKIE, token, max_age=users.SESSION_MS // 1000)
        done.delete_cookie(LOGIN_COOKIE, path="/")
        return done

    @router.post("/logout")
    def logout(request: Request, user: Signed, csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
        _check_csrf(user, csrf)
        with db.writing(engine) as conn:
            users.sign_out(conn, request.cookies.get(SESSION_COOKIE, ""))
        done = RedirectResponse("/login", status_code=303)
        done.delete_cookie(SESSION_COOKIE, path="/")
        return done

    @router.get("/", response_class=HTMLResponse)
    def page(
        request: Request,
        user: Signed,
        site: Annotated[str | None, Query(max_length=64)] = None,
        round: Annotated[str | None, Query(max_length=64)] = None,
        error: Annotated[str | None, Query(max_length=40)] = None,
    ) -> Response:
        scope, round_name, held = place(user, site, round)
        chosen = scope.site
        lang = lang_of(request)
        full = None if round_name is None else cache.get(engine, chosen, round_name, now_ms()).figures
        snapshot = None if full is None else scope.snapshot(full)
        with db.reading(engine) as conn:
            all_sites = data.sites(conn) if user.site is None else [chosen]
        query = {"site": chosen, "lang": lang} | ({"round": round_name} if round_name else {})
        texts = i18n.texts(lang)
        shown = {
            "t": texts,
            "lang": lang,
            "user": user,
            "site": chosen,
            "sites": all_sites,
            "round": round_name,
            "rounds": held,
            "other_lang": "/?" + urlencode(query | {"lang": "en" if lang == "zh" else "zh"}),
        }
        if user.liaison:
            return templates.TemplateResponse(
                request, "liaison.html", shown | liaison_page(scope, round_name, snapshot, user, error)
            )
        return templates.TemplateResponse(
            request,
            "dashboard.html",
            shown
            | {
                "snapshot": _script_json(snapshot),
                "texts": _script_json(texts),
                "data_url": "/dashboard.json?" + urlencode(query),
                "poll_ms": POLL_MS,
            },
        )

    def liaison_page(
        scope: Scope,
        round_name: str | None,
        snapshot: dict[str, Any] | None,
        user: users.User,
        error: str | None,
    ) -> dict[str, Any]:
        """A liaison's page: their enterprise's figures, and its missing people unmasked (recorded
        as an unmasking), each with their latest reason and the office's answer."""
        if round_name is None or snapshot is None:
            return {"snapshot": None, "people": [], "reasons": list(ASKED), "error": None, "open": False}
        with db.writing(engine) as conn:
            people = data.missing(conn, scope.site, round_name, scope.enterprise, folded, reveal=True)
            latest = liaisons.latest_by_person(conn, scope, round_name)
            if people:
                revealed(conn, scope, round_name, scope.enterprise, user, len(people))
            is_open = not data.is_closed(conn, scope.site, round_name)
        for person in people:
            person["request"] = latest.get(person["id_number"])
        return {
            "snapshot": snapshot,
            "people": people,
            "reasons": list(ASKED),
            "error": error if error in i18n.REQUEST_ERRORS else None,
            "open": is_open,
        }

    @router.get("/dashboard.json")
    def figures(
        request: Request,
        user: Signed,
        site: Annotated[str | None, Query(max_length=64)] = None,
        round: Annotated[str | None, Query(max_length=64)] = None,
    ) -> Response:
        scope, round_name, _ = place(user, site, round)
        if round_name is None:
            raise LookupError("this site has no round yet")
        held = cache.get(engine, scope.site, round_name, now_ms())
        body, etag = held.body, held.etag
        if scope.enterprise is not None:
            body = json.dumps(
                scope.snapshot(held.figures), ensure_ascii=False, separators=(",", ":")
            ).encode()
            etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        return Response(body, media_type="application/json", headers=headers)

    @router.get("/missing.json")
    def missing(
        user: Signed,
        enterprise: Annotated[str, Query(max_length=200)],
        site: Annotated[str | None, Query(max_length=64)] = None,
        round: Annotated[str | None, Query(max_length=64)] = None,
    ) -> dict[str, Any]:
        scope, round_name, _ = place(user, site, round)
        if round_name is None:
            raise LookupError("this site has no round yet")
        firm = firm_of(scope, enterprise)
        # A liaison sees their own people whole, and each time is recorded as an unmasking.
        reveal = scope.enterprise is not None
        with db.writing(engine) if reveal else db.reading(engine) as conn:
            people = data.missing(conn, scope.site, round_name, firm, folded, reveal=reveal)
            if reveal and people:
                revealed(conn, scope, round_name, firm, user, len(people))
        return {"site": scope.site, "round": round_name, "enterprise": firm, "people": people}

    @router.post("/missing.xlsx")
    def export(
        user: Signed,
        enterprise: Annotated[str, Form(max_length=200)],
        round: Annotated[str, Form(max_length=64)],
        site: Annotated[str, Form(max_length=64)],
        csrf: Annotated[str, Form(max_length=100)] = "",
    ) -> Response:
        _check_csrf(user, csrf)
        scope, round_name, _ = place(user, site, round)
        _allow(user, "export", scope.site)
        assert round_name is not None
        enterprise = firm_of(scope, enterprise)
        with db.writing(engine) as conn:
            people = data.missing(conn, scope.site, round_name, enterprise, folded, reveal=True)
            conn.execute(
                data.exports.insert().values(
                    site=scope.site,
                    round=round_name,
                    enterprise=enterprise,
                    username=user.username,
                    at_ms=now_ms(),
                    people=len(people),
                )
            )
            # The laptops learn of it as of their own reveals: the campaign office lists them all.
            revealed(conn, scope, round_name, enterprise, user, len(people))
            content = _xlsx(people)
        name = quote(f"{round_name}-{enterprise}-missing.xlsx")
        return Response(
            content,
            media_type=XLSX,
            headers={
                "Content-Disposition": f"attachment; filename*=UTF-8''{name}",
                "Cache-Control": "no-store",
            },
        )

    @router.post("/deadline")
    def set_deadline(
        user: Signed,
        round: Annotated[str, Form(max_length=64)],
        site: Annotated[str, Form(max_length=64)],
        deadline_ms: Annotated[str, Form(max_length=20)] = "",
        csrf: Annotated[str, Form(max_length=100)] = "",
        lang: Annotated[str, Form(max_length=5)] = "zh",
    ) -> Response:
        _check_csrf(user, csrf)
        scope, round_name, _ = place(user, site, round)
        chosen = scope.site
        _allow(user, "set_deadline", chosen)
        if deadline_ms and not (deadline_ms.isdigit() and len(deadline_ms) <= 15):
            raise BadForm("the deadline is a time in milliseconds since 1970")
        d = data.deadlines.c
        with db.writing(engine) as conn:
            conn.execute(delete(data.deadlines).where(d.site == chosen, d.round == round_name))
            if deadline_ms:
                conn.execute(
                    data.deadlines.insert().values(
                        site=chosen,
                        round=round_name,
                        deadline_ms=int(deadline_ms),
                        set_by=user.username,
                        set_ms=now_ms(),
                    )
                )
            else:
                # A cleared deadline must still change the snapshot's stamp.
                conn.execute(
                    data.deadlines.insert().values(
                        site=chosen, round=round_name, deadline_ms=-1, set_by=user.username, set_ms=now_ms()
                    )
                )
        return _back(chosen, round_name, lang)

    @router.get("/requests.json")
    def requests_list(
        user: Signed,
        site: Annotated[str | None, Query(max_length=64)] = None,
        round: Annotated[str | None, Query(max_length=64)] = None,
        pending: bool = False,
    ) -> dict[str, Any]:
        """The liaisons' requests of the round that the user sees, ID numbers masked."""
        scope, round_name, _ = place(user, site, round)
        with db.reading(engine) as conn:
            found = liaisons.listing(conn, scope, round_name, pending=pending)
        return {"site": scope.site, "round": round_name, "requests": found}

    @router.post("/requests")
    def give_reason(
        user: Signed,
        round: Annotated[str, Form(max_length=64)],
        site: Annotated[str, Form(max_length=64)],
        person: Annotated[str, Form(max_length=32)],
        reason: Annotated[str, Form(max_length=32)],
        place_: Annotated[str, Form(alias="place", max_length=200)] = "",
        tested_at: Annotated[str, Form(max_length=100)] = "",
        note: Annotated[str, Form(max_length=500)] = "",
        csrf: Annotated[str, Form(max_length=100)] = "",
        lang: Annotated[str, Form(max_length=5)] = "zh",
    ) -> Response:
        """A liaison's reason for one of their missing people; back to their page."""
        _check_csrf(user, csrf)
        scope, round_name, _ = place(user, site, round)
        _allow(user, "request", scope.site)
        assert round_name is not None
        error = ""
        try:
            with db.writing(engine) as conn:
                liaisons.request(
                    conn,
                    scope,
                    round_name,
                    person,
                    reason,
                    place=place_,
                    tested_at=tested_at,
                    note=note,
                    by=user.username,
                    now_ms=now_ms(),
                )
        except liaisons.RequestRefused as exc:
            error = exc.reason.key.rpartition(".")[2]
        return _back(scope.site, round_name, lang, error=error)

    @router.post("/requests/decide")
    def decide(
        user: Signed,
        round: Annotated[str, Form(max_length=64)],
        site: Annotated[str, Form(max_length=64)],
        accept: Annotated[str, Form(max_length=1)],
        request_id: Annotated[str, Form(alias="request", max_length=36)] = "",
        enterprise: Annotated[str, Form(max_length=200)] = "",
        note: Annotated[str, Form(max_length=500)] = "",
        csrf: Annotated[str, Form(max_length=100)] = "",
        lang: Annotated[str, Form(max_length=5)] = "zh",
    ) -> Response:
        """An administrator accepts or declines one request, or every request of an enterprise
        not answered yet."""
        _check_csrf(user, csrf)
        scope, round_name, _ = place(user, site, round)
        _allow(user, "decide", scope.site)
        assert round_name is not None
        if accept not in ("0", "1") or bool(request_id) == bool(enterprise):
            raise BadForm("answer one request, or every request of one enterprise, with accept 1 or 0")
        with db.writing(engine) as conn:
            if request_id:
                liaisons.decide(conn, scope.site, request_id, accept == "1", note, user.username, now_ms())
            else:
                liaisons.decide_all(
                    conn, scope.site, round_name, enterprise, accept == "1", note, user.username, now_ms()
                )
        return _back(scope.site, round_name, lang)

    @router.post("/remind")
    def remind(
        user: Signed,
        round: Annotated[str, Form(max_length=64)],
        site: Annotated[str, Form(max_length=64)],
        enterprise: Annotated[str, Form(max_length=200)] = "",
        csrf: Annotated[str, Form(max_length=100)] = "",
        lang: Annotated[str, Form(max_length=5)] = "zh",
    ) -> Response:
        """Send the round's missing lists to the liaisons now (one enterprise's, when named); the
        page then shows each send with its outcome."""
        _check_csrf(user, csrf)
        scope, round_name, _ = place(user, site, round)
        _allow(user, "remind", scope.site)
        assert round_name is not None
        reminders.remind(
            engine, folded, scope.site, round_name, enterprise or None, user.username, now_ms, pace
        )
        return _back(scope.site, round_name, lang, section="reminders")

    app.include_router(router)
    app.add_exception_handler(BadForm, _bad_request)
    app.add_exception_handler(liaisons.RequestRefused, _bad_request)
    return sign_in.close


def _allow(user: users.User, action: str, site: str) -> None:
    """The one permission check: a role is the set of actions it may take, on its own site."""
    may = {
        "viewer": {"view"},
        "admin": {"view", "export", "set_deadline", "decide", "remind"},
        # Their own enterprise's only: the scope (liaisons.Scope) cuts what they see and ask for.
        "liaison": {"view", "export", "request"},
    }
    if user.site is not None and user.site != site:
        raise PermissionError(f"{user.username} may not see site {site}")
    if action not in may.get(user.role, set()):
        raise PermissionError(f"a {user.role} may not {action.replace('_', ' ')}")


def _check_csrf(user: users.User, given: str) -> None:
    if not users.same_token(user.csrf, given):
        raise PermissionError("the form's security token is missing or stale: reload the page")


def _local(target: str) -> str:
    """Only a path on this server: never send a person elsewhere after sign-in."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def _cookie(response: Response, request: Request, name: str, value: str, *, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def _script_json(value: Any) -> str:
    """JSON to sit inside a <script> element. Every "<" is escaped, not only "</": "<!--<script>"
    in a name would otherwise put the HTML parser in a state where the real end tag is not seen.
    U+2028/9 are escaped for older JavaScript parsers."""
    text = json.dumps(value, ensure_ascii=False)
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def _xlsx(people: list[dict[str, Any]]) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "missing.xlsx"
        tables.write_records(path, reconcile.MISSING_COLUMNS, people)
        return path.read_bytes()


def _bad_request(_request: Request, exc: Exception) -> Response:
    return JSONResponse({"detail": str(exc)}, status_code=400)
