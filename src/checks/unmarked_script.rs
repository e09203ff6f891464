//! `unmarked-script`: flags text in another writing system (Gurmukhi, Arabic,
//! Bengali...) that is not marked with its language.
//!
//! ## What it checks
//! The visible text of the page (not `head`, scripts, styles, templates, code,
//! `svg` or `math`), run by run: a run is a stretch of letters of one Unicode
//! script, where spaces, digits and punctuation (script Common) and combining
//! marks (Inherited) do not break it. A run of `min_letters` or more letters in
//! a script other than Latin must sit inside an element whose `lang` (its own
//! or an ancestor's) names a language written in that script:
//! - `scripts` lists, for each script (ISO 15924 code, such as `Guru`), the
//!   primary language subtags written in it. A language listed under no script
//!   is taken to be written in Latin script only (English, Polish, Romanian...).
//! - A `lang` with a script subtag (`pa-Arab`, `zh-Hant`) is judged by that
//!   subtag alone.
//! - `lang=""`, the codes `und`, `mul`, `zxx` and `mis` and private-use codes
//!   say the language is unknown, mixed or private, and a `lang` that is not a real language code is
//!   another rule's finding: their text is not judged.
//! - Text with no `lang` anywhere above it is taken to be English (the page's
//!   missing `lang` is another rule's finding), unless most of the page's
//!   letters are in that script: then the page is in that language and the
//!   missing page `lang` is the whole problem.
//!
//! Latin-script words inside a non-Latin passage (a brand, "NHS") are not
//! flagged: names and technical words are exempt from WCAG 3.1.2. Text in
//! `alt` and other attributes is not checked.
//!
//! One finding per block (paragraph, list item, cell, heading...) and script,
//! at the first run. `{script}` is the script's name, `{sample}` the run (cut
//! short), `{reading_as}` the language the text is marked as now, `{code}` a
//! language code for the script (the first one listed) and `{others}` a
//! sentence naming other languages written in it (empty when there are none).
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "unmarked-script"
//! min_letters = 2
//! [check.scripts]
//! Guru = ["pa"]
//! Arab = ["ur", "ar", "fa", "ps", "pa"]
//! ```

use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use icu_properties::props::Script;
use icu_properties::{CodePointMapData, PropertyNamesLong, PropertyNamesShort, PropertyParser};
use scraper::{ElementRef, Node};
use serde::Deserialize;

use super::{At, Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, Span, hides_content, is_english_tag};

/// Characters of a run kept in `{sample}`.
const SAMPLE_CHARS: usize = 24;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "two")]
    min_letters: usize,
    scripts: BTreeMap<String, Vec<String>>,
}

fn two() -> usize {
    2
}

#[derive(Debug)]
pub(crate) struct UnmarkedScript {
    min_letters: usize,
    /// Script -> primary language subtags written in it, first one suggested.
    languages: HashMap<Script, Vec<String>>,
}

impl UnmarkedScript {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let parser = PropertyParser::<Script>::new();
        let mut languages = HashMap::new();
        for (code, langs) in p.scripts {
            let Some(script) = parser.get_strict(&code) else {
                return Err(DataFileError::at(
                    source.path,
                    source.text,
                    source.text.find(&code).map(|i| i..i + code.len()),
                    format!("`{code}` is not a Unicode script code (ISO 15924, such as `Guru`)"),
                ));
            };
            let langs: Vec<String> = langs
                .iter()
                .map(|l| l.trim().to_ascii_lowercase())
                .collect();
            languages.insert(script, langs);
        }
        Ok(Self {
            min_letters: p.min_letters.max(1),
            languages,
        })
    }

    /// Whether text in `script` is right under a `lang` of `tag`; `None` when
    /// the tag says nothing usable (blank, undetermined or mixed).
    fn fits(&self, tag: &str, script: Script) -> Option<bool> {
        // A lang that is not a real language code is another rule's finding;
        // what its text is marked as cannot be judged.
        let primary = super::lang_attribute::known_primary_language(tag)?;
        // Undetermined, mixed, no language, uncoded; and private-use codes
        // (x-..., qaa to qtz), whose script nobody else knows.
        let private = primary.starts_with("x-")
            || (primary.len() == 3 && ("qaa"..="qtz").contains(&primary.as_str()));
        if private || matches!(primary.as_str(), "und" | "mul" | "zxx" | "mis") {
            return None;
        }
        let mut parts = tag.trim().split('-');
        parts.next();
        // A script subtag is four letters, right after the language (or after
        // an extended language subtag).
        let script_subtag = parts
            .take(2)
            .find(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_alphabetic()));
        if let Some(subtag) = script_subtag {
            return Some(subtag_covers(subtag, script));
        }
        if self
            .languages
            .get(&script)
            .is_some_and(|langs| langs.contains(&primary))
        {
            return Some(true);
        }
        // Listed under other scripts only, or under none (so written in Latin
        // script): either way not this one.
        Some(false)
    }
}

/// Whether a script subtag covers text in `script` (`Jpan` is Han, Hiragana
/// and Katakana; `Kore` is Hangul and Han; `Hans` and `Hant` are Han).
fn subtag_covers(subtag: &str, script: Script) -> bool {
    let subtag = subtag.to_ascii_lowercase();
    match subtag.as_str() {
        "hans" | "hant" => script == Script::Han,
        "jpan" => matches!(script, Script::Han | Script::Hiragana | Script::Katakana),
        "kore" => matches!(script, Script::Han | Script::Hangul),
        "hrkt" => matches!(script, Script::Hiragana | Script::Katakana),
        _ => PropertyNamesShort::<Script>::new()
            .get(script)
            .is_some_and(|short| short.eq_ignore_ascii_case(&subtag)),
    }
}

/// Elements whose text is not read out as the page's prose.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "script"
            | "style"
            | "template"
            | "noscript"
            | "textarea"
            | "svg"
            | "math"
            | "code"
            | "kbd"
            | "samp"
            | "pre"
    )
}

/// Elements that own the text inside them for grouping findings: the page
/// model's block elements, and `option`, whose text is a choice of its own.
fn is_block(name: &str) -> bool {
    name == "option" || crate::page::is_block_element(name)
}

#[derive(Clone)]
struct Frame {
    /// The nearest `lang`, trimmed; `None` when no element above has one.
    lang: Option<Rc<str>>,
    hidden: bool,
    skipped: bool,
    owner: NodeId,
}

/// The first run of a script in one block that its `lang` does not fit.
struct Candidate {
    owner: NodeId,
    script: Script,
    lang: Option<Rc<str>>,
    text_node: NodeId,
    /// Byte offset of the run in the text node.
    offset: usize,
    sample: String,
}

/// A run of letters of one script inside one text node.
struct Run {
    script: Script,
    start: usize,
    letters: usize,
    end: usize,
}

fn runs(text: &str, scripts: &icu_properties::CodePointMapDataBorrowed<'_, Script>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut current: Option<Run> = None;
    for (i, c) in text.char_indices() {
        let script = scripts.get(c);
        if matches!(script, Script::Common | Script::Inherited | Script::Unknown) {
            continue;
        }
        match current.as_mut() {
            Some(run) if run.script == script => {
                run.letters += 1;
                run.end = i + c.len_utf8();
            }
            _ => {
                if let Some(run) = current.take() {
                    out.push(run);
                }
                current = Some(Run {
                    script,
                    start: i,
                    letters: 1,
                    end: i + c.len_utf8(),
                });
            }
        }
    }
    out.extend(current);
    out
}

impl UnmarkedScript {
    /// Where a finding points: the run in the source when it can be found
    /// there, else the block's start tag.
    fn at(page: &Page, c: &Candidate, text: &str) -> At {
        let Some(start) = page.text_start(c.text_node) else {
            return At::Element(c.owner);
        };
        let src = page.source();
        let first_word: &str = text[c.offset..]
            .split(char::is_whitespace)
            .next()
            .unwrap_or_default();
        let exact = start + c.offset;
        let found = if src
            .get(start..)
            .is_some_and(|s| s.starts_with(&text[..c.offset]))
            && src.get(exact..).is_some_and(|s| s.starts_with(first_word))
        {
            Some(exact)
        } else {
            // Character references before the run: look for it instead.
            let window_end = crate::page::position::floor_char_boundary(
                src,
                (start + text.len() * 8 + 64).min(src.len()),
            );
            src.get(start..window_end)
                .and_then(|w| w.find(first_word))
                .map(|i| start + i)
        };
        match found {
            Some(s) if !first_word.is_empty() => At::Text {
                element: c.owner,
                span: Span {
                    start: s,
                    end: s + first_word.len(),
                },
            },
            _ => At::Element(c.owner),
        }
    }
}

impl PageCheck for UnmarkedScript {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let scripts = CodePointMapData::<Script>::new();
        let root = page.html().tree.root();
        let mut stack = vec![Frame {
            lang: None,
            hidden: false,
            skipped: false,
            owner: page.root().id(),
        }];
        let mut letters: HashMap<Script, usize> = HashMap::new();
        let mut total = 0usize;
        let mut candidates: Vec<Candidate> = Vec::new();
        let mut seen: HashSet<(NodeId, Script)> = HashSet::new();
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => {
                    let Some(element) = ElementRef::wrap(node) else {
                        if let Node::Text(text) = node.value()
                            && let Some(frame) = stack.last()
                            && !frame.hidden
                            && !frame.skipped
                        {
                            for run in runs(text, &scripts) {
                                total += run.letters;
                                *letters.entry(run.script).or_default() += run.letters;
                                if run.script == Script::Latin || run.letters < self.min_letters {
                                    continue;
                                }
                                let fits = match frame.lang.as_deref() {
                                    Some(tag) => self.fits(tag, run.script),
                                    None => Some(false),
                                };
                                if fits != Some(false) || !seen.insert((frame.owner, run.script)) {
                                    continue;
                                }
                                let sample = crate::page::truncate_chars(
                                    &crate::page::collapse_whitespace(&text[run.start..run.end]),
                                    SAMPLE_CHARS,
                                );
                                candidates.push(Candidate {
                                    owner: frame.owner,
                                    script: run.script,
                                    lang: frame.lang.clone(),
                                    text_node: node.id(),
                                    offset: run.start,
                                    sample,
                                });
                            }
                        }
                        continue;
                    };
                    let Some(parent) = stack.last().cloned() else {
                        continue;
                    };
                    let el = element.value();
                    let frame = Frame {
                        lang: el.attr("lang").map(|l| Rc::from(l.trim())).or(parent.lang),
                        hidden: parent.hidden || hides_content(element),
                        skipped: parent.skipped || is_skipped(el.name()),
                        owner: if is_block(el.name()) {
                            node.id()
                        } else {
                            parent.owner
                        },
                    };
                    stack.push(frame);
                }
                Edge::Close(node) => {
                    if node.value().is_element() {
                        stack.pop();
                    }
                }
            }
        }
        let long = PropertyNamesLong::<Script>::new();
        for c in candidates {
            if c.lang.is_none() && letters.get(&c.script).copied().unwrap_or(0) * 2 > total {
                // The whole page is in this script and has no lang at all.
                continue;
            }
            let Some(text) = page
                .html()
                .tree
                .get(c.text_node)
                .and_then(|n| n.value().as_text().map(|t| t.to_string()))
            else {
                continue;
            };
            let reading_as = match c.lang.as_deref() {
                None => "English".to_owned(),
                Some(tag) if is_english_tag(tag) => "English".to_owned(),
                Some(tag) => format!("lang=\"{tag}\""),
            };
            let listed = self.languages.get(&c.script).map_or(&[][..], Vec::as_slice);
            let code = listed
                .first()
                .cloned()
                .unwrap_or_else(|| "the language's code".to_owned());
            let name = long
                .get(c.script)
                .map_or_else(|| "non-Latin".to_owned(), |n| n.replace('_', " "));
            let others = if listed.len() > 1 {
                format!(
                    " Check that \"{code}\" is right: {name} script is also used for other languages ({}).",
                    listed[1..listed.len().min(4)]
                        .iter()
                        .map(|l| format!("\"{l}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else {
                String::new()
            };
            out.emit(
                Hit::at(Self::at(page, &c, &text))
                    .arg("script", name)
                    .arg("sample", &c.sample)
                    .arg("reading_as", reading_as)
                    .arg("code", code)
                    .arg("others", others),
            );
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn check() -> UnmarkedScript {
        let text = "[check]\nkind = \"unmarked-script\"\n[check.scripts]\nGuru = [\"pa\"]\nArab = [\"ur\", \"pa\"]\n";
        UnmarkedScript::new(&RuleSource {
            path: "t.toml",
            text,
            lazy: false,
            check: None,
        })
        .unwrap()
    }

    #[test]
    fn lang_values_decide_which_scripts_fit() {
        let c = check();
        assert_eq!(c.fits("pa", Script::Gurmukhi), Some(true));
        assert_eq!(c.fits("pa", Script::Arabic), Some(true));
        assert_eq!(c.fits("ur-PK", Script::Gurmukhi), Some(false));
        assert_eq!(c.fits("en-GB", Script::Gurmukhi), Some(false));
        assert_eq!(c.fits("pa-Arab", Script::Gurmukhi), Some(false));
        assert_eq!(c.fits("pa-Guru-IN", Script::Gurmukhi), Some(true));
        assert_eq!(c.fits("zh-Hant", Script::Han), Some(true));
        assert_eq!(c.fits("ja-Jpan", Script::Katakana), Some(true));
        for unknown in ["", "und", "mul", "x-family", "qaa", "punjabi", "en_GB"] {
            assert_eq!(c.fits(unknown, Script::Gurmukhi), None, "{unknown}");
        }
    }

    #[test]
    fn unknown_script_codes_are_refused() {
        let text = "[check]\nkind = \"unmarked-script\"\n[check.scripts]\nGurm = [\"pa\"]\n";
        let err = UnmarkedScript::new(&RuleSource {
            path: "t.toml",
            text,
            lazy: false,
            check: None,
        })
        .unwrap_err();
        assert!(err.to_string().contains("Gurm"), "{err}");
    }

    #[test]
    fn runs_split_by_script_and_skip_common_characters() {
        let scripts = CodePointMapData::<Script>::new();
        let found: Vec<(Script, usize)> = runs("Say ਪੰਜਾਬੀ, اردو or 5 μg", &scripts)
            .iter()
            .map(|r| (r.script, r.letters))
            .collect();
        assert_eq!(
            found,
            vec![
                (Script::Latin, 3),
                (Script::Gurmukhi, 6),
                (Script::Arabic, 4),
                (Script::Latin, 2),
                (Script::Greek, 1),
                (Script::Latin, 1),
            ]
        );
    }
}
