//! The uploads: each pair of workbooks in its own folder under one private temporary
//! folder, named by an unguessable id, owned by the browser session that sent it, checked
//! once on arrival and removed after [`super::Config::bewaartijd`] without use.
//!
//! ```text
//! <temp>/regiodocs-web-XXXX/          private (0700 on Unix), removed when the server stops
//!   <id>/invoer/stakeholders.xlsx     saved under the workbook's own name, never the upload's
//!   <id>/invoer/financien.ods
//!   <id>/bouw-1/uitvoer/...           a finished build, as `regiodocs build` writes it
//!   <id>/bouw-1/alles.zip
//! ```

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::http::StatusCode;

use crate::diag::Diagnostics;
use crate::model::Scope;
use crate::pipeline::Checked;
use crate::view::{BegrotingV, DocKind, View};
use crate::vocab::Status;

use super::Limits;
use super::builds::{Resultaat, Voortgang};
use super::page::Fout;
use super::security::{is_id, random_hex};

/// One workbook as it arrived.
pub(super) struct Werkboek {
    /// `stakeholders` or `financien`.
    pub stem: &'static str,
    /// The extension it is saved with: one of [`crate::ingest::EXTENSIONS`].
    pub ext: &'static str,
    /// The name it had on the sender's computer, only to show it back.
    pub naam: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// What the page needs of a check, kept instead of the model.
#[derive(Debug)]
pub(super) struct Controle {
    /// Every finding, sorted by location.
    pub bevindingen: Diagnostics,
    /// The region's name, when the workbooks could be read.
    pub regio: Option<String>,
    /// Its version.
    pub versie: Option<String>,
    /// `Status` is `definitief`.
    pub definitief: bool,
    /// Why no documents can be made, when none can.
    pub blokkade: Option<&'static str>,
    /// The regional budget, when documents can be made.
    pub begroting: Option<BegrotingV>,
    /// Municipality names by CBS code, for the list of documents.
    pub gemeenten: BTreeMap<String, String>,
}

impl Controle {
    fn new(c: Checked) -> Controle {
        let format_errors = c
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.code.as_str().starts_with('F'));
        let blokkade = match (&c.project, &c.budget) {
            (None, _) | (_, None) => Some(
                "De werkboeken konden niet worden gelezen. Herstel eerst de fouten hierboven en kies de werkboeken dan opnieuw.",
            ),
            _ if format_errors => Some(
                "Er zijn fouten in het invoerformaat (de codes die met F beginnen). Die houden de stukken tegen: herstel ze in uw werkboek en kies het daarna opnieuw.",
            ),
            _ => None,
        };
        let begroting = match (&c.project, &c.budget) {
            (Some(p), Some(b)) if blokkade.is_none() => Some(
                View::new(p, b)
                    .context(DocKind::Begroting, &Scope::Regio, None)
                    .begroting,
            ),
            _ => None,
        };
        let p = c.project.as_ref();
        Controle {
            regio: p.map(|p| p.regio.naam.clone()),
            versie: p.map(|p| p.regio.versie.clone()),
            definitief: p.is_some_and(|p| p.regio.status == Status::Definitief),
            gemeenten: p
                .map(|p| {
                    p.gemeenten
                        .iter()
                        .map(|g| (g.code.clone(), g.naam.clone()))
                        .collect()
                })
                .unwrap_or_default(),
            blokkade,
            begroting,
            bevindingen: c.diagnostics,
        }
    }
}

/// One upload.
struct Upload {
    sessie: String,
    dir: PathBuf,
    laatst: Instant,
    namen: [String; 2],
    controle: Arc<Controle>,
    /// The build that waits or runs.
    lopend: Option<Arc<Voortgang>>,
    /// The last finished build.
    laatste: Option<Arc<Resultaat>>,
    /// Why the last build failed.
    fout: Option<String>,
    /// Builds started, to name each build's folder.
    builds: u32,
}

/// What a page shows of an upload, taken out of the store in one go.
pub(super) struct Snapshot {
    /// The names of the workbooks as sent: stakeholders, financien.
    pub namen: [String; 2],
    /// The check.
    pub controle: Arc<Controle>,
    /// The build that waits or runs.
    pub lopend: Option<Arc<Voortgang>>,
    /// The last finished build.
    pub laatste: Option<Arc<Resultaat>>,
    /// Why the last build failed.
    pub fout: Option<String>,
}

/// Where a build of an upload reads and writes.
pub(super) struct BuildPlan {
    /// The folder with the two workbooks.
    pub invoer: PathBuf,
    /// The build's own, new folder.
    pub map: PathBuf,
    /// The ZIP's download name.
    pub zip_naam: String,
}

/// Every upload, by id.
pub(super) struct Store {
    root: tempfile::TempDir,
    map: Mutex<HashMap<String, Upload>>,
}

impl Store {
    /// A store in a new private temporary folder.
    pub(super) fn new() -> std::io::Result<Store> {
        Ok(Store {
            root: tempfile::Builder::new()
                .prefix("regiodocs-web-")
                .tempdir()?,
            map: Mutex::new(HashMap::new()),
        })
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Upload>> {
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The number of uploads kept.
    pub(super) fn len(&self) -> usize {
        self.lock().len()
    }

    /// Takes two workbooks in: refuses a zip bomb, saves them in a new folder under their
    /// workbook's own name, checks them, and keeps the result for `sessie`. Blocking.
    /// Returns the new upload's id.
    pub(super) fn accept(
        &self,
        sessie: &str,
        limits: &Limits,
        files: Vec<Werkboek>,
        ttl: Duration,
    ) -> Result<String, Fout> {
        for f in &files {
            unpacked_within(&f.bytes, limits).map_err(|why| Fout::te_groot(&f.naam, &why))?;
        }
        if self.len() >= limits.uploads {
            self.remove_expired(ttl);
            if self.len() >= limits.uploads {
                return Err(Fout::vol());
            }
        }
        let id = random_hex(16).map_err(Fout::intern)?;
        let dir = self.root.path().join(&id);
        let invoer = dir.join("invoer");
        let saved = std::fs::create_dir_all(&invoer).and_then(|_| {
            files.iter().try_for_each(|f| {
                std::fs::write(invoer.join(format!("{}.{}", f.stem, f.ext)), &f.bytes)
            })
        });
        if let Err(e) = saved {
            let _ = std::fs::remove_dir_all(&dir);
            return Err(Fout::intern(format!(
                "de werkboeken konden niet worden bewaard: {e}"
            )));
        }
        let controle = Arc::new(Controle::new(crate::pipeline::check(&invoer)));
        let naam = |stem: &str| {
            files
                .iter()
                .find(|f| f.stem == stem)
                .map(|f| f.naam.clone())
                .unwrap_or_default()
        };
        let upload = Upload {
            sessie: sessie.to_string(),
            dir,
            laatst: Instant::now(),
            namen: [naam("stakeholders"), naam("financien")],
            controle,
            lopend: None,
            laatste: None,
            fout: None,
            builds: 0,
        };
        self.lock().insert(id.clone(), upload);
        Ok(id)
    }

    /// What a page shows of upload `id`, when it exists and belongs to `sessie` (anything
    /// else is `None`: the caller answers 404). Counts as use.
    pub(super) fn get(&self, id: &str, sessie: Option<&str>) -> Option<Snapshot> {
        let mut map = self.lock();
        let u = map
            .get_mut(id)
            .filter(|u| Some(u.sessie.as_str()) == sessie)?;
        u.laatst = Instant::now();
        Some(Snapshot {
            namen: u.namen.clone(),
            controle: u.controle.clone(),
            lopend: u.lopend.clone(),
            laatste: u.laatste.clone(),
            fout: u.fout.clone(),
        })
    }

    /// Puts a build of upload `id` in line, unless one waits or runs already (then that
    /// one's progress is returned as the second value, `false`).
    pub(super) fn enqueue(
        &self,
        id: &str,
        sessie: &str,
        concept: bool,
    ) -> Option<(Arc<Voortgang>, bool)> {
        let mut map = self.lock();
        let u = map.get_mut(id).filter(|u| u.sessie == sessie)?;
        u.laatst = Instant::now();
        if let Some(v) = &u.lopend {
            return Some((v.clone(), false));
        }
        let v = Arc::new(Voortgang {
            concept,
            ..Voortgang::default()
        });
        u.lopend = Some(v.clone());
        u.fout = None;
        Some((v, true))
    }

    /// A build's turn came: where it reads and writes. `None` when the upload was removed
    /// while it waited (its folder is removed now).
    pub(super) fn start(&self, id: &str) -> Option<BuildPlan> {
        let mut map = self.lock();
        let Some(u) = map.get_mut(id) else {
            drop(map);
            self.remove_folder(id);
            return None;
        };
        u.builds += 1;
        let c = &u.controle;
        let zip_naam = format!(
            "{}-versie-{}.zip",
            crate::output::slug(c.regio.as_deref().unwrap_or("regio")),
            crate::output::slug(c.versie.as_deref().unwrap_or("1"))
        );
        Some(BuildPlan {
            invoer: u.dir.join("invoer"),
            map: u.dir.join(format!("bouw-{}", u.builds)),
            zip_naam,
        })
    }

    /// Records a finished build: its result replaces the previous one (whose folder is
    /// removed), or its failure is kept to show. When the upload was removed meanwhile, its
    /// folder goes now.
    pub(super) fn finish(&self, id: &str, outcome: Result<Resultaat, String>) {
        let mut map = self.lock();
        let Some(u) = map.get_mut(id) else {
            drop(map);
            self.remove_folder(id);
            return;
        };
        u.lopend = None;
        u.laatst = Instant::now();
        let old = match outcome {
            Ok(r) => u.laatste.replace(Arc::new(r)),
            Err(e) => {
                u.fout = Some(e);
                None
            }
        };
        drop(map);
        if let Some(old) = old {
            let _ = std::fs::remove_dir_all(old.folder());
        }
    }

    /// Removes upload `id` of `sessie`; false when there is no such upload of that session.
    /// A running build keeps its folder until it ends ([`Store::finish`] removes it).
    pub(super) fn remove(&self, id: &str, sessie: &str) -> bool {
        let mut map = self.lock();
        if map.get(id).is_none_or(|u| u.sessie != sessie) {
            return false;
        }
        let u = map.remove(id);
        drop(map);
        if u.is_some_and(|u| u.lopend.is_none()) {
            self.remove_folder(id);
        }
        true
    }

    /// Removes every upload unused for longer than `ttl` that is not building.
    pub(super) fn remove_expired(&self, ttl: Duration) -> usize {
        let mut map = self.lock();
        let old: Vec<String> = map
            .iter()
            .filter(|(_, u)| u.lopend.is_none() && u.laatst.elapsed() > ttl)
            .map(|(id, _)| id.clone())
            .collect();
        for id in &old {
            map.remove(id);
        }
        drop(map);
        for id in &old {
            self.remove_folder(id);
        }
        old.len()
    }

    /// Removes every upload and the store's folder (when the server stops).
    pub(super) fn remove_all(&self) {
        self.lock().clear();
        let _ = std::fs::remove_dir_all(self.root.path());
    }

    fn remove_folder(&self, id: &str) {
        if is_id(id) {
            let _ = std::fs::remove_dir_all(self.root.path().join(id));
        }
    }

    /// The folders in the store (for tests of the clean-up).
    #[cfg(test)]
    fn folders(&self) -> usize {
        std::fs::read_dir(self.root.path()).map_or(0, |d| d.count())
    }
}

/// Checks that a workbook unpacks within the limits, by unpacking every part with a cap:
/// what counts is what comes out, not the sizes the file declares. (A part that unpacks to
/// more than it declares stops with an error at its declared size, here and when the
/// workbook is read; such a file is damaged, and reading it gives that finding.) Files that
/// are not zip files (`.xls`), and damaged parts, pass: reading them says what is wrong.
fn unpacked_within(bytes: &[u8], limits: &Limits) -> Result<(), String> {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(());
    };
    if zip.len() > limits.onderdelen {
        return Err(format!(
            "het bestaat uit meer dan {} onderdelen",
            limits.onderdelen
        ));
    }
    let too_large = || {
        format!(
            "uitgepakt is het groter dan {}",
            super::page::grootte(limits.uitgepakt)
        )
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index(i) else { continue };
        let left = limits.uitgepakt - total;
        total += capped_len(part, left + 1);
        if total > limits.uitgepakt {
            return Err(too_large());
        }
    }
    Ok(())
}

/// How many bytes a reader gives, reading at most `cap`; a read error ends the count.
fn capped_len(r: impl Read, cap: u64) -> u64 {
    let mut r = r.take(cap);
    let mut buf = [0u8; 64 * 1024];
    let mut n = 0u64;
    while let Ok(k) = r.read(&mut buf) {
        if k == 0 {
            break;
        }
        n += k as u64;
    }
    n
}

impl Fout {
    /// 413: a workbook too large to unpack.
    fn te_groot(naam: &str, why: &str) -> Fout {
        Fout::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Werkboek te groot",
            &format!(
                "Het werkboek ‘{}’ is niet gelezen: {why}. Een werkboek van een regio is veel kleiner; kies het juiste bestand, of sla het opnieuw op vanuit Excel.",
                naam
            ),
        )
    }

    /// 503: too many uploads at once.
    fn vol() -> Fout {
        Fout::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "Even te druk",
            "Er worden nu te veel werkboeken tegelijk bewaard. Probeer het over een paar minuten opnieuw.",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::path::Path;

    fn zip_of(parts: &[(&str, usize)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, size) in parts {
            w.start_file(*name, o).unwrap();
            w.write_all(&vec![0u8; *size]).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn unpacked_size_is_capped() {
        let limits = Limits {
            uitgepakt: 1024 * 1024,
            onderdelen: 3,
            ..Limits::default()
        };
        assert!(unpacked_within(&zip_of(&[("a", 1000), ("b", 1000)]), &limits).is_ok());
        let e = unpacked_within(&zip_of(&[("a", 600_000), ("b", 600_000)]), &limits).unwrap_err();
        assert!(e.contains("uitgepakt"), "{e}");
        let e = unpacked_within(&zip_of(&[("a", 1), ("b", 1), ("c", 1), ("d", 1)]), &limits)
            .unwrap_err();
        assert!(e.contains("onderdelen"), "{e}");
        // Not a zip file at all (an .xls, or rubbish): reading it will say what it is.
        assert!(unpacked_within(b"\xD0\xCF\x11\xE0 not a zip", &limits).is_ok());
    }

    #[test]
    fn uploads_belong_to_their_session_and_expire() {
        let store = Store::new().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/foodvalley");
        let files = |_: ()| {
            ["stakeholders", "financien"]
                .into_iter()
                .map(|stem| Werkboek {
                    stem,
                    ext: "xlsx",
                    naam: format!("{stem}.xlsx"),
                    bytes: std::fs::read(root.join(format!("{stem}.xlsx"))).unwrap(),
                })
                .collect()
        };
        let ttl = Duration::from_secs(3600);
        let id = store
            .accept("s1", &Limits::default(), files(()), ttl)
            .unwrap();
        assert!(is_id(&id));
        assert!(store.get(&id, Some("s1")).is_some());
        assert!(store.get(&id, Some("s2")).is_none());
        assert!(store.get(&id, None).is_none());
        assert!(!store.remove(&id, "s2"));
        assert_eq!(store.remove_expired(ttl), 0);
        assert_eq!(store.remove_expired(Duration::ZERO), 1);
        assert!(store.get(&id, Some("s1")).is_none());
        assert_eq!(store.folders(), 0, "the upload's folder is gone");
        let id = store
            .accept("s1", &Limits::default(), files(()), ttl)
            .unwrap();
        assert!(store.remove(&id, "s1"));
        assert_eq!(store.folders(), 0);
    }
}
