//! Digitally signable documents: every agreement and every assignment's "voor akkoord"
//! block has one empty signature field per signatory, and the PDF stays what it was.
//!
//! Checked with real clients on the Foodvalley example, built by the real binary twice:
//! with the fields (the default) and with `--zonder-handtekenvelden`.
//!
//! - pyHanko (from PyPI, in the virtual environment `target/pyhanko-venv` that `.ci/run`
//!   makes, or this test when it is missing) signs every field in turn with a throwaway
//!   certificate from `openssl`, and poppler's `pdfsig` reports every signature valid (the
//!   certificate itself is, rightly, untrusted);
//! - the fields (read with `qpdf --json`) are the signatories: their number, names and
//!   tooltips, in signing order;
//! - the text (`pdftotext`) is the same with and without fields; `qpdf --check` passes;
//!   `pdfinfo` still shows PDF/A-2 and `Tagged: yes`;
//! - each field lies on its signature line: the page image (`pdftoppm`) has the printed
//!   line along the field's bottom edge and nothing but paper inside the field, and the
//!   signatory's name is printed just below it;
//! - the structure that PDF/A-2a and PDF/UA-1 ask for (no validator such as veraPDF is
//!   available offline, so the rules are checked on the objects themselves).
//!
//! Tests that need a missing tool print a notice and skip, but fail when `CI` is set.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use regiodocs::model::Scope;
use regiodocs::pipeline::{BuildOptions, Engine, Formats, Project as Target, build};
use regiodocs::render::pdf::{DEFAULT_THEME, PdfEngine};
use serde_json::Value;

use crate::fixtures::{Project, V};
use crate::util::{have, need};

/// The documents with signature blocks, relative to the output folder.
const SIGNED: &[&str] = &[
    "regio/samenwerkingsovereenkomst.pdf",
    "regio/opdrachtbeschrijving-regiocoordinator.pdf",
    "gemeenten/GM0228-ede/samenwerkingsovereenkomst.pdf",
    "gemeenten/GM0228-ede/opdrachtbeschrijving-projectleider.pdf",
];

/// True when every tool is there; otherwise a notice and false, or a failure under CI.
fn tools(list: &[&str]) -> bool {
    list.iter().all(|t| need(t))
}

fn example_input() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/foodvalley")
}

/// The example's PDFs, built once per test run: with fields (`true`) or without.
fn built(fields: bool) -> &'static Path {
    static WITH: OnceLock<PathBuf> = OnceLock::new();
    static WITHOUT: OnceLock<PathBuf> = OnceLock::new();
    let cell = if fields { &WITH } else { &WITHOUT };
    cell.get_or_init(|| {
        let name = if fields { "met" } else { "zonder" };
        let out =
            std::env::temp_dir().join(format!("regiodocs-signing-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_regiodocs"));
        cmd.arg("build")
            .arg(example_input())
            .arg("--uit")
            .arg(&out)
            .args(["--concept", "--formaat", "pdf", "--quiet"]);
        if !fields {
            cmd.arg("--zonder-handtekenvelden");
        }
        let run = cmd.output().expect("run regiodocs");
        assert!(
            run.status.success(),
            "build failed: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        out
    })
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// One signature field as qpdf reads it.
#[derive(Debug, Clone)]
struct Field {
    name: String,
    tooltip: String,
    page: usize,
    /// Left, bottom, right, top in points.
    rect: [f64; 4],
    /// The widget's object, e.g. `12 0 R`.
    object: String,
}

/// The whole file as qpdf's JSON (version 2): the AcroForm and every object.
fn qpdf_json(pdf: &Path) -> Value {
    let text = run(Command::new("qpdf").arg("--json=2").arg(pdf));
    serde_json::from_str(&text).expect("qpdf JSON")
}

/// The object `id` (`12 0 R`) of qpdf's JSON: its value, or a stream's dictionary.
fn object<'a>(json: &'a Value, id: &str) -> &'a Value {
    let o = &json["qpdf"][1][format!("obj:{id}")];
    if o["stream"].is_object() {
        &o["stream"]["dict"]
    } else {
        &o["value"]
    }
}

/// An indirect reference in qpdf's JSON (`"12 0 R"`), if `v` is one.
fn reference(v: &Value) -> Option<&str> {
    v.as_str().filter(|s| s.ends_with(" R"))
}

/// qpdf writes text strings as `u:text`.
fn text(v: &Value) -> String {
    let s = v.as_str().unwrap_or_default();
    s.strip_prefix("u:").unwrap_or(s).to_string()
}

fn fields(json: &Value) -> Vec<Field> {
    json["acroform"]["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            let widget = f["annotation"]["object"]
                .as_str()
                .expect("widget")
                .to_string();
            let rect: Vec<f64> = object(json, &widget)["/Rect"]
                .as_array()
                .expect("rect")
                .iter()
                .map(|v| v.as_f64().expect("number"))
                .collect();
            Field {
                name: f["fullname"].as_str().unwrap_or_default().to_string(),
                tooltip: f["alternativename"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                page: f["pageposfrom1"].as_u64().expect("page") as usize,
                rect: rect.try_into().expect("four numbers"),
                object: widget,
            }
        })
        .collect()
}

#[test]
fn every_signatory_of_every_agreement_has_a_field_with_their_name() {
    if !tools(&["qpdf", "pdftotext"]) {
        return;
    }
    let out = built(true);
    for rel in SIGNED {
        let pdf = out.join(rel);
        let json = qpdf_json(&pdf);
        assert_eq!(json["acroform"]["hasacroform"], true, "{rel}");
        assert_eq!(json["acroform"]["needappearances"], false, "{rel}");
        let fields = fields(&json);
        // As many fields as printed signature blocks (each has one "Datum:" line).
        let printed = run(Command::new("pdftotext").arg(&pdf).arg("-"));
        let blocks = printed.lines().filter(|l| l.trim() == "Datum:").count();
        assert!(blocks > 0, "{rel}: no signature blocks printed");
        assert_eq!(fields.len(), blocks, "{rel}: {fields:#?}");
        let mut names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        for f in &fields {
            assert!(
                f.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{rel}: {}",
                f.name
            );
            assert!(
                f.tooltip.starts_with("Handtekening "),
                "{rel}: {}",
                f.tooltip
            );
            assert!(!f.object.is_empty());
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), fields.len(), "{rel}: names not unique");
    }
}

/// The regional agreement's fields are exactly its parties' signatories from the
/// workbook: name (party and function) and tooltip (person, function, party).
#[test]
fn the_regional_agreement_names_the_signatories_of_the_workbook() {
    if !tools(&["qpdf"]) {
        return;
    }
    let checked = regiodocs::pipeline::check(&example_input());
    let project = checked.project.expect("example reads");
    let mut expected = Vec::new();
    for party in project
        .partijen
        .iter()
        .filter(|p| p.overeenkomst == Scope::Regio)
    {
        let org = project
            .organisaties
            .iter()
            .find(|o| o.id == party.org)
            .expect("party organisation");
        for id in &party.ondertekenaars {
            let person = project
                .personen
                .iter()
                .find(|p| &p.id == id)
                .expect("person");
            expected.push((
                format!(
                    "{}-{}",
                    regiodocs::output::slug(&org.naam),
                    regiodocs::output::slug(&person.functie)
                ),
                format!(
                    "Handtekening van {}, {}, voor {}",
                    person.naam, person.functie, org.naam
                ),
            ));
        }
    }
    assert!(expected.len() >= 5, "{expected:?}");
    let json = qpdf_json(&built(true).join("regio/samenwerkingsovereenkomst.pdf"));
    let mut found: Vec<(String, String)> = fields(&json)
        .into_iter()
        .map(|f| (f.name, f.tooltip))
        .collect();
    // The example's names are unique already, so no name got a suffix.
    expected.sort();
    found.sort();
    assert_eq!(found, expected);
    assert!(
        found
            .iter()
            .any(|(n, _)| n == "gemeente-ede-wethouder-zorg-jeugd-en-gezondheid"),
        "{found:?}"
    );
}

#[test]
fn without_fields_the_pdf_has_none_and_the_same_text() {
    if !tools(&["qpdf", "pdftotext", "pdfinfo"]) {
        return;
    }
    for rel in SIGNED {
        let with = built(true).join(rel);
        let without = built(false).join(rel);
        let json = qpdf_json(&without);
        assert_eq!(json["acroform"]["hasacroform"], false, "{rel}");
        assert_eq!(info(&without, "Form"), "none", "{rel}");
        assert_eq!(info(&with, "Form"), "AcroForm", "{rel}");
        let text = |p: &Path| run(Command::new("pdftotext").args(["-layout"]).arg(p).arg("-"));
        assert_eq!(
            text(&with),
            text(&without),
            "{rel}: the fields changed the text"
        );
    }
    // Documents without signatories are byte-identical either way.
    let plan = "regio/regionaal-plan.pdf";
    assert_eq!(
        std::fs::read(built(true).join(plan)).unwrap(),
        std::fs::read(built(false).join(plan)).unwrap()
    );
}

fn pdfinfo(pdf: &Path, extra: &[&str]) -> String {
    run(Command::new("pdfinfo").args(extra).arg(pdf))
}

/// One line of `pdfinfo`, e.g. `Tagged` → `yes`.
fn info(pdf: &Path, key: &str) -> String {
    pdfinfo(pdf, &[])
        .lines()
        .find_map(|l| l.split_once(':').filter(|(k, _)| *k == key))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_else(|| panic!("pdfinfo has no {key}"))
}

#[test]
fn with_fields_the_pdf_stays_valid_archivable_and_tagged() {
    if !tools(&["qpdf", "pdfinfo"]) {
        return;
    }
    for rel in SIGNED {
        let pdf = built(true).join(rel);
        let check = run(Command::new("qpdf").arg("--check").arg(&pdf));
        assert!(
            check.contains("No syntax or stream encoding errors"),
            "{rel}: {check}"
        );
        assert_eq!(info(&pdf, "Tagged"), "yes", "{rel}");
        let meta = pdfinfo(&pdf, &["-meta"]);
        for claim in [
            "<pdfaid:part>2</pdfaid:part>",
            "<pdfaid:conformance>A</pdfaid:conformance>",
            "<pdfuaid:part>1</pdfuaid:part>",
        ] {
            assert!(meta.contains(claim), "{rel}: {claim} missing in {meta}");
        }
    }
}

#[test]
fn a_rebuild_writes_the_same_bytes() {
    let first = built(true);
    let again = tempfile::tempdir().expect("tempdir");
    let run = Command::new(env!("CARGO_BIN_EXE_regiodocs"))
        .arg("build")
        .arg(example_input())
        .arg("--uit")
        .arg(again.path())
        .args(["--concept", "--formaat", "pdf", "--quiet"])
        .output()
        .expect("run regiodocs");
    assert!(run.status.success());
    for rel in SIGNED {
        let a = std::fs::read(first.join(rel)).unwrap();
        let b = std::fs::read(again.path().join(rel)).unwrap();
        assert!(a == b, "{rel} differs between two builds");
    }
}

/// The Python of the virtual environment with pyHanko (`target/pyhanko-venv`), made here
/// when `.ci/run` has not made it; `None` (after a notice) when that cannot be done.
fn pyhanko() -> Option<&'static Path> {
    static PYTHON: OnceLock<Option<PathBuf>> = OnceLock::new();
    PYTHON
        .get_or_init(|| {
            let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pyhanko-venv");
            let python = venv.join("bin/python");
            let ready = |python: &Path| {
                Command::new(python)
                    .args(["-c", "import pyhanko.sign"])
                    .output()
                    .is_ok_and(|o| o.status.success())
            };
            if !ready(&python) && have("python3") {
                eprintln!("NOTE: installing pyHanko in {}", venv.display());
                let made = Command::new("python3")
                    .args(["-m", "venv"])
                    .arg(&venv)
                    .status()
                    .is_ok_and(|s| s.success());
                if made {
                    let _ = Command::new(venv.join("bin/pip"))
                        .args(["install", "--quiet", PYHANKO])
                        .status();
                }
            }
            ready(&python).then_some(python)
        })
        .as_deref()
}

/// The pyHanko release the tests sign with (also in `.ci/run`).
const PYHANKO: &str = "pyhanko==0.38.0";

/// Signs the fields `names` of `input` one after the other (each signature an incremental
/// update of the previous result) and writes the result to `output`. pyHanko is told to
/// sign existing fields only, so a missing field fails instead of being made.
const SIGN: &str = r#"
import io, sys
from pyhanko.sign import signers
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

key, cert, source, target, *names = sys.argv[1:]
signer = signers.SimpleSigner.load(key, cert)
data = open(source, "rb").read()
for name in names:
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    meta = signers.PdfSignatureMetadata(field_name=name, reason="test regiodocs")
    data = signers.sign_pdf(writer, meta, signer=signer, existing_fields_only=True).getvalue()
open(target, "wb").write(data)
"#;

#[test]
fn a_real_signer_signs_every_field_and_pdfsig_finds_every_signature_valid() {
    if !tools(&["qpdf", "pdfsig", "openssl", "python3"]) {
        return;
    }
    let Some(python) = pyhanko() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "pyHanko could not be installed, and CI is set"
        );
        eprintln!("NOTE: pyHanko not available; skipping this check");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let (key, cert) = (dir.path().join("sleutel.pem"), dir.path().join("cert.pem"));
    run(Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args(["-subj", "/CN=Wegwerpcertificaat regiodocs"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert));
    let script = dir.path().join("teken.py");
    std::fs::write(&script, SIGN).expect("script");
    for rel in SIGNED {
        let pdf = built(true).join(rel);
        let names: Vec<String> = fields(&qpdf_json(&pdf))
            .into_iter()
            .map(|f| f.name)
            .collect();
        // Before signing, pdfsig sees every field, unsigned.
        let before = run(Command::new("pdfsig").arg("-nocert").arg(&pdf));
        assert_eq!(
            before
                .matches("The signature form field is not signed.")
                .count(),
            names.len(),
            "{rel}: {before}"
        );
        let signed = dir.path().join(rel.replace('/', "-"));
        run(Command::new(python)
            .arg(&script)
            .arg(&key)
            .arg(&cert)
            .arg(&pdf)
            .arg(&signed)
            .args(&names));
        let report = run(Command::new("pdfsig").arg("-nocert").arg(&signed));
        let signatures: Vec<&str> = report.split("Signature #").skip(1).collect();
        assert_eq!(signatures.len(), names.len(), "{rel}: {report}");
        for (signature, name) in signatures.iter().zip(&names) {
            assert!(
                signature.contains(&format!("Signature Field Name: {name}")),
                "{rel}: {signature}"
            );
            assert!(
                signature.contains("Signature Validation: Signature is Valid."),
                "{rel}: {signature}"
            );
            assert!(
                signature.contains("Wegwerpcertificaat regiodocs"),
                "{signature}"
            );
        }
        // The last signature covers the whole file, every field signed.
        assert!(
            signatures
                .last()
                .is_some_and(|s| s.contains("Total document signed")),
            "{rel}: {report}"
        );
        // The signed file is still a sound PDF.
        let check = run(Command::new("qpdf").arg("--check").arg(&signed));
        assert!(
            check.contains("No syntax or stream encoding errors"),
            "{rel}: {check}"
        );
    }
}

/// A4 in points, and the theme's side margins (2.6 cm).
const PAGE_W: f64 = 595.28;
const PAGE_H: f64 = 841.89;
const SIDE: f64 = 2.6 / 2.54 * 72.0;

/// A page rendered in grey at 144 dpi (2 pixels per point): width, height, pixels.
fn page_image(pdf: &Path, page: usize, dir: &Path) -> (usize, usize, Vec<u8>) {
    let prefix = dir.join(format!("pagina-{page}"));
    run(Command::new("pdftoppm")
        .args(["-r", "144", "-gray", "-singlefile"])
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg(&prefix));
    let bytes = std::fs::read(prefix.with_extension("pgm")).expect("pgm");
    // P5 header: magic, width, height, maximum, each followed by white space.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = bytes[at + 1..].to_vec();
    assert_eq!(pixels.len(), w * h);
    (w, h, pixels)
}

/// Words on a page with their boxes (left, top, right, bottom; points from the top-left).
fn words(pdf: &Path, page: usize) -> Vec<(String, [f64; 4])> {
    let html = run(Command::new("pdftotext")
        .arg("-bbox")
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-"));
    let attr = |tag: &str, name: &str| -> f64 {
        let key = format!("{name}=\"");
        let rest = &tag[tag.find(&key).expect("attribute") + key.len()..];
        rest[..rest.find('"').unwrap()].parse().expect("number")
    };
    html.split("<word ")
        .skip(1)
        .map(|w| {
            let (tag, rest) = w.split_once('>').expect("tag");
            let word = rest.split("</word>").next().unwrap_or_default();
            let word = word
                .replace("&amp;", "&")
                .replace("&quot;", "\"")
                .replace("&lt;", "<");
            let boxed = ["xMin", "yMin", "xMax", "yMax"].map(|n| attr(tag, n));
            (word, boxed)
        })
        .collect()
}

#[test]
fn every_field_lies_on_its_signature_line_inside_the_page() {
    if !tools(&["qpdf", "pdftoppm", "pdftotext"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    for rel in SIGNED {
        let pdf = built(true).join(rel);
        for f in fields(&qpdf_json(&pdf)) {
            let [left, bottom, right, top] = f.rect;
            let what = format!("{rel}, {} on page {}: {:?}", f.name, f.page, f.rect);
            // Inside the page and its side margins, and big enough to sign in.
            assert!(left >= SIDE - 1.0 && right <= PAGE_W - SIDE + 1.0, "{what}");
            assert!(bottom > 0.0 && top < PAGE_H, "{what}");
            assert!(right - left > 150.0 && top - bottom > 30.0, "{what}");

            let (w, _, pixels) = page_image(&pdf, f.page, dir.path());
            let ink = |x: usize, y: usize| pixels[y * w + x] < 160;
            let px = |pt: f64| (pt * 2.0).round() as usize;
            let (x0, x1) = (px(left) + 2, px(right) - 2);
            let line_y = px(PAGE_H - bottom);
            // The printed signature line runs along the bottom edge, over its full width.
            let covered = (line_y - 3..=line_y + 3)
                .map(|y| (x0..x1).filter(|&x| ink(x, y)).count())
                .max()
                .unwrap_or(0);
            assert!(
                covered * 100 >= (x1 - x0) * 97,
                "{what}: line covers {covered} of {} px",
                x1 - x0
            );
            // Above it, inside the field, only paper: the field covers no text.
            for y in px(PAGE_H - top) + 1..line_y - 4 {
                assert!(
                    (x0..x1).all(|x| !ink(x, y)),
                    "{what}: ink inside the field at row {y}"
                );
            }
            // Just below the line, at its left end, the signatory's name (or, for a
            // signatory without one, the function) is printed.
            let line_top = PAGE_H - bottom;
            let page_words = words(&pdf, f.page);
            let below: Vec<&str> = page_words
                .iter()
                .filter(|(_, b)| {
                    b[1] > line_top && b[1] < line_top + 16.0 && (b[0] - left).abs() < 2.0
                })
                .map(|(w, _)| w.as_str())
                .collect();
            let who = f
                .tooltip
                .strip_prefix("Handtekening van ")
                .and_then(|t| t.split_whitespace().next());
            assert_eq!(below.len(), 1, "{what}: words under the line: {below:?}");
            if let Some(first) = who {
                assert_eq!(below[0], first, "{what}: {}", f.tooltip);
            }
        }
    }
}

/// The rules of PDF/A-2 and PDF/UA-1 for the widgets, checked on the objects as qpdf reads
/// them (veraPDF, which checks them in full, cannot be installed offline here).
#[test]
fn every_widget_is_tagged_printable_and_has_an_appearance() {
    if !tools(&["qpdf"]) {
        return;
    }
    for rel in SIGNED {
        let json = qpdf_json(&built(true).join(rel));
        let trailer = &json["qpdf"][1]["trailer"]["value"];
        let catalog = object(&json, reference(&trailer["/Root"]).expect("root"));
        let form = &catalog["/AcroForm"];
        assert!(form.get("/NeedAppearances").is_none(), "{rel}: {form}");
        let fields = fields(&json);
        let listed: Vec<&str> = form["/Fields"]
            .as_array()
            .expect("fields")
            .iter()
            .filter_map(reference)
            .collect();
        let widgets: Vec<&str> = fields.iter().map(|f| f.object.as_str()).collect();
        assert_eq!(listed, widgets, "{rel}");

        let tree = object(
            &json,
            reference(&catalog["/StructTreeRoot"]).expect("structure"),
        );
        let parents = number_tree(&json, &tree["/ParentTree"]);
        let next = tree["/ParentTreeNextKey"].as_i64().expect("next key");
        assert!(parents.keys().all(|k| *k < next), "{rel}");

        for f in &fields {
            let what = format!("{rel}: {}", f.name);
            let w = object(&json, &f.object);
            assert_eq!(w["/Type"], "/Annot", "{what}");
            assert_eq!(w["/Subtype"], "/Widget", "{what}");
            assert_eq!(w["/FT"], "/Sig", "{what}");
            assert_eq!(text(&w["/TU"]), f.tooltip, "{what}");
            // Print set; Invisible, Hidden, NoView and ToggleNoView clear.
            let flags = w["/F"].as_i64().expect("flags");
            assert_eq!(flags & 4, 4, "{what}");
            assert_eq!(flags & (1 | 2 | 32 | 256), 0, "{what}");
            // An appearance stream, normal appearance only.
            let ap = w["/AP"].as_object().expect("appearance");
            assert_eq!(ap.keys().collect::<Vec<_>>(), ["/N"], "{what}");
            let n = object(&json, reference(&ap["/N"]).expect("stream"));
            assert_eq!(n["/Subtype"], "/Form", "{what}");
            assert!(n["/BBox"].is_array(), "{what}");
            // Its page lists it, in structure tab order.
            let page = reference(&w["/P"]).expect("page");
            let page_dict = object(&json, page);
            assert_eq!(page_dict["/Tabs"], "/S", "{what}");
            let annots = match &page_dict["/Annots"] {
                Value::String(r) => object(&json, r).clone(),
                v => v.clone(),
            };
            assert!(
                annots
                    .as_array()
                    .is_some_and(|a| a.iter().any(|r| r == &f.object[..])),
                "{what}"
            );

            // The parent tree leads from the widget to a Form element whose object
            // reference points back to the widget, and whose parent holds it.
            let key = w["/StructParent"].as_i64().expect("StructParent");
            let element_ref = reference(&parents[&key]).expect("element").to_string();
            let element = object(&json, &element_ref);
            assert_eq!(element["/S"], "/Form", "{what}");
            let objr = &element["/K"];
            assert_eq!(objr["/Type"], "/OBJR", "{what}: {objr}");
            assert_eq!(objr["/Obj"], f.object.as_str(), "{what}");
            let parent = object(&json, reference(&element["/P"]).expect("parent"));
            let kids = parent["/K"].as_array().expect("kids");
            let at = kids
                .iter()
                .position(|k| k == element_ref.as_str())
                .unwrap_or_else(|| panic!("{what}: not among its parent's kids"));
            // In reading order: just before the signatory's name, in the signatory's group.
            let next = object(&json, reference(&kids[at + 1]).expect("next element"));
            assert_eq!(next["/S"], "/P", "{what}");
        }
        // The Form elements come in signing order through the structure tree.
        let mut order = Vec::new();
        walk(&json, &tree["/K"], &mut order, 0);
        let widgets_in_order: Vec<String> = order
            .iter()
            .map(|e| {
                object(&json, e)["/K"]["/Obj"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        assert_eq!(widgets_in_order, widgets, "{rel}");
    }
}

/// The entries of a number tree (flat or with kids).
fn number_tree(json: &Value, node: &Value) -> BTreeMap<i64, Value> {
    let node = match reference(node) {
        Some(r) => object(json, r),
        None => node,
    };
    let mut out = BTreeMap::new();
    for pair in node["/Nums"]
        .as_array()
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .chunks(2)
    {
        out.insert(pair[0].as_i64().expect("key"), pair[1].clone());
    }
    for kid in node["/Kids"].as_array().into_iter().flatten() {
        out.extend(number_tree(json, kid));
    }
    out
}

/// The `Form` structure elements under `node`, depth first (the reading order).
fn walk(json: &Value, node: &Value, out: &mut Vec<String>, depth: usize) {
    assert!(depth < 64, "structure tree too deep");
    match node {
        Value::Array(kids) => kids.iter().for_each(|k| walk(json, k, out, depth + 1)),
        Value::String(_) => {
            if let Some(r) = reference(node) {
                let element = object(json, r);
                if element["/S"] == "/Form" {
                    out.push(r.to_string());
                }
                walk(json, &element["/K"], out, depth + 1);
            }
        }
        _ => {}
    }
}

/// Builds the PDFs of `fx` (library pipeline) and returns the regional agreement's bytes.
fn agreement_of(fx: &Project, opts: BuildOptions) -> Vec<u8> {
    let dir = fx.write();
    let uit = dir.path().join("uitvoer");
    let opts = BuildOptions {
        formats: Formats {
            pdf: true,
            docx: false,
            xlsx: false,
        },
        concept: true,
        ..opts
    };
    let mut r = build(
        &Engine::new(),
        &[Target::new(dir.path(), &uit)],
        &opts,
        &|_| {},
    );
    let report = r.remove(0).unwrap_or_else(|e| panic!("build failed: {e}"));
    assert!(report.geweigerd.is_empty(), "{:?}", report.geweigerd);
    std::fs::read(uit.join("regio/samenwerkingsovereenkomst.pdf")).expect("agreement")
}

fn has_signature_fields(pdf: &[u8]) -> bool {
    let has = |needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
    let (form, sig) = (has(b"/AcroForm"), has(b"/FT/Sig") || has(b"/FT /Sig"));
    assert_eq!(
        form, sig,
        "an AcroForm without signature fields, or the other way round"
    );
    form
}

#[test]
fn the_workbook_or_the_command_line_leaves_the_fields_out() {
    let mut fx = Project::valid();
    // Without the field (a workbook from before): fields.
    assert!(has_signature_fields(&agreement_of(
        &fx,
        BuildOptions::default()
    )));
    // `--zonder-handtekenvelden`: none.
    let off = BuildOptions {
        zonder_handtekenvelden: true,
        ..BuildOptions::default()
    };
    assert!(!has_signature_fields(&agreement_of(&fx, off)));
    // Regio › Handtekenvelden: `nee` leaves them out, `ja` and empty keep them.
    fx.sheet("Regio")
        .push(vec!["Handtekenvelden".into(), "nee".into()]);
    let without = agreement_of(&fx, BuildOptions::default());
    assert!(!has_signature_fields(&without));
    fx.sheet("Regio").set_field("Handtekenvelden", "ja");
    let with = agreement_of(&fx, BuildOptions::default());
    assert!(has_signature_fields(&with));
    fx.sheet("Regio").set_field("Handtekenvelden", V::E);
    assert_eq!(agreement_of(&fx, BuildOptions::default()), with);
}

#[test]
fn a_bad_handtekenvelden_value_names_its_cell() {
    let mut fx = Project::valid();
    let regio = fx.sheet("Regio");
    regio.push(vec!["Handtekenvelden".into(), "misschien".into()]);
    let row = regio.rows.len();
    let diagnostics = fx.diagnostics();
    let found = diagnostics
        .iter()
        .find(|d| d.code.as_str() == "F15")
        .unwrap_or_else(|| panic!("no F15: {diagnostics:?}"));
    assert!(found.is_error());
    let at = found.location.as_ref().map(|l| l.to_string());
    assert_eq!(at, Some(format!("stakeholders.xlsx: Regio!B{row}")));
    assert_eq!(found.message, "‘misschien’ is geen ja/nee-waarde.");
}

/// A theme a project copied from an earlier version marks no signature lines: the PDF is
/// written as before, without fields, and says why.
#[test]
fn a_theme_without_marks_gives_a_pdf_without_fields_and_a_warning() {
    let theme = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/thema-vorige-versie.typ"),
    )
    .expect("fixture");
    let doc = crate::docx::sample_document();
    let old = PdfEngine::new(theme)
        .expect("engine")
        .render(&doc)
        .expect("pdf");
    assert!(!has_signature_fields(&old.pdf));
    let warnings: Vec<String> = old.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        [
            "waarschuwing: geen handtekenvelden: het thema markeert de handtekeningregel van \
          gemeente-ede-wethouder niet (het label <regiodocs-handtekenveld> ontbreekt)"
        ]
    );
    let new = PdfEngine::new(DEFAULT_THEME)
        .expect("engine")
        .render(&doc)
        .expect("pdf");
    assert!(new.warnings.is_empty(), "{:?}", new.warnings);
    assert!(has_signature_fields(&new.pdf));
}
