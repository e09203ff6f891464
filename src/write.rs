//! Writing files safely: reports and baselines go to a temporary file beside
//! the target and are renamed over it, so an interrupted run never leaves a
//! half-written file behind.

use std::path::Path;

/// Writes `bytes` to `path` through a temporary file and a rename, creating
/// missing parent folders (a `reports/` folder named in carelint.toml may not
/// exist yet in a fresh CI checkout).
///
/// # Errors
/// Any error creating the folder, writing the temporary file or renaming it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    std::fs::create_dir_all(dir)?;
    let temp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let written = (|| {
        use std::io::Write as _;
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        // On disk before the rename, so a crash cannot leave an empty file
        // under the real name.
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        // Leave nothing behind but the old file, if there was one.
        let _ = std::fs::remove_file(&temp);
    }
    written
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reports/out.json");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["out.json"]);
    }
}
