//! The command line, as clap types. Doc comments here are the help text: the first line is `-h`, the
//! rest is `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::export::{ExportFormat, Lanes};
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

    /// List events in chronological order.
    ///
    /// By default an event is listed when it may fall in the range (its bounds overlap it; an open
    /// bound is unbounded). With --within, only events certainly inside it are listed.
    Timeline(TimelineArgs),

    /// Export the timeline for people and other tools: an HTML page, TimelineJS, Mermaid, iCalendar,
    /// CSV or JSON Lines.
    ///
    /// Takes the same filters as `timeline`. Writes to standard output unless --out names a file;
    /// a file is written whole or not at all.
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// Seed files or folders of them (their *.toml files, in file-name order).
    #[arg(value_name = "PATH", default_value = "seed")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    pub filters: FilterArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Which events a timeline-like command lists (shared by `timeline` and `export`).
#[derive(Debug, Args)]
pub struct FilterArgs {
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
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to write.
    #[arg(long, value_enum)]
    pub format: ExportFormat,

    /// The file to write (standard output when absent).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// How the HTML page groups events into lanes (html only).
    #[arg(long, value_enum, value_name = "BY")]
    pub lanes: Option<Lanes>,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// The export date, YYYY-MM-DD: ongoing events are drawn and exported up to it (default: the
    /// system clock's today).
    #[arg(long, value_name = "DATE", hide = true, env = "ANNALS_TODAY")]
    pub today: Option<String>,
}
