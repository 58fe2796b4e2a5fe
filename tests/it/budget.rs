//! The budget engine: property tests (shares add up to the cent, never negative, net never
//! above gross), the rounding rule and tie-breaks on hand-worked examples, and the
//! diagnostics of coverage, temporary money and sharing keys (exact code and cell).

use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;
use regiodocs::budget::{Budget, Weights, cents, line_amount, share};
use regiodocs::diag::{Diagnostic, Severity};
use regiodocs::model::{Dekkingswijze, Project, Scope};
use regiodocs::vocab::{Deelname, KostenSoort};
use rust_decimal::Decimal;

use crate::fixtures::{self, V};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// The rule written out naively: exact fractions, full sort.
fn reference_share(amount: Decimal, w: &Weights) -> Vec<Decimal> {
    let total: Decimal = w.iter().map(|x| x.1).sum();
    let a = (amount * Decimal::ONE_HUNDRED).trunc();
    if total.is_zero() || a.is_zero() {
        return vec![Decimal::ZERO; w.len()];
    }
    let mut floors: Vec<Decimal> = Vec::new();
    let mut rems: Vec<Decimal> = Vec::new();
    for x in w {
        let num = a * x.1;
        let mut q = (num / total).floor();
        while q * total > num {
            q -= Decimal::ONE;
        }
        while (q + Decimal::ONE) * total <= num {
            q += Decimal::ONE;
        }
        floors.push(q);
        rems.push(num - q * total);
    }
    let left: Decimal = a - floors.iter().copied().sum::<Decimal>();
    let mut order: Vec<usize> = (0..w.len()).collect();
    order.sort_by(|&i, &j| {
        rems[j]
            .cmp(&rems[i])
            .then(w[j].2.cmp(&w[i].2))
            .then(w[i].0.cmp(&w[j].0))
    });
    let left: usize = left.to_string().parse().unwrap();
    for &i in order.iter().take(left) {
        floors[i] += Decimal::ONE;
    }
    floors
        .into_iter()
        .map(|c| c / Decimal::ONE_HUNDRED)
        .collect()
}

fn weights_strategy() -> impl Strategy<Value = Weights> {
    prop::collection::vec((0u64..2_000, 1u64..400_000), 1..60)
        .prop_flat_map(|v| {
            let n = v.len();
            (Just(v), 0u8..3, prop::collection::vec(0u32..10_000, n))
        })
        .prop_map(|(v, method, vast)| {
            v.iter()
                .enumerate()
                .map(|(i, (w, pop))| {
                    let code = format!("GM{:04}", (i * 7919) % 10_000);
                    let weight = match method {
                        0 => Decimal::ONE,                                            // gelijk
                        1 => Decimal::from(*pop),                                     // inwoners
                        _ => Decimal::new(vast[i] as i64, 3) + Decimal::from(*w % 3), // vast
                    };
                    // Small populations so that equal populations (tie-breaks) occur often.
                    (code, weight, pop % 5)
                })
                .collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn shares_add_up_to_the_cent_and_follow_the_rule(
        w in weights_strategy(),
        cents_amount in 0i64..10_000_000_000,
    ) {
        let amount = Decimal::new(cents_amount, 2);
        let s = share(amount, &w);
        let total_w: Decimal = w.iter().map(|x| x.1).sum();
        if total_w.is_zero() {
            prop_assert!(s.iter().all(|x| x.is_zero()));
        } else {
            prop_assert_eq!(s.iter().copied().sum::<Decimal>(), amount);
            prop_assert!(s.iter().all(|x| !x.is_sign_negative()));
            for (x, wi) in s.iter().zip(&w) {
                // Within one cent of the exact proportion.
                let exact = amount * wi.1 / total_w;
                prop_assert!((*x - exact).abs() < Decimal::new(1, 2));
            }
            prop_assert_eq!(s, reference_share(amount, &w));
        }
    }

    #[test]
    fn negative_amounts_mirror_positive_ones(w in weights_strategy(), c in 1i64..1_000_000) {
        let pos = share(Decimal::new(c, 2), &w);
        let neg = share(Decimal::new(-c, 2), &w);
        prop_assert_eq!(neg, pos.into_iter().map(|x| -x).collect::<Vec<_>>());
    }
}

/// The valid fixture as a model, loaded once per test.
fn base() -> Project {
    let dir = fixtures::Project::valid().write();
    let (p, ds) = regiodocs::model::load(dir.path());
    assert!(!ds.has_errors(), "{ds:?}");
    p.unwrap()
}

#[derive(Debug, Clone)]
pub(crate) struct RandomLine {
    pub(crate) regional: bool,
    pub(crate) gemeente: usize,
    pub(crate) structural: bool,
    pub(crate) rate_cents: i64,
    pub(crate) quantities: Vec<u32>,
    pub(crate) key: u8,
    pub(crate) coverage: Vec<(bool, u8, i64)>,
    pub(crate) in_natura: bool,
}

pub(crate) fn line_strategy() -> impl Strategy<Value = RandomLine> {
    (
        any::<bool>(),
        0usize..40,
        any::<bool>(),
        1i64..2_000_000,
        prop::collection::vec(0u32..400, 3),
        0u8..3,
        prop::collection::vec((any::<bool>(), 0u8..80, 0i64..5_000_000), 0..3),
        prop::bool::weighted(0.1),
    )
        .prop_map(
            |(regional, gemeente, structural, rate_cents, quantities, key, coverage, in_natura)| {
                RandomLine {
                    regional,
                    gemeente,
                    structural,
                    rate_cents,
                    quantities,
                    key,
                    coverage,
                    in_natura,
                }
            },
        )
}

/// Builds a project with `n` participating municipalities and the given lines.
pub(crate) fn random_project(
    base: &Project,
    pops: &[u64],
    lines: &[RandomLine],
    index: u8,
) -> Project {
    let mut p = base.clone();
    p.parameters.startjaar = 2027;
    p.parameters.aantal_jaren = 3;
    p.parameters.indexatie = Decimal::new(index as i64, 1);
    let template_g = p.gemeenten[0].clone();
    let codes = regiodocs::cbs::all();
    p.gemeenten = pops
        .iter()
        .enumerate()
        .map(|(i, pop)| {
            let mut g = template_g.clone();
            g.code = codes[i].code.clone();
            g.naam = codes[i].naam.clone();
            g.deelname = if i % 9 == 8 {
                Deelname::Niet
            } else {
                Deelname::Deelnemend
            };
            g.inwoners = Some(*pop);
            g.jeugdigen = Some(pop / 5);
            g
        })
        .collect();
    // Keys: S-INW (default, inwoners) from the fixture, plus gelijk and vast.
    let mut gelijk = p.sleutels[0].clone();
    gelijk.id = "S-GEL".into();
    gelijk.standaard = false;
    gelijk.methode = Some(regiodocs::vocab::Methode::Gelijk);
    let mut vast = gelijk.clone();
    vast.id = "S-VAST".into();
    vast.methode = Some(regiodocs::vocab::Methode::Vast);
    vast.aandelen = p
        .gemeenten
        .iter()
        .enumerate()
        .map(|(i, g)| regiodocs::model::VastAandeel {
            gemeente: g.code.clone(),
            aandeel: Decimal::new(((i * 37) % 11 + 1) as i64, 1),
            origin: vast.origin.clone(),
        })
        .collect();
    p.sleutels.truncate(1);
    p.sleutels.push(gelijk);
    p.sleutels.push(vast);
    let template_k = p.kostenregels[0].clone();
    let template_d = p.dekking[0].clone();
    p.kostenregels.clear();
    p.dekking.clear();
    for (i, l) in lines.iter().enumerate() {
        let mut k = template_k.clone();
        k.id = format!("K{i}");
        k.scope = if l.regional {
            Scope::Regio
        } else {
            Scope::Gemeente(p.gemeenten[l.gemeente % pops.len()].code.clone())
        };
        k.soort = Some(if l.structural {
            KostenSoort::Structureel
        } else {
            KostenSoort::Incidenteel
        });
        k.tarief = Decimal::new(l.rate_cents, 2);
        k.hoeveelheden = (2027..2030)
            .zip(&l.quantities)
            .map(|(y, q)| (y, Decimal::new(*q as i64, 1)))
            .collect();
        k.verdeelsleutel = match l.key {
            0 => None,
            1 => Some("S-GEL".into()),
            _ => Some("s-vast".into()),
        };
        k.in_natura = l.in_natura;
        p.kostenregels.push(k);
        for (pct, bron, amount) in &l.coverage {
            let mut d = template_d.clone();
            d.regel = format!("K{i}");
            d.bron = if bron % 2 == 0 { "B-GEM" } else { "B-SPUK" }.into();
            d.wijze = if *pct {
                Dekkingswijze::Percentage {
                    punten: Decimal::from(*bron),
                }
            } else {
                Dekkingswijze::Bedragen {
                    per_jaar: (2027..2030)
                        .map(|y| (y, Decimal::new(amount * (y as i64 - 2026), 2)))
                        .collect(),
                }
            };
            p.dekking.push(d);
        }
    }
    p
}

fn sum(m: &BTreeMap<i32, Decimal>) -> Decimal {
    m.values().copied().sum()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_part_adds_up_exactly(
        pops in prop::collection::vec(1u64..300_000, 2..40),
        lines in prop::collection::vec(line_strategy(), 1..30),
        index in 0u8..50,
    ) {
        let p = random_project(&BASE.with(|b| b.clone()), &pops, &lines, index);
        let b = Budget::compute(&p);
        let n = b.deelnemers.len();
        prop_assert_eq!(n, p.deelnemers().count());
        for (li, line) in b.regels.iter().enumerate() {
            let k = &p.kostenregels[line.regel];
            for y in &b.jaren {
                // Amount = quantity × rate × index, rounded once.
                let q = k.hoeveelheden.get(y).copied().unwrap_or_default();
                let expect = line_amount(q, k.tarief, p.parameters.indexatie, (*y - 2027) as u32);
                prop_assert_eq!(Some(line.per_jaar[y]), expect);
                prop_assert_eq!(line.per_jaar[y], line.gedekt[y] + line.open[y]);
                prop_assert_eq!(line.per_jaar[y], line.extern_[y] + line.netto[y]);
                prop_assert!(!line.netto[y].is_sign_negative());
            }
            if k.scope == Scope::Regio {
                let v = line.verdeling.as_ref().expect("regional lines are shared");
                for (yi, y) in b.jaren.iter().enumerate() {
                    let bruto: Decimal = (0..n).map(|g| v.bruto(g, yi)).sum();
                    let netto: Decimal = (0..n).map(|g| v.netto(g, yi)).sum();
                    prop_assert_eq!(bruto, line.per_jaar[y], "line {} {}", li, y);
                    prop_assert_eq!(netto, line.netto[y]);
                    for g in 0..n {
                        prop_assert!(!v.netto(g, yi).is_sign_negative());
                        prop_assert!(v.netto(g, yi) <= v.bruto(g, yi));
                    }
                }
            } else {
                prop_assert!(line.verdeling.is_none());
            }
        }
        for (yi, y) in b.jaren.iter().enumerate() {
            let _ = yi;
            let regional: Decimal = b.regels.iter()
                .filter(|l| p.kostenregels[l.regel].scope == Scope::Regio)
                .map(|l| l.per_jaar[y]).sum();
            let shares: Decimal = b.gemeenten.iter().map(|g| g.aandeel[y]).sum();
            prop_assert_eq!(regional, shares);
            for g in &b.gemeenten {
                prop_assert_eq!(g.totaal[y], g.eigen[y] + g.aandeel[y]);
                prop_assert_eq!(g.zelf[y] + g.extern_[y], g.totaal[y]);
                prop_assert!(!g.zelf[y].is_sign_negative());
                prop_assert!(!g.extern_[y].is_sign_negative());
            }
            // The region's total = own lines of participants + non-participants + regional.
            let own: Decimal = b.gemeenten.iter().map(|g| g.eigen[y]).sum();
            let non_participant: Decimal = b.regels.iter()
                .filter(|l| matches!(&p.kostenregels[l.regel].scope, Scope::Gemeente(c) if b.deelnemer(c).is_none()))
                .map(|l| l.per_jaar[y]).sum();
            prop_assert_eq!(b.regio.per_jaar[y], own + shares + non_participant);
            prop_assert_eq!(b.regio.per_jaar[y], b.regio.incidenteel[y] + b.regio.structureel[y]);
            let posts: Decimal = b.regio.per_kostenpost.iter().map(|t| t.per_jaar[y]).sum();
            prop_assert_eq!(posts, b.regio.per_jaar[y]);
            let bronnen: Decimal = b.regio.per_bron.values().map(|m| m[y]).sum();
            prop_assert_eq!(bronnen, b.regio.gedekt[y]);
        }
        let zelf: Decimal = b.gemeenten.iter().map(|g| sum(&g.zelf)).sum();
        let ext: Decimal = b.gemeenten.iter().map(|g| sum(&g.extern_)).sum();
        let tot: Decimal = b.gemeenten.iter().map(|g| sum(&g.totaal)).sum();
        prop_assert_eq!(zelf + ext, tot);
    }
}

thread_local! {
    pub(crate) static BASE: Project = base();
}

#[test]
fn rounding_is_half_away_from_zero_on_each_yearly_amount() {
    // 0,5 × € 0,01 = 0,005 → 0,01; and the negative mirror.
    assert_eq!(cents(d("0.005")), d("0.01"));
    assert_eq!(cents(d("-0.005")), d("-0.01"));
    assert_eq!(cents(d("0.00499")), d("0.00"));
    // 3 × € 33,335 = 100,005 → 100,01.
    assert_eq!(
        line_amount(d("3"), d("33.335"), d("0"), 0),
        Some(d("100.01"))
    );
    // € 1.000 with 2,5 % indexation in the third year: 1000 × 1,025² = 1050,625 → 1050,63.
    assert_eq!(
        line_amount(d("1"), d("1000"), d("2.5"), 2),
        Some(d("1050.63"))
    );
    // Totals are sums of rounded amounts: 2 × 0,005 rounds to 0,01 each, total 0,02.
    let mut p = BASE.with(|b| b.clone());
    p.kostenregels.truncate(1);
    p.kostenregels[0].tarief = d("0.005");
    p.kostenregels[0].hoeveelheden = [(2027, d("1")), (2028, d("1"))].into_iter().collect();
    let b = Budget::compute(&p);
    assert_eq!(b.regels[0].totaal, d("0.02"));
    assert_eq!(b.regio.per_jaar[&2027], d("0.01"));
}

fn w(items: &[(&str, &str, u64)]) -> Weights {
    items
        .iter()
        .map(|(c, w, pop)| (c.to_string(), d(w), *pop))
        .collect()
}

#[test]
fn largest_remainder_with_the_specified_tie_breaks() {
    // € 1,00 equally over three: 33 each, one cent left; the remainders tie, so it goes
    // to the larger municipality.
    let s = share(
        d("1.00"),
        &w(&[
            ("GM0001", "1", 100),
            ("GM0002", "1", 300),
            ("GM0003", "1", 200),
        ]),
    );
    assert_eq!(s, vec![d("0.33"), d("0.34"), d("0.33")]);
    // Same population too: the lower CBS code wins; two cents left go to the two lowest codes.
    let s = share(
        d("0.02"),
        &w(&[("GM0003", "1", 5), ("GM0001", "1", 5), ("GM0002", "1", 5)]),
    );
    assert_eq!(s, vec![d("0"), d("0.01"), d("0.01")]);
    // The largest remainder comes first, before population: 10 cents by 2 : 1 gives
    // 6,67 and 3,33 cents, so the small municipality with remainder 0,67 gets the cent.
    let s = share(
        d("0.10"),
        &w(&[("GM0100", "2", 1_000), ("GM0200", "1", 50_000)]),
    );
    assert_eq!(s, vec![d("0.07"), d("0.03")]);
    // Fixed percentages 33,3 / 33,3 / 33,4 of € 1.000,01.
    let s = share(
        d("1000.01"),
        &w(&[
            ("GM0001", "33.3", 10),
            ("GM0002", "33.3", 20),
            ("GM0003", "33.4", 30),
        ]),
    );
    // Exact: 333,003330 / 333,003330 / 334,003340; floors 333,00 + 333,00 + 334,00 = 1000,00;
    // one cent left, remainders tie (0,333 cent vs 0,333 vs 0,334): GM0003 has the largest.
    assert_eq!(s, vec![d("333.00"), d("333.00"), d("334.01")]);
    // Zero weights: nothing can be shared.
    let s = share(d("10"), &w(&[("GM0001", "0", 1), ("GM0002", "0", 2)]));
    assert_eq!(s, vec![d("0"), d("0")]);
}

#[test]
fn a_municipality_pays_its_share_of_the_net_after_external_funding() {
    // Ede 3 : Veenendaal 1 by population. K1 (regional, 500 × € 95,50 = € 47.750 a year)
    // is paid by the municipalities' own source; K2 (regional, € 5.000 in 2027) by SPUK.
    let mut fx = fixtures::Project::valid();
    fx.sheet("Gemeenten").set("Inwoners", 1, V::N(3.0));
    fx.sheet("Gemeenten").set("Inwoners", 2, V::N(1.0));
    let dir = fx.write();
    let c = regiodocs::pipeline::check(dir.path());
    assert!(!c.diagnostics.has_errors(), "{:?}", c.diagnostics);
    let b = c.budget.unwrap();
    let ede = b.gemeente("GM0228").unwrap();
    let veen = b.gemeente("GM0345").unwrap();
    assert_eq!(ede.aandeel[&2027], d("35812.50") + d("3750.00"));
    assert_eq!(ede.extern_[&2027], d("3750.00"));
    assert_eq!(ede.zelf[&2027], d("35812.50"));
    assert_eq!(veen.aandeel[&2027], d("11937.50") + d("1250.00"));
    assert_eq!(veen.zelf[&2027], d("11937.50"));
    assert_eq!(ede.zelf[&2028], d("35812.50"));
    assert_eq!(b.regio.per_jaar[&2027], d("52750.00"));
    assert_eq!(b.regio.extern_[&2027], d("5000.00"));
    // Provenance: the amount of K1 in 2028 comes from its quantity and rate cells.
    let p = c.project.unwrap();
    let cells: Vec<String> = b
        .herkomst_bedrag(&p, 0, 2028)
        .iter()
        .map(|l| l.to_string())
        .collect();
    assert_eq!(
        cells,
        vec![
            "financien.xlsx: Kostenregels!I2",
            "financien.xlsx: Kostenregels!G2"
        ]
    );
    let cells: Vec<String> = b
        .herkomst_aandeel(&p, 0, "GM0228")
        .iter()
        .map(|l| l.to_string())
        .collect();
    assert_eq!(
        cells,
        vec![
            "financien.xlsx: Verdeelsleutels!B2",
            "stakeholders.xlsx: Gemeenten!D2"
        ]
    );
    assert_eq!(
        b.herkomst_dekking(&p, 1, 0, 2027).unwrap().to_string(),
        "financien.xlsx: Dekking!D3"
    );
}

// ---- diagnostics: exact code and cell ----

fn run(p: &fixtures::Project) -> Vec<Diagnostic> {
    p.diagnostics()
}

#[track_caller]
fn expect<'a>(ds: &'a [Diagnostic], code: &str, sev: Severity, at: &str) -> &'a Diagnostic {
    ds.iter()
        .find(|d| {
            d.code.as_str() == code
                && d.severity == sev
                && d.location.as_ref().map(|l| l.to_string()).as_deref() == Some(at)
        })
        .unwrap_or_else(|| {
            panic!(
                "expected {code} {sev:?} at {at}, got:\n{}",
                ds.iter().map(|d| format!("  {d}\n")).collect::<String>()
            )
        })
}

#[test]
fn over_coverage_is_an_error_and_a_gap_a_warning() {
    let mut fx = fixtures::Project::valid();
    fx.sheet("Dekking")
        .push(vec!["K2".into(), "B-GEM".into(), V::E, V::N(1.0), V::E]);
    fx.sheet("Dekking").set("Percentage", 1, "99,5");
    let ds = run(&fx);
    let over = expect(
        &ds,
        "F29",
        Severity::Error,
        "financien.xlsx: Dekking, rij 4",
    );
    assert!(over.message.contains("2027: € 1,00 te veel"), "{over}");
    let gap = expect(
        &ds,
        "R19",
        Severity::Warning,
        "financien.xlsx: Kostenregels!A2",
    );
    // 0,5 % of € 47.750,00 = € 238,75 in both years.
    assert!(gap.message.contains("2027: € 238,75") && gap.message.contains("2028: € 238,75"));
}

#[test]
fn temporary_money_for_structural_costs_is_an_error_in_the_borging_phase() {
    let mut fx = fixtures::Project::valid();
    fx.sheet("Dekking").set("Bron-ID", 1, "B-SPUK");
    let ds = run(&fx);
    expect(&ds, "R18", Severity::Warning, "financien.xlsx: Dekking!B2");
    fx.sheet("Regio").set_field("Fase", "borging");
    let ds = run(&fx);
    expect(&ds, "R18", Severity::Error, "financien.xlsx: Dekking!B2");
    // The budget flags the line, too.
    let dir = fx.write();
    let b = regiodocs::pipeline::check(dir.path()).budget.unwrap();
    assert!(b.regels[0].tijdelijk_structureel);
    assert!(!b.regels[1].tijdelijk_structureel);
}

/// A row of the fixed key `S-VAST` in `Verdeelsleutels`: a municipality and its share.
fn fixed_share(gemeente: &str, procent: &str) -> Vec<V> {
    vec![
        "S-VAST".into(),
        "vast".into(),
        "nee".into(),
        gemeente.into(),
        procent.into(),
    ]
}

#[test]
fn every_invalid_key_is_reported_at_its_cell() {
    // A key whose weights are all zero.
    let mut fx = fixtures::Project::valid();
    fx.sheet("Verdeelsleutels").set("Methode", 1, "jeugdigen");
    fx.sheet("Gemeenten").set("Jeugdigen 0-17", 1, V::N(0.0));
    fx.sheet("Gemeenten").set("Jeugdigen 0-17", 2, V::N(0.0));
    let ds = run(&fx);
    expect(
        &ds,
        "F30",
        Severity::Error,
        "financien.xlsx: Verdeelsleutels!B2",
    );
    // A negative fixed share.
    let mut fx = fixtures::Project::valid();
    let s = fx.sheet("Verdeelsleutels");
    s.push(fixed_share("GM0228", "110"));
    s.push(fixed_share("GM0345", "-10"));
    fx.sheet("Kostenregels").set("Verdeelsleutel", 1, "S-VAST");
    let ds = run(&fx);
    // (A negative share is refused while reading, so the key has no share there.)
    expect(
        &ds,
        "F30",
        Severity::Error,
        "financien.xlsx: Verdeelsleutels!E4",
    );
    // An unknown key.
    let mut fx = fixtures::Project::valid();
    fx.sheet("Kostenregels")
        .set("Verdeelsleutel", 2, "S-ONBEKEND");
    let ds = run(&fx);
    expect(
        &ds,
        "F20",
        Severity::Error,
        "financien.xlsx: Kostenregels!J3",
    );
    // Fixed shares that do not add up to 100.
    let mut fx = fixtures::Project::valid();
    let s = fx.sheet("Verdeelsleutels");
    s.push(fixed_share("GM0228", "50"));
    s.push(fixed_share("GM0345", "49"));
    let ds = run(&fx);
    expect(
        &ds,
        "F30",
        Severity::Error,
        "financien.xlsx: Verdeelsleutels!E3",
    );
    // A fixed key that names a municipality that does not participate.
    let mut fx = fixtures::Project::valid();
    let s = fx.sheet("Verdeelsleutels");
    s.push(fixed_share("GM0228", "50"));
    s.push(fixed_share("GM0345", "40"));
    s.push(fixed_share("GM0340", "10"));
    let ds = run(&fx);
    expect(
        &ds,
        "F30",
        Severity::Error,
        "financien.xlsx: Verdeelsleutels!D5",
    );
    // No key at all for a regional line.
    let mut fx = fixtures::Project::valid();
    fx.sheet("Verdeelsleutels").set("Standaard", 1, "nee");
    let ds = run(&fx);
    expect(
        &ds,
        "F30",
        Severity::Error,
        "financien.xlsx: Kostenregels!J2",
    );
}

#[test]
fn the_example_region_adds_up() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/foodvalley");
    let c = regiodocs::pipeline::check(&root);
    let (p, b) = (c.project.unwrap(), c.budget.unwrap());
    for y in &b.jaren {
        let regional: Decimal = b
            .regels
            .iter()
            .filter(|l| p.kostenregels[l.regel].scope == Scope::Regio)
            .map(|l| l.per_jaar[y])
            .sum();
        let shares: Decimal = b.gemeenten.iter().map(|g| g.aandeel[y]).sum();
        assert_eq!(regional, shares);
    }
}
