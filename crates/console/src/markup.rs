//! The editor toolbar's Markdown: each [`Tool`] turns a text and its selection into a new
//! text and selection, so the toolbar's component only reads and writes the textarea.
//!
//! Offsets here are byte offsets into UTF-8 text; the browser counts UTF-16 units
//! ([`byte_offset`] and [`utf16_offset`] convert). Inline tools wrap the selection (or take
//! their marks off again when it is already wrapped); line tools prefix each line the
//! selection touches (or take the prefix off when every line has it already); the table is a
//! new block.

/// A toolbar button.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tool {
    Heading,
    Bold,
    Italic,
    Link,
    BulletList,
    NumberedList,
    Code,
    Table,
    Callout,
}

impl Tool {
    /// Every tool, in the toolbar's order.
    pub const ALL: [Tool; 9] = [
        Tool::Heading,
        Tool::Bold,
        Tool::Italic,
        Tool::Link,
        Tool::BulletList,
        Tool::NumberedList,
        Tool::Code,
        Tool::Table,
        Tool::Callout,
    ];

    /// A stable name for ids and tests: `format-bold`.
    pub fn key(self) -> &'static str {
        match self {
            Tool::Heading => "heading",
            Tool::Bold => "bold",
            Tool::Italic => "italic",
            Tool::Link => "link",
            Tool::BulletList => "bullets",
            Tool::NumberedList => "numbers",
            Tool::Code => "code",
            Tool::Table => "table",
            Tool::Callout => "callout",
        }
    }
}

/// The words some tools write, in the article's language.
#[derive(Clone, Copy, Debug)]
pub struct Words<'a> {
    /// The callout's lead: "Note" → `> **Note:** `.
    pub note: &'a str,
    /// A table's header cell.
    pub column: &'a str,
    /// A table's body cell.
    pub cell: &'a str,
    /// A link's text when nothing is selected.
    pub link_text: &'a str,
}

/// A text and its selection (`start == end`: a caret), as byte offsets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// `tool` applied to `text` with the selection `start..end` (clamped and put on character
/// boundaries, in either order).
pub fn apply(tool: Tool, text: &str, start: usize, end: usize, words: &Words<'_>) -> Edit {
    let (start, end) = (floor(text, start.min(end)), floor(text, start.max(end)));
    match tool {
        Tool::Bold => inline(text, start, end, "**"),
        Tool::Italic => inline(text, start, end, "*"),
        Tool::Code if text[start..end].contains('\n') => fence(text, start, end),
        Tool::Code => inline(text, start, end, "`"),
        Tool::Link => link(text, start, end, words.link_text),
        Tool::Heading => lines(text, start, end, &Prefix::Heading),
        Tool::BulletList => lines(text, start, end, &Prefix::Bullet),
        Tool::NumberedList => lines(text, start, end, &Prefix::Number),
        Tool::Callout => lines(text, start, end, &Prefix::Callout(words.note)),
        Tool::Table => table(text, end, words),
    }
}

/// `at`, or the character boundary before it, within `text`.
fn floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn edit(parts: &[&str], start: usize, end: usize) -> Edit {
    Edit {
        text: parts.concat(),
        start,
        end,
    }
}

/// How many `*` end `text`, and how many start it.
fn stars_before(text: &str) -> usize {
    text.len() - text.trim_end_matches('*').len()
}

fn stars_after(text: &str) -> usize {
    text.len() - text.trim_start_matches('*').len()
}

/// Whether `before` ends and `after` starts with `mark`, reading runs of `*` as CommonMark
/// does for emphasis: `**` is bold and `*` italic, so `***x***` is both.
fn marked(before: &str, after: &str, mark: &str) -> bool {
    match mark {
        "**" => stars_before(before) >= 2 && stars_after(after) >= 2,
        "*" => stars_before(before) % 2 == 1 && stars_after(after) % 2 == 1,
        _ => before.ends_with(mark) && after.starts_with(mark),
    }
}

/// Wraps the selection in `mark` (`**bold**`), or unwraps it when the marks are already
/// around it (just outside the selection or at its edges). Spaces at the selection's edges
/// stay outside the marks, where Markdown needs them. A selection over several lines has
/// each line wrapped, since emphasis does not cross paragraphs.
fn inline(text: &str, start: usize, end: usize, mark: &str) -> Edit {
    let (before, selected, after) = (&text[..start], &text[start..end], &text[end..]);
    if marked(before, after, mark) {
        let before = &before[..before.len() - mark.len()];
        let after = &after[mark.len()..];
        return edit(
            &[before, selected, after],
            start - mark.len(),
            end - mark.len(),
        );
    }
    if selected.len() >= 2 * mark.len() {
        let inner = &selected[mark.len()..selected.len() - mark.len()];
        let edge_start = &selected[..mark.len()];
        let edge_end = &selected[selected.len() - mark.len()..];
        if marked(edge_start, edge_end, mark) && !inner.contains('\n') {
            return edit(&[before, inner, after], start, start + inner.len());
        }
    }
    if selected.contains('\n') {
        let wrapped: Vec<String> = selected
            .split('\n')
            .map(|line| {
                let core = line.trim();
                if core.is_empty() {
                    return line.to_owned();
                }
                let lead = &line[..line.len() - line.trim_start().len()];
                let tail = &line[line.trim_end().len()..];
                format!("{lead}{mark}{core}{mark}{tail}")
            })
            .collect();
        let wrapped = wrapped.join("\n");
        return edit(&[before, &wrapped, after], start, start + wrapped.len());
    }
    let core = selected.trim();
    let lead = &selected[..selected.len() - selected.trim_start().len()];
    let tail = &selected[lead.len() + core.len()..];
    let inner_start = start + lead.len() + mark.len();
    edit(
        &[before, lead, mark, core, mark, tail, after],
        inner_start,
        inner_start + core.len(),
    )
}

/// A fenced code block around the selected lines, on lines of its own.
fn fence(text: &str, start: usize, end: usize) -> Edit {
    let (before, selected, after) = (&text[..start], &text[start..end], &text[end..]);
    let open = if before.is_empty() || before.ends_with('\n') {
        "```\n"
    } else {
        "\n```\n"
    };
    let close = if selected.ends_with('\n') {
        "```"
    } else {
        "\n```"
    };
    let gap = if after.is_empty() || after.starts_with('\n') {
        ""
    } else {
        "\n"
    };
    let inner_start = start + open.len();
    edit(
        &[before, open, selected, close, gap, after],
        inner_start,
        inner_start + selected.len(),
    )
}

/// `[selection](https://)` with the address selected, to be typed over; a selected address
/// becomes the link's target, with its text selected instead.
fn link(text: &str, start: usize, end: usize, link_text: &str) -> Edit {
    let (before, selected, after) = (&text[..start], &text[start..end], &text[end..]);
    let core = selected.trim();
    let is_address = core.starts_with("https://") || core.starts_with("http://");
    if core.is_empty() || is_address {
        let target = if is_address { core } else { "https://" };
        let text_start = start + 1;
        return edit(
            &[before, "[", link_text, "](", target, ")", after],
            text_start,
            text_start + link_text.len(),
        );
    }
    let lead = &selected[..selected.len() - selected.trim_start().len()];
    let tail = &selected[lead.len() + core.len()..];
    let target_start = start + lead.len() + 1 + core.len() + 2;
    edit(
        &[before, lead, "[", core, "](https://)", tail, after],
        target_start,
        target_start + "https://".len(),
    )
}

/// What a line tool puts at the start of lines.
enum Prefix<'a> {
    Heading,
    Bullet,
    Number,
    Callout(&'a str),
}

/// The length of a list marker (`- `, `* `, `+ `, `12. `) at the start of `line`, if any.
fn list_marker(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    (digits > 0 && line[digits..].starts_with(". ")).then_some(digits + 2)
}

/// The length of a heading's `## ` at the start of `line`, if any.
fn heading_marker(line: &str) -> Option<usize> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    ((1..=6).contains(&hashes) && line[hashes..].starts_with(' ')).then_some(hashes + 1)
}

impl Prefix<'_> {
    /// The prefix this tool puts on a line: `n` counts the lines prefixed so far.
    fn make(&self, n: usize) -> String {
        match self {
            Prefix::Heading => "## ".to_owned(),
            Prefix::Bullet => "- ".to_owned(),
            Prefix::Number => format!("{}. ", n + 1),
            Prefix::Callout(note) if n == 0 => format!("> **{note}:** "),
            Prefix::Callout(_) => "> ".to_owned(),
        }
    }

    /// The length of this tool's own prefix on `line` (a numbered list's any number).
    fn present(&self, line: &str, first: bool) -> Option<usize> {
        match self {
            Prefix::Heading => heading_marker(line),
            Prefix::Bullet => {
                list_marker(line).filter(|_| !line.starts_with(|c: char| c.is_ascii_digit()))
            }
            Prefix::Number => {
                list_marker(line).filter(|_| line.starts_with(|c: char| c.is_ascii_digit()))
            }
            Prefix::Callout(note) => {
                let lead = format!("> **{note}:** ");
                if first && line.starts_with(&lead) {
                    Some(lead.len())
                } else if line.starts_with("> ") {
                    Some(2)
                } else {
                    (line == ">").then_some(1)
                }
            }
        }
    }

    /// What another tool's prefix to replace looks like: a list for a list, a heading's
    /// hashes for a heading.
    fn replaces(&self, line: &str) -> usize {
        match self {
            Prefix::Heading => heading_marker(line).unwrap_or(0),
            Prefix::Bullet | Prefix::Number => list_marker(line).unwrap_or(0),
            Prefix::Callout(_) => 0,
        }
    }
}

/// Prefixes every line the selection touches (blank lines are left alone, but a lone blank
/// line gets the prefix, ready to type after), or takes the prefix off when every non-blank
/// line has it. A caret keeps its place in its line's text; a selection covers the new lines.
fn lines(text: &str, start: usize, end: usize, prefix: &Prefix<'_>) -> Edit {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    // A selection that ends at the start of a line does not touch that line.
    let last = if end > start && text[..end].ends_with('\n') {
        end - 1
    } else {
        end
    };
    let line_end = text[last..].find('\n').map_or(text.len(), |i| last + i);
    let block: Vec<&str> = text[line_start..line_end].split('\n').collect();
    let lone = block.len() == 1;
    let touched = |line: &str| lone || !line.trim().is_empty();
    let all_prefixed = block
        .iter()
        .filter(|line| touched(line))
        .enumerate()
        .all(|(n, line)| prefix.present(line, n == 0).is_some());

    let mut n = 0;
    // The caret's shift: what was added (or taken) before it on its line.
    let mut caret_shift: isize = 0;
    let mut offset = line_start;
    let mut new_lines = Vec::with_capacity(block.len());
    for line in &block {
        let caret_here = (offset..=offset + line.len()).contains(&start);
        let new_line = if !touched(line) {
            (*line).to_owned()
        } else if all_prefixed {
            let cut = prefix.present(line, n == 0).unwrap_or(0);
            if caret_here {
                caret_shift = -(cut.min(start - offset) as isize);
            }
            n += 1;
            line[cut..].to_owned()
        } else {
            let cut = prefix.replaces(line);
            let added = prefix.make(n);
            if caret_here {
                caret_shift = added.len() as isize - cut.min(start - offset) as isize;
            }
            n += 1;
            format!("{added}{}", &line[cut..])
        };
        offset += line.len() + 1;
        new_lines.push(new_line);
    }
    let new_block = new_lines.join("\n");
    let result = [&text[..line_start], new_block.as_str(), &text[line_end..]].concat();
    if start == end {
        let caret = (start as isize + caret_shift).max(line_start as isize) as usize;
        let caret = floor(&result, caret);
        return Edit {
            text: result,
            start: caret,
            end: caret,
        };
    }
    Edit {
        text: result,
        start: line_start,
        end: line_start + new_block.len(),
    }
}

/// A two-column table as a block of its own after the selection's line, the first header
/// cell selected.
fn table(text: &str, end: usize, words: &Words<'_>) -> Edit {
    let at = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let (before, after) = (&text[..at], &text[at..]);
    let Words { column, cell, .. } = words;
    let block = format!("| {column} | {column} |\n| --- | --- |\n| {cell} | {cell} |");
    let lead = if before.trim().is_empty() || before.ends_with("\n\n") {
        ""
    } else if before.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    let gap = if after.trim().is_empty() { "" } else { "\n" };
    let first_cell = before.len() + lead.len() + 2;
    edit(
        &[before, lead, &block, gap, after],
        first_cell,
        first_cell + column.len(),
    )
}

/// The UTF-8 byte offset of the browser's UTF-16 offset `utf16` in `text` (past the end: the
/// end; inside a surrogate pair: the character's start).
pub fn byte_offset(text: &str, utf16: u32) -> usize {
    let mut units = 0u32;
    for (at, c) in text.char_indices() {
        let next = units + c.len_utf16() as u32;
        if next > utf16 {
            return at;
        }
        units = next;
    }
    text.len()
}

/// The browser's UTF-16 offset of the byte offset `byte` in `text`.
pub fn utf16_offset(text: &str, byte: usize) -> u32 {
    text[..floor(text, byte)]
        .chars()
        .map(|c| c.len_utf16() as u32)
        .sum()
}

/// The part of `old` that changed into `new`: `(start, end, replacement)` with
/// `old[start..end]` replaced by `replacement`, all that is needed to turn one into the other
/// (so the browser's undo history records a small change, not the whole text).
pub fn changed_span<'a>(old: &str, new: &'a str) -> (usize, usize, &'a str) {
    let prefix = old
        .char_indices()
        .zip(new.chars())
        .find(|((_, a), b)| a != b)
        .map_or(old.len().min(new.len()), |((i, _), _)| i);
    let prefix = floor(new, prefix);
    let suffix = old[prefix..]
        .chars()
        .rev()
        .zip(new[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    (prefix, old.len() - suffix, &new[prefix..new.len() - suffix])
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDS: Words<'static> = Words {
        note: "Note",
        column: "Column",
        cell: "Cell",
        link_text: "link text",
    };

    /// Applies `tool` to a text whose selection is marked with `[` and `]` (or a caret `|`),
    /// and returns the result marked the same way.
    fn run(tool: Tool, marked: &str) -> String {
        let (text, start, end) = if let Some(caret) = marked.find('|') {
            (marked.replacen('|', "", 1), caret, caret)
        } else {
            let start = marked.find('[').expect("a selection");
            let end = marked.find(']').expect("a selection's end") - 1;
            (marked.replacen('[', "", 1).replacen(']', "", 1), start, end)
        };
        let edit = apply(tool, &text, start, end, &WORDS);
        if edit.start == edit.end {
            format!("{}|{}", &edit.text[..edit.start], &edit.text[edit.start..])
        } else {
            format!(
                "{}[{}]{}",
                &edit.text[..edit.start],
                &edit.text[edit.start..edit.end],
                &edit.text[edit.end..]
            )
        }
    }

    #[test]
    fn bold_and_italic_wrap_and_unwrap() {
        assert_eq!(run(Tool::Bold, "a [word] b"), "a **[word]** b");
        assert_eq!(run(Tool::Bold, "a **[word]** b"), "a [word] b");
        assert_eq!(run(Tool::Bold, "a [**word**] b"), "a [word] b");
        assert_eq!(run(Tool::Bold, "a |b"), "a **|**b");
        assert_eq!(run(Tool::Italic, "a [word] b"), "a *[word]* b");
        assert_eq!(run(Tool::Italic, "a *[word]* b"), "a [word] b");
        // Bold is not italic, and bold-italic is both.
        assert_eq!(run(Tool::Italic, "a **[word]** b"), "a ***[word]*** b");
        assert_eq!(run(Tool::Bold, "***[x]***"), "*[x]*");
        assert_eq!(run(Tool::Italic, "***[x]***"), "**[x]**");
    }

    #[test]
    fn spaces_stay_outside_the_marks() {
        assert_eq!(run(Tool::Bold, "a[ word ]b"), "a **[word]** b");
        assert_eq!(run(Tool::Italic, "[one\n\n  two ]"), "[*one*\n\n  *two* ]");
    }

    #[test]
    fn code_is_inline_or_fenced() {
        assert_eq!(run(Tool::Code, "run [ls -l] now"), "run `[ls -l]` now");
        assert_eq!(run(Tool::Code, "run `[ls -l]` now"), "run [ls -l] now");
        assert_eq!(
            run(Tool::Code, "Text\n[a = 1\nb = 2]\nMore"),
            "Text\n```\n[a = 1\nb = 2]\n```\nMore"
        );
        assert_eq!(run(Tool::Code, "x[a\nb]"), "x\n```\n[a\nb]\n```");
    }

    #[test]
    fn links_select_what_to_type_next() {
        assert_eq!(
            run(Tool::Link, "see [the docs] here"),
            "see [the docs]([https://]) here"
        );
        assert_eq!(run(Tool::Link, "a |b"), "a [[link text]](https://)b");
        assert_eq!(
            run(Tool::Link, "[https://example.com/x]"),
            "[[link text]](https://example.com/x)"
        );
    }

    #[test]
    fn headings_prefix_the_line_and_toggle() {
        assert_eq!(
            run(Tool::Heading, "Intro\nTi|tle\nEnd"),
            "Intro\n## Ti|tle\nEnd"
        );
        assert_eq!(run(Tool::Heading, "## Ti|tle"), "Ti|tle");
        assert_eq!(run(Tool::Heading, "### Ti|tle"), "Ti|tle");
        assert_eq!(run(Tool::Heading, "|"), "## |");
        assert_eq!(run(Tool::Heading, "a [b\nc] d"), "[## a b\n## c d]");
    }

    #[test]
    fn lists_prefix_each_line_and_toggle() {
        assert_eq!(
            run(Tool::BulletList, "[one\ntwo\n\nthree]"),
            "[- one\n- two\n\n- three]"
        );
        assert_eq!(run(Tool::BulletList, "[- one\n- two]"), "[one\ntwo]");
        assert_eq!(
            run(Tool::NumberedList, "[one\ntwo\n\nthree]"),
            "[1. one\n2. two\n\n3. three]"
        );
        assert_eq!(run(Tool::NumberedList, "[1. one\n2. two]"), "[one\ntwo]");
        // One kind of list becomes the other.
        assert_eq!(
            run(Tool::NumberedList, "[- one\n- two]"),
            "[1. one\n2. two]"
        );
        assert_eq!(run(Tool::BulletList, "[1. one\n10. two]"), "[- one\n- two]");
        // A selection ending at the start of a line leaves that line alone.
        assert_eq!(run(Tool::BulletList, "[a\n]b"), "[- a]\nb");
        assert_eq!(run(Tool::BulletList, "x|"), "- x|");
    }

    #[test]
    fn callouts_are_quotes_led_by_a_note() {
        assert_eq!(run(Tool::Callout, "|"), "> **Note:** |");
        assert_eq!(
            run(Tool::Callout, "[Check this.\nAnd this.]"),
            "[> **Note:** Check this.\n> And this.]"
        );
        assert_eq!(
            run(Tool::Callout, "[> **Note:** Check this.\n> And this.]"),
            "[Check this.\nAnd this.]"
        );
    }

    #[test]
    fn tables_are_blocks_of_their_own() {
        assert_eq!(
            run(Tool::Table, "|"),
            "| [Column] | Column |\n| --- | --- |\n| Cell | Cell |"
        );
        assert_eq!(
            run(Tool::Table, "Intro|\nNext"),
            "Intro\n\n| [Column] | Column |\n| --- | --- |\n| Cell | Cell |\n\nNext"
        );
    }

    #[test]
    fn selections_are_clamped_to_the_text_and_its_characters() {
        let edit = apply(Tool::Bold, "añb", 2, 99, &WORDS);
        assert_eq!(edit.text, "a**ñb**");
        let edit = apply(Tool::Bold, "ab", 2, 1, &WORDS);
        assert_eq!(edit.text, "a**b**");
    }

    #[test]
    fn utf16_offsets_convert_both_ways() {
        let text = "añ😀b";
        // a=1 unit, ñ=1 unit (2 bytes), 😀=2 units (4 bytes), b=1.
        assert_eq!(byte_offset(text, 0), 0);
        assert_eq!(byte_offset(text, 2), 3);
        assert_eq!(byte_offset(text, 3), 3);
        assert_eq!(byte_offset(text, 4), 7);
        assert_eq!(byte_offset(text, 99), text.len());
        assert_eq!(utf16_offset(text, 7), 4);
        assert_eq!(utf16_offset(text, text.len()), 5);
        for units in [0, 1, 2, 4, 5] {
            assert_eq!(utf16_offset(text, byte_offset(text, units)), units);
        }
    }

    #[test]
    fn changed_spans_are_minimal() {
        assert_eq!(changed_span("a word b", "a **word** b"), (2, 6, "**word**"));
        assert_eq!(changed_span("abc", "abc"), (3, 3, ""));
        assert_eq!(changed_span("abc", ""), (0, 3, ""));
        assert_eq!(changed_span("", "x"), (0, 0, "x"));
        assert_eq!(changed_span("ñandú", "ñendú"), (2, 3, "e"));
        let (start, end, with) = changed_span("x **a** y", "x a y");
        assert_eq!(
            [
                "x **a** y"[..start].to_owned(),
                with.to_owned(),
                "x **a** y"[end..].to_owned()
            ]
            .concat(),
            "x a y"
        );
    }
}
