//! Small helpers shared by the test modules: external tools, zip entries, output trees.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::Command;

/// True when `cmd` is on the PATH; tests that need it skip with a notice otherwise. When
/// the environment variable `CI` is set (`.ci/run` sets it), a missing tool fails the test
/// instead: on CI a check that silently did not run is a check that did not pass.
pub fn have(cmd: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {cmd} >/dev/null 2>&1"))
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(
        found || std::env::var_os("CI").is_none(),
        "{cmd} is not installed, and CI is set: this test must run on CI (see .ci/run)"
    );
    found
}

/// The text of one entry of a zip file (DOCX, XLSX).
pub fn zip_entry(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("valid zip");
    let mut file = archive.by_name(name).expect("entry present");
    let mut s = String::new();
    file.read_to_string(&mut s).expect("utf-8 entry");
    s
}

/// Every file under `dir` (relative path with `/` → bytes); empty when `dir` is absent.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

/// True when `tool` is on the PATH. When it is missing the test should skip: this prints a
/// notice and returns false, except when the environment variable `CI` is set, where a
/// missing tool fails the test (CI installs every tool the tests use).
pub fn need(tool: &str) -> bool {
    if have(tool) {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{tool} is not installed, but CI is set: install it (see .ci/run)"
    );
    eprintln!("NOTE: {tool} not installed; skipping this check");
    false
}
