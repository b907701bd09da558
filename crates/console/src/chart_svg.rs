//! The dashboard's charts as SVG markup, drawn by plain functions (no chart library): the
//! frame and axes every chart shares, and the stacked bar chart. Lines are in
//! `chart_lines.rs`, the heatmap in `chart_heatmap.rs`.
//!
//! Each chart is one `<svg role="img" aria-label="…">` that scales with its `viewBox`; the
//! summary in its label and the table beside it carry the data for those who cannot see it.
//! Colours come from classes in `style.css` (the page allows no inline styles), and every
//! series also differs in shape: a fill pattern for bars, a dash and a marker for lines.
//! Ids inside a chart (its patterns) start with the chart's id, so several charts can share
//! a page.

use crate::chart_scale::{Linear, coord, label_positions, ticks};

/// Escapes text for SVG/HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A chart's drawing: its size in `viewBox` units and the margins around the plot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Frame {
    /// The size the dashboard's day charts use: readable at phone width once scaled down.
    pub const DAYS: Frame = Frame {
        width: 460.0,
        height: 240.0,
        left: 48.0,
        right: 12.0,
        top: 24.0,
        bottom: 34.0,
    };

    pub fn plot_width(&self) -> f64 {
        self.width - self.left - self.right
    }

    pub fn plot_bottom(&self) -> f64 {
        self.height - self.bottom
    }

    /// The y scale for an axis from 0 to `top`.
    pub fn y(&self, top: f64) -> Linear {
        Linear::new((0.0, top), (self.plot_bottom(), self.top))
    }

    /// The width of one of `count` bands across the plot.
    pub fn band(&self, count: usize) -> f64 {
        self.plot_width() / count.max(1) as f64
    }

    /// The centre of band `index` of `count`.
    pub fn band_centre(&self, index: usize, count: usize) -> f64 {
        self.left + self.band(count) * (index as f64 + 0.5)
    }
}

/// What every day chart has besides its series.
pub struct Axes<'a> {
    /// The chart's id; its patterns' ids start with it.
    pub id: &'a str,
    /// The summary read out for the whole chart (`aria-label`).
    pub summary: &'a str,
    /// A label per x position (`12 nov`); only some are drawn.
    pub x_labels: &'a [String],
    /// The full name of each x position (`12 nov 2026`), for its tooltip.
    pub x_names: &'a [String],
    /// The y axis's unit, written above it (`tickets`, `h`, `%`).
    pub unit: &'a str,
    /// How a y tick is written.
    pub y_label: &'a dyn Fn(f64) -> String,
}

/// `<svg …>` opening a chart.
pub fn open(id: &str, summary: &str, frame: &Frame) -> String {
    format!(
        "<svg id=\"{id}-svg\" class=\"chart-svg\" xmlns=\"http://www.w3.org/2000/svg\" \
         viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{label}\" \
         preserveAspectRatio=\"xMidYMid meet\" focusable=\"false\">",
        id = escape(id),
        w = coord(frame.width),
        h = coord(frame.height),
        label = escape(summary),
    )
}

/// The horizontal grid with the y ticks' labels, and the unit above them.
pub fn y_axis(frame: &Frame, y: &Linear, y_ticks: &[f64], axes: &Axes<'_>) -> String {
    let mut out = String::from("<g class=\"axis y-axis\">");
    for tick in y_ticks {
        let at = coord(y.at(*tick));
        out.push_str(&format!(
            "<line class=\"grid\" x1=\"{x1}\" x2=\"{x2}\" y1=\"{at}\" y2=\"{at}\"/>\
             <text class=\"tick\" x=\"{tx}\" y=\"{at}\" dy=\"4\" text-anchor=\"end\">{label}</text>",
            x1 = coord(frame.left),
            x2 = coord(frame.width - frame.right),
            tx = coord(frame.left - 6.0),
            label = escape(&(axes.y_label)(*tick)),
        ));
    }
    out.push_str(&format!(
        "<text class=\"unit\" x=\"{x}\" y=\"{y}\" text-anchor=\"start\">{unit}</text></g>",
        x = coord(4.0),
        y = coord(frame.top - 10.0),
        unit = escape(axes.unit),
    ));
    out
}

/// The x axis's line and the labels of some of its bands.
pub fn x_axis(frame: &Frame, axes: &Axes<'_>) -> String {
    let count = axes.x_labels.len();
    let mut out = format!(
        "<g class=\"axis x-axis\"><line class=\"baseline\" x1=\"{x1}\" x2=\"{x2}\" y1=\"{y}\" y2=\"{y}\"/>",
        x1 = coord(frame.left),
        x2 = coord(frame.width - frame.right),
        y = coord(frame.plot_bottom()),
    );
    for index in label_positions(count, 7) {
        let Some(label) = axes.x_labels.get(index) else {
            continue;
        };
        out.push_str(&format!(
            "<text class=\"tick\" x=\"{x}\" y=\"{y}\" text-anchor=\"middle\">{label}</text>",
            x = coord(frame.band_centre(index, count)),
            y = coord(frame.plot_bottom() + 20.0),
            label = escape(label),
        ));
    }
    out.push_str("</g>");
    out
}

/// How a series of bars is filled: a colour (by class) and a shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fill {
    /// Plain colour.
    Solid,
    /// Diagonal stripes over the colour.
    Stripes,
    /// Dots over the colour.
    Dots,
}

/// One series of a stacked bar chart.
pub struct BarSeries<'a> {
    /// Its name, in tooltips.
    pub name: &'a str,
    /// Its class (`l1`): `fill-l1` / `ink-l1` colour it.
    pub class: &'a str,
    pub fill: Fill,
    /// One value per x position.
    pub values: &'a [f64],
}

/// The pattern a series is filled with: `fill` attribute value and its `<pattern>`, if any.
fn paint(chart_id: &str, class: &str, fill: Fill) -> (String, String) {
    let id = format!("{chart_id}-{class}");
    let pattern = match fill {
        Fill::Solid => return (String::new(), String::new()),
        Fill::Stripes => format!(
            "<pattern id=\"{id}\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" \
             patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" class=\"fill-{class}\"/>\
             <rect width=\"3\" height=\"8\" class=\"ink-{class}\"/></pattern>",
            id = escape(&id),
            class = escape(class),
        ),
        Fill::Dots => format!(
            "<pattern id=\"{id}\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\">\
             <rect width=\"7\" height=\"7\" class=\"fill-{class}\"/>\
             <circle cx=\"3.5\" cy=\"3.5\" r=\"1.8\" class=\"ink-{class}\"/></pattern>",
            id = escape(&id),
            class = escape(class),
        ),
    };
    (format!(" fill=\"url(#{})\"", escape(&id)), pattern)
}

/// A stacked bar chart: one bar per x position, its series stacked in order from the bottom.
pub fn stacked_bars(axes: &Axes<'_>, series: &[BarSeries<'_>]) -> String {
    let frame = Frame::DAYS;
    let count = axes.x_labels.len();
    let totals: Vec<f64> = (0..count)
        .map(|n| series.iter().filter_map(|s| s.values.get(n)).sum())
        .collect();
    let max = totals.iter().copied().fold(0.0, f64::max);
    let y_ticks = ticks(max, 5, true);
    let top = y_ticks.last().copied().unwrap_or(1.0);
    let y = frame.y(top);
    let mut out = open(axes.id, axes.summary, &frame);
    let mut defs = String::new();
    let paints: Vec<String> = series
        .iter()
        .map(|s| {
            let (attribute, pattern) = paint(axes.id, s.class, s.fill);
            defs.push_str(&pattern);
            attribute
        })
        .collect();
    if !defs.is_empty() {
        out.push_str(&format!("<defs>{defs}</defs>"));
    }
    out.push_str(&y_axis(&frame, &y, &y_ticks, axes));
    let band = frame.band(count);
    let bar = (band * 0.72).max(1.0);
    out.push_str("<g class=\"bars\">");
    for n in 0..count {
        let x = frame.band_centre(n, count) - bar / 2.0;
        let mut base = 0.0;
        let tip: Vec<String> = series
            .iter()
            .map(|s| format!("{} {}", s.name, s.values.get(n).copied().unwrap_or(0.0)))
            .collect();
        let name = axes.x_names.get(n).map_or("", String::as_str);
        out.push_str(&format!(
            "<g><title>{}</title>",
            escape(&format!("{name}: {}", tip.join(", ")))
        ));
        for (s, paint) in series.iter().zip(&paints) {
            let value = s.values.get(n).copied().unwrap_or(0.0);
            if value > 0.0 {
                let (y0, y1) = (y.at(base), y.at(base + value));
                out.push_str(&format!(
                    "<rect class=\"bar {class}\"{paint} x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\"/>",
                    class = bar_class(s.class, paint),
                    x = coord(x),
                    y = coord(y1),
                    w = coord(bar),
                    h = coord(y0 - y1),
                ));
            }
            base += value;
        }
        out.push_str("</g>");
    }
    out.push_str("</g>");
    out.push_str(&x_axis(&frame, axes));
    out.push_str("</svg>");
    out
}

/// A small square filled like a bar series, for the legend beside the chart (hidden from
/// assistive technology: the legend's text names the series).
pub fn swatch(chart_id: &str, class: &str, fill: Fill) -> String {
    let id = format!("{chart_id}-key");
    let (attribute, pattern) = paint(&id, class, fill);
    let defs = if pattern.is_empty() {
        String::new()
    } else {
        format!("<defs>{pattern}</defs>")
    };
    format!(
        "<svg class=\"chart-key\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\" \
         width=\"16\" height=\"16\" aria-hidden=\"true\" focusable=\"false\">{defs}\
         <rect class=\"bar {class}\"{attribute} x=\"0.5\" y=\"0.5\" width=\"15\" height=\"15\"/></svg>",
        class = bar_class(class, &attribute),
    )
}

/// A bar's colour class: `fill-{class}` when plain; a patterned bar's colour is its
/// pattern's (a class setting `fill` would override the `fill` attribute).
fn bar_class(class: &str, paint: &str) -> String {
    if paint.is_empty() {
        format!("fill-{}", escape(class))
    } else {
        format!("patterned-{}", escape(class))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axes<'a>(labels: &'a [String], label: &'a dyn Fn(f64) -> String) -> Axes<'a> {
        Axes {
            id: "chart-volume",
            summary: "Tickets per day: 9 <in total>",
            x_labels: labels,
            x_names: labels,
            unit: "tickets",
            y_label: label,
        }
    }

    #[test]
    fn escaping() {
        assert_eq!(escape(r#"a<b>&"c"'"#), "a&lt;b&gt;&amp;&quot;c&quot;&#39;");
    }

    #[test]
    fn frame_bands() {
        let frame = Frame::DAYS;
        assert_eq!(frame.plot_width(), 400.0);
        assert_eq!(frame.band(4), 100.0);
        assert_eq!(frame.band_centre(0, 4), 48.0 + 50.0);
        assert_eq!(frame.y(10.0).at(10.0), frame.top);
        assert_eq!(frame.y(10.0).at(0.0), frame.plot_bottom());
    }

    #[test]
    fn stacked_bars_stack_and_are_labelled() {
        let labels = vec!["1".to_owned(), "2".to_owned()];
        let label = |v: f64| format!("{v}");
        let l1 = [2.0, 4.0];
        let l2 = [1.0, 0.0];
        let l3 = [1.0, 1.0];
        let svg = stacked_bars(
            &axes(&labels, &label),
            &[
                BarSeries {
                    name: "L1",
                    class: "l1",
                    fill: Fill::Solid,
                    values: &l1,
                },
                BarSeries {
                    name: "L2",
                    class: "l2",
                    fill: Fill::Stripes,
                    values: &l2,
                },
                BarSeries {
                    name: "L3",
                    class: "l3",
                    fill: Fill::Dots,
                    values: &l3,
                },
            ],
        );
        assert!(svg.starts_with("<svg id=\"chart-volume-svg\""));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("aria-label=\"Tickets per day: 9 &lt;in total&gt;\""));
        assert!(svg.contains("<pattern id=\"chart-volume-l2\""));
        assert!(svg.contains("<pattern id=\"chart-volume-l3\""));
        assert!(svg.contains("fill=\"url(#chart-volume-l2)\""));
        // A zero is no bar: 2 + 1 + 1 + 2 rectangles.
        assert_eq!(svg.matches("class=\"bar ").count(), 5);
        assert!(svg.contains("<title>2: L1 4, L2 0, L3 1</title>"));
        // Ticks up to the highest stack (5), in whole tickets.
        assert!(svg.contains(">5</text>"));
        assert!(svg.ends_with("</svg>"));
        // The highest bar reaches the top of the axis.
        assert!(svg.contains(&format!("y=\"{}\"", coord(Frame::DAYS.top))));
    }

    #[test]
    fn swatches_carry_their_own_pattern() {
        let swatch = swatch("chart-volume", "l2", Fill::Stripes);
        assert!(swatch.contains("aria-hidden=\"true\""));
        assert!(swatch.contains("id=\"chart-volume-key-l2\""));
        assert!(swatch.contains("url(#chart-volume-key-l2)"));
        assert!(!super::swatch("c", "l1", Fill::Solid).contains("<pattern"));
    }
}
