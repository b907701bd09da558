//! CSV for the dashboard's downloads (RFC 4180): comma-separated, CRLF line ends, a field in
//! double quotes when it holds a comma, a quote, a line break or spaces at its ends (quotes
//! doubled inside). Numbers are written the machine way (`12.5`, whatever the UI language)
//! so spreadsheets and scripts read them back; the header row is in the UI language.
//!
//! A text field that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
//! a tab or a carriage return: a group's name is typed by an admin) gets a leading `'`, as
//! OWASP advises.

/// One field.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    /// No value (an empty field).
    Empty,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }

    /// A number, or empty when there is none.
    pub fn number(value: Option<f64>) -> Cell {
        value.map_or(Cell::Empty, Cell::Number)
    }
}

/// A number as CSV writes it: up to four decimals, no trailing zeros, no exponent.
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// One field, quoted when it must be.
pub fn field(cell: &Cell) -> String {
    let text = match cell {
        Cell::Empty => return String::new(),
        Cell::Number(value) => return number(*value),
        Cell::Text(text) => text,
    };
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.clone()
    };
    let must_quote =
        text.contains([',', '"', '\n', '\r']) || text.starts_with(' ') || text.ends_with(' ');
    if must_quote {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// A whole CSV document: `header`, then `rows`, each line ended by CRLF.
pub fn document(header: &[String], rows: &[Vec<Cell>]) -> String {
    let mut out = String::new();
    let header: Vec<Cell> = header.iter().cloned().map(Cell::Text).collect();
    for row in std::iter::once(&header).chain(rows) {
        let fields: Vec<String> = row.iter().map(field).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A file name for a download: the stem and the period, only `a-z0-9-` (`tickets-2026-11-01-2026-11-30.csv`).
pub fn file_name(stem: &str, from: &str, to: &str) -> String {
    let clean = |text: &str| -> String {
        text.chars()
            .map(|c| c.to_ascii_lowercase())
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect()
    };
    let mut name = clean(stem);
    for part in [from, to] {
        if !part.is_empty() {
            name.push('-');
            name.push_str(&clean(part));
        }
    }
    format!("{name}.csv")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(field(&Cell::text("billing")), "billing");
        assert_eq!(field(&Cell::text("a,b")), "\"a,b\"");
        assert_eq!(field(&Cell::text("say \"hi\"")), "\"say \"\"hi\"\"\"");
        assert_eq!(field(&Cell::text("two\nlines")), "\"two\nlines\"");
        assert_eq!(field(&Cell::text(" padded")), "\" padded\"");
        assert_eq!(field(&Cell::text("Año, niño")), "\"Año, niño\"");
        assert_eq!(field(&Cell::Empty), "");
        assert_eq!(field(&Cell::number(None)), "");
    }

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(field(&Cell::text("=SUM(A1)")), "'=SUM(A1)");
        assert_eq!(field(&Cell::text("@cmd")), "'@cmd");
        assert_eq!(field(&Cell::text("-2+3,1")), "\"'-2+3,1\"");
        // Numbers are numbers, negative ones included.
        assert_eq!(field(&Cell::Number(-2.5)), "-2.5");
    }

    #[test]
    fn numbers_the_machine_way() {
        assert_eq!(number(12.0), "12");
        assert_eq!(number(0.125), "0.125");
        assert_eq!(number(1.0 / 3.0), "0.3333");
        assert_eq!(number(1234567.5), "1234567.5");
        assert_eq!(number(-0.00001), "0");
        assert_eq!(number(f64::NAN), "");
    }

    #[test]
    fn a_document_has_crlf_lines() {
        let csv = document(
            &["Día".to_owned(), "Tickets, total".to_owned()],
            &[
                vec![Cell::text("2026-11-01"), Cell::Number(3.0)],
                vec![Cell::text("2026-11-02"), Cell::Empty],
            ],
        );
        assert_eq!(
            csv,
            "Día,\"Tickets, total\"\r\n2026-11-01,3\r\n2026-11-02,\r\n"
        );
    }

    #[test]
    fn file_names_are_plain() {
        assert_eq!(
            file_name("tickets", "2026-11-01", "2026-11-30"),
            "tickets-2026-11-01-2026-11-30.csv"
        );
        assert_eq!(file_name("Por equipo/ñ", "", ""), "por-equipo--.csv");
    }
}
