//! Every table fits its page: the layout check ([`crate::pagecheck`]) over every PDF the
//! suite makes and over every DOCX as LibreOffice renders it, plus what the layout decides
//! (widths shared by both formats, a landscape page with a warning, Dutch hyphenation, the
//! complete totals row of *Kosten per gemeente*).
//!
//! The documents checked:
//!
//! - the Foodvalley example, built by the real binary (every document of the region and of
//!   every municipality; the build `tests/it/render.rs` shares);
//! - a synthetic region ([`synthetic`]): the municipalities with the longest names in the
//!   embedded CBS list, a Dutch compound of 30 or more letters in every free-text column,
//!   row codes such as `K-CZV-GM0503`, large amounts and a budget of ten years (a cost table
//!   of twelve columns, which fits only on a landscape page);
//! - the small fixture project the build tests use;
//! - the hand-made documents of the render tests (every block kind, hostile text, a
//!   150-letter word, charts).
//!
//! The DOCX files of all of them go to LibreOffice in one batched call ([`libreoffice`]).

use std::cmp::Reverse;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use regiodocs::ir::{Align, Block, Column, Document, Inline, Table};
use regiodocs::layout::style::STYLE;
use regiodocs::layout::{self, lay_out};
use regiodocs::render::docx;
use regiodocs::render::pdf::{DEFAULT_THEME, PdfEngine};

use crate::fixtures::{Project, V};
use crate::pagecheck::{Report, check_pdf, tools};
use crate::util::zip_entry;

/// Dutch compounds of 30 letters or more, for every free-text column.
const COMPOUNDS: [&str; 8] = [
    "Portefeuillehoudersoverlegvergadering",
    "jeugdgezondheidszorgorganisaties",
    "gezondheidsbevorderingsprogramma",
    "overgewichtpreventiesamenwerkingsverband",
    "subsidieaanvraagbeoordelingscommissie",
    "wijkgezondheidsteamcoördinatiewerkzaamheden",
    "Gezondheidsbevorderingssubsidieregeling",
    "kinderopvangtoeslagherstelorganisatie",
];

/// The participating municipalities of the synthetic region: the six longest names of the
/// CBS list and the one with the longest single word.
fn long_names() -> Vec<&'static regiodocs::cbs::CbsGemeente> {
    let all = regiodocs::cbs::all();
    let mut by_length: Vec<_> = all.iter().collect();
    by_length.sort_by_key(|g| (Reverse(g.naam.chars().count()), g.code.clone()));
    let mut picks: Vec<_> = by_length.into_iter().take(6).collect();
    let longest_word = all
        .iter()
        .max_by_key(|g| {
            g.naam
                .split([' ', '-'])
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0)
        })
        .expect("a municipality");
    if !picks.contains(&longest_word) {
        picks.push(longest_word);
    }
    picks
}

/// The synthetic region (see the module documentation), as workbooks.
pub fn synthetic() -> Project {
    let mut p = Project::valid();
    let names = long_names();
    let (a, b, c) = (names[0], names[1], names[2]);
    // The fixture's Ede, Veenendaal and Rhenen become the three longest names.
    let swaps = [
        ("GM0228", a.code.as_str()),
        ("GM0345", b.code.as_str()),
        ("GM0340", c.code.as_str()),
        ("Veenendaal", b.naam.as_str()),
        ("Rhenen", c.naam.as_str()),
        ("Ede", a.naam.as_str()),
    ];
    for book in [&mut p.stakeholders, &mut p.financien] {
        for sheet in &mut book.sheets {
            for row in &mut sheet.rows {
                for cell in row.iter_mut() {
                    if let V::T(t) = cell {
                        for (from, to) in swaps {
                            if t == from || t.split(' ').any(|w| w == from) {
                                *t = t.replace(from, to);
                            }
                        }
                    }
                }
            }
        }
    }
    let g = p.sheet("Gemeenten");
    g.set("Deelname", 3, "deelnemend");
    for n in &names[3..] {
        g.push(vec![
            V::from(n.code.as_str()),
            V::from(n.naam.as_str()),
            "deelnemend".into(),
            V::E,
            V::E,
            "ja".into(),
            "wijkgericht".into(),
            V::from(COMPOUNDS[5]),
        ]);
    }
    let c = COMPOUNDS;
    p.sheet("Organisaties")
        .set("Naam", 3, format!("GGD {} en {}", c[1], c[7]).as_str());
    p.sheet("Personen")
        .set("Functie", 1, format!("wethouder {}", c[2]).as_str())
        .set(
            "Grondslag bevoegdheid",
            1,
            format!("Mandaatbesluit {}", c[4]).as_str(),
        );
    p.sheet("Partijen")
        .set(
            "Verantwoordelijkheden",
            1,
            format!("beleid\n{}", c[3]).as_str(),
        )
        .set("Bijdrage", 1, format!("uren voor het {}", c[2]).as_str())
        .set("Bijdrage", 2, c[5])
        .set("Bijdrage", 3, format!("werkplek en {}", c[1]).as_str());
    p.sheet("Mijlpalen")
        .set(
            "Omschrijving",
            1,
            format!("Besluit in de {} over voortzetting", c[0]).as_str(),
        )
        .set(
            "Criteria",
            1,
            format!("projectleiders aangesteld; {} vastgesteld", c[2]).as_str(),
        )
        .set("Besluitvormer", 1, c[0]);
    p.sheet("Doelen")
        .set(
            "Doel",
            1,
            format!("Meer kinderen begeleid door het {}", c[3]).as_str(),
        )
        .set(
            "Indicator",
            1,
            format!("aantal verwijzingen door {}", c[1]).as_str(),
        );
    p.sheet("Risicos")
        .set("Omschrijving", 1, format!("De {} stopt", c[6]).as_str())
        .set(
            "Maatregel",
            1,
            format!("structurele dekking via het {}", c[3]).as_str(),
        );
    p.sheet("Overleggen").set(
        "Taak",
        1,
        format!("besluiten over adviezen van de {}", c[4]).as_str(),
    );
    p.sheet("Teksten").set(
        "Tekst",
        1,
        format!("Samen met alle {} zorgen we voor gezonde kinderen.", c[1]).as_str(),
    );
    let rv = p.sheet("Randvoorwaarden");
    for row in 1..rv.rows.len() {
        rv.set(
            "Toelichting",
            row,
            format!("geregeld in het {}", c[3]).as_str(),
        );
    }
    p.sheet("Financieringsbronnen").set("Naam", 1, c[6]).set(
        "Naam",
        2,
        format!("SPUK GALA {}", c[2]).as_str(),
    );

    // Ten years, large amounts, row codes with hyphens.
    let years: Vec<f64> = (2027..2037).map(f64::from).collect();
    p.sheet("Regio").set_field("Einddatum", V::D(2036, 12, 31));
    p.sheet("Parameters").set_field("Aantal jaren", V::N(10.0));
    let k = p.sheet("Kostenregels");
    let code = a.code.as_str();
    k.set("Regel-ID", 1, format!("K-CZV-{code}").as_str())
        .set("Regel-ID", 2, format!("K-SCH-{code}").as_str())
        .set("Kostenpost", 1, c[5])
        .set("Omschrijving", 1, format!("Inzet van de {}", c[1]).as_str())
        .set("Toelichting", 1, c[2])
        .set("Tarief", 1, V::N(98.75))
        .set("2028", 1, V::N(15_000.0))
        .set("2027", 1, V::N(12_345.0));
    for y in &years[2..] {
        k.add_column(&format!("{y}"), vec![V::N(14_321.0), V::E]);
    }
    rename_years(k);
    let d = p.sheet("Dekking");
    d.set("Regel-ID", 1, format!("K-CZV-{code}").as_str()).set(
        "Regel-ID",
        2,
        format!("K-SCH-{code}").as_str(),
    );
    for y in &years[2..] {
        d.add_column(&format!("{y}"), vec![V::E, V::E]);
    }
    rename_years(d);
    p
}

/// Year headers written as text by `add_column` become numbers, as Excel writes them.
fn rename_years(sheet: &mut crate::fixtures::Sheet) {
    for cell in sheet.rows[0].iter_mut() {
        if let V::T(t) = cell
            && let Ok(y) = t.parse::<f64>()
        {
            *cell = V::N(y);
        }
    }
}

/// Runs `regiodocs build` on a project folder as a concept, PDF and DOCX; returns the
/// output folder and the run report (JSON).
fn build(map: &Path, uit: &Path) -> serde_json::Value {
    let run = Command::new(env!("CARGO_BIN_EXE_regiodocs"))
        .arg("build")
        .arg(map)
        .arg("--uit")
        .arg(uit)
        .args(["--concept", "--formaat", "pdf,docx", "--format", "json"])
        .output()
        .expect("run regiodocs");
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON report ({e}): {}",
            String::from_utf8_lossy(&run.stderr)
        )
    });
    assert!(
        report[0]["geweigerd"].as_array().is_some_and(Vec::is_empty),
        "refused: {report}"
    );
    report
}

/// The corpus: every PDF and DOCX the suite's documents give, built once per run.
struct Corpus {
    dir: PathBuf,
    /// The run report of the synthetic region.
    synthetic_report: serde_json::Value,
}

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("regiodocs-layout-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("tmp");
        let input = dir.join("synthetisch-invoer");
        std::fs::create_dir_all(&input).expect("tmp");
        synthetic().write_to(&input);
        let synthetic_report = build(&input, &dir.join("synthetisch"));
        let fixture = dir.join("fixture-invoer");
        std::fs::create_dir_all(&fixture).expect("tmp");
        Project::valid().write_to(&fixture);
        build(&fixture, &dir.join("fixture"));
        let samples = dir.join("voorbeelden");
        std::fs::create_dir_all(&samples).expect("tmp");
        let engine = PdfEngine::new(DEFAULT_THEME).expect("engine");
        for (name, doc) in crate::render::sample_documents() {
            let laid = lay_out(&doc);
            let pdf = engine.render(&laid).expect("pdf");
            std::fs::write(samples.join(format!("{name}.pdf")), pdf.pdf).expect("write");
            let docx = docx::render(&laid).expect("docx");
            std::fs::write(samples.join(format!("{name}.docx")), docx).expect("write");
        }
        Corpus {
            dir,
            synthetic_report,
        }
    })
}

/// Every file with extension `ext` of the corpus and the example build, sorted.
fn files(ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for root in [corpus().dir.as_path(), crate::render::example()] {
        for (rel, _) in crate::util::files(root) {
            let p = root.join(&rel);
            if p.extension().is_some_and(|e| e == ext) && !rel.contains("libreoffice/") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Every DOCX of the corpus as LibreOffice renders it to PDF, in one `soffice` call
/// (startup dominates: about a second, then a tenth of a second per file). `None` when
/// LibreOffice is missing (and `CI` is not set).
pub fn libreoffice() -> Option<&'static [(PathBuf, PathBuf)]> {
    static PDFS: OnceLock<Option<Vec<(PathBuf, PathBuf)>>> = OnceLock::new();
    PDFS.get_or_init(|| {
        if !tools(&["soffice"]) {
            return None;
        }
        let out = corpus().dir.join("libreoffice");
        std::fs::create_dir_all(&out).expect("tmp");
        // Unique names: the same stem appears in many folders.
        let mut inputs = Vec::new();
        for (i, docx) in files("docx").into_iter().enumerate() {
            let to = out.join(format!("d{i:03}.docx"));
            std::fs::copy(&docx, &to).expect("copy");
            inputs.push((docx, to));
        }
        let run = Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                out.join("profiel").display()
            ))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&out)
            .args(inputs.iter().map(|(_, to)| to))
            .output()
            .expect("soffice");
        assert!(run.status.success(), "soffice: {run:?}");
        Some(
            inputs
                .into_iter()
                .map(|(docx, to)| (docx, to.with_extension("pdf")))
                .collect(),
        )
    })
    .as_deref()
}

fn assert_clean(kind: &str, results: &[(PathBuf, Report)]) {
    let pages: usize = results.iter().map(|(_, r)| r.pages).sum();
    let words: usize = results.iter().map(|(_, r)| r.words).sum();
    let landscape: usize = results.iter().map(|(_, r)| r.landscape).sum();
    eprintln!(
        "layout check, {kind}: {} files, {pages} pages ({landscape} landscape), {words} words",
        results.len()
    );
    let bad: Vec<String> = results
        .iter()
        .flat_map(|(p, r)| {
            r.violations
                .iter()
                .map(move |v| format!("{}: {v}", p.display()))
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{} violations in the {kind}:\n{}",
        bad.len(),
        bad.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
    assert!(
        landscape > 0,
        "the ten-year budget should need a landscape page"
    );
}

#[test]
fn every_pdf_passes_the_layout_check() {
    if !tools(&["pdftotext"]) {
        return;
    }
    let pdfs = files("pdf");
    assert!(
        pdfs.len() >= 40,
        "expected the whole corpus, got {}",
        pdfs.len()
    );
    let results: Vec<(PathBuf, Report)> = pdfs
        .into_iter()
        .map(|p| {
            let r = check_pdf(&p, STYLE.page.side);
            (p, r)
        })
        .collect();
    assert_clean("PDFs", &results);
}

#[test]
fn every_docx_as_libreoffice_renders_it_passes_the_layout_check() {
    if !tools(&["pdftotext"]) {
        return;
    }
    let Some(pdfs) = libreoffice() else { return };
    assert!(
        pdfs.len() >= 40,
        "expected the whole corpus, got {}",
        pdfs.len()
    );
    let results: Vec<(PathBuf, Report)> = pdfs
        .iter()
        .map(|(docx, pdf)| {
            assert!(
                pdf.exists(),
                "LibreOffice wrote no PDF for {}",
                docx.display()
            );
            (docx.clone(), check_pdf(pdf, STYLE.page.side))
        })
        .collect();
    assert_clean("DOCX files rendered by LibreOffice", &results);
}

#[test]
fn a_table_that_does_not_fit_upright_is_turned_and_reported() {
    let c = corpus();
    let warnings: Vec<&str> = c.synthetic_report[0]["opmaakwaarschuwingen"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter_map(|w| w.as_str())
        .collect();
    // The twelve-column cost table of the regional budget: in Dutch, naming document and
    // table.
    assert!(
        warnings.iter().any(
            |w| w.starts_with("regio/begroting: de tabel ‘Kosten per jaar")
                && w.contains("liggende pagina")
        ),
        "{warnings:#?}"
    );
    // In the DOCX the table has a landscape section of its own, with the document's
    // footer.
    let docx = std::fs::read(c.dir.join("synthetisch/regio/begroting.docx")).expect("docx");
    let xml = zip_entry(&docx, "word/document.xml");
    let turned = xml.matches(r#"w:orient="landscape""#).count();
    assert!(turned >= 1, "no landscape section");
    let sections = xml.matches("<w:sectPr").count();
    assert_eq!(
        sections,
        2 * turned + 1,
        "every landscape section ends an upright one"
    );
    assert_eq!(
        xml.matches("<w:footerReference").count(),
        sections,
        "every section has the footer"
    );
}

#[test]
fn long_words_are_hyphenated_by_dutch_rules_in_both_formats() {
    let c = corpus();
    let docx = std::fs::read(
        c.dir
            .join("synthetisch/regio/samenwerkingsovereenkomst.docx"),
    )
    .expect("docx");
    let xml = zip_entry(&docx, "word/document.xml");
    // The criterion column of the go/no-go table cannot hold the 37-letter compound: it
    // gets Word's optional hyphens at the Dutch break points.
    assert!(
        xml.contains("Por</w:t><w:softHyphen /><w:t xml:space=\"preserve\">te"),
        "no soft hyphens in Portefeuillehoudersoverlegvergadering"
    );
    // Row codes never break: a word joiner after each of their hyphens.
    let begroting = std::fs::read(c.dir.join("synthetisch/regio/begroting.docx")).expect("docx");
    let xml = zip_entry(&begroting, "word/document.xml");
    assert!(xml.contains("K-\u{2060}CZV-\u{2060}GM"), "code not glued");
}

#[test]
fn the_totals_row_of_costs_per_municipality_is_complete() {
    let c = corpus();
    for root in [
        c.dir.join("synthetisch"),
        crate::render::example().to_path_buf(),
    ] {
        let docx = std::fs::read(root.join("regio/begroting.docx")).expect("docx");
        let xml = zip_entry(&docx, "word/document.xml");
        let table = xml
            .split("<w:tbl>")
            .skip(1)
            .map(|t| t.split("</w:tbl>").next().unwrap_or_default())
            .find(|t| t.contains("Eigen kosten") && t.contains("Aandeel regionaal"))
            .expect("the table Kosten per gemeente");
        let rows: Vec<String> = table
            .split("<w:tr>")
            .skip(1)
            .map(crate::docx::part_text)
            .collect();
        let total = rows.last().expect("rows");
        let amounts = |row: &str| row.matches('€').count();
        assert!(total.starts_with("Totaal"), "{total}");
        assert_eq!(amounts(total), 5, "every column has its total: {total}");
        // Each column's total is the sum of its column.
        let cents = |s: &str| -> i64 {
            s.trim()
                .trim_start_matches('€')
                .trim()
                .replace(['.', '\u{a0}'], "")
                .replace(',', "")
                .parse()
                .unwrap_or_else(|_| panic!("amount {s:?}"))
        };
        let column =
            |row: &str, i: usize| -> i64 { cents(row.split('€').nth(i + 1).expect("amount")) };
        for i in 0..5 {
            let sum: i64 = rows[1..rows.len() - 1].iter().map(|r| column(r, i)).sum();
            assert_eq!(sum, column(total, i), "column {i} of {}", root.display());
        }
    }
}

#[test]
fn pdf_and_docx_get_the_same_column_widths() {
    let doc = crate::docx::sample_document();
    let laid = lay_out(&doc);
    let docx = docx::render(&laid).expect("docx");
    let xml = zip_entry(&docx, "word/document.xml");
    for t in laid.blocks.iter().filter_map(|b| match b {
        layout::Block::Table(t) => Some(t),
        _ => None,
    }) {
        let grid: String = t
            .columns
            .iter()
            .map(|c| {
                format!(
                    r#"<w:gridCol w:w="{}" w:type="dxa" />"#,
                    (c.width * 20.0).floor()
                )
            })
            .collect();
        assert!(xml.contains(&grid), "DOCX grid {grid} not found");
        let sum: f64 = t.columns.iter().map(|c| c.width).sum();
        assert!((sum - STYLE.page.text_width(false)).abs() < 0.01, "{sum}");
    }
    // The PDF theme reads the same widths: they are in its data, unchanged.
    let engine = PdfEngine::new(DEFAULT_THEME).expect("engine");
    let data: serde_json::Value =
        serde_json::from_slice(&engine.data_json(&laid).expect("data")).expect("json");
    let table = data["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .find(|b| b["t"] == "table")
        .expect("a table");
    let first = laid
        .blocks
        .iter()
        .find_map(|b| match b {
            layout::Block::Table(t) => Some(t),
            _ => None,
        })
        .expect("a table");
    for (c, j) in first
        .columns
        .iter()
        .zip(table["columns"].as_array().expect("columns"))
    {
        assert_eq!(j["width"].as_f64(), Some(c.width));
    }
}

#[test]
fn the_narrowest_column_still_holds_its_widest_amount_and_word() {
    // A table whose text column has a long word and whose amounts are wide: every column
    // at least its min-content, amounts never hyphenated, the word hyphenated or whole.
    let amount = |s: &str| vec![Inline::text(s)];
    let doc = Document {
        meta: regiodocs::ir::Meta::example(),
        blocks: vec![Block::Table(Table {
            caption: None,
            columns: vec![
                Column {
                    header: "Gemeente".into(),
                    align: Align::Left,
                    width: 1,
                },
                Column {
                    header: "Eigen kosten".into(),
                    align: Align::Right,
                    width: 1,
                },
                Column {
                    header: "Voor rekening gemeente".into(),
                    align: Align::Right,
                    width: 1,
                },
            ],
            rows: vec![vec![
                amount("Tytsjerksteradiel"),
                amount("€ 124.315,43"),
                amount("€ 1.234.567,89"),
            ]],
            total: None,
        })],
    };
    let laid = lay_out(&doc);
    let layout::Block::Table(t) = &laid.blocks[0] else {
        panic!("table")
    };
    assert!(!t.landscape && t.size == STYLE.sizes.table[0]);
    let text = |c: &layout::Text| regiodocs::ir::inline_text(&c.inlines());
    assert_eq!(text(&t.rows[0][1]), "€\u{a0}124.315,43");
    assert_eq!(text(&t.rows[0][2]), "€\u{a0}1.234.567,89");
    assert_eq!(
        text(&t.rows[0][0]).replace('\u{ad}', ""),
        "Tytsjerksteradiel"
    );
    // Deterministic.
    assert_eq!(lay_out(&doc), laid);
}

/// The data file for the Typst CLI (`templates/voorbeeld-document.json`, see the top of
/// `templates/theme.typ`) has the shape the theme reads: a laid-out document with the
/// current house style, and the engine renders it.
#[test]
fn the_typst_cli_example_data_fits_the_theme() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/voorbeeld-document.json");
    let text = std::fs::read_to_string(&path).expect("voorbeeld-document.json");
    let data: serde_json::Value = serde_json::from_str(&text).expect("json");
    // Both sides through the same parser (serde_json's float parsing is not exact).
    let style: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(&STYLE).expect("style")).expect("json");
    assert_eq!(data["style"], style);
    let doc: layout::Document = serde_json::from_value(data).expect("a laid-out document");
    assert!(
        doc.blocks
            .iter()
            .any(|b| matches!(b, layout::Block::Table(_)))
    );
    // Its signatories carry the names of their signature fields, as regiodocs gives them.
    assert!(doc.meta.signature_fields);
    let mut named = doc.to_ir();
    regiodocs::ir::name_signature_fields(&mut named.blocks);
    assert_eq!(named, doc.to_ir());
    assert!(named.plain_text().contains("Sanne"), "signatories present");
    let pdf = PdfEngine::new(DEFAULT_THEME)
        .expect("engine")
        .render(&doc)
        .expect("renders");
    assert!(pdf.pdf.starts_with(b"%PDF-"));
}

/// A table is kept on one page by its estimated height, not by its number of rows: a short
/// one stays together in both formats (the DOCX chains its rows with keep-with-next), one
/// of few rows whose cells wrap to many lines breaks between rows, so no page is left
/// almost empty before it.
#[test]
fn short_tables_stay_together_and_tall_ones_break_between_rows() {
    let table = |rows: usize, text: &str| Document {
        meta: regiodocs::ir::Meta::example(),
        blocks: vec![Block::Table(Table {
            caption: Some("Dekking".into()),
            columns: vec![
                Column {
                    header: "Financieringsbron".into(),
                    align: Align::Left,
                    width: 1,
                },
                Column {
                    header: "2027".into(),
                    align: Align::Right,
                    width: 1,
                },
            ],
            rows: (0..rows)
                .map(|_| vec![vec![Inline::text(text)], vec![Inline::text("€ 1.234,56")]])
                .collect(),
            total: None,
        })],
    };
    let long = "Gemeentelijke bijdrage aan de regionale kosten, programma Gezondheid en Welzijn, \
                inclusief de inzet van de jeugdgezondheidszorg en de wijkteams"
        .repeat(4);
    for (doc, keep) in [(table(3, "Gemeente Ede"), true), (table(14, &long), false)] {
        let laid = lay_out(&doc);
        let layout::Block::Table(t) = &laid.blocks[0] else {
            panic!("table")
        };
        assert_eq!(t.keep, keep, "{} rows", t.rows.len());
        let xml = zip_entry(&docx::render(&laid).expect("docx"), "word/document.xml");
        // Caption and header always keep with the next; the body rows only when kept.
        let chained = xml.matches("<w:keepNext />").count();
        let body = t.rows.len() - 1;
        assert_eq!(chained >= 2 + body * 2, keep, "{chained} keep-with-next");
    }
}

/// A table of twelve wide amount columns (a budget of ten years) does not fit upright, nor
/// on a landscape page in the ladder's sizes: it is set smaller on a landscape page, down
/// to 6 pt, with its long first-column words hyphenated by Dutch rules, never broken at
/// arbitrary letters. Only a table that does not fit even at 6 pt gets letter breaks, and
/// the run report says so.
#[test]
fn a_very_wide_table_shrinks_to_a_legible_size_before_words_break_anywhere() {
    let amount_columns = |n: usize| -> Vec<Column> {
        std::iter::once(Column {
            header: "Kostenpost".into(),
            align: Align::Left,
            width: 3,
        })
        .chain((0..n).map(|i| Column {
            header: format!("{}", 2027 + i),
            align: Align::Right,
            width: 1,
        }))
        .collect()
    };
    let table = |n: usize| Document {
        meta: regiodocs::ir::Meta::example(),
        blocks: vec![Block::Table(Table {
            caption: Some("Structurele kosten".into()),
            columns: amount_columns(n),
            rows: vec![
                std::iter::once(vec![Inline::text(
                    "wijkgezondheidsteamcoördinatiewerkzaamheden",
                )])
                .chain((0..n).map(|_| vec![Inline::text("€ 1.414.198,75")]))
                .collect(),
            ],
            total: None,
        })],
    };
    let laid = lay_out(&table(11));
    let layout::Block::Table(t) = &laid.blocks[0] else {
        panic!("table")
    };
    assert!(t.landscape, "twelve amount columns need a landscape page");
    assert!(
        t.size >= 6.0 && t.size < STYLE.sizes.table[2],
        "size {}",
        t.size
    );
    let first = regiodocs::ir::inline_text(&t.rows[0][0].inlines());
    assert!(
        first.contains('\u{ad}') && !first.contains('\u{200b}'),
        "{first:?}"
    );
    for c in &t.rows[0][1..] {
        assert_eq!(
            regiodocs::ir::inline_text(&c.inlines()),
            "€\u{a0}1.414.198,75"
        );
    }
    assert_eq!(laid.warnings.len(), 1);
    assert!(
        laid.warnings[0].contains("liggende pagina") && !laid.warnings[0].contains("willekeurige"),
        "{:?}",
        laid.warnings
    );
    // Thirty amount columns do not fit at 6 pt: the last resort, reported as such.
    let laid = lay_out(&table(30));
    let layout::Block::Table(t) = &laid.blocks[0] else {
        panic!("table")
    };
    assert!(t.size < 6.0, "size {}", t.size);
    assert!(
        laid.warnings[0].contains("willekeurige plaatsen"),
        "{:?}",
        laid.warnings
    );
    let widths: f64 = t.columns.iter().map(|c| c.width).sum();
    assert!(widths <= STYLE.page.text_width(true) + 0.01, "{widths}");
}

/// A row whose cells are plain text with every word fitting its column whole gets its line
/// breaks from the layout and their number in `lines`; the PDF theme gives it the height
/// of that many lines so Typst need not measure it (at 10,000 cost lines that saves a
/// quarter of the build's memory). Rows with a hard break, bold text, a word too long for
/// its column, and rows with only empty cells keep an automatic height. The page is the
/// same either way: the PDF is byte for byte the one a theme that ignores the counts
/// makes, and every word stands where it stands when Typst breaks the rows itself. The
/// DOCX has the text without those breaks.
#[test]
fn rows_broken_by_the_layout_get_a_fixed_height_that_changes_nothing_on_the_page() {
    let long = "Gemeentelijke bijdrage aan de regionale kosten, programma Gezondheid en Welzijn, \
                inclusief de inzet van de jeugdgezondheidszorg en de wijkteams";
    let word = "Kindnaargezondergewichtsamenwerkingsverband".repeat(4);
    let cell = |s: &str| vec![Inline::text(s)];
    let rows = vec![
        vec![cell("Gemeente Ede"), cell("€ 1.234,56")],
        vec![cell(long), cell("€ 99,00")],
        vec![
            vec![
                Inline::text("Eerste"),
                Inline::Break,
                Inline::text("tweede"),
            ],
            cell("€ 5,00"),
        ],
        vec![
            vec![Inline::Text {
                text: "Vet".into(),
                strong: true,
                emph: false,
            }],
            cell("€ 5,00"),
        ],
        vec![cell(""), cell("")],
        vec![cell("Veenendaal"), cell("")],
        vec![cell(&word), cell("€ 7,00")],
    ];
    let mut rows_many = rows.clone();
    for i in 0..120 {
        rows_many.push(vec![cell(&format!("Activiteit {i}")), cell("€ 40,00")]);
        rows_many.push(vec![
            cell(&format!("Activiteit {i}: {}", &long[..60 + i % 80])),
            cell("€ 40,00"),
        ]);
    }
    // Every municipality's name, with kerning pairs (Te, Vo, f), ...) and hyphens, in
    // rows of one to four lines.
    for (i, g) in regiodocs::cbs::all().iter().enumerate() {
        let text = match i % 3 {
            0 => format!("Voorlichting {} ({}), Teams Jeugd", g.naam, g.provincie),
            1 => format!("{}: Vrijwilligers, {} en {}", g.code, g.naam, g.ggd_regio),
            _ => format!(
                "Afstemming met {} over ‘Kind naar Gezonder Gewicht’ (f)",
                g.naam
            ),
        };
        let note = format!("Gemeente {} draagt bij naar rato van haar inwoners", g.naam);
        rows_many.push(vec![cell(&text), cell("€ 1.000,00"), cell(&note)]);
    }
    for row in &mut rows_many {
        row.resize(3, cell(""));
    }
    let doc = Document {
        meta: regiodocs::ir::Meta::example(),
        blocks: vec![Block::Table(Table {
            caption: Some("Kosten".into()),
            columns: vec![
                Column {
                    header: "Kostenpost".into(),
                    align: Align::Left,
                    width: 1,
                },
                Column {
                    header: "2027 tot en met 2030".into(),
                    align: Align::Right,
                    width: 1,
                },
                Column {
                    header: "Toelichting".into(),
                    align: Align::Left,
                    width: 1,
                },
            ],
            rows: rows_many,
            total: Some(vec![cell("Totaal"), cell("€ 1.388,56")]),
        })],
    };
    let laid = lay_out(&doc);
    let layout::Block::Table(t) = &laid.blocks[0] else {
        panic!("table")
    };
    assert_eq!(t.lines.len(), t.rows.len());
    let k = t.lines[1];
    assert!(k >= 2, "the long row wraps: {:?}", &t.lines[..7]);
    assert_eq!(t.lines[..7], [1, k, 0, 0, 0, 1, 0], "{:?}", &t.lines[..7]);
    // Nearly every generated row (a few come within a hair of their room, or need a
    // hyphen) gets its lines from the layout, many of them several.
    let fixed = t.lines[7..].iter().filter(|k| **k >= 1).count();
    assert!(
        fixed * 10 >= t.lines[7..].len() * 9,
        "{fixed} of {}",
        t.lines.len() - 7
    );
    assert!(
        t.lines[7..].iter().any(|k| *k >= 3),
        "some rows wrap: {:?}",
        t.lines
    );
    // The long row: its lines end in breaks; as written, it is the text again.
    let layout::Text::Rich(runs) = &t.rows[1][0] else {
        panic!("the long cell has the layout's breaks: {:?}", t.rows[1][0])
    };
    let breaks = runs.iter().filter(|r| **r == Inline::Break).count();
    assert_eq!(breaks + 1, usize::from(k));
    assert_eq!(t.row_as_written(1)[0], layout::Text::Plain(long.into()));

    let marked = PdfEngine::new(DEFAULT_THEME).expect("engine");
    let ignoring = DEFAULT_THEME.replace(
        r#"let lines = b.at("lines", default: ())"#,
        "let lines = ()",
    );
    assert_ne!(ignoring, DEFAULT_THEME, "the theme reads the counts");
    let ignoring = PdfEngine::new(&ignoring).expect("engine");
    let a = marked.render(&laid).expect("pdf").pdf;
    let b = ignoring.render(&laid).expect("pdf").pdf;
    assert!(a == b, "fixed row heights moved something on the page");
    // And the layout breaks the lines where Typst breaks them: every word in the same
    // place when Typst gets the rows as written and breaks them itself.
    if tools(&["pdftotext"]) {
        let mut unbroken = laid.clone();
        if let layout::Block::Table(t) = &mut unbroken.blocks[0] {
            t.rows = (0..t.rows.len()).map(|r| t.row_as_written(r)).collect();
            t.lines.clear();
        }
        let c = marked.render(&unbroken).expect("pdf").pdf;
        let dir = tempfile::tempdir().expect("tempdir");
        let words = |pdf: &[u8], name: &str| -> Vec<Vec<(String, i64, i64)>> {
            let path = dir.path().join(name);
            std::fs::write(&path, pdf).expect("write");
            crate::pagecheck::pages(&path)
                .iter()
                .map(|p| {
                    p.words()
                        .map(|w| (w.text.clone(), (w.x0 * 10.0) as i64, (w.y0 * 10.0) as i64))
                        .collect()
                })
                .collect()
        };
        let (ours, typst) = (words(&a, "ours.pdf"), words(&c, "typst.pdf"));
        assert_eq!(ours.len(), typst.len(), "pages");
        for (i, (o, t)) in ours.iter().zip(&typst).enumerate() {
            let first = o.iter().zip(t).find(|(o, t)| o != t);
            assert!(
                o.len() == t.len() && first.is_none(),
                "page {}: the layout broke a line elsewhere than Typst does: {first:?}",
                i + 1
            );
        }
    }

    // Word breaks the lines itself: the DOCX has the long text whole, in one run.
    let xml = zip_entry(&docx::render(&laid).expect("docx"), "word/document.xml");
    assert!(
        xml.contains(&format!(">{long}</w:t>")),
        "the DOCX cell is not the text as written"
    );
    assert!(!xml.contains("Gemeentelijke bijdrage aan de regionale kosten, </w:t>"));
}

#[test]
fn rates_and_names_stay_on_one_line_while_descriptions_wrap() {
    // In the example's specification of the cost lines the rate column used to be shared
    // out by its hint and wrapped every rate (`€ 92,00 per` / `uur`) while the description
    // beside it had room to spare. Short columns are now served first.
    if !tools(&["pdftotext"]) {
        return;
    }
    let pdf = crate::render::example().join("regio/begroting.pdf");
    let pages = crate::pagecheck::pages(&pdf);
    let lines: Vec<String> = pages
        .iter()
        .flat_map(|p| p.blocks.iter().flatten())
        .map(|line| {
            line.iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let mut rates = 0;
    for (i, line) in lines.iter().enumerate() {
        let tail = line.trim_end();
        if tail.ends_with(" per") && tail.contains('€') {
            panic!(
                "a rate wraps after ‘per’: {tail:?}, next line {:?}",
                lines.get(i + 1)
            );
        }
        rates += ["per uur", "per stuk", "per dag", "(forfaitair)"]
            .iter()
            .filter(|unit| tail.ends_with(*unit) && tail.contains('€'))
            .count();
    }
    // K01-K20 of the example: every rate found whole, on the line of its amount.
    assert!(rates >= 20, "only {rates} whole rates in {lines:#?}");
}

#[test]
fn a_long_document_gives_the_same_bytes_beside_short_ones() {
    // Typst's caches are global and evicted after every document: a long document compiled
    // while short ones are compiled and evicted beside it must not change a byte, nor may
    // the short ones.
    let cell = |s: String| vec![Inline::text(s)];
    let doc = |rows: usize| Document {
        meta: regiodocs::ir::Meta::example(),
        blocks: vec![Block::Table(Table {
            caption: Some("Kostenregels".into()),
            columns: vec![
                Column {
                    header: "Kostenpost".into(),
                    align: Align::Left,
                    width: 2,
                },
                Column {
                    header: "Bedrag".into(),
                    align: Align::Right,
                    width: 1,
                },
            ],
            rows: (0..rows)
                .map(|i| {
                    vec![
                        cell(format!("Activiteit {i}")),
                        cell(format!("€ {},00", 40 + i % 60)),
                    ]
                })
                .collect(),
            total: None,
        })],
    };
    let long = lay_out(&doc(2_100));
    let short = lay_out(&doc(12));
    let engine = PdfEngine::new(DEFAULT_THEME).expect("engine");
    let long_alone = engine.render(&long).expect("pdf").pdf;
    let short_alone = engine.render(&short).expect("pdf").pdf;
    let (long_beside, shorts) = std::thread::scope(|s| {
        let a = s.spawn(|| engine.render(&long).expect("pdf").pdf);
        let b = s.spawn(|| {
            (0..8)
                .map(|_| engine.render(&short).expect("pdf").pdf)
                .collect::<Vec<_>>()
        });
        (a.join().expect("long"), b.join().expect("short"))
    });
    assert!(long_alone == long_beside, "the long PDF changed");
    assert!(
        shorts.iter().all(|p| *p == short_alone),
        "a short PDF changed"
    );
    if tools(&["pdftotext"]) {
        let path = std::env::temp_dir().join(format!("regiodocs-lang-{}.pdf", std::process::id()));
        std::fs::write(&path, &long_alone).expect("write");
        let words: usize = crate::pagecheck::pages(&path)
            .iter()
            .map(|p| p.words().filter(|w| w.text == "Activiteit").count())
            .sum();
        let _ = std::fs::remove_file(&path);
        assert_eq!(words, 2_100, "every row on the pages");
    }
}
