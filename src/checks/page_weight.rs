//! `page-weight`: pages that cost too much mobile data to open.
//!
//! ## What it checks
//! The bytes a page costs to open: its HTML and the files it loads as it opens
//! (stylesheets, scripts, images, web fonts, autoplaying media), as measured by
//! the input side (from disk for a folder, from the server for a crawl; see
//! `crate::weight`). `measure` picks what is compared with the thresholds:
//!
//! - `total`: everything; the finding points at `<html>`.
//! - `scripts`: all scripts together; the finding points at the first script.
//! - `each-image`: every image on its own; each finding points at the image.
//!
//! Files that could not be measured (on another site, missing) are left out, so
//! the total is a lower bound and the message says "at least". Pages with no
//! measurements at all (standard input) are not judged.
//!
//! ```toml
//! [check]
//! kind = "page-weight"
//! measure = "total"
//! warn_above_kb = 1000
//! error_above_kb = 2300
//! ```

use scraper::{ElementRef, Selector};
use serde::Deserialize;

use super::{Anchor, Fact, RuleSource, SiteCheck, SiteEmitter, SiteView};
use crate::error::DataFileError;
use crate::finding::Severity;
use crate::page::{Page, ResourceKind};
use crate::weight::PageWeight;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Measure {
    Total,
    Scripts,
    EachImage,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    measure: Measure,
    /// Above this many kilobytes (1 KB = 1,000 bytes): a warning.
    warn_above_kb: u64,
    /// Above this many kilobytes: an error.
    error_above_kb: Option<u64>,
}

#[derive(Debug)]
pub(crate) struct PageWeightCheck {
    measure: Measure,
    warn: u64,
    error: Option<u64>,
    scripts: Selector,
    images: Selector,
}

/// Where findings about one page point.
struct Anchors {
    /// `<html>`, or the first script for `scripts`.
    page: Option<Anchor>,
    /// Image elements by their `src` as written.
    images: Vec<(String, Anchor)>,
}

impl PageWeightCheck {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        if p.error_above_kb.is_some_and(|e| e < p.warn_above_kb) {
            let at = source.text.find("error_above_kb");
            return Err(DataFileError::at(
                source.path,
                source.text,
                at.map(|i| i..i + "error_above_kb".len()),
                "error_above_kb must not be below warn_above_kb".to_owned(),
            ));
        }
        Ok(Self {
            measure: p.measure,
            warn: p.warn_above_kb * 1000,
            error: p.error_above_kb.map(|e| e * 1000),
            scripts: source.fixed_selector("script[src]")?,
            images: source.fixed_selector("img[src], input[type=image][src], video[poster]")?,
        })
    }

    fn severity(&self, bytes: u64) -> Option<Severity> {
        if self.error.is_some_and(|e| bytes > e) {
            Some(Severity::Error)
        } else if bytes > self.warn {
            Some(Severity::Warning)
        } else {
            None
        }
    }
}

/// Sizes in words people use: 850 KB, 2.4 MB.
pub(crate) fn human_size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        let mb = format!("{:.1}", bytes as f64 / 1_000_000.0);
        format!("{} MB", mb.strip_suffix(".0").unwrap_or(&mb))
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}

fn parts(weight: &PageWeight) -> String {
    let mut out = Vec::new();
    for (bytes, what) in [
        (weight.images, "images"),
        (weight.scripts, "scripts"),
        (weight.styles, "styles"),
        (weight.fonts, "fonts"),
        (weight.media, "video and sound"),
        (weight.html, "HTML"),
    ] {
        if bytes > 0 {
            out.push((bytes, what));
        }
    }
    out.sort_by_key(|b| std::cmp::Reverse(b.0));
    out.iter()
        .map(|(b, w)| format!("{} of {w}", human_size(*b)))
        .collect::<Vec<_>>()
        .join(", ")
}

impl SiteCheck for PageWeightCheck {
    fn whole_site(&self) -> bool {
        false
    }

    fn collect(&self, page: &Page) -> Fact {
        let first = |selector: &Selector| page.html().select(selector).next();
        let page_anchor = match self.measure {
            Measure::Total => Some(Anchor::of(page, page.html().root_element())),
            Measure::Scripts => first(&self.scripts).map(|el| Anchor::of(page, el)),
            Measure::EachImage => None,
        };
        let images = if self.measure == Measure::EachImage {
            page.html()
                .select(&self.images)
                .filter_map(|el: ElementRef<'_>| {
                    let v = el.value();
                    let src = if v.name() == "video" {
                        v.attr("poster")
                    } else {
                        v.attr("src")
                    }?;
                    Some((src.trim().to_owned(), Anchor::of(page, el)))
                })
                .collect()
        } else {
            Vec::new()
        };
        Box::new(Anchors {
            page: page_anchor,
            images,
        })
    }

    fn check(&self, site: &SiteView<'_>, out: &mut SiteEmitter<'_>) {
        for (key, anchors) in site.facts::<Anchors>() {
            let Some(weight) = site.weight(key) else {
                continue;
            };
            let at_least = if weight.unmeasured > 0 {
                "at least "
            } else {
                ""
            };
            match self.measure {
                Measure::Total => {
                    if let (Some(severity), Some(at)) = (self.severity(weight.total), &anchors.page)
                    {
                        out.emit_at(
                            key,
                            at,
                            severity,
                            &[
                                ("size", format!("{at_least}{}", human_size(weight.total))),
                                ("parts", parts(weight)),
                                ("limit", human_size(self.warn)),
                            ],
                        );
                    }
                }
                Measure::Scripts => {
                    if let (Some(severity), Some(at)) =
                        (self.severity(weight.scripts), &anchors.page)
                    {
                        let files = weight
                            .resources
                            .iter()
                            .filter(|r| r.kind == ResourceKind::Script && r.bytes.is_some())
                            .count();
                        out.emit_at(
                            key,
                            at,
                            severity,
                            &[
                                ("size", format!("{at_least}{}", human_size(weight.scripts))),
                                ("files", files.to_string()),
                                ("limit", human_size(self.warn)),
                            ],
                        );
                    }
                }
                Measure::EachImage => {
                    for r in weight
                        .resources
                        .iter()
                        .filter(|r| r.kind == ResourceKind::Image)
                    {
                        let (Some(bytes), Some((_, at))) = (
                            r.bytes,
                            anchors.images.iter().find(|(src, _)| *src == r.href),
                        ) else {
                            continue;
                        };
                        if let Some(severity) = self.severity(bytes) {
                            out.emit_at(
                                key,
                                at,
                                severity,
                                &[
                                    ("size", human_size(bytes)),
                                    ("file", r.href.clone()),
                                    ("limit", human_size(self.warn)),
                                ],
                            );
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_the_way_people_say_them() {
        assert_eq!(human_size(850), "1 KB");
        assert_eq!(human_size(200_001), "201 KB");
        assert_eq!(human_size(2_400_000), "2.4 MB");
        assert_eq!(human_size(1_000_000), "1 MB");
    }

    #[test]
    fn thresholds_must_be_in_order() {
        let err = super::super::build_for_test(
            "page-weight",
            "measure = \"total\"\nwarn_above_kb = 2000\nerror_above_kb = 1000",
            PageWeightCheck::new,
        )
        .err()
        .unwrap_or_default();
        assert!(err.contains("must not be below"), "{err}");
    }
}
