//! `build`: outputs, refusals, determinism, incremental re-runs, atomicity, several projects.

use std::path::{Path, PathBuf};
use std::process::Command;

use regiodocs::pipeline::{BuildOptions, BuildReport, Engine, Formats, Project as Target, build};

use crate::fixtures::{Project, V};
use crate::util::files;

/// PDF and DOCX only, so these tests do not depend on the XLSX writer.
pub(crate) fn docs_only() -> BuildOptions {
    BuildOptions {
        formats: Formats {
            pdf: true,
            docx: true,
            xlsx: false,
        },
        ..BuildOptions::default()
    }
}

pub(crate) fn build_one(map: &Path, uit: &Path, opts: &BuildOptions) -> BuildReport {
    let engine = Engine::new();
    let mut r = build(&engine, &[Target::new(map, uit)], opts, &|_| {});
    match r.remove(0) {
        Ok(report) => report,
        Err(e) => panic!("build failed: {e}"),
    }
}

/// The text of every XML part of a DOCX (body, header, footer), tags removed.
fn docx_text(docx: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut out = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        if name.starts_with("word/") && name.ends_with(".xml") {
            let mut xml = String::new();
            f.read_to_string(&mut xml).unwrap();
            let mut in_tag = false;
            for c in xml.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    _ if !in_tag => out.push(c),
                    _ => {}
                }
            }
            out.push('\n');
        }
    }
    out
}

fn names(ws: &[regiodocs::pipeline::Written]) -> Vec<String> {
    ws.iter().map(|w| w.bestand.clone()).collect()
}

#[test]
fn writes_every_document_of_region_and_municipalities_with_manifest() {
    let dir = Project::valid().write();
    let uit = dir.path().join("uit");
    let r = build_one(dir.path(), &uit, &docs_only());
    assert!(r.geweigerd.is_empty(), "{:?}", r.geweigerd);
    let files = files(&uit);
    for f in [
        "regio/regionaal-plan.pdf",
        "regio/regionaal-plan.docx",
        "regio/samenwerkingsovereenkomst.pdf",
        "regio/samenwerkingsovereenkomst.docx",
        "regio/opdrachtbeschrijving-regiocoordinator.pdf",
        "regio/begroting.pdf",
        "gemeenten/GM0228-ede/plan.pdf",
        "gemeenten/GM0228-ede/begroting.docx",
        "manifest.json",
    ] {
        assert!(
            files.contains_key(f),
            "{f} missing; have {:?}",
            files.keys()
        );
    }
    for (name, bytes) in &files {
        if name.ends_with(".pdf") {
            assert!(bytes.starts_with(b"%PDF-"), "{name}");
        }
        if name.ends_with(".docx") {
            assert!(bytes.starts_with(b"PK"), "{name}");
        }
    }
    // The manifest lists every output with the hash of the bytes on disk, and both inputs.
    let m: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    let outputs = m["uitvoer"].as_array().unwrap();
    assert_eq!(outputs.len(), files.len() - 1);
    for o in outputs {
        let name = o["bestand"].as_str().unwrap();
        let sha = regiodocs::output::sha256(&files[name]);
        assert_eq!(o["sha256"].as_str().unwrap(), sha, "{name}");
    }
    let inputs: Vec<&str> = m["invoer"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["bestand"].as_str().unwrap())
        .collect();
    assert_eq!(inputs, ["financien.xlsx", "stakeholders.xlsx"]);
    assert_eq!(m["regiodocs"], env!("CARGO_PKG_VERSION"));
    assert!(m["templates"].as_array().unwrap().len() >= 5);
    // The agreement names the SHA-256 of the plan PDF that sits beside it.
    let plan_sha = regiodocs::output::sha256(&files["regio/regionaal-plan.pdf"]);
    let docx = &files["regio/samenwerkingsovereenkomst.docx"];
    let xml = docx_text(docx);
    assert!(
        xml.contains(&plan_sha),
        "agreement does not name the plan hash {plan_sha}"
    );
}

#[test]
fn two_builds_are_byte_identical_and_an_unchanged_rerun_writes_nothing() {
    let dir = Project::valid().write();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    build_one(dir.path(), &a, &docs_only());
    build_one(dir.path(), &b, &docs_only());
    assert_eq!(files(&a), files(&b));

    let before = files(&a);
    let r = build_one(dir.path(), &a, &docs_only());
    assert!(
        r.geschreven.is_empty(),
        "rewrote {:?}",
        names(&r.geschreven)
    );
    // Every file but the manifest and the snapshot (which are no documents) is reported.
    assert!(before.contains_key("momentopname.json"));
    assert_eq!(r.ongewijzigd.len(), before.len() - 2);
    assert_eq!(files(&a), before);

    // --alles renders everything again, and still gets the same bytes.
    let opts = BuildOptions {
        alles: true,
        ..docs_only()
    };
    let r = build_one(dir.path(), &a, &opts);
    assert!(r.ongewijzigd.is_empty() || r.geschreven.is_empty());
    assert_eq!(files(&a), before);
}

#[test]
fn a_changed_cost_rebuilds_only_what_it_touches() {
    let mut p = Project::valid();
    let dir = p.write();
    let uit = dir.path().join("uit");
    build_one(dir.path(), &uit, &docs_only());
    let before = files(&uit);
    // A new rate for the regional coordinator changes the budgets (and documents that print
    // budget figures), but not, e.g., the assignment of a municipality's project leader
    // when that prints no regional money.
    p.sheet("Kostenregels").set("Tarief", 1, V::N(99.0));
    p.write_to(dir.path());
    let r = build_one(dir.path(), &uit, &docs_only());
    let written = names(&r.geschreven);
    assert!(
        written.contains(&"regio/begroting.pdf".to_string()),
        "{written:?}"
    );
    assert!(!r.ongewijzigd.is_empty(), "everything was rebuilt");
    let after = files(&uit);
    for w in &written {
        assert_ne!(
            before.get(w),
            after.get(w),
            "{w} reported written but unchanged"
        );
    }
    for u in names(&r.ongewijzigd) {
        assert_eq!(before.get(&u), after.get(&u), "{u}");
    }
}

#[test]
fn workbooks_are_made_again_exactly_when_an_input_workbook_changes() {
    let mut p = Project::valid();
    let dir = p.write();
    let uit = dir.path().join("uit");
    let xlsx_only = BuildOptions {
        formats: Formats {
            pdf: false,
            docx: false,
            xlsx: true,
        },
        ..BuildOptions::default()
    };
    let first = build_one(dir.path(), &uit, &xlsx_only);
    let made: Vec<String> = names(&first.geschreven)
        .into_iter()
        .filter(|n| n.ends_with(".xlsx"))
        .collect();
    assert!(made.contains(&"overzicht.xlsx".to_string()), "{made:?}");
    assert!(made.contains(&"gemeenten/GM0228-ede/begroting.xlsx".to_string()));
    // Only workbooks: no plan PDF for an agreement that is not being made.
    let kinds: Vec<String> = files(&uit).into_keys().collect();
    assert!(
        kinds
            .iter()
            .all(|f| f.ends_with(".xlsx") || f == "manifest.json" || f == "momentopname.json"),
        "{kinds:?}"
    );

    // Unchanged inputs: no workbook is made again.
    let r = build_one(dir.path(), &uit, &xlsx_only);
    assert!(r.geschreven.is_empty(), "{:?}", names(&r.geschreven));
    for m in &made {
        assert!(
            names(&r.ongewijzigd).contains(m),
            "{m} not reported unchanged"
        );
    }

    // A workbook that is gone is made again, and only that one.
    std::fs::remove_file(uit.join("regio/begroting.xlsx")).unwrap();
    let r = build_one(dir.path(), &uit, &xlsx_only);
    assert_eq!(names(&r.geschreven), ["regio/begroting.xlsx"]);

    // A new rate changes the regional budget and the overview, with new bytes.
    let before = files(&uit);
    p.sheet("Kostenregels").set("Tarief", 1, V::N(99.0));
    p.write_to(dir.path());
    let r = build_one(dir.path(), &uit, &xlsx_only);
    let written = names(&r.geschreven);
    for w in ["regio/begroting.xlsx", "overzicht.xlsx"] {
        assert!(
            written.contains(&w.to_string()),
            "{w} not rebuilt: {written:?}"
        );
        assert_ne!(before.get(w), files(&uit).get(w), "{w} has the old bytes");
    }
}

#[test]
fn definitive_documents_with_rule_errors_are_refused_and_nothing_is_written() {
    let mut p = Project::valid();
    p.sheet("Regio").set_field("Status", "definitief");
    p.sheet("Personen").set("Tekenbevoegd", 2, "nee"); // R03: a signatory without authority
    let dir = p.write();
    let uit = dir.path().join("uit");
    let r = build_one(dir.path(), &uit, &docs_only());
    assert!(r.bevindingen.has_errors());
    assert!(r.geschreven.is_empty());
    let regio = r
        .geweigerd
        .iter()
        .find(|x| x.document == "regio/samenwerkingsovereenkomst")
        .expect("regional agreement refused");
    assert!(
        regio.reden.contains("definitief") && regio.reden.contains("R03"),
        "{}",
        regio.reden
    );
    assert!(
        files(&uit).keys().all(|k| k == "manifest.json"),
        "{:?}",
        files(&uit).keys()
    );

    // The same inputs as a concept: written, marked CONCEPT.
    let opts = BuildOptions {
        concept: true,
        ..docs_only()
    };
    let r = build_one(dir.path(), &uit, &opts);
    assert!(r.geweigerd.is_empty(), "{:?}", r.geweigerd);
    let xml = docx_text(&std::fs::read(uit.join("regio/regionaal-plan.docx")).unwrap());
    assert!(xml.contains("CONCEPT"), "no CONCEPT mark in the DOCX");
}

#[test]
fn format_errors_refuse_everything_even_as_concept() {
    let mut p = Project::valid();
    p.sheet("Kostenregels").set("Tarief", 1, "twaalf euro");
    let dir = p.write();
    let uit = dir.path().join("uit");
    let opts = BuildOptions {
        concept: true,
        ..docs_only()
    };
    let r = build_one(dir.path(), &uit, &opts);
    assert!(!r.geweigerd.is_empty());
    assert!(
        r.geweigerd
            .iter()
            .all(|x| x.reden.contains("invoerformaat"))
    );
    assert!(r.geschreven.is_empty());
}

#[test]
fn a_failing_build_leaves_earlier_outputs_unchanged_and_no_temporary_files() {
    let p = Project::valid();
    let dir = p.write();
    let uit = dir.path().join("uit");
    build_one(dir.path(), &uit, &docs_only());
    let before = files(&uit);
    // A project template with an error: the build fails as a whole.
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/opdracht.md"),
        "# Opdracht\n\n{{ regio.naam }\n",
    )
    .unwrap();
    // Change an input too, so the run would otherwise rewrite files.
    let mut changed = p.clone();
    changed.sheet("Kostenregels").set("Tarief", 1, V::N(101.0));
    changed.write_to(dir.path());
    let engine = Engine::new();
    let r = build(
        &engine,
        &[Target::new(dir.path(), &uit)],
        &docs_only(),
        &|_| {},
    );
    let err = r
        .into_iter()
        .next()
        .unwrap()
        .expect_err("build should fail");
    let msg = err.to_string();
    assert!(
        msg.contains("opdracht.md") && msg.contains("regel 3"),
        "{msg}"
    );
    assert_eq!(files(&uit), before, "outputs changed by a failed build");
    // Nothing of the failed build is left beside the output folder either.
    let mut beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(
        beside,
        ["financien.xlsx", "stakeholders.xlsx", "templates", "uit"]
    );
}

#[test]
fn several_projects_in_one_run_get_their_own_folders() {
    let root = tempfile::tempdir().unwrap();
    let a = root.path().join("regio-a");
    let b = root.path().join("regio-b");
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    Project::valid().write_to(&a);
    let mut other = Project::valid();
    other.sheet("Regio").set_field("Regionaam", "Regio Twee");
    other.write_to(&b);
    let missing = root.path().join("bestaat-niet");
    let engine = Engine::new();
    let targets = [
        Target::new(&a, root.path().join("uit/a")),
        Target::new(&b, root.path().join("uit/b")),
        Target::new(&missing, root.path().join("uit/c")),
    ];
    let r = build(&engine, &targets, &docs_only(), &|_| {});
    assert_eq!(r.len(), 3);
    assert!(r[0].is_ok() && r[1].is_ok());
    assert_eq!(r[2].as_ref().err().map(|e| e.exit_code()), Some(2));
    let ta = files(&root.path().join("uit/a"));
    let tb = files(&root.path().join("uit/b"));
    assert_eq!(ta.len(), tb.len());
    assert_ne!(
        ta["regio/regionaal-plan.pdf"],
        tb["regio/regionaal-plan.pdf"]
    );
    let m: serde_json::Value = serde_json::from_slice(&tb["manifest.json"]).unwrap();
    assert_eq!(m["regio"], "Regio Twee");
}

#[test]
fn hostile_municipality_name_cannot_leave_the_output_folder() {
    let mut p = Project::valid();
    p.sheet("Gemeenten").set("Gemeente", 1, "../../Ede");
    let dir = p.write();
    let uit = dir.path().join("uit");
    build_one(dir.path(), &uit, &docs_only());
    let files = files(&uit);
    assert!(
        files.contains_key("gemeenten/GM0228-ede/plan.pdf"),
        "{:?}",
        files.keys()
    );
    // Nothing was written beside the project or above it.
    let beside: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(beside.len(), 3, "{beside:?}");
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_regiodocs"))
}

#[test]
fn cli_build_reports_as_json_and_uses_exit_codes() {
    let dir = Project::valid().write();
    let uit = dir.path().join("uit");
    let out = bin()
        .args([
            "build",
            "--formaat",
            "pdf,docx",
            "--format",
            "json",
            "--uit",
        ])
        .arg(&uit)
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let written = v[0]["geschreven"].as_array().unwrap();
    assert!(
        written
            .iter()
            .any(|w| w["bestand"] == "regio/regionaal-plan.pdf")
    );
    assert!(
        out.stderr.is_empty(),
        "no progress bar or text with --format json"
    );

    // Again: everything unchanged.
    let out = bin()
        .args([
            "build",
            "--formaat",
            "pdf,docx",
            "--format",
            "json",
            "--uit",
        ])
        .arg(&uit)
        .arg(dir.path())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["geschreven"].as_array().unwrap().len(), 0);
    assert!(!v[0]["ongewijzigd"].as_array().unwrap().is_empty());

    // Usage problems: exit 2, a Dutch message.
    let out = bin().args(["build", "/bestaat/niet"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bestaat niet"));
    let out = bin()
        .args(["build", "--gemeente", "Ede"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("CBS-gemeentecode"));

    // Errors in the inputs: exit 1.
    let mut bad = Project::valid();
    bad.sheet("Regio").set_field("Status", "definitief");
    bad.sheet("Personen").set("Tekenbevoegd", 2, "nee");
    bad.write_to(dir.path());
    let out = bin()
        .args(["build", "--formaat", "pdf", "--uit"])
        .arg(dir.path().join("uit2"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("niet geschreven") && err.contains("R03"),
        "{err}"
    );
}

#[test]
fn only_one_municipality() {
    let dir = Project::valid().write();
    let uit = dir.path().join("uit");
    let opts = BuildOptions {
        gemeente: Some("GM0228".into()),
        ..docs_only()
    };
    build_one(dir.path(), &uit, &opts);
    let files = files(&uit);
    assert!(
        files.keys().all(|k| k.starts_with("gemeenten/GM0228-")
            || k == "manifest.json"
            || k == "momentopname.json"),
        "{:?}",
        files.keys()
    );
    assert!(files.contains_key("gemeenten/GM0228-ede/begroting.pdf"));
}

#[test]
fn begroting_writes_only_the_budgets_in_every_format() {
    let dir = Project::valid().write();
    let uit = dir.path().join("uit");
    let opts = BuildOptions {
        alleen_begroting: true,
        ..BuildOptions::default()
    };
    let r = build_one(dir.path(), &uit, &opts);
    assert!(r.geweigerd.is_empty(), "{:?}", r.geweigerd);
    let written: Vec<String> = files(&uit).into_keys().collect();
    for f in [
        "regio/begroting.pdf",
        "regio/begroting.docx",
        "regio/begroting.xlsx",
        "gemeenten/GM0228-ede/begroting.xlsx",
    ] {
        assert!(written.contains(&f.to_string()), "{f} missing: {written:?}");
    }
    assert!(
        written
            .iter()
            .all(|f| f == "manifest.json" || f == "momentopname.json" || f.contains("/begroting.")),
        "{written:?}"
    );
    // The full build adds the overview at the top and keeps the budgets it already has.
    let r = build_one(dir.path(), &uit, &BuildOptions::default());
    assert!(files(&uit).contains_key("overzicht.xlsx"));
    assert!(names(&r.ongewijzigd).contains(&"regio/begroting.xlsx".to_string()));
}
