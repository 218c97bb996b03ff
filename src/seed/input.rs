//! What a run reads: seed files on disk, or seed texts already in memory (a draft checked
//! before it is written). Both are read into the same [`Parsed`] files, and nothing after this
//! module knows which it was given.

use std::path::{Path, PathBuf};

use super::article::Parsed;
use super::error::SeedError;
use super::files;

/// The seed files of a run, in the order they are read.
#[derive(Debug, Clone)]
pub enum Input {
    /// Files on disk (each article's text beside its file).
    Files(Vec<PathBuf>),
    /// Texts in memory.
    Texts(Vec<SeedText>),
}

/// A seed file's text held in memory, with the article's text it names.
#[derive(Debug, Clone)]
pub struct SeedText {
    /// The name messages give it: `out/draft.toml`, `the draft`.
    pub name: PathBuf,
    /// The article's id when its `[source]` gives none (a file's would be its name).
    pub default_id: String,
    pub text: String,
    /// The article's text, found by the name `[source] text` gives.
    pub article: Option<ArticleText>,
}

/// An article's text, and the name a seed file gives it.
#[derive(Debug, Clone)]
pub struct ArticleText {
    pub name: String,
    pub text: String,
}

impl Input {
    pub fn len(&self) -> usize {
        match self {
            Input::Files(files) => files.len(),
            Input::Texts(texts) => texts.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`th file, as messages name it.
    pub fn path(&self, i: usize) -> &Path {
        match self {
            Input::Files(files) => &files[i],
            Input::Texts(texts) => &texts[i].name,
        }
    }

    /// The files on disk (none for texts).
    pub fn files(&self) -> &[PathBuf] {
        match self {
            Input::Files(files) => files,
            Input::Texts(_) => &[],
        }
    }

    /// The `i`th file, read and parsed.
    pub fn read(&self, i: usize) -> Result<Parsed, Vec<SeedError>> {
        match self {
            Input::Files(files) => files::read(&files[i]),
            Input::Texts(texts) => texts[i].parse(),
        }
    }

    /// The `i`th file's text as it is, `None` when it cannot be read.
    pub fn text(&self, i: usize) -> Option<std::borrow::Cow<'_, str>> {
        match self {
            Input::Files(files) => {
                let bytes = files::read_limited(&files[i]).ok()?;
                String::from_utf8(bytes).ok().map(Into::into)
            }
            Input::Texts(texts) => Some(texts[i].text.as_str().into()),
        }
    }

    /// The id of the article the `i`th file states, read from its `[source]` table alone when
    /// that can be done; `None` when the file cannot be read (the first pass says why).
    pub fn article_id(&self, i: usize) -> Option<String> {
        if let Input::Files(files) = self {
            if let Some(id) = files::quick_id(&files[i]) {
                return Some(id);
            }
        }
        self.read(i).ok().map(|p| super::check::source_id_of(&p))
    }
}

impl SeedText {
    fn parse(&self) -> Result<Parsed, Vec<SeedError>> {
        let article = |name: &str| match &self.article {
            Some(a) if a.name == name => Ok(a.text.clone()),
            _ => Err(format!(
                "cannot read the article's text {name}: it was not given"
            )),
        };
        files::parse_text(&self.name, &self.default_id, self.text.clone(), article)
    }
}
