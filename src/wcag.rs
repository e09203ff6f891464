//! WCAG 2.2 success criteria: one table for every report that names them.

/// One WCAG 2.2 success criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Criterion {
    /// Its number, such as `1.1.1`.
    pub number: &'static str,
    /// Its anchor in the WCAG 2.2 recommendation (`non-text-content`).
    pub slug: &'static str,
    /// Its name, for the A and AA criteria people read about in reports
    /// (empty for AAA ones, which reports only name by number).
    pub name: &'static str,
    /// `A`, `AA` or `AAA`.
    pub level: &'static str,
}

/// Every WCAG 2.2 success criterion, in order. 4.1.1 Parsing is obsolete in
/// 2.2 and left out.
pub const CRITERIA: &[Criterion] = &[
    Criterion {
        number: "1.1.1",
        slug: "non-text-content",
        name: "Non-text Content",
        level: "A",
    },
    Criterion {
        number: "1.2.1",
        slug: "audio-only-and-video-only-prerecorded",
        name: "Audio-only and Video-only (Prerecorded)",
        level: "A",
    },
    Criterion {
        number: "1.2.2",
        slug: "captions-prerecorded",
        name: "Captions (Prerecorded)",
        level: "A",
    },
    Criterion {
        number: "1.2.3",
        slug: "audio-description-or-media-alternative-prerecorded",
        name: "Audio Description or Media Alternative (Prerecorded)",
        level: "A",
    },
    Criterion {
        number: "1.2.4",
        slug: "captions-live",
        name: "Captions (Live)",
        level: "AA",
    },
    Criterion {
        number: "1.2.5",
        slug: "audio-description-prerecorded",
        name: "Audio Description (Prerecorded)",
        level: "AA",
    },
    Criterion {
        number: "1.2.6",
        slug: "sign-language-prerecorded",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "1.2.7",
        slug: "extended-audio-description-prerecorded",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "1.2.8",
        slug: "media-alternative-prerecorded",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "1.2.9",
        slug: "audio-only-live",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "1.3.1",
        slug: "info-and-relationships",
        name: "Info and Relationships",
        level: "A",
    },
    Criterion {
        number: "1.3.2",
        slug: "meaningful-sequence",
        name: "Meaningful Sequence",
        level: "A",
    },
    Criterion {
        number: "1.3.3",
        slug: "sensory-characteristics",
        name: "Sensory Characteristics",
        level: "A",
    },
    Criterion {
        number: "1.3.4",
        slug: "orientation",
        name: "Orientation",
        level: "AA",
    },
    Criterion {
        number: "1.3.5",
        slug: "identify-input-purpose",
        name: "Identify Input Purpose",
        level: "AA",
    },
    Criterion {
        number: "1.3.6",
        slug: "identify-purpose",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "1.4.1",
        slug: "use-of-color",
        name: "Use of Color",
        level: "A",
    },
    Criterion {
        number: "1.4.2",
        slug: "audio-control",
        name: "Audio Control",
        level: "A",
    },
    Criterion {
        number: "1.4.3",
        slug: "contrast-minimum",
        name: "Contrast (Minimum)",
        level: "AA",
    },
    Criterion {
        number: "1.4.4",
        slug: "resize-text",
        name: "Resize Text",
        level: "AA",
    },
    Criterion {
        number: "1.4.5",
        slug: "images-of-text",
        name: "Images of Text",
        level: "AA",
    },
    Criterion {
        number: "1.4.6",
        slug: "contrast-enhanced",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "1.4.7",
        slug: "low-or-no-background-audio",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "1.4.8",
        slug: "visual-presentation",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "1.4.9",
        slug: "images-of-text-no-exception",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "1.4.10",
        slug: "reflow",
        name: "Reflow",
        level: "AA",
    },
    Criterion {
        number: "1.4.11",
        slug: "non-text-contrast",
        name: "Non-text Contrast",
        level: "AA",
    },
    Criterion {
        number: "1.4.12",
        slug: "text-spacing",
        name: "Text Spacing",
        level: "AA",
    },
    Criterion {
        number: "1.4.13",
        slug: "content-on-hover-or-focus",
        name: "Content on Hover or Focus",
        level: "AA",
    },
    Criterion {
        number: "2.1.1",
        slug: "keyboard",
        name: "Keyboard",
        level: "A",
    },
    Criterion {
        number: "2.1.2",
        slug: "no-keyboard-trap",
        name: "No Keyboard Trap",
        level: "A",
    },
    Criterion {
        number: "2.1.3",
        slug: "keyboard-no-exception",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "2.1.4",
        slug: "character-key-shortcuts",
        name: "Character Key Shortcuts",
        level: "A",
    },
    Criterion {
        number: "2.2.1",
        slug: "timing-adjustable",
        name: "Timing Adjustable",
        level: "A",
    },
    Criterion {
        number: "2.2.2",
        slug: "pause-stop-hide",
        name: "Pause, Stop, Hide",
        level: "A",
    },
    Criterion {
        number: "2.2.3",
        slug: "no-timing",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "2.2.4",
        slug: "interruptions",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "2.2.5",
        slug: "re-authenticating",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "2.2.6",
        slug: "timeouts",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "2.3.1",
        slug: "three-flashes-or-below-threshold",
        name: "Three Flashes or Below Threshold",
        level: "A",
    },
    Criterion {
        number: "2.3.2",
        slug: "three-flashes",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "2.3.3",
        slug: "animation-from-interactions",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "2.4.1",
        slug: "bypass-blocks",
        name: "Bypass Blocks",
        level: "A",
    },
    Criterion {
        number: "2.4.2",
        slug: "page-titled",
        name: "Page Titled",
        level: "A",
    },
    Criterion {
        number: "2.4.3",
        slug: "focus-order",
        name: "Focus Order",
        level: "A",
    },
    Criterion {
        number: "2.4.4",
        slug: "link-purpose-in-context",
        name: "Link Purpose (In Context)",
        level: "A",
    },
    Criterion {
        number: "2.4.5",
        slug: "multiple-ways",
        name: "Multiple Ways",
        level: "AA",
    },
    Criterion {
        number: "2.4.6",
        slug: "headings-and-labels",
        name: "Headings and Labels",
        level: "AA",
    },
    Criterion {
        number: "2.4.7",
        slug: "focus-visible",
        name: "Focus Visible",
        level: "AA",
    },
    Criterion {
        number: "2.4.8",
        slug: "location",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "2.4.9",
        slug: "link-purpose-link-only",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "2.4.10",
        slug: "section-headings",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "2.4.11",
        slug: "focus-not-obscured-minimum",
        name: "Focus Not Obscured (Minimum)",
        level: "AA",
    },
    Criterion {
        number: "2.4.12",
        slug: "focus-not-obscured-enhanced",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "2.4.13",
        slug: "focus-appearance",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "2.5.1",
        slug: "pointer-gestures",
        name: "Pointer Gestures",
        level: "A",
    },
    Criterion {
        number: "2.5.2",
        slug: "pointer-cancellation",
        name: "Pointer Cancellation",
        level: "A",
    },
    Criterion {
        number: "2.5.3",
        slug: "label-in-name",
        name: "Label in Name",
        level: "A",
    },
    Criterion {
        number: "2.5.4",
        slug: "motion-actuation",
        name: "Motion Actuation",
        level: "A",
    },
    Criterion {
        number: "2.5.5",
        slug: "target-size-enhanced",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "2.5.6",
        slug: "concurrent-input-mechanisms",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "2.5.7",
        slug: "dragging-movements",
        name: "Dragging Movements",
        level: "AA",
    },
    Criterion {
        number: "2.5.8",
        slug: "target-size-minimum",
        name: "Target Size (Minimum)",
        level: "AA",
    },
    Criterion {
        number: "3.1.1",
        slug: "language-of-page",
        name: "Language of Page",
        level: "A",
    },
    Criterion {
        number: "3.1.2",
        slug: "language-of-parts",
        name: "Language of Parts",
        level: "AA",
    },
    Criterion {
        number: "3.1.3",
        slug: "unusual-words",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "3.1.4",
        slug: "abbreviations",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "3.1.5",
        slug: "reading-level",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "3.1.6",
        slug: "pronunciation",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "3.2.1",
        slug: "on-focus",
        name: "On Focus",
        level: "A",
    },
    Criterion {
        number: "3.2.2",
        slug: "on-input",
        name: "On Input",
        level: "A",
    },
    Criterion {
        number: "3.2.3",
        slug: "consistent-navigation",
        name: "Consistent Navigation",
        level: "AA",
    },
    Criterion {
        number: "3.2.4",
        slug: "consistent-identification",
        name: "Consistent Identification",
        level: "AA",
    },
    Criterion {
        number: "3.2.5",
        slug: "change-on-request",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "3.2.6",
        slug: "consistent-help",
        name: "Consistent Help",
        level: "A",
    },
    Criterion {
        number: "3.3.1",
        slug: "error-identification",
        name: "Error Identification",
        level: "A",
    },
    Criterion {
        number: "3.3.2",
        slug: "labels-or-instructions",
        name: "Labels or Instructions",
        level: "A",
    },
    Criterion {
        number: "3.3.3",
        slug: "error-suggestion",
        name: "Error Suggestion",
        level: "AA",
    },
    Criterion {
        number: "3.3.4",
        slug: "error-prevention-legal-financial-data",
        name: "Error Prevention (Legal, Financial, Data)",
        level: "AA",
    },
    Criterion {
        number: "3.3.5",
        slug: "help",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "3.3.6",
        slug: "error-prevention-all",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "3.3.7",
        slug: "redundant-entry",
        name: "Redundant Entry",
        level: "A",
    },
    Criterion {
        number: "3.3.8",
        slug: "accessible-authentication-minimum",
        name: "Accessible Authentication (Minimum)",
        level: "AA",
    },
    Criterion {
        number: "3.3.9",
        slug: "accessible-authentication-enhanced",
        name: "",
        level: "AAA",
    },
    Criterion {
        number: "4.1.2",
        slug: "name-role-value",
        name: "Name, Role, Value",
        level: "A",
    },
    Criterion {
        number: "4.1.3",
        slug: "status-messages",
        name: "Status Messages",
        level: "AA",
    },
];

/// The level A and AA criteria, the ones the 2018 regulations require.
pub fn a_and_aa() -> impl Iterator<Item = &'static Criterion> {
    CRITERIA.iter().filter(|c| c.level != "AAA")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_every_a_and_aa_criterion_once_with_a_name() {
        let mut numbers: Vec<_> = CRITERIA.iter().map(|c| c.number).collect();
        numbers.dedup();
        assert_eq!(numbers.len(), CRITERIA.len());
        assert_eq!(a_and_aa().count(), 55);
        assert!(a_and_aa().all(|c| !c.name.is_empty() && !c.slug.is_empty()));
    }
}
