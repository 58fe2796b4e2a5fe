//! Robustness against workbooks we have not seen, end to end, judged by INPUT_FORMAT.md
//! rather than by our own fixtures:
//!
//! 1. workbooks written the way other programs write them (LibreOffice's xlsx, ods and xls;
//!    hand-made variants: other sheet and header spellings, column order, ranges away from
//!    A1, numbers/dates/booleans/money in every allowed form, formulas, merged cells, long
//!    texts, line breaks, inline strings, other extension case) read exactly like the
//!    original, or give a Dutch diagnostic that names workbook, sheet and cell;
//! 2. hostile text in names, functions, responsibilities and texts reaches DOCX, PDF and
//!    XLSX literally and changes no document structure;
//! 3. a seeded sweep of random mutations never panics, and every error has a code and a
//!    location.
//!
//! Checks that need LibreOffice (`soffice`) or `pdftotext` print a notice and skip when the
//! tool is missing.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use regiodocs::diag::{Diagnostic, Severity};
use regiodocs::pipeline::{BuildOptions, BuildReport, Engine, Formats, Project as Target, build};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

use crate::fixtures::{Book, Project, Sheet, V};
use crate::util::{files, have};

// ---------------------------------------------------------------------------------------
// Tools
// ---------------------------------------------------------------------------------------

/// One LibreOffice at a time, with a private profile shared by these tests.
static LIBREOFFICE: Mutex<()> = Mutex::new(());

/// Converts `files` with LibreOffice headless to `ext` into `outdir`. Returns false (after
/// a notice) when LibreOffice is not installed.
fn libreoffice(files: &[PathBuf], ext: &str, outdir: &Path) -> bool {
    if !have("soffice") {
        eprintln!("NOTE: LibreOffice (soffice) not installed; skipping this check");
        return false;
    }
    let _one = LIBREOFFICE.lock().unwrap_or_else(|e| e.into_inner());
    let profile = std::env::temp_dir().join("lo-profile-robust");
    std::fs::create_dir_all(outdir).unwrap();
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", ext, "--outdir"])
        .arg(outdir)
        .args(files)
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    for f in files {
        let stem = f.file_stem().unwrap().to_string_lossy();
        let target = outdir.join(format!("{stem}.{ext}"));
        assert!(
            target.exists(),
            "LibreOffice did not write {}: {}",
            target.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    true
}

// ---------------------------------------------------------------------------------------
// Reading a project: the model without positions, the findings, the diagnostics
// ---------------------------------------------------------------------------------------

/// What a project folder reads as.
struct Reading {
    /// The model as JSON, without origins, cell positions and file names.
    model: Option<serde_json::Value>,
    /// Every finding as `code severity message`, sorted.
    findings: Vec<String>,
    diagnostics: Vec<Diagnostic>,
}

fn strip_positions(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            for k in ["origin", "cells", "stakeholders_file", "financien_file"] {
                m.remove(k);
            }
            m.values_mut().for_each(strip_positions);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(strip_positions),
        _ => {}
    }
}

fn read(dir: &Path) -> Reading {
    let checked = regiodocs::pipeline::check(dir);
    let model = checked.project.as_ref().map(|p| {
        let mut v = serde_json::to_value(p).expect("model serialises");
        strip_positions(&mut v);
        v
    });
    let diagnostics: Vec<Diagnostic> = checked.diagnostics.into_iter().collect();
    let mut findings: Vec<String> = diagnostics
        .iter()
        .map(|d| format!("{} {:?} {}", d.code, d.severity, d.message))
        .collect();
    findings.sort();
    Reading {
        model,
        findings,
        diagnostics,
    }
}

fn show(ds: &[Diagnostic]) -> String {
    ds.iter().map(|d| format!("  {d}\n")).collect()
}

/// Every error has a code and a location that names a workbook; returns the errors.
#[track_caller]
fn errors_are_located(ds: &[Diagnostic], case: &str) -> usize {
    let mut n = 0;
    for d in ds.iter().filter(|d| d.severity == Severity::Error) {
        n += 1;
        assert!(
            !d.code.as_str().is_empty() && !d.message.trim().is_empty(),
            "{case}: {d}"
        );
        let loc = d
            .location
            .as_ref()
            .unwrap_or_else(|| panic!("{case}: error without location: {d}"));
        assert!(
            !loc.to_string().trim().is_empty(),
            "{case}: empty location: {d}"
        );
    }
    n
}

/// The first difference between two JSON values, as a path.
fn json_difference(a: &serde_json::Value, b: &serde_json::Value, path: &str) -> Option<String> {
    use serde_json::Value::*;
    match (a, b) {
        (Object(x), Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                let (va, vb) = (x.get(k), y.get(k));
                match (va, vb) {
                    (Some(va), Some(vb)) => {
                        if let Some(d) = json_difference(va, vb, &format!("{path}.{k}")) {
                            return Some(d);
                        }
                    }
                    _ => return Some(format!("{path}.{k}: {va:?} vs {vb:?}")),
                }
            }
            None
        }
        (Array(x), Array(y)) => {
            if x.len() != y.len() {
                return Some(format!("{path}: {} vs {} items", x.len(), y.len()));
            }
            x.iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (va, vb))| json_difference(va, vb, &format!("{path}[{i}]")))
        }
        _ if a == b => None,
        _ => {
            let short = |v: &serde_json::Value| {
                let s = v.to_string();
                match s.char_indices().nth(120) {
                    Some((i, _)) => format!("{}… ({} chars)", &s[..i], s.chars().count()),
                    None => s,
                }
            };
            Some(format!("{path}: {} vs {}", short(a), short(b)))
        }
    }
}

// ---------------------------------------------------------------------------------------
// A writer for hand-made variants: the fixture rows plus formulas, merged cells and inline
// strings, which the fixture writer does not make
// ---------------------------------------------------------------------------------------

const MARK: char = '\u{1}';

/// A formula with its cached result (a number, `TRUE`/`FALSE`, an error such as `#N/A`,
/// or text).
fn formula(expr: &str, cached: &str) -> V {
    V::T(format!("{MARK}f{MARK}{expr}{MARK}{cached}"))
}

/// A text cell merged with the `rows` cells below and `cols` cells to its right.
fn merged(rows: u32, cols: u16, text: &str) -> V {
    V::T(format!("{MARK}m{MARK}{rows}{MARK}{cols}{MARK}{text}"))
}

/// How [`write_book`] writes: like rust_xlsxwriter, with inline strings, or with the 1904
/// date system of old Mac workbooks (dates as serial numbers counted from 1904-01-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Writer {
    Plain,
    InlineStrings,
    Date1904,
}

fn write_book(book: &Book, path: &Path, how: Writer) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("dd-mm-yyyy");
    let plain = Format::new();
    for s in &book.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&s.name).unwrap();
        for (ri, row) in s.rows.iter().enumerate() {
            for (ci, v) in row.iter().enumerate() {
                let r = s.origin.0 + ri as u32;
                let c = s.origin.1 + ci as u16;
                match v {
                    V::T(t) if t.starts_with(MARK) => {
                        let parts: Vec<&str> = t[1..].split(MARK).collect();
                        match parts[0] {
                            "f" => {
                                ws.write_formula(r, c, Formula::new(parts[1]).set_result(parts[2]))
                                    .unwrap();
                            }
                            "m" => {
                                let dr: u32 = parts[1].parse().unwrap();
                                let dc: u16 = parts[2].parse().unwrap();
                                ws.merge_range(r, c, r + dr, c + dc, parts[3], &plain)
                                    .unwrap();
                            }
                            other => panic!("unknown mark {other}"),
                        }
                    }
                    V::T(t) => {
                        ws.write_string(r, c, t).unwrap();
                    }
                    V::N(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    V::D(y, m, d) if how == Writer::Date1904 => {
                        let day = chrono::NaiveDate::from_ymd_opt(*y as i32, *m as u32, *d as u32)
                            .unwrap();
                        let epoch = chrono::NaiveDate::from_ymd_opt(1904, 1, 1).unwrap();
                        let serial = (day - epoch).num_days() as f64;
                        ws.write_number_with_format(r, c, serial, &date).unwrap();
                    }
                    V::D(y, m, d) => {
                        let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                    }
                    V::B(b) => {
                        ws.write_boolean(r, c, *b).unwrap();
                    }
                    V::Err(e) => {
                        let expr = if *e == "#N/A" { "=NA()" } else { "=1/0" };
                        ws.write_formula(r, c, Formula::new(expr).set_result(*e))
                            .unwrap();
                    }
                    V::E => {}
                }
            }
        }
    }
    let bytes = wb.save_to_buffer().unwrap();
    let bytes = match how {
        Writer::Plain => bytes,
        Writer::InlineStrings => to_inline_strings(&bytes),
        Writer::Date1904 => rewrite_parts(&bytes, |name, xml| {
            if name == "xl/workbook.xml" {
                assert!(xml.contains("<workbookPr"), "no workbookPr in {xml}");
                xml.replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1)
            } else {
                xml
            }
        }),
    };
    std::fs::write(path, bytes).unwrap();
}

fn write_project(p: &Project, dir: &Path, how: Writer) {
    write_book(&p.stakeholders, &dir.join("stakeholders.xlsx"), how);
    write_book(&p.financien, &dir.join("financien.xlsx"), how);
}

/// Rewrites the XML parts of an xlsx with `f(part name, xml)`; stores the result unpacked.
fn rewrite_parts(xlsx: &[u8], f: impl Fn(&str, String) -> String) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().map(|n| n.to_string()).unwrap_or_default();
        let mut data = Vec::new();
        part.read_to_end(&mut data).unwrap();
        let data = if name.ends_with(".xml") {
            f(&name, String::from_utf8(data).unwrap()).into_bytes()
        } else {
            data
        };
        out.start_file(name, opts).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Rewrites an xlsx so that every text cell holds its text inline (`t="inlineStr"`), the
/// way some generators write, instead of pointing into the shared string table.
fn to_inline_strings(xlsx: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let mut sst = String::new();
    zip.by_name("xl/sharedStrings.xml")
        .unwrap()
        .read_to_string(&mut sst)
        .unwrap();
    let mut strings: Vec<String> = Vec::new();
    let mut rest = sst.as_str();
    while let Some(i) = rest.find("<si>") {
        let j = rest[i..].find("</si>").unwrap();
        strings.push(rest[i + 4..i + j].to_string());
        rest = &rest[i + j + 5..];
    }
    let converted = std::cell::Cell::new(0);
    let bytes = rewrite_parts(xlsx, |name, xml| {
        if !name.starts_with("xl/worksheets/sheet") {
            return xml;
        }
        let mut new = String::with_capacity(xml.len());
        let mut rest = xml.as_str();
        // Cells look like <c r="A1" t="s"><v>3</v></c> (optionally with s="1").
        while let Some(i) = rest.find("<c ") {
            let end = i + rest[i..].find('>').unwrap();
            let tag = &rest[i..=end];
            if tag.contains(" t=\"s\"") && !tag.ends_with("/>") {
                let body = &rest[end + 1..];
                let close = body.find("</c>").unwrap();
                let v = body[..close]
                    .trim_start_matches("<v>")
                    .trim_end_matches("</v>");
                let idx: usize = v.parse().unwrap();
                new.push_str(&rest[..i]);
                new.push_str(&tag.replace(" t=\"s\"", " t=\"inlineStr\""));
                new.push_str(&format!("<is>{}</is></c>", strings[idx]));
                converted.set(converted.get() + 1);
                rest = &body[close + 4..];
            } else {
                new.push_str(&rest[..=end]);
                rest = &rest[end + 1..];
            }
        }
        new.push_str(rest);
        new
    });
    assert!(converted.get() > 0, "no shared strings converted");
    bytes
}

// ---------------------------------------------------------------------------------------
// Fixture edits
// ---------------------------------------------------------------------------------------

const KEY_VALUE: &[&str] = &["Regio", "Parameters"];

fn all_sheets(p: &mut Project) -> impl Iterator<Item = &mut Sheet> {
    p.stakeholders
        .sheets
        .iter_mut()
        .chain(p.financien.sheets.iter_mut())
}

fn table_sheets(p: &mut Project) -> impl Iterator<Item = &mut Sheet> {
    all_sheets(p).filter(|s| !KEY_VALUE.contains(&s.name.as_str()))
}

fn rename_sheet(p: &mut Project, from: &str, to: &str) {
    p.sheet(from).name = to.to_string();
}

/// Renames the field (column A) of a key/value sheet.
fn rename_field(s: &mut Sheet, from: &str, to: &str) {
    let r = s
        .rows
        .iter()
        .position(|r| r.first() == Some(&V::from(from)))
        .unwrap_or_else(|| panic!("no field {from}"));
    s.rows[r][0] = to.into();
}

fn is_year(v: &V) -> bool {
    match v {
        V::N(n) => (1000.0..10000.0).contains(n),
        V::T(t) => t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// Reverses the column order of a table sheet, keeping the year columns together and in
/// order (they must stay consecutive).
fn reverse_columns(s: &mut Sheet) {
    let width = s.rows.iter().map(Vec::len).max().unwrap_or(0);
    for r in &mut s.rows {
        r.resize(width, V::E);
    }
    let header = s.rows[0].clone();
    let mut units: Vec<Vec<usize>> = Vec::new();
    for (c, h) in header.iter().enumerate() {
        match units.last_mut() {
            Some(u) if is_year(h) && is_year(&header[*u.last().unwrap()]) => u.push(c),
            _ => units.push(vec![c]),
        }
    }
    units.reverse();
    let order: Vec<usize> = units.concat();
    for r in &mut s.rows {
        *r = order.iter().map(|&c| r[c].clone()).collect();
    }
}

/// A paragraph of `n` words.
fn words(n: usize) -> String {
    (0..n)
        .map(|i| ["gezond", "gewicht", "kind", "samen", "wijk"][i % 5])
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------------------
// 1. Variants that must read exactly like their base, in every format
// ---------------------------------------------------------------------------------------

struct Variant {
    name: &'static str,
    /// Applied to both the base and the variant.
    base: fn(&mut Project),
    /// Applied to the variant only.
    change: fn(&mut Project),
    writer: Writer,
    /// Codes of findings the variant may add (e.g. F06 for an unknown column).
    extra: &'static [&'static str],
    /// LibreOffice formats this variant is not converted to (with the reason at the variant).
    not_by_libreoffice: &'static [&'static str],
}

fn nothing(_: &mut Project) {}

fn variants() -> Vec<Variant> {
    let v = |name, base, change, extra| Variant {
        name,
        base,
        change,
        writer: Writer::Plain,
        extra,
        not_by_libreoffice: &[],
    };
    vec![
        v("ongewijzigd", nothing, nothing, &[]),
        v(
            "tabbladnamen anders gespeld",
            nothing,
            |p| {
                rename_sheet(p, "Risicos", "Risico's");
                rename_sheet(p, "Regio", "REGIO");
                rename_sheet(p, "Kostenregels", "Kosten Regels");
                rename_sheet(p, "Financieringsbronnen", "FINANCIERINGS-BRONNEN");
                rename_sheet(p, "Mijlpalen", "Mijlpálen");
                rename_sheet(p, "Parameters", "parameters ");
                rename_sheet(p, "Verdeelsleutels", "Verdeel sleutels");
                rename_sheet(p, "Teksten", "teksten");
            },
            &[],
        ),
        v(
            "kolomkoppen en veldnamen anders gespeld",
            nothing,
            |p| {
                p.sheet("Gemeenten").rename("CBS-code", "  cbs code ");
                p.sheet("Personen").rename("Persoon-ID", "PERSOON ID");
                p.sheet("Rollen").rename("Uren per week", "Uren  per\nweek");
                p.sheet("Kostenregels").rename("Regel-ID", "Regel-ID*");
                p.sheet("Kostenregels").rename("In natura", "IN_NATURA");
                p.sheet("Partijen").rename("Org-ID", "org id");
                p.sheet("Dekking").rename("Bron-ID", "\u{feff}Bron-ID");
                p.sheet("Financieringsbronnen")
                    .rename("Geldig tot", "Geldig\u{a0}tot");
                p.sheet("Mijlpalen")
                    .rename("Omschrijving", "Omschrijving *");
                p.sheet("Risicos").rename("Risico-ID", "Risico–ID");
                rename_field(p.sheet("Regio"), "Regionaam", "REGIONAAM ");
                rename_field(p.sheet("Regio"), "Versiedatum", "Versie datum");
                rename_field(p.sheet("Parameters"), "Aantal jaren", "aantal  jaren");
            },
            &[],
        ),
        v(
            "kolommen in een andere volgorde",
            nothing,
            |p| table_sheets(p).for_each(reverse_columns),
            &[],
        ),
        v(
            "extra tabblad en onbekende kolom",
            nothing,
            |p| {
                for book in [&mut p.stakeholders, &mut p.financien] {
                    book.sheets.insert(
                        0,
                        Sheet {
                            name: "Instructie".into(),
                            rows: vec![
                                vec!["Lees dit eerst".into()],
                                vec![V::E, "Vul alle tabbladen in.".into()],
                            ],
                            origin: (0, 0),
                        },
                    );
                }
                p.sheet("Kostenregels")
                    .add_column("Opmerking", vec!["let op".into(), V::N(3.0)]);
                p.sheet("Personen").add_column("Notitie", vec!["x".into()]);
            },
            &["F06"],
        ),
        v(
            "bereik begint niet op A1",
            nothing,
            |p| all_sheets(p).for_each(|s| s.origin = (2, 3)),
            &[],
        ),
        v(
            "lege rijen en een lege kolom",
            nothing,
            |p| {
                for s in table_sheets(p) {
                    let mut rows = vec![vec![], vec![V::E, V::E]];
                    for r in std::mem::take(&mut s.rows) {
                        rows.push(r);
                        rows.push(vec![]);
                    }
                    for r in &mut rows {
                        if r.len() > 1 {
                            r.insert(1, V::E);
                        }
                    }
                    s.rows = rows;
                }
            },
            &[],
        ),
        v(
            "getallen als tekst en tekst als getal",
            nothing,
            |p| {
                p.sheet("Parameters")
                    .set_field("Startjaar", "2027")
                    .set_field("Aantal jaren", " 2 ");
                let k = p.sheet("Kostenregels");
                k.set("Tarief", 1, "95,5")
                    .set("2027", 1, "500")
                    .set("2028", 1, "500,0")
                    .set("2027", 2, "1");
                k.rename("2027", "2027").rename("2028", " 2028");
                let d = p.sheet("Dekking");
                d.set("2027", 2, "5000").set("Percentage", 1, V::N(100.0));
                d.rename("2027", "2027").rename("2028", "2028 ");
                p.sheet("Rollen").set("Uren per week", 1, V::N(12.0));
                p.sheet("Risicos")
                    .set("Kans", 1, V::N(3.0))
                    .set("Impact", 1, " 4 ");
                p.sheet("Doelen").set("Streefjaar", 1, V::N(2028.0));
                p.sheet("Overleggen")
                    .set("Frequentie per jaar", 1, V::N(4.0));
            },
            &[],
        ),
        v(
            "gehele getallen met duizendtalpunt als tekst",
            |p| {
                p.sheet("Gemeenten")
                    .set("Inwoners", 1, V::N(119_000.0))
                    .set("Jeugdigen 0-17", 1, V::N(24_500.0));
            },
            |p| {
                p.sheet("Gemeenten").set("Inwoners", 1, "119.000").set(
                    "Jeugdigen 0-17",
                    1,
                    " 24500 ",
                );
            },
            &[],
        ),
        v(
            "sleutel/waarde-tabbladen zonder of met een andere kopregel",
            nothing,
            |p| {
                p.sheet("Regio").rows.remove(0);
                p.sheet("Parameters").rows[0] = vec!["Gegeven".into(), "Waarde".into()];
            },
            &[],
        ),
        v(
            "datums als tekst in elke toegestane vorm",
            nothing,
            |p| {
                p.sheet("Regio")
                    .set_field("Startdatum", "01-01-2027")
                    .set_field("Einddatum", " 31-12-2028 ")
                    .set_field("Versiedatum", "2026-11-15");
                p.sheet("Parameters").set_field("Versiedatum", "15-11-2026");
                p.sheet("Mijlpalen").set("Datum", 1, "1-7-2027");
            },
            &[],
        ),
        v(
            "bedragen als tekst (1)",
            |p| {
                p.sheet("Kostenregels").set("Tarief", 1, V::N(1234.56)).set(
                    "Tarief",
                    2,
                    V::N(5000.0),
                );
                p.sheet("Dekking").set("2027", 2, V::N(5000.0));
            },
            |p| {
                p.sheet("Kostenregels")
                    .set("Tarief", 1, "€ 1.234,56")
                    .set("Tarief", 2, "€5.000");
                p.sheet("Dekking").set("2027", 2, "5.000,00");
            },
            &[],
        ),
        v(
            "bedragen als tekst (2)",
            |p| {
                p.sheet("Kostenregels").set("Tarief", 1, V::N(1234.5)).set(
                    "Tarief",
                    2,
                    V::N(1234.0),
                );
                p.sheet("Dekking").set("2027", 2, V::N(1234.0));
            },
            |p| {
                p.sheet("Kostenregels")
                    .set("Tarief", 1, "1234,5")
                    .set("Tarief", 2, "€1.234");
                p.sheet("Dekking").set("2027", 2, "1.234,-");
            },
            &[],
        ),
        v(
            "percentage als breuk in een getalcel",
            |p| {
                p.sheet("Parameters").set_field("Indexatie", "2,5%");
            },
            |p| {
                p.sheet("Parameters").set_field("Indexatie", V::N(0.025));
            },
            &["F13"],
        ),
        v(
            "percentage met en zonder procentteken",
            |p| {
                p.sheet("Parameters").set_field("Indexatie", "2,5");
                p.sheet("Dekking").set("Percentage", 1, "100");
            },
            |p| {
                p.sheet("Parameters").set_field("Indexatie", "2,5 %");
                p.sheet("Dekking").set("Percentage", 1, "100%");
            },
            &[],
        ),
        v(
            "ja/nee als WAAR/ONWAAR-cellen",
            nothing,
            |p| {
                p.sheet("Gemeenten")
                    .set("Raadsbesluit nodig", 1, V::B(false))
                    .set("Raadsbesluit nodig", 2, V::B(true));
                let pers = p.sheet("Personen");
                for r in 1..=3 {
                    pers.set("Tekenbevoegd", r, V::B(true));
                }
                pers.set("Tekenbevoegd", 4, V::B(false));
                let rv = p.sheet("Randvoorwaarden");
                for r in 1..rv.rows.len() {
                    rv.set("Voldaan", r, V::B(true));
                }
                p.sheet("Verdeelsleutels").set("Standaard", 1, V::B(true));
                p.sheet("Kostenregels").set("In natura", 2, V::B(false));
                p.sheet("Financieringsbronnen")
                    .set("Tijdelijk", 1, V::B(false));
            },
            &[],
        ),
        v(
            "formules met opgeslagen uitkomst",
            nothing,
            |p| {
                p.sheet("Parameters")
                    .set_field("Aantal jaren", formula("=1+1", "2"));
                p.sheet("Kostenregels")
                    .set("Tarief", 1, formula("=95+0.5", "95.5"))
                    .set("2027", 1, formula("=250*2", "500"));
                p.sheet("Dekking")
                    .set("Percentage", 1, formula("=50+50", "100"));
                p.sheet("Personen")
                    .set("Tekenbevoegd", 1, formula("=TRUE()", "TRUE"));
            },
            &[],
        ),
        Variant {
            name: "formules met tekst als opgeslagen uitkomst",
            base: nothing,
            change: |p| {
                p.sheet("Regio")
                    .set_field("Regionaam", formula("=\"Regio \"&\"Proef\"", "Regio Proef"));
                p.sheet("Gemeenten").set(
                    "Gemeente",
                    1,
                    formula("=LEFT(\"Ede-Wageningen\",3)", "Ede"),
                );
            },
            writer: Writer::Plain,
            extra: &[],
            // LibreOffice 7.4 writes 0 as the cached result of a text formula it did not
            // recalculate when it converts xlsx to .xls: the FORMULA record holds the number
            // 0 (checked byte by byte), so calamine reads the file right.
            not_by_libreoffice: &["xls"],
        },
        v(
            "lange teksten en regeleinden",
            |p| {
                let long = format!("{}\n\n{}", words(2200), words(1200));
                p.sheet("Teksten").set("Tekst", 1, long.as_str());
                p.sheet("Partijen").set(
                    "Verantwoordelijkheden",
                    1,
                    "beleid\nfinanciering\nuitvoering",
                );
                p.sheet("Mijlpalen").set("Criteria", 1, "eerste\ntweede");
            },
            |p| {
                let long = format!("{}\r\n\r\n{}", words(2200), words(1200));
                p.sheet("Teksten").set("Tekst", 1, long.as_str());
                p.sheet("Partijen").set(
                    "Verantwoordelijkheden",
                    1,
                    "  beleid\r\nfinanciering \n\n- uitvoering",
                );
                p.sheet("Mijlpalen").set("Criteria", 1, "eerste\rtweede");
                p.sheet("Personen").set("Naam", 1, "A. de Vries\u{7}");
            },
            &[],
        ),
        v(
            "samengevoegde cel achter de laatste kolom",
            |p| {
                p.sheet("Randvoorwaarden")
                    .set("Toelichting", 1, "zie bijlage");
            },
            |p| {
                p.sheet("Randvoorwaarden")
                    .set("Toelichting", 1, merged(0, 2, "zie bijlage"));
            },
            &[],
        ),
        Variant {
            name: "tekst inline in plaats van gedeelde strings",
            base: nothing,
            change: nothing,
            writer: Writer::InlineStrings,
            extra: &[],
            not_by_libreoffice: &[],
        },
        Variant {
            name: "datums in het 1904-datumsysteem (oude Mac-werkmappen)",
            base: |p| {
                p.sheet("Rollen").set("Start", 1, V::D(2027, 2, 1));
            },
            change: nothing,
            writer: Writer::Date1904,
            extra: &[],
            not_by_libreoffice: &[],
        },
    ]
}

/// Compares a variant's reading with its base's; returns a description of the difference.
fn compare(base: &Reading, got: &Reading, extra: &[&str]) -> Option<String> {
    let Some(model) = &got.model else {
        return Some(format!("no model:\n{}", show(&got.diagnostics)));
    };
    if let Some(d) = json_difference(base.model.as_ref().unwrap(), model, "project") {
        return Some(format!("model differs at {d}\n{}", show(&got.diagnostics)));
    }
    let wanted: Vec<&String> = base.findings.iter().collect();
    let have: Vec<&String> = got
        .findings
        .iter()
        .filter(|f| !extra.iter().any(|c| f.starts_with(&format!("{c} "))))
        .collect();
    if wanted != have {
        return Some(format!(
            "findings differ:\n base: {wanted:#?}\n variant: {have:#?}"
        ));
    }
    None
}

#[test]
fn variants_read_exactly_like_their_base_in_every_format() {
    let work = tempfile::tempdir().unwrap();
    let variants = variants();
    // (variant index, format label, folder)
    let mut cases: Vec<(usize, String, PathBuf)> = Vec::new();
    let flat = work.path().join("flat");
    std::fs::create_dir_all(&flat).unwrap();
    let mut flat_files = Vec::new();
    let mut bases = Vec::new();
    for (i, v) in variants.iter().enumerate() {
        let mut base = Project::valid();
        (v.base)(&mut base);
        let base_dir = work.path().join(format!("base{i}"));
        std::fs::create_dir_all(&base_dir).unwrap();
        base.write_to(&base_dir);
        let reading = read(&base_dir);
        assert!(
            reading.model.is_some() && errors_are_located(&reading.diagnostics, v.name) == 0,
            "{}: the base has errors:\n{}",
            v.name,
            show(&reading.diagnostics)
        );
        bases.push(reading);

        let mut p = base.clone();
        (v.change)(&mut p);
        let dir = work.path().join(format!("v{i}-xlsx"));
        std::fs::create_dir_all(&dir).unwrap();
        write_project(&p, &dir, v.writer);
        for wb in ["stakeholders", "financien"] {
            let f = flat.join(format!("v{i}-{wb}.xlsx"));
            std::fs::copy(dir.join(format!("{wb}.xlsx")), &f).unwrap();
            flat_files.push(f);
        }
        cases.push((i, "xlsx".into(), dir));
    }
    // The same files as LibreOffice writes them, one conversion per format for all variants.
    for ext in ["xlsx", "ods", "xls"] {
        let out = work.path().join(format!("lo-{ext}"));
        if !libreoffice(&flat_files, ext, &out) {
            break;
        }
        for (i, v) in variants.iter().enumerate() {
            if v.not_by_libreoffice.contains(&ext) {
                continue;
            }
            let dir = work.path().join(format!("v{i}-lo-{ext}"));
            std::fs::create_dir_all(&dir).unwrap();
            for wb in ["stakeholders", "financien"] {
                std::fs::rename(
                    out.join(format!("v{i}-{wb}.{ext}")),
                    dir.join(format!("{wb}.{ext}")),
                )
                .unwrap();
            }
            cases.push((i, format!("{ext} van LibreOffice"), dir));
        }
    }
    // The comparison itself sees a one-cent difference and an extra finding.
    let mut off = Project::valid();
    off.sheet("Kostenregels").set("Tarief", 1, V::N(95.51));
    let off_dir = off.write();
    assert!(compare(&bases[0], &read(off_dir.path()), &[]).is_some());
    let mut warned = Project::valid();
    warned.sheet("Kostenregels").add_column("Opmerking", vec![]);
    let warned_dir = warned.write();
    assert!(compare(&bases[0], &read(warned_dir.path()), &[]).is_some());

    let mut failures = Vec::new();
    for (i, label, dir) in &cases {
        let v = &variants[*i];
        let got = read(dir);
        if let Some(why) = compare(&bases[*i], &got, v.extra) {
            failures.push(format!("{} ({label}): {why}", v.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// The example project as LibreOffice writes it (xlsx, ods, xls) reads exactly like ours,
/// down to the cell of every finding.
#[test]
fn the_example_written_by_libreoffice_reads_like_the_original() {
    let work = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/foodvalley");
    let originals: Vec<PathBuf> = ["stakeholders.xlsx", "financien.xlsx"]
        .iter()
        .map(|f| example.join(f))
        .collect();
    let base = read(&example);
    assert!(base.model.is_some(), "{}", show(&base.diagnostics));
    let located = |r: &Reading, ext: &str| -> Vec<String> {
        r.diagnostics
            .iter()
            .map(|d| {
                let at = d
                    .location
                    .as_ref()
                    .map(|l| l.to_string())
                    .unwrap_or_default();
                format!("{} {}", d.code, at.replace(&format!(".{ext}:"), ".xlsx:"))
            })
            .collect()
    };
    for ext in ["xlsx", "ods", "xls"] {
        let dir = work.path().join(ext);
        if !libreoffice(&originals, ext, &dir) {
            return;
        }
        let got = read(&dir);
        if let Some(why) = compare(&base, &got, &[]) {
            panic!("{ext} written by LibreOffice: {why}");
        }
        assert_eq!(located(&base, "xlsx"), located(&got, ext), "{ext}");
    }
}

/// Formula errors give F09 at the cell, with the Dutch error name, in every format.
#[test]
fn formula_errors_name_the_cell_in_every_format() {
    let work = tempfile::tempdir().unwrap();
    let mut p = Project::valid();
    p.sheet("Kostenregels").set("Tarief", 1, V::Err("#DIV/0!"));
    p.sheet("Regio").set_field("Regionaam", V::Err("#N/A"));
    p.sheet("Personen").set("Naam", 2, V::Err("#N/A"));
    p.sheet("Dekking").set("2027", 2, V::Err("#DIV/0!"));
    let dir = work.path().join("xlsx");
    std::fs::create_dir_all(&dir).unwrap();
    write_project(&p, &dir, Writer::Plain);
    let files = vec![dir.join("stakeholders.xlsx"), dir.join("financien.xlsx")];
    let mut dirs = vec![("xlsx".to_string(), dir.clone())];
    for ext in ["xlsx", "ods", "xls"] {
        let out = work.path().join(format!("lo-{ext}"));
        if !libreoffice(&files, ext, &out) {
            break;
        }
        dirs.push((ext.to_string(), out));
    }
    for (ext, dir) in dirs {
        let r = read(&dir);
        errors_are_located(&r.diagnostics, &ext);
        for (at, name) in [
            (format!("financien.{ext}: Kostenregels!G2"), "#DEEL/0!"),
            (format!("financien.{ext}: Dekking!D3"), "#DEEL/0!"),
            (format!("stakeholders.{ext}: Regio!B2"), "#N/B"),
            (format!("stakeholders.{ext}: Personen!B3"), "#N/B"),
        ] {
            let d = r
                .diagnostics
                .iter()
                .find(|d| {
                    d.code.as_str() == "F09"
                        && d.location.as_ref().map(|l| l.to_string()) == Some(at.clone())
                })
                .unwrap_or_else(|| panic!("{ext}: no F09 at {at}:\n{}", show(&r.diagnostics)));
            assert!(d.message.contains(name), "{ext}: {d}");
        }
    }
}

/// A value merged over several rows stands only in the first: the others are empty cells,
/// reported at their own position. A header merged over two columns hides the second.
#[test]
fn merged_cells_are_reported_at_the_empty_cells() {
    let work = tempfile::tempdir().unwrap();
    let mut p = Project::valid();
    p.sheet("Partijen")
        .set("Overeenkomst", 1, merged(2, 0, "regio"));
    p.sheet("Partijen").set("Overeenkomst", 2, V::E);
    p.sheet("Partijen").set("Overeenkomst", 3, V::E);
    p.sheet("Organisaties").rows[0][1] = merged(0, 1, "Naam");
    p.sheet("Organisaties").rows[0][2] = V::E;
    let dir = work.path().join("xlsx");
    std::fs::create_dir_all(&dir).unwrap();
    write_project(&p, &dir, Writer::Plain);
    let files = vec![dir.join("stakeholders.xlsx"), dir.join("financien.xlsx")];
    let mut dirs = vec![("xlsx".to_string(), dir.clone())];
    if libreoffice(&files, "ods", &work.path().join("ods")) {
        dirs.push(("ods".into(), work.path().join("ods")));
    }
    for (ext, dir) in dirs {
        let r = read(&dir);
        errors_are_located(&r.diagnostics, &ext);
        let at: Vec<String> = r
            .diagnostics
            .iter()
            .map(|d| format!("{} {}", d.code, d.location.as_ref().unwrap()))
            .collect();
        for want in [
            format!("F08 stakeholders.{ext}: Partijen!A3"),
            format!("F08 stakeholders.{ext}: Partijen!A4"),
        ] {
            assert!(at.contains(&want), "{ext}: {want} missing in {at:#?}");
        }
        let p = r.model.expect("model");
        assert_eq!(p["organisaties"][0]["naam"], "Gemeente Ede", "{ext}");
        assert!(p["organisaties"][0]["korte_naam"].is_null(), "{ext}");
    }
}

/// Every sheet with only its header row (key/value sheets with only `Veld | Waarde`):
/// findings for what is missing, each with a code and a location, and a concept build that
/// does not panic.
#[test]
fn workbooks_with_only_header_rows() {
    let mut p = Project::valid();
    for s in all_sheets(&mut p) {
        s.rows.truncate(1);
    }
    let dir = p.write();
    let r = read(dir.path());
    assert!(
        errors_are_located(&r.diagnostics, "alleen kopregels") > 0,
        "{}",
        show(&r.diagnostics)
    );
    assert!(
        r.diagnostics.iter().any(|d| d.code.as_str() == "F08"
            && d.location.as_ref().unwrap().to_string() == "stakeholders.xlsx: tabblad Regio"
            && d.message.contains("Regionaam")),
        "{}",
        show(&r.diagnostics)
    );
    concept_build(dir.path(), formats(true, true, true));
}

/// Files that are no workbook: F02 at the file, in Dutch, whatever the extension says.
#[test]
fn files_that_are_no_workbook() {
    let valid = Project::valid().write();
    let xlsx = std::fs::read(valid.path().join("financien.xlsx")).unwrap();
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("readme.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"geen werkboek").unwrap();
    let other_zip = zip.finish().unwrap().into_inner();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("financien.xlsx", Vec::new()),
        ("financien.xlsx", b"Dit is geen werkboek".to_vec()),
        (
            "financien.xls",
            b"<html><table><tr><td>Startjaar</td><td>2027</td></tr></table></html>".to_vec(),
        ),
        ("financien.xlsx", b"Veld;Waarde\nStartjaar;2027\n".to_vec()),
        ("financien.ods", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec()),
        ("financien.xlsm", other_zip),
        ("financien.xlsx", xlsx[..xlsx.len() / 2].to_vec()),
        (
            "financien.xls",
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0],
        ),
    ];
    for (name, bytes) in cases {
        let dir = Project::valid().write();
        std::fs::remove_file(dir.path().join("financien.xlsx")).unwrap();
        std::fs::write(dir.path().join(name), &bytes).unwrap();
        let r = read(dir.path());
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.code.as_str() == "F02")
            .unwrap_or_else(|| panic!("{name} ({} bytes): {}", bytes.len(), show(&r.diagnostics)));
        assert_eq!(d.location.as_ref().unwrap().to_string(), name);
        assert!(d.message.contains("geen leesbaar werkboek"), "{d}");
        assert!(d.hint.is_some(), "{d}");
    }
    // A folder where the file should be: still F02, and the reason in Dutch.
    let dir = Project::valid().write();
    std::fs::remove_file(dir.path().join("financien.xlsx")).unwrap();
    std::fs::create_dir(dir.path().join("financien.xlsx")).unwrap();
    let r = read(dir.path());
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "F02")
        .expect("F02");
    assert!(d.message.contains("map"), "{d}");
}

/// A password-protected workbook says so, instead of "not a workbook".
#[test]
fn password_protected_workbooks_say_so() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for ext in ["ods", "xls"] {
        let dir = Project::valid().write();
        std::fs::remove_file(dir.path().join("financien.xlsx")).unwrap();
        std::fs::copy(
            fixtures.join(format!("versleuteld.{ext}")),
            dir.path().join(format!("financien.{ext}")),
        )
        .unwrap();
        let r = read(dir.path());
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.code.as_str() == "F02")
            .unwrap_or_else(|| panic!("{ext}: {}", show(&r.diagnostics)));
        assert_eq!(
            d.location.as_ref().unwrap().to_string(),
            format!("financien.{ext}")
        );
        assert!(d.message.contains("wachtwoord"), "{ext}: {d}");
        assert!(
            d.hint.as_deref().unwrap().contains("wachtwoord"),
            "{ext}: {d}"
        );
    }
}

/// `Financien.XLSX`, `STAKEHOLDERS.Xlsm`: found, read like the originals, and named as
/// spelled in messages.
#[test]
fn extension_case_and_xlsm() {
    let mut p = Project::valid();
    let base_dir = p.write();
    let base = read(base_dir.path());
    p.sheet("Kostenregels").set("Tarief", 1, "1.23");
    let dir = p.write();
    std::fs::rename(
        dir.path().join("financien.xlsx"),
        dir.path().join("Financien.XLSX"),
    )
    .unwrap();
    std::fs::rename(
        dir.path().join("stakeholders.xlsx"),
        dir.path().join("STAKEHOLDERS.Xlsm"),
    )
    .unwrap();
    let r = read(dir.path());
    let at: Vec<String> = r
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.location.as_ref().unwrap()))
        .collect();
    assert_eq!(at, ["F10 Financien.XLSX: Kostenregels!G2"], "{at:?}");
    // Without the error, the model is the original's.
    let dir = Project::valid().write();
    std::fs::rename(
        dir.path().join("financien.xlsx"),
        dir.path().join("Financien.XLSX"),
    )
    .unwrap();
    let got = read(dir.path());
    assert!(compare(&base, &got, &[]).is_none());
}

// ---------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------

fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(Engine::new)
}

fn formats(pdf: bool, docx: bool, xlsx: bool) -> Formats {
    Formats { pdf, docx, xlsx }
}

/// Builds `map` with `--concept` into a new folder; panics when the build fails.
fn concept_build(map: &Path, formats: Formats) -> (tempfile::TempDir, BuildReport) {
    let uit = tempfile::tempdir().unwrap();
    let opts = BuildOptions {
        formats,
        concept: true,
        ..BuildOptions::default()
    };
    let mut r = build(engine(), &[Target::new(map, uit.path())], &opts, &|_| {});
    match r.remove(0) {
        Ok(report) => (uit, report),
        Err(e) => panic!("build of {} failed: {e}", map.display()),
    }
}

// ---------------------------------------------------------------------------------------
// 2. Hostile values end to end
// ---------------------------------------------------------------------------------------

/// Values that would run, format or escape if spliced into Typst, Markdown, Jinja, HTML,
/// a spreadsheet formula or a path; invisible and control characters; emoji; a long word.
fn hostile() -> Vec<String> {
    vec![
        "#read(\"/etc/passwd\")".into(),
        "$x$".into(),
        "*a* | b".into(),
        "{{ 7*7 }}".into(),
        "{% if %}".into(),
        "<b>".into(),
        "=HYPERLINK(\"http://x\")".into(),
        "../../x".into(),
        "\u{200F}rechts-naar-links".into(),
        "appel 🍎".into(),
        format!("lang{}woord", "abcdefghij".repeat(12)),
        "nul\u{0}en\u{1b}escape".into(),
    ]
}

/// The fields that get a hostile value: (sheet, column, data row). The value of field `j`
/// is `H{j}: ` followed by every hostile value.
const HOSTILE_FIELDS: &[(&str, &str, usize)] = &[
    ("Personen", "Naam", 1),
    ("Personen", "Functie", 1),
    ("Organisaties", "Naam", 1),
    ("Partijen", "Verantwoordelijkheden", 1),
    ("Partijen", "Rol in de aanpak", 1),
    ("Teksten", "Tekst", 1),
    ("Kostenregels", "Kostenpost", 2),
    ("Financieringsbronnen", "Naam", 2),
    ("Mijlpalen", "Omschrijving", 1),
    ("Risicos", "Omschrijving", 1),
];

fn hostile_value(j: usize) -> String {
    format!("H{j}: {}", hostile().join(" ¦ "))
}

/// What the documents must show for a value: control characters are dropped on reading.
fn as_read(v: &str) -> String {
    v.chars().filter(|c| !c.is_control()).collect()
}

/// What the PDF text shows: no embedded font has emoji (U+25A1 instead, with a layout
/// warning) and pdftotext drops the invisible right-to-left mark.
fn as_in_pdf(v: &str) -> String {
    as_read(v)
        .chars()
        .filter(|c| *c != '\u{200F}')
        .map(|c| {
            if u32::from(c) >= 0x1F000 {
                '\u{25A1}'
            } else {
                c
            }
        })
        // Soft hyphens and the zero-width break opportunities the theme puts into very
        // long words (so they wrap instead of running off the page) are not text.
        .filter(|c| !c.is_whitespace() && *c != '\u{AD}' && *c != '\u{200B}')
        .collect()
}

fn project_with(values: &dyn Fn(usize) -> String) -> Project {
    let mut p = Project::valid();
    for (j, (sheet, col, row)) in HOSTILE_FIELDS.iter().enumerate() {
        let mut v = values(j);
        if *col == "Verantwoordelijkheden" {
            v.push_str("\nfinanciering");
        }
        p.sheet(sheet).set(col, *row, v.as_str());
    }
    // A value that starts with `=` must stay text in the XLSX budget.
    p.sheet("Kostenregels")
        .set("Kostenpost", 1, "=HYPERLINK(\"http://x\")");
    p
}

/// The paragraph styles of a DOCX body in order, and its text with SHA-256 hashes masked
/// (an agreement names the hash of its plan's PDF, which differs with the text).
fn docx_structure(docx: &[u8]) -> (Vec<String>, String) {
    let xml = crate::util::zip_entry(docx, "word/document.xml");
    let styles = xml
        .split("<w:p>")
        .flat_map(|p| p.split("<w:p "))
        .skip(1)
        .map(|p| {
            let p = &p[..p.find("</w:p>").unwrap_or(p.len())];
            match p.find("<w:pStyle w:val=\"") {
                Some(i) => p[i + 17..].split('"').next().unwrap_or("").to_string(),
                None => String::new(),
            }
        })
        .collect();
    (styles, mask_hashes(&crate::docx::part_text(&xml)))
}

fn mask_hashes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_hexdigit())
            .count();
        if run >= 40 {
            out.push_str("<hash>");
            i += run;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn pdf_text(pdf: &[u8], dir: &Path, name: &str) -> String {
    let path = dir.join(name.replace('/', "_"));
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg("-raw")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(out.status.success(), "pdftotext failed on {name}");
    String::from_utf8_lossy(&out.stdout)
        .chars()
        // Soft hyphens and the zero-width break opportunities the theme puts into very
        // long words (so they wrap instead of running off the page) are not text.
        .filter(|c| !c.is_whitespace() && *c != '\u{AD}' && *c != '\u{200B}')
        .collect()
}

#[test]
fn hostile_values_reach_every_document_literally() {
    let placeholder = |j: usize| format!("XQ{j}XQ");
    let plain = project_with(&placeholder).write();
    let evil = project_with(&hostile_value).write();
    for (name, dir) in [("placeholders", &plain), ("hostile", &evil)] {
        let r = read(dir.path());
        let format_errors: Vec<&Diagnostic> = r
            .diagnostics
            .iter()
            .filter(|d| d.is_error() && d.code.as_str().starts_with('F'))
            .collect();
        assert!(format_errors.is_empty(), "{name}: {format_errors:#?}");
    }
    let (plain_out, plain_report) = concept_build(plain.path(), formats(true, true, true));
    let (evil_out, evil_report) = concept_build(evil.path(), formats(true, true, true));
    assert!(
        plain_report.geweigerd.is_empty(),
        "{:?}",
        plain_report.geweigerd
    );
    assert!(
        evil_report.geweigerd.is_empty(),
        "{:?}",
        evil_report.geweigerd
    );
    let plain_files = files(plain_out.path());
    let evil_files = files(evil_out.path());
    assert_eq!(
        plain_files.keys().collect::<Vec<_>>(),
        evil_files.keys().collect::<Vec<_>>(),
        "hostile values changed which files were written"
    );
    let n = HOSTILE_FIELDS.len();
    let mut seen = vec![false; n];

    // DOCX: the same paragraphs with the same styles, and the text with every placeholder
    // replaced by its value, literally.
    for (name, bytes) in plain_files.iter().filter(|(n, _)| n.ends_with(".docx")) {
        let (styles, text) = docx_structure(bytes);
        let (evil_styles, evil_text) = docx_structure(&evil_files[name]);
        assert_eq!(styles, evil_styles, "{name}: paragraph structure changed");
        let mut expected = text.clone();
        for j in (0..n).rev() {
            if text.contains(&placeholder(j)) {
                seen[j] = true;
            }
            expected = expected.replace(&placeholder(j), &as_read(&hostile_value(j)));
        }
        if evil_text != expected {
            let i = evil_text
                .chars()
                .zip(expected.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let ctx = |s: &str| {
                s.chars()
                    .skip(i.saturating_sub(80))
                    .take(160)
                    .collect::<String>()
            };
            panic!(
                "{name}: DOCX text differs at char {i}:\n got:  {}\n want: {}",
                ctx(&evil_text),
                ctx(&expected)
            );
        }
    }
    for (j, (sheet, col, _)) in HOSTILE_FIELDS.iter().enumerate() {
        assert!(
            seen[j],
            "{sheet}/{col} appears in no DOCX; choose another field"
        );
    }

    // PDF: every hostile value, as the PDF can show it, in every PDF whose placeholder
    // version shows the field.
    if have("pdftotext") {
        let tmp = tempfile::tempdir().unwrap();
        for (name, bytes) in plain_files.iter().filter(|(n, _)| n.ends_with(".pdf")) {
            let plain_text = pdf_text(bytes, tmp.path(), &format!("plain-{name}"));
            let evil_text = pdf_text(&evil_files[name], tmp.path(), &format!("evil-{name}"));
            assert!(!evil_text.contains("root:"), "{name}: /etc/passwd was read");
            for j in 0..n {
                if !plain_text.contains(&placeholder(j)) {
                    continue;
                }
                for h in std::iter::once(format!("H{j}:")).chain(hostile()) {
                    let want = as_in_pdf(&h);
                    // A very long word wraps (the theme lets words of 65+ characters
                    // break anywhere) instead of running off the page: it is all there.
                    assert!(
                        evil_text.contains(&want),
                        "{name}: {:?} (as {want:?}) of field {j} is missing from the PDF text:\n{}",
                        h,
                        around(&evil_text, &format!("H{j}:"))
                    );
                }
            }
        }
    } else {
        eprintln!("NOTE: pdftotext not installed; skipping the PDF half of this check");
    }

    // XLSX: the values are string cells, never formulas.
    let mut in_xlsx = 0;
    for (name, bytes) in evil_files.iter().filter(|(n, _)| n.ends_with(".xlsx")) {
        let mut xlsx: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).expect("readable xlsx");
        use calamine::Reader;
        for sheet in xlsx.sheet_names() {
            let range = xlsx.worksheet_range(&sheet).unwrap();
            for cell in range.used_cells() {
                let text = match cell.2 {
                    calamine::Data::String(s) => s.clone(),
                    _ => continue,
                };
                if text == "=HYPERLINK(\"http://x\")"
                    || text.contains("H6: ")
                    || text.contains("H7: ")
                {
                    in_xlsx += 1;
                }
            }
            let formulas = xlsx.worksheet_formula(&sheet).unwrap();
            for (_, _, f) in formulas.used_cells() {
                assert!(
                    !f.contains("HYPERLINK") && !f.contains("etc/passwd"),
                    "{name}!{sheet}: a value became the formula {f}"
                );
            }
        }
    }
    assert!(in_xlsx > 0, "no hostile value found in any XLSX");
    for (j, (sheet, col, _)) in HOSTILE_FIELDS.iter().enumerate() {
        if ["Kostenregels", "Financieringsbronnen"].contains(sheet) {
            let needle = as_read(&hostile_value(j));
            let found = evil_files
                .iter()
                .filter(|(n, _)| n.ends_with("begroting.xlsx"))
                .any(|(_, b)| xlsx_strings(b).iter().any(|s| s.contains(&needle)));
            assert!(
                found,
                "{sheet}/{col} is not a string cell of any begroting.xlsx"
            );
        }
    }
}

/// Up to 600 characters of `text` from `needle` on (all of them when it is absent).
fn around(text: &str, needle: &str) -> String {
    let from = text.find(needle).unwrap_or(0);
    text[from..].chars().take(600).collect()
}

fn xlsx_strings(bytes: &[u8]) -> Vec<String> {
    use calamine::Reader;
    let mut xlsx: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("readable xlsx");
    let mut out = Vec::new();
    for sheet in xlsx.sheet_names() {
        let range = xlsx.worksheet_range(&sheet).unwrap();
        for (_, _, c) in range.used_cells() {
            if let calamine::Data::String(s) = c {
                out.push(s.clone());
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// 3. A seeded sweep of random mutations
// ---------------------------------------------------------------------------------------

/// xorshift64*: small, seeded, the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn random_value(rng: &mut Rng) -> V {
    let texts = [
        "",
        " ",
        "ja",
        "nee",
        "regio",
        "GM0228",
        "GM9999",
        "K1",
        "P-EDE",
        "ORG-GGD",
        "B-GEM",
        "S-INW",
        "1.23",
        "1,234.56",
        "€ 1.234,56",
        "-5",
        "0,5",
        "2,5%",
        "31-02-2026",
        "2026-13-01",
        "01-03-2026",
        "deelnemend",
        "vast",
        "structureel",
        "#DEEL/0!",
        "Err:502",
        "=1+1",
        "x\ny",
        "🍎",
        "\u{200F}",
        "2027",
        "abc",
        "9999999999999999999999999999",
    ];
    match rng.below(6) {
        0 => V::E,
        1 => V::N(*rng.pick(&[0.0, 1.0, -1.0, 0.025, 2027.0, 1e15, 12.345, 46000.0, -0.0])),
        2 => V::D(
            *rng.pick(&[1900, 2026, 2027, 2028, 2100]),
            1 + rng.below(12) as u8,
            1 + rng.below(28) as u8,
        ),
        3 => V::B(rng.below(2) == 0),
        4 => V::Err(["#DIV/0!", "#N/A", "#REF!"][rng.below(3)]),
        _ => V::T(rng.pick(&texts).to_string()),
    }
}

fn mutate(p: &mut Project, rng: &mut Rng) -> String {
    let book = if rng.below(2) == 0 {
        &mut p.stakeholders
    } else {
        &mut p.financien
    };
    if book.sheets.is_empty() {
        return "niets".into();
    }
    let si = rng.below(book.sheets.len());
    let sheet = &mut book.sheets[si];
    let name = sheet.name.clone();
    match rng.below(10) {
        0 => {
            book.sheets.remove(si);
            format!("tabblad {name} weg")
        }
        1 if sheet.rows.len() > 1 => {
            let r = 1 + rng.below(sheet.rows.len() - 1);
            sheet.rows.remove(r);
            format!("{name}: rij {r} weg")
        }
        2 => {
            let c = rng.below(sheet.rows[0].len());
            for r in &mut sheet.rows {
                if c < r.len() {
                    r.remove(c);
                }
            }
            format!("{name}: kolom {c} weg")
        }
        3 => {
            let r = rng.below(sheet.rows.len());
            let c = rng.below(sheet.rows[r].len() + 1);
            if c < sheet.rows[r].len() {
                sheet.rows[r][c] = V::E;
            }
            format!("{name}: cel ({r},{c}) leeg")
        }
        _ => {
            let r = rng.below(sheet.rows.len() + 1);
            if r == sheet.rows.len() {
                sheet.rows.push(Vec::new());
            }
            let c = rng.below(sheet.rows[r].len() + 2);
            if sheet.rows[r].len() <= c {
                sheet.rows[r].resize(c + 1, V::E);
            }
            let v = random_value(rng);
            let shown = format!("{v:?}");
            sheet.rows[r][c] = v;
            format!("{name}: cel ({r},{c}) = {shown}")
        }
    }
}

#[test]
fn random_mutations_never_panic_and_every_error_is_located() {
    let cases = 300;
    let mut rng = Rng(0x5EED_2026_1115_0001);
    let start = std::time::Instant::now();
    let mut built = 0;
    let work = tempfile::tempdir().unwrap();
    for case in 0..cases {
        let mut p = Project::valid();
        let steps: Vec<String> = (0..1 + rng.below(3))
            .map(|_| mutate(&mut p, &mut rng))
            .collect();
        let dir = work.path().join(format!("c{case}"));
        std::fs::create_dir_all(&dir).unwrap();
        p.write_to(&dir);
        let what = format!("case {case}: {}", steps.join("; "));
        let checked = std::panic::catch_unwind(|| read(&dir))
            .unwrap_or_else(|_| panic!("check panicked on {what}"));
        errors_are_located(&checked.diagnostics, &what);
        let format_errors = checked
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.code.as_str().starts_with('F'));
        if !format_errors {
            // PDF is the slow part in a debug build: every fifth build renders it.
            let pdf = built % 5 == 0;
            built += 1;
            let report =
                std::panic::catch_unwind(|| concept_build(&dir, formats(pdf, true, true)).1)
                    .unwrap_or_else(|_| panic!("build panicked on {what}"));
            errors_are_located(
                &report.bevindingen.iter().cloned().collect::<Vec<_>>(),
                &what,
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
    eprintln!(
        "{cases} mutations, {built} built, in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    assert!(built > 0, "no mutation was buildable");
}
