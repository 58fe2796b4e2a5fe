//! The pipeline: from a project folder to a validated model with its computed budget
//! ([`check`]), and on to every document as PDF, DOCX and XLSX ([`build`]).
//!
//! A build runs in phases, for any number of projects at once, sharing one warm
//! [`Engine`] (parsed fonts, Typst library and theme):
//!
//! 1. **prepare** each project: read and validate the workbooks, decide which documents may
//!    be written (see [`BuildOptions`] and DESIGN.md: format errors block everything they
//!    touch, rule errors block signing-ready documents), render the content templates to the
//!    document IR;
//! 2. **render the plans** (PDF always: an agreement names the SHA-256 of its plan's PDF);
//! 3. **render everything else**: agreements (now that the plan hashes are known),
//!    assignments, budgets, the XLSX budgets and the overview;
//! 4. **commit** each project: only when every output of the project rendered, its new
//!    state (the new files, `manifest.json`, and everything of the old folder that did not
//!    change) replaces the output folder in one step ([`crate::outdir`]). A failed,
//!    interrupted or killed run leaves the earlier outputs complete and unchanged.
//!
//! Each project's output folder is locked for the whole build ([`OutputDir`]): a second
//! build of the same folder stops at once with [`BuildError::Lock`]. A [`Stop`] in the
//! options (set by Ctrl-C in the command line) ends the build between two documents and
//! before any commit, with [`BuildError::Afgebroken`].
//!
//! Phases 2 and 3 run on rayon's pool (one thread per core), each thread rendering one
//! document at a time, documents of one kind one after another; Typst's caches are evicted
//! after every compilation, so memory stays bounded however many municipalities there are.
//! A long PDF (a budget of thousands of cost lines, see [`pdf::renders_alone`]) renders
//! after the other PDFs of its phase, while no other PDF renders; the DOCX and XLSX files
//! are made on the other workers meanwhile.
//! An output whose content key (see [`manifest`]) is unchanged and whose file on disk still
//! has the hash the manifest records is not rendered again; with `--alles`
//! ([`BuildOptions::alles`]) everything is rendered and written.
//!
//! ```no_run
//! use regiodocs::pipeline::{build, BuildOptions, Engine, Project};
//! let engine = Engine::new();
//! let projects = [Project::new("inputs/foodvalley", "uitvoer")];
//! let reports = build(&engine, &projects, &BuildOptions::default(), &|_| {});
//! assert!(reports[0].as_ref().is_ok());
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::archive::{self, Archive, ArchiveError, Version};
use crate::budget::Budget;
use crate::changes::{self, Basis, Snapshot, Vergelijking};
use crate::diag::Diagnostics;
use crate::ir::{Document, Meta};
use crate::manifest::{self, Manifest, content_key};
use crate::markup::{self, MarkupError, Numbering};
use crate::model::{self, Scope};
use crate::outdir::{LockError, OutputDir, Staging};
use crate::output;
use crate::render::pdf::{self, PdfEngine};
use crate::template::{TemplateError, Templates};
use crate::validate;
use crate::view::{DocKind, PlanRef, View};
use crate::vocab::Status;

/// The result of reading and validating a project.
#[derive(Debug)]
pub struct Checked {
    /// The model, when both workbooks and their required sheets could be read.
    pub project: Option<model::Project>,
    /// The computed budget, alongside the model.
    pub budget: Option<Budget>,
    /// Every finding, sorted by location.
    pub diagnostics: Diagnostics,
}

impl Checked {
    /// The finding of a workbook the operating system could not read ([`Code::Onleesbaar`]):
    /// an I/O problem, for which commands exit with 2 rather than 1.
    ///
    /// [`Code::Onleesbaar`]: crate::diag::Code::Onleesbaar
    pub fn unreadable(&self) -> Option<&crate::diag::Diagnostic> {
        self.diagnostics
            .iter()
            .find(|d| d.code == crate::diag::Code::Onleesbaar)
    }
}

/// Reads both workbooks of `dir`, computes the budget and runs every rule.
pub fn check(dir: &Path) -> Checked {
    check_keeping(dir).0
}

/// [`check`], also returning the workbooks' bytes as read.
fn check_keeping(dir: &Path) -> (Checked, Vec<model::InputFile>) {
    let (project, mut diagnostics, inputs) = model::load_keeping(dir);
    let budget = project.as_ref().map(Budget::compute);
    if let (Some(p), Some(b)) = (&project, &budget) {
        diagnostics.extend(validate::validate(p, b));
    }
    diagnostics.sort();
    let checked = Checked {
        project,
        budget,
        diagnostics,
    };
    (checked, inputs)
}

/// One side of `regiodocs verschil`: the snapshot of a project folder, an archived final
/// version or an output folder, and how many errors its workbooks have (0 for the others).
#[derive(Debug)]
pub struct State {
    /// What the change report compares.
    pub snapshot: Snapshot,
    /// Errors in the project's workbooks.
    pub fouten: usize,
}

/// Why a folder cannot be compared.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// The folder is none of the three kinds.
    #[error(
        "{} is geen projectmap (met stakeholders.xlsx en financien.xlsx), geen gearchiveerde versie (met {}) en geen uitvoermap (met {})",
        .0.display(), archive::SEAL, changes::FILE_NAME
    )]
    Onbekend(PathBuf),
    /// The project's workbooks could not be read (the findings say why).
    #[error("de werkboeken in {} zijn niet te lezen: {reden}; zie `regiodocs check`", .map.display())]
    Onleesbaar {
        /// The project folder.
        map: PathBuf,
        /// The first finding.
        reden: String,
        /// The operating system could not read a workbook (exit code 2, not 1).
        io: bool,
    },
    /// The archived version is damaged or was changed by hand.
    #[error("{0}")]
    Archief(#[from] ArchiveError),
    /// The output folder's snapshot is unreadable.
    #[error("{} is onleesbaar", .0.display())]
    Momentopname(PathBuf),
}

impl StateError {
    /// Exit code: 1 for workbooks with errors, 2 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            StateError::Onleesbaar { io: false, .. } => 1,
            _ => 2,
        }
    }
}

/// Reads one side of `regiodocs verschil`: an archived version (a folder with `archief.json`,
/// checked against its seal), a project folder (its workbooks read and computed), or an
/// output folder (its `momentopname.json`).
pub fn state(path: &Path) -> Result<State, StateError> {
    if path.join(archive::SEAL).is_file() {
        let map = path
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_default();
        let version = Version::read(path, map)?;
        version.verify()?;
        return Ok(State {
            snapshot: version.snapshot()?,
            fouten: 0,
        });
    }
    let is_project = [
        crate::schema::STAKEHOLDERS.stem,
        crate::schema::FINANCIEN.stem,
    ]
    .iter()
    .any(|stem| crate::ingest::find_workbook(path, stem).is_ok());
    if is_project {
        let checked = check(path);
        let fouten = checked.diagnostics.error_count();
        return match (checked.project, checked.budget) {
            (Some(p), Some(b)) => Ok(State {
                snapshot: Snapshot::of(&p, &b),
                fouten,
            }),
            _ => {
                let first = checked.diagnostics.iter().find(|d| d.is_error());
                Err(StateError::Onleesbaar {
                    map: path.to_path_buf(),
                    reden: first.map_or_else(String::new, |d| match &d.location {
                        Some(at) => format!("{at}: {}", d.message),
                        None => d.message.clone(),
                    }),
                    io: first.is_some_and(|d| d.code == crate::diag::Code::Onleesbaar),
                })
            }
        };
    }
    let file = path.join(changes::FILE_NAME);
    if file.is_file() {
        return Snapshot::read(path)
            .map(|snapshot| State {
                snapshot,
                fouten: 0,
            })
            .ok_or(StateError::Momentopname(file));
    }
    Err(StateError::Onbekend(path.to_path_buf()))
}

/// Which formats to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Formats {
    /// PDF via the embedded Typst engine.
    pub pdf: bool,
    /// DOCX via docx-rs.
    pub docx: bool,
    /// XLSX budgets and the overview via rust_xlsxwriter.
    pub xlsx: bool,
}

impl Default for Formats {
    fn default() -> Self {
        Formats {
            pdf: true,
            docx: true,
            xlsx: true,
        }
    }
}

/// A request to stop a build, shared between the build and whoever may ask it to stop (a
/// signal handler, a web server). Cheap to clone; all clones are the same request.
///
/// ```
/// use regiodocs::pipeline::Stop;
/// let stop = Stop::default();
/// assert_eq!(stop.requested(), None);
/// stop.clone().request(15);
/// assert_eq!(stop.requested(), Some(15));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Stop(Arc<AtomicUsize>);

impl Stop {
    /// Asks the build to stop, because of signal `signal` (2 for SIGINT, 15 for SIGTERM);
    /// the command exits with 128 + `signal`.
    pub fn request(&self, signal: i32) {
        self.0.store(signal.max(1) as usize, Ordering::SeqCst);
    }

    /// The signal a stop was requested for, if one was.
    pub fn requested(&self) -> Option<i32> {
        match self.0.load(Ordering::SeqCst) {
            0 => None,
            n => Some(n as i32),
        }
    }

    /// The flag itself, for `signal_hook::flag::register_usize`: a signal handler stores
    /// the signal number in it.
    pub fn flag(&self) -> Arc<AtomicUsize> {
        self.0.clone()
    }
}

/// Options of `regiodocs build` and `regiodocs begroting`.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Formats to write.
    pub formats: Formats,
    /// Only this municipality's documents (CBS code); the regional ones are skipped.
    pub gemeente: Option<String>,
    /// Write documents marked CONCEPT even when the status is `definitief`.
    pub concept: bool,
    /// Render and write every output again, also the ones whose content key is unchanged
    /// and whose file on disk is intact.
    pub alles: bool,
    /// Only the budgets (`regiodocs begroting`).
    pub alleen_begroting: bool,
    /// `--zonder-handtekenvelden`: no signature fields in the PDFs, whatever the workbook
    /// says (`Regio` › `Handtekenvelden`).
    pub zonder_handtekenvelden: bool,
    /// Stops the build when requested (Ctrl-C).
    pub stop: Stop,
}

/// One project to build: its folder and its output folder.
#[derive(Debug, Clone)]
pub struct Project {
    /// The folder with `stakeholders.xlsx` and `financien.xlsx`.
    pub map: PathBuf,
    /// The output folder.
    pub uit: PathBuf,
}

impl Project {
    /// A project folder and where its outputs go.
    pub fn new(map: impl Into<PathBuf>, uit: impl Into<PathBuf>) -> Self {
        Project {
            map: map.into(),
            uit: uit.into(),
        }
    }
}

/// A document that was not written, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Refused {
    /// The document, e.g. `regio/samenwerkingsovereenkomst`.
    pub document: String,
    /// Why, in Dutch.
    pub reden: String,
}

/// One output file of a build.
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    /// Path relative to the output folder, with `/` separators.
    pub bestand: String,
    /// SHA-256 of the file.
    pub sha256: String,
}

/// What a build did for one project.
#[derive(Debug, Serialize)]
pub struct BuildReport {
    /// The project folder.
    pub map: String,
    /// The output folder.
    pub uit: String,
    /// Files written in this run.
    pub geschreven: Vec<Written>,
    /// Files that were up to date and left alone.
    pub ongewijzigd: Vec<Written>,
    /// Documents refused.
    pub geweigerd: Vec<Refused>,
    /// Typst's warnings about the layout, per document (e.g. a glyph no font has).
    pub opmaakwaarschuwingen: Vec<String>,
    /// Every finding of the inputs.
    pub bevindingen: Diagnostics,
    /// What changed since the previous build and since the last archived final version
    /// (only the comparisons that could be made; see [`crate::changes`]).
    pub wijzigingen: Vec<Vergelijking>,
    /// What the build did with the archive of final versions (only for a final build).
    pub archief: Option<Archivering>,
}

/// What a final build did with the archive.
#[derive(Debug, Clone, Serialize)]
pub struct Archivering {
    /// The version.
    pub versie: String,
    /// Its folder, e.g. `archief/1.0`.
    pub map: String,
    /// True when this build archived it; false when it was archived before with the same
    /// documents (then nothing in the archive changed).
    pub nieuw: bool,
}

impl BuildReport {
    /// True when the inputs have errors or a document was refused (exit code 1).
    pub fn has_problems(&self) -> bool {
        !self.geweigerd.is_empty() || self.bevindingen.has_errors()
    }
}

/// Why the build of a project stopped; nothing of that project was written.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The project folder does not exist.
    #[error("de projectmap {0} bestaat niet of is geen map")]
    NoProject(PathBuf),
    /// A template could not be rendered.
    #[error("template: {0}")]
    Template(#[from] TemplateError),
    /// The rendered template text has an error in a custom block or reference.
    #[error("{file}: {error}")]
    Markup {
        /// The template file.
        file: String,
        /// The problem.
        error: MarkupError,
    },
    /// A renderer failed.
    #[error("{document}: {message}")]
    Render {
        /// The output file.
        document: String,
        /// The problem.
        message: String,
    },
    /// A file could not be written.
    #[error("kan {} niet schrijven: {}", .path.display(), crate::diag::io_reason(.source))]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The output folder is in use by another build, or may not be used.
    #[error("{0}")]
    Lock(#[from] LockError),
    /// A workbook could not be read (the finding, as text).
    #[error("{0}")]
    Onleesbaar(String),
    /// The archive of final versions is damaged or was changed by hand.
    #[error("{0}")]
    Archief(#[from] ArchiveError),
    /// The version is archived as final, and this build would give other documents.
    #[error("{0}")]
    VersieBestaat(String),
    /// The build was asked to stop (Ctrl-C, SIGTERM) before this project was committed.
    #[error("afgebroken voordat de nieuwe uitvoer klaar was")]
    Afgebroken {
        /// The signal that asked it (2 for SIGINT, 15 for SIGTERM).
        signal: i32,
    },
}

impl BuildError {
    /// Exit code: 2 for usage and I/O problems, 1 for problems in the project (templates
    /// included).
    pub fn exit_code(&self) -> u8 {
        match self {
            BuildError::Io { .. }
            | BuildError::NoProject(_)
            | BuildError::Lock(_)
            | BuildError::Archief(_)
            | BuildError::Onleesbaar(_) => 2,
            BuildError::Afgebroken { signal } => (128 + signal).clamp(0, 255) as u8,
            _ => 1,
        }
    }
}

/// What the pipeline reports while it works (for a progress bar).
#[derive(Debug, Clone)]
pub enum Progress {
    /// This many outputs are planned in total (sent once, after preparing).
    Planned(usize),
    /// One output is done (rendered, or found up to date).
    Done(String),
}

/// The warm part of the pipeline, shared by every project of a run: one PDF engine per
/// distinct theme (fonts, font book, Typst library, parsed theme), built on first use.
#[derive(Default)]
pub struct Engine {
    pdf: Mutex<HashMap<String, Arc<PdfEngine>>>,
}

impl Engine {
    /// An engine with nothing loaded yet.
    pub fn new() -> Self {
        Engine::default()
    }

    /// The PDF engine for a theme text (built once per distinct theme).
    fn pdf(&self, theme: &str) -> Result<Arc<PdfEngine>, BuildError> {
        let key = output::sha256(theme.as_bytes());
        let mut cache = self.pdf.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = cache.get(&key) {
            return Ok(e.clone());
        }
        let engine = Arc::new(PdfEngine::new(theme).map_err(|e| BuildError::Render {
            document: "theme.typ".into(),
            message: e.to_string(),
        })?);
        cache.insert(key, engine.clone());
        Ok(engine)
    }
}

/// One document to produce.
#[derive(Debug, Clone)]
struct Job {
    kind: DocKind,
    scope: Scope,
    /// Folder under the output folder, e.g. `regio` or `gemeenten/GM0228-ede`.
    folder: String,
    /// File stem, e.g. `regionaal-plan`.
    stem: &'static str,
    title: String,
    subtitle: String,
}

impl Job {
    fn name(&self) -> String {
        format!("{}/{}", self.folder, self.stem)
    }
}

/// How an output is made.
enum Make {
    Pdf(Arc<crate::layout::Document>),
    Docx(Arc<crate::layout::Document>),
    /// The redline of a document: tracked changes from its archived final version.
    Redline {
        old: Arc<Document>,
        new: Arc<Document>,
    },
    Xlsx(Box<dyn Fn() -> Result<Vec<u8>, String> + Send + Sync>),
}

/// One output file to produce.
struct Task {
    project: usize,
    /// Path relative to the output folder.
    rel: String,
    make: Make,
    /// Content key: the output is not made again while the manifest records this key for
    /// it and the file is there with its recorded size.
    key: String,
    /// For plans: the scope whose agreement needs this PDF's hash.
    plan_of: Option<(Scope, PlanRef)>,
    /// One of the documents of the set (archived with a final version); false for a
    /// redline.
    document: bool,
}

/// What became of one task.
struct Done {
    rel: String,
    sha256: String,
    bytes: u64,
    key: String,
    /// False when the file on disk was already up to date (it is carried over as it is).
    written: bool,
    warnings: Vec<String>,
    plan_of: Option<(Scope, PlanRef)>,
    /// See [`Task::document`].
    document: bool,
}

/// A project after the prepare phase.
struct Prepared {
    project: Project,
    report: BuildReport,
    /// The new state of the locked output folder; `None` when the project failed before.
    staging: Option<Staging>,
    old: Manifest,
    /// `--alles`: render and write every output, even when its content key is unchanged.
    alles: bool,
    stop: Stop,
    /// The data, when the project could be read.
    data: Option<Ready>,
    /// The first error of this project, if any; then nothing of it is committed.
    failed: Option<BuildError>,
}

/// The parts of a readable project that the later phases need.
struct Ready {
    model: Arc<model::Project>,
    budget: Arc<Budget>,
    templates: Templates,
    pdf: Option<Arc<PdfEngine>>,
    theme_sha: String,
    concept: bool,
    /// Whether the PDFs get signature fields (workbook setting, unless switched off).
    signature_fields: bool,
    /// Jobs still to turn into IR after the plans are rendered (agreements, ...).
    later: Vec<Job>,
    inputs: Vec<manifest::Input>,
    /// The workbooks as read (archived with a final version).
    input_files: Vec<model::InputFile>,
    /// Outputs that rendered, waiting for the commit.
    done: Vec<Done>,
    /// This build's snapshot, for the change report.
    snapshot: Snapshot,
    /// The snapshot differs from the previous build's (or there is none).
    changed: bool,
    /// The archive of final versions.
    archive: Archive,
    /// For a final build: the version as archived before, if it is.
    own: Option<Version>,
    /// The archived version the change report and the redlines compare with.
    reference: Option<Version>,
    /// The build makes every document of the project in every format.
    complete: bool,
    /// The build writes Excel workbooks (and so the change report).
    xlsx: bool,
    /// Why the documents of this final build are all refused (see [`prepare`]).
    blocked: Option<String>,
    /// Documents not made because of `blocked`.
    skipped: usize,
    /// The document trees of the agreements and plans, by name (archived with a final
    /// version, for later redlines).
    trees: BTreeMap<String, Arc<Document>>,
}

/// Builds every project: every document of the region and of every participating
/// municipality, as PDF, DOCX and XLSX, plus `overzicht.xlsx` and `manifest.json`.
///
/// Returns one result per project, in order. `progress` is called from worker threads.
pub fn build(
    engine: &Engine,
    projects: &[Project],
    opts: &BuildOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Vec<Result<BuildReport, BuildError>> {
    // Phase 1: prepare each project (in parallel: reading workbooks is independent work).
    let mut prepared: Vec<Prepared> = parallel_map(projects, |p| prepare(engine, p, opts));
    let mut pending: Vec<(usize, Job, Option<PlanRef>)> = Vec::new();
    let mut planned = 0;
    for (i, prep) in prepared.iter_mut().enumerate() {
        let Some(ready) = &mut prep.data else {
            continue;
        };
        let jobs = jobs(&ready.model, opts);
        // A final version is made whole or not at all: when the findings refuse a regional
        // document, the others are not made either. A finding that holds for one
        // municipality only (an unmet local precondition, R01) refuses that municipality's
        // documents; the rest of the version is made and archived without them.
        if !ready.concept && ready.blocked.is_none() {
            let refused = jobs
                .iter()
                .filter(|j| j.scope == Scope::Regio)
                .filter(|j| refusal(&prep.report, &j.scope, false).is_some())
                .count();
            if refused > 0 {
                ready.blocked = Some(format!(
                    "versie {} is definitief, en een definitieve versie wordt alleen als geheel gemaakt en gearchiveerd; {refused} {} hierboven geweigerd. Herstel de fouten, of bouw met --concept",
                    ready.model.regio.versie,
                    if refused == 1 {
                        "document is"
                    } else {
                        "documenten zijn"
                    }
                ));
            }
        }
        let per_job = usize::from(opts.formats.pdf) + usize::from(opts.formats.docx);
        planned += jobs.len() * per_job;
        if opts.formats.xlsx {
            planned += jobs.iter().filter(|j| j.kind == DocKind::Begroting).count();
            planned += usize::from(opts.gemeente.is_none() && !opts.alleen_begroting);
        }
        let (plans, later): (Vec<Job>, Vec<Job>) =
            jobs.into_iter().partition(|j| j.kind == DocKind::Plan);
        ready.later = later;
        for job in plans {
            if let Some(reden) = refusal(&prep.report, &job.scope, ready.concept) {
                prep.report.geweigerd.push(Refused {
                    document: job.name(),
                    reden,
                });
                continue;
            }
            if ready.blocked.is_some() {
                ready.skipped += 1;
                continue;
            }
            pending.push((i, job, None));
        }
    }
    progress(Progress::Planned(planned));
    let tasks = document_tasks(&mut prepared, pending, opts);

    // Phase 2: the plans.
    let results = run_tasks(&prepared, tasks, progress);
    let mut plan_refs: Vec<BTreeMap<Scope, PlanRef>> = vec![BTreeMap::new(); prepared.len()];
    collect(&mut prepared, results, &mut plan_refs);

    // Phase 3: everything else.
    let mut pending = Vec::new();
    let mut xlsx = Vec::new();
    for (i, prep) in prepared.iter_mut().enumerate() {
        let Some(ready) = &mut prep.data else {
            continue;
        };
        if prep.failed.is_some() {
            continue;
        }
        for job in std::mem::take(&mut ready.later) {
            if let Some(reden) = refusal(&prep.report, &job.scope, ready.concept) {
                prep.report.geweigerd.push(Refused {
                    document: job.name(),
                    reden,
                });
                continue;
            }
            if ready.blocked.is_some() {
                ready.skipped += 1;
                continue;
            }
            let plan = (job.kind == DocKind::Overeenkomst)
                .then(|| plan_refs[i].get(&job.scope).cloned())
                .flatten();
            if job.kind == DocKind::Overeenkomst && plan.is_none() {
                prep.report.geweigerd.push(Refused {
                    document: job.name(),
                    reden: "het plan dat deze overeenkomst vaststelt kon niet worden gemaakt"
                        .into(),
                });
                continue;
            }
            pending.push((i, job, plan));
        }
        if opts.formats.xlsx {
            let (t, refused) = xlsx_tasks(i, ready, &prep.report, opts);
            xlsx.extend(t);
            prep.report.geweigerd.extend(refused);
        }
    }
    let mut tasks = document_tasks(&mut prepared, pending, opts);
    tasks.extend(xlsx);
    let results = run_tasks(&prepared, tasks, progress);
    collect(&mut prepared, results, &mut plan_refs);

    // Phase 4: commit.
    prepared.into_iter().map(commit).collect()
}

/// Renders the content templates of `pending` (project, job, plan of an agreement) to the IR
/// on the worker pool and turns each document into its output tasks; a project whose
/// template fails gets the error and builds nothing.
fn document_tasks(
    prepared: &mut [Prepared],
    pending: Vec<(usize, Job, Option<PlanRef>)>,
    opts: &BuildOptions,
) -> Vec<Task> {
    let shared: &[Prepared] = prepared;
    let results = parallel_map(&pending, |(i, job, plan)| {
        let ready = shared[*i].data.as_ref()?;
        Some(document(ready, job, plan.clone()).and_then(|doc| {
            let tasks = doc_tasks(*i, ready, job, doc.clone(), opts)?;
            Ok((doc, tasks))
        }))
    });
    let mut tasks = Vec::new();
    for ((i, job, _), r) in pending.iter().zip(results) {
        match r {
            Some(Ok((doc, (t, warnings)))) => {
                tasks.extend(t);
                prepared[*i].report.opmaakwaarschuwingen.extend(warnings);
                if let Some(ready) = &mut prepared[*i].data
                    && matches!(job.kind, DocKind::Plan | DocKind::Overeenkomst)
                {
                    ready.trees.insert(job.name(), doc);
                }
            }
            Some(Err(e)) => {
                prepared[*i].failed.get_or_insert(e);
            }
            None => {}
        }
    }
    tasks
}

/// Maps `f` over `items` on one thread per core, keeping the order.
///
/// The workers are the threads of rayon's pool (one per core, `RAYON_NUM_THREADS` to
/// change), each taking the next item when it is done with one. Typst parallelises inside
/// a compilation with rayon too; on the pool's own threads that work runs on the worker
/// itself instead of being handed to a second set of threads while the worker waits. An
/// item is never stolen by another worker, so no worker ever has two documents in flight
/// (rayon's `par_iter` over documents did, and its memory grew past a gigabyte).
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let out: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    rayon::broadcast(|_| {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            let r = f(item);
            out.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
        }
    });
    out.into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .flatten()
        .collect()
}

fn prepare(engine: &Engine, project: &Project, opts: &BuildOptions) -> Prepared {
    let mut prep = Prepared {
        project: project.clone(),
        report: BuildReport {
            map: project.map.display().to_string(),
            uit: project.uit.display().to_string(),
            geschreven: Vec::new(),
            ongewijzigd: Vec::new(),
            geweigerd: Vec::new(),
            opmaakwaarschuwingen: Vec::new(),
            bevindingen: Diagnostics::new(),
            wijzigingen: Vec::new(),
            archief: None,
        },
        staging: None,
        old: Manifest::default(),
        alles: opts.alles,
        stop: opts.stop.clone(),
        data: None,
        failed: None,
    };
    if !project.map.is_dir() {
        prep.failed = Some(BuildError::NoProject(project.map.clone()));
        return prep;
    }
    // One build per output folder: the lock is held until the commit (or the failure).
    let staging = OutputDir::lock_for(&project.uit, Some(&project.map))
        .map_err(BuildError::from)
        .and_then(|dir| {
            dir.stage().map_err(|source| BuildError::Io {
                path: project.uit.clone(),
                source,
            })
        });
    match staging {
        Ok(s) => {
            prep.old = Manifest::read(s.target());
            prep.staging = Some(s);
        }
        Err(e) => {
            prep.failed = Some(e);
            return prep;
        }
    }
    let (checked, input_files) = check_keeping(&project.map);
    if let Some(d) = checked.unreadable() {
        prep.failed = Some(BuildError::Onleesbaar(match &d.location {
            Some(at) => format!("{at}: {}", d.message),
            None => d.message.clone(),
        }));
        return prep;
    }
    prep.report.bevindingen = checked.diagnostics;
    let (Some(model), Some(budget)) = (checked.project, checked.budget) else {
        prep.report.geweigerd.push(Refused {
            document: "alle documenten".into(),
            reden: "de werkboeken konden niet worden gelezen; herstel eerst de fouten hierboven"
                .into(),
        });
        return prep;
    };
    let templates = match Templates::with_overrides(Some(&project.map.join("templates"))) {
        Ok(t) => t,
        Err(e) => {
            prep.failed = Some(e.into());
            return prep;
        }
    };
    let theme = templates.text("theme.typ").unwrap_or_default().to_string();
    let needs_pdf = !opts.alleen_begroting || opts.formats.pdf;
    let pdf = if needs_pdf {
        match engine.pdf(&theme) {
            Ok(e) => Some(e),
            Err(e) => {
                prep.failed = Some(e);
                return prep;
            }
        }
    } else {
        None
    };
    let concept = opts.concept || model.regio.status == Status::Concept;
    let signature_fields = model.regio.handtekenvelden && !opts.zonder_handtekenvelden;
    let inputs = input_files
        .iter()
        .map(|f| manifest::Input {
            bestand: f.name.clone(),
            sha256: output::sha256(&f.bytes),
        })
        .collect();
    let complete =
        opts.gemeente.is_none() && !opts.alleen_begroting && opts.formats == Formats::default();
    let uit = prep.staging.as_ref().map(|s| s.target().to_path_buf());
    let snapshot = Snapshot::of(&model, &budget);
    let archived = uit.as_deref().map_or(Ok(Default::default()), |uit| {
        open_archive(uit, &prep.old, &model, !concept, complete)
    });
    let Archived {
        archive,
        own,
        reference,
        blocked,
    } = match archived {
        Ok(a) => a,
        Err(e) => {
            prep.failed = Some(e);
            return prep;
        }
    };
    // What changed since the previous build and since the last final version; when nothing
    // changed since the previous build there is nothing new to report (the change report
    // of the build that made the last change stays as it is).
    let previous = uit.as_deref().and_then(Snapshot::read);
    let since_previous = previous
        .as_ref()
        .map(|prev| changes::compare(prev, &snapshot));
    let changed = since_previous.as_ref().is_none_or(|w| !w.is_empty());
    let mut comparisons = Vec::new();
    if let (Some(prev), Some(wijzigingen)) = (&previous, since_previous)
        && changed
    {
        comparisons.push(Vergelijking {
            basis: Basis::VorigeBuild,
            met: "de vorige build".into(),
            oude_versie: prev.versie.clone(),
            nieuwe_versie: snapshot.versie.clone(),
            wijzigingen,
        });
    }
    if let Some(r) = reference.as_ref().filter(|_| changed) {
        match r.snapshot() {
            Ok(old) => comparisons.push(Vergelijking {
                basis: Basis::Definitief,
                met: format!("definitieve versie {}", r.seal.versie),
                oude_versie: r.seal.versie.clone(),
                nieuwe_versie: snapshot.versie.clone(),
                wijzigingen: changes::compare(&old, &snapshot),
            }),
            Err(e) => {
                prep.failed = Some(e.into());
                return prep;
            }
        }
    }
    prep.report.wijzigingen = comparisons;
    prep.data = Some(Ready {
        model: Arc::new(model),
        budget: Arc::new(budget),
        templates,
        pdf,
        theme_sha: output::sha256(theme.as_bytes()),
        concept,
        signature_fields,
        later: Vec::new(),
        inputs,
        input_files,
        done: Vec::new(),
        snapshot,
        changed,
        archive,
        own,
        reference,
        complete,
        xlsx: opts.formats.xlsx,
        blocked,
        skipped: 0,
        trees: BTreeMap::new(),
    });
    prep
}

/// What a build needs of the archive: the archive itself; for a final build, its version
/// as archived before (if it is) and the reason its documents are all refused, if they are
/// (a version not archived yet is archived whole, so it cannot be made in part); and the
/// version the change report and the redlines compare with. The versions that are read are
/// checked against their seals first.
fn open_archive(
    uit: &Path,
    old: &Manifest,
    model: &model::Project,
    definitief: bool,
    complete: bool,
) -> Result<Archived, BuildError> {
    let archive = Archive::open(uit, &old.archief)?;
    let versie = &model.regio.versie;
    let own = archive.version(versie).filter(|_| definitief).cloned();
    let reference = archive.reference(versie, definitief).cloned();
    for v in own.iter().chain(&reference) {
        v.verify()?;
    }
    let mut blocked = None;
    if definitief && own.is_none() {
        let map = archive::folder_name(versie);
        if let Some(other) = archive.versions().iter().find(|v| v.map == map) {
            return Err(BuildError::VersieBestaat(format!(
                "versie ‘{versie}’ zou in {}/{map} komen, maar daar staat al versie ‘{}’; kies een ander versienummer in {}",
                archive::DIR,
                other.seal.versie,
                version_cells(model)
            )));
        }
        if !complete {
            blocked = Some(format!(
                "versie {versie} is definitief en staat nog niet in het archief; een definitieve versie wordt in één keer als geheel gemaakt en gearchiveerd. Bouw alle stukken (zonder --gemeente en --formaat, en niet met `begroting`), of bouw met --concept"
            ));
        }
    }
    Ok(Archived {
        archive,
        own,
        reference,
        blocked,
    })
}

/// What [`open_archive`] found (see there).
#[derive(Default)]
struct Archived {
    archive: Archive,
    own: Option<Version>,
    reference: Option<Version>,
    blocked: Option<String>,
}

/// The cells that hold the version: `stakeholders.xlsx: Regio!B7` (and the finance
/// workbook's `Parameters` cell when there is one).
fn version_cells(model: &model::Project) -> String {
    let mut cells: Vec<String> = [
        model.regio.cells.get("Versie"),
        model.parameters.cells.get("Versie"),
    ]
    .into_iter()
    .flatten()
    .map(|l| l.to_string())
    .collect();
    if cells.is_empty() {
        cells.push(format!("{}: Regio, Versie", model.stakeholders_file));
    }
    crate::nl::opsomming(&cells)
}

/// Why the documents of `scope` may not be written, if they may not: format errors block
/// every document they touch; rule errors block documents that are not concepts. A finding
/// that concerns one municipality touches that municipality's documents and the regional
/// ones (only its own when the finding is [`local_only`](crate::diag::Diagnostic::local_only),
/// such as an unmet local precondition); a finding without a municipality touches all.
fn refusal(report: &BuildReport, scope: &Scope, concept: bool) -> Option<String> {
    let touches = |d: &crate::diag::Diagnostic| match (scope, &d.gemeente) {
        (Scope::Regio, Some(_)) => !d.local_only,
        (Scope::Regio, None) | (_, None) => true,
        (Scope::Gemeente(c), Some(g)) => c.eq_ignore_ascii_case(g),
    };
    let errors: Vec<_> = report
        .bevindingen
        .iter()
        .filter(|d| d.is_error() && touches(d))
        .collect();
    if errors.iter().any(|d| d.code.as_str().starts_with('F')) {
        return Some(
            "de werkboeken bevatten fouten in het invoerformaat die dit document raken; herstel die eerst"
                .into(),
        );
    }
    if !concept && let Some(d) = errors.first() {
        return Some(format!(
            "de status is definitief, maar {} {} dit document raakt (eerste: {}); herstel de fouten of bouw met --concept",
            errors.len(),
            if errors.len() == 1 { "fout" } else { "fouten" },
            d.code.as_str()
        ));
    }
    None
}

/// Renders the content template of a job into the document IR.
fn document(ready: &Ready, job: &Job, plan: Option<PlanRef>) -> Result<Arc<Document>, BuildError> {
    let view = View::new(&ready.model, &ready.budget);
    let ctx = view.context(job.kind, &job.scope, plan);
    let text = ready.templates.render(job.kind.template(), &ctx)?;
    let numbering = match job.kind {
        DocKind::Overeenkomst => Numbering::Artikelen,
        _ => Numbering::Hoofdstukken,
    };
    let blocks = markup::to_blocks(&text, numbering).map_err(|error| BuildError::Markup {
        file: job.kind.template().into(),
        error,
    })?;
    Ok(Arc::new(Document {
        meta: meta(&ready.model, job, ready.concept, ready.signature_fields),
        blocks,
    }))
}

/// The output tasks of one document, laid out once for both formats (for an agreement or a
/// plan also the redline against the archived final version, when there is one), and the
/// layout's warnings (a table in smaller type or on a landscape page), named by document.
/// The warnings come with every build of the document, also when its files are up to date.
fn doc_tasks(
    project: usize,
    ready: &Ready,
    job: &Job,
    doc: Arc<Document>,
    opts: &BuildOptions,
) -> Result<(Vec<Task>, Vec<String>), BuildError> {
    let json = serde_json::to_vec(&*doc).unwrap_or_default();
    let laid = Arc::new(crate::layout::lay_out(&doc));
    let warnings = laid
        .warnings
        .iter()
        .map(|w| format!("{}: {w}", job.name()))
        .collect();
    let name = job.name();
    let mut out = Vec::new();
    // A plan with an agreement is rendered as PDF whenever the agreement is made (also as
    // DOCX only): the agreement names the PDF's SHA-256. With XLSX only, no agreement is
    // made and no plan is needed.
    let pdf_needed = opts.formats.pdf
        || (job.kind == DocKind::Plan
            && opts.formats.docx
            && ready
                .model
                .partijen
                .iter()
                .any(|x| x.overeenkomst == job.scope));
    if pdf_needed {
        let plan_of = (job.kind == DocKind::Plan).then(|| {
            (
                job.scope.clone(),
                PlanRef {
                    titel: format!("{} {}", job.title, job.subtitle),
                    versie: ready.model.regio.versie.clone(),
                    datum: doc.meta.date.clone(),
                    bestand: format!("{}.pdf", job.stem),
                    sha256: String::new(),
                },
            )
        });
        out.push(Task {
            project,
            rel: format!("{name}.pdf"),
            key: content_key(&[b"pdf".as_slice(), ready.theme_sha.as_bytes(), &json]),
            make: Make::Pdf(laid.clone()),
            plan_of,
            document: true,
        });
    }
    if !opts.formats.docx {
        return Ok((out, warnings));
    }
    out.push(Task {
        project,
        rel: format!("{name}.docx"),
        key: content_key(&[b"docx".as_slice(), &json]),
        make: Make::Docx(laid),
        plan_of: None,
        document: true,
    });
    if let Some(reference) = &ready.reference
        && matches!(job.kind, DocKind::Plan | DocKind::Overeenkomst)
    {
        // A document the archived version did not have is compared with an empty one.
        let (old, old_sha) = reference.ir(&name)?.unwrap_or_else(|| {
            let empty = Document {
                meta: doc.meta.clone(),
                blocks: Vec::new(),
            };
            (empty, String::new())
        });
        out.push(Task {
            project,
            rel: format!("{name}-wijzigingen.docx"),
            key: content_key(&[b"redline".as_slice(), old_sha.as_bytes(), &json]),
            make: Make::Redline {
                old: Arc::new(old),
                new: doc,
            },
            plan_of: None,
            document: false,
        });
    }
    Ok((out, warnings))
}

/// The XLSX outputs of a project: a budget per scope and the overview (a refused budget
/// document is reported once, with its PDF and DOCX).
fn xlsx_tasks(
    project: usize,
    ready: &Ready,
    report: &BuildReport,
    opts: &BuildOptions,
) -> (Vec<Task>, Vec<Refused>) {
    let mut out = Vec::new();
    let mut refused = Vec::new();
    let diags = Arc::new(report.bevindingen.clone());
    // A workbook follows from the two input workbooks alone (and the findings and concept
    // status they give): its content key is their hashes.
    let mut basis = serde_json::to_vec(&*diags).unwrap_or_default();
    basis.push(u8::from(ready.concept));
    for input in &ready.inputs {
        basis.extend_from_slice(input.bestand.as_bytes());
        basis.extend_from_slice(input.sha256.as_bytes());
    }
    let key = |rel: &str| content_key(&[b"xlsx".as_slice(), rel.as_bytes(), &basis]);
    for job in jobs(&ready.model, opts)
        .into_iter()
        .filter(|j| j.kind == DocKind::Begroting)
    {
        if refusal(report, &job.scope, ready.concept).is_some() || ready.blocked.is_some() {
            continue;
        }
        let (m, b, d, scope) = (
            ready.model.clone(),
            ready.budget.clone(),
            diags.clone(),
            job.scope.clone(),
        );
        let rel = format!("{}.xlsx", job.name());
        out.push(Task {
            project,
            key: key(&rel),
            rel,
            make: Make::Xlsx(Box::new(move || {
                crate::render::xlsx::begroting(&m, &b, &scope, &d).map_err(|e| e.to_string())
            })),
            plan_of: None,
            document: true,
        });
    }
    if opts.gemeente.is_none() && !opts.alleen_begroting {
        if let Some(reden) = refusal(report, &Scope::Regio, true) {
            refused.push(Refused {
                document: "overzicht".into(),
                reden,
            });
            return (out, refused);
        }
        let (m, b, d) = (ready.model.clone(), ready.budget.clone(), diags);
        out.push(Task {
            project,
            rel: "overzicht.xlsx".into(),
            key: key("overzicht.xlsx"),
            make: Make::Xlsx(Box::new(move || {
                crate::render::xlsx::overzicht(&m, &b, &d).map_err(|e| e.to_string())
            })),
            plan_of: None,
            document: true,
        });
    }
    (out, refused)
}

/// Renders tasks on the worker pool; results come back in task order.
///
/// Tasks are ordered by format and document kind first (all PDF plans, then all PDF
/// agreements, ...; projects in order within each), so that consecutive compilations share
/// the most: Typst's memoised layout of a paragraph, table or signature block that the
/// previous documents also had is reused while it is still in the cache.
fn run_tasks(
    prepared: &[Prepared],
    mut tasks: Vec<Task>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Vec<(usize, Result<Done, BuildError>)> {
    tasks.sort_by_key(|t| {
        let format = match t.make {
            Make::Pdf(_) => 0,
            Make::Docx(_) | Make::Redline { .. } => 1,
            Make::Xlsx(_) => 2,
        };
        let kind = t.rel.rsplit('/').next().unwrap_or_default().to_string();
        (format, kind)
    });
    let run = |t: &Task| {
        let prep = &prepared[t.project];
        if let Some(signal) = prep.stop.requested() {
            return (t.project, Err(BuildError::Afgebroken { signal }));
        }
        let r = run_task(prep, t);
        progress(Progress::Done(t.rel.clone()));
        (t.project, r)
    };
    // A long PDF renders while no other PDF does (see `pdf::renders_alone`): first the other
    // PDFs on every worker, then the long ones one after another on one worker while the
    // other workers make the DOCX and XLSX files, which do not touch Typst's caches. Every
    // worker only takes its next slot when it is done with one, so none ever waits while
    // Typst's parallel work inside a compilation needs it.
    // Slots of tasks: a worker runs one slot's tasks one after another. The tasks are
    // sorted PDFs first, so each list keeps their order.
    let (mut long, mut short_pdfs, mut others) = (Vec::new(), Vec::new(), Vec::new());
    for (i, t) in tasks.iter().enumerate() {
        match &t.make {
            Make::Pdf(doc) if pdf::renders_alone(doc) => long.push(i),
            Make::Pdf(_) => short_pdfs.push(vec![i]),
            _ => others.push(vec![i]),
        }
    }
    let phases: Vec<Vec<Vec<usize>>> = if long.is_empty() {
        vec![short_pdfs.into_iter().chain(others).collect()]
    } else {
        vec![short_pdfs, std::iter::once(long).chain(others).collect()]
    };
    let mut results: Vec<Option<(usize, Result<Done, BuildError>)>> =
        tasks.iter().map(|_| None).collect();
    for slots in phases {
        let done = parallel_map(&slots, |slot| {
            slot.iter()
                .map(|&i| (i, run(&tasks[i])))
                .collect::<Vec<_>>()
        });
        for (i, r) in done.into_iter().flatten() {
            results[i] = Some(r);
        }
    }
    results.into_iter().flatten().collect()
}

fn run_task(prep: &Prepared, t: &Task) -> Result<Done, BuildError> {
    let ready = prep.data.as_ref().ok_or_else(|| BuildError::Render {
        document: t.rel.clone(),
        message: "project niet voorbereid".into(),
    })?;
    let staging = prep.staging.as_ref().ok_or_else(|| BuildError::Render {
        document: t.rel.clone(),
        message: "uitvoermap niet vastgezet".into(),
    })?;
    // The file as it is on disk now: its hash, computed at most once. The manifest is only
    // believed when the file still has the hash it records.
    let on_disk = std::cell::OnceCell::new();
    let disk_sha = || {
        on_disk
            .get_or_init(|| output::sha256_file(&staging.target().join(&t.rel)).ok())
            .clone()
    };
    let mut plan_of = t.plan_of.clone();
    if !prep.alles
        && let Some(old) = prep
            .old
            .output(&t.rel)
            .filter(|o| o.sleutel == t.key)
            .cloned()
        && disk_sha().as_ref() == Some(&old.sha256)
    {
        if let Some((_, r)) = &mut plan_of {
            r.sha256 = old.sha256.clone();
        }
        return Ok(Done {
            rel: t.rel.clone(),
            sha256: old.sha256,
            bytes: old.bytes,
            key: t.key.clone(),
            written: false,
            warnings: Vec::new(),
            plan_of,
            document: t.document,
        });
    }
    let render_error = |message: String| BuildError::Render {
        document: t.rel.clone(),
        message,
    };
    let (bytes, warnings) = match &t.make {
        Make::Pdf(doc) => {
            let engine = ready
                .pdf
                .as_ref()
                .ok_or_else(|| render_error("geen PDF-engine".into()))?;
            let r = engine
                .render(doc)
                .map_err(|e| render_error(e.to_string()))?;
            let w = r
                .warnings
                .iter()
                .map(|w| format!("{}: {w}", t.rel))
                .collect();
            (r.pdf, w)
        }
        Make::Docx(doc) => (
            crate::render::docx::render(doc).map_err(|e| render_error(e.to_string()))?,
            Vec::new(),
        ),
        Make::Redline { old, new } => (
            crate::render::redline::render(old, new).map_err(|e| render_error(e.to_string()))?,
            Vec::new(),
        ),
        Make::Xlsx(f) => (f().map_err(render_error)?, Vec::new()),
    };
    let sha256 = output::sha256(&bytes);
    let key = t.key.clone();
    if let Some((_, r)) = &mut plan_of {
        r.sha256 = sha256.clone();
    }
    // Same bytes as the file on disk (new inputs that change nothing here): the file is
    // carried over as it is; with --alles it is written anyway.
    let written = prep.alles || disk_sha().as_ref() != Some(&sha256);
    if written {
        staging
            .write(&t.rel, &bytes)
            .map_err(|source| BuildError::Io {
                path: staging.target().join(&t.rel),
                source,
            })?;
    }
    Ok(Done {
        rel: t.rel.clone(),
        sha256,
        bytes: bytes.len() as u64,
        key,
        written,
        warnings,
        plan_of,
        document: t.document,
    })
}

fn collect(
    prepared: &mut [Prepared],
    results: Vec<(usize, Result<Done, BuildError>)>,
    plan_refs: &mut [BTreeMap<Scope, PlanRef>],
) {
    for (i, r) in results {
        let prep = &mut prepared[i];
        let Some(ready) = &mut prep.data else {
            continue;
        };
        match r {
            Ok(done) => {
                if let Some((scope, plan)) = &done.plan_of {
                    plan_refs[i].insert(scope.clone(), plan.clone());
                }
                prep.report
                    .opmaakwaarschuwingen
                    .extend(done.warnings.iter().cloned());
                ready.done.push(done);
            }
            Err(e) => {
                prep.failed.get_or_insert(e);
            }
        }
    }
}

/// Writes the manifest, the snapshot, the change report and (for a final version not yet
/// archived) the archived version into the project's new state, and makes that state the
/// output folder, in one step. When anything failed, a stop was requested, or a final
/// version that is archived would come out different, the new state is dropped, which
/// leaves the output folder (and its archive) as it was.
fn commit(prep: Prepared) -> Result<BuildReport, BuildError> {
    let Prepared {
        project,
        mut report,
        staging,
        old,
        data,
        failed,
        stop,
        ..
    } = prep;
    if let Some(e) = failed {
        return Err(e);
    }
    let (Some(mut ready), Some(mut staging)) = (data, staging) else {
        return Ok(report);
    };
    if let Some(reden) = &ready.blocked
        && ready.skipped > 0
    {
        let all = report.geweigerd.is_empty();
        report.geweigerd.push(Refused {
            document: if all {
                "alle documenten"
            } else {
                "alle andere documenten"
            }
            .into(),
            reden: reden.clone(),
        });
    }
    let uit = staging.target().to_path_buf();
    let versie = ready.model.regio.versie.clone();
    ready.done.sort_by(|a, b| a.rel.cmp(&b.rel));
    let final_set = !ready.concept && ready.blocked.is_none();
    if final_set && let Some(own) = &ready.own {
        let differences = differences(own, &ready.done, ready.complete);
        if !differences.is_empty() {
            return Err(BuildError::VersieBestaat(refusal_message(
                own,
                &ready,
                &differences,
            )));
        }
        report.archief = Some(Archivering {
            versie: versie.clone(),
            map: format!("{}/{}", archive::DIR, own.map),
            nieuw: false,
        });
    }
    let mut entries: BTreeMap<String, manifest::Output> = old
        .uitvoer
        .iter()
        .filter(|o| uit.join(&o.bestand).is_file())
        .map(|o| (o.bestand.clone(), o.clone()))
        .collect();
    let vervangt = |rel: &str| {
        let r = ready.reference.as_ref()?;
        Some(manifest::Vervangt {
            versie: r.seal.versie.clone(),
            sha256: r.document(rel)?.sha256.clone(),
        })
    };
    for done in &ready.done {
        let written = Written {
            bestand: done.rel.clone(),
            sha256: done.sha256.clone(),
        };
        if done.written {
            report.geschreven.push(written);
        } else {
            report.ongewijzigd.push(written);
        }
        entries.insert(
            done.rel.clone(),
            manifest::Output {
                bestand: done.rel.clone(),
                sha256: done.sha256.clone(),
                bytes: done.bytes,
                sleutel: done.key.clone(),
                versie: versie.clone(),
                vervangt: if done.document {
                    vervangt(&done.rel)
                } else {
                    None
                },
            },
        );
    }
    let io = |source| BuildError::Io {
        path: project.uit.clone(),
        source,
    };
    // The snapshot of a build that made something (one that was refused whole leaves the
    // previous one, so the next build compares with what was last made), and the change
    // report when this build has changes to report. A build whose data did not change
    // leaves the report of the last change as it is; one whose data changed with nothing
    // to compare removes an earlier report (it describes another state).
    let made = !ready.done.is_empty();
    let mut extra = Vec::new();
    if made {
        extra.push((
            changes::FILE_NAME.to_string(),
            ready.snapshot.to_json().into_bytes(),
            false,
        ));
    }
    let changed = report.wijzigingen.iter().any(|v| !v.wijzigingen.is_empty());
    if made && ready.xlsx && changed {
        let vorige = report
            .wijzigingen
            .iter()
            .find(|v| v.basis == Basis::VorigeBuild)
            .cloned();
        let mut sheets = vec![vorige];
        sheets.extend(
            report
                .wijzigingen
                .iter()
                .filter(|v| v.basis == Basis::Definitief)
                .cloned()
                .map(Some),
        );
        let bytes = crate::render::wijzigingen::xlsx(&ready.snapshot, &sheets).map_err(|e| {
            BuildError::Render {
                document: WIJZIGINGEN.into(),
                message: e.to_string(),
            }
        })?;
        extra.push((WIJZIGINGEN.to_string(), bytes, true));
    } else if made && ready.xlsx && ready.changed {
        staging.omit(WIJZIGINGEN);
        entries.remove(WIJZIGINGEN);
    }
    for (rel, bytes, reported) in extra {
        let sha256 = output::sha256(&bytes);
        let written = Written {
            bestand: rel.clone(),
            sha256: sha256.clone(),
        };
        let same = output::sha256_file(&uit.join(&rel)).ok().as_ref() == Some(&sha256);
        if !same {
            staging.write(&rel, &bytes).map_err(io)?;
        }
        if reported && same {
            report.ongewijzigd.push(written);
        } else if reported {
            report.geschreven.push(written);
        }
        entries.insert(
            rel.clone(),
            manifest::Output {
                bestand: rel,
                sleutel: sha256.clone(),
                sha256,
                bytes: bytes.len() as u64,
                versie: versie.clone(),
                vervangt: None,
            },
        );
    }
    let mut manifest = Manifest {
        regiodocs: manifest::TOOL_VERSION.into(),
        regio: ready.model.regio.naam.clone(),
        versie: versie.clone(),
        invoer: ready.inputs.clone(),
        templates: ready
            .templates
            .texts()
            .iter()
            .map(|(naam, text)| manifest::Template {
                naam: naam.clone(),
                bron: relative(ready.templates.origin(naam), &project.map),
                sha256: output::sha256(text.as_bytes()),
            })
            .collect(),
        uitvoer: entries.into_values().collect(),
        bevindingen: report.bevindingen.iter().cloned().collect(),
        archief: ready.archive.recorded(),
    };
    if final_set && ready.own.is_none() {
        let record = archive_version(&staging, &ready, &manifest).map_err(io)?;
        report.archief = Some(Archivering {
            versie: versie.clone(),
            map: format!("{}/{}", archive::DIR, record.map),
            nieuw: true,
        });
        manifest.archief.push(record);
    }
    staging
        .write(manifest::FILE_NAME, manifest.to_json().as_bytes())
        .map_err(io)?;
    if let Some(signal) = stop.requested() {
        return Err(BuildError::Afgebroken { signal });
    }
    staging.commit().map_err(io)?;
    Ok(report)
}

/// The change report's file name at the top of the output folder.
const WIJZIGINGEN: &str = "wijzigingen.xlsx";

/// How a document of a final build differs from its archived version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Difference {
    /// Other bytes.
    Gewijzigd,
    /// Not in the archived version.
    Nieuw,
    /// In the archived version, not made now (only for a complete build).
    Vervallen,
}

/// The documents of this build that differ from the archived version `own`.
fn differences(own: &Version, done: &[Done], complete: bool) -> Vec<(Difference, String)> {
    let mut out = Vec::new();
    for d in done.iter().filter(|d| d.document) {
        match own.document(&d.rel) {
            Some(e) if e.sha256 == d.sha256 => {}
            Some(_) => out.push((Difference::Gewijzigd, d.rel.clone())),
            None => out.push((Difference::Nieuw, d.rel.clone())),
        }
    }
    if complete {
        for e in &own.seal.documenten {
            if !done.iter().any(|d| d.document && d.rel == e.bestand) {
                out.push((Difference::Vervallen, e.bestand.clone()));
            }
        }
    }
    out.sort();
    out
}

/// The Dutch refusal of a final build whose version is archived with other documents:
/// which documents and inputs differ, the first changes, and the cell of the version.
fn refusal_message(own: &Version, ready: &Ready, differences: &[(Difference, String)]) -> String {
    let mut parts = Vec::new();
    for (kind, label) in [
        (Difference::Gewijzigd, "anders"),
        (Difference::Nieuw, "nieuw"),
        (Difference::Vervallen, "vervallen"),
    ] {
        // `regio/begroting.pdf`, `.docx`, `.xlsx` → `regio/begroting (pdf, docx, xlsx)`.
        let mut documents: Vec<(String, Vec<String>)> = Vec::new();
        for (_, rel) in differences.iter().filter(|(k, _)| *k == kind) {
            let (stem, ext) = rel.rsplit_once('.').unwrap_or((rel, ""));
            match documents.last_mut() {
                Some((s, exts)) if s == stem => exts.push(ext.into()),
                _ => documents.push((stem.into(), vec![ext.into()])),
            }
        }
        if documents.is_empty() {
            continue;
        }
        let n = documents.len();
        let mut named: Vec<String> = documents
            .into_iter()
            .take(6)
            .map(|(stem, exts)| format!("{stem} ({})", exts.join(", ")))
            .collect();
        if n > 6 {
            named.push(format!("{} andere", n - 6));
        }
        parts.push(format!("{label}: {}", crate::nl::opsomming(&named)));
    }
    let archived = own.inputs();
    let inputs: Vec<&str> = ready
        .inputs
        .iter()
        .filter(|i| !archived.contains(&(i.bestand.as_str(), i.sha256.as_str())))
        .map(|i| i.bestand.as_str())
        .collect();
    let mut message = format!(
        "versie {} is al definitief gemaakt en staat in het archief ({}/{}); een definitieve versie verandert nooit meer, maar deze build geeft andere stukken. Stukken {}.",
        own.seal.versie,
        archive::DIR,
        own.map,
        parts.join("; ")
    );
    if !inputs.is_empty() {
        message.push_str(&format!(
            " Gewijzigde invoer: {}.",
            crate::nl::opsomming(&inputs)
        ));
    }
    if let Ok(old) = own.snapshot() {
        let lines = changes::compare(&old, &ready.snapshot).lines(Some(3));
        if !lines.is_empty() {
            message.push_str(&format!(" Wat er anders is: {}.", lines.join("; ")));
        }
    }
    message.push_str(&format!(
        " Geef de nieuwe stukken een nieuw versienummer in {}, of bouw ze met --concept",
        version_cells(&ready.model)
    ));
    message
}

/// Writes a new archived version into the new state: the documents (copies of the files
/// this build made or kept), the workbooks as read, the document trees of the agreements
/// and plans, the snapshot, the manifest with these documents, and the seal last. Returns
/// what the manifest records of it.
fn archive_version(
    staging: &Staging,
    ready: &Ready,
    manifest: &Manifest,
) -> std::io::Result<manifest::Gearchiveerd> {
    let versie = &ready.model.regio.versie;
    let map = archive::folder_name(versie);
    let base = format!("{}/{map}", archive::DIR);
    let mut documenten = Vec::new();
    for d in ready.done.iter().filter(|d| d.document) {
        staging.copy(&format!("{base}/{}", d.rel), &staging.current(&d.rel))?;
        documenten.push(archive::Entry {
            bestand: d.rel.clone(),
            sha256: d.sha256.clone(),
            bytes: d.bytes,
        });
    }
    let mut archived_manifest = manifest.clone();
    archived_manifest
        .uitvoer
        .retain(|o| documenten.iter().any(|d| d.bestand == o.bestand));
    archived_manifest.archief.clear();
    let mut files: Vec<(String, Vec<u8>)> = ready
        .input_files
        .iter()
        .map(|f| (format!("invoer/{}", f.name), f.bytes.clone()))
        .collect();
    for (name, doc) in &ready.trees {
        files.push((
            archive::ir_path(name),
            serde_json::to_vec(&**doc).unwrap_or_default(),
        ));
    }
    files.push((
        changes::FILE_NAME.into(),
        ready.snapshot.to_json().into_bytes(),
    ));
    files.push((
        manifest::FILE_NAME.into(),
        archived_manifest.to_json().into_bytes(),
    ));
    let mut bestanden = Vec::new();
    for (rel, bytes) in files {
        staging.write(&format!("{base}/{rel}"), &bytes)?;
        bestanden.push(archive::Entry {
            sha256: output::sha256(&bytes),
            bytes: bytes.len() as u64,
            bestand: rel,
        });
    }
    let seal = archive::Seal {
        versie: versie.clone(),
        versiedatum: ready.snapshot.versiedatum.clone(),
        regio: ready.model.regio.naam.clone(),
        regiodocs: manifest::TOOL_VERSION.into(),
        documenten,
        bestanden,
    }
    .to_json();
    staging.write(&format!("{base}/{}", archive::SEAL), seal.as_bytes())?;
    Ok(manifest::Gearchiveerd {
        versie: versie.clone(),
        map,
        sha256: output::sha256(seal.as_bytes()),
    })
}

/// A template's origin as recorded in the manifest: `ingebouwd`, or the path within the
/// project folder (so the manifest does not depend on where the project lives).
fn relative(origin: &str, map: &Path) -> String {
    Path::new(origin)
        .strip_prefix(map)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|_| origin.to_string())
}

/// The documents to build, in a stable order.
fn jobs(p: &model::Project, opts: &BuildOptions) -> Vec<Job> {
    let only = opts.gemeente.as_deref();
    let regio = &p.regio.naam;
    let mut jobs = Vec::new();
    let mut add =
        |kind: DocKind, scope: Scope, folder: &str, stem, title: &str, subtitle: String| {
            if opts.alleen_begroting && kind != DocKind::Begroting {
                return;
            }
            if kind == DocKind::Overeenkomst && !p.partijen.iter().any(|x| x.overeenkomst == scope)
            {
                return;
            }
            jobs.push(Job {
                kind,
                scope,
                folder: folder.to_string(),
                stem,
                title: title.to_string(),
                subtitle,
            });
        };
    if only.is_none() {
        let r = Scope::Regio;
        add(
            DocKind::Plan,
            r.clone(),
            "regio",
            "regionaal-plan",
            "Regionaal plan van aanpak",
            regio.clone(),
        );
        add(
            DocKind::Overeenkomst,
            r.clone(),
            "regio",
            "samenwerkingsovereenkomst",
            "Samenwerkingsovereenkomst",
            regio.clone(),
        );
        add(
            DocKind::Opdracht,
            r.clone(),
            "regio",
            "opdrachtbeschrijving-regiocoordinator",
            "Opdrachtbeschrijving regiocoördinator",
            regio.clone(),
        );
        add(
            DocKind::Begroting,
            r,
            "regio",
            "begroting",
            "Begroting",
            regio.clone(),
        );
    }
    for g in p
        .deelnemers()
        .filter(|g| only.is_none_or(|c| c.eq_ignore_ascii_case(&g.code)))
    {
        let scope = Scope::Gemeente(g.code.clone());
        let folder = format!("gemeenten/{}-{}", g.code, output::slug(&g.naam));
        let sub = format!("Gemeente {}", g.naam);
        add(
            DocKind::Plan,
            scope.clone(),
            &folder,
            "plan",
            "Plan van aanpak",
            sub.clone(),
        );
        add(
            DocKind::Overeenkomst,
            scope.clone(),
            &folder,
            "samenwerkingsovereenkomst",
            "Samenwerkingsovereenkomst",
            sub.clone(),
        );
        add(
            DocKind::Opdracht,
            scope.clone(),
            &folder,
            "opdrachtbeschrijving-projectleider",
            "Opdrachtbeschrijving projectleider",
            sub.clone(),
        );
        add(
            DocKind::Begroting,
            scope,
            &folder,
            "begroting",
            "Begroting",
            sub,
        );
    }
    jobs
}

fn meta(p: &model::Project, job: &Job, concept: bool, signature_fields: bool) -> Meta {
    let date = p.regio.versiedatum.unwrap_or_default();
    Meta {
        title: format!("{} Kind naar Gezonder Gewicht", job.title),
        subtitle: Some(job.subtitle.clone()),
        footer_title: format!("{} – {}", job.title, job.subtitle),
        author: p.regio.naam.clone(),
        version: p.regio.versie.clone(),
        date: date.format("%Y-%m-%d").to_string(),
        date_text: crate::nl::datum(date),
        language: "nl".into(),
        keywords: vec!["Kind naar Gezonder Gewicht".into(), p.regio.naam.clone()],
        concept,
        initials_box: job.kind == DocKind::Overeenkomst,
        signature_fields,
    }
}
