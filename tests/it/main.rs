//! The one integration-test binary of regiodocs.

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
mod signing;
mod stukken;
mod templates;
mod util;
mod xlsx;
