//! The one integration-test binary of regiodocs.

mod browser;
mod budget;
mod build;
mod check;
mod docx;
mod fixtures;
mod formats;
mod init;
mod render;
mod robust;
mod serve;
mod templates;
mod util;
mod xlsx;
