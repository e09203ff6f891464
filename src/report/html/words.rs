//! Escaping and the small wording helpers every part of the HTML report
//! shares. Escaping lives here, once, because everything quoted from an
//! audited page is hostile and must go through the same function.

use crate::guide::Owner;

/// Escapes text for HTML content and quoted attribute values.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and newline are not allowed
            // in HTML text; they would only hide things.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Who fixes it, in words.
pub(super) fn owner_words(owner: Owner) -> &'static str {
    match owner {
        Owner::Content => "the people who write the words (content)",
        Owner::Design => "the people who design the pages (design)",
        Owner::Developer => "the people who build the site (developer)",
    }
}

/// A message as a sentence: rule messages have no full stop of their own.
pub(super) fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

pub(super) use crate::wording::s as plural;

/// "a, b and c".
pub(super) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `2026-01-15` as "15 January 2026"; anything else as given.
pub(crate) fn long_date(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut parts = date.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return date.to_owned();
    };
    match (m.parse::<usize>(), d.parse::<u32>()) {
        (Ok(m @ 1..=12), Ok(d)) if y.len() == 4 => format!("{d} {} {y}", MONTHS[m - 1]),
        _ => date.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wording::capitalise;

    #[test]
    fn escapes_everything_that_could_break_out() {
        assert_eq!(
            escape("<script>\"a\" & 'b'</style>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/style&gt;"
        );
        assert_eq!(escape("a\u{0}b"), "a\u{fffd}b");
    }

    #[test]
    fn joins_and_cases() {
        assert_eq!(
            join_and(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
        assert_eq!(capitalise("people who"), "People who");
        assert_eq!(long_date("2026-01-15"), "15 January 2026");
        assert_eq!(long_date("soon"), "soon");
    }
}
