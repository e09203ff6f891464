//! `carelint baseline create|update|check`: the accepted-findings file.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgMatches, Args, Subcommand};

use super::{CheckArgs, Configured, configure, fail, run_audit};
use crate::baseline::{Acceptance, Baseline, FILE_NAME, is_date};
use crate::catalogue::Catalogue;
use crate::wording::plural;

#[derive(Debug, Args)]
pub(super) struct BaselineArgs {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Accept every finding the audit gives today.
    Create(Run),
    /// Keep entries still found, drop fixed ones, and accept new findings.
    Update(Run),
    /// Fail (exit 1) when entries are fixed (stale) or past their expiry date.
    Check(Run),
}

#[derive(Debug, Args)]
struct Run {
    /// Why the findings are accepted (needed whenever entries are added).
    #[arg(long, help_heading = "Baseline")]
    reason: Option<String>,
    /// Who owns the accepted findings (a person or a team).
    #[arg(
        long,
        env = "CARELINT_OWNER",
        default_value = "unassigned",
        help_heading = "Baseline"
    )]
    owner: String,
    /// The last day the new entries hold (YYYY-MM-DD); after it their findings
    /// count as new again.
    #[arg(long, value_name = "YYYY-MM-DD", help_heading = "Baseline")]
    expires: Option<String>,
    /// Replace an existing baseline (create only).
    #[arg(long, help_heading = "Baseline")]
    force: bool,
    #[command(flatten)]
    check: CheckArgs,
}

pub(super) fn run(catalogue: Catalogue, args: BaselineArgs, matches: &ArgMatches) -> ExitCode {
    let (action, mut run) = match args.action {
        Action::Create(r) => ("create", r),
        Action::Update(r) => ("update", r),
        Action::Check(r) => ("check", r),
    };
    if let Some(d) = run.expires.as_deref().filter(|d| !is_date(d)) {
        eprintln!("error: --expires {d}: write the date as YYYY-MM-DD");
        return ExitCode::from(2);
    }
    let path = run
        .check
        .baseline
        .clone()
        .unwrap_or_else(|| PathBuf::from(FILE_NAME));
    let existing = if action == "create" {
        if path.exists() && !run.force {
            eprintln!(
                "error: {} already exists; use `carelint baseline update` to bring it up to date, or --force to start again",
                path.display()
            );
            return ExitCode::from(2);
        }
        None
    } else {
        if !path.exists() {
            eprintln!(
                "error: {} does not exist; make one with `carelint baseline create --reason \"...\"`",
                path.display()
            );
            return ExitCode::from(2);
        }
        match Baseline::load(&path) {
            Ok(b) => Some(b),
            Err(e) => return fail(2, e.into()),
        }
    };
    let mut catalogue = catalogue;
    let config = match configure(&mut catalogue, &mut run.check, matches) {
        Ok(Configured::Run(config)) => config,
        Ok(Configured::Printed(code)) => return code,
        Err(e) => return fail(2, e.into()),
    };
    // Checked before the audit, so a long crawl never ends with "cannot write".
    if action != "check"
        && let Err(e) = crate::write::check_writable(&path)
    {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    // Only `baseline check` compares with the file; `update` matches
    // entries itself, keeping their reasons.
    let compare_with = if action == "check" {
        existing.as_ref()
    } else {
        None
    };
    let report = match run_audit(&catalogue, &run.check, &config, compare_with) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let who = |reason: Option<String>| Acceptance {
        reason: reason.unwrap_or_default(),
        owner: run.owner.clone(),
        expires: run.expires.clone(),
    };
    let written = match (action, existing) {
        ("check", Some(_)) => {
            // The audit compared every finding with the baseline on its own
            // day, so an entry that expires at midnight is judged as the
            // checks were.
            let compared = report.baseline_comparison.clone().unwrap_or_default();
            for e in &compared.stale {
                println!(
                    "fixed: {} on {} ({}) is no longer found",
                    e.rule, e.page, e.message
                );
            }
            for e in &compared.expired {
                println!(
                    "expired: {} on {} was accepted until {} (owner: {})",
                    e.rule,
                    e.page,
                    e.expires.as_deref().unwrap_or_default(),
                    e.owner
                );
            }
            let c = &compared.counts;
            println!(
                "{}: {} still found, {} fixed, {} expired; {} not in the baseline.",
                path.display(),
                plural(c.known, "entry", "entries"),
                c.fixed,
                c.expired,
                plural(c.new, "finding", "findings"),
            );
            if c.fixed + c.expired > 0 {
                println!(
                    "Run `carelint baseline update` to remove fixed entries, and fix or re-accept expired ones."
                );
                return ExitCode::from(1);
            }
            return ExitCode::SUCCESS;
        }
        ("update", Some(old)) => {
            let updated = old.update(
                report.findings.iter().chain(&report.not_listed),
                &who(run.reason.clone()),
            );
            let kept = updated
                .entries
                .iter()
                .filter(|e| old.entries.contains(e))
                .count();
            let added = updated.entries.len() - kept;
            if added > 0 && run.reason.is_none() {
                eprintln!(
                    "error: {} would be added to the baseline; say why they are accepted with --reason \"...\"",
                    plural(added, "new finding", "new findings")
                );
                return ExitCode::from(2);
            }
            println!(
                "{}: kept {}, removed {} fixed, added {}.",
                path.display(),
                kept,
                old.entries.len().saturating_sub(kept),
                added
            );
            updated
        }
        _ => {
            let found = report.findings.len() + report.not_listed.len();
            if run.reason.is_none() && found > 0 {
                eprintln!(
                    "error: say why these {} are accepted with --reason \"...\"",
                    plural(found, "finding", "findings")
                );
                return ExitCode::from(2);
            }
            let created = Baseline::create(
                report.findings.iter().chain(&report.not_listed),
                &who(run.reason.clone()),
            );
            println!(
                "{}: accepted {}. From now on only new findings fail `carelint check`.",
                path.display(),
                plural(created.entries.len(), "finding", "findings")
            );
            created
        }
    };
    if let Err(e) = crate::write::write_file(&path, written.to_json().as_bytes()) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}
