//! Opening a file by a path relative to a folder without ever leaving the folder: the article
//! text a seed file names. The path is walked one name at a time from the folder, each name
//! opened with `O_NOFOLLOW` in the folder opened before it; a symbolic link on the way is read
//! and followed only while it leads to a place inside the folder, and the walk then starts
//! again from the folder. What is opened is therefore what was checked: a text swapped for a
//! link to a file outside the folder between a check and the read cannot be read, since there
//! is no such gap. (Checking a resolved path, then opening it, left one.)

use std::ffi::OsString;
use std::fs::File;
use std::path::{Component, Path, PathBuf};

/// The most symbolic links followed for one path, as the kernel allows (`ELOOP`).
const MAX_LINKS: usize = 40;

/// Why a file inside a folder could not be opened.
#[derive(Debug)]
pub enum NotOpened {
    /// A link on the way leads outside the folder, to this path.
    Outside(PathBuf),
    /// The path cannot be opened (no such file, a permission, too many links).
    Io(std::io::Error),
}

/// Open `rel` (relative, every component a name) inside `folder`, read-only and without waiting
/// for a writer of a named pipe. Links inside the folder are followed; a link leading out of it
/// is refused.
#[cfg(unix)]
pub fn open_inside(folder: &Path, rel: &Path) -> Result<File, NotOpened> {
    use std::io::Error;
    let root = folder.canonicalize().map_err(NotOpened::Io)?;
    let root_dir = File::open(&root).map_err(NotOpened::Io)?;
    let mut path: Vec<OsString> = names(rel).ok_or_else(|| NotOpened::Outside(root.join(rel)))?;
    let mut links = 0;
    'walk: loop {
        let mut dir: Option<File> = None;
        for (i, name) in path.iter().enumerate() {
            let last = i + 1 == path.len();
            let at = dir.as_ref().unwrap_or(&root_dir);
            match open_at(at, name, last) {
                Ok(f) if last => return Ok(f),
                Ok(f) => dir = Some(f),
                Err(e) => {
                    let link = matches!(e.raw_os_error(), Some(libc::ELOOP | libc::ENOTDIR));
                    let target = read_link_at(at, name);
                    if !link && target.is_none() {
                        return Err(NotOpened::Io(e));
                    }
                    links += 1;
                    if links > MAX_LINKS {
                        return Err(NotOpened::Io(Error::other(
                            "too many levels of symbolic links",
                        )));
                    }
                    // A link that is one no longer (replaced meanwhile): the walk starts over.
                    if let Some(target) = target {
                        path = follow(&root, &path[..i], &target, &path[i + 1..])?;
                    }
                    continue 'walk;
                }
            }
        }
        // An empty path: the folder itself, which is no article text.
        return Err(NotOpened::Io(Error::other("it is a folder")));
    }
}

/// Without `openat`: the path resolved, checked, then opened (a gap a link swapped in
/// meanwhile could use).
#[cfg(not(unix))]
pub fn open_inside(folder: &Path, rel: &Path) -> Result<File, NotOpened> {
    let root = folder.canonicalize().map_err(NotOpened::Io)?;
    let real = folder.join(rel).canonicalize().map_err(NotOpened::Io)?;
    if !real.starts_with(&root) {
        return Err(NotOpened::Outside(real));
    }
    File::open(real).map_err(NotOpened::Io)
}

/// The names of a relative path whose every component is one; `None` otherwise.
fn names(rel: &Path) -> Option<Vec<OsString>> {
    rel.components()
        .map(|c| match c {
            Component::Normal(n) => Some(n.to_os_string()),
            _ => None,
        })
        .collect()
}

/// The path (names from the folder `root`) after following the link at `before` + its name,
/// which leads to `target`, with the names `after` it still to walk. A target leaves the
/// folder when it is absolute and not below `root`, or when its `..` climb above `root`.
fn follow(
    root: &Path,
    before: &[OsString],
    target: &Path,
    after: &[OsString],
) -> Result<Vec<OsString>, NotOpened> {
    let outside = || {
        let mut shown = root.to_path_buf();
        shown.extend(before);
        NotOpened::Outside(if target.is_absolute() {
            target.to_path_buf()
        } else {
            shown.join(target)
        })
    };
    let (mut path, rest) = match target.strip_prefix(root) {
        Ok(inside) if target.is_absolute() => (Vec::new(), inside),
        Err(_) if target.is_absolute() => return Err(outside()),
        _ => (before.to_vec(), target),
    };
    for c in rest.components() {
        match c {
            Component::Normal(n) => path.push(n.to_os_string()),
            Component::CurDir => {}
            Component::ParentDir => {
                if path.pop().is_none() {
                    return Err(outside());
                }
            }
            Component::RootDir | Component::Prefix(_) => return Err(outside()),
        }
    }
    path.extend_from_slice(after);
    Ok(path)
}

/// `name` in the folder `dir`, opened without following a link: a folder, or (`last`) the file
/// to read, opened without waiting for a writer.
#[cfg(unix)]
fn open_at(dir: &File, name: &OsString, last: bool) -> std::io::Result<File> {
    use std::os::fd::{AsRawFd, FromRawFd};
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(name.as_bytes())
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    let kind = if last {
        libc::O_NONBLOCK
    } else {
        libc::O_DIRECTORY
    };
    let flags = libc::O_RDONLY | libc::O_NOFOLLOW | libc::O_CLOEXEC | kind;
    // SAFETY: `dir` is an open folder and `name` a NUL-terminated string that outlives the call.
    let fd = unsafe { libc::openat(dir.as_raw_fd(), name.as_ptr(), flags) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: `fd` was just opened and is owned by nothing else.
    Ok(unsafe { File::from_raw_fd(fd) })
}

/// Where the link `name` in the folder `dir` leads; `None` when it is no link (any more).
#[cfg(unix)]
fn read_link_at(dir: &File, name: &OsString) -> Option<PathBuf> {
    use std::os::fd::AsRawFd;
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    let name = std::ffi::CString::new(name.as_bytes()).ok()?;
    let mut buf = vec![0u8; libc::PATH_MAX as usize];
    // SAFETY: `dir` is an open folder, `name` NUL-terminated, `buf` as long as said.
    let n = unsafe {
        libc::readlinkat(
            dir.as_raw_fd(),
            name.as_ptr(),
            buf.as_mut_ptr().cast(),
            buf.len(),
        )
    };
    let n = usize::try_from(n).ok()?;
    buf.truncate(n);
    Some(PathBuf::from(OsString::from_vec(buf)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(names: &[&str]) -> Vec<OsString> {
        names.iter().map(OsString::from).collect()
    }

    #[test]
    fn a_link_is_followed_only_while_it_stays_inside() {
        let root = Path::new("/r/seed");
        let follow = |before: &[&str], target: &str, after: &[&str]| {
            follow(root, &os(before), Path::new(target), &os(after))
        };
        assert_eq!(follow(&["a"], "b.txt", &[]).unwrap(), os(&["a", "b.txt"]));
        assert_eq!(follow(&["a"], "../b.txt", &[]).unwrap(), os(&["b.txt"]));
        assert_eq!(follow(&[], "./c", &["d"]).unwrap(), os(&["c", "d"]));
        assert_eq!(follow(&["a"], "/r/seed/x/y", &[]).unwrap(), os(&["x", "y"]));
        for (before, target) in [
            (&[][..], "../b"),
            (&["a"][..], "../../b"),
            (&[][..], "/etc/shadow"),
        ] {
            assert!(
                matches!(follow(before, target, &[]), Err(NotOpened::Outside(_))),
                "{target}"
            );
        }
        let Err(NotOpened::Outside(to)) = follow(&["a"], "../../etc/shadow", &[]) else {
            panic!()
        };
        assert_eq!(to, Path::new("/r/seed/a/../../etc/shadow"));
    }
}
