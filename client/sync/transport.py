"""HTTP transport to the sync server: timeouts on every request, retries with
backoff for transient failures, byte and round-trip counters, plain-words errors.

Push and pull are idempotent (the server stores by group id; a pull does not
move the cursor), so retrying them after a lost answer is always safe.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable
from typing import Any, TypeVar

import httpx
import msgspec

from shared import contracts
from shared.contracts.enroll import Enroll, Enrolled
from shared.contracts.monitor import Monitor
from shared.contracts.sync import Certs, Error, Pull, PullAnswer, Push, PushAnswer
from shared.errors import EntraideError
from shared.i18n import _
from shared.wire import WireError

from .pinning import pin_refusal, pinned_context
from .server_url import server_url_problem

CONTENT_TYPE = "application/x-entraide"
MAX_ANSWER = 64 * 1024 * 1024  # decompressed bound on what the server may send
DEFAULT_TIMEOUT = httpx.Timeout(connect=15.0, read=120.0, write=120.0, pool=15.0)
T = TypeVar("T")

# An idle connection is kept this long (httpx's default is 5 s, so `--watch` reconnected
# every round); a little less than the server keeps it (120 s), so the client is the one
# that closes it and never sends on a connection the server is closing.
KEEPALIVE_SECONDS = 110.0


class SyncError(EntraideError):
    """Sync could not complete; str() is a plain-words message for the user.

    `unreachable`: a network problem (retry later); `status`: the server's HTTP
    status when it refused; `group`: the id of the group it refused, if any.
    """

    def __init__(
        self,
        message: str,
        *,
        unreachable: bool = False,
        status: int | None = None,
        group: bytes | None = None,
    ) -> None:
        super().__init__(message)
        self.unreachable = unreachable
        self.status = status
        self.group = group


class HttpTransport:
    """One keep-alive connection to the server for a sync round."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        retries: int = 2,
        backoff: float = 0.5,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        pin: str | None = None,
    ) -> None:
        """`pin`: the SHA-256 of the server's certificate, checked at every TLS handshake
        (`pinning.py`); without it, https is checked against public authorities."""
        problem = server_url_problem(base_url)
        if problem:
            raise SyncError(
                _("bad server address '{url}': {problem}").format(url=base_url, problem=problem)
            )
        headers = {"User-Agent": "entraide-sync/1"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        # Hooks count every exchange on this connection, the key endpoints' included.
        self.client = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers=headers,
            timeout=timeout,
            transport=transport,
            limits=httpx.Limits(
                max_connections=100,
                max_keepalive_connections=20,
                keepalive_expiry=KEEPALIVE_SECONDS,
            ),
            verify=pinned_context(pin) if pin else True,
            event_hooks={"request": [self._count_request], "response": [self._count_response]},
        )
        self.retries = retries
        self.backoff = backoff
        self.bytes_up = 0
        self.bytes_down = 0
        self.round_trips = 0

    def close(self) -> None:
        self.client.close()

    def _count_request(self, request: httpx.Request) -> None:
        self.round_trips += 1
        self.bytes_up += len(request.content or b"")

    def _count_response(self, response: httpx.Response) -> None:
        response.read()
        self.bytes_down += len(response.content)

    def __enter__(self) -> HttpTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- API: each call sends and decodes the messages of shared.contracts ------------------
    def enroll(self, request: Enroll) -> Enrolled:
        response = self._send("POST", "/v1/enroll", json=contracts.to_wire(request))
        try:
            data = msgspec.json.decode(response.content)
        except msgspec.DecodeError:
            raise SyncError(_("the server's enrollment answer is not JSON")) from None
        try:
            return contracts.convert(data, Enrolled, "the enrollment answer")
        except contracts.ContractError as exc:
            raise SyncError(
                _("the server's enrollment answer is not valid ({reason})").format(reason=exc)
            ) from None

    def push(self, message: Push) -> PushAnswer:
        return self._packed("/v1/push", message, PushAnswer, "a push answer")

    def pull(self, message: Pull) -> PullAnswer:
        return self._packed("/v1/pull", message, PullAnswer, "a pull batch")

    def certs(self, device_ids: Iterable[str] = ()) -> Certs:
        """Device certificates: the ones named, or all."""
        ids = ",".join(sorted(device_ids))
        response = self._send("GET", "/v1/certs", params={"ids": ids} if ids else None)
        return self._decode(response, Certs, "the certificates")

    def monitor(self) -> Monitor:
        """The secretariat's sync monitor (JSON; secretariat devices only)."""
        response = self._send("GET", "/v1/monitor")
        try:
            data = msgspec.json.decode(response.content)
            return contracts.convert(data, Monitor, "the sync monitor")
        except (msgspec.DecodeError, contracts.ContractError) as exc:
            raise SyncError(
                _("the server's answer is damaged ({reason})").format(reason=exc),
                unreachable=True,
            ) from None

    # -- plumbing -------------------------------------------------------------------------
    def _packed(self, path: str, message: Any, kind: type[T], what: str) -> T:
        body = contracts.encode(message)
        response = self._send("POST", path, content=body, headers={"Content-Type": CONTENT_TYPE})
        return self._decode(response, kind, what)

    def _decode(self, response: httpx.Response, kind: type[T], what: str) -> T:
        try:
            return contracts.decode(response.content, kind, what, max_size=MAX_ANSWER)
        except WireError as exc:  # a ContractError too: the server's answer is not ours
            raise SyncError(
                _("the server's answer is damaged ({reason})").format(reason=exc), unreachable=True
            ) from None

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        last: SyncError | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1) * random.uniform(0.5, 1.0))
            try:
                response = self.client.request(method, path, **kwargs)
            except httpx.TimeoutException:
                last = SyncError(_("the server did not answer in time"), unreachable=True)
                continue
            except httpx.ConnectError as exc:
                refused = pin_refusal(exc)
                if refused is not None:  # not a network problem: do not retry
                    raise SyncError(str(refused)) from None
                last = SyncError(
                    _("server unreachable ({reason})").format(reason=_reason(exc)), unreachable=True
                )
                continue
            except httpx.TransportError as exc:
                last = SyncError(
                    _("connection lost during transfer ({reason})").format(reason=_reason(exc)),
                    unreachable=True,
                )
                continue
            if response.status_code >= 500:
                last = SyncError(
                    _("server error ({status})").format(status=response.status_code),
                    unreachable=True,
                )
                continue
            if response.status_code >= 400:
                raise _refusal(response)
            return response
        assert last is not None
        raise last


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    if "refused" in text.lower():
        return _("connection refused")
    lowered = text.lower()
    if any(m in lowered for m in ("name or service", "nodename", "name resolution", "getaddrinfo")):
        return _("server name not found; check the address")
    return text.split("] ")[-1][:120]


def _refusal(response: httpx.Response) -> SyncError:
    message = _("the server refused the request ({status})").format(status=response.status_code)
    group = None
    try:
        error = msgspec.json.decode(response.content, type=Error)
    except msgspec.MsgspecError:
        return SyncError(message, status=response.status_code)
    message = _("the server refused: {reason}").format(reason=error.error)
    try:
        group = bytes.fromhex(error.group) if error.group is not None else None
    except ValueError:
        group = None
    return SyncError(message, status=response.status_code, group=group)
