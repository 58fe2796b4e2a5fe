//! Fuzz target: the bytes of one input workbook → the findings of `check`.
//!
//! The first byte chooses which workbook is fuzzed (bit 0: stakeholders or financien) and
//! how (the rest of the byte):
//!
//! - **whole file**: the other bytes are the workbook, read as `.xlsx`, `.ods` or `.xls`;
//! - **one part**: the other bytes replace one XML part of the example's `.xlsx` (a sheet,
//!   the shared strings, the workbook or its relations, chosen by the byte), and the
//!   package is zipped again (stored, so CRCs match). This reaches the XML readers and the
//!   model with far more inputs than mutating compressed bytes, which mostly fails the CRC.
//!
//! The other workbook is the example's. Both are read within the default limits, the
//! project is built from them, its budget computed and every rule run, exactly as
//! `regiodocs check` does. Any panic, hang or memory blow-up is a finding of the fuzzer.
#![no_main]

use std::io::{Cursor, Read, Write};

use libfuzzer_sys::fuzz_target;
use regiodocs::budget::Budget;
use regiodocs::ingest::Workbook;

const STAKEHOLDERS: &[u8] = include_bytes!("../../inputs/foodvalley/stakeholders.xlsx");
const FINANCIEN: &[u8] = include_bytes!("../../inputs/foodvalley/financien.xlsx");
const EXTENSIONS: [&str; 3] = ["xlsx", "ods", "xls"];

fuzz_target!(
    // A panic regiodocs contains (and reports as a finding) is no crash; every other
    // panic still reaches libFuzzer's hook and aborts.
    init: regiodocs::contain::install_quiet_hook(),
    |data: &[u8]| {
    let Some((&choice, bytes)) = data.split_first() else {
        return;
    };
    let stakeholders = choice % 2 == 0;
    let (stem, example) = if stakeholders {
        ("stakeholders", STAKEHOLDERS)
    } else {
        ("financien", FINANCIEN)
    };
    let mode = choice as usize / 2;
    let (name, workbook) = if mode < EXTENSIONS.len() {
        (format!("{stem}.{}", EXTENSIONS[mode]), bytes.to_vec())
    } else {
        (format!("{stem}.xlsx"), with_part(example, mode - EXTENSIONS.len(), bytes))
    };
    let Ok(fuzzed) = Workbook::from_bytes(&name, workbook) else {
        return;
    };
    let example = |name: &str, bytes: &[u8]| {
        Workbook::from_bytes(name, bytes.to_vec()).expect("the example reads")
    };
    let (s, f) = if stakeholders {
        (fuzzed, example("financien.xlsx", FINANCIEN))
    } else {
        (example("stakeholders.xlsx", STAKEHOLDERS), fuzzed)
    };
    let (project, mut findings) = regiodocs::model::read_workbooks(&s, &f);
    if let Some(p) = project {
        let budget = Budget::compute(&p);
        findings.extend(regiodocs::validate::validate(&p, &budget));
    }
    findings.sort();
    }
);

/// The example package `xlsx` with its `n`-th XML part (counting the parts that are not
/// styles, themes, drawings or document properties, modulo their number) replaced by
/// `part`, zipped again without compression.
fn with_part(xlsx: &[u8], n: usize, part: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).expect("the example is a zip");
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.expect("the example's names are UTF-8").into_owned())
        .collect();
    let targets: Vec<&String> = names
        .iter()
        .filter(|n| {
            (n.starts_with("xl/worksheets/sheet")
                || n.ends_with("sharedStrings.xml")
                || n.ends_with("workbook.xml")
                || n.ends_with("workbook.xml.rels")
                || n.ends_with("[Content_Types].xml"))
                && !n.contains("/_rels/sheet")
        })
        .collect();
    let target = targets[n % targets.len()];
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for name in &names {
        out.start_file(name.as_str(), stored).expect("zip entry");
        if name == target {
            out.write_all(part).expect("zip write");
        } else {
            let mut content = Vec::new();
            zip.by_name(name)
                .expect("listed entry")
                .read_to_end(&mut content)
                .expect("the example unpacks");
            out.write_all(&content).expect("zip write");
        }
    }
    out.finish().expect("zip finish").into_inner()
}
