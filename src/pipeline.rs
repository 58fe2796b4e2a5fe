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
//! 4. **commit** each project: only when every output of the project rendered, the staged
//!    files are renamed into place and `manifest.json` is written. A failed or interrupted
//!    run leaves the earlier outputs complete and unchanged.
//!
//! Phases 2 and 3 run on rayon's pool (one thread per core), each thread rendering one
//! document at a time, documents of one kind one after another; Typst's caches are evicted after every compilation, so memory stays
//! bounded however many municipalities there are. Outputs whose content key (see
//! [`manifest`]) is unchanged are not rendered again.
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

use crate::budget::Budget;
use crate::diag::Diagnostics;
use crate::ir::{Document, Meta};
use crate::manifest::{self, Manifest, content_key};
use crate::markup::{self, MarkupError, Numbering};
use crate::model::{self, Scope};
use crate::output::{self, Staged};
use crate::render::pdf::PdfEngine;
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

/// Reads both workbooks of `dir`, computes the budget and runs every rule.
pub fn check(dir: &Path) -> Checked {
    let (project, mut diagnostics) = model::load(dir);
    let budget = project.as_ref().map(Budget::compute);
    if let (Some(p), Some(b)) = (&project, &budget) {
        diagnostics.extend(validate::validate(p, b));
    }
    diagnostics.sort();
    Checked {
        project,
        budget,
        diagnostics,
    }
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

/// Options of `regiodocs build` and `regiodocs begroting`.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Formats to write.
    pub formats: Formats,
    /// Only this municipality's documents (CBS code); the regional ones are skipped.
    pub gemeente: Option<String>,
    /// Write documents marked CONCEPT even when the status is `definitief`.
    pub concept: bool,
    /// Rebuild every output, also the ones whose content key is unchanged.
    pub alles: bool,
    /// Only the budgets (`regiodocs begroting`).
    pub alleen_begroting: bool,
    /// `--zonder-handtekenvelden`: no signature fields in the PDFs, whatever the workbook
    /// says (`Regio` › `Handtekenvelden`).
    pub zonder_handtekenvelden: bool,
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
    #[error("kan {path} niet schrijven: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

impl BuildError {
    /// Exit code: 2 for usage and I/O problems, 1 for problems in the project (templates
    /// included).
    pub fn exit_code(&self) -> u8 {
        match self {
            BuildError::Io { .. } | BuildError::NoProject(_) => 2,
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
    Pdf(Arc<Document>),
    Docx(Arc<Document>),
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
}

/// What became of one task.
struct Done {
    rel: String,
    sha256: String,
    bytes: u64,
    key: String,
    /// `None` when the file on disk was already up to date.
    staged: Option<Staged>,
    warnings: Vec<String>,
    plan_of: Option<(Scope, PlanRef)>,
}

/// A project after the prepare phase.
struct Prepared {
    project: Project,
    report: BuildReport,
    old: Manifest,
    /// `--alles`: render every output, even when its content key is unchanged.
    alles: bool,
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
    /// Outputs that rendered, waiting for the commit.
    done: Vec<Done>,
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
        Some(document(ready, job, plan.clone()).map(|doc| doc_tasks(*i, ready, job, doc, opts)))
    });
    let mut tasks = Vec::new();
    for ((i, _, _), r) in pending.iter().zip(results) {
        match r {
            Some(Ok(t)) => tasks.extend(t),
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
    let mut report = BuildReport {
        map: project.map.display().to_string(),
        uit: project.uit.display().to_string(),
        geschreven: Vec::new(),
        ongewijzigd: Vec::new(),
        geweigerd: Vec::new(),
        opmaakwaarschuwingen: Vec::new(),
        bevindingen: Diagnostics::new(),
    };
    if !project.map.is_dir() {
        return Prepared {
            project: project.clone(),
            report,
            old: Manifest::default(),
            alles: opts.alles,
            data: None,
            failed: Some(BuildError::NoProject(project.map.clone())),
        };
    }
    // Leftovers of an interrupted earlier run; this run stages its own files afresh.
    output::remove_stale_temporaries(&project.uit);
    let checked = check(&project.map);
    report.bevindingen = checked.diagnostics;
    let mut prep = Prepared {
        project: project.clone(),
        report,
        old: Manifest::read(&project.uit),
        alles: opts.alles,
        data: None,
        failed: None,
    };
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
    let inputs = [
        crate::schema::STAKEHOLDERS.stem,
        crate::schema::FINANCIEN.stem,
    ]
    .iter()
    .filter_map(|stem| crate::ingest::find_workbook(&project.map, stem).ok())
    .filter_map(|p| {
        let bytes = std::fs::read(&p).ok()?;
        Some(manifest::Input {
            bestand: p.file_name()?.to_string_lossy().into_owned(),
            sha256: output::sha256(&bytes),
        })
    })
    .collect();
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
        done: Vec::new(),
    });
    prep
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

/// The output tasks of one document (or its refusal).
fn doc_tasks(
    project: usize,
    ready: &Ready,
    job: &Job,
    doc: Arc<Document>,
    opts: &BuildOptions,
) -> Vec<Task> {
    let json = serde_json::to_vec(&*doc).unwrap_or_default();
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
            make: Make::Pdf(doc.clone()),
            plan_of,
        });
    }
    if opts.formats.docx {
        out.push(Task {
            project,
            rel: format!("{name}.docx"),
            key: content_key(&[b"docx".as_slice(), &json]),
            make: Make::Docx(doc),
            plan_of: None,
        });
    }
    out
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
        if refusal(report, &job.scope, ready.concept).is_some() {
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
            Make::Docx(_) => 1,
            Make::Xlsx(_) => 2,
        };
        let kind = t.rel.rsplit('/').next().unwrap_or_default().to_string();
        (format, kind)
    });
    parallel_map(&tasks, |t| {
        let r = run_task(&prepared[t.project], t);
        progress(Progress::Done(t.rel.clone()));
        (t.project, r)
    })
}

fn run_task(prep: &Prepared, t: &Task) -> Result<Done, BuildError> {
    let ready = prep.data.as_ref().ok_or_else(|| BuildError::Render {
        document: t.rel.clone(),
        message: "project niet voorbereid".into(),
    })?;
    let path = prep.project.uit.join(&t.rel);
    let on_disk = |key: &str| {
        let old = prep.old.output(&t.rel)?;
        let size = std::fs::metadata(&path).ok()?.len();
        (old.sleutel == key && old.bytes == size).then(|| old.clone())
    };
    let mut plan_of = t.plan_of.clone();
    if !prep.alles
        && let Some(old) = on_disk(&t.key)
    {
        if let Some((_, r)) = &mut plan_of {
            r.sha256 = old.sha256.clone();
        }
        return Ok(Done {
            rel: t.rel.clone(),
            sha256: old.sha256,
            bytes: old.bytes,
            key: t.key.clone(),
            staged: None,
            warnings: Vec::new(),
            plan_of,
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
        Make::Xlsx(f) => (f().map_err(render_error)?, Vec::new()),
    };
    let sha256 = output::sha256(&bytes);
    let key = t.key.clone();
    if let Some((_, r)) = &mut plan_of {
        r.sha256 = sha256.clone();
    }
    // Same bytes as the file on disk (a forced rebuild, or new inputs that change nothing
    // here): leave the file alone.
    let unchanged = prep.old.output(&t.rel).is_some_and(|o| {
        o.sha256 == sha256 && std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64)
    });
    let staged = if unchanged {
        None
    } else {
        Some(
            output::stage(&path, &bytes).map_err(|source| BuildError::Io {
                path: path.clone(),
                source,
            })?,
        )
    };
    Ok(Done {
        rel: t.rel.clone(),
        sha256,
        bytes: bytes.len() as u64,
        key,
        staged,
        warnings,
        plan_of,
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

/// Renames the staged files of a project into place and writes its manifest, or, when
/// anything failed, drops them (which removes the temporary files).
fn commit(prep: Prepared) -> Result<BuildReport, BuildError> {
    let Prepared {
        project,
        mut report,
        old,
        data,
        failed,
        ..
    } = prep;
    if let Some(e) = failed {
        return Err(e);
    }
    let Some(mut ready) = data else {
        return Ok(report);
    };
    let mut entries: BTreeMap<String, manifest::Output> = old
        .uitvoer
        .iter()
        .filter(|o| project.uit.join(&o.bestand).is_file())
        .map(|o| (o.bestand.clone(), o.clone()))
        .collect();
    ready.done.sort_by(|a, b| a.rel.cmp(&b.rel));
    for done in ready.done {
        let written = Written {
            bestand: done.rel.clone(),
            sha256: done.sha256.clone(),
        };
        match done.staged {
            Some(staged) => {
                let path = staged.target().to_path_buf();
                staged
                    .commit()
                    .map_err(|source| BuildError::Io { path, source })?;
                report.geschreven.push(written);
            }
            None => report.ongewijzigd.push(written),
        }
        entries.insert(
            done.rel.clone(),
            manifest::Output {
                bestand: done.rel,
                sha256: done.sha256,
                bytes: done.bytes,
                sleutel: done.key,
            },
        );
    }
    let manifest = Manifest {
        regiodocs: manifest::TOOL_VERSION.into(),
        regio: ready.model.regio.naam.clone(),
        invoer: ready.inputs,
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
    };
    let path = project.uit.join(manifest::FILE_NAME);
    output::write_atomic(&path, manifest.to_json().as_bytes())
        .map_err(|source| BuildError::Io { path, source })?;
    Ok(report)
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
