"""Who may call over HTTP: server applications and client applications.

Server applications send `X-App-Id` / `X-App-Token` and may call every `/v1/...` route; they
are the gRPC server's applications (`--apps FILE` or `REDEMPTION_CORE_APPS`). Client
applications send `X-Client-Application-Id` / `X-Client-Token` and may only call the
client routes (`POST /client/v1/redemptions`, and validations once they exist). They are a
separate JSON object of the same shape, `--client-apps FILE` or the variable
`REDEMPTION_CORE_CLIENT_APPS`; without one, every client route answers 401. A client key is
meant to sit in a browser or an app: it must not be able to read or roll back anything.
The authenticated id (either kind) becomes the redemption's `channel` (`API`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import attrs

from redemption_core.adapters.grpc.auth import APP_ID_KEY, APP_TOKEN_KEY, Apps

CLIENT_APPS_ENV = "REDEMPTION_CORE_CLIENT_APPS"


def load_client_apps(path: str | None, environ: Mapping[str, str] | None = None) -> Apps | None:
    """From `path` if given, else `REDEMPTION_CORE_CLIENT_APPS` if set, else none."""
    found = (os.environ if environ is None else environ).get(CLIENT_APPS_ENV)
    if path is None and found is None:
        return None
    if path is not None:
        return Apps.load(path)
    return Apps.from_json(found or "", CLIENT_APPS_ENV)


@attrs.frozen
class Credentials:
    apps: Apps
    clients: Apps | None = None

    def server_app(self, app_id: str | None, token: str | None) -> str | None:
        return _check(self.apps, app_id, token)

    def client_app(self, app_id: str | None, token: str | None) -> str | None:
        if self.clients is None:
            return None
        return _check(self.clients, app_id, token)


def _check(apps: Apps, app_id: str | None, token: str | None) -> str | None:
    if app_id is None or token is None:
        return None
    return apps.authenticate(((APP_ID_KEY, app_id), (APP_TOKEN_KEY, token)))
