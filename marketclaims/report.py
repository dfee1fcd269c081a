"""One self-contained HTML report of checked claims, with a small inline SVG chart per claim.

Contradicted claims come first, then unverifiable, then supported. Each card shows the
sentence, the source link, the evidence (definition, bounds, rows) and a chart of the
series around the claim's date marking the claimed and the observed value. Charts are
drawn with matplotlib (the ``report`` extra) and inlined as SVG, so the file opens offline.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from collections import Counter
from typing import Any

from sqlite_utils import Database

from . import __version__, store
from .verify import explain

__all__ = ["build_report"]

ORDER = {"contradicted": 0, "unverifiable": 1, "supported": 2}
COLOURS = {"supported": "#1a7f37", "contradicted": "#cf222e", "unverifiable": "#9a6700"}
STYLE = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;max-width:1000px;padding:24px;color:#1f2328}
h1{margin:0 0 4px}.muted{color:#59636e}.summary{display:flex;gap:12px;margin:16px 0 24px}
.pill{border-radius:8px;padding:10px 16px;color:#fff;font-weight:600}
.card{border:1px solid #d1d9e0;border-left:6px solid var(--c);border-radius:8px;padding:12px 16px;margin:0 0 16px}
.card h3{margin:0 0 6px;font-size:16px}.badge{color:#fff;background:var(--c);border-radius:4px;padding:1px 8px;font-size:13px}
blockquote{margin:8px 0;padding:4px 12px;border-left:3px solid #d1d9e0;color:#333}
table{border-collapse:collapse;font-size:13px;margin:6px 0}td,th{border:1px solid #d1d9e0;padding:2px 8px;text-align:left}
.chart svg{max-width:100%;height:auto}.demo{background:#fff8c5;padding:2px 6px;border-radius:4px}
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _chart(db: Database, claim: dict[str, Any], evidence: dict[str, Any]) -> str:
    """The series around the claim's date, the rows used, the claimed and the observed value."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series_id = evidence.get("series")
    rows = evidence.get("rows") or []
    if not series_id or not rows:
        return ""
    days = [dt.date.fromisoformat(r["date"]) for r in rows]
    lo, hi = min(days) - dt.timedelta(days=30), max(days) + dt.timedelta(days=10)
    data = list(db.query("SELECT date, close, high, low FROM prices WHERE series_id = ? AND date BETWEEN ? AND ? ORDER BY date",
                         [series_id, lo.isoformat(), hi.isoformat()]))
    if len(data) < 2:
        return ""
    plt.rcParams["svg.fonttype"] = "none"
    fig, ax = plt.subplots(figsize=(6.4, 2.2), dpi=80)
    from matplotlib.dates import date2num

    xs = date2num([dt.date.fromisoformat(r["date"]) for r in data])
    ax.plot(xs, [r["close"] for r in data], color="#0969da", linewidth=1.3, label=f"{series_id} close")
    if data[0]["high"] is not None:
        ax.fill_between(xs, [r["low"] for r in data], [r["high"] for r in data], color="#0969da", alpha=0.12, linewidth=0)
    for r in rows:
        ax.scatter(date2num([dt.date.fromisoformat(r["date"])]), [r["value"]], color="#1f2328", s=18, zorder=3)
    value, unit = claim.get("value"), claim.get("unit")
    colour = COLOURS.get(claim.get("verdict") or "", "#59636e")
    if value is not None and claim.get("kind") in ("price_level", "record_high", "record_low"):
        ax.axhline(value, color=colour, linestyle="--", linewidth=1.2, label=f"claimed {value:,.6g}")
    elif value is not None:
        ax.plot([], [], " ", label=f"claimed {value:,.6g} {unit or ''}, observed {evidence.get('observed')}")
    ax.xaxis_date()
    ax.legend(loc="best", fontsize=8, frameon=False)
    ax.tick_params(labelsize=8)
    fig.autofmt_xdate()
    fig.tight_layout()
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    plt.close(fig)
    svg = buf.getvalue()
    return svg[svg.index("<svg") :]


def _card(db: Database, c: dict[str, Any]) -> str:
    verdict = c.get("verdict") or "unverifiable"
    evidence = c.get("evidence") or {}
    colour = COLOURS.get(verdict, "#59636e")
    value = "" if c.get("value") is None else f" {c['value']:,.6g} {c.get('unit') or ''}"
    demo = ' <span class="demo">demonstration record, not from an article</span>' if c.get("source") == DEMO_SOURCE else ""
    link = f'<a href="{_e(c["article_url"])}">{_e(c.get("article_title") or c["article_url"])}</a>' if c.get("article_url") else _e(c.get("article_title"))
    rows = "".join(f"<tr><td>{_e(r['series'])}</td><td>{_e(r['date'])}</td><td>{_e(r['field'])}</td><td>{_e(r['value'])}</td></tr>"
                   for r in evidence.get("rows") or [])
    table = f"<table><tr><th>series</th><th>date</th><th>field</th><th>value</th></tr>{rows}</table>" if rows else ""
    chart = _chart(db, c, evidence) if verdict != "unverifiable" or evidence.get("rows") else ""
    return f"""
<section class="card" style="--c:{colour}" id="claim-{_e(c['id'])}">
<h3><span class="badge">{_e(verdict)}</span> {_e(c['kind'])} · {_e(c.get('subject'))}{_e(value)}
 <span class="muted">{_e(c.get('date') or c.get('period') or '')}</span>{demo}</h3>
<blockquote>{_e(c.get('text'))}</blockquote>
<div class="muted">{link} · {_e(c.get('source'))} · {_e(c.get('published'))} · claim {_e(c['id'])}</div>
<p>{_e(explain(c, c.get('verdict'), c.get('reason'), evidence))}</p>
{table}
<div class="chart">{chart}</div>
</section>"""


DEMO_SOURCE = "marketclaims demonstration records"


def build_report(db: Database, *, since: dt.date | None = None, title: str = "marketclaims report") -> str:
    """The HTML of the report over checked claims of articles published since ``since``."""
    flt = store.ClaimFilter(since=since)
    claims = [c for c in store.find_claims(db, flt, sort="verdict") if c.get("verdict")]
    claims.sort(key=lambda c: (ORDER.get(c["verdict"], 3), c.get("source") != DEMO_SOURCE, c.get("published") or ""))
    counts = Counter(c["verdict"] for c in claims)
    pills = "".join(f'<div class="pill" style="background:{COLOURS[v]}">{counts.get(v, 0)} {v}</div>'
                    for v in ("contradicted", "unverifiable", "supported"))
    articles = len({c["article_id"] for c in claims})
    cards = "".join(_card(db, c) for c in claims)
    generated = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    scope = f"articles published since {since.isoformat()}" if since else "all stored articles"
    body = re.sub(r"\n\s*\n", "\n", cards)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head>
<body>
<h1>{_e(title)}</h1>
<div class="muted">{len(claims)} checked claims in {articles} articles ({_e(scope)}) · generated {generated} by marketclaims {__version__}</div>
<div class="summary">{pills}</div>
{body}
<p class="muted">Prices: the series named in each card (see PROVENANCE.md of the bundled data; much of it is Yahoo Finance data for personal use).</p>
</body></html>
"""
