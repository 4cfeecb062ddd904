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
