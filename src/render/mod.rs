//! Exporters: plain functions from the [`ir`](crate::ir) to file bytes.
//!
//! - [`pdf`]: PDF/A-2a with PDF/UA-1 via Typst, embedded as a library.
//! - [`signature_fields`]: the empty signature fields that [`pdf`] adds after export.
//! - [`docx`]: Word documents via docx-rs.
//! - [`xlsx`]: budgets and the municipal overview via rust_xlsxwriter.

pub mod docx;
pub mod pdf;
pub mod signature_fields;
pub mod xlsx;
