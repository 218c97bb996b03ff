//! `annals new`: write a commented skeleton seed file for a new article.

use std::fs;
use std::io::Write;

use anyhow::{bail, Context, Result};

use super::args;
use crate::cli::NewArgs;
use crate::seed::skeleton;

pub fn run(new: &NewArgs, out: &mut dyn Write) -> Result<()> {
    let published = args::published_day(&new.published)?;
    let (title, publisher) = (new.title.trim(), new.publisher.trim());
    if title.is_empty() || publisher.is_empty() {
        bail!("--title and --publisher must not be empty");
    }
    // The same rules as a seed file's: what `new` writes must load.
    args::article_text("title", title)?;
    args::article_text("publisher", publisher)?;
    if let Some(url) = &new.url {
        args::web_url(url)?;
    }
    fs::create_dir_all(&new.dir)
        .with_context(|| format!("cannot create the folder {}", new.dir.display()))?;
    let path = new.dir.join(skeleton::file_name(published, title));
    let text = skeleton::skeleton(publisher, published, title, new.url.as_deref());
    args::write_new_file(&path, &text)?;
    writeln!(out, "{}", crate::sanitize::path(&path))?;
    Ok(())
}
