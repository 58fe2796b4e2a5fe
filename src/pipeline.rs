//! The pipeline: from a project folder to a validated model with its computed budget
//! ([`check`]), and on to every document as PDF and DOCX ([`build`]).
//!
//! ```no_run
//! let checked = regiodocs::pipeline::check(std::path::Path::new("inputs/foodvalley"));
//! assert!(!checked.diagnostics.has_errors());
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::budget::Budget;
use crate::diag::Diagnostics;
use crate::ir::{Document, Meta};
use crate::markup::{self, MarkupError, Numbering};
use crate::model::{self, Project, Scope};
use crate::render::pdf::PdfEngine;
use crate::template::{TemplateError, Templates};
use crate::validate;
use crate::view::{DocKind, PlanRef, View};
use crate::vocab::Status;

/// The result of reading and validating a project.
#[derive(Debug)]
pub struct Checked {
    /// The model, when both workbooks and their required sheets could be read.
    pub project: Option<Project>,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// PDF via the embedded Typst engine.
    pub pdf: bool,
    /// DOCX via docx-rs.
    pub docx: bool,
}

impl Default for Formats {
    fn default() -> Self {
        Formats {
            pdf: true,
            docx: true,
        }
    }
}

/// Options of `regiodocs build`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Output folder.
    pub uit: PathBuf,
    /// Formats to write.
    pub formats: Formats,
    /// Only this municipality's documents (CBS code).
    pub gemeente: Option<String>,
    /// Write documents marked CONCEPT even when the status is `definitief`.
    pub concept: bool,
}

/// A document that was not written, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Refused {
    /// The document, e.g. `regio/samenwerkingsovereenkomst`.
    pub document: String,
    /// Why, in Dutch.
    pub reden: String,
}

/// One written file.
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    /// Path relative to the output folder, with `/` separators.
    pub bestand: String,
    /// SHA-256 of the file.
    pub sha256: String,
}

/// What a build did.
#[derive(Debug, Serialize)]
pub struct BuildReport {
    /// Files written.
    pub geschreven: Vec<Written>,
    /// Documents refused.
    pub geweigerd: Vec<Refused>,
    /// Every finding of the inputs.
    pub bevindingen: Diagnostics,
}

/// Why a build stopped.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
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
    /// The PDF engine failed.
    #[error("PDF van {document}: {message}")]
    Pdf {
        /// The document.
        document: String,
        /// The problem.
        message: String,
    },
    /// The DOCX exporter failed.
    #[error("DOCX van {document}: {message}")]
    Docx {
        /// The document.
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
    /// Exit code: 2 for I/O problems, 1 for problems in the project (templates included).
    pub fn exit_code(&self) -> u8 {
        match self {
            BuildError::Io { .. } => 2,
            _ => 1,
        }
    }
}

/// One document to produce.
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

/// Builds every document of the region and of every participating municipality.
pub fn build(dir: &Path, opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let checked = check(dir);
    let mut report = BuildReport {
        geschreven: Vec::new(),
        geweigerd: Vec::new(),
        bevindingen: checked.diagnostics,
    };
    let (Some(p), Some(budget)) = (checked.project, checked.budget) else {
        report.geweigerd.push(Refused {
            document: "alle documenten".into(),
            reden: "de werkboeken konden niet worden gelezen".into(),
        });
        return Ok(report);
    };
    let format_errors = report
        .bevindingen
        .iter()
        .any(|d| d.is_error() && d.code.as_str().starts_with('F'));
    if format_errors {
        report.geweigerd.push(Refused {
            document: "alle documenten".into(),
            reden: "de werkboeken bevatten fouten in het invoerformaat; herstel die eerst".into(),
        });
        return Ok(report);
    }
    let concept = opts.concept || p.regio.status == Status::Concept;
    if !concept && report.bevindingen.has_errors() {
        report.geweigerd.push(Refused {
            document: "alle documenten".into(),
            reden: "de status is definitief, maar niet alle regels zijn voldaan; herstel de fouten of bouw met --concept".into(),
        });
        return Ok(report);
    }
    let templates = Templates::with_overrides(Some(&dir.join("templates")))?;
    let view = View::new(&p, &budget);
    let jobs = jobs(&p, opts.gemeente.as_deref());
    // Agreements name the SHA-256 of their plan's PDF, so PDF is rendered for plans even
    // when only DOCX is asked for.
    let needs_engine = opts.formats.pdf || jobs.iter().any(|j| j.kind == DocKind::Overeenkomst);
    let engine = if needs_engine {
        let theme = templates.text("theme.typ").unwrap_or_default();
        Some(PdfEngine::new(theme).map_err(|e| BuildError::Pdf {
            document: "thema".into(),
            message: e.to_string(),
        })?)
    } else {
        None
    };
    let mut plan_refs: BTreeMap<Scope, PlanRef> = BTreeMap::new();
    for job in &jobs {
        let plan = match job.kind {
            DocKind::Overeenkomst => plan_refs.get(&job.scope).cloned(),
            _ => None,
        };
        let ctx = view.context(job.kind, &job.scope, plan);
        let text = templates.render(job.kind.template(), &ctx)?;
        let numbering = match job.kind {
            DocKind::Overeenkomst => Numbering::Artikelen,
            _ => Numbering::Hoofdstukken,
        };
        let blocks = markup::to_blocks(&text, numbering).map_err(|error| BuildError::Markup {
            file: job.kind.template().into(),
            error,
        })?;
        let doc = Document {
            meta: meta(&p, job, concept),
            blocks,
        };
        let name = format!("{}/{}", job.folder, job.stem);
        let needs_pdf = opts.formats.pdf || job.kind == DocKind::Plan;
        if needs_pdf && let Some(engine) = &engine {
            let pdf = engine.render(&doc).map_err(|e| BuildError::Pdf {
                document: name.clone(),
                message: e.to_string(),
            })?;
            if job.kind == DocKind::Plan {
                plan_refs.insert(
                    job.scope.clone(),
                    PlanRef {
                        titel: format!("{} {}", job.title, job.subtitle),
                        versie: p.regio.versie.clone(),
                        datum: doc.meta.date.clone(),
                        bestand: format!("{}.pdf", job.stem),
                        sha256: crate::output::sha256(&pdf.pdf),
                    },
                );
            }
            if opts.formats.pdf {
                write(&opts.uit, &format!("{name}.pdf"), &pdf.pdf, &mut report)?;
            }
        }
        if opts.formats.docx {
            let docx = crate::render::docx::render(&doc).map_err(|e| BuildError::Docx {
                document: name.clone(),
                message: e.to_string(),
            })?;
            write(&opts.uit, &format!("{name}.docx"), &docx, &mut report)?;
        }
    }
    Ok(report)
}

fn write(uit: &Path, rel: &str, bytes: &[u8], report: &mut BuildReport) -> Result<(), BuildError> {
    let path = uit.join(rel);
    crate::output::write_atomic(&path, bytes).map_err(|source| BuildError::Io { path, source })?;
    report.geschreven.push(Written {
        bestand: rel.to_string(),
        sha256: crate::output::sha256(bytes),
    });
    Ok(())
}

/// The documents to build, plans first (agreements need their plan's hash).
fn jobs(p: &Project, only: Option<&str>) -> Vec<Job> {
    let regio = &p.regio.naam;
    let mut jobs = Vec::new();
    let mut add = |kind, scope: Scope, folder: &str, stem, title: &str, subtitle: String| {
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
        add(
            DocKind::Plan,
            Scope::Regio,
            "regio",
            "regionaal-plan",
            "Regionaal plan van aanpak",
            regio.clone(),
        );
        if p.partijen.iter().any(|x| x.overeenkomst == Scope::Regio) {
            add(
                DocKind::Overeenkomst,
                Scope::Regio,
                "regio",
                "samenwerkingsovereenkomst",
                "Samenwerkingsovereenkomst",
                regio.clone(),
            );
        }
        add(
            DocKind::Opdracht,
            Scope::Regio,
            "regio",
            "opdrachtbeschrijving-regiocoordinator",
            "Opdrachtbeschrijving regiocoördinator",
            regio.clone(),
        );
        add(
            DocKind::Begroting,
            Scope::Regio,
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
        let folder = format!("gemeenten/{}-{}", g.code, crate::output::slug(&g.naam));
        let sub = format!("Gemeente {}", g.naam);
        add(
            DocKind::Plan,
            scope.clone(),
            &folder,
            "plan",
            "Plan van aanpak",
            sub.clone(),
        );
        if p.partijen.iter().any(|x| x.overeenkomst == scope) {
            add(
                DocKind::Overeenkomst,
                scope.clone(),
                &folder,
                "samenwerkingsovereenkomst",
                "Samenwerkingsovereenkomst",
                sub.clone(),
            );
        }
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
            scope.clone(),
            &folder,
            "begroting",
            "Begroting",
            sub,
        );
    }
    jobs
}

fn meta(p: &Project, job: &Job, concept: bool) -> Meta {
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
    }
}
