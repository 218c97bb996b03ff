//! Seed files: one TOML file per article. `model` is the format, `check` validates parsed files
//! against each other and the database, `merge` holds the rules that make several
//! articles' statements one value, `load` reads files and writes them in one transaction.

pub mod check;
pub mod error;
mod fts;
pub mod load;
pub mod merge;
pub mod model;
pub mod preview;
pub mod progress;
#[cfg(test)]
mod props;
pub mod reports;
pub mod skeleton;
mod write;

pub use error::{SeedError, SeedErrors};
pub use load::{prepare, seed, FileSummary, Status, Summary};
pub use progress::{NoProgress, Progress};
