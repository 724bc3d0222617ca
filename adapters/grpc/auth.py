"""Who is calling: the applications allowed to call, and the per-call check.

A call carries the metadata `x-app-id` and `x-app-token` (Voucherify's `X-App-Id` /
`X-App-Token`). The applications come from a JSON object `{"<app id>": "<token>", ...}`,
read from a file (`--apps FILE`) or from the environment variable `REDEMPTION_CORE_APPS`
holding that JSON text. Tokens are kept only as SHA-256 digests and compared in constant
time. The interceptor binds the authenticated app id for the call (`call.current()`); it
becomes the redemption's `channel` (`channel_type: API`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import attrs

from redemption_core.domain.model import limits

APPS_ENV = "REDEMPTION_CORE_APPS"
APP_ID_KEY = "x-app-id"
APP_TOKEN_KEY = "x-app-token"
APPS_MAX = 1_000
"""Applications one server accepts (a limit on everything)."""

@attrs.frozen
class Identity:
    """The admitted app id, or None and why the call is refused."""

    app_id: str | None
    refusal: str


class AppsConfigError(ValueError):
    """The applications file or variable is not a usable `{app id: token}` object."""


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


@attrs.frozen
class Apps:
    """The applications allowed to call: app id -> SHA-256 of its token."""

    digests: Mapping[str, bytes]

    @classmethod
    def of(cls, tokens: Mapping[str, str]) -> Apps:
        return cls({app: _digest(token) for app, token in tokens.items()})

    @classmethod
    def from_json(cls, text: str, source: str) -> Apps:
        try:
            given = json.loads(text)
        except json.JSONDecodeError as error:
            raise AppsConfigError(f"{source}: not JSON ({error.msg})") from error
        if not isinstance(given, dict) or not given:
            raise AppsConfigError(f'{source}: must be a non-empty object {{"app id": "token"}}')
        if len(given) > APPS_MAX:
            raise AppsConfigError(f"{source}: at most {APPS_MAX} applications")
        for app, token in given.items():
            if not app or len(app) > limits.STRING_LENGTH_MAX:
                raise AppsConfigError(
                    f"{source}: app ids are 1 to {limits.STRING_LENGTH_MAX} characters"
                )
            if not isinstance(token, str) or not token:
                raise AppsConfigError(f"{source}: the token of {app!r} must be a non-empty string")
        return cls.of(given)

    @classmethod
    def load(cls, path: str | None, environ: Mapping[str, str] | None = None) -> Apps:
        """From `path` if given, else from `REDEMPTION_CORE_APPS`."""
        if path is not None:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except OSError as error:
                raise AppsConfigError(f"{path}: cannot read ({error.strerror})") from error
            return cls.from_json(text, path)
        found = (os.environ if environ is None else environ).get(APPS_ENV)
        if found is None:
            raise AppsConfigError(
                f"no applications configured: pass --apps FILE or set {APPS_ENV} "
                '(JSON {"app id": "token"})'
            )
        return cls.from_json(found, APPS_ENV)

    def authenticate(self, metadata: Iterable[tuple[str, str | bytes]] | None) -> str | None:
        """The app id when the metadata names a configured app with its token, else None."""
        return self.identify(metadata).app_id

    def identify(self, metadata: Iterable[tuple[str, str | bytes]] | None) -> Identity:
        """Who calls, or why nobody is admitted.

        Each of `x-app-id` and `x-app-token` must be sent exactly once: with two values a
        proxy that checks the first and a server that reads the last could admit different
        apps, so a repeated credential is refused as UNAUTHENTICATED (issue 8, D10).
        """
        sent: dict[str, list[str]] = {APP_ID_KEY: [], APP_TOKEN_KEY: []}
        for key, value in metadata or ():
            if key in sent and isinstance(value, str):
                sent[key].append(value)
        for key, values in sent.items():
            if len(values) > 1:
                return Identity(None, f"{key} was sent {len(values)} times; send it once")
        ids, tokens = sent[APP_ID_KEY], sent[APP_TOKEN_KEY]
        app_id = self._admitted(ids[0] if ids else None, tokens[0] if tokens else None)
        return Identity(app_id, "" if app_id is not None else "unknown application or token")

    def _admitted(self, app_id: str | None, token: str | None) -> str | None:
        if app_id is None or token is None:
            return None
        expected = self.digests.get(app_id)
        if expected is None:
            # Compare anyway, so an unknown app id costs the same time as a wrong token.
            hmac.compare_digest(_digest(token), _digest(""))
            return None
        if hmac.compare_digest(_digest(token), expected):
            return app_id
        return None
