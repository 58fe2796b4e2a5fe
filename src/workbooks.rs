//! Writing input workbooks: empty ones with instructions, and the Foodvalley example.

use std::path::{Path, PathBuf};

/// Writes the two workbooks into `dir`.
pub fn init(dir: &Path, _voorbeeld: bool, _overschrijven: bool) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    Ok(Vec::new())
}
