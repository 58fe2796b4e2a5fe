//! PDF export: the laid-out document set by the Typst theme, with Typst embedded as a library.
//!
//! The laid-out document ([`crate::layout::Document`]: column widths, type sizes, break
//! points and heading levels already decided) and the house style
//! ([`crate::layout::style::STYLE`]) are serialised to JSON and served to the theme as the
//! virtual file `/data.json`; the theme reads it with `json(...)` and takes every colour,
//! size and margin from it. Data never becomes Typst markup, so no
//! spreadsheet value can run Typst code. The [`World`] that Typst sees is closed: embedded
//! fonts only, the theme and the data file only, no packages, no file system, no network,
//! and `today()` is the document date.
//!
//! Output is PDF/A-2a together with PDF/UA-1 (tagged, archivable, accessible), and it is
//! byte-identical between runs: the PDF identifier and timestamp come from the IR. No IR
//! content can make the export fail: characters that no embedded font has are shown as `□`
//! (with a warning), invisible control characters that PDF/A forbids are dropped, and if a
//! (custom) theme breaks a PDF/UA-1 rule the file is still written as tagged PDF/A-2b,
//! with the reasons as warnings (see [`Conformance`]). After export,
//! [`signature_fields`](super::signature_fields) adds an empty signature field over every
//! signatory's signature line.
//!
//! ```no_run
//! use regiodocs::ir::{Block, Document, Inline, Meta};
//! use regiodocs::layout::lay_out;
//! use regiodocs::render::pdf::{PdfEngine, DEFAULT_THEME};
//!
//! let engine = PdfEngine::new(DEFAULT_THEME)?;
//! let doc = Document {
//!     meta: Meta::example(),
//!     blocks: vec![Block::Paragraph { content: vec![Inline::text("Hallo")] }],
//! };
//! let rendered = engine.render(&lay_out(&doc))?;
//! assert!(rendered.pdf.starts_with(b"%PDF-"));
//! for warning in &rendered.warnings {
//!     eprintln!("{warning}");
//! }
//! # Ok::<(), regiodocs::render::pdf::PdfError>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::layout::Document;
use crate::layout::style::{STYLE, Style};

/// The built-in theme (`templates/theme.typ`), embedded in the binary.
///
/// A project may override it with its own copy; pass that text to [`PdfEngine::new`].
pub const DEFAULT_THEME: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/theme.typ"));

/// The path under which the theme is compiled (the main file).
const THEME_PATH: &str = "/theme.typ";

/// The one fixed path of the data file. File ids are interned for the life of the process
/// (at most 65,535), so every document uses this same path.
const DATA_PATH: &str = "/data.json";

/// The line by which a theme says it reads the laid-out data ([`crate::layout::Document`]
/// with the house style). A theme without it (one a project copied from an earlier
/// version, which may carry the older line `regiodocs-gegevens: voorbereid`) gets the IR,
/// which those themes read: [`crate::layout::Document::to_ir`], with the laid-out text.
const LAID_OUT_DATA: &str = "regiodocs-gegevens: opgemaakt";

/// How many compilations a cached result may go unused before [`typst::comemo::evict`]
/// drops it. Small, so memory stays bounded over hundreds of documents while the parsed
/// theme, the fonts and the layout of text the previous documents of the same kind also
/// had stay warm (the build renders documents of one kind one after another). Measured on
/// the national benchmark: 2 and 8 equally fast, 32 slower and twice the memory.
const EVICT_MAX_AGE: usize = 2;

/// Above this many table rows (see [`Document::table_rows`]; some hundred pages) a
/// document is long: see [`renders_alone`].
const LONG_DOCUMENT_ROWS: usize = 2_000;

/// Whether `doc` is long enough (more than 2,000 table rows) that it should be rendered
/// while no other PDF renders, as the build does (the DOCX and XLSX files, which do not
/// use Typst, are made beside it).
///
/// Typst's caches are global (comemo). While one thread compiles a long document, another
/// thread evicts them after each of its own short documents, which drops layout the long
/// one still relies on: its next layout pass makes those pages again while the previous
/// pass still holds them. [`PdfEngine::render`] also empties the caches between the layout
/// and the PDF export of a long document, so the export reuses that memory instead of
/// adding to it. A full build with a budget of 10,000 cost lines peaked at 1,831 MiB with
/// the budget rendered beside the other documents, and at 1,287 MiB with it rendered apart
/// from the other PDFs.
///
/// ```
/// use regiodocs::ir::{Block, Document, Inline, Meta, Table};
/// let rows = |n: usize| Table {
///     caption: None,
///     columns: vec![],
///     rows: (0..n).map(|i| vec![vec![Inline::text(i.to_string())]]).collect(),
///     total: None,
/// };
/// let doc = |n| regiodocs::layout::lay_out(&Document {
///     meta: Meta::example(),
///     blocks: vec![Block::Table(rows(n))],
/// });
/// assert!(!regiodocs::render::pdf::renders_alone(&doc(40)));
/// assert!(regiodocs::render::pdf::renders_alone(&doc(2_500)));
/// ```
pub fn renders_alone(doc: &Document) -> bool {
    doc.table_rows() > LONG_DOCUMENT_ROWS
}

/// Errors from rendering a document to PDF.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The document date in `Meta.date` is not a valid ISO date `YYYY-MM-DD`.
    #[error("ongeldige documentdatum {0:?}: verwacht JJJJ-MM-DD")]
    InvalidDate(String),
    /// None of the embedded fonts could be read (a broken build).
    #[error("geen bruikbaar lettertype ingebouwd")]
    NoFonts,
    /// The IR could not be serialised to JSON.
    #[error("document kon niet naar JSON worden omgezet: {0}")]
    Json(#[from] serde_json::Error),
    /// Typst reported errors while compiling the theme with this document's data.
    #[error("opmaak (Typst) mislukt:\n{}", join_lines(.errors))]
    Compile {
        /// The errors, with their position in the theme where known.
        errors: Vec<Diagnostic>,
        /// Warnings reported before the failure.
        warnings: Vec<Diagnostic>,
    },
    /// The laid-out document could not be exported as PDF/A-2a + PDF/UA-1.
    #[error("PDF-export mislukt:\n{}", join_lines(.errors))]
    Export {
        /// The errors, with their position in the theme where known.
        errors: Vec<Diagnostic>,
    },
    /// The PDF standards could not be configured (a bug in this module).
    #[error("PDF-standaarden ongeldig: {0}")]
    Standards(String),
    /// Typst panicked; the message is kept. Never expected, but never allowed to take
    /// the whole run down either.
    #[error("interne fout in Typst: {0}")]
    Internal(String),
}

fn join_lines(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| format!("  {d}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether a [`Diagnostic`] is fatal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiagnosticSeverity {
    /// Compilation or export failed.
    Error,
    /// Output was produced, but something may be off (e.g. a missing glyph).
    Warning,
}

/// One message from Typst, located in the theme where possible.
///
/// Displays as `theme.typ:12:5: fout: message (hint: ...)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: DiagnosticSeverity,
    /// The file the message points into (`/theme.typ` or `/data.json`), if any.
    pub file: Option<String>,
    /// 1-based line in that file, if known.
    pub line: Option<usize>,
    /// 1-based column in that file, if known.
    pub column: Option<usize>,
    /// Typst's message (English).
    pub message: String,
    /// Typst's hints and the call trace (innermost first).
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// A warning without a place in the theme.
    fn note(message: String) -> Self {
        Diagnostic {
            severity: DiagnosticSeverity::Warning,
            file: None,
            line: None,
            column: None,
            message,
            hints: Vec::new(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.trim_start_matches('/'))?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(col) = self.column {
                    write!(f, ":{col}")?;
                }
            }
            write!(f, ": ")?;
        }
        let kind = match self.severity {
            DiagnosticSeverity::Error => "fout",
            DiagnosticSeverity::Warning => "waarschuwing",
        };
        write!(f, "{kind}: {}", self.message)?;
        for hint in &self.hints {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

/// The PDF standards a rendered file conforms to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conformance {
    /// PDF/A-2a together with PDF/UA-1: archivable and accessible (the normal case).
    PdfA2aUa1,
    /// Tagged PDF/A-2b: the fallback when the content breaks a PDF/UA-1 rule (e.g. an
    /// empty table header in a custom theme); the reasons are in the warnings.
    PdfA2b,
}

impl Conformance {
    /// The standards as usually written, e.g. `PDF/A-2a, PDF/UA-1`.
    pub fn as_str(self) -> &'static str {
        match self {
            Conformance::PdfA2aUa1 => "PDF/A-2a, PDF/UA-1",
            Conformance::PdfA2b => "PDF/A-2b",
        }
    }
}

/// A rendered document: the PDF bytes, the standards it meets and any warnings.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The PDF file.
    pub pdf: Vec<u8>,
    /// Typst's warnings (e.g. a glyph no embedded font has), plus the reasons for a
    /// fallback to PDF/A-2b; empty when all is well.
    pub warnings: Vec<Diagnostic>,
    /// PDF/A-2a with PDF/UA-1, or the PDF/A-2b fallback.
    pub conformance: Conformance,
}

/// The PDF renderer: fonts, font book, Typst standard library and theme, built once.
///
/// Construction parses the embedded fonts and the theme (a few milliseconds); after that
/// each [`render`](Self::render) builds only a cheap per-document world. The engine is
/// `Send + Sync`, so threads may share one engine.
///
/// ```no_run
/// use regiodocs::render::pdf::{PdfEngine, DEFAULT_THEME};
/// let engine = PdfEngine::new(DEFAULT_THEME)?;
/// # Ok::<(), regiodocs::render::pdf::PdfError>(())
/// ```
pub struct PdfEngine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    /// Stands in for characters no embedded font has (`□`, or `?`).
    replacement: char,
    theme: Source,
    /// Whether the theme reads the laid-out data (it carries [`LAID_OUT_DATA`]).
    laid_out: bool,
    theme_id: FileId,
    data_id: FileId,
}

impl fmt::Debug for PdfEngine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PdfEngine")
            .field("fonts", &self.fonts.len())
            .field("theme_bytes", &self.theme.text().len())
            .finish()
    }
}

fn file_id(path: &str) -> Result<FileId, PdfError> {
    let vpath = VirtualPath::new(path)
        .map_err(|e| PdfError::Internal(format!("ongeldig intern pad {path}: {e}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl PdfEngine {
    /// Builds the engine from a theme's Typst source text.
    ///
    /// Use [`DEFAULT_THEME`] for the built-in theme, or the text of a project's own
    /// `templates/theme.typ`. The theme is not compiled yet; errors in it surface from
    /// [`render`](Self::render) with their line numbers.
    ///
    /// ```no_run
    /// use regiodocs::render::pdf::PdfEngine;
    /// let theme = std::fs::read_to_string("mijn-project/templates/theme.typ").unwrap_or_default();
    /// let engine = PdfEngine::new(theme)?;
    /// # Ok::<(), regiodocs::render::pdf::PdfError>(())
    /// ```
    pub fn new(theme: impl Into<String>) -> Result<Self, PdfError> {
        // Source Sans 3 (SIL Open Font License 1.1, see `templates/fonts/OFL.txt`), the
        // fonts the layout measures with. No system font is ever loaded.
        let fonts: Vec<Font> = crate::fonts::FILES
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        if fonts.is_empty() {
            return Err(PdfError::NoFonts);
        }
        let book = FontBook::from_fonts(&fonts);
        let replacement = if crate::fonts::covers('\u{25A1}') {
            '\u{25A1}'
        } else {
            '?'
        };
        let theme_id = file_id(THEME_PATH)?;
        let data_id = file_id(DATA_PATH)?;
        let theme: String = theme.into();
        Ok(PdfEngine {
            laid_out: theme.contains(LAID_OUT_DATA),
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(book),
            fonts,
            replacement,
            theme: Source::new(theme_id, theme),
            theme_id,
            data_id,
        })
    }

    /// The family names of the embedded fonts, e.g. `["Source Sans 3"]`.
    pub fn font_families(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .book
            .families()
            .map(|(name, _)| name.to_string())
            .collect();
        names.dedup();
        names
    }

    /// Lays out `doc` with the theme and exports it as PDF/A-2a with PDF/UA-1.
    ///
    /// The same document gives the same bytes every time. Typst's warnings are returned
    /// with the PDF; errors (in the theme, or e.g. an invalid `Meta.date`) as [`PdfError`].
    /// Caches are trimmed after every compilation, so memory stays bounded however many
    /// documents one engine renders.
    ///
    /// ```no_run
    /// # use regiodocs::ir::{Document, Meta};
    /// # use regiodocs::render::pdf::{PdfEngine, DEFAULT_THEME};
    /// # let engine = PdfEngine::new(DEFAULT_THEME)?;
    /// let doc = Document { meta: Meta::example(), blocks: vec![] };
    /// let out = engine.render(&regiodocs::layout::lay_out(&doc))?;
    /// std::fs::write("plan.pdf", &out.pdf).ok();
    /// # Ok::<(), regiodocs::render::pdf::PdfError>(())
    /// ```
    pub fn render(&self, doc: &Document) -> Result<Rendered, PdfError> {
        let result = self.render_uncached(doc);
        // Trim Typst's caches after every document, failed ones too, so memory stays
        // bounded over hundreds of documents.
        typst::comemo::evict(EVICT_MAX_AGE);
        result
    }

    /// The data the theme reads for `doc` (`/data.json`), made printable with the embedded
    /// fonts: for a theme that says it reads laid-out data (the built-in one does) the
    /// house style and the laid-out document, otherwise the IR
    /// ([`Document::to_ir`](crate::layout::Document::to_ir)). With it, the Typst CLI renders
    /// the same document (see the comment at the top of `templates/theme.typ`).
    ///
    /// ```
    /// # use regiodocs::ir::{Document, Meta};
    /// # use regiodocs::render::pdf::{PdfEngine, DEFAULT_THEME};
    /// # let engine = PdfEngine::new(DEFAULT_THEME)?;
    /// let doc = regiodocs::layout::lay_out(&Document { meta: Meta::example(), blocks: vec![] });
    /// let json: serde_json::Value = serde_json::from_slice(&engine.data_json(&doc)?)?;
    /// assert_eq!(json["meta"]["title"], doc.meta.title.as_str());
    /// assert_eq!(json["style"]["colors"]["accent"], "1D4E6E");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn data_json(&self, doc: &Document) -> Result<Vec<u8>, PdfError> {
        Ok(self.data(doc)?.json)
    }

    fn data(&self, doc: &Document) -> Result<ThemeData, PdfError> {
        let mut value = if self.laid_out {
            serde_json::to_value(ThemeInput {
                style: &STYLE,
                meta: &doc.meta,
                blocks: &doc.blocks,
            })?
        } else {
            serde_json::to_value(doc.to_ir())?
        };
        let mut fixes = BTreeMap::new();
        self.sanitize(&mut value, &mut fixes);
        let shortened = value
            .get_mut("blocks")
            .and_then(|b| b.as_array_mut())
            .map(|blocks| fit_pdf_strings(blocks))
            .unwrap_or(0);
        Ok(ThemeData {
            json: serde_json::to_vec(&value)?,
            value,
            fixes,
            shortened,
        })
    }

    fn render_uncached(&self, doc: &Document) -> Result<Rendered, PdfError> {
        let date = parse_date(&doc.meta.date)?;
        let ThemeData {
            json,
            value,
            fixes,
            shortened,
        } = self.data(doc)?;
        let data = Bytes::new(json);
        let world = DocWorld {
            engine: self,
            data,
            today: date,
        };

        let compiled = crate::contain::catch(|| typst::compile::<PagedDocument>(&world));
        let compiled = compiled.map_err(|p| PdfError::Internal(panic_message(&*p)))?;

        let mut warnings = self.fix_warnings(&fixes);
        if shortened > 0 {
            warnings.push(Diagnostic {
                severity: DiagnosticSeverity::Warning,
                file: None,
                line: None,
                column: None,
                message: format!(
                    "{shortened} koppen of beschrijvingen langer dan {MAX_PDF_STRING_CHARS} tekens ingekort (PDF/A staat zulke lange bladwijzers niet toe)"
                ),
                hints: Vec::new(),
            });
        }
        warnings.extend(self.convert(&world, &compiled.warnings));
        let mut document = match compiled.output {
            Ok(document) => document,
            Err(errors) => {
                return Err(PdfError::Compile {
                    errors: self.convert(&world, &errors),
                    warnings,
                });
            }
        };

        describe(&mut document, &value);
        if renders_alone(doc) {
            // The layout is done and the export needs none of it: free it first.
            typst::comemo::evict(0);
        }

        let meta = &doc.meta;
        let ident = format!(
            "regiodocs|{}|{}|{}|{}",
            meta.title,
            meta.subtitle.as_deref().unwrap_or(""),
            meta.version,
            meta.date
        );
        let export = |list: &[PdfStandard]| -> Result<Vec<u8>, PdfError> {
            let standards = PdfStandards::new(list)
                .map_err(|e| PdfError::Standards(e.message().to_string()))?;
            let options = PdfOptions {
                ident: Smart::Custom(ident.clone()),
                timestamp: Some(Timestamp::new_utc(date)),
                standards,
                ..PdfOptions::default()
            };
            crate::contain::catch(|| typst_pdf::pdf(&document, &options))
                .map_err(|p| PdfError::Internal(panic_message(&*p)))?
                .map_err(|errors| PdfError::Export {
                    errors: self.convert(&world, &errors),
                })
        };

        let (pdf, conformance) = match export(&[PdfStandard::A_2a, PdfStandard::Ua_1]) {
            Ok(pdf) => (pdf, Conformance::PdfA2aUa1),
            Err(PdfError::Export { errors }) => {
                // Content that PDF/UA-1 rejects (it should not happen with the built-in
                // theme) still yields an archivable, tagged PDF/A-2b, with a warning.
                let pdf = export(&[PdfStandard::A_2b]).map_err(|_| PdfError::Export {
                    errors: errors.clone(),
                })?;
                for mut e in errors {
                    e.severity = DiagnosticSeverity::Warning;
                    e.hints.push(
                        "PDF/A-2a + PDF/UA-1 niet gehaald; geschreven als getagde PDF/A-2b".into(),
                    );
                    warnings.push(e);
                }
                (pdf, Conformance::PdfA2b)
            }
            Err(other) => return Err(other),
        };
        let (pdf, notes) = super::signature_fields::apply(doc, &document, pdf);
        warnings.extend(notes.into_iter().map(Diagnostic::note));
        Ok(Rendered {
            pdf,
            warnings,
            conformance,
        })
    }

    /// Makes every string in the data printable with the embedded fonts, so no content
    /// can make the PDF/A export fail: a character that no embedded font has is replaced
    /// by `□`, and invisible control characters that PDF/A forbids are dropped. White
    /// space and zero-width formatting characters (such as U+200F) are kept.
    fn sanitize(&self, value: &mut serde_json::Value, fixes: &mut BTreeMap<char, Fix>) {
        match value {
            serde_json::Value::String(s) if !s.chars().all(|c| self.printable(c)) => {
                let mut out = String::with_capacity(s.len());
                for c in s.chars() {
                    if self.printable(c) {
                        out.push(c);
                    } else if c == '\t' {
                        out.push(' ');
                    } else if crate::fonts::is_invisible_unsupported(c) {
                        fixes.insert(c, Fix::Dropped);
                    } else {
                        fixes.insert(c, Fix::Replaced);
                        out.push(self.replacement);
                    }
                }
                *s = out;
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    self.sanitize(item, fixes);
                }
            }
            serde_json::Value::Object(map) => {
                for (_, item) in map.iter_mut() {
                    self.sanitize(item, fixes);
                }
            }
            _ => {}
        }
    }

    /// Whether Typst can set `c` with the embedded fonts without a missing glyph.
    fn printable(&self, c: char) -> bool {
        c != '\t' && crate::fonts::printable(c)
    }

    /// Warnings for the characters [`sanitize`](Self::sanitize) changed.
    fn fix_warnings(&self, fixes: &BTreeMap<char, Fix>) -> Vec<Diagnostic> {
        fixes
            .iter()
            .map(|(c, fix)| {
                let code = format!("U+{:04X}", u32::from(*c));
                let message = match fix {
                    Fix::Dropped => format!("onzichtbaar stuurteken {code} weggelaten"),
                    Fix::Replaced => format!(
                        "teken {c} ({code}) staat in geen ingebouwd lettertype; weergegeven als {}",
                        self.replacement
                    ),
                };
                Diagnostic::note(message)
            })
            .collect()
    }

    /// Turns Typst's diagnostics into located [`Diagnostic`]s.
    fn convert(&self, world: &DocWorld<'_>, diags: &[SourceDiagnostic]) -> Vec<Diagnostic> {
        diags
            .iter()
            .map(|d| {
                let (file, line, column) = self.locate(world, d.span);
                let mut hints: Vec<String> = d.hints.iter().map(|h| h.v.to_string()).collect();
                for point in d.trace.iter() {
                    let (f, l, _) = self.locate(world, point.span.into());
                    let place = match (f, l) {
                        (Some(f), Some(l)) => format!(" ({}:{l})", f.trim_start_matches('/')),
                        _ => String::new(),
                    };
                    hints.push(format!("{}{place}", point.v));
                }
                Diagnostic {
                    severity: match d.severity {
                        Severity::Error => DiagnosticSeverity::Error,
                        Severity::Warning => DiagnosticSeverity::Warning,
                    },
                    file,
                    line,
                    column,
                    message: d.message.to_string(),
                    hints,
                }
            })
            .collect()
    }

    /// File, 1-based line and column of a span (only the theme has lines to report).
    fn locate(
        &self,
        world: &DocWorld<'_>,
        span: typst::syntax::DiagSpan,
    ) -> (Option<String>, Option<usize>, Option<usize>) {
        let Some(id) = span.id() else {
            return (None, None, None);
        };
        let file = Some(id.vpath().get_with_slash().to_string());
        if id != self.theme_id {
            return (file, None, None);
        }
        let Some(range) = world.range(span) else {
            return (file, None, None);
        };
        match self.theme.lines().byte_to_line_column(range.start) {
            Some((line, col)) => (file, Some(line + 1), Some(col + 1)),
            None => (file, None, None),
        }
    }
}

/// What the theme reads for one document: [`PdfEngine::data_json`], the same as a value
/// (for the meta data), the characters that were made printable and how many texts
/// [`fit_pdf_strings`] shortened.
struct ThemeData {
    json: Vec<u8>,
    value: serde_json::Value,
    fixes: BTreeMap<char, Fix>,
    shortened: usize,
}

/// The longest heading, chart description or document title the PDF carries in full.
/// These texts also become strings inside the PDF (bookmarks, the tag tree, the document
/// information), and PDF/A refuses a string over 32,767 bytes; in UTF-16, with a break
/// point after every character of a long word, a character can take 4 bytes. `check`
/// keeps names far shorter ([`crate::validate::MAX_NAME_CHARS`]); this only guards a
/// project's own template that puts long text in a heading.
const MAX_PDF_STRING_CHARS: usize = 4_000;

/// Cuts headings and chart descriptions longer than [`MAX_PDF_STRING_CHARS`] (ending them
/// with `…`), so no content can make the PDF/A export fail; returns how many it cut.
fn fit_pdf_strings(blocks: &mut [serde_json::Value]) -> usize {
    let mut cut = 0;
    for block in blocks {
        let key = match block.get("t").and_then(|t| t.as_str()) {
            Some("heading") => "text",
            Some("chart") => "alt",
            _ => continue,
        };
        if let Some(serde_json::Value::String(text)) = block.get_mut(key)
            && shorten(text, MAX_PDF_STRING_CHARS)
        {
            cut += 1;
        }
    }
    cut
}

/// Cuts `text` to at most `max` characters, the last one `…`; true when it did.
fn shorten(text: &mut String, max: usize) -> bool {
    match text.char_indices().nth(max.saturating_sub(1)) {
        Some((end, _)) if text.chars().count() > max => {
            text.truncate(end);
            text.push('…');
            true
        }
        _ => false,
    }
}

/// What [`PdfEngine::sanitize`] did with a character.
#[derive(Debug, Clone, Copy)]
enum Fix {
    Dropped,
    Replaced,
}

/// What a theme that reads laid-out data gets: the house style beside the document.
#[derive(serde::Serialize)]
struct ThemeInput<'a> {
    style: &'a Style,
    meta: &'a crate::ir::Meta,
    blocks: &'a [crate::layout::Block],
}

/// Sets the document's title, author and keywords from the (sanitised) meta data.
///
/// The theme leaves these out of its styles (they differ per document, and a style that
/// differs would make every cached layout result of Typst unusable for the next document),
/// so they are set here, after layout and before export. PDF/UA-1 requires the title; it
/// falls back to the footer title, as the theme does when run by the Typst CLI.
fn describe(document: &mut PagedDocument, data: &serde_json::Value) {
    let text = |key: &str| {
        data["meta"][key]
            .as_str()
            .map(str::trim)
            .filter(|t| !t.is_empty())
    };
    let fit = |t: &str| {
        let mut t = t.to_string();
        shorten(&mut t, MAX_PDF_STRING_CHARS);
        t
    };
    let info = document.info_mut();
    let title = text("title").or(text("footer_title")).unwrap_or("Document");
    info.title = Some(fit(title).into());
    info.author = text("author").map(|a| fit(a).into()).into_iter().collect();
    // The keywords become one string, joined.
    let mut room = MAX_PDF_STRING_CHARS;
    info.keywords = data["meta"]["keywords"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|k| k.as_str())
        .take_while(|k| {
            let fits = k.chars().count() + 2 <= room;
            room = room.saturating_sub(k.chars().count() + 2);
            fits
        })
        .map(Into::into)
        .collect();
}

/// Parses `YYYY-MM-DD` into a Typst date.
fn parse_date(iso: &str) -> Result<Datetime, PdfError> {
    let bad = || PdfError::InvalidDate(iso.to_string());
    let mut parts = iso.trim().splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    let y: i32 = y.parse().map_err(|_| bad())?;
    let m: u8 = m.parse().map_err(|_| bad())?;
    let d: u8 = d.parse().map_err(|_| bad())?;
    Datetime::from_ymd(y, m, d).ok_or_else(bad)
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "onbekende paniek".to_string()
    }
}

/// The world of one document: the engine's shared parts plus this document's data.
struct DocWorld<'a> {
    engine: &'a PdfEngine,
    data: Bytes,
    today: Datetime,
}

impl DocWorld<'_> {
    fn not_found(id: FileId) -> FileError {
        FileError::NotFound(id.vpath().get_with_slash().into())
    }
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.engine.theme_id
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.engine.theme_id {
            Ok(self.engine.theme.clone())
        } else {
            Err(Self::not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.engine.data_id {
            Ok(self.data.clone())
        } else if id == self.engine.theme_id {
            Ok(Bytes::from_string(self.engine.theme.text().to_string()))
        } else {
            Err(Self::not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{self, Block, Inline};
    use serde_json::json;

    #[test]
    fn only_a_theme_that_asks_for_it_gets_laid_out_data() {
        let doc = crate::layout::lay_out(&ir::Document {
            meta: ir::Meta::example(),
            blocks: vec![Block::Paragraph {
                content: vec![Inline::text("Tekst van € 5,00")],
            }],
        });
        let data = |theme: &str| -> serde_json::Value {
            let engine = PdfEngine::new(theme).expect("engine");
            serde_json::from_slice(&engine.data_json(&doc).expect("data")).expect("json")
        };
        let laid = data(DEFAULT_THEME);
        assert_eq!(laid["blocks"][0]["content"], json!("Tekst van €\u{a0}5,00"));
        assert_eq!(laid["style"]["sizes"]["body"], json!(11.0));
        // A theme copied from an earlier version (no marker, or the older one) reads the
        // IR, with the laid-out text.
        for older in [
            DEFAULT_THEME.replace(LAID_OUT_DATA, ""),
            DEFAULT_THEME.replace(LAID_OUT_DATA, "regiodocs-gegevens: voorbereid"),
        ] {
            let ir = data(&older);
            assert_eq!(
                ir["blocks"][0]["content"],
                json!([{"t": "text", "text": "Tekst van €\u{a0}5,00"}])
            );
            assert!(ir.get("style").is_none());
        }
    }
}
