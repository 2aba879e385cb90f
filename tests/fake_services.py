"""Local fake metadata services (127.0.0.1, in-process threads) for the lookup tests.

One `FakeService` serves a table of routes (path + query parameters -> status, headers, body).
Bodies are the real recorded responses from ../shared/fixtures/ (Crossref, doi.org content
negotiation, DataCite, arXiv, Semantic Scholar), or responses for SNN papers written in their
image (`crossref_work`, `dblp_hit`, `openalex_work`, `s2_paper`, `arxiv_entry`).

Fault injection, per path or at random (seeded): `timeout` (answers after the client gave up),
`429` with Retry-After, `500`, `503`, `malformed` JSON, `html` where JSON was expected, `reset`
(connection dropped). An optional rate limit (token bucket) answers 429 when exceeded and sends
Crossref's X-Rate-Limit-* headers; optional latency delays every answer. Every request is
counted, so tests can assert that a rerun from the cache makes none.
"""

from __future__ import annotations

import copy
import json
import random
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qs, unquote, urlsplit

JSON = "application/json"
HTML_PAGE = "<!DOCTYPE html><html><head><title>Error</title></head><body>Oops</body></html>"


@dataclass
class Answer:
    status: int = 200
    body: str = ""
    content_type: str = JSON
    headers: dict[str, str] = field(default_factory=dict)


def json_answer(data: Any, status: int = 200) -> Answer:
    return Answer(status, json.dumps(data))


@dataclass
class Route:
    path: str
    query: dict[str, str]
    answer: Answer | Callable[[str, dict[str, str], dict[str, str]], Answer]


class FakeService:
    """An HTTP server on 127.0.0.1 with routes, fault injection, latency and a rate limit."""

    def __init__(self, latency: float = 0.0, rate_limit: float | None = None,
                 fault_rate: float = 0.0, faults: tuple[str, ...] = ("429", "500"),
                 seed: int = 7, retry_after: str = "1", timeout_delay: float = 1.5) -> None:
        self.routes: list[Route] = []
        self.fallback: Answer | None = None  # the answer to every unrouted path (default: 404)
        self.latency = latency
        self.rate_limit = rate_limit
        self.fault_rate = fault_rate
        self.random_faults = faults
        self.retry_after = retry_after
        self.timeout_delay = timeout_delay
        self.queued_faults: dict[str, list[str]] = {}
        self.requests: list[tuple[str, dict[str, str], dict[str, str]]] = []
        self.faults_served = 0
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._tokens = rate_limit or 0.0
        self._refilled = time.monotonic()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,),
                                        daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> "FakeService":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def add(self, path: str, answer: Answer | Callable[..., Answer],
            query: dict[str, str] | None = None) -> None:
        """Answer GET `path` (and, if given, these query parameters) with `answer`."""
        self.routes.insert(0, Route(path, query or {}, answer))

    def fail(self, path: str, *kinds: str) -> None:
        """The next requests to `path` get these faults, in order, before normal answers."""
        self.queued_faults.setdefault(path, []).extend(kinds)

    def count(self, path: str | None = None) -> int:
        return sum(1 for p, _, _ in self.requests if path is None or p == path)

    def _allowed(self) -> bool:
        if not self.rate_limit:
            return True
        with self._lock:
            now = time.monotonic()
            self._tokens = min(self.rate_limit,
                               self._tokens + (now - self._refilled) * self.rate_limit)
            self._refilled = now
            if self._tokens >= 1:
                self._tokens -= 1
                return True
            return False

    def _fault_for(self, path: str) -> str:
        with self._lock:
            queue = self.queued_faults.get(path)
            if queue:
                return queue.pop(0)
            if self.fault_rate and self._random.random() < self.fault_rate:
                return self._random.choice(self.random_faults)
        return ""

    def _answer(self, path: str, query: dict[str, str], headers: dict[str, str]) -> Answer:
        for route in self.routes:
            if route.path == path and all(query.get(k) == v for k, v in route.query.items()):
                answer = route.answer
                return answer(path, query, headers) if callable(answer) else answer
        return self.fallback or Answer(404, "Resource not found.", "text/plain")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # no 40 ms delayed-ACK stalls between answers

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                path = unquote(parts.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                headers = {k: v for k, v in self.headers.items()}
                with service._lock:
                    service.requests.append((path, query, headers))
                if service.latency:
                    time.sleep(service.latency)
                fault = service._fault_for(path)
                if fault:
                    with service._lock:
                        service.faults_served += 1
                    return self._fault(fault)
                if not service._allowed():
                    return self._send(Answer(429, '{"message":"rate limit"}', JSON,
                                             {"Retry-After": service.retry_after}))
                self._send(service._answer(path, query, headers))

            def _fault(self, kind: str) -> None:
                if kind == "timeout":
                    time.sleep(service.timeout_delay)
                    return self._send(Answer(200, "{}"))
                if kind == "reset":
                    self.close_connection = True
                    self.connection.close()
                    return None
                answers = {
                    "429": Answer(429, "Too Many Requests", "text/plain",
                                  {"Retry-After": service.retry_after}),
                    "500": Answer(500, "Internal Server Error", "text/plain"),
                    "503": Answer(503, "Service Unavailable", "text/plain"),
                    "malformed": Answer(200, '{"status": "ok", "message": {"items": [', JSON),
                    "html": Answer(200, HTML_PAGE, "text/html; charset=utf-8"),
                }
                return self._send(answers[kind])

            def _send(self, answer: Answer) -> None:
                body = answer.body.encode("utf-8")
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", answer.content_type)
                    self.send_header("Content-Length", str(len(body)))
                    if service.rate_limit:
                        self.send_header("X-Rate-Limit-Limit", str(int(service.rate_limit)))
                        self.send_header("X-Rate-Limit-Interval", "1s")
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler


# ---- responses written in the image of the recorded ones ---------------------------------

def crossref_work(template: dict[str, Any], doi: str, title: str, authors: list[tuple[str, str]],
                  year: int, container: str, kind: str = "proceedings-article",
                  score: float = 50.0, page: str = "") -> dict[str, Any]:
    """A Crossref work item shaped like `template` (an item of a recorded works list)."""
    item = copy.deepcopy(template)
    item.update({
        "DOI": doi, "URL": f"https://doi.org/{doi}", "title": [title], "type": kind,
        "author": [{"given": g, "family": f, "sequence": "first" if i == 0 else "additional",
                    "affiliation": []} for i, (g, f) in enumerate(authors)],
        "issued": {"date-parts": [[year]]}, "published": {"date-parts": [[year]]},
        "container-title": [container], "score": score,
    })
    item.pop("subtitle", None)
    if page:
        item["page"] = page
    else:
        item.pop("page", None)
    return item


def crossref_list(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"status": "ok", "message-type": "work-list", "message-version": "1.0.0",
            "message": {"facets": {}, "total-results": len(items), "items": items,
                        "items-per-page": len(items), "query": {"start-index": 0,
                                                               "search-terms": None}}}


def dblp_hit(title: str, authors: list[str], venue: str, year: int, key: str,
             pages: str = "", doi: str = "", kind: str = "Conference and Workshop Papers"
             ) -> dict[str, Any]:
    """A DBLP search hit, in the current API's shape (authors with @pid and text)."""
    info: dict[str, Any] = {
        "authors": {"author": [{"@pid": f"{i}/{i}", "text": a} for i, a in enumerate(authors)]},
        "title": title + ".", "venue": venue, "year": str(year), "type": kind, "key": key,
        "url": f"https://dblp.org/rec/{key}",
    }
    if pages:
        info["pages"] = pages
    if doi:
        info.update({"doi": doi.upper(), "ee": f"https://doi.org/{doi}"})
    return {"@score": "5", "@id": "1", "info": info, "url": "URL#1"}


def dblp_result(hits: list[dict[str, Any]], query: str = "") -> dict[str, Any]:
    return {"result": {"query": query, "status": {"@code": "200", "text": "OK"},
                       "hits": {"@total": str(len(hits)), "@computed": str(len(hits)),
                                "@sent": str(len(hits)), "@first": "0", "hit": hits}}}


def openalex_work(doi: str, title: str, authors: list[str], year: int, source: str,
                  kind: str = "article", first_page: str = "", last_page: str = ""
                  ) -> dict[str, Any]:
    return {"id": "https://openalex.org/W1", "doi": f"https://doi.org/{doi}", "title": title,
            "display_name": title, "publication_year": year, "type": kind,
            "authorships": [{"author_position": "first" if i == 0 else "middle",
                             "author": {"id": f"https://openalex.org/A{i}", "display_name": a}}
                            for i, a in enumerate(authors)],
            "primary_location": {"source": {"display_name": source}},
            "biblio": {"volume": None, "issue": None, "first_page": first_page or None,
                       "last_page": last_page or None}}


def s2_paper(title: str, authors: list[str], year: int, venue: str, doi: str = "",
             match_score: float = 100.0) -> dict[str, Any]:
    ids = {"DOI": doi} if doi else {}
    return {"paperId": "0" * 40, "externalIds": ids, "title": title, "year": year,
            "venue": venue, "authors": [{"authorId": str(i), "name": a}
                                        for i, a in enumerate(authors)],
            "matchScore": match_score}


def arxiv_feed(entries: list[str]) -> str:
    return ("<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns:opensearch=\"http://a9.com/-/"
            "spec/opensearch/1.1/\" xmlns:arxiv=\"http://arxiv.org/schemas/atom\" "
            "xmlns=\"http://www.w3.org/2005/Atom\">\n"
            f"  <opensearch:totalResults>{len(entries)}</opensearch:totalResults>\n"
            + "".join(entries) + "</feed>\n")


def arxiv_entry(arxiv_id: str, title: str, authors: list[str], published: str,
                primary: str) -> str:
    names = "".join(f"    <author>\n      <name>{a}</name>\n    </author>\n" for a in authors)
    return (f"  <entry>\n    <id>http://arxiv.org/abs/{arxiv_id}v1</id>\n"
            f"    <title>{title}</title>\n    <published>{published}</published>\n"
            f"    <arxiv:primary_category term=\"{primary}\"/>\n{names}  </entry>\n")


def cassette_body(path: Path, index: int = 0) -> tuple[int, str]:
    """Status and body text of one interaction of a vcrpy cassette with a plain-text body."""
    import yaml

    interaction = yaml.safe_load(path.read_text(encoding="utf-8"))["interactions"][index]
    response = interaction["response"]
    return response["status"]["code"], response["body"]["string"]
