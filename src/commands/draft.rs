//! `annals draft`: a seed file drafted from an article's text, checked as `annals check` would
//! check it, with what seeding it would change to stored events (each change to a stored
//! event's date or place marked for review, in the draft and on standard error), then written
//! to standard output or a new file. The database is only read, and only when it exists:
//! without one the draft comes from the text alone.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use rusqlite::Connection;

use crate::cli::DraftArgs;
use crate::db;
use crate::draft::{self, store::Store, Input};
use crate::seed::changes::Change;
use crate::seed::{ArticleText, SeedErrors, SeedText};
use crate::{sanitize, seed};

/// The schema draft reads: places within places and organisations' parents came with version 8.
const NEEDS_VERSION: i64 = 8;

pub fn run(db: &Path, args: &DraftArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let published = checked_arguments(args)?;
    // The article is read as a seed's text is: a regular file, at most 16 MB, UTF-8.
    let bytes = seed::files::read_limited(&args.article)
        .map_err(|e| anyhow!("cannot read the article {}: {e}", args.article.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow!("the article {} is not UTF-8 text", args.article.display()))?;
    let conn = db::open_if_present(db, NEEDS_VERSION, "draft")?;
    let store = match &conn {
        Some(c) => {
            Store::read(c).with_context(|| format!("cannot read the record in {}", db.display()))?
        }
        None => Store::default(),
    };
    let name = args
        .article
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    // `[source] text` names the article when the seed will lie beside it: always for standard
    // output (save it there), for --out when it is in the article's folder.
    let beside = match &args.out {
        None => true,
        Some(o) => same_folder(o, &args.article),
    };
    let text_file = name
        .clone()
        .filter(|n| beside && seed::check::text_problem("text", n).is_none());
    let article = args.article.display().to_string();
    let input = Input {
        text: &text,
        published,
        publisher: args.publisher.as_deref().map(str::trim),
        title: args.title.as_deref().map(str::trim),
        url: args.url.as_deref(),
        text_file: text_file.as_deref(),
        article: &article,
    };
    let d = draft::draft(&input, &store);
    let plain = draft::render(&d);
    let shown = match &args.out {
        Some(o) => sanitize::path(o),
        None => "the draft".to_string(),
    };
    // The draft as the check names it: the file it will be, or "the draft" on standard output;
    // its article's id, when it gives none, is that file's name.
    let (name, default_id) = match &args.out {
        Some(o) => (o.clone(), seed::files::file_stem(o)),
        None => (PathBuf::from("the draft"), "draft".to_string()),
    };
    // Checked before it is written, so that what seeding it would change to stored events'
    // dates and places is marked in it; the draft is written whatever the check finds. The
    // marks are comments: the check holds for the draft with them, and a refused draft has
    // none, so the lines its errors name are the lines written.
    let checked = check(
        conn.as_ref(),
        &name,
        &default_id,
        &plain,
        &text,
        text_file.as_deref(),
    );
    let toml = match &checked {
        Ok(DraftCheck::Passed(Preview::Changes(changes)))
            if changes.iter().any(Change::to_review) =>
        {
            draft::render::reviewed(&d, changes)
        }
        _ => plain,
    };
    match &args.out {
        Some(o) => super::args::write_new_file(o, &toml)?,
        None => out.write_all(toml.as_bytes())?,
    }
    say_what_was_drafted(err, &d, db, conn.is_some(), checked, &shown)
}

/// The publication day, once every argument is known to be usable: fields not empty nor too
/// long, a web link, an `--out` that does not exist yet.
fn checked_arguments(args: &DraftArgs) -> Result<chrono::NaiveDate> {
    let published = super::args::published_day(&args.published)?;
    for (field, value) in [("title", &args.title), ("publisher", &args.publisher)] {
        if let Some(v) = value {
            if v.trim().is_empty() {
                bail!("--{field} must not be empty");
            }
            super::args::article_text(field, v.trim())?;
        }
    }
    if let Some(url) = &args.url {
        super::args::web_url(url)?;
    }
    if let Some(o) = &args.out {
        if fs::symlink_metadata(o).is_ok() {
            bail!("{} already exists; it was left as it is", o.display());
        }
    }
    Ok(published)
}

/// On standard error: what the draft holds, and what checking it found (`shown`: the draft as
/// messages name it; `present`: whether there is a database at `db`).
fn say_what_was_drafted(
    err: &mut dyn Write,
    d: &draft::Draft,
    db: &Path,
    present: bool,
    checked: Result<DraftCheck>,
    shown: &str,
) -> Result<()> {
    let reports = d.events.iter().filter(|e| e.report_of.is_some()).count();
    writeln!(
        err,
        "draft: {} event(s) ({reports} report(s) of stored events), {} figure(s), {} quote(s), {} new \
         people, {} new organisations, {} new places{}",
        d.events.len(),
        d.figures.len(),
        d.quotes.len(),
        d.people.len(),
        d.organisations.len(),
        d.places.len(),
        if present {
            format!("; names resolved against {}", sanitize::path(db))
        } else {
            format!("; no database at {}, from the text alone", sanitize::path(db))
        }
    )?;
    match checked {
        Ok(DraftCheck::Passed(preview)) => {
            writeln!(err, "annals check finds no errors in {shown}")?;
            print_preview(&preview, shown, err)?;
        }
        Ok(DraftCheck::Refused(errors)) => {
            writeln!(err, "annals check would refuse {shown}:\n{errors}")?
        }
        Err(e) => writeln!(
            err,
            "{shown} was not checked: {e:#}; run `annals check` on it"
        )?,
    }
    Ok(())
}

/// What checking the draft found.
#[derive(Debug, PartialEq)]
enum DraftCheck {
    /// The checks pass; what seeding it would change.
    Passed(Preview),
    /// The checks refuse it: their errors, the draft named as shown.
    Refused(String),
}

/// What seeding the draft would change to the record.
#[derive(Debug, PartialEq)]
enum Preview {
    /// There is no database: nothing stored to change.
    NoDatabase,
    /// Seeding it would make these changes.
    Changes(Vec<Change>),
}

/// What seeding the draft would change, as `annals check` shows it, each change to a stored
/// event's date or place marked for review.
fn print_preview(preview: &Preview, shown: &str, err: &mut dyn Write) -> Result<()> {
    match preview {
        Preview::NoDatabase => {}
        Preview::Changes(changes) if changes.is_empty() => {
            writeln!(err, "seeding {shown} would change no event")?
        }
        Preview::Changes(changes) => {
            writeln!(err, "seeding {shown} would change:")?;
            for c in changes {
                let mark = if c.to_review() { "review: " } else { "" };
                writeln!(err, "  {mark}{}", sanitize::terminal(&c.to_string()))?;
            }
        }
    }
    Ok(())
}

/// Whether `file` (which may not exist yet) would lie in the same folder as `other`.
fn same_folder(file: &Path, other: &Path) -> bool {
    let folder = |p: &Path| -> Option<PathBuf> {
        let parent = p
            .parent()
            .filter(|x| !x.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::canonicalize(parent).ok()
    };
    matches!((folder(file), folder(other)), (Some(a), Some(b)) if a == b)
}

/// Check the draft (`toml`, named `name` in errors, its article's id `default_id` when it gives
/// none) in memory as `annals check` would, with the article's `text` beside it as `text_file`,
/// and when it passes, see what seeding it into the database behind `conn` would change.
fn check(
    conn: Option<&Connection>,
    name: &Path,
    default_id: &str,
    toml: &str,
    text: &str,
    text_file: Option<&str>,
) -> Result<DraftCheck> {
    let draft = SeedText {
        name: name.to_path_buf(),
        default_id: default_id.to_string(),
        text: toml.to_string(),
        article: text_file.map(|n| ArticleText {
            name: n.to_string(),
            text: text.to_string(),
        }),
    };
    match seed::check_texts(conn, vec![draft]) {
        Ok(report) => Ok(DraftCheck::Passed(match report.changes {
            Some(changes) => Preview::Changes(changes),
            None => Preview::NoDatabase,
        })),
        Err(e) => match e.downcast_ref::<SeedErrors>() {
            Some(errors) => Ok(DraftCheck::Refused(errors.listing())),
            None => Err(e),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A draft the checks refuse is reported with its name, line and what is wrong.
    #[test]
    fn a_refused_draft_is_reported_by_line() {
        let toml = "[source]\ntitle = \"T\"\npublisher = \"P\"\npublished = \"2023-07-19\"\n\n\
                    [[quotes]]\nspeaker = \"nobody\"\ntext = \"not in the text at all\"\n";
        let DraftCheck::Refused(errors) = check(
            None,
            Path::new("out/d.toml"),
            "d",
            toml,
            "Some text.",
            Some("a.txt"),
        )
        .unwrap() else {
            panic!("not refused");
        };
        assert!(errors.contains("out/d.toml:7:"), "{errors}");
        assert!(errors.contains("\"nobody\""), "{errors}");
        assert!(!errors.contains("annals-draft-"), "{errors}");
        let fine = "[source]\ntitle = \"T\"\npublisher = \"P\"\npublished = \"2023-07-19\"\n";
        assert_eq!(
            check(None, Path::new("d"), "d", fine, "", None).unwrap(),
            DraftCheck::Passed(Preview::NoDatabase)
        );
    }
}
