//! carelint.toml as a user meets it: found in a parent folder, typos pointed
//! at, rules turned off or tuned, findings ignored with a reason, presets and
//! `carelint init`, and flags > environment > file > defaults.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// A repeat-prescriptions page with one 33-word sentence and one image
/// without alt text.
const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Repeat prescriptions - Oak Lane Surgery</title>
</head>
<body>
<main id="main">
<h1>Repeat prescriptions</h1>
<p>You can order your repeat prescription online through the NHS App, by dropping the paper slip into the box at reception, or by asking your local pharmacy to order it for you each month.</p>
<img src="pharmacy-counter.jpg">
</main>
</body>
</html>
"#;

const RULES: &str = "plain-language/long-sentence,accessibility";

/// A project folder with the page in `site/` and, if given, a carelint.toml
/// at the top.
fn project(config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("site/deep")).expect("mkdir");
    std::fs::write(dir.path().join("site/prescriptions.html"), PAGE).expect("write page");
    if let Some(text) = config {
        std::fs::write(dir.path().join("carelint.toml"), text).expect("write config");
    }
    dir
}

fn carelint(cwd: &Path) -> Command {
    let mut cmd = Command::cargo_bin("carelint").expect("binary builds");
    cmd.current_dir(cwd);
    for var in [
        "CARELINT_CONFIG",
        "CARELINT_NO_CONFIG",
        "CARELINT_PRESET",
        "CARELINT_FAIL_ON",
        "CARELINT_FORMAT",
        "CARELINT_ONLY",
        "CARELINT_SKIP",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("NO_COLOR", "1").env("COLUMNS", "100");
    cmd
}

/// Runs `check` from `site/deep` (so the config is two folders up) and
/// returns the JSON report and exit code.
fn check_json(dir: &Path, extra: &[&str]) -> (Value, i32) {
    let out = carelint(&dir.join("site/deep"))
        .args([
            "check",
            "../prescriptions.html",
            "-f",
            "json",
            "--only",
            RULES,
        ])
        .args(extra)
        .output()
        .expect("runs");
    let code = out.status.code().unwrap_or(-1);
    let value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (value, code)
}

fn rules_found(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn without_a_config_both_findings_are_reported() {
    let dir = project(None);
    let (report, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let rules = rules_found(&report);
    assert!(
        rules.contains(&"plain-language/long-sentence".to_owned()),
        "{rules:?}"
    );
    assert!(
        rules.contains(&"accessibility/img-missing-alt".to_owned()),
        "{rules:?}"
    );
    assert_eq!(report["summary"]["suppressed"], 0);
}

#[test]
fn a_config_in_a_parent_folder_turns_a_rule_off() {
    let dir = project(Some(
        "[rules]\n\"accessibility/img-missing-alt\" = \"off\"\n",
    ));
    let (report, _) = check_json(dir.path(), &[]);
    let rules = rules_found(&report);
    assert!(
        !rules.contains(&"accessibility/img-missing-alt".to_owned()),
        "{rules:?}"
    );
    assert!(
        rules.contains(&"plain-language/long-sentence".to_owned()),
        "{rules:?}"
    );

    // --no-config ignores it.
    let (report, _) = check_json(dir.path(), &["--no-config"]);
    assert!(rules_found(&report).contains(&"accessibility/img-missing-alt".to_owned()));
}

#[test]
fn a_level_changes_severity_and_the_exit_code() {
    let dir = project(Some(
        "[rules]\n\"accessibility/img-missing-alt\" = \"info\"\n\"plain-language/long-sentence\" = { level = \"review\" }\n",
    ));
    let (report, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 0, "info and review findings do not fail: {report:#}");
    for f in report["findings"].as_array().expect("findings") {
        match f["rule"].as_str() {
            Some("accessibility/img-missing-alt") => assert_eq!(f["severity"], "info"),
            Some("plain-language/long-sentence") => assert_eq!(f["confidence"], "review"),
            _ => {}
        }
    }
}

#[test]
fn a_parameter_override_changes_what_is_found() {
    let dir = project(Some(
        "[rules.\"plain-language/long-sentence\"]\nwarning_above = 40\nerror_above = 50\n",
    ));
    let (report, _) = check_json(dir.path(), &[]);
    let rules = rules_found(&report);
    assert!(
        !rules.contains(&"plain-language/long-sentence".to_owned()),
        "{rules:?}"
    );
    assert!(
        rules.contains(&"accessibility/img-missing-alt".to_owned()),
        "{rules:?}"
    );
}

#[test]
fn a_typo_is_an_error_pointing_at_the_line() {
    let dir = project(Some("[check]\nmax_pages = 20\nfial_on = \"warning\"\n"));
    let out = carelint(&dir.path().join("site"))
        .args(["check", "prescriptions.html"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("carelint.toml:3:1"), "{err}");
    assert!(err.contains("unknown field `fial_on`"), "{err}");
    assert!(err.contains("did you mean `fail_on`?"), "{err}");

    let dir = project(Some(
        "# Our practice site\n\n[rules.\"plain-language/long-sentance\"]\nlevel = \"off\"\n",
    ));
    let out = carelint(dir.path())
        .args(["check", "site/prescriptions.html"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("carelint.toml:3:"), "{err}");
    assert!(
        err.contains("did you mean `plain-language/long-sentence`?"),
        "{err}"
    );
}

#[test]
fn a_parameter_the_rule_does_not_take_points_at_the_config() {
    let dir = project(Some(
        "[rules.\"plain-language/long-sentence\"]\nlevel = \"warning\"\nmax_words = 30\n",
    ));
    let out = carelint(dir.path())
        .args(["check", "site/prescriptions.html"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("carelint.toml:3:1"), "{err}");
    assert!(err.contains("max_words"), "{err}");
}

/// Rules from the catalogue compile their patterns when a page first needs
/// them (issue 19), but a pattern from carelint.toml is compiled when the
/// config loads: a bad one is a usage error pointing at its line, before any
/// page is read and never a panic mid-run.
#[test]
fn a_bad_pattern_in_a_parameter_override_is_an_error_at_load() {
    let dir = project(Some(
        "[rules.\"any-device/app-only-route\"]\nunless_text = '(unclosed'\n",
    ));
    let out = carelint(dir.path())
        .args(["check", "site/prescriptions.html"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("carelint.toml:2:"), "{err}");
    assert!(err.contains("unclosed group"), "{err}");
    assert!(err.contains("any-device/app-only-route"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn an_ignore_without_a_reason_is_an_error() {
    let dir = project(Some(
        "[[ignore]]\nrule = \"accessibility/img-missing-alt\"\npages = [\"**/prescriptions.html\"]\n",
    ));
    let out = carelint(dir.path())
        .args(["check", "site/prescriptions.html"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("needs a `reason`"), "{err}");
    assert!(err.contains("carelint.toml:1:"), "{err}");
}

#[test]
fn an_ignore_entry_removes_a_finding_and_counts_it() {
    let config = "[[ignore]]\nrule = \"accessibility/img-missing-alt\"\npages = [\"**/prescriptions.html\"]\nselector = \"main#main\"\nreason = \"Photo added by the supplier's CMS; alt text fix promised for May\"\n";
    let dir = project(Some(config));
    let (report, _) = check_json(dir.path(), &[]);
    let rules = rules_found(&report);
    assert!(
        !rules.contains(&"accessibility/img-missing-alt".to_owned()),
        "{rules:?}"
    );
    assert_eq!(report["summary"]["suppressed"], 1);
    assert_eq!(
        report["summary"]["findings"].as_u64(),
        Some(rules.len() as u64)
    );

    let out = carelint(dir.path())
        .args(["check", "site/prescriptions.html", "--only", RULES])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("1 finding ignored by carelint.toml."),
        "{text}"
    );

    // A selector that does not match, or an entry past its date, ignores nothing.
    for other in [
        config.replace("main#main", "footer"),
        format!("{config}until = 2020-01-31\n"),
    ] {
        let dir = project(Some(&other));
        let (report, _) = check_json(dir.path(), &[]);
        assert!(
            rules_found(&report).contains(&"accessibility/img-missing-alt".to_owned()),
            "{other}"
        );
        assert_eq!(report["summary"]["suppressed"], 0);
    }
}

#[test]
fn flags_beat_the_environment_which_beats_the_file() {
    let dir = project(Some("[check]\nfail_on = \"never\"\nmax_pages = 20\n"));
    let run = |env: Option<&str>, flag: Option<&str>| {
        let mut cmd = carelint(dir.path());
        cmd.args(["check", "site/prescriptions.html", "-q", "--only", RULES]);
        if let Some(v) = env {
            cmd.env("CARELINT_FAIL_ON", v);
        }
        if let Some(v) = flag {
            cmd.args(["--fail-on", v]);
        }
        cmd.output().expect("runs").status.code()
    };
    assert_eq!(run(None, None), Some(0), "the file says never");
    assert_eq!(
        run(Some("error"), None),
        Some(1),
        "the environment beats the file"
    );
    assert_eq!(
        run(Some("error"), Some("never")),
        Some(0),
        "a flag beats both"
    );

    let out = carelint(dir.path())
        .args(["check", "--print-config", "--max-pages", "7"])
        .env("CARELINT_FAIL_ON", "warning")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    let printed: toml::Table = toml::from_str(&text).expect("print-config prints TOML");
    assert_eq!(printed["check"]["max_pages"].as_integer(), Some(7));
    assert_eq!(printed["check"]["fail_on"].as_str(), Some("warning"));
    assert_eq!(
        printed["check"]["depth"].as_integer(),
        Some(5),
        "defaults fill in"
    );
}

#[test]
fn init_writes_a_file_that_loads_for_every_preset() {
    for preset in [None, Some("ci"), Some("procurement"), Some("community")] {
        let dir = project(None);
        let mut cmd = carelint(dir.path());
        cmd.arg("init");
        if let Some(p) = preset {
            cmd.args(["--preset", p]);
        }
        cmd.assert().success();
        let out = carelint(&dir.path().join("site"))
            .args(["check", "--print-config"])
            .output()
            .expect("runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{preset:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let printed: toml::Table =
            toml::from_str(&String::from_utf8_lossy(&out.stdout)).expect("TOML");
        assert_eq!(
            printed.get("preset").and_then(|p| p.as_str()),
            preset,
            "{printed:#?}"
        );
        // Never overwrites without --force.
        carelint(dir.path()).arg("init").assert().code(2);
        carelint(dir.path())
            .args(["init", "--force"])
            .assert()
            .success();
    }
}

#[test]
fn presets_set_defaults_that_the_file_overrides() {
    let dir = project(Some(
        "preset = \"community\"\n[check]\nfail_on = \"warning\"\n",
    ));
    let out = carelint(dir.path())
        .args(["check", "--print-config"])
        .output()
        .expect("runs");
    let printed: toml::Table = toml::from_str(&String::from_utf8_lossy(&out.stdout)).expect("TOML");
    assert_eq!(printed["check"]["fail_on"].as_str(), Some("warning"));
    assert!(
        printed["check"]["only"]
            .as_array()
            .is_some_and(|a| a.iter().any(|v| v.as_str() == Some("plain-language")))
    );
    // Champions show residents the public HTML report, accessibility included.
    let only = printed["check"]["only"].as_array().expect("only");
    assert!(only.iter().any(|v| v.as_str() == Some("accessibility")));
    let formats = printed["check"]["formats"].as_array().expect("formats");
    assert!(
        formats
            .iter()
            .any(|v| v.as_str() == Some("html=carelint-report.html")),
        "{formats:?}"
    );
    // --preset replaces the file's preset; the file still wins over it.
    let out = carelint(dir.path())
        .args(["check", "--print-config", "--preset", "ci"])
        .output()
        .expect("runs");
    let printed: toml::Table = toml::from_str(&String::from_utf8_lossy(&out.stdout)).expect("TOML");
    assert_eq!(printed["preset"].as_str(), Some("ci"));
    assert_eq!(printed["check"]["color"].as_str(), Some("never"));
    assert_eq!(printed["check"]["fail_on"].as_str(), Some("warning"));
}

#[test]
fn a_missing_config_file_is_a_usage_error() {
    let dir = project(None);
    carelint(dir.path())
        .args(["check", "site/prescriptions.html", "--config", "nope.toml"])
        .assert()
        .code(2);
    let other = dir.path().join("audit.toml");
    std::fs::write(&other, "[check]\nfail_on = \"never\"\n").expect("write");
    carelint(dir.path())
        .args(["check", "site/prescriptions.html", "-c"])
        .arg(&other)
        .assert()
        .code(0);
}
