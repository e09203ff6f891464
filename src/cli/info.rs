//! Commands that read, not audit: `diff`, `report`, `rules`, `explain` and
//! `readability`.

use super::*;

/// `carelint diff OLD NEW`: exit 1 when new findings at or above --fail-on
/// appear, 2 when a report cannot be read.
pub(super) fn diff(args: &DiffArgs) -> ExitCode {
    let mut outputs = Vec::new();
    for spec in &args.formats {
        let (name, path) = match spec.split_once('=') {
            Some((n, "-")) => (n, None),
            Some((n, p)) if !p.is_empty() => (n, Some(PathBuf::from(p))),
            Some((n, _)) => {
                eprintln!("error: `{spec}`: give a path after `{n}=`, or leave out the `=`");
                return ExitCode::from(2);
            }
            None => (spec.as_str(), None),
        };
        if !["text", "md", "json", "html"].contains(&name) {
            eprintln!("error: unknown diff format `{name}`; known formats: text, md, json, html");
            return ExitCode::from(2);
        }
        outputs.push((name.to_owned(), path));
    }
    if outputs.is_empty() {
        outputs.push(("text".to_owned(), None));
    }
    if outputs.iter().filter(|(_, p)| p.is_none()).count() > 1 {
        eprintln!(
            "error: only one format can be written to standard output; give the others a path, such as -f md=diff.md"
        );
        return ExitCode::from(2);
    }
    let planned: Vec<_> = outputs
        .iter()
        .map(|(name, path)| crate::write::Planned {
            label: name,
            path: path.as_deref(),
        })
        .collect();
    if let Err(e) = crate::write::check_outputs(&planned) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let old = match crate::diff::load_report(&args.old) {
        Ok(r) => r,
        Err(e) => return fail(2, e.into()),
    };
    let new = match crate::diff::load_report(&args.new) {
        Ok(r) => r,
        Err(e) => return fail(2, e.into()),
    };
    let result = crate::diff::compare(&old, &new);
    let threshold = threshold(args.fail_on);
    for (name, path) in &outputs {
        let text = match name.as_str() {
            "md" => crate::report::diff::render_markdown(&result, threshold),
            "html" => crate::report::diff::render_html(&result, threshold),
            "json" => match crate::report::diff::render_json(&result) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("error: cannot render the diff: {e}");
                    return ExitCode::from(3);
                }
            },
            _ => crate::report::diff::render_text(&result),
        };
        if let Err(code) = emit(path.as_deref(), &text) {
            return code;
        }
    }
    ExitCode::from(u8::from(result.failing(threshold) > 0))
}

/// `carelint report RESULTS.json -f FMT[=PATH]`: renders saved results again.
pub(super) fn rerender(catalogue: &Catalogue, args: &ReportArgs) -> ExitCode {
    let outputs = match parse_outputs(&args.formats) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = crate::write::check_outputs(&planned(&outputs)) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let report = match crate::diff::load_report(&args.results) {
        Ok(r) => r,
        Err(e) => return fail(2, e.into()),
    };
    // Saved JSON does not carry the page source, so text output has no
    // source lines under each finding; say so rather than look broken.
    let note = format!(
        "Rendered from {} (saved results): source lines are not shown. Run `carelint check` again to see them.\n\n",
        args.results
    );
    let ctx = OutputContext {
        color: use_color(args.color),
        quiet: false,
        fail_on: args.fail_on,
        text_note: &note,
        sarif_url_map: Vec::new(),
        audience: args.audience.unwrap_or(Audience::Public),
        // The scope the audit ran with, as its report kept it.
        scope: report.scope.clone().unwrap_or_default(),
    };
    if let Err(code) = write_outputs(&outputs, &report, catalogue, &ctx) {
        return code;
    }
    // The same exit code `check` gives for this report (10% is check's
    // default for --max-page-errors).
    ExitCode::from(exit_code(&report, args.fail_on, 10.0))
}

pub(super) fn rules_listing(catalogue: &Catalogue, format: ListFormat) -> String {
    match format {
        ListFormat::Json => {
            let value = serde_json::json!({
                "guide": { "version": catalogue.guide.version },
                "sections": catalogue.guide.sections.iter().map(|s| serde_json::json!({
                    "id": s.id, "slug": s.slug, "title": s.title,
                })).collect::<Vec<_>>(),
                "rules": catalogue.rules().iter().map(|r| serde_json::json!({
                    "id": r.id,
                    "section": r.section,
                    "severity": r.severity,
                    "confidence": r.confidence,
                    "scope": r.scope(),
                    "title": r.title,
                    "wcag": r.wcag,
                    "act": r.act,
                    "tags": r.tags,
                    "opt_in": r.opt_in,
                    "kind": r.kind,
                    "basis": r.basis,
                    "sources": r.sources.iter().filter_map(|id| catalogue.guide.source(id)).map(|s| serde_json::json!({
                        "id": s.id, "title": s.title, "url": s.url,
                    })).collect::<Vec<_>>(),
                    "our_choice": r.our_choice,
                    "params": serde_json::to_value(r.params()).unwrap_or_default(),
                })).collect::<Vec<_>>(),
            });
            format!(
                "{}\n",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            )
        }
        ListFormat::Text => {
            let mut out = String::new();
            let id_width = catalogue
                .rules()
                .iter()
                .map(|r| r.id.len())
                .max()
                .unwrap_or(40);
            for section in &catalogue.guide.sections {
                let rules: Vec<_> = catalogue
                    .rules()
                    .iter()
                    .filter(|r| r.section == section.id)
                    .collect();
                if rules.is_empty() {
                    continue;
                }
                out.push_str(&format!(
                    "{} {} ({})\n",
                    section.id, section.title, section.slug
                ));
                for r in rules {
                    let wcag = if r.wcag.is_empty() {
                        String::new()
                    } else {
                        format!("  WCAG {}", r.wcag.join(", "))
                    };
                    let opt_in = if r.opt_in { " (opt-in)" } else { "" };
                    out.push_str(&format!(
                        "  {:<id_width$} {:<8} {}{wcag}{opt_in}\n",
                        r.id,
                        r.severity.as_str(),
                        r.title
                    ));
                }
                out.push('\n');
            }
            let opt_in = catalogue.rules().iter().filter(|r| r.opt_in).count();
            out.push_str(&format!(
                "{} rules{}. Run `carelint explain <id>` for a rule card.\n",
                catalogue.rules().len(),
                if opt_in == 0 {
                    String::new()
                } else {
                    format!(
                        "; {opt_in} opt-in (run only when named: `--only <id>`, or a level in carelint.toml)"
                    )
                }
            ));
            out
        }
    }
}

pub(super) fn explain(catalogue: &Catalogue, id: &str, format: CardFormat) -> ExitCode {
    if let Some(section) = catalogue.guide.section(id.trim()) {
        if format == CardFormat::Html {
            return fail(
                2,
                miette::miette!(
                    "`--format html` makes rule cards; for a section, run `carelint guide --format html`"
                ),
            );
        }
        return print_out(&crate::explain::section_card(catalogue, section));
    }
    match audit::find_rule(catalogue, id) {
        Ok(rule) if format == CardFormat::Html => {
            print_out(&crate::explain::rule_card_html(catalogue, rule))
        }
        Ok(rule) => print_out(&crate::explain::rule_card(catalogue, rule)),
        Err(e) => fail(2, e.into()),
    }
}

pub(super) fn readability(profile_name: &str, format: ListFormat, file: &str) -> ExitCode {
    let Some(profile) = crate::readability::Profile::from_name(profile_name) else {
        eprintln!(
            "error: unknown readability profile `{profile_name}`; known profiles: {}",
            crate::readability::Profile::NAMES.join(", ")
        );
        return ExitCode::from(2);
    };
    let text = if file == "-" {
        let mut s = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut s) {
            eprintln!("error: cannot read standard input: {e}");
            return ExitCode::from(2);
        }
        s
    } else {
        match std::fs::read(file) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                eprintln!("error: cannot read {file}: {e}");
                return ExitCode::from(2);
            }
        }
    };
    let scores = crate::readability::score_text(profile, &text);
    match format {
        ListFormat::Json => {
            let value = match scores {
                Some(s) => {
                    let mut v = serde_json::to_value(s).unwrap_or_default();
                    v["profile"] = serde_json::json!(profile.as_str());
                    v
                }
                None => {
                    serde_json::json!({ "profile": profile.as_str(), "words": 0, "sentences": 0, "reading_age": null })
                }
            };
            print_out(&format!(
                "{}\n",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            ))
        }
        ListFormat::Text => match scores {
            None => print_out("No words to score.\n"),
            Some(s) => print_out(&format!(
                "Reading age: about {} (UK), Flesch-Kincaid grade {:.1}\n\
                 Words: {}  Sentences: {}  Syllables: {}  Long words (3+ syllables): {}\n\
                 Flesch Reading Ease: {:.1}  SMOG: {:.1}{}  Coleman-Liau: {:.1}  ARI: {:.1}  Gunning Fog: {:.1}\n",
                s.reading_age,
                s.flesch_kincaid_grade,
                s.words,
                s.sentences,
                s.syllables,
                s.polysyllables,
                s.flesch_reading_ease,
                s.smog,
                if s.sentences < 30 {
                    " (less reliable under 30 sentences)"
                } else {
                    ""
                },
                s.coleman_liau,
                s.ari,
                s.gunning_fog
            )),
        },
    }
}
