//! # regiodocs
//!
//! From two spreadsheets to the signed paperwork of a regional cooperation *Kind naar
//! Gezonder Gewicht* (KnGG): cooperation agreements, assignment descriptions, regional and
//! municipal plans and budgets.
//!
//! The pipeline runs in one direction; each stage is a module and depends only on the
//! stages before it:
//!
//! ```text
//! stakeholders.xlsx ─┐
//! financien.xlsx ────┴─ ingest ─ model ─ budget ─ validate ─ view ─ template ─ markup ─ IR ─ layout ─┬─ PDF  (typst)
//!                                                      │                                             └─ DOCX (docx-rs)
//!                                                      └───────────────────────────────────────────────── XLSX (rust_xlsxwriter)
//! ```
//!
//! [`pipeline`] runs the stages for one or many projects ([`pipeline::check`],
//! [`pipeline::build`]); [`cli`] is the thin command line on top, and [`serve`] the same
//! pipeline behind a local web page.
//!
//! - [`diag`]: diagnostics with stable codes, Dutch messages and Excel cell locations; the
//!   explanation of every code for users ([`diag::uitleg`], from `docs/bevindingen.md`);
//!   operating-system errors in Dutch.
//! - [`ingest`]: the only module that touches calamine; Dutch notation parsers; header
//!   matching; [`ingest::limits`]: every workbook is read within limits (regular files only,
//!   file, unpacked and cell sizes, rows, columns), checked before the memory is spent.
//! - [`vocab`] and [`schema`]: the input format as data (allowed values, sheets, columns).
//! - [`cbs`]: the embedded CBS list of all 342 municipalities.
//! - [`model`]: the typed domain; every record remembers its cells.
//! - [`budget`]: the amounts of every cost line and their coverage, computed once.
//! - [`validate`]: the rules of the input format and the domain rules of the approach
//!   (R01-R36; `docs/bevindingen.md` says per rule whether it is a check, a document text or
//!   left out, and why).
//! - [`workbooks`]: writes empty and example input workbooks (`regiodocs init`).
//! - [`nl`]: Dutch formatting of amounts, numbers, percentages and dates.
//! - [`fonts`]: the embedded fonts and which characters they can show (`check` warns about
//!   the others at their cell).
//! - [`view`]: everything a template may print, derived once per document and scope; every
//!   choice a template makes comes from here as a flag or a selection.
//! - [`template`]: content templates (Markdown + minijinja, shared macros in `macros.md`),
//!   escaped values, Dutch filters.
//! - [`markup`]: rendered template text to the IR, with numbering and references resolved.
//! - [`ir`]: the document tree the templates produce; it names every signatory's signature
//!   field ([`ir::name_signature_fields`]).
//! - [`changes`]: the change report: a snapshot of the amounts and parts of a build
//!   (`momentopname.json`) and the differences between two snapshots, exact to the cent.
//! - [`layout`]: what PDF and DOCX must agree on visually, decided once per document: table
//!   column widths measured with the real fonts, breaking rules and Dutch hyphenation, a
//!   smaller type or a landscape page for a table that does not fit (with a warning),
//!   heading levels, and the house style ([`layout::style`]: page, palette, sizes).
//! - [`render`]: the exporters of the laid-out document: [`render::pdf`] (embedded Typst,
//!   with the empty signature fields of [`render::signature_fields`] added after export),
//!   [`render::docx`], [`render::redline`] (a DOCX with Word tracked changes from an archived
//!   final version's IR to the new one's, laid out like the DOCX); and [`render::xlsx`]
//!   (budgets and the overview, from the view) and [`render::wijzigingen`] (`wijzigingen.xlsx`).
//! - [`contain`]: panics of calamine and Typst caught where they happen and reported as
//!   Dutch findings or errors, without the English panic message on the terminal.
//! - [`output`]: safe file names, atomic writes of single files, hashes.
//! - [`outdir`]: a project's output folder: one build at a time (an OS lock), the new state
//!   built beside the old one and swapped in with one atomic exchange, so a killed build
//!   leaves it wholly old or wholly new.
//! - [`manifest`]: `manifest.json`, content keys for incremental builds, each document's
//!   version and the archived final version it replaces.
//! - [`archive`]: the archive of final versions in the output folder (`archief/<versie>/`),
//!   written once, sealed (`archief.json`) and checked before every use.
//! - [`pipeline`]: check and build, in parallel, all-or-nothing per project; a [`pipeline::Stop`]
//!   ends a build between documents. A final build is archived in the same atomic step as
//!   its documents, or refused whole when its version is archived with other documents;
//!   every build compares itself with the previous one and the last final version
//!   ([`pipeline::state`] reads either side of `regiodocs verschil`).
//! - [`cli`]: the command line (`init`, `check`, `build`, `begroting`, `uitleg`,
//!   `verschil`, `serve`), exit codes 0/1/2 (130/143 after Ctrl-C/SIGTERM), terminal output with control and bidi characters
//!   escaped.
//! - [`serve`]: `regiodocs serve`, one Dutch web page (axum on tokio) for people who never
//!   open a terminal: upload, findings, build with progress, PDF preview, ZIP; safe by default.
//!
//! The user documentation (Dutch) lives in `docs/`: the input format, adapting templates, and
//! every finding code.

pub mod archive;
pub mod budget;
pub mod cbs;
pub mod changes;
pub mod cli;
pub mod contain;
pub mod diag;
pub mod fonts;
pub mod ingest;
pub mod ir;
pub mod layout;
pub mod manifest;
pub mod markup;
pub mod model;
pub mod nl;
pub mod outdir;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod schema;
pub mod serve;
pub mod template;
pub mod validate;
pub mod view;
pub mod vocab;
pub mod workbooks;
