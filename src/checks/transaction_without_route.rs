//! `transaction-without-route`: flags a page where people must do something
//! online (a form, or a book / register / order / request action) and no phone
//! number is given.
//!
//! ## What it checks
//! A page is transactional when it asks people to give details, book, order,
//! register or sign in:
//! - a `form` that is not a look-up: a site search (search landmark or search
//!   field), a form whose only box asks for a place ("Postcode or place", a
//!   find-services box) or a GET form that asks for no personal details is
//!   not one;
//! - or, with no `<form>`, two or more visible text fields a script sends;
//! - or a button in the main content whose text matches `actions`, or a link
//!   whose text starts with it ("Book your flu jab", not "The green book").
//!   A link to another site may be this organisation's own booking system
//!   or another organisation's service with its own phone route; the markup
//!   cannot tell, so that finding is `review`.
//!
//! Such a page
//! passes when it has a visible `tel:` link or a UK phone number in its visible
//! text, found by [`crate::phone`] (footers count: a number in the footer is a
//! real route). National short codes (NHS 111, 999, 116 123) do not count:
//! they are on almost every health page and do not reach the service itself.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "transaction-without-route"
//! actions = '\b(book|register|order|request|sign in|apply)\b'
//! ```

use scraper::{ElementRef, Selector};
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, Pattern, RuleSource};
use crate::error::DataFileError;
use crate::finding::Confidence;
use crate::page::{Page, collapse_whitespace, is_hidden};
use crate::phone::find_phone_numbers;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    actions: Spanned<String>,
}

#[derive(Debug)]
pub(crate) struct TransactionWithoutRoute {
    actions: Pattern,
    forms: Selector,
    controls: Selector,
    tel_links: Selector,
    fields: Selector,
}

/// Visible fields outside any `<form>` that make a script-driven form: fewer
/// could be a lone search box or a cookie switch.
const LOOSE_FIELDS: usize = 2;

/// Field names, ids, placeholders and labels that mark a search box.
const SEARCH_WORDS: &[&str] = &["search", "query", "keyword", "find", "filter"];

/// Words that mark a place box: on its own in a form, it finds services near
/// a place ("Postcode or place", "Enter your town").
const PLACE_WORDS: &[&str] = &["postcode", "post code", "location", "place", "town"];

/// Whether a field is a text box that people type into (not a button, a
/// hidden value, a tick box or a choice).
fn is_text_field(field: ElementRef<'_>) -> bool {
    let el = field.value();
    // A read-only or disabled box (the hint behind a type-ahead search)
    // takes nothing from anyone.
    if el.attr("readonly").is_some() || el.attr("disabled").is_some() {
        return false;
    }
    match el.name() {
        "input" => {
            let kind = el
                .attr("type")
                .map(str::to_ascii_lowercase)
                .unwrap_or_default();
            matches!(
                kind.as_str(),
                "" | "text" | "search" | "email" | "tel" | "number" | "date" | "password" | "url"
            )
        }
        "textarea" | "select" => true,
        _ => false,
    }
}

/// Whether a field says it is for searching: its type, name, id, placeholder,
/// label or title.
fn is_search_field(field: ElementRef<'_>) -> bool {
    let el = field.value();
    if el
        .attr("type")
        .is_some_and(|t| t.eq_ignore_ascii_case("search"))
    {
        return true;
    }
    if matches!(
        el.attr("name").map(str::trim),
        Some("q" | "s" | "term" | "k")
    ) {
        return true;
    }
    ["name", "id", "placeholder", "aria-label", "title", "class"]
        .iter()
        .filter_map(|a| el.attr(a))
        .any(|v| {
            let v = v.to_ascii_lowercase();
            SEARCH_WORDS.iter().any(|w| v.contains(w))
        })
}

/// Whether a field asks for a place (a postcode, town or location) by its
/// name, id, placeholder, label or the hint text it starts with.
fn is_place_field(field: ElementRef<'_>) -> bool {
    let el = field.value();
    ["name", "id", "placeholder", "aria-label", "title", "value"]
        .iter()
        .filter_map(|a| el.attr(a))
        .any(|v| {
            let v = v.to_ascii_lowercase();
            PLACE_WORDS.iter().any(|w| v.contains(w))
        })
}

/// Whether a form is a site search or another look-up: inside a search
/// landmark, with a search field, or sent by GET without asking for personal
/// details.
fn is_search_form(form: ElementRef<'_>, fields: &Selector) -> bool {
    let in_search = std::iter::once(form)
        .chain(form.ancestors().filter_map(ElementRef::wrap))
        .any(|e| {
            e.value().name() == "search"
                || e.value().attr("role").is_some_and(|r| r.trim() == "search")
        });
    if in_search {
        return true;
    }
    let text_fields: Vec<ElementRef<'_>> =
        form.select(fields).filter(|f| is_text_field(*f)).collect();
    if text_fields.iter().any(|f| {
        f.value()
            .attr("type")
            .is_some_and(|t| t.eq_ignore_ascii_case("search"))
    }) {
        return true;
    }
    // A form whose only boxes to type in are search boxes is a look-up,
    // however it is sent: ASP.NET wraps the whole page in one POST form
    // whose only field is the site search.
    if !text_fields.is_empty() && text_fields.iter().all(|f| is_search_field(*f)) {
        return true;
    }
    // So is one whose only box asks for a place: a "find services near you"
    // box, sent by POST on the same ASP.NET pages.
    if let [only] = text_fields.as_slice()
        && is_place_field(*only)
    {
        return true;
    }
    let get = form
        .value()
        .attr("method")
        .is_none_or(|m| m.trim().eq_ignore_ascii_case("get"));
    // Fields that take personal details make a GET form a transaction too
    // (a web-chat entry form asking for a name).
    let asks_for_details = text_fields.iter().any(|f| {
        let el = f.value();
        let personal = [
            "name", "email", "phone", "tel", "dob", "birth", "address", "nhs",
        ];
        el.name() == "textarea"
            || el.attr("type").is_some_and(|t| {
                ["email", "tel", "password", "date"]
                    .iter()
                    .any(|k| t.eq_ignore_ascii_case(k))
            })
            || ["name", "id", "autocomplete"]
                .iter()
                .filter_map(|a| el.attr(a))
                .any(|v| {
                    let v = v.to_ascii_lowercase();
                    personal.iter().any(|p| v.contains(p))
                })
    });
    // A GET form that takes no personal details only looks things up: a
    // site search, a filter, a "find a pharmacy" box.
    get && !asks_for_details
}

/// Whether a form has any visible field a person types into or ticks. A
/// form with only hidden values and buttons asks people for nothing: ASP.NET
/// pages wrap their whole content in such a form, and a cookie or sign-out
/// button is one too. Drop-down lists alone are settings or filters (a video
/// player's caption settings, "choose a language"), not details given.
fn takes_input(form: ElementRef<'_>, fields: &Selector) -> bool {
    form.select(fields).any(|f| {
        if is_hidden(f) {
            return false;
        }
        let el = f.value();
        match el.name() {
            "input" => !el.attr("type").is_some_and(|t| {
                ["hidden", "submit", "reset", "button", "image"]
                    .iter()
                    .any(|k| t.trim().eq_ignore_ascii_case(k))
            }),
            "textarea" => true,
            _ => false,
        }
    })
}

/// Whether a link leads to another site (an absolute `http(s)` address on
/// another host): another organisation's service, not a transaction here.
fn is_external(href: &str, page_url: Option<&str>) -> bool {
    let href = href.trim().to_ascii_lowercase();
    let Some(rest) = href
        .strip_prefix("https://")
        .or_else(|| href.strip_prefix("http://"))
        .or_else(|| href.strip_prefix("//"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let page_host = page_url.and_then(|u| {
        let u = u.to_ascii_lowercase();
        let rest = u
            .strip_prefix("https://")
            .or_else(|| u.strip_prefix("http://"))?;
        rest.split(['/', '?', '#']).next().map(str::to_owned)
    });
    page_host.is_none_or(|p| p.trim_start_matches("www.") != host.trim_start_matches("www."))
}

impl TransactionWithoutRoute {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self {
            actions: source.regex(&p.actions)?,
            forms: source.fixed_selector("form")?,
            controls: source.fixed_selector(
                "a[href], button, input[type=submit], input[type=button], [role=button]",
            )?,
            tel_links: source.fixed_selector("a[href]")?,
            fields: source.fixed_selector("input, select, textarea")?,
        })
    }

    /// The first thing on the page that asks people to act online, with a
    /// description of it.
    /// The first thing on the page that asks people to act online, what to
    /// call it, and whether that is certain.
    fn transaction(&self, page: &Page) -> Option<(ego_tree::NodeId, String, Confidence)> {
        if let Some(form) = page.html().select(&self.forms).find(|f| {
            !is_search_form(*f, &self.fields) && !is_hidden(*f) && takes_input(*f, &self.fields)
        }) {
            return Some((form.id(), "a form".to_owned(), Confidence::Certain));
        }
        // A form a script sends: fields with no <form> around them.
        let loose: Vec<ElementRef<'_>> = page
            .html()
            .select(&self.fields)
            .filter(|f| {
                is_text_field(*f)
                    && !is_hidden(*f)
                    && !is_search_field(*f)
                    && !f
                        .ancestors()
                        .filter_map(ElementRef::wrap)
                        .any(|a| a.value().name() == "form")
            })
            .collect();
        if loose.len() >= LOOSE_FIELDS
            && let Some(first) = loose.first()
        {
            return Some((first.id(), "a form".to_owned(), Confidence::Certain));
        }
        let main = page.main_element()?;
        let mut other_site = None;
        for control in main.select(&self.controls) {
            if is_hidden(control) {
                continue;
            }
            let text = collapse_whitespace(
                &control
                    .value()
                    .attr("value")
                    .map_or_else(|| control.text().collect::<String>(), str::to_owned),
            );
            let link = control.value().name() == "a";
            // A link acts when it starts with the action ("Book your flu
            // jab"); "The green book of immunisation" names a book.
            let acts = self
                .actions
                .find(&text)
                .is_some_and(|m| !link || m.start() == 0);
            if !acts {
                continue;
            }
            let what = if link { "link" } else { "button" };
            let named = format!("the \u{201c}{text}\u{201d} {what}");
            // A link to another site may be this organisation's own booking
            // system or another organisation's service, with its own phone
            // route: the markup cannot tell, so a person decides.
            let off_site = link
                && control
                    .value()
                    .attr("href")
                    .is_some_and(|h| is_external(h, Some(page.key())));
            if !off_site {
                return Some((control.id(), named, Confidence::Certain));
            }
            other_site.get_or_insert((control.id(), named, Confidence::Review));
        }
        other_site
    }

    fn has_phone_route(&self, page: &Page) -> bool {
        let tel = page.html().select(&self.tel_links).any(|a| {
            !is_hidden(a)
                && a.value()
                    .attr("href")
                    .is_some_and(|h| h.trim_start().to_ascii_lowercase().starts_with("tel:"))
        });
        tel || page.blocks().iter().filter(|b| !b.hidden).any(|b| {
            find_phone_numbers(&b.text)
                .iter()
                .any(|n| n.kind.is_service_line())
        })
    }
}

impl PageCheck for TransactionWithoutRoute {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let Some((at, what, confidence)) = self.transaction(page) else {
            return;
        };
        if self.has_phone_route(page) {
            return;
        }
        out.emit(Hit::element(at).arg("action", what).confidence(confidence));
    }
}
