//! The HTML report (`-f html`): a snapshot of the demo site's report, its own
//! accessibility and reading age by carelint's engine, and real headless
//! Chromium: the report renders with no console errors, and a hostile page's
//! script, event handlers and `</style>` breaks never run in it.

#[path = "common/chromium.rs"]
mod common_chromium;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use carelint::audit::AuditReport;
use carelint::catalogue::Catalogue;
use carelint::report::{self, Audience, Format, RenderOptions};
use serde_json::Value;

/// The date the snapshots use, so the report is deterministic.
const DATE: &str = "2026-01-15";

fn carelint() -> Command {
    let mut cmd = Command::cargo_bin("carelint").expect("binary builds");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env_remove("NO_COLOR")
        .env_remove("CARELINT_AUDIENCE")
        .env("COLUMNS", "100");
    cmd
}

fn run(args: &[&str]) -> Output {
    let out = carelint().args(args).output().expect("runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn json_of(args: &[&str]) -> Value {
    serde_json::from_slice(&run(args).stdout).expect("JSON report")
}

fn demo_report() -> AuditReport {
    let out = run(&["check", "fixtures/demo-site", "--no-config", "-f", "json"]);
    serde_json::from_slice(&out.stdout).expect("the JSON report reads back")
}

fn html(report: &AuditReport, audience: Audience) -> String {
    let catalogue = Catalogue::embedded().expect("catalogue loads");
    let options = RenderOptions {
        audience,
        date: Some(DATE.to_owned()),
        ..RenderOptions::default()
    };
    report::render(Format::Html, report, &catalogue, &options).expect("renders")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("writes");
    path
}

#[test]
fn demo_report_snapshots() {
    let report = demo_report();
    insta::assert_snapshot!("html_demo_public", html(&report, Audience::Public));
    insta::assert_snapshot!("html_demo_auditor", html(&report, Audience::Auditor));
}

#[test]
fn report_is_self_contained_and_strict() {
    let report = demo_report();
    for audience in [Audience::Public, Audience::Auditor, Audience::Developer] {
        let text = html(&report, audience);
        assert!(
            text.contains(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
            ),
            "{audience:?}: CSP meta missing"
        );
        let lower = text.to_lowercase();
        for banned in [
            "<script",
            "<link",
            "<iframe",
            "src=\"http",
            "href=\"http",
            "@import",
            "url(",
        ] {
            assert!(!lower.contains(banned), "{audience:?}: report has {banned}");
        }
        assert!(
            text.contains("15 January 2026"),
            "{audience:?}: the method box has the date"
        );
    }
    let auditor = html(&report, Audience::Auditor);
    assert!(auditor.contains("Results by criterion"));
    assert!(auditor.contains("Not tested"));
    let developer = html(&report, Audience::Developer);
    let top = developer.find("id=\"top-issues\"").expect("top issues");
    let verdicts = developer.find("id=\"verdicts\"").expect("verdicts");
    assert!(top < verdicts, "the developer report leads with the issues");
    assert!(developer.contains("<strong>Where:</strong> <code>"));
}

/// carelint audits its own report: no accessibility findings for any
/// audience, and the public report reads at age 11 or lower.
#[test]
fn report_passes_its_own_checks() {
    let report = demo_report();
    let dir = tempfile::tempdir().expect("temp dir");
    for audience in [Audience::Public, Audience::Auditor, Audience::Developer] {
        let path = write(
            dir.path(),
            &format!("report-{}.html", audience.as_str()),
            &html(&report, audience),
        );
        let path = path.to_string_lossy();
        let own = json_of(&[
            "check",
            &path,
            "--no-config",
            "--only",
            "accessibility",
            "-f",
            "json",
        ]);
        let findings = own["findings"].as_array().expect("findings");
        assert!(
            findings.is_empty(),
            "{audience:?} report has accessibility findings: {findings:#?}"
        );
        if audience == Audience::Public {
            // The public report is read out to residents: it keeps the
            // guide's own plain-language rules (short sentences, short forms
            // spelled out, everyday words).
            let own = json_of(&[
                "check",
                &path,
                "--no-config",
                "--only",
                "plain-language",
                "-f",
                "json",
            ]);
            let findings = own["findings"].as_array().expect("findings");
            let said: Vec<String> = findings
                .iter()
                .map(|f| format!("line {}: {}", f["line"], f["message"]))
                .collect();
            assert!(
                said.is_empty(),
                "the public report breaks its own plain-language rules:\n{}",
                said.join("\n")
            );
            let own = json_of(&["check", &path, "--no-config", "-f", "json"]);
            let age = own["pages"][0]["readability"]["reading_age"]
                .as_i64()
                .expect("the report has enough words to score");
            assert!(age <= 11, "the public report reads at age {age}");
        }
    }
}

#[test]
fn cli_writes_the_html_report_with_todays_date_and_audience() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.html");
    let spec = format!("html={}", path.display());
    run(&[
        "check",
        "fixtures/demo-site",
        "--no-config",
        "--audience",
        "auditor",
        "-f",
        &spec,
    ]);
    let text = std::fs::read_to_string(&path).expect("report written");
    assert!(text.contains("Results by criterion"));
    assert!(text.contains(" 20"), "the CLI fills in the date");
    assert!(!text.contains("<dt>Date</dt><dd>not recorded"));
}

// ---------------------------------------------------------------------------
// Chromium
// ---------------------------------------------------------------------------

/// The Chromium binary, or `None` outside CI (see `common/chromium.rs`).
fn chromium() -> Option<PathBuf> {
    common_chromium::chromium("the HTML report in a browser")
}

fn browse(chromium: &Path, profile: &Path, extra: &[&str], file: &Path) -> Output {
    std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("chromium runs")
}

/// Console messages and CSP violations Chromium logged.
fn console_errors(stderr: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stderr)
        .lines()
        .filter(|l| {
            l.contains("CONSOLE")
                || l.contains("Content Security Policy")
                || l.contains("Refused to")
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn demo_report_renders_in_chromium() {
    let Some(chromium) = chromium() else {
        return;
    };
    let report = demo_report();
    let dir = tempfile::tempdir().expect("temp dir");
    for audience in [Audience::Public, Audience::Auditor] {
        let file = write(
            dir.path(),
            &format!("{}.html", audience.as_str()),
            &html(&report, audience),
        );
        let shot = dir.path().join(format!("{}.png", audience.as_str()));
        let out = browse(
            &chromium,
            &dir.path().join("profile"),
            &[
                &format!("--screenshot={}", shot.display()),
                "--window-size=1280,2400",
            ],
            &file,
        );
        let png = std::fs::read(&shot).unwrap_or_default();
        assert!(
            png.len() > 50_000 && png.starts_with(b"\x89PNG"),
            "{audience:?}: no screenshot; chromium said: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Printing to PDF is how people share it; it must work offline too.
        let pdf = dir.path().join(format!("{}.pdf", audience.as_str()));
        browse(
            &chromium,
            &dir.path().join("profile"),
            &[
                &format!("--print-to-pdf={}", pdf.display()),
                "--no-pdf-header-footer",
            ],
            &file,
        );
        let bytes = std::fs::read(&pdf).unwrap_or_default();
        assert!(
            bytes.starts_with(b"%PDF") && bytes.len() > 10_000,
            "{audience:?}: no PDF printed"
        );
        let out = browse(
            &chromium,
            &dir.path().join("profile"),
            &["--dump-dom"],
            &file,
        );
        let dom = String::from_utf8_lossy(&out.stdout);
        for part in ["id=\"verdicts\"", "id=\"top-issues\"", "id=\"method\""] {
            assert!(
                dom.contains(part),
                "{audience:?}: rendered DOM lacks {part}"
            );
        }
        let errors = console_errors(&out.stderr);
        assert!(
            errors.is_empty(),
            "{audience:?}: console errors: {errors:#?}"
        );
    }
}

/// The "at a glance" chart is a picture people take in within seconds, so it
/// must really draw: the chart alone, shot in headless Chromium, has bars in
/// the result colours, and a longer bar for a part with problems on more pages.
#[test]
fn glance_chart_draws_bars_in_chromium() {
    let Some(chromium) = chromium() else {
        return;
    };
    let report = demo_report();
    let html = html(&report, Audience::Public);
    let start = html
        .find("<figure class=\"chart\" id=\"chart-sections\">")
        .expect("the public report has the chart");
    let end = start + html[start..].find("</figure>").expect("chart ends") + "</figure>".len();
    let style_start = html.find("<style>").expect("style");
    let style_end = html.find("</style>").expect("style ends") + "</style>".len();
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>chart</title>{}</head><body style=\"margin:0;padding:0\">{}</body></html>",
        &html[style_start..style_end],
        &html[start..end]
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(dir.path(), "chart.html", &page);
    let shot = dir.path().join("chart.png");
    let out = browse(
        &chromium,
        &dir.path().join("profile"),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=700,420",
            "--hide-scrollbars",
        ],
        &file,
    );
    let bytes = std::fs::read(&shot).unwrap_or_else(|_| {
        panic!(
            "no screenshot; chromium said: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut pixels).expect("a frame");
    let channels = info.color_type.samples();
    let width = info.width as usize;
    // Pixels of one colour, per row, so bar lengths can be compared.
    let count_colour = |rgb: [u8; 3]| -> Vec<usize> {
        (0..info.height as usize)
            .map(|y| {
                (0..width)
                    .filter(|x| {
                        let i = (y * width + x) * channels;
                        pixels[i..i + 3]
                            .iter()
                            .zip(rgb)
                            .all(|(a, b)| a.abs_diff(b) <= 6)
                    })
                    .count()
            })
            .collect()
    };
    let red = count_colour([0xb3, 0x20, 0x0f]);
    let brown = count_colour([0x7a, 0x4d, 0x00]);
    let red_total: usize = red.iter().sum();
    let brown_total: usize = brown.iter().sum();
    assert!(
        red_total > 500 && brown_total > 500,
        "the chart area is blank: {red_total} red and {brown_total} brown pixels"
    );
    // G2 reaches all 11 demo pages (a whole-site finding), G3 only one: its
    // bar is the longest row of brown, far longer than the shortest red bar.
    let longest_brown = brown.iter().max().copied().unwrap_or(0);
    let shortest_red = red.iter().copied().filter(|n| *n > 0).min().unwrap_or(0);
    assert!(
        longest_brown > 5 * shortest_red,
        "bars do not scale: longest brown row {longest_brown} px, shortest red row {shortest_red} px"
    );
}

/// A page whose title, alt text, URLs and text try to run script, add event
/// handlers and close the report's `<style>`.
const HOSTILE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<title>Book &lt;/title&gt;&lt;script&gt;document.title='PWNED'&lt;/script&gt; &lt;/style&gt;&lt;style&gt;body{display:none}</title>
</head>
<body>
<main>
<h1>Book <script>document.body.insertAdjacentHTML('afterbegin','<p id="pwned">ran</p>')</script></h1>
<p>Call us </style><img src=x onerror="document.title='PWNED'"> today.</p>
<img src="x.png" alt="&quot;><script>document.title='PWNED'</script>">
<img src="javascript:document.title='PWNED'">
<img src=x onerror="document.body.insertAdjacentHTML('afterbegin','<p id=&quot;pwned&quot;>ran</p>')">
<a href="javascript:document.title='PWNED'" onclick="document.title='PWNED'">click here</a>
<a href="https://x.example/&quot;&gt;&lt;script&gt;document.title='PWNED'&lt;/script&gt;">read more</a>
<svg><script>document.title='PWNED'</script></svg>
<button onfocus="document.title='PWNED'" autofocus></button>
<p>]]></style></title></textarea></noscript><script>document.title='PWNED'</script></p>
</main>
</body>
</html>
"#;

/// Tags of real elements in serialised HTML: `<` then a letter (text is
/// serialised with `&lt;`, so these are never quoted page text).
fn real_tags(dom: &str) -> Vec<&str> {
    let mut tags = Vec::new();
    let mut rest = dom;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let end = rest.find('>').unwrap_or(rest.len());
            tags.push(&rest[..end]);
        }
    }
    tags
}

#[test]
fn hostile_page_runs_no_script_in_the_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = write(dir.path(), "hostile.html", HOSTILE);
    for audience in ["public", "auditor", "developer"] {
        let report = dir.path().join(format!("{audience}.html"));
        run(&[
            "check",
            &page.to_string_lossy(),
            "--no-config",
            "--audience",
            audience,
            "-f",
            &format!("html={}", report.display()),
        ]);
        let text = std::fs::read_to_string(&report).expect("report written");
        assert!(text.contains(carelint::report::html::CSP));
        assert!(text.contains("PWNED"), "the hostile text is shown, escaped");
        assert!(
            text.contains("Book &lt;/title&gt;&lt;script&gt;document.title=&#39;PWNED&#39;"),
            "{audience}: the hostile title is shown, escaped"
        );
        for tag in real_tags(&text) {
            let lower = tag.to_lowercase();
            // The report's own chart is the one SVG it may hold.
            let own_chart = lower.starts_with("svg role=\"img\" aria-labelledby=\"chart-");
            assert!(
                !lower.starts_with("script")
                    && (!lower.starts_with("svg") || own_chart)
                    && !lower.starts_with("img"),
                "{audience}: raw element in the report: <{tag}>"
            );
            assert!(
                !lower.contains(" on") && !lower.contains("javascript:"),
                "{audience}: handler or script URL in the report: <{tag}>"
            );
        }
        assert_eq!(
            text.matches("<style>").count(),
            1,
            "{audience}: only the report's own style"
        );
        assert_eq!(text.matches("</style>").count(), 1);

        let Some(chromium) = chromium() else {
            continue;
        };
        let out = browse(
            &chromium,
            &dir.path().join("profile"),
            &["--dump-dom", "--virtual-time-budget=2000"],
            &report,
        );
        let dom = String::from_utf8_lossy(&out.stdout);
        assert!(
            dom.contains("id=\"method\""),
            "{audience}: the report rendered: {dom}"
        );
        let title = dom
            .split_once("<title>")
            .and_then(|(_, t)| t.split_once("</title>"))
            .map(|(t, _)| t)
            .expect("the report has a title");
        assert!(
            title.starts_with("Website check:") && title.contains("hostile.html"),
            "{audience}: the title changed to {title:?}"
        );
        for tag in real_tags(&dom) {
            let lower = tag.to_lowercase();
            assert!(
                !lower.starts_with("script") && !lower.contains("id=\"pwned\""),
                "{audience}: script ran or was injected: <{tag}>"
            );
            assert!(
                !lower.contains(" on"),
                "{audience}: an event handler got in: <{tag}>"
            );
        }
    }
}

/// The public page list leads with problems: a page with none is one name in
/// a line, and reading age is said in words, not as a number.
#[test]
fn public_report_lists_clean_pages_in_one_line_and_says_reading_age_in_words() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    std::fs::create_dir(&site).expect("site folder");
    write(
        &site,
        "flu.html",
        "<!DOCTYPE html><html lang=\"en\"><head><title>Flu jab</title></head><body><main><h1>Flu jab</h1><p>You can get a free flu jab. Ask at the desk. We are open from 8am to 6pm.</p></main></body></html>",
    );
    let hard = "Notwithstanding the aforementioned considerations, individuals experiencing exacerbations of chronic respiratory conditions, particularly those necessitating immediate pharmacological intervention, should consult appropriately qualified healthcare professionals at the earliest available opportunity, irrespective of previous consultations undertaken elsewhere. ";
    write(
        &site,
        "asthma.html",
        &format!(
            "<!DOCTYPE html><html lang=\"en\"><head><title>Asthma reviews</title></head><body><main><h1>Asthma reviews</h1><p>{}</p></main></body></html>",
            hard.repeat(4)
        ),
    );
    let out = dir.path().join("public.html");
    run(&[
        "check",
        &site.to_string_lossy(),
        "--no-config",
        "--only",
        "plain-language",
        "-f",
        &format!("html={}", out.display()),
    ]);
    let text = std::fs::read_to_string(&out).expect("report written");
    assert!(
        text.contains(
            "<h3 id=\"clean-pages\">Pages with no problems found</h3>\n<p>1 page: Flu jab.</p>"
        ),
        "the clean page is one line"
    );
    assert!(
        !text.contains(">Flu jab</h3>"),
        "the clean page has no section of its own"
    );
    assert!(text.contains(">Asthma reviews</h3>"));
    assert!(
        text.contains("How hard it is to read: very hard: many adults would struggle to read it."),
        "reading age in words"
    );
    assert!(
        !text.contains("Reading age: about"),
        "no bare number for residents"
    );
}
