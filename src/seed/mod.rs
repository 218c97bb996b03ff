//! Seed files: one TOML file per article. Where a fact enters the record:
//!
//! - `model`: the format, read and written (the TOML shapes, parsing, the JSON Schema, the
//!   skeleton of a new file);
//! - `files`: seed files on disk (collecting, reading with caps, hashing, streaming);
//!   `inside`: opening an article's text without leaving its folder;
//! - `stored`: what the database already holds that a run needs;
//! - `check`: parsed files checked against each other and the database, into
//!   [`article::Article`]s;
//! - `entity`: people, organisations and places, each kind described once;
//! - `merge` and `reports`: the order-free rules that make several articles' statements one
//!   value;
//! - `load`: the passes and the transaction; `write`: the writer and its SQL;
//! - `summary`: what a run did; `preview`: what a run would change; `changes`: a change to an
//!   event, and the rule that finds a stored event's changed date or place.

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
