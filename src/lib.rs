//! annals: a timeline database of facts reported in the news, over SQLite.
//!
//! Articles come in as seed files (`seed`), are stored by the schema in `migrations/` through
//! [`db::open`], are asked for by `query` and shown by `output` (listings) and `export` (files
//! for people and other tools). Dates are fuzzy: see [`date`].

pub mod cli;
pub mod commands;
pub mod date;
pub mod date_words;
pub mod db;
pub mod doctor;
pub mod draft;
pub mod export;
pub mod geo;
pub mod hooks;
pub mod output;
pub mod query;
pub mod sanitize;
pub mod seed;
pub mod text;
pub mod words;

use std::ffi::OsString;
use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};
use query::lists::Entities;

/// Run the command line `args` (the program name first) and return the process's exit code.
/// Errors are printed once, here, to standard error.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(e.exit_code() as u8);
        }
    };
    // Block-buffered: a locked stdout flushes at every newline, a write(2) per output line.
    let mut out = io::BufWriter::with_capacity(OUT_BUFFER, Stdout(io::stdout().lock()));
    let mut err = io::stderr();
    let dispatched = dispatch(&cli, &mut out, &mut err);
    let committed = dispatched.is_ok() && matches!(cli.command, Command::Seed(_));
    let done = dispatched.and_then(|()| Ok(out.flush()?));
    match done {
        Ok(()) => ExitCode::SUCCESS,
        // A seed that committed has said so, and why its summary is missing (`commands::seed`).
        Err(_) if committed => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = out.flush();
            let e = db::explain(e, &cli.db);
            // Errors quote file names and database text: shown as a terminal may show them.
            let _ = writeln!(err, "error: {}", sanitize::terminal(&format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}

/// Bytes of output gathered before each write to standard output.
const OUT_BUFFER: usize = 64 * 1024;

/// Standard output whose write errors say where they happened ("writing to standard output: No
/// space left on device"), keeping their kind so a closed pipe is still recognised.
struct Stdout<W>(W);

impl<W: Write> Stdout<W> {
    fn name(e: io::Error) -> io::Error {
        io::Error::new(e.kind(), format!("writing to standard output: {e}"))
    }
}

impl<W: Write> Write for Stdout<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf).map_err(Self::name)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush().map_err(Self::name)
    }
}

fn dispatch(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<()> {
    match &cli.command {
        Command::Migrate => commands::migrate::run(&cli.db, out),
        Command::Doctor(args) => commands::doctor::run(&cli.db, &args.paths, out),
        Command::Seed(args) => commands::seed::run(&cli.db, args, out),
        Command::Check(args) => commands::check::run(&cli.db, args, out),
        Command::New(args) => commands::new::run(args, out),
        Command::Draft(args) => commands::draft::run(&cli.db, args, out, err),
        Command::Timeline(args) => commands::timeline::run(&cli.db, args, out, err),
        Command::Aggregate(cmd) => commands::aggregate::run(&cli.db, cmd, out, err),
        Command::Show(args) => commands::show::run(&cli.db, args, out, err),
        Command::People(args) => {
            commands::lists::run_entities(&cli.db, Entities::People, args.output.output(), out, err)
        }
        Command::Organisations(args) => commands::lists::run_entities(
            &cli.db,
            Entities::Organisations,
            args.output.output(),
            out,
            err,
        ),
        Command::Places(args) => {
            commands::lists::run_entities(&cli.db, Entities::Places, args.output.output(), out, err)
        }
        Command::Sources(args) => {
            commands::lists::run_sources(&cli.db, args.output.output(), out, err)
        }
        Command::Search(args) => commands::search::run(&cli.db, args, out, err),
        Command::Conflicts(args) => commands::conflicts::run(&cli.db, args, out, err),
        Command::DatasetteMetadata => commands::datasette::run(&cli.db, out),
        Command::Sql(args) => commands::sql::run(&cli.db, args, &mut io::stdin().lock(), out, err),
        Command::Export(args) => commands::export::run(&cli.db, args, out, err),
    }
}

/// Whether the error comes from writing to a pipe whose reader has gone (`annals ... | head`).
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<csv::Error>().is_some_and(|e| {
                matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe)
            })
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(io::ErrorKind::BrokenPipe))
    })
}
