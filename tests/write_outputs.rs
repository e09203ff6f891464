//! Writing where the user points (issue 22): carelint writes through
//! symlinks, into pipes and devices in place, `-` to standard output, and
//! checks every output before the first page is read. None of these tests
//! needs root, and none points a write at the machine's real `/dev/null`
//! while running as root: a failing test must not break the machine.
#![allow(clippy::unwrap_used)]

use std::io::Read as _;
use std::os::unix::fs::FileTypeExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_carelint"))
}

fn demo_site() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo-site")
}

fn carelint(dir: &Path) -> Command {
    let mut cmd = Command::new(bin());
    cmd.env("CARELINT_NO_CONFIG", "1")
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        // A fixed time: two whole runs write the same bytes.
        .env("SOURCE_DATE_EPOCH", "1796663602")
        .current_dir(dir)
        .stdin(Stdio::null());
    cmd
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo failed");
}

/// A character device this test may write to: its own copy of the null
/// device when root (made with mknod in a temporary folder), else the real
/// `/dev/null`, which an ordinary user cannot replace.
fn null_device(dir: &Path) -> PathBuf {
    if is_root() {
        let path = dir.join("null");
        let status = Command::new("mknod")
            .arg(&path)
            .args(["c", "1", "3"])
            .status()
            .unwrap();
        assert!(status.success(), "mknod failed");
        path
    } else {
        PathBuf::from("/dev/null")
    }
}

fn is_fifo(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

fn is_char_device(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_char_device())
}

/// The "done when" run: JSON to a FIFO with a reader, CSV to a
/// character device, SARIF through a symlink and Markdown to `-`, all in one.
#[test]
fn one_run_writes_to_a_fifo_a_device_a_symlink_and_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("report.pipe");
    mkfifo(&fifo);
    let device = null_device(dir.path());
    std::fs::create_dir(dir.path().join("runs")).unwrap();
    let target = dir.path().join("runs/2026-12-07.sarif");
    std::fs::write(&target, "old").unwrap();
    let link = dir.path().join("latest.sarif");
    std::os::unix::fs::symlink("runs/2026-12-07.sarif", &link).unwrap();

    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            std::fs::File::open(fifo)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            text
        })
    };
    let out = carelint(dir.path())
        .arg("check")
        .arg(demo_site())
        .arg(format!("-f=json={}", fifo.display()))
        .arg(format!("-f=csv={}", device.display()))
        .args([
            "-f",
            "sarif=latest.sarif",
            "-f",
            "md=-",
            "--fail-on",
            "never",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_str(&reader.join().unwrap()).unwrap();
    assert_eq!(
        json["summary"]["pages"], 11,
        "the whole report came through"
    );
    assert!(is_fifo(&fifo), "the FIFO is still a FIFO");
    assert!(is_char_device(&device), "the device is still a device");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the symlink is still a symlink"
    );
    let sarif: Value = serde_json::from_slice(&std::fs::read(&target).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0", "its target holds the SARIF");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("## carelint"),
        "Markdown on stdout: {stdout}"
    );
    assert!(!dir.path().join("-").exists(), "no file named -");
}

#[test]
fn a_report_replaces_an_old_one_and_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("carelint.json");
    std::fs::write(&report, "old").unwrap();
    std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o640)).unwrap();
    let status = carelint(dir.path())
        .arg("check")
        .arg(demo_site())
        .args(["-f", "json=carelint.json", "--fail-on", "never"])
        .status()
        .unwrap();
    assert!(status.success());
    let json: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(json["summary"]["pages"], 11);
    let mode = std::fs::metadata(&report).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
}

/// A local site whose every page is counted: a refused run must make no
/// request at all.
async fn counting_site() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "<!DOCTYPE html><html lang=\"en\"><head><title>Home - Palfrey Lane Surgery</title></head>\
             <body><main><h1>Home</h1><p>Call us on 01632 960000.</p></main></body></html>",
            "text/html; charset=utf-8",
        ))
        .mount(&server)
        .await;
    server
}

async fn refused_before_any_request(args: &[&str], says: &str) {
    let server = counting_site().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a-file"), "x").unwrap();
    let out = carelint(dir.path())
        .arg("check")
        .arg(server.uri())
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(
        stderr.contains(says),
        "{args:?}: {stderr} should say {says:?}"
    );
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 0, "{args:?}: no page fetched");
}

#[tokio::test]
async fn the_same_path_twice_is_refused_before_any_page_is_fetched() {
    refused_before_any_request(
        &["-f", "json=a.json", "-f", "sarif=./a.json"],
        "json and sarif would both be written there",
    )
    .await;
    refused_before_any_request(
        &["-f", "text", "-f", "json=/dev/stdout"],
        "both go to standard output",
    )
    .await;
}

#[tokio::test]
async fn an_unwritable_output_is_refused_before_any_page_is_fetched() {
    refused_before_any_request(
        &["-f", "json=a-file/report.json"],
        "cannot write a-file/report.json: a-file is a file, not a folder",
    )
    .await;
    // Not even root can make a file in /proc.
    refused_before_any_request(
        &["-f", "json=/proc/carelint-report.json"],
        "give a path in a folder you can write to",
    )
    .await;
    refused_before_any_request(&["--archive", "a-file"], "a-file is a file, not a folder").await;
    if !is_root() {
        // Root may write anywhere, so a read-only folder only stops others.
        use std::os::unix::fs::PermissionsExt as _;
        let locked = tempfile::tempdir().unwrap();
        std::fs::set_permissions(locked.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
        let path = format!("json={}/report.json", locked.path().display());
        refused_before_any_request(&["-f", &path], "you do not have permission").await;
    }
}

#[test]
fn the_baseline_path_is_checked_before_the_audit() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a-file"), "x").unwrap();
    let out = carelint(dir.path())
        .args(["baseline", "create", "--reason", "test"])
        .args(["--baseline", "a-file/baseline.json"])
        .arg(demo_site())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("a-file is a file, not a folder"),
        "{stderr}"
    );
}

/// As an ordinary user, `-f json=/dev/null` works and leaves the device a
/// device. As root the test drops to the `nobody` user for the run, so a
/// regression could not replace the machine's `/dev/null`.
#[test]
fn an_ordinary_user_can_write_to_dev_null() {
    let page = "<!DOCTYPE html><html lang=\"en\"><head><title>Contact us - Palfrey Lane Surgery</title></head>\
                <body><main><h1>Contact us</h1><p>Call us on 01632 960000.</p></main></body></html>";
    let mut cmd = if is_root() {
        let Ok(setpriv) = which("setpriv") else {
            eprintln!("skipped: running as root without setpriv to drop to an ordinary user");
            return;
        };
        let mut probe = Command::new(&setpriv);
        probe
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(bin())
            .arg("--version");
        if !probe.output().is_ok_and(|o| o.status.success()) {
            eprintln!("skipped: the nobody user cannot run {}", bin().display());
            return;
        }
        let mut cmd = Command::new(setpriv);
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(bin());
        cmd
    } else {
        Command::new(bin())
    };
    let mut child = cmd
        .env("CARELINT_NO_CONFIG", "1")
        .current_dir("/")
        .args(["check", "-", "-f", "json=/dev/null", "--no-baseline"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(page.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(is_char_device(Path::new("/dev/null")));
}

fn which(name: &str) -> Result<PathBuf, ()> {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .ok_or(())
}

/// Killed at any moment, a run leaves the old report whole or the new one
/// whole, never a mix or an empty file.
#[test]
fn a_kill_at_any_moment_leaves_a_whole_report() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let old = "{\"old\": true}\n";
    // How long a whole run takes here, to spread the kills across it.
    let started = Instant::now();
    let status = carelint(dir.path())
        .arg("check")
        .arg(demo_site())
        .args(["-f", "json=new.json", "--fail-on", "never"])
        .status()
        .unwrap();
    assert!(status.success());
    let whole_run = started.elapsed();
    let new = std::fs::read_to_string(dir.path().join("new.json")).unwrap();
    // Kills one run after `delay` and returns what the report then holds.
    let killed_after = |delay: Duration| -> String {
        std::fs::write(&report, old).unwrap();
        let mut child = carelint(dir.path())
            .arg("check")
            .arg(demo_site())
            .args(["-f", "json=report.json", "--fail-on", "never"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let kept = std::fs::read_to_string(&report).unwrap();
        assert!(
            kept == old || kept == new,
            "kill after {delay:?}: the report is neither the old nor the new one whole ({} bytes)",
            kept.len()
        );
        kept
    };
    // Kills later and later until one run got to the end; then more kills
    // between the last that found the old report and the first that found
    // the new one, the window in which the report is written.
    let mut last_old = Duration::ZERO;
    let mut first_new = None;
    for step in 0..40u32 {
        let delay = whole_run * step / 10;
        if killed_after(delay) == new {
            first_new = Some(delay);
            break;
        }
        last_old = delay;
    }
    let first_new = first_new.expect("some run finished before its kill");
    for step in 1..8u32 {
        killed_after(last_old + (first_new - last_old) * step / 8);
    }
}
