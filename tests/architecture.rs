//! The rules of the road from ARCHITECTURE.md, checked on the source: data
//! flows one way (input → page model → checks → findings → policy →
//! reporters), so no module imports one that imports it back, reporters
//! and checks stay on their side of the flow, and no file grows past what
//! one person can hold in their head.
//!
//! A module here is a top-level module of the crate (`src/audit.rs`,
//! `src/checks/…`), except that the report model (`src/report/model.rs`) is
//! its own: it is the data every other part reads, not a reporter.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Longest a source file may be, in lines of code: not blank, not a comment,
/// and not in its `#[cfg(test)]` tests.
const MAX_CODE_LINES: usize = 800;

/// Modules that must not be imported by the one named first.
const FORBIDDEN: &[(&str, &[&str])] = &[
    // Reporters read the report model, never how pages were found or judged.
    (
        "report",
        &[
            "crawl", "input", "render", "checks", "audit", "policy", "cli",
        ],
    ),
    (
        "report::model",
        &[
            "crawl", "input", "render", "checks", "audit", "policy", "cli", "report",
        ],
    ),
    // Checks judge a page; they never learn where it came from or what
    // becomes of their findings.
    (
        "checks",
        &[
            "crawl",
            "input",
            "render",
            "config",
            "report",
            "report::model",
            "audit",
            "policy",
            "catalogue",
            "cli",
        ],
    ),
    // Style sheets are gathered on the input side: they feed the page
    // model and know nothing of rules, findings or the crawl's insides.
    (
        "stylesheets",
        &[
            "checks",
            "catalogue",
            "audit",
            "crawl",
            "report",
            "config",
            "policy",
            "cli",
        ],
    ),
    // The page model knows nothing of rules.
    (
        "page",
        &[
            "checks",
            "catalogue",
            "audit",
            "crawl",
            "input",
            "stylesheets",
            "render",
            "report",
            "config",
        ],
    ),
    // The readability engine knows no HTML.
    ("readability", &["page", "checks", "report", "audit"]),
    // Settings are read before the engine runs, and know nothing of it.
    ("config", &["audit", "policy", "cli", "crawl", "input"]),
    // The crawler fetches pages; it does not judge them or report.
    (
        "crawl",
        &["checks", "audit", "policy", "report", "cli", "config"],
    ),
    // The browser (`--render`) turns addresses into snapshots, like the
    // crawler turns them into bytes: it neither judges nor reports.
    (
        "render",
        &[
            "checks", "audit", "policy", "report", "cli", "config", "page",
        ],
    ),
    // Nothing below the command line prints or parses arguments.
    ("audit", &["cli", "report"]),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file belongs to, or `None` for the crate roots.
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).unwrap().with_extension("");
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.first().map(String::as_str) {
        None | Some("lib" | "main") => None,
        Some("report") if parts.get(1).is_some_and(|p| p == "model") => {
            Some("report::model".to_owned())
        }
        Some(first) => Some(first.to_owned()),
    }
}

/// A file's code without its unit tests or its comments.
fn code(text: &str) -> String {
    let end = text.find("#[cfg(test)]").unwrap_or(text.len());
    text[..end]
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            !t.starts_with("//")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The crate modules a file's code names: `crate::x` paths, and the names
/// inside `use crate::{x, y::z}`.
fn imports(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            // Only the first name of each item in the group is a module.
            let mut depth = 0;
            let mut item_start = true;
            for (i, c) in group[..end].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => {
                        let word: String = group[i..]
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        let model =
                            word == "report" && group[i + word.len()..].starts_with("::model");
                        found.insert(if model {
                            "report::model".to_owned()
                        } else {
                            word
                        });
                        item_start = false;
                    }
                    _ => {}
                }
            }
            continue;
        }
        let word: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if word == "report" && rest[word.len()..].starts_with("::model") {
            found.insert("report::model".to_owned());
        } else if !word.is_empty() {
            found.insert(word);
        }
    }
    found
}

struct Source {
    path: PathBuf,
    module: String,
    code: String,
}

fn sources() -> Vec<Source> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let module = module_of(&path)?;
            let code = code(&std::fs::read_to_string(&path).unwrap());
            Some(Source { path, module, code })
        })
        .collect()
}

/// Which modules import which, with the file that does it for messages.
fn graph() -> BTreeMap<String, BTreeMap<String, PathBuf>> {
    let mut graph: BTreeMap<String, BTreeMap<String, PathBuf>> = BTreeMap::new();
    for s in sources() {
        let entry = graph.entry(s.module.clone()).or_default();
        for target in imports(&s.code) {
            if target != s.module {
                entry.entry(target).or_insert_with(|| s.path.clone());
            }
        }
    }
    graph
}

fn rel(path: &Path) -> String {
    path.strip_prefix(src().parent().unwrap())
        .unwrap()
        .display()
        .to_string()
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = graph();
    // Strongly connected components (Tarjan): any with more than one module
    // is a cycle, however long.
    struct Tarjan<'a> {
        graph: &'a BTreeMap<String, BTreeMap<String, PathBuf>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        cycles: Vec<Vec<&'a str>>,
    }
    impl<'a> Tarjan<'a> {
        fn visit(&mut self, v: &'a str) {
            self.index.insert(v, self.next);
            self.low.insert(v, self.next);
            self.next += 1;
            self.stack.push(v);
            self.on_stack.insert(v);
            let graph = self.graph;
            for w in graph.get(v).into_iter().flat_map(|m| m.keys()) {
                let w = w.as_str();
                if !graph.contains_key(w) {
                    continue;
                }
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.on_stack.contains(w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort_unstable();
                    self.cycles.push(component);
                }
            }
        }
    }
    let mut t = Tarjan {
        graph: &graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        cycles: Vec::new(),
    };
    for v in graph.keys() {
        if !t.index.contains_key(v.as_str()) {
            t.visit(v);
        }
    }
    let cycles = std::mem::take(&mut t.cycles);
    let mut described = Vec::new();
    for c in &cycles {
        let mut edges = Vec::new();
        for a in c {
            for b in c {
                if let Some(file) = graph[*a].get(*b) {
                    edges.push(format!("{a} -> {b} ({})", rel(file)));
                }
            }
        }
        described.push(edges.join("; "));
    }
    assert!(
        described.is_empty(),
        "modules that import each other:\n{}",
        described.join("\n")
    );
}

#[test]
fn each_layer_imports_only_what_it_may() {
    let graph = graph();
    let mut broken = Vec::new();
    for (module, banned) in FORBIDDEN {
        let Some(imports) = graph.get(*module) else {
            broken.push(format!("{module}: no such module (update FORBIDDEN)"));
            continue;
        };
        for b in *banned {
            if let Some(file) = imports.get(*b) {
                broken.push(format!("{module} imports {b} ({})", rel(file)));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn no_source_file_is_over_800_lines_of_code() {
    let long: Vec<String> = sources()
        .iter()
        .filter_map(|s| {
            let n = s.code.lines().filter(|l| !l.trim().is_empty()).count();
            (n > MAX_CODE_LINES).then(|| format!("{}: {n} lines of code", rel(&s.path)))
        })
        .collect();
    assert!(long.is_empty(), "split by job:\n{}", long.join("\n"));
}

/// The checker itself: it must see both kinds of import, or the tests
/// above could pass by seeing nothing.
#[test]
fn imports_are_read_from_paths_and_groups() {
    let found = imports(
        "use crate::page::{Page, Span};\nuse crate::{finding::Finding, report::model::PageInfo};\n\
         fn f() { crate::clock::now(); }",
    );
    let want: BTreeSet<String> = ["page", "finding", "report::model", "clock"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    assert_eq!(found, want);
    let found = imports("let x = crate::report::model::Summary::default();");
    assert!(found.contains("report::model"), "{found:?}");
    assert!(graph().contains_key("checks"), "the source tree was read");
}
