//! Small helpers for messages people read: "did you mean", plurals and
//! lists in English. One copy each, so every message words them the same.

/// Levenshtein distance over characters.
#[must_use]
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a typo (a
/// third of its letters, at least 2); ties go to the first in sort order.
#[must_use]
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    closest_within(word, candidates, (word.chars().count() / 3).max(2))
}

/// The candidate closest to `word` within `limit` edits; ties go to the
/// first in sort order.
#[must_use]
pub fn closest_within<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// The first `n` names joined with commas, then "and K more" for the rest:
/// `a, b, c and 4 more`. For messages that name a few of many pages.
#[must_use]
pub fn first_names<S: AsRef<str>>(names: &[S], n: usize) -> String {
    let mut out = names
        .iter()
        .take(n)
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > n {
        out.push_str(&format!(" and {} more", names.len() - n));
    }
    out
}

/// `s` for any count but one, to follow a noun: `page{s}`.
#[must_use]
pub fn s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `1 error`, `2 errors`.
#[must_use]
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `a`, `a and b`, `a, b and c`.
#[must_use]
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    joined(items, "and")
}

/// `a`, `a or b`, `a, b or c`.
#[must_use]
pub fn or_list<S: AsRef<str>>(items: &[S]) -> String {
    joined(items, "or")
}

/// The items with commas, and `word` before the last.
fn joined<S: AsRef<str>>(items: &[S], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [init @ .., last] => format!(
            "{} {word} {}",
            init.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

/// The text with its first letter in capitals ("people who" becomes
/// "People who"), for fragments that start a sentence or a list item.
#[must_use]
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().collect::<String>() + chars.as_str()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_word() {
        let ids = ["img-missing-alt", "link-text-generic", "G4"];
        assert_eq!(closest("img-mising-alt", ids), Some("img-missing-alt"));
        assert_eq!(closest("completely-else", ids), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn lists_and_plurals_read_as_english() {
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(and_list(&["a"]), "a");
        assert_eq!(or_list(&["a", "b"]), "a or b");
        assert_eq!(plural(1, "page", "pages"), "1 page");
        assert_eq!(plural(0, "page", "pages"), "0 pages");
        assert_eq!(format!("2 page{}", s(2)), "2 pages");
        assert_eq!(
            first_names(&["/a", "/b", "/c", "/d"], 2),
            "/a, /b and 2 more"
        );
        assert_eq!(first_names(&["/a", "/b"], 2), "/a, /b");
    }
}
