//! Syllable counting for the health profile.
//!
//! Words are counted as they are spoken: an all-capital acronym letter by letter
//! (NHS = en-aitch-ess = 3, GP = 2, A&E = 3), a number digit by digit (999 = 3),
//! other words by the CMU Pronouncing Dictionary (first pronunciation), and
//! words it does not know (drug names, new words) by vowel groups with the usual
//! English corrections (silent final "e", "-le", "-ed", "-es") and a short list of
//! exceptions. A hyphenated word counts as one word with the syllables of its
//! parts ("follow-up" = 3), which reads better than textstat's "followup".

/// Syllables in the spoken names of the letters A to Z ("double-you" is 3).
const LETTER_SYLLABLES: [usize; 26] = [
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 1, 1, 1,
];

/// Syllables in the spoken digits 0 to 9 ("zero" and "seven" have two).
const DIGIT_SYLLABLES: [usize; 10] = [2, 1, 1, 1, 1, 1, 1, 2, 1, 1];

/// Words the vowel-group rules get wrong, with their spoken syllable count.
const EXCEPTIONS: &[(&str, usize)] = &[
    ("area", 3),
    ("being", 2),
    ("business", 2),
    ("create", 2),
    ("diabetes", 4),
    ("every", 2),
    ("everyone", 3),
    ("idea", 3),
    ("medicine", 3),
    ("people", 2),
    ("poem", 2),
    ("quiet", 2),
    ("science", 2),
    ("something", 2),
    ("sometimes", 2),
    ("someone", 2),
    ("toward", 2),
    ("usually", 4),
    ("video", 3),
    ("wednesday", 2),
    ("where", 1),
    ("there", 1),
    ("here", 1),
    ("were", 1),
    ("whole", 1),
    ("one", 1),
    ("once", 1),
    ("are", 1),
    ("have", 1),
    ("give", 1),
    ("live", 1),
    ("come", 1),
    ("some", 1),
    ("done", 1),
    ("gone", 1),
    ("none", 1),
    ("love", 1),
    ("move", 1),
    ("lose", 1),
    ("whose", 1),
    ("the", 1),
    ("he", 1),
    ("she", 1),
    ("we", 1),
    ("me", 1),
    ("be", 1),
    ("appointment", 3),
    ("prescription", 3),
    ("pharmacy", 3),
    ("covid", 2),
];

static EXCEPTION_MAP: std::sync::LazyLock<std::collections::HashMap<&'static str, usize>> =
    std::sync::LazyLock::new(|| EXCEPTIONS.iter().copied().collect());

/// Counts the syllables in one word.
#[must_use]
pub fn count_syllables(word: &str) -> usize {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '&');
    if word.is_empty() {
        return 0;
    }
    if word
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return word
            .chars()
            .filter_map(|c| c.to_digit(10))
            .map(|d| DIGIT_SYLLABLES[d as usize])
            .sum::<usize>()
            .max(1);
    }
    if is_acronym(word) {
        // "&" is spoken "and"; a digit inside an acronym by its own name.
        return word
            .chars()
            .map(|c| match c {
                'A'..='Z' => LETTER_SYLLABLES[(c as u8 - b'A') as usize],
                '0'..='9' => DIGIT_SYLLABLES[(c as u8 - b'0') as usize],
                _ => 1,
            })
            .sum::<usize>()
            .max(1);
    }
    // Hyphenated and mixed words: count each part.
    if word.contains(['-', '/']) {
        return word
            .split(['-', '/'])
            .filter(|p| !p.is_empty())
            .map(count_syllables)
            .sum::<usize>()
            .max(1);
    }
    // Lower case with straight apostrophes; short ASCII words (nearly all of
    // them) without allocating, since this runs once per word of every page.
    let mut buffer = [0u8; 32];
    let owned: String;
    let full: &str = if word.is_ascii() && word.len() <= buffer.len() {
        let out = &mut buffer[..word.len()];
        out.copy_from_slice(word.as_bytes());
        out.make_ascii_lowercase();
        std::str::from_utf8(out).unwrap_or(word)
    } else {
        owned = word.replace('\u{2019}', "'").to_lowercase();
        &owned
    };
    let lower = full
        .strip_suffix("'s")
        .or_else(|| full.strip_suffix("n't"))
        .unwrap_or(full);
    let extra = usize::from(full.ends_with("n't") && !lower.ends_with("do"));
    // Our own spoken counts first ("every" is "ev-ry" in the UK), then the
    // pronouncing dictionary, which knows most words and contractions.
    if let Some(n) = EXCEPTION_MAP.get(lower) {
        return n + extra;
    }
    if let Some(n) = super::cmu::lookup(full) {
        return n.max(1);
    }
    if let Some(n) = super::cmu::lookup(lower) {
        return n.max(1) + extra;
    }
    if !lower.chars().all(|c| c.is_ascii_alphabetic() || c == '\'') {
        // Not an English word we can reason about (another script, or letters
        // and digits mixed such as "hba1c"): count vowel groups if there are
        // any, else call it one syllable.
        return vowel_groups(lower).max(1);
    }
    heuristic(lower) + extra
}

/// An acronym is two or more capitals (optionally with `&`), like NHS, GP, A&E.
fn is_acronym(word: &str) -> bool {
    let letters = word.chars().filter(char::is_ascii_alphabetic).count();
    letters >= 2
        && word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '&' || c.is_ascii_digit())
        && word.chars().any(|c| c.is_ascii_uppercase())
        // Words a page writes in capitals for emphasis are not acronyms.
        && !matches!(word, "NOT" | "ONLY" | "NOW" | "FREE" | "CALL" | "STOP" | "DO" | "NO" | "YOU" | "MUST")
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

fn vowel_groups(word: &str) -> usize {
    let mut count = 0;
    let mut previous = false;
    for c in word.chars() {
        let v = is_vowel(c);
        if v && !previous {
            count += 1;
        }
        previous = v;
    }
    count
}

fn heuristic(word: &str) -> usize {
    let word = word.trim_matches('\'');
    if word.len() <= 3 {
        return 1;
    }
    let mut count = vowel_groups(word);
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    // Silent final "e" ("make"), but not "-le" after a consonant ("table") or "-ee".
    if chars[n - 1] == 'e' && n >= 3 {
        let before = chars[n - 2];
        let le_syllable = before == 'l' && !is_vowel(chars[n - 3]);
        if !le_syllable && !is_vowel(before) {
            count = count.saturating_sub(1);
        }
    }
    // "-ed" is silent unless after t or d ("wanted", "needed"); "-es" likewise
    // unless after a sibilant ("boxes", "nurses").
    if n >= 4 && (word.ends_with("ed") || word.ends_with("es")) {
        let before = chars[n - 3];
        let voiced = if word.ends_with("ed") {
            matches!(before, 't' | 'd')
        } else {
            matches!(before, 's' | 'x' | 'z' | 'c' | 'g' | 'h')
        };
        if !voiced && !is_vowel(before) {
            count = count.saturating_sub(1);
        }
    }
    // Vowel pairs usually spoken as two syllables ("radiation", "video"), except
    // where a consonant before them makes one sound: -tion, -sion, -cial, -gious.
    for pair in ["ia", "io", "iu", "eo", "ua", "uo"] {
        for (at, _) in word.match_indices(pair) {
            let before = word[..at].chars().next_back();
            let joined = matches!(before, Some('t' | 's' | 'c' | 'x' | 'g' | 'q'))
                && matches!(pair, "ia" | "io" | "iu" | "ua" | "uo");
            if !joined {
                count += 1;
            }
        }
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::count_syllables;

    #[test]
    fn acronyms_are_spoken_letter_by_letter() {
        assert_eq!(count_syllables("NHS"), 3);
        assert_eq!(count_syllables("GP"), 2);
        assert_eq!(count_syllables("A&E"), 3);
        assert_eq!(count_syllables("WWW"), 9);
    }

    #[test]
    fn numbers_are_spoken_digit_by_digit() {
        assert_eq!(count_syllables("999"), 3);
        assert_eq!(count_syllables("111"), 3);
        assert_eq!(count_syllables("7"), 2);
    }

    #[test]
    fn common_words() {
        for (word, n) in [
            ("call", 1),
            ("make", 1),
            ("table", 2),
            ("wanted", 2),
            ("helped", 1),
            ("nurses", 2),
            ("doctor", 2),
            ("medicine", 3),
            ("appointment", 3),
            ("hypertension", 4),
            ("cardiovascular", 6),
            ("don\u{2019}t", 1),
            ("people", 2),
            ("follow-up", 3),
            ("radiation", 4),
        ] {
            assert_eq!(count_syllables(word), n, "{word}");
        }
    }
}
