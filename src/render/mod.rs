//! Exporters: plain functions from the [`ir`](crate::ir) to file bytes.
//!
//! - [`docx`]: Word documents via docx-rs.

pub mod docx;
