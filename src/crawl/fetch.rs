//! One HTTP request at a time, politely: a per-host pace, retries with backoff for
//! transient failures only, `Retry-After` respected, a body cap counted after
//! decompression, and the user's headers sent only where they were meant to go.
//!
//! Redirects are not followed here: the crawl loop follows them itself, one hop at a
//! time, so it can record the chain and check every hop against the scope and
//! robots.txt.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use tokio::time::Instant;
use url::Url;

use super::cookies::CookieJar;

/// The User-Agent carelint sends: its name, version and where to read about it.
pub const USER_AGENT: &str = concat!(
    "carelint/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/carelint/carelint; accessibility and inclusion audit)"
);

/// The product token matched against `User-agent:` lines in robots.txt.
pub const ROBOTS_AGENT: &str = "carelint";

/// Longest `Retry-After` carelint waits for; a server that asks for more gets the
/// page recorded as failed rather than stalling the whole audit.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// How the fetcher behaves.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Per-request timeout, covering connect, headers and body.
    pub timeout: Duration,
    /// Largest body read, counted after decompression.
    pub max_body: usize,
    /// Least time between two requests to one host; zero for no limit.
    pub min_interval: Duration,
    /// Least time between two requests to a loopback host.
    pub loopback_interval: Duration,
    /// First wait before a retry; later retries double it.
    pub retry_base: Duration,
    /// Retries after the first attempt, for transient failures only.
    pub max_retries: u32,
    /// Extra request headers from `--header`: secrets, sent only to start hosts.
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            max_body: 10 * 1024 * 1024,
            min_interval: Duration::from_millis(500),
            loopback_interval: Duration::ZERO,
            retry_base: Duration::from_secs(1),
            max_retries: 2,
            headers: Vec::new(),
        }
    }
}

/// GET or HEAD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Fetch the body too.
    Get,
    /// Only the headers (used for linked documents such as PDFs).
    Head,
}

/// Which bodies to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// Read the body only if it is HTML (pages).
    Html,
    /// Read any successful body (robots.txt, sitemaps).
    Any,
}

/// One HTTP response, before any redirect is followed.
#[derive(Debug, Clone, Default)]
pub struct Hop {
    /// HTTP status code.
    pub status: u16,
    /// The `Location` header of a redirect.
    pub location: Option<String>,
    /// The `Content-Type` header, as sent.
    pub content_type: Option<String>,
    /// The `Content-Length` header, or the bytes read.
    pub length: Option<u64>,
    /// The body, when it was wanted and the status was 2xx.
    pub body: Option<Vec<u8>>,
    /// How many attempts it took.
    pub attempts: u32,
}

impl Hop {
    /// The media type without parameters, lower case (`text/html`).
    #[must_use]
    pub fn media_type(&self) -> Option<String> {
        media_type(self.content_type.as_deref())
    }

    /// The `charset` parameter of the Content-Type header.
    #[must_use]
    pub fn charset(&self) -> Option<String> {
        let ct = self.content_type.as_deref()?;
        ct.split(';').skip(1).find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim()
                .eq_ignore_ascii_case("charset")
                .then(|| v.trim().trim_matches('"').to_owned())
        })
    }
}

/// The media type of a Content-Type value, lower case, without parameters.
#[must_use]
pub fn media_type(content_type: Option<&str>) -> Option<String> {
    let ct = content_type?.split(';').next()?.trim().to_ascii_lowercase();
    (!ct.is_empty()).then_some(ct)
}

/// Whether a response is an HTML page: by its media type, or, when it has none, by
/// how its body starts.
#[must_use]
pub fn is_html(media: Option<&str>) -> bool {
    matches!(media, Some("text/html" | "application/xhtml+xml") | None)
}

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// No response in time (the limit, in seconds, as shown).
    #[error("no response within {0} seconds (timed out)")]
    Timeout(String),
    /// The host name could not be found.
    #[error("could not find the server {0} (DNS lookup failed)")]
    Dns(String),
    /// The secure connection could not be set up.
    #[error("secure connection failed (TLS): {0}")]
    Tls(String),
    /// The connection was refused or dropped.
    #[error("could not connect: {0}")]
    Connect(String),
    /// The body was larger than the cap.
    #[error(
        "the page is larger than {0} bytes (counted after decompression), so it was not checked"
    )]
    TooLarge(usize),
    /// The server asked us to wait longer than we will.
    #[error(
        "the server asked carelint to wait {0} seconds before trying again (HTTP {1}); carelint waits at most 60"
    )]
    WaitTooLong(u64, u16),
    /// Anything else.
    #[error("{0}")]
    Other(String),
}

/// Sends requests, one host at a pace.
pub struct Fetcher {
    client: reqwest::Client,
    config: HttpConfig,
    cookies: Option<CookieJar>,
    /// When each host may next be asked, and any Crawl-delay it set.
    pace: Mutex<HashMap<String, (Instant, Duration)>>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print header values or cookies: they may be secrets.
        f.debug_struct("Fetcher")
            .field("headers", &self.config.headers.len())
            .field("cookies", &self.cookies)
            .finish_non_exhaustive()
    }
}

/// Whether a host is this machine, where pacing would only slow tests and staging
/// runs down.
#[must_use]
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// `host` or `host:port`, the unit of politeness.
fn host_key(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        _ => String::new(),
    }
}

/// Seconds (or an HTTP date) from a `Retry-After` header.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// Turns a reqwest error into a plain reason.
fn classify(error: &reqwest::Error, timeout: Duration, url: &Url) -> FetchError {
    if error.is_timeout() {
        return FetchError::Timeout(seconds(timeout));
    }
    // The useful detail is at the bottom of the source chain.
    let mut chain = Vec::new();
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        chain.push(e.to_string());
        source = e.source();
    }
    let detail = chain.last().cloned().unwrap_or_default();
    let all = chain.join(": ").to_ascii_lowercase();
    if all.contains("dns error") || all.contains("failed to lookup address") {
        return FetchError::Dns(url.host_str().unwrap_or_default().to_owned());
    }
    if all.contains("certificate") || all.contains("tls") || all.contains("handshake") {
        return FetchError::Tls(detail);
    }
    if error.is_connect() {
        return FetchError::Connect(detail);
    }
    if error.is_timeout() {
        return FetchError::Timeout(seconds(timeout));
    }
    FetchError::Other(detail)
}

/// A duration in seconds as people write it: "30", "0.5".
fn seconds(d: Duration) -> String {
    let s = format!("{:.1}", d.as_secs_f64());
    s.strip_suffix(".0").map_or(s.clone(), str::to_owned)
}

/// Whether a failure may go away on its own.
fn is_transient_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

impl Fetcher {
    /// Builds the HTTP client.
    ///
    /// # Errors
    /// When the TLS setup fails.
    pub fn new(config: HttpConfig, cookies: Option<CookieJar>) -> Result<Self, FetchError> {
        // reqwest is built without a default crypto provider (see Cargo.toml); a
        // second install attempt fails harmlessly.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(10)))
            .gzip(true)
            .brotli(true)
            .tls_backend_rustls()
            .build()
            .map_err(|e| FetchError::Other(format!("cannot set up HTTP: {e}")))?;
        Ok(Self {
            client,
            config,
            cookies,
            pace: Mutex::new(HashMap::new()),
        })
    }

    /// Sets a host's Crawl-delay from its robots.txt.
    pub fn set_crawl_delay(&self, url: &Url, delay: Duration) {
        if let Ok(mut pace) = self.pace.lock() {
            let entry = pace
                .entry(host_key(url))
                .or_insert((Instant::now(), Duration::ZERO));
            entry.1 = delay;
        }
    }

    /// Waits for this host's turn.
    async fn wait_turn(&self, url: &Url) {
        let key = host_key(url);
        let base = if url.host_str().is_some_and(is_loopback) {
            self.config.loopback_interval
        } else {
            self.config.min_interval
        };
        let slot = {
            let Ok(mut pace) = self.pace.lock() else {
                return;
            };
            let now = Instant::now();
            let entry = pace.entry(key).or_insert((now, Duration::ZERO));
            let slot = entry.0.max(now);
            entry.0 = slot + base.max(entry.1);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }

    /// One request, retried for transient failures. `send_secrets` says whether the
    /// user's `--header` values may go to this URL's host.
    ///
    /// # Errors
    /// A [`FetchError`] when no usable response came.
    pub async fn get(
        &self,
        url: &Url,
        method: Method,
        want: Want,
        send_secrets: bool,
    ) -> Result<Hop, FetchError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.wait_turn(url).await;
            let result = self.attempt(url, method, want, send_secrets).await;
            let retries_left = attempt <= self.config.max_retries;
            let backoff = self.config.retry_base * 2u32.saturating_pow(attempt - 1);
            match result {
                Ok((mut hop, wait)) if is_transient_status(hop.status) && retries_left => {
                    let wait = wait.unwrap_or(backoff);
                    if wait > MAX_RETRY_AFTER {
                        return Err(FetchError::WaitTooLong(wait.as_secs(), hop.status));
                    }
                    hop.attempts = attempt;
                    tokio::time::sleep(wait).await;
                }
                Ok((mut hop, _)) => {
                    hop.attempts = attempt;
                    return Ok(hop);
                }
                // A dropped connection is worth one more try; a timeout is not:
                // a stalled page would cost twice the timeout.
                Err(FetchError::Connect(_) | FetchError::Other(_))
                    if attempt <= self.config.max_retries.min(1) =>
                {
                    tokio::time::sleep(backoff).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    async fn attempt(
        &self,
        url: &Url,
        method: Method,
        want: Want,
        send_secrets: bool,
    ) -> Result<(Hop, Option<Duration>), FetchError> {
        let mut request = match method {
            Method::Get => self.client.get(url.clone()),
            Method::Head => self.client.head(url.clone()),
        };
        request = request.header(
            header::ACCEPT,
            "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
        );
        if send_secrets {
            for (name, value) in &self.config.headers {
                request = request.header(name.clone(), value.clone());
            }
        }
        if let Some(cookie) = self.cookies.as_ref().and_then(|j| j.header_for(url))
            && let Ok(mut value) = HeaderValue::from_str(&cookie)
        {
            value.set_sensitive(true);
            request = request.header(header::COOKIE, value);
        }
        let timeout = self.config.timeout;
        let mut response = request
            .send()
            .await
            .map_err(|e| classify(&e, timeout, url))?;
        let status = response.status().as_u16();
        let headers = response.headers();
        let text_header = |name: header::HeaderName| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let mut hop = Hop {
            status,
            location: text_header(header::LOCATION),
            content_type: text_header(header::CONTENT_TYPE),
            length: response.content_length(),
            body: None,
            attempts: 1,
        };
        let wait = retry_after(headers);
        let media = hop.media_type();
        let read = method == Method::Get
            && (200..300).contains(&status)
            && (want == Want::Any || is_html(media.as_deref()));
        if !read {
            return Ok((hop, wait));
        }
        let cap = self.config.max_body;
        // A declared length over the cap is refused before any byte is read. The
        // declared length is of the compressed body, so the count below still runs.
        if hop.length.is_some_and(|l| l > cap as u64) {
            return Err(FetchError::TooLarge(cap));
        }
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > cap {
                        return Err(FetchError::TooLarge(cap));
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Err(classify(&e, timeout, url)),
            }
        }
        hop.length = Some(body.len() as u64);
        hop.body = Some(body);
        Ok((hop, wait))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback("127.0.0.1"));
        assert!(is_loopback("localhost"));
        assert!(is_loopback("[::1]"));
        assert!(!is_loopback("www.nhs.uk"));
        assert!(!is_loopback("10.0.0.1"));
    }

    #[test]
    fn content_type_parts() {
        let hop = Hop {
            content_type: Some("Text/HTML; Charset=\"ISO-8859-1\"".to_owned()),
            ..Hop::default()
        };
        assert_eq!(hop.media_type().as_deref(), Some("text/html"));
        assert_eq!(hop.charset().as_deref(), Some("ISO-8859-1"));
        assert!(is_html(Some("application/xhtml+xml")));
        assert!(!is_html(Some("application/pdf")));
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(
            header::RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        // A date in the past means "now".
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
    }
}
