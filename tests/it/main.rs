//! The one integration-test binary of regiodocs.

mod archive;
mod budget;
mod build;
mod check;
mod commit;
mod documentatie;
mod docx;
mod fixtures;
mod formats;
mod init;
mod invoer_v11;
mod limits;
mod render;
mod robust;
mod signing;
mod stukken;
mod templates;
mod util;
mod xlsx;
