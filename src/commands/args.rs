//! Command-line values checked once, where they become the library's values: the filter flags
//! as a [`Filter`], a publication day, an article's title, publisher and address as a seed file
//! would hold them, and a new file that is never written over an existing one.

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::Path;
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use chrono::NaiveDate;
use rusqlite::Connection;

use crate::cli::{FilterArgs, FormatArgs};
use crate::date::parse_bound;
use crate::geo::{Extent, Window, DEFAULT_NEAR_KM};
use crate::output::Output;
use crate::query::filter::Filter;
use crate::query::names::{self, resolve_opt, Kind};
use crate::query::search::plain_query;

/// `--timeout SECONDS` as a statement's time limit, with the seconds as given for messages:
/// `None` for 0.
pub fn time_limit(secs: f64) -> Result<Option<(Duration, f64)>> {
    if secs == 0.0 {
        return Ok(None);
    }
    let limit = Duration::try_from_secs_f64(secs)
        .map_err(|_| anyhow!("--timeout {secs}: give a number of seconds, or 0 for no limit"))?;
    Ok(Some((limit, secs)))
}

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
        area: area(args)?,
    })
}

/// `--near LAT,LON[,KM]` or `--bbox WEST,SOUTH,EAST,NORTH` as a window on the map.
fn area(args: &FilterArgs) -> Result<Option<Window>> {
    let numbers = |flag: &str, value: &str| -> Result<Vec<f64>> {
        value
            .split(',')
            .map(|n| {
                n.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| anyhow!("{flag} {value}: {:?} is not a number", n.trim()))
            })
            .collect()
    };
    if let Some(value) = &args.near {
        let n = numbers("--near", value)?;
        let (lat, lon, km) = match n[..] {
            [lat, lon] => (lat, lon, DEFAULT_NEAR_KM),
            [lat, lon, km] => (lat, lon, km),
            _ => bail!("--near {value}: give LAT,LON or LAT,LON,KM (42.908,20.84,10)"),
        };
        Extent::stated(Some(lat), Some(lon), Some(km), None).map_err(|e| {
            anyhow!(
                "--near {value}: {}",
                e.replace("`radius_km`", "the distance")
            )
        })?;
        return Ok(Some(Window::Near {
            latitude: lat,
            longitude: lon,
            km,
        }));
    }
    if let Some(value) = &args.bbox {
        let n = numbers("--bbox", value)?;
        return match Extent::stated(None, None, None, Some(&n)) {
            Ok(Some(Extent::Area(b))) => Ok(Some(Window::Box(b))),
            Ok(_) => bail!("--bbox {value}: give WEST,SOUTH,EAST,NORTH"),
            Err(e) => bail!("--bbox {value}: {}", e.replace("`bbox` ", "")),
        };
    }
    Ok(None)
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
            near,
            bbox,
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
            || near.is_some()
            || bbox.is_some()
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

/// `--published`: a day, YYYY-MM-DD.
pub fn published_day(value: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .filter(|_| value.len() == 10)
        .with_context(|| format!("--published must be a day, YYYY-MM-DD, not {value:?}"))
}

/// `--title` or `--publisher` (`field`), held to the rules of the same field in a seed file, so
/// that what is written from it loads.
pub fn article_text(field: &str, value: &str) -> Result<()> {
    if let Some(problem) = crate::seed::check::text_problem(field, value) {
        bail!("--{field}: {}", problem.replace(&format!("`{field}` "), ""));
    }
    Ok(())
}

/// `--url`: a web link, as a seed file's `url` must be.
pub fn web_url(url: &str) -> Result<()> {
    if crate::sanitize::web_url(url).is_none() {
        bail!(
            "--url must be a web link (https:// or http://, a host, no spaces or control \
             characters), not {url:?}"
        );
    }
    Ok(())
}

/// Write `text` to a new file at `path`; an existing file is an error and is left as it is.
pub fn write_new_file(path: &Path, text: &str) -> Result<()> {
    let mut file: File = match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            bail!("{} already exists; it was left as it is", path.display())
        }
        Err(e) => return Err(e).with_context(|| format!("cannot write {}", path.display())),
    };
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}
