//! The crawler against hostile servers: real HTTP servers on 127.0.0.1 (wiremock)
//! that disallow, loop, redirect off the site, time out, send too much, lie about
//! types, use old encodings and make endless URLs. Each test runs the carelint
//! binary and asserts what its report says.
#![allow(clippy::unwrap_used)]

use std::io::Write as _;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;
use wiremock::matchers::{any, method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// A small GP-practice page. The title is used for the `<title>` and `<h1>`, so
/// pages with different titles have different bodies (identical bodies are
/// audited once).
fn page<S: AsRef<str>>(title: &str, links: &[S]) -> String {
    let nav: String = links
        .iter()
        .map(|href| {
            let href = href.as_ref();
            format!("      <li><a href=\"{href}\">More about {href}</a></li>\n")
        })
        .collect();
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title} - Palfrey Lane Surgery</title>
</head>
<body>
  <header>
    <p>Palfrey Lane Surgery</p>
    <nav aria-label="Main menu">
    <ul>
{nav}    </ul>
    </nav>
  </header>
  <main>
    <h1>{title}</h1>
    <p>The surgery is open Monday to Friday, 8am to 6:30pm. Call 0121 496 0000 to book an appointment or ask for help.</p>
  </main>
</body>
</html>
"#
    )
}

fn html(body: impl Into<Vec<u8>>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.into(), "text/html; charset=utf-8")
}

/// Mounts a page at `at` that must be fetched exactly `times` times.
async fn mount_page(server: &MockServer, at: &str, body: String, times: u64) {
    Mock::given(method("GET"))
        .and(path(at))
        .respond_with(html(body))
        .expect(times)
        .mount(server)
        .await;
}

fn carelint() -> Command {
    let mut cmd = Command::cargo_bin("carelint").unwrap();
    cmd.env("CARELINT_NO_CONFIG", "1");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env_remove("NO_COLOR")
        .env("COLUMNS", "100")
        .timeout(Duration::from_secs(90));
    cmd
}

/// What one carelint run gave.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    json: Value,
}

impl Run {
    fn pages(&self) -> &[Value] {
        self.json["pages"].as_array().map_or(&[], Vec::as_slice)
    }

    fn urls(&self) -> Vec<&str> {
        self.pages()
            .iter()
            .filter_map(|p| p["url"].as_str())
            .collect()
    }

    /// The `pages[]` row for a URL; panics listing the rows when there is none.
    fn row(&self, url: &str) -> &Value {
        self.pages()
            .iter()
            .find(|p| p["url"] == url)
            .unwrap_or_else(|| panic!("no pages[] row for {url}; rows: {:?}", self.urls()))
    }

    fn has_row(&self, url: &str) -> bool {
        self.pages().iter().any(|p| p["url"] == url)
    }

    fn crawl(&self) -> &Value {
        &self.json["crawl"]
    }

    fn summary(&self) -> &Value {
        &self.json["summary"]
    }
}

/// Runs `carelint check --quiet --fail-on never -f json ARGS` (plus the given
/// environment) and parses the JSON report, if stdout holds one.
fn check_with_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = carelint();
    cmd.args([
        "check",
        "--quiet",
        "--fail-on",
        "never",
        "-j",
        "2",
        "-f",
        "json",
    ])
    .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout,
        stderr,
        json,
    }
}

fn check(args: &[&str]) -> Run {
    check_with_env(args, &[])
}

/// Asserts the run exited with `code` and produced a JSON report.
#[track_caller]
fn expect_report(run: &Run, code: i32) {
    assert_eq!(
        run.code, code,
        "exit code; stderr:\n{}\nstdout:\n{}",
        run.stderr, run.stdout
    );
    assert!(
        run.json.is_object(),
        "stdout is not a JSON report:\n{}\nstderr:\n{}",
        run.stdout,
        run.stderr
    );
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// Requests the server received for a path (and, if given, a method).
async fn requests_to(server: &MockServer, at: &str, verb: Option<&str>) -> Vec<Request> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.url.path() == at && verb.is_none_or(|m| r.method.as_str() == m))
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

// ---------------------------------------------------------------------------
// 1. robots.txt
// ---------------------------------------------------------------------------

async fn robots_site() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/robots.txt"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "User-agent: *\nDisallow: /private/\nCrawl-delay: 1\n",
            "text/plain",
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/"))
        .respond_with(html(page(
            "Welcome",
            &["/private/notes.html", "/about.html"],
        )))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/about.html"))
        .respond_with(html(page("About the practice", &["/"])))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn robots_txt_disallowed_page_is_skipped_not_fetched() {
    let server = robots_site().await;
    Mock::given(method("GET"))
        .and(path("/private/notes.html"))
        .respond_with(html(page("Private staff notes", &["/"])))
        .expect(0)
        .mount(&server)
        .await;
    let base = server.uri();
    let began = Instant::now();
    let run = check(&[&format!("{base}/")]);
    expect_report(&run, 0);
    // Crawl-delay: 1 paces robots.txt, /sitemap.xml, / and /about.html.
    assert!(
        began.elapsed() >= Duration::from_millis(1900),
        "Crawl-delay obeyed: {:?}",
        began.elapsed()
    );

    let private = run.row(&format!("{base}/private/notes.html"));
    assert!(
        text(&private["skipped"]).contains("robots.txt"),
        "skipped says robots.txt: {private}"
    );
    assert!(private["error"].is_string(), "a skipped row has an error");
    assert_eq!(run.summary()["pages_skipped"], 1);
    assert_eq!(run.summary()["pages_failed"], 0);
    assert_eq!(run.crawl()["skipped"]["robots"], 1);
    assert_eq!(run.crawl()["robots"], "obeyed");

    let about = run.row(&format!("{base}/about.html"));
    assert!(about["error"].is_null(), "about is checked: {about}");
    assert_eq!(about["status"], 200);
    assert_eq!(about["title"], "About the practice - Palfrey Lane Surgery");
}

#[tokio::test]
async fn ignore_robots_fetches_the_disallowed_page_and_says_so() {
    let server = robots_site().await;
    mount_page(
        &server,
        "/private/notes.html",
        page("Private staff notes", &["/"]),
        1,
    )
    .await;
    let base = server.uri();
    let run = check(&[&format!("{base}/"), "--ignore-robots"]);
    expect_report(&run, 0);

    let private = run.row(&format!("{base}/private/notes.html"));
    assert!(private["error"].is_null(), "checked: {private}");
    assert!(private.get("skipped").is_none_or(Value::is_null));
    assert_eq!(
        private["title"],
        "Private staff notes - Palfrey Lane Surgery"
    );
    assert_eq!(run.summary()["pages_skipped"], 0);
    assert!(
        text(&run.crawl()["robots"]).contains("ignored"),
        "crawl.robots: {}",
        run.crawl()["robots"]
    );
}

// ---------------------------------------------------------------------------
// 2. Redirect loop
// ---------------------------------------------------------------------------

#[tokio::test]
async fn redirect_loop_is_an_error_on_its_row_only() {
    let server = MockServer::start().await;
    let base = server.uri();
    mount_page(&server, "/", page("Welcome", &["/a"]), 1).await;
    Mock::given(method("GET"))
        .and(path("/a"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", "/b"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/b"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", "/a"))
        .mount(&server)
        .await;
    let run = check(&[&format!("{base}/"), "--max-page-errors", "100"]);
    expect_report(&run, 0);

    let a = run.row(&format!("{base}/a"));
    assert!(
        text(&a["error"]).contains("redirect loop"),
        "error mentions the loop: {a}"
    );
    let start = run.row(&format!("{base}/"));
    assert!(start["error"].is_null(), "start page checked: {start}");
    assert_eq!(start["title"], "Welcome - Palfrey Lane Surgery");
    // The loop was noticed at once, not after ten hops.
    assert!(requests_to(&server, "/a", None).await.len() <= 2);
}

// ---------------------------------------------------------------------------
// 3. Secrets and redirects to another site
// ---------------------------------------------------------------------------

const SECRET: &str = "Bearer carelint-test-7f3a9c1e-do-not-leak";

/// Site A links to /go, which redirects to site B (another port: another site).
async fn two_sites() -> (MockServer, MockServer) {
    let a = MockServer::start().await;
    let b = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/"))
        .respond_with(html(page("Welcome", &["/go", "/contact.html"])))
        .mount(&a)
        .await;
    Mock::given(method("GET"))
        .and(path("/contact.html"))
        .respond_with(html(page("Contact us", &["/"])))
        .mount(&a)
        .await;
    Mock::given(method("GET"))
        .and(path("/go"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", format!("{}/landing.html", b.uri()).as_str()),
        )
        .mount(&a)
        .await;
    Mock::given(method("GET"))
        .and(path("/landing.html"))
        .respond_with(html(page::<&str>("Online consultation service", &[])))
        .mount(&b)
        .await;
    (a, b)
}

#[track_caller]
fn assert_no_secret(run: &Run) {
    let secret_part = "7f3a9c1e-do-not-leak";
    assert!(!run.stdout.contains(secret_part), "secret in stdout");
    assert!(!run.stderr.contains(secret_part), "secret in stderr");
}

#[tokio::test]
async fn redirect_to_another_site_is_skipped_and_the_header_stays_home() {
    let (a, b) = two_sites().await;
    let start = format!("{}/", a.uri());
    let args = [
        start.as_str(),
        "--header",
        "Authorization: env:CARELINT_TEST_TOKEN",
    ];
    let run = check_with_env(&args, &[("CARELINT_TEST_TOKEN", SECRET)]);
    expect_report(&run, 0);

    assert!(
        b.received_requests().await.unwrap_or_default().is_empty(),
        "site B was never asked for anything"
    );
    let go = run.row(&format!("{}/go", a.uri()));
    let skipped = text(&go["skipped"]);
    assert!(
        skipped.contains("another site") && skipped.contains(&b.uri()),
        "/go is skipped as a redirect to another site: {go}"
    );
    assert_eq!(run.summary()["pages_skipped"], 1);

    // A's pages were asked for with the header.
    for at in ["/", "/contact.html", "/go"] {
        let reqs = requests_to(&a, at, Some("GET")).await;
        assert!(!reqs.is_empty(), "A received {at}");
        for r in reqs {
            assert_eq!(
                r.headers.get("authorization").and_then(|v| v.to_str().ok()),
                Some(SECRET),
                "A's {at} got the Authorization header"
            );
        }
    }
    assert_no_secret(&run);

    // The text report does not show it either.
    let out = carelint()
        .args(["check", "--fail-on", "never", "-j", "2", "--color", "never"])
        .args(args)
        .env("CARELINT_TEST_TOKEN", SECRET)
        .output()
        .unwrap();
    let text_run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        json: Value::Null,
    };
    assert_eq!(text_run.code, 0, "stderr: {}", text_run.stderr);
    assert!(
        text_run.stdout.contains("/go"),
        "the text report lists the skipped page:\n{}",
        text_run.stdout
    );
    assert_no_secret(&text_run);
    assert!(b.received_requests().await.unwrap_or_default().is_empty());
}

#[tokio::test]

async fn allowed_other_site_gets_the_redirect_but_not_the_header() {
    let (a, b) = two_sites().await;
    let start = format!("{}/", a.uri());
    let run = check_with_env(
        &[
            start.as_str(),
            "--header",
            "Authorization: env:CARELINT_TEST_TOKEN",
            "--allow-host",
            "127.0.0.1",
        ],
        &[("CARELINT_TEST_TOKEN", SECRET)],
    );
    expect_report(&run, 0);

    let landing = requests_to(&b, "/landing.html", Some("GET")).await;
    assert_eq!(landing.len(), 1, "the redirect to B was followed");
    let go = run.row(&format!("{}/go", a.uri()));
    assert!(go["error"].is_null(), "/go checked via B: {go}");
    assert_eq!(text(&go["final_url"]), format!("{}/landing.html", b.uri()));
    // Nothing sent to B (robots.txt, the page) carries the secret.
    let leaked: Vec<String> = b
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.headers.get("authorization").is_some())
        .map(|r| r.url.path().to_owned())
        .collect();
    assert!(
        leaked.is_empty(),
        "B received the Authorization header on {leaked:?}"
    );
    // A still got it.
    let home = requests_to(&a, "/", Some("GET")).await;
    assert!(
        home.iter()
            .all(|r| r.headers.get("authorization").is_some())
    );
    assert_no_secret(&run);
}

// ---------------------------------------------------------------------------
// 4. Sitemap index with a gzipped sitemap
// ---------------------------------------------------------------------------

#[tokio::test]
async fn gzipped_sitemap_from_an_index_finds_an_unlinked_page() {
    let server = MockServer::start().await;
    let base = server.uri();
    Mock::given(method("GET"))
        .and(path("/robots.txt"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            format!("User-agent: *\nDisallow:\n\nSitemap: {base}/sitemap_index.xml\n"),
            "text/plain",
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/sitemap_index.xml"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{base}/sitemap-pages.xml.gz</loc></sitemap>
</sitemapindex>
"#
            ),
            "application/xml",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let urlset = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>{base}/</loc></url>
  <url><loc>{base}/hidden.html</loc><lastmod>2026-01-12</lastmod></url>
</urlset>
"#
    );
    Mock::given(method("GET"))
        .and(path("/sitemap-pages.xml.gz"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(gzip(urlset.as_bytes()), "application/x-gzip"),
        )
        .expect(1)
        .mount(&server)
        .await;
    mount_page(&server, "/", page("Welcome", &["/about.html"]), 1).await;
    mount_page(&server, "/about.html", page("About us", &["/"]), 1).await;
    mount_page(&server, "/hidden.html", page("Flu clinic dates", &["/"]), 1).await;

    let run = check(&[&format!("{base}/")]);
    expect_report(&run, 0);

    let hidden = run.row(&format!("{base}/hidden.html"));
    assert_eq!(hidden["found_on"], "sitemap");
    assert!(hidden["error"].is_null(), "checked: {hidden}");
    assert_eq!(hidden["title"], "Flu clinic dates - Palfrey Lane Surgery");
    assert_eq!(run.pages().len(), 3, "rows: {:?}", run.urls());

    let sitemaps = run.crawl()["sitemaps"].as_array().unwrap();
    let find = |url: String| {
        sitemaps
            .iter()
            .find(|s| s["url"] == url.as_str())
            .unwrap_or_else(|| panic!("{url} not in crawl.sitemaps: {sitemaps:?}"))
    };
    let index = find(format!("{base}/sitemap_index.xml"));
    assert_eq!(index["pages"], 0);
    assert!(index["error"].is_null(), "{index}");
    let gz = find(format!("{base}/sitemap-pages.xml.gz"));
    assert_eq!(gz["pages"], 2);
    assert!(gz["error"].is_null(), "{gz}");
    assert_eq!(sitemaps.len(), 2, "{sitemaps:?}");
}

// ---------------------------------------------------------------------------
// 5. Status codes, retries and Retry-After
// ---------------------------------------------------------------------------

#[tokio::test]
async fn error_statuses_retries_and_retry_after() {
    let server = MockServer::start().await;
    let base = server.uri();
    mount_page(
        &server,
        "/",
        page("Welcome", &["/gone", "/broken", "/busy", "/unavailable"]),
        1,
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/gone"))
        .respond_with(ResponseTemplate::new(404).set_body_raw("Not here", "text/plain"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/broken"))
        .respond_with(ResponseTemplate::new(500).set_body_raw("Oops", "text/plain"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/busy"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/busy"))
        .respond_with(html(page("Repeat prescriptions", &["/"])))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/unavailable"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "3600"))
        .mount(&server)
        .await;

    let began = Instant::now();
    let run = check(&[&format!("{base}/"), "--max-page-errors", "100"]);
    expect_report(&run, 0);
    assert!(
        began.elapsed() < Duration::from_secs(20),
        "did not wait an hour"
    );

    let gone = run.row(&format!("{base}/gone"));
    assert_eq!(gone["error"], "HTTP 404 Not Found");
    assert_eq!(gone["status"], 404);

    let broken = run.row(&format!("{base}/broken"));
    assert!(
        text(&broken["error"]).contains("HTTP 500"),
        "500 is an error: {broken}"
    );
    assert_eq!(requests_to(&server, "/broken", None).await.len(), 1);

    let busy = run.row(&format!("{base}/busy"));
    assert!(busy["error"].is_null(), "checked after the wait: {busy}");
    assert_eq!(busy["status"], 200);
    assert_eq!(busy["title"], "Repeat prescriptions - Palfrey Lane Surgery");
    assert_eq!(requests_to(&server, "/busy", None).await.len(), 2);

    let unavailable = run.row(&format!("{base}/unavailable"));
    let error = text(&unavailable["error"]);
    assert!(
        error.contains("asked") && error.contains("wait") && error.contains("3600"),
        "503 with a long Retry-After: {unavailable}"
    );
    assert_eq!(requests_to(&server, "/unavailable", None).await.len(), 1);

    assert_eq!(run.summary()["pages"], 5);
    assert_eq!(run.summary()["pages_failed"], 3);
}

#[tokio::test]
async fn too_many_failed_pages_exit_3() {
    let server = MockServer::start().await;
    let base = server.uri();
    mount_page(
        &server,
        "/",
        page("Welcome", &["/about.html", "/old-news", "/old-staff"]),
        2,
    )
    .await;
    mount_page(&server, "/about.html", page("About us", &["/"]), 2).await;
    // /old-news and /old-staff are not mounted: 404, so 2 of 4 pages (50%) failed.
    let run = check(&[&format!("{base}/")]);
    expect_report(&run, 3);
    assert_eq!(run.summary()["pages"], 4);
    assert_eq!(run.summary()["pages_failed"], 2);

    let run = check(&[&format!("{base}/"), "--max-page-errors", "50"]);
    expect_report(&run, 0);
}

// ---------------------------------------------------------------------------
// 6. A slow server
// ---------------------------------------------------------------------------

#[tokio::test]
async fn slow_page_times_out() {
    let server = MockServer::start().await;
    let base = server.uri();
    mount_page(&server, "/", page("Welcome", &["/slow"]), 1).await;
    Mock::given(method("GET"))
        .and(path("/slow"))
        .respond_with(html(page("Slow page", &["/"])).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let began = Instant::now();
    let run = check(&[
        &format!("{base}/"),
        "--timeout",
        "1",
        "--max-page-errors",
        "100",
    ]);
    let took = began.elapsed();
    expect_report(&run, 0);
    let slow = run.row(&format!("{base}/slow"));
    assert!(
        text(&slow["error"]).contains("timed out"),
        "the slow page timed out: {slow}"
    );
    assert!(took < Duration::from_secs(8), "took {took:?}");
    assert!(run.row(&format!("{base}/"))["error"].is_null());
}

// ---------------------------------------------------------------------------
// 7 and 8. Bodies over the cap, compressed or not
// ---------------------------------------------------------------------------

#[tokio::test]
async fn page_over_the_size_cap_is_not_checked() {
    let server = MockServer::start().await;
    let base = server.uri();
    mount_page(&server, "/", page("Welcome", &["/big"]), 1).await;
    let filler = "<p>Our practice leaflet, repeated at length.</p>\n".repeat(300_000 / 48);
    let big = page("Big page", &["/"]).replace("</main>", &format!("{filler}</main>"));
    assert!(big.len() >= 300_000);
    Mock::given(method("GET"))
        .and(path("/big"))
        .respond_with(html(big))
        .mount(&server)
        .await;
    let run = check(&[
        &format!("{base}/"),
        "--max-page-bytes",
        "100000",
        "--max-page-errors",
        "100",
    ]);
    expect_report(&run, 0);
    let row = run.row(&format!("{base}/big"));
    assert!(
        text(&row["error"]).contains("larger than 100000 bytes"),
        "over the cap: {row}"
    );
    assert!(run.row(&format!("{base}/"))["error"].is_null());
}

#[tokio::test]
async fn gzip_bomb_is_stopped_at_the_cap() {
    let server = MockServer::start().await;
    let base = server.uri();
    mount_page(&server, "/", page("Welcome", &["/bomb"]), 1).await;
    // ~50 MB of spaces inside a page, gzipped to well under the cap.
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder
        .write_all(b"<!DOCTYPE html><html lang=\"en\"><head><title>Bomb</title></head><body><main><h1>Bomb</h1><p>")
        .unwrap();
    let spaces = vec![b' '; 1024 * 1024];
    for _ in 0..50 {
        encoder.write_all(&spaces).unwrap();
    }
    encoder.write_all(b"</p></main></body></html>").unwrap();
    let bomb = encoder.finish().unwrap();
    assert!(bomb.len() < 1_000_000, "compressed: {} bytes", bomb.len());
    Mock::given(method("GET"))
        .and(path("/bomb"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Content-Encoding", "gzip")
                .set_body_raw(bomb, "text/html; charset=utf-8"),
        )
        .mount(&server)
        .await;
    let run = check(&[
        &format!("{base}/"),
        "--max-page-bytes",
        "1000000",
        "--max-page-errors",
        "100",
    ]);
    expect_report(&run, 0);
    let row = run.row(&format!("{base}/bomb"));
    let error = text(&row["error"]);
    assert!(
        error.contains("larger than 1000000 bytes") && error.contains("decompression"),
        "the decompressed size is over the cap: {row}"
    );
}

// ---------------------------------------------------------------------------
// 9. Links that are not pages
// ---------------------------------------------------------------------------

#[tokio::test]
async fn plain_text_and_pdf_links_are_documents_not_pages() {
    let server = MockServer::start().await;
    let base = server.uri();
    mount_page(
        &server,
        "/",
        page("Welcome", &["/notes", "/leaflet.pdf"]),
        1,
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/notes"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "Practice meeting notes, January.",
            "text/plain; charset=utf-8",
        ))
        .mount(&server)
        .await;
    Mock::given(method("HEAD"))
        .and(path("/leaflet.pdf"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(b"%PDF-1.7 not really".to_vec(), "application/pdf"),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/leaflet.pdf"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"%PDF".to_vec(), "application/pdf"))
        .expect(0)
        .mount(&server)
        .await;
    let run = check(&[&format!("{base}/")]);
    expect_report(&run, 0);

    assert_eq!(run.urls(), [format!("{base}/").as_str()], "only the page");
    let documents = run.crawl()["documents"].as_array().unwrap();
    let doc = |url: String| {
        documents
            .iter()
            .find(|d| d["url"] == url.as_str())
            .unwrap_or_else(|| panic!("{url} not in crawl.documents: {documents:?}"))
    };
    let notes = doc(format!("{base}/notes"));
    assert!(
        text(&notes["content_type"]).starts_with("text/plain"),
        "{notes}"
    );
    assert_eq!(notes["found_on"], format!("{base}/"));
    assert_eq!(notes["status"], 200);
    let pdf = doc(format!("{base}/leaflet.pdf"));
    assert_eq!(pdf["content_type"], "application/pdf");
    assert_eq!(pdf["status"], 200);
    assert_eq!(pdf["found_on"], format!("{base}/"));
    assert_eq!(documents.len(), 2);

    let heads = requests_to(&server, "/leaflet.pdf", None).await;
    assert_eq!(heads.len(), 1);
    assert_eq!(heads[0].method.as_str(), "HEAD");
}

// ---------------------------------------------------------------------------
// 10. A page in windows-1252
// ---------------------------------------------------------------------------

#[tokio::test]
async fn windows_1252_page_is_decoded() {
    let server = MockServer::start().await;
    let base = server.uri();
    let mut body: Vec<u8> = Vec::new();
    body.extend_from_slice(b"<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>Caf\xe9 and community room</title></head>\n");
    body.extend_from_slice(b"<body><main><h1>Caf\xe9 and community room</h1>\n");
    body.extend_from_slice(
        b"<p>The caf\xe9 is open from 9am. Tea costs \x801.</p></main></body></html>\n",
    );
    Mock::given(method("GET"))
        .and(path("/"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(body, "text/html; charset=windows-1252"),
        )
        .mount(&server)
        .await;
    let run = check(&[&format!("{base}/")]);
    expect_report(&run, 0);
    let row = run.row(&format!("{base}/"));
    assert!(row["error"].is_null(), "{row}");
    assert_eq!(row["encoding"], "windows-1252");
    assert_eq!(row["title"], "Café and community room");
}

// ---------------------------------------------------------------------------
// 11. Crawler traps
// ---------------------------------------------------------------------------

/// An endless calendar: each month links to the next.
struct Calendar;

impl Respond for Calendar {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let month: u64 = request
            .url
            .query_pairs()
            .find(|(k, _)| k == "month")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(1);
        let next = format!("/events?month={}", month + 1);
        html(page(&format!("Events in month {month}"), &[next.as_str()]))
    }
}

/// A shop-style filter page: each colour is its own page.
struct Facet;

impl Respond for Facet {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let colour = request
            .url
            .query_pairs()
            .find(|(k, _)| k == "colour")
            .map_or_else(|| "any".to_owned(), |(_, v)| v.into_owned());
        html(page(
            &format!("Leaflets in colour {colour}"),
            &["/leaflets"],
        ))
    }
}

#[tokio::test]
async fn endless_calendar_is_stopped_by_the_trap_guard() {
    let server = MockServer::start().await;
    let base = server.uri();
    Mock::given(method("GET"))
        .and(path("/events"))
        .respond_with(Calendar)
        .mount(&server)
        .await;
    let run = check(&[
        &format!("{base}/events?month=1"),
        "--depth",
        "1000",
        "--max-pages",
        "1000",
    ]);
    expect_report(&run, 0);
    let events = run.urls().iter().filter(|u| u.contains("/events")).count();
    assert!(events >= 2, "the calendar was followed a bit: {events}");
    assert!(events <= 26, "{events} calendar pages checked");
    assert!(run.crawl()["skipped"]["trap"].as_u64().unwrap() >= 1);
    let examples = run.crawl()["trap_examples"].as_array().unwrap();
    assert!(!examples.is_empty());
    assert!(
        text(&examples[0]).contains("/events?month="),
        "{examples:?}"
    );
    assert_eq!(run.crawl()["limit_reached"], false);
    assert!(requests_to(&server, "/events", None).await.len() <= 26);
}

#[tokio::test]
async fn faceted_links_are_capped() {
    let server = MockServer::start().await;
    let base = server.uri();
    let facets: Vec<String> = (1..=60).map(|n| format!("/leaflets?colour={n}")).collect();
    Mock::given(method("GET"))
        .and(path("/"))
        .respond_with(html(page("Welcome", &facets)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/leaflets"))
        .respond_with(Facet)
        .mount(&server)
        .await;
    let run = check(&[&format!("{base}/"), "--max-pages", "1000"]);
    expect_report(&run, 0);
    let fetched = requests_to(&server, "/leaflets", Some("GET")).await;
    // /leaflets itself (no query) is linked from each variant: one more page.
    let with_query = fetched.iter().filter(|r| r.url.query().is_some()).count();
    assert!(
        (1..=25).contains(&with_query),
        "{with_query} colour variants fetched"
    );
    let checked = run.urls().iter().filter(|u| u.contains("colour=")).count();
    assert_eq!(checked, with_query);
    assert!(run.crawl()["skipped"]["trap"].as_u64().unwrap() >= 35);
    assert!(!run.crawl()["trap_examples"].as_array().unwrap().is_empty());
}

// ---------------------------------------------------------------------------
// 12. Sign-in walls
// ---------------------------------------------------------------------------

#[tokio::test]
async fn start_page_behind_a_login_exits_3() {
    let server = MockServer::start().await;
    let base = server.uri();
    Mock::given(method("GET"))
        .and(path("/"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", "/login?next=/"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/login"))
        .and(query_param("next", "/"))
        .respond_with(html(page("Sign in", &["/"])))
        .expect(0)
        .mount(&server)
        .await;
    let run = check(&[&format!("{base}/")]);
    assert_eq!(run.code, 3, "stderr: {}", run.stderr);
    assert!(
        run.stderr.contains("sign-in"),
        "stderr mentions sign-in: {}",
        run.stderr
    );
}

#[tokio::test]
async fn linked_page_behind_a_login_is_an_error_on_its_row() {
    let server = MockServer::start().await;
    let base = server.uri();
    mount_page(
        &server,
        "/",
        page("Welcome", &["/account", "/about.html"]),
        1,
    )
    .await;
    mount_page(&server, "/about.html", page("About us", &["/"]), 1).await;
    Mock::given(method("GET"))
        .and(path("/account"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", "/account/login"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/account/login"))
        .respond_with(html(page("Sign in to your account", &["/"])))
        .expect(0)
        .mount(&server)
        .await;
    let run = check(&[&format!("{base}/"), "--max-page-errors", "100"]);
    expect_report(&run, 0);
    let account = run.row(&format!("{base}/account"));
    assert!(
        text(&account["error"]).contains("sign-in page"),
        "{account}"
    );
    assert!(run.row(&format!("{base}/"))["error"].is_null());
    assert!(run.row(&format!("{base}/about.html"))["error"].is_null());
    assert!(run.crawl()["stopped"].is_null());
}

// ---------------------------------------------------------------------------
// 13. --max-pages and --depth
// ---------------------------------------------------------------------------

#[tokio::test]
async fn max_pages_limits_the_crawl() {
    let server = MockServer::start().await;
    let base = server.uri();
    let links: Vec<String> = (1..30).map(|n| format!("/page{n}.html")).collect();
    mount_page(&server, "/", page("Welcome", &links), 1).await;
    for n in 1..30 {
        Mock::given(method("GET"))
            .and(path(format!("/page{n}.html")))
            .respond_with(html(page(&format!("Service number {n}"), &["/"])))
            .mount(&server)
            .await;
    }
    let run = check(&[&format!("{base}/"), "--max-pages", "10"]);
    expect_report(&run, 0);
    assert_eq!(run.pages().len(), 10, "rows: {:?}", run.urls());
    assert_eq!(run.crawl()["limit_reached"], true);
    assert_eq!(run.crawl()["skipped"]["max_pages"], 20);
    let page_requests = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path().starts_with("/page"))
        .count();
    assert_eq!(
        page_requests, 9,
        "only the pages in the report were fetched"
    );
}

#[tokio::test]
async fn depth_limits_the_crawl() {
    let server = MockServer::start().await;
    let base = server.uri();
    mount_page(&server, "/", page("Welcome", &["/page1.html"]), 1).await;
    mount_page(
        &server,
        "/page1.html",
        page("Our services", &["/page2.html"]),
        1,
    )
    .await;
    mount_page(&server, "/page2.html", page("Travel vaccines", &["/"]), 0).await;
    let run = check(&[&format!("{base}/"), "--depth", "1"]);
    expect_report(&run, 0);
    assert!(run.has_row(&format!("{base}/page1.html")));
    assert!(!run.has_row(&format!("{base}/page2.html")));
    assert_eq!(run.row(&format!("{base}/page1.html"))["depth"], 1);
    assert!(run.crawl()["skipped"]["depth"].as_u64().unwrap() >= 1);
}

// ---------------------------------------------------------------------------
// 14. --no-crawl --urls FILE
// ---------------------------------------------------------------------------

/// A small site; with `fetched`, /about.html and /contact.html must each be
/// fetched once, and nothing else.
async fn urls_site(fetched: bool) -> MockServer {
    let times = u64::from(fetched);
    let server = MockServer::start().await;
    mount_page(
        &server,
        "/",
        page("Welcome", &["/about.html", "/contact.html"]),
        0,
    )
    .await;
    mount_page(
        &server,
        "/about.html",
        page("About us", &["/", "/team.html"]),
        times,
    )
    .await;
    mount_page(
        &server,
        "/contact.html",
        page("Contact us", &["/", "/team.html"]),
        times,
    )
    .await;
    mount_page(&server, "/team.html", page("Our team", &["/"]), 0).await;
    server
}

fn urls_file(lines: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new()
        .prefix("carelint-urls")
        .suffix(".txt")
        .tempfile()
        .unwrap();
    file.write_all(lines.as_bytes()).unwrap();
    file.flush().unwrap();
    file
}

#[tokio::test]

async fn urls_file_without_a_target_audits_exactly_those_pages() {
    let server = urls_site(true).await;
    let base = server.uri();
    let file = urls_file(&format!(
        "# Pages for the quarterly audit\n\n{base}/about.html\n  {base}/contact.html  \n"
    ));
    let run = check(&["--no-crawl", "--urls", file.path().to_str().unwrap()]);
    expect_report(&run, 0);
    assert_eq!(
        run.urls(),
        [
            format!("{base}/about.html").as_str(),
            format!("{base}/contact.html").as_str()
        ]
    );
    assert_eq!(run.crawl()["followed_links"], false);
}

#[tokio::test]
async fn no_crawl_with_a_urls_file_audits_exactly_those_pages() {
    let server = urls_site(true).await;
    let base = server.uri();
    let file = urls_file(&format!(
        "# Pages for the quarterly audit\n\n{base}/about.html\n  {base}/contact.html  \n"
    ));
    // The first URL is also given as the target (clap wants one).
    let run = check(&[
        &format!("{base}/about.html"),
        "--no-crawl",
        "--urls",
        file.path().to_str().unwrap(),
    ]);
    expect_report(&run, 0);
    assert_eq!(
        run.urls(),
        [
            format!("{base}/about.html").as_str(),
            format!("{base}/contact.html").as_str()
        ]
    );
    for row in run.pages() {
        assert!(row["error"].is_null(), "{row}");
        assert_eq!(row["depth"], 0);
    }
    assert_eq!(run.crawl()["followed_links"], false);
    // No sitemap was looked for either.
    assert!(requests_to(&server, "/sitemap.xml", None).await.is_empty());
}

#[tokio::test]
async fn bad_line_in_the_urls_file_is_a_usage_error() {
    let server = urls_site(false).await;
    let base = server.uri();
    let file = urls_file(&format!(
        "# Pages for the quarterly audit\n{base}/about.html\n\nwww.palfreylane.example/contact\n"
    ));
    let shown = file.path().display().to_string();
    let run = check(&[&format!("{base}/"), "--no-crawl", "--urls", shown.as_str()]);
    assert_eq!(run.code, 2, "stderr: {}", run.stderr);
    // miette may wrap a long path; compare without line breaks and box-drawing.
    let flat: String = run
        .stderr
        .lines()
        .map(|l| l.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '/' && c != '`'))
        .collect();
    let name = file.path().file_name().unwrap().to_str().unwrap();
    assert!(
        flat.contains(&format!("{name}:4")),
        "stderr names the file and line 4: {}",
        run.stderr
    );
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

/// A home page that links to a booking page (and to a contact page that is
/// never fetched when `--include` leaves it out), each served once.
async fn mount_booking_site(server: &MockServer) {
    mount_page(
        server,
        "/",
        page("Welcome", &["/appointments/book.html", "/contact.html"]),
        1,
    )
    .await;
    mount_page(server, "/appointments/book.html", page("Book", &["/"]), 1).await;
}

/// An `--include` that matches no URL the crawl finds (a typo) is named in the
/// report, so nobody reads a one-page audit as the whole site.
#[tokio::test]
async fn an_include_that_matches_nothing_is_reported() {
    let server = MockServer::start().await;
    let base = server.uri();
    mount_booking_site(&server).await;
    let run = check(&[
        &format!("{base}/"),
        "--include",
        "/appointments/**",
        "--include",
        "/apointments/**",
    ]);
    expect_report(&run, 0);
    assert_eq!(
        run.json["crawl"]["include_unmatched"],
        serde_json::json!(["/apointments/**"])
    );
    assert!(
        run.urls()
            .iter()
            .any(|u| u.ends_with("/appointments/book.html"))
    );
    // The report keeps the scope, so a report made again from it shows it.
    assert_eq!(
        run.json["scope"]["include"],
        serde_json::json!(["/appointments/**", "/apointments/**"])
    );
}

/// The scope a crawl ran with is kept in the JSON (sign-in named, never
/// valued) and shown again when `carelint report` renders the saved results.
#[tokio::test]
async fn the_scope_is_kept_and_shown_again_by_report() {
    let server = MockServer::start().await;
    let base = server.uri();
    mount_booking_site(&server).await;
    let run = check(&[
        &format!("{base}/"),
        "--include",
        "/appointments/**",
        "--header",
        "Authorization: Bearer s3cr3t-t0ken",
    ]);
    expect_report(&run, 0);
    assert_eq!(
        run.json["scope"]["auth"],
        serde_json::json!(["the Authorization header"])
    );
    assert!(!run.stdout.contains("s3cr3t"));
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("results.json");
    std::fs::write(&saved, &run.stdout).unwrap();
    let out = carelint()
        .arg("report")
        .arg(&saved)
        .args(["-f", "html", "--audience", "auditor", "--fail-on", "never"])
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(html.contains("Only addresses like"), "{html}");
    assert!(html.contains("/appointments/**"), "{html}");
    assert!(html.contains("the Authorization header"), "{html}");
    assert!(!html.contains("s3cr3t"));
}

// ---------------------------------------------------------------------------
// 15. Determinism
// ---------------------------------------------------------------------------

#[tokio::test]
async fn same_site_gives_the_same_report_twice() {
    let server = MockServer::start().await;
    let base = server.uri();
    let sections = [
        "/appointments.html",
        "/prescriptions.html",
        "/services.html",
        "/contact.html",
    ];
    mount_page(&server, "/", page("Welcome", &sections), 2).await;
    let pages = [
        (
            "/appointments.html",
            "Appointments",
            vec!["/appointments/online.html", "/appointments/phone.html", "/"],
        ),
        (
            "/prescriptions.html",
            "Prescriptions",
            vec!["/prescriptions/repeat.html", "/leaflet.pdf", "/"],
        ),
        (
            "/services.html",
            "Services",
            vec![
                "/services/flu.html",
                "/services/travel.html",
                "/services/smear.html",
                "/old-page",
            ],
        ),
        ("/contact.html", "Contact us", vec!["/moved", "/"]),
        ("/appointments/online.html", "Book online", vec!["/"]),
        ("/appointments/phone.html", "Book by phone", vec!["/"]),
        (
            "/prescriptions/repeat.html",
            "Repeat prescriptions",
            vec!["/"],
        ),
        ("/services/flu.html", "Flu vaccination", vec!["/"]),
        ("/services/travel.html", "Travel vaccines", vec!["/"]),
        ("/services/smear.html", "Cervical screening", vec!["/"]),
        ("/find-us.html", "Find us", vec!["/"]),
    ];
    for (at, title, links) in &pages {
        mount_page(&server, at, page(title, links), 2).await;
    }
    Mock::given(method("GET"))
        .and(path("/moved"))
        .respond_with(ResponseTemplate::new(301).insert_header("Location", "/find-us.html"))
        .mount(&server)
        .await;
    Mock::given(method("HEAD"))
        .and(path("/leaflet.pdf"))
        .respond_with(ResponseTemplate::new(200).insert_header("Content-Type", "application/pdf"))
        .mount(&server)
        .await;

    // With the time fixed, as reproducible builds do, the two reports are
    // the same bytes: no start, end or fetch times differ.
    let epoch = [("SOURCE_DATE_EPOCH", "1796663602")];
    let first = check_with_env(&[&format!("{base}/"), "--max-page-errors", "100"], &epoch);
    expect_report(&first, 0);
    let second = check_with_env(&[&format!("{base}/"), "--max-page-errors", "100"], &epoch);
    expect_report(&second, 0);
    // 12 pages (/find-us.html is reached through /moved, so its row is /moved)
    // and the 404.
    assert_eq!(first.pages().len(), 13, "rows: {:?}", first.urls());
    assert_eq!(first.summary()["pages_failed"], 1);
    assert_eq!(first.json["started"], "2026-12-07T17:13:22Z");
    assert!(first.json["crawl"].get("seconds").is_none());
    assert!(first.pages().iter().all(|p| p.get("time_ms").is_none()));
    assert_eq!(first.stdout, second.stdout);
}

// ---------------------------------------------------------------------------
// Page weight: same-site files are measured, other sites are never asked
// ---------------------------------------------------------------------------

#[tokio::test]
async fn page_weight_measures_same_site_files_once_and_never_asks_other_sites() {
    let server = MockServer::start().await;
    let cdn = MockServer::start().await;
    let base = server.uri();
    let cdn_base = cdn.uri();
    let home = format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Welcome - Palfrey Lane Surgery</title>
<link rel="stylesheet" href="/css/site.css">
<script src="{cdn_base}/analytics.js"></script>
</head><body><main><h1>Welcome</h1>
<img src="img/front.jpg" alt="The surgery from Palfrey Lane">
<a href="/contact">Contact us</a>
<p>Call 0121 496 0000 to book an appointment.</p>
</main></body></html>"#
    );
    let contact = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Contact - Palfrey Lane Surgery</title>
<link rel="stylesheet" href="/css/site.css">
</head><body><main><h1>Contact us</h1>
<p>Call 0121 496 0000, Monday to Friday, 8am to 6:30pm.</p>
</main></body></html>"#;
    mount_page(&server, "/", home, 1).await;
    mount_page(&server, "/contact", contact.to_owned(), 1).await;
    // A server that sends Content-Length on HEAD: one HEAD, no GET.
    Mock::given(method("HEAD"))
        .and(path("/img/front.jpg"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![0u8; 450_000], "image/jpeg"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/img/front.jpg"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![0u8; 450_000], "image/jpeg"))
        .mount(&server)
        .await;
    for verb in ["HEAD", "GET"] {
        Mock::given(method(verb))
            .and(path("/css/site.css"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(vec![b' '; 30_000], "text/css"))
            .mount(&server)
            .await;
    }
    let run = check(&[&format!("{base}/")]);
    expect_report(&run, 0);

    let weight = &run.row(&format!("{base}/"))["weight"];
    assert_eq!(weight["images"], 450_000, "{weight}");
    assert_eq!(weight["styles"], 30_000, "{weight}");
    assert_eq!(weight["unmeasured"], 1, "the other site's script: {weight}");
    assert_eq!(
        run.row(&format!("{base}/contact"))["weight"]["styles"],
        30_000
    );
    assert_eq!(run.crawl()["assets_measured"], 2);
    assert_eq!(run.crawl()["assets_unmeasured"], 1);
    let large: Vec<&Value> = run.json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "data-light/large-image")
        .collect();
    assert_eq!(large.len(), 1, "{large:?}");
    assert_eq!(large[0]["line"], 8);
    // The stylesheet both pages load is fetched once, for its colours, and
    // page weight reuses its size instead of asking again.
    assert_eq!(
        requests_to(&server, "/css/site.css", Some("GET"))
            .await
            .len(),
        1
    );
    assert!(
        requests_to(&server, "/css/site.css", Some("HEAD"))
            .await
            .is_empty()
    );
    assert_eq!(run.crawl()["stylesheets_read"], 1);
    assert!(
        cdn.received_requests().await.unwrap_or_default().is_empty(),
        "another site was asked for a file"
    );
}

// ---------------------------------------------------------------------------
// The accessibility statement is fetched even beyond --max-pages
// ---------------------------------------------------------------------------

#[tokio::test]
async fn accessibility_statement_is_checked_beyond_the_page_limit() {
    let server = MockServer::start().await;
    let base = server.uri();
    mount_page(
        &server,
        "/",
        page("Welcome", &["/about", "/news", "/help/accessibility"]),
        1,
    )
    .await;
    mount_page(&server, "/about", page("About us", &[] as &[&str]), 1).await;
    mount_page(&server, "/news", page("News", &[] as &[&str]), 0).await;
    mount_page(
        &server,
        "/help/accessibility",
        page("Accessibility statement", &[] as &[&str]),
        1,
    )
    .await;
    let run = check(&[&format!("{base}/"), "--max-pages", "2"]);
    expect_report(&run, 0);
    assert!(
        run.has_row(&format!("{base}/help/accessibility")),
        "{:?}",
        run.urls()
    );
    assert!(!run.has_row(&format!("{base}/news")), "{:?}", run.urls());
    assert_eq!(run.crawl()["limit_reached"], true);
    // The report says the statement was an extra page beyond the limit.
    assert_eq!(
        run.crawl()["statements_beyond_limits"],
        serde_json::json!([format!("{base}/help/accessibility")])
    );
}

// ---------------------------------------------------------------------------
// Linked style sheets: same site only, robots.txt obeyed, soft 404s refused
// ---------------------------------------------------------------------------

#[tokio::test]
async fn style_sheets_are_read_from_the_site_only_and_never_guessed() {
    let server = MockServer::start().await;
    let other = MockServer::start().await;
    let base = server.uri();
    let elsewhere = other.uri();
    Mock::given(method("GET"))
        .and(path("/robots.txt"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("User-agent: *\nDisallow: /private/\n", "text/plain"),
        )
        .mount(&server)
        .await;
    let home = format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Flu clinics - Palfrey Lane Surgery</title>
<link rel="stylesheet" href="/css/site.css">
<link rel="stylesheet" href="/private/theme.css">
<link rel="stylesheet" href="/css/missing.css">
<link rel="stylesheet" href="/css/moved.css">
<link rel="stylesheet" href="{elsewhere}/cdn.css">
</head><body><main><h1>Flu clinics</h1>
<p class="pale">Clinics run every Saturday in October.</p>
<p class="hidden-colour">Call 0121 496 0000 to book.</p>
<p class="cdn-colour">Bring your NHS number if you know it.</p>
</main></body></html>"#
    );
    mount_page(&server, "/", home, 1).await;
    let css = |body: &str| ResponseTemplate::new(200).set_body_raw(body.to_owned(), "text/css");
    Mock::given(method("GET"))
        .and(path("/css/site.css"))
        .respond_with(css(
            "body { color: #212b32; background: #fff } .pale { color: #b1b4b6 }",
        ))
        .expect(1)
        .mount(&server)
        .await;
    // robots.txt keeps carelint out of /private/, style sheets included.
    Mock::given(method("GET"))
        .and(path("/private/theme.css"))
        .respond_with(css(".hidden-colour { color: #cccccc }"))
        .expect(0)
        .mount(&server)
        .await;
    // A "not found" page sent with status 200 is not a style sheet.
    Mock::given(method("GET"))
        .and(path("/css/missing.css"))
        .respond_with(html(page("Page not found", &["/"])))
        .mount(&server)
        .await;
    // A sheet that moved to another site is not followed there.
    Mock::given(method("GET"))
        .and(path("/css/moved.css"))
        .respond_with(
            ResponseTemplate::new(301).insert_header("Location", format!("{elsewhere}/moved.css")),
        )
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(css(".cdn-colour { color: #dddddd }"))
        .expect(0)
        .mount(&other)
        .await;

    let text_file = tempfile::NamedTempFile::new().unwrap();
    let text_out = format!("text={}", text_file.path().display());
    let run = check(&[&format!("{base}/"), "-f", &text_out]);
    let contrast: Vec<&Value> = run.json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "accessibility/text-contrast-too-low")
        .collect();
    // The pale paragraph fails from the sheet that was read. The other two
    // take their colours from sheets that were not read: never judged.
    assert_eq!(contrast.len(), 1, "{contrast:?}");
    assert_eq!(contrast[0]["line"], 11);
    assert_eq!(contrast[0]["confidence"], "certain");
    assert_eq!(run.crawl()["stylesheets_read"], 1);
    // The other site's, the robots-blocked, the soft-404 and the moved one.
    assert_eq!(run.crawl()["stylesheets_unread"], 4);
    // The text report does not let the gap pass unsaid.
    let text = std::fs::read_to_string(text_file.path()).unwrap();
    assert!(text.contains("Could not read 4 style sheets"), "{text}");
}
