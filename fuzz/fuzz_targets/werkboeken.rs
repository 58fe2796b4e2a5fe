//! Fuzz target: the bytes of one input workbook → the findings of `check`.
//!
//! The first byte chooses which workbook the rest is (stakeholders or financien) and the
//! extension it is read under (.xlsx, .ods, .xls); the other workbook is the example's.
//! Both are read within the default limits, the project is built from them, its budget
//! computed and every rule run, exactly as `regiodocs check` does. Any panic, hang or
//! memory blow-up is a finding of the fuzzer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use regiodocs::budget::Budget;
use regiodocs::ingest::Workbook;

const STAKEHOLDERS: &[u8] = include_bytes!("../../inputs/foodvalley/stakeholders.xlsx");
const FINANCIEN: &[u8] = include_bytes!("../../inputs/foodvalley/financien.xlsx");
const EXTENSIONS: [&str; 3] = ["xlsx", "ods", "xls"];

fuzz_target!(|data: &[u8]| {
    let Some((&choice, bytes)) = data.split_first() else {
        return;
    };
    let stakeholders = choice % 2 == 0;
    let ext = EXTENSIONS[(choice as usize / 2) % EXTENSIONS.len()];
    let stem = if stakeholders { "stakeholders" } else { "financien" };
    let Ok(fuzzed) = Workbook::from_bytes(&format!("{stem}.{ext}"), bytes.to_vec()) else {
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
});
