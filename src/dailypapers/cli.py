"""The command line: ``dailypapers ingest | fetch | info | slides`` (``--help`` on each).

Each command imports what it needs when it runs, so ``--help`` answers at once.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from .errors import DailyPapersError
from .paths import default_store, reports_dir
from .words import counted, plural

#: How long a writer waits for another (``--lock-timeout``), in seconds; see store.LOCK_TIMEOUT.
LOCK_TIMEOUT = 600.0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a day (use YYYY-MM-DD)') from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dailypapers", description="Hugging Face Daily Papers listings as one tidy table.")
    commands = parser.add_subparsers(dest="command", required=True)

    cmd = commands.add_parser("ingest", help="read listings (copied text, saved HTML, API JSON) "
                              "into the store")
    cmd.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    cmd.add_argument("--as-of", type=_day, metavar="YYYY-MM-DD",
                     help="the day the listing was copied or fetched (default: inferred)")
    cmd.add_argument("--store", type=Path, help=f"Parquet store (default {default_store()})")
    cmd.add_argument("--strict", action="store_true",
                     help="exit non-zero when any input line was skipped")
    cmd.add_argument("--show-all", action="store_true",
                     help="print every skipped line and note (default: the first 5 of each)")
    _lock_timeout(cmd)

    cmd = commands.add_parser("fetch", help="fetch days (or a search, or the papers' impact) "
                              "from the Hub API into the store; responses are cached under "
                              "data/raw/api/")
    which = cmd.add_mutually_exclusive_group()
    which.add_argument("--date", type=_day, metavar="YYYY-MM-DD")
    which.add_argument("--week", metavar="YYYY-Www")
    which.add_argument("--month", metavar="YYYY-MM")
    which.add_argument("--since", type=_day, metavar="YYYY-MM-DD")
    which.add_argument("--search", metavar="QUERY")
    cmd.add_argument("--until", type=_day, metavar="YYYY-MM-DD",
                     help="last day with --since (default today)")
    cmd.add_argument("--impact", action="store_true",
                     help="the models, datasets and Spaces citing the store's papers (those "
                          "published --since/--until, of --org, or each --paper)")
    cmd.add_argument("--full", action="store_true",
                     help="with --impact: also page the complete lists (creation dates, "
                          "all-time downloads): models of each paper with any, datasets and "
                          "Spaces where the page shows only a preview (one request per 100)")
    cmd.add_argument("--org", action="append", default=[], metavar="HANDLE",
                     help="with --impact: the papers of this organization (repeat)")
    cmd.add_argument("--paper", action="append", default=[], metavar="ARXIV_ID",
                     help="with --impact: this paper (repeat)")
    cmd.add_argument("--store", type=Path)
    cmd.add_argument("--refresh", action="store_true", help="re-fetch even what is cached")
    cmd.add_argument("--offline", action="store_true",
                     help="use only the cache, never the network")
    cmd.add_argument("--settle-days", type=int, default=14, metavar="N",
                     help="re-fetch days cached less than N days after the day (default 14)")
    cmd.add_argument("--concurrency", type=int, default=4, metavar="N")
    cmd.add_argument("--quiet", action="store_true", help="no progress bar")
    _lock_timeout(cmd)

    cmd = commands.add_parser("info", help="papers, date span, sources, nulls per column")
    cmd.add_argument("--store", type=Path)

    cmd = commands.add_parser("slides", help="the standard deck of charts as a 16:9 .pptx")
    cmd.add_argument("--store", type=Path)
    cmd.add_argument("--out", type=Path, default=None,
                     help="the deck to write (default reports/<title>.pptx); an existing "
                          "deck is kept and the next free name (-2, -3 …) used")
    cmd.add_argument("--overwrite", action="store_true", help="replace an existing deck")
    cmd.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="first published day")
    cmd.add_argument("--until", type=_day, metavar="YYYY-MM-DD", help="last published day")
    cmd.add_argument("--org", action="append", default=[], metavar="HANDLE",
                     help="keep this Hub organization (repeat for several)")
    cmd.add_argument("--keyword", action="append", default=[], metavar="KEYWORD",
                     help="keep papers with this keyword, named any way the data writes it "
                          "or as an abbreviation (repeat: papers with all of them)")
    cmd.add_argument("--vocabulary", choices=("keywords", "text"), default="keywords",
                     help="where --keyword looks: the Hub's keywords (default) or keyphrases "
                          "of titles and abstracts")
    cmd.add_argument("--title", default="Daily Papers")
    return parser


def _lock_timeout(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--lock-timeout", type=float, default=LOCK_TIMEOUT, metavar="SECONDS",
                     help="how long to wait while another process writes the store "
                          f"(default {LOCK_TIMEOUT:g}); then exit 2, the store untouched")


def _ingest(args: argparse.Namespace) -> int:
    from .store import ingest

    report = ingest(args.paths, store=args.store, as_of=args.as_of,
                    lock_timeout=args.lock_timeout)
    print(report.summary(None if args.show_all else 5))
    if args.strict and report.skipped:
        print(f"error: --strict: {counted(len(report.skipped), 'line')} skipped", file=sys.stderr)
        return 1
    return 0


def _info(args: argparse.Namespace) -> int:
    from .compute import describe
    from .store import load

    facts = describe(load(args.store))
    print(f"store: {args.store or default_store()}")
    print(f"papers: {facts['papers']:,}   published: {facts['first']} → {facts['last']}")
    print("sources (papers, files, folder):")
    for folder, _, kind, files, papers in facts["sources"].iter_rows():
        print(f"  {papers:>7,}  {files:>5,} {plural(files, kind)} in {folder}")
    print("share of nulls per column:")
    for name, share in facts["null_share"].items():
        print(f"  {name:<18} {share:6.1%}")
    return 0


def _fetch(args: argparse.Namespace) -> int:
    from .fetch import days_of, fetch_days, search_report
    from .store import merge_listings

    if args.until and not args.since:
        raise DailyPapersError("--until goes with --since")
    if args.impact:
        return _fetch_impact(args)
    if args.org or args.paper or args.full:
        raise DailyPapersError("--org, --paper and --full go with --impact")
    if not any((args.date, args.week, args.month, args.since, args.search)):
        raise DailyPapersError("say what to fetch: --date, --week, --month, --since, --search "
                               "or --impact")
    if args.search is not None:
        report = search_report(args.search, refresh=args.refresh, offline=args.offline)
        what = f'search "{args.search}"'
    else:
        days = days_of(day=args.date, week=args.week, month=args.month, since=args.since,
                       until=args.until)
        report = fetch_days(days, refresh=args.refresh, offline=args.offline,
                            settle_days=args.settle_days, concurrency=args.concurrency,
                            quiet=args.quiet)
        what = f"{counted(len(days), 'day')} {days[0]} → {days[-1]}"
    path = args.store or default_store()
    merged = merge_listings(report.listings, path, lock_timeout=args.lock_timeout)
    print(f"{what}: {counted(report.requests, 'request')}, "
          f"{counted(report.cached, 'cached response')}; "
          f"{merged.papers_read} rows: {merged.new} new, {merged.updated} updated, "
          f"{merged.unchanged} unchanged; store: {path} ({merged.total} papers)")
    for failure in report.failures:
        print(f"error: {failure}", file=sys.stderr)
    return 1 if report.failures else 0


def _fetch_impact(args: argparse.Namespace) -> int:
    import polars as pl

    from .hub import RATE_WINDOW, hub_rate, minutes_for
    from .impact import fetch_impact, record_impact
    from .store import load

    if args.date or args.week or args.month or args.search:
        raise DailyPapersError("--impact takes --since/--until, --org and --paper, not "
                               "--date, --week, --month or --search")
    path = args.store or default_store()
    papers = load(path).lazy()
    if args.since:
        papers = papers.filter(pl.col("published_on") >= args.since)
    if args.until:
        papers = papers.filter(pl.col("published_on") <= args.until)
    if args.org:
        papers = papers.filter(pl.col("organization").is_in(args.org))
    # --paper alone: those papers; with --since/--until/--org: theirs too; nothing: all
    filtered = args.since or args.until or args.org or not args.paper
    ids = papers.select("paper_id").collect()["paper_id"].to_list() if filtered else []
    ids = sorted({i for i in ids if not i.startswith("title:")} | set(args.paper))
    if not ids:
        print("error: no paper of the store is selected (see --since, --org, --paper)",
              file=sys.stderr)
        return 2
    rate, token = hub_rate(), bool(os.environ.get("HF_TOKEN"))
    minutes = minutes_for(len(ids), rate)
    print(f"{counted(len(ids), 'paper page')} to read (cached ones are not asked again): "
          + (f"at most {minutes:.0f} min" if minutes >= 1 else "under a minute")
          + f" at the Hub's {'' if token else 'anonymous '}rate of {rate} requests per "
          f"{RATE_WINDOW / 60:.0f} minutes"
          + (", and one more per 100 repositories where a page shows a preview" if args.full
             else "") + ("" if token else "; HF_TOKEN doubles it"))
    report = fetch_impact(ids, refresh=args.refresh, offline=args.offline, full=args.full,
                          concurrency=args.concurrency, quiet=args.quiet)
    counts, repos = record_impact(report, path, args.lock_timeout)
    latest = report.counts.filter(pl.col("total") > 0)
    having = {kind: latest.filter(pl.col("kind") == kind).height
              for kind in ("model", "dataset", "space")}
    print(f"{counted(report.requests, 'request')}, {report.cached:,} cached; "
          f"{having['model']} with a model, {having['dataset']} with a dataset, "
          f"{having['space']} with a Space; {len(report.not_indexed)} not indexed by the Hub; "
          + (f"{report.listed} with complete lists; " if args.full else "") +
          f"{counted(counts, 'count')} and {counted(repos, 'repository row')} added beside "
          f"{path}")
    for failure in report.failures:
        print(f"error: {failure}", file=sys.stderr)
    return 1 if report.failures else 0


def _slides(args: argparse.Namespace) -> int:
    from .export import export_slides, free_path, slug, standard_charts
    from .filters import Filters, Lookup, describe_data
    from .prepared import prepare

    # prepared, so that a filter keeps papers of the whole store (its listing days, the days
    # it covers) as the panel's do; the impact fetched beside it joined, for its slides
    every = prepare(args.store or default_store())
    lookup = Lookup(every)
    unknown = [k for k in args.keyword if lookup.keyword(k, args.vocabulary) is None]
    if unknown:
        where = "Hub keywords" if args.vocabulary == "keywords" else "keyphrases"
        print(f"error: no paper of the store has the {where} {', '.join(map(repr, unknown))}"
              + ("" if args.vocabulary == "text" else " (--vocabulary text looks in titles "
                 "and abstracts)"), file=sys.stderr)
        return 2
    filters = Filters(since=args.since, until=args.until, organizations=tuple(args.org),
                      keywords=tuple(args.keyword), vocabulary=args.vocabulary
                      ).resolve(every, lookup)
    papers = filters.apply(every)
    named = filters.describe_in(lookup)  # as the data names them: "keyword: world models"
    if papers.height == 0:
        print(f"error: no papers left after the filter ({named})", file=sys.stderr)
        return 2
    wanted = args.out or reports_dir() / f"{slug(args.title)}.pptx"
    out = free_path(wanted, args.overwrite)
    if out != wanted:
        print(f"{wanted} exists: writing {out} (pass --overwrite to replace it)")
    charts = standard_charts(papers)
    export_slides(charts, out, title=args.title,
                  subtitle=f"{counted(papers.height, 'paper')} · {named}",
                  footnote=describe_data(papers, filters, lookup.organization_names(),
                                         lookup.keyword_labels(filters.keywords,
                                                               filters.vocabulary)))
    print(f"wrote {out} ({len(charts) + 1} slides, {counted(papers.height, 'paper')}; "
          f"filter: {named})")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``dailypapers`` command; returns the exit status."""
    args = build_parser().parse_args(argv)
    handlers = {"ingest": _ingest, "fetch": _fetch, "info": _info, "slides": _slides}
    try:
        return handlers[args.command](args)
    except DailyPapersError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader went away (`dailypapers info | head`): stop quietly, as other tools do
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes stdout at exit
        return 0
    except Exception as exc:
        # polars is imported by the command, not here: recognise its errors by module
        if type(exc).__module__.startswith("polars"):
            print(f"error: {exc}", file=sys.stderr)
            return 2
        raise
    except KeyboardInterrupt:
        print("interrupted: the store is unchanged unless a write had finished", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
