//! Workbooks written by another spreadsheet program: the fixtures converted by LibreOffice
//! to `.ods` and `.xls` must read exactly like the originals. Skipped (with a note) where
//! LibreOffice is not installed; `.ci/run` installs it.

use std::path::{Path, PathBuf};
use std::process::Command;

use regiodocs::diag::Diagnostic;

use crate::fixtures::Project;
use crate::util::have;

/// Converts every workbook in `dir` to `ext` with LibreOffice headless, then removes the
/// originals. Returns false when LibreOffice is not available.
fn convert_all(dir: &Path, ext: &str) -> bool {
    if !have("soffice") {
        eprintln!("LibreOffice (soffice) is niet geïnstalleerd: test overgeslagen");
        return false;
    }
    let profile = tempfile::tempdir().unwrap();
    let inputs: Vec<PathBuf> = ["stakeholders.xlsx", "financien.xlsx"]
        .iter()
        .map(|f| dir.join(f))
        .collect();
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", ext, "--outdir"])
        .arg(dir)
        .args(&inputs)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    for i in inputs {
        std::fs::remove_file(i).unwrap();
    }
    true
}

fn check(dir: &Path) -> Vec<Diagnostic> {
    regiodocs::pipeline::check(dir)
        .diagnostics
        .into_iter()
        .collect()
}

#[test]
fn ods_and_xls_written_by_libreoffice_read_like_xlsx() {
    for ext in ["ods", "xls"] {
        let dir = Project::valid().write();
        if !convert_all(dir.path(), ext) {
            return;
        }
        assert!(dir.path().join(format!("financien.{ext}")).exists());
        let ds = check(dir.path());
        assert!(ds.is_empty(), "{ext}: {:#?}", ds);
    }
}

#[test]
fn findings_in_an_ods_name_the_same_cell() {
    let mut p = Project::valid();
    p.sheet("Kostenregels").origin = (2, 1);
    p.sheet("Kostenregels").set("Tarief", 1, "1.23");
    p.sheet("Regio").set_field("Startdatum", "morgen");
    let dir = p.write();
    if !convert_all(dir.path(), "ods") {
        return;
    }
    let ds = check(dir.path());
    let at: Vec<String> = ds
        .iter()
        .map(|d| format!("{} {}", d.code, d.location.as_ref().unwrap()))
        .collect();
    assert!(
        at.contains(&"F10 financien.ods: Kostenregels!H4".to_string()),
        "{at:?}"
    );
    assert!(
        at.contains(&"F14 stakeholders.ods: Regio!B5".to_string()),
        "{at:?}"
    );
}
