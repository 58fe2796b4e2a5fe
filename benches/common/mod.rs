//! Helpers shared by the benchmarks: timing, peak memory, and the synthetic region with all
//! 342 municipalities of the embedded CBS list and any number of cost lines.
//!
//! Each bench includes this file with `mod common;`; not every bench uses every helper.
#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

pub fn rows(ws: &mut Worksheet, rows: &[Vec<String>]) -> Result<(), XlsxError> {
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

pub fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// One region with every municipality of the CBS list participating.
pub fn write_national(dir: &Path, lines: usize, years: i32) -> Result<(), XlsxError> {
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
        dekking.push(vec![format!("K{i:05}"), "B-GEM".into(), "100".into()]);
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
