//! One module per subcommand: check its arguments, open the database once, call the library and
//! hand the rows to `output`.

pub mod aggregate;
pub mod check;
pub mod conflicts;
pub mod datasette;
pub mod doctor;
pub mod draft;
pub mod export;
pub mod lists;
pub mod migrate;
pub mod new;
pub mod search;
pub mod seed;
pub mod show;
pub mod sql;
pub mod timeline;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use rusqlite::Connection;

use crate::cli::{FilterArgs, FormatArgs};
use crate::date::parse_bound;
use crate::output::Output;
use crate::query::filter::Filter;
use crate::query::names::{self, resolve_opt, Kind};
use crate::query::search::plain_query;
use crate::{db, seed as seeder};

/// Turn the filter flags into a [`Filter`]: dates parsed, names resolved to ids.
pub fn filter(conn: &Connection, args: &FilterArgs) -> Result<Filter> {
    let (from, to) = match &args.on {
        Some(s) => {
            let (first, last) = parse_bound(s).context("--on")?;
            (Some(first), Some(last))
        }
        None => (
            match &args.from {
                Some(s) => Some(parse_bound(s).context("--from")?.0),
                None => None,
            },
            match &args.to {
                Some(s) => Some(parse_bound(s).context("--to")?.1),
                None => None,
            },
        ),
    };
    if let (Some(f), Some(t), Some(fs), Some(ts)) = (from, to, &args.from, &args.to) {
        if f > t {
            bail!("--from {fs} is later than --to {ts}: the range is empty");
        }
    }
    Ok(Filter {
        from,
        to,
        within: args.within,
        kinds: match &args.kind {
            Some(k) => Some(names::kinds(conn, k).context("--kind")?),
            None => None,
        },
        person: resolve_opt(conn, Kind::Person, args.person.as_deref()).context("--person")?,
        org: resolve_opt(conn, Kind::Organisation, args.org.as_deref()).context("--org")?,
        place: resolve_opt(conn, Kind::Place, args.place.as_deref()).context("--place")?,
        sources: match &args.source {
            Some(s) => Some(names::sources(conn, s).context("--source")?),
            None => None,
        },
        text: match &args.text {
            Some(t) => match plain_query(t) {
                Some(q) => Some(q),
                None => bail!("--text {t:?}: nothing to search for: give one or more words"),
            },
            None => None,
        },
        id: None,
    })
}

impl FilterArgs {
    /// Whether any filter is given.
    pub fn any(&self) -> bool {
        let FilterArgs {
            from,
            to,
            on,
            within,
            kind,
            person,
            org,
            place,
            source,
            text,
        } = self;
        from.is_some()
            || to.is_some()
            || on.is_some()
            || *within
            || kind.is_some()
            || person.is_some()
            || org.is_some()
            || place.is_some()
            || source.is_some()
            || text.is_some()
    }
}

impl FormatArgs {
    /// The format and width, as `output` takes them.
    pub fn output(&self) -> Output {
        Output {
            format: self.format,
            width: self.width,
        }
    }
}

/// The folder a missing database is seeded from.
pub const DEFAULT_SEED_DIR: &str = "seed";

/// Open the database for a query command. When the file does not exist, create it, migrate it and
/// seed it from `./seed`, saying so in one line on `err`. The new database is made whole before it
/// takes its name ([`db::open_or_create`]): if that fails nothing is left behind, and if another
/// process made the database meanwhile, that one is used as it is.
pub fn open_for_query(path: &Path, err: &mut dyn Write) -> Result<Connection> {
    let folder_missing = path
        .parent()
        .is_some_and(|p| !p.as_os_str().is_empty() && !p.is_dir());
    if path.exists() || folder_missing {
        // db::open reports a missing folder, a directory or a file that is not a database.
        return db::open(path);
    }
    let seed_dir = PathBuf::from(DEFAULT_SEED_DIR);
    if !seed_dir.is_dir() {
        bail!(
            "there is no database at {} and no ./{DEFAULT_SEED_DIR} folder to create it from \
             (run `annals seed PATH` to create it)",
            path.display()
        );
    }
    let (conn, created) = db::open_or_create(path, |conn| {
        seeder::seed(
            conn,
            std::slice::from_ref(&seed_dir),
            false,
            &mut seeder::NoProgress,
        )
    })
    .with_context(|| format!("cannot create {} from ./{DEFAULT_SEED_DIR}", path.display()))?;
    if let Some(summary) = created {
        let events: usize = summary.files.iter().map(|f| f.events).sum();
        writeln!(
            err,
            "annals: created {} and loaded {} article(s), {} event(s) from ./{DEFAULT_SEED_DIR}",
            path.display(),
            summary.files.len(),
            events
        )?;
    }
    Ok(conn)
}
