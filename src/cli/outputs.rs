//! Output formats: `-f FORMAT[=FILE]`, writing every report of a run, colour.

use super::*;

/// Where one output format goes.
pub(super) struct Output {
    pub(super) format: Format,
    pub(super) path: Option<PathBuf>,
}

/// The outputs as the writer checks them before any work.
pub(super) fn planned(outputs: &[Output]) -> Vec<crate::write::Planned<'_>> {
    outputs
        .iter()
        .map(|o| crate::write::Planned {
            label: o.format.name(),
            path: o.path.as_deref(),
        })
        .collect()
}

pub(super) fn parse_outputs(specs: &[String]) -> Result<Vec<Output>, String> {
    let mut outputs = Vec::new();
    for spec in specs {
        let (name, path) = match spec.split_once('=') {
            // `md=-` is standard output, never a file named `-`.
            Some((n, "-")) => (n, None),
            Some((n, p)) if !p.is_empty() => (n, Some(PathBuf::from(p))),
            Some((n, _)) => {
                return Err(format!(
                    "`{spec}`: give a path after `{n}=`, or leave out the `=`"
                ));
            }
            None => (spec.as_str(), None),
        };
        let format = Format::from_name(name).ok_or_else(|| {
            format!(
                "unknown format `{name}`; known formats: {}",
                Format::NAMES.join(", ")
            )
        })?;
        outputs.push(Output { format, path });
    }
    if outputs.is_empty() {
        outputs.push(Output {
            format: Format::Text,
            path: None,
        });
    }
    if outputs.iter().filter(|o| o.path.is_none()).count() > 1 {
        return Err("only one format can be written to standard output; give the others a path, such as -f json=report.json".to_owned());
    }
    Ok(outputs)
}

/// What every output of one run shares beyond the report itself.
pub(super) struct OutputContext<'a> {
    pub(super) color: bool,
    pub(super) quiet: bool,
    pub(super) fail_on: FailOn,
    /// Put before text output (re-rendered reports say what they cannot show).
    pub(super) text_note: &'a str,
    pub(super) sarif_url_map: Vec<report::UrlMapEntry>,
    pub(super) audience: Audience,
    pub(super) scope: ScopeNote,
}

/// The audit's scope from its flags: what the report keeps and the HTML
/// method box shows.
pub(super) fn scope_of(args: &CheckArgs) -> ScopeNote {
    ScopeNote {
        include: args.crawl.include.clone(),
        exclude: args.crawl.exclude.clone(),
        // Header names and that a cookies file was used; never their values.
        auth: args
            .crawl
            .header
            .iter()
            .map(|h| {
                format!(
                    "the {} header",
                    h.split(':').next().unwrap_or_default().trim()
                )
            })
            .chain(
                args.crawl
                    .cookies
                    .as_ref()
                    .map(|_| "a cookies file".to_owned()),
            )
            .collect(),
    }
}

impl<'a> OutputContext<'a> {
    /// The context `check` writes with: colour, audience, scope and the SARIF
    /// url map from the flags and config.
    pub(super) fn for_check(args: &CheckArgs, config: &Config) -> Self {
        Self {
            color: use_color(args.color),
            quiet: args.quiet,
            fail_on: args.fail_on,
            text_note: "",
            sarif_url_map: config.sarif_url_map.clone(),
            // An audit for a buyer is read by auditors.
            audience: args.audience.unwrap_or(
                if args.preset.or(config.preset) == Some(Preset::Procurement) {
                    Audience::Auditor
                } else {
                    Audience::Public
                },
            ),
            scope: scope_of(args),
        }
    }
}

/// Renders and writes every output; `Err(code)` when one could not be written.
pub(super) fn write_outputs(
    outputs: &[Output],
    report: &AuditReport,
    catalogue: &Catalogue,
    ctx: &OutputContext<'_>,
) -> Result<(), ExitCode> {
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    // The day the audit ran, from the report itself: `report` and `diff` of
    // an old audit show its date, never today's.
    let audit_date = report.audit_date().map(str::to_owned);
    for output in outputs {
        if ctx.quiet && output.format == Format::Text && output.path.is_none() {
            continue;
        }
        let render_options = RenderOptions {
            color: ctx.color && output.path.is_none(),
            width,
            fail_on: threshold(ctx.fail_on),
            base_dir: std::env::current_dir().ok(),
            sarif_url_map: ctx.sarif_url_map.clone(),
            audience: ctx.audience,
            date: audit_date.clone(),
            scope: ctx.scope.clone(),
        };
        let mut text = match report::render(output.format, report, catalogue, &render_options) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: cannot render the report: {e}");
                return Err(ExitCode::from(3));
            }
        };
        if output.format == Format::Text && !ctx.text_note.is_empty() {
            text.insert_str(0, ctx.text_note);
        }
        emit(output.path.as_deref(), &text)?;
    }
    if !ctx.quiet {
        // A run that writes only files still says how it went.
        let text_shown = outputs
            .iter()
            .any(|o| matches!(o.format, Format::Text | Format::Compact) && o.path.is_none());
        if !text_shown {
            eprintln!(
                "Checked {}. {}",
                crate::report::verdict::plural(report.summary.pages, "page", "pages"),
                crate::report::verdict::line(report, threshold(ctx.fail_on))
            );
            // The text report says this too; a run that writes only files
            // must not hide it.
            for pattern in report.crawl.iter().flat_map(|c| &c.include_unmatched) {
                eprintln!(
                    "warning: --include {pattern} matched no URL the crawl found: check it for a typo."
                );
            }
        }
        let written: Vec<String> = outputs
            .iter()
            .filter_map(|o| {
                o.path
                    .as_ref()
                    .map(|p| format!("{} to {}", o.format.name(), p.display()))
            })
            .collect();
        if !written.is_empty() {
            eprintln!("Wrote {}.", written.join(", "));
        }
    }
    Ok(())
}

/// Writes text to standard output or to its path (see [`crate::write`]).
pub(super) fn emit(path: Option<&std::path::Path>, text: &str) -> Result<(), ExitCode> {
    match path {
        None => {
            let code = print_out(text);
            if code == ExitCode::SUCCESS {
                Ok(())
            } else {
                Err(code)
            }
        }
        Some(path) => crate::write::write_file(path, text.as_bytes()).map_err(|e| {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }),
    }
}

pub(super) fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}
