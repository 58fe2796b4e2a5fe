//! Exporters: plain functions from the [`ir`](crate::ir) to file bytes.
//!
//! - [`pdf`]: PDF/A-2a with PDF/UA-1 via Typst, embedded as a library.
//! - [`signature_fields`]: the empty signature fields that [`pdf`] adds after export.
//! - [`docx`]: Word documents via docx-rs.
//! - [`xlsx`]: budgets and the municipal overview via rust_xlsxwriter.
//! - [`redline`]: a DOCX with Word tracked changes from an archived final version to the new one.
//! - [`wijzigingen`]: the change report (`wijzigingen.xlsx`) via rust_xlsxwriter.

pub mod docx;
pub mod pdf;
pub mod redline;
pub mod signature_fields;
pub mod wijzigingen;
pub mod xlsx;
