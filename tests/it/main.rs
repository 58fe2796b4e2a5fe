//! The one integration-test binary of regiodocs.

mod check;
mod fixtures;
mod formats;
