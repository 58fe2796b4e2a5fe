//! The one integration-test binary of regiodocs.

mod check;
mod docx;
mod fixtures;
mod formats;
mod init;
mod templates;
