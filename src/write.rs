//! The one writer for every file carelint writes: reports, the baseline,
//! `init`'s config, and the archive's pages and manifest.
//!
//! It writes where the user points, and never breaks what is there:
//!
//! - `-` is standard output.
//! - A new path, or an existing regular file, is written through a temporary
//!   file in the same folder, synced and renamed over the old one (keeping
//!   its permission bits), so an interrupted run leaves the old file whole.
//! - A symlink is followed, and its target replaced the same way: the link
//!   stays a link (`latest.sarif -> 2026-12-07.sarif`).
//! - Anything else that exists (a character or block device such as
//!   `/dev/null`, a named pipe, a socket), and `/dev/stdout`, `/dev/stderr`,
//!   `/dev/fd/N` or `/proc/…/fd/N` (process substitution, `>(jq .)`), is
//!   opened and written in place: never removed or renamed over. Run as root
//!   in a CI container, a rename over `/dev/null` would replace the device
//!   with a file and break every later program on the machine.
//!
//! [`check_outputs`] runs the same resolution before any work, so a long
//! crawl never ends with "cannot write".

use std::fmt;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

/// Why a path cannot be written, with what to do about it.
#[derive(Debug)]
pub struct WriteError {
    /// The path the user gave.
    pub path: PathBuf,
    /// What is wrong, in words a user can act on.
    pub reason: String,
    /// What to do instead.
    pub help: String,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot write {}: {}; {}",
            shown(&self.path),
            self.reason,
            self.help
        )
    }
}

impl std::error::Error for WriteError {}

fn shown(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "- (standard output)".to_owned()
    } else {
        path.display().to_string()
    }
}

impl WriteError {
    fn new(path: &Path, reason: impl Into<String>, help: impl Into<String>) -> Self {
        Self {
            path: path.to_path_buf(),
            reason: reason.into(),
            help: help.into(),
        }
    }

    /// Turns an operating-system error into a message that says what to do.
    fn io(path: &Path, folder: &Path, e: &std::io::Error) -> Self {
        use std::io::ErrorKind as K;
        let folder = if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        };
        let (reason, help) = match e.kind() {
            K::PermissionDenied => (
                format!(
                    "you do not have permission to write in the folder {}",
                    folder.display()
                ),
                "give a path in a folder you can write to, or change the folder's permissions"
                    .to_owned(),
            ),
            K::ReadOnlyFilesystem => (
                format!("the folder {} is on a read-only disk", folder.display()),
                "give a path on a disk you can write to".to_owned(),
            ),
            K::StorageFull | K::QuotaExceeded => (
                "the disk is full".to_owned(),
                "free some space or give a path on another disk".to_owned(),
            ),
            K::NotADirectory => (
                path.ancestors().skip(1).find(|a| a.is_file()).map_or_else(
                    || "part of the path is a file, not a folder".to_owned(),
                    |file| format!("{} is a file, not a folder", file.display()),
                ),
                "give a path in a folder".to_owned(),
            ),
            K::NotFound => (
                format!("the folder {} does not accept new files", folder.display()),
                "give a path in a folder you can write to".to_owned(),
            ),
            K::BrokenPipe => (
                "the program reading it stopped reading".to_owned(),
                "check the command that reads this output".to_owned(),
            ),
            _ => (
                e.to_string(),
                "give a path in a folder you can write to".to_owned(),
            ),
        };
        Self::new(path, reason, help)
    }
}

/// How a path will be written, once symlinks are followed.
#[derive(Debug)]
enum Resolved {
    /// `-`: standard output.
    Stdout,
    /// Opened and written in place: a device, a pipe, a socket or a
    /// `/dev/fd`-style link to an open file.
    InPlace(PathBuf),
    /// Replaced through a temporary file and a rename. `existing` is the
    /// file's metadata when there is one (its permission bits are kept).
    Replace {
        path: PathBuf,
        existing: Option<std::fs::Metadata>,
    },
}

/// Paths that name an open file of this or another process rather than a
/// place on disk: reading their link would give `pipe:[1234]` or the path of
/// a file the shell opened, and replacing that file would not be what the
/// user asked for.
fn is_descriptor_path(path: &Path) -> bool {
    let mut parts = path.components();
    if parts.next() != Some(Component::RootDir) {
        return false;
    }
    let rest: Vec<_> = parts.map(|c| c.as_os_str().to_string_lossy()).collect();
    match rest.as_slice() {
        [dev, name] if dev == "dev" => {
            matches!(name.as_ref(), "stdout" | "stderr" | "stdin")
        }
        [dev, fd, _] if dev == "dev" && fd == "fd" => true,
        [proc_, _, fd, _] if proc_ == "proc" && fd == "fd" => true,
        _ => false,
    }
}

/// The most symlinks followed before giving up (Linux's own limit).
const MAX_LINKS: usize = 40;

fn resolve(path: &Path) -> Result<Resolved, WriteError> {
    if path.as_os_str() == "-" {
        return Ok(Resolved::Stdout);
    }
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        if is_descriptor_path(&current) {
            return Ok(Resolved::InPlace(current));
        }
        let meta = match std::fs::symlink_metadata(&current) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Resolved::Replace {
                    path: current,
                    existing: None,
                });
            }
            Err(e) => return Err(WriteError::io(path, folder_of(&current), &e)),
        };
        let kind = meta.file_type();
        if kind.is_symlink() {
            let target = std::fs::read_link(&current)
                .map_err(|e| WriteError::io(path, folder_of(&current), &e))?;
            current = if target.is_absolute() {
                target
            } else {
                folder_of(&current).join(target)
            };
        } else if kind.is_file() {
            return Ok(Resolved::Replace {
                path: current,
                existing: Some(meta),
            });
        } else if kind.is_dir() {
            return Err(WriteError::new(
                path,
                "it is a folder",
                "give a file name in it, such as reports/carelint.json",
            ));
        } else {
            return Ok(Resolved::InPlace(current));
        }
    }
    Err(WriteError::new(
        path,
        format!("more than {MAX_LINKS} symbolic links in a row (a loop?)"),
        "point it at a file, or fix the links",
    ))
}

/// The folder a path is in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Writes `bytes` to `path`: `-` is standard output; see the module
/// documentation for devices, pipes, symlinks and regular files. Missing
/// parent folders are created (a `reports/` folder named in carelint.toml may
/// not exist yet in a fresh CI checkout).
///
/// # Errors
/// A [`WriteError`] naming the path and saying what to do.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    match resolve(path)? {
        Resolved::Stdout => write_stdout(path, bytes),
        Resolved::InPlace(target) => write_in_place(path, &target, bytes),
        Resolved::Replace {
            path: target,
            existing,
        } => replace(path, &target, existing.as_ref(), bytes),
    }
}

fn write_stdout(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        // `carelint check -f sarif=- | head` closing early is not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(WriteError::io(path, Path::new("."), &e))
        }
        _ => Ok(()),
    }
}

fn write_in_place(path: &Path, target: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    // Append, never truncate: for a device or a pipe it makes no difference,
    // and for `/dev/stdout` redirected with `>>` it keeps what is there.
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(target)
        .map_err(|e| WriteError::io(path, folder_of(target), &e))?;
    match file.write_all(bytes).and_then(|()| file.flush()) {
        // A reader that stopped early (`>(head -1)`) is not our failure.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(WriteError::io(path, folder_of(target), &e))
        }
        _ => Ok(()),
    }
}

/// Creates a new, empty file beside `target` that no one else has: the
/// name has the process id and a counter, and `create_new` refuses a name
/// that exists (so a planted symlink is never followed).
fn temporary_beside(target: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = target
        .file_name()
        .map_or_else(|| "carelint".into(), |n| n.to_string_lossy().into_owned());
    let dir = folder_of(target);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
        {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
}

fn replace(
    path: &Path,
    target: &Path,
    existing: Option<&std::fs::Metadata>,
    bytes: &[u8],
) -> Result<(), WriteError> {
    let dir = folder_of(target);
    std::fs::create_dir_all(dir).map_err(|e| WriteError::io(path, dir, &e))?;
    let (temp, mut file) = temporary_beside(target).map_err(|e| WriteError::io(path, dir, &e))?;
    let written = (|| {
        file.write_all(bytes)?;
        if let Some(old) = existing {
            file.set_permissions(old.permissions())?;
        }
        // On disk before the rename, so a crash cannot leave an empty file
        // under the real name.
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, target)
    })();
    if let Err(e) = written {
        // Leave nothing behind but the old file, if there was one.
        let _ = std::fs::remove_file(&temp);
        return Err(WriteError::io(path, dir, &e));
    }
    // The rename itself on disk too; a folder that cannot be synced (some
    // network file systems) has still been written.
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// Where an output ends up, to find two outputs aimed at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    /// Standard output, however named (`-`, `/dev/stdout`, `/dev/fd/1`, or
    /// the very file the shell sent standard output to).
    Stdout,
    /// An existing file, device or pipe, by device and inode.
    Node(u64, u64),
    /// A file that does not exist yet, by its full path.
    New(PathBuf),
    /// A character device such as `/dev/null` or a terminal: several outputs
    /// there do no harm, so it is never a clash.
    Shared,
}

#[cfg(unix)]
fn node(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt as _;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn node(_meta: &std::fs::Metadata) -> (u64, u64) {
    (0, 0)
}

#[cfg(unix)]
fn is_char_device(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt as _;
    meta.file_type().is_char_device()
}

#[cfg(not(unix))]
fn is_char_device(_meta: &std::fs::Metadata) -> bool {
    false
}

/// Standard output's own device and inode, when it is a file on disk (so
/// `-f json=out.json > out.json` is seen as one place).
fn stdout_node() -> Option<(u64, u64)> {
    if cfg!(unix) {
        std::fs::metadata("/dev/stdout")
            .ok()
            .filter(std::fs::Metadata::is_file)
            .map(|m| node(&m))
    } else {
        None
    }
}

fn names_stdout(path: &Path) -> bool {
    let text = path.to_string_lossy();
    matches!(
        text.as_ref(),
        "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1"
    ) || text == format!("/proc/{}/fd/1", std::process::id())
}

/// Resolves `path` and checks, without writing it, that it can be written.
fn place_of(path: &Path, stdout: Option<(u64, u64)>) -> Result<Place, WriteError> {
    match resolve(path)? {
        Resolved::Stdout => Ok(Place::Stdout),
        Resolved::InPlace(target) => {
            if names_stdout(path) || names_stdout(&target) {
                return Ok(Place::Stdout);
            }
            match std::fs::metadata(&target) {
                Ok(meta) if is_char_device(&meta) => Ok(Place::Shared),
                Ok(meta) if Some(node(&meta)) == stdout => Ok(Place::Stdout),
                Ok(meta) => {
                    let (dev, ino) = node(&meta);
                    Ok(Place::Node(dev, ino))
                }
                Err(e) => Err(WriteError::io(path, folder_of(&target), &e)),
            }
        }
        Resolved::Replace {
            path: target,
            existing,
        } => {
            probe_folder(path, &target)?;
            match existing {
                Some(meta) if Some(node(&meta)) == stdout => Ok(Place::Stdout),
                Some(meta) => {
                    let (dev, ino) = node(&meta);
                    Ok(Place::Node(dev, ino))
                }
                None => Ok(Place::New(absolute(&target))),
            }
        }
    }
}

/// The path made absolute and with its existing folders' symlinks resolved,
/// so `a.json` and `./a.json` compare equal.
fn absolute(path: &Path) -> PathBuf {
    let name = path.file_name().map(std::ffi::OsStr::to_os_string);
    let folder = folder_of(path);
    match (std::fs::canonicalize(folder), name) {
        (Ok(folder), Some(name)) => folder.join(name),
        _ => std::env::current_dir().map_or_else(|_| path.to_path_buf(), |d| d.join(path)),
    }
}

/// Checks that a file could be created beside `target`: its nearest
/// existing folder is a folder, and a new file can be made there (the only
/// test that also holds for root, read-only disks and `/proc`).
fn probe_folder(path: &Path, target: &Path) -> Result<(), WriteError> {
    let mut folder = folder_of(target).to_path_buf();
    loop {
        match std::fs::metadata(&folder) {
            Ok(meta) if meta.is_dir() => break,
            Ok(_) => {
                return Err(WriteError::new(
                    path,
                    format!("{} is a file, not a folder", folder.display()),
                    "give a path in a folder",
                ));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // The folder will be created: check the one it will go in.
                match folder.parent() {
                    Some(p) if !p.as_os_str().is_empty() => folder = p.to_path_buf(),
                    _ => {
                        folder = PathBuf::from(".");
                        break;
                    }
                }
            }
            Err(e) => return Err(WriteError::io(path, &folder, &e)),
        }
    }
    let probe = folder.join(format!(".carelint-write-check-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        // Left over from a killed run of this same process id: writable.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(WriteError::io(path, &folder, &e)),
    }
}

/// One output a command is about to write: a label for messages (`json`,
/// `baseline`) and its path, `None` or `-` for standard output.
#[derive(Debug, Clone, Copy)]
pub struct Planned<'a> {
    /// What is written there, for messages (a format name).
    pub label: &'a str,
    /// Where; `None` is standard output.
    pub path: Option<&'a Path>,
}

/// Checks, before any work, that every output can be written and that no
/// two go to the same place (the same file, or `-` and `/dev/stdout`).
///
/// # Errors
/// The first problem found, naming the path.
pub fn check_outputs(outputs: &[Planned<'_>]) -> Result<(), WriteError> {
    let stdout = stdout_node();
    let mut seen: Vec<(Place, &str, &Path)> = Vec::new();
    for output in outputs {
        let path = output.path.unwrap_or(Path::new("-"));
        let place = place_of(path, stdout)?;
        if place == Place::Shared {
            continue;
        }
        if let Some((_, label, first)) = seen.iter().find(|(p, _, _)| *p == place) {
            let (reason, named) = if place == Place::Stdout {
                // Name the path that is standard output in disguise.
                let named = if path.as_os_str() == "-" {
                    *first
                } else {
                    path
                };
                let reason = if named.as_os_str() == "-" {
                    format!(
                        "{label} and {} would both go to standard output",
                        output.label
                    )
                } else {
                    format!(
                        "{label} and {} would both go to standard output ({} is standard output here)",
                        output.label,
                        named.display()
                    )
                };
                (reason, named)
            } else if *first == path {
                (
                    format!("{label} and {} would both be written there", output.label),
                    path,
                )
            } else {
                (
                    format!(
                        "{label} and {} would both be written there ({} is the same file)",
                        output.label,
                        first.display()
                    ),
                    path,
                )
            };
            return Err(WriteError::new(
                named,
                reason,
                "give each output its own path",
            ));
        }
        seen.push((place, output.label, path));
    }
    Ok(())
}

/// Checks one path can be written, before any work (the baseline, `init`'s
/// config, the archive's manifest).
///
/// # Errors
/// A [`WriteError`] naming the path and saying what to do.
pub fn check_writable(path: &Path) -> Result<(), WriteError> {
    place_of(path, None).map(|_| ())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reports/out.json");
        write_file(&path, b"first").unwrap();
        write_file(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert_eq!(names(path.parent().unwrap()), ["out.json"]);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_the_old_files_permission_bits() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_file(&path, b"new").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn follows_a_relative_symlink_and_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("runs")).unwrap();
        let target = dir.path().join("runs/2026-12-07.sarif");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("latest.sarif");
        std::os::unix::fs::symlink("runs/2026-12-07.sarif", &link).unwrap();
        write_file(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert_eq!(names(dir.path()), ["latest.sarif", "runs"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_symlink_creates_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("latest.json");
        std::os::unix::fs::symlink("today.json", &link).unwrap();
        write_file(&link, b"{}").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(dir.path().join("today.json")).unwrap(), b"{}");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.json");
        let b = dir.path().join("b.json");
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        let e = write_file(&a, b"x").unwrap_err().to_string();
        assert!(e.contains("symbolic links"), "{e}");
    }

    #[test]
    fn a_folder_is_refused_with_advice() {
        let dir = tempfile::tempdir().unwrap();
        let e = write_file(dir.path(), b"x").unwrap_err().to_string();
        assert!(e.contains("it is a folder"), "{e}");
        assert!(e.contains("give a file name"), "{e}");
    }

    #[test]
    fn a_path_under_a_file_is_refused_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("out.json");
        std::fs::write(&file, "x").unwrap();
        let e = check_writable(&file.join("report.json"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("is a file, not a folder"), "{e}");
    }

    #[test]
    fn the_same_file_twice_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.json");
        let dotted = dir.path().join(".").join("a.json");
        let e = check_outputs(&[
            Planned {
                label: "json",
                path: Some(&a),
            },
            Planned {
                label: "sarif",
                path: Some(&dotted),
            },
        ])
        .unwrap_err()
        .to_string();
        assert!(e.contains("json and sarif"), "{e}");
        assert!(!a.exists(), "a check writes nothing");
    }

    #[test]
    fn dash_and_dev_stdout_are_one_place() {
        let e = check_outputs(&[
            Planned {
                label: "text",
                path: None,
            },
            Planned {
                label: "json",
                path: Some(Path::new("/dev/stdout")),
            },
        ])
        .unwrap_err()
        .to_string();
        assert!(e.contains("standard output"), "{e}");
    }

    #[test]
    fn descriptor_paths_are_written_in_place() {
        for p in [
            "/dev/stdout",
            "/dev/fd/63",
            "/proc/self/fd/1",
            "/proc/42/fd/3",
        ] {
            assert!(is_descriptor_path(Path::new(p)), "{p}");
        }
        for p in [
            "/dev/null",
            "dev/stdout",
            "/home/fd/1",
            "/proc/self/fdinfo/1",
        ] {
            assert!(!is_descriptor_path(Path::new(p)), "{p}");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn proc_does_not_accept_new_files() {
        let e = check_writable(Path::new("/proc/carelint-report.json"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("cannot write /proc/carelint-report.json"), "{e}");
        assert!(
            e.contains("give a path in a folder you can write to"),
            "{e}"
        );
    }
}
