//! Tests for the DOCX exporter (`render::docx`): text, hostile input, determinism, and
//! LibreOffice as a real client.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{have, zip_entry};
use regiodocs::ir::{Align, Block, Column, Document, Inline, KeyValueRow, Meta, Signatory, Table};
use regiodocs::layout::lay_out;
use regiodocs::render::docx::{DocxError, render};

/// Hostile strings that must come out literally (the bell character is dropped).
pub const HOSTILE: &[&str] = &[
    "#read(\"/etc/passwd\")",
    "$x$",
    "*a* | b",
    "{{ 7*7 }}",
    "<b>&amp;",
    "=HYPERLINK(\"x\")",
    "../../x",
    "\u{200F}rechts-naar-links",
    "appel 🍎",
];

fn t(s: &str) -> Inline {
    Inline::text(s)
}

fn kv(label: &str, value: &str) -> KeyValueRow {
    KeyValueRow {
        label: label.into(),
        value: vec![t(value)],
    }
}

fn heading(level: u8, number: &str, text: &str, id: Option<&str>) -> Block {
    Block::Heading {
        level,
        number: Some(number.into()),
        text: text.into(),
        id: id.map(Into::into),
    }
}

fn para(text: &str) -> Block {
    Block::Paragraph {
        content: vec![t(text)],
    }
}

fn col(header: &str, align: Align, width: u8) -> Column {
    Column {
        header: header.into(),
        align,
        width,
    }
}

/// A realistic Dutch cooperation agreement: title block, numbered articles, a key/value
/// party table, a budget table with a totals row, lists, three signatories, marked
/// CONCEPT, with an initials box on every page.
pub fn sample_document() -> Document {
    let meta = Meta {
        title: "Samenwerkingsovereenkomst Kind naar Gezonder Gewicht".into(),
        subtitle: Some("Regio Foodvalley".into()),
        footer_title: "Samenwerkingsovereenkomst KnGG Regio Foodvalley".into(),
        author: "Gemeente Ede".into(),
        version: "1.0".into(),
        date: "2026-11-15".into(),
        date_text: "15 november 2026".into(),
        language: "nl".into(),
        keywords: vec![
            "Kind naar Gezonder Gewicht".into(),
            "samenwerkingsovereenkomst".into(),
        ],
        concept: true,
        initials_box: true,
        signature_fields: true,
    };
    let money_row = |post: &str, y1: &str, y2: &str, sum: &str| -> Vec<Vec<Inline>> {
        vec![vec![t(post)], vec![t(y1)], vec![t(y2)], vec![t(sum)]]
    };
    let mut blocks = vec![
        Block::Title {
            title: meta.title.clone(),
            subtitle: meta.subtitle.clone(),
            facts: vec![
                kv("Versie", "1.0"),
                kv("Datum", "15 november 2026"),
                kv(
                    "Hoort bij",
                    "Regionaal plan van aanpak, versie 1.0 (SHA-256 3f9a…c21b)",
                ),
            ],
        },
        heading(1, "Artikel 1", "Partijen", Some("partijen")),
        para("De ondergetekenden:"),
        Block::KeyValue {
            rows: vec![
                kv(
                    "Gemeente Ede",
                    "Bergstraat 4, 6711 DE Ede, KvK-nummer 09213946",
                ),
                kv("Gemeente Barneveld", "Raadhuisplein 2, 3771 ER Barneveld"),
                kv("Gemeente Wageningen", "Markt 16, 6701 CX Wageningen"),
            ],
        },
        para("hierna samen te noemen: \u{201C}partijen\u{201D},"),
        heading(1, "Artikel 2", "Doel van de samenwerking", Some("doel")),
        Block::Paragraph {
            content: vec![
                t("Partijen werken samen aan de aanpak "),
                Inline::Text {
                    text: "Kind naar Gezonder Gewicht".into(),
                    strong: true,
                    emph: false,
                },
                t(" in de regio. De aanpak richt zich op kinderen van "),
                Inline::Text {
                    text: "0 tot 18 jaar".into(),
                    strong: false,
                    emph: true,
                },
                t(" en hun gezinnen."),
                Inline::Break,
                t("Deze overeenkomst regelt de taken, de financiering en de duur."),
            ],
        },
        heading(2, "2.1", "Uitgangspunten", None),
        Block::List {
            ordered: true,
            items: vec![
                vec![t("Elke gemeente wijst een lokale coördinator aan.")],
                vec![t("De regiocoördinator is in dienst van de gemeente Ede.")],
                vec![
                    t("Partijen delen gegevens alleen op grond van de "),
                    Inline::Text {
                        text: "AVG".into(),
                        strong: true,
                        emph: false,
                    },
                    t("."),
                ],
            ],
        },
        heading(2, "2.2", "Taken van de regiocoördinator", None),
        Block::List {
            ordered: false,
            items: vec![
                vec![t("het bijhouden van de regionale planning;")],
                vec![t("het organiseren van het regionaal overleg;")],
                vec![t("het rapporteren aan de stuurgroep.")],
            ],
        },
        heading(1, "Artikel 3", "Duur", Some("duur")),
        para(
            "Deze overeenkomst gaat in op 1 januari 2027 en eindigt op 31 december 2028. \
             Partijen evalueren de samenwerking uiterlijk zes maanden voor het einde.",
        ),
        heading(1, "Artikel 4", "Financiering", Some("financiering")),
        para("De kosten van de regionale aanpak worden als volgt gedekt:"),
        Block::Table(Table {
            caption: Some("Tabel 1. Begroting per jaar".into()),
            columns: vec![
                col("Kostenpost", Align::Left, 3),
                col("2027", Align::Right, 1),
                col("2028", Align::Right, 1),
                col("Totaal", Align::Right, 1),
            ],
            rows: vec![
                money_row(
                    "Regiocoördinator (0,5 fte)",
                    "€ 38.250,00",
                    "€ 39.015,00",
                    "€ 77.265,00",
                ),
                money_row(
                    "Lokale coördinatie",
                    "€ 24.000,00",
                    "€ 24.000,00",
                    "€ 48.000,00",
                ),
                money_row(
                    "Scholing professionals",
                    "€ 6.172,84",
                    "€ 6.172,83",
                    "€ 12.345,67",
                ),
                money_row("Communicatie", "€ 2.500,00", "€ 1.500,00", "€ 4.000,00"),
            ],
            total: Some(money_row(
                "Totaal",
                "€ 70.922,84",
                "€ 70.687,83",
                "€ 141.610,67",
            )),
        }),
        heading(2, "4.1", "Verdeling over de gemeenten", None),
        para(
            "De gemeentelijke bijdrage wordt verdeeld naar rato van het aantal inwoners tot 18 jaar.",
        ),
        heading(3, "4.1.1", "Betaling", None),
        para("De gemeente Ede factureert de bijdragen jaarlijks vóór 1 maart."),
        heading(1, "Artikel 5", "Slotbepalingen", Some("slot")),
        para(
            "Wijzigingen van deze overeenkomst zijn alleen geldig als alle partijen ze schriftelijk \
             zijn overeengekomen. Op deze overeenkomst is Nederlands recht van toepassing.",
        ),
        Block::PageBreak,
        heading(1, "Artikel 6", "Ondertekening", Some("ondertekening")),
        para("Aldus overeengekomen en in drievoud ondertekend."),
        Block::Signatures {
            signatories: vec![
                Signatory {
                    name: "J. de Vries".into(),
                    function: "wethouder".into(),
                    organisation: "Gemeente Ede".into(),
                    authority: Some("namens het college, mandaatbesluit 2026-14".into()),
                    place: Some("Ede".into()),
                    field: String::new(),
                },
                Signatory {
                    name: "A. Jansen-Bakker".into(),
                    function: "wethouder".into(),
                    organisation: "Gemeente Barneveld".into(),
                    authority: None,
                    place: None,
                    field: String::new(),
                },
                Signatory {
                    name: "M. El Amrani".into(),
                    function: "burgemeester".into(),
                    organisation: "Gemeente Wageningen".into(),
                    authority: Some("krachtens artikel 171 Gemeentewet".into()),
                    place: None,
                    field: String::new(),
                },
            ],
        },
    ];
    regiodocs::ir::name_signature_fields(&mut blocks);
    Document { meta, blocks }
}

/// The sample with every hostile string in paragraphs, a table cell, a heading, a list
/// item, a signatory and the metadata, plus a bell character (U+0007).
pub fn hostile_document() -> Document {
    let mut doc = sample_document();
    doc.meta.title = format!("Titel {}", HOSTILE.join(" "));
    doc.meta.footer_title = format!("Voet <b>&amp; \u{7} {}", HOSTILE[0]);
    doc.meta.keywords.push("<k>&\u{7}".into());
    for h in HOSTILE {
        doc.blocks.push(para(h));
    }
    doc.blocks.push(Block::Paragraph {
        content: vec![t("bel\u{7}hier")],
    });
    doc.blocks
        .push(heading(2, "9.9", HOSTILE[3], Some("../../x <id>")));
    doc.blocks.push(Block::List {
        ordered: false,
        items: HOSTILE.iter().map(|h| vec![t(h)]).collect(),
    });
    doc.blocks.push(Block::Table(Table {
        caption: Some(HOSTILE[4].into()),
        columns: vec![
            col(HOSTILE[5], Align::Center, 0),
            col("b", Align::Right, 255),
        ],
        // Ragged rows: one short, one long; must not panic.
        rows: vec![
            vec![vec![t(HOSTILE[6])]],
            vec![vec![t("1")], vec![t("2")], vec![t(HOSTILE[2])]],
        ],
        total: None,
    }));
    doc.blocks.push(Block::Signatures {
        signatories: vec![Signatory {
            name: HOSTILE[1].into(),
            function: HOSTILE[7].into(),
            organisation: HOSTILE[8].into(),
            authority: Some(String::new()),
            place: Some("\u{7}".into()),
            field: String::new(),
        }],
    });
    regiodocs::ir::name_signature_fields(&mut doc.blocks);
    doc
}

fn unescape(s: &str) -> String {
    // Amounts and dates carry no-break spaces, codes word joiners after their hyphens
    // (`SHA-\u{2060}256`); compare them as ordinary text.
    s.replace('\u{a0}', " ")
        .replace('\u{2060}', "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The text of a WordprocessingML part: `w:t` content, a tab for `w:tab`, a newline for
/// `w:br` and at the end of every paragraph.
pub fn part_text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find('<') {
        let Some(j) = rest[i..].find('>') else { break };
        let tag = &rest[i + 1..i + j];
        let after = &rest[i + j + 1..];
        let name = tag.split([' ', '/']).next().unwrap_or("");
        match name {
            "w:t" if !tag.ends_with('/') => {
                let end = after.find("</w:t>").expect("closed w:t");
                out.push_str(&unescape(&after[..end]));
                rest = &after[end..];
                continue;
            }
            "w:tab" if tag.ends_with('/') => out.push('\t'),
            "w:br" => out.push('\n'),
            _ if tag == "/w:p" => out.push('\n'),
            _ => {}
        }
        rest = after;
    }
    out
}

fn normalize_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Asserts that every line of `doc.plain_text()` occurs in `text`, in reading order.
fn assert_ir_text_in_order(doc: &Document, text: &str) {
    let hay = normalize_ws(text);
    let mut pos = 0;
    for line in doc.plain_text().lines() {
        let needle = normalize_ws(line);
        if needle.is_empty() {
            continue;
        }
        match hay[pos..].find(&needle) {
            Some(i) => pos += i + needle.len(),
            None => panic!("IR text missing or out of order in DOCX: {needle:?}"),
        }
    }
}

fn document_text(docx: &[u8]) -> String {
    part_text(&zip_entry(docx, "word/document.xml"))
}

/// Minimal well-formedness check: tags balance and no raw `<`/`&` in text.
fn assert_well_formed(xml: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find('<') {
        let text = &rest[..i];
        for (k, _) in text.match_indices('&') {
            let ent = &text[k..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#xA;"]
                    .iter()
                    .any(|e| ent.starts_with(e)),
                "bare & in text: {}",
                &ent[..ent.len().min(20)]
            );
        }
        assert!(
            text.chars()
                .all(|c| c == '\t' || c == '\n' || c == '\r' || c >= ' ')
        );
        let j = rest[i..].find('>').expect("tag closed");
        let tag = &rest[i + 1..i + j];
        if tag.starts_with('?') || tag.starts_with('!') {
        } else if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name.trim()), "unbalanced tag");
        } else if !tag.ends_with('/') {
            stack.push(tag.split(' ').next().unwrap_or("").to_owned());
        }
        rest = &rest[i + j + 1..];
    }
    assert!(stack.is_empty(), "unclosed tags: {stack:?}");
}

fn all_entries(docx: &[u8]) -> Vec<String> {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("valid zip");
    archive
        .file_names()
        .map(|n| n.expect("entry name").into_owned())
        .collect()
}

#[test]
fn sample_contains_headings_signatories_and_totals() {
    let doc = sample_document();
    let docx = render(&lay_out(&doc)).expect("renders");
    let text = document_text(&docx);
    for b in &doc.blocks {
        if let Block::Heading {
            number: Some(n),
            text: h,
            ..
        } = b
        {
            let line = format!("{n} {h}");
            assert!(text.lines().any(|l| l == line), "heading missing: {line}");
        }
        if let Block::Signatures { signatories } = b {
            for s in signatories {
                for part in [&s.organisation, &s.name, &s.function] {
                    assert!(
                        text.contains(part.as_str()),
                        "signatory text missing: {part}"
                    );
                }
            }
        }
    }
    assert!(text.contains("€ 141.610,67"));
    assert!(text.contains("€ 12.345,67"));
    assert!(text.contains("Plaats: Ede"));
    assert!(text.contains("Datum: "));
    // Every line of the IR's plain text appears in the DOCX text, in order (whitespace
    // normalised: table cells are paragraphs of their own in the DOCX).
    assert_ir_text_in_order(&doc, &text);

    // Styles, furniture and properties.
    let styles = zip_entry(&docx, "word/styles.xml");
    for name in [
        "Kop 1",
        "Kop 2",
        "Kop 3",
        "Plattetekst",
        "Titel",
        "Tabeltekst",
        "Bijschrift",
        "Ondertekening",
    ] {
        assert!(
            styles.contains(&format!("w:val=\"{name}\"")),
            "style {name}"
        );
    }
    assert!(styles.contains("w:styleId=\"Heading1\""));
    assert!(styles.contains("<w:outlineLvl w:val=\"0\" />"));
    assert!(styles.contains("w:lang w:val=\"nl-NL\""));
    let document = zip_entry(&docx, "word/document.xml");
    assert_eq!(document.matches("<w:tblHeader />").count(), 1);
    assert!(document.contains("<w:cantSplit />"));
    let header = zip_entry(&docx, "word/header1.xml");
    assert!(part_text(&header).contains("CONCEPT"));
    let footer = zip_entry(&docx, "word/footer1.xml");
    let footer_text = part_text(&footer);
    assert!(footer_text.contains("versie 1.0"));
    assert!(footer_text.contains("Paraaf"));
    assert!(footer.contains("PAGE") && footer.contains("NUMPAGES"));
    let core = zip_entry(&docx, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>Samenwerkingsovereenkomst Kind naar Gezonder Gewicht</dc:title>")
    );
    assert!(core.contains("<dc:language>nl</dc:language>"));
    assert!(core.contains("<dc:creator>Gemeente Ede</dc:creator>"));
    assert!(core.contains(
        "<cp:keywords>Kind naar Gezonder Gewicht; samenwerkingsovereenkomst</cp:keywords>"
    ));
    assert!(core.contains(">2026-11-15T00:00:00Z</dcterms:created>"));
    for name in all_entries(&docx) {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            assert_well_formed(&zip_entry(&docx, &name));
        }
    }
}

#[test]
fn hostile_text_stays_literal_and_valid() {
    let doc = hostile_document();
    let docx = render(&lay_out(&doc)).expect("hostile IR renders");
    let text = document_text(&docx);
    for h in HOSTILE {
        assert!(text.contains(h), "not literal: {h:?}");
    }
    assert!(
        text.contains("belhier"),
        "bell character is dropped, text kept"
    );
    let mut stripped = doc.clone();
    for b in &mut stripped.blocks {
        if let Block::Paragraph { content } = b {
            for i in content {
                if let Inline::Text { text, .. } = i {
                    *text = text.replace('\u{7}', "");
                }
            }
        }
    }
    assert_ir_text_in_order(&stripped, &text);
    assert!(!text.contains('\u{7}'));
    for name in all_entries(&docx) {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let xml = zip_entry(&docx, &name);
            assert!(!xml.contains('\u{7}'), "{name} contains U+0007");
            assert_well_formed(&xml);
        }
    }
    // A place that is only a control character counts as blank: a line to fill in.
    assert!(text.contains("Plaats: \t"));
    // Extreme relative widths (0 and 255) are hints, not law: the column with hint 0 still
    // holds its header `=HYPERLINK("x")` on one line (about 75 pt at 9.5 pt), and the one
    // with hint 255, whose cells are one letter or digit, is no wider than those need
    // (padding and one glyph), so the text columns get the rest.
    let document = zip_entry(&docx, "word/document.xml");
    let table = document
        .split("<w:tbl>")
        .skip(1)
        .map(|t| t.split("</w:tbl>").next().unwrap_or_default())
        .find(|t| t.contains("HYPERLINK"))
        .expect("the hostile table");
    let widths: Vec<usize> = table
        .split("<w:gridCol w:w=\"")
        .skip(1)
        .map(|w| w[..w.find('"').expect("attr end")].parse().expect("width"))
        .collect();
    assert_eq!(widths.len(), 3, "{widths:?}");
    assert!(widths[0] >= 1500, "hint 0 starves its column: {widths:?}");
    assert!((280..=400).contains(&widths[1]), "{widths:?}");
    let core = zip_entry(&docx, "docProps/core.xml");
    assert!(core.contains("&lt;b&gt;&amp;amp;"));
    let footer = part_text(&zip_entry(&docx, "word/footer1.xml"));
    assert!(footer.contains("Voet <b>&amp;  #read(\"/etc/passwd\")"));
}

#[test]
fn degenerate_ir_does_not_panic() {
    let mut doc = sample_document();
    doc.blocks = vec![
        Block::PageBreak,
        Block::PageBreak,
        Block::Table(Table {
            caption: None,
            columns: vec![],
            rows: vec![],
            total: None,
        }),
        Block::Table(Table {
            caption: Some("leeg".into()),
            columns: vec![col("a", Align::Left, 1)],
            rows: vec![],
            total: Some(vec![]),
        }),
        Block::KeyValue { rows: vec![] },
        Block::Signatures {
            signatories: vec![],
        },
        Block::List {
            ordered: true,
            items: vec![vec![]],
        },
        Block::Heading {
            level: 0,
            number: Some(String::new()),
            text: String::new(),
            id: Some(String::new()),
        },
        Block::Heading {
            level: 200,
            number: None,
            text: "x".into(),
            id: Some("9-dubbel".into()),
        },
        Block::Heading {
            level: 2,
            number: None,
            text: "y".into(),
            id: Some("9-dubbel".into()),
        },
        Block::Paragraph { content: vec![] },
        Block::PageBreak,
    ];
    doc.meta.concept = false;
    doc.meta.initials_box = false;
    doc.meta.keywords.clear();
    doc.meta.subtitle = None;
    let docx = render(&lay_out(&doc)).expect("renders");
    assert_well_formed(&zip_entry(&docx, "word/document.xml"));
    assert!(
        !all_entries(&docx)
            .iter()
            .any(|n| n.starts_with("word/header"))
    );

    for bad in [
        "",
        "15-11-2026",
        "2026-02-30",
        "2026-13-01",
        "２０２６-11-15",
        "2026-1-015",
    ] {
        doc.meta.date = bad.into();
        assert!(
            matches!(render(&lay_out(&doc)), Err(DocxError::InvalidDate(_))),
            "{bad}"
        );
    }
    doc.meta.date = "1975-06-01".into();
    render(&lay_out(&doc)).expect("dates before 1980 still render");
}

#[test]
fn renders_are_byte_identical_and_dated() {
    let doc = sample_document();
    let a = render(&lay_out(&doc)).expect("renders");
    // Something in between that uses docx-rs's own counters.
    render(&lay_out(&hostile_document())).expect("renders");
    let b = std::thread::spawn(move || render(&lay_out(&sample_document())).expect("renders"))
        .join()
        .expect("thread");
    assert!(a == b, "two renders differ");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&a)).expect("zip");
    for i in 0..archive.len() {
        let f = archive.by_index(i).expect("entry");
        let m = f.last_modified().expect("timestamp");
        assert_eq!(
            (m.year(), m.month(), m.day(), m.hour(), m.minute()),
            (2026, 11, 15, 0, 0),
            "{:?}",
            f.name()
        );
    }
}

/// Converts a DOCX to PDF with LibreOffice in a throwaway profile; `None` when soffice
/// is not installed.
pub(crate) fn libreoffice_pdf(docx: &[u8], dir: &Path, stem: &str) -> Option<PathBuf> {
    if !have("soffice") {
        eprintln!("NOTE: soffice not installed; skipping the LibreOffice check");
        return None;
    }
    let input = dir.join(format!("{stem}.docx"));
    std::fs::write(&input, docx).expect("write docx");
    let profile = dir.join("lo-profile");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(&input)
        .output()
        .expect("run soffice");
    assert!(status.status.success(), "soffice failed: {status:?}");
    let pdf = dir.join(format!("{stem}.pdf"));
    assert!(
        pdf.exists(),
        "no PDF written: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    Some(pdf)
}

#[test]
fn libreoffice_converts_and_text_survives() {
    let dir = std::env::temp_dir().join(format!("regiodocs-docx-lo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let doc = hostile_document();
    let docx = render(&lay_out(&doc)).expect("renders");
    let Some(pdf) = libreoffice_pdf(&docx, &dir, "overeenkomst") else {
        return;
    };
    if !have("pdftotext") {
        eprintln!("NOTE: pdftotext not installed; only the conversion was checked");
        return;
    }
    let out = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    // White space removed: where a column is narrow, LibreOffice may wrap an amount or a
    // label at another place than the text has a space.
    let squeeze = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let text = squeeze(&String::from_utf8_lossy(&out.stdout));
    for needle in [
        "Artikel 4 Financiering",
        "4.1.1 Betaling",
        "€ 141.610,67",
        "€ 12.345,67",
        "J. de Vries",
        "A. Jansen-Bakker",
        "M. El Amrani",
        "CONCEPT",
        "Paraaf",
        "pagina 1 van",
        "versie 1.0",
        "#read(\"/etc/passwd\")",
        "{{ 7*7 }}",
        "<b>&amp;",
        "=HYPERLINK(\"x\")",
    ] {
        assert!(text.contains(&squeeze(needle)), "PDF text lacks {needle:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Writes the sample and hostile documents to `$REGIODOCS_DOCX_OUT` for manual
/// inspection (does nothing when the variable is not set).
#[test]
fn write_samples_for_inspection() {
    let Some(dir) = std::env::var_os("REGIODOCS_DOCX_OUT") else {
        return;
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("out dir");
    std::fs::write(
        dir.join("sample.docx"),
        render(&lay_out(&sample_document())).expect("renders"),
    )
    .expect("write");
    std::fs::write(
        dir.join("hostile.docx"),
        render(&lay_out(&hostile_document())).expect("renders"),
    )
    .expect("write");
}
