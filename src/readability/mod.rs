//! The readability engine: sentences, words, syllables and the standard formulas.
//!
//! It knows nothing about HTML. It takes *blocks* of text (a heading, a paragraph,
//! a list item, a line of a leaflet) and treats the end of every block as the end
//! of a sentence, as the NHS method asks ("add a full stop after every heading and
//! bullet"). Without that, a page of headings and bullets reads as a handful of
//! enormous sentences and scores years too hard.
//!
//! The `health` profile (the default) keeps short sentences ("Call 999."),
//! keeps decimals and times whole ("37.5C", "9.30am"), does not split after common
//! abbreviations ("Dr", "e.g."), normalises curly apostrophes, and counts
//! syllables the way words are spoken: all-capital acronyms letter by letter
//! (NHS = 3) and numbers digit by digit (999 = 3). The `textstat` profile
//! ([`textstat`]) reproduces textstat 0.7.13 exactly, for comparison.

pub mod cmu;
mod syllables;
pub mod textstat;

use unicode_segmentation::UnicodeSegmentation;

pub use syllables::count_syllables;

/// Counts and scores for a piece of text.
#[derive(
    Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct Scores {
    /// Number of words.
    pub words: usize,
    /// Number of sentences.
    pub sentences: usize,
    /// Number of syllables.
    pub syllables: usize,
    /// Words of three or more syllables.
    pub polysyllables: usize,
    /// Flesch Reading Ease (higher is easier).
    pub flesch_reading_ease: f64,
    /// Flesch-Kincaid grade (US school grade).
    pub flesch_kincaid_grade: f64,
    /// SMOG grade. Less reliable below 30 sentences.
    pub smog: f64,
    /// Coleman-Liau index (0.0588 as published in the health profile; textstat's
    /// 0.058 in the textstat profile).
    pub coleman_liau: f64,
    /// Automated Readability Index.
    pub ari: f64,
    /// Gunning Fog index.
    pub gunning_fog: f64,
    /// UK reading age: Flesch-Kincaid grade + 5, rounded.
    pub reading_age: i32,
}

/// A sentence found in a block: its byte range in the block and its word count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offset of the first character in the block.
    pub start: usize,
    /// Byte offset one past the last character in the block.
    pub end: usize,
    /// Number of words.
    pub words: usize,
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "st", "no", "fig", "vs", "approx", "etc", "e.g", "i.e", "eg",
    "ie", "cf", "tel", "ref", "dept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat",
    "sun", "a.m", "p.m",
];

/// Splits a block into sentences. The end of the block always ends a sentence.
#[must_use]
pub fn sentences(block: &str) -> Vec<Sentence> {
    let mut out: Vec<Sentence> = Vec::new();
    // Most blocks (headings, list items, short paragraphs) are one sentence:
    // plain ASCII with no sentence-ending mark before its last word. Those skip
    // the Unicode segmenter, which is the slowest step of scoring.
    let body = block
        .trim_end()
        .trim_end_matches(['.', '!', '?', '"', '\'', ')']);
    if block.is_ascii() && !body.contains(['.', '!', '?', '\n', '\r']) {
        push_sentence(&mut out, block, 0, block.len());
        return out;
    }
    let mut pending: Option<usize> = None;
    for (start, piece) in block.split_sentence_bound_indices() {
        let begin = pending.unwrap_or(start);
        let end = start + piece.len();
        let trimmed = piece.trim_end();
        if ends_with_abbreviation(trimmed) && end < block.len() {
            pending = Some(begin);
            continue;
        }
        pending = None;
        push_sentence(&mut out, block, begin, end);
    }
    if let Some(begin) = pending {
        push_sentence(&mut out, block, begin, block.len());
    }
    out
}

fn push_sentence(out: &mut Vec<Sentence>, block: &str, begin: usize, end: usize) {
    let text = &block[begin..end];
    let lead = text.len() - text.trim_start().len();
    let text = text.trim();
    let words = words(text).count();
    if words == 0 {
        return;
    }
    out.push(Sentence {
        start: begin + lead,
        end: begin + lead + text.len(),
        words,
    });
}

fn ends_with_abbreviation(piece: &str) -> bool {
    let Some(body) = piece.strip_suffix('.') else {
        return false;
    };
    let last = body
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or_default()
        .to_lowercase();
    ABBREVIATIONS.contains(&last.as_str())
}

/// The words of a text: runs between spaces that hold a letter or digit, with
/// surrounding punctuation trimmed and curly apostrophes made straight.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&'))
        .filter(|w| w.chars().any(char::is_alphanumeric))
}

/// Which way to count: carelint's own health profile, or a faithful copy of
/// textstat for comparing with the tool most people use.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// Every block ends a sentence, short sentences kept, words as spoken.
    #[default]
    Health,
    /// A faithful copy of textstat 0.7.13 (see [`textstat`]): the text is read
    /// whole, so headings and bullets without full stops run together.
    Textstat,
}

impl Profile {
    /// Every profile's name, for help and error messages.
    pub const NAMES: &'static [&'static str] = &["health", "textstat"];

    /// The profile's name as used on the command line and in reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Health => "health",
            Self::Textstat => "textstat",
        }
    }

    /// The profile with this name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "health" => Some(Self::Health),
            "textstat" => Some(Self::Textstat),
            _ => None,
        }
    }
}

/// Scores blocks with a profile. Blocks are what the profile sees as text:
/// sentence ends for the health profile.
#[must_use]
pub fn score<'a>(profile: Profile, blocks: impl IntoIterator<Item = &'a str>) -> Option<Scores> {
    match profile {
        Profile::Health => score_blocks(blocks),
        // textstat sees a page's text as one string; blocks are joined by line
        // breaks, which it treats as spaces.
        Profile::Textstat => textstat::score(&blocks.into_iter().collect::<Vec<_>>().join("\n")),
    }
}

/// Scores plain text as `carelint readability` reads it: in the health profile
/// each line is a block (a heading or bullet ends a sentence without a full
/// stop); other profiles see the text whole, as their own tools would.
#[must_use]
pub fn score_text(profile: Profile, text: &str) -> Option<Scores> {
    match profile {
        Profile::Health => score_blocks(text.lines()),
        Profile::Textstat => textstat::score(text),
    }
}

/// The words of three or more syllables in some blocks, most frequent first
/// (ties in order of first use), with how often each appears. Words are
/// compared in lower case; `limit` caps the list.
#[must_use]
pub fn long_words<'a>(
    blocks: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for block in blocks {
        for word in words(block) {
            if count_syllables(word) < 3 {
                continue;
            }
            let key = word.replace('\u{2019}', "'").to_lowercase();
            match index.get(&key) {
                Some(&i) => counts[i].1 += 1,
                None => {
                    index.insert(key.clone(), counts.len());
                    counts.push((key, 1));
                }
            }
        }
    }
    // A stable sort keeps first-use order among equal counts.
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.truncate(limit);
    counts
}

/// Scores blocks of text with the health profile. Returns `None` when there are
/// no words at all, so no caller can print a made-up number.
#[must_use]
pub fn score_blocks<'a>(blocks: impl IntoIterator<Item = &'a str>) -> Option<Scores> {
    let mut words_n = 0usize;
    let mut sentences_n = 0usize;
    let mut syllables_n = 0usize;
    let mut poly = 0usize;
    let mut letters = 0usize;
    let mut characters = 0usize;
    for block in blocks {
        for sentence in sentences(block) {
            sentences_n += 1;
            for word in words(&block[sentence.start..sentence.end]) {
                words_n += 1;
                let s = count_syllables(word);
                syllables_n += s;
                if s >= 3 {
                    poly += 1;
                }
                letters += word.chars().filter(|c| c.is_alphanumeric()).count();
                characters += word.chars().count();
            }
        }
    }
    if words_n == 0 || sentences_n == 0 {
        return None;
    }
    #[allow(clippy::cast_precision_loss)] // counts are far below 2^52
    let (w, s, syl, p, l, c) = (
        words_n as f64,
        sentences_n as f64,
        syllables_n as f64,
        poly as f64,
        letters as f64,
        characters as f64,
    );
    let fk = 0.39 * (w / s) + 11.8 * (syl / w) - 15.59;
    let scores = Scores {
        words: words_n,
        sentences: sentences_n,
        syllables: syllables_n,
        polysyllables: poly,
        flesch_reading_ease: round2(206.835 - 1.015 * (w / s) - 84.6 * (syl / w)),
        flesch_kincaid_grade: round2(fk),
        smog: round2(1.0430 * (p * 30.0 / s).sqrt() + 3.1291),
        coleman_liau: round2(0.0588 * (l / w * 100.0) - 0.296 * (s / w * 100.0) - 15.8),
        ari: round2(4.71 * (c / w) + 0.5 * (w / s) - 21.43),
        gunning_fog: round2(0.4 * ((w / s) + 100.0 * (p / w))),
        #[allow(clippy::cast_possible_truncation)] // a grade is a small number
        reading_age: (fk + 5.0).round().max(5.0) as i32,
    };
    Some(scores)
}

fn round2(x: f64) -> f64 {
    if x.is_finite() {
        (x * 100.0).round() / 100.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(block: &str) -> Vec<&str> {
        sentences(block)
            .into_iter()
            .map(|s| &block[s.start..s.end])
            .collect()
    }

    #[test]
    fn short_sentences_are_kept() {
        assert_eq!(
            texts("Call 999. Go to A&E. Do not drive."),
            vec!["Call 999.", "Go to A&E.", "Do not drive."]
        );
    }

    #[test]
    fn abbreviations_decimals_and_times_do_not_split() {
        assert_eq!(
            texts("See Dr. Khan at 9.30am. Take 2.5ml if over 37.5C, e.g. after meals."),
            vec![
                "See Dr. Khan at 9.30am.",
                "Take 2.5ml if over 37.5C, e.g. after meals."
            ]
        );
    }

    #[test]
    fn block_end_ends_a_sentence_without_a_full_stop() {
        let scores = score_blocks(["What piles are", "Piles are lumps inside your bottom."])
            .expect("scores");
        assert_eq!(scores.sentences, 2);
        assert_eq!(scores.words, 9);
    }

    #[test]
    fn no_words_gives_none() {
        assert_eq!(score_blocks(["", "  ", "--"]), None);
    }

    #[test]
    fn hand_counted_nhs_style_text() {
        // 2 sentences, 11 words. Syllables by hand:
        // Piles(1) are(1) lumps(1) in(1) and(1) a-round(2) your(1) bot-tom(2) = 10
        // They(1) are(1) com-mon(2) = 4.  Total 14.
        let s = score_blocks(["Piles are lumps in and around your bottom. They are common."])
            .expect("scores");
        assert_eq!((s.words, s.sentences, s.syllables), (11, 2, 14));
        // FK = 0.39 * 5.5 + 11.8 * 14/11 - 15.59
        let fk: f64 = 0.39 * 5.5 + 11.8 * 14.0 / 11.0 - 15.59;
        assert!((s.flesch_kincaid_grade - (fk * 100.0).round() / 100.0).abs() < 1e-9);
    }

    #[test]
    fn hand_counted_condition_page_with_heading_and_bullets() {
        // The NHS method: a full stop after every heading and bullet, words as
        // spoken. Counted by hand:
        //   Check(1) if(1) you(1) have(1) piles(1)                  5 words  5 syl
        //   bright(1) red(1) blood(1) af-ter(2) you(1) poo(1)        6 words  7 syl
        //   an(1) itch-y(2) bot-tom(2)                               3 words  5 syl
        //   a(1) lump(1) a-round(2) your(1) a-nus(2)                 5 words  7 syl
        //   Call(1) 111(one-one-one, 3) if(1) the(1) pain(1) gets(1) worse(1)
        //                                                            7 words  9 syl
        //   Go(1) to(1) A&E(ay-and-ee, 3) if(1) you(1) are(1) bleed-ing(2) a(1) lot(1)
        //                                                            9 words 12 syl
        // 6 sentences, 35 words, 45 syllables:
        // FK = 0.39 * 35/6 + 11.8 * 45/35 - 15.59 = 1.86 (reading age 7).
        let s = score_blocks([
            "Check if you have piles",
            "bright red blood after you poo",
            "an itchy bottom",
            "a lump around your anus",
            "Call 111 if the pain gets worse.",
            "Go to A&E if you are bleeding a lot.",
        ])
        .expect("scores");
        assert_eq!((s.sentences, s.words, s.syllables), (6, 35, 45));
        assert!((s.flesch_kincaid_grade - 1.86).abs() < 0.005, "{s:?}");
        assert_eq!(s.reading_age, 7);
    }

    #[test]
    fn hostile_text_gives_none_or_finite_numbers() {
        let long = "word ".repeat(200_000);
        let inputs: Vec<Vec<&str>> = vec![
            vec![],
            vec![""],
            vec!["no sentence ends here at all and it just keeps going"],
            vec![long.as_str()],
            vec!["\u{1F600}\u{1F44D} \u{2764}\u{FE0F}"],
            vec!["\u{0645}\u{0631}\u{062D}\u{0628}\u{0627} \u{0628}\u{0643}\u{0645}."],
            vec![
                "Witamy. \u{0A38}\u{0A24} \u{0A38}\u{0A4D}\u{0A30}\u{0A40} Welcome to the surgery.",
            ],
            vec!["123 456 789", "0121 496 0000"],
            vec!["...", "!!!", "?"],
        ];
        for blocks in inputs {
            if let Some(s) = score_blocks(blocks.iter().copied()) {
                for x in [
                    s.flesch_reading_ease,
                    s.flesch_kincaid_grade,
                    s.smog,
                    s.coleman_liau,
                    s.ari,
                    s.gunning_fog,
                ] {
                    assert!(x.is_finite(), "{blocks:?} gave {s:?}");
                }
                assert!(s.words > 0 && s.sentences > 0);
            }
        }
    }
}
