//! Writing files safely: names that can never leave the output folder, atomic writes of
//! single files (a temporary file in the target folder, then a rename), and hashes. A
//! build's output folder as a whole is replaced in one step by [`crate::outdir`].
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

/// Writes `bytes` to `path` atomically: a temporary file in the same folder
/// (`.NAME.PID.regiodocs-tmp`), flushed to disk, then renamed over the target. On failure
/// the temporary file is removed and `path` is as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.regiodocs-tmp", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    let renamed = written.and_then(|_| std::fs::rename(&tmp, path));
    if renamed.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    renamed
}

/// The SHA-256 of bytes, as lowercase hex.
pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The SHA-256 of a file's content, read in pieces, as lowercase hex.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    std::io::copy(&mut std::fs::File::open(path)?, &mut hasher)?;
    Ok(hex(&hasher.finalize()))
}

fn hex(digest: &[u8]) -> String {
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
    fn hashes() {
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a"), b"abc").unwrap();
        assert_eq!(sha256_file(&dir.path().join("a")).unwrap(), sha256(b"abc"));
    }
}
