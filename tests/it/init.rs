//! `regiodocs init`: the committed example, the empty workbooks and overwrite protection.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use regiodocs::diag::{Code, Diagnostics};
use regiodocs::ingest::{Workbook, normalize};
use regiodocs::schema::{self, Kind, Layout, Years};
use regiodocs::workbooks::{self, InitError};

const REGENERATE: &str =
    "cargo run -- init inputs/foodvalley --voorbeeld --overschrijven --zonder-templates";

fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/foodvalley")
}

fn codes(diags: &Diagnostics) -> Vec<String> {
    diags.iter().map(|d| d.code.to_string()).collect()
}

fn warning_counts(diags: &Diagnostics) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for d in diags.iter().filter(|d| !d.is_error()) {
        *counts.entry(d.code.to_string()).or_insert(0) += 1;
    }
    counts
}

#[test]
fn voorbeeld_is_identical_to_the_committed_example() {
    let tmp = tempfile::tempdir().unwrap();
    let written = workbooks::init(tmp.path(), true, false).unwrap();
    assert_eq!(written.len(), 2);
    for path in written {
        let name = path.file_name().unwrap();
        let committed = example_dir().join(name);
        let fresh = std::fs::read(&path).unwrap();
        let old = std::fs::read(&committed).unwrap_or_default();
        assert!(
            fresh == old,
            "{} differs from what `regiodocs init --voorbeeld` writes now; regenerate it with `{REGENERATE}` and commit the result",
            committed.display()
        );
    }
}

#[test]
fn init_writes_the_same_bytes_twice() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for voorbeeld in [false, true] {
        let wa = workbooks::init(a.path(), voorbeeld, true).unwrap();
        let wb = workbooks::init(b.path(), voorbeeld, true).unwrap();
        for (x, y) in wa.iter().zip(&wb) {
            assert_eq!(std::fs::read(x).unwrap(), std::fs::read(y).unwrap());
        }
    }
}

#[test]
fn the_example_checks_without_errors_and_with_the_expected_warnings() {
    let checked = regiodocs::pipeline::check(&example_dir());
    let d = &checked.diagnostics;
    let errors: Vec<String> = d
        .iter()
        .filter(|x| x.is_error())
        .map(|x| x.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "the example has errors:\n{}",
        errors.join("\n")
    );
    let want: BTreeMap<String, usize> =
        [("R01", 2), ("R03", 1), ("R18", 3), ("R19", 1), ("R21", 1)]
            .into_iter()
            .map(|(c, n)| (c.to_string(), n))
            .collect();
    assert_eq!(warning_counts(d), want, "warnings: {:?}", codes(d));

    let p = checked.project.expect("the example reads into a project");
    assert_eq!(p.regio.naam, "Regio Foodvalley");
    assert_eq!(p.gemeenten.len(), 8);
    assert_eq!(p.deelnemers().count(), 7);
    // Two municipalities without a population figure: it comes from the CBS list.
    assert_eq!(p.gemeenten.iter().filter(|g| g.inwoners_uit_cbs).count(), 2);
    for g in &p.gemeenten {
        let cbs = regiodocs::cbs::gemeente(&g.code).unwrap();
        assert_eq!(g.naam, cbs.naam);
        assert_eq!(g.inwoners, Some(cbs.inwoners));
    }
    assert_eq!(p.regio.versie, p.parameters.versie);
    assert_eq!(p.regio.versiedatum, p.parameters.versiedatum);
    assert_eq!(p.parameters.jaren(), vec![2027, 2028, 2029, 2030]);
    assert_eq!(p.parameters.indexatie, rust_decimal::Decimal::new(25, 1));
    assert!((15..=20).contains(&p.kostenregels.len()));
    // Every field of input format 1.1 is filled in somewhere.
    assert!(p.regio.penvoerder.is_some() && p.regio.implementatiefase.is_some());
    assert!(
        p.gemeenten
            .iter()
            .any(|g| g.besluitdatum.is_some() && g.overgewicht.is_some())
    );
    assert!(
        p.partijen
            .iter()
            .all(|x| x.afgestemd_op.is_some() || x.org == "ORG-JOGG")
    );
    assert!(p.rollen.iter().all(|r| r.niveau.is_some()));
    assert!(p.rollen.iter().any(|r| r.contractvorm.is_some()));
    assert!(p.doelen.iter().all(|d| d.termijn.is_some()));
    assert!(
        p.risicos
            .iter()
            .any(|r| r.soort == regiodocs::vocab::RisicoSoort::Kans)
    );
    assert!(p.mijlpalen.iter().all(|m| m.fase.is_some()));
    assert!(
        p.randvoorwaarden
            .iter()
            .filter(|r| !r.voldaan)
            .all(|r| r.eigenaar.is_some() && r.gereed_op.is_some())
    );
    assert!(
        p.kostenregels
            .iter()
            .all(|k| k.rol.is_some() || k.voor_rol().is_none())
    );
    assert_eq!(p.parameters.werkweken, 40);
    assert_eq!(p.czv.len(), 5);
}

#[test]
fn empty_workbooks_have_every_sheet_and_header_and_read_back_without_format_errors() {
    let tmp = tempfile::tempdir().unwrap();
    workbooks::init(tmp.path(), false, false).unwrap();
    let years: Vec<String> = (2027..=2030).map(|y| y.to_string()).collect();
    for spec in schema::WORKBOOKS {
        let wb = Workbook::open(&tmp.path().join(format!("{}.xlsx", spec.stem))).unwrap();
        assert_eq!(wb.sheets[0].name, "Instructie");
        for sheet in spec.sheets {
            let raw = wb
                .sheet(sheet.name)
                .unwrap_or_else(|| panic!("{}: sheet {} missing", spec.stem, sheet.name));
            let headers: Vec<String> = match sheet.layout {
                Layout::Table => (0..raw.width).map(|c| raw.get(0, c).display()).collect(),
                Layout::KeyValue => (0..raw.height).map(|r| raw.get(r, 0).display()).collect(),
            };
            let has = |name: &str| headers.iter().any(|h| normalize(h) == normalize(name));
            for c in sheet.columns {
                assert!(
                    has(c.name),
                    "{}: {} lacks {}",
                    spec.stem,
                    sheet.name,
                    c.name
                );
            }
            if sheet.years != Years::None {
                for y in &years {
                    assert!(has(y), "{}: year column {y} missing", sheet.name);
                }
            }
        }
    }
    let checked = regiodocs::pipeline::check(tmp.path());
    let format_errors: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| {
            matches!(
                d.code,
                Code::TabbladOntbreekt
                    | Code::KolomOntbreekt
                    | Code::OnbekendeKolom
                    | Code::DubbeleKolom
                    | Code::OnbekendVeld
                    | Code::DubbelVeld
                    | Code::OngeldigJaar
            )
        })
        .map(|d| d.to_string())
        .collect();
    assert!(format_errors.is_empty(), "{}", format_errors.join("\n"));
    assert!(checked.project.is_some());
}

/// The XML of a worksheet: sheet 1 is the instruction sheet, then the schema's sheets.
fn sheet_xml(path: &Path, index: usize) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    zip.by_name(&format!("xl/worksheets/sheet{}.xml", index + 2))
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[test]
fn empty_workbooks_have_drop_down_lists_for_every_enumerated_column() {
    let tmp = tempfile::tempdir().unwrap();
    workbooks::init(tmp.path(), false, false).unwrap();
    let stakeholders = tmp.path().join("stakeholders.xlsx");
    let gemeenten = schema::STAKEHOLDERS
        .sheets
        .iter()
        .position(|s| s.name == "Gemeenten")
        .unwrap();
    let xml = sheet_xml(&stakeholders, gemeenten);
    assert!(xml.contains("<dataValidation "), "no data validation");
    assert!(
        xml.contains("\"deelnemend,verkennend,niet\""),
        "no list for Deelname"
    );
    for spec in schema::WORKBOOKS {
        let path = tmp.path().join(format!("{}.xlsx", spec.stem));
        for (i, sheet) in spec.sheets.iter().enumerate() {
            let xml = sheet_xml(&path, i);
            for c in sheet.columns {
                let list = match c.kind {
                    Kind::Enum(labels) => labels.join(","),
                    Kind::YesNo => "ja,nee".to_string(),
                    _ => continue,
                };
                let formula = format!("<formula1>\"{}\"</formula1>", xml_escape(&list));
                assert!(
                    xml.contains(&formula),
                    "{}: {} › {} has no drop-down list {list}",
                    spec.stem,
                    sheet.name,
                    c.name
                );
            }
        }
    }
}

#[test]
fn init_refuses_to_overwrite_without_overschrijven() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_regiodocs");
    let first = Command::new(bin)
        .args(["init", "--voorbeeld"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(first.status.code(), Some(0));
    // The built-in templates are copied into the project, where they override the built-in
    // ones; a user's edit is kept on a second init without --overschrijven.
    for (name, text) in regiodocs::template::BUILTIN {
        let copy = std::fs::read_to_string(tmp.path().join("templates").join(name)).unwrap();
        assert_eq!(&copy, text, "{name}");
    }
    let own = tmp.path().join("templates/plan.md");
    std::fs::write(&own, "# Mijn eigen plan\n").unwrap();
    let stakeholders = tmp.path().join("stakeholders.xlsx");
    let financien = tmp.path().join("financien.xlsx");
    std::fs::write(&stakeholders, b"mijn eigen werk").unwrap();
    let financien_before = std::fs::read(&financien).unwrap();

    let again = Command::new(bin)
        .arg("init")
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("fout:"), "{stderr}");
    assert!(stderr.contains("--overschrijven"), "{stderr}");
    assert_eq!(std::fs::read(&stakeholders).unwrap(), b"mijn eigen werk");
    assert_eq!(std::fs::read(&financien).unwrap(), financien_before);
    // No temporary files are left behind (two workbooks and the templates folder).
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 3);
    assert_eq!(
        std::fs::read_to_string(&own).unwrap(),
        "# Mijn eigen plan\n"
    );

    let forced = Command::new(bin)
        .args(["init", "--overschrijven"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(forced.status.code(), Some(0));
    assert_ne!(std::fs::read(&stakeholders).unwrap(), b"mijn eigen werk");
}

#[test]
fn init_refuses_a_workbook_in_another_format_even_with_overschrijven() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("financien.ods"), b"oud").unwrap();
    let err = workbooks::init(tmp.path(), false, true).unwrap_err();
    assert!(matches!(err, InitError::AnderFormaat { .. }), "{err}");
    assert!(err.to_string().contains("financien.ods"));
    assert!(!tmp.path().join("stakeholders.xlsx").exists());
    let err = workbooks::init(tmp.path(), false, false).unwrap_err();
    assert!(matches!(err, InitError::BestaatAl { .. }), "{err}");
}

#[test]
fn init_creates_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nieuw").join("project");
    let written = workbooks::init(&dir, false, false).unwrap();
    assert_eq!(
        written,
        vec![dir.join("stakeholders.xlsx"), dir.join("financien.xlsx")]
    );
}
