//! The full-text index during a seed run. Row by row, the triggers of migration V2 make FTS5
//! write its pending terms to disk at every statement; inside the seeder's transaction they are
//! switched off (`search_sync.deferred`, migration V5) and the index is brought up to date in a
//! few set-based statements: the quotes and figures about to change or go are removed from it
//! with their old values before they are touched, the events about to change or go by rowid, and
//! the rows written are added after. An event's row in the index holds the names of its place
//! and people (migration V11): the events of every person, organisation and place whose
//! listings the run changed are indexed again too. No other connection sees the switch: it is
//! set back before the transaction commits, and a rollback undoes it.

use anyhow::Result;
use rusqlite::Transaction;

use super::entity::EntityId;

const DEFER: &str = "UPDATE search_sync SET deferred = 1";
const RESUME: &str = "UPDATE search_sync SET deferred = 0";

/// Remove from the index the events (ids as a JSON array), quotes and figures (of the articles
/// named by a JSON array of source ids) that the run may change or remove.
const UNINDEX_EVENTS: &str = "
    DELETE FROM events_fts
    WHERE rowid IN (SELECT rowid FROM events WHERE id IN (SELECT value FROM json_each(?1)))";
const UNINDEX_QUOTES: &str = "
    INSERT INTO quotes_fts (quotes_fts, rowid, text)
    SELECT 'delete', rowid, text FROM quotes WHERE source_id IN (SELECT value FROM json_each(?1))";
const UNINDEX_FIGURES: &str = "
    INSERT INTO figures_fts (figures_fts, rowid, text)
    SELECT 'delete', rowid, text FROM figures
    WHERE source_id IN (SELECT value FROM json_each(?1))";

const LAST_ROWIDS: &str = "
    SELECT (SELECT ifnull(max(rowid), 0) FROM events), (SELECT ifnull(max(rowid), 0) FROM quotes),
           (SELECT ifnull(max(rowid), 0) FROM figures)";

/// Remove one stored event from the index (one that existed before the run added any).
const UNINDEX_EVENT: &str = "
    DELETE FROM events_fts WHERE rowid = (SELECT rowid FROM events WHERE id = ?1 AND rowid <= ?2)";

/// Index the events that were unindexed and still exist (those stored before the run: one added
/// since is indexed with the new rows), and every row added since the marks.
const REINDEX_EVENTS: &str = "
    INSERT INTO events_fts (rowid, title, summary, names)
    SELECT event_rowid, title, summary, names FROM event_search
    WHERE event_id IN (SELECT value FROM json_each(?1)) AND event_rowid <= ?2";
const INDEX_NEW_EVENTS: &str = "
    INSERT INTO events_fts (rowid, title, summary, names)
    SELECT event_rowid, title, summary, names FROM event_search WHERE event_rowid > ?1";

/// The events (stored before the run, rowid at most ?4, and not unindexed yet: not in the JSON
/// array ?1 of events or ?2 of touched ones) that name one of the people, organisations or places of
/// the JSON array ?3 of [kind, id], whose names the run may have changed.
const EVENTS_NAMING: &str = "
    WITH changed(kind, id) AS (
        SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?3)),
    people(id) AS (SELECT id FROM changed WHERE kind = 'person'),
    orgs(id) AS (SELECT id FROM changed WHERE kind = 'organisation'),
    naming(id) AS (
        SELECT e.id FROM events e
        WHERE e.place_id IN (SELECT id FROM changed WHERE kind = 'place')
        UNION SELECT event_id FROM event_participants WHERE person_id IN people
        UNION SELECT event_id FROM event_participants WHERE organisation_id IN orgs
        UNION SELECT event_id FROM quotes WHERE speaker_person_id IN people
        UNION SELECT event_id FROM quotes WHERE speaker_organisation_id IN orgs
        UNION SELECT event_id FROM figures WHERE claimed_by_person_id IN people
        UNION SELECT event_id FROM figures WHERE claimed_by_organisation_id IN orgs)
    SELECT id FROM naming
    WHERE id IS NOT NULL AND id NOT IN (SELECT value FROM json_each(?1))
      AND id NOT IN (SELECT value FROM json_each(?2))
      AND id IN (SELECT id FROM events WHERE rowid <= ?4)";
const UNINDEX_EVENTS_BY_ROWID: &str = "
    DELETE FROM events_fts
    WHERE rowid IN (SELECT rowid FROM events WHERE id IN (SELECT value FROM json_each(?1))
                    AND rowid <= ?2)";
const INDEX_NEW_QUOTES: &str =
    "INSERT INTO quotes_fts (rowid, text) SELECT rowid, text FROM quotes WHERE rowid > ?1";
const INDEX_NEW_FIGURES: &str =
    "INSERT INTO figures_fts (rowid, text) SELECT rowid, text FROM figures WHERE rowid > ?1";

/// The index's state within one seed transaction, from [`Deferred::begin`] to
/// [`Deferred::finish`].
pub(crate) struct Deferred {
    /// The stored events the run may change or remove, as a JSON array of ids.
    events: String,
    /// The largest rowid of events, quotes and figures before the run adds any.
    marks: Option<(i64, i64, i64)>,
    /// Stored events a new report may change (their merged title or summary), unindexed since.
    touched: std::collections::BTreeSet<String>,
    /// The ids in `events`, to know which are unindexed already.
    unindexed: std::collections::HashSet<String>,
}

impl Deferred {
    /// Switch the triggers off and unindex what the run may change or remove: the `events`
    /// stored now that it may update or delete, and the quotes and figures of the `replaced`
    /// articles (loaded again or pruned). Call before any of those rows is touched.
    pub(crate) fn begin<'a>(
        tx: &Transaction,
        events: impl IntoIterator<Item = &'a str>,
        replaced: impl IntoIterator<Item = &'a str>,
    ) -> Result<Deferred> {
        tx.execute(DEFER, [])?;
        let events: Vec<&str> = events.into_iter().collect();
        let unindexed = events.iter().map(|e| e.to_string()).collect();
        let events = serde_json::to_string(&events)?;
        let replaced = serde_json::to_string(&replaced.into_iter().collect::<Vec<_>>())?;
        tx.execute(UNINDEX_EVENTS, [&events])?;
        tx.execute(UNINDEX_QUOTES, [&replaced])?;
        tx.execute(UNINDEX_FIGURES, [&replaced])?;
        Ok(Deferred {
            events,
            marks: None,
            touched: Default::default(),
            unindexed,
        })
    }

    /// A stored event that a report written in this run may change: unindexed now, indexed
    /// again at [`Deferred::finish`]. An event the run added is indexed there anyway.
    pub(crate) fn touch(&mut self, tx: &Transaction, id: &str) -> Result<()> {
        let Some((events, _, _)) = self.marks else {
            anyhow::bail!("the full-text index was not marked");
        };
        if self.unindexed.contains(id) || self.touched.contains(id) {
            return Ok(());
        }
        if tx
            .prepare_cached(UNINDEX_EVENT)?
            .execute(rusqlite::params![id, events])?
            > 0
        {
            self.touched.insert(id.to_string());
        }
        Ok(())
    }

    /// Note where new rows start: after the replaced articles' rows are deleted, before any row
    /// is added (a new rowid is then always above the mark).
    pub(crate) fn mark(&mut self, tx: &Transaction) -> Result<()> {
        self.marks =
            Some(tx.query_row(LAST_ROWIDS, [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?);
        Ok(())
    }

    /// Index what the run left and added, and the events that name one of the `entities`
    /// whose listings changed, and switch the triggers back on.
    pub(crate) fn finish<'a>(
        self,
        tx: &Transaction,
        entities: impl IntoIterator<Item = &'a EntityId>,
    ) -> Result<()> {
        let (events, quotes, figures) = self
            .marks
            .ok_or_else(|| anyhow::anyhow!("the full-text index was not marked"))?;
        tx.execute(REINDEX_EVENTS, rusqlite::params![self.events, events])?;
        let touched = serde_json::to_string(&self.touched)?;
        tx.execute(REINDEX_EVENTS, rusqlite::params![touched, events])?;
        let entities: Vec<[&str; 2]> = entities
            .into_iter()
            .map(|e| [e.kind, e.id.as_str()])
            .collect();
        // Only events stored before the run (rowid up to the mark) can name a stored entity.
        if !entities.is_empty() && events > 0 {
            let entities = serde_json::to_string(&entities)?;
            let naming: Vec<String> = tx
                .prepare(EVENTS_NAMING)?
                .query_map(
                    rusqlite::params![self.events, touched, entities, events],
                    |r| r.get(0),
                )?
                .collect::<rusqlite::Result<_>>()?;
            let naming = serde_json::to_string(&naming)?;
            tx.execute(UNINDEX_EVENTS_BY_ROWID, rusqlite::params![naming, events])?;
            tx.execute(REINDEX_EVENTS, rusqlite::params![naming, events])?;
        }
        tx.execute(INDEX_NEW_EVENTS, [events])?;
        tx.execute(INDEX_NEW_QUOTES, [quotes])?;
        tx.execute(INDEX_NEW_FIGURES, [figures])?;
        tx.execute(RESUME, [])?;
        Ok(())
    }
}
