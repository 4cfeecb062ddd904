"""Quotes: quotation rows with their speakers linked, and the same statement across sources."""

from __future__ import annotations

from . import clusters, identifiers


def rows(quotes: list[dict], entity_at: dict[tuple[str, str, int, int], int]) -> tuple[list[dict], list[dict]]:
    """Quote cluster rows and quote rows.

    `entity_at` maps a mention's place (article, field, start, end) to its
    entity, so a speaker's words link to the entity they name.
    """
    cluster_rows, quote_rows = [], []
    cluster_of: dict[int, int] = {}
    groups = clusters.quote_clusters(quotes)
    # A cluster is named by its first wording in sorted order, so its id outlives changes to other clusters.
    keys = [min(clusters.normalize(quotes[i]["text"]) for i in members) for members in groups]
    ids = identifiers.stable_ids(keys)
    for key, members in zip(keys, groups):
        cluster_id = ids[key]
        texts = [quotes[i]["text"] for i in members]
        cluster_rows.append(
            {
                "id": cluster_id,
                "text": max(texts, key=len),
                "quote_count": len(members),
                "article_count": len({quotes[i]["article_id"] for i in members}),
            }
        )
        for i in members:
            cluster_of[i] = cluster_id
    for i, q in enumerate(quotes):
        ref = q["speaker_ref"]
        speaker = entity_at.get((q["article_id"], ref["field"], ref["start"], ref["end"])) if ref else None
        quote_rows.append(
            {
                **{k: q[k] for k in ("article_id", "field", "start", "end", "text", "speaker", "cue", "anonymous", "via", "sentence_id")},
                "cluster_id": cluster_of[i],
                "speaker_entity_id": speaker,
            }
        )
    return cluster_rows, quote_rows
