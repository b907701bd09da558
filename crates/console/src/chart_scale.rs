//! The charts' arithmetic: a linear scale from values to the drawing's units, "nice" axis
//! ticks (steps of 1, 2 or 5 times a power of ten) and which of many x positions get a label.

/// Maps a value range onto a drawing range (either may run backwards: an SVG's y grows down).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Linear {
    pub domain: (f64, f64),
    pub range: (f64, f64),
}

impl Linear {
    pub fn new(domain: (f64, f64), range: (f64, f64)) -> Self {
        Self { domain, range }
    }

    /// Where `value` falls; an empty domain maps everything to the range's start.
    pub fn at(&self, value: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        if (d1 - d0).abs() < f64::EPSILON {
            return r0;
        }
        r0 + (value - d0) / (d1 - d0) * (r1 - r0)
    }
}

/// Axis ticks from 0 up to at least `max`: about `target` of them, evenly spaced by a step
/// of 1, 2 or 5 × 10ⁿ (never below 1 when `whole`, for counts). The last tick is the axis's
/// top. A `max` of 0 or less gives `[0, 1]`-like ticks so that an empty chart still has an
/// axis.
pub fn ticks(max: f64, target: usize, whole: bool) -> Vec<f64> {
    let target = target.max(1);
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let rough = max / target as f64;
    let power = 10f64.powf(rough.log10().floor());
    let mut step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|factor| factor * power)
        .find(|step| *step >= rough)
        .unwrap_or(10.0 * power);
    if whole {
        step = step.max(1.0).round();
    }
    let count = (max / step).ceil().max(1.0);
    // At most a few dozen ticks: the conversions are exact.
    (0..=count as usize)
        .map(|n| round_to_step(n as f64 * step, step))
        .collect()
}

/// Removes floating-point noise (`0.30000000000000004` → `0.3`) at the step's precision.
fn round_to_step(value: f64, step: f64) -> f64 {
    let decimals = (-step.log10().floor()).max(0.0);
    let factor = 10f64.powf(decimals);
    (value * factor).round() / factor
}

/// Which of `count` evenly spaced positions to label so that at most `max_labels` are: every
/// k-th from the first, and always the last.
pub fn label_positions(count: usize, max_labels: usize) -> Vec<usize> {
    if count == 0 {
        return Vec::new();
    }
    let max_labels = max_labels.max(1);
    let every = count.div_ceil(max_labels).max(1);
    let mut positions: Vec<usize> = (0..count).step_by(every).collect();
    let last = count - 1;
    if let Some(&previous) = positions.last()
        && previous != last
    {
        // The last is always labelled; the one before gives way when too close or one too many.
        if last - previous < every.div_ceil(2) || positions.len() >= max_labels {
            positions.pop();
        }
        positions.push(last);
    }
    positions
}

/// Formats a coordinate for SVG: at most two decimals, no trailing zeros.
pub fn coord(value: f64) -> String {
    if !value.is_finite() {
        return "0".to_owned();
    }
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" || text.is_empty() {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scale_maps_both_ways() {
        let y = Linear::new((0.0, 100.0), (200.0, 0.0));
        assert_eq!(y.at(0.0), 200.0);
        assert_eq!(y.at(25.0), 150.0);
        assert_eq!(y.at(100.0), 0.0);
        assert_eq!(Linear::new((5.0, 5.0), (10.0, 20.0)).at(7.0), 10.0);
    }

    #[test]
    fn nice_ticks() {
        assert_eq!(ticks(23.0, 5, true), vec![0.0, 5.0, 10.0, 15.0, 20.0, 25.0]);
        assert_eq!(
            ticks(100.0, 5, false),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(ticks(3.0, 5, true), vec![0.0, 1.0, 2.0, 3.0]);
        assert_eq!(ticks(0.7, 4, false), vec![0.0, 0.2, 0.4, 0.6, 0.8]);
        assert_eq!(ticks(0.0, 5, true), vec![0.0, 1.0]);
        assert_eq!(
            ticks(f64::NAN, 5, false),
            vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
        );
        let big = ticks(1234.0, 5, true);
        assert_eq!(big.last(), Some(&1500.0));
        assert!(big.len() <= 8);
    }

    #[test]
    fn labels_are_spread_and_end_on_the_last() {
        assert_eq!(label_positions(0, 5), Vec::<usize>::new());
        assert_eq!(label_positions(3, 8), vec![0, 1, 2]);
        assert_eq!(label_positions(7, 7), (0..7).collect::<Vec<_>>());
        assert_eq!(label_positions(30, 6), vec![0, 5, 10, 15, 20, 29]);
        let ninety = label_positions(90, 8);
        assert!(ninety.len() <= 8, "{ninety:?}");
        assert_eq!(ninety.first(), Some(&0));
        assert_eq!(ninety.last(), Some(&89));
    }

    #[test]
    fn coordinates_are_short() {
        assert_eq!(coord(12.0), "12");
        assert_eq!(coord(12.345), "12.35");
        assert_eq!(coord(0.10000001), "0.1");
        assert_eq!(coord(-0.001), "0");
        assert_eq!(coord(f64::INFINITY), "0");
    }
}
