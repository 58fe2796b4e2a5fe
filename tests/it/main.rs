//! The one integration-test binary of regiodocs.

mod archive;
mod browser;
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
mod layout;
mod limits;
mod pagecheck;
mod render;
mod robust;
mod serve;
mod signing;
mod stukken;
mod templates;
mod util;
mod xlsx;
