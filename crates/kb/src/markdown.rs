//! Markdown → sanitised HTML, plus the plain text and summary the search index and article
//! lists use.
//!
//! Rendering goes in three steps:
//! 1. A light pre-pass rewrites the Adobe-style markers found in real knowledge bases:
//!    `[!DNL X]` and `[!UICONTROL X]` become `X`, and callouts such as `>[!INFO]` are mapped
//!    onto the GitHub alert kinds pulldown-cmark understands.
//! 2. pulldown-cmark parses with tables, footnotes, strikethrough, task lists, heading
//!    attributes and GitHub alerts; every heading gets a unique `id` so in-article anchor links
//!    work.
//! 3. The HTML (which may contain the author's raw HTML) goes through ammonia with an
//!    allow-list, so scripts, styles, frames, event handlers and `javascript:` / `data:` URLs
//!    never reach a reader's browser.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::slug::slugify;

/// Length of [`Rendered::summary`], in characters, before the ellipsis.
pub const SUMMARY_CHARS: usize = 200;

/// The outputs of [`render`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitised HTML, safe to insert into a page as-is.
    pub html: String,
    /// Plain text of the whole article (headings, prose, code, table cells, image alt text),
    /// one block per line and without any markup; this is what the search index sees.
    pub text: String,
    /// The first ~[`SUMMARY_CHARS`] characters of the article's prose (headings and code
    /// blocks skipped, since the title is shown next to it anyway), cut at a word boundary and
    /// ending in `…` when cut.
    pub summary: String,
}

/// Renders an article's Markdown body. Never fails: any input produces some safe HTML.
pub fn render(markdown: &str) -> Rendered {
    let source = preprocess(markdown);
    let mut events: Vec<Event<'_>> = Parser::new_ext(&source, parser_options()).collect();
    assign_heading_ids(&mut events);
    let (text, prose) = plain_text(&events);

    let mut unsafe_html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut unsafe_html, events.into_iter());
    let html = SANITIZER.clean(&unsafe_html).to_string();

    let summary_source = if prose.trim().is_empty() {
        &text
    } else {
        &prose
    };
    let summary = summarize(summary_source, SUMMARY_CHARS);
    Rendered {
        html,
        text,
        summary,
    }
}

/// Cuts `text` (whitespace collapsed) to at most `max_chars` characters at a word boundary,
/// appending `…` when anything was cut.
pub fn summarize(text: &str, max_chars: usize) -> String {
    let collapsed = collapse_whitespace(text);
    if collapsed.chars().count() <= max_chars {
        return collapsed;
    }
    let cut_at = collapsed
        .char_indices()
        .nth(max_chars)
        .map_or(collapsed.len(), |(index, _)| index);
    let head = &collapsed[..cut_at];
    // Cut at the last space unless that would throw away most of the text (one very long
    // "word", such as a URL): then a mid-word cut reads better than an almost empty summary.
    let ends_at_word_boundary = collapsed[cut_at..].starts_with(' ');
    let head = match head.rfind(' ') {
        Some(space) if !ends_at_word_boundary && space >= cut_at / 2 => &head[..space],
        _ => head,
    };
    let head = head.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—([{".contains(c));
    format!("{head}…")
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Rewrites the non-standard markers of real-world (Adobe Experience League style) Markdown.
/// Borrows the input when there is nothing to rewrite, which is the common case.
fn preprocess(markdown: &str) -> Cow<'_, str> {
    if !markdown.contains("[!") {
        return Cow::Borrowed(markdown);
    }
    let mut out = String::with_capacity(markdown.len());
    for line in markdown.split_inclusive('\n') {
        match rewrite_callout_line(line) {
            Some(rewritten) => out.push_str(&rewritten),
            None => strip_inline_markers(line, &mut out),
        }
    }
    Cow::Owned(out)
}

/// `>[!INFO]`-style callout openers: the GitHub kinds pass through (pulldown-cmark renders them
/// as alerts), close relatives are mapped onto them, and unknown kinds lose their marker so it
/// does not show up as literal text.
fn rewrite_callout_line(line: &str) -> Option<String> {
    let trimmed = line.trim_start();
    let rest = trimmed.strip_prefix('>')?.trim_start();
    let kind = rest.strip_prefix("[!")?;
    let (kind, after) = kind.split_once(']')?;
    if !after.trim().is_empty() || kind.is_empty() || !kind.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return None;
    }
    let indent = &line[..line.len() - trimmed.len()];
    let newline = if line.ends_with('\n') { "\n" } else { "" };
    let mapped = match kind.to_ascii_uppercase().as_str() {
        "NOTE" | "INFO" => Some("NOTE"),
        "TIP" => Some("TIP"),
        "IMPORTANT" => Some("IMPORTANT"),
        "WARNING" => Some("WARNING"),
        "CAUTION" | "ERROR" => Some("CAUTION"),
        _ => None,
    };
    Some(match mapped {
        Some(kind) => format!("{indent}> [!{kind}]{newline}"),
        None => format!("{indent}>{newline}"),
    })
}

/// Replaces `[!DNL X]` and `[!UICONTROL X]` with `X` (brackets inside `X` balanced).
pub(crate) fn strip_inline_markers(line: &str, out: &mut String) {
    let mut rest = line;
    while let Some(start) = rest.find("[!") {
        let after = &rest[start + 2..];
        let marker_len = ["DNL ", "UICONTROL "]
            .iter()
            .find(|marker| after.starts_with(**marker))
            .map(|marker| marker.len());
        let Some(marker_len) = marker_len else {
            out.push_str(&rest[..start + 2]);
            rest = after;
            continue;
        };
        let inner_start = start + 2 + marker_len;
        match matching_bracket(&rest[inner_start..]) {
            Some(inner_len) => {
                out.push_str(&rest[..start]);
                out.push_str(&rest[inner_start..inner_start + inner_len]);
                rest = &rest[inner_start + inner_len + 1..];
            }
            None => {
                out.push_str(&rest[..start + 2]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// Byte length of the text before the `]` that closes an already opened `[`.
fn matching_bracket(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (index, byte) in text.bytes().enumerate() {
        match byte {
            b'[' => depth += 1,
            b']' if depth == 0 => return Some(index),
            b']' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Gives every heading an `id`: the author's `{#id}` when present, else a slug of its text,
/// made unique within the document with `-1`, `-2`… suffixes. Author-supplied classes and
/// attributes are dropped (the sanitiser would remove them anyway).
fn assign_heading_ids(events: &mut [Event<'_>]) {
    // Explicit ids are claimed first so a generated slug never steals one an author links to.
    let mut used: HashSet<String> = events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    let mut claimed_explicit: HashSet<String> = HashSet::new();
    for index in 0..events.len() {
        let Event::Start(Tag::Heading { id, .. }) = &events[index] else {
            continue;
        };
        let new_id = match id {
            // The first heading with an explicit id keeps it; a duplicate is renamed.
            Some(id) if claimed_explicit.insert(id.to_string()) => id.to_string(),
            explicit => {
                let base = match explicit {
                    Some(id) => id.to_string(),
                    None => {
                        let slug = slugify(&heading_text(&events[index + 1..]));
                        if slug.is_empty() {
                            "section".to_owned()
                        } else {
                            slug
                        }
                    }
                };
                unique_id(&base, &mut used)
            }
        };
        if let Event::Start(Tag::Heading {
            id, classes, attrs, ..
        }) = &mut events[index]
        {
            *id = Some(CowStr::from(new_id));
            classes.clear();
            attrs.clear();
        }
    }
}

fn unique_id(base: &str, used: &mut HashSet<String>) -> String {
    if used.insert(base.to_owned()) {
        return base.to_owned();
    }
    (1..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| used.insert(candidate.clone()))
        .unwrap_or_else(|| base.to_owned())
}

fn heading_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// Walks the events once and returns `(text, prose)`: all plain text, and the part of it that
/// is neither a heading nor a code block (the summary's source).
fn plain_text(events: &[Event<'_>]) -> (String, String) {
    let mut text = String::new();
    let mut prose = String::new();
    let mut in_heading = false;
    let mut in_code_block = false;
    let mut html = HtmlTextExtractor::default();
    let mut push = |s: &str, in_heading: bool, in_code_block: bool| {
        text.push_str(s);
        if !in_heading && !in_code_block {
            prose.push_str(s);
        }
    };
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => push(t, in_heading, in_code_block),
            Event::Html(raw) | Event::InlineHtml(raw) => {
                let extracted = html.extract(raw);
                push(&extracted, in_heading, in_code_block);
            }
            Event::SoftBreak | Event::HardBreak => push(" ", in_heading, in_code_block),
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(end) => {
                match end {
                    TagEnd::Heading(_) => in_heading = false,
                    TagEnd::CodeBlock => in_code_block = false,
                    _ => {}
                }
                match end {
                    TagEnd::Paragraph
                    | TagEnd::Heading(_)
                    | TagEnd::CodeBlock
                    | TagEnd::Item
                    | TagEnd::TableRow
                    | TagEnd::TableHead
                    | TagEnd::BlockQuote(_)
                    | TagEnd::FootnoteDefinition
                    | TagEnd::HtmlBlock => push("\n", false, false),
                    TagEnd::TableCell => push(" ", false, false),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    let text = text
        .lines()
        .map(collapse_whitespace)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    (text, prose)
}

fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Pulls the text out of raw HTML fragments, which pulldown-cmark hands over piecemeal (one
/// tag, or one line of an HTML block, at a time), so the state survives between calls.
#[derive(Default)]
struct HtmlTextExtractor {
    in_tag: bool,
    /// The current tag separates words (`<td>`, `<br>`, `<p>`…), unlike inline formatting
    /// (`<u>`, `<b>`), which must not split "<b>pa</b>labra" or add a space before a colon.
    tag_separates: bool,
    /// Inside `<script>` or `<style>`: their content is never text.
    skipping: Option<&'static str>,
}

impl HtmlTextExtractor {
    fn extract(&mut self, raw: &str) -> String {
        let mut out = String::new();
        let mut rest = raw;
        while !rest.is_empty() {
            if let Some(closing) = self.skipping {
                match find_ascii_case_insensitive(rest, closing) {
                    Some(at) => {
                        self.skipping = None;
                        self.in_tag = true;
                        rest = &rest[at + closing.len()..];
                    }
                    None => return out,
                }
            } else if self.in_tag {
                match rest.find('>') {
                    Some(at) => {
                        self.in_tag = false;
                        rest = &rest[at + 1..];
                        if self.tag_separates {
                            out.push(' ');
                        }
                    }
                    None => return out,
                }
            } else {
                match rest.find('<') {
                    Some(at) => {
                        decode_entities(&rest[..at], &mut out);
                        let tag = &rest[at + 1..];
                        for (open, close) in [("script", "</script"), ("style", "</style")] {
                            if tag.len() >= open.len()
                                && tag.as_bytes()[..open.len()]
                                    .eq_ignore_ascii_case(open.as_bytes())
                            {
                                self.skipping = Some(close);
                            }
                        }
                        self.in_tag = self.skipping.is_none();
                        self.tag_separates = is_block_tag(tag);
                        rest = tag;
                    }
                    None => {
                        decode_entities(rest, &mut out);
                        rest = "";
                    }
                }
            }
        }
        out
    }
}

/// Whether the tag starting `text` (just after its `<`) breaks words apart.
fn is_block_tag(text: &str) -> bool {
    let name: String = text
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    !matches!(
        name.as_str(),
        "a" | "abbr"
            | "b"
            | "code"
            | "del"
            | "em"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "u"
    )
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
}

/// Decodes the handful of entities that appear in hand-written HTML; anything else is kept
/// verbatim (it is only index text, never HTML).
fn decode_entities(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &after[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
}

/// The allow-list sanitiser, built once: ammonia's defaults (a conservative set of formatting
/// tags) plus what Markdown output needs, with URL schemes narrowed to the harmless ones.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    let headings = ["h1", "h2", "h3", "h4", "h5", "h6"];
    let mut tag_attributes: HashMap<&'static str, HashSet<&'static str>> = HashMap::new();
    for heading in headings {
        tag_attributes.insert(heading, HashSet::from(["id"]));
    }
    tag_attributes.insert("a", HashSet::from(["href", "title"]));
    tag_attributes.insert(
        "img",
        HashSet::from(["src", "alt", "title", "width", "height"]),
    );
    tag_attributes.insert("code", HashSet::from(["class"]));
    tag_attributes.insert("blockquote", HashSet::from(["class"]));
    tag_attributes.insert("sup", HashSet::from(["class"]));
    tag_attributes.insert("div", HashSet::from(["class", "id"]));
    tag_attributes.insert("th", HashSet::from(["style", "colspan", "rowspan"]));
    tag_attributes.insert("td", HashSet::from(["style", "colspan", "rowspan"]));
    tag_attributes.insert("ol", HashSet::from(["start"]));
    tag_attributes.insert("li", HashSet::from(["id"]));
    tag_attributes.insert("input", HashSet::from(["checked"]));
    builder
        .add_tags(["input"])
        .tag_attributes(tag_attributes)
        .generic_attributes(HashSet::from(["lang", "title"]))
        // Task-list checkboxes are the only inputs Markdown produces; forcing these values means
        // an author's raw `<input>` can only ever become a disabled checkbox.
        .set_tag_attribute_value("input", "type", "checkbox")
        .set_tag_attribute_value("input", "disabled", "")
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .attribute_filter(filter_attribute);
    builder
});

/// Narrows the attributes that must carry one of a few known values (classes pulldown-cmark
/// emits, table alignment) so authors cannot smuggle arbitrary classes or CSS through them.
fn filter_attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    let allowed = match (element, attribute) {
        ("code", "class") => value.strip_prefix("language-").is_some_and(|language| {
            !language.is_empty()
                && language.len() <= 40
                && language
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+-_#.".contains(&b))
        }),
        ("blockquote", "class") => matches!(
            value,
            "markdown-alert-note"
                | "markdown-alert-tip"
                | "markdown-alert-important"
                | "markdown-alert-warning"
                | "markdown-alert-caution"
        ),
        ("sup", "class") => matches!(value, "footnote-reference" | "footnote-definition-label"),
        ("div", "class") => value == "footnote-definition",
        ("th" | "td", "style") => matches!(
            value,
            "text-align: left" | "text-align: center" | "text-align: right"
        ),
        _ => true,
    };
    allowed.then_some(Cow::Borrowed(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(markdown: &str) -> String {
        render(markdown).html
    }

    /// Asserts nothing executable survived: no script/style/iframe/svg tags, no event handler
    /// attributes, no dangerous URL schemes in attributes.
    fn assert_inert(output: &str) {
        let lower = output.to_ascii_lowercase();
        for forbidden in [
            "<script",
            "<style",
            "<iframe",
            "<svg",
            "<object",
            "<embed",
            "<math",
            "<form",
            "javascript:",
            "vbscript:",
            "data:",
            " onerror",
            " onload",
            " onclick",
            " onmouseover",
            "srcdoc",
        ] {
            assert!(
                !lower.contains(forbidden),
                "{forbidden:?} survived in {output}"
            );
        }
    }

    #[test]
    fn xss_never_survives() {
        let attacks = [
            "<script>alert(1)</script>",
            "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
            "<img src=x onerror=alert(1)>",
            "<img src=\"javascript:alert(1)\">",
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "[click](jav&#x09;ascript:alert(1))",
            "[click](&#106;avascript:alert(1))",
            "[click](vbscript:msgbox(1))",
            "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
            "<a href=\"javascript&colon;alert(1)\">x</a>",
            "<svg onload=alert(1)><circle/></svg>",
            "<svg><script>alert(1)</script></svg>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
            "<style>body{display:none}</style>",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "<p onclick=\"alert(1)\">hi</p>",
            "<a href=\"#\" onmouseover=\"alert(1)\">hover</a>",
            "<scr<script>ipt>alert(1)</scr</script>ipt>",
            "<<script>script>alert(1)<</script>/script>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<object data=\"evil.swf\"></object><embed src=\"evil.swf\">",
            "<form action=\"https://evil.example\"><input type=\"password\"></form>",
            "# Title {#x onclick=alert(1)}",
            "```html\n<script>alert(1)</script>\n```",
            "<!-- <script>alert(1)</script> -->",
        ];
        for attack in attacks {
            let output = html(attack);
            assert_inert(&output);
        }
    }

    #[test]
    fn escaped_code_stays_visible_as_text() {
        let output = html("```html\n<script>alert(1)</script>\n```");
        assert!(
            output.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{output}"
        );
        assert!(
            output.contains("<code class=\"language-html\">"),
            "{output}"
        );
    }

    #[test]
    fn raw_input_becomes_a_disabled_checkbox() {
        let output = html("<input type=\"text\" name=\"q\" value=\"x\">");
        assert!(output.contains("type=\"checkbox\""), "{output}");
        assert!(output.contains("disabled"), "{output}");
        assert!(!output.contains("type=\"text\""), "{output}");
    }

    #[test]
    fn links_get_rel_and_keep_title() {
        let output = html("[Docs](https://example.com/docs \"The docs\")");
        assert!(
            output.contains("href=\"https://example.com/docs\""),
            "{output}"
        );
        assert!(output.contains("rel=\"noopener noreferrer\""), "{output}");
        assert!(output.contains("title=\"The docs\""), "{output}");
        let relative = html("[see](/help/billing.md#taxes)");
        assert!(
            relative.contains("href=\"/help/billing.md#taxes\""),
            "{relative}"
        );
    }

    #[test]
    fn images_keep_src_alt_title() {
        let output = html("![A cat](https://example.com/cat.png \"Cat\")");
        assert!(
            output.contains("src=\"https://example.com/cat.png\""),
            "{output}"
        );
        assert!(output.contains("alt=\"A cat\""), "{output}");
        assert!(output.contains("title=\"Cat\""), "{output}");
    }

    #[test]
    fn tables_render_with_alignment() {
        let output = html("| a | b |\n|:--|--:|\n| 1 | 2 |\n");
        assert!(output.contains("<table>"), "{output}");
        assert!(
            output.contains("<th style=\"text-align: left\">a</th>"),
            "{output}"
        );
        assert!(
            output.contains("<td style=\"text-align: right\">2</td>"),
            "{output}"
        );
        let smuggled = html("<td style=\"position:fixed\">x</td>");
        assert!(!smuggled.contains("position"), "{smuggled}");
    }

    #[test]
    fn footnotes_render() {
        let output = html("Text[^note].\n\n[^note]: The note.\n");
        assert!(
            output.contains("<sup class=\"footnote-reference\"><a href=\"#note\""),
            "{output}"
        );
        assert!(
            output.contains("<div class=\"footnote-definition\" id=\"note\">"),
            "{output}"
        );
        assert!(output.contains("The note."), "{output}");
    }

    #[test]
    fn task_lists_render() {
        let output = html("- [x] done\n- [ ] todo\n");
        assert!(
            output.contains("<input type=\"checkbox\" disabled=\"\" checked=\"\">")
                || output.contains("checked"),
            "{output}"
        );
        assert_eq!(output.matches("type=\"checkbox\"").count(), 2, "{output}");
        assert_eq!(output.matches("checked").count(), 1, "{output}");
    }

    #[test]
    fn strikethrough_renders() {
        assert!(html("~~old~~ new").contains("<del>old</del>"));
    }

    #[test]
    fn headings_get_unique_anchor_ids() {
        let output = html(
            "# Configuración de IVA\n\n## Pasos\n\n## Pasos\n\n## Custom {#my-anchor}\n\n## My anchor\n\n[go](#my-anchor)",
        );
        assert!(
            output.contains("<h1 id=\"configuracion-de-iva\">"),
            "{output}"
        );
        assert!(output.contains("<h2 id=\"pasos\">"), "{output}");
        assert!(output.contains("<h2 id=\"pasos-1\">"), "{output}");
        assert!(
            output.contains("<h2 id=\"my-anchor\">Custom</h2>"),
            "{output}"
        );
        assert!(
            output.contains("<h2 id=\"my-anchor-1\">My anchor</h2>"),
            "{output}"
        );
        assert!(output.contains("href=\"#my-anchor\""), "{output}");
        assert!(html("# ¿?\n").contains("<h1 id=\"section\">"));
    }

    #[test]
    fn dnl_and_uicontrol_markers_are_stripped() {
        let rendered = render(
            "Use [[!DNL Quality Patches Tool (QPT)]](/help/qpt.md) in [!DNL Adobe Commerce] via **[!UICONTROL System]** > [!UICONTROL Import].",
        );
        assert!(!rendered.html.contains("[!"), "{}", rendered.html);
        assert!(rendered.html.contains("<a href=\"/help/qpt.md\" rel=\"noopener noreferrer\">Quality Patches Tool (QPT)</a>"), "{}", rendered.html);
        assert!(
            rendered.html.contains("<strong>System</strong>"),
            "{}",
            rendered.html
        );
        assert_eq!(
            rendered.text,
            "Use Quality Patches Tool (QPT) in Adobe Commerce via System > Import."
        );
        // A marker without its closing bracket is left alone rather than eating the line.
        assert!(render("[!DNL unclosed").text.contains("[!DNL unclosed"));
    }

    #[test]
    fn callouts_become_alerts() {
        let rendered = render(
            ">[!NOTE]\n>\n>Read this.\n\n>[!INFO]\n>\n>Info.\n\n>[!MORELIKETHIS]\n>\n>* more\n",
        );
        assert!(
            rendered
                .html
                .contains("<blockquote class=\"markdown-alert-note\">"),
            "{}",
            rendered.html
        );
        assert_eq!(
            rendered.html.matches("markdown-alert-note").count(),
            2,
            "{}",
            rendered.html
        );
        assert!(!rendered.text.contains("[!"), "{}", rendered.text);
        assert!(!rendered.html.contains("[!"), "{}", rendered.html);
        assert!(rendered.text.contains("Read this."));
    }

    #[test]
    fn text_has_no_markup_but_keeps_code_words() {
        let rendered = render(
            "# Title\n\nSome **bold** and `inline_code` text with a [link](https://x.example).\n\n```bash\nbin/magento cache:flush\n```\n\n<u>Pasos</u>: &amp; <b>más</b>\n\n<table><tr><td>cell&nbsp;one</td><td>two</td></tr></table>\n\n<script>var hidden = 1;</script>\n\n![alt words](x.png)\n",
        );
        let text = &rendered.text;
        for expected in [
            "Title",
            "bold",
            "inline_code",
            "link",
            "bin/magento cache:flush",
            "Pasos: & más",
            "cell one two",
            "two",
            "alt words",
        ] {
            assert!(
                text.contains(expected),
                "{expected:?} missing from {text:?}"
            );
        }
        for unexpected in [
            "**",
            "`",
            "```",
            "<",
            "https://x.example",
            "hidden",
            "&amp;",
        ] {
            assert!(!text.contains(unexpected), "{unexpected:?} in {text:?}");
        }
    }

    #[test]
    fn summary_skips_headings_and_cuts_at_a_word() {
        let long = "palabra ".repeat(60);
        let rendered = render(&format!("# Title\n\n{long}"));
        assert!(rendered.summary.ends_with('…'), "{}", rendered.summary);
        assert!(!rendered.summary.starts_with("Title"));
        let without_ellipsis = rendered.summary.trim_end_matches('…');
        assert!(without_ellipsis.chars().count() <= SUMMARY_CHARS);
        assert!(
            without_ellipsis.ends_with("palabra"),
            "{}",
            rendered.summary
        );

        let short = render("# T\n\nShort and sweet.");
        assert_eq!(short.summary, "Short and sweet.");
        // Only a heading: the summary falls back to all text.
        assert_eq!(render("# Only a title").summary, "Only a title");
        assert_eq!(render("").summary, "");
    }

    #[test]
    fn summarize_handles_long_words_and_multibyte_text() {
        let url = "x".repeat(500);
        let cut = summarize(&url, 200);
        assert_eq!(cut.chars().count(), 201);
        let accents = "á".repeat(300);
        assert_eq!(summarize(&accents, 10).chars().count(), 11);
        assert_eq!(summarize("uno, dos, tres", 9), "uno, dos…");
    }

    #[test]
    fn tolerates_odd_input() {
        for input in [
            "",
            "\0",
            "[",
            "[!",
            "[!DNL ",
            "> [!",
            ">[!]",
            "# {#}",
            "|a|\n|-|",
            "<",
            "&#xFFFFFFFF;",
            "<scr",
        ] {
            let _ = render(input);
        }
        let _ = render(&"[".repeat(10_000));
        let _ = render(&"> ".repeat(5_000));
    }

    #[test]
    fn entities_decode_in_html_text() {
        let mut out = String::new();
        decode_entities("a &lt;b&gt; &#233; &#xE9; &bogus; & done", &mut out);
        assert_eq!(out, "a <b> é é &bogus; & done");
    }
}
