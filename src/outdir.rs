//! A project's output folder: one build at a time, and a new state that replaces the old
//! one in a single step.
//!
//! - **One build per folder.** [`OutputDir::lock`] takes an operating-system lock (`flock`)
//!   on a small file beside the folder (`.uitvoer.regiodocs-slot` for `uitvoer/`, removed
//!   again when the build ends). A second build stops at once with [`LockError::Busy`],
//!   naming the process that holds the folder and since when; it touches none of the other
//!   build's files. The kernel drops the lock of a process that dies, however it dies, so
//!   a stale lock is taken over by the next build without asking.
//! - **All or nothing.** A build writes its new files into a fresh folder beside the old
//!   one ([`Staging`], `.uitvoer.regiodocs-nieuw`); [`Staging::commit`] links everything of
//!   the old folder that the build did not write into it (hard links: no copying, the same
//!   files), and then swaps the two folders in one atomic step (`renameat2` with
//!   `RENAME_EXCHANGE` on Linux). Whatever moment a build is killed (`kill -9`, a power
//!   cut after the files reached the disk), the output folder is either wholly the old one
//!   or wholly the new one. The old state, now beside it, is removed afterwards; a
//!   leftover of an interrupted run is removed by the next. Where the file system cannot
//!   exchange two folders, the swap is two renames with the old folder kept aside until the
//!   new one is in place; the next build puts the old one back if it finds the folder
//!   missing ([`OutputDir::stage`]).
//!
//! Any file can join a commit: [`Staging::write`] takes a path relative to the output
//! folder (`regio/begroting.pdf`, `manifest.json`, `archief/1.0/...`).
//!
//! Only a folder regiodocs owns is ever swapped: one that does not exist yet, is empty, or
//! holds a `manifest.json` of an earlier build. Any other existing folder is refused with
//! [`LockError::NotOurs`], so `--uit` pointed at a folder with other work in it cannot
//! replace that folder.
//!
//! **Test hook.** When the environment variable `REGIODOCS_TESTPUNT` names a step of the
//! commit (see [`TEST_POINTS`]), the process writes `regiodocs-testpunt: <step>` to stderr
//! at that step and waits there until it is killed, so a test can kill a build at that
//! exact moment. Without the variable (always, outside tests) nothing of this runs.
//!
//! ```no_run
//! use regiodocs::outdir::OutputDir;
//! let dir = OutputDir::lock(std::path::Path::new("uitvoer")).expect("not in use");
//! let staging = dir.stage().unwrap();
//! staging.write("regio/notitie.txt", b"nieuw").unwrap();
//! staging.commit().unwrap(); // uitvoer/ now has the new file and everything it had before
//! ```

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::diag::io_reason;

/// The steps of [`Staging::commit`] a test can stop at with `REGIODOCS_TESTPUNT`:
/// at its start, after the old folder's files are linked in, just before the swap, just
/// after it, and after the old state is removed.
pub const TEST_POINTS: &[&str] = &[
    "commit-begin",
    "na-overnemen",
    "voor-wissel",
    "na-wissel",
    "na-opruimen",
];

/// Why a build cannot use an output folder.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another build holds the folder.
    #[error(
        "de uitvoermap {} wordt al gebruikt door een andere build ({holder}); wacht tot die klaar is, of stop die eerst",
        .path.display()
    )]
    Busy {
        /// The output folder.
        path: PathBuf,
        /// Who holds it, in Dutch: `proces 1234, sinds 12 s`.
        holder: String,
    },
    /// The folder exists but is not an output folder of regiodocs.
    #[error(
        "de map {} bestaat al en is geen uitvoermap van regiodocs (ze is niet leeg en heeft geen manifest.json); kies een nieuwe of lege map voor de uitvoer",
        .0.display()
    )]
    NotOurs(PathBuf),
    /// The folder would contain the project folder (it would be replaced with the outputs).
    #[error(
        "de uitvoermap {} bevat de projectmap zelf; kies een map binnen de projectmap (zoals de standaard MAP/uitvoer) of ernaast",
        .0.display()
    )]
    ContainsProject(PathBuf),
    /// The lock file could not be made or locked.
    #[error("kan de uitvoermap {} niet vastzetten: {}", .path.display(), io_reason(.source))]
    Io {
        /// The output folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// An output folder locked for one build. The lock is released when this (or the
/// [`Staging`] made from it) is dropped, and by the kernel when the process dies.
#[derive(Debug)]
pub struct OutputDir {
    path: PathBuf,
    _lock: Lock,
}

/// The locked lock file; removed (while still locked) when dropped.
#[derive(Debug)]
struct Lock {
    file: File,
    path: PathBuf,
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

impl Lock {
    /// Locks the file at `path` (made if missing), or returns who holds it.
    fn take(path: &Path) -> std::io::Result<Result<Lock, String>> {
        loop {
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    let holder = std::fs::read_to_string(path).unwrap_or_default();
                    return Ok(Err(describe_holder(&holder)));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(e),
            }
            // The build that held it may have removed the file just before it let go: then
            // this lock is on a file nobody else will find; take the one at `path` instead.
            if same_file(&file, path) {
                return Ok(Ok(Lock {
                    file,
                    path: path.to_path_buf(),
                }));
            }
        }
    }
}

/// Whether the open `file` is the one at `path` now.
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    path.exists()
}

/// The names of the siblings of an output folder.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.regiodocs-{suffix}"))
}

/// The folder as an absolute path with a name and a parent (`.` and `..` resolved).
fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    let abs = match path.canonicalize() {
        Ok(p) => p,
        Err(_) => {
            let abs = std::path::absolute(path)?;
            let parent = abs.parent().map(Path::to_path_buf).unwrap_or_default();
            std::fs::create_dir_all(&parent)?;
            let name = abs
                .file_name()
                .map(|n| n.to_os_string())
                .unwrap_or_default();
            parent.canonicalize()?.join(name)
        }
    };
    if abs.file_name().is_none() || abs.parent().is_none() {
        return Err(std::io::Error::from(std::io::ErrorKind::InvalidFilename));
    }
    Ok(abs)
}

impl OutputDir {
    /// Locks the output folder `path` for this build (creating its parent folder), or says
    /// who holds it. `project`, when given, is the project folder the outputs come from; a
    /// `path` that contains it is refused.
    pub fn lock(path: &Path) -> Result<OutputDir, LockError> {
        OutputDir::lock_for(path, None)
    }

    /// [`OutputDir::lock`] for the outputs of the project folder `project`.
    pub fn lock_for(path: &Path, project: Option<&Path>) -> Result<OutputDir, LockError> {
        let io = |source| LockError::Io {
            path: path.to_path_buf(),
            source,
        };
        let abs = absolute(path).map_err(io)?;
        if let Some(project) = project.and_then(|p| p.canonicalize().ok())
            && project.starts_with(&abs)
        {
            return Err(LockError::ContainsProject(path.to_path_buf()));
        }
        let mut lock = match Lock::take(&sibling(&abs, "slot")).map_err(io)? {
            Ok(lock) => lock,
            Err(holder) => {
                return Err(LockError::Busy {
                    path: path.to_path_buf(),
                    holder,
                });
            }
        };
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        // Who holds the lock, for the message a second build shows.
        let _ = lock
            .file
            .set_len(0)
            .and_then(|_| writeln!(lock.file, "{} {now}", std::process::id()));
        if !owned_by_us(&abs).map_err(io)? {
            return Err(LockError::NotOurs(path.to_path_buf()));
        }
        Ok(OutputDir {
            path: abs,
            _lock: lock,
        })
    }

    /// The output folder (absolute).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Begins the new state of the folder: an empty folder beside it. First repairs what an
    /// interrupted earlier build left: the old state kept aside by a two-rename swap is put
    /// back if the folder is missing (else removed), and an unfinished new state is removed.
    pub fn stage(self) -> std::io::Result<Staging> {
        let aside = sibling(&self.path, "oud");
        if aside.exists() {
            if self.path.exists() {
                remove_tree(&aside)?;
            } else {
                std::fs::rename(&aside, &self.path)?;
            }
        }
        let root = sibling(&self.path, "nieuw");
        if root.symlink_metadata().is_ok() {
            remove_tree(&root)?;
        }
        std::fs::create_dir(&root)?;
        Ok(Staging {
            root,
            dir: self,
            done: false,
            omitted: Vec::new(),
        })
    }
}

/// `proces 1234, sinds 12 s` from the lock file's `PID UNIX-SECONDS`.
fn describe_holder(text: &str) -> String {
    let mut parts = text.split_whitespace();
    let (Some(pid), Some(since)) = (
        parts.next(),
        parts.next().and_then(|s| s.parse::<u64>().ok()),
    ) else {
        return "een ander proces".into();
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(since);
    let secs = now.saturating_sub(since);
    let age = match secs {
        0..=119 => format!("{secs} s"),
        120..=7199 => format!("{} min", secs / 60),
        _ => format!("{} uur", secs / 3600),
    };
    format!("proces {pid}, gestart {age} geleden")
}

/// True when regiodocs may swap the folder at `path`: it does not exist, is empty, or holds
/// a manifest of an earlier build.
fn owned_by_us(path: &Path) -> std::io::Result<bool> {
    match std::fs::read_dir(path) {
        Ok(mut entries) => {
            Ok(entries.next().is_none() || path.join(crate::manifest::FILE_NAME).is_file())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(e) => Err(e),
    }
}

/// The new state of an output folder, being built beside it. Dropped without
/// [`commit`](Staging::commit), it is removed and the folder stays as it was.
#[derive(Debug)]
pub struct Staging {
    dir: OutputDir,
    root: PathBuf,
    done: bool,
    /// Files of the old folder not to carry over (see [`Staging::omit`]).
    omitted: Vec<String>,
}

impl Staging {
    /// The output folder this state will replace.
    pub fn target(&self) -> &Path {
        &self.dir.path
    }

    /// Writes a new file at `rel` (relative to the output folder, `/`-separated), creating
    /// its folders, and flushes it to disk. Safe to call from several threads at once.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut f = File::create_new(&path)?;
        f.write_all(bytes)?;
        f.sync_all()
    }

    /// Writes a copy of the file `from` at `rel` (as [`Staging::write`] does with bytes).
    pub fn copy(&self, rel: &str, from: &Path) -> std::io::Result<()> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut f = File::create_new(&path)?;
        std::io::copy(&mut File::open(from)?, &mut f)?;
        f.sync_all()
    }

    /// Leaves the file at `rel` of the old folder out of the new state: after the commit
    /// it is gone (unless this state writes it anew).
    pub fn omit(&mut self, rel: &str) {
        self.omitted.push(rel.to_string());
    }

    /// Where the file at `rel` is now that will be there after the commit: written anew in
    /// this state, or else in the output folder (from where the commit carries it over).
    pub fn current(&self, rel: &str) -> PathBuf {
        let new = self.root.join(rel);
        if new.symlink_metadata().is_ok() {
            new
        } else {
            self.dir.path.join(rel)
        }
    }

    /// Makes this the output folder, in one step: links in every file of the old folder
    /// that was not written anew, flushes the new folders to disk, and swaps the new folder
    /// with the old one; then removes the old state.
    pub fn commit(mut self) -> std::io::Result<()> {
        test_point("commit-begin");
        let target = self.dir.path.clone();
        if target.exists() {
            let dropped: Vec<PathBuf> = self
                .omitted
                .iter()
                .map(|rel| self.root.join(rel))
                .filter(|p| p.symlink_metadata().is_err())
                .collect();
            carry_over(&target, &self.root)?;
            for path in dropped {
                match std::fs::remove_file(&path) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                    _ => {}
                }
            }
        }
        sync_dirs(&self.root)?;
        test_point("na-overnemen");
        test_point("voor-wissel");
        if target.exists() {
            swap(&self.root, &target)?;
        } else {
            std::fs::rename(&self.root, &target)?;
        }
        self.done = true;
        test_point("na-wissel");
        if let Some(parent) = target.parent() {
            let _ = File::open(parent).and_then(|d| d.sync_all());
        }
        // The old state is now at the staging path.
        if self.root.exists() {
            remove_tree(&self.root)?;
        }
        test_point("na-opruimen");
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = remove_tree(&self.root);
        }
    }
}

/// Swaps two folders in one atomic step where the file system can; elsewhere with two
/// renames, the old folder kept aside until the new one is in place.
fn swap(new: &Path, target: &Path) -> std::io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, new, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            // The file system cannot exchange (or the kernel is too old): two renames.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    swap_by_renames(new, target)
}

/// The swap without an atomic exchange: the old folder goes aside, the new one into its
/// place, and the old one takes the new one's former name (so [`Staging::commit`] removes
/// it). A crash between the two renames leaves the target missing and the old folder
/// aside, which [`OutputDir::stage`] puts back.
fn swap_by_renames(new: &Path, target: &Path) -> std::io::Result<()> {
    let aside = sibling(target, "oud");
    std::fs::rename(target, &aside)?;
    std::fs::rename(new, target)?;
    std::fs::rename(&aside, new)
}

/// Links every entry of `old` that `new` does not have into `new`: files as hard links
/// (copies where the file system has none), folders recursively, symbolic links as
/// symbolic links with the same target.
fn carry_over(old: &Path, new: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(old)? {
        let entry = entry?;
        let from = entry.path();
        let to = new.join(entry.file_name());
        let kind = entry.file_type()?;
        if kind.is_dir() {
            match std::fs::create_dir(&to) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
            carry_over(&from, &to)?;
        } else if to.symlink_metadata().is_ok() {
            // Written anew by this build.
        } else if kind.is_symlink() {
            #[cfg(unix)]
            std::os::unix::fs::symlink(std::fs::read_link(&from)?, &to)?;
        } else if kind.is_file() && std::fs::hard_link(&from, &to).is_err() {
            std::fs::copy(&from, &to)?;
        }
    }
    Ok(())
}

/// Flushes every folder of a tree to disk, so the names of its files survive a power cut
/// (the files themselves were flushed as they were written).
fn sync_dirs(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            sync_dirs(&entry.path())?;
        }
    }
    File::open(dir)?.sync_all()
}

/// Removes a tree; nothing when it is already gone.
fn remove_tree(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// The test hook (see the module docs): inert unless `REGIODOCS_TESTPUNT` names `step`.
fn test_point(step: &str) {
    static WANTED: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let wanted = WANTED.get_or_init(|| std::env::var("REGIODOCS_TESTPUNT").ok());
    if wanted.as_deref() == Some(step) {
        eprintln!("regiodocs-testpunt: {step}");
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for e in walk(dir) {
            let rel = e.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            out.push((rel, std::fs::read_to_string(&e).unwrap_or_default()));
        }
        out.sort();
        out
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                out.extend(walk(&e.path()));
            } else {
                out.push(e.path());
            }
        }
        out
    }

    #[test]
    fn a_commit_replaces_written_files_and_keeps_the_others() {
        let tmp = tempfile::tempdir().unwrap();
        let uit = tmp.path().join("uitvoer");
        let s = OutputDir::lock(&uit).unwrap().stage().unwrap();
        s.write("regio/a.pdf", b"oud").unwrap();
        s.write("manifest.json", b"{}").unwrap();
        s.commit().unwrap();
        std::fs::write(uit.join("eigen-notitie.txt"), b"van de gebruiker").unwrap();
        let s = OutputDir::lock(&uit).unwrap().stage().unwrap();
        s.write("regio/a.pdf", b"nieuw").unwrap();
        s.write("regio/b.pdf", b"erbij").unwrap();
        // Nothing changes before the commit.
        assert_eq!(std::fs::read(uit.join("regio/a.pdf")).unwrap(), b"oud");
        s.commit().unwrap();
        assert_eq!(
            tree(&uit),
            [
                ("eigen-notitie.txt".into(), "van de gebruiker".into()),
                ("manifest.json".into(), "{}".into()),
                ("regio/a.pdf".into(), "nieuw".into()),
                ("regio/b.pdf".into(), "erbij".into()),
            ]
        );
        // Nothing is left beside it.
        let beside: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(beside, ["uitvoer"]);
    }

    #[test]
    fn a_dropped_staging_changes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let uit = tmp.path().join("uitvoer");
        let s = OutputDir::lock(&uit).unwrap().stage().unwrap();
        s.write("a.pdf", b"x").unwrap();
        drop(s);
        assert!(!uit.exists());
        assert!(!sibling(&uit, "nieuw").exists());
    }

    #[test]
    fn a_second_lock_names_the_holder_and_a_released_lock_is_taken_over() {
        let tmp = tempfile::tempdir().unwrap();
        let uit = tmp.path().join("uitvoer");
        let first = OutputDir::lock(&uit).unwrap();
        let e = OutputDir::lock(&uit).unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains(&format!("proces {}", std::process::id())) && text.contains("geleden"),
            "{text}"
        );
        drop(first);
        OutputDir::lock(&uit).unwrap();
    }

    #[test]
    fn a_folder_with_other_work_is_not_swapped() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("scriptie.docx"), b"x").unwrap();
        let e = OutputDir::lock(tmp.path()).unwrap_err();
        assert!(matches!(e, LockError::NotOurs(_)), "{e}");
        let project = tmp.path().join("project");
        std::fs::create_dir(&project).unwrap();
        let e = OutputDir::lock_for(tmp.path(), Some(&project)).unwrap_err();
        assert!(matches!(e, LockError::ContainsProject(_)), "{e}");
    }

    #[test]
    fn the_two_rename_swap_is_repaired_when_interrupted_between_the_renames() {
        let tmp = tempfile::tempdir().unwrap();
        let uit = tmp.path().join("uitvoer");
        let s = OutputDir::lock(&uit).unwrap().stage().unwrap();
        s.write("manifest.json", b"oud").unwrap();
        s.commit().unwrap();
        // Swapped completely by renames.
        let s = OutputDir::lock(&uit).unwrap().stage().unwrap();
        s.write("manifest.json", b"nieuw").unwrap();
        carry_over(&uit, &s.root).unwrap();
        swap_by_renames(&s.root, &uit).unwrap();
        assert_eq!(std::fs::read(uit.join("manifest.json")).unwrap(), b"nieuw");
        assert_eq!(std::fs::read(s.root.join("manifest.json")).unwrap(), b"oud");
        drop(s);
        // Interrupted after the first rename: the next build puts the old state back.
        std::fs::rename(&uit, sibling(&uit, "oud")).unwrap();
        assert!(!uit.exists());
        let s = OutputDir::lock(&uit).unwrap().stage().unwrap();
        assert_eq!(std::fs::read(uit.join("manifest.json")).unwrap(), b"nieuw");
        drop(s);
    }
}
