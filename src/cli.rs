//! The command line, as clap types. Doc comments here are the help text: the first line is `-h`, the
//! rest is `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::output::Format;

/// A timeline database of facts reported in the news.
///
/// annals keeps who did what, when, with which numbers, said by whom and reported by which article,
/// in one SQLite file that any SQLite tool can open.
#[derive(Debug, Parser)]
#[command(
    name = "annals",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The database file.
    ///
    /// A query command that finds no file here creates it, migrates it and seeds it from ./seed.
    #[arg(
        long,
        global = true,
        env = "ANNALS_DB",
        default_value = "annals.db",
        value_name = "PATH"
    )]
    pub db: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database if needed and apply pending schema migrations.
    Migrate,

    /// Load seed files (one TOML file per article) into the database.
    ///
    /// Every file is parsed and checked first; then all of them are written in one transaction, so a
    /// bad file leaves the database as it was. Files already loaded and unchanged are skipped; a
    /// changed file replaces what it stated before.
    Seed(SeedArgs),

    /// Check seed files without writing anything.
    ///
    /// Runs every check `seed` runs and prints how each event's date words were resolved. Never
    /// creates or changes a database: an existing one (--db) is only read, to resolve ids that
    /// earlier articles defined.
    Check(CheckArgs),

    /// Write a commented skeleton seed file for a new article, ready to fill in.
    ///
    /// The file is named from the publication date and the title
    /// (seed/2023-07-20-serbia-and-kosovo-talk.toml) and is never overwritten.
    New(NewArgs),
    /// Check the database: schema version, pending migrations, integrity, foreign keys, row
    /// counts, and seed files that changed since they were loaded.
    ///
    /// Changes nothing (pending migrations are reported, not applied). Exits non-zero when the
    /// database needs attention: a failed integrity or foreign-key check, a migration this annals
    /// does not know or whose file changed, or a loaded seed file that is missing or has changed
    /// (seed file paths are as `annals seed` was given them, relative to where it ran).
    Doctor,

    /// List events in chronological order.
    ///
    /// By default an event is listed when it may fall in the range (its bounds overlap it; an open
    /// bound is unbounded). With --within, only events certainly inside it are listed.
    Timeline(TimelineArgs),
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// Seed files or folders of them (their *.toml files, in file-name order).
    #[arg(value_name = "PATH", default_value = "seed")]
    pub paths: Vec<PathBuf>,

    /// Also remove what stored articles stated whose seed files no longer exist.
    #[arg(long)]
    pub prune: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Seed files or folders of them (their *.toml files, in file-name order).
    #[arg(value_name = "PATH", default_value = "seed")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The publisher: "A News", "Reuters".
    #[arg(long, value_name = "P")]
    pub publisher: String,

    /// The publication day, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub published: String,

    /// The article's title.
    #[arg(long, value_name = "T")]
    pub title: String,

    /// The article's address.
    #[arg(long, value_name = "U")]
    pub url: Option<String>,

    /// The folder to write into.
    #[arg(long, value_name = "DIR", default_value = "seed")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// Start of the range: YYYY, YYYY-MM or YYYY-MM-DD (2023-05 means from 1 May 2023).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,

    /// End of the range: YYYY, YYYY-MM or YYYY-MM-DD (2023-05 means up to 31 May 2023).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,

    /// Only events whose every possible day lies inside the range.
    #[arg(long)]
    pub within: bool,

    /// Only events of this kind (meeting, attack, decision ...).
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,

    /// Only events in which this person (an id) took part.
    #[arg(long, value_name = "ID")]
    pub person: Option<String>,

    /// Only events in which this organisation (an id) took part.
    #[arg(long, value_name = "ID")]
    pub org: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}
