//! The user documentation in `docs/` and `regiodocs uitleg`: every finding code and every
//! rule R01-R36 is explained, the input format describes every sheet, column and allowed
//! value, the template guide every section key, block and filter, and the README points to
//! these files (never to the developers' notes).

use std::path::Path;
use std::process::Command;

use regiodocs::diag::{Code, uitleg};
use regiodocs::schema::{self, Kind};

fn doc(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs")
            .join(name),
    )
    .unwrap_or_else(|e| panic!("docs/{name}: {e}"))
}

#[test]
fn every_code_and_rule_has_an_explanation() {
    for code in Code::ALL {
        let t = uitleg(code.as_str()).unwrap_or_else(|| panic!("no explanation for {code}"));
        assert!(t.starts_with(&format!("## {code} ")), "{t}");
        assert!(t.contains("**Ernst:**"), "{code}: no severity");
        assert!(t.contains("**Oplossen:**"), "{code}: no fix");
    }
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    for n in 1..=36 {
        let r = format!("R{n:02}");
        let t = uitleg(&r).unwrap_or_else(|| panic!("no section for {r}"));
        // A rule that is no check says what regiodocs does with it instead.
        if !codes.contains(&r.as_str()) {
            assert!(
                t.contains("**Geen controle")
                    || t.contains("**Weggelaten")
                    || t.contains("**Geen aparte controle"),
                "{r} is no finding code and must say why: {t}"
            );
        }
    }
    assert!(uitleg("F37").is_none() && uitleg("R37").is_none() && uitleg("X01").is_none());
}

#[test]
fn the_rule_overview_lists_r01_to_r36_in_order() {
    let t = doc("bevindingen.md");
    let rows: Vec<&str> = t
        .lines()
        .filter_map(|l| l.strip_prefix("| R"))
        .map(|l| &l[..2])
        .collect();
    let want: Vec<String> = (1..=36).map(|n| format!("{n:02}")).collect();
    assert_eq!(rows, want);
    // Each finding code R.. in the overview is called a check, each other rule is not.
    for code in Code::ALL.iter().filter(|c| c.as_str().starts_with('R')) {
        let row = t
            .lines()
            .find(|l| l.starts_with(&format!("| {code} |")))
            .unwrap();
        assert!(row.contains("controle ("), "{row}");
    }
}

#[test]
fn uitleg_prints_one_code_and_refuses_an_unknown_one() {
    let bin = env!("CARGO_BIN_EXE_regiodocs");
    let out = Command::new(bin).args(["uitleg", "f18"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("F18 Ongeldig formaat\n"), "{text}");
    assert!(text.contains("Oplossen: schrijf de waarde in de vorm die de hint noemt."));
    assert!(!text.contains("**") && !text.contains("## F19"), "{text}");

    let out = Command::new(bin).args(["uitleg", "R13"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Een gecombineerde rol mag"), "{text}");

    let out = Command::new(bin)
        .args(["uitleg", "F99\u{202e}"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("‘F99’ is geen code van regiodocs. Codes zijn F01 tot en met F36"),
        "{err}"
    );
    assert!(!err.contains('\u{202e}'));
}

/// The section of `docs/invoerformaat.md` about one sheet: from its `### ` heading to the next.
fn sheet_section<'a>(t: &'a str, sheet: &str) -> &'a str {
    let start = t
        .find(&format!("\n### {sheet}\n"))
        .unwrap_or_else(|| panic!("docs/invoerformaat.md has no section {sheet}"))
        + 1;
    let rest = &t[start..];
    let body = &rest[4..];
    let end = [body.find("\n## "), body.find("\n### ")]
        .into_iter()
        .flatten()
        .min()
        .map_or(rest.len(), |i| i + 4);
    &rest[..end]
}

#[test]
fn the_input_format_documents_every_sheet_column_and_allowed_value() {
    let t = doc("invoerformaat.md");
    for spec in schema::WORKBOOKS {
        assert!(t.contains(&format!("## Werkboek {}", spec.stem)));
        for sheet in spec.sheets {
            let s = sheet_section(&t, sheet.name);
            for c in sheet.columns {
                assert!(
                    s.contains(&format!(
                        "\n| {} | {} |",
                        c.name,
                        if c.required { "ja" } else { "nee" }
                    )),
                    "{}: column {} missing or with the wrong ‘verplicht’",
                    sheet.name,
                    c.name
                );
                if let Kind::Enum(labels) = c.kind {
                    for l in labels {
                        assert!(
                            s.contains(&format!("`{l}`")),
                            "{} › {}: value {l} not documented",
                            sheet.name,
                            c.name
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn the_template_guide_lists_every_section_key_block_and_filter() {
    let t = doc("templates-aanpassen.md");
    for (document, keys) in schema::SECTIONS {
        for k in *keys {
            assert!(
                t.lines()
                    .any(|l| l.starts_with(&format!("| {} |", document.label()))
                        && l.contains(&format!("`{k}`"))),
                "{}: section key {k} not documented",
                document.label()
            );
        }
    }
    for block in [
        "titel",
        "gegevens",
        "tabel",
        "handtekeningen",
        "grafiek",
        "pagina",
    ] {
        assert!(t.contains(&format!("`::: {block}")), "block {block}");
    }
    for filter in [
        "euro",
        "getal",
        "procent",
        "datum",
        "opsomming",
        "bedragen",
        "cellen",
        "waarden",
        "herhaal(n)",
    ] {
        assert!(t.contains(&format!("| `{filter}` |")), "filter {filter}");
    }
    for name in regiodocs::template::BUILTIN.iter().map(|(n, _)| n) {
        assert!(t.contains(&format!("`{name}`")), "template {name}");
    }
}

#[test]
fn the_readme_points_to_the_documentation_in_the_repository() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for d in [
        "docs/invoerformaat.md",
        "docs/templates-aanpassen.md",
        "docs/bevindingen.md",
    ] {
        assert!(
            readme.contains(&format!("({d})")),
            "README does not link {d}"
        );
        assert!(Path::new(env!("CARGO_MANIFEST_DIR")).join(d).is_file());
    }
    assert!(!readme.contains("shared/") && !readme.contains("INPUT_FORMAT.md"));
    assert!(readme.contains("regiodocs uitleg"));
}

#[test]
fn the_instruction_sheets_explain_the_new_fields() {
    for (spec, names) in [
        (
            &schema::STAKEHOLDERS,
            &[
                "Penvoerder",
                "Besluitvorming stuurgroep",
                "Implementatiefase",
                "Besluitstatus",
                "Afgestemd op",
                "Niveau",
                "Contractvorm",
                "Termijn",
                "Gereed op",
            ][..],
        ),
        (
            &schema::FINANCIEN,
            &[
                "Werkweken per jaar",
                "Rol",
                "Tabblad CZV-capaciteit",
                "Functiebeschrijving Zorginstituut",
            ][..],
        ),
    ] {
        let bytes = regiodocs::workbooks::workbook_bytes(spec, false).unwrap();
        let wb =
            regiodocs::ingest::Workbook::from_bytes(&format!("{}.xlsx", spec.stem), bytes).unwrap();
        let sheet = &wb.sheets[0];
        let text: String = (0..sheet.height)
            .flat_map(|r| (0..sheet.width).map(move |c| (r, c)))
            .map(|(r, c)| sheet.get(r, c).display() + "\n")
            .collect();
        for n in names {
            assert!(
                text.contains(n),
                "{}: instruction sheet lacks {n}",
                spec.stem
            );
        }
        assert!(text.contains("een van:"), "drop-down values are listed");
    }
}
