"""Fetch throughput against a local server that adds 50 ms to every response.

    python benchmarks/fetch.py [--month 2025-03] [--delay 0.05] [--concurrency 4]

Fetching a month (about 22 weekdays, 25 papers each; weekends empty) should take close to
(requests / concurrency) x delay. Prints both and their ratio (1.0 is ideal).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from dailypapers.fetch import days_of, fetch_days


def papers_of(day: date, count: int = 25) -> list[dict]:
    if day.weekday() >= 5:
        return []
    return [{"paper": {"id": f"{day:%y%m}.{day.day:02d}{n:03d}", "title": f"Paper {n} of {day}",
                       "authors": [{"name": f"Author {k}"} for k in range(7)],
                       "publishedAt": f"{day}T00:00:00.000Z",
                       "submittedOnDailyAt": f"{day}T00:00:00.000Z", "upvotes": n,
                       "ai_keywords": ["benchmarks", "fetching"]},
             "publishedAt": f"{day}T00:00:00.000Z", "title": f"Paper {n} of {day}",
             "summary": "An abstract.", "numComments": 0} for n in range(count)]


def serve(delay: float) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            time.sleep(delay)
            query = parse_qs(urlparse(self.path).query)
            day, page = date.fromisoformat(query["date"][0]), int(query.get("p", ["0"])[0])
            body = json.dumps(papers_of(day) if page == 0 else []).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--month", default="2025-03")
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    server = serve(args.delay)
    os.environ["HF_ENDPOINT"] = f"http://127.0.0.1:{server.server_address[1]}"
    days = days_of(month=args.month)
    with tempfile.TemporaryDirectory() as cache:
        start = time.perf_counter()
        report = fetch_days(days, cache=cache, concurrency=args.concurrency, quiet=True)
        seconds = time.perf_counter() - start
        start = time.perf_counter()
        cached = fetch_days(days, cache=cache, concurrency=args.concurrency, quiet=True)
        again = time.perf_counter() - start
    server.shutdown()
    ideal = report.requests / args.concurrency * args.delay
    print(f"days {len(days)}, requests {report.requests}, papers {report.frame.height}, "
          f"failures {len(report.failures)}")
    print(f"{'run':<12} {'seconds':>8} {'ideal':>8} {'ratio':>6}")
    print(f"{'fetch':<12} {seconds:>8.3f} {ideal:>8.3f} {seconds / ideal:>6.2f}")
    print(f"{'from cache':<12} {again:>8.3f} {'-':>8} {'-':>6}   "
          f"({cached.requests} requests, {cached.cached} cached responses)")


if __name__ == "__main__":
    main()
