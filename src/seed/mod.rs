//! Seed files, one per article: where a fact enters the record. The words are those of
//! `docs/glossary.md` (article, seed file, listing, report, statement, row, merge).
//!
//! A run, in order (`load` holds the steps; the README's Layout section names them too):
//!
//! 1. plan (`plan`): which files are read, which are kept as stored, which stored articles are
//!    replaced or removed, from each file's `[source]` table before anything is parsed;
//! 2. first pass (`load::first_pass`): every file read (`input`, `files`) and parsed (`model`),
//!    what it lists and reports noted by the checker (`check`);
//! 3. check (second pass): each file read again and checked on its own, then its statements
//!    against every other article's (`check`), into an [`article::Article`];
//! 4. merge: each event's, person's, organisation's and place's row from every statement of
//!    it, by the rules of `merge`, as its last statement in the run is met;
//! 5. write (`write`, `fts`): each changed article's statements and the merged rows the run
//!    changes, in one transaction;
//! 6. summarise (`summary`, `changes`): what each file did, and the stored events whose date or
//!    place changed. `check` stops after step 4 and compares the merged rows with the stored
//!    ones instead (`preview`).
//!
//! Beside them: `stored` (what the database already holds that a run needs), `entity` (people,
//! organisations and places, each kind described once), `inside` (opening an article's text
//! without leaving its folder), `error` (errors placed in their file), `progress` (what a run
//! reports as it goes).

pub mod article;
pub mod changes;
pub mod check;
pub mod entity;
pub mod error;
pub mod files;
mod fts;
pub mod input;
mod inside;
pub mod load;
pub mod merge;
pub mod model;
mod plan;
pub mod preview;
pub mod progress;
#[cfg(test)]
mod props;
pub mod stored;
pub mod summary;
mod write;

pub use error::{SeedError, SeedErrors};
pub use input::{ArticleText, Input, SeedText};
pub use load::{check_files, check_texts, seed, CheckReport, Resolved};
pub use model::skeleton;
pub use progress::{NoProgress, Progress};
pub use summary::{FileSummary, Status, Summary};
