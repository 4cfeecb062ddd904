-- The news database: the single source of truth for its tables.
--
-- Every extracted row keeps its provenance: the article it came from and
-- character offsets into one of that article's stored texts. Offsets are
-- 0-based, `end` exclusive, counted in Unicode code points (Python string
-- indices, SQLite's substr() counts the same way: substr(body, start + 1, end - start)).

PRAGMA foreign_keys = ON;

-- The types an entity or an event can have. Filled at load from the one list
-- each has (scripts/extract/data/entities.yml and events.yml), so a type added
-- there is a type here; the columns that use them are foreign keys.
CREATE TABLE entity_types (
    name        TEXT PRIMARY KEY,
    description TEXT NOT NULL
);
CREATE TABLE event_types (
    name        TEXT PRIMARY KEY,
    description TEXT NOT NULL
);

-- One row per accepted seed file: a text file or a saved web page.
-- Each metadata value says where it came from: `text` (stated in the
-- article's text), `html-meta` (the saved page's metadata) or `manifest`
-- (seeds/manifest.yml, which wins where it is filled; see curation).
CREATE TABLE articles (
    id               TEXT PRIMARY KEY,          -- the seed file's name without .txt or .html
    file             TEXT NOT NULL UNIQUE,      -- the seed file's name in seeds/
    format           TEXT NOT NULL CHECK (format IN ('text', 'html')),
    title            TEXT,                      -- the headline, when the text has one
    subtitle         TEXT,                      -- the standfirst under the headline
    caption          TEXT,                      -- photo captions, one per line
    publisher        TEXT,                      -- the outlet's name
    publisher_source TEXT CHECK (publisher_source IN ('html-meta', 'manifest')),
    url              TEXT,
    url_source       TEXT CHECK (url_source IN ('text', 'html-meta', 'manifest')),
    published        TEXT CHECK (published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    published_source TEXT CHECK (published_source IN ('text', 'html-meta', 'manifest')),
    published_text   TEXT,                      -- the words that state the date, as written
    byline           TEXT,                      -- the authors as the text or page gives them; one row each in article_authors
    byline_source    TEXT CHECK (byline_source IN ('text', 'html-meta', 'manifest')),
    language         TEXT,                      -- ISO 639 code the page declares (<html lang>)
    body             TEXT NOT NULL,             -- the article text, site chrome removed; paragraphs split by a blank line
    word_count       INTEGER NOT NULL,
    sha256           TEXT NOT NULL,             -- of the raw seed file (the saved page as stored)
    CHECK ((published IS NULL) = (published_source IS NULL)),
    CHECK ((url IS NULL) = (url_source IS NULL)),
    CHECK ((publisher IS NULL) = (publisher_source IS NULL)),
    CHECK ((byline IS NULL) = (byline_source IS NULL))
);
CREATE INDEX articles_publisher ON articles(publisher);

-- Who wrote what: each article's authors, in byline order.
CREATE TABLE authors (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE article_authors (
    article_id TEXT NOT NULL REFERENCES articles(id),
    author_id  INTEGER NOT NULL REFERENCES authors(id),
    position   INTEGER NOT NULL,                -- 0-based order in the byline
    source     TEXT NOT NULL CHECK (source IN ('text', 'html-meta', 'manifest')),
    PRIMARY KEY (article_id, position)
);
CREATE INDEX article_authors_author ON article_authors(author_id);

-- Sentences of every article text, the unit extracted rows point back to.
CREATE TABLE sentences (
    id         INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id),
    field      TEXT NOT NULL CHECK (field IN ('title', 'subtitle', 'caption', 'body')),
    position   INTEGER NOT NULL,                -- 0-based order within the field
    start      INTEGER NOT NULL,                -- offsets into articles.<field>
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    UNIQUE (article_id, field, position),
    CHECK (0 <= start AND start < "end")
);
CREATE INDEX sentences_article ON sentences(article_id, field, start);

-- What cleaning removed from each article, so nothing is lost silently.
CREATE TABLE boilerplate (
    id         INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id),
    text       TEXT NOT NULL,                   -- as it stood in the seed file
    rule       TEXT NOT NULL                    -- which rule of scripts/extract/data/boilerplate.yml removed it
);
CREATE INDEX boilerplate_article ON boilerplate(article_id);

-- Files in seeds/ that were not loaded, and why.
CREATE TABLE ingest_errors (
    file   TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    bytes  INTEGER
);

-- Values curated in seeds/manifest.yml, each with where it came from.
CREATE TABLE curation (
    id         INTEGER PRIMARY KEY,
    article_id TEXT REFERENCES articles(id),    -- NULL for values about the whole collection
    field      TEXT NOT NULL,
    value      TEXT NOT NULL,
    source     TEXT NOT NULL,
    UNIQUE (article_id, field)
);

-- Countries the corpus mentions. Names, codes and centroids from the
-- pycountryinfo package (with scripts/extract/data/countries.yml), not typed by hand.
CREATE TABLE countries (
    iso3          TEXT PRIMARY KEY,             -- ISO 3166-1 alpha-3
    iso2          TEXT NOT NULL,                -- ISO 3166-1 alpha-2
    name          TEXT NOT NULL,
    latitude      REAL,                         -- centroid, decimal degrees
    longitude     REAL,
    mention_count INTEGER NOT NULL,             -- rows in country_mentions
    article_count INTEGER NOT NULL              -- articles with at least one
);

-- One row per real-world entity across the whole corpus.
CREATE TABLE entities (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,                -- canonical, fullest form
    type          TEXT NOT NULL REFERENCES entity_types(name),
    iso3          TEXT REFERENCES countries(iso3), -- for type country
    wikidata      TEXT,                         -- only where a shipped data file gives it
    aliases       TEXT NOT NULL,                -- JSON array of every form seen
    mention_count INTEGER NOT NULL,
    article_count INTEGER NOT NULL
);
CREATE INDEX entities_type ON entities(type, mention_count);

-- Every place an entity is mentioned.
CREATE TABLE mentions (
    id          INTEGER PRIMARY KEY,
    entity_id   INTEGER NOT NULL REFERENCES entities(id),
    article_id  TEXT NOT NULL REFERENCES articles(id),
    field       TEXT NOT NULL CHECK (field IN ('title', 'subtitle', 'caption', 'body')),
    start       INTEGER NOT NULL,               -- offsets into articles.<field>
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,                  -- as written
    role        TEXT,                           -- the title written with it: "Kazakh President"
    label       TEXT,                           -- the statistical model's label, before correction
    sentence_id INTEGER NOT NULL REFERENCES sentences(id)
);
CREATE INDEX mentions_entity ON mentions(entity_id, article_id);
CREATE INDEX mentions_article ON mentions(article_id, field, start);
CREATE INDEX mentions_sentence ON mentions(sentence_id);

-- Every reference to a country, and how it was made.
CREATE TABLE country_mentions (
    id          INTEGER PRIMARY KEY,
    article_id  TEXT NOT NULL REFERENCES articles(id),
    iso3        TEXT NOT NULL REFERENCES countries(iso3),
    field       TEXT NOT NULL CHECK (field IN ('title', 'subtitle', 'caption', 'body')),
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,                  -- as written
    via         TEXT NOT NULL CHECK (via IN ('name', 'short name', 'demonym', 'capital')),
    sentence_id INTEGER NOT NULL REFERENCES sentences(id)
);
CREATE INDEX country_mentions_country ON country_mentions(iso3, article_id);
CREATE INDEX country_mentions_via ON country_mentions(iso3, via);
CREATE INDEX country_mentions_article ON country_mentions(article_id);

-- The same statement reported by several sources, worded slightly differently.
CREATE TABLE quote_clusters (
    id            INTEGER PRIMARY KEY,
    text          TEXT NOT NULL,                -- the longest wording
    quote_count   INTEGER NOT NULL,
    article_count INTEGER NOT NULL              -- sources carrying it
);

-- Every direct quotation.
CREATE TABLE quotes (
    id                INTEGER PRIMARY KEY,
    article_id        TEXT NOT NULL REFERENCES articles(id),
    cluster_id        INTEGER NOT NULL REFERENCES quote_clusters(id),
    field             TEXT NOT NULL CHECK (field IN ('title', 'subtitle', 'caption', 'body')),
    start             INTEGER NOT NULL,         -- offsets of the words inside the quote marks
    "end"             INTEGER NOT NULL,
    text              TEXT NOT NULL,
    speaker           TEXT,                     -- as written: "a U.S. official", "he", "the mayor's office"
    speaker_entity_id INTEGER REFERENCES entities(id),
    cue               TEXT,                     -- said, told, adding, calling for, ...
    anonymous         INTEGER CHECK (anonymous IN (0, 1)),
    via               TEXT,                     -- the outlet it was given to: "told Axios"
    sentence_id       INTEGER NOT NULL REFERENCES sentences(id)
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker ON quotes(speaker_entity_id);
CREATE INDEX quotes_cluster ON quotes(cluster_id);

-- Event mentions across sources that refer to one real event.
CREATE TABLE event_clusters (
    id            INTEGER PRIMARY KEY,
    type          TEXT NOT NULL REFERENCES event_types(name),
    label         TEXT NOT NULL,                -- a readable summary: type, trigger, who
    event_count   INTEGER NOT NULL,
    article_count INTEGER NOT NULL,             -- sources reporting it
    dated_count   INTEGER NOT NULL,             -- sources giving it a resolved date
    dates         TEXT NOT NULL,                -- JSON array of the distinct dates claimed
    agreement     TEXT NOT NULL CHECK (agreement IN ('none', 'one', 'agree', 'disagree'))
);

-- What each source reports as happening.
CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    article_id      TEXT NOT NULL REFERENCES articles(id),
    cluster_id      INTEGER NOT NULL REFERENCES event_clusters(id),
    type            TEXT NOT NULL REFERENCES event_types(name),
    trigger         TEXT NOT NULL,              -- the words that report it
    field           TEXT NOT NULL CHECK (field IN ('title', 'subtitle', 'caption', 'body')),
    start           INTEGER NOT NULL,           -- offsets of the trigger
    "end"           INTEGER NOT NULL,
    tense           TEXT CHECK (tense IN ('past', 'future')),
    place_entity_id INTEGER REFERENCES entities(id),
    date_text       TEXT,                       -- as written: "Thursday", "later this month", "soon"
    date_text_start INTEGER,                    -- offsets of date_text in the same field
    date_text_end   INTEGER,
    date            TEXT,                       -- ISO start of the resolved date or period
    date_end        TEXT,                       -- ISO end (inclusive)
    date_precision  TEXT CHECK (date_precision IN ('day', 'week', 'month', 'year', 'vague')),
    date_basis      TEXT CHECK (date_basis IN ('stated', 'published', 'reference_date', 'previous')),
    sentence_id     INTEGER NOT NULL REFERENCES sentences(id)
);
-- (An event's reports by article, with the dates and words the canned query of its sources ranks
-- them by and the dates its page counts, read from the index alone: 47 -> 28 ms for an event of
-- 6,300 sources. Lookups by article use events_article_type below.)
CREATE INDEX events_cluster ON events(cluster_id, article_id, date, date_end, date_precision, date_text);
CREATE INDEX events_date ON events(date, type);

-- Who takes part in an event, and how.
CREATE TABLE event_entities (
    id        INTEGER PRIMARY KEY,
    event_id  INTEGER NOT NULL REFERENCES events(id),
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    role      TEXT NOT NULL CHECK (role IN ('agent', 'participant', 'place')),
    UNIQUE (event_id, entity_id, role)
);
CREATE INDEX event_entities_entity ON event_entities(entity_id);

-- Summary: pairs of entities named in the same sentence, counted once at load
-- so that "who appears with whom" stays fast on large corpora.
CREATE TABLE co_mentions (
    entity_a  INTEGER NOT NULL REFERENCES entities(id),  -- the lower id of the pair
    entity_b  INTEGER NOT NULL REFERENCES entities(id),
    sentences INTEGER NOT NULL,                 -- sentences naming both
    sources   INTEGER NOT NULL,                 -- articles with such a sentence
    PRIMARY KEY (entity_a, entity_b)
);
CREATE INDEX co_mentions_b ON co_mentions(entity_b);
CREATE INDEX co_mentions_count ON co_mentions(sentences DESC, sources DESC);

-- What this database was built from: the SHA-256 of every input, so that the
-- next load can tell what changed and write only that (scripts/load/delta.py).
CREATE TABLE load_inputs (
    input  TEXT PRIMARY KEY,                    -- 'code', 'manifest', or 'article:<id>'
    sha256 TEXT NOT NULL                        -- of that input: the code's fingerprint, the manifest file, the article's extraction file
);

-- Indexes for the site's pages at scale (hundreds of thousands of rows):
-- each serves a canned query of metadata.yml, a table's default sort or
-- one of its default facets, so a page reads an index instead of sorting
-- or counting a whole table.
CREATE INDEX articles_source ON articles(coalesce(publisher, id), id);   -- source_claims: sources in order
CREATE INDEX events_article_type ON events(article_id, type, field, start);
CREATE INDEX articles_published ON articles(published);                 -- the facets of the articles page
CREATE INDEX articles_format ON articles(format);
CREATE INDEX articles_published_source ON articles(published_source);
CREATE INDEX articles_language ON articles(language);
CREATE INDEX entities_mentions ON entities(mention_count);
CREATE INDEX event_clusters_type ON event_clusters(type, article_count DESC, dated_count DESC, id);  -- the event of a type that most sources report
CREATE INDEX event_clusters_sources ON event_clusters(article_count);
CREATE INDEX event_clusters_agreement ON event_clusters(agreement);
CREATE INDEX quote_clusters_sources ON quote_clusters(article_count);
CREATE INDEX quotes_speaker_text ON quotes(speaker);
CREATE INDEX quotes_anonymous ON quotes(anonymous);
CREATE INDEX quotes_cue ON quotes(cue);
CREATE INDEX article_authors_source ON article_authors(source);
-- A row page counts the rows of every table that points at it (Datasette's
-- "links from other tables"), so every foreign key column leads an index;
-- without one the page of an entity or an event scanned every event
-- (650,000 at 100,000 articles: 110 ms).
CREATE INDEX events_place ON events(place_entity_id);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_sentence ON events(sentence_id);
CREATE INDEX entities_country ON entities(iso3);
CREATE INDEX quotes_sentence ON quotes(sentence_id);
CREATE INDEX country_mentions_sentence ON country_mentions(sentence_id);

-- Summaries: what a canned query would otherwise compute from the large
-- tables on every request. scripts/load/summaries.sql fills them at the end
-- of the load, from the tables above alone, and can be run again whenever
-- those change (an incremental load re-runs it); tests check each against
-- the query it replaces.

-- The timeline: one row per real event that a source dates, with the
-- sources and words behind it (the `timeline` query).
CREATE TABLE event_timeline (
    cluster_id    INTEGER PRIMARY KEY REFERENCES event_clusters(id),
    date          TEXT NOT NULL,                -- the earliest date a source gives
    date_end      TEXT,                         -- the latest end of a period a source gives
    precision     TEXT,                         -- the distinct precisions, comma-separated
    type          TEXT NOT NULL,                -- the cluster's event type
    event         TEXT NOT NULL,                -- the cluster's label
    sources       INTEGER NOT NULL,             -- sources reporting it (dated or not)
    sources_named TEXT,                         -- the publishers (or article ids) that date it
    articles      TEXT,                         -- the articles that date it: the first ten, then how many more
    date_words    TEXT,                         -- the distinct date words they use
    dates_agree   TEXT NOT NULL                 -- event_clusters.agreement
);
CREATE INDEX event_timeline_date ON event_timeline(date, sources DESC, cluster_id);
CREATE INDEX event_timeline_type ON event_timeline(type, date, sources DESC, cluster_id);

-- Per country: how it is named, and which sources name it (`countries_by_sources`).
CREATE TABLE country_sources (
    iso3          TEXT PRIMARY KEY REFERENCES countries(iso3),
    named_by      TEXT NOT NULL,                -- the distinct ways it is named (country_mentions.via), comma-separated
    sources_named TEXT NOT NULL                 -- the publishers (or article ids) that mention it, in order
);

-- Every distinct speaker as written, so a search for a speaker reads this
-- short list instead of every quote (`who_said_what`).
CREATE TABLE quote_speakers (
    speaker     TEXT PRIMARY KEY,               -- quotes.speaker
    quote_count INTEGER NOT NULL
);
CREATE INDEX quote_speakers_count ON quote_speakers(quote_count);

-- Per statement: the sources and speakers that carry it (`shared_quotes`).
CREATE TABLE quote_statements (
    cluster_id    INTEGER PRIMARY KEY REFERENCES quote_clusters(id),
    statement     TEXT NOT NULL,                -- the longest wording
    sources       INTEGER NOT NULL,             -- sources carrying it
    sources_named TEXT NOT NULL,                -- those sources, by publisher (or article id)
    articles      TEXT NOT NULL,                -- the articles quoting it
    speakers      TEXT,                         -- who says it, as entities or as written
    any_unnamed   INTEGER                       -- 1 when some source gives it to an unnamed speaker
);
CREATE INDEX quote_statements_sources ON quote_statements(sources DESC, cluster_id);

-- Per entity: the real events it takes part in (an entity's reader page).
CREATE TABLE entity_events (
    entity_id  INTEGER NOT NULL REFERENCES entities(id),
    cluster_id INTEGER NOT NULL REFERENCES event_clusters(id),
    label      TEXT NOT NULL,                   -- event_clusters.label
    date       TEXT,                            -- the earliest date a report it is in gives
    roles      TEXT NOT NULL,                   -- how it takes part (event_entities.role), comma-separated
    sources    INTEGER NOT NULL,                -- sources reporting it with this entity in it
    PRIMARY KEY (entity_id, cluster_id)
);
CREATE INDEX entity_events_date ON entity_events(entity_id, date IS NULL, date, cluster_id);
CREATE INDEX entity_events_cluster ON entity_events(cluster_id);   -- an event's page: who takes part, and the row count
