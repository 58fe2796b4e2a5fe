//! The archive of final versions, the change report and the redlined DOCX (issue 13): a
//! final build is archived once; the same version with other content is refused and
//! nothing is written; a new version is archived beside it, and its change report and
//! redlines show exactly what moved.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use regiodocs::changes::{Basis, BedragSoort};
use regiodocs::pipeline::{
    BuildError, BuildOptions, BuildReport, Engine, Project as Target, build,
};
use rust_decimal::Decimal;

use crate::fixtures::{Project, V};
use crate::util::{files, have, zip_entry};

/// The valid project as a final version 1.0, with populations that split the regional
/// costs 60/40 between Ede and Veenendaal (so the shares can be worked out by hand).
fn final_project() -> Project {
    let mut p = Project::valid();
    p.sheet("Regio").set_field("Status", "definitief");
    p.sheet("Gemeenten")
        .set("Inwoners", 1, V::N(120_000.0))
        .set("Inwoners", 2, V::N(80_000.0));
    p
}

/// The same project with K1's rate raised from € 95,50 to € 97,00 per hour.
fn new_rate(p: &mut Project) {
    p.sheet("Kostenregels").set("Tarief", 1, V::N(97.0));
}

/// Version `versie` of `date` (in both workbooks).
fn version(p: &mut Project, versie: &str, day: u8) {
    for sheet in ["Regio", "Parameters"] {
        p.sheet(sheet)
            .set_field("Versie", versie)
            .set_field("Versiedatum", V::D(2026, 12, day));
    }
}

fn try_build(map: &Path, uit: &Path) -> Result<BuildReport, BuildError> {
    build(
        &Engine::new(),
        &[Target::new(map, uit)],
        &BuildOptions::default(),
        &|_| {},
    )
    .remove(0)
}

fn build_ok(map: &Path, uit: &Path) -> BuildReport {
    try_build(map, uit).unwrap_or_else(|e| panic!("build failed: {e}"))
}

/// The files of `tree` under `prefix` (the prefix removed).
fn under(tree: &BTreeMap<String, Vec<u8>>, prefix: &str) -> BTreeMap<String, Vec<u8>> {
    tree.iter()
        .filter_map(|(k, v)| Some((k.strip_prefix(prefix)?.to_string(), v.clone())))
        .collect()
}

/// One changed amount: kind, key, year, old, new, difference.
type Row<'a> = (
    BedragSoort,
    &'a str,
    i32,
    Option<Decimal>,
    Option<Decimal>,
    Decimal,
);

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn a_final_version_is_archived_once_refused_when_changed_and_its_successor_reports_the_changes() {
    let mut p = final_project();
    let dir = p.write();
    let uit = dir.path().join("uit");

    // Version 1.0: made whole and archived with its documents, workbooks and manifest.
    let first = build_ok(dir.path(), &uit);
    assert!(first.geweigerd.is_empty(), "{:?}", first.geweigerd);
    let a = first.archief.as_ref().expect("archived");
    assert!(
        a.nieuw && a.versie == "1.0" && a.map == "archief/1.0",
        "{a:?}"
    );
    let tree = files(&uit);
    let v1 = under(&tree, "archief/1.0/");
    for f in [
        "archief.json",
        "manifest.json",
        "momentopname.json",
        "regio/samenwerkingsovereenkomst.pdf",
        "regio/samenwerkingsovereenkomst.docx",
        "regio/begroting.xlsx",
        "overzicht.xlsx",
        "ir/regio/samenwerkingsovereenkomst.json",
    ] {
        assert!(v1.contains_key(f), "{f} not archived: {:?}", v1.keys());
    }
    for rel in [
        "regio/samenwerkingsovereenkomst.pdf",
        "regio/begroting.xlsx",
        "overzicht.xlsx",
    ] {
        assert_eq!(v1[rel], tree[rel], "archived {rel} differs from the output");
    }
    for wb in ["stakeholders.xlsx", "financien.xlsx"] {
        assert_eq!(
            v1[&format!("invoer/{wb}")],
            std::fs::read(dir.path().join(wb)).unwrap(),
            "{wb} archived as read"
        );
    }
    assert!(
        !tree.contains_key("wijzigingen.xlsx"),
        "nothing to compare with yet"
    );

    // The same build again: a no-op, for the archive and for the outputs.
    let again = build_ok(dir.path(), &uit);
    assert!(again.geschreven.is_empty(), "{:?}", again.geschreven);
    assert!(!again.archief.as_ref().unwrap().nieuw);
    assert!(again.wijzigingen.iter().all(|v| v.wijzigingen.is_empty()));
    assert_eq!(files(&uit), tree, "byte-identical on re-run");

    // A changed rate under the same version number: refused, nothing written.
    new_rate(&mut p);
    p.write_to(dir.path());
    let err = try_build(dir.path(), &uit).expect_err("refused");
    let message = err.to_string();
    for part in [
        "versie 1.0 is al definitief gemaakt en staat in het archief (archief/1.0)",
        "Stukken anders: gemeenten/GM0228-ede/begroting (docx, pdf, xlsx), ",
        "Gewijzigde invoer: stakeholders.xlsx en financien.xlsx.",
        "Kostenregel K1 Regiocoördinator, 2027: € 47.750,00 → € 48.500,00 (+ € 750,00)",
        "Geef de nieuwe stukken een nieuw versienummer in stakeholders.xlsx: Regio!B7",
    ] {
        assert!(message.contains(part), "‘{part}’ missing in: {message}");
    }
    assert_eq!(err.exit_code(), 1);
    assert_eq!(files(&uit), tree, "nothing written, archive untouched");

    // With a new version number: written, archived beside 1.0, changes reported.
    version(&mut p, "1.1", 1);
    p.write_to(dir.path());
    let r = build_ok(dir.path(), &uit);
    let a = r.archief.as_ref().expect("archived");
    assert!(a.nieuw && a.map == "archief/1.1", "{a:?}");
    let tree2 = files(&uit);
    assert_eq!(under(&tree2, "archief/1.0/"), v1, "1.0 never rewritten");
    assert!(tree2.contains_key("archief/1.1/archief.json"));

    // Hand-worked: K1 is 500 hours a year; 500 × € 1,50 = € 750,00 more per year, for the
    // line, the total and its source B-GEM (a municipal one, so no gap); shared 60/40:
    // Ede € 450,00 and Veenendaal € 300,00 more, which they pay themselves.
    let since_final = r
        .wijzigingen
        .iter()
        .find(|v| v.basis == Basis::Definitief)
        .expect("compared with 1.0");
    assert_eq!(since_final.oude_versie, "1.0");
    let got: Vec<Row> = since_final
        .wijzigingen
        .bedragen
        .iter()
        .map(|b| {
            (
                b.soort,
                b.sleutel.as_str(),
                b.jaar,
                b.oud,
                b.nieuw,
                b.verschil,
            )
        })
        .collect();
    // K2 (€ 5.000,00 of training, 2027 only) is paid by the SPUK grant, so it is in the
    // total and the gross shares of 2027 but not in what the municipalities pay.
    use BedragSoort::*;
    let want: Vec<Row> = [
        (Kostenregel, "K1", 2027, "47750.00", "48500.00", "750.00"),
        (Kostenregel, "K1", 2028, "47750.00", "48500.00", "750.00"),
        (Totaal, "", 2027, "52750.00", "53500.00", "750.00"),
        (Totaal, "", 2028, "47750.00", "48500.00", "750.00"),
        (
            Financiering,
            "B-GEM",
            2027,
            "47750.00",
            "48500.00",
            "750.00",
        ),
        (
            Financiering,
            "B-GEM",
            2028,
            "47750.00",
            "48500.00",
            "750.00",
        ),
        (Aandeel, "GM0228", 2027, "31650.00", "32100.00", "450.00"),
        (Aandeel, "GM0228", 2028, "28650.00", "29100.00", "450.00"),
        (
            EigenBijdrage,
            "GM0228",
            2027,
            "28650.00",
            "29100.00",
            "450.00",
        ),
        (
            EigenBijdrage,
            "GM0228",
            2028,
            "28650.00",
            "29100.00",
            "450.00",
        ),
        (Aandeel, "GM0345", 2027, "21100.00", "21400.00", "300.00"),
        (Aandeel, "GM0345", 2028, "19100.00", "19400.00", "300.00"),
        (
            EigenBijdrage,
            "GM0345",
            2027,
            "19100.00",
            "19400.00",
            "300.00",
        ),
        (
            EigenBijdrage,
            "GM0345",
            2028,
            "19100.00",
            "19400.00",
            "300.00",
        ),
    ]
    .into_iter()
    .map(|(s, k, y, o, n, x)| (s, k, y, Some(d(o)), Some(d(n)), d(x)))
    .collect();
    assert_eq!(got, want);
    let parts = since_final.wijzigingen.lines(None);
    assert_eq!(
        parts.last().unwrap(),
        "Kostenregel K1 Regiocoördinator: Tarief ‘€ 95,50’ → ‘€ 97,00’"
    );
    assert_eq!(parts.len(), want.len() + 1, "{parts:#?}");

    // The same in wijzigingen.xlsx, to the cent.
    let mut wb: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(tree2["wijzigingen.xlsx"].clone()))
            .unwrap();
    let sheet = wb.worksheet_range("Sinds definitief 1.0").unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    let first_amount = rows
        .iter()
        .position(|r| r.first() == Some(&Data::String("Onderdeel".into())))
        .unwrap()
        + 1;
    for (i, w) in want.iter().enumerate() {
        let row = &rows[first_amount + i];
        assert_eq!(row[0], Data::String(w.0.label().into()));
        assert_eq!(row[2], Data::Float(f64::from(w.2)));
        let cents = |x: &Data| match x {
            Data::Float(f) => (f * 100.0).round() as i64,
            other => panic!("no amount: {other:?}"),
        };
        let c = |x: Decimal| -> i64 { (x * Decimal::ONE_HUNDRED).try_into().unwrap() };
        assert_eq!(cents(&row[3]), c(w.3.unwrap()), "row {i}");
        assert_eq!(cents(&row[4]), c(w.4.unwrap()), "row {i}");
        assert_eq!(cents(&row[5]), c(w.5), "row {i}");
    }

    // The manifest: each document's version, and the final version it replaces.
    let manifest: serde_json::Value = serde_json::from_slice(&tree2["manifest.json"]).unwrap();
    let entry = manifest["uitvoer"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["bestand"] == "regio/begroting.pdf")
        .unwrap();
    assert_eq!(entry["versie"], "1.1");
    assert_eq!(entry["vervangt"]["versie"], "1.0");
    assert_eq!(
        entry["vervangt"]["sha256"],
        regiodocs::output::sha256(&v1["regio/begroting.pdf"])
    );
    assert_eq!(manifest["archief"].as_array().unwrap().len(), 2);

    // A concept build never touches the archive.
    let concept = build(
        &Engine::new(),
        &[Target::new(dir.path(), &uit)],
        &BuildOptions {
            concept: true,
            ..BuildOptions::default()
        },
        &|_| {},
    )
    .remove(0)
    .unwrap();
    assert!(concept.archief.is_none());
    assert_eq!(under(&files(&uit), "archief/"), under(&tree2, "archief/"));
}

/// `xml` without the elements `<tag ...>...</tag>` (and without the empty `<tag .../>`).
fn drop_elements(xml: &str, tag: &str) -> String {
    let open = format!("<{tag} ");
    let close = format!("</{tag}>");
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        out.push_str(&rest[..i]);
        let end_of_tag = rest[i..].find('>').unwrap() + i;
        rest = if rest[..end_of_tag].ends_with('/') {
            &rest[end_of_tag + 1..]
        } else {
            let j = rest[i..].find(&close).unwrap() + i;
            &rest[j + close.len()..]
        };
    }
    out.push_str(rest);
    out
}

/// The text of every paragraph of `word/document.xml` that has text, in order (runs,
/// deleted runs, tabs and breaks). No-break spaces read as spaces and zero-width break
/// points are left out: the layout joins a date and breaks a long code only where it sees
/// the whole of it, and a date or code changed in the redline carries revision marks.
fn paragraphs(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    for p in xml.split("</w:p>") {
        let mut text = String::new();
        let mut rest = p;
        while let Some(i) = rest.find('<') {
            let j = rest[i..].find('>').unwrap() + i;
            let tag = &rest[i + 1..j];
            let name = tag.split([' ', '/']).next().unwrap_or_default();
            match name {
                "w:t" | "w:delText" if !tag.ends_with('/') => {
                    let k = rest[j..].find('<').unwrap() + j;
                    text.push_str(
                        &rest[j + 1..k]
                            .replace("&lt;", "<")
                            .replace("&gt;", ">")
                            .replace("&quot;", "\"")
                            .replace("&apos;", "'")
                            .replace("&amp;", "&"),
                    );
                    rest = &rest[k..];
                    continue;
                }
                "w:tab" => text.push('\t'),
                "w:br" => text.push('\n'),
                _ => {}
            }
            rest = &rest[j + 1..];
        }
        if !text.trim().is_empty() {
            out.push(text.replace('\u{a0}', " ").replace('\u{200b}', ""));
        }
    }
    out
}

/// Accepting every tracked change: deletions gone, insertions kept.
fn accept_all(xml: &str) -> Vec<String> {
    paragraphs(&drop_elements(xml, "w:del"))
}

/// Rejecting every tracked change: insertions gone, deletions kept.
fn reject_all(xml: &str) -> Vec<String> {
    paragraphs(&drop_elements(xml, "w:ins"))
}

#[test]
fn the_redline_accepted_gives_the_new_document_and_rejected_the_old_one() {
    let mut p = final_project();
    let dir = p.write();
    let uit = dir.path().join("uit");
    build_ok(dir.path(), &uit);
    new_rate(&mut p);
    p.sheet("Teksten").set(
        "Tekst",
        1,
        "Samen zorgen we voor gezonde en actieve kinderen.",
    );
    version(&mut p, "1.1", 1);
    p.write_to(dir.path());
    build_ok(dir.path(), &uit);
    let tree = files(&uit);

    for name in ["regio/regionaal-plan", "regio/samenwerkingsovereenkomst"] {
        let redline = &tree[&format!("{name}-wijzigingen.docx")];
        let xml = zip_entry(redline, "word/document.xml");
        let new = paragraphs(&zip_entry(
            &tree[&format!("{name}.docx")],
            "word/document.xml",
        ));
        let old = paragraphs(&zip_entry(
            &tree[&format!("archief/1.0/{name}.docx")],
            "word/document.xml",
        ));
        assert_ne!(old, new, "{name} changed");
        assert_eq!(
            accept_all(&xml),
            new,
            "{name}: accepting all gives the new text"
        );
        assert_eq!(
            reject_all(&xml),
            old,
            "{name}: rejecting all gives the old text"
        );
        // Every change by regiodocs, dated the new version's date.
        assert!(xml.contains(r#"w:author="regiodocs" w:date="2026-12-01T00:00:00Z""#));
        assert!(!xml.contains("1970-01-01"), "{name}: undated revision");
    }
    // Only the changed words are marked: the new words, and the changed amounts.
    let plan = zip_entry(
        &tree["regio/regionaal-plan-wijzigingen.docx"],
        "word/document.xml",
    );
    let inserted: Vec<String> = plan
        .split("<w:ins ")
        .skip(1)
        .map(|s| paragraphs(&s[..s.find("</w:ins>").unwrap()]).concat())
        .collect();
    assert!(
        inserted.contains(&"en actieve ".to_string()),
        "{inserted:?}"
    );
    assert!(inserted.iter().any(|s| s == "48.500,00"), "{inserted:?}");
    assert!(
        inserted.iter().all(|s| !s.contains("Samen zorgen")),
        "unchanged words are not marked: {inserted:?}"
    );

    // It opens in LibreOffice.
    let lo = tempfile::tempdir().unwrap();
    let Some(pdf) = crate::docx::libreoffice_pdf(
        &tree["regio/regionaal-plan-wijzigingen.docx"],
        lo.path(),
        "redline",
    ) else {
        return;
    };
    if have("pdftotext") {
        let out = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("actieve") && text.contains("48.500,00"),
            "{text}"
        );
    }
}

#[test]
fn verschil_compares_two_archived_versions_or_project_folders_without_building() {
    let mut p = final_project();
    let dir = p.write();
    let uit = dir.path().join("uit");
    build_ok(dir.path(), &uit);
    let before = tempfile::tempdir().unwrap();
    p.write_to(before.path());
    new_rate(&mut p);
    version(&mut p, "1.1", 1);
    p.write_to(dir.path());
    build_ok(dir.path(), &uit);
    let tree = files(&uit);

    let verschil = |a: &Path, b: &Path, extra: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_regiodocs"));
        cmd.arg("verschil").arg(a).arg(b).args(extra);
        let out = cmd.output().unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let line = "Kostenregel K1 Regiocoördinator, 2027: € 47.750,00 → € 48.500,00 (+ € 750,00)";
    // Two archived versions.
    let (code, out, err) = verschil(&uit.join("archief/1.0"), &uit.join("archief/1.1"), &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(line), "{out}");
    assert!(
        out.contains("(versie 1.0)") && out.contains("(versie 1.1)"),
        "{out}"
    );
    // Two project folders, as JSON.
    let (code, out, err) = verschil(before.path(), dir.path(), &["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["bedragen"].as_array().unwrap().len(), 14, "{out}");
    assert_eq!(d(v["bedragen"][0]["verschil"].as_str().unwrap()), d("750"));
    // A folder with itself: nothing.
    let (code, out, _) = verschil(dir.path(), dir.path(), &[]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Geen verschillen"), "{out}");
    // Nothing was built or written.
    assert_eq!(files(&uit), tree);
    // A folder that is none of the three kinds: a Dutch usage error.
    let empty = tempfile::tempdir().unwrap();
    let (code, _, err) = verschil(empty.path(), dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("is geen projectmap"), "{err}");
}

#[test]
fn a_damaged_archive_stops_the_build_and_names_the_file() {
    let p = final_project();
    let dir = p.write();
    let uit = dir.path().join("uit");
    build_ok(dir.path(), &uit);
    let archived = uit.join("archief/1.0/regio/begroting.pdf");
    let mut bytes = std::fs::read(&archived).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&archived, &bytes).unwrap();
    let tree = files(&uit);
    let err = try_build(dir.path(), &uit).expect_err("stops");
    let message = err.to_string();
    assert!(
        message.contains("het archief van de definitieve versies is beschadigd")
            && message.contains("archief/1.0/regio/begroting.pdf: dit bestand is gewijzigd"),
        "{message}"
    );
    assert_eq!(err.exit_code(), 2);
    assert_eq!(files(&uit), tree, "nothing written");
}
