//! Column widths: the available width shared out the way CSS's automatic table layout does.
//!
//! Every column first gets its minimum (min-content: its widest unbreakable piece, plus the
//! cell padding). What is left goes to the columns in proportion to their max-content width
//! (the widest cell on one line) times the template's hint (the dashes of the delimiter
//! row), and no column grows past its max-content while another still wraps. Only when
//! every column is at its max-content does the rest go by hint to the text (left-aligned)
//! columns, so the table spans the text width. The hint thus decides which column wraps
//! first when room is short; it never takes a column below its minimum.
//!
//! Widths are whole hundredths of a point, so the PDF and the DOCX get exactly the same
//! numbers and two runs the same bytes.
//!
//! ```
//! use regiodocs::layout::columns::{distribute, Want};
//! let want = [
//!     Want { min: 60.0, max: 300.0, hint: 2, text: true },
//!     Want { min: 70.0, max: 70.0, hint: 1, text: false },
//! ];
//! let widths = distribute(&want, 400.0).expect("fits");
//! assert_eq!(widths.iter().sum::<f64>(), 400.0);
//! assert!(widths[1] >= 70.0);
//! assert!(distribute(&want, 120.0).is_none());
//! ```

/// What one column wants, in points (cell padding included).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Want {
    /// Min-content: the column is never narrower.
    pub min: f64,
    /// Max-content: the widest cell on one line.
    pub max: f64,
    /// The template's relative width (1 = normal).
    pub hint: u8,
    /// A text column (left-aligned or centred), which takes the width left over when every
    /// column has its max-content.
    pub text: bool,
}

/// Shares `available` points out over the columns; `None` when even the minima do not fit.
///
/// The widths add up to `available` rounded down to a hundredth of a point, and no column
/// is narrower than its `min` (rounded up to a hundredth).
pub fn distribute(wants: &[Want], available: f64) -> Option<Vec<f64>> {
    let n = wants.len();
    if n == 0 {
        return Some(Vec::new());
    }
    let min: Vec<f64> = wants.iter().map(|w| w.min.max(0.0)).collect();
    let max: Vec<f64> = wants.iter().zip(&min).map(|(w, m)| w.max.max(*m)).collect();
    let total_min: f64 = min.iter().sum();
    if total_min > available + 1e-9 {
        return None;
    }
    let mut width = min.clone();
    let mut rest = available - total_min;
    // Grow towards max-content, in proportion to max-content times hint; a column that
    // reaches its max-content stops and the others share what it leaves.
    let weight: Vec<f64> = (0..n)
        .map(|i| max[i].max(1e-3) * f64::from(wants[i].hint.max(1)))
        .collect();
    let mut open: Vec<usize> = (0..n).filter(|&i| max[i] > width[i]).collect();
    while rest > 1e-9 && !open.is_empty() {
        let total: f64 = open.iter().map(|&i| weight[i]).sum();
        let full: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&i| width[i] + rest * weight[i] / total >= max[i])
            .collect();
        if full.is_empty() {
            for &i in &open {
                width[i] += rest * weight[i] / total;
            }
            rest = 0.0;
        } else {
            for &i in &full {
                rest -= max[i] - width[i];
                width[i] = max[i];
            }
            open.retain(|i| !full.contains(i));
        }
    }
    // Every column has its max-content: the rest goes to the text columns by hint (to all
    // columns when there is no text column).
    if rest > 1e-9 {
        let takers: Vec<usize> = if wants.iter().any(|w| w.text) {
            (0..n).filter(|&i| wants[i].text).collect()
        } else {
            (0..n).collect()
        };
        let total: f64 = takers
            .iter()
            .map(|&i| f64::from(wants[i].hint.max(1)))
            .sum();
        for &i in &takers {
            width[i] += rest * f64::from(wants[i].hint.max(1)) / total;
        }
    }
    Some(round(&width, &min, available))
}

/// Rounds to hundredths of a point: never below the minimum, summing to `available`
/// rounded down; the difference goes to (or comes from) the columns with the most room
/// above their minimum, the first of equals first.
fn round(width: &[f64], min: &[f64], available: f64) -> Vec<f64> {
    let target = (available * 100.0 + 1e-6).floor() as i64;
    let floor_min: Vec<i64> = min
        .iter()
        .map(|m| (m * 100.0 - 1e-6).ceil() as i64)
        .collect();
    let mut h: Vec<i64> = width
        .iter()
        .zip(&floor_min)
        .map(|(w, m)| ((w * 100.0 + 1e-6).floor() as i64).max(*m))
        .collect();
    let mut diff = target - h.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..h.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(h[i] - floor_min[i]));
    if diff > 0 {
        h[order[0]] += diff;
    } else {
        for &i in &order {
            if diff == 0 {
                break;
            }
            let take = (h[i] - floor_min[i]).min(-diff);
            h[i] -= take;
            diff += take;
        }
    }
    h.into_iter().map(|v| v as f64 / 100.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn want(min: f64, max: f64, hint: u8, text: bool) -> Want {
        Want {
            min,
            max,
            hint,
            text,
        }
    }

    fn sum(v: &[f64]) -> f64 {
        (v.iter().sum::<f64>() * 100.0).round() / 100.0
    }

    #[test]
    fn minimum_is_always_honoured() {
        // A long word in a column with a small hint, amounts beside it.
        let wants = [
            want(150.0, 600.0, 1, true),
            want(40.0, 900.0, 6, true),
            want(62.5, 62.5, 1, false),
            want(62.5, 62.5, 1, false),
        ];
        let w = distribute(&wants, 447.87).expect("fits");
        for (w, want) in w.iter().zip(&wants) {
            assert!(*w >= want.min, "{w} < {}", want.min);
        }
        assert_eq!(sum(&w), 447.87);
        // Exactly the minima fit; a hundredth less does not.
        let total: f64 = wants.iter().map(|w| w.min).sum();
        assert_eq!(
            distribute(&wants, total).expect("fits"),
            [150.0, 40.0, 62.5, 62.5]
        );
        assert!(distribute(&wants, total - 0.01).is_none());
    }

    #[test]
    fn the_rest_goes_in_proportion_to_max_content_times_hint() {
        // Two text columns that both wrap: the rest is shared 1:3 by max-content (equal
        // hints), then 2:1 with hints 2 and 1 (the rounding
        // hundredth to the wider).
        let w = distribute(
            &[want(0.0, 100.0, 1, true), want(0.0, 300.0, 1, true)],
            200.0,
        )
        .expect("fits");
        assert_eq!(w, [50.0, 150.0]);
        let w = distribute(
            &[want(0.0, 300.0, 2, true), want(0.0, 300.0, 1, true)],
            200.0,
        )
        .expect("fits");
        assert_eq!(w, [133.34, 66.66]);
    }

    #[test]
    fn no_column_grows_past_its_max_content_while_another_wraps() {
        let w = distribute(
            &[want(20.0, 30.0, 5, true), want(20.0, 500.0, 1, true)],
            300.0,
        )
        .expect("fits");
        assert_eq!(w, [30.0, 270.0]);
        // All at max-content: the rest goes to the text columns by hint, not to amounts.
        let w = distribute(
            &[
                want(20.0, 40.0, 1, true),
                want(20.0, 60.0, 3, true),
                want(50.0, 50.0, 1, false),
            ],
            250.0,
        )
        .expect("fits");
        assert_eq!(w, [65.0, 135.0, 50.0]);
    }

    #[test]
    fn widths_are_deterministic_hundredths() {
        let wants = [
            want(33.333, 123.456, 2, true),
            want(47.1, 47.1, 1, false),
            want(10.0, 999.9, 7, true),
        ];
        let a = distribute(&wants, 447.874).expect("fits");
        let b = distribute(&wants, 447.874).expect("fits");
        assert_eq!(a, b);
        assert_eq!(sum(&a), 447.87);
        for w in &a {
            assert_eq!((w * 100.0).round() / 100.0, *w);
        }
        assert!(a[0] >= 33.34 && a[1] >= 47.1 && a[2] >= 10.0);
    }
}
