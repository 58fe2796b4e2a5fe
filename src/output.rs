//! Writing output files safely: names that can never leave the output folder, and atomic
//! writes (a temporary file in the target folder, then a rename), so an interrupted run
//! leaves earlier outputs complete.
//!
//! ```
//! use regiodocs::output::slug;
//! assert_eq!(slug("GM0228 Ede"), "gm0228-ede");
//! assert_eq!(slug("../../etc/passwd"), "etc-passwd");
//! assert_eq!(slug("Súdwest-Fryslân"), "sudwest-fryslan");
//! assert_eq!(slug("..."), "document");
//! ```

use std::io::Write;
use std::path::Path;

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// A file-name-safe slug: lowercase ASCII letters, digits and single hyphens; never empty,
/// never `.` or `..`, at most 80 characters.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
    {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 80 {
            break;
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "document".into()
    } else {
        out
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed to
/// disk, then renamed over the target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    stage(path, bytes)?.commit()
}

/// A file written to a temporary name beside its target, waiting to be renamed into place
/// by [`Staged::commit`]. Dropping it uncommitted removes the temporary file, so a failed
/// build leaves the earlier outputs exactly as they were.
#[derive(Debug)]
pub struct Staged {
    tmp: std::path::PathBuf,
    target: std::path::PathBuf,
    committed: bool,
}

/// Marks the temporary files of [`stage`]: `.NAME.PID.regiodocs-tmp`.
const TMP_SUFFIX: &str = ".regiodocs-tmp";

/// Writes `bytes` to a temporary file in the folder of `path` (flushed to disk); nothing
/// at `path` changes until [`Staged::commit`].
pub fn stage(path: &Path, bytes: &[u8]) -> std::io::Result<Staged> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}{TMP_SUFFIX}", std::process::id()));
    let staged = Staged {
        tmp,
        target: path.to_path_buf(),
        committed: false,
    };
    let mut f = std::fs::File::create(&staged.tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    Ok(staged)
}

impl Staged {
    /// Renames the temporary file over the target (atomic on one file system).
    pub fn commit(mut self) -> std::io::Result<()> {
        std::fs::rename(&self.tmp, &self.target)?;
        self.committed = true;
        Ok(())
    }

    /// The final path.
    pub fn target(&self) -> &Path {
        &self.target
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Removes temporary files that an interrupted earlier run (Ctrl-C, kill) left behind in
/// `dir` and its subfolders. Only files named like [`stage`]'s are touched.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() => remove_stale_temporaries(&p),
            Ok(t) if t.is_file() => {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') && name.ends_with(TMP_SUFFIX) {
                    let _ = std::fs::remove_file(&p);
                }
            }
            _ => {}
        }
    }
}

/// The SHA-256 of bytes, as lowercase hex.
pub fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub").join("a.pdf");
        write_atomic(&p, b"een").unwrap();
        write_atomic(&p, b"twee").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"twee");
        assert_eq!(
            std::fs::read_dir(dir.path().join("sub")).unwrap().count(),
            1
        );
    }

    #[test]
    fn staged_files_appear_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.pdf");
        std::fs::write(&p, b"oud").unwrap();
        let s = stage(&p, b"nieuw").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"oud");
        drop(s);
        assert_eq!(std::fs::read(&p).unwrap(), b"oud");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        stage(&p, b"nieuw").unwrap().commit().unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"nieuw");
        // A leftover of a killed run is cleaned up, other files are not.
        std::fs::write(dir.path().join(".b.pdf.123.regiodocs-tmp"), b"x").unwrap();
        remove_stale_temporaries(dir.path());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn hashes() {
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
