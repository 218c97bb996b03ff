//! The command line, as clap types. Doc comments here are the help text: the first line is `-h`, the
//! rest is `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::export::{ExportFormat, Lanes};
use crate::output::Format;
use crate::query::aggregate::{EventsBy, FiguresBy};

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
    /// What a command does with it depends on the command: the query commands (timeline,
    /// aggregate, show, the lists, search, conflicts, sql, export) create a missing one from
    /// ./seed; seed and migrate create a missing one; check, doctor and draft only read it; new
    /// and datasette-metadata never open it.
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
    /// changed file replaces what it stated before. The summary names each stored event whose
    /// date or place the run changed.
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

    /// Draft a seed file from an article's text, for a person to review.
    ///
    /// Reads the article (a plain text file) and proposes its quotes with their speakers, an
    /// event for each date it gives (or a report of a stored event with that date and a shared
    /// participant or place), its figures, and the people, organisations and places it names,
    /// stored ones by id. Every guess is marked `# review:`. Writes to standard output, or to
    /// --out, never over an existing file; then says whether `annals check` accepts the draft
    /// and what seeding it would change, each change to a stored event's date or place marked
    /// `review:` there and in the draft. The database (--db) is only read, and only when it
    /// exists.
    Draft(DraftArgs),

    /// Check the database: schema version, pending migrations, integrity, foreign keys, row
    /// counts, and seed files that changed since they were loaded.
    ///
    /// Changes nothing (pending migrations are reported, not applied). Loads the seed files
    /// into a new database in a temporary folder and compares the record with the stored one,
    /// table by table. Exits non-zero
    /// when the database needs attention: a failed integrity or foreign-key check, a migration
    /// this annals does not know or whose file changed, a loaded seed file that is missing from
    /// the seed folders or has changed, or a stored record that differs from a fresh load of
    /// the seed files.
    Doctor(DoctorArgs),

    /// List events in chronological order.
    ///
    /// By default an event is listed when it may fall in the range (its bounds overlap it; an open
    /// bound is unbounded). With --within, only events certainly inside it are listed.
    Timeline(TimelineArgs),

    /// Count events by month, year, kind, person, organisation or place, or add up figures.
    #[command(subcommand)]
    Aggregate(AggregateCommand),

    /// Show one event, person, organisation, place or source in full.
    ///
    /// ID is an id, a name or an alias of anything in the record ("vucic", "Vučić", "KFOR"); an
    /// event shows its dates, participants, figures with who claimed them, quotes and the sources
    /// that report it; a person or organisation their events in order and their quotes.
    Show(ShowArgs),

    /// List people, with event counts and the first and last days of their events.
    People(ListArgs),

    /// List organisations, with event counts and first and last days.
    Organisations(ListArgs),

    /// List places, with how many events happened there and first and last days.
    Places(ListArgs),

    /// List sources (articles), oldest first, with how many events, figures and quotes each gives.
    Sources(ListArgs),

    /// List reports that disagree: on an event's date, or on a figure for the same thing.
    ///
    /// One row per pair of disagreeing reports, with what each says and who published it, for
    /// the events the filters select (those of `timeline`), in chronological order.
    Conflicts(ConflictsArgs),

    /// Full-text search over events (titles, summaries, names of their places and people), quotes
    /// and figure texts.
    ///
    /// Every word must match (accents and case folded); results are ranked best first and the
    /// matching words are marked **like this** in a snippet. The text is at most 8 KB, and the
    /// search stops after --timeout seconds (5 by default), as `sql` does.
    Search(SearchArgs),

    /// Run one SQL statement on a read-only connection.
    ///
    /// The SQL is the argument, or standard input when there is none (or it is "-"). Named
    /// parameters (:name) are given with -p name VALUE and bound as text. Any attempt to write is
    /// refused by SQLite; ATTACH and extensions are refused too.
    Sql(SqlArgs),

    /// Print the metadata file for Datasette: `annals datasette-metadata > metadata.json`,
    /// then `datasette annals.db --metadata metadata.json`.
    ///
    /// Hides the bookkeeping tables, labels people, organisations, places, events and sources by
    /// name or title, describes the timeline view and its columns, searches the timeline view
    /// with the events' full-text index, and adds the canned query events_between (from, to),
    /// which keeps ongoing events. The database is named by --db's file name; it is not opened.
    DatasetteMetadata,

    /// Export the timeline for people and other tools: an HTML page, TimelineJS, Mermaid, iCalendar,
    /// CSV or JSON Lines; or the whole record as seed files.
    ///
    /// Takes the same filters as `timeline`. Writes to standard output unless --out names a file;
    /// a file is written whole or not at all. `--format seed --out DIR` writes every article as a
    /// seed file (and its text) into a new or empty folder DIR, without filters: seeding DIR into
    /// a new database rebuilds the same record.
    Export(ExportArgs),
}

/// Which events to take: the filters of `timeline`, shared by the commands that count events.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Start of the range: YYYY, YYYY-MM or YYYY-MM-DD (2023-05 means from 1 May 2023).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,

    /// End of the range: YYYY, YYYY-MM or YYYY-MM-DD (2023-05 means up to 31 May 2023).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,

    /// The range is this day, month or year: --on 2023-05 is --from 2023-05 --to 2023-05.
    #[arg(long, value_name = "DATE", conflicts_with_all = ["from", "to"])]
    pub on: Option<String>,

    /// Only events whose every possible day lies inside the range, and whose whole area lies
    /// inside the window of --near or --bbox.
    #[arg(long)]
    pub within: bool,

    /// Only events of this kind (meeting, attack, decision ...), compared without case.
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,

    /// Only events in which this person took part (an id, name or alias: vucic, "Vučić").
    #[arg(long, value_name = "NAME")]
    pub person: Option<String>,

    /// Only events in which this organisation took part (an id, name or alias: kfor, KFOR).
    #[arg(long, value_name = "NAME")]
    pub org: Option<String>,

    /// Only events at this place or at a place within it (an id, name or alias: "northern
    /// Kosovo" includes Zvečan). An event whose reports dispute its place is found by the
    /// place any of its reports gives.
    #[arg(long, value_name = "NAME")]
    pub place: Option<String>,

    /// Only events reported by this source: a publisher (every article of it), or one
    /// article's id or title.
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,

    /// Only events whose title, summary and names (of their place and people), or one of whose
    /// quotes or figure texts, hold every one of these words (full-text, accents and case
    /// folded, stems and prefixes).
    #[arg(long, value_name = "WORDS")]
    pub text: Option<String>,

    /// Only events whose area may lie within KM (default 25) of a point, by great-circle
    /// distance: LAT,LON[,KM] in WGS 84 decimal degrees (42.908,20.84,10).
    #[arg(
        long,
        value_name = "LAT,LON[,KM]",
        conflicts_with = "bbox",
        allow_hyphen_values = true
    )]
    pub near: Option<String>,

    /// Only events whose area may meet a box: WEST,SOUTH,EAST,NORTH in WGS 84 decimal degrees
    /// (20.4,42.85,21,43.3); a box across the antimeridian is not supported.
    #[arg(long, value_name = "WEST,SOUTH,EAST,NORTH", allow_hyphen_values = true)]
    pub bbox: Option<String>,
}

/// How rows are written.
#[derive(Debug, Args)]
pub struct FormatArgs {
    /// Output format (table by default, also when standard output is not a terminal).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Width of a table in columns, 20 to 1000 (default: the terminal's; 80 off a terminal).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(20..=1000))]
    pub width: Option<u16>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to write.
    #[arg(long, value_enum)]
    pub format: ExportFormat,

    /// The file to write (standard output when absent); for --format seed, the folder (required).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// How the HTML page groups events into lanes (html only).
    #[arg(long, value_enum, value_name = "BY")]
    pub lanes: Option<Lanes>,

    /// The HTML page's events at most: the latest N of those the filters give, by the day they
    /// start (html only; default 2000). The page says how many it shows of how many.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: Option<u32>,

    /// The HTML page with every event the filters give, however many (html only; a whole large
    /// record makes a page browsers open slowly).
    #[arg(long, conflicts_with = "limit")]
    pub all: bool,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// The export date, YYYY-MM-DD: ongoing events are drawn and exported up to it (default: the
    /// system clock's today).
    #[arg(long, value_name = "DATE", env = "ANNALS_TODAY")]
    pub today: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AggregateCommand {
    /// Count events by month, year, kind, person, organisation or place.
    ///
    /// By month or year, an event is `within` a bucket when its every possible day lies in it and
    /// `possible` when it only overlaps it: a year-precision event is possible in each month of its
    /// year. Buckets run in order over the range, empty ones with zeros: --from/--to, or from the
    /// first to the last bucket some event certainly falls in (within), so that an open-ended span
    /// ("since 2008, ongoing") adds no bucket of its own; --all-possible runs them from the first
    /// known day of any event to the last. By kind, person, organisation or place: events and
    /// first and last days.
    Events(Box<AggregateEventsArgs>),

    /// Add up figures by event, month, year, organisation (whom it is about) or claimant.
    ///
    /// Figures for the same event, measure and unit are alternative accounts and are never added:
    /// their low is the lowest, their high the highest. Events are then added up within a group.
    /// at_least 6 reads as 6 with no high; approximately 500 as 500; at_most 6 as 0 to 6.
    Figures(AggregateFiguresArgs),
}

#[derive(Debug, Args)]
pub struct AggregateEventsArgs {
    /// What to count by.
    #[arg(long, value_enum)]
    pub by: EventsBy,

    /// By month or year: cover every bucket an event may fall in (from the first known day of
    /// any event to the last), not only from the first to the last bucket some event certainly
    /// falls in. --from and --to still bound the range.
    #[arg(long)]
    pub all_possible: bool,

    #[command(flatten)]
    pub filter: FilterArgs,

    #[command(flatten)]
    pub output: FormatArgs,
}

#[derive(Debug, Args)]
pub struct AggregateFiguresArgs {
    /// What to add up by.
    #[arg(long, value_enum)]
    pub by: FiguresBy,

    /// Only figures of this measure (injured, sent to KFOR ...), case folded.
    #[arg(long, value_name = "M")]
    pub measure: Option<String>,

    /// Only figures of this unit (people, soldiers, troops ...), case folded.
    #[arg(long, value_name = "U")]
    pub unit: Option<String>,

    #[command(flatten)]
    pub output: FormatArgs,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// An id, name or alias.
    #[arg(value_name = "ID")]
    pub id: String,

    /// Output format: table (readable text), json or jsonl (one object); csv is refused.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Width of the readable text in columns, 20 to 1000 (default: the terminal's; 80 off a
    /// terminal): longer lines break between words.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(20..=1000))]
    pub width: Option<u16>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub output: FormatArgs,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find (every one must match).
    #[arg(value_name = "TEXT", required = true)]
    pub text: Vec<String>,

    /// Read TEXT as an FTS5 query ("exact phrase", OR, NEAR(...), prefix*).
    #[arg(long)]
    pub fts: bool,

    /// At most this many results.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub limit: u32,

    /// Stop the search once it has run this many seconds (decimals allowed); 0: no limit.
    #[arg(long, value_name = "SECONDS", default_value_t = crate::query::sql::DEFAULT_TIMEOUT_SECS)]
    pub timeout: f64,

    #[command(flatten)]
    pub output: FormatArgs,
}

#[derive(Debug, Args)]
pub struct SqlArgs {
    /// One SQL statement; read from standard input when absent or "-".
    #[arg(value_name = "SQL")]
    pub sql: Option<String>,

    /// A named parameter: -p name VALUE binds :name to VALUE (as text). Repeatable.
    #[arg(short = 'p', long = "param", num_args = 2, value_names = ["NAME", "VALUE"], action = clap::ArgAction::Append)]
    pub params: Vec<String>,

    /// Stop the statement once it has run this many seconds (decimals allowed); 0: no limit.
    #[arg(long, value_name = "SECONDS", default_value_t = crate::query::sql::DEFAULT_TIMEOUT_SECS)]
    pub timeout: f64,

    /// In a table, show at most this many rows; 0: as many as 8 MB of text holds.
    ///
    /// A table is laid out whole before its first line is printed, so it holds at most this many
    /// rows and at most 8 MB of text; when the statement gives more, the table ends there and
    /// standard error says so. JSON, JSON Lines and CSV stream every row.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_rows: usize,

    #[command(flatten)]
    pub output: FormatArgs,
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// Seed files or folders of them (their *.toml files, in file-name order).
    #[arg(value_name = "PATH", default_value = "seed")]
    pub paths: Vec<PathBuf>,

    /// Make the record the set of articles given: remove every stored article whose id no file
    /// given here has.
    #[arg(long)]
    pub prune: bool,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// The seed files or folders the database is loaded from (seed files are found by name).
    #[arg(value_name = "PATH", default_value = "seed")]
    pub paths: Vec<PathBuf>,
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
pub struct DraftArgs {
    /// The article's text, a plain text file.
    #[arg(value_name = "ARTICLE.txt")]
    pub article: PathBuf,

    /// The publication day, YYYY-MM-DD: relative dates ("on Wednesday") count from it.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub published: String,

    /// The publisher: "A News", "Reuters".
    #[arg(long, value_name = "P")]
    pub publisher: Option<String>,

    /// The article's title (default: its first sentence, marked for review).
    #[arg(long, value_name = "T")]
    pub title: Option<String>,

    /// The article's address.
    #[arg(long, value_name = "U")]
    pub url: Option<String>,

    /// Write the draft to this file (never over an existing one) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ConflictsArgs {
    #[command(flatten)]
    pub filter: FilterArgs,

    #[command(flatten)]
    pub output: FormatArgs,
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    pub filter: FilterArgs,

    #[command(flatten)]
    pub output: FormatArgs,
}
