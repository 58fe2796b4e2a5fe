//! Both exporters against real clients: the Foodvalley example built by the real binary,
//! read back with poppler (`pdftotext`, `pdfinfo`), `qpdf` and LibreOffice.
//!
//! The central check: for every document kind, the text of the PDF equals the text of the
//! DOCX, apart from page furniture. What counts as furniture, and is excluded:
//!
//! - everything in the top and bottom page margins of the PDF (the CONCEPT mark in the
//!   header; the footer with title, version, `pagina X van Y` and the paraaf box), cut
//!   away with `pdftotext`'s crop box; in the DOCX these live in `header1.xml` and
//!   `footer1.xml`, not in `document.xml`;
//! - table header rows that the PDF repeats at the top of a continuation page (the DOCX
//!   marks them `w:tblHeader` and holds them once);
//! - white space, and the soft hyphens where Typst hyphenates (`pdftotext` cannot tell
//!   word spacing from justification reliably, so all white space is removed on both sides).
//!
//! The diagonal CONCEPT watermark is drawn as outlines, not text, so it needs no exclusion.
//! List markers are part of the text: the DOCX text gets `•` and `1.` from its numbering.
//! Charts: the PDF draws bars (no text) with a data table, the DOCX prints the same table,
//! so chart text is compared like all other text.
//!
//! Tests that need `pdftotext`, `pdfinfo`, `qpdf` or `soffice` print a notice and skip when
//! the tool is missing.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use regiodocs::ir::{Align, Block, Chart, ChartUnit, Column, Document, Inline, Table};
use regiodocs::render::docx;
use regiodocs::render::pdf::{Conformance, DEFAULT_THEME, PdfEngine};
use rust_decimal::Decimal;

use crate::docx::{HOSTILE, part_text, sample_document};
use crate::util::{have, zip_entry};

/// True (after printing a notice) when one of `tools` is missing.
fn missing(tools: &[&str]) -> bool {
    for t in tools {
        if !have(t) {
            eprintln!("NOTE: {t} not installed; skipping this check");
            return true;
        }
    }
    false
}

/// The Foodvalley example, built once per test run by the real binary (PDF and DOCX). The
/// example's status is `concept`, so every document carries the CONCEPT mark.
pub(crate) fn example() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = std::env::temp_dir().join(format!("regiodocs-render-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        // REGIODOCS_RENDER_PROJECT checks another project folder the same way.
        let input = std::env::var_os("REGIODOCS_RENDER_PROJECT")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/foodvalley"));
        let run = Command::new(env!("CARGO_BIN_EXE_regiodocs"))
            .arg("build")
            .arg(&input)
            .arg("--uit")
            .arg(&out)
            .args(["--concept", "--formaat", "pdf,docx"])
            .output()
            .expect("run regiodocs");
        assert!(
            run.status.success(),
            "build failed: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        out
    })
}

/// Every document kind: the regional documents and those of one municipality (Ede).
fn documents() -> Vec<PathBuf> {
    let out = example();
    let mut stems = Vec::new();
    for dir in [out.join("regio"), out.join("gemeenten/GM0228-ede")] {
        let mut pdfs: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
            .map(|p| p.with_extension(""))
            .collect();
        pdfs.sort();
        stems.extend(pdfs);
    }
    assert!(stems.len() >= 8, "expected 8 documents, got {stems:?}");
    stems
}

fn with_ext(stem: &Path, ext: &str) -> PathBuf {
    stem.with_extension(ext)
}

fn pdfinfo(pdf: &Path, extra: &[&str]) -> String {
    let out = Command::new("pdfinfo")
        .args(extra)
        .arg(pdf)
        .output()
        .expect("pdfinfo");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn page_count(pdf: &Path) -> usize {
    pdfinfo(pdf, &[])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

/// A4 height and the theme's margins, in points (templates/theme.typ: top 2.6 cm, bottom
/// 2.8 cm, or 3.4 cm with the paraaf box).
const PAGE_H: f64 = 841.89;
const TOP: f64 = 2.6 / 2.54 * 72.0;
const BOTTOM: f64 = 2.8 / 2.54 * 72.0;
const BOTTOM_PARAAF: f64 = 3.4 / 2.54 * 72.0;

/// The text of one page in content order; `body` crops it to the text area (without the
/// header and footer margins).
fn page_text(pdf: &Path, page: usize, body: Option<bool>) -> String {
    let mut cmd = Command::new("pdftotext");
    cmd.arg("-raw")
        .args(["-f", &page.to_string(), "-l", &page.to_string()]);
    if let Some(paraaf) = body {
        let bottom = if paraaf { BOTTOM_PARAAF } else { BOTTOM };
        // 8 pt of slack on both sides for ascenders and descenders of the first and last
        // line; the header and footer sit well inside the margins.
        let y = (TOP - 8.0).floor() as i64;
        let h = (PAGE_H - bottom - TOP + 16.0).ceil() as i64;
        cmd.args([
            "-x",
            "0",
            "-y",
            &y.to_string(),
            "-W",
            "600",
            "-H",
            &h.to_string(),
        ]);
    }
    let out = cmd.arg(pdf).arg("-").output().expect("pdftotext");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Removes white space and soft hyphens.
fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{AD}')
        .collect()
}

fn read_docx(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The body text of a DOCX with list markers as Word shows them (`•` for the bullet
/// numbering, `1.`, `2.` … for every other numbering), plus the text of the header rows
/// of its tables.
fn docx_body(docx: &[u8]) -> (String, Vec<String>) {
    let xml = zip_entry(docx, "word/document.xml");
    let mut out = String::new();
    let mut counters: std::collections::BTreeMap<String, usize> = Default::default();
    for para in xml.split("<w:p ").skip(1) {
        let end = para.find("</w:p>").unwrap_or(para.len());
        let para = &para[..end];
        if let Some(i) = para.find("<w:numId w:val=\"") {
            let rest = &para[i + 16..];
            let id = &rest[..rest.find('"').unwrap_or(0)];
            if id == "2" {
                out.push_str("• ");
            } else {
                let n = counters.entry(id.to_string()).or_default();
                *n += 1;
                out.push_str(&format!("{n}. "));
            }
        }
        out.push_str(&part_text(&format!("<w:p {para}</w:p>")));
    }
    let headers = xml
        .split("<w:tr>")
        .chain(xml.split("<w:tr "))
        .filter(|row| {
            let row = &row[..row.find("</w:tr>").unwrap_or(row.len())];
            row.contains("<w:tblHeader />")
        })
        .map(|row| squeeze(&part_text(&row[..row.find("</w:tr>").unwrap_or(row.len())])))
        .filter(|h| !h.is_empty())
        .collect();
    (out, headers)
}

/// The body text of a PDF: pages cropped to the text area, with table headers that are
/// repeated at the top of a continuation page removed.
fn pdf_body(pdf: &Path, headers: &[String]) -> String {
    let mut text = String::new();
    for page in 1..=page_count(pdf) {
        let paraaf = page_text(pdf, page, None).contains("Paraaf");
        let mut body = squeeze(&page_text(pdf, page, Some(paraaf)));
        if page > 1
            && let Some(h) = headers
                .iter()
                .filter(|h| body.starts_with(h.as_str()) && text.contains(h.as_str()))
                .max_by_key(|h| h.len())
        {
            body = body[h.len()..].to_string();
        }
        text.push_str(&body);
    }
    text
}

fn first_difference(a: &str, b: &str) -> String {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let i = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let ctx = |v: &[char]| -> String {
        v[i.saturating_sub(60)..(i + 60).min(v.len())]
            .iter()
            .collect()
    };
    format!("at char {i}:\n  PDF:  {}\n  DOCX: {}", ctx(&a), ctx(&b))
}

#[test]
fn pdf_text_equals_docx_text_for_every_document_kind() {
    if missing(&["pdftotext", "pdfinfo"]) {
        return;
    }
    for stem in documents() {
        let (docx_text, headers) = docx_body(&read_docx(&with_ext(&stem, "docx")));
        let pdf_text = pdf_body(&with_ext(&stem, "pdf"), &headers);
        let docx_text = squeeze(&docx_text);
        assert!(pdf_text.len() > 500, "{}: almost no text", stem.display());
        assert!(
            pdf_text == docx_text,
            "{}: PDF and DOCX text differ {}",
            stem.display(),
            first_difference(&pdf_text, &docx_text)
        );
    }
}

#[test]
fn key_values_appear_in_both_formats() {
    if missing(&["pdftotext"]) {
        return;
    }
    let out = example();
    let checks: &[(&str, &[&str])] = &[
        (
            "regio/samenwerkingsovereenkomst",
            &[
                "Artikel 1",
                "Regio Foodvalley",
                "Gemeente Ede",
                "Plaats:",
                "Datum:",
            ],
        ),
        (
            "regio/begroting",
            &[
                "Kosten per jaar, incidenteel en structureel",
                "Dekking per financieringsbron",
                "Incidenteel",
                "Structureel",
                "€ 46.600,00",
            ],
        ),
        ("regio/regionaal-plan", &["Regio Foodvalley"]),
        ("gemeenten/GM0228-ede/plan", &["Ede"]),
    ];
    for (stem, needles) in checks {
        let stem = out.join(stem);
        let pdf = Command::new("pdftotext")
            .arg(with_ext(&stem, "pdf"))
            .arg("-")
            .output()
            .expect("pdftotext");
        let pdf = squeeze(&String::from_utf8_lossy(&pdf.stdout));
        let docx = squeeze(&docx_body(&read_docx(&with_ext(&stem, "docx"))).0);
        for n in *needles {
            assert!(
                pdf.contains(&squeeze(n)),
                "{}: PDF lacks {n:?}",
                stem.display()
            );
            assert!(
                docx.contains(&squeeze(n)),
                "{}: DOCX lacks {n:?}",
                stem.display()
            );
        }
    }
}

#[test]
fn concept_mark_on_every_page_and_paraaf_box_on_every_agreement_page() {
    if missing(&["pdftotext", "pdfinfo"]) {
        return;
    }
    for stem in documents() {
        let pdf = with_ext(&stem, "pdf");
        let agreement = stem.ends_with("samenwerkingsovereenkomst");
        let pages = page_count(&pdf);
        assert!(pages >= 1);
        for page in 1..=pages {
            // Letter-spaced marks come out as `C O N C E P T`.
            let text = squeeze(&page_text(&pdf, page, None));
            assert!(
                text.contains("CONCEPT"),
                "{} page {page}: no CONCEPT mark",
                pdf.display()
            );
            assert_eq!(
                text.contains("Paraaf"),
                agreement,
                "{} page {page}: paraaf box present = {}",
                pdf.display(),
                text.contains("Paraaf")
            );
            assert!(
                text.contains(&format!("pagina{page}van{pages}")),
                "{} page {page}: no page number",
                pdf.display()
            );
        }
        let docx = read_docx(&with_ext(&stem, "docx"));
        assert!(part_text(&zip_entry(&docx, "word/header1.xml")).contains("CONCEPT"));
        let footer = zip_entry(&docx, "word/footer1.xml");
        assert_eq!(part_text(&footer).contains("Paraaf"), agreement);
        assert!(footer.contains("PAGE") && footer.contains("NUMPAGES"));
        assert!(part_text(&footer).contains("versie "));
    }
}

#[test]
fn pdfs_are_tagged_pdfa2a_ua1_and_pass_qpdf() {
    if missing(&["pdfinfo", "qpdf"]) {
        return;
    }
    for stem in documents() {
        let pdf = with_ext(&stem, "pdf");
        let info = pdfinfo(&pdf, &[]);
        assert!(
            info.lines()
                .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
            "{}: not tagged",
            pdf.display()
        );
        assert!(info.contains("Kind naar Gezonder Gewicht"), "title: {info}");
        let meta = pdfinfo(&pdf, &["-meta"]);
        for needle in [
            "<pdfaid:part>2</pdfaid:part>",
            "<pdfaid:conformance>A</pdfaid:conformance>",
            "<pdfuaid:part>1</pdfuaid:part>",
            "<rdf:li>nl-NL</rdf:li>",
            "<dc:creator>",
        ] {
            assert!(meta.contains(needle), "{}: no {needle}", pdf.display());
        }
        let check = Command::new("qpdf")
            .arg("--check")
            .arg(&pdf)
            .output()
            .expect("qpdf");
        assert!(
            check.status.success(),
            "{}: qpdf --check: {}",
            pdf.display(),
            String::from_utf8_lossy(&check.stdout)
        );
    }
}

#[test]
fn libreoffice_converts_every_docx() {
    if missing(&["soffice", "pdftotext"]) {
        return;
    }
    let dir = std::env::temp_dir().join(format!("regiodocs-render-lo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tmp");
    let mut inputs = Vec::new();
    for (i, stem) in documents().iter().enumerate() {
        let to = dir.join(format!("d{i}.docx"));
        std::fs::copy(with_ext(stem, "docx"), &to).expect("copy");
        inputs.push(to);
    }
    // One soffice call for all files (startup dominates).
    let run = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profiel").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .args(&inputs)
        .output()
        .expect("soffice");
    assert!(run.status.success(), "soffice: {run:?}");
    for input in &inputs {
        let pdf = input.with_extension("pdf");
        assert!(pdf.exists(), "LibreOffice wrote no {}", pdf.display());
        let text = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext");
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(
            text.contains("pagina 1 van"),
            "{}: no page field",
            pdf.display()
        );
        assert!(text.contains("CONCEPT"), "{}: no CONCEPT", pdf.display());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn engine() -> &'static PdfEngine {
    static ENGINE: OnceLock<PdfEngine> = OnceLock::new();
    ENGINE.get_or_init(|| PdfEngine::new(DEFAULT_THEME).expect("engine"))
}

/// A document with charts, so determinism and hostile text cover them too.
fn chart_document() -> Document {
    let mut doc = sample_document();
    let d = |s: &str| s.parse::<Decimal>().expect("decimal");
    doc.blocks.push(Block::Chart(Chart::new(
        "Kosten per jaar",
        "Kosten",
        vec!["2027".into(), "2028".into()],
        vec![
            ("Incidenteel".into(), vec![d("1200.50"), d("0")]),
            ("Structureel".into(), vec![d("3000"), d("3075")]),
        ],
        true,
        false,
        ChartUnit::Euro,
    )));
    doc
}

#[test]
fn two_renders_are_byte_identical() {
    let doc = chart_document();
    let a = engine().render(&doc).expect("pdf");
    assert_eq!(a.conformance, Conformance::PdfA2aUa1, "{:?}", a.warnings);
    let fresh = PdfEngine::new(DEFAULT_THEME).expect("engine");
    let b = fresh.render(&doc).expect("pdf");
    assert!(a.pdf == b.pdf, "two PDF renders differ");
    assert!(
        docx::render(&doc).expect("docx") == docx::render(&doc).expect("docx"),
        "two DOCX renders differ"
    );
}

/// Puts `value` in a paragraph, a heading, a table cell, a chart category and a signatory.
fn with_value(value: &str) -> Document {
    let mut doc = sample_document();
    doc.meta.concept = false;
    doc.blocks.truncate(3);
    doc.blocks.push(Block::Paragraph {
        content: vec![Inline::text(format!("Begin {value} eind"))],
    });
    doc.blocks.push(Block::Heading {
        level: 2,
        number: Some("1.1".into()),
        text: value.into(),
        id: None,
    });
    doc.blocks.push(Block::Chart(Chart::new(
        value,
        "",
        vec![value.into()],
        vec![(value.into(), vec![Decimal::ONE])],
        false,
        true,
        ChartUnit::Euro,
    )));
    doc
}

/// The right edge of the text area of an A4 page with the theme's 2.6 cm margins, in pt.
const TEXT_RIGHT: f64 = 595.28 - 2.6 / 2.54 * 72.0;

#[test]
fn long_words_and_wide_amounts_stay_inside_the_text_area() {
    if missing(&["pdftotext"]) {
        return;
    }
    // A "word" of 150 characters (a long URL) in a paragraph and in a table cell, and
    // amount columns wide enough to squeeze the text column.
    let word: String = (0..150)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let mut doc = sample_document();
    doc.meta.concept = false;
    doc.blocks.truncate(1);
    doc.blocks.push(Block::Paragraph {
        content: vec![Inline::text(format!(
            "Zie https://voorbeeld.nl/{word} voor meer."
        ))],
    });
    let amount = || vec![Inline::text("€ 12.345.678,90")];
    doc.blocks.push(Block::Table(Table {
        caption: None,
        columns: vec![
            Column {
                header: "Kostenpost".into(),
                align: Align::Left,
                width: 3,
            },
            Column {
                header: "2027".into(),
                align: Align::Right,
                width: 1,
            },
            Column {
                header: "2028".into(),
                align: Align::Right,
                width: 1,
            },
            Column {
                header: "Totaal".into(),
                align: Align::Right,
                width: 1,
            },
        ],
        rows: vec![vec![
            vec![Inline::text(word.clone())],
            amount(),
            amount(),
            amount(),
        ]],
        total: Some(vec![
            vec![Inline::text("Totaal")],
            amount(),
            amount(),
            amount(),
        ]),
    }));
    let out = engine().render(&doc).expect("pdf");
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = dir.path().join("lang.pdf");
    std::fs::write(&pdf, &out.pdf).expect("write");
    let html = dir.path().join("lang.html");
    let status = Command::new("pdftotext")
        .arg("-bbox")
        .arg(&pdf)
        .arg(&html)
        .status()
        .expect("pdftotext");
    assert!(status.success());
    let html = std::fs::read_to_string(&html).expect("bbox");
    let mut words = 0;
    for line in html.lines().filter(|l| l.trim_start().starts_with("<word")) {
        let x_max: f64 = line
            .split("xMax=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .expect("xMax");
        assert!(
            x_max <= TEXT_RIGHT + 1.0,
            "runs off the text area ({x_max} pt): {line}"
        );
        words += 1;
    }
    assert!(words > 10, "no words found:\n{html}");
    // Broken over lines, the long word is all there, in both places.
    let text: String = pdf_text_of(&pdf)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{200B}')
        .collect();
    assert_eq!(text.matches(word.as_str()).count(), 2, "{text}");
    assert_eq!(text.matches("€12.345.678,90").count(), 6, "{text}");
}

/// A theme that a project copied into `templates/` with an earlier version (which reads
/// the IR as it is) still prints every text.
#[test]
fn a_theme_from_the_previous_version_still_renders_everything() {
    if missing(&["pdftotext"]) {
        return;
    }
    let theme = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/thema-vorige-versie.typ"),
    )
    .expect("fixture");
    let doc = sample_document();
    let old = PdfEngine::new(theme)
        .expect("engine")
        .render(&doc)
        .expect("pdf");
    let new = engine().render(&doc).expect("pdf");
    let dir = tempfile::tempdir().expect("tempdir");
    let text = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        squeeze(&pdf_text_of(&path))
    };
    let (old, new) = (text("oud.pdf", &old.pdf), text("nieuw.pdf", &new.pdf));
    assert!(old.contains(&squeeze("Regio Foodvalley")), "{old}");
    assert_eq!(old, new, "{}", first_difference(&old, &new));
}

fn pdf_text_of(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn hostile_values_appear_literally_and_change_nothing_else() {
    if missing(&["pdftotext"]) {
        return;
    }
    let dir = std::env::temp_dir().join(format!("regiodocs-render-h-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let text_of = |doc: &Document, name: &str| -> (String, String) {
        let r = engine().render(doc).expect("hostile IR renders");
        assert_eq!(
            r.conformance,
            Conformance::PdfA2aUa1,
            "{name}: {:?}",
            r.warnings
        );
        let path = dir.join(format!("{name}.pdf"));
        std::fs::write(&path, &r.pdf).expect("write");
        let pdf: String = (1..=page_count(&path))
            .map(|p| page_text(&path, p, Some(true)))
            .collect();
        let docx = docx_body(&docx::render(doc).expect("docx")).0;
        (squeeze(&pdf), squeeze(&docx))
    };
    let placeholder = "XQXQX";
    let (pdf0, docx0) = text_of(&with_value(placeholder), "leeg");
    assert_eq!(pdf0.matches(placeholder).count(), 5, "{pdf0}");
    for (i, h) in HOSTILE.iter().enumerate() {
        let (pdf, docx) = text_of(&with_value(h), &format!("h{i}"));
        // The RTL mark is invisible: pdftotext drops it, Word keeps it. No embedded font
        // has emoji: the PDF shows U+25A1 (with a warning, see render::pdf), the DOCX
        // keeps the character for Word's own font fallback.
        let in_pdf: String = h
            .chars()
            .filter(|c| *c != '\u{200F}')
            .map(|c| {
                if u32::from(c) >= 0x1F000 {
                    '\u{25A1}'
                } else {
                    c
                }
            })
            .collect();
        let pdf_expected = pdf0.replace(placeholder, &squeeze(&in_pdf));
        assert!(
            pdf == pdf_expected,
            "PDF with {h:?}: {}",
            first_difference(&pdf, &pdf_expected)
        );
        let docx_expected = docx0.replace(placeholder, &squeeze(h));
        assert_eq!(docx, docx_expected, "DOCX with {h:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Warm render times of a ten-page plan-like document (run with `--ignored --nocapture`).
#[test]
#[ignore]
fn timing_warm_render() {
    let mut doc = chart_document();
    let body = doc.blocks.clone();
    for _ in 0..2 {
        doc.blocks.extend(body.iter().skip(1).cloned());
    }
    let first = engine().render(&doc).expect("pdf");
    let mut times = Vec::new();
    for i in 0..7 {
        doc.meta.version = format!("1.{i}");
        let t = std::time::Instant::now();
        engine().render(&doc).expect("pdf");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let path = std::env::temp_dir().join("regiodocs-timing.pdf");
    std::fs::write(&path, &first.pdf).expect("write");
    println!(
        "warm render: median {:.1} ms, min {:.1} ms ({} bytes, {})",
        times[3],
        times[0],
        first.pdf.len(),
        path.display()
    );
}
