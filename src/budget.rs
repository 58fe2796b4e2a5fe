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
    /// For regional lines: each participating municipality's share per year (CBS code →
    /// year → amount); the shares of every year add up exactly to the line's amount.
    pub aandelen: BTreeMap<String, BTreeMap<i32, Decimal>>,
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
                    aandelen: BTreeMap::new(),
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
                        // Filled in below, together with the line's other percentage rows.
                        Dekkingswijze::Percentage { .. } => Decimal::ZERO,
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
        // Percentage rows: the line's covered part (amount × sum of percentages, rounded to
        // cents) is divided over the rows by largest remainder, so percentages that add up to
        // 100 cover the line exactly, never a cent more or less.
        for line in &mut regels {
            let pct: Vec<(usize, Decimal)> = line
                .dekking
                .iter()
                .enumerate()
                .filter_map(|(i, c)| match &p.dekking[c.dekking].wijze {
                    Dekkingswijze::Percentage { punten } => Some((i, *punten)),
                    Dekkingswijze::Bedragen { .. } => None,
                })
                .collect();
            if pct.is_empty() {
                continue;
            }
            let sum: Decimal = pct.iter().map(|(_, w)| *w).sum();
            let w: Weights = pct
                .iter()
                .map(|(i, punten)| (format!("{i:06}"), *punten, 0))
                .collect();
            for &y in &jaren {
                let part = line.per_jaar[&y]
                    .checked_mul(sum)
                    .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
                    .map(cents)
                    .unwrap_or_default();
                for ((i, _), a) in pct.iter().zip(share(part, &w)) {
                    line.dekking[*i].per_jaar.insert(y, a);
                }
            }
        }
        for line in &mut regels {
            let k = &p.kostenregels[line.regel];
            if k.scope == crate::model::Scope::Regio
                && let Some(weights) = weights(p, k.verdeelsleutel.as_deref())
            {
                for &y in &jaren {
                    for ((code, _, _), s) in weights.iter().zip(share(line.per_jaar[&y], &weights))
                    {
                        line.aandelen.entry(code.clone()).or_default().insert(y, s);
                    }
                }
            }
            for &y in &jaren {
                let covered: Decimal = line.dekking.iter().map(|c| c.per_jaar[&y]).sum();
                line.gedekt.insert(y, covered);
                line.open.insert(y, line.per_jaar[&y] - covered);
            }
        }
        Budget { jaren, regels }
    }
}

/// Sums of a set of lines: per year, by kind, by source, gaps.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Totals {
    /// Total cost per year.
    pub per_jaar: BTreeMap<i32, Decimal>,
    /// Incidental cost per year.
    pub incidenteel: BTreeMap<i32, Decimal>,
    /// Structural cost per year.
    pub structureel: BTreeMap<i32, Decimal>,
    /// Covered per source (Bron-ID as written in `Financieringsbronnen`) per year.
    pub per_bron: BTreeMap<String, BTreeMap<i32, Decimal>>,
    /// Not covered per year (gaps; over-coverage is an error and never reaches documents).
    pub tekort: BTreeMap<i32, Decimal>,
}

impl Budget {
    /// Sums the given lines.
    pub fn totals(&self, p: &Project, lines: impl IntoIterator<Item = usize>) -> Totals {
        let mut t = Totals::default();
        for &y in &self.jaren {
            for m in [
                &mut t.per_jaar,
                &mut t.incidenteel,
                &mut t.structureel,
                &mut t.tekort,
            ] {
                m.insert(y, Decimal::ZERO);
            }
        }
        for b in &p.bronnen {
            t.per_bron.insert(
                b.id.clone(),
                self.jaren.iter().map(|&y| (y, Decimal::ZERO)).collect(),
            );
        }
        for i in lines {
            let Some(line) = self.regels.get(i) else {
                continue;
            };
            let k = &p.kostenregels[line.regel];
            for &y in &self.jaren {
                let a = line.per_jaar[&y];
                *t.per_jaar.entry(y).or_default() += a;
                match k.soort {
                    Some(crate::vocab::KostenSoort::Incidenteel) => {
                        *t.incidenteel.entry(y).or_default() += a
                    }
                    Some(crate::vocab::KostenSoort::Structureel) => {
                        *t.structureel.entry(y).or_default() += a
                    }
                    None => {}
                }
                let open = line.open[&y];
                if open > Decimal::ZERO && !k.in_natura {
                    *t.tekort.entry(y).or_default() += open;
                }
                for c in &line.dekking {
                    if let Some(b) = p.bron(&c.bron) {
                        *t.per_bron
                            .entry(b.id.clone())
                            .or_default()
                            .entry(y)
                            .or_default() += c.per_jaar[&y];
                    }
                }
            }
        }
        t
    }

    /// A municipality's share of all regional lines, per year.
    pub fn aandeel_regio(&self, gemeente: &str) -> BTreeMap<i32, Decimal> {
        let mut out: BTreeMap<i32, Decimal> =
            self.jaren.iter().map(|&y| (y, Decimal::ZERO)).collect();
        for line in &self.regels {
            if let Some(s) = line.aandelen.get(gemeente) {
                for (y, a) in s {
                    *out.entry(*y).or_default() += *a;
                }
            }
        }
        out
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

/// The weights of a sharing key (by ID, or the default key when `None`) over the
/// participating municipalities; `None` when there is no such key.
pub fn weights(p: &Project, key: Option<&str>) -> Option<Weights> {
    use crate::vocab::Methode;
    let key = match key {
        Some(id) => p.sleutel(id)?,
        None => p.sleutels.iter().find(|s| s.standaard)?,
    };
    let methode = key.methode?;
    Some(
        p.deelnemers()
            .map(|g| {
                let w = match methode {
                    Methode::Gelijk => Decimal::ONE,
                    Methode::Inwoners => Decimal::from(g.inwoners.unwrap_or(0)),
                    Methode::Jeugdigen => Decimal::from(g.jeugdigen.unwrap_or(0)),
                    Methode::Vast => key
                        .aandelen
                        .iter()
                        .find(|a| a.gemeente == g.code)
                        .map(|a| a.aandeel)
                        .unwrap_or_default(),
                };
                (g.code.clone(), w, g.inwoners.unwrap_or(0))
            })
            .collect(),
    )
}

/// Weight of each participating municipality under a sharing key, in the order of
/// `Gemeenten`: (CBS code, weight, population for tie-breaks).
pub type Weights = Vec<(String, Decimal, u64)>;

/// Divides `amount` over municipalities by weight so that the shares add up exactly to
/// `amount`, in whole cents: every municipality first gets its share rounded down, then the
/// remaining cents go one by one to the largest remainders; ties go to the larger
/// municipality (population), then to the lower CBS code. Returns shares in input order.
///
/// ```
/// use rust_decimal::Decimal;
/// use regiodocs::budget::share;
/// let w = vec![
///     ("GM0001".to_string(), Decimal::ONE, 100),
///     ("GM0002".to_string(), Decimal::ONE, 300),
///     ("GM0003".to_string(), Decimal::ONE, 200),
/// ];
/// // € 1,00 in three: 33 + 33 + 33 cents, the last cent to the largest municipality.
/// let s = share(Decimal::ONE, &w);
/// assert_eq!(s, vec![Decimal::new(33, 2), Decimal::new(34, 2), Decimal::new(33, 2)]);
/// ```
pub fn share(amount: Decimal, weights: &Weights) -> Vec<Decimal> {
    let n = weights.len();
    if n == 0 {
        return Vec::new();
    }
    let total_weight: Decimal = weights.iter().map(|w| w.1).sum();
    let cents_total = (cents(amount) * Decimal::ONE_HUNDRED).trunc();
    if total_weight <= Decimal::ZERO || cents_total.is_zero() {
        return vec![Decimal::ZERO; n];
    }
    let negative = cents_total.is_sign_negative();
    let a = cents_total.abs();
    let mut floors = Vec::with_capacity(n);
    let mut rems = Vec::with_capacity(n);
    for (_, w, _) in weights {
        // Exact: a × w / W as a fraction; floor and remainder compared as a × w mod W.
        let num = a.checked_mul(*w).unwrap_or(Decimal::MAX);
        let mut q = (num / total_weight).floor();
        // Decimal division rounds at 28 digits; make sure q is the true floor.
        if q * total_weight > num {
            q -= Decimal::ONE;
        }
        floors.push(q);
        rems.push(num - q * total_weight);
    }
    let given: Decimal = floors.iter().copied().sum();
    let mut left = (a - given).to_string().parse::<usize>().unwrap_or(0).min(n);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| {
        rems[j]
            .cmp(&rems[i])
            .then(weights[j].2.cmp(&weights[i].2))
            .then(weights[i].0.cmp(&weights[j].0))
    });
    for &i in &order {
        if left == 0 {
            break;
        }
        floors[i] += Decimal::ONE;
        left -= 1;
    }
    floors
        .into_iter()
        .map(|c| {
            let v = c / Decimal::ONE_HUNDRED;
            if negative { -v } else { v }
        })
        .collect()
}
