//! The archive of final versions: every set built with status `definitief`, kept per
//! version in `archief/<versie>/` inside the output folder, written once and never rewritten.
//!
//! A version's folder holds
//!
//! ```text
//! archief/1.0/
//!   regio/..., gemeenten/..., overzicht.xlsx   the documents, as in the output folder
//!   invoer/stakeholders.xlsx, invoer/financien.xlsx   the two workbooks, the bytes as read
//!   manifest.json      the build's manifest (inputs, templates, these documents, findings)
//!   momentopname.json  the amounts and parts the change report compares (crate::changes)
//!   ir/regio/samenwerkingsovereenkomst.json, ir/.../plan.json   the document tree of every
//!                      agreement and plan, for the redlines (crate::render::redline)
//!   archief.json       the seal: version, date, and the size and SHA-256 of every file above
//! ```
//!
//! The pipeline writes a new version into the build's new state of the output folder
//! ([`crate::outdir::Staging`]), so it appears in the same atomic step as the documents, or
//! not at all; the next builds carry it over as it is (hard links to the same files). The
//! top-level `manifest.json` records every version with the SHA-256 of its seal.
//!
//! **Same content** means the same documents: every PDF, DOCX and XLSX of the set with the
//! SHA-256 the seal records. The inputs' hashes would be the wrong test: saving a workbook in
//! Excel without changing a cell gives other bytes, and a cell that no document prints can
//! change without changing what the parties sign. The documents are what is signed, and
//! they are deterministic (the same content gives the same bytes), so a rebuild that gives
//! the same bytes is the same version and changes nothing, and one that gives other bytes
//! (a changed amount, text, plan hash, or a layout that moved a line) is another version.
//!
//! **Damage.** A version whose seal is missing or unreadable, whose seal no longer has the
//! SHA-256 the manifest records, or whose files are missing, changed or joined by others is
//! reported in Dutch ([`ArchiveError`]) and never touched; a build that needs it stops.
//!
//! **Order.** Versions are ordered by `Versiedatum`, then by version number compared
//! naturally (`1.9` before `1.10`); the *reference* of a build, with which its change report
//! and redlines compare, is the last one (for a final build of an archived version, the one
//! before it).
//!
//! ```
//! use regiodocs::archive::folder_name;
//! assert_eq!(folder_name("1.0"), "1.0");
//! assert_eq!(folder_name("v2 (def)"), "v2-def");
//! assert_eq!(folder_name("../.."), "versie");
//! ```

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::changes::Snapshot;
use crate::ir::Document;
use crate::manifest::Gearchiveerd;
use crate::output;

/// The archive's folder in the output folder.
pub const DIR: &str = "archief";

/// The seal's file name in a version's folder.
pub const SEAL: &str = "archief.json";

/// One archived file: its path in the version's folder, size and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Path relative to the version's folder, with `/`.
    pub bestand: String,
    /// SHA-256, lowercase hex.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// The seal of an archived version (`archief.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seal {
    /// `Versie`, exactly as written.
    pub versie: String,
    /// `Versiedatum`, `JJJJ-MM-DD`.
    pub versiedatum: String,
    /// `Regionaam`.
    pub regio: String,
    /// The regiodocs version that archived it.
    pub regiodocs: String,
    /// The documents, with their paths in the output folder (and in the version's folder).
    pub documenten: Vec<Entry>,
    /// Everything else in the version's folder except the seal: `manifest.json`,
    /// `momentopname.json`, `invoer/...`, `ir/...`.
    pub bestanden: Vec<Entry>,
}

impl Seal {
    /// The seal as pretty JSON with a final newline; entries sorted, so deterministic.
    pub fn to_json(&self) -> String {
        let mut s = self.clone();
        s.documenten.sort_by(|a, b| a.bestand.cmp(&b.bestand));
        s.bestanden.sort_by(|a, b| a.bestand.cmp(&b.bestand));
        let mut json = serde_json::to_string_pretty(&s).unwrap_or_default();
        json.push('\n');
        json
    }
}

/// Why the archive cannot be used: it is damaged or was changed by hand.
#[derive(Debug, thiserror::Error)]
#[error(
    "het archief van de definitieve versies is beschadigd of met de hand gewijzigd: {path}: {reden}. regiodocs verandert niets aan een gearchiveerde versie; zet de map terug uit een reservekopie, of bouw in een nieuwe uitvoermap (--uit)"
)]
pub struct ArchiveError {
    /// The file or folder, e.g. `uitvoer/archief/1.0/regio/begroting.pdf`.
    pub path: String,
    /// What is wrong, in Dutch.
    pub reden: String,
}

fn damaged(path: &Path, reden: impl Into<String>) -> ArchiveError {
    ArchiveError {
        path: path.display().to_string(),
        reden: reden.into(),
    }
}

/// One archived version.
#[derive(Debug, Clone)]
pub struct Version {
    /// Its folder name under `archief/`.
    pub map: String,
    /// Its seal.
    pub seal: Seal,
    /// The SHA-256 of its seal file.
    pub seal_sha256: String,
    dir: PathBuf,
}

/// The archived versions of an output folder, oldest first.
#[derive(Debug, Clone, Default)]
pub struct Archive {
    versions: Vec<Version>,
}

/// The folder name of a version: letters, digits, `.`, `_` and `-` kept, every other run of
/// characters a `-`; never empty, never starting with a dot, at most 80 characters.
pub fn folder_name(versie: &str) -> String {
    let mut out = String::new();
    for c in versie.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out: String = out
        .trim_start_matches(['.', '-'])
        .trim_end_matches('-')
        .chars()
        .take(80)
        .collect();
    if out.is_empty() || out.chars().all(|c| c == '.') {
        "versie".into()
    } else {
        out
    }
}

/// Compares version numbers naturally: runs of digits as numbers (`1.9` < `1.10`).
pub fn natural(a: &str, b: &str) -> Ordering {
    fn chunks(s: &str) -> Vec<(bool, String)> {
        let mut out: Vec<(bool, String)> = Vec::new();
        for c in s.chars() {
            let digit = c.is_ascii_digit();
            match out.last_mut() {
                Some((d, text)) if *d == digit => text.push(c),
                _ => out.push((digit, c.to_string())),
            }
        }
        out
    }
    let (x, y) = (chunks(a), chunks(b));
    for ((dx, cx), (dy, cy)) in x.iter().zip(&y) {
        let o = if *dx && *dy {
            let (tx, ty) = (cx.trim_start_matches('0'), cy.trim_start_matches('0'));
            tx.len().cmp(&ty.len()).then(tx.cmp(ty))
        } else {
            cx.cmp(cy)
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    x.len().cmp(&y.len()).then(a.cmp(b))
}

impl Archive {
    /// Reads the seals of every version in `uit/archief/` and checks them against what the
    /// output folder's manifest recorded (`recorded`): every recorded version must be there
    /// with the same seal. The files themselves are checked by [`Version::verify`].
    pub fn open(uit: &Path, recorded: &[Gearchiveerd]) -> Result<Archive, ArchiveError> {
        let root = uit.join(DIR);
        let mut versions = Vec::new();
        match std::fs::read_dir(&root) {
            Ok(entries) => {
                let mut paths: Vec<PathBuf> =
                    entries.filter_map(|e| Some(e.ok()?.path())).collect();
                paths.sort();
                for dir in paths {
                    let name = dir
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    if name.starts_with('.') {
                        continue;
                    }
                    if !dir.is_dir() {
                        return Err(damaged(&dir, "dit hoort niet in het archief"));
                    }
                    versions.push(Version::read(&dir, name)?);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(damaged(&root, crate::diag::io_reason(&e))),
        }
        for r in recorded {
            match versions.iter().find(|v| v.map == r.map) {
                None => {
                    return Err(damaged(
                        &root.join(&r.map),
                        format!(
                            "de map van versie {} ontbreekt, maar manifest.json noemt haar",
                            r.versie
                        ),
                    ));
                }
                Some(v) if v.seal_sha256 != r.sha256 || v.seal.versie != r.versie => {
                    return Err(damaged(
                        &v.dir.join(SEAL),
                        "het zegel is gewijzigd sinds regiodocs het schreef (de SHA-256 verschilt van die in manifest.json)",
                    ));
                }
                Some(_) => {}
            }
        }
        versions.sort_by(|a, b| {
            a.seal
                .versiedatum
                .cmp(&b.seal.versiedatum)
                .then(natural(&a.seal.versie, &b.seal.versie))
        });
        Ok(Archive { versions })
    }

    /// Every version, oldest first.
    pub fn versions(&self) -> &[Version] {
        &self.versions
    }

    /// The archived version `versie`, if there is one.
    pub fn version(&self, versie: &str) -> Option<&Version> {
        self.versions.iter().find(|v| v.seal.versie == versie)
    }

    /// The version a build of `versie` compares with: the last archived one; for a final
    /// build of a version that is already archived, the one before it.
    pub fn reference(&self, versie: &str, definitief: bool) -> Option<&Version> {
        match self.versions.iter().position(|v| v.seal.versie == versie) {
            Some(i) if definitief => i.checked_sub(1).map(|j| &self.versions[j]),
            _ => self.versions.last(),
        }
    }

    /// What the output folder's manifest records about the archive.
    pub fn recorded(&self) -> Vec<Gearchiveerd> {
        self.versions
            .iter()
            .map(|v| Gearchiveerd {
                versie: v.seal.versie.clone(),
                map: v.map.clone(),
                sha256: v.seal_sha256.clone(),
            })
            .collect()
    }
}

impl Version {
    /// Reads the seal of the version in `dir`.
    pub fn read(dir: &Path, map: String) -> Result<Version, ArchiveError> {
        let seal_path = dir.join(SEAL);
        let bytes = std::fs::read(&seal_path).map_err(|e| {
            damaged(
                &seal_path,
                match e.kind() {
                    std::io::ErrorKind::NotFound => "het zegel (archief.json) ontbreekt".into(),
                    _ => crate::diag::io_reason(&e),
                },
            )
        })?;
        let seal: Seal = serde_json::from_slice(&bytes)
            .map_err(|_| damaged(&seal_path, "het zegel (archief.json) is onleesbaar"))?;
        if folder_name(&seal.versie) != map {
            return Err(damaged(
                dir,
                format!(
                    "deze map hoort bij versie ‘{}’, maar heet {map}",
                    seal.versie
                ),
            ));
        }
        Ok(Version {
            map,
            seal_sha256: output::sha256(&bytes),
            seal,
            dir: dir.to_path_buf(),
        })
    }

    /// The version's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Checks every file of the version against its seal: each is there with its size and
    /// SHA-256, and there is no other file (names starting with a dot aside).
    pub fn verify(&self) -> Result<(), ArchiveError> {
        let mut listed: Vec<&str> = vec![SEAL];
        for e in self.seal.documenten.iter().chain(&self.seal.bestanden) {
            let path = self.dir.join(&e.bestand);
            if !safe(&e.bestand) {
                return Err(damaged(
                    &self.dir.join(SEAL),
                    "het zegel noemt een ongeldig pad",
                ));
            }
            let size = std::fs::metadata(&path).map(|m| m.len());
            match size {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(damaged(&path, "dit bestand ontbreekt"));
                }
                Err(e) => return Err(damaged(&path, crate::diag::io_reason(&e))),
                Ok(n) if n != e.bytes => return Err(damaged(&path, "dit bestand is gewijzigd")),
                Ok(_) => {}
            }
            let sha = output::sha256_file(&path)
                .map_err(|x| damaged(&path, crate::diag::io_reason(&x)))?;
            if sha != e.sha256 {
                return Err(damaged(&path, "dit bestand is gewijzigd"));
            }
            listed.push(&e.bestand);
        }
        for path in files(&self.dir) {
            let rel = path
                .strip_prefix(&self.dir)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let hidden = rel.split('/').any(|part| part.starts_with('.'));
            if !hidden && !listed.contains(&rel.as_str()) {
                return Err(damaged(
                    &path,
                    "dit bestand hoort niet bij de gearchiveerde versie",
                ));
            }
        }
        Ok(())
    }

    /// The archived document at `rel` (path in the output folder), if the version has it.
    pub fn document(&self, rel: &str) -> Option<&Entry> {
        self.seal.documenten.iter().find(|e| e.bestand == rel)
    }

    /// The version's snapshot (`momentopname.json`).
    pub fn snapshot(&self) -> Result<Snapshot, ArchiveError> {
        let path = self.dir.join(crate::changes::FILE_NAME);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| damaged(&path, crate::diag::io_reason(&e)))?;
        Snapshot::parse(&text).ok_or_else(|| damaged(&path, "deze momentopname is onleesbaar"))
    }

    /// The document tree of the agreement or plan `name` (e.g. `regio/regionaal-plan`), when
    /// the version has one, with the SHA-256 of its file.
    pub fn ir(&self, name: &str) -> Result<Option<(Document, String)>, ArchiveError> {
        let rel = ir_path(name);
        let Some(entry) = self.seal.bestanden.iter().find(|e| e.bestand == rel) else {
            return Ok(None);
        };
        let path = self.dir.join(&rel);
        let bytes = std::fs::read(&path).map_err(|e| damaged(&path, crate::diag::io_reason(&e)))?;
        let doc = serde_json::from_slice(&bytes)
            .map_err(|_| damaged(&path, "deze documentboom is onleesbaar"))?;
        Ok(Some((doc, entry.sha256.clone())))
    }

    /// The archived input workbooks: `(file name, SHA-256)`.
    pub fn inputs(&self) -> Vec<(&str, &str)> {
        self.seal
            .bestanden
            .iter()
            .filter_map(|e| Some((e.bestand.strip_prefix("invoer/")?, e.sha256.as_str())))
            .collect()
    }
}

/// The path of a document tree in a version's folder: `ir/<name>.json`.
pub fn ir_path(name: &str) -> String {
    format!("ir/{name}.json")
}

/// A relative path without `..`, absolute parts or backslashes.
fn safe(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.starts_with('/')
        && !rel.contains('\\')
        && rel
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..")
}

/// Every file under `dir`.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_sort_naturally() {
        let mut v = vec!["1.10", "1.9", "2.0", "1.0", "1.0a"];
        v.sort_by(|a, b| natural(a, b));
        assert_eq!(v, ["1.0", "1.0a", "1.9", "1.10", "2.0"]);
    }

    #[test]
    fn folder_names_stay_inside_the_archive() {
        for v in ["..", "/etc", "a/../../b", "\u{202E}1.0", ".verborgen"] {
            let f = folder_name(v);
            assert!(
                safe(&f) && !f.starts_with('.') && !f.contains('/'),
                "{v} → {f}"
            );
        }
        assert_eq!(folder_name("1.0-def"), "1.0-def");
    }
}
