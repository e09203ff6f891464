//! Finds UK phone numbers in plain text.
//!
//! A pure function from text to the numbers in it, each with its byte range,
//! its digits in national form and its [`PhoneKind`]. Candidates are runs of
//! digits with single spaces, hyphens or dots between groups, an optional
//! `+44` / `0044` / `+44 (0)` in front and brackets round the area code. A
//! candidate only counts when it fits the UK numbering plan (Ofcom): the right
//! length for its prefix, and a first group that looks like an area or
//! service code. That keeps out dates (01/02/2025, 01.02.2025), times,
//! prices, NHS numbers (they never start with 0), ISBNs, reference and order
//! numbers and long digit runs.
//!
//! Short numbers (NHS 111, 999, 112, the 116 helplines and the 18000 text
//! relay) are only taken with a word like "call", "dial" or "NHS" just before
//! them, because "111" and "999" are common in other text.
//!
//! We wrote this instead of using the `phonenumber` crate: it only needs the
//! UK plan, it adds no dependencies (that crate pins an old `quick-xml`), and
//! it has to find numbers in running text, which `phonenumber` leaves to the
//! caller.

use std::ops::Range;

/// What sort of number it is, by its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhoneKind {
    /// 01 and 02 numbers (area codes).
    Geographic,
    /// 03 numbers: charged like a geographic call.
    NonGeographic,
    /// 071–075 and 077–079 numbers.
    Mobile,
    /// 0800 and 0808 numbers: free to call.
    Freephone,
    /// 084, 087 and 070 numbers: callers pay a service charge.
    Charged,
    /// 09 numbers: premium rate.
    Premium,
    /// 05 and 076 numbers (VoIP, corporate and pagers).
    Other,
    /// NHS 111.
    Nhs111,
    /// 999 and 112, and the 18000 emergency text relay.
    Emergency,
    /// 116 helplines, such as Samaritans on 116 123.
    Helpline,
    /// A number dialled through Relay UK (18001 or 18002 in front).
    Relay,
}

impl PhoneKind {
    /// The name rule files use for this kind.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Geographic => "geographic",
            Self::NonGeographic => "non-geographic",
            Self::Mobile => "mobile",
            Self::Freephone => "freephone",
            Self::Charged => "charged",
            Self::Premium => "premium",
            Self::Other => "other",
            Self::Nhs111 => "nhs-111",
            Self::Emergency => "emergency",
            Self::Helpline => "helpline",
            Self::Relay => "relay",
        }
    }

    /// Every kind, for checking names in rule files.
    pub const ALL: [Self; 11] = [
        Self::Geographic,
        Self::NonGeographic,
        Self::Mobile,
        Self::Freephone,
        Self::Charged,
        Self::Premium,
        Self::Other,
        Self::Nhs111,
        Self::Emergency,
        Self::Helpline,
        Self::Relay,
    ];

    /// The kind with this name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether this is a full-length number an organisation answers itself
    /// (not a national short code such as 111 or 999).
    #[must_use]
    pub fn is_service_line(self) -> bool {
        !matches!(self, Self::Nhs111 | Self::Emergency | Self::Helpline)
    }
}

/// One phone number found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneNumber {
    /// Byte range in the text, from the first character (`+`, `(` or digit)
    /// to the last digit (or closing bracket).
    pub range: Range<usize>,
    /// The digits in national form, such as `01632960000` or `111`; for relay
    /// numbers, the number being called.
    pub digits: String,
    /// What sort of number it is.
    pub kind: PhoneKind,
}

/// The national form of a `tel:` link target (`tel:+44 1632 960000` gives
/// `01632960000`), so links and text can be compared.
#[must_use]
pub fn tel_digits(href: &str) -> String {
    let target = href.trim();
    let target = target
        .get(..4)
        .filter(|s| s.eq_ignore_ascii_case("tel:"))
        .map_or(target, |_| &target[4..]);
    let target = target.split([';', '?']).next().unwrap_or_default();
    let digits: String = target
        .replace("(0)", "")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let international = target.trim_start().starts_with('+') || digits.starts_with("00");
    let digits = digits.strip_prefix("00").unwrap_or(&digits);
    match digits.strip_prefix("44") {
        Some(rest) if international => format!("0{}", rest.strip_prefix('0').unwrap_or(rest)),
        _ => digits.to_owned(),
    }
}

/// Labels that, just before a run of digits, say it is not a phone number.
const NOT_PHONE_LABELS: &[&str] = &[
    "isbn",
    "ref",
    "reference",
    "invoice",
    "account",
    "chi",
    "ticket",
    "serial",
    "sort code",
    "ods code",
    "practice code",
    "patient id",
    "batch",
    "lot",
    "vat",
    "vat reg",
];

/// Labels that say it is not a phone number only with "number" or "no"
/// after them ("order number", but "to order call ...").
const NOT_PHONE_NUMBER_LABELS: &[&str] = &[
    "order",
    "nhs",
    "case",
    "company",
    "company reg",
    "charity",
    "registered charity",
    "registration",
    "reg",
    "patient",
    "hospital",
    "membership",
    "customer",
    "booking",
    "tracking",
    "parcel",
];

/// Words that, just before a short code, say it is a number to call.
const CALL_WORDS: &[&str] = &[
    "call",
    "dial",
    "ring",
    "phone",
    "nhs",
    "telephone",
    "tel",
    "contact",
    "text",
];

/// Every UK phone number in `text`, in order.
#[must_use]
pub fn find_phone_numbers(text: &str) -> Vec<PhoneNumber> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !(b.is_ascii_digit() || b == b'+' || b == b'(') || !boundary_before(text, i) {
            i += 1;
            continue;
        }
        let run = scan_run(bytes, i);
        match run.as_ref().and_then(|r| classify(text, r)) {
            Some(number) => {
                i = number.range.end;
                found.push(number);
            }
            None => {
                // Skip the whole run so no part of a longer digit string
                // (an order number, a card number) is taken as a number.
                i = run.map_or(i + 1, |r| r.end.max(i + 1));
            }
        }
    }
    found
}

/// Whether a number may start at byte `i`: not in the middle of a word, a
/// decimal, a date or an amount of money.
fn boundary_before(text: &str, i: usize) -> bool {
    let before = &text[..i];
    let mut chars = before.chars().rev();
    let Some(prev) = chars.next() else {
        return true;
    };
    if prev.is_alphanumeric() || matches!(prev, '£' | '$' | '€' | '#' | '/' | '_' | '+') {
        return false;
    }
    if matches!(prev, '.' | ',' | '-' | ':') && chars.next().is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    true
}

/// A run of digit groups starting at `start`.
#[derive(Debug)]
struct Run {
    /// End of the last group (byte offset).
    end: usize,
    /// Whether it starts with `+44` or `0044` (the `44` is not in `groups`).
    international: bool,
    /// Whether a `(0)` came after the country code.
    trunk_in_brackets: bool,
    /// Digit groups with their byte ranges, in order.
    groups: Vec<(Range<usize>, String)>,
    /// For each group after the first: whether whitespace came before it.
    spaced: Vec<bool>,
    /// The separator characters used between groups.
    separators: Vec<u8>,
    start: usize,
}

/// Reads digit groups separated by one space, hyphen or dot (or a space
/// with a hyphen), with optional brackets round the first group.
fn scan_run(bytes: &[u8], start: usize) -> Option<Run> {
    let mut i = start;
    let mut international = false;
    let mut trunk_in_brackets = false;
    let mut open_bracket = false;
    // "(+44) 121 ..." writes the country code in brackets.
    let bracketed_country = bytes[i..].starts_with(b"(+44)");
    if bracketed_country {
        i += 1;
    }
    if bytes[i] == b'+' {
        if bytes.get(i + 1..i + 3) != Some(b"44") {
            return None;
        }
        international = true;
        i += 3;
    } else if bytes[i..].starts_with(b"0044") {
        international = true;
        i += 4;
    }
    if bracketed_country {
        i += 1;
    }
    if international {
        i = skip_spaces(bytes, i);
        if bytes[i..].starts_with(b"(0)") {
            trunk_in_brackets = true;
            i = skip_spaces(bytes, i + 3);
        }
    }
    if bytes.get(i) == Some(&b'(') {
        open_bracket = true;
        i += 1;
    }
    let mut groups: Vec<(Range<usize>, String)> = Vec::new();
    let mut spaced = Vec::new();
    let mut separators = Vec::new();
    loop {
        let g_start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == g_start {
            break;
        }
        let digits = String::from_utf8_lossy(&bytes[g_start..i]).into_owned();
        groups.push((g_start..i, digits));
        if open_bracket && groups.len() == 1 {
            if bytes.get(i) != Some(&b')') {
                return None;
            }
            i += 1;
            open_bracket = false;
        }
        // One separator: a space, a hyphen, a dot, or a hyphen with spaces
        // round it ("0121 - 496 0000"). A non-breaking space counts as a space.
        let mut j = i;
        let mut space = false;
        let mut sep = None;
        let mut k = skip_spaces(bytes, j);
        if k > j {
            space = true;
            sep = Some(b' ');
            j = k;
        }
        if matches!(bytes.get(j), Some(b'-' | b'.' | 0xE2)) {
            // 0xE2: the first byte of an en dash (U+2013).
            let len = if bytes[j] == 0xE2 {
                if bytes.get(j..j + 3) == Some("\u{2013}".as_bytes()) {
                    3
                } else {
                    0
                }
            } else {
                1
            };
            if len > 0 {
                sep = Some(if len == 3 { b'-' } else { bytes[j] });
                j += len;
                k = skip_spaces(bytes, j);
                space |= k > j;
                j = k;
            }
        }
        match sep {
            Some(s) if bytes.get(j).is_some_and(u8::is_ascii_digit) => {
                spaced.push(space);
                separators.push(s);
                i = j;
            }
            _ => break,
        }
    }
    if groups.is_empty() {
        return None;
    }
    let end = groups.last().map_or(start, |g| g.0.end);
    Some(Run {
        end,
        international,
        trunk_in_brackets,
        groups,
        spaced,
        separators,
        start,
    })
}

/// Skips spaces, tabs and non-breaking spaces.
fn skip_spaces(bytes: &[u8], mut i: usize) -> usize {
    loop {
        match bytes.get(i) {
            Some(b' ' | b'\t') => i += 1,
            Some(0xC2) if bytes.get(i + 1) == Some(&0xA0) => i += 2,
            _ => return i,
        }
    }
}

/// Whether the text right after a number rules it out (a date, a time, a
/// decimal, a word or an amount glued to it).
fn bad_after(text: &str, end: usize) -> bool {
    let mut chars = text[end..].chars();
    match chars.next() {
        None => false,
        Some(c) if c.is_alphanumeric() || matches!(c, '/' | '%' | '£' | '_' | ':') => {
            // "0800 123 4567:" at the end of a label is fine; "09:30" is not.
            c != ':' || chars.next().is_some_and(|d| d.is_ascii_digit())
        }
        // "0121.496" is a decimal; "111.nhs.uk" is a web address.
        Some('.') => chars.next().is_some_and(char::is_alphanumeric),
        Some(',' | '-') => chars.next().is_some_and(|d| d.is_ascii_digit()),
        Some(_) => false,
    }
}

/// The label just before `start`, lower case, to rule out reference numbers.
fn label_before(text: &str, start: usize) -> String {
    let from = text[..start]
        .char_indices()
        .rev()
        .nth(24)
        .map_or(0, |(i, _)| i);
    text[from..start]
        .to_lowercase()
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '#' | '.' | '('))
        .to_owned()
}

fn ends_with_word(label: &str, word: &str) -> bool {
    label.ends_with(word)
        && label[..label.len() - word.len()]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// Whether a reference-number label comes right before `start`.
fn reference_label(text: &str, start: usize) -> bool {
    let label = label_before(text, start);
    let numbered = ["number", "num", "no"].iter().find_map(|suffix| {
        label
            .strip_suffix(suffix)
            .filter(|rest| rest.ends_with(' '))
            .map(str::trim_end)
    });
    NOT_PHONE_LABELS.iter().any(|w| ends_with_word(&label, w))
        || numbered.is_some_and(|base| {
            NOT_PHONE_LABELS
                .iter()
                .chain(NOT_PHONE_NUMBER_LABELS)
                .any(|w| ends_with_word(base, w))
        })
}

/// Whether a call word comes just before a short code.
fn call_word_before(text: &str, start: usize) -> bool {
    let from = text[..start]
        .char_indices()
        .rev()
        .nth(29)
        .map_or(0, |(i, _)| i);
    let window = text[from..start].to_lowercase();
    window
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .take(4)
        .any(|w| CALL_WORDS.contains(&w))
}

/// The kind and valid lengths of a national number, by its prefix.
fn national_kind(digits: &str) -> Option<(PhoneKind, &'static [usize])> {
    let d = digits.as_bytes();
    if d.len() < 3 || d[0] != b'0' {
        return None;
    }
    Some(match (d[1], d[2]) {
        (b'1', _) => (PhoneKind::Geographic, &[10, 11]),
        (b'2', _) => (PhoneKind::Geographic, &[11]),
        (b'3', _) => (PhoneKind::NonGeographic, &[11]),
        (b'5', _) => (PhoneKind::Other, &[11]),
        (b'7', b'0') => (PhoneKind::Charged, &[11]),
        (b'7', b'6') => (PhoneKind::Other, &[11]),
        (b'7', _) => (PhoneKind::Mobile, &[11]),
        (b'8', b'0') if digits.starts_with("0800") => (PhoneKind::Freephone, &[10, 11]),
        (b'8', b'0') if digits.starts_with("0808") => (PhoneKind::Freephone, &[11]),
        (b'8', b'4' | b'7') => (PhoneKind::Charged, &[11]),
        (b'9', _) => (PhoneKind::Premium, &[11]),
        _ => return None,
    })
}

/// Whether the grouping of a national number looks like a UK phone number:
/// the first group is an area or service code (3 to 6 digits), or the whole
/// number is written without gaps.
fn plausible_grouping(groups: &[&str], digits: &str) -> bool {
    let Some(first) = groups.first() else {
        return false;
    };
    if groups.len() == 1 {
        // Unbroken: only full 11-digit numbers (a 10-digit run could be a
        // Scottish CHI number or a reference).
        return digits.len() == 11;
    }
    if !(3..=6).contains(&first.len()) {
        return false;
    }
    if digits.len() == 10 && digits.starts_with("01") {
        // Ten-digit numbers only exist as 01xxx xxxxx and 016977 xxxx.
        let rest: usize = groups[1..].iter().map(|g| g.len()).sum();
        return (first.len() == 5 && rest == 5) || (*first == "016977" && rest == 4);
    }
    // Any later group longer than 7 digits is not how numbers are written.
    groups[1..].iter().all(|g| (1..=7).contains(&g.len()))
}

/// Builds a number from the first `n` groups of a run, if they make one.
fn national_number(run: &Run, n: usize) -> Option<(String, PhoneKind)> {
    let mut groups: Vec<String> = run.groups[..n].iter().map(|g| g.1.clone()).collect();
    if run.international {
        // +44 121 ..., +44 (0)121 ..., and the common mistake +44 0121 ...:
        // compare as if the national 0 were written.
        let first = groups.first_mut()?;
        if first.len() < 2 {
            return None;
        }
        if !first.starts_with('0') {
            first.insert(0, '0');
        }
    } else if run.trunk_in_brackets {
        return None;
    }
    let joined: String = groups.concat();
    let (kind, lengths) = national_kind(&joined)?;
    let shown: Vec<&str> = groups.iter().map(String::as_str).collect();
    let grouped = if run.international && shown.len() == 1 {
        // +441632960000 is how numbers are written for computers.
        true
    } else {
        plausible_grouping(&shown, &joined)
    };
    (lengths.contains(&joined.len()) && grouped).then_some((joined, kind))
}

/// Whether the first `n` groups use one style of separator (dates mix
/// dots and slashes; numbers keep to one style, spaces aside).
fn consistent_separators(run: &Run, n: usize) -> bool {
    let seps = &run.separators[..n.saturating_sub(1)];
    let dots = seps.iter().filter(|s| **s == b'.').count();
    dots == 0 || dots == seps.len()
}

/// Whether a run (or its first groups) is a UK phone number.
fn classify(text: &str, run: &Run) -> Option<PhoneNumber> {
    if reference_label(text, run.start) {
        return None;
    }
    let first = run.groups.first()?;
    // Relay UK: 18001 / 18002 then a number; 18000 alone is the emergency
    // text relay.
    if !run.international && matches!(first.1.as_str(), "18001" | "18002") && run.groups.len() > 1 {
        let rest = Run {
            end: run.end,
            international: false,
            trunk_in_brackets: false,
            groups: run.groups[1..].to_vec(),
            spaced: run
                .spaced
                .get(1..)
                .map(<[bool]>::to_vec)
                .unwrap_or_default(),
            separators: run
                .separators
                .get(1..)
                .map(<[u8]>::to_vec)
                .unwrap_or_default(),
            start: run.groups[1].0.start,
        };
        let inner = classify_national(text, &rest).or_else(|| short_code(text, &rest, true))?;
        return Some(PhoneNumber {
            range: run.start..inner.range.end,
            digits: inner.digits,
            kind: PhoneKind::Relay,
        });
    }
    if run.international || first.1.starts_with('0') {
        return classify_national(text, run);
    }
    short_code(text, run, false)
}

/// The longest valid national number at the start of a run. Shorter ones
/// are only tried at a space, so "01632 960000 8am" still gives the number.
fn classify_national(text: &str, run: &Run) -> Option<PhoneNumber> {
    for n in (1..=run.groups.len()).rev() {
        if n < run.groups.len() && !run.spaced[n - 1] {
            continue;
        }
        if !consistent_separators(run, n) {
            continue;
        }
        let end = run.groups[n - 1].0.end;
        if bad_after(text, end) {
            continue;
        }
        if let Some((digits, kind)) = national_number(run, n) {
            return Some(PhoneNumber {
                range: run.start..end,
                digits,
                kind,
            });
        }
    }
    None
}

/// NHS 111, 999, 112, 116 helplines and 18000, with a call word before them.
fn short_code(text: &str, run: &Run, relay: bool) -> Option<PhoneNumber> {
    let first = &run.groups.first()?.1;
    let (digits, end, kind) = match first.as_str() {
        "111" => ("111".to_owned(), run.groups[0].0.end, PhoneKind::Nhs111),
        "999" | "112" => (first.clone(), run.groups[0].0.end, PhoneKind::Emergency),
        "18000" => (
            "18000".to_owned(),
            run.groups[0].0.end,
            PhoneKind::Emergency,
        ),
        "116" => {
            let second = run.groups.get(1).filter(|g| g.1.len() == 3)?;
            (
                format!("116{}", second.1),
                second.0.end,
                PhoneKind::Helpline,
            )
        }
        s if s.len() == 6 && s.starts_with("116") => {
            (s.to_owned(), run.groups[0].0.end, PhoneKind::Helpline)
        }
        _ => return None,
    };
    if bad_after(text, end) {
        return None;
    }
    // Helplines are written in full and rarely mean anything else; the
    // three-digit codes need a call word in front.
    if kind != PhoneKind::Helpline && !relay && !call_word_before(text, run.start) {
        return None;
    }
    // "call 111 4" is not a call to 111.
    if run.groups.len() > 1 && kind != PhoneKind::Helpline {
        let next = &run.groups[1];
        if run.separators.first() != Some(&b' ') || next.1.len() > 2 {
            return None;
        }
    }
    Some(PhoneNumber {
        range: run.start..end,
        digits,
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Option<(String, PhoneKind, String)> {
        let found = find_phone_numbers(text);
        assert!(found.len() <= 1, "{text:?}: {found:?}");
        found
            .first()
            .map(|n| (n.digits.clone(), n.kind, text[n.range.clone()].to_owned()))
    }

    #[test]
    fn finds_real_numbers() {
        use PhoneKind::*;
        let cases: &[(&str, &str, PhoneKind, &str)] = &[
            (
                "Call us on 01632 960000.",
                "01632960000",
                Geographic,
                "01632 960000",
            ),
            (
                "Tel: 01632 960 000",
                "01632960000",
                Geographic,
                "01632 960 000",
            ),
            ("Tel:01632960000", "01632960000", Geographic, "01632960000"),
            (
                "Phone 0121 496 0000 (8am to 6pm)",
                "01214960000",
                Geographic,
                "0121 496 0000",
            ),
            ("0121-496-0000", "01214960000", Geographic, "0121-496-0000"),
            (
                "(0121) 496 0000",
                "01214960000",
                Geographic,
                "(0121) 496 0000",
            ),
            (
                "(01632) 960000",
                "01632960000",
                Geographic,
                "(01632) 960000",
            ),
            ("020 7946 0000", "02079460000", Geographic, "020 7946 0000"),
            (
                "call 020 7946 0000 today",
                "02079460000",
                Geographic,
                "020 7946 0000",
            ),
            ("01632.960.000", "01632960000", Geographic, "01632.960.000"),
            ("016977 3456", "0169773456", Geographic, "016977 3456"),
            ("01387 12345", "0138712345", Geographic, "01387 12345"),
            (
                "+44 121 496 0000",
                "01214960000",
                Geographic,
                "+44 121 496 0000",
            ),
            (
                "+44 (0)121 496 0000",
                "01214960000",
                Geographic,
                "+44 (0)121 496 0000",
            ),
            (
                "+44(0)20 7946 0000",
                "02079460000",
                Geographic,
                "+44(0)20 7946 0000",
            ),
            ("+441632960000", "01632960000", Geographic, "+441632960000"),
            (
                "0044 1632 960000",
                "01632960000",
                Geographic,
                "0044 1632 960000",
            ),
            (
                "+44 0121 496 0000",
                "01214960000",
                Geographic,
                "+44 0121 496 0000",
            ),
            (
                "0300 123 1234",
                "03001231234",
                NonGeographic,
                "0300 123 1234",
            ),
            (
                "0333 012 3456",
                "03330123456",
                NonGeographic,
                "0333 012 3456",
            ),
            ("Text 07700 900123", "07700900123", Mobile, "07700 900123"),
            ("07700900123", "07700900123", Mobile, "07700900123"),
            ("+44 7700 900123", "07700900123", Mobile, "+44 7700 900123"),
            ("0800 123 4567", "08001234567", Freephone, "0800 123 4567"),
            ("0800 123456", "0800123456", Freephone, "0800 123456"),
            ("0808 808 1234", "08088081234", Freephone, "0808 808 1234"),
            ("0845 123 4567", "08451234567", Charged, "0845 123 4567"),
            ("0870 123 4567", "08701234567", Charged, "0870 123 4567"),
            ("0844-123-4567", "08441234567", Charged, "0844-123-4567"),
            ("0906 123 4567", "09061234567", Premium, "0906 123 4567"),
            ("Call NHS 111", "111", Nhs111, "111"),
            ("call 111 or go to 111.nhs.uk", "111", Nhs111, "111"),
            ("In an emergency dial 999.", "999", Emergency, "999"),
            ("Samaritans: 116 123 (free)", "116123", Helpline, "116 123"),
            ("Samaritans 116123", "116123", Helpline, "116123"),
            (
                "Text relay 18001 01632 960000",
                "01632960000",
                Relay,
                "18001 01632 960000",
            ),
            ("Relay UK: 18001 111", "111", Relay, "18001 111"),
            (
                "Call 01632\u{a0}960000",
                "01632960000",
                Geographic,
                "01632\u{a0}960000",
            ),
            (
                "0121 \u{2013} 496 0000",
                "01214960000",
                Geographic,
                "0121 \u{2013} 496 0000",
            ),
            (
                "Telephone number: 01632 960000",
                "01632960000",
                Geographic,
                "01632 960000",
            ),
            (
                "01632 960000, option 2",
                "01632960000",
                Geographic,
                "01632 960000",
            ),
            (
                "01632 960000 8am to 6pm",
                "01632960000",
                Geographic,
                "01632 960000",
            ),
            (
                "Ring 01632 960000: lines open 8am",
                "01632960000",
                Geographic,
                "01632 960000",
            ),
            (
                "01632 960000 / 960001",
                "01632960000",
                Geographic,
                "01632 960000",
            ),
            (
                "Our number: 01632 960000",
                "01632960000",
                Geographic,
                "01632 960000",
            ),
            (
                "To order, call 01632 960000",
                "01632960000",
                Geographic,
                "01632 960000",
            ),
            (
                "NHS England: 0300 311 22 33",
                "03003112233",
                NonGeographic,
                "0300 311 22 33",
            ),
            (
                "(+44) 121 496 0000",
                "01214960000",
                Geographic,
                "(+44) 121 496 0000",
            ),
            (
                "+44 (0) 1632 960000",
                "01632960000",
                Geographic,
                "+44 (0) 1632 960000",
            ),
            (
                "Phone: 01632 960000 ext. 214",
                "01632960000",
                Geographic,
                "01632 960000",
            ),
            ("Out of hours: 0845 46 47", "", Geographic, ""),
        ];
        for (text, digits, kind, shown) in cases {
            let got = one(text);
            if digits.is_empty() {
                assert_eq!(got, None, "{text:?}");
                continue;
            }
            assert_eq!(
                got,
                Some(((*digits).to_owned(), *kind, (*shown).to_owned())),
                "{text:?}"
            );
        }
    }

    #[test]
    fn ignores_near_misses() {
        let cases = [
            "Appointments from 01/02/2025 to 03/04/2025",
            "Updated 01.02.2025",
            "Updated 01.02.2025 10.30",
            "Closed 01-02-2025",
            "Open 08:00 to 18:30",
            "Open 08.00 - 18.30",
            "Open 0800-1830 weekdays",
            "Price £1,234.00 or £0.99",
            "NHS number 485 777 3456",
            "Your NHS number is 4857773456",
            "CHI number 0102031234",
            "CHI 010203 1234",
            "Order number 01234567890",
            "Order no. 0845 123 4567",
            "Reference no. 0121 496 0000",
            "NHS No: 0121 496 0000",
            "Ref: 0123 456 7890",
            "Reference 01632960000",
            "ISBN 0-14-044913-8",
            "ISBN 978 0 14 044913 6",
            "Postcode B1 1AA, WS1 2AB",
            "Card 0123 4567 8901 2345",
            "Long run 016329600001234",
            "A code: 0163296000012",
            "Version 0.1632.960000",
            "Room 111 on floor 2",
            "999 problems",
            "We have 999 patients",
            "Registered charity no 01632960000",
            "Company number 01234567",
            "Sort code 01-02-03",
            "0400 123 4567",
            "0600 123 4567",
            "12.5% of 01632",
            "Item 0121496000011",
            "Dated 2025-01-02",
            "ODS code A81001",
            "batch 0845 123 4567",
            "07700 9001",
            "v01632 960000",
            "See page 01632960000x",
        ];
        for text in cases {
            assert_eq!(find_phone_numbers(text), Vec::new(), "{text:?}");
        }
    }

    #[test]
    fn finds_several() {
        let text = "Call 01632 960000 or 07700 900123. Out of hours call NHS 111, or 999.";
        let found: Vec<_> = find_phone_numbers(text)
            .into_iter()
            .map(|n| n.digits)
            .collect();
        assert_eq!(found, ["01632960000", "07700900123", "111", "999"]);
        let text = "Tel: 01632 960000 Fax: 01632 960001. Mon to Fri 08:00-18:30.";
        let found: Vec<_> = find_phone_numbers(text)
            .into_iter()
            .map(|n| n.digits)
            .collect();
        assert_eq!(found, ["01632960000", "01632960001"]);
    }

    #[test]
    fn odd_text_does_not_panic() {
        for text in [
            "",
            "+",
            "(",
            "+4",
            "+44",
            "0044",
            "(+44)",
            "(+44",
            "(0",
            "0121\u{a0}",
            "\u{a0}0121",
            "0121 \u{2013}",
            "0121 \u{2014} 496",
            "£0800 123 4567",
            "é0121 496 0000",
            "0121 496 0000é",
            "(0121)\u{a0}496 0000 ☎",
            "18001",
            "18001 ",
            "116",
            "116 12",
            "+44 (0)",
            "+44 (0) ",
        ] {
            let _ = find_phone_numbers(text);
        }
        assert_eq!(find_phone_numbers("£0800 123 4567"), Vec::new());
    }

    #[test]
    fn reads_tel_links() {
        assert_eq!(tel_digits("tel:+441632960000"), "01632960000");
        assert_eq!(tel_digits("tel:+44 (0)1632 960000"), "01632960000");
        assert_eq!(tel_digits("TEL:01632-960000"), "01632960000");
        assert_eq!(tel_digits("tel:0044121 496 0000"), "01214960000");
        assert_eq!(tel_digits("tel:111"), "111");
    }
}
