//! Line diffs: which lines of one text were kept, removed and added to make another, for the
//! versions screen and the edit-conflict panel.
//!
//! The lines both texts start and end with are matched first; the rest by their longest
//! common subsequence (a table of `old × new` lines). That table is bounded: past
//! [`MAX_CELLS`] the changed middle is shown as removed and added whole, which is still a
//! true diff, only a coarse one.

/// The most line pairs the LCS table may hold (2,000 × 2,000 lines, 8 MB of `u16`).
pub const MAX_CELLS: usize = 2_000 * 2_000;

/// What happened to a line on the way from the old text to the new one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Same,
    Removed,
    Added,
}

/// One line of a diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub change: Change,
    pub text: String,
}

/// A diff, old text's order first where lines were replaced (removed before added).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diff {
    pub lines: Vec<Line>,
    /// The texts were too long to compare line by line: the changed middle is replaced whole.
    pub coarse: bool,
}

impl Diff {
    /// Lines added and removed.
    pub fn counts(&self) -> (usize, usize) {
        let count = |change| self.lines.iter().filter(|l| l.change == change).count();
        (count(Change::Added), count(Change::Removed))
    }

    /// True when nothing changed.
    pub fn is_same(&self) -> bool {
        self.lines.iter().all(|line| line.change == Change::Same)
    }
}

/// The line diff from `old` to `new`. Line ends (`\n`, `\r\n`) are not part of a line, and
/// an empty text has no lines.
pub fn diff(old: &str, new: &str) -> Diff {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (old_middle, new_middle) = (
        &old[prefix..old.len() - suffix],
        &new[prefix..new.len() - suffix],
    );

    let line = |change, text: &&str| Line {
        change,
        text: (*text).to_owned(),
    };
    let mut lines: Vec<Line> = old[..prefix]
        .iter()
        .map(|t| line(Change::Same, t))
        .collect();
    let coarse = old_middle.len().saturating_mul(new_middle.len()) > MAX_CELLS;
    if coarse {
        lines.extend(old_middle.iter().map(|t| line(Change::Removed, t)));
        lines.extend(new_middle.iter().map(|t| line(Change::Added, t)));
    } else {
        lines.extend(lcs_diff(old_middle, new_middle));
    }
    lines.extend(
        old[old.len() - suffix..]
            .iter()
            .map(|t| line(Change::Same, t)),
    );
    Diff { lines, coarse }
}

/// The diff of two line lists through their longest common subsequence. The caller keeps
/// `old.len() * new.len()` within [`MAX_CELLS`], so every length fits a `u16` (the shorter
/// side is at most 2,000 lines).
fn lcs_diff(old: &[&str], new: &[&str]) -> Vec<Line> {
    let (n, m) = (old.len(), new.len());
    let width = m + 1;
    // `table[i * width + j]`: the LCS length of `old[i..]` and `new[j..]`.
    let mut table = vec![0u16; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i * width + j] = if old[i] == new[j] {
                table[(i + 1) * width + j + 1] + 1
            } else {
                table[(i + 1) * width + j].max(table[i * width + j + 1])
            };
        }
    }
    let mut lines = Vec::with_capacity(n + m);
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        let (change, text) = if i < n && j < m && old[i] == new[j] {
            i += 1;
            j += 1;
            (Change::Same, old[i - 1])
        } else if j == m || (i < n && table[(i + 1) * width + j] >= table[i * width + j + 1]) {
            i += 1;
            (Change::Removed, old[i - 1])
        } else {
            j += 1;
            (Change::Added, new[j - 1])
        };
        lines.push(Line {
            change,
            text: text.to_owned(),
        });
    }
    lines
}

/// A row of a shown diff: a line, or a run of unchanged lines folded away.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Row {
    Line(Line),
    Folded(usize),
}

/// The diff's lines with each run of unchanged lines farther than `context` lines from a
/// change folded into one row (a fold of a single line is shown instead: it saves nothing).
pub fn fold(diff: &Diff, context: usize) -> Vec<Row> {
    let lines = &diff.lines;
    let near_change = |index: usize| {
        let from = index.saturating_sub(context);
        let to = (index + context + 1).min(lines.len());
        lines[from..to].iter().any(|l| l.change != Change::Same)
    };
    let mut rows = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        if near_change(index) {
            rows.push(Row::Line(lines[index].clone()));
            index += 1;
            continue;
        }
        let start = index;
        while index < lines.len() && !near_change(index) {
            index += 1;
        }
        if index - start == 1 {
            rows.push(Row::Line(lines[start].clone()));
        } else {
            rows.push(Row::Folded(index - start));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The diff as `" a"`, `"-b"`, `"+c"` strings.
    fn marks(old: &str, new: &str) -> Vec<String> {
        diff(old, new)
            .lines
            .iter()
            .map(|line| {
                let sign = match line.change {
                    Change::Same => ' ',
                    Change::Removed => '-',
                    Change::Added => '+',
                };
                format!("{sign}{}", line.text)
            })
            .collect()
    }

    #[test]
    fn identical_texts_are_all_same() {
        let text = "# Title\n\nOne.\nTwo.\n";
        assert_eq!(marks(text, text), [" # Title", " ", " One.", " Two."]);
        assert!(diff(text, text).is_same());
        assert_eq!(diff(text, text).counts(), (0, 0));
    }

    #[test]
    fn insertions() {
        assert_eq!(marks("a\nc", "a\nb\nc"), [" a", "+b", " c"]);
        assert_eq!(marks("a", "z\na\nb"), ["+z", " a", "+b"]);
        assert_eq!(diff("a\nc", "a\nb\nb2\nc").counts(), (2, 0));
    }

    #[test]
    fn deletions() {
        assert_eq!(marks("a\nb\nc", "a\nc"), [" a", "-b", " c"]);
        assert_eq!(marks("a\nb\nc", "b"), ["-a", " b", "-c"]);
    }

    #[test]
    fn changes_remove_before_they_add() {
        assert_eq!(
            marks("a\nold\nc\nd", "a\nnew\nc\nD"),
            [" a", "-old", "+new", " c", "-d", "+D"]
        );
        // The common subsequence is kept even when it moves around changed lines.
        assert_eq!(
            marks("x\na\ny\nb", "a\nz\nb\nw"),
            ["-x", " a", "-y", "+z", " b", "+w"]
        );
    }

    #[test]
    fn empty_sides() {
        assert_eq!(marks("", ""), Vec::<String>::new());
        assert_eq!(marks("", "a\nb"), ["+a", "+b"]);
        assert_eq!(marks("a\nb\n", ""), ["-a", "-b"]);
        assert!(diff("", "").is_same());
    }

    #[test]
    fn line_ends_do_not_matter() {
        assert_eq!(marks("a\r\nb\r\n", "a\nb"), [" a", " b"]);
    }

    #[test]
    fn big_inputs_are_bounded() {
        let old: String = (0..3_000).map(|i| format!("old {i}\n")).collect();
        let new: String = (0..3_000).map(|i| format!("new {i}\n")).collect();
        let shared = "same start\n";
        let result = diff(
            &format!("{shared}{old}end\n"),
            &format!("{shared}{new}end\n"),
        );
        assert!(result.coarse);
        assert_eq!(result.counts(), (3_000, 3_000));
        assert_eq!(result.lines.first().map(|l| l.change), Some(Change::Same));
        assert_eq!(result.lines.last().map(|l| l.text.as_str()), Some("end"));
        // Removals come first, then the additions, in order.
        assert_eq!(result.lines[1].text, "old 0");
        assert_eq!(result.lines[3_001].text, "new 0");

        // Within the bound, a long text with one change is compared line by line.
        let long: String = (0..1_500).map(|i| format!("line {i}\n")).collect();
        let changed = long.replace("line 700\n", "line seven hundred\n");
        let result = diff(&long, &changed);
        assert!(!result.coarse);
        assert_eq!(result.counts(), (1, 1));
    }

    #[test]
    fn folding_keeps_context_around_changes() {
        let old: String = (1..=20).map(|i| format!("{i}\n")).collect();
        let new = old.replace("10\n", "ten\n");
        let rows = fold(&diff(&old, &new), 2);
        let shown: Vec<String> = rows
            .iter()
            .map(|row| match row {
                Row::Line(line) => line.text.clone(),
                Row::Folded(n) => format!("[{n}]"),
            })
            .collect();
        assert_eq!(shown, ["[7]", "8", "9", "10", "ten", "11", "12", "[8]"]);

        // A fold of one line shows the line instead.
        let old = "1\n2\n3\n4\n5\n6\n7";
        let new = "1\n2\nthree\n4\n5\nsix\n7";
        let rows = fold(&diff(old, new), 1);
        assert!(rows.iter().all(|row| matches!(row, Row::Line(_))));
        assert_eq!(fold(&diff("", ""), 3), Vec::new());
    }
}
