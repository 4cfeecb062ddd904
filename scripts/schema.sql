-- The news database: the single source of truth for its tables.
--
-- Every extracted row keeps its provenance: the article it came from and
-- character offsets into one of that article's stored texts. Offsets are
-- 0-based, `end` exclusive, counted in Unicode code points (Python string
-- indices, SQLite's substr() counts the same way: substr(body, start + 1, end - start)).

PRAGMA foreign_keys = ON;

-- One row per accepted seed file.
CREATE TABLE articles (
    id               TEXT PRIMARY KEY,          -- the seed file's name without .txt
    file             TEXT NOT NULL UNIQUE,      -- the seed file's name in seeds/
    title            TEXT,                      -- the headline, when the text has one
    subtitle         TEXT,                      -- the standfirst under the headline
    caption          TEXT,                      -- photo captions, one per line
    publisher        TEXT,
    publisher_source TEXT CHECK (publisher_source IN ('manifest')),
    url              TEXT,
    url_source       TEXT CHECK (url_source IN ('text', 'manifest')),
    published        TEXT CHECK (published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    published_source TEXT CHECK (published_source IN ('text', 'manifest')),
    published_text   TEXT,                      -- the words that state the date, as written
    body             TEXT NOT NULL,             -- the article text, site chrome removed; paragraphs split by a blank line
    word_count       INTEGER NOT NULL,
    sha256           TEXT NOT NULL,             -- of the raw seed file
    CHECK ((published IS NULL) = (published_source IS NULL)),
    CHECK ((url IS NULL) = (url_source IS NULL)),
    CHECK ((publisher IS NULL) = (publisher_source IS NULL))
);

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
    rule       TEXT NOT NULL                    -- which rule of scripts/data/boilerplate.yml removed it
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
-- pycountryinfo package (with scripts/data/countries.yml), not typed by hand.
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
    type          TEXT NOT NULL CHECK (type IN ('person', 'organization', 'country', 'place', 'group', 'agreement', 'event', 'other')),
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
CREATE INDEX country_mentions_article ON country_mentions(article_id);
