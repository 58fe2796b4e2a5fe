//! What the documents say, as readers get them: every clause of the agreement, every section
//! of the plans, assignments and budgets that input format 1.1 brought, and the rules as the
//! sources mean them (R01 per scope, R09 as a proposal, combined roles). Each check reads the
//! text of the PDF (`pdftotext`) and of the DOCX (`word/document.xml`) of documents built by
//! the real pipeline: the Foodvalley example, or a fixture changed for one variant.
//!
//! Texts are compared without white space and soft hyphens, so line breaks, hyphenation and
//! table cells do not matter. Without `pdftotext` the PDF half is skipped with a notice
//! (a failure when `CI` is set).

use std::path::{Path, PathBuf};

use regiodocs::pipeline::{BuildOptions, BuildReport};

use crate::fixtures::{Project, V};
use crate::templates::{LOKALE_ARTIKELEN, REGIONALE_ARTIKELEN};
use crate::util::{need, zip_entry};

/// Removes white space (also the no-break space after `€`) and soft hyphens.
fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{AD}')
        .collect()
}

/// A phrase to look for: `|` separates table cells and is dropped with the white space.
fn phrase(p: &str) -> String {
    squeeze(&p.replace('|', ""))
}

/// The text of one built document (`stem` without extension): PDF and DOCX, squeezed. The
/// PDF text is `None` when pdftotext is missing.
struct Texts {
    name: String,
    pdf: Option<String>,
    docx: String,
}

impl Texts {
    fn of(stem: &Path) -> Texts {
        let docx = std::fs::read(stem.with_extension("docx"))
            .unwrap_or_else(|e| panic!("{}.docx: {e}", stem.display()));
        let docx = squeeze(&crate::docx::part_text(&zip_entry(
            &docx,
            "word/document.xml",
        )));
        // Page by page without the page furniture: a sentence may run over a page.
        let pdf = need("pdftotext")
            .then(|| squeeze(&crate::render::body_text(&stem.with_extension("pdf"))));
        Texts {
            name: stem.display().to_string(),
            pdf,
            docx,
        }
    }

    /// Asserts that every phrase is in the PDF and in the DOCX.
    #[track_caller]
    fn has(&self, phrases: &[&str]) -> &Self {
        for p in phrases {
            let q = phrase(p);
            if let Some(pdf) = &self.pdf {
                assert!(pdf.contains(&q), "{}.pdf lacks: {p}", self.name);
            }
            assert!(self.docx.contains(&q), "{}.docx lacks: {p}", self.name);
        }
        self
    }

    /// Asserts that no phrase is in the PDF or the DOCX.
    #[track_caller]
    fn lacks(&self, phrases: &[&str]) -> &Self {
        for p in phrases {
            let q = phrase(p);
            if let Some(pdf) = &self.pdf {
                assert!(!pdf.contains(&q), "{}.pdf has: {p}", self.name);
            }
            assert!(!self.docx.contains(&q), "{}.docx has: {p}", self.name);
        }
        self
    }

    /// Asserts that the phrases occur in this order, in both formats.
    #[track_caller]
    fn in_order(&self, phrases: &[&str]) -> &Self {
        let check = |text: &str, what: &str| {
            let mut at = 0;
            for p in phrases {
                let q = phrase(p);
                match text[at..].find(&q) {
                    Some(i) => at += i + q.len(),
                    None => panic!("{}.{what}: missing or out of order: {p}", self.name),
                }
            }
        };
        if let Some(pdf) = &self.pdf {
            check(pdf, "pdf");
        }
        check(&self.docx, "docx");
        self
    }
}

/// A document of the built Foodvalley example, e.g. `regio/samenwerkingsovereenkomst`.
fn example(rel: &str) -> Texts {
    Texts::of(&crate::render::example().join(rel))
}

/// Builds a fixture (PDF and DOCX) and returns the project and output folders with the report.
fn built(p: &Project) -> (tempfile::TempDir, tempfile::TempDir, BuildReport) {
    let dir = p.write();
    let uit = tempfile::tempdir().unwrap();
    let r = crate::build::build_one(dir.path(), uit.path(), &crate::build::docs_only());
    (dir, uit, r)
}

/// [`built`] in every format: a final version not yet archived is only made whole.
fn built_whole(p: &Project) -> (tempfile::TempDir, tempfile::TempDir, BuildReport) {
    let dir = p.write();
    let uit = tempfile::tempdir().unwrap();
    let r = crate::build::build_one(dir.path(), uit.path(), &BuildOptions::default());
    (dir, uit, r)
}

fn out(uit: &tempfile::TempDir, rel: &str) -> PathBuf {
    uit.path().join(rel)
}

#[test]
fn the_regional_agreement_has_every_article_in_pdf_and_docx() {
    example("regio/samenwerkingsovereenkomst").in_order(&REGIONALE_ARTIKELEN);
    example("gemeenten/GM0228-ede/samenwerkingsovereenkomst").in_order(&LOKALE_ARTIKELEN);
}

#[test]
fn parties_are_represented_with_signatory_basis_and_college_decision() {
    example("regio/samenwerkingsovereenkomst").has(&[
        // By mandate of the mayor, acting on the college's decision.
        "Gemeente Ede, gevestigd aan Gemeentehuisplein 1, 6711 AA Ede, te dezen vertegenwoordigd \
         door Sanne Hofstede, wethouder Zorg, Jeugd en Gezondheid, bevoegd op grond van: \
         Machtiging van de burgemeester van 27 oktober 2026 (artikel 171, tweede lid, \
         Gemeentewet), ter uitvoering van het besluit van het college van burgemeester en \
         wethouders van 27 oktober 2026, hierna: ‘Ede’;",
        // The mayor by law.
        "te dezen vertegenwoordigd door de burgemeester, Anita van Loon, op grond van artikel \
         171, eerste lid, van de Gemeentewet, ter uitvoering van het besluit van het college \
         van burgemeester en wethouders van 10 november 2026, hierna: ‘Scherpenzeel’;",
        // Rhenen's college has not decided yet: a blank to fill in (and an R03 warning).
        "ter uitvoering van het besluit van het college van burgemeester en wethouders van \
         [datum nog in te vullen], hierna: ‘Rhenen’;",
        // Other parties: their own basis, no college.
        "te dezen vertegenwoordigd door Marloes Timmer, bestuurder, bevoegd op grond van: \
         Statuten Stichting Jeugdgezondheid Vallei, artikel 9, hierna: ‘JGZ Vallei’;",
    ]);
}

#[test]
fn a_wethouder_without_recorded_basis_signs_under_the_mayors_mandate() {
    let mut p = Project::valid();
    p.sheet("Personen").set("Grondslag bevoegdheid", 2, V::E);
    let (_d, uit, _) = built(&p);
    Texts::of(&out(&uit, "regio/samenwerkingsovereenkomst")).has(&[
        "te dezen vertegenwoordigd door B. Jansen, wethouder, daartoe gemachtigd door de \
         burgemeester op grond van artikel 171, tweede lid, van de Gemeentewet, ter uitvoering \
         van het besluit van het college van burgemeester en wethouders van 3 november 2026",
    ]);
}

#[test]
fn the_penvoerder_holds_the_budget_invoices_and_settles_by_the_keys() {
    let t = example("regio/samenwerkingsovereenkomst");
    t.has(&[
        "Penvoerder: Gemeente Ede, de Partij die volgens artikel 7 het regionale budget beheert \
         en de deelnemende gemeenten factureert;",
        "Gemeente Ede is penvoerder van de Aanpak. De penvoerder beheert namens Partijen het \
         regionale budget uit de Begroting en houdt daarvan een afzonderlijke administratie bij",
        "De penvoerder sluit namens Partijen met Gemeenschappelijke Regeling GGD Valleiregio de \
         overeenkomst over de detachering van de Regiocoördinator, binnen de Begroting.",
        "Voor een verplichting die daarbuiten valt of die langer loopt dan deze overeenkomst, is \
         vooraf een besluit van de Stuurgroep nodig.",
        "De penvoerder legt binnen vier maanden na afloop van elk kalenderjaar verantwoording af \
         aan de Stuurgroep",
        // Invoicing: the moment and the basis.
        "De penvoerder brengt elke deelnemende gemeente in januari van elk begrotingsjaar haar \
         aandeel in de regionale kosten van dat jaar in rekening: het deel van de regionale \
         kosten dat volgens de Begroting en de verdeelsleutels, na aftrek van de externe \
         financiering, voor haar rekening komt.",
        "Een gemeente betaalt een factuur binnen dertig dagen na ontvangst.",
        // Yearly settlement of actual costs by the same keys.
        "Binnen vier maanden na afloop van elk begrotingsjaar stelt de penvoerder de werkelijke \
         regionale kosten van dat jaar vast, vermindert die met de externe financiering die \
         daarvoor is ontvangen, en verdeelt het resultaat over de deelnemende gemeenten met \
         dezelfde verdeelsleutels als in de Begroting.",
        "wordt verrekend met de eerstvolgende factuur",
        "Aandeel per gemeente in de regionale kosten na externe financiering, volgens de \
         Begroting",
    ]);
    // The invoiced share of Ede is the budget engine's net share, to the cent.
    let c = regiodocs::pipeline::check(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/foodvalley"),
    );
    let b = c.budget.unwrap();
    let ede = b.gemeente("GM0228").unwrap();
    let totaal: rust_decimal::Decimal = ede.aandeel_netto.values().copied().sum();
    t.has(&[&regiodocs::nl::euro(totaal)]);
    // The host organisation is the penvoerder by default; here it employs the coordinator.
    let (_d, uit, _) = built(&Project::valid());
    Texts::of(&out(&uit, "regio/samenwerkingsovereenkomst")).has(&[
        "GGD Proefregio is penvoerder van de Aanpak.",
        "De penvoerder is werkgever van de Regiocoördinator. De kosten daarvan komen volgens de \
         Begroting ten laste van het regionale budget.",
    ]);
    // Without a penvoerder the parties still have to designate one.
    let mut p = Project::valid();
    p.sheet("Regio").set_field("Gastorganisatie", V::E);
    let (_d, uit, _) = built(&p);
    Texts::of(&out(&uit, "regio/samenwerkingsovereenkomst")).has(&[
        "Partijen wijzen bij afzonderlijk besluit de Partij aan die als penvoerder het regionale \
         budget beheert, de Regiocoördinator aanstelt of inhuurt en de deelnemende gemeenten \
         hun aandeel in rekening brengt. Tot dat besluit gaat geen Partij namens de andere \
         Partijen verplichtingen aan.",
    ]);
    // A municipality's own agreement points to the regional invoicing.
    example("gemeenten/GM0228-ede/samenwerkingsovereenkomst").has(&[
        "Haar aandeel in de regionale kosten betaalt de gemeente Ede aan de penvoerder van Regio \
         Foodvalley, volgens de facturering en de jaarlijkse verrekening van de regionale \
         samenwerkingsovereenkomst.",
    ]);
}

#[test]
fn the_steering_group_decides_by_consensus_by_default_and_by_the_workbooks_rule() {
    example("regio/samenwerkingsovereenkomst").has(&[
        "De Stuurgroep streeft naar besluiten bij consensus. Wordt over een voorstel in twee \
         opeenvolgende vergaderingen geen consensus bereikt, dan wordt besloten bij gewone \
         meerderheid van de uitgebrachte stemmen.",
        "Een besluit dat de financiële bijdrage van een Partij verhoogt of haar tot nieuwe \
         verplichtingen brengt, bindt die Partij pas nadat haar bevoegde orgaan daarmee heeft \
         ingestemd",
        "Besluiten worden schriftelijk vastgelegd en aan alle Partijen gezonden.",
    ]);
    example("gemeenten/GM0228-ede/samenwerkingsovereenkomst").has(&[
        "Bereiken zij geen consensus, dan besluit de gemeente Ede als opdrachtgever van de \
         Aanpak, nadat zij de andere Partijen heeft gehoord.",
    ]);
    // Majority by population, invoiced per quarter, three months' notice.
    let mut p = Project::valid();
    p.sheet("Gemeenten")
        .set("Inwoners", 1, V::N(30000.0))
        .set("Inwoners", 2, V::N(10000.0));
    p.sheet("Regio")
        .push(vec![
            "Besluitvorming stuurgroep".into(),
            "meerderheid naar inwoners".into(),
        ])
        .push(vec!["Facturering".into(), "per kwartaal".into()])
        .push(vec!["Opzegtermijn".into(), V::N(3.0)]);
    let (_d, uit, _) = built(&p);
    Texts::of(&out(&uit, "regio/samenwerkingsovereenkomst"))
        .has(&[
            "De Stuurgroep besluit bij meerderheid naar inwoners: een voorstel is aangenomen als \
             de deelnemende gemeenten die ervoor stemmen, samen meer dan de helft van het \
             inwonertal van alle deelnemende gemeenten vertegenwoordigen.",
            "Stemgewicht van de deelnemende gemeenten",
            "Ede|30.000|75%",
            "Veenendaal|10.000|25%",
            "De penvoerder brengt elke deelnemende gemeente aan het begin van elk kwartaal een \
             kwart in rekening",
            "(per kwartaal een kwart van het jaarbedrag)",
            "met een opzegtermijn van ten minste 3 maanden",
        ])
        .lacks(&["bij consensus"]);
    // Simple majority, invoiced afterwards by the actual costs.
    let mut p = Project::valid();
    p.sheet("Regio")
        .push(vec![
            "Besluitvorming stuurgroep".into(),
            "meerderheid".into(),
        ])
        .push(vec!["Facturering".into(), "achteraf per jaar".into()]);
    let (_d, uit, _) = built(&p);
    Texts::of(&out(&uit, "regio/samenwerkingsovereenkomst"))
        .has(&[
            "De Stuurgroep besluit bij gewone meerderheid van de uitgebrachte stemmen. Elke \
             Partij die in de Stuurgroep is vertegenwoordigd, heeft één stem; staken de stemmen, \
             dan is het voorstel verworpen.",
            "De penvoerder brengt elke deelnemende gemeente na afloop van elk begrotingsjaar haar \
             aandeel in de werkelijke regionale kosten van dat jaar in rekening",
        ])
        .lacks(&["wordt verrekend met de eerstvolgende factuur"]);
}

#[test]
fn liability_confidentiality_and_unforeseen_circumstances() {
    example("regio/samenwerkingsovereenkomst").has(&[
        "Elke Partij draagt de kosten en de risico's van haar eigen inzet in de Aanpak.",
        "Partijen zijn tegenover elkaar niet aansprakelijk voor indirecte schade, zoals \
         gevolgschade, gederfde inkomsten en reputatieschade, tenzij die schade het gevolg is \
         van opzet of grove schuld van de aansprakelijke Partij of van haar leidinggevenden.",
        "vrijwaren de deelnemende gemeenten de penvoerder voor aanspraken van derden die daaruit \
         voortvloeien, elk naar haar aandeel volgens de verdeelsleutel van de betrokken \
         kostenregel, tenzij de aanspraak het gevolg is van opzet of grove schuld van de \
         penvoerder.",
        "Partijen gaan vertrouwelijk om met vertrouwelijke informatie",
        "een verzoek op grond van de Wet open overheid tot openbaarmaking verplicht",
        "zodat die haar zienswijze kan geven",
        "naar maatstaven van redelijkheid en billijkheid niet mag worden gehouden aan de \
         overeenkomst zoals die is",
        "Leidt het overleg niet binnen drie maanden tot overeenstemming, dan kan elke Partij de \
         overeenkomst opzeggen volgens artikel 19.",
    ]);
    example("gemeenten/GM0228-ede/samenwerkingsovereenkomst").has(&[
        "Handelt een Partij op verzoek van de andere Partijen namens hen allen, dan vrijwaren de \
         andere Partijen haar naar evenredigheid",
    ]);
}

#[test]
fn leaving_has_notice_and_the_remaining_share_of_joint_commitments() {
    example("regio/samenwerkingsovereenkomst").has(&[
        "Een Partij kan deze overeenkomst schriftelijk opzeggen tegen het einde van een \
         kalenderjaar, met een opzegtermijn van ten minste 6 maanden.",
        "Verplichtingen die Partijen gezamenlijk, of de penvoerder namens hen, vóór de opzegging \
         zijn aangegaan, zoals de overeenkomst over de inzet van de Regiocoördinator die loopt \
         tot en met 31 december 2030, blijven na de uittreding voor het aandeel van de \
         uitgetreden gemeente voor haar rekening, tot het moment waarop die verplichtingen \
         eindigen of redelijkerwijs hadden kunnen worden beëindigd.",
        "Over haar laatste jaar van deelname vindt de jaarlijkse verrekening volgens artikel 9 \
         ook voor de uitgetreden gemeente plaats.",
    ]);
    example("gemeenten/GM0228-ede/samenwerkingsovereenkomst").has(&[
        "met een opzegtermijn van ten minste 6 maanden",
        "Verplichtingen die Partijen gezamenlijk vóór de opzegging zijn aangegaan, blijven na de \
         uittreding voor het aandeel van de uitgetreden Partij voor haar rekening, tot het \
         moment waarop die verplichtingen eindigen",
    ]);
}

#[test]
fn every_default_clause_can_be_replaced_through_teksten() {
    let mut p = Project::valid();
    let eigen = [
        ("begrippen", "Eigen begrippen."),
        ("besluitvorming", "Eigen besluitregel."),
        ("penvoerder", "Eigen penvoerder."),
        ("facturering", "Eigen facturering."),
        ("gegevens", "Eigen gegevensbescherming."),
        ("geheimhouding", "Eigen geheimhouding."),
        ("aansprakelijkheid", "Eigen aansprakelijkheid."),
        ("onvoorzien", "Eigen onvoorziene omstandigheden."),
        ("uittreding", "Eigen uittreding."),
    ];
    for (sectie, tekst) in eigen {
        p.sheet("Teksten").push(vec![
            "overeenkomst".into(),
            sectie.into(),
            "regio".into(),
            tekst.into(),
        ]);
    }
    let (_d, uit, r) = built(&p);
    assert!(
        !r.bevindingen.iter().any(|d| d.code.as_str() == "F31"),
        "{:?}",
        r.bevindingen
    );
    let texts: Vec<&str> = eigen.iter().map(|(_, t)| *t).collect();
    Texts::of(&out(&uit, "regio/samenwerkingsovereenkomst"))
        .has(&texts)
        .lacks(&[
            "In deze overeenkomst wordt verstaan onder:",
            "streeft naar besluiten bij consensus",
            "is penvoerder van de Aanpak",
            "binnen dertig dagen",
            "medisch beroepsgeheim",
            "Wet open overheid",
            "opzet of grove schuld",
            "redelijkheid en billijkheid",
            "opzegtermijn",
        ]);
}

#[test]
fn data_stays_with_each_controller_under_medical_confidentiality_and_consent() {
    let regio = example("regio/samenwerkingsovereenkomst");
    let ede = example("gemeenten/GM0228-ede/samenwerkingsovereenkomst");
    for t in [&regio, &ede] {
        t.has(&[
            "Elke Partij is voor de persoonsgegevens die zij voor de Aanpak verwerkt, zelf \
             verwerkingsverantwoordelijke in de zin van de AVG",
            "Deze overeenkomst maakt Partijen niet tot gezamenlijke verwerkingsverantwoordelijken.",
            "Gegevens uit het dossier van de jeugdgezondheidszorg en andere gegevens over de \
             gezondheid van een kind vallen onder het medisch beroepsgeheim.",
            "voor een kind jonger dan twaalf jaar aan de Ouders, voor een kind van twaalf tot en \
             met vijftien jaar aan het kind en de Ouders samen, en voor een jongere van zestien \
             jaar of ouder aan de jongere zelf.",
            "een verwerkersovereenkomst als bedoeld in artikel 28 van de AVG",
            "gegevensbeschermingseffectbeoordeling",
        ])
        .lacks(&["eigenaar van de gegevens"]);
    }
}

#[test]
fn every_document_lists_what_is_still_to_be_arranged_by_whom_and_when() {
    let regionaal = "financiering geborgd: Esther de Graaf regelt dit uiterlijk op 1 juli 2028";
    let rhenen = "projectleider met financiering (Rhenen): Ilse van Bemmel regelt dit uiterlijk op 1 april 2027";
    for doc in [
        "regio/samenwerkingsovereenkomst",
        "regio/regionaal-plan",
        "regio/opdrachtbeschrijving-regiocoordinator",
        "regio/begroting",
    ] {
        example(doc).has(&[regionaal, rhenen]);
    }
    for doc in ["plan", "opdrachtbeschrijving-projectleider", "begroting"] {
        example(&format!("gemeenten/GM0340-rhenen/{doc}")).has(&[regionaal, rhenen]);
        example(&format!("gemeenten/GM0228-ede/{doc}"))
            .has(&[regionaal])
            .lacks(&[rhenen]);
    }
    example("regio/regionaal-plan").has(&[
        "Een definitieve versie vraagt daarom niet dat alles al geregeld is, wel dat voor elke \
         openstaande voorwaarde vastligt wie die regelt en wanneer.",
    ]);
}

/// R01 as the sources mean it: the plan arranges the preconditions, so an unmet one refuses
/// only the final documents of its own scope, and only while nobody is to arrange it by a date.
#[test]
fn an_unmet_local_precondition_refuses_only_that_municipalitys_final_documents() {
    let mut p = Project::valid();
    p.sheet("Regio").set_field("Status", "definitief");
    p.sheet("Randvoorwaarden")
        .add_column("Eigenaar", vec![])
        .add_column("Gereed op", vec![])
        .push(vec![
            "GM0345".into(),
            "centrale zorgverlener met financiering".into(),
            "nee".into(),
            "De werving loopt.".into(),
        ]);
    let (_d, uit, r) = built_whole(&p);
    let refused: Vec<&str> = r.geweigerd.iter().map(|x| x.document.as_str()).collect();
    assert_eq!(
        refused,
        [
            "gemeenten/GM0345-veenendaal/plan",
            "gemeenten/GM0345-veenendaal/opdrachtbeschrijving-projectleider",
            "gemeenten/GM0345-veenendaal/begroting",
        ],
        "{:?}",
        r.bevindingen
    );
    let d = r
        .bevindingen
        .iter()
        .find(|d| d.code.as_str() == "R01")
        .unwrap();
    assert!(d.is_error() && d.local_only);
    assert_eq!(
        d.location.as_ref().unwrap().to_string(),
        "stakeholders.xlsx: Randvoorwaarden!C8"
    );
    // The regional plan, assignment, agreement and budget are final and list the open item.
    for doc in [
        "regio/regionaal-plan",
        "regio/opdrachtbeschrijving-regiocoordinator",
        "regio/samenwerkingsovereenkomst",
        "regio/begroting",
    ] {
        Texts::of(&out(&uit, doc)).has(&[
            "centrale zorgverlener met financiering (Veenendaal): nog niet vastgelegd wie dit \
             regelt en wanneer",
        ]);
    }
    assert!(!out(&uit, "gemeenten/GM0345-veenendaal/plan.pdf").exists());
    assert!(out(&uit, "gemeenten/GM0228-ede/plan.pdf").exists());

    // With an owner and a date nothing is refused; every document says who and when.
    p.sheet("Randvoorwaarden")
        .set("Eigenaar", 7, "P-VEEN")
        .set("Gereed op", 7, V::D(2027, 3, 1));
    let (_d, uit, r) = built_whole(&p);
    assert!(r.geweigerd.is_empty(), "{:?}", r.geweigerd);
    for doc in [
        "regio/regionaal-plan",
        "gemeenten/GM0345-veenendaal/plan",
        "gemeenten/GM0345-veenendaal/begroting",
    ] {
        Texts::of(&out(&uit, doc)).has(&[
            "centrale zorgverlener met financiering (Veenendaal): B. Jansen regelt dit uiterlijk \
             op 1 maart 2027",
        ]);
    }

    // A regional precondition without owner and date concerns every document.
    let mut p = Project::valid();
    p.sheet("Regio").set_field("Status", "definitief");
    p.sheet("Randvoorwaarden").set("Voldaan", 6, "nee");
    let (_d, _uit, r) = built(&p);
    assert!(r.geschreven.is_empty(), "{:?}", r.geschreven);
    assert_eq!(r.geweigerd.len(), 10, "{:?}", r.geweigerd);
}

#[test]
fn the_plans_carry_the_czv_capacity_plan() {
    example("regio/regionaal-plan").has(&[
        "Capaciteit in het eerste jaar",
        "De raming voor het eerste jaar gaat uit van 40 werkweken: de casusuren zijn het aantal \
         casussen maal de directe en indirecte uren per casus",
        "Uren van de centrale zorgverleners in het eerste jaar",
        // Ede: 40 cases × (14 + 6) = 800 case hours, 4 × 40 = 160 overarching, 960 a year,
        // 24 a week; × € 78 = € 74.880, of which 60 % of the case hours under the Zvw.
        "Ede|40|20|800|160|960|24",
        "Ede|€ 78,00|€ 74.880,00|60%|€ 37.440,00|€ 37.440,00",
        "Overstijgende uren komen niet ten laste van de Zorgverzekeringswet.",
        "de begeleidingsfase duurt ten hoogste drie jaar",
        "functionele beschrijving van de centrale zorgverlener in de duiding van het \
         Zorginstituut Nederland",
        "Voor Barneveld is nog niet bevestigd dat de rol aan die beschrijving voldoet; het \
         Zvw-deel geldt daar onder dat voorbehoud.",
    ]);
    example("gemeenten/GM0228-ede/plan")
        .has(&["Ede|40|20|800|160|960|24"])
        .lacks(&["Barneveld|18"]);
    example("gemeenten/GM0340-rhenen/plan").has(&[
        "Voor Rhenen is geen eigen raming gemaakt; hieronder staat de regionale raming.",
        "regio|15|20|300|80|380|9,5",
    ]);
    example("regio/begroting").has(&[
        "Capaciteit van de centrale zorgverleners",
        "Nijkerk|€ 78,00|€ 24.960,00|60%|€ 11.232,00|€ 13.728,00",
    ]);
}

#[test]
fn the_plans_place_the_work_in_the_four_phases_and_goals_in_horizons() {
    example("regio/regionaal-plan")
        .has(&[
            "Fase van de handreiking|1, initiatief en ontwerp",
            "De regio bevindt zich in fase 1: initiatief en ontwerp.",
            "Fase 1: initiatief en ontwerp (huidige fase).",
            "Mijlpalen in deze fase: Besluit na de regionale verkenning",
        ])
        .in_order(&[
            "Fase 1: initiatief en ontwerp",
            "Fase 2: experimenteren en uitvoeren",
            "Fase 3: uitbouwen en monitoren",
            "Fase 4: verduurzamen en transformeren",
        ])
        .in_order(&[
            "Doelen op korte termijn",
            "Doelen op middellange termijn",
            "Doelen op lange termijn",
        ]);
    example("gemeenten/GM0228-ede/plan")
        .has(&["De gemeente Ede bevindt zich in fase 1: initiatief en ontwerp."]);
}

#[test]
fn levels_risks_opportunities_and_figures_come_from_the_data() {
    example("regio/regionaal-plan")
        .has(&[
            "De aanpak is op alle drie de niveaus belegd: strategisch (regiocoördinator), \
             tactisch (kwartiermaker, M&E-eigenaar, beleidsmedewerker en projectleider) en \
             operationeel (centrale zorgverlener).",
            "Kansen en hoe de aanpak ze benut",
            "De regionale IZA-werkagenda en het preventieakkoord",
            "Overgewicht jeugd",
            "13,1%",
        ])
        .lacks(&["gestuurd op drie niveaus"]);
    // Without levels the plan says so instead of claiming three.
    let mut p = Project::valid();
    p.sheet("Rollen")
        .set("Niveau", 1, V::E)
        .set("Niveau", 2, V::E);
    let (_d, uit, _) = built(&p);
    Texts::of(&out(&uit, "regio/regionaal-plan")).has(&[
        "Op welk niveau (strategisch, tactisch of operationeel) de rollen liggen, is nog niet \
         vastgelegd.",
    ]);
    let mut p = Project::valid();
    p.sheet("Rollen").set("Niveau", 2, "strategisch");
    let (_d, uit, _) = built(&p);
    Texts::of(&out(&uit, "regio/regionaal-plan")).has(&[
        "De rollen in de aanpak zijn belegd op strategisch niveau; op tactisch en operationeel \
         niveau is nog niemand aangewezen.",
    ]);
}

#[test]
fn the_plan_tracks_each_municipalitys_decision() {
    example("regio/regionaal-plan").has(&[
        "Stand van de besluitvorming per gemeente",
        "Veenendaal|ja|college en raad|29 oktober 2026|ja",
        "Ede|ja|college|27 oktober 2026|nee",
        "Rhenen|nee|nog niet||nee",
        "Het plan is vastgesteld zodra alle deelnemende gemeenten erover hebben besloten. Nog \
         niet (volledig) besloten hebben: Ede en Rhenen.",
    ]);
    example("gemeenten/GM0345-veenendaal/plan")
        .has(&["De gemeente Veenendaal heeft over dit plan besloten op 29 oktober 2026."]);
    let mut p = Project::valid();
    p.sheet("Gemeenten")
        .add_column(
            "Besluitstatus",
            vec!["college".into(), "college en raad".into()],
        )
        .add_column("Besluitdatum", vec![V::D(2026, 11, 1), V::D(2026, 11, 20)]);
    let (_d, uit, _) = built(&p);
    Texts::of(&out(&uit, "regio/regionaal-plan")).has(&[
        "Alle deelnemende gemeenten hebben over dit plan besloten; het plan is vastgesteld.",
    ]);
}

#[test]
fn combined_roles_are_allowed_and_explained() {
    let rianne = "Rianne Bos: projectleider in Nijkerk, 8 uur per week; centrale zorgverlener in \
                  Nijkerk, 8 uur per week.";
    example("regio/samenwerkingsovereenkomst")
        .has(&[
            "Eén persoon kan meer dan één rol vervullen, bijvoorbeeld projectleider en centrale \
             zorgverlener, mits vooraf is vastgelegd welke taken en welk deel van de tijd bij \
             welke rol horen.",
            rianne,
        ])
        .lacks(&["Niemand vervult"]);
    example("regio/regionaal-plan")
        .has(&[rianne])
        .lacks(&["Niemand vervult"]);
    example("gemeenten/GM0267-nijkerk/opdrachtbeschrijving-projectleider")
        .has(&[
            "De projectleider kan de rol combineren met een andere rol, bijvoorbeeld die van \
             centrale zorgverlener",
            rianne,
        ])
        .lacks(&["vervult niet tegelijk"]);
    example("regio/opdrachtbeschrijving-regiocoordinator")
        .lacks(&["vervult niet tegelijk", rianne]);
}

#[test]
fn the_assignment_budget_holds_the_cost_lines_of_its_role() {
    example("regio/opdrachtbeschrijving-regiocoordinator")
        .has(&[
            "Kosten van de regiocoördinator en het werkbudget",
            "Regiocoördinator|€ 73.600,00",
            "Huisvesting en ondersteuning|€ 4.000,00",
            "Werkbudget regio|€ 3.500,00",
            "alle bedragen zijn exclusief btw.",
            "Contractvorm|detachering",
        ])
        .lacks(&["Kwartiermaker|€", "Projectleider|€"]);
    example("gemeenten/GM0228-ede/opdrachtbeschrijving-projectleider")
        .has(&["Kosten van de projectleider", "Projectleider|€ 52.480,00"])
        .lacks(&["Centrale zorgverlener|€"]);
}

#[test]
fn the_wording_is_right() {
    for doc in [
        "regio/samenwerkingsovereenkomst",
        "regio/regionaal-plan",
        "regio/opdrachtbeschrijving-regiocoordinator",
        "regio/begroting",
        "gemeenten/GM0228-ede/plan",
        "gemeenten/GM0228-ede/opdrachtbeschrijving-projectleider",
        "gemeenten/GM0228-ede/begroting",
    ] {
        example(doc).lacks(&[
            "besluit de opdrachtgevers",
            "n.v.t. btw",
            "werkboek financien",
            "norm",
        ]);
    }
    example("regio/opdrachtbeschrijving-regiocoordinator")
        .has(&["bij een no-go besluiten de opdrachtgevers over bijsturing"]);
    example("regio/begroting").has(&[
        "Alle bedragen zijn exclusief btw.",
        "De begroting volgt versie 1.0 van de financiële gegevens.",
        "SPUK Gezond en Actief Leven Akkoord (GALA) (tijdelijk)",
    ]);
    example("regio/regionaal-plan")
        .has(&["Regio Foodvalley is een samenwerkingsverband van 7 deelnemende gemeenten"])
        .lacks(&["is een bestaande regio van"]);
    // A GGD region is named as what it is: larger than the participants, or all of them.
    let mut p = Project::valid();
    p.sheet("Regio").set_field("Regiotype", "GGD-regio");
    p.sheet("Gemeenten")
        .set("CBS-code", 2, "GM0289")
        .set("Gemeente", 2, "Wageningen");
    p.sheet("Organisaties").set("CBS-code", 2, "GM0289");
    let (_d, uit, _) = built(&p);
    let ggd = regiodocs::cbs::gemeente("GM0228")
        .unwrap()
        .ggd_regio
        .clone();
    let n = regiodocs::cbs::in_ggd_regio(&ggd).len();
    Texts::of(&out(&uit, "regio/regionaal-plan"))
        .has(&[&format!(
            "Regio Proef volgt de indeling van de GGD-regio {ggd}, die {n} gemeenten telt. \
             Daarvan nemen er 2 deel: Ede en Wageningen."
        )])
        .lacks(&["is een GGD-regio van"]);
    // A zero-VAT budget says so in words.
    let (_d, uit, _) = built(&Project::valid());
    Texts::of(&out(&uit, "regio/opdrachtbeschrijving-regiocoordinator"))
        .has(&["alle bedragen zijn zonder btw (btw is niet van toepassing)."]);
}

/// "Kosten per kostenpost" summarises: the Foodvalley budget (25 lines in 11 posts) has it;
/// a budget in which every line has a post of its own would only repeat the lines above it,
/// so the table is left out there, in PDF and DOCX alike.
#[test]
fn costs_per_post_appear_only_when_they_summarise() {
    example("regio/begroting").has(&["Kosten per kostenpost", "Regiocoördinator|€ 73.600,00"]);
    let mut p = Project::valid();
    let lines = p.sheet("Kostenregels").rows.len() - 1;
    assert!(lines >= 2, "{lines} lines");
    for i in 1..=lines {
        p.sheet("Kostenregels")
            .set("Kostenpost", i, V::T(format!("Eigen post {i}")));
    }
    let (_dir, uit, _report) = built(&p);
    Texts::of(&out(&uit, "regio/begroting"))
        .has(&["Eigen post 1", "Totaal van de kosten"])
        .lacks(&["Kosten per kostenpost"]);
}
