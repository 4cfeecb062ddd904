"""Reader pages: an article with its extraction marked in the text, an entity across sources, an event's story.

A Datasette plugin of this project, loaded with --plugins-dir (make serve
does). It adds, to the row pages of `articles`, `entities` and
`event_clusters`, what a reader wants there; the templates beside it
(../templates/row-news-*.html) lay it out, and the raw row stays below.

Every mark comes from stored offsets. Text is escaped piece by piece; a mark
whose offsets do not fit the text is left out (the words show unmarked), so
a damaged row can never break the page. It also links the ids in canned
query results (article_id, entity ids, cluster_id) to these pages.
"""


from collections import Counter
from dataclasses import dataclass

from datasette import hookimpl
from markupsafe import Markup, escape

FIELDS = ("title", "subtitle", "caption", "body")
#: The kinds of mark, in the order a legend lists them, with what each is.
KINDS = {
    "entity": "people, organizations and other named entities",
    "country": "countries, by name, demonym or capital",
    "quote": "direct quotations",
    "date": "dates that date an event",
}
#: The most rows a list of a reader page shows; the tables have them all. (The entity page showed 500
#: mentions until rendering them took 80 ms of its 340 at 100,000 articles.)
LIMIT = 200
MENTIONS_LIMIT = 200
#: From how many articles an entity's first articles in source order are found by walking the sources in
#: that order (each checked for a mention) rather than by sorting every article that mentions it: the walk
#: reads about MENTIONS_LIMIT x articles / article_count rows, the sort article_count.
WALK_FROM = 5000
#: Every kind of mark, in nesting order on a tie: the legend's, then an event's trigger words (on the story page).
ORDER = [*KINDS, "event"]
#: Query result columns that name a row of a reader page.
LINKED_COLUMNS = {"article_id": "articles", "cluster_id": "event_clusters", "entity_id": "entities",
                  "speaker_entity_id": "entities"}


@dataclass
class Mark:
    start: int
    end: int
    kind: str
    data: dict[str, str]  # data-* attributes: the row each mark stands for
    href: str | None = None
    title: str = ""
    expected: str | None = None  # the words the row says are there; None when it does not store them
    anchor: str | None = None


def fits(text: str, mark: Mark) -> bool:
    """True when the mark's offsets lie in the text and cover the words its row stores."""
    if not (isinstance(mark.start, int) and isinstance(mark.end, int) and 0 <= mark.start < mark.end <= len(text)):
        return False
    return mark.expected is None or text[mark.start : mark.end] == mark.expected


def marked(text: str, marks: list[Mark]) -> Markup:
    """The text as HTML, escaped, with each mark that fits wrapped in an element that carries its row.

    Marks nest; where two cross, the inner one is closed and opened again,
    so the markup is always well formed. A link inside a link becomes a
    plain span (HTML allows no nested links); its row is still on it.
    """
    usable = sorted((m for m in marks if fits(text, m)), key=lambda m: (m.start, -m.end, ORDER.index(m.kind)))
    bounds = sorted({0, len(text), *(m.start for m in usable), *(m.end for m in usable)})
    starting: dict[int, list[Mark]] = {}
    for m in usable:
        starting.setdefault(m.start, []).append(m)
    out: list[str] = []
    stack: list[Mark] = []
    for here, following in zip(bounds, bounds[1:] + [None]):
        # close what ends here, closing and reopening what lies inside it
        if any(m.end == here for m in stack):
            reopen = []
            while any(m.end == here for m in stack):
                top = stack.pop()
                out.append(_close(top, stack, final=top.end == here))
                if top.end != here:
                    reopen.append(top)
            for m in reversed(reopen):
                out.append(_open(m, stack, again=True))
                stack.append(m)
        for m in starting.get(here, []):
            out.append(_open(m, stack))
            stack.append(m)
        if following is not None:
            out.append(str(escape(text[here:following])))
    while stack:
        out.append(_close(stack.pop(), stack, final=True))
    return Markup("".join(out))


def _is_link(mark: Mark, outer: list[Mark]) -> bool:
    return mark.href is not None and not any(m.href and m.kind != "quote" for m in outer)


def _open(mark: Mark, outer: list[Mark], again: bool = False) -> str:
    attributes = {"class": f"mk mk-{mark.kind}", "title": mark.title, **{f"data-{k}": v for k, v in mark.data.items()}}
    if mark.anchor and not again:
        attributes["id"] = mark.anchor
    if again:
        attributes["data-continued"] = "1"
    if mark.kind != "quote" and _is_link(mark, outer):
        attributes["href"] = mark.href
        tag = "a"
    else:
        tag = "span"
    rendered = " ".join(f'{name}="{escape(value)}"' for name, value in attributes.items() if value)
    return f"<{tag} {rendered}>"


def _close(mark: Mark, outer: list[Mark], final: bool) -> str:
    if mark.kind == "quote":  # a quotation is long: its link is a small [quote] at its end
        link = f'<a class="mk-ref" href="{escape(mark.href)}" aria-label="{escape(mark.title)}">[quote]</a>' if mark.href and final else ""
        return f"{link}</span>"
    return "</a>" if _is_link(mark, outer) else "</span>"


# ---- queries ---------------------------------------------------------------------------------------------

async def _rows(db, sql: str, params: dict | list = ()) -> list[dict]:
    return [dict(r) for r in (await db.execute(sql, params)).rows]


def _source(row: dict) -> str:
    return row.get("publisher") or row["article_id"]


async def article_view(db, article_id: str) -> dict | None:
    """Everything the article page shows: the fields marked, who is quoted, what is dated."""
    found = await _rows(db, "select * from articles where id = :id", {"id": article_id})
    if not found:
        return None
    article = found[0]
    marks: dict[str, list[Mark]] = {name: [] for name in FIELDS}
    for m in await _rows(db, """select m.id, m.field, m.start, m."end", m.text, e.id as entity_id, e.name, e.type
                                from mentions m join entities e on e.id = m.entity_id where m.article_id = :id""", {"id": article_id}):
        marks[m["field"]].append(Mark(m["start"], m["end"], "entity", {"mention": str(m["id"]), "entity": str(m["entity_id"])},
                                      f"/news/entities/{m['entity_id']}", f"{m['name']} ({m['type']})", m["text"], f"m{m['id']}"))
    for c in await _rows(db, """select m.id, m.field, m.start, m."end", m.text, m.via, c.name from country_mentions m
                                join countries c on c.iso3 = m.iso3 where m.article_id = :id""", {"id": article_id}):
        marks[c["field"]].append(Mark(c["start"], c["end"], "country", {"country-mention": str(c["id"])},
                                      f"/news/country_mentions/{c['id']}", f"{c['name']} (by {c['via']})", c["text"]))
    quotes = await _rows(db, """select q.*, e.name as entity_name from quotes q left join entities e on e.id = q.speaker_entity_id
                                where q.article_id = :id order by q.field, q.start""", {"id": article_id})
    for q in quotes:
        who = q["entity_name"] or q["speaker"] or "speaker not stated"
        marks[q["field"]].append(Mark(q["start"], q["end"], "quote", {"quote": str(q["id"])}, f"/news/quotes/{q['id']}",
                                      f"quote {q['id']}: said by {who}" + (" (unnamed source)" if q["anonymous"] else ""), q["text"]))
    events = await _rows(db, """select e.*, c.label, c.agreement from events e join event_clusters c on c.id = e.cluster_id
                                where e.article_id = :id order by e.field, e.start""", {"id": article_id})
    dated: dict[tuple, Mark] = {}
    for e in events:
        if e["date_text_start"] is None:
            continue
        key = (e["field"], e["date_text_start"], e["date_text_end"])
        what = f"{e['type']} ({e['trigger']}): {e['date'] or 'unresolved'}" + (f" to {e['date_end']}" if e["date_end"] and e["date_end"] != e["date"] else "")
        what += f", {e['date_precision']}, from {e['date_basis']}" if e["date_basis"] else ""
        if key in dated:  # one date can date several events
            dated[key].data["event"] += f" {e['id']}"
            dated[key].title += f"; {what}"
        else:
            dated[key] = Mark(e["date_text_start"], e["date_text_end"], "date", {"event": str(e["id"])},
                              f"/news/event_clusters/{e['cluster_id']}", what)
            marks[e["field"]].append(dated[key])
    texts = {name: marked(article[name], marks[name]) if article[name] else None for name in FIELDS}
    unmarked = sum(1 for name in FIELDS if article[name] for m in marks[name] if not fits(article[name], m))
    speakers = Counter((q["speaker_entity_id"], q["entity_name"] or q["speaker"] or "(not stated)", q["anonymous"]) for q in quotes)
    authors = await _rows(db, """select w.id, w.name, a.source from article_authors a join authors w on w.id = a.author_id
                                 where a.article_id = :id order by a.position""", {"id": article_id})
    return {
        "article": article,
        "paragraphs": {name: _paragraphs(texts[name]) for name in FIELDS if texts[name]},
        "speakers": [{"entity_id": k[0], "name": k[1], "anonymous": k[2], "quotes": n} for k, n in speakers.most_common()],
        "events": [e for e in events if e["date"] or e["date_text"]],
        "authors": authors,
        "kinds": KINDS,
        "unmarked": unmarked,
    }


def _paragraphs(html: Markup) -> list[Markup]:
    """Paragraphs split at blank lines (a mark never spans one: marks sit within sentences)."""
    return [Markup(p) for p in str(html).split("\n\n")]


async def entity_view(db, entity_id: str) -> dict | None:
    found = await _rows(db, "select * from entities where id = :id", {"id": entity_id})
    if not found:
        return None
    # The first articles in source order are chosen before any mention is read: an entity named in most
    # of 100,000 articles has hundreds of thousands of mentions, and only MENTIONS_LIMIT are shown.
    # A common one (Romania, in 83,000 of 100,000) walks the sources in order (120 -> 2 ms); a rare one
    # sorts its few articles, where the walk would read every source to find them.
    first = ("""select a.id, a.publisher, a.title from articles a  -- read in the order of articles_source
                where exists (select 1 from mentions m where m.entity_id = :id and m.article_id = a.id)"""
             if found[0]["article_count"] >= WALK_FROM else
             """select a.id, a.publisher, a.title from articles a
                where a.id in (select article_id from mentions where entity_id = :id)""")
    mentions = await _rows(db, f"""
        with first as (
          {first}
          order by coalesce(a.publisher, a.id), a.id limit :limit
        )
        select m.id, m.article_id, m.field, m.start, m."end", m.text, s.start as s_start, s.text as sentence, a.publisher, a.title
        from first a cross join mentions m on m.entity_id = :id and m.article_id = a.id join sentences s on s.id = m.sentence_id
        order by coalesce(a.publisher, a.id), a.id, m.field, m.start limit :limit""", {"id": entity_id, "limit": MENTIONS_LIMIT})
    # (CROSS JOIN keeps `first` the outer loop: left to itself SQLite read all 170,000 mentions of Romania.)
    sources: dict[str, dict] = {}
    for m in mentions:
        at = m["start"] - m["s_start"]
        mark = Mark(at, at + m["end"] - m["start"], "entity", {"mention": str(m["id"])}, None, "", m["text"])
        group = sources.setdefault(m["article_id"], {"source": _source(m), "article_id": m["article_id"], "title": m["title"], "lines": []})
        group["lines"].append({"id": m["id"], "html": marked(m["sentence"], [mark])})
    quotes = await _rows(db, """select q.id, q.text, q.cue, q.article_id, a.publisher from quotes q join articles a on a.id = q.article_id
                                where q.speaker_entity_id = :id order by q.article_id, q.start limit :limit""", {"id": entity_id, "limit": LIMIT})
    events = await _rows(db, """select cluster_id, label, date, roles, sources from entity_events  -- a summary made at load
                                where entity_id = :id order by date is null, date, cluster_id limit :limit""", {"id": entity_id, "limit": LIMIT})
    for row in quotes:
        row["source"] = _source(row)
    return {"entity": found[0], "sources": list(sources.values()), "quotes": quotes, "events": events, "shown": len(mentions)}


async def story_view(db, cluster_id: str) -> dict | None:
    found = await _rows(db, "select * from event_clusters where id = :id", {"id": cluster_id})
    if not found:
        return None
    # The dates every report gives, counted over the whole event; the reports listed are the first LIMIT.
    dates = Counter({(r["date"], r["date_end"]): r["n"] for r in await _rows(
        db, "select date, date_end, count(*) as n from events where cluster_id = :id and date is not null group by 1, 2", {"id": cluster_id})})
    common = dates.most_common(1)[0][0] if dates else None
    # The reports shown are chosen on short keys first, then only they are read whole with their sentences
    # (an event reported by 7,000 sources at 100,000 articles: 34 -> 25 ms).
    claims = await _rows(db, """
        with first as (
          select e.id, e.date is null as undated, coalesce(a.publisher, a.id) as source
          from events e join articles a on a.id = e.article_id
          where e.cluster_id = :id order by e.date is null, coalesce(a.publisher, a.id), e.article_id, e.start limit :limit
        )
        select e.*, a.publisher, a.title, s.start as s_start, s.text as sentence
        from first f join events e on e.id = f.id join articles a on a.id = e.article_id join sentences s on s.id = e.sentence_id
        order by f.undated, f.source, e.article_id, e.start""",
        {"id": cluster_id, "limit": LIMIT})
    for c in claims:
        c["source"] = _source(c)
        c["disagrees"] = bool(c["date"]) and len(dates) > 1 and (c["date"], c["date_end"]) != common
        marks = [Mark(c["start"] - c["s_start"], c["end"] - c["s_start"], "event", {"trigger": str(c["id"])}, None, "the words that report it", c["trigger"])]
        if c["date_text_start"] is not None:
            marks.append(Mark(c["date_text_start"] - c["s_start"], c["date_text_end"] - c["s_start"], "date", {"event": str(c["id"])}))
        c["html"] = marked(c["sentence"], marks)
    # Who takes part, from the summary of each entity's events (one row per entity and event, its roles
    # listed), not from every participant of every report: 29 -> 5 ms for the event of 7,000 sources.
    takers = await _rows(db, """select x.entity_id, n.name, n.type, x.roles from entity_events x join entities n on n.id = x.entity_id
                                where x.cluster_id = :id""", {"id": cluster_id})
    who = sorted(({"entity_id": t["entity_id"], "name": t["name"], "type": t["type"], "role": role}
                  for t in takers for role in t["roles"].split(",")), key=lambda p: (p["role"], p["name"]))[:LIMIT]
    return {"cluster": found[0], "claims": claims, "common": common, "participants": who}


VIEWS = {"articles": article_view, "entities": entity_view, "event_clusters": story_view}


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    if view_name != "row" or database != "news" or table not in VIEWS or request is None:
        return {}
    view = VIEWS[table]

    async def inner():
        from datasette.utils import tilde_decode

        key = tilde_decode(request.url_vars.get("pks", ""))
        return {"reader": await view(datasette.get_database(database), key)}

    return inner


@hookimpl
def render_cell(value, column, table, database, datasette):
    """In query results, an article, entity or event cluster id links to its reader page."""
    if table is not None or database != "news" or column not in LINKED_COLUMNS or value is None:
        return None
    return Markup(f'<a href="/news/{LINKED_COLUMNS[column]}/{escape(value)}">{escape(value)}</a>')
