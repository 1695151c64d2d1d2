"""The one HTTP client for a council's ModernGov site: polite, bounded and strict.

- timeouts on every request, and retries with exponential backoff on 5xx answers, time-outs
  and dropped connections; a site that keeps failing is an error naming the address;
- at most one request per ``min_interval`` seconds per host (1 s by default);
- an identifying User-Agent;
- redirects are followed only within the council's own host;
- an answer over ``max_bytes`` is refused while it streams, before it is all read.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urljoin, urlsplit

import httpx

from scrutineer import __version__

USER_AGENT = (
    f"Scrutineer/{__version__} (council records harvester; contact: the operator of this install)"
)
MAX_BYTES = 20 * 1024 * 1024
SERVICE = "mgWebService.asmx"
MAX_REDIRECTS = 5


class HarvestError(Exception):
    """A site or answer that cannot be used: the address and the problem."""

    def __init__(self, address: str, problem: str):
        self.address = address
        self.problem = problem
        super().__init__(f"{address}: {problem}")


class SiteFailing(HarvestError):
    """A site that kept failing after every retry: worth trying again later."""


@dataclass(frozen=True)
class Fetched:
    url: str
    data: bytes
    content_type: str

    def text(self) -> str:
        try:
            return self.data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise HarvestError(self.url, f"is not UTF-8 text ({error.reason})") from None


class _Pacer:
    """One request per interval per host, shared by every client in the process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def wait(self, host: str, interval: float) -> None:
        if interval <= 0:
            return
        with self._lock:
            now = time.monotonic()
            at = max(now, self._next.get(host, 0.0))
            self._next[host] = at + interval
        if at > now:
            time.sleep(at - now)


PACER = _Pacer()


class ModernGovClient:
    def __init__(
        self,
        site: str,
        *,
        min_interval: float = 1.0,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 1.0,
        max_bytes: int = MAX_BYTES,
    ):
        site = site.strip()
        if "://" not in site:
            site = f"https://{site}"
        parts = urlsplit(site)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise HarvestError(site, "is not an http(s) address of a site")
        self.site = site.rstrip("/") + "/"
        self.host = parts.hostname.lower()
        self.min_interval = min_interval
        self.retries = retries
        self.backoff = backoff
        self.max_bytes = max_bytes
        self.http = httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept": "application/xml, text/xml, */*"},
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def method_url(self, method: str, **params) -> str:
        query = f"?{urlencode(params)}" if params else ""
        return urljoin(self.site, f"{SERVICE}/{method}") + query

    def call(self, method: str, **params) -> Fetched:
        """One web-service method's XML answer."""
        fetched = self.get(self.method_url(method, **params))
        if "html" in fetched.content_type.lower():
            raise HarvestError(
                fetched.url,
                "answered with an HTML page, not XML: is this the address of a ModernGov site?",
            )
        return fetched

    def get(self, url: str) -> Fetched:
        """A GET on the council's host, retried on transient failures."""
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                return self._follow(url)
            except _Transient as error:
                last = str(error)
        raise HarvestError(url, f"kept failing: {self.retries + 1} attempts, the last: {last}")

    def _follow(self, url: str) -> Fetched:
        for _ in range(MAX_REDIRECTS + 1):
            host = (urlsplit(url).hostname or "").lower()
            if host != self.host:
                raise HarvestError(
                    url, f"is on {host or 'no host'}, not the council's site {self.host}"
                )
            PACER.wait(host, self.min_interval)
            try:
                with self.http.stream("GET", url) as response:
                    if response.is_redirect:
                        target = urljoin(url, response.headers.get("location", ""))
                        if (urlsplit(target).hostname or "").lower() != self.host:
                            raise HarvestError(
                                url,
                                f"redirects to another host ({target}); only redirects within "
                                f"{self.host} are followed",
                            )
                        url = target
                        continue
                    if response.status_code >= 500:
                        raise _Transient(f"HTTP {response.status_code}")
                    if response.status_code == 404:
                        raise HarvestError(
                            url, "was not found (HTTP 404): no such method or page on this site"
                        )
                    if response.status_code >= 400:
                        raise HarvestError(url, f"was refused (HTTP {response.status_code})")
                    data = self._read(url, response)
                    return Fetched(url, data, response.headers.get("content-type", ""))
            except httpx.TimeoutException:
                raise _Transient("timed out") from None
            except httpx.TransportError as error:
                raise _Transient(f"connection failed ({type(error).__name__})") from None
        raise HarvestError(url, f"redirects more than {MAX_REDIRECTS} times")

    def _read(self, url: str, response: httpx.Response) -> bytes:
        limit = self.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise HarvestError(url, _over(int(declared), limit))
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise HarvestError(url, _over(size, limit, so_far=True))
            chunks.append(chunk)
        return b"".join(chunks)


class _Transient(Exception):
    """A failure worth another attempt: 5xx, a time-out, a dropped connection."""


def _over(size: int, limit: int, so_far: bool = False) -> str:
    got = f"more than {limit:,} bytes" if so_far else f"{size:,} bytes"
    return f"answer is too large: {got}, over the limit of {limit:,} bytes"
