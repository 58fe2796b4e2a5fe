//! The output folder: a killed build leaves each project wholly old or wholly new, one build
//! per folder, Ctrl-C and SIGTERM, and re-runs that trust the files on disk, not the
//! manifest.
//!
//! The build runs as the real command in a child process. Where a test must kill it at an
//! exact step of the commit, it sets `REGIODOCS_TESTPUNT` (see `regiodocs::outdir`): the
//! build says when it reaches that step and waits there to be killed.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use regiodocs::pipeline::{BuildOptions, Engine, Project as Target, build};

use crate::fixtures::{Project, V};
use crate::limits::run;
use crate::util::files;

type Tree = BTreeMap<String, Vec<u8>>;

/// Two project folders (`a`, `b`) with the version 1.0 inputs, built into `uit/a` and
/// `uit/b` by one run; the trees of version 1.0 and 1.1 of both.
struct Setup {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    old: [Tree; 2],
    new: [Tree; 2],
}

fn v2(p: &Project) -> Project {
    let mut p = p.clone();
    p.sheet("Regio").set_field("Versie", "1.1");
    p.sheet("Parameters").set_field("Versie", "1.1");
    p.sheet("Kostenregels").set("Tarief", 1, V::N(97.0));
    p
}

fn build_args(root: &Path) -> Vec<PathBuf> {
    vec![
        PathBuf::from("build"),
        root.join("a"),
        root.join("b"),
        PathBuf::from("--uit"),
        root.join("uit"),
        PathBuf::from("--quiet"),
    ]
}

fn command(root: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_regiodocs"));
    cmd.args(build_args(root))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

fn build_now(root: &Path) {
    let out = command(root).output().unwrap();
    assert!(
        out.status.code() == Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn trees(root: &Path) -> [Tree; 2] {
    [files(&root.join("uit/a")), files(&root.join("uit/b"))]
}

impl Setup {
    fn new() -> Setup {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_path_buf();
        // Each version's workbooks are written once (the writer stamps the time into
        // them) and copied into both project folders.
        let p = Project::valid();
        for (version, project) in [("v1", p.clone()), ("v2", v2(&p))] {
            std::fs::create_dir(root.join(version)).unwrap();
            project.write_to(&root.join(version));
        }
        let inputs = |version: &str| {
            for name in ["a", "b"] {
                std::fs::create_dir_all(root.join(name)).unwrap();
                for f in ["stakeholders.xlsx", "financien.xlsx"] {
                    std::fs::copy(root.join(version).join(f), root.join(name).join(f)).unwrap();
                }
            }
        };
        // The new state is version 2.0 built over 1.0 (so with its change report).
        inputs("v1");
        build_now(&root);
        let old = trees(&root);
        inputs("v2");
        build_now(&root);
        let new = trees(&root);
        assert!(new[0].contains_key("wijzigingen.xlsx"));
        assert_ne!(old[0], new[0]);
        assert_ne!(
            old[0]["regio/regionaal-plan.pdf"],
            new[0]["regio/regionaal-plan.pdf"]
        );
        let setup = Setup {
            _tmp: tmp,
            root,
            old,
            new,
        };
        setup.restore_old();
        setup
    }

    /// Puts the version 1.0 outputs back, as the only thing in `uit/`.
    fn restore_old(&self) {
        let uit = self.root.join("uit");
        std::fs::remove_dir_all(&uit).unwrap();
        for (dir, tree) in ["a", "b"].iter().zip(&self.old) {
            for (rel, bytes) in tree {
                let path = uit.join(dir).join(rel);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, bytes).unwrap();
            }
        }
    }

    /// Each project folder is exactly its old or its new tree; returns which ("old"/"new").
    fn wholly_old_or_new(&self, when: &str) -> [&'static str; 2] {
        let now = trees(&self.root);
        let mut out = ["", ""];
        for i in 0..2 {
            out[i] = if now[i] == self.old[i] {
                "old"
            } else if now[i] == self.new[i] {
                "new"
            } else {
                let differ: Vec<&String> = now[i]
                    .keys()
                    .chain(self.new[i].keys())
                    .filter(|k| now[i].get(*k) != self.old[i].get(*k))
                    .filter(|k| now[i].get(*k) != self.new[i].get(*k))
                    .collect();
                panic!("{when}: project {i} is neither old nor new; mixed files: {differ:?}");
            };
        }
        out
    }

    /// What lies beside the project output folders (hidden leftovers of a build).
    fn beside(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.root.join("uit"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// Starts the build with the test hook at `point`, and waits until it is there.
fn start_at(root: &Path, point: &str) -> Child {
    let mut child = command(root)
        .env("REGIODOCS_TESTPUNT", point)
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let want = format!("regiodocs-testpunt: {point}");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) if line == want => return child,
            Ok(_) => {}
            Err(_) => {
                let _ = child.kill();
                panic!("the build never reached {point}");
            }
        }
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_each_project_wholly_old_or_wholly_new() {
    let s = Setup::new();
    let mut seen = BTreeMap::new();
    // Inside the commit, at each of its steps.
    for point in regiodocs::outdir::TEST_POINTS {
        s.restore_old();
        let mut child = start_at(&s.root, point);
        child.kill().unwrap();
        child.wait().unwrap();
        let state = s.wholly_old_or_new(point);
        seen.insert(point.to_string(), state);
    }
    // The first project is swapped before the hook stops the run in the second one's
    // commit; the hook stops at the first project's step first.
    assert_eq!(seen["voor-wissel"], ["old", "old"], "{seen:?}");
    assert_eq!(seen["na-wissel"], ["new", "old"], "{seen:?}");
    // At moments spread over a whole build: while reading, rendering, committing.
    let t = Instant::now();
    s.restore_old();
    build_now(&s.root);
    let whole = t.elapsed();
    for i in 0..16 {
        s.restore_old();
        let mut child = command(&s.root).spawn().unwrap();
        std::thread::sleep(whole * i / 15);
        let _ = child.kill();
        child.wait().unwrap();
        let state = s.wholly_old_or_new(&format!("killed after {:?}", whole * i / 15));
        seen.insert(format!("na {i}/15 van de build"), state);
    }
    // The next build finishes the job and cleans up what the killed one left.
    build_now(&s.root);
    assert_eq!(s.wholly_old_or_new("after a full build"), ["new", "new"]);
    assert_eq!(s.beside(), ["a", "b"]);
    eprintln!("states after each kill: {seen:?}");
}

#[test]
fn a_second_build_of_the_same_folder_stops_at_once_and_a_dead_ones_lock_is_taken_over() {
    let s = Setup::new();
    s.restore_old();
    // The first build waits just before its first swap, holding both folders.
    let mut first = start_at(&s.root, "voor-wissel");
    let staging = s.root.join("uit/.a.regiodocs-nieuw");
    let staged = files(&staging);
    assert!(staged.contains_key("manifest.json"), "{:?}", staged.keys());
    let args = build_args(&s.root);
    let args: Vec<&OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let second = run(&args, &[]);
    assert_eq!(second.code, 2, "{}", second.stderr);
    assert!(
        second.elapsed < Duration::from_secs(30),
        "{:?}",
        second.elapsed
    );
    let expected = format!(
        "wordt al gebruikt door een andere build (proces {}, gestart ",
        first.id()
    );
    assert!(second.stderr.contains(&expected), "{}", second.stderr);
    // It touched nothing of the first build: its new state and the old outputs are as
    // they were.
    assert_eq!(files(&staging), staged);
    assert_eq!(
        s.wholly_old_or_new("after the second build"),
        ["old", "old"]
    );
    // The first build dies with the lock held; the next build takes the lock over.
    first.kill().unwrap();
    first.wait().unwrap();
    let third = run(&args, &[]);
    assert_eq!(third.code, 0, "{}", third.stderr);
    assert_eq!(s.wholly_old_or_new("after the third build"), ["new", "new"]);
    assert_eq!(s.beside(), ["a", "b"]);
}

#[test]
fn ctrl_c_and_sigterm_stop_the_build_and_keep_the_previous_outputs() {
    let s = Setup::new();
    for (signal, code) in [(libc::SIGINT, 130), (libc::SIGTERM, 143)] {
        s.restore_old();
        let child = command(&s.root).spawn().unwrap();
        // Wait until the build is writing its new files, then interrupt it.
        let staging = s.root.join("uit/.a.regiodocs-nieuw");
        let deadline = Instant::now() + Duration::from_secs(120);
        while files_in(&staging) == 0 {
            assert!(Instant::now() < deadline, "the build never started writing");
            std::thread::sleep(Duration::from_millis(2));
        }
        // SAFETY: plain FFI call on our own child.
        assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, signal) }, 0);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{stderr}");
        assert!(
            stderr.contains("afgebroken voordat de nieuwe uitvoer klaar was")
                && stderr.contains("niets geschreven; de vorige uitvoer is ongewijzigd"),
            "{stderr}"
        );
        assert_eq!(s.wholly_old_or_new("after a signal"), ["old", "old"]);
        // Its temporary files and its lock are gone.
        assert_eq!(s.beside(), ["a", "b"]);
    }
}

fn files_in(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    if e.path().is_dir() {
                        files_in(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

#[test]
fn a_damaged_or_missing_output_is_made_again_and_alles_rewrites_everything() {
    let dir = Project::valid().write();
    let uit = dir.path().join("uit");
    let engine = Engine::new();
    let once = |opts: &BuildOptions| {
        build(&engine, &[Target::new(dir.path(), &uit)], opts, &|_| {})
            .remove(0)
            .unwrap()
    };
    let first = once(&BuildOptions::default());
    let all = files(&uit);
    // One output damaged on disk without changing its size, one removed.
    let plan = uit.join("regio/regionaal-plan.pdf");
    let mut bytes = all["regio/regionaal-plan.pdf"].clone();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&plan, &bytes).unwrap();
    std::fs::remove_file(uit.join("regio/begroting.xlsx")).unwrap();
    let second = once(&BuildOptions::default());
    let written: Vec<&str> = second
        .geschreven
        .iter()
        .map(|w| w.bestand.as_str())
        .collect();
    assert_eq!(
        written,
        ["regio/begroting.xlsx", "regio/regionaal-plan.pdf"],
        "only the damaged and the missing file are made again"
    );
    assert_eq!(
        files(&uit),
        all,
        "the outputs are as the first build made them"
    );
    // --alles writes every output again, also when it is intact.
    let third = once(&BuildOptions {
        alles: true,
        ..BuildOptions::default()
    });
    assert!(third.ongewijzigd.is_empty());
    assert_eq!(third.geschreven.len(), first.geschreven.len());
    assert_eq!(files(&uit), all);
}

#[test]
fn a_folder_with_other_work_or_the_project_itself_is_never_the_output_folder() {
    let dir = Project::valid().write();
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("scriptie.docx"), b"eigen werk").unwrap();
    let r = run(
        &[
            OsStr::new("build"),
            dir.path().as_os_str(),
            OsStr::new("--uit"),
            other.path().as_os_str(),
        ],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("bestaat al en is geen uitvoermap van regiodocs (ze is niet leeg en heeft geen manifest.json)"),
        "{}",
        r.stderr
    );
    assert_eq!(
        files(other.path()).into_keys().collect::<Vec<_>>(),
        ["scriptie.docx"]
    );
    // The folder above the project would take the project with it.
    let parent = dir.path().parent().unwrap();
    let r = run(
        &[
            OsStr::new("build"),
            dir.path().as_os_str(),
            OsStr::new("--uit"),
            parent.as_os_str(),
        ],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("bevat de projectmap zelf"),
        "{}",
        r.stderr
    );
}
