//! Images pasted or dropped into the body, the pure parts: which files are taken, the line
//! that stands in for an image while it uploads, and putting the result in its place.
//!
//! Offsets are byte offsets into UTF-8 text (`markup::byte_offset` converts the browser's).

/// Whether a file of this MIME type is taken as an image (the server decides which kinds it
/// keeps: PNG, JPEG and WebP; anything else it refuses with a message).
pub fn is_image(mime: &str) -> bool {
    mime.trim().to_ascii_lowercase().starts_with("image/")
}

/// The kinds the file picker offers.
pub const ACCEPT: &str = "image/png,image/jpeg,image/webp";

/// The stand-in while `name` uploads: `![Uploading name…]()` (`word` in the UI language).
/// Brackets and line breaks in the name would end the Markdown early: they become spaces.
pub fn placeholder(word: &str, name: &str) -> String {
    let name: String = name
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']' | '(' | ')' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect();
    format!("![{word} {}…]()", name.trim())
}

/// `text` with `line` inserted at `at` as a line of its own (a line break is added before it
/// unless the caret is at a line's start, and after it unless a line break follows), and the
/// caret after it.
pub fn insert_line(text: &str, at: usize, line: &str) -> (String, usize) {
    let at = floor_boundary(text, at.min(text.len()));
    let (before, after) = text.split_at(at);
    let mut inserted = String::new();
    if !before.is_empty() && !before.ends_with('\n') {
        inserted.push('\n');
    }
    inserted.push_str(line);
    if !after.starts_with('\n') {
        inserted.push('\n');
    }
    let caret = at + inserted.len();
    (format!("{before}{inserted}{after}"), caret)
}

/// `text` with the first `placeholder` replaced by `replacement` (an empty one also takes the
/// line break after it), where it is and how the text changed (the byte range replaced and
/// the new text's length there), or `None` when the placeholder is gone (the user deleted it).
pub fn replace_placeholder(
    text: &str,
    placeholder: &str,
    replacement: &str,
) -> Option<(String, usize, usize)> {
    let start = text.find(placeholder)?;
    let mut end = start + placeholder.len();
    if replacement.is_empty() && text[end..].starts_with('\n') {
        end += 1;
    }
    let new = format!("{}{replacement}{}", &text[..start], &text[end..]);
    Some((new, start, end))
}

/// Where a caret at `caret` moves when `start..end` is replaced by `len` bytes.
pub fn shift_caret(caret: usize, start: usize, end: usize, len: usize) -> usize {
    if caret <= start {
        caret
    } else if caret >= end {
        caret - (end - start) + len
    } else {
        start + len
    }
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_images_are_taken() {
        assert!(is_image("image/png"));
        assert!(is_image("IMAGE/JPEG"));
        assert!(is_image("image/gif"));
        assert!(!is_image("text/plain"));
        assert!(!is_image(""));
    }

    #[test]
    fn placeholders_name_the_file_safely() {
        assert_eq!(
            placeholder("Uploading", "cat.png"),
            "![Uploading cat.png…]()"
        );
        assert_eq!(
            placeholder("Subiendo", "a]b(c).png"),
            "![Subiendo a b c .png…]()"
        );
    }

    #[test]
    fn the_placeholder_gets_a_line_of_its_own() {
        assert_eq!(insert_line("", 0, "X"), ("X\n".to_owned(), 2));
        assert_eq!(insert_line("ab\ncd", 3, "X"), ("ab\nX\ncd".to_owned(), 5));
        assert_eq!(insert_line("abcd", 2, "X"), ("ab\nX\ncd".to_owned(), 5));
        assert_eq!(insert_line("ab", 2, "X"), ("ab\nX\n".to_owned(), 5));
        assert_eq!(insert_line("ab\n", 2, "X"), ("ab\nX\n".to_owned(), 4));
        // A caret inside a character falls back to its start.
        assert_eq!(insert_line("é", 1, "X"), ("X\né".to_owned(), 2));
    }

    #[test]
    fn placeholders_are_replaced_or_removed() {
        let text = "a\n![Uploading x…]()\nb";
        assert_eq!(
            replace_placeholder(text, "![Uploading x…]()", "![x](/media/1.png)"),
            Some(("a\n![x](/media/1.png)\nb".to_owned(), 2, 21))
        );
        assert_eq!(
            replace_placeholder(text, "![Uploading x…]()", ""),
            Some(("a\nb".to_owned(), 2, 22))
        );
        assert_eq!(replace_placeholder("a", "![Uploading x…]()", ""), None);
    }

    #[test]
    fn the_caret_follows_the_change() {
        assert_eq!(shift_caret(1, 2, 5, 10), 1);
        assert_eq!(shift_caret(7, 2, 5, 10), 14);
        assert_eq!(shift_caret(3, 2, 5, 0), 2);
    }
}
