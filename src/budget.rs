//! The budget engine: every amount of the budget, computed once from the model and used by
//! validation and every renderer (PDF, DOCX and XLSX never sum money themselves).
//!
//! # Amounts
//!
//! Amount of a line in a year = quantity × rate × (1 + indexation)^(year − Startjaar),
//! rounded to whole cents, half away from zero ([`line_amount`]). Every total is a sum of
//! rounded amounts. All arithmetic is exact ([`Decimal`]) and checked: an amount too large to
//! represent is recorded in [`LineAmounts::te_groot`] (and reported by validation), never a
//! panic.
//!
//! # Coverage
//!
//! Each `Dekking` row covers one line, either with fixed amounts per year or with a
//! percentage. The percentage rows of one line together cover
//! `cents(amount × Σ percentages / 100)`, divided over the rows by largest remainder, so rows
//! that add up to 100 % cover the line to the cent. `open = amount − covered` per year:
//! positive is a gap (R19), negative is over-coverage (F29). A structural line paid from a
//! temporary source is flagged ([`LineAmounts::tijdelijk_structureel`], R18).
//!
//! # What a municipality pays
//!
//! A source is *municipal* when its `Soort` is `gemeente`; every other source (SPUK/GALA,
//! IZA, Zvw, insurer, partner, fund, subsidy, other) is *external*. For every line and year:
//!
//! - `extern` = what external sources cover, at most the amount;
//! - `netto = amount − extern` (never negative): what the municipalities bear themselves,
//!   from their own budgets (municipal sources) or still uncovered (the gap).
//!
//! A municipality's own line (`Scope` = its CBS code) is borne by it alone. A regional line
//! is shared among the participating municipalities by its key (`Verdeelsleutel`, or the
//! key marked `Standaard`): `gelijk` (equal), `inwoners` (population), `jeugdigen` (children
//! 0-17) or `vast` (the fixed percentages). Twice, with the same key and the same rule:
//!
//! - the *gross share* (`bruto`) divides the line's amount;
//! - the *net share* (`netto`) divides the line's `netto`, with the extra condition that no
//!   municipality's net share exceeds its gross share (a cent that would break this goes to
//!   the next municipality in the same order). The difference `bruto − netto` is the part of
//!   its share that external sources pay; it is never negative.
//!
//! Dividing is done in whole cents by largest remainder ([`share`]): everyone first gets the
//! exact share rounded down; the remaining cents go one by one to the largest remainders;
//! ties go to the larger municipality (population), then to the lower CBS code. So the
//! shares of every line and year add up exactly to the line's amount (and to its `netto`).
//!
//! Per municipality ([`GemeenteBudget`]), per year:
//!
//! ```text
//! totaal = eigen + aandeel            (own lines + gross shares of regional lines)
//! extern = eigen_extern + (aandeel − aandeel_netto)
//! zelf   = totaal − extern = eigen_netto + aandeel_netto   (what it pays itself)
//! ```
//!
//! and over all participants: Σ aandeel = the regional lines' amount, Σ aandeel_netto = their
//! netto, exactly, whenever every regional line could be shared ([`LineAmounts::verdeling`]
//! is `None` only when the key is missing or its weights are all zero, which validation
//! reports as an error).
//!
//! # Provenance
//!
//! Every computed amount can name the cells it came from: [`Budget::herkomst_bedrag`]
//! (quantity, rate, indexation), [`Budget::herkomst_dekking`] (the `Dekking` cell) and
//! [`Budget::herkomst_aandeel`] (the key and the municipality's weight), each as
//! [`Location`]s that print as `financien.xlsx: Kostenregels!H7`.
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

use crate::diag::Location;
use crate::model::{Dekkingswijze, Project, Scope};
use crate::vocab::{BronSoort, KostenSoort, Methode};

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
    let index = index_factor(indexation_points, years_after_start)?;
    amount_with_index(quantity, rate, index)
}

fn index_factor(indexation_points: Decimal, years_after_start: u32) -> Option<Decimal> {
    let factor = Decimal::ONE.checked_add(indexation_points.checked_div(Decimal::ONE_HUNDRED)?)?;
    let mut index = Decimal::ONE;
    for _ in 0..years_after_start {
        index = index.checked_mul(factor)?;
    }
    Some(index)
}

fn amount_with_index(quantity: Decimal, rate: Decimal, index: Decimal) -> Option<Decimal> {
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
    /// The source is external (its `Soort` is not `gemeente`).
    pub extern_: bool,
    /// The source is temporary (`Tijdelijk`).
    pub tijdelijk: bool,
}

/// How a regional line is shared among the participating municipalities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdeling {
    /// The Sleutel-ID used (the line's own or the default key).
    pub sleutel: String,
    /// Gross shares, `[deelnemer × jaren + jaar]` (see [`Verdeling::bruto`]).
    bruto: Vec<Decimal>,
    /// Net shares, same layout.
    netto: Vec<Decimal>,
    /// Number of years.
    n_jaren: usize,
}

impl Verdeling {
    /// Gross share of participant `g` (index into [`Budget::deelnemers`]) in year index `y`.
    pub fn bruto(&self, g: usize, y: usize) -> Decimal {
        self.bruto
            .get(g * self.n_jaren + y)
            .copied()
            .unwrap_or_default()
    }

    /// Net share (after external funding) of participant `g` in year index `y`.
    pub fn netto(&self, g: usize, y: usize) -> Decimal {
        self.netto
            .get(g * self.n_jaren + y)
            .copied()
            .unwrap_or_default()
    }
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
    /// Coverage by source, in `Dekking` order.
    pub dekking: Vec<LineCoverage>,
    /// Covered amount per year (sum over sources).
    pub gedekt: BTreeMap<i32, Decimal>,
    /// Amount minus covered, per year: positive is a gap, negative is over-coverage.
    pub open: BTreeMap<i32, Decimal>,
    /// Covered by external sources, per year, at most the amount.
    pub extern_: BTreeMap<i32, Decimal>,
    /// Amount minus external coverage, per year: what the municipalities bear.
    pub netto: BTreeMap<i32, Decimal>,
    /// A structural line with coverage from a temporary source (R18).
    pub tijdelijk_structureel: bool,
    /// Years whose amount could not be represented (overflow).
    pub te_groot: Vec<i32>,
    /// For regional lines that could be shared: the shares per participant.
    pub verdeling: Option<Verdeling>,
}

impl LineAmounts {
    /// Gap per year (open amount where positive, else zero).
    pub fn tekort(&self, y: i32) -> Decimal {
        self.open
            .get(&y)
            .copied()
            .unwrap_or_default()
            .max(Decimal::ZERO)
    }

    /// Over-coverage per year (positive number, zero where not over-covered).
    pub fn overdekt(&self, y: i32) -> Decimal {
        (-self.open.get(&y).copied().unwrap_or_default()).max(Decimal::ZERO)
    }
}

/// One municipality's part of the budget (see the module documentation for the sums).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GemeenteBudget {
    /// CBS code.
    pub code: String,
    /// Indices (into [`Budget::regels`]) of its own lines.
    pub regels: Vec<usize>,
    /// Own lines' amount per year.
    pub eigen: BTreeMap<i32, Decimal>,
    /// External coverage of its own lines.
    pub eigen_extern: BTreeMap<i32, Decimal>,
    /// Gaps of its own lines (not covered, excluding in-kind lines).
    pub eigen_tekort: BTreeMap<i32, Decimal>,
    /// Gross share of the regional lines.
    pub aandeel: BTreeMap<i32, Decimal>,
    /// Net share of the regional lines (after external funding).
    pub aandeel_netto: BTreeMap<i32, Decimal>,
    /// `eigen + aandeel`.
    pub totaal: BTreeMap<i32, Decimal>,
    /// What external sources pay of `totaal`.
    pub extern_: BTreeMap<i32, Decimal>,
    /// What the municipality pays itself: `totaal − extern`.
    pub zelf: BTreeMap<i32, Decimal>,
}

/// Sum per year of one cost post (`Kostenpost`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostTotaal {
    /// The cost post as first written.
    pub kostenpost: String,
    /// Amount per year.
    pub per_jaar: BTreeMap<i32, Decimal>,
}

/// The computed budget.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Budget {
    /// The budget years.
    pub jaren: Vec<i32>,
    /// One entry per cost line, in sheet order.
    pub regels: Vec<LineAmounts>,
    /// CBS codes of the participating municipalities, in the order of `Gemeenten`; the
    /// participant index of [`Verdeling`].
    pub deelnemers: Vec<String>,
    /// One entry per participant, same order.
    pub gemeenten: Vec<GemeenteBudget>,
    /// Totals of every line (the region's budget).
    pub regio: Totals,
}

/// A sharing key prepared for fast, exact division.
struct Key {
    id: String,
    /// Integer weights on a common scale, when representable.
    ints: Option<Vec<i128>>,
    /// Tie-break rank per participant (0 = first to get a cent on equal remainders).
    rank: Vec<u32>,
}

impl Key {
    fn new(id: String, weights: Weights) -> Key {
        let scale = weights.iter().map(|w| w.1.scale()).max().unwrap_or(0);
        let ints = weights
            .iter()
            .map(|(_, w, _)| {
                let m = w.mantissa();
                10i128
                    .checked_pow(scale - w.scale())
                    .and_then(|f| m.checked_mul(f))
            })
            .collect::<Option<Vec<i128>>>();
        Key {
            id,
            rank: tie_ranks(&weights),
            ints,
        }
    }

    /// Shares of `amount`, optionally never above `caps`; `None` when the weights are zero.
    fn share(&self, amount: Decimal, caps: Option<&[Decimal]>) -> Option<Vec<Decimal>> {
        let ints = self.ints.as_ref()?;
        let total: i128 = ints.iter().try_fold(0i128, |a, w| a.checked_add(*w))?;
        if total <= 0 || ints.iter().any(|w| *w < 0) {
            return None;
        }
        let c = cents(amount);
        let negative = c.is_sign_negative();
        let a = to_cents(c.abs())?;
        let caps_c = match caps {
            Some(cs) if !negative => Some(
                cs.iter()
                    .map(|d| to_cents(*d))
                    .collect::<Option<Vec<i128>>>()?,
            ),
            _ => None,
        };
        let out = apportion(a, ints, total, &self.rank, caps_c.as_deref())?;
        Some(
            out.into_iter()
                .map(|v| {
                    let d = Decimal::from_i128_with_scale(v, 2);
                    if negative { -d } else { d }
                })
                .collect(),
        )
    }
}

fn to_cents(d: Decimal) -> Option<i128> {
    let c = cents(d);
    let m = c.mantissa();
    match c.scale() {
        0 => m.checked_mul(100),
        1 => m.checked_mul(10),
        2 => Some(m),
        _ => None,
    }
}

/// Rank per entry for tie-breaks: the larger population first, then the lower code.
fn tie_ranks(weights: &Weights) -> Vec<u32> {
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&i, &j| {
        weights[j]
            .2
            .cmp(&weights[i].2)
            .then(weights[i].0.cmp(&weights[j].0))
    });
    let mut rank = vec![0u32; weights.len()];
    for (r, i) in order.into_iter().enumerate() {
        rank[i] = r as u32;
    }
    rank
}

/// Largest remainder in whole cents: `a` (≥ 0) over integer weights `w` (sum `total` > 0).
/// With `caps`, no entry gets more than its cap (the caps must add up to at least `a`).
fn apportion(
    a: i128,
    w: &[i128],
    total: i128,
    rank: &[u32],
    caps: Option<&[i128]>,
) -> Option<Vec<i128>> {
    let n = w.len();
    let mut q = Vec::with_capacity(n);
    let mut r = Vec::with_capacity(n);
    for &wi in w {
        let num = a.checked_mul(wi)?;
        q.push(num / total);
        r.push(num % total);
    }
    let given: i128 = q.iter().sum();
    let mut left = a - given;
    if left == 0 {
        return Some(q);
    }
    let by_remainder = |&i: &usize, &j: &usize| r[j].cmp(&r[i]).then(rank[i].cmp(&rank[j]));
    match caps {
        None => {
            // At most n − 1 cents are left: the k largest remainders get one each.
            let k = (left as usize).min(n);
            let mut idx: Vec<usize> = (0..n).collect();
            if k < n {
                idx.select_nth_unstable_by(k, by_remainder);
            }
            for &i in &idx[..k] {
                q[i] += 1;
            }
            Some(q)
        }
        Some(caps) => {
            for i in 0..n {
                if q[i] > caps[i] {
                    left += q[i] - caps[i];
                    q[i] = caps[i];
                }
            }
            let mut idx: Vec<usize> = (0..n).collect();
            idx.sort_by(by_remainder);
            while left > 0 {
                let mut moved = false;
                for &i in &idx {
                    if left == 0 {
                        break;
                    }
                    if q[i] < caps[i] {
                        q[i] += 1;
                        left -= 1;
                        moved = true;
                    }
                }
                if !moved {
                    return None;
                }
            }
            Some(q)
        }
    }
}

fn zeros(jaren: &[i32]) -> BTreeMap<i32, Decimal> {
    jaren.iter().map(|&y| (y, Decimal::ZERO)).collect()
}

fn add(m: &mut BTreeMap<i32, Decimal>, y: i32, v: Decimal) {
    let e = m.entry(y).or_default();
    *e = e.checked_add(v).unwrap_or(*e);
}

impl Budget {
    /// Computes every line's amounts, coverage and shares, and every total.
    pub fn compute(p: &Project) -> Budget {
        let jaren = p.parameters.jaren();
        let start = p.parameters.startjaar;
        let indices: Vec<Option<Decimal>> = jaren
            .iter()
            .map(|&y| index_factor(p.parameters.indexatie, (y - start).max(0) as u32))
            .collect();
        let mut regels: Vec<LineAmounts> = p
            .kostenregels
            .iter()
            .enumerate()
            .map(|(i, k)| {
                let mut per_jaar = BTreeMap::new();
                let mut te_groot = Vec::new();
                for (yi, &y) in jaren.iter().enumerate() {
                    let q = k.hoeveelheden.get(&y).copied().unwrap_or_default();
                    let amount = indices[yi].and_then(|ix| amount_with_index(q, k.tarief, ix));
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
                let totaal = per_jaar
                    .values()
                    .try_fold(Decimal::ZERO, |a, v| a.checked_add(*v))
                    .unwrap_or_default();
                LineAmounts {
                    regel: i,
                    per_jaar,
                    totaal,
                    dekking: Vec::new(),
                    gedekt: BTreeMap::new(),
                    open: BTreeMap::new(),
                    extern_: BTreeMap::new(),
                    netto: BTreeMap::new(),
                    tijdelijk_structureel: false,
                    te_groot,
                    verdeling: None,
                }
            })
            .collect();
        let index: BTreeMap<String, usize> = p
            .kostenregels
            .iter()
            .enumerate()
            .map(|(i, k)| (k.id.to_lowercase(), i))
            .collect();
        let bronnen: BTreeMap<String, &crate::model::Bron> =
            p.bronnen.iter().map(|b| (b.id.to_lowercase(), b)).collect();
        for (di, d) in p.dekking.iter().enumerate() {
            let Some(&ri) = index.get(&d.regel.to_lowercase()) else {
                continue;
            };
            let bron = bronnen.get(&d.bron.to_lowercase());
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
                extern_: bron.is_some_and(|b| b.soort != Some(BronSoort::Gemeente)),
                tijdelijk: bron.is_some_and(|b| b.tijdelijk),
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
            let sum: Decimal = pct
                .iter()
                .try_fold(Decimal::ZERO, |a, (_, w)| a.checked_add(*w))
                .unwrap_or_default();
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
            line.tijdelijk_structureel = k.soort == Some(KostenSoort::Structureel)
                && line.dekking.iter().any(|c| c.tijdelijk);
            for &y in &jaren {
                let a = line.per_jaar[&y];
                let mut covered = Decimal::ZERO;
                let mut ext = Decimal::ZERO;
                for c in &line.dekking {
                    let v = c.per_jaar[&y];
                    covered = covered.checked_add(v).unwrap_or(covered);
                    if c.extern_ {
                        ext = ext.checked_add(v).unwrap_or(ext);
                    }
                }
                line.gedekt.insert(y, covered);
                line.open
                    .insert(y, a.checked_sub(covered).unwrap_or_default());
                let ext = if a.is_sign_negative() {
                    Decimal::ZERO
                } else {
                    ext.max(Decimal::ZERO).min(a)
                };
                line.extern_.insert(y, ext);
                line.netto.insert(y, a - ext);
            }
        }

        // Sharing regional lines.
        let deelnemers: Vec<String> = p.deelnemers().map(|g| g.code.clone()).collect();
        let n = deelnemers.len();
        let nj = jaren.len();
        let mut keys: BTreeMap<String, Option<Key>> = BTreeMap::new();
        let default_key = p
            .sleutels
            .iter()
            .find(|s| s.standaard)
            .map(|s| s.id.clone());
        for line in &mut regels {
            let k = &p.kostenregels[line.regel];
            if k.scope != Scope::Regio || n == 0 {
                continue;
            }
            let Some(key_id) = k.verdeelsleutel.clone().or_else(|| default_key.clone()) else {
                continue;
            };
            let key = keys
                .entry(key_id.to_lowercase())
                .or_insert_with(|| {
                    let s = p.sleutel(&key_id)?;
                    weights(p, Some(&key_id)).map(|w| Key::new(s.id.clone(), w))
                })
                .as_ref();
            let Some(key) = key else { continue };
            let mut bruto = vec![Decimal::ZERO; n * nj];
            let mut netto = vec![Decimal::ZERO; n * nj];
            let mut ok = true;
            for (yi, y) in jaren.iter().enumerate() {
                let Some(b) = key.share(line.per_jaar[y], None) else {
                    ok = false;
                    break;
                };
                let Some(m) = key.share(line.netto[y], Some(&b)) else {
                    ok = false;
                    break;
                };
                for g in 0..n {
                    bruto[g * nj + yi] = b[g];
                    netto[g * nj + yi] = m[g];
                }
            }
            if ok {
                line.verdeling = Some(Verdeling {
                    sleutel: key.id.clone(),
                    bruto,
                    netto,
                    n_jaren: nj,
                });
            }
        }

        // Per municipality.
        let pos: BTreeMap<&str, usize> = deelnemers
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect();
        let mut gemeenten: Vec<GemeenteBudget> = deelnemers
            .iter()
            .map(|c| GemeenteBudget {
                code: c.clone(),
                regels: Vec::new(),
                eigen: zeros(&jaren),
                eigen_extern: zeros(&jaren),
                eigen_tekort: zeros(&jaren),
                aandeel: zeros(&jaren),
                aandeel_netto: zeros(&jaren),
                totaal: zeros(&jaren),
                extern_: zeros(&jaren),
                zelf: zeros(&jaren),
            })
            .collect();
        for (li, line) in regels.iter().enumerate() {
            let k = &p.kostenregels[line.regel];
            match &k.scope {
                Scope::Gemeente(code) => {
                    let Some(&g) = pos.get(code.as_str()) else {
                        continue;
                    };
                    let gb = &mut gemeenten[g];
                    gb.regels.push(li);
                    for &y in &jaren {
                        add(&mut gb.eigen, y, line.per_jaar[&y]);
                        add(&mut gb.eigen_extern, y, line.extern_[&y]);
                        if !k.in_natura {
                            add(&mut gb.eigen_tekort, y, line.tekort(y));
                        }
                    }
                }
                Scope::Regio => {
                    let Some(v) = &line.verdeling else { continue };
                    for (g, gb) in gemeenten.iter_mut().enumerate() {
                        for (yi, &y) in jaren.iter().enumerate() {
                            add(&mut gb.aandeel, y, v.bruto(g, yi));
                            add(&mut gb.aandeel_netto, y, v.netto(g, yi));
                        }
                    }
                }
            }
        }
        for gb in &mut gemeenten {
            for &y in &jaren {
                let totaal = gb.eigen[&y] + gb.aandeel[&y];
                let ext = gb.eigen_extern[&y] + (gb.aandeel[&y] - gb.aandeel_netto[&y]);
                gb.totaal.insert(y, totaal);
                gb.extern_.insert(y, ext);
                gb.zelf.insert(y, totaal - ext);
            }
        }
        let mut b = Budget {
            jaren,
            regels,
            deelnemers,
            gemeenten,
            regio: Totals::default(),
        };
        b.regio = b.totals(p, 0..b.regels.len());
        b
    }

    /// The budget of a participating municipality.
    pub fn gemeente(&self, code: &str) -> Option<&GemeenteBudget> {
        self.gemeenten.iter().find(|g| g.code == code)
    }

    /// The participant index of a municipality (for [`Verdeling::bruto`]).
    pub fn deelnemer(&self, code: &str) -> Option<usize> {
        self.deelnemers.iter().position(|c| c == code)
    }

    /// Indices (into [`Budget::regels`]) of the lines of a scope's own budget: every line for
    /// the region, the municipality's own lines for a municipality.
    pub fn regels_van(&self, p: &Project, scope: &Scope) -> Vec<usize> {
        (0..self.regels.len())
            .filter(|&i| {
                *scope == Scope::Regio || p.kostenregels[self.regels[i].regel].scope == *scope
            })
            .collect()
    }

    /// The cells the amount of line `i` in year `y` came from: the quantity cell, the rate
    /// cell and (after the first year, with indexation) the `Indexatie` cell.
    pub fn herkomst_bedrag(&self, p: &Project, i: usize, y: i32) -> Vec<Location> {
        let Some(line) = self.regels.get(i) else {
            return Vec::new();
        };
        let k = &p.kostenregels[line.regel];
        let mut out = vec![
            p.cells
                .get("Kostenregels")
                .map(|c| c.of_year(&k.origin, y))
                .unwrap_or_else(|| k.origin.location()),
            p.cell("Kostenregels", &k.origin, "Tarief"),
        ];
        if y > p.parameters.startjaar
            && !p.parameters.indexatie.is_zero()
            && let Some(l) = p.parameters.cells.get("Indexatie")
        {
            out.push(l.clone());
        }
        out
    }

    /// The cell a coverage amount came from: the `Percentage` cell of the `Dekking` row, or
    /// its year cell (`c` indexes [`LineAmounts::dekking`]).
    pub fn herkomst_dekking(&self, p: &Project, i: usize, c: usize, y: i32) -> Option<Location> {
        let cov = self.regels.get(i)?.dekking.get(c)?;
        let d = p.dekking.get(cov.dekking)?;
        Some(match d.wijze {
            Dekkingswijze::Percentage { .. } => p.cell("Dekking", &d.origin, "Percentage"),
            Dekkingswijze::Bedragen { .. } => p
                .cells
                .get("Dekking")
                .map(|c| c.of_year(&d.origin, y))
                .unwrap_or_else(|| d.origin.location()),
        })
    }

    /// The cells a municipality's share of regional line `i` came from: the key's row
    /// (`Methode`) and the weight: its `Aandeel` (vast), or its `Inwoners` / `Jeugdigen 0-17`
    /// cell in `Gemeenten`.
    pub fn herkomst_aandeel(&self, p: &Project, i: usize, gemeente: &str) -> Vec<Location> {
        let Some(v) = self.regels.get(i).and_then(|l| l.verdeling.as_ref()) else {
            return Vec::new();
        };
        let Some(s) = p.sleutel(&v.sleutel) else {
            return Vec::new();
        };
        let mut out = vec![p.cell("Verdeelsleutels", &s.origin, "Methode")];
        let g = p.gemeente(gemeente);
        match s.methode {
            Some(Methode::Vast) => {
                if let Some(a) = s.aandelen.iter().find(|a| a.gemeente == gemeente) {
                    out.push(p.cell("Verdeelsleutels", &a.origin, "Aandeel"));
                }
            }
            Some(Methode::Inwoners) => {
                if let Some(g) = g {
                    out.push(p.cell("Gemeenten", &g.origin, "Inwoners"));
                }
            }
            Some(Methode::Jeugdigen) => {
                if let Some(g) = g {
                    out.push(p.cell("Gemeenten", &g.origin, "Jeugdigen 0-17"));
                }
            }
            _ => {}
        }
        out
    }
}

/// Sums of a set of lines: per year, by kind, by cost post, by source, gaps.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Totals {
    /// Total cost per year.
    pub per_jaar: BTreeMap<i32, Decimal>,
    /// Incidental cost per year.
    pub incidenteel: BTreeMap<i32, Decimal>,
    /// Structural cost per year.
    pub structureel: BTreeMap<i32, Decimal>,
    /// Cost per cost post, in order of first appearance.
    pub per_kostenpost: Vec<PostTotaal>,
    /// Covered per source (Bron-ID as written in `Financieringsbronnen`) per year.
    pub per_bron: BTreeMap<String, BTreeMap<i32, Decimal>>,
    /// Covered in total per year.
    pub gedekt: BTreeMap<i32, Decimal>,
    /// Covered by external sources per year.
    pub extern_: BTreeMap<i32, Decimal>,
    /// Not covered per year (gaps of lines that are not in kind).
    pub tekort: BTreeMap<i32, Decimal>,
    /// Covered beyond the amount per year (over-coverage; an error, never in documents).
    pub overdekt: BTreeMap<i32, Decimal>,
}

impl Budget {
    /// Sums the given lines (indices into [`Budget::regels`]).
    pub fn totals(&self, p: &Project, lines: impl IntoIterator<Item = usize>) -> Totals {
        let jaren = &self.jaren;
        let mut t = Totals {
            per_jaar: zeros(jaren),
            incidenteel: zeros(jaren),
            structureel: zeros(jaren),
            gedekt: zeros(jaren),
            extern_: zeros(jaren),
            tekort: zeros(jaren),
            overdekt: zeros(jaren),
            ..Totals::default()
        };
        for b in &p.bronnen {
            t.per_bron.insert(b.id.clone(), zeros(jaren));
        }
        let mut posts: BTreeMap<String, usize> = BTreeMap::new();
        for i in lines {
            let Some(line) = self.regels.get(i) else {
                continue;
            };
            let k = &p.kostenregels[line.regel];
            let post_key = crate::ingest::normalize(&k.kostenpost);
            let pi = *posts.entry(post_key).or_insert_with(|| {
                t.per_kostenpost.push(PostTotaal {
                    kostenpost: k.kostenpost.clone(),
                    per_jaar: zeros(jaren),
                });
                t.per_kostenpost.len() - 1
            });
            for &y in jaren {
                let a = line.per_jaar[&y];
                add(&mut t.per_jaar, y, a);
                add(&mut t.per_kostenpost[pi].per_jaar, y, a);
                match k.soort {
                    Some(KostenSoort::Incidenteel) => add(&mut t.incidenteel, y, a),
                    Some(KostenSoort::Structureel) => add(&mut t.structureel, y, a),
                    None => {}
                }
                add(&mut t.gedekt, y, line.gedekt[&y]);
                add(&mut t.extern_, y, line.extern_[&y]);
                if !k.in_natura {
                    add(&mut t.tekort, y, line.tekort(y));
                }
                add(&mut t.overdekt, y, line.overdekt(y));
                for c in &line.dekking {
                    if let Some(b) = p.bron(&c.bron) {
                        add(
                            t.per_bron.entry(b.id.clone()).or_default(),
                            y,
                            c.per_jaar[&y],
                        );
                    }
                }
            }
        }
        t
    }

    /// A municipality's gross share of all regional lines, per year (zero for a municipality
    /// that does not participate).
    pub fn aandeel_regio(&self, gemeente: &str) -> BTreeMap<i32, Decimal> {
        self.gemeente(gemeente)
            .map(|g| g.aandeel.clone())
            .unwrap_or_else(|| zeros(&self.jaren))
    }
}

/// The weights of a sharing key (by ID, or the default key when `None`) over the
/// participating municipalities; `None` when there is no such key.
pub fn weights(p: &Project, key: Option<&str>) -> Option<Weights> {
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
/// municipality (population), then to the lower CBS code. Returns shares in input order;
/// all zeros when the weights add up to zero or less (nothing can be shared; validation
/// reports such a key).
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
    if let Some(s) = Key::new(String::new(), weights.clone()).share(amount, None) {
        return s;
    }
    share_decimal(amount, weights)
}

/// The same rule in [`Decimal`] arithmetic, for weights or amounts too large for `i128`.
fn share_decimal(amount: Decimal, weights: &Weights) -> Vec<Decimal> {
    let n = weights.len();
    let total_weight: Decimal = weights
        .iter()
        .try_fold(Decimal::ZERO, |a, w| a.checked_add(w.1))
        .unwrap_or_default();
    let cents_total = (cents(amount) * Decimal::ONE_HUNDRED).trunc();
    if total_weight <= Decimal::ZERO
        || cents_total.is_zero()
        || weights.iter().any(|w| w.1.is_sign_negative())
    {
        return vec![Decimal::ZERO; n];
    }
    let negative = cents_total.is_sign_negative();
    let a = cents_total.abs();
    let mut floors = Vec::with_capacity(n);
    let mut rems = Vec::with_capacity(n);
    for (_, w, _) in weights {
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
    let rank = tie_ranks(weights);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| rems[j].cmp(&rems[i]).then(rank[i].cmp(&rank[j])));
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

    #[test]
    fn integer_and_decimal_paths_agree() {
        let w: Weights = vec![
            ("GM0003".into(), Decimal::new(125, 1), 10),
            ("GM0001".into(), Decimal::new(375, 1), 10),
            ("GM0002".into(), Decimal::new(50, 0), 30),
        ];
        for a in [1i64, 7, 99, 12345, 1_000_001] {
            let a = Decimal::new(a, 2);
            assert_eq!(share(a, &w), share_decimal(a, &w));
        }
    }

    #[test]
    fn capped_shares_never_exceed_their_caps() {
        let rank = vec![0, 1, 2];
        // Exact 1/3 each of 2 cents under caps (1, 0, 5).
        let q = apportion(2, &[1, 1, 1], 3, &rank, Some(&[1, 0, 5])).unwrap();
        assert_eq!(q, vec![1, 0, 1]);
    }
}
