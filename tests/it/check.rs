//! `check`: for every failure mode a fixture and an assertion on the exact code and cell.

use std::path::Path;
use std::process::Command;

use regiodocs::diag::{Diagnostic, Severity};

use crate::fixtures::{Project, V};

fn diagnostics(dir: &Path) -> Vec<Diagnostic> {
    regiodocs::pipeline::check(dir)
        .diagnostics
        .into_iter()
        .collect()
}

fn run(p: &Project) -> Vec<Diagnostic> {
    p.diagnostics()
}

fn show(ds: &[Diagnostic]) -> String {
    ds.iter().map(|d| format!("  {d}\n")).collect()
}

/// Asserts that a finding with this code, severity and location exists; returns it.
#[track_caller]
fn expect<'a>(ds: &'a [Diagnostic], code: &str, severity: Severity, at: &str) -> &'a Diagnostic {
    ds.iter()
        .find(|d| {
            d.code.as_str() == code
                && d.severity == severity
                && d.location.as_ref().map(|l| l.to_string()).as_deref() == Some(at)
        })
        .unwrap_or_else(|| panic!("expected {code} ({severity:?}) at {at}, got:\n{}", show(ds)))
}

#[track_caller]
fn error<'a>(ds: &'a [Diagnostic], code: &str, at: &str) -> &'a Diagnostic {
    expect(ds, code, Severity::Error, at)
}

#[track_caller]
fn warning<'a>(ds: &'a [Diagnostic], code: &str, at: &str) -> &'a Diagnostic {
    expect(ds, code, Severity::Warning, at)
}

#[test]
fn the_valid_fixture_has_no_findings() {
    let ds = run(&Project::valid());
    assert!(ds.is_empty(), "unexpected findings:\n{}", show(&ds));
}

#[test]
fn a_file_that_is_not_a_spreadsheet() {
    let dir = Project::valid().write();
    std::fs::write(dir.path().join("stakeholders.xlsx"), "Dit is geen werkboek").unwrap();
    let ds = diagnostics(dir.path());
    let d = error(&ds, "F02", "stakeholders.xlsx");
    assert!(
        d.message.contains("geen leesbaar werkboek"),
        "{}",
        d.message
    );
}

#[test]
fn an_empty_file() {
    let dir = Project::valid().write();
    std::fs::write(dir.path().join("financien.xlsx"), b"").unwrap();
    let d = error(&diagnostics(dir.path()), "F02", "financien.xlsx").clone();
    assert!(d.message.contains("leeg"), "{}", d.message);
}

#[test]
fn a_truncated_workbook_does_not_panic() {
    let dir = Project::valid().write();
    let path = dir.path().join("financien.xlsx");
    let bytes = std::fs::read(&path).unwrap();
    for cut in [10, bytes.len() / 3, bytes.len() / 2, bytes.len() - 10] {
        std::fs::write(&path, &bytes[..cut]).unwrap();
        error(&diagnostics(dir.path()), "F02", "financien.xlsx");
    }
}

#[test]
fn a_missing_workbook() {
    let dir = Project::valid().write();
    std::fs::remove_file(dir.path().join("financien.xlsx")).unwrap();
    let ds = diagnostics(dir.path());
    error(&ds, "F01", "financien.xlsx");
    assert_eq!(ds.len(), 1, "{}", show(&ds));
}

#[test]
fn two_files_for_one_workbook() {
    let dir = Project::valid().write();
    std::fs::copy(
        dir.path().join("financien.xlsx"),
        dir.path().join("financien.xlsm"),
    )
    .unwrap();
    error(&diagnostics(dir.path()), "F03", "financien.xlsm");
}

#[test]
fn office_lock_files_are_ignored() {
    let dir = Project::valid().write();
    std::fs::write(dir.path().join("~$financien.xlsx"), b"lock").unwrap();
    assert!(diagnostics(dir.path()).is_empty());
}

#[test]
fn a_missing_required_sheet_names_the_workbook_and_a_near_sheet() {
    let mut p = Project::valid();
    p.stakeholders.remove("Personen");
    let ds = run(&p);
    error(&ds, "F04", "stakeholders.xlsx");

    let mut p = Project::valid();
    p.financien.sheet("Dekking").name = "Dekkingen".into();
    let ds = run(&p);
    let d = error(&ds, "F04", "financien.xlsx");
    assert!(d.hint.as_deref().unwrap().contains("Dekkingen"), "{d}");
}

#[test]
fn sheet_and_header_names_are_matched_tolerantly() {
    let mut p = Project::valid();
    p.stakeholders.sheet("Risicos").name = "Risico's".into();
    p.financien.sheet("Kostenregels").name = "KOSTENREGELS".into();
    p.sheet("Gemeenten").rename("CBS-code", "cbs code");
    p.sheet("Rollen").rename("Rol", "rol ");
    p.sheet("Personen").rename("Persoon-ID", "Persoon ID");
    assert!(run(&p).is_empty(), "{}", show(&run(&p)));
}

#[test]
fn a_missing_required_column() {
    let mut p = Project::valid();
    p.sheet("Kostenregels").remove("Tarief");
    let d = error(&run(&p), "F05", "financien.xlsx: Kostenregels, rij 1").clone();
    assert!(d.message.contains("Tarief"), "{d}");
}

#[test]
fn an_empty_sheet_lacks_its_header() {
    let mut p = Project::valid();
    p.sheet("Doelen").rows.clear();
    error(&run(&p), "F05", "stakeholders.xlsx: tabblad Doelen");
}

#[test]
fn an_unknown_column_is_a_warning_with_the_nearest_name() {
    let mut p = Project::valid();
    p.sheet("Kostenregels").add_column("Tarrief", vec![]);
    let ds = run(&p);
    let d = warning(&ds, "F06", "financien.xlsx: Kostenregels!N1");
    assert_eq!(d.hint.as_deref(), Some("Bedoelt u ‘Tarief’?"));
    assert!(!ds.iter().any(Diagnostic::is_error), "{}", show(&ds));
}

#[test]
fn a_duplicated_header() {
    let mut p = Project::valid();
    p.sheet("Personen").add_column("Functie", vec!["x".into()]);
    let d = error(&run(&p), "F07", "stakeholders.xlsx: Personen!I1").clone();
    assert!(d.message.contains("kolom C"), "{d}");
}

#[test]
fn an_empty_required_cell() {
    let mut p = Project::valid();
    p.sheet("Personen").set("Naam", 2, V::E);
    error(&run(&p), "F08", "stakeholders.xlsx: Personen!B3");
}

#[test]
fn an_empty_required_key_value_field() {
    let mut p = Project::valid();
    p.sheet("Regio").set_field("Versie", V::E);
    error(&run(&p), "F08", "stakeholders.xlsx: Regio!B7");
}

#[test]
fn a_missing_required_key_value_field() {
    let mut p = Project::valid();
    p.sheet("Parameters").rows.remove(1);
    let d = error(&run(&p), "F08", "financien.xlsx: tabblad Parameters").clone();
    assert!(d.message.contains("Startjaar"), "{d}");
}

#[test]
fn a_formula_error() {
    let mut p = Project::valid();
    p.sheet("Kostenregels").set("Tarief", 1, V::Err("#DIV/0!"));
    let d = error(&run(&p), "F09", "financien.xlsx: Kostenregels!G2").clone();
    assert!(d.message.contains("#DEEL/0!"), "{d}");
}

#[test]
fn a_formula_error_in_a_key_value_sheet() {
    let mut p = Project::valid();
    p.sheet("Regio").set_field("Einddatum", V::Err("#REF!"));
    let d = error(&run(&p), "F09", "stakeholders.xlsx: Regio!B6").clone();
    assert!(d.message.contains("#VERW!"), "{d}");
}

#[test]
fn an_ambiguous_amount() {
    let mut p = Project::valid();
    p.sheet("Kostenregels").set("Tarief", 1, "1.23");
    let d = error(&run(&p), "F10", "financien.xlsx: Kostenregels!G2").clone();
    assert!(d.message.contains("dubbelzinnig"), "{d}");
    assert!(d.hint.as_deref().unwrap().contains("1,23"), "{d}");
}

#[test]
fn an_amount_in_english_notation() {
    let mut p = Project::valid();
    p.sheet("Kostenregels").set("Tarief", 2, "5,000.00");
    error(&run(&p), "F10", "financien.xlsx: Kostenregels!G3");
}

#[test]
fn text_that_is_no_amount() {
    let mut p = Project::valid();
    p.sheet("Dekking").set("2027", 2, "vijfduizend");
    error(&run(&p), "F10", "financien.xlsx: Dekking!D3");
}

#[test]
fn a_bad_quantity_in_a_year_column() {
    let mut p = Project::valid();
    p.sheet("Kostenregels").set("2028", 1, "veel");
    error(&run(&p), "F11", "financien.xlsx: Kostenregels!I2");
}

#[test]
fn a_bad_percentage() {
    let mut p = Project::valid();
    p.sheet("Dekking").set("Percentage", 1, "de helft");
    error(&run(&p), "F12", "financien.xlsx: Dekking!C2");
}

#[test]
fn a_fraction_percentage_is_read_as_such_with_a_warning() {
    let mut p = Project::valid();
    p.sheet("Dekking").set("Percentage", 1, V::N(0.5));
    let ds = run(&p);
    let d = warning(&ds, "F13", "financien.xlsx: Dekking!C2");
    assert!(d.message.contains("50 %"), "{d}");
    // Read as 50 %, so the line is half covered.
    warning(&ds, "R19", "financien.xlsx: Kostenregels!A2");
}

#[test]
fn a_bad_date() {
    let mut p = Project::valid();
    p.sheet("Regio").set_field("Startdatum", "31-02-2027");
    error(&run(&p), "F14", "stakeholders.xlsx: Regio!B5");
    let mut p = Project::valid();
    p.sheet("Mijlpalen").set("Datum", 1, "1 juli 2027");
    error(&run(&p), "F14", "stakeholders.xlsx: Mijlpalen!C2");
}

#[test]
fn dates_as_text_are_accepted() {
    let mut p = Project::valid();
    p.sheet("Regio").set_field("Startdatum", "1-1-2027");
    p.sheet("Regio").set_field("Einddatum", "2028-12-31");
    assert!(run(&p).is_empty());
}

#[test]
fn a_bad_yes_no() {
    let mut p = Project::valid();
    p.sheet("Personen").set("Tekenbevoegd", 1, "misschien");
    error(&run(&p), "F15", "stakeholders.xlsx: Personen!G2");
}

#[test]
fn a_number_that_must_be_whole() {
    let mut p = Project::valid();
    p.sheet("Risicos").set("Kans", 1, "2,5");
    error(&run(&p), "F16", "stakeholders.xlsx: Risicos!D2");
    let mut p = Project::valid();
    p.sheet("Risicos").set("Impact", 1, V::N(7.0));
    error(&run(&p), "F16", "stakeholders.xlsx: Risicos!E2");
}

#[test]
fn aantal_jaren_outside_one_to_ten() {
    let mut p = Project::valid();
    p.sheet("Parameters").set_field("Aantal jaren", V::N(11.0));
    error(&run(&p), "F16", "financien.xlsx: Parameters!B3");
}

#[test]
fn a_value_outside_its_list() {
    let mut p = Project::valid();
    p.sheet("Gemeenten").set("Deelname", 1, "deelnemer");
    let ds = run(&p);
    let d = error(&ds, "F17", "stakeholders.xlsx: Gemeenten!C2");
    assert!(
        d.hint
            .as_deref()
            .unwrap()
            .starts_with("Bedoelt u ‘deelnemend’?"),
        "{d}"
    );
}

#[test]
fn enumerations_ignore_case_and_accents() {
    let mut p = Project::valid();
    p.sheet("Rollen").set("Rol", 1, "Regiocoordinator");
    p.sheet("Kostenregels").set("Soort", 1, "Structureel");
    assert!(run(&p).is_empty());
}

#[test]
fn a_malformed_cbs_code() {
    let mut p = Project::valid();
    p.sheet("Gemeenten").set("CBS-code", 3, "0340");
    let ds = run(&p);
    let d = error(&ds, "F18", "stakeholders.xlsx: Gemeenten!A4");
    assert!(d.hint.as_deref().unwrap().contains("GM0340"), "{d}");
}

#[test]
fn malformed_kvk_and_postcode_and_email() {
    let mut p = Project::valid();
    p.sheet("Organisaties").set("KvK-nummer", 1, "1234");
    p.sheet("Organisaties").set("Postcode", 2, "ABCD 12");
    p.sheet("Personen").set("E-mail", 1, "geen-adres");
    let ds = run(&p);
    error(&ds, "F18", "stakeholders.xlsx: Organisaties!G2");
    error(&ds, "F18", "stakeholders.xlsx: Organisaties!I3");
    warning(&ds, "F18", "stakeholders.xlsx: Personen!E2");
}

#[test]
fn a_duplicate_id() {
    let mut p = Project::valid();
    p.sheet("Organisaties").set("Org-ID", 3, "org-ede");
    let d = error(&run(&p), "F19", "stakeholders.xlsx: Organisaties!A4").clone();
    assert!(d.message.contains("rij 2"), "{d}");
}

#[test]
fn an_unknown_reference_suggests_the_nearest_id() {
    let mut p = Project::valid();
    p.sheet("Partijen").set("Ondertekenaar", 1, "P-EDDE");
    let ds = run(&p);
    let d = error(&ds, "F20", "stakeholders.xlsx: Partijen!F2");
    assert_eq!(d.hint.as_deref(), Some("Bedoelt u ‘P-EDE’?"));
}

#[test]
fn references_between_the_two_workbooks() {
    let mut p = Project::valid();
    p.sheet("Rollen").set("Financiering", 1, "B-GEM, B-IZA");
    p.sheet("Dekking").set("Regel-ID", 2, "K9");
    let ds = run(&p);
    error(&ds, "F20", "stakeholders.xlsx: Rollen!H2");
    error(&ds, "F20", "financien.xlsx: Dekking!A3");
}

#[test]
fn a_scope_that_is_not_in_gemeenten() {
    let mut p = Project::valid();
    p.sheet("Kostenregels").set("Scope", 2, "GM0289");
    let d = error(&run(&p), "F20", "financien.xlsx: Kostenregels!D3").clone();
    assert!(d.message.contains("Wageningen"), "{d}");
}

#[test]
fn a_year_column_outside_the_budget_period() {
    let mut p = Project::valid();
    p.sheet("Kostenregels").add_column("2029", vec![V::N(1.0)]);
    error(&run(&p), "F21", "financien.xlsx: Kostenregels!N1");
}

#[test]
fn year_columns_with_a_gap() {
    let mut p = Project::valid();
    p.sheet("Parameters").set_field("Aantal jaren", V::N(3.0));
    p.sheet("Kostenregels").rename("2028", "2029");
    error(&run(&p), "F21", "financien.xlsx: Kostenregels!I1");
}

#[test]
fn an_unknown_cbs_code() {
    let mut p = Project::valid();
    p.sheet("Gemeenten").set("CBS-code", 3, "GM9999");
    error(&run(&p), "F22", "stakeholders.xlsx: Gemeenten!A4");
}

#[test]
fn a_name_that_does_not_match_its_code() {
    let mut p = Project::valid();
    p.sheet("Gemeenten").set("Gemeente", 3, "Wageningen");
    let d = warning(&run(&p), "F23", "stakeholders.xlsx: Gemeenten!B4").clone();
    assert!(d.message.contains("Rhenen"), "{d}");
}

#[test]
fn a_negative_rate() {
    let mut p = Project::valid();
    p.sheet("Kostenregels").set("Tarief", 1, V::N(-95.5));
    error(&run(&p), "F24", "financien.xlsx: Kostenregels!G2");
}

#[test]
fn an_unknown_and_a_duplicated_key_value_field() {
    let mut p = Project::valid();
    p.sheet("Regio").push(vec!["Regionaaam".into(), "x".into()]);
    p.sheet("Parameters")
        .push(vec!["Versie".into(), "2.0".into()]);
    let ds = run(&p);
    let d = warning(&ds, "F25", "stakeholders.xlsx: Regio!A14");
    assert_eq!(d.hint.as_deref(), Some("Bedoelt u ‘Regionaam’?"));
    error(&ds, "F26", "financien.xlsx: Parameters!A8");
}

#[test]
fn an_end_date_before_the_start_date() {
    let mut p = Project::valid();
    p.sheet("Regio").set_field("Einddatum", V::D(2026, 12, 31));
    error(&run(&p), "F27", "stakeholders.xlsx: Regio!B6");
}

#[test]
fn coverage_by_percentage_and_amounts_at_once() {
    let mut p = Project::valid();
    p.sheet("Dekking").set("2027", 1, V::N(100.0));
    error(&run(&p), "F28", "financien.xlsx: Dekking!C2");
}

#[test]
fn coverage_above_one_hundred_percent() {
    let mut p = Project::valid();
    p.sheet("Dekking")
        .push(vec!["K1".into(), "B-SPUK".into(), "10".into()]);
    let ds = run(&p);
    let d = error(&ds, "F29", "financien.xlsx: Dekking, rij 4");
    assert!(d.message.contains("2027: € 4.775,00 te veel"), "{d}");
}

#[test]
fn fixed_shares_that_do_not_add_up() {
    let mut p = Project::valid();
    let s = p.sheet("Verdeelsleutels");
    s.push(vec![
        "S-VAST".into(),
        "vast".into(),
        "nee".into(),
        "GM0228".into(),
        "60".into(),
    ]);
    s.push(vec![
        "S-VAST".into(),
        "vast".into(),
        "nee".into(),
        "GM0345".into(),
        "39,5".into(),
    ]);
    let d = error(&run(&p), "F30", "financien.xlsx: Verdeelsleutels!E3").clone();
    assert!(d.message.contains("99,5 %"), "{d}");
}

#[test]
fn a_fixed_key_without_every_participant_and_two_defaults() {
    let mut p = Project::valid();
    let s = p.sheet("Verdeelsleutels");
    s.push(vec![
        "S-VAST".into(),
        "vast".into(),
        "ja".into(),
        "GM0228".into(),
        "100".into(),
    ]);
    let ds = run(&p);
    let d = error(&ds, "F30", "financien.xlsx: Verdeelsleutels!A3");
    assert!(d.message.contains("GM0345"), "{d}");
    error(&ds, "F30", "financien.xlsx: Verdeelsleutels!C3");
}

#[test]
fn a_jeugdigen_key_needs_the_number_of_children() {
    let mut p = Project::valid();
    p.sheet("Verdeelsleutels").set("Methode", 1, "jeugdigen");
    p.sheet("Gemeenten")
        .set("Jeugdigen 0-17", 1, V::N(25_000.0));
    let ds = run(&p);
    error(&ds, "F30", "stakeholders.xlsx: Gemeenten!E3");
    assert_eq!(
        ds.iter().filter(|d| d.code.as_str() == "F30").count(),
        1,
        "{}",
        show(&ds)
    );
}

#[test]
fn a_regional_line_without_any_key() {
    let mut p = Project::valid();
    p.sheet("Verdeelsleutels").set("Standaard", 1, "nee");
    error(&run(&p), "F30", "financien.xlsx: Kostenregels!J2");
}

#[test]
fn an_unknown_text_section() {
    let mut p = Project::valid();
    p.sheet("Teksten").set("Sectie", 1, "visei");
    let d = warning(&run(&p), "F31", "stakeholders.xlsx: Teksten!B2").clone();
    assert_eq!(d.hint.as_deref(), Some("Bedoelt u ‘visie’?"));
}

#[test]
fn r01_unmet_precondition_warns_in_concept_and_blocks_definitief() {
    let mut p = Project::valid();
    p.sheet("Randvoorwaarden").set("Voldaan", 4, "nee");
    warning(&run(&p), "R01", "stakeholders.xlsx: Randvoorwaarden!C5");
    p.sheet("Regio").set_field("Status", "definitief");
    error(&run(&p), "R01", "stakeholders.xlsx: Randvoorwaarden!C5");
}

#[test]
fn r01_with_owner_and_date_is_a_warning_even_for_a_final_version() {
    let mut p = Project::valid();
    p.sheet("Regio").set_field("Status", "definitief");
    p.sheet("Randvoorwaarden")
        .set("Voldaan", 4, "nee")
        .add_column("Eigenaar", vec![V::E, V::E, V::E, "P-RC".into()])
        .add_column("Gereed op", vec![V::E, V::E, V::E, V::D(2027, 4, 1)]);
    let ds = run(&p);
    let d = warning(&ds, "R01", "stakeholders.xlsx: Randvoorwaarden!C5");
    assert_eq!(
        d.message,
        "Aan de randvoorwaarde ‘projectleider met financiering’ is voor de regio nog niet \
         voldaan; D. Smit regelt dat uiterlijk op 1 april 2027. De stukken noemen de \
         voorwaarde als nog te regelen."
    );
    assert!(!ds.iter().any(Diagnostic::is_error), "{}", show(&ds));
    // A date before the version date has passed.
    p.sheet("Randvoorwaarden")
        .set("Gereed op", 4, V::D(2026, 10, 1));
    let d = warning(&run(&p), "R01", "stakeholders.xlsx: Randvoorwaarden!F5").clone();
    assert!(
        d.message
            .ends_with("terwijl dat uiterlijk op 1 oktober 2026 geregeld zou zijn (D. Smit)."),
        "{d}"
    );
}

#[test]
fn r01_a_local_precondition_concerns_only_the_municipalitys_documents() {
    let mut p = Project::valid();
    p.sheet("Regio").set_field("Status", "definitief");
    p.sheet("Randvoorwaarden").push(vec![
        "GM0345".into(),
        "projectleider met financiering".into(),
        "nee".into(),
    ]);
    let ds = run(&p);
    let d = error(&ds, "R01", "stakeholders.xlsx: Randvoorwaarden!C8");
    assert_eq!(d.gemeente.as_deref(), Some("GM0345"));
    assert!(d.local_only);
    assert_eq!(
        d.message,
        "Aan de randvoorwaarde ‘projectleider met financiering’ is voor Veenendaal nog niet \
         voldaan, en er is niet vastgelegd wie die regelt en wanneer."
    );
}

#[test]
fn r01_preconditions_not_recorded_for_a_municipality() {
    let mut p = Project::valid();
    p.sheet("Randvoorwaarden").rows.truncate(3);
    let ds = run(&p);
    let d = warning(&ds, "R01", "stakeholders.xlsx: tabblad Randvoorwaarden");
    assert!(d.message.contains("financiering geborgd"), "{d}");
    assert!(d.gemeente.is_some());
}

#[test]
fn r03_signatory_not_authorised_or_of_another_organisation() {
    let mut p = Project::valid();
    p.sheet("Personen").set("Tekenbevoegd", 2, "nee");
    p.sheet("Partijen").set("Ondertekenaar", 3, "P-EDE");
    let ds = run(&p);
    let d = error(&ds, "R03", "stakeholders.xlsx: Partijen!F3");
    assert!(d.message.contains("niet tekenbevoegd"), "{d}");
    let d = error(&ds, "R03", "stakeholders.xlsx: Partijen!F4");
    assert!(d.message.contains("werkt voor Gemeente Ede"), "{d}");
}

#[test]
fn r03_party_without_signatory() {
    let mut p = Project::valid();
    p.sheet("Partijen").set("Ondertekenaar", 1, V::E);
    error(&run(&p), "R03", "stakeholders.xlsx: Partijen!F2");
}

#[test]
fn r04_party_without_role_or_responsibilities() {
    let mut p = Project::valid();
    p.sheet("Partijen").set("Rol in de aanpak", 2, V::E);
    p.sheet("Partijen").set("Verantwoordelijkheden", 3, V::E);
    p.sheet("Partijen").set("Bijdrage", 1, V::E);
    let ds = run(&p);
    error(&ds, "R04", "stakeholders.xlsx: Partijen!C3");
    error(&ds, "R04", "stakeholders.xlsx: Partijen!D4");
    warning(&ds, "R04", "stakeholders.xlsx: Partijen!E2");
    assert!(
        !ds.iter().any(|d| d.code.as_str() == "F08"),
        "{}",
        show(&ds)
    );
}

#[test]
fn r03_a_municipality_acts_on_a_college_decision() {
    let mut p = Project::valid();
    p.sheet("Partijen").set("Besluitdatum", 1, V::E);
    let msg = "Bij partij Gemeente Ede ontbreekt de datum van het collegebesluit waarop de \
               ondertekenaar handelt.";
    let d = warning(&run(&p), "R03", "stakeholders.xlsx: Partijen!G2").clone();
    assert_eq!(d.message, msg);
    // A final agreement that does not name the decision would be wrong: an error.
    p.sheet("Regio").set_field("Status", "definitief");
    let ds = run(&p);
    assert_eq!(
        error(&ds, "R03", "stakeholders.xlsx: Partijen!G2").message,
        msg
    );
    // A wethouder without a recorded basis: the agreement assumes the mayor's mandate.
    let mut p = Project::valid();
    p.sheet("Personen").set("Grondslag bevoegdheid", 2, V::E);
    let d = warning(&run(&p), "R03", "stakeholders.xlsx: Personen!H3").clone();
    assert!(d.message.contains("machtiging door de burgemeester"), "{d}");
    // The mayor represents the municipality by law and needs no recorded basis.
    p.sheet("Personen").set("Functie", 2, "burgemeester");
    assert!(!run(&p).iter().any(|d| d.code.as_str() == "R03"));
}

#[test]
fn r05_parties_agreed_before_the_final_version() {
    let mut p = Project::valid();
    p.sheet("Partijen")
        .add_column("Afgestemd op", vec![V::D(2026, 11, 1), V::D(2026, 11, 1)]);
    assert!(!run(&p).iter().any(|d| d.code.as_str() == "R05"));
    p.sheet("Regio").set_field("Status", "definitief");
    let ds = run(&p);
    let d = warning(&ds, "R05", "stakeholders.xlsx: Partijen!H4");
    assert_eq!(
        d.message,
        "De rol, verantwoordelijkheden en bijdrage van GGD Proefregio zijn niet als afgestemd \
         met GGD Proefregio vastgelegd."
    );
    assert_eq!(ds.iter().filter(|d| d.code.as_str() == "R05").count(), 1);
}

#[test]
fn r06_an_agreement_follows_a_go_decision() {
    let mut p = Project::valid();
    p.sheet("Mijlpalen").set("Uitkomst", 2, "open");
    let d = warning(&run(&p), "R06", "stakeholders.xlsx: tabblad Mijlpalen").clone();
    assert_eq!(
        d.message,
        "Er is geen go-besluit over het plan vastgelegd vóór de regionale samenwerkingsovereenkomst."
    );
    // A signing planned before the go.
    let mut p = Project::valid();
    p.sheet("Mijlpalen").push(vec![
        "M2".into(),
        "ondertekening".into(),
        V::D(2026, 9, 1),
        "Ondertekening".into(),
    ]);
    let d = warning(&run(&p), "R06", "stakeholders.xlsx: Mijlpalen!C4").clone();
    assert_eq!(
        d.message,
        "De ondertekening van de regionale samenwerkingsovereenkomst (1 september 2026) ligt \
         vóór het go-besluit (1 oktober 2026)."
    );
}

#[test]
fn r08_no_go_no_go_moment() {
    let mut p = Project::valid();
    p.sheet("Mijlpalen")
        .set("Soort", 1, "evaluatie")
        .set("Soort", 2, "besluit");
    error(&run(&p), "R08", "stakeholders.xlsx: tabblad Mijlpalen");
}

#[test]
fn r09_coordinator_hours_below_the_profiles_proposal() {
    let mut p = Project::valid();
    p.sheet("Rollen").set("Uren per week", 1, "8,5");
    let d = warning(&run(&p), "R09", "stakeholders.xlsx: Rollen!D2").clone();
    assert_eq!(
        d.message,
        "De regiocoördinator heeft 8,5 uur per week; de profielschets stelt bij 2 deelnemende \
         gemeenten meer dan 10 à 12 uur per week (2-6 gemeenten) voor."
    );
    assert!(!d.to_string().contains("norm ") && d.hint.unwrap().contains("geen norm"));
    // 10 hours is the lowest number of the band: no finding.
    p.sheet("Rollen").set("Uren per week", 1, "10");
    assert!(!run(&p).iter().any(|d| d.code.as_str() == "R09"));
}

#[test]
fn r09_the_bands_overlap_at_six_municipalities() {
    let bands = |n| {
        regiodocs::validate::uren_voorstel(n)
            .iter()
            .map(|b| (b.gemeenten, b.uren))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        bands(6),
        [
            ("2-6 gemeenten", "meer dan 10 à 12 uur"),
            ("6-12 gemeenten", "meer dan 15 uur")
        ]
    );
    assert_eq!(bands(13), [("meer dan 12 gemeenten", "20 à 24 uur")]);
}

#[test]
fn r11_fewer_than_two_participants() {
    let mut p = Project::valid();
    p.sheet("Gemeenten").set("Deelname", 2, "verkennend");
    error(&run(&p), "R11", "stakeholders.xlsx: tabblad Gemeenten");
}

#[test]
fn r13_a_level_per_role_and_one_owner_per_task() {
    let mut p = Project::valid();
    p.sheet("Rollen").set("Niveau", 1, V::E);
    let d = warning(&run(&p), "R13", "stakeholders.xlsx: Rollen!I2").clone();
    assert_eq!(
        d.message,
        "Bij de rol regiocoördinator voor de regio (D. Smit) is geen niveau vastgelegd."
    );
    // Two coordinators at the same level: two owners. A duo over two levels is fine.
    let mut p = Project::valid();
    p.sheet("Rollen").push(vec![
        "regiocoördinator".into(),
        "P-ME".into(),
        "regio".into(),
        "8".into(),
        V::E,
        V::E,
        V::E,
        V::E,
        "strategisch".into(),
    ]);
    let d = warning(&run(&p), "R13", "stakeholders.xlsx: Rollen!B4").clone();
    assert_eq!(
        d.message,
        "De rol regiocoördinator voor de regio op strategisch niveau heeft twee eigenaren: \
         D. Smit (rij 2) en E. Visser."
    );
    p.sheet("Rollen").set("Niveau", 3, "operationeel");
    assert!(!run(&p).iter().any(|d| d.code.as_str() == "R13"));
    // A combined role needs the hours of each part.
    p.sheet("Rollen").set("Uren per week", 3, V::E);
    let d = warning(&run(&p), "R13", "stakeholders.xlsx: Rollen!D4").clone();
    assert_eq!(
        d.message,
        "E. Visser vervult meer dan één rol, maar bij de rol regiocoördinator staan geen uren."
    );
}

#[test]
fn r14_a_goal_has_indicator_source_and_owner() {
    let mut p = Project::valid();
    p.sheet("Doelen")
        .set("Indicator", 1, V::E)
        .set("Bron", 1, V::E)
        .set("Eigenaar", 1, V::E);
    let ds = run(&p);
    for (cell, wat) in [
        ("C2", "geen indicator"),
        ("D2", "geen bron voor de indicator"),
        ("H2", "geen eigenaar"),
    ] {
        let d = warning(&ds, "R14", &format!("stakeholders.xlsx: Doelen!{cell}"));
        assert_eq!(
            d.message,
            format!("Het doel ‘Meer kinderen begeleid’ heeft {wat}.")
        );
    }
}

#[test]
fn r15_monitoring_has_owner_hours_work_group_and_budget() {
    let mut p = Project::valid();
    p.sheet("Rollen").set("Uren per week", 2, V::E);
    p.sheet("Overleggen").rows.truncate(2);
    p.sheet("Kostenregels").set("Rol", 3, V::E);
    let ds = run(&p);
    assert_eq!(
        warning(&ds, "R15", "stakeholders.xlsx: Rollen!D3").message,
        "De eigenaar van de monitoring en evaluatie heeft geen uren."
    );
    assert_eq!(
        warning(&ds, "R15", "stakeholders.xlsx: tabblad Overleggen").message,
        "Er is geen werkgroep monitoring en evaluatie waarin de eigenaar van de monitoring zit."
    );
    assert_eq!(
        warning(&ds, "R15", "financien.xlsx: tabblad Kostenregels").message,
        "De begroting heeft geen kostenregel voor monitoring en evaluatie."
    );
    let mut p = Project::valid();
    p.sheet("Rollen").rows.truncate(2);
    assert_eq!(
        warning(&run(&p), "R15", "stakeholders.xlsx: tabblad Rollen").message,
        "Er is geen eigenaar van de regionale monitoring en evaluatie vastgelegd."
    );
}

#[test]
fn r17_a_budget_of_one_year() {
    let mut p = Project::valid();
    p.sheet("Parameters").set_field("Aantal jaren", V::N(1.0));
    p.sheet("Kostenregels").remove("2028");
    p.sheet("Dekking").remove("2028");
    let d = warning(&run(&p), "R17", "financien.xlsx: Parameters!B3").clone();
    assert_eq!(
        d.message,
        "De begroting beslaat één jaar; de aanpak vraagt een meerjarige begroting."
    );
}

#[test]
fn r20_r21_the_czv_capacity_plan() {
    let mut p = Project::valid();
    p.sheet("CZV-capaciteit")
        .set("Overstijgende uren per week", 1, V::E)
        .set("Functiebeschrijving Zorginstituut", 1, "nee");
    let ds = run(&p);
    assert_eq!(
        warning(&ds, "R20", "financien.xlsx: CZV-capaciteit!E2").message,
        "In het capaciteitsplan voor de regio ontbreekt ‘Overstijgende uren per week’."
    );
    assert_eq!(
        warning(&ds, "R21", "financien.xlsx: CZV-capaciteit!H2").message,
        "Voor de regio komt 60% van de casusgebonden uren ten laste van de \
         Zorgverzekeringswet, maar niet vastgelegd is dat de rol voldoet aan de functionele \
         beschrijving van het Zorginstituut."
    );
    // Only municipal rows: a participant without one has no plan.
    let mut p = Project::valid();
    p.sheet("CZV-capaciteit").set("Scope", 1, "GM0228");
    let d = warning(&run(&p), "R20", "financien.xlsx: tabblad CZV-capaciteit").clone();
    assert_eq!(
        d.message,
        "Er is geen capaciteitsplan voor de centrale zorgverleners in Veenendaal."
    );
    assert_eq!(d.gemeente.as_deref(), Some("GM0345"));
    // Without the sheet.
    let mut p = Project::valid();
    p.financien.remove("CZV-capaciteit");
    assert_eq!(
        warning(&run(&p), "R20", "financien.xlsx").message,
        "Er is geen capaciteitsplan voor de centrale zorgverleners."
    );
}

#[test]
fn r24_each_municipality_decides_on_the_plan() {
    let mut p = Project::valid();
    p.sheet("Regio").set_field("Status", "definitief");
    p.sheet("Gemeenten")
        .add_column(
            "Besluitstatus",
            vec!["college en raad".into(), "college".into()],
        )
        .add_column("Besluitdatum", vec![V::D(2026, 11, 1), V::D(2026, 11, 2)]);
    let ds = run(&p);
    // Veenendaal needs its council too.
    let d = warning(&ds, "R24", "stakeholders.xlsx: Gemeenten!I3");
    assert_eq!(
        d.message,
        "Veenendaal heeft het plan nog niet vastgesteld: de gemeenteraad heeft nog niet \
         besloten. Het regionale plan is pas vastgesteld als alle deelnemende gemeenten \
         hebben besloten."
    );
    assert_eq!(ds.iter().filter(|d| d.code.as_str() == "R24").count(), 1);
    // In concept the plan shows the state; no warning.
    p.sheet("Regio").set_field("Status", "concept");
    assert!(!run(&p).iter().any(|d| d.code.as_str() == "R24"));
}

#[test]
fn r16_cost_line_without_kind() {
    let mut p = Project::valid();
    p.sheet("Kostenregels").set("Soort", 2, V::E);
    let ds = run(&p);
    error(&ds, "R16", "financien.xlsx: Kostenregels!E3");
    warning(&ds, "R16", "financien.xlsx: tabblad Kostenregels");
}

#[test]
fn r18_structural_cost_from_temporary_money() {
    let mut p = Project::valid();
    p.sheet("Dekking").set("Bron-ID", 1, "B-SPUK");
    warning(&run(&p), "R18", "financien.xlsx: Dekking!B2");
}

#[test]
fn r19_a_coverage_gap() {
    let mut p = Project::valid();
    p.sheet("Dekking").set("Percentage", 1, "80%");
    let d = warning(&run(&p), "R19", "financien.xlsx: Kostenregels!A2").clone();
    assert!(
        d.message.contains("2027: € 9.550,00") && d.message.contains("2028: € 9.550,00"),
        "{d}"
    );
}

#[test]
fn r25_no_go_without_reasons() {
    let mut p = Project::valid();
    p.sheet("Mijlpalen").set("Uitkomst", 1, "no-go");
    error(&run(&p), "R25", "stakeholders.xlsx: Mijlpalen!I2");
}

#[test]
fn positions_are_reported_as_excel_shows_them_when_a_sheet_does_not_start_at_a1() {
    let mut p = Project::valid();
    p.sheet("Kostenregels").origin = (3, 2);
    p.sheet("Kostenregels").set("Tarief", 1, "abc");
    p.sheet("Regio").origin = (1, 1);
    p.sheet("Regio").set_field("Startdatum", "morgen");
    let ds = run(&p);
    error(&ds, "F10", "financien.xlsx: Kostenregels!I5");
    error(&ds, "F14", "stakeholders.xlsx: Regio!C6");
}

#[test]
fn every_finding_is_reported_in_one_run() {
    let mut p = Project::valid();
    p.sheet("Kostenregels").set("Tarief", 1, "abc");
    p.sheet("Personen").set("Naam", 1, V::E);
    p.sheet("Gemeenten").set("Deelname", 1, "ja");
    p.sheet("Mijlpalen").set("Uitkomst", 1, "no-go");
    let ds = run(&p);
    for code in ["F10", "F08", "F17", "R25"] {
        assert!(
            ds.iter().any(|d| d.code.as_str() == code),
            "{code} missing:\n{}",
            show(&ds)
        );
    }
}

#[test]
fn garbage_cells_never_panic() {
    let hostile: Vec<V> = vec![
        V::T("=HYPERLINK(\"x\")".into()),
        V::T("\u{200F}".into()),
        V::T("🍎".into()),
        V::N(f64::MAX),
        V::N(-0.0),
        V::N(1e-300),
        V::B(true),
        V::D(1900, 1, 1),
        V::Err("#N/A"),
        V::T("9".repeat(40)),
        V::T(",,,;;\n\n".into()),
    ];
    for v in hostile {
        let mut p = Project::valid();
        for (sheet, col) in [
            ("Kostenregels", "Tarief"),
            ("Kostenregels", "2027"),
            ("Dekking", "Percentage"),
            ("Gemeenten", "Inwoners"),
            ("Regio", "Waarde"),
            ("Partijen", "Ondertekenaar"),
            ("Mijlpalen", "Datum"),
            ("Parameters", "Waarde"),
        ] {
            p.sheet(sheet).set(col, 1, v.clone());
        }
        let _ = run(&p);
    }
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_regiodocs"));
    c.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    c
}

#[test]
fn exit_codes_and_json_output() {
    let dir = Project::valid().write();
    let ok = bin().args(["check"]).arg(dir.path()).output().unwrap();
    assert_eq!(ok.status.code(), Some(0));
    let text = String::from_utf8_lossy(&ok.stderr);
    assert!(text.contains("0 fouten, 0 waarschuwingen"), "{text}");

    let mut p = Project::valid();
    p.sheet("Kostenregels").set("Tarief", 1, "1.23");
    let dir = p.write();
    let out = bin()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["errors"], 1);
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "F10");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["location"]["workbook"], "financien.xlsx");
    assert_eq!(d["location"]["sheet"], "Kostenregels");
    assert_eq!(d["location"]["cell"], "G2");
    assert!(out.stderr.is_empty(), "JSON mode must not print to stderr");

    let human = bin().args(["check"]).arg(dir.path()).output().unwrap();
    let text = String::from_utf8_lossy(&human.stderr);
    assert!(
        text.contains("fout[F10] financien.xlsx: Kostenregels!G2: ‘1.23’ is dubbelzinnig"),
        "{text}"
    );
    assert!(
        !text.contains('\u{1b}'),
        "no colour codes when not on a terminal: {text:?}"
    );

    let missing = bin().args(["check", "/bestaat/niet"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
    let usage = bin().args(["check"]).output().unwrap();
    assert_eq!(usage.status.code(), Some(2));
    let unknown = bin().args(["bouw"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
}
