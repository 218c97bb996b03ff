//! Seed files on disk: which files a run names, reading them with a hard cap on their size,
//! the article text a file names, the hash that says whether a file changed, and the stream that
//! reads files on other threads while this one checks and writes them.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::Result;
use sha2::{Digest, Sha256};

use super::article::Parsed;
use super::error::{LineStarts, SeedError, SeedErrors};
use super::inside::{open_inside, NotOpened};
use super::model::parse_all;

/// The largest seed file or article text read; anything bigger is refused unread.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The seed files named by `paths`: files as given, folders as their `*.toml` files; all in
/// file-name order.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, SeedErrors> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = match fs::read_dir(path) {
                Ok(entries) => entries,
                Err(e) => {
                    errors.push(SeedError::file(path, format!("cannot read folder: {e}")));
                    continue;
                }
            };
            let before = files.len();
            for entry in entries.flatten() {
                let p = entry.path();
                // Not only regular files: a pipe or a device named *.toml is read, and refused
                // saying what it is, rather than passed over. A link to nothing (an editor's lock
                // file, `.#name.toml`) is no file at all, and is passed over.
                let is_toml = p.extension().is_some_and(|x| x == "toml");
                if is_toml && fs::metadata(&p).is_ok_and(|m| !m.is_dir()) {
                    files.push(p);
                }
            }
            if files.len() == before {
                errors.push(SeedError::file(
                    path,
                    "no seed files (*.toml) in this folder",
                ));
            }
        } else if path.is_file() {
            files.push(path.clone());
        } else if let Ok(meta) = fs::metadata(path) {
            let kind = file_kind(&meta);
            errors.push(SeedError::file(
                path,
                format!("it is {kind}, not a regular file"),
            ));
        } else {
            errors.push(SeedError::file(path, "no such file or folder"));
        }
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()).then_with(|| a.cmp(b)));
    // One file given by two paths (`s` and `./s`, `s/../s/x.toml`, a link to the folder) is
    // one file: the first path stands for it.
    let mut real_folders: HashMap<PathBuf, PathBuf> = HashMap::new();
    let mut seen = HashSet::new();
    files.retain(|f| {
        let folder = folder_of(f);
        let real_folder = real_folders
            .entry(folder.to_path_buf())
            .or_insert_with(|| real(folder))
            .clone();
        seen.insert((real_folder, f.file_name().map(ToOwned::to_owned)))
    });
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(SeedErrors(errors))
    }
}

/// A regular file's bytes, at most [`MAX_FILE_BYTES`] of them whatever its metadata says. A
/// named pipe, device or socket is refused before it is read (and opened without waiting for a
/// writer), so a seed never hangs holding the write lock.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    let meta = fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(format!("it is {}, not a regular file", file_kind(&meta)));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()));
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    read_opened(options.open(path).map_err(|e| e.to_string())?)
}

/// The bytes of an opened file, once what was opened is shown to be a regular file (the path
/// may have changed since it was looked at), at most [`MAX_FILE_BYTES`] of them.
fn read_opened(file: fs::File) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let opened = file.metadata().map_err(|e| e.to_string())?;
    if !opened.is_file() {
        return Err(format!("it is {}, not a regular file", file_kind(&opened)));
    }
    if opened.len() > MAX_FILE_BYTES {
        return Err(too_big(opened.len()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Why a file of `n` bytes is not read.
fn too_big(n: u64) -> String {
    format!(
        "the file is {} MB; files over {} MB are refused",
        n / (1024 * 1024),
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

/// What a path that is not a regular file is, for messages.
fn file_kind(meta: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

/// Read and parse one seed file and the article text it names. `Err`: every problem that stops
/// the file from being read.
pub fn read(path: &Path) -> Result<Parsed, Vec<SeedError>> {
    let bytes =
        read_limited(path).map_err(|e| vec![SeedError::file(path, format!("cannot read: {e}"))])?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&e.as_bytes()[..at]).unwrap_or_default();
        let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
        vec![SeedError {
            line: Some(valid.matches('\n').count() + 1),
            column: Some(valid[line_start..].chars().count() + 1),
            ..SeedError::file(
                path,
                format!("not UTF-8 text (invalid byte at offset {at})"),
            )
        }]
    })?;
    parse_text(path, &file_stem(path), text, |name| read_body(path, name))
}

/// Parse a seed file's `text`, named `path` in messages, the article's text found by
/// `article` from the name `[source] text` gives (`Err`: why it cannot be read). `default_id`
/// is the article's id when `[source]` gives none. Pure but for what `article` does.
pub fn parse_text(
    path: &Path,
    default_id: &str,
    text: String,
    article: impl Fn(&str) -> Result<String, String>,
) -> Result<Parsed, Vec<SeedError>> {
    // The hash is of the bytes as they are; the record is of the text with its line endings
    // made `\n`, so that a file saved with CRLF gives the record one saved with LF gives (TOML
    // leaves a multi-line string's newlines to the parser).
    let (text, crlf) = match unix_newlines(&text) {
        Cow::Owned(lf) => (lf, Some(text)),
        Cow::Borrowed(_) => (text, None),
    };
    let (file, unknown_keys) = parse_all(path, &text)?;
    let (raw_body, body_error) = match &file.source.text {
        None => (None, None),
        Some(name) => match text_name(name.get_ref()).and_then(|_| article(name.get_ref())) {
            Ok(body) => (Some(body), None),
            Err(message) => (None, Some(SeedError::at(path, &text, name.span(), message))),
        },
    };
    let hash = hash_of(crlf.as_deref().unwrap_or(&text), raw_body.as_deref());
    let body = raw_body.map(|b| unix_newlines(&b).into_owned());
    Ok(Parsed {
        path: path.to_path_buf(),
        default_id: default_id.to_string(),
        lines: LineStarts::of(&text),
        text,
        file,
        body,
        body_error,
        unknown_keys,
        hash,
    })
}

/// A seed file's name without `.toml`: its article's id when `[source]` gives none.
pub fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `s` with every CRLF line ending made LF.
fn unix_newlines(s: &str) -> Cow<'_, str> {
    if s.contains("\r\n") {
        Cow::Owned(s.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(s)
    }
}

/// The article's text named by `[source] text`: a relative path that stays inside the seed file's
/// folder, even through symbolic links. It is opened once, by [`open_inside`], which never
/// follows a link out of the folder, and what was opened is read.
fn read_body(seed_file: &Path, name: &str) -> Result<String, String> {
    text_name(name)?;
    let rel = Path::new(name);
    let folder = folder_of(seed_file);
    let target = folder.join(rel);
    let file = open_inside(folder, rel).map_err(|e| match e {
        NotOpened::Outside(to) => format!(
            "`text` {name:?} leads outside the seed folder (to {})",
            to.display()
        ),
        NotOpened::Io(e) => format!("cannot read the article's text {}: {e}", target.display()),
    })?;
    let bytes = read_opened(file)
        .map_err(|e| format!("cannot read the article's text {}: {e}", target.display()))?;
    String::from_utf8(bytes)
        .map_err(|_| format!("the article's text {} is not UTF-8", target.display()))
}

/// `Ok` when `name`, given as `[source] text`, is a relative path that stays inside the seed
/// file's folder.
fn text_name(name: &str) -> Result<(), String> {
    let rel = Path::new(name);
    let escapes = rel.components().any(|c| !matches!(c, Component::Normal(_)));
    if name.is_empty() || rel.is_absolute() || escapes {
        return Err(format!(
            "`text` must be a file name inside the seed folder, not {name:?}"
        ));
    }
    Ok(())
}

/// Run `work` on each of `count` items (reading and parsing a file, and perhaps checking it)
/// on `readers` threads beside this one, handing each result to `f` in order as it is ready.
/// At most a few items per reader are in memory at once; an error from `f` stops the reading.
pub fn stream<T: Send>(
    count: usize,
    readers: usize,
    work: impl Fn(usize) -> T + Sync,
    mut f: impl FnMut(usize, T) -> Result<()>,
) -> Result<()> {
    let readers = readers.max(1);
    let work = &work;
    std::thread::scope(|s| {
        let mut receivers = Vec::with_capacity(readers);
        for first in 0..readers {
            let (send, receive) = std::sync::mpsc::sync_channel(STREAM_DEPTH);
            receivers.push(receive);
            s.spawn(move || {
                for i in (first..count).step_by(readers) {
                    if send.send(work(i)).is_err() {
                        break;
                    }
                }
            });
        }
        for i in 0..count {
            let Ok(parsed) = receivers[i % readers].recv() else {
                anyhow::bail!(
                    "reading seed file {} of {count} stopped unexpectedly",
                    i + 1
                );
            };
            f(i, parsed)?;
        }
        Ok(())
    })
}

/// Readers for the first pass, which only parses and notes listings and reports: one per core.
pub fn first_pass_readers() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// How many parsed files may wait between the reading thread and the checker.
const STREAM_DEPTH: usize = 32;

/// For each file with an `expected` hash, whether the file (and its text) hash to it, as
/// [`read`] would hash them; found from the `[source]` table alone, without parsing. Hashing is
/// mostly reading files and resolving paths: spread over every core.
pub fn hashes_match(files: &[PathBuf], expected: &[Option<&str>]) -> Vec<bool> {
    let mut same = vec![false; files.len()];
    each_on_every_core(files, &mut same, |i, f| match expected[i] {
        Some(hash) => quick_hash(f).as_deref() == Some(hash),
        None => false,
    });
    same
}

/// Each file's article id read from its `[source]` table alone ([`quick_id`]), the files read
/// on every core.
pub fn quick_ids(files: &[PathBuf]) -> Vec<Option<String>> {
    let mut ids = vec![None; files.len()];
    each_on_every_core(files, &mut ids, |_, f| quick_id(f));
    ids
}

/// `out[i] = work(i, &files[i])` for every file, the files split among as many threads as there
/// are cores.
fn each_on_every_core<T: Send>(
    files: &[PathBuf],
    out: &mut [T],
    work: impl Fn(usize, &Path) -> T + Sync,
) {
    let chunk = files.len().div_ceil(first_pass_readers()).max(1);
    let work = &work;
    std::thread::scope(|s| {
        for (n, (files, out)) in files.chunks(chunk).zip(out.chunks_mut(chunk)).enumerate() {
            s.spawn(move || {
                for (k, (f, out)) in files.iter().zip(out).enumerate() {
                    *out = work(n * chunk + k, f);
                }
            });
        }
    });
}

/// Only `[source] text`, for finding the article's text without parsing the whole file.
#[derive(serde::Deserialize)]
struct Head {
    source: HeadSource,
}

#[derive(serde::Deserialize)]
struct HeadSource {
    id: Option<String>,
    text: Option<String>,
}

/// A seed file's `[source]` table read alone, without parsing the rest of the file; `None` when
/// it cannot be read so (the file is then parsed whole).
fn head(text: &str) -> Option<HeadSource> {
    let start = text
        .match_indices("[source]")
        .find(|(i, _)| *i == 0 || text.as_bytes()[i - 1] == b'\n')?
        .0;
    let rest = &text[start + "[source]".len()..];
    let end = rest
        .match_indices("\n[")
        .next()
        .map_or(rest.len(), |(i, _)| i);
    let head: Head = toml::from_str(&text[start..start + "[source]".len() + end]).ok()?;
    Some(head.source)
}

/// The hash [`read`] would give the file, found from its `[source]` table alone; `None` when
/// that table cannot be read so (the file is then parsed whole). Equal to the stored hash only
/// if the file and its text are byte for byte as loaded.
pub fn quick_hash(path: &Path) -> Option<String> {
    let text = String::from_utf8(read_limited(path).ok()?).ok()?;
    let body = match &head(&text)?.text {
        Some(name) => Some(read_body(path, name).ok()?),
        None => None,
    };
    Some(hash_of(&text, body.as_deref()))
}

/// The id of the article a seed file states, found from its `[source]` table alone (`[source]
/// id`, or the file's name); `None` when that table cannot be read so.
pub fn quick_id(path: &Path) -> Option<String> {
    let text = String::from_utf8(read_limited(path).ok()?).ok()?;
    let source = head(&text)?;
    Some(source.id.unwrap_or_else(|| file_stem(path)))
}

/// SHA-256 of a seed file's text and, when it names one, the article's text.
fn hash_of(text: &str, body: Option<&str>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(text.as_bytes());
    if let Some(body) = body {
        hasher.update([0u8]);
        hasher.update(body.as_bytes());
    }
    format!("{:x}", hasher.finalize())
}

/// How seed files are named in the record (`sources.seed_file`), which is how a later run knows
/// a file again: by the path from the database's folder to the real folder that holds the file
/// (links and `..` resolved), then the file's own name: `seed/x.toml` for a database beside
/// `seed/`, `../elsewhere/x.toml`, `./x.toml` beside the database. The same whatever the working
/// directory or the path the file was given by (`seed/x.toml`, `./seed/x.toml`,
/// `seed/../seed/x.toml`, a link to the folder); two folders' files of one name are two files.
/// A name always holds a `/`: the bare file names older versions stored never equal one, so
/// such an article is loaded again, never taken for one a file replaced.
#[derive(Debug, Clone)]
pub struct StoredNames {
    /// The database's folder, real.
    base: PathBuf,
    /// Each folder of the run's files, as given, by its name from `base`.
    folders: HashMap<PathBuf, String>,
}

impl StoredNames {
    /// Names for `files` in the database behind `conn` (the working directory for a database
    /// in memory, or none).
    pub fn new(conn: Option<&rusqlite::Connection>, files: &[PathBuf]) -> StoredNames {
        let db_folder = conn
            .and_then(|c| c.path())
            .filter(|p| !p.is_empty())
            .map(|p| {
                Path::new(p)
                    .parent()
                    .unwrap_or(Path::new("."))
                    .to_path_buf()
            })
            .unwrap_or_else(|| PathBuf::from("."));
        let base = real(&db_folder);
        let mut folders = HashMap::new();
        for f in files {
            let folder = folder_of(f);
            if !folders.contains_key(folder) {
                folders.insert(folder.to_path_buf(), relative(&base, &real(folder)));
            }
        }
        StoredNames { base, folders }
    }

    /// The name `file` has in the record.
    pub fn of(&self, file: &Path) -> String {
        let folder = folder_of(file);
        let folder = match self.folders.get(folder) {
            Some(f) => Cow::Borrowed(f.as_str()),
            None => Cow::Owned(relative(&self.base, &real(folder))),
        };
        format!("{folder}/{}", file_name(file))
    }

    /// The names of `files` in the record.
    pub fn all(&self, files: &[PathBuf]) -> HashSet<String> {
        files.iter().map(|f| self.of(f)).collect()
    }

    /// Where a stored name points, from the working directory (`seed/x.toml`, `../seed/x.toml`);
    /// a bare name from an older annals as it is.
    pub fn path_of(&self, name: &str) -> PathBuf {
        if is_bare_name(name) {
            return PathBuf::from(name);
        }
        let (folder, file) = name.rsplit_once('/').unwrap_or((".", name));
        // The stored name was made from real folders: its `..` are only the way up from base.
        let mut target = self.base.clone();
        for part in folder.split('/') {
            match part {
                "." | "" => {}
                ".." => {
                    target.pop();
                }
                p => target.push(p),
            }
        }
        let folder = relative(&real(Path::new(".")), &target);
        match folder.as_str() {
            "." => PathBuf::from(file),
            f => PathBuf::from(f.strip_prefix("./").unwrap_or(f)).join(file),
        }
    }
}

/// Whether `name` (a `sources.seed_file`) is a bare file name, as versions before
/// [`StoredNames`] stored: it says nothing of the folder.
pub fn is_bare_name(name: &str) -> bool {
    !name.contains('/')
}

/// A file's own name, for the record.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The folder a file was given in (`.` for a bare file name).
fn folder_of(file: &Path) -> &Path {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// `path` with links and `..` resolved; made absolute by hand when it cannot be (a folder that
/// went away).
fn real(path: &Path) -> PathBuf {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The path from folder `base` to folder `to` (both absolute), with `/`: `.`, `a/b`, `../c`.
fn relative(base: &Path, to: &Path) -> String {
    let (b, t): (Vec<_>, Vec<_>) = (base.components().collect(), to.components().collect());
    let common = b.iter().zip(&t).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".into(); b.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}
