//! The forecast's weekday × hour heatmap as SVG: each cell shaded by its value (five steps
//! and blank for none) *and* with the value written in it, so the shade only helps.

use crate::chart_scale::coord;
use crate::chart_svg::{Frame, escape, open};

/// How many shades a non-zero value can take.
pub const SHADES: u8 = 5;

/// A cell's shade: 0 for nothing, else 1–[`SHADES`] in proportion to `max` (the busiest cell
/// is always the darkest).
pub fn shade(value: f64, max: f64) -> u8 {
    if !(value.is_finite() && value > 0.0 && max.is_finite() && max > 0.0) {
        return 0;
    }
    let step = (value / max * f64::from(SHADES)).ceil();
    // Within 1..=SHADES after the clamp: the conversion is exact.
    step.clamp(1.0, f64::from(SHADES)) as u8
}

/// What the heatmap shows.
pub struct Heatmap<'a> {
    /// The chart's id.
    pub id: &'a str,
    /// The summary read out for it (`aria-label`).
    pub summary: &'a str,
    /// The rows' names (weekdays, short).
    pub rows: &'a [String],
    /// The rows' full names, for tooltips.
    pub row_names: &'a [String],
    /// The columns' names (hours: `00` … `23`).
    pub columns: &'a [String],
    /// `values[row][column]`.
    pub values: &'a [Vec<f64>],
    /// How a value is written in its cell.
    pub format: &'a dyn Fn(f64) -> String,
}

const LEFT: f64 = 44.0;
const TOP: f64 = 22.0;
const CELL_W: f64 = 30.0;
const CELL_H: f64 = 28.0;

/// The heatmap's drawing.
pub fn heatmap(map: &Heatmap<'_>) -> String {
    let columns = map.columns.len();
    let frame = Frame {
        width: LEFT + CELL_W * columns as f64 + 4.0,
        height: TOP + CELL_H * map.rows.len() as f64 + 4.0,
        left: LEFT,
        right: 4.0,
        top: TOP,
        bottom: 4.0,
    };
    let max = map
        .values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let mut out = open(map.id, map.summary, &frame);
    out.push_str("<g class=\"axis\">");
    for (n, column) in map.columns.iter().enumerate() {
        out.push_str(&format!(
            "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            coord(LEFT + CELL_W * (n as f64 + 0.5)),
            coord(TOP - 7.0),
            escape(column)
        ));
    }
    for (n, row) in map.rows.iter().enumerate() {
        out.push_str(&format!(
            "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            coord(LEFT - 6.0),
            coord(TOP + CELL_H * (n as f64 + 0.5) + 4.0),
            escape(row)
        ));
    }
    out.push_str("</g><g class=\"cells\">");
    for (r, values) in map.values.iter().enumerate().take(map.rows.len()) {
        let row_name = map.row_names.get(r).or(map.rows.get(r));
        for (c, value) in values.iter().enumerate().take(columns) {
            let level = shade(*value, max);
            let written = (map.format)(*value);
            let (x, y) = (LEFT + CELL_W * c as f64, TOP + CELL_H * r as f64);
            let column = map.columns.get(c).map_or("", String::as_str);
            out.push_str(&format!(
                "<g><title>{title}</title><rect class=\"heat heat-{level}\" x=\"{x}\" y=\"{y}\" \
                 width=\"{w}\" height=\"{h}\"/><text class=\"cell heat-text-{level}\" x=\"{tx}\" \
                 y=\"{ty}\" text-anchor=\"middle\">{text}</text></g>",
                title = escape(&format!(
                    "{} {column}: {written}",
                    row_name.map_or("", String::as_str)
                )),
                x = coord(x + 1.0),
                y = coord(y + 1.0),
                w = coord(CELL_W - 2.0),
                h = coord(CELL_H - 2.0),
                tx = coord(x + CELL_W / 2.0),
                ty = coord(y + CELL_H / 2.0 + 4.0),
                text = escape(&written),
            ));
        }
    }
    out.push_str("</g></svg>");
    out
}

/// The shades' key: one swatch per step, for the legend beside the heatmap.
pub fn shade_swatch(level: u8) -> String {
    format!(
        "<svg class=\"chart-key\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\" \
         width=\"16\" height=\"16\" aria-hidden=\"true\" focusable=\"false\">\
         <rect class=\"heat heat-{}\" x=\"0.5\" y=\"0.5\" width=\"15\" height=\"15\"/></svg>",
        level.min(SHADES)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_are_proportional_and_the_busiest_is_darkest() {
        assert_eq!(shade(0.0, 10.0), 0);
        assert_eq!(shade(-1.0, 10.0), 0);
        assert_eq!(shade(f64::NAN, 10.0), 0);
        assert_eq!(shade(3.0, 0.0), 0);
        assert_eq!(shade(0.01, 10.0), 1);
        assert_eq!(shade(2.0, 10.0), 1);
        assert_eq!(shade(2.1, 10.0), 2);
        assert_eq!(shade(6.0, 10.0), 3);
        assert_eq!(shade(10.0, 10.0), SHADES);
        assert_eq!(shade(12.0, 10.0), SHADES);
    }

    #[test]
    fn every_cell_has_its_number() {
        let rows = vec!["Mon".to_owned(), "Tue".to_owned()];
        let names = vec!["Monday".to_owned(), "Tuesday".to_owned()];
        let columns: Vec<String> = (0..3).map(|h| format!("{h:02}")).collect();
        let values = vec![vec![0.0, 1.5, 3.0], vec![0.5, 0.0, 0.0]];
        let format = |v: f64| format!("{v:.1}");
        let svg = heatmap(&Heatmap {
            id: "forecast-heatmap",
            summary: "Expected tickets",
            rows: &rows,
            row_names: &names,
            columns: &columns,
            values: &values,
            format: &format,
        });
        assert!(svg.starts_with("<svg id=\"forecast-heatmap-svg\""));
        assert_eq!(svg.matches("<rect class=\"heat ").count(), 6);
        assert!(svg.contains("heat heat-5"));
        assert!(svg.contains("heat heat-0"));
        assert!(svg.contains(">1.5</text>"));
        assert!(svg.contains("<title>Tuesday 00: 0.5</title>"));
        assert!(svg.contains("viewBox=\"0 0 138 82\""));
        assert!(shade_swatch(9).contains("heat-5"));
    }
}
