//! A generated GP-practice website on 127.0.0.1, for the crawl benchmark
//! (`bench/crawl.sh`) and for trying `carelint check http://...` by hand.
//!
//! ```text
//! cargo run --release --example fake_site -- 10000
//! ```
//!
//! prints the start URL, then serves until stopped. Page `n` links to pages
//! `10n+1` to `10n+10`, to its parent and to the home page, so 10,000 pages are
//! five links deep. Every page has a few realistic problems for carelint to find.

use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate, matchers::any};

/// Serves page `/p/N.html` for N below `pages`.
struct Site {
    pages: usize,
}

const TOPICS: &[&str] = &[
    "Flu vaccinations",
    "Repeat prescriptions",
    "Blood tests",
    "Asthma reviews",
    "Diabetes clinic",
    "Travel vaccinations",
    "Sick notes",
    "Test results",
];

fn page(n: usize, pages: usize) -> String {
    let topic = TOPICS[n % TOPICS.len()];
    let mut links = String::new();
    for child in (10 * n + 1)..=(10 * n + 10) {
        if child < pages {
            links.push_str(&format!(
                "<li><a href=\"/p/{child}.html\">{} (page {child})</a></li>\n",
                TOPICS[child % TOPICS.len()]
            ));
        }
    }
    let parent = if n == 0 { 0 } else { (n - 1) / 10 };
    // Every third page has an image with no alt text and a sentence that is too
    // long, so the benchmark measures real findings, not an empty report.
    let problems = if n.is_multiple_of(3) {
        "<p><img src=\"/img/clinic.jpg\"></p>\n<p>If you are unable to attend your appointment for any reason whatsoever you must inform the surgery at the earliest possible opportunity so that the appointment can be reallocated to another patient who is waiting to be seen by a clinician.</p>"
    } else {
        "<p><img src=\"/img/clinic.jpg\" alt=\"The front of the surgery\"></p>"
    };
    format!(
        r##"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{topic} - page {n} - Hollybank Surgery</title></head>
<body>
<a href="#main">Skip to main content</a>
<header><nav><ul><li><a href="/p/0.html">Home</a></li><li><a href="/p/{parent}.html">Back</a></li></ul></nav></header>
<main id="main">
<h1>{topic} (page {n})</h1>
<p>You can ask for an appointment by calling 0121 496 0{n:03}, or by coming to the front desk. We are open 8am to 6:30pm, Monday to Friday.</p>
<p>Tell us if you need an interpreter or British Sign Language. We can book one for you at no cost.</p>
{problems}
<h2>More about {topic}</h2>
<ul>
{links}</ul>
<form action="/p/{n}.html"><label for="q{n}">Search</label><input id="q{n}" name="q"><button>Search</button></form>
</main>
<footer><p>Hollybank Surgery, 12 Hollybank Road, Walsall WS1 1AA. Phone 01922 000 000.</p></footer>
</body>
</html>
"##
    )
}

impl Respond for Site {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let path = request.url.path();
        if path == "/" {
            return ResponseTemplate::new(301).insert_header("location", "/p/0.html");
        }
        let n = path
            .strip_prefix("/p/")
            .and_then(|p| p.strip_suffix(".html"))
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| *n < self.pages);
        match n {
            Some(n) => ResponseTemplate::new(200)
                .set_body_raw(page(n, self.pages), "text/html; charset=utf-8"),
            None => ResponseTemplate::new(404),
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let pages = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let server = MockServer::builder()
        .disable_request_recording()
        .start()
        .await;
    Mock::given(any())
        .respond_with(Site { pages })
        .mount(&server)
        .await;
    println!("{}/", server.uri());
    let _ = tokio::signal::ctrl_c().await;
}
