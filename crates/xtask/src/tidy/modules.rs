//! The module graph of each crate, read from its sources without a parser: which module's code
//! names which other module. Good enough for our own tree (checked by the tests below), not a
//! general Rust resolver.
//!
//! - A file is a module: `lib.rs`/`main.rs` is the root, `a.rs` and `a/mod.rs` are `a`,
//!   `a/b.rs` is `a::b`. Modules declared `#[cfg(test)]` and `#[cfg(test)]` items are left out.
//! - An edge A → B is a `use` in A (not a `pub use`: a re-export is a façade, not a dependency)
//!   or an inline path (`crate::b::f()`, `super::f()`, `child::f()`) that lands in B. A path to
//!   an item a module re-exports lands where the item really lives.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path inside one crate (`[]` is the crate root).
pub type ModPath = Vec<String>;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Ident(String),
    Colons,
    Punct(char),
}

/// Tokens of `source` with comments, strings and char literals removed.
fn tokens(source: &str) -> Vec<Tok> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
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
            && raw_string_end(&chars, i).is_some()
        {
            i = raw_string_end(&chars, i).unwrap_or(chars.len());
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{1F600}') or a lifetime ('a).
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            // `b"…"`, `br"…"`: byte strings.
            if (word == "b" || word == "br") && matches!(chars.get(i), Some('"' | '#')) {
                continue;
            }
            out.push(Tok::Ident(word));
        } else if c == ':' && next == Some(':') {
            out.push(Tok::Colons);
            i += 2;
        } else {
            if !c.is_whitespace() {
                out.push(Tok::Punct(c));
            }
            i += 1;
        }
    }
    out
}

/// Where the raw string starting at `i` (`r"…"`, `r#"…"#`) ends, if it is one.
fn raw_string_end(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i + 1;
    let mut hashes = 0;
    while chars.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    if chars.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    while j < chars.len() {
        if chars[j] == '"' && (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(chars.len())
}

fn ident(tok: Option<&Tok>) -> Option<&str> {
    match tok {
        Some(Tok::Ident(word)) => Some(word),
        _ => None,
    }
}

/// `toks` without `#[cfg(test)]` items (and `#[test]` functions).
fn without_test_items(toks: Vec<Tok>) -> Vec<Tok> {
    let mut out = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let is_test_attr = toks[i] == Tok::Punct('#')
            && toks.get(i + 1) == Some(&Tok::Punct('['))
            && (matches!(
                (
                    ident(toks.get(i + 2)),
                    toks.get(i + 3),
                    ident(toks.get(i + 4))
                ),
                (Some("cfg"), Some(Tok::Punct('(')), Some("test"))
            ) || (ident(toks.get(i + 2)) == Some("test")
                && toks.get(i + 3) == Some(&Tok::Punct(']'))));
        if !is_test_attr {
            out.push(toks[i].clone());
            i += 1;
            continue;
        }
        // Skip the attribute, then the item: up to a `;` at depth 0 or a closed `{…}`.
        while i < toks.len() && toks[i] != Tok::Punct(']') {
            i += 1;
        }
        i += 1;
        let mut depth = 0usize;
        while i < toks.len() {
            match toks[i] {
                Tok::Punct('{') => depth += 1,
                Tok::Punct('}') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        i += 1;
                        break;
                    }
                }
                Tok::Punct(';') if depth == 0 => {
                    i += 1;
                    break;
                }
                _ => {}
            }
            i += 1;
        }
    }
    out
}

/// A `use` tree expanded into its paths (`a::{b, c::d}` → `a::b`, `a::c::d`); `*` and
/// `self` stay as segments; `as` renames are returned as the last element's alias.
fn expand_use(toks: &[Tok]) -> Vec<(Vec<String>, Option<String>)> {
    fn tree(
        toks: &[Tok],
        i: &mut usize,
        prefix: &[String],
        out: &mut Vec<(Vec<String>, Option<String>)>,
    ) {
        let mut path = prefix.to_vec();
        loop {
            match toks.get(*i) {
                Some(Tok::Ident(word)) if word == "as" => {
                    *i += 1;
                    let alias = ident(toks.get(*i)).map(str::to_owned);
                    *i += 1;
                    out.push((path, alias));
                    return;
                }
                Some(Tok::Ident(word)) => {
                    path.push(word.clone());
                    *i += 1;
                }
                Some(Tok::Punct('*')) => {
                    path.push("*".to_owned());
                    *i += 1;
                }
                Some(Tok::Colons) => *i += 1,
                Some(Tok::Punct('{')) => {
                    *i += 1;
                    loop {
                        match toks.get(*i) {
                            Some(Tok::Punct('}')) | None => {
                                *i += 1;
                                return;
                            }
                            Some(Tok::Punct(',')) => *i += 1,
                            _ => tree(toks, i, &path, out),
                        }
                    }
                }
                _ => {
                    out.push((path, None));
                    return;
                }
            }
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    tree(toks, &mut i, &[], &mut out);
    out
}

/// What one module's source says.
#[derive(Debug, Default)]
struct Module {
    file: PathBuf,
    /// Child modules declared here (test-only ones excluded).
    children: BTreeSet<String>,
    /// Names of items defined here.
    items: BTreeSet<String>,
    /// `pub use` re-exports: name → path as written; globs as `*`.
    reexports: Vec<(Vec<String>, Option<String>)>,
    /// Private `use`s: path as written, alias.
    uses: Vec<(Vec<String>, Option<String>)>,
    /// Inline paths (`a::b::c` outside `use`), as written.
    paths: Vec<Vec<String>>,
}

fn read_module(file: &Path) -> Module {
    let source = std::fs::read_to_string(file).unwrap_or_default();
    let toks = without_test_items(tokens(&source));
    let mut module = Module {
        file: file.to_path_buf(),
        ..Module::default()
    };
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Ident(word) if word == "use" => {
                let public = i > 0
                    && (ident(toks.get(i - 1)) == Some("pub")
                        || (toks.get(i - 1) == Some(&Tok::Punct(')'))
                            && ident(toks.get(i.saturating_sub(4))) == Some("pub")));
                let end = toks[i..]
                    .iter()
                    .position(|t| *t == Tok::Punct(';'))
                    .map_or(toks.len(), |p| i + p);
                let paths = expand_use(&toks[i + 1..end]);
                if public {
                    module.reexports.extend(paths);
                } else {
                    module.uses.extend(paths);
                }
                i = end + 1;
            }
            Tok::Ident(word) if word == "mod" => {
                if let (Some(name), Some(Tok::Punct(';'))) =
                    (ident(toks.get(i + 1)), toks.get(i + 2))
                {
                    module.children.insert(name.to_owned());
                } else if let Some(name) = ident(toks.get(i + 1)) {
                    module.items.insert(name.to_owned());
                }
                i += 2;
            }
            Tok::Ident(word)
                if matches!(
                    word.as_str(),
                    "fn" | "struct" | "enum" | "trait" | "type" | "const" | "static" | "union"
                ) =>
            {
                if let Some(name) = ident(toks.get(i + 1)) {
                    module.items.insert(name.to_owned());
                }
                i += 2;
            }
            Tok::Ident(word) if word == "macro_rules" => {
                if let Some(name) = ident(toks.get(i + 2)) {
                    module.items.insert(name.to_owned());
                }
                i += 3;
            }
            Tok::Ident(first) if toks.get(i + 1) == Some(&Tok::Colons) => {
                let preceded_by_colons = i > 0 && toks[i - 1] == Tok::Colons;
                let mut path = vec![first.clone()];
                let mut j = i + 1;
                while toks.get(j) == Some(&Tok::Colons) {
                    match ident(toks.get(j + 1)) {
                        Some(next) => path.push(next.to_owned()),
                        None => break,
                    }
                    j += 2;
                }
                if !preceded_by_colons {
                    module.paths.push(path);
                }
                i = j;
            }
            _ => i += 1,
        }
    }
    module
}

/// The modules of the crate whose root file is `root_file`, by path.
fn crate_modules(root_file: &Path) -> BTreeMap<ModPath, Module> {
    let mut modules = BTreeMap::new();
    let mut pending = vec![(Vec::new(), root_file.to_path_buf())];
    while let Some((path, file)) = pending.pop() {
        let module = read_module(&file);
        let is_dir_owner = matches!(
            file.file_name().and_then(|n| n.to_str()),
            Some("lib.rs" | "main.rs" | "mod.rs")
        );
        let dir = if is_dir_owner {
            file.parent().map(Path::to_path_buf).unwrap_or_default()
        } else {
            file.with_extension("")
        };
        for child in &module.children {
            let flat = dir.join(format!("{child}.rs"));
            let nested = dir.join(child).join("mod.rs");
            let child_file = if flat.exists() { flat } else { nested };
            if child_file.exists() {
                let mut child_path = path.clone();
                child_path.push(child.clone());
                pending.push((child_path, child_file));
            }
        }
        modules.insert(path, module);
    }
    modules
}

/// Resolves `written` as seen from module `from` to an absolute path inside the crate, or
/// `None` when it leaves the crate (another crate, std, a local type).
fn absolute(
    modules: &BTreeMap<ModPath, Module>,
    from: &ModPath,
    written: &[String],
) -> Option<Vec<String>> {
    let first = written.first()?;
    let mut base: Vec<String> = match first.as_str() {
        "crate" => Vec::new(),
        "self" => from.clone(),
        "super" => {
            let mut base = from.clone();
            let mut rest = written;
            while rest.first().map(String::as_str) == Some("super") {
                base.pop();
                rest = &rest[1..];
            }
            base.extend(rest.iter().cloned());
            return Some(base);
        }
        name if modules.get(from).is_some_and(|m| m.children.contains(name)) => {
            let mut base = from.clone();
            base.push(name.to_owned());
            base.extend(written[1..].iter().cloned());
            return Some(base);
        }
        // A name a private `use` brought in (`use crate::desk; desk::f()`).
        name => {
            let module = modules.get(from)?;
            let (target, _) = module.uses.iter().find(|(path, alias)| {
                alias.as_deref().or(path.last().map(String::as_str)) == Some(name)
            })?;
            if target.first().map(String::as_str) == Some(name) {
                return None;
            }
            let mut base = absolute(modules, from, target)?;
            base.extend(written[1..].iter().cloned());
            return Some(base);
        }
    };
    base.extend(written[1..].iter().cloned());
    Some(base)
}

/// The module an absolute path lands in, following re-exports to where items live.
fn landing(modules: &BTreeMap<ModPath, Module>, path: &[String], hops: usize) -> Option<ModPath> {
    let mut split = path.len();
    while !modules.contains_key(&path[..split].to_vec()) {
        split = split.checked_sub(1)?;
    }
    let module_path = path[..split].to_vec();
    let (Some(item), Some(module)) = (path.get(split), modules.get(&module_path)) else {
        return Some(module_path);
    };
    if hops > 8 || module.items.contains(item) || item == "*" {
        return Some(module_path);
    }
    for (target, alias) in &module.reexports {
        let named = alias.as_deref().or(target.last().map(String::as_str));
        if named == Some(item.as_str()) {
            let mut full = absolute(modules, &module_path, target)?;
            full.extend(path[split + 1..].iter().cloned());
            return landing(modules, &full, hops + 1);
        }
    }
    for (target, _) in module
        .reexports
        .iter()
        .filter(|(t, _)| t.last().map(String::as_str) == Some("*"))
    {
        let Some(glob) = absolute(modules, &module_path, &target[..target.len() - 1]) else {
            continue;
        };
        let mut full = glob;
        full.extend(path[split..].iter().cloned());
        if let Some(found) = landing(modules, &full, hops + 1)
            && found != module_path
            && modules.get(&found).is_some_and(|m| m.items.contains(item))
        {
            return Some(found);
        }
    }
    Some(module_path)
}

/// Edges `from → to` of the crate rooted at `root_file`.
pub fn edges(root_file: &Path) -> BTreeMap<ModPath, BTreeSet<ModPath>> {
    let modules = crate_modules(root_file);
    let mut graph: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
    for (from, module) in &modules {
        let written = module
            .uses
            .iter()
            .map(|(p, _)| p)
            .chain(module.paths.iter());
        for path in written {
            let Some(full) = absolute(&modules, from, path) else {
                continue;
            };
            if let Some(to) = landing(&modules, &full, 0)
                && to != *from
            {
                graph.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    graph
}

/// The file of each module of the crate rooted at `root_file`.
pub fn files(root_file: &Path) -> BTreeMap<ModPath, PathBuf> {
    crate_modules(root_file)
        .into_iter()
        .map(|(path, module)| (path, module.file))
        .collect()
}

/// Groups of modules that reach each other (strongly connected components of size > 1).
pub fn cycles(graph: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> Vec<Vec<ModPath>> {
    let reach = |start: &ModPath| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![start.clone()];
        while let Some(node) = stack.pop() {
            for next in graph.get(&node).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let nodes: BTreeSet<ModPath> = graph
        .iter()
        .flat_map(|(from, tos)| std::iter::once(from.clone()).chain(tos.iter().cloned()))
        .collect();
    let reaches: BTreeMap<ModPath, BTreeSet<ModPath>> =
        nodes.iter().map(|n| (n.clone(), reach(n))).collect();
    let mut done = BTreeSet::new();
    let mut groups = Vec::new();
    for node in &nodes {
        if done.contains(node) {
            continue;
        }
        let group: Vec<ModPath> = nodes
            .iter()
            .filter(|other| {
                *other == node || (reaches[node].contains(*other) && reaches[*other].contains(node))
            })
            .cloned()
            .collect();
        done.extend(group.iter().cloned());
        if group.len() > 1 {
            groups.push(group);
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph_of(files: &[(&str, &str)]) -> BTreeMap<ModPath, BTreeSet<ModPath>> {
        let dir = std::env::temp_dir().join(format!("ayuda-tidy-modules-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (name, text) in files {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap_or(&dir)).ok();
            std::fs::write(&path, text).ok();
        }
        let graph = edges(&dir.join("lib.rs"));
        let _ = std::fs::remove_dir_all(&dir);
        graph
    }

    fn p(text: &str) -> ModPath {
        text.split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn sees_uses_inline_paths_super_and_children() {
        let graph = graph_of(&[
            ("lib.rs", "mod a;\nmod b;\npub use a::Thing;\n"),
            (
                "a/mod.rs",
                "mod c;\nuse crate::b::{x, y as z};\npub struct Thing;\nfn f() { c::g(); }\n",
            ),
            ("a/c.rs", "pub fn g() { super::super::b::x(); }\n"),
            (
                "b.rs",
                "// use crate::a::Thing;\nconst S: &str = \"crate::a::Thing\";\npub fn x() {}\npub fn y() {}\n",
            ),
        ]);
        assert_eq!(
            graph.get(&p("a")),
            Some(&[p("a::c"), p("b")].into_iter().collect())
        );
        assert_eq!(graph.get(&p("a::c")), Some(&[p("b")].into_iter().collect()));
        assert_eq!(
            graph.get(&p("b")),
            None,
            "comments and strings are not paths"
        );
        assert_eq!(graph.get(&p("")), None, "a re-export is not a dependency");
        assert!(cycles(&graph).is_empty());
    }

    #[test]
    fn follows_reexports_and_finds_cycles() {
        let graph = graph_of(&[
            (
                "lib.rs",
                "mod a;\nmod b;\nmod error;\npub use error::Error;\npub use b::*;\n",
            ),
            ("a.rs", "use crate::{Error, Helper};\npub fn f() {}\n"),
            ("b.rs", "pub struct Helper;\nfn g() { crate::a::f() }\n"),
            (
                "error.rs",
                "pub struct Error;\n#[cfg(test)]\nmod tests { use crate::a::f; }\n",
            ),
        ]);
        assert_eq!(
            graph.get(&p("a")),
            Some(&[p("b"), p("error")].into_iter().collect())
        );
        assert_eq!(graph.get(&p("error")), None, "test modules are left out");
        assert_eq!(cycles(&graph), vec![vec![p("a"), p("b")]]);
    }
}
