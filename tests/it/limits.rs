//! Hostile and unlucky input files: every one is refused (or warned about) with a Dutch
//! finding that names the file and, where known, the cell, before the memory is spent.
//!
//! The hostile files are made here, small on disk: a zip part of a gigabyte deflates to
//! about a megabyte, an oversized file is sparse, and OpenDocument repetitions take a few
//! bytes. `check` runs as the real command in a child process; its peak memory is the
//! high-water mark of its own address space (`VmHWM` in `/proc/<pid>/status`), read every
//! millisecond while it runs. (The `ru_maxrss` that `wait4` reports will not do: at `exec`
//! the kernel folds in the peak of the address space the child was spawned from, the test
//! process's, which is hundreds of MiB while the other tests run.) A child that has not
//! finished after two minutes is killed and fails the test.

use std::ffi::OsStr;
use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use regiodocs::diag::{Diagnostic, Severity};

use crate::fixtures::{Project, V};

/// What a run of the command did.
#[derive(Debug)]
pub struct Run {
    /// The exit code (128 + n for a signal n).
    pub code: i32,
    pub stderr: String,
    /// Peak resident memory of the process, in MiB.
    pub peak_mib: u64,
    pub elapsed: Duration,
}

/// Runs `regiodocs ARGS` to the end (killing it after two minutes) and measures it.
#[expect(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4 in the loop"
)]
pub fn run(args: &[&OsStr], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_regiodocs"));
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let start = Instant::now();
    let mut child = cmd.spawn().expect("regiodocs starts");
    let mut err = child.stderr.take().unwrap();
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        err.read_to_end(&mut s).unwrap();
        s
    });
    let pid = child.id() as libc::pid_t;
    let status_file = format!("/proc/{pid}/status");
    let mut peak_kib = 0;
    let status = loop {
        // The high-water mark only grows, so the last reading before the exit is the peak,
        // short of what the final millisecond adds. A zombie has no `VmHWM` line.
        if let Some(kib) = std::fs::read_to_string(&status_file)
            .ok()
            .as_deref()
            .and_then(vm_hwm_kib)
        {
            peak_kib = peak_kib.max(kib);
        }
        let mut status = 0;
        // SAFETY: plain FFI call with a valid out-pointer.
        let r = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        if r == pid {
            break status;
        }
        if start.elapsed() >= Duration::from_secs(120) {
            let _ = child.kill();
            panic!("regiodocs {args:?} did not finish in two minutes");
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    let elapsed = start.elapsed();
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        128 + libc::WTERMSIG(status)
    };
    Run {
        code,
        stderr: String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned(),
        peak_mib: peak_kib / 1024,
        elapsed,
    }
}

/// The `VmHWM` of a `/proc/<pid>/status` text, in KiB.
fn vm_hwm_kib(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// `regiodocs check DIR`, asserting that it stayed within the bounds the issue sets: a few
/// seconds (a hang detector: a debug build on a busy machine gets 30) and under 1 GB.
fn check_bounded(dir: &Path) -> Run {
    let r = run(&[OsStr::new("check"), dir.as_os_str()], &[]);
    assert!(r.peak_mib < 1024, "check used {} MiB: {r:?}", r.peak_mib);
    assert!(
        r.elapsed < Duration::from_secs(30),
        "check took {:?}: {r:?}",
        r.elapsed
    );
    r
}

fn diagnostics(dir: &Path) -> Vec<Diagnostic> {
    regiodocs::pipeline::check(dir)
        .diagnostics
        .into_iter()
        .collect()
}

fn find<'a>(ds: &'a [Diagnostic], code: &str, at: &str) -> &'a Diagnostic {
    ds.iter()
        .find(|d| {
            d.code.as_str() == code
                && d.location.as_ref().map(|l| l.to_string()).as_deref() == Some(at)
        })
        .unwrap_or_else(|| panic!("no {code} at {at} in {ds:#?}"))
}

/// Rewrites one part of a zip file: `f` gets the part's old text and writes the new
/// content (deflated, fast), the other parts are copied as they are.
fn rewrite_part(path: &Path, part: &str, f: impl FnOnce(String, &mut dyn Write)) {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    let mut f = Some(f);
    for i in 0..zip.len() {
        let mut p = zip.by_index(i).unwrap();
        let name = p.name().unwrap().to_string();
        if name == part {
            let mut old = String::new();
            p.read_to_string(&mut old).unwrap();
            out.start_file(name, opts).unwrap();
            (f.take().unwrap())(old, &mut out);
        } else {
            out.raw_copy_file(p).unwrap();
        }
    }
    assert!(f.is_none(), "no part {part}");
    out.finish().unwrap();
}

/// Writes `n` bytes of `byte` in pieces of a mebibyte.
fn repeat(w: &mut dyn Write, byte: u8, n: u64) {
    let chunk = vec![byte; 1 << 20];
    let mut left = n;
    while left > 0 {
        let k = left.min(chunk.len() as u64) as usize;
        w.write_all(&chunk[..k]).unwrap();
        left -= k as u64;
    }
}

/// Makes a zip file lie: the sizes recorded for `part` (local header and central
/// directory) say it unpacks to `size` bytes.
fn declare_size(path: &Path, part: &str, size: u32) {
    let mut b = std::fs::read(path).unwrap();
    let name = part.as_bytes();
    let mut patched = 0;
    let mut i = 0;
    while i + 46 < b.len() {
        let sig = &b[i..i + 4];
        if sig == b"PK\x03\x04" {
            let n = u16::from_le_bytes([b[i + 26], b[i + 27]]) as usize;
            if &b[i + 30..i + 30 + n] == name {
                b[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
                patched += 1;
            }
        } else if sig == b"PK\x01\x02" {
            let n = u16::from_le_bytes([b[i + 28], b[i + 29]]) as usize;
            if &b[i + 46..i + 46 + n] == name {
                b[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
                patched += 1;
            }
        }
        i += 1;
    }
    assert_eq!(patched, 2, "{part} not found twice");
    std::fs::write(path, b).unwrap();
}

/// The worksheet part of a sheet in a workbook written by the fixtures (sheets are
/// numbered in order).
fn sheet_part(project: &Project, workbook: &str, sheet: &str) -> String {
    let book = if workbook == "stakeholders" {
        &project.stakeholders
    } else {
        &project.financien
    };
    let n = book.sheets.iter().position(|s| s.name == sheet).unwrap() + 1;
    format!("xl/worksheets/sheet{n}.xml")
}

const SHEET_START: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
const SHEET_END: &str = "</sheetData></worksheet>";

/// The measure itself: the peak is the child's own, not the test process's. With 256 MiB
/// resident here, a `check` of the example project still measures a few dozen MiB (the
/// `ru_maxrss` of `wait4` would say 256 or more).
#[test]
fn the_peak_memory_measured_is_the_childs_own() {
    let ballast = vec![1u8; 256 << 20];
    let dir = Project::valid().write();
    let r = run(&[OsStr::new("check"), dir.path().as_os_str()], &[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        (2..128).contains(&r.peak_mib),
        "check of the example measured {} MiB",
        r.peak_mib
    );
    assert_eq!(std::hint::black_box(&ballast)[ballast.len() - 1], 1);
}

#[test]
fn a_sheet_that_unpacks_to_a_gigabyte_is_refused_in_seconds() {
    // financien.xlsx of about a megabyte whose Kostenregels sheet is one cell of 1 GiB.
    let p = Project::valid();
    let dir = p.write();
    let f = dir.path().join("financien.xlsx");
    let part = sheet_part(&p, "financien", "Kostenregels");
    rewrite_part(&f, &part, |_, w| {
        w.write_all(SHEET_START.as_bytes()).unwrap();
        w.write_all(br#"<row r="1"><c r="A1" t="inlineStr"><is><t>"#)
            .unwrap();
        repeat(w, b'x', 1 << 30);
        w.write_all(b"</t></is></c></row>").unwrap();
        w.write_all(SHEET_END.as_bytes()).unwrap();
    });
    let size = std::fs::metadata(&f).unwrap().len();
    assert!(size < 3 << 20, "the bomb takes {size} bytes");
    let r = check_bounded(dir.path());
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stderr.contains("fout[F34] financien.xlsx: Het onderdeel")
            && r.stderr.contains(&format!("‘{part}’"))
            && r.stderr
                .contains("uitgepakt 1 GB; regiodocs leest onderdelen tot 100 MB"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_part_that_hides_its_size_is_a_damaged_file() {
    // The directory says 1,000 bytes; the part unpacks to 150 MiB. The zip reader stops at
    // the declared size, so nothing reads more than that.
    let p = Project::valid();
    let dir = p.write();
    let f = dir.path().join("financien.xlsx");
    let part = sheet_part(&p, "financien", "Dekking");
    rewrite_part(&f, &part, |_, w| {
        w.write_all(SHEET_START.as_bytes()).unwrap();
        w.write_all(b"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>")
            .unwrap();
        repeat(w, b'y', 150 << 20);
        w.write_all(b"</t></is></c></row>").unwrap();
        w.write_all(SHEET_END.as_bytes()).unwrap();
    });
    declare_size(&f, &part, 1000);
    let ds = diagnostics(dir.path());
    let d = find(&ds, "F02", "financien.xlsx");
    assert!(
        d.message.contains("(het bestand is beschadigd)"),
        "{}",
        d.message
    );
    check_bounded(dir.path());
}

#[test]
fn a_value_far_below_the_table_stops_the_sheet_at_the_row_limit() {
    // One value in row 80,000,000: a reader that lays the sheet out as a grid needs a row
    // for every one above it.
    let p = Project::valid();
    let dir = p.write();
    let f = dir.path().join("financien.xlsx");
    let part = sheet_part(&p, "financien", "Dekking");
    rewrite_part(&f, &part, |old, w| {
        let far = r#"<row r="80000000"><c r="B80000000"><v>1</v></c></row></sheetData>"#;
        w.write_all(old.replacen("</sheetData>", far, 1).as_bytes())
            .unwrap();
    });
    let r = check_bounded(dir.path());
    assert_eq!(r.code, 1);
    let ds = diagnostics(dir.path());
    let d = find(&ds, "F34", "financien.xlsx: Dekking!B80000000");
    assert!(
        d.message
            .contains("regiodocs leest tabbladen tot rij 100.000 en kolom ALL"),
        "{}",
        d.message
    );
    // A value beyond the last column, too.
    rewrite_part(&f, &part, |old, w| {
        let wide = r#"<c r="XFD2"><v>1</v></c></row>"#;
        let old = old.replace(
            r#"<row r="80000000"><c r="B80000000"><v>1</v></c></row>"#,
            "",
        );
        w.write_all(old.replacen("</row>", wide, 2).as_bytes())
            .unwrap();
    });
    let ds = diagnostics(dir.path());
    find(&ds, "F34", "financien.xlsx: Dekking!XFD2");
}

#[test]
fn values_spread_over_a_huge_area_are_too_many_cells() {
    // Two values, at A1 and ALK99999: the used area has almost 100 million cells.
    let p = Project::valid();
    let dir = p.write();
    let f = dir.path().join("stakeholders.xlsx");
    let part = sheet_part(&p, "stakeholders", "Doelen");
    rewrite_part(&f, &part, |old, w| {
        let far = r#"<row r="99999"><c r="ALK99999"><v>1</v></c></row></sheetData>"#;
        w.write_all(old.replacen("</sheetData>", far, 1).as_bytes())
            .unwrap();
    });
    let ds = diagnostics(dir.path());
    let d = find(&ds, "F34", "stakeholders.xlsx");
    assert!(
        d.message
            .starts_with("Het werkboek heeft te veel cellen: meer dan 4.000.000"),
        "{}",
        d.message
    );
    check_bounded(dir.path());
}

#[test]
fn a_zip_with_ten_thousand_parts_is_refused() {
    let dir = Project::valid().write();
    let f = dir.path().join("stakeholders.xlsx");
    let bytes = std::fs::read(&f).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(&f).unwrap());
    for i in 0..zip.len() {
        out.raw_copy_file(zip.by_index(i).unwrap()).unwrap();
    }
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..10_000 {
        out.start_file(format!("x/{i}"), opts).unwrap();
    }
    out.finish().unwrap();
    let ds = diagnostics(dir.path());
    let d = find(&ds, "F34", "stakeholders.xlsx");
    assert!(
        d.message.contains("bestaat uit 10.")
            && d.message
                .contains("onderdelen; regiodocs leest werkboeken met ten hoogste 10.000"),
        "{}",
        d.message
    );
}

#[test]
fn a_file_over_the_size_limit_is_not_read() {
    let dir = Project::valid().write();
    let f = dir.path().join("financien.xlsx");
    // Sparse: 60 MiB long, no blocks on disk.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&f)
        .unwrap()
        .set_len(60 << 20)
        .unwrap();
    let ds = diagnostics(dir.path());
    let d = find(&ds, "F34", "financien.xlsx");
    assert_eq!(
        d.message,
        "Het bestand is te groot: 60 MB; regiodocs leest werkboeken tot 50 MB."
    );
    check_bounded(dir.path());
}

#[test]
fn a_cell_of_a_million_characters_is_an_error_at_the_cell() {
    let mut p = Project::valid();
    p.sheet("Teksten").set("Tekst", 1, "LANGE-TEKST");
    // A cell of exactly Excel's limit is fine.
    p.sheet("Teksten").push(vec![
        "plan".into(),
        "aanleiding".into(),
        "regio".into(),
        V::T("a".repeat(32_767)),
    ]);
    let dir = p.write();
    let f = dir.path().join("stakeholders.xlsx");
    rewrite_part(&f, "xl/sharedStrings.xml", |old, w| {
        let (head, tail) = old.split_once("LANGE-TEKST").unwrap();
        w.write_all(head.as_bytes()).unwrap();
        repeat(w, b'z', 1_000_000);
        w.write_all(tail.as_bytes()).unwrap();
    });
    let ds = diagnostics(dir.path());
    let d = find(&ds, "F34", "stakeholders.xlsx: Teksten!D2");
    assert_eq!(
        d.message,
        "Deze cel bevat 1.000.000 tekens; een cel mag er ten hoogste 32.767 hebben (de grens van Excel)."
    );
    assert_eq!(d.severity, Severity::Error);
    assert!(
        !ds.iter().any(|d| d
            .location
            .as_ref()
            .is_some_and(|l| l.to_string().ends_with("D3"))),
        "{ds:#?}"
    );
    // The command reports it and writes nothing.
    let uit = dir.path().join("uitvoer");
    let r = run(
        &[
            OsStr::new("build"),
            dir.path().as_os_str(),
            OsStr::new("--formaat"),
            OsStr::new("docx"),
        ],
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("Teksten!D2"), "{}", r.stderr);
    let written: Vec<String> = crate::util::files(&uit).into_keys().collect();
    assert_eq!(written, ["manifest.json"]);
}

/// A minimal OpenDocument spreadsheet with one sheet whose table XML is `table`.
fn ods(path: &Path, table: &str) {
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file("mimetype", stored).unwrap();
    out.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    out.start_file("content.xml", stored).unwrap();
    write!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Regio">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    out.start_file("META-INF/manifest.xml", stored).unwrap();
    out.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    out.finish().unwrap();
}

#[test]
fn opendocument_repetitions_are_counted_before_they_are_expanded() {
    let dir = Project::valid().write();
    std::fs::remove_file(dir.path().join("stakeholders.xlsx")).unwrap();
    let f = dir.path().join("stakeholders.ods");
    let cell = |text: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
        )
    };
    // The file itself is fine.
    ods(
        &f,
        &format!(
            "<table:table-row>{}{}</table:table-row>",
            cell("Regionaam"),
            cell("Regio")
        ),
    );
    let ds = diagnostics(dir.path());
    assert!(!ds.iter().any(|d| d.code.as_str() == "F34"), "{ds:#?}");
    // A row with a value, repeated a million times.
    ods(
        &f,
        &format!(
            r#"<table:table-row table:number-rows-repeated="1000000">{}</table:table-row>"#,
            cell("x")
        ),
    );
    let ds = diagnostics(dir.path());
    find(&ds, "F34", "stakeholders.ods: Regio!A1000000");
    check_bounded(dir.path());
    // A value repeated over 16,000 columns.
    ods(
        &f,
        r#"<table:table-row><table:table-cell table:number-columns-repeated="16000" office:value-type="float" office:value="1"/></table:table-row>"#,
    );
    let ds = diagnostics(dir.path());
    find(&ds, "F34", "stakeholders.ods: Regio!WQJ1");
    // A cell of a billion spaces, in a few bytes.
    ods(
        &f,
        &format!(
            r#"<table:table-row>{}<table:table-cell office:value-type="string"><text:p>a<text:s text:c="1000000000"/>b</text:p></table:table-cell></table:table-row>"#,
            cell("Regionaam")
        ),
    );
    let ds = diagnostics(dir.path());
    let d = find(&ds, "F34", "stakeholders.ods: Regio!B1");
    assert!(
        d.message
            .starts_with("Deze cel bevat meer dan 32.767 tekens"),
        "{}",
        d.message
    );
    check_bounded(dir.path());
    // Many stored cells: 5,000 rows that each end in column ALK.
    let row = format!(
        r#"<table:table-row><table:table-cell table:number-columns-repeated="998"/>{}</table:table-row>"#,
        cell("x")
    );
    ods(&f, &row.repeat(5_000));
    let ds = diagnostics(dir.path());
    find(&ds, "F34", "stakeholders.ods");
}

#[test]
fn only_regular_files_are_read_and_a_pipe_does_not_hang() {
    let dir = Project::valid().write();
    let s = dir.path().join("stakeholders.xlsx");
    std::fs::remove_file(&s).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &s).unwrap();
    let r = check_bounded(dir.path());
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(
            "fout[F02] stakeholders.xlsx: Dit is geen gewoon bestand maar een apparaat; regiodocs leest alleen gewone bestanden."
        ),
        "{}",
        r.stderr
    );
    // A FIFO that nobody writes to.
    std::fs::remove_file(&s).unwrap();
    let c = std::ffi::CString::new(s.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let r = check_bounded(dir.path());
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("Dit is geen gewoon bestand maar een pijp (FIFO)"),
        "{}",
        r.stderr
    );
    // A symbolic link to a regular workbook is read as that workbook.
    std::fs::remove_file(&s).unwrap();
    let real = dir.path().join("elders.xlsx.bak");
    Project::valid().stakeholders.write(&real);
    std::os::unix::fs::symlink(&real, &s).unwrap();
    let r = check_bounded(dir.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_workbook_the_system_cannot_read_exits_2_with_a_dutch_reason() {
    let dir = Project::valid().write();
    let s = dir.path().join("stakeholders.xlsx");
    std::fs::remove_file(&s).unwrap();
    // Reading the start of a process's own memory file fails with an I/O error (EIO),
    // also for root, for whom no permission bit stops a read.
    std::os::unix::fs::symlink("/proc/self/mem", &s).unwrap();
    let r = check_bounded(dir.path());
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "fout[F35] stakeholders.xlsx: Dit bestand kan niet worden gelezen: de schijf gaf een lees- of schrijffout."
        ),
        "{}",
        r.stderr
    );
    let r = run(&[OsStr::new("build"), dir.path().as_os_str()], &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("kan niet worden gelezen") && r.stderr.contains("niets geschreven"),
        "{}",
        r.stderr
    );
    // Without read permission (only meaningful when not running as root).
    // SAFETY: plain FFI call.
    if unsafe { libc::geteuid() } != 0 {
        std::fs::remove_file(&s).unwrap();
        Project::valid().stakeholders.write(&s);
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&s, std::fs::Permissions::from_mode(0o000)).unwrap();
        let r = check_bounded(dir.path());
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(
            r.stderr.contains("er is geen toestemming voor"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn names_too_long_for_a_pdf_are_refused_by_check_and_names_at_the_limit_build() {
    // 20,000 characters: check refuses it at the cell, build writes nothing.
    let mut p = Project::valid();
    p.sheet("Organisaties")
        .set("Naam", 1, V::T("N".repeat(20_000)));
    let dir = p.write();
    let ds = diagnostics(dir.path());
    let d = find(&ds, "F34", "stakeholders.xlsx: Organisaties!B2");
    assert!(
        d.message.starts_with(
            "Deze naam is 20.000 tekens lang; een naam staat in koppen, titels en bladwijzers van de PDF en mag ten hoogste 1.000 tekens hebben."
        ),
        "{}",
        d.message
    );
    // 1,000 characters (the most a name may have), as one word of characters that take two
    // bytes in a PDF string, in every name that becomes a heading, title or label: check
    // accepts it, so build must write every document.
    let long = |c: char| std::iter::repeat_n(c, 1_000).collect::<String>();
    let mut p = Project::valid();
    p.sheet("Regio").set_field("Regionaam", V::T(long('ë')));
    p.sheet("Organisaties").set("Naam", 1, V::T(long('ö')));
    p.sheet("Organisaties")
        .set("Korte naam", 1, V::T(long('ü')));
    p.sheet("Personen").set("Naam", 1, V::T(long('é')));
    p.sheet("Mijlpalen").set("Omschrijving", 1, V::T(long('á')));
    p.sheet("Financieringsbronnen")
        .set("Naam", 1, V::T(long('ï')));
    p.sheet("Gemeenten").set("Gemeente", 1, V::T(long('ø')));
    let dir = p.write();
    let ds = diagnostics(dir.path());
    assert!(
        !ds.iter().any(|d| d.code.as_str() == "F34"),
        "{:#?}",
        ds.iter()
            .filter(|d| d.code.as_str() == "F34")
            .collect::<Vec<_>>()
    );
    let uit = dir.path().join("uit");
    let r = run(
        &[
            OsStr::new("build"),
            dir.path().as_os_str(),
            OsStr::new("--uit"),
            uit.as_os_str(),
            OsStr::new("--concept"),
            OsStr::new("--formaat"),
            OsStr::new("pdf"),
        ],
        &[],
    );
    assert!(r.code <= 1, "{}", r.stderr);
    assert!(!r.stderr.contains("PDF-export mislukt"), "{}", r.stderr);
    assert!(r.stderr.contains("0 geweigerd"), "{}", r.stderr);
    let pdfs = crate::util::files(&uit)
        .into_keys()
        .filter(|f| f.ends_with(".pdf"))
        .count();
    assert!(pdfs >= 8, "{pdfs} PDFs");
}

#[test]
fn a_heading_too_long_for_a_bookmark_is_shortened_with_a_warning() {
    // A project's own template that makes a long text a heading.
    let mut p = Project::valid();
    p.sheet("Teksten")
        .set("Tekst", 1, V::T("kop ".repeat(5_000)));
    let dir = p.write();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    let plan = regiodocs::template::BUILTIN
        .iter()
        .find(|(n, _)| *n == "plan.md")
        .unwrap()
        .1;
    std::fs::write(
        dir.path().join("templates/plan.md"),
        format!("{plan}\n\n## {{{{ tekst.visie|first }}}}\n"),
    )
    .unwrap();
    let uit = dir.path().join("uit");
    let engine = regiodocs::pipeline::Engine::new();
    let opts = regiodocs::pipeline::BuildOptions {
        formats: regiodocs::pipeline::Formats {
            pdf: true,
            docx: false,
            xlsx: false,
        },
        gemeente: Some("GM0228".into()),
        ..Default::default()
    };
    let r = regiodocs::pipeline::build(
        &engine,
        &[regiodocs::pipeline::Project::new(dir.path(), &uit)],
        &opts,
        &|_| {},
    )
    .remove(0)
    .expect("the build writes the plan");
    assert!(
        r.opmaakwaarschuwingen
            .iter()
            .any(|w| w.contains("langer dan 4000 tekens ingekort")),
        "{:?}",
        r.opmaakwaarschuwingen
    );
    assert!(uit.join("gemeenten/GM0228-ede/plan.pdf").is_file());
}

#[test]
fn a_character_no_font_has_is_a_warning_at_its_cell() {
    let mut p = Project::valid();
    p.sheet("Doelen")
        .set("Doel", 1, "Meer bewegen 💪 en gezond eten 🥦💪");
    let dir = p.write();
    let ds = diagnostics(dir.path());
    let d = find(&ds, "F36", "stakeholders.xlsx: Doelen!B2");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(
        d.message,
        "De tekens 💪 (U+1F4AA), 🥦 (U+1F966) staan in geen van de ingebouwde lettertypen; in de PDF komt er □ voor in de plaats."
    );
    // Letters of other European languages are in the fonts: no warning.
    let mut p = Project::valid();
    p.sheet("Doelen")
        .set("Doel", 1, "Łódź, Ærøskøbing, İstanbul, Αθήνα, Москва");
    let ds = diagnostics(p.write().path());
    assert!(!ds.iter().any(|d| d.code.as_str() == "F36"), "{ds:#?}");
}

#[test]
fn control_and_bidi_characters_reach_the_terminal_escaped() {
    let mut p = Project::valid();
    // A reversed value in a column with a fixed list of values, and a column header that
    // reverses what follows it, both quoted in their messages.
    p.sheet("Organisaties")
        .set("Type", 1, "gemeente\u{202E}lanoiger");
    p.sheet("Doelen").add_column("Notitie\u{2067}x", vec![]);
    // A project folder whose name would clear the screen.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("project\u{1b}[2J");
    std::fs::create_dir(&dir).unwrap();
    p.write_to(&dir);
    let r = run(&[OsStr::new("check"), dir.as_os_str()], &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for raw in ['\u{202E}', '\u{2067}', '\u{1b}'] {
        assert!(!r.stderr.contains(raw), "{raw:?} in {}", r.stderr);
    }
    for shown in [
        "gemeente<U+202E>lanoiger",
        "Notitie<U+2067>x",
        "project<U+001B>[2J: ",
    ] {
        assert!(r.stderr.contains(shown), "{shown} not in {}", r.stderr);
    }
}

/// The bytes of a file under `tests/fixtures/`.
fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(rel),
    )
    .unwrap()
}

/// The valid project with its stakeholders workbook replaced by these `.xls` bytes.
fn with_stakeholders_xls(bytes: &[u8]) -> tempfile::TempDir {
    let dir = Project::valid().write();
    std::fs::remove_file(dir.path().join("stakeholders.xlsx")).unwrap();
    std::fs::write(dir.path().join("stakeholders.xls"), bytes).unwrap();
    dir
}

/// Found by the fuzz target `werkboeken` (fuzz/): an old-style `.xls` whose sector chain
/// points past the end of the file made calamine's compound-file reader panic (a slice
/// out of bounds). It is a damaged workbook (F02), exit 1, and the terminal shows only the
/// Dutch finding, no English panic message (a panic inside a reader is contained, see
/// `regiodocs::contain`).
#[test]
fn a_fuzzed_xls_that_makes_calamine_panic_is_a_damaged_workbook() {
    let dir = with_stakeholders_xls(&fixture("fuzz/cfb-keten-buiten-bestand.xls"));
    let ds = diagnostics(dir.path());
    let d = find(&ds, "F02", "stakeholders.xls");
    assert_eq!(
        d.message,
        "Dit bestand is geen leesbaar werkboek: het bestand is beschadigd."
    );
    let r = check_bounded(dir.path());
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stderr
            .contains("fout[F02] stakeholders.xls: Dit bestand is geen leesbaar werkboek"),
        "{r:?}"
    );
    assert!(
        !r.stderr.contains("panicked"),
        "panic message on the terminal: {r:?}"
    );
}

/// An `.xls` whose directory chain loops back on itself (its FAT names the directory's
/// sector as its own successor): calamine would follow the loop without end, gathering
/// memory. regiodocs checks the chains of a compound file first and refuses it as a damaged
/// workbook, at once.
#[test]
fn an_xls_whose_sector_chain_loops_is_a_damaged_workbook() {
    let mut xls = fixture("versleuteld.xls");
    let u32_at = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
    assert_eq!(
        u16::from_le_bytes([xls[30], xls[31]]),
        9,
        "512-byte sectors"
    );
    let dir_start = u32_at(&xls, 48) as usize;
    let first_fat = u32_at(&xls, 76) as usize;
    let entry = 512 + first_fat * 512 + 4 * dir_start;
    xls[entry..entry + 4].copy_from_slice(&(dir_start as u32).to_le_bytes());
    let dir = with_stakeholders_xls(&xls);
    let ds = diagnostics(dir.path());
    let d = find(&ds, "F02", "stakeholders.xls");
    assert_eq!(
        d.message,
        "Dit bestand is geen leesbaar werkboek: het bestand is beschadigd."
    );
    let r = check_bounded(dir.path());
    assert_eq!(r.code, 1, "{r:?}");
}

/// Found by the fuzz target `werkboeken`: an `.xls` of 126 kB whose cell records lie far
/// apart. calamine's `.xls` reader makes a dense grid of every sheet while it opens the
/// file, before regiodocs can count rows or cells: `check` peaked at 7 GB. regiodocs now
/// measures the sheets' cell records itself first and refuses the file with F34, at once.
#[test]
fn a_fuzzed_xls_with_cells_far_apart_is_refused_before_calamine_reads_it() {
    let dir = with_stakeholders_xls(&fixture("fuzz/xls-verre-cellen.xls"));
    let ds = diagnostics(dir.path());
    let d = find(&ds, "F34", "stakeholders.xls");
    assert_eq!(
        d.message,
        "Het werkboek heeft te veel cellen: meer dan 4.000.000 van de eerste tot de laatste \
         gevulde rij en kolom van de tabbladen samen."
    );
    let r = check_bounded(dir.path());
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.peak_mib < 200, "check used {} MiB", r.peak_mib);
}

/// A budget of thousands of cost lines: its regional budget (a table of more rows than
/// `pdf::renders_alone` allows beside other documents) is rendered after the others, on its
/// own, and the build completes with every line on the pages, in the PDF and the DOCX.
#[test]
fn a_budget_of_thousands_of_cost_lines_builds_whole() {
    if !crate::pagecheck::tools(&["pdftotext"]) {
        return;
    }
    let mut p = Project::valid();
    let gemeenten = [
        "Ede",
        "Barneveld",
        "Wageningen",
        "Scherpenzeel",
        "Renswoude",
    ];
    for i in 0..2_100 {
        p.sheet("Kostenregels").push(vec![
            V::T(format!("X{i:04}")),
            V::T(format!(
                "Activiteit {i} ({})",
                gemeenten[i % gemeenten.len()]
            )),
            V::T(format!("Extra activiteit nummer {i}")),
            "regio".into(),
            if i % 2 == 0 {
                "incidenteel"
            } else {
                "structureel"
            }
            .into(),
            "uur".into(),
            V::N(40.0 + (i % 50) as f64),
            V::N((i % 7 + 1) as f64),
            V::N((i % 5 + 1) as f64),
            V::E,
            V::E,
            V::E,
        ]);
    }
    let dir = p.write();
    let uit = dir.path().join("uit");
    let opts = regiodocs::pipeline::BuildOptions {
        formats: regiodocs::pipeline::Formats {
            pdf: true,
            docx: true,
            xlsx: false,
        },
        alleen_begroting: true,
        concept: true,
        ..Default::default()
    };
    let r = crate::build::build_one(dir.path(), &uit, &opts);
    assert!(
        r.geschreven
            .iter()
            .any(|g| g.bestand == "regio/begroting.pdf"),
        "{:?}",
        r.geschreven
    );
    let text = Command::new("pdftotext")
        .arg(uit.join("regio/begroting.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    let docx = crate::util::zip_entry(
        &std::fs::read(uit.join("regio/begroting.docx")).expect("docx"),
        "word/document.xml",
    );
    for i in [0, 1, 999, 2_099] {
        let id = format!("X{i:04}");
        assert!(text.contains(&id), "{id} is not in the PDF");
        assert!(docx.contains(&id), "{id} is not in the DOCX");
        // Whole in the DOCX (Word breaks the lines), and in the PDF on the pages.
        let name = format!("Activiteit {i} ({})", gemeenten[i % gemeenten.len()]);
        assert!(docx.contains(&name), "{name} is not whole in the DOCX");
    }
}
