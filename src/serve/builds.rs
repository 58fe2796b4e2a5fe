//! Builds: the line of builds waiting for a turn (at most [`super::Config::gelijktijdig`]
//! at once, first come first served), and one build of an upload: the pipeline into a
//! fresh folder, then one ZIP of everything. A build that fails leaves nothing behind.

use std::collections::VecDeque;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::pipeline::{self, BuildOptions, Engine, Progress, Refused};

use super::App;

/// The folder of a build's outputs, under the build's own folder.
const UITVOER: &str = "uitvoer";
/// The ZIP of a build, beside [`UITVOER`].
const ZIP: &str = "alles.zip";

/// Builds waiting for a turn, in order, and the permits of the ones running.
pub(super) struct Queue {
    permits: Arc<Semaphore>,
    waiting: Mutex<VecDeque<String>>,
}

impl Queue {
    /// A line in which `n` builds may run at once.
    pub(super) fn new(n: usize) -> Queue {
        Queue {
            permits: Arc::new(Semaphore::new(n)),
            waiting: Mutex::new(VecDeque::new()),
        }
    }

    /// The place (1 = next) of a waiting build.
    pub(super) fn position(&self, id: &str) -> Option<usize> {
        let w = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
        w.iter().position(|x| x == id).map(|i| i + 1)
    }

    /// Puts a build at the end of the line (at once, so its place shows before its task
    /// runs).
    pub(super) fn enter(&self, id: &str) {
        self.waiting
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_back(id.to_string());
    }

    /// Waits for the turn of a build that [entered](Queue::enter) the line, and takes it out
    /// of the line. Tokio's semaphore is fair (first come, first served), which is the order
    /// [`Queue::position`] reports.
    pub(super) async fn turn(&self, id: &str) -> Option<OwnedSemaphorePermit> {
        struct InLine<'a>(&'a Queue, &'a str);
        impl Drop for InLine<'_> {
            fn drop(&mut self) {
                let mut w = self.0.waiting.lock().unwrap_or_else(|e| e.into_inner());
                w.retain(|x| x != self.1);
            }
        }
        let _in_line = InLine(self, id);
        self.permits.clone().acquire_owned().await.ok()
    }
}

/// The progress of a build that waits or runs.
#[derive(Debug, Default)]
pub(super) struct Voortgang {
    /// Documents marked CONCEPT.
    pub concept: bool,
    /// Its turn came (it no longer waits in line).
    pub gestart: AtomicBool,
    /// Output files planned (known once the workbooks are read).
    pub gepland: AtomicUsize,
    /// Output files done.
    pub klaar: AtomicUsize,
}

/// One output file of a finished build.
#[derive(Debug, Clone)]
pub(super) struct Bestand {
    /// Path within the output folder, `/`-separated, as `regiodocs build` writes it.
    pub pad: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// A finished build: its files on disk and the ZIP of all of them.
#[derive(Debug)]
pub(super) struct Resultaat {
    /// The build's own folder.
    map: PathBuf,
    /// Every file, sorted by path.
    pub bestanden: Vec<Bestand>,
    /// The ZIP's download name.
    pub zip_naam: String,
    /// The ZIP's size.
    pub zip_bytes: u64,
    /// Documents not made, and why.
    pub geweigerd: Vec<Refused>,
    /// Typst's warnings about the layout.
    pub opmaak: Vec<String>,
    /// Made as CONCEPT.
    pub concept: bool,
}

impl Resultaat {
    /// The path of one of the build's files; `None` for a path that is not one of them (the
    /// path from the address is only compared, never joined).
    pub(super) fn file(&self, pad: &str) -> Option<PathBuf> {
        let b = self.bestanden.iter().find(|b| b.pad == pad)?;
        Some(self.map.join(UITVOER).join(&b.pad))
    }

    /// The ZIP's path.
    pub(super) fn zip(&self) -> PathBuf {
        self.map.join(ZIP)
    }

    /// The build's own folder (removed when a newer build replaces it).
    pub(super) fn folder(&self) -> &Path {
        &self.map
    }
}

/// Puts a build of upload `id` in line and starts the task that waits for its turn.
pub(super) fn start(app: &App, id: String, voortgang: Arc<Voortgang>) {
    app.0.queue.enter(&id);
    tokio::spawn(run(app.clone(), id, voortgang));
}

/// Waits for the turn, then builds upload `id` on a blocking thread and records the outcome.
async fn run(app: App, id: String, voortgang: Arc<Voortgang>) {
    let state = &app.0;
    let Some(permit) = state.queue.turn(&id).await else {
        return;
    };
    let Some(plan) = state.uploads.start(&id) else {
        return;
    };
    voortgang.gestart.store(true, Ordering::Relaxed);
    let engine = state.engine.clone();
    let v = voortgang.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        build(&engine, &plan.invoer, &plan.map, &v, plan.zip_naam)
    })
    .await
    .unwrap_or_else(|_| Err("het maken van de stukken is onverwacht afgebroken".into()));
    drop(permit);
    if outcome.is_ok() {
        state.builds_done.fetch_add(1, Ordering::Relaxed);
    }
    state.uploads.finish(&id, outcome);
}

/// Builds the project in `invoer` into `map/uitvoer` and zips it to `map/alles.zip`, with
/// the options of a plain `regiodocs build` (plus `--concept` when asked). Blocking. On any
/// failure, a panic included, `map` is removed and the reason returned in Dutch.
pub(super) fn build(
    engine: &Engine,
    invoer: &Path,
    map: &Path,
    voortgang: &Voortgang,
    zip_naam: String,
) -> Result<Resultaat, String> {
    let run = || -> Result<Resultaat, String> {
        let uit = map.join(UITVOER);
        let opts = BuildOptions {
            concept: voortgang.concept,
            ..BuildOptions::default()
        };
        let progress = |p: Progress| match p {
            Progress::Planned(n) => voortgang.gepland.store(n, Ordering::Relaxed),
            Progress::Done(_) => {
                voortgang.klaar.fetch_add(1, Ordering::Relaxed);
            }
        };
        let project = pipeline::Project::new(invoer, &uit);
        // The reason is shown in the page: without the server's own folders.
        let plain = |e: pipeline::BuildError| {
            e.to_string()
                .replace(&format!("{}/", uit.display()), "")
                .replace(&format!("{}/", invoer.display()), "")
        };
        let report = pipeline::build(engine, &[project], &opts, &progress)
            .pop()
            .ok_or("er is niets gebouwd")?
            .map_err(plain)?;
        let mut paden: Vec<String> = report
            .geschreven
            .iter()
            .chain(&report.ongewijzigd)
            .map(|w| w.bestand.clone())
            .collect();
        for extra in [crate::manifest::FILE_NAME, crate::changes::FILE_NAME] {
            if uit.join(extra).is_file() {
                paden.push(extra.into());
            }
        }
        paden.sort();
        let bestanden = paden
            .into_iter()
            .map(|pad| {
                let bytes = std::fs::metadata(uit.join(&pad))
                    .map_err(|e| format!("{pad}: {e}"))?
                    .len();
                Ok(Bestand { pad, bytes })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let zip_bytes = write_zip(&uit, &bestanden, &map.join(ZIP))
            .map_err(|e| format!("de ZIP kon niet worden gemaakt: {e}"))?;
        Ok(Resultaat {
            map: map.to_path_buf(),
            bestanden,
            zip_naam,
            zip_bytes,
            geweigerd: report.geweigerd,
            opmaak: report.opmaakwaarschuwingen,
            concept: voortgang.concept,
        })
    };
    let outcome =
        crate::contain::catch(run).unwrap_or_else(|_| Err("onverwachte fout in de bouw".into()));
    if outcome.is_err() {
        let _ = std::fs::remove_dir_all(map);
    }
    outcome
}

/// Writes the files (paths under `dir`) into one ZIP, in path order, with a fixed date, so
/// the same build gives the same ZIP. Returns its size.
fn write_zip(dir: &Path, files: &[Bestand], to: &Path) -> std::io::Result<u64> {
    let file = std::fs::File::create(to)?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for f in files {
        zip.start_file(f.pad.as_str(), options)
            .map_err(std::io::Error::other)?;
        zip.write_all(&std::fs::read(dir.join(&f.pad))?)?;
    }
    let mut out = zip.finish().map_err(std::io::Error::other)?;
    out.flush()?;
    let file = out.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    Ok(file.metadata()?.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_reports_places_first_come_first_served() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        rt.block_on(async {
            let q = Arc::new(Queue::new(1));
            q.enter("a");
            assert_eq!(q.position("a"), Some(1));
            let running = q.turn("a").await.expect("free turn");
            assert_eq!(q.position("a"), None, "a runs, it does not wait");
            let (q2, q3) = (q.clone(), q.clone());
            q.enter("b");
            q.enter("c");
            let b = tokio::spawn(async move { q2.turn("b").await.map(drop) });
            tokio::task::yield_now().await;
            let c = tokio::spawn(async move { q3.turn("c").await.map(drop) });
            tokio::task::yield_now().await;
            assert_eq!(q.position("b"), Some(1));
            assert_eq!(q.position("c"), Some(2));
            drop(running);
            b.await.unwrap().expect("b's turn");
            c.await.unwrap().expect("c's turn");
            assert_eq!((q.position("b"), q.position("c")), (None, None));
        });
    }

    #[test]
    fn a_failed_build_leaves_no_folder_and_says_why() {
        // A project whose theme does not compile: the pipeline fails after reading the
        // workbooks, when it prepares the PDF engine.
        let dir = tempfile::tempdir().unwrap();
        let invoer = dir.path().join("invoer");
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/foodvalley");
        std::fs::create_dir_all(invoer.join("templates")).unwrap();
        for f in ["stakeholders.xlsx", "financien.xlsx"] {
            std::fs::copy(root.join(f), invoer.join(f)).unwrap();
        }
        std::fs::write(invoer.join("templates/theme.typ"), "#let x = (").unwrap();
        let map = dir.path().join("bouw-1");
        let v = Voortgang::default();
        let err = build(&Engine::new(), &invoer, &map, &v, "x.zip".into()).unwrap_err();
        assert!(err.contains("theme.typ"), "{err}");
        assert!(!map.exists(), "the failed build's folder is removed");
    }
}
