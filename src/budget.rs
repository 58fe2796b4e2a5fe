//! The budget engine: the amount of every cost line in every year and how it is covered,
//! computed once from the model and used by validation and every renderer.
//!
//! Amount of a line in a year = quantity × rate × (1 + indexation)^(year − Startjaar),
//! rounded to whole cents, half away from zero. A coverage percentage is applied to the
//! rounded amount and rounded the same way. All arithmetic is exact ([`Decimal`]) and
//! checked: an amount too large to represent is reported, never a panic.
//!
//! ```
//! use rust_decimal::Decimal;
//! use regiodocs::budget::line_amount;
//! // 16 hours × € 95,50 with 2,5 % indexation, second year: 1528 × 1,025 = 1566,20
//! let a = line_amount(Decimal::new(16, 0), Decimal::new(9550, 2), Decimal::new(25, 1), 1).unwrap();
//! assert_eq!(a, Decimal::new(156620, 2));
//! ```

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::model::{Dekkingswijze, Project};

/// Rounds to whole cents, half away from zero.
pub fn cents(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The amount of a line in the year that lies `years_after_start` after `Startjaar`.
/// `None` when the result is too large to represent exactly.
pub fn line_amount(
    quantity: Decimal,
    rate: Decimal,
    indexation_points: Decimal,
    years_after_start: u32,
) -> Option<Decimal> {
    let factor = Decimal::ONE.checked_add(indexation_points.checked_div(Decimal::ONE_HUNDRED)?)?;
    let mut index = Decimal::ONE;
    for _ in 0..years_after_start {
        index = index.checked_mul(factor)?;
    }
    let raw = quantity.checked_mul(rate)?.checked_mul(index)?;
    Some(cents(raw))
}

/// One funding source's part of one line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineCoverage {
    /// Bron-ID.
    pub bron: String,
    /// Index of the `Dekking` row in [`Project::dekking`].
    pub dekking: usize,
    /// Amount covered per year.
    pub per_jaar: BTreeMap<i32, Decimal>,
}

/// The computed amounts of one cost line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineAmounts {
    /// Index of the line in [`Project::kostenregels`].
    pub regel: usize,
    /// Amount per year (every budget year, zero where there is no quantity).
    pub per_jaar: BTreeMap<i32, Decimal>,
    /// Sum of the rounded yearly amounts.
    pub totaal: Decimal,
    /// Coverage by source.
    pub dekking: Vec<LineCoverage>,
    /// Covered amount per year (sum over sources).
    pub gedekt: BTreeMap<i32, Decimal>,
    /// Amount minus covered, per year: positive is a gap, negative is over-coverage.
    pub open: BTreeMap<i32, Decimal>,
    /// Years whose amount could not be represented (overflow).
    pub te_groot: Vec<i32>,
}

/// The computed budget.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Budget {
    /// The budget years.
    pub jaren: Vec<i32>,
    /// One entry per cost line, in sheet order.
    pub regels: Vec<LineAmounts>,
}

impl Budget {
    /// Computes every line's amounts and coverage.
    pub fn compute(p: &Project) -> Budget {
        let jaren = p.parameters.jaren();
        let start = p.parameters.startjaar;
        let mut regels: Vec<LineAmounts> = p
            .kostenregels
            .iter()
            .enumerate()
            .map(|(i, k)| {
                let mut per_jaar = BTreeMap::new();
                let mut te_groot = Vec::new();
                for &y in &jaren {
                    let q = k.hoeveelheden.get(&y).copied().unwrap_or_default();
                    let amount =
                        line_amount(q, k.tarief, p.parameters.indexatie, (y - start) as u32);
                    match amount {
                        Some(a) => {
                            per_jaar.insert(y, a);
                        }
                        None => {
                            te_groot.push(y);
                            per_jaar.insert(y, Decimal::ZERO);
                        }
                    }
                }
                let totaal = per_jaar.values().copied().sum();
                LineAmounts {
                    regel: i,
                    per_jaar,
                    totaal,
                    dekking: Vec::new(),
                    gedekt: BTreeMap::new(),
                    open: BTreeMap::new(),
                    te_groot,
                }
            })
            .collect();
        let index: BTreeMap<String, usize> = p
            .kostenregels
            .iter()
            .enumerate()
            .map(|(i, k)| (k.id.to_lowercase(), i))
            .collect();
        for (di, d) in p.dekking.iter().enumerate() {
            let Some(&ri) = index.get(&d.regel.to_lowercase()) else {
                continue;
            };
            let line = &mut regels[ri];
            let per_jaar = jaren
                .iter()
                .map(|&y| {
                    let amount = match &d.wijze {
                        Dekkingswijze::Percentage { punten } => line.per_jaar[&y]
                            .checked_mul(*punten)
                            .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
                            .map(cents)
                            .unwrap_or_default(),
                        Dekkingswijze::Bedragen { per_jaar } => {
                            per_jaar.get(&y).copied().unwrap_or_default()
                        }
                    };
                    (y, amount)
                })
                .collect();
            line.dekking.push(LineCoverage {
                bron: d.bron.clone(),
                dekking: di,
                per_jaar,
            });
        }
        for line in &mut regels {
            for &y in &jaren {
                let covered: Decimal = line.dekking.iter().map(|c| c.per_jaar[&y]).sum();
                line.gedekt.insert(y, covered);
                line.open.insert(y, line.per_jaar[&y] - covered);
            }
        }
        Budget { jaren, regels }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_round_half_away_from_zero_per_year() {
        // 0,5 × 0,01 = 0,005 → 0,01
        assert_eq!(
            line_amount(Decimal::new(5, 1), Decimal::new(1, 2), Decimal::ZERO, 0),
            Some(Decimal::new(1, 2))
        );
        // indexation compounds: 1000 × 1,03^2 = 1060,90
        assert_eq!(
            line_amount(Decimal::ONE, Decimal::new(1000, 0), Decimal::new(3, 0), 2),
            Some(Decimal::new(106090, 2))
        );
        assert_eq!(
            line_amount(Decimal::MAX, Decimal::MAX, Decimal::ZERO, 0),
            None
        );
    }
}
