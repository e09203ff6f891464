//! Embeds every rule file under `rules/` into the binary, so adding a rule that
//! uses an existing check kind needs a TOML file and fixtures, and no Rust.
//! Unpacks the pronunciation dictionary into a table `readability::cmu`
//! searches as it is, so no run parses it (issue 19).

use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let rules = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    collect(&rules, &mut files)?;
    files.sort();
    let mut code = String::from(
        "/// Every rule file under `rules/`: (path relative to the repo, contents).\npub(crate) static RULE_FILES: &[(&str, &str)] = &[\n",
    );
    for path in files {
        let relative = path
            .strip_prefix(&root)?
            .to_string_lossy()
            .replace('\\', "/");
        if relative == "rules/guide.toml" {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            code,
            "    ({relative:?}, include_str!({:?})),",
            path.display().to_string()
        )?;
    }
    code.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(out_dir.join("rule_files.rs"), code)?;
    cmu_table(&root.join("data/cmudict-syllables.tsv.gz"), &out_dir)?;
    Ok(())
}

/// Writes the dictionary (`word<TAB>count` lines, sorted) as three files:
/// `cmudict-words.txt`, every word followed by a newline; `cmudict-starts.bin`,
/// where each word starts, as little-endian `u32`s, with the end of the text
/// last; and `cmudict-counts.bin`, each word's syllables as one byte. The
/// words must be in byte order, as a binary search needs; this checks it.
fn cmu_table(packed: &Path, out_dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed={}", packed.display());
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(packed)?).read_to_string(&mut text)?;
    let (mut words, mut starts, mut counts) = (String::new(), Vec::new(), Vec::new());
    let mut previous: Option<&str> = None;
    for line in text.lines() {
        let (word, count) = line
            .split_once('\t')
            .ok_or_else(|| format!("{}: no tab in `{line}`", packed.display()))?;
        if previous.is_some_and(|p| p >= word) {
            return Err(format!("{}: `{word}` is out of order", packed.display()).into());
        }
        previous = Some(word);
        starts.extend_from_slice(&u32::try_from(words.len())?.to_le_bytes());
        words.push_str(word);
        words.push('\n');
        counts.push(count.parse::<u8>()?);
    }
    starts.extend_from_slice(&u32::try_from(words.len())?.to_le_bytes());
    std::fs::write(out_dir.join("cmudict-words.txt"), words)?;
    std::fs::write(out_dir.join("cmudict-starts.bin"), starts)?;
    std::fs::write(out_dir.join("cmudict-counts.bin"), counts)?;
    Ok(())
}
