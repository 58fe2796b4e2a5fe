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
//! financien.xlsx ────┴─ ingest ─ model ─ validate ─ (view ─ template ─ IR ─ PDF/DOCX/XLSX)
//! ```
//!
//! - [`diag`]: diagnostics with stable codes, Dutch messages and Excel cell locations.
//! - [`ingest`]: the only module that touches calamine; Dutch notation parsers; header matching.
//! - [`vocab`] and [`schema`]: the input format as data (allowed values, sheets, columns).
//! - [`cbs`]: the embedded CBS list of all 342 municipalities.
//! - [`model`]: the typed domain; every record remembers its cells.
//! - [`budget`]: the amounts of every cost line and their coverage, computed once.
//! - [`validate`]: the rules of `INPUT_FORMAT.md` and the domain rules R01-R36.
//! - [`workbooks`]: writes empty and example input workbooks (`regiodocs init`).
//! - [`ir`]: the document tree that every exporter renders.
//! - [`cli`]: the command line (`init`, `check`), exit codes 0/1/2.

pub mod budget;
pub mod cbs;
pub mod cli;
pub mod diag;
pub mod ingest;
pub mod ir;
pub mod manifest;
pub mod markup;
pub mod model;
pub mod nl;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod schema;
pub mod template;
pub mod validate;
pub mod view;
pub mod vocab;
pub mod workbooks;
