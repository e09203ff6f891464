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
//! - `"header-without-cells"`: a header cell of a visible data table that no
//!   cell belongs to (ACT d0f69e): a column header with no cell below it in
//!   its columns, or a row header alone in its row, when no cell names it in
//!   `headers` either. Cells are laid out with `colspan` and `rowspan` as the
//!   HTML table model does; a cell with a `headers` attribute belongs only
//!   to the headers it names. A table with no cells but headers is skipped:
//!   its rows may be added by a script. The finding is at the header cell;
//!   `{header}` is its text.
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
    HeaderWithoutCells,
    LayoutSemantics,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
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
                Problem::HeaderWithoutCells => {
                    if layout
                        || role_of(element)
                            .is_some_and(|r| !matches!(r.as_str(), "table" | "grid" | "treegrid"))
                    {
                        continue;
                    }
                    for header in headers_without_cells(element) {
                        let text = header.text().collect::<String>();
                        out.emit(
                            Hit::element(header.id())
                                .arg("header", crate::page::collapse_whitespace(&text)),
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
                                .arg("what", crate::wording::and_list(&what))
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

/// Largest `colspan` and `rowspan` the HTML table model honours.
const MAX_COLSPAN: usize = 1000;
const MAX_ROWSPAN: usize = 65534;

/// One cell of a table laid out on its grid.
struct Cell<'a> {
    element: ElementRef<'a>,
    x: usize,
    y: usize,
    width: usize,
    height: usize,
    header: bool,
}

/// The table's own rows (in `thead`, `tbody`, `tfoot` or straight in the
/// table), not those of tables nested in its cells.
fn own_rows(table: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    let mut rows = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => rows.push(child),
            "thead" | "tbody" | "tfoot" => rows.extend(
                child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|r| r.value().name() == "tr"),
            ),
            _ => {}
        }
    }
    rows
}

fn span_attr(cell: ElementRef<'_>, name: &str, max: usize) -> usize {
    cell.value()
        .attr(name)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .map_or(1, |n| n.clamp(0, max))
}

/// Lays out the table's cells on a grid, as the HTML table model does
/// (`rowspan="0"` runs to the last row).
fn lay_out(table: ElementRef<'_>) -> Vec<Cell<'_>> {
    let rows = own_rows(table);
    let mut taken: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    let mut cells = Vec::new();
    for (y, row) in rows.iter().enumerate() {
        let mut x = 0;
        for cell in row
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|c| matches!(c.value().name(), "td" | "th"))
        {
            while taken.contains(&(x, y)) {
                x += 1;
            }
            let width = span_attr(cell, "colspan", MAX_COLSPAN).max(1);
            let height = match span_attr(cell, "rowspan", MAX_ROWSPAN) {
                0 => rows.len() - y,
                n => n.min(rows.len() - y),
            };
            for dy in 0..height {
                for dx in 0..width {
                    taken.insert((x + dx, y + dy));
                }
            }
            let role = role_of(cell);
            let header = matches!(role.as_deref(), Some("columnheader" | "rowheader"))
                || (cell.value().name() == "th" && role.is_none());
            cells.push(Cell {
                element: cell,
                x,
                y,
                width,
                height,
                header,
            });
            x += width;
        }
    }
    cells
}

/// The visible header cells of a table that no cell belongs to.
fn headers_without_cells(table: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    let cells = lay_out(table);
    // Rows still to come from a script leave headers with nothing yet.
    if cells.iter().all(|c| c.header) {
        return Vec::new();
    }
    let named: BTreeSet<&str> = cells
        .iter()
        .filter_map(|c| c.element.value().attr("headers"))
        .flat_map(str::split_whitespace)
        .collect();
    let overlaps = |a: usize, a_len: usize, b: usize, b_len: usize| a < b + b_len && b < a + a_len;
    let rtl = std::iter::once(table)
        .chain(table.ancestors().filter_map(ElementRef::wrap))
        .find_map(|e| e.value().attr("dir"))
        .is_some_and(|d| d.trim().eq_ignore_ascii_case("rtl"));
    let mut out = Vec::new();
    for h in cells.iter().filter(|c| c.header && !is_hidden(c.element)) {
        if h.element.value().id().is_some_and(|id| named.contains(id)) {
            continue;
        }
        let role = role_of(h.element);
        let scope = h
            .element
            .value()
            .attr("scope")
            .map(|s| s.trim().to_ascii_lowercase());
        let (heads_row, heads_column) = match (role.as_deref(), scope.as_deref()) {
            (Some("rowheader"), _) | (_, Some("row" | "rowgroup")) => (true, false),
            (Some("columnheader"), _) | (_, Some("col" | "colgroup")) => (false, true),
            // The HTML "auto" state heads both ways.
            _ => (true, true),
        };
        // Cells with `headers` belong only to the headers they name.
        let implicit =
            |c: &&Cell<'_>| !std::ptr::eq(*c, h) && c.element.value().attr("headers").is_none();
        // A header heads the cells after it in its row (before it, in a
        // right-to-left table) and below it in its column.
        let after = |c: &Cell<'_>| {
            if rtl {
                c.x + c.width <= h.x
            } else {
                c.x >= h.x + h.width
            }
        };
        let has_cells = cells.iter().filter(implicit).any(|c| {
            (heads_row && overlaps(c.y, c.height, h.y, h.height) && after(c))
                || (heads_column && c.y >= h.y + h.height && overlaps(c.x, c.width, h.x, h.width))
        });
        if !has_cells {
            out.push(h.element);
        }
    }
    out
}
