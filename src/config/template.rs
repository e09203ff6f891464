//! The commented `carelint.toml` that `carelint init` writes.

use super::Preset;

/// A commented `carelint.toml` for `carelint init`, with `preset` set when given.
#[must_use]
pub fn template(preset: Option<Preset>) -> String {
    let preset_line = match preset {
        Some(p) => format!(
            "# Start from a bundle of settings: ci, procurement or community.\n# Anything below overrides it.\npreset = \"{}\"\n",
            p.as_str()
        ),
        None => "# Start from a bundle of settings: ci, procurement or community.\n# Anything below overrides it.\n# preset = \"ci\"\n".to_owned(),
    };
    let preset_note = match preset {
        Some(Preset::Ci) => {
            "# The ci preset: fail on errors, no colour, no progress lines, and reports\n# written to carelint-report.json (and SARIF and JUnit files where this\n# carelint has those formats).\n"
        }
        Some(Preset::Procurement) => {
            "# The procurement preset: every rule, never fail (the report is the result),\n# up to 500 pages, reports written to carelint-report.* files, and the pages\n# kept with their SHA-256 hashes in carelint-archive/ as evidence.\n"
        }
        Some(Preset::Community) => {
            "# The community preset: reading, languages, other ways in, accessibility,\n# help, formats and feedback, in plain text and the public HTML report\n# (carelint-report.html); never fails.\n"
        }
        None => "",
    };
    format!(
        r#"# carelint.toml: settings for `carelint check`.
#
# carelint uses the first carelint.toml it finds in the current folder or a
# folder above it. Command-line flags win over CARELINT_* environment variables
# (such as CARELINT_FAIL_ON=warning), which win over this file.
# Run `carelint check --print-config <target>` to see the settings in use.

{preset_line}{preset_note}
# Languages people in your area speak, for the rule that checks which of them the
# site offers (language codes: pa Punjabi, ur Urdu, pl Polish, bn Bengali,
# ro Romanian, gu Gujarati, ar Arabic).
# community_languages = ["pa", "ur", "pl", "bn", "ro", "gu", "ar"]

[check]
# fail_on = "error"              # error, warning, info or never
# formats = ["text", "json=carelint-report.json"]
# only = ["G1", "accessibility"] # section ids, section slugs or rule ids
# skip = ["any-device/fixed-width"]
# readability_profile = "health" # health or textstat
# color = "auto"                 # auto, always or never
# quiet = false
# progress = true
# max_page_errors = 10.0         # percent of pages that may fail to load
# archive = "carelint-archive"  # keep each page's HTML with SHA-256 hashes

# Crawling live sites
# max_pages = 100
# depth = 5
# concurrency = 8
# rate = 2.0                     # requests per second to one host
# timeout = 30.0                 # seconds
# include = ["/appointments/**"]
# exclude = ["/news/**"]
# allow_host = ["*.nhs.uk"]
# header = ["Authorization: env:STAGING_TOKEN"]  # never write a secret here

# A rule's level (off, info, warning, error or review) and parameters.
# `carelint explain <rule>` shows what a rule checks.
# [rules."plain-language/long-sentence"]
# level = "warning"
# warning_above = 25
# error_above = 35
#
# [rules]
# "accessibility/img-alt-maybe-file-name" = "off"

# A level for every rule of a guide section.
# [sections]
# G6 = "off"

# Accept a known finding. A reason is required; `until` makes it lapse.
# [[ignore]]
# rule = "accessibility/text-contrast-too-low"   # a rule id or a glob
# pages = ["**/news/**"]                          # globs on the page path or URL path
# selector = "header"                             # the finding's selector starts with this
# reason = "Supplier header; the fix is promised for the March release"
# until = 2027-03-31
"#
    )
}
