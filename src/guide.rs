//! The Inclusive Digital Health Guide, loaded from `rules/guide.toml`.
//!
//! The guide is data: 11 sections, each with a plain-English summary, who it
//! protects, facts tagged with their source, and what a person must still check.
//! Rules name the section they come from; reports and `carelint explain` print it.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::error::{DataFileError, located};

/// The guide text embedded at build time.
pub const GUIDE_TOML: &str = include_str!("../rules/guide.toml");

/// Path shown in error messages about the guide file.
const GUIDE_PATH: &str = "rules/guide.toml";

/// The whole guide.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guide {
    /// Guide version, such as `2026.1`.
    pub version: String,
    /// Guide title.
    pub title: String,
    /// A few plain sentences on what the guide is.
    pub intro: String,
    /// Where the facts come from.
    pub sources: Vec<Source>,
    /// The sections G1 to G11.
    pub sections: Vec<Section>,
}

/// A source the guide cites.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Short id used by facts.
    pub id: String,
    /// Title of the source.
    pub title: String,
    /// Where to read it.
    pub url: String,
    /// Provenance: BIIS, NAT, LOCAL or EVID.
    pub kind: String,
}

/// One guide section.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// `G1` to `G11`.
    pub id: String,
    /// Kebab-case slug, the first part of every rule id in the section.
    pub slug: String,
    /// Short plain title.
    pub title: String,
    /// What a good service does, for a reading age of 9 to 11.
    pub summary: String,
    /// Who the section protects.
    pub protects: Vec<String>,
    /// Who usually fixes problems in this section; a rule may name another.
    #[serde(default)]
    pub owner: Owner,
    /// What a good service shows, as short things to look for (optional).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub good_looks_like: Vec<String>,
    /// What a machine cannot check, as questions for a person.
    pub checks_need_a_person: Vec<String>,
    /// Facts and figures, each with its source.
    pub facts: Vec<Fact>,
}

/// Who fixes a problem: the people who write the words, the people who
/// design the pages, or the developers who build them (or the supplier).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Owner {
    /// Whoever writes and updates the words on the site.
    #[default]
    Content,
    /// Whoever decides how pages look.
    Design,
    /// Whoever builds the site, often the supplier.
    Developer,
}

impl Owner {
    /// The lower-case name used in rule files and reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Content => "content",
            Self::Design => "design",
            Self::Developer => "developer",
        }
    }
}

/// A fact with its source.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// The fact, in plain English.
    pub text: String,
    /// Id of a [`Source`].
    pub source: String,
    /// Provenance tag.
    pub kind: String,
}

/// The slugs CONTRACT.md fixes for each section id.
pub const SECTION_SLUGS: [(&str, &str); 11] = [
    ("G1", "plain-language"),
    ("G2", "language-access"),
    ("G3", "offline-alternatives"),
    ("G4", "accessibility"),
    ("G5", "accessibility-statement"),
    ("G6", "data-light"),
    ("G7", "any-device"),
    ("G8", "trust-and-safety"),
    ("G9", "skills-and-support"),
    ("G10", "accessible-formats"),
    ("G11", "community-voice"),
];

impl Guide {
    /// Loads the embedded guide.
    ///
    /// # Errors
    /// Returns a diagnostic pointing into `rules/guide.toml` when it is malformed.
    pub fn embedded() -> Result<Self, DataFileError> {
        Self::parse(GUIDE_PATH, GUIDE_TOML)
    }

    /// Parses and checks guide text.
    ///
    /// # Errors
    /// Returns a diagnostic pointing at the problem in `text`.
    pub fn parse(path: &str, text: &str) -> Result<Self, DataFileError> {
        let guide: Self =
            toml::from_str(text).map_err(|e| DataFileError::from_toml(path, text, &e))?;
        let fail = |needle: &str, message: String| located(path, text, needle, message);
        let source_ids: HashSet<&str> = guide.sources.iter().map(|s| s.id.as_str()).collect();
        if guide.sections.len() != SECTION_SLUGS.len() {
            return Err(fail(
                "[[sections]]",
                format!(
                    "the guide must have {} sections, found {}",
                    SECTION_SLUGS.len(),
                    guide.sections.len()
                ),
            ));
        }
        for (section, (id, slug)) in guide.sections.iter().zip(SECTION_SLUGS) {
            if section.id != id || section.slug != slug {
                return Err(fail(
                    &format!("id = \"{}\"", section.id),
                    format!(
                        "expected section {id} with slug `{slug}` here, found {} `{}`",
                        section.id, section.slug
                    ),
                ));
            }
            for fact in &section.facts {
                if !source_ids.contains(fact.source.as_str()) {
                    return Err(fail(
                        &format!("source = \"{}\"", fact.source),
                        format!(
                            "fact in {} cites unknown source `{}`",
                            section.id, fact.source
                        ),
                    ));
                }
            }
        }
        Ok(guide)
    }

    /// The section with this id (`G4`) or slug (`accessibility`).
    #[must_use]
    pub fn section(&self, id_or_slug: &str) -> Option<&Section> {
        self.sections
            .iter()
            .find(|s| s.id.eq_ignore_ascii_case(id_or_slug) || s.slug == id_or_slug)
    }

    /// The source with this id.
    #[must_use]
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }
}
