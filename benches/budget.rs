//! Benchmark of the budget engine and the XLSX budgets.
//!
//! - `Budget::compute` for a synthetic region with all 342 municipalities participating
//!   and 10,000 cost lines (1,000 of them regional, shared by population) over 5 years; the
//!   target is at most 500 ms;
//! - writing `begroting.xlsx` (region and one municipality) and `overzicht.xlsx` for the
//!   Foodvalley example.
//!
//! Run with `cargo bench --bench budget`; it prints the median and minimum of several runs.

use std::path::Path;
use std::time::{Duration, Instant};

use regiodocs::budget::Budget;
use regiodocs::model::Scope;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = std::env::temp_dir().join("regiodocs-bench-budget");
    std::fs::create_dir_all(&tmp)?;
    write_national(&tmp, 10_000, 5)?;
    let (p, _) = regiodocs::model::load(&tmp);
    let p = p.ok_or("synthetic project could not be read")?;
    let b = time(
        "Budget::compute 342 gemeenten, 10.000 kostenregels, 5 jaar",
        7,
        || Budget::compute(&p),
    );
    let shared = b.regels.iter().filter(|l| l.verdeling.is_some()).count();
    println!(
        "  {} regels, waarvan {shared} regionaal verdeeld over {} gemeenten",
        b.regels.len(),
        b.deelnemers.len()
    );
    let xlsx = time("begroting.xlsx 342 gemeenten (regio)", 1, || {
        regiodocs::render::xlsx::begroting(&p, &b, &Scope::Regio, &Default::default())
    })?;
    println!("  {} kB", xlsx.len() / 1024);

    let checked = regiodocs::pipeline::check(&root.join("inputs/foodvalley"));
    let (p, b) = (
        checked.project.ok_or("foodvalley")?,
        checked.budget.ok_or("foodvalley")?,
    );
    let d = checked.diagnostics;
    time("Budget::compute inputs/foodvalley", 50, || {
        Budget::compute(&p)
    });
    let bytes = time("begroting.xlsx inputs/foodvalley (regio)", 20, || {
        regiodocs::render::xlsx::begroting(&p, &b, &Scope::Regio, &d)
    })?;
    println!("  {} kB", bytes.len() / 1024);
    let code = b.deelnemers[0].clone();
    time(
        &format!("begroting.xlsx inputs/foodvalley ({code})"),
        20,
        || regiodocs::render::xlsx::begroting(&p, &b, &Scope::Gemeente(code.clone()), &d),
    )?;
    time("overzicht.xlsx inputs/foodvalley", 20, || {
        regiodocs::render::xlsx::overzicht(&p, &b, &d)
    })?;
    Ok(())
}

fn time<T>(name: &str, runs: usize, mut f: impl FnMut() -> T) -> T {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let v = f();
        times.push(t.elapsed());
        last = Some(v);
    }
    times.sort();
    println!(
        "{name}: median {:.1} ms, min {:.1} ms over {runs} runs",
        ms(times[runs / 2]),
        ms(times[0])
    );
    last.expect("at least one run")
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn rows(ws: &mut Worksheet, rows: &[Vec<String>]) -> Result<(), XlsxError> {
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            match v.parse::<f64>() {
                Ok(n) if !v.starts_with("GM") => ws.write_number(r as u32, c as u16, n)?,
                _ => ws.write_string(r as u32, c as u16, v)?,
            };
        }
    }
    Ok(())
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// One region with every municipality of the CBS list participating.
fn write_national(dir: &Path, lines: usize, years: i32) -> Result<(), XlsxError> {
    let gm = regiodocs::cbs::all();
    let mut wb = Workbook::new();
    let sheets: Vec<(&str, Vec<Vec<String>>)> = vec![
        (
            "Regio",
            vec![
                s(&["Regionaam", "Nederland"]),
                s(&["Startdatum", "01-01-2027"]),
                s(&["Einddatum", "31-12-2031"]),
                s(&["Versie", "1.0"]),
                s(&["Versiedatum", "15-11-2026"]),
            ],
        ),
        ("Gemeenten", {
            let mut v = vec![s(&["CBS-code", "Gemeente", "Deelname"])];
            v.extend(
                gm.iter()
                    .map(|g| vec![g.code.clone(), g.naam.clone(), "deelnemend".into()]),
            );
            v
        }),
        ("Organisaties", {
            let mut v = vec![s(&["Org-ID", "Naam", "Type", "CBS-code"])];
            v.extend(gm.iter().map(|g| {
                vec![
                    format!("O-{}", g.code),
                    format!("Gemeente {}", g.naam),
                    "gemeente".into(),
                    g.code.clone(),
                ]
            }));
            v
        }),
        ("Personen", {
            let mut v = vec![s(&[
                "Persoon-ID",
                "Naam",
                "Functie",
                "Org-ID",
                "Tekenbevoegd",
            ])];
            v.extend(gm.iter().map(|g| {
                vec![
                    format!("P-{}", g.code),
                    format!("Wethouder {}", g.naam),
                    "wethouder".into(),
                    format!("O-{}", g.code),
                    "ja".into(),
                ]
            }));
            v
        }),
        ("Rollen", {
            let mut v = vec![s(&["Rol", "Persoon-ID", "Scope", "Uren per week"])];
            v.push(s(&["regiocoördinator", "P-GM0228", "regio", "24"]));
            v.extend(gm.iter().map(|g| {
                vec![
                    "projectleider".into(),
                    format!("P-{}", g.code),
                    g.code.clone(),
                    "8".into(),
                ]
            }));
            v
        }),
        ("Partijen", {
            let mut v = vec![s(&[
                "Overeenkomst",
                "Org-ID",
                "Rol in de aanpak",
                "Verantwoordelijkheden",
                "Bijdrage",
                "Ondertekenaar",
            ])];
            v.extend(gm.iter().map(|g| {
                vec![
                    "regio".into(),
                    format!("O-{}", g.code),
                    "opdrachtgever".into(),
                    "beleid\nfinanciering".into(),
                    "uren".into(),
                    format!("P-{}", g.code),
                ]
            }));
            v
        }),
        (
            "Mijlpalen",
            vec![
                s(&["Soort", "Datum", "Omschrijving", "Criteria"]),
                s(&["go/no-go", "01-07-2027", "Besluit", "draagvlak"]),
            ],
        ),
        ("Doelen", vec![s(&["Doel"]), s(&["Gezonder gewicht"])]),
        (
            "Risicos",
            vec![
                s(&["Omschrijving", "Maatregel"]),
                s(&["Geld stopt", "borgen"]),
            ],
        ),
        ("Randvoorwaarden", {
            let mut v = vec![s(&["Scope", "Randvoorwaarde", "Voldaan"])];
            v.extend(
                regiodocs::vocab::RANDVOORWAARDEN
                    .iter()
                    .map(|r| vec!["regio".into(), r.to_string(), "ja".into()]),
            );
            v
        }),
    ];
    for (name, data) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        rows(ws, &data)?;
    }
    wb.save(dir.join("stakeholders.xlsx"))?;

    let mut wb = Workbook::new();
    let first = 2027;
    let mut kosten = vec![{
        let mut h = s(&[
            "Regel-ID",
            "Kostenpost",
            "Scope",
            "Soort",
            "Eenheid",
            "Tarief",
        ]);
        h.extend((0..years).map(|y| (first + y).to_string()));
        h
    }];
    let mut dekking = vec![s(&["Regel-ID", "Bron-ID", "Percentage"])];
    for i in 0..lines {
        let scope = if i % 10 == 0 {
            "regio".to_string()
        } else {
            gm[i % gm.len()].code.clone()
        };
        let soort = if i % 3 == 0 {
            "incidenteel"
        } else {
            "structureel"
        };
        let mut row = vec![
            format!("K{i:05}"),
            "Projectleider".into(),
            scope,
            soort.into(),
            "uur".into(),
            format!("{}.5", 80 + i % 20),
        ];
        row.extend((0..years).map(|y| format!("{}", 100 + (i as i32 + y) % 50)));
        kosten.push(row);
        if i % 4 == 0 {
            dekking.push(vec![format!("K{i:05}"), "B-GEM".into(), "50".into()]);
            dekking.push(vec![format!("K{i:05}"), "B-SPUK".into(), "50".into()]);
        } else {
            dekking.push(vec![format!("K{i:05}"), "B-GEM".into(), "100".into()]);
        }
    }
    let sheets: Vec<(&str, Vec<Vec<String>>)> = vec![
        (
            "Parameters",
            vec![
                s(&["Startjaar", "2027"]),
                s(&["Aantal jaren", &years.to_string()]),
                s(&["Indexatie", "2,5"]),
                s(&["Versie", "1.0"]),
                s(&["Versiedatum", "15-11-2026"]),
            ],
        ),
        ("Kostenregels", kosten),
        (
            "Financieringsbronnen",
            vec![
                s(&["Bron-ID", "Naam", "Soort"]),
                s(&["B-GEM", "Gemeenten", "gemeente"]),
                s(&["B-SPUK", "SPUK GALA", "SPUK/GALA"]),
            ],
        ),
        ("Dekking", dekking),
        (
            "Verdeelsleutels",
            vec![
                s(&["Sleutel-ID", "Methode", "Standaard"]),
                s(&["S-INW", "inwoners", "ja"]),
            ],
        ),
    ];
    for (name, data) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        rows(ws, &data)?;
    }
    wb.save(dir.join("financien.xlsx"))?;
    Ok(())
}
