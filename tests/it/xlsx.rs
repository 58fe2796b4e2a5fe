//! XLSX budgets: the stored amounts equal the budget engine's, a recalculating program
//! (LibreOffice headless) gets the same numbers, text stays text, and re-runs are
//! byte-identical.

use std::io::Cursor;
use std::path::Path;
use std::process::Command;

use calamine::{Data, Range, Reader, Xlsx};
use regiodocs::budget::Budget;
use regiodocs::model::{Project, Scope};
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;

use crate::fixtures::{self, V};
use crate::util::{have, zip_entry};

fn foodvalley() -> (Project, Budget, regiodocs::diag::Diagnostics) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/foodvalley");
    let c = regiodocs::pipeline::check(&root);
    (c.project.unwrap(), c.budget.unwrap(), c.diagnostics)
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).expect("readable xlsx")
}

fn sheet(wb: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Range<Data> {
    wb.worksheet_range(name).expect(name)
}

fn dec(d: &Data) -> Decimal {
    match d {
        Data::Float(f) => Decimal::from_f64(*f).unwrap().round_dp(2),
        Data::Int(i) => Decimal::from(*i),
        other => panic!("not a number: {other:?}"),
    }
}

/// Column of a header in row 0 (relative to the range start, which is A1 here).
fn col(r: &Range<Data>, header: &str) -> usize {
    (0..r.width())
        .find(|&c| r.get((0, c)).map(|d| d.to_string()).as_deref() == Some(header))
        .unwrap_or_else(|| panic!("no column {header}"))
}

fn row_of(r: &Range<Data>, col: usize, value: &str) -> usize {
    (0..r.height())
        .find(|&i| r.get((i, col)).map(|d| d.to_string()).as_deref() == Some(value))
        .unwrap_or_else(|| panic!("no row with {value}"))
}

#[test]
fn stored_amounts_equal_the_budget_engine() {
    let (p, b, d) = foodvalley();
    let mut scopes = vec![Scope::Regio];
    scopes.extend(b.deelnemers.iter().cloned().map(Scope::Gemeente));
    for scope in scopes {
        let bytes = regiodocs::render::xlsx::begroting(&p, &b, &scope, &d).unwrap();
        let mut wb = open(&bytes);
        let k = sheet(&mut wb, "Kostenregels");
        let lines = b.regels_van(&p, &scope);
        assert!(k.height() >= lines.len() + 2);
        for (r, &li) in lines.iter().enumerate() {
            let line = &b.regels[li];
            let herkomst = k.get((r + 1, col(&k, "Herkomst"))).unwrap().to_string();
            let tarief = b.herkomst_bedrag(&p, li, b.jaren[0])[1].to_string();
            assert!(
                herkomst.starts_with(&format!("{tarief} (tarief); ")),
                "{herkomst}"
            );
            assert_eq!(
                k.get((r + 1, col(&k, "Regel-ID"))).unwrap().to_string(),
                p.kostenregels[line.regel].id
            );
            for y in &b.jaren {
                let v = dec(k.get((r + 1, col(&k, &format!("Bedrag {y}")))).unwrap());
                assert_eq!(v, line.per_jaar[y], "{scope:?} line {li} {y}");
                let g = dec(k
                    .get((r + 1, col(&k, &format!("Niet gedekt {y}"))))
                    .unwrap());
                assert_eq!(g, line.tekort(*y));
            }
        }
        let s = sheet(&mut wb, "Samenvatting");
        let t = b.totals(&p, lines.iter().copied());
        let label = if scope == Scope::Regio {
            "Totaal kosten"
        } else {
            "Eigen kostenregels"
        };
        let r = row_of(&s, 0, label);
        for (yi, y) in b.jaren.iter().enumerate() {
            assert_eq!(dec(s.get((r, 1 + yi)).unwrap()), t.per_jaar[y]);
        }
        let v = sheet(&mut wb, "Verdeling");
        if let Some(code) = scope.gemeente() {
            let gb = b.gemeente(code).unwrap();
            let zelf: Decimal = gb.zelf.values().copied().sum();
            assert_eq!(dec(v.get((1, col(&v, "Zelf te betalen"))).unwrap()), zelf);
            let r = row_of(&s, 0, "Zelf te betalen");
            for (yi, y) in b.jaren.iter().enumerate() {
                assert_eq!(dec(s.get((r, 1 + yi)).unwrap()), gb.zelf[y]);
            }
        } else {
            for (i, gb) in b.gemeenten.iter().enumerate() {
                assert_eq!(v.get((1 + i, 0)).unwrap().to_string(), gb.code);
                let aandeel: Decimal = gb.aandeel.values().copied().sum();
                assert_eq!(
                    dec(v.get((1 + i, col(&v, "Aandeel regionale kosten"))).unwrap()),
                    aandeel
                );
            }
        }
    }
    let bytes = regiodocs::render::xlsx::overzicht(&p, &b, &d).unwrap();
    let mut wb = open(&bytes);
    let o = sheet(&mut wb, "Overzicht");
    for gb in &b.gemeenten {
        let r = row_of(&o, 0, &gb.code);
        let zelf: Decimal = gb.zelf.values().copied().sum();
        assert_eq!(dec(o.get((r, col(&o, "Zelf te betalen"))).unwrap()), zelf);
        for y in &b.jaren {
            assert_eq!(
                dec(o.get((r, col(&o, &format!("Aandeel {y}")))).unwrap()),
                gb.aandeel[y]
            );
        }
    }
}

#[test]
fn rerun_is_byte_identical_with_the_version_date_as_creation_date() {
    let (p, b, d) = foodvalley();
    let scope = Scope::Regio;
    let one = regiodocs::render::xlsx::begroting(&p, &b, &scope, &d).unwrap();
    let two = regiodocs::render::xlsx::begroting(&p, &b, &scope, &d).unwrap();
    assert_eq!(one, two);
    let o1 = regiodocs::render::xlsx::overzicht(&p, &b, &d).unwrap();
    let o2 = regiodocs::render::xlsx::overzicht(&p, &b, &d).unwrap();
    assert_eq!(o1, o2);
    let core = zip_entry(&one, "docProps/core.xml");
    let date = p
        .parameters
        .versiedatum
        .unwrap()
        .format("%Y-%m-%d")
        .to_string();
    assert!(core.contains(&format!("{date}T00:00:00Z")), "{core}");
    let wbxml = zip_entry(&one, "xl/workbook.xml");
    for name in [
        "Indexatie",
        "Startjaar",
        "Totaal_kosten",
        "Totaal_niet_gedekt",
    ] {
        assert!(
            wbxml.contains(&format!("name=\"{name}\"")),
            "{name}: {wbxml}"
        );
    }
    // A native chart and Excel tables are present.
    let z = zip::ZipArchive::new(Cursor::new(&one[..])).unwrap();
    let names: Vec<String> = z
        .file_names()
        .filter_map(|n| n.ok())
        .map(|n| n.to_string())
        .collect();
    assert!(
        names.iter().any(|n| n.starts_with("xl/charts/chart")),
        "{names:?}"
    );
    assert!(names.iter().filter(|n| n.starts_with("xl/tables/")).count() >= 5);
}

#[test]
fn text_from_the_inputs_is_never_a_formula() {
    let mut fx = fixtures::Project::valid();
    let evil = "=HYPERLINK(\"http://example.invalid\",\"klik\")";
    fx.sheet("Kostenregels").set("Kostenpost", 1, evil);
    fx.sheet("Kostenregels").set("Omschrijving", 1, "+1+1");
    fx.sheet("Financieringsbronnen").set("Naam", 1, "@SUM(A1)");
    let dir = fx.write();
    let c = regiodocs::pipeline::check(dir.path());
    let (p, b) = (c.project.unwrap(), c.budget.unwrap());
    let bytes = regiodocs::render::xlsx::begroting(&p, &b, &Scope::Regio, &c.diagnostics).unwrap();
    let mut wb = open(&bytes);
    let k = sheet(&mut wb, "Kostenregels");
    let f = wb.worksheet_formula("Kostenregels").unwrap();
    let r = row_of(&k, col(&k, "Kostenpost"), evil);
    assert_eq!(
        k.get((r, col(&k, "Omschrijving"))).unwrap(),
        &Data::String("+1+1".into())
    );
    let abs = (r as u32, col(&k, "Kostenpost") as u32);
    assert!(
        f.get_value(abs).is_none_or(|s| s.is_empty()),
        "{:?}",
        f.get_value(abs)
    );
    let s = sheet(&mut wb, "Samenvatting");
    row_of(&s, 0, "@SUM(A1)");
    row_of(&s, 0, evil);
}

/// Every formula cell of `ours`, with the value LibreOffice computed for it in `theirs`.
fn compare_recalculated(ours: &[u8], theirs: &[u8]) -> usize {
    let mut a = open(ours);
    let mut b = open(theirs);
    let mut checked = 0;
    for name in a.sheet_names() {
        let fa = a.worksheet_formula(&name).unwrap();
        let va = a.worksheet_range(&name).unwrap();
        let vb = b.worksheet_range(&name).unwrap();
        for (r, c, f) in fa.used_cells() {
            if f.is_empty() {
                continue;
            }
            let pos = (
                fa.start().unwrap().0 + r as u32,
                fa.start().unwrap().1 + c as u32,
            );
            let mine = va.get_value(pos).cloned().unwrap_or(Data::Empty);
            let lo = vb.get_value(pos).cloned().unwrap_or(Data::Empty);
            if let Data::Error(e) = &lo {
                panic!("{name}!{pos:?} = {f}: LibreOffice gives {e:?}");
            }
            let m = match mine {
                Data::Float(_) | Data::Int(_) => dec(&mine),
                _ => continue,
            };
            let l = match &lo {
                Data::Float(_) | Data::Int(_) => dec(&lo),
                Data::Empty => Decimal::ZERO,
                other => panic!("{name}!{pos:?} = {f}: LibreOffice gives {other:?}"),
            };
            assert_eq!(m, l, "{name}!{pos:?} = {f}");
            checked += 1;
        }
    }
    checked
}

fn soffice() -> Option<&'static str> {
    have("soffice").then_some("soffice")
}

/// Converts with a LibreOffice profile that forces recalculation on load.
fn recalculate(bin: &str, files: &[(&str, Vec<u8>)]) -> Vec<Vec<u8>> {
    let tmp = tempfile::tempdir().unwrap();
    let profile = tmp.path().join("profile");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    let input = tmp.path().join("in");
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&input).unwrap();
    let mut args = vec![
        format!("-env:UserInstallation=file://{}", profile.display()),
        "--headless".into(),
        "--calc".into(),
        "--convert-to".into(),
        "xlsx".into(),
        "--outdir".into(),
        out.display().to_string(),
    ];
    for (name, bytes) in files {
        let path = input.join(name);
        std::fs::write(&path, bytes).unwrap();
        args.push(path.display().to_string());
    }
    let o = Command::new(bin).args(&args).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    files
        .iter()
        .map(|(name, _)| {
            std::fs::read(out.join(name)).unwrap_or_else(|e| {
                panic!(
                    "{name}: {e}; {}{}",
                    String::from_utf8_lossy(&o.stdout),
                    String::from_utf8_lossy(&o.stderr)
                )
            })
        })
        .collect()
}

#[test]
fn libreoffice_recalculates_exactly_the_same_numbers() {
    let Some(bin) = soffice() else {
        eprintln!("LibreOffice (soffice) ontbreekt: herberekening niet getest");
        return;
    };
    let (p, b, d) = foodvalley();
    let mut files = vec![(
        "regio.xlsx".to_string(),
        regiodocs::render::xlsx::begroting(&p, &b, &Scope::Regio, &d).unwrap(),
    )];
    for code in &b.deelnemers {
        files.push((
            format!("{code}.xlsx"),
            regiodocs::render::xlsx::begroting(&p, &b, &Scope::Gemeente(code.clone()), &d).unwrap(),
        ));
    }
    files.push((
        "overzicht.xlsx".into(),
        regiodocs::render::xlsx::overzicht(&p, &b, &d).unwrap(),
    ));
    // A project with a gap, over-coverage, indexation and a fixed key as well.
    let mut fx = fixtures::Project::valid();
    fx.sheet("Parameters").set_field("Indexatie", "2,5");
    fx.sheet("Dekking").set("Percentage", 1, "80%");
    fx.sheet("Dekking")
        .push(vec!["K2".into(), "B-GEM".into(), "10".into()]);
    let dir = fx.write();
    let c = regiodocs::pipeline::check(dir.path());
    let (fp, fb) = (c.project.unwrap(), c.budget.unwrap());
    files.push((
        "fixture.xlsx".into(),
        regiodocs::render::xlsx::begroting(&fp, &fb, &Scope::Regio, &c.diagnostics).unwrap(),
    ));
    // Exact half cents, where binary floating point is most likely to round differently:
    // 1000 × 1,025² = 1050,625 → 1050,63; 0,5 × € 0,01 = 0,005 → 0,01; shared by inwoners.
    let tricky =
        |rate_cents: i64, quantities: Vec<u32>, regional: bool| crate::budget::RandomLine {
            regional,
            gemeente: 0,
            structural: true,
            rate_cents,
            quantities,
            key: 0,
            coverage: vec![(true, 50, 0)],
            in_natura: false,
        };
    let base = crate::budget::BASE.with(|b| b.clone());
    let rp = crate::budget::random_project(
        &base,
        &[3, 1, 7],
        &[
            tricky(100_000, vec![10, 10, 10], true),
            tricky(1, vec![5, 15, 25], false),
            tricky(33_335, vec![30, 1, 7], true),
        ],
        25,
    );
    let rb = Budget::compute(&rp);
    assert_eq!(rb.regels[0].per_jaar[&2029], Decimal::new(105063, 2));
    assert_eq!(rb.regels[1].per_jaar[&2027], Decimal::new(1, 2));
    let none = regiodocs::diag::Diagnostics::new();
    files.push((
        "halve-centen.xlsx".into(),
        regiodocs::render::xlsx::begroting(&rp, &rb, &Scope::Regio, &none).unwrap(),
    ));
    // A control file with a wrong cached result proves that LibreOffice recalculated.
    let mut control = rust_xlsxwriter::Workbook::new();
    control
        .add_worksheet()
        .write_formula(0, 0, rust_xlsxwriter::Formula::new("=1+1").set_result("3"))
        .unwrap();
    files.push(("control.xlsx".into(), control.save_to_buffer().unwrap()));
    let refs: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let recalculated = recalculate(bin, &refs);
    let mut c = open(recalculated.last().unwrap());
    let first = c.sheet_names()[0].clone();
    assert_eq!(
        c.worksheet_range(&first).unwrap().get_value((0, 0)),
        Some(&Data::Float(2.0)),
        "LibreOffice did not recalculate"
    );
    for ((name, ours), theirs) in files.iter().zip(&recalculated).take(files.len() - 1) {
        let n = compare_recalculated(ours, theirs);
        assert!(n > 10, "{name}: only {n} formulas compared");
    }
}

#[test]
fn findings_are_counted_for_the_municipality_they_concern() {
    let mut fx = fixtures::Project::valid();
    // A municipal line with a gap (R19 marked for GM0345) and one whose row is the only link
    // to the municipality (an unknown key on a municipal line: F20 at its row).
    fx.sheet("Kostenregels").push(vec![
        "K3".into(),
        "Projectleider".into(),
        V::E,
        "GM0345".into(),
        "structureel".into(),
        "uur".into(),
        V::N(80.0),
        V::N(10.0),
        V::N(10.0),
        "S-ONBEKEND".into(),
        V::E,
        V::E,
    ]);
    let dir = fx.write();
    let c = regiodocs::pipeline::check(dir.path());
    let (p, b) = (c.project.unwrap(), c.budget.unwrap());
    let of = |code: &str| {
        c.diagnostics
            .iter()
            .filter(|d| regiodocs::render::xlsx::gemeente_van(&p, d).as_deref() == Some(code))
            .map(|d| (d.code.as_str(), d.severity))
            .collect::<Vec<_>>()
    };
    let veen = of("GM0345");
    assert!(
        veen.contains(&("R19", regiodocs::diag::Severity::Warning)),
        "{veen:?}"
    );
    assert!(
        veen.contains(&("F20", regiodocs::diag::Severity::Error)),
        "{veen:?}"
    );
    assert!(of("GM0228").iter().all(|(c, _)| *c != "F20"));
    let bytes = regiodocs::render::xlsx::overzicht(&p, &b, &c.diagnostics).unwrap();
    let mut wb = open(&bytes);
    let o = sheet(&mut wb, "Overzicht");
    let r = row_of(&o, 0, "GM0345");
    let errors = veen
        .iter()
        .filter(|(_, s)| *s == regiodocs::diag::Severity::Error)
        .count();
    assert_eq!(
        o.get((r, col(&o, "Fouten"))).unwrap(),
        &Data::Float(errors as f64)
    );
    assert_eq!(
        o.get((r, col(&o, "Waarschuwingen"))).unwrap(),
        &Data::Float((veen.len() - errors) as f64)
    );
    assert_eq!(
        o.get((r, col(&o, "Dekking"))).unwrap().to_string(),
        "tekort"
    );
    // Ede's begroting lists no finding that concerns only Veenendaal.
    let bytes = regiodocs::render::xlsx::begroting(
        &p,
        &b,
        &Scope::Gemeente("GM0228".into()),
        &c.diagnostics,
    )
    .unwrap();
    let mut wb = open(&bytes);
    let k = sheet(&mut wb, "Controles");
    let gemeente_col = (0..k.height())
        .find_map(|i| {
            (0..k.width())
                .find(|&c| k.get((i, c)).map(|d| d.to_string()).as_deref() == Some("Gemeente"))
        })
        .unwrap();
    for i in 0..k.height() {
        assert_ne!(
            k.get((i, gemeente_col)).map(|d| d.to_string()).as_deref(),
            Some("GM0345")
        );
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 12, ..Default::default() })]

    #[test]
    fn stored_amounts_and_shares_equal_the_engine_for_random_budgets(
        pops in proptest::collection::vec(1u64..300_000, 2..12),
        lines in proptest::collection::vec(crate::budget::line_strategy(), 1..12),
        index in 0u8..50,
    ) {
        let base = crate::budget::BASE.with(|b| b.clone());
        let p = crate::budget::random_project(&base, &pops, &lines, index);
        let b = Budget::compute(&p);
        let d = regiodocs::diag::Diagnostics::new();
        let bytes = regiodocs::render::xlsx::begroting(&p, &b, &Scope::Regio, &d).unwrap();
        let mut wb = open(&bytes);
        let k = sheet(&mut wb, "Kostenregels");
        for (li, line) in b.regels.iter().enumerate() {
            for y in &b.jaren {
                let v = dec(k.get((li + 1, col(&k, &format!("Bedrag {y}")))).unwrap());
                proptest::prop_assert_eq!(v, line.per_jaar[y]);
            }
        }
        let a = sheet(&mut wb, "Aandelen");
        let mut r = 1;
        for line in &b.regels {
            let Some(v) = &line.verdeling else { continue };
            for g in 0..b.deelnemers.len() {
                proptest::prop_assert_eq!(
                    a.get((r, col(&a, "CBS-code"))).unwrap().to_string(),
                    b.deelnemers[g].clone()
                );
                for (yi, y) in b.jaren.iter().enumerate() {
                    let bruto = dec(a.get((r, col(&a, &format!("Aandeel {y}")))).unwrap());
                    let zelf = dec(a.get((r, col(&a, &format!("Zelf {y}")))).unwrap());
                    proptest::prop_assert_eq!(bruto, v.bruto(g, yi));
                    proptest::prop_assert_eq!(zelf, v.netto(g, yi));
                }
                r += 1;
            }
        }
        let s = sheet(&mut wb, "Samenvatting");
        let row = row_of(&s, 0, "Door gemeenten te dragen");
        for (yi, y) in b.jaren.iter().enumerate() {
            proptest::prop_assert_eq!(
                dec(s.get((row, 1 + yi)).unwrap()),
                b.regio.per_jaar[y] - b.regio.extern_[y]
            );
        }
    }
}
