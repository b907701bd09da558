//! Repository-wide rules, checked as ordinary tests (`cargo test -p xtask`): things no
//! compiler checks and that rot silently when nobody looks.
//!
//! - each of the loader's two shipped stages is its readable source, minified;
//! - the SQLite and PostgreSQL migrations define the same tables, columns and indexes;
//! - every path ARCHITECTURE.md names exists;
//! - no `use` cycle between the modules of one crate (see [`modules`]);
//! - no non-test source file over 700 lines.

mod modules;

use std::collections::BTreeMap;
use std::path::Path;

use crate::root;
use crate::tools::{LOADERS, minified};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn shipped_loader_is_its_source_minified() {
    if !root().join("tools/node_modules/.bin/esbuild").exists() {
        eprintln!("skipped: esbuild is not installed in tools/ (cargo xtask test installs it)");
        return;
    }
    for (source, shipped) in LOADERS {
        let expected = minified(source).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            read(&root().join(shipped)) == expected,
            "{shipped} is not {source} minified: run `cargo xtask loader`"
        );
    }
}

/// One migration set, read as what it builds: table → column → definition, and index →
/// definition. Dialect words are normalised (`INTEGER PRIMARY KEY AUTOINCREMENT` and
/// `BIGSERIAL PRIMARY KEY` are both an id; `BLOB` and `BYTEA` are both bytes), so everything
/// else — types, `NOT NULL`, defaults, references, uniqueness — must match word for word.
#[derive(Debug, Default, PartialEq, Eq)]
struct Schema {
    tables: BTreeMap<String, BTreeMap<String, String>>,
    /// Table constraints (`UNIQUE (…)`, `PRIMARY KEY (…)`, …) per table.
    constraints: BTreeMap<String, Vec<String>>,
    indexes: BTreeMap<String, String>,
}

fn normalise(definition: &str) -> String {
    let words = definition.split_whitespace().collect::<Vec<_>>().join(" ");
    words
        .replace("INTEGER PRIMARY KEY AUTOINCREMENT", "<id>")
        .replace("BIGSERIAL PRIMARY KEY", "<id>")
        .replace("BLOB", "<bytes>")
        .replace("BYTEA", "<bytes>")
}

/// Splits `text` on commas that are not inside parentheses.
fn top_level_items(text: &str) -> Vec<String> {
    let mut items = vec![String::new()];
    let mut depth = 0i32;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                items.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = items.last_mut() {
            last.push(c);
        }
    }
    items
        .into_iter()
        .map(|i| i.trim().to_owned())
        .filter(|i| !i.is_empty())
        .collect()
}

fn schema_of(dir: &Path) -> Schema {
    let mut files = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "sql"))
        .collect::<Vec<_>>();
    files.sort();
    let mut schema = Schema::default();
    for file in files {
        let sql = read(&file)
            .lines()
            .map(|line| line.split("--").next().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n");
        for statement in sql.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            let words: Vec<&str> = statement.split_whitespace().collect();
            match words.as_slice() {
                ["CREATE", "TABLE", name, ..] => {
                    let name = name.trim_end_matches('(').to_owned();
                    let (Some(open), Some(close)) = (statement.find('('), statement.rfind(')'))
                    else {
                        panic!("{}: malformed CREATE TABLE {name}", file.display());
                    };
                    let columns = schema.tables.entry(name.clone()).or_default();
                    for item in top_level_items(&statement[open + 1..close]) {
                        let first = item.split_whitespace().next().unwrap_or_default();
                        if matches!(
                            first,
                            "PRIMARY" | "UNIQUE" | "FOREIGN" | "CHECK" | "CONSTRAINT"
                        ) {
                            schema
                                .constraints
                                .entry(name.clone())
                                .or_default()
                                .push(normalise(&item));
                        } else {
                            let rest = item[first.len()..].trim();
                            columns.insert(first.to_owned(), normalise(rest));
                        }
                    }
                }
                ["ALTER", "TABLE", table, "ADD", "COLUMN", column, rest @ ..] => {
                    let rest = rest.join(" ");
                    schema
                        .tables
                        .entry((*table).to_owned())
                        .or_default()
                        .insert((*column).to_owned(), normalise(&rest));
                }
                ["CREATE", "INDEX" | "UNIQUE", ..] => {
                    let name = words
                        .iter()
                        .skip_while(|w| **w != "INDEX")
                        .nth(1)
                        .map(|w| w.to_string())
                        .unwrap_or_default();
                    schema.indexes.insert(name, normalise(statement));
                }
                ["DROP", ..] | ["ALTER", ..] | ["UPDATE", ..] | ["INSERT", ..] => {
                    panic!(
                        "{}: teach tidy.rs about `{}` before using it in a migration",
                        file.display(),
                        words.iter().take(3).copied().collect::<Vec<_>>().join(" ")
                    );
                }
                _ => panic!("{}: unexpected statement {statement:?}", file.display()),
            }
        }
    }
    schema
}

#[test]
fn sqlite_and_postgres_migrations_define_the_same_schema() {
    let migrations = root().join("crates/store/migrations");
    let sqlite_files = std::fs::read_dir(migrations.join("sqlite")).map(|d| d.count());
    let postgres_files = std::fs::read_dir(migrations.join("postgres")).map(|d| d.count());
    assert_eq!(
        sqlite_files.ok(),
        postgres_files.ok(),
        "one migration file per backend per step"
    );
    let sqlite = schema_of(&migrations.join("sqlite"));
    let postgres = schema_of(&migrations.join("postgres"));
    assert!(sqlite.tables.len() >= 10, "the parser found the tables");
    for (table, columns) in &sqlite.tables {
        assert_eq!(
            Some(columns),
            postgres.tables.get(table),
            "table {table} differs between the SQLite and PostgreSQL migrations"
        );
    }
    assert_eq!(
        sqlite.tables.keys().collect::<Vec<_>>(),
        postgres.tables.keys().collect::<Vec<_>>(),
        "the same tables"
    );
    assert_eq!(
        sqlite.constraints, postgres.constraints,
        "table constraints"
    );
    assert_eq!(sqlite.indexes, postgres.indexes, "indexes");
}

#[test]
fn the_schema_parser_sees_a_difference() {
    // The rule above is only as good as its parser: a changed default must show.
    let dir = std::env::temp_dir().join(format!("ayuda-tidy-{}", std::process::id()));
    let (a, b) = (dir.join("a"), dir.join("b"));
    for (path, default) in [(&a, "0"), (&b, "1")] {
        std::fs::create_dir_all(path).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(
            path.join("0001.sql"),
            format!(
                "-- test\nCREATE TABLE t (\n id INTEGER PRIMARY KEY AUTOINCREMENT,\n \
                 n BIGINT NOT NULL DEFAULT {default},\n UNIQUE (n)\n);\n\
                 CREATE INDEX t_n ON t (n);\nALTER TABLE t ADD COLUMN m TEXT;\n"
            ),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let (left, right) = (schema_of(&a), schema_of(&b));
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(left.tables["t"].len(), 3);
    assert_eq!(left.constraints["t"], vec!["UNIQUE (n)".to_owned()]);
    assert_eq!(left.indexes.len(), 1);
    assert_ne!(left, right);
}

/// Whether `quoted` (backquoted in ARCHITECTURE.md) looks like a repository path.
fn looks_like_path(quoted: &str) -> bool {
    !quoted.contains(' ')
        && !quoted.contains('{')
        && !quoted.contains('<')
        && !quoted.starts_with('/')
        && [".rs", ".md", ".js", ".toml", ".html", ".sql", "/"]
            .iter()
            .any(|end| quoted.ends_with(end))
}

/// The paths ARCHITECTURE.md names, each with the section it is named in: a paragraph that
/// starts with a bold backquoted path (`**`crates/kb`**`) is about that directory, and names
/// in it may be written from there.
fn named_paths(text: &str) -> Vec<(String, String)> {
    let mut section = String::new();
    let mut found = Vec::new();
    for paragraph in text.split("\n\n") {
        if let Some(bold) = paragraph.trim_start().strip_prefix("**") {
            section = bold
                .strip_prefix('`')
                .and_then(|rest| rest.split_once('`'))
                .map(|(dir, _)| dir.trim_end_matches('/').to_owned())
                .unwrap_or_default();
        }
        for quoted in paragraph.split('`').skip(1).step_by(2) {
            if looks_like_path(quoted) {
                found.push((section.clone(), quoted.trim_end_matches('/').to_owned()));
            }
        }
    }
    found
}

/// Whether `path` exists from the root, from `section`, from its `src/`, or from a module
/// folder one level down (`routes/`, `desk/`, `search/`).
fn resolves(root: &Path, section: &str, path: &str) -> bool {
    let base = root.join(section);
    let mut candidates = vec![
        root.join(path),
        base.join(path),
        base.join("src").join(path),
    ];
    if let Ok(dirs) = std::fs::read_dir(base.join("src")) {
        candidates.extend(dirs.filter_map(|d| d.ok()).map(|d| d.path().join(path)));
    }
    candidates.iter().any(|candidate| candidate.exists())
}

#[test]
fn every_path_architecture_md_names_exists() {
    let root = root();
    let text = read(&root.join("ARCHITECTURE.md"));
    let paths = named_paths(&text);
    assert!(paths.len() > 20, "found the paths: {paths:?}");
    let missing: Vec<_> = paths
        .iter()
        .filter(|(section, path)| !resolves(&root, section, path))
        .collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names paths that do not exist (section, path): {missing:?}"
    );
}

/// The root file of every crate of the workspace (libraries, binaries, `src/bin` targets).
fn crate_roots(root: &Path) -> Vec<std::path::PathBuf> {
    let mut dirs = vec![
        root.join("server"),
        root.join("widget"),
        root.join("tests/e2e"),
    ];
    if let Ok(entries) = std::fs::read_dir(root.join("crates")) {
        dirs.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
    }
    let mut roots = Vec::new();
    for dir in dirs {
        let src = dir.join("src");
        roots.extend(
            ["lib.rs", "main.rs"]
                .iter()
                .map(|f| src.join(f))
                .filter(|f| f.exists()),
        );
        if let Ok(bins) = std::fs::read_dir(src.join("bin")) {
            for bin in bins.filter_map(|e| e.ok()).map(|e| e.path()) {
                let main = bin.join("main.rs");
                if main.exists() {
                    roots.push(main);
                } else if bin.extension().is_some_and(|e| e == "rs") {
                    roots.push(bin);
                }
            }
        }
    }
    roots.sort();
    roots
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let root = root();
    let roots = crate_roots(&root);
    assert!(roots.len() >= 8, "found the crates: {roots:?}");
    let mut found = Vec::new();
    for crate_root in &roots {
        let graph = modules::edges(crate_root);
        for group in modules::cycles(&graph) {
            let edges: Vec<String> = group
                .iter()
                .flat_map(|from| {
                    graph[from]
                        .iter()
                        .filter(|to| group.contains(to))
                        .map(move |to| format!("{} -> {}", from.join("::"), to.join("::")))
                })
                .collect();
            found.push(format!(
                "{}: {}",
                crate_root
                    .strip_prefix(&root)
                    .unwrap_or(crate_root)
                    .display(),
                edges.join(", ")
            ));
        }
    }
    assert!(
        found.is_empty(),
        "modules that import each other (through these edges):\n{}",
        found.join("\n")
    );
}

/// Lines of `text` before its test module (`#[cfg(test)]` then `mod … {`).
fn non_test_lines(text: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .windows(2)
        .position(|pair| {
            pair[0].trim() == "#[cfg(test)]"
                && pair[1].trim_start().starts_with("mod ")
                && pair[1].trim_end().ends_with('{')
        })
        .unwrap_or(lines.len())
}

#[test]
fn no_source_file_is_over_700_lines() {
    const LIMIT: usize = 700;
    let root = root();
    let mut over = Vec::new();
    let mut seen = 0;
    for crate_root in crate_roots(&root) {
        for file in modules::files(&crate_root).into_values() {
            seen += 1;
            let lines = non_test_lines(&read(&file));
            if lines > LIMIT {
                over.push(format!(
                    "{} ({lines})",
                    file.strip_prefix(&root).unwrap_or(&file).display()
                ));
            }
        }
    }
    assert!(seen > 50, "looked at {seen} files");
    assert!(
        over.is_empty(),
        "non-test source files over {LIMIT} lines (split them by what they do): {over:?}"
    );
}

#[test]
fn the_line_count_stops_at_the_test_module() {
    let text = "fn a() {}\n\n#[cfg(test)]\nmod tests {\n    fn b() {}\n}\n";
    assert_eq!(non_test_lines(text), 2);
    assert_eq!(non_test_lines("#[cfg(test)]\nmod tests;\nfn a() {}\n"), 3);
}
