//! Article files: Markdown with a YAML front matter block, as imported, exported and edited.
//!
//! Reading is deliberately forgiving, because files come from other tools and from people:
//! unknown keys are ignored, list fields may be YAML lists or comma-separated strings, and YAML
//! that a strict parser rejects (the classic unquoted `title: Foo: bar`) is read by a lenient
//! line parser instead of failing the import. Writing is strict: [`to_file`] quotes every value
//! so that [`parse`] gives back exactly what was written.

use serde::{Deserialize, Serialize};
use serde_yaml_ng::Value;

pub use crate::slug::slugify;

/// An article file split into its front matter and its Markdown body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleFile {
    /// The metadata block (all defaults when the file has none).
    pub front: FrontMatter,
    /// The Markdown after the front matter.
    pub body: String,
}

/// The front matter fields Ayuda understands (see "Article files" in `DESIGN.md`).
#[derive(Default, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FrontMatter {
    /// Article title; when absent, importers use [`title_from_body`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// URL slug; when absent, importers derive it from the file name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Locale such as `es` or `pt-BR`; when absent, importers use the parent folder name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Free-form tags, used for search facets and filters.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Places in the host app the article fits: URL path patterns (`/billing/*`) or route names
    /// (see [`crate::context`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contexts: Vec<String>,
    /// Shared by the translations of one article across locales.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translation_key: Option<String>,
    /// `draft` or `published` (the default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Site keys the article is visible on; empty means every site.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<String>,
    /// One-line description, e.g. for listings and `<meta>` tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Splits an article file into front matter and body. Never fails: a file without a front
/// matter block (or with an unterminated one) is all body, with a default [`FrontMatter`].
///
/// `[!DNL x]` / `[!UICONTROL x]` markers in `title` and `description` are resolved to `x`,
/// since those fields are displayed as plain text.
pub fn parse(source: &str) -> ArticleFile {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let Some((yaml, body)) = split_front_matter(source) else {
        return ArticleFile {
            front: FrontMatter::default(),
            body: source.to_owned(),
        };
    };
    let mut front = match serde_yaml_ng::from_str::<Value>(yaml) {
        Ok(Value::Mapping(mapping)) => from_mapping(&mapping),
        Ok(Value::Null) => FrontMatter::default(),
        // Not a mapping, or not YAML at all: read what we can line by line.
        Ok(_) | Err(_) => parse_leniently(yaml),
    };
    // Titles and descriptions are shown as plain text, so `[!DNL x]` markers are resolved.
    for field in [&mut front.title, &mut front.description] {
        if let Some(text) = field
            && text.contains("[!")
        {
            let mut cleaned = String::with_capacity(text.len());
            crate::markdown::strip_inline_markers(text, &mut cleaned);
            *text = cleaned;
        }
    }
    ArticleFile {
        front,
        body: body.to_owned(),
    }
}

/// Writes an article file: `---\n<yaml>\n---\n\n<body>`.
///
/// Every string is written double-quoted with escapes, so titles with colons, quotes, `#`,
/// accents, newlines or YAML keywords (`yes`, `null`, `123`) come back from [`parse`] unchanged.
pub fn to_file(front: &FrontMatter, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 256);
    out.push_str("---\n");
    let scalars = [
        ("title", &front.title),
        ("slug", &front.slug),
        ("locale", &front.locale),
        ("description", &front.description),
        ("status", &front.status),
        ("translation_key", &front.translation_key),
    ];
    for (key, value) in scalars {
        if let Some(value) = value {
            out.push_str(key);
            out.push_str(": ");
            push_yaml_quoted(value, &mut out);
            out.push('\n');
        }
    }
    let lists = [
        ("tags", &front.tags),
        ("contexts", &front.contexts),
        ("sites", &front.sites),
    ];
    for (key, values) in lists {
        if values.is_empty() {
            continue;
        }
        out.push_str(key);
        out.push_str(":\n");
        for value in values {
            out.push_str("  - ");
            push_yaml_quoted(value, &mut out);
            out.push('\n');
        }
    }
    out.push_str("---\n\n");
    out.push_str(body);
    out
}

/// The text of the body's first level-1 ATX heading (`# Title`), without a trailing `{#id}`
/// attribute block, closing `#`s or `[!DNL x]` / `[!UICONTROL x]` markers. Headings inside
/// fenced code blocks (shell comments, for instance) are skipped.
pub fn title_from_body(body: &str) -> Option<String> {
    let mut fence: Option<&str> = None;
    for line in body.lines() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent > 3 {
            continue;
        }
        let trimmed = &line[indent..];
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") {
            fence = Some("```");
            continue;
        }
        if trimmed.starts_with("~~~") {
            fence = Some("~~~");
            continue;
        }
        let Some(rest) = trimmed.strip_prefix('#') else {
            continue;
        };
        if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
            continue;
        }
        let title = clean_heading(rest);
        if !title.is_empty() {
            return Some(title);
        }
    }
    None
}

/// Finds the `---` … `---` (or `...`) block at the very start; returns `(yaml, body)`.
fn split_front_matter(source: &str) -> Option<(&str, &str)> {
    let first_line_end = source.find('\n')?;
    if source[..first_line_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = first_line_end + 1;
    let mut line_start = yaml_start;
    while line_start <= source.len() {
        let line_end = source[line_start..]
            .find('\n')
            .map_or(source.len(), |at| line_start + at);
        let line = source[line_start..line_end].trim_end();
        if line == "---" || line == "..." {
            let yaml = &source[yaml_start..line_start];
            let mut body = source.get(line_end + 1..).unwrap_or("");
            // One blank line after the block is separation, not content (see `to_file`).
            body = body
                .strip_prefix("\r\n")
                .or_else(|| body.strip_prefix('\n'))
                .unwrap_or(body);
            return Some((yaml, body));
        }
        line_start = line_end + 1;
    }
    None
}

fn from_mapping(mapping: &serde_yaml_ng::Mapping) -> FrontMatter {
    let mut front = FrontMatter::default();
    for (key, value) in mapping {
        let Some(key) = key.as_str() else { continue };
        match key {
            "title" => front.title = scalar(value),
            "slug" => front.slug = scalar(value),
            "locale" => front.locale = scalar(value),
            "translation_key" => front.translation_key = scalar(value),
            "status" => front.status = scalar(value),
            "description" => front.description = scalar(value),
            "tags" => front.tags = list(value),
            "contexts" => front.contexts = list(value),
            "sites" => front.sites = list(value),
            _ => {}
        }
    }
    front
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(tagged) => scalar(&tagged.value),
        Value::Null | Value::Sequence(_) | Value::Mapping(_) => None,
    }
}

/// A YAML list of scalars, or one comma-separated string (`tags: billing, taxes`).
fn list(value: &Value) -> Vec<String> {
    match value {
        Value::Sequence(items) => items
            .iter()
            .filter_map(scalar)
            .filter(|item| !item.trim().is_empty())
            .collect(),
        other => scalar(other).map(|s| split_list(&s)).unwrap_or_default(),
    }
}

fn split_list(text: &str) -> Vec<String> {
    let text = text.trim();
    let text = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text);
    text.split(',')
        .map(|item| unquote(item.trim()))
        .filter(|item| !item.is_empty())
        .collect()
}

/// Reads `key: value` lines and `- item` lists without YAML's strictness, for front matter a
/// YAML parser rejects. Everything after the first `: ` is the value, quotes are stripped.
fn parse_leniently(yaml: &str) -> FrontMatter {
    let mut front = FrontMatter::default();
    let mut list_key: Option<&str> = None;
    for line in yaml.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(item) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix('-'))
        {
            if let Some(key) = list_key {
                let item = unquote(item.trim());
                if let (Some(list), false) = (list_field(&mut front, key), item.is_empty()) {
                    list.push(item);
                }
            }
            continue;
        }
        let starts_indented = line.starts_with([' ', '\t']);
        let Some((key, value)) = trimmed.split_once(':') else {
            continue;
        };
        if starts_indented {
            // A nested mapping or a continuation line: not one of our keys.
            continue;
        }
        let key = key.trim();
        let value = value.trim();
        if value.is_empty() {
            list_key = Some(key);
            continue;
        }
        list_key = None;
        let value_owned = unquote(value);
        match key {
            "title" => front.title = Some(value_owned),
            "slug" => front.slug = Some(value_owned),
            "locale" => front.locale = Some(value_owned),
            "translation_key" => front.translation_key = Some(value_owned),
            "status" => front.status = Some(value_owned),
            "description" => front.description = Some(value_owned),
            _ => {
                if let Some(list) = list_field(&mut front, key) {
                    *list = split_list(value);
                }
            }
        }
    }
    front
}

fn list_field<'f>(front: &'f mut FrontMatter, key: &str) -> Option<&'f mut Vec<String>> {
    match key {
        "tags" => Some(&mut front.tags),
        "contexts" => Some(&mut front.contexts),
        "sites" => Some(&mut front.sites),
        _ => None,
    }
}

fn unquote(value: &str) -> String {
    let bytes = value.as_bytes();
    if bytes.len() >= 2 {
        let (first, last) = (bytes[0], bytes[bytes.len() - 1]);
        let inner = &value[1..value.len() - 1];
        if first == b'\'' && last == b'\'' {
            return inner.replace("''", "'");
        }
        if first == b'"' && last == b'"' {
            return inner.replace("\\\"", "\"").replace("\\\\", "\\");
        }
    }
    value.to_owned()
}

/// Writes `value` as a YAML double-quoted scalar. Escaping every character YAML treats as
/// special or non-printable makes the output unambiguous whatever the value looks like.
fn push_yaml_quoted(value: &str, out: &mut String) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn clean_heading(rest: &str) -> String {
    let mut text = rest.trim();
    // A trailing attribute block: `# Title {#anchor}` or `{#anchor .class}`.
    if text.ends_with('}')
        && let Some(open) = text.rfind('{')
        && text[open + 1..].trim_start().starts_with(['#', '.'])
    {
        text = text[..open].trim_end();
    }
    // An optional closing sequence: `# Title ##`.
    let without_closing = text.trim_end_matches('#');
    if without_closing.is_empty() || without_closing.ends_with([' ', '\t']) {
        text = without_closing.trim_end();
    }
    let mut cleaned = String::with_capacity(text.len());
    crate::markdown::strip_inline_markers(text, &mut cleaned);
    cleaned.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_corpus_style_front_matter() {
        let file = parse(
            "---\ntitle: \"ACSD-54007: error _scope\"\ndescription: Aplique el parche.\nfeature: Data Import/Export\nrole: Admin, Developer\nexl-id: b14a\n---\n# ACSD-54007: error\n\nBody.\n",
        );
        assert_eq!(
            file.front.title.as_deref(),
            Some("ACSD-54007: error _scope")
        );
        assert_eq!(
            file.front.description.as_deref(),
            Some("Aplique el parche.")
        );
        assert!(file.front.tags.is_empty(), "feature is not a tag");
        let marked = parse("---\ntitle: 'Overview: [!DNL Quality Patches Tool] (QPT)'\n---\n");
        assert_eq!(
            marked.front.title.as_deref(),
            Some("Overview: Quality Patches Tool (QPT)")
        );
        assert_eq!(file.body, "# ACSD-54007: error\n\nBody.\n");
    }

    #[test]
    fn no_front_matter_means_all_body() {
        for source in [
            "# Just markdown\n",
            "",
            "---",
            "---\ntitle: never closed\n",
            " ---\ntitle: x\n---\n",
        ] {
            let file = parse(source);
            assert_eq!(file.front, FrontMatter::default(), "{source:?}");
            assert_eq!(file.body, source);
        }
        assert_eq!(parse("\u{feff}# BOM").body, "# BOM");
    }

    #[test]
    fn tags_as_list_or_comma_separated_string() {
        let list = parse("---\ntags:\n  - billing\n  - taxes\n---\nx");
        assert_eq!(list.front.tags, ["billing", "taxes"]);
        let string = parse("---\ntags: billing, taxes ,, \n---\nx");
        assert_eq!(string.front.tags, ["billing", "taxes"]);
        let flow = parse("---\ntags: [billing, \"taxes\"]\ncontexts: /billing/*\n---\nx");
        assert_eq!(flow.front.tags, ["billing", "taxes"]);
        assert_eq!(flow.front.contexts, ["/billing/*"]);
        let numbers = parse("---\ntags: [2024, true]\nsites: [demo]\n---\nx");
        assert_eq!(numbers.front.tags, ["2024", "true"]);
        assert_eq!(numbers.front.sites, ["demo"]);
    }

    #[test]
    fn invalid_yaml_falls_back_to_lenient_lines() {
        let file = parse(
            "---\ntitle: Foo: bar\nslug: 'foo-bar'\ntags:\n- one\n- \"two\"\nsites: a, b\nmeta:\n  nested: value\nlocale: es\nweird line without colon\n---\n\nBody",
        );
        assert_eq!(file.front.title.as_deref(), Some("Foo: bar"));
        assert_eq!(file.front.slug.as_deref(), Some("foo-bar"));
        assert_eq!(file.front.tags, ["one", "two"]);
        assert_eq!(file.front.sites, ["a", "b"]);
        assert_eq!(file.front.locale.as_deref(), Some("es"));
        assert_eq!(file.body, "Body");
    }

    #[test]
    fn non_mapping_yaml_is_read_leniently() {
        let file = parse("---\n- just\n- a list\n---\nBody");
        assert_eq!(file.front, FrontMatter::default());
        assert_eq!(file.body, "Body");
        let empty = parse("---\n---\nBody");
        assert_eq!(empty.front, FrontMatter::default());
        assert_eq!(empty.body, "Body");
    }

    #[test]
    fn wrong_types_are_ignored_not_fatal() {
        let file = parse("---\ntitle: {a: b}\ntags: {x: y}\nslug: ok\n---\nx");
        assert_eq!(file.front.title, None);
        assert!(file.front.tags.is_empty());
        assert_eq!(file.front.slug.as_deref(), Some("ok"));
    }

    #[test]
    fn round_trips_exactly() {
        let tricky = [
            "Configuración: paso 1 de 3",
            "Say \"hi\" and 'bye'",
            "# not a comment",
            "a #hash and a: colon",
            "yes",
            "null",
            "~",
            "123",
            "1.10",
            "- dash",
            "[brackets]",
            "{braces}",
            "*alias &anchor !tag %percent @at `tick`",
            "  leading and trailing  ",
            "multi\nline\r\nwith\ttab",
            "emoji 🎉 ñandú ÅÆØ 中文",
            "back\\slash",
            "nul\0and\u{7}bell\u{85}nel\u{2028}ls\u{feff}bom",
            "",
        ];
        for (i, title) in tricky.iter().enumerate() {
            let front = FrontMatter {
                title: Some((*title).to_owned()),
                slug: Some(format!("slug-{i}")),
                locale: Some("es".into()),
                // Blank list items are dropped on reading, so only non-blank titles are tags.
                tags: [*title, "plain"]
                    .iter()
                    .filter(|tag| !tag.trim().is_empty())
                    .map(|tag| (*tag).to_owned())
                    .collect(),
                contexts: vec!["/billing/*".into(), "invoices.*".into()],
                translation_key: Some("key: 1".into()),
                status: Some("published".into()),
                sites: vec!["demo".into()],
                description: Some(format!("desc {title}")),
            };
            for body in [
                "# Title\n\nBody text.\n",
                "",
                "\n\nstarts with blank lines",
                "---\nlooks like front matter\n---\n",
            ] {
                let written = to_file(&front, body);
                let parsed = parse(&written);
                assert_eq!(parsed.front, front, "{written}");
                assert_eq!(parsed.body, body, "{written}");
            }
        }
        let empty = FrontMatter::default();
        assert_eq!(
            parse(&to_file(&empty, "x")),
            ArticleFile {
                front: empty,
                body: "x".into()
            }
        );
    }

    #[test]
    fn title_from_first_h1() {
        assert_eq!(
            title_from_body("intro\n\n# Hello world\n\n# Second").as_deref(),
            Some("Hello world")
        );
        assert_eq!(
            title_from_body("# Title {#my-anchor}").as_deref(),
            Some("Title")
        );
        assert_eq!(title_from_body("# Title ##").as_deref(), Some("Title"));
        assert_eq!(title_from_body("# C# tips").as_deref(), Some("C# tips"));
        assert_eq!(
            title_from_body("# Configure [!DNL Adobe Commerce] and [!UICONTROL Stores]").as_deref(),
            Some("Configure Adobe Commerce and Stores")
        );
        assert_eq!(
            title_from_body("```bash\n# not a title\n```\n# Real").as_deref(),
            Some("Real")
        );
        assert_eq!(
            title_from_body("## Only h2\n#hashtag\n    # indented code"),
            None
        );
        assert_eq!(title_from_body("#\n# \n"), None);
        assert_eq!(
            title_from_body("   # Three spaces ok").as_deref(),
            Some("Three spaces ok")
        );
    }
}

#[cfg(test)]
mod corpus_tests {
    use super::*;
    use crate::test_corpus;

    /// Every real article parses, renders and has a title, and no Adobe marker leaks into the
    /// plain text.
    #[test]
    fn whole_corpus_parses_renders_and_has_titles() {
        let mut checked = 0;
        for locale in ["en", "es"] {
            let Some(files) = test_corpus::markdown_files(locale) else {
                return;
            };
            for path in files {
                let source = std::fs::read_to_string(&path).unwrap();
                let file = parse(&source);
                let title = file
                    .front
                    .title
                    .clone()
                    .filter(|t| !t.trim().is_empty())
                    .or_else(|| title_from_body(&file.body));
                assert!(title.is_some(), "no title in {}", path.display());
                let rendered = crate::markdown::render(&file.body);
                assert!(!rendered.html.contains("<script"), "{}", path.display());
                for marker in ["[!DNL", "[!UICONTROL", "[!NOTE]"] {
                    assert!(
                        !rendered.text.contains(marker),
                        "{marker} in {}",
                        path.display()
                    );
                }
                checked += 1;
            }
        }
        assert!(checked > 2000, "only {checked} files");
    }
}
