//! The one integration-test binary of regiodocs.

mod check;
mod fixtures;
