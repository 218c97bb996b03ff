//! What a seed run did, file by file, and the stored events whose date or place it changed: the
//! summary `annals seed` prints.

use std::path::PathBuf;

use serde::Serialize;

use super::article::Article;
use super::changes::StoredChange;

/// What happened to one seed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Added,
    Updated,
    Unchanged,
    /// `--prune` was given and no file of the run is the article: what it stated was removed.
    Pruned,
    /// The article's file now gives another article id: what the old article stated was
    /// removed.
    Replaced,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Updated => "updated",
            Status::Unchanged => "unchanged",
            Status::Pruned => "pruned",
            Status::Replaced => "replaced",
        }
    }
}

/// One seed file's outcome and what it holds.
#[derive(Debug, Clone, Serialize)]
pub struct FileSummary {
    pub file: PathBuf,
    pub source: String,
    pub status: Status,
    pub events: usize,
    pub people: usize,
    pub organisations: usize,
    pub places: usize,
    pub figures: usize,
    pub quotes: usize,
}

/// The outcome of a seed run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub files: Vec<FileSummary>,
    /// The stored events whose date or place the run changed, in the order of their ids.
    pub changed: Vec<StoredChange>,
}

impl Summary {
    pub fn count(&self, status: Status) -> usize {
        self.files.iter().filter(|f| f.status == status).count()
    }

    /// Whether the run wrote anything.
    pub fn wrote(&self) -> bool {
        self.files.iter().any(|f| f.status != Status::Unchanged)
    }
}

impl FileSummary {
    pub(super) fn of(a: &Article, status: Status) -> FileSummary {
        FileSummary {
            file: a.file.clone(),
            source: a.source.id.clone(),
            status,
            events: a.events.len(),
            people: a.people.len(),
            organisations: a.organisations.len(),
            places: a.places.len(),
            figures: a.figures.len(),
            quotes: a.quotes.len(),
        }
    }

    pub(super) fn removed(id: &str, file: &str, status: Status) -> FileSummary {
        FileSummary {
            file: PathBuf::from(file),
            source: id.to_string(),
            status,
            events: 0,
            people: 0,
            organisations: 0,
            places: 0,
            figures: 0,
            quotes: 0,
        }
    }
}
