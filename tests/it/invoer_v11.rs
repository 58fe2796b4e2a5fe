//! Input format 1.1: a failure fixture for every new field, asserting the exact Dutch
//! diagnostic at its cell, and the promise that every workbook of format 1 still reads (the
//! fixture without the new columns, and the example as committed before 1.1).

use std::path::Path;

use regiodocs::diag::{Diagnostic, Severity};

use crate::fixtures::{Project, V};

fn run(p: &Project) -> Vec<Diagnostic> {
    p.diagnostics()
}

/// Asserts that exactly this finding (code, severity, cell and message) is among `ds`.
#[track_caller]
fn exactly(ds: &[Diagnostic], code: &str, severity: Severity, at: &str, message: &str) {
    let found = ds.iter().any(|d| {
        d.code.as_str() == code
            && d.severity == severity
            && d.location.as_ref().map(|l| l.to_string()).as_deref() == Some(at)
            && d.message == message
    });
    let all: String = ds.iter().map(|d| format!("  {d}\n")).collect();
    assert!(found, "expected {code} at {at}: {message}\ngot:\n{all}");
}

#[track_caller]
fn error(p: &Project, code: &str, at: &str, message: &str) {
    exactly(&run(p), code, Severity::Error, at, message);
}

const S: &str = "stakeholders.xlsx";
const F: &str = "financien.xlsx";

#[test]
fn regio_penvoerder_must_be_an_organisation() {
    let mut p = Project::valid();
    p.sheet("Regio")
        .push(vec!["Penvoerder".into(), "ORG-EED".into()]);
    let ds = run(&p);
    exactly(
        &ds,
        "F20",
        Severity::Error,
        &format!("{S}: Regio!B14"),
        "Org-ID ‘ORG-EED’ bestaat niet (tabblad Organisaties).",
    );
    let d = ds.iter().find(|d| d.code.as_str() == "F20").unwrap();
    assert_eq!(d.hint.as_deref(), Some("Bedoelt u ‘ORG-EDE’?"));
}

#[test]
fn regio_penvoerder_missing_or_not_a_party() {
    // No host organisation and no penvoerder: the agreement cannot name who holds the money.
    let mut p = Project::valid();
    p.sheet("Regio").set_field("Gastorganisatie", V::E);
    exactly(
        &run(&p),
        "F33",
        Severity::Warning,
        &format!("{S}: tabblad Regio"),
        "Er is geen penvoerder: de regionale overeenkomst kan niet zeggen wie het regionale budget beheert en de gemeenten factureert.",
    );
    // A penvoerder that is no party to the regional agreement.
    let mut p = Project::valid();
    p.sheet("Partijen").rows.truncate(3);
    exactly(
        &run(&p),
        "F33",
        Severity::Warning,
        &format!("{S}: Regio!B12"),
        "De penvoerder ORG-GGD is geen partij bij de regionale samenwerkingsovereenkomst.",
    );
}

#[test]
fn regio_facturering_and_besluitvorming_take_their_lists() {
    let mut p = Project::valid();
    p.sheet("Regio")
        .push(vec!["Facturering".into(), "maandelijks".into()])
        .push(vec!["Besluitvorming stuurgroep".into(), "unaniem".into()]);
    let ds = run(&p);
    exactly(
        &ds,
        "F17",
        Severity::Error,
        &format!("{S}: Regio!B14"),
        "‘maandelijks’ is geen toegestane waarde voor Facturering.",
    );
    exactly(
        &ds,
        "F17",
        Severity::Error,
        &format!("{S}: Regio!B15"),
        "‘unaniem’ is geen toegestane waarde voor Besluitvorming stuurgroep.",
    );
}

#[test]
fn regio_opzegtermijn_is_1_to_36_months() {
    let mut p = Project::valid();
    p.sheet("Regio")
        .push(vec!["Opzegtermijn".into(), V::N(48.0)]);
    error(
        &p,
        "F16",
        &format!("{S}: Regio!B14"),
        "48 ligt buiten het toegestane bereik (van 1 tot en met 36).",
    );
}

#[test]
fn regio_implementatiefase_is_one_of_the_four_phases() {
    let mut p = Project::valid();
    p.sheet("Regio").set_field("Implementatiefase", "fase 5");
    error(
        &p,
        "F17",
        &format!("{S}: Regio!B13"),
        "‘fase 5’ is geen toegestane waarde voor Implementatiefase.",
    );
    let mut p = Project::valid();
    p.sheet("Regio").set_field("Implementatiefase", V::E);
    exactly(
        &run(&p),
        "F33",
        Severity::Warning,
        &format!("{S}: Regio!B13"),
        "De implementatiefase is niet ingevuld; het plan kan de aanpak niet in een van de vier fasen van de handreiking plaatsen.",
    );
}

#[test]
fn gemeenten_besluitstatus_besluitdatum_and_overgewicht() {
    let mut p = Project::valid();
    p.sheet("Gemeenten")
        .add_column("Besluitstatus", vec!["raad".into(), "college".into()])
        .add_column("Besluitdatum", vec!["31-02-2026".into()])
        .add_column("Overgewicht jeugd", vec!["120".into(), "veel".into()]);
    let ds = run(&p);
    exactly(
        &ds,
        "F17",
        Severity::Error,
        &format!("{S}: Gemeenten!I2"),
        "‘raad’ is geen toegestane waarde voor Besluitstatus.",
    );
    exactly(
        &ds,
        "F14",
        Severity::Error,
        &format!("{S}: Gemeenten!J2"),
        "‘31-02-2026’ is geen geldige datum.",
    );
    exactly(
        &ds,
        "F12",
        Severity::Error,
        &format!("{S}: Gemeenten!K2"),
        "‘Overgewicht jeugd’ is een deel van het geheel en kan niet meer dan 100 % zijn.",
    );
    assert!(
        ds.iter().any(|d| d.code.as_str() == "F12"
            && d.location.as_ref().unwrap().to_string() == format!("{S}: Gemeenten!K3")),
        "‘veel’ is no percentage"
    );
    // Veenendaal's college decided, without a date (R24, a warning).
    exactly(
        &ds,
        "R24",
        Severity::Warning,
        &format!("{S}: Gemeenten!J3"),
        "Veenendaal heeft besloten (college), maar de datum van het besluit ontbreekt.",
    );
}

#[test]
fn partijen_besluitdatum_and_afgestemd_op_are_dates() {
    let mut p = Project::valid();
    p.sheet("Partijen")
        .set("Besluitdatum", 1, "2 november")
        .add_column("Afgestemd op", vec![V::E, "gisteren".into()]);
    let ds = run(&p);
    exactly(
        &ds,
        "F14",
        Severity::Error,
        &format!("{S}: Partijen!G2"),
        "‘2 november’ is geen geldige datum.",
    );
    exactly(
        &ds,
        "F14",
        Severity::Error,
        &format!("{S}: Partijen!H3"),
        "‘gisteren’ is geen geldige datum.",
    );
}

#[test]
fn rollen_niveau_and_contractvorm_take_their_lists() {
    let mut p = Project::valid();
    p.sheet("Rollen")
        .set("Niveau", 1, "bestuurlijk")
        .add_column("Contractvorm", vec!["zzp".into()]);
    let ds = run(&p);
    exactly(
        &ds,
        "F17",
        Severity::Error,
        &format!("{S}: Rollen!I2"),
        "‘bestuurlijk’ is geen toegestane waarde voor Niveau.",
    );
    exactly(
        &ds,
        "F17",
        Severity::Error,
        &format!("{S}: Rollen!J2"),
        "‘zzp’ is geen toegestane waarde voor Contractvorm.",
    );
}

#[test]
fn doelen_termijn_risicos_soort_and_mijlpalen_fase() {
    let mut p = Project::valid();
    p.sheet("Doelen")
        .add_column("Termijn", vec!["direct".into()]);
    p.sheet("Risicos")
        .add_column("Soort", vec!["gevaar".into()]);
    p.sheet("Mijlpalen")
        .add_column("Fase", vec!["fase 2".into()]);
    let ds = run(&p);
    exactly(
        &ds,
        "F17",
        Severity::Error,
        &format!("{S}: Doelen!J2"),
        "‘direct’ is geen toegestane waarde voor Termijn.",
    );
    exactly(
        &ds,
        "F17",
        Severity::Error,
        &format!("{S}: Risicos!I2"),
        "‘gevaar’ is geen toegestane waarde voor Soort.",
    );
    exactly(
        &ds,
        "F17",
        Severity::Error,
        &format!("{S}: Mijlpalen!J2"),
        "‘fase 2’ is geen toegestane waarde voor Fase.",
    );
}

#[test]
fn randvoorwaarden_eigenaar_and_gereed_op() {
    let mut p = Project::valid();
    p.sheet("Randvoorwaarden")
        .add_column("Eigenaar", vec!["P-EDEN".into()])
        .add_column("Gereed op", vec![V::E, "morgen".into()]);
    let ds = run(&p);
    exactly(
        &ds,
        "F20",
        Severity::Error,
        &format!("{S}: Randvoorwaarden!E2"),
        "Persoon-ID ‘P-EDEN’ bestaat niet (tabblad Personen).",
    );
    exactly(
        &ds,
        "F14",
        Severity::Error,
        &format!("{S}: Randvoorwaarden!F3"),
        "‘morgen’ is geen geldige datum.",
    );
}

#[test]
fn kostenregels_rol_and_werkweken_per_jaar() {
    let mut p = Project::valid();
    p.sheet("Kostenregels").set("Rol", 1, "coördinator");
    p.sheet("Parameters")
        .push(vec!["Werkweken per jaar".into(), V::N(60.0)]);
    let ds = run(&p);
    exactly(
        &ds,
        "F17",
        Severity::Error,
        &format!("{F}: Kostenregels!M2"),
        "‘coördinator’ is geen toegestane waarde voor Rol.",
    );
    exactly(
        &ds,
        "F16",
        Severity::Error,
        &format!("{F}: Parameters!B8"),
        "60 ligt buiten het toegestane bereik (van 1 tot en met 52).",
    );
}

#[test]
fn czv_capaciteit_every_column() {
    let mut p = Project::valid();
    p.sheet("CZV-capaciteit")
        .set("Casussen jaar 1", 1, "veel")
        .set("Directe uren per casus", 1, V::N(-3.0))
        .set("Uurtarief", 1, "€ 78,123")
        .set("Zvw-deel", 1, V::N(150.0))
        .set("Functiebeschrijving Zorginstituut", 1, "misschien")
        .push(vec![V::E, V::N(1.0)])
        .push(vec!["GM0999".into()])
        .push(vec!["regio".into()]);
    let ds = run(&p);
    exactly(
        &ds,
        "F16",
        Severity::Error,
        &format!("{F}: CZV-capaciteit!B2"),
        "‘veel’ is geen geldig geheel getal: er staan tekens in die niet in een getal horen.",
    );
    exactly(
        &ds,
        "F11",
        Severity::Error,
        &format!("{F}: CZV-capaciteit!C2"),
        "‘Directe uren per casus’ mag niet negatief zijn.",
    );
    assert!(ds.iter().any(|d| d.code.as_str() == "F10"
        && d.location.as_ref().unwrap().to_string() == format!("{F}: CZV-capaciteit!F2")));
    exactly(
        &ds,
        "F12",
        Severity::Error,
        &format!("{F}: CZV-capaciteit!G2"),
        "‘Zvw-deel’ is een deel van het geheel en kan niet meer dan 100 % zijn.",
    );
    exactly(
        &ds,
        "F15",
        Severity::Error,
        &format!("{F}: CZV-capaciteit!H2"),
        "‘misschien’ is geen ja/nee-waarde.",
    );
    exactly(
        &ds,
        "F08",
        Severity::Error,
        &format!("{F}: CZV-capaciteit!A3"),
        "‘Scope’ is verplicht, maar de cel is leeg.",
    );
    exactly(
        &ds,
        "F20",
        Severity::Error,
        &format!("{F}: CZV-capaciteit!A4"),
        "De gemeente GM0999 staat niet op het tabblad Gemeenten.",
    );
    exactly(
        &ds,
        "F19",
        Severity::Error,
        &format!("{F}: CZV-capaciteit!A5"),
        "De scope regio staat twee keer op het tabblad CZV-capaciteit (ook in rij 2).",
    );
    // An unreadable or empty cell is reported once, not again as missing (R20).
    assert!(!ds.iter().any(|d| {
        d.code.as_str() == "R20"
            && ["B2", "C2", "F2"]
                .iter()
                .any(|c| d.location.as_ref().unwrap().to_string().ends_with(c))
    }));
    assert_eq!(ds.iter().filter(|d| d.code.as_str() == "F19").count(), 1);
}

/// The warnings a workbook of format 1 gets: the new fields a document needs (levels, the
/// phase, the college decisions, the capacity plan, the M&E cost line), never an error.
#[test]
fn a_v1_fixture_reads_without_errors() {
    let ds = run(&Project::v1());
    let errors: Vec<String> = ds
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let codes: std::collections::BTreeSet<&str> = ds.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes.into_iter().collect::<Vec<_>>(),
        ["F33", "R03", "R06", "R13", "R15", "R20"],
        "{ds:?}"
    );
}

/// The example region as committed before input format 1.1 (`tests/fixtures/v1-foodvalley`,
/// copied from the repository before the example was regenerated) still builds every
/// document, as concept, with the built-in templates.
#[test]
fn the_v1_example_still_builds() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1-foodvalley");
    let c = regiodocs::pipeline::check(&src);
    assert!(!c.diagnostics.has_errors(), "{:?}", c.diagnostics);
    let p = c.project.unwrap();
    assert!(p.czv.is_empty() && p.rollen.iter().all(|r| r.niveau.is_none()));
    let uit = tempfile::tempdir().unwrap();
    let engine = regiodocs::pipeline::Engine::new();
    let opts = regiodocs::pipeline::BuildOptions {
        formats: regiodocs::pipeline::Formats {
            pdf: true,
            docx: true,
            xlsx: true,
        },
        concept: true,
        ..Default::default()
    };
    let r = regiodocs::pipeline::build(
        &engine,
        &[regiodocs::pipeline::Project::new(&src, uit.path())],
        &opts,
        &|_| {},
    )
    .remove(0)
    .expect("the v1 example builds");
    assert!(r.geweigerd.is_empty(), "{:?}", r.geweigerd);
    // PDF and DOCX of the 4 regional documents, of plan, assignment and budget of each of the
    // 7 municipalities and of the 2 local agreements; 8 budget workbooks and the overview.
    assert_eq!(
        r.geschreven.len(),
        (4 + 7 * 3 + 2) * 2 + 8 + 1,
        "{:?}",
        r.geschreven
    );
    let plan = std::fs::read(uit.path().join("regio/regionaal-plan.docx")).unwrap();
    let t = crate::docx::part_text(&crate::util::zip_entry(&plan, "word/document.xml"));
    assert!(t.contains("In welke fase de aanpak zich nu bevindt, is nog niet vastgelegd."));
    assert!(t.contains("Er is nog geen raming gemaakt van de capaciteit"));
}
