//! `annals new`: write a commented skeleton seed file for a new article.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Write};

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;

use crate::cli::NewArgs;
use crate::seed::skeleton;

pub fn run(args: &NewArgs, out: &mut dyn Write) -> Result<()> {
    let published = NaiveDate::parse_from_str(&args.published, "%Y-%m-%d")
        .ok()
        .filter(|_| args.published.len() == 10)
        .with_context(|| {
            format!(
                "--published must be a day, YYYY-MM-DD, not {:?}",
                args.published
            )
        })?;
    let (title, publisher) = (args.title.trim(), args.publisher.trim());
    if title.is_empty() || publisher.is_empty() {
        bail!("--title and --publisher must not be empty");
    }
    // The same rules as a seed file's: what `new` writes must load.
    for (field, value) in [("title", title), ("publisher", publisher)] {
        if let Some(problem) = crate::seed::check::text_problem(field, value) {
            bail!("--{field}: {}", problem.replace(&format!("`{field}` "), ""));
        }
    }
    if let Some(url) = &args.url {
        if crate::sanitize::web_url(url).is_none() {
            bail!(
                "--url must be a web link (https:// or http://, a host, no spaces or control \
                 characters), not {url:?}"
            );
        }
    }
    fs::create_dir_all(&args.dir)
        .with_context(|| format!("cannot create the folder {}", args.dir.display()))?;
    let path = args.dir.join(skeleton::file_name(published, title));
    let text = skeleton::skeleton(publisher, published, title, args.url.as_deref());
    let mut file = match OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            bail!("{} already exists; it was left as it is", path.display())
        }
        Err(e) => return Err(e).with_context(|| format!("cannot write {}", path.display())),
    };
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    writeln!(out, "{}", path.display())?;
    Ok(())
}
