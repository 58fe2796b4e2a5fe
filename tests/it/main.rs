//! The one integration-test binary of regiodocs.

mod archive;
mod budget;
mod build;
mod check;
mod commit;
mod docx;
mod fixtures;
mod formats;
mod init;
mod limits;
mod render;
mod robust;
mod templates;
mod util;
mod xlsx;
