//! Line charts as SVG: one line per series over the days, each with its own dash pattern and
//! point marker (so they differ in shape, not only in colour). A day without a value breaks
//! the line; a lone value between two gaps is still shown by its marker.

use crate::chart_scale::{coord, ticks};
use crate::chart_svg::{Axes, Frame, escape, open, x_axis, y_axis};

/// The shape drawn at each point of a series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

/// One line.
pub struct LineSeries<'a> {
    /// Its name, in tooltips.
    pub name: &'a str,
    /// Its class (`median`): `stroke-{class}` and `mark-{class}` colour it.
    pub class: &'a str,
    /// Its `stroke-dasharray` (`None`: a solid line).
    pub dash: Option<&'a str>,
    pub marker: Marker,
    /// One value per x position; `None` where there is none.
    pub values: &'a [Option<f64>],
}

/// The y axis of a line chart.
pub struct Scale {
    /// A fixed top (100 for percentages), else from the data.
    pub top: Option<f64>,
    /// Whole-number ticks.
    pub whole: bool,
}

/// `M x y L x y …` through the points, a new `M` after each gap.
pub fn path(points: &[Option<(f64, f64)>]) -> String {
    let mut out = String::new();
    let mut drawing = false;
    for point in points {
        match point {
            Some((x, y)) => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push(if drawing { 'L' } else { 'M' });
                out.push_str(&format!("{} {}", coord(*x), coord(*y)));
                drawing = true;
            }
            None => drawing = false,
        }
    }
    out
}

/// The marker's outline, centred on (x, y).
fn marker(shape: Marker, class: &str, x: f64, y: f64) -> String {
    let r = 3.5;
    let class = escape(class);
    match shape {
        Marker::Circle => format!(
            "<circle class=\"mark mark-{class}\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
            coord(x),
            coord(y),
            coord(r)
        ),
        Marker::Square => format!(
            "<rect class=\"mark mark-{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            coord(x - r),
            coord(y - r),
            coord(2.0 * r),
            coord(2.0 * r)
        ),
        Marker::Triangle => format!(
            "<path class=\"mark mark-{class}\" d=\"M{} {} L{} {} L{} {} Z\"/>",
            coord(x),
            coord(y - r - 0.8),
            coord(x + r + 0.5),
            coord(y + r - 0.5),
            coord(x - r - 0.5),
            coord(y + r - 0.5)
        ),
        Marker::Diamond => format!(
            "<path class=\"mark mark-{class}\" d=\"M{} {} L{} {} L{} {} L{} {} Z\"/>",
            coord(x),
            coord(y - r - 0.8),
            coord(x + r + 0.8),
            coord(y),
            coord(x),
            coord(y + r + 0.8),
            coord(x - r - 0.8),
            coord(y)
        ),
    }
}

/// A line chart over the axes' x positions. `format` writes a value in the tooltips.
pub fn lines(
    axes: &Axes<'_>,
    scale: &Scale,
    series: &[LineSeries<'_>],
    format: &dyn Fn(f64) -> String,
) -> String {
    let frame = Frame::DAYS;
    let count = axes.x_labels.len();
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .copied()
        .fold(0.0, f64::max);
    let y_ticks = match scale.top {
        Some(top) => ticks(top, 5, scale.whole),
        None => ticks(max, 5, scale.whole),
    };
    let top = y_ticks.last().copied().unwrap_or(1.0);
    let y = frame.y(top);
    let mut out = open(axes.id, axes.summary, &frame);
    out.push_str(&y_axis(&frame, &y, &y_ticks, axes));
    // Markers only while they do not crowd each other.
    let markers = frame.band(count) >= 5.0;
    for s in series {
        let points: Vec<Option<(f64, f64)>> = (0..count)
            .map(|n| {
                let value = s.values.get(n).copied().flatten()?;
                Some((frame.band_centre(n, count), y.at(value)))
            })
            .collect();
        let class = escape(s.class);
        out.push_str(&format!("<g class=\"series series-{class}\">"));
        let d = path(&points);
        if !d.is_empty() {
            let dash = s
                .dash
                .map(|dash| format!(" stroke-dasharray=\"{}\"", escape(dash)))
                .unwrap_or_default();
            out.push_str(&format!(
                "<path class=\"line stroke-{class}\" fill=\"none\"{dash} d=\"{d}\"/>"
            ));
        }
        for (n, point) in points.iter().enumerate() {
            let Some((px, py)) = point else {
                continue;
            };
            // A lone point (gaps on both sides) gets its marker even when markers are off.
            let lone = (n == 0 || points[n - 1].is_none())
                && points.get(n + 1).is_none_or(Option::is_none);
            if markers || lone {
                let value = s.values.get(n).copied().flatten().unwrap_or(0.0);
                let name = axes.x_names.get(n).map_or("", String::as_str);
                out.push_str(&format!(
                    "<g><title>{}</title>{}</g>",
                    escape(&format!("{name}: {} {}", s.name, format(value))),
                    marker(s.marker, s.class, *px, *py)
                ));
            }
        }
        out.push_str("</g>");
    }
    out.push_str(&x_axis(&frame, axes));
    out.push_str("</svg>");
    out
}

/// A small sample of a series (its dash and marker), for the legend beside the chart.
pub fn key(class: &str, dash: Option<&str>, shape: Marker) -> String {
    let dash = dash
        .map(|dash| format!(" stroke-dasharray=\"{}\"", escape(dash)))
        .unwrap_or_default();
    format!(
        "<svg class=\"chart-key line-key\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 16\" \
         width=\"32\" height=\"16\" aria-hidden=\"true\" focusable=\"false\">\
         <path class=\"line stroke-{class}\" fill=\"none\"{dash} d=\"M1 8 L31 8\"/>{}</svg>",
        marker(shape, class, 16.0, 8.0),
        class = escape(class),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_break_at_gaps() {
        assert_eq!(path(&[]), "");
        assert_eq!(
            path(&[
                Some((0.0, 1.0)),
                Some((2.0, 3.5)),
                None,
                Some((4.0, 5.0)),
                Some((6.0, 7.0))
            ]),
            "M0 1 L2 3.5 M4 5 L6 7"
        );
        assert_eq!(path(&[None, Some((1.0, 1.0)), None]), "M1 1");
    }

    #[test]
    fn a_line_chart_with_dashes_and_markers() {
        let labels: Vec<String> = (1..=4).map(|n| n.to_string()).collect();
        let label = |v: f64| format!("{v}");
        let axes = Axes {
            id: "chart-first-response",
            summary: "First response",
            x_labels: &labels,
            x_names: &labels,
            unit: "h",
            y_label: &label,
        };
        let median = [Some(1.0), Some(2.0), None, Some(3.0)];
        let p90 = [Some(4.0), None, None, None];
        let svg = lines(
            &axes,
            &Scale {
                top: None,
                whole: false,
            },
            &[
                LineSeries {
                    name: "Median",
                    class: "median",
                    dash: None,
                    marker: Marker::Circle,
                    values: &median,
                },
                LineSeries {
                    name: "90th percentile",
                    class: "p90",
                    dash: Some("6 4"),
                    marker: Marker::Square,
                    values: &p90,
                },
            ],
            &|v| format!("{v} h"),
        );
        assert!(svg.contains("stroke-dasharray=\"6 4\""));
        assert_eq!(svg.matches("<circle class=\"mark mark-median\"").count(), 3);
        // The lone p90 point is a marker without a line segment to speak of.
        assert_eq!(svg.matches("<rect class=\"mark mark-p90\"").count(), 1);
        assert!(svg.contains("<title>1: 90th percentile 4 h</title>"));
        assert_eq!(svg.matches("class=\"line ").count(), 2);
        assert!(svg.contains("role=\"img\""));
    }

    #[test]
    fn percentages_keep_their_fixed_top() {
        let labels = vec!["a".to_owned()];
        let label = |v: f64| format!("{v}%");
        let axes = Axes {
            id: "q",
            summary: "s",
            x_labels: &labels,
            x_names: &labels,
            unit: "%",
            y_label: &label,
        };
        let values = [Some(12.0)];
        let svg = lines(
            &axes,
            &Scale {
                top: Some(100.0),
                whole: true,
            },
            &[LineSeries {
                name: "SLA",
                class: "sla",
                dash: None,
                marker: Marker::Diamond,
                values: &values,
            }],
            &|v| format!("{v}"),
        );
        assert!(svg.contains(">100%</text>"));
        assert!(svg.contains("mark-sla"));
        assert!(key("sla", Some("2 3"), Marker::Triangle).contains("stroke-dasharray=\"2 3\""));
    }
}
