//! Column widths: the available width shared out much as CSS's automatic table layout does.
//!
//! Every column first gets its minimum (min-content: its widest unbreakable piece, plus the
//! cell padding). Then every short column gets the width at which most of its cells (four
//! in five) fit on one line, when that lies within an equal share of what is left: a rate
//! or a name does not wrap while a long description beside it can. What is left then goes
//! to the columns in proportion to their max-content (the widest cell on one line) times
//! the template's hint (the dashes of the delimiter row), and no column grows past its
//! max-content while another still wraps. Only when every column is at its max-content
//! does the rest go by hint to the text (left-aligned) columns, so the table spans the text
//! width. The hint thus decides which of the long columns wraps first when room is short;
//! it never takes a column below its minimum.
//!
//! Widths are whole hundredths of a point, so the PDF and the DOCX get exactly the same
//! numbers and two runs the same bytes.
//!
//! ```
//! use regiodocs::layout::columns::{distribute, Want};
//! let want = [
//!     Want { min: 60.0, max: 300.0, typical: 200.0, hint: 2, text: true },
//!     Want { min: 70.0, max: 70.0, typical: 70.0, hint: 1, text: false },
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
    /// The width at which most cells (four in five) fit on one line; at most `max`.
    pub typical: f64,
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
    // Short columns first: a column that needs no more than an equal share of what is
    // left to fit most of its cells on one line gets that width, so rates, dates and
    // names stay on one line while a long description beside them can wrap instead.
    // Repeated, as every column served leaves a larger share for the others.
    let typical: Vec<f64> = wants
        .iter()
        .zip(min.iter().zip(&max))
        .map(|(w, (lo, hi))| w.typical.clamp(*lo, *hi))
        .collect();
    let mut pending: Vec<usize> = (0..n).filter(|&i| typical[i] > width[i]).collect();
    while !pending.is_empty() {
        let share = rest / pending.len() as f64;
        let short: Vec<usize> = pending
            .iter()
            .copied()
            .filter(|&i| typical[i] - width[i] <= share)
            .collect();
        if short.is_empty() {
            break;
        }
        for &i in &short {
            rest -= typical[i] - width[i];
            width[i] = typical[i];
        }
        pending.retain(|i| !short.contains(i));
    }
    let mut open: Vec<usize> = (0..n).filter(|&i| max[i] > width[i]).collect();
    // Grow the others towards max-content, in proportion to max-content times hint; a
    // column that reaches its max-content stops and the others share what it leaves.
    let weight: Vec<f64> = (0..n)
        .map(|i| max[i].max(1e-3) * f64::from(wants[i].hint.max(1)))
        .collect();
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
            typical: max,
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
        // Two long text columns that both wrap: the rest is shared 1:3 by max-content
        // (equal hints), then 2:1 with hints 2 and 1 (the rounding hundredth to the wider).
        let w = distribute(
            &[want(0.0, 300.0, 1, true), want(0.0, 900.0, 1, true)],
            400.0,
        )
        .expect("fits");
        assert_eq!(w, [100.0, 300.0]);
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
    fn short_columns_are_served_first() {
        // Regel, Kostenpost, Omschrijving (a long text with a large hint) and Tarief
        // (`€ 79,00 per uur`, which would wrap if shared by hint): the code, the name and
        // the rate stay on one line, the description takes what is left and wraps.
        let wants = [
            want(45.0, 45.0, 2, true),
            want(60.0, 140.0, 5, true),
            want(60.0, 500.0, 10, true),
            want(45.0, 65.0, 3, false),
        ];
        let w = distribute(&wants, 450.0).expect("fits");
        assert_eq!(w, [45.0, 140.0, 200.0, 65.0]);
        // Served one after another: the rate (20 more) fits the first equal share of the
        // 155 left (51.67 each), the name (65 more) only the larger share it leaves (67.5).
        let wants = [
            want(10.0, 30.0, 1, false),
            want(10.0, 75.0, 1, true),
            want(10.0, 400.0, 9, true),
        ];
        let w = distribute(&wants, 185.0).expect("fits");
        assert_eq!(w, [30.0, 75.0, 80.0]);
        // A rate column whose widest cell (`€ 6.500,00 (forfaitair)`) is an exception is
        // served at the width most of its rates need (65), then grows with the others:
        // the name reaches its max-content, the rest goes 3000:190 by max-content times hint.
        let wants = [
            want(30.0, 30.0, 2, true),
            Want {
                typical: 120.0,
                ..want(60.0, 140.0, 5, true)
            },
            Want {
                typical: 280.0,
                ..want(70.0, 300.0, 10, true)
            },
            Want {
                typical: 65.0,
                ..want(45.0, 95.0, 2, false)
            },
        ];
        let w = distribute(&wants, 450.0).expect("fits");
        assert_eq!(w, [30.0, 140.0, 206.37, 73.63]);
        // A column whose need exceeds the share is not served first: both long columns
        // wrap, shared by max-content times hint.
        let wants = [want(0.0, 200.0, 1, true), want(0.0, 600.0, 1, true)];
        assert_eq!(distribute(&wants, 300.0).expect("fits"), [75.0, 225.0]);
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
