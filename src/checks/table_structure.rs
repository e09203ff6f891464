//! `table-structure`: flags tables whose header markup is missing, broken or
//! on a table that says it is only for layout.
//!
//! ## What it checks
//! Each table is read once, with its own rows and cells (not those of tables
//! nested inside it). `problem` picks what is flagged:
//! - `"missing-headers"`: a visible data table (not `role="presentation"` or
//!   `"none"`) with at least 2 rows and a row of at least 2 cells, and no
//!   header cell: no `th`, and no cell with `role="columnheader"` or
//!   `"rowheader"`. The finding is at the table.
//! - `"broken-headers"`: a cell's `headers` attribute names an id that is not
//!   a cell (`td` or `th`) of the same table, or the cell itself (ACT a25f45).
//!   One finding per table and missing id, at the first cell that uses it.
//!   Tables with a role other than `table`, `grid` or `treegrid` are skipped.
//! - `"layout-semantics"`: a table with `role="presentation"` or `"none"` that
//!   still has header cells, a `caption` or a `summary` attribute. The finding
//!   is at the table.
//!
//! `{rows}` and `{columns}` count the table's rows and widest row, `{id}` is
//! the id a `headers` attribute names and `{why}` what it is instead,
//! `{what}` lists what a layout table has and `{role}` is its role.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "table-structure"
//! problem = "missing-headers"
//! ```

use std::collections::{BTreeSet, HashMap};

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::ElementRef;
use serde::Deserialize;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, is_hidden};

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum Problem {
    MissingHeaders,
    BrokenHeaders,
    LayoutSemantics,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[allow(dead_code)]
    kind: String,
    problem: Problem,
}

#[derive(Debug)]
pub(crate) struct TableStructure {
    problem: Problem,
}

impl TableStructure {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self { problem: p.problem })
    }
}

/// What one table holds, counting only its own rows and cells.
#[derive(Default)]
struct Table {
    element: Option<NodeId>,
    rows: usize,
    columns: usize,
    cells_in_row: usize,
    header_cells: usize,
    captions: usize,
    /// Cells with a `headers` attribute: (cell, its id, the attribute).
    with_headers: Vec<(NodeId, Option<String>, String)>,
}

/// The element's explicit ARIA role, as browsers pick it from the attribute.
fn role_of(element: ElementRef<'_>) -> Option<String> {
    crate::aria::aria()
        .explicit_role(element)
        .map(str::to_owned)
}

fn is_layout(element: ElementRef<'_>) -> bool {
    matches!(role_of(element).as_deref(), Some("presentation" | "none"))
}

/// Reads every table of a page in one walk. Returns the tables in document
/// order and, for each id on a cell, the index of the cell's table.
fn read_tables(page: &Page) -> (Vec<Table>, HashMap<String, usize>) {
    let mut tables: Vec<Table> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut cell_ids: HashMap<String, usize> = HashMap::new();
    for edge in page.root().traverse() {
        match edge {
            Edge::Open(node) => {
                let Some(element) = ElementRef::wrap(node) else {
                    continue;
                };
                let el = element.value();
                match el.name() {
                    "table" => {
                        open.push(tables.len());
                        tables.push(Table {
                            element: Some(node.id()),
                            ..Table::default()
                        });
                    }
                    "tr" => {
                        if let Some(t) = open.last().and_then(|i| tables.get_mut(*i)) {
                            t.rows += 1;
                            t.cells_in_row = 0;
                        }
                    }
                    "td" | "th" => {
                        let Some(&index) = open.last() else { continue };
                        let Some(t) = tables.get_mut(index) else {
                            continue;
                        };
                        t.cells_in_row += 1;
                        t.columns = t.columns.max(t.cells_in_row);
                        let role = role_of(element);
                        if matches!(role.as_deref(), Some("columnheader" | "rowheader"))
                            || (el.name() == "th" && role.is_none())
                        {
                            t.header_cells += 1;
                        }
                        if let Some(id) = el.id().filter(|id| !id.is_empty()) {
                            cell_ids.entry(id.to_owned()).or_insert(index);
                        }
                        if let Some(headers) = el.attr("headers") {
                            t.with_headers.push((
                                node.id(),
                                el.id().map(str::to_owned),
                                headers.to_owned(),
                            ));
                        }
                    }
                    "caption" => {
                        if let Some(t) = open.last().and_then(|i| tables.get_mut(*i)) {
                            t.captions += 1;
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if node
                    .value()
                    .as_element()
                    .is_some_and(|e| e.name() == "table")
                {
                    open.pop();
                }
            }
        }
    }
    (tables, cell_ids)
}

impl PageCheck for TableStructure {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let (tables, cell_ids) = read_tables(page);
        for (index, table) in tables.iter().enumerate() {
            let Some(element) = table
                .element
                .and_then(|id| page.html().tree.get(id))
                .and_then(ElementRef::wrap)
            else {
                continue;
            };
            if is_hidden(element) {
                continue;
            }
            let layout = is_layout(element);
            match self.problem {
                Problem::MissingHeaders => {
                    if !layout && table.rows >= 2 && table.columns >= 2 && table.header_cells == 0 {
                        out.emit(
                            Hit::element(element.id())
                                .arg("rows", table.rows)
                                .arg("columns", table.columns),
                        );
                    }
                }
                Problem::LayoutSemantics => {
                    if !layout {
                        continue;
                    }
                    let mut what = Vec::new();
                    if table.header_cells > 0 {
                        what.push("header cells (<th>)");
                    }
                    if table.captions > 0 {
                        what.push("a <caption>");
                    }
                    if element
                        .value()
                        .attr("summary")
                        .is_some_and(|s| !s.trim().is_empty())
                    {
                        what.push("a summary attribute");
                    }
                    if !what.is_empty() {
                        out.emit(
                            Hit::element(element.id())
                                .arg("what", join_and(&what))
                                .arg("role", role_of(element).unwrap_or_default()),
                        );
                    }
                }
                Problem::BrokenHeaders => {
                    // A table given another role (`region`, `list`) is not a
                    // table to assistive technology, so its cells have no
                    // headers to get wrong.
                    if role_of(element)
                        .is_some_and(|r| !matches!(r.as_str(), "table" | "grid" | "treegrid"))
                    {
                        continue;
                    }
                    let mut reported = BTreeSet::new();
                    for (cell, own_id, headers) in &table.with_headers {
                        for id in headers.split_whitespace() {
                            let ok =
                                cell_ids.get(id) == Some(&index) && own_id.as_deref() != Some(id);
                            if ok || !reported.insert(id.to_owned()) {
                                continue;
                            }
                            let why = if own_id.as_deref() == Some(id) {
                                "the cell itself"
                            } else if cell_ids.contains_key(id) {
                                "a cell of another table"
                            } else if page.element_by_id(id).is_some() {
                                "not a table cell"
                            } else {
                                "not on this page"
                            };
                            out.emit(Hit::element(*cell).arg("id", id).arg("why", why));
                        }
                    }
                }
            }
        }
    }
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
