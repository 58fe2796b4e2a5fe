//! The pipeline: from a project folder to a validated model with its computed budget.
//!
//! ```no_run
//! let checked = regiodocs::pipeline::check(std::path::Path::new("inputs/foodvalley"));
//! assert!(!checked.diagnostics.has_errors());
//! ```

use std::path::Path;

use crate::budget::Budget;
use crate::diag::Diagnostics;
use crate::model::{self, Project};
use crate::validate;

/// The result of reading and validating a project.
#[derive(Debug)]
pub struct Checked {
    /// The model, when both workbooks and their required sheets could be read.
    pub project: Option<Project>,
    /// The computed budget, alongside the model.
    pub budget: Option<Budget>,
    /// Every finding, sorted by location.
    pub diagnostics: Diagnostics,
}

/// Reads both workbooks of `dir`, computes the budget and runs every rule.
pub fn check(dir: &Path) -> Checked {
    let (project, mut diagnostics) = model::load(dir);
    let budget = project.as_ref().map(Budget::compute);
    if let (Some(p), Some(b)) = (&project, &budget) {
        diagnostics.extend(validate::validate(p, b));
    }
    diagnostics.sort();
    Checked {
        project,
        budget,
        diagnostics,
    }
}
