//! The layer invariants of ARCHITECTURE.md, checked against the code: every
//! `crate::<module>` path outside `#[cfg(test)]` code, per top-level module, must be
//! one of the directions the table below allows, and the top-level modules import
//! each other without a cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level module → the modules it may use. A module missing here may use none.
/// The reasons are in ARCHITECTURE.md.
const ALLOWED: &[(&str, &[&str])] = &[
    // The model: data and queries; vocabulary-level helpers only. `config` is the
    // site settings a portal carries, `routes` the URL of a column or document.
    ("model", &["amount", "config", "dates", "routes"]),
    ("amount", &[]),
    ("dates", &[]),
    ("routes", &[]),
    ("calendar", &["dates"]),
    ("listing", &["model"]),
    ("diagnostics", &[]),
    ("limits", &["diagnostics"]),
    ("source", &["diagnostics", "limits", "routes"]),
    ("fields", &["dates", "diagnostics", "limits"]),
    ("sheet", &["limits", "source"]),
    ("config", &["diagnostics", "fields", "limits", "source"]),
    ("raw_html", &[]),
    ("visible", &["raw_html"]),
    ("markdown", &["diagnostics", "raw_html", "visible"]),
    ("confinement", &[]),
    ("publication", &["confinement", "diagnostics", "model"]),
    (
        "rows",
        &[
            "amount",
            "confinement",
            "diagnostics",
            "fields",
            "model",
            "sheet",
            "source",
        ],
    ),
    // Reading: files → model. Never an assessment rule (no `check`).
    (
        "load",
        &[
            "amount",
            "config",
            "confinement",
            "dates",
            "diagnostics",
            "fields",
            "limits",
            "markdown",
            "model",
            "publication",
            "routes",
            "rows",
            "source",
            // Only `search::doc_number::clean_doc_number`: a 文号 is stored in the
            // standard form, folded exactly as the index folds it.
            "search",
            // Generated WORD/PDF downloads join the attachments where the portal is
            // assembled, for build and preview alike.
            "downloads",
        ],
    ),
    // Generated downloads: typeset from a document of the model.
    ("downloads", &["diagnostics", "model"]),
    // The rules: over the model. `load` only to load a portal for `xxgk check`
    // (see LOAD_FOR_CHECK).
    (
        "check",
        &[
            "amount",
            "calendar",
            "config",
            "dates",
            "diagnostics",
            "limits",
            "listing",
            "load",
            "markdown",
            "model",
            "publication",
            "raw_html",
            "routes",
            "sheet",
            "source",
            "visible",
        ],
    ),
    // The views: the model, routes and the publication set; never load or check.
    (
        "render",
        &[
            "amount",
            "config",
            "dates",
            "diagnostics",
            "listing",
            "model",
            "publication",
            "routes",
        ],
    ),
    ("output", &["render", "routes"]),
    // `config` for the portal's own 搜索词典.
    ("search", &["config", "model", "publication", "routes"]),
    (
        "build",
        &[
            "check",
            "config",
            "diagnostics",
            "load",
            "model",
            "output",
            "render",
            "routes",
            "search",
        ],
    ),
    (
        "serve",
        &[
            "build",
            "check",
            "config",
            "diagnostics",
            "listing",
            "load",
            "model",
            "publication",
            "render",
            "routes",
            "search",
            "downloads",
        ],
    ),
    (
        "scaffold",
        &["config", "dates", "diagnostics", "load", "model"],
    ),
    ("corpus", &["scaffold"]),
    // `xxgk import`: a Word file → a new document, as `xxgk new` writes one, then the
    // lines `check` reports for it.
    (
        "word",
        &[
            "check",
            "config",
            "dates",
            "diagnostics",
            "limits",
            "load",
            "model",
            "scaffold",
        ],
    ),
];

/// What of `load` the rules may use: loading a portal (`xxgk check`) and joining a
/// relative path (the link rule). Nothing of reading itself.
const LOAD_FOR_CHECK: &[&str] = &["load", "LoadOptions"];

/// What the binary may call: it parses arguments and calls a stage.
const MAIN_MAY_CALL: &[&str] = &[
    "build",
    "check",
    "config",
    "corpus",
    "dates",
    "diagnostics",
    "load",
    "model",
    "scaffold",
    "search",
    "serve",
    "word",
];

fn sources() -> Vec<PathBuf> {
    let mut out = vec![];
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| n == "tests.rs") {
                // A module's unit tests moved beside it (`#[cfg(test)] mod tests;`):
                // test code, like an inline `#[cfg(test)]` block.
                continue;
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The code of a file without comments, string and char literals, and without the
/// items under `#[cfg(test)]`.
fn code(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !ident(b.get(i.wrapping_sub(1)))
        {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            'raw: while j < b.len() {
                if b[j] == '"' && (0..hashes).all(|h| b.get(j + 1 + h) == Some(&'#')) {
                    j += 1 + hashes;
                    break 'raw;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{..}'), or a lifetime (kept).
            if b.get(i + 2) == Some(&'\'') && next != Some('\\') {
                i += 3;
                out.push_str("' '");
            } else if next == Some('\\') {
                let mut j = i + 2;
                while j < b.len() && b[j] != '\'' {
                    j += 1;
                }
                i = j + 1;
                out.push_str("' '");
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    strip_cfg_test(&out)
}

fn ident(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || *c == '_')
}

/// Removes every item that follows `#[cfg(test)]`: up to its `;` or its matching `}`.
fn strip_cfg_test(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "#[cfg(test)]".len()..];
        let mut depth = 0usize;
        let mut end = after.len();
        for (i, ch) in after.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The top-level module a file belongs to (`src/load/kinds/budget.rs` → `load`).
fn top_module(path: &Path) -> String {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let rel = path.strip_prefix(&src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// Every `<root>::a::b` path in the code, as (a, b): `use <root>::{a, b::c}` counts
/// `a` and `b` (b with its item `c`).
fn paths(code: &str, root: &str) -> Vec<(String, String)> {
    let mut out = vec![];
    let pat = format!("{root}::");
    let mut from = 0;
    while let Some(at) = code[from..].find(&pat) {
        let start = from + at;
        from = start + pat.len();
        if ident(code[..start].chars().last().as_ref()) {
            continue;
        }
        let rest = &code[from..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut end = 0;
            for (i, ch) in group.char_indices() {
                match ch {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let inner = &group[..end];
            // Split at top-level commas.
            let mut depth = 0;
            let mut part = String::new();
            let mut parts = vec![];
            for ch in inner.chars() {
                match ch {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        parts.push(std::mem::take(&mut part));
                        continue;
                    }
                    _ => {}
                }
                part.push(ch);
            }
            parts.push(part);
            for p in parts {
                let p: String = p.chars().filter(|c| !c.is_whitespace()).collect();
                if p.is_empty() {
                    continue;
                }
                let (m, item) = p.split_once("::").unwrap_or((&p, ""));
                out.push((m.to_string(), item.to_string()));
            }
        } else {
            let name: String = rest.chars().take_while(|c| ident(Some(c))).collect();
            let after = &rest[name.len()..];
            let item: String = after
                .strip_prefix("::")
                .map(|a| {
                    a.chars()
                        .take_while(|c| {
                            ident(Some(c))
                                || *c == '{'
                                || *c == '}'
                                || *c == ','
                                || *c == ' '
                                || *c == ':'
                        })
                        .collect()
                })
                .unwrap_or_default();
            out.push((name, item));
        }
    }
    out
}

struct Graph {
    /// module → used module → the files that use it.
    edges: BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
    violations: Vec<String>,
}

fn graph() -> Graph {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut g = Graph {
        edges: BTreeMap::new(),
        violations: vec![],
    };
    for file in sources() {
        let text = std::fs::read_to_string(&file).unwrap();
        let code = code(&text);
        let top = top_module(&file);
        let shown = file
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap()
            .display()
            .to_string();
        if top == "main" {
            for (m, _) in paths(&code, "xxgk") {
                if !MAIN_MAY_CALL.contains(&m.as_str()) {
                    g.violations.push(format!(
                        "{shown}: main.rs only parses and calls, not xxgk::{m}"
                    ));
                }
            }
            continue;
        }
        if top == "lib" {
            continue;
        }
        for (m, item) in paths(&code, "crate") {
            if m == top || m.is_empty() {
                continue;
            }
            g.edges
                .entry(top.clone())
                .or_default()
                .entry(m.clone())
                .or_default()
                .insert(shown.clone());
            let ok = allowed
                .get(top.as_str())
                .is_some_and(|a| a.contains(&m.as_str()));
            if !ok {
                g.violations
                    .push(format!("{shown}: {top} may not use crate::{m}"));
            }
            if top == "check" && m == "load" {
                let first: String = item.chars().take_while(|c| ident(Some(c))).collect();
                let items: Vec<String> = if item.starts_with('{') {
                    item.trim_matches(|c| c == '{' || c == '}')
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .collect()
                } else {
                    vec![first]
                };
                for i in items {
                    if !i.is_empty() && i != "self" && !LOAD_FOR_CHECK.contains(&i.as_str()) {
                        g.violations
                            .push(format!("{shown}: check may not use load::{i}"));
                    }
                }
            }
        }
        // Search reads the model through one adapter.
        if top == "search" && !shown.ends_with("search/portal.rs") {
            for (m, _) in paths(&code, "crate") {
                if m == "model" {
                    g.violations.push(format!(
                        "{shown}: search reads the model only through search/portal.rs"
                    ));
                }
            }
        }
    }
    g
}

/// A cycle among the modules, if there is one: the path that closes it.
fn cycle(edges: &BTreeMap<String, BTreeMap<String, BTreeSet<String>>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(n) {
            Some(2) => return None,
            Some(1) => {
                let at = path.iter().position(|p| p == n).unwrap();
                let mut c = path[at..].to_vec();
                c.push(n.to_string());
                return Some(c);
            }
            _ => {}
        }
        state.insert(n.to_string(), 1);
        path.push(n.to_string());
        if let Some(next) = edges.get(n) {
            for m in next.keys() {
                if let Some(c) = visit(m, edges, state, path) {
                    return Some(c);
                }
            }
        }
        path.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in edges.keys() {
        if let Some(c) = visit(n, edges, &mut state, &mut vec![]) {
            return Some(c);
        }
    }
    None
}

#[test]
fn imports_follow_the_allowed_directions() {
    let g = graph();
    assert!(
        g.violations.is_empty(),
        "imports against ARCHITECTURE.md:\n{}",
        g.violations.join("\n")
    );
}

#[test]
fn the_top_level_modules_import_each_other_without_a_cycle() {
    let g = graph();
    if let Some(c) = cycle(&g.edges) {
        let hops: Vec<String> = c
            .windows(2)
            .map(|w| {
                let files = &g.edges[&w[0]][&w[1]];
                format!(
                    "{} → {} ({})",
                    w[0],
                    w[1],
                    files.iter().cloned().collect::<Vec<_>>().join(", ")
                )
            })
            .collect();
        panic!("import cycle:\n{}", hops.join("\n"));
    }
}

#[test]
fn the_checker_sees_paths_and_skips_tests_and_literals() {
    let text = r#"
use crate::model::{Portal, kinds::budget};
use crate::{amount::Amount, dates};
// crate::commented
fn f() { let s = "crate::in_string"; let c = '{'; crate::routes::Page::Home; }
#[cfg(test)]
mod tests { use crate::load::load; fn g() { let x = '}'; } }
fn h() -> crate::listing::X { todo!() }
"#;
    let mods: BTreeSet<String> = paths(&code(text), "crate")
        .into_iter()
        .map(|(m, _)| m)
        .collect();
    let want: BTreeSet<String> = ["model", "amount", "dates", "routes", "listing"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(mods, want);
    let mut e: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (a, b) in [("a", "b"), ("b", "c"), ("c", "a")] {
        e.entry(a.into()).or_default().entry(b.into()).or_default();
    }
    assert_eq!(cycle(&e).unwrap(), vec!["a", "b", "c", "a"]);
}
