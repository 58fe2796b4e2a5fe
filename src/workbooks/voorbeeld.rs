//! The example project `regiodocs init --voorbeeld`: Regio Foodvalley.
//!
//! The eight municipalities, their CBS codes and population figures are real (the figures
//! come from the built-in CBS list; two are left empty so the CBS fallback shows). Every
//! person, every other organisation, address, KvK number, amount, overweight percentage
//! and decision date is invented; e-mail addresses use the reserved `.example` domain.
//!
//! The data is declarative: per sheet the columns it fills and rows of text in Dutch
//! notation (`1.850,00`, `15-11-2026`, `ja`). The writer turns each value into the cell type
//! of its column (date, number with euro format, percentage points, text). Seven
//! municipalities take part and Renswoude is still exploring. It fills every field of input
//! format 1.1 (penvoerder, decision rule, phases, levels, decisions per municipality, the
//! CZV capacity plan, ...). The example checks without errors; its warnings are realistic:
//! two preconditions not yet met (R01, each with owner and date), Rhenen's college has not
//! decided yet (R03), Barneveld's CZV role is not yet confirmed against the Zorginstituut's
//! functional description (R21), structural costs partly paid from temporary money (R18)
//! and one line not fully covered (R19).

use super::{Content, Data};
use crate::schema::{self, WorkbookSpec};

/// `Versie` of both workbooks.
const VERSIE: &str = "1.0";

/// `Versiedatum` of both workbooks (year, month, day); also the files' creation date.
const VERSIEDATUM: (u16, u8, u8) = (2026, 11, 15);

/// The example's content for one workbook.
pub(super) fn content(spec: &WorkbookSpec) -> Content {
    let sheets = if spec.stem == schema::STAKEHOLDERS.stem {
        stakeholders()
    } else {
        financien()
    };
    Content {
        title: format!("Werkboek {}: Regio Foodvalley (voorbeeld)", spec.stem),
        date: VERSIEDATUM,
        example: true,
        sheets,
    }
}

fn versiedatum() -> String {
    let (y, m, d) = VERSIEDATUM;
    format!("{d:02}-{m:02}-{y}")
}

/// A table sheet: the columns it fills and its rows, in the same order.
struct Table {
    columns: &'static [&'static str],
    rows: &'static [&'static [&'static str]],
}

impl Table {
    fn data(&self) -> Data {
        Data::Rows {
            columns: self.columns,
            rows: self
                .rows
                .iter()
                .map(|r| r.iter().map(|v| v.to_string()).collect())
                .collect(),
        }
    }
}

fn fields(values: &[(&'static str, &str)]) -> Data {
    Data::Fields(values.iter().map(|(k, v)| (*k, v.to_string())).collect())
}

fn stakeholders() -> Vec<(&'static str, Data)> {
    let datum = versiedatum();
    vec![
        (
            "Regio",
            fields(&[
                ("Regionaam", "Regio Foodvalley"),
                ("Regiotype", "bestaande regio"),
                ("Fase", "implementatie"),
                ("Startdatum", "01-01-2027"),
                ("Einddatum", "31-12-2030"),
                ("Versie", VERSIE),
                ("Versiedatum", &datum),
                ("Status", "concept"),
                ("Plaats ondertekening", "Ede"),
                ("Handtekenvelden", "ja"),
                ("Opgesteld door", "P-RC"),
                ("Gastorganisatie", "ORG-GGD"),
                ("Preferente zorgverzekeraar", "ORG-ZV"),
                ("Penvoerder", "ORG-EDE"),
                ("Facturering", "vooraf per jaar"),
                ("Besluitvorming stuurgroep", "consensus"),
                ("Opzegtermijn", "6"),
                ("Implementatiefase", "initiatief en ontwerp"),
            ]),
        ),
        ("Gemeenten", gemeenten()),
        ("Organisaties", ORGANISATIES.data()),
        ("Personen", PERSONEN.data()),
        ("Rollen", ROLLEN.data()),
        ("Partijen", PARTIJEN.data()),
        ("Mijlpalen", MIJLPALEN.data()),
        ("Doelen", DOELEN.data()),
        ("Risicos", RISICOS.data()),
        ("Randvoorwaarden", RANDVOORWAARDEN.data()),
        ("Teksten", TEKSTEN.data()),
        ("Overleggen", OVERLEGGEN.data()),
    ]
}

fn financien() -> Vec<(&'static str, Data)> {
    let datum = versiedatum();
    vec![
        (
            "Parameters",
            fields(&[
                ("Startjaar", "2027"),
                ("Aantal jaren", "4"),
                ("Indexatie", "2,5"),
                ("BTW", "exclusief"),
                ("Versie", VERSIE),
                ("Versiedatum", &datum),
                ("Werkweken per jaar", "40"),
            ]),
        ),
        ("Kostenregels", KOSTENREGELS.data()),
        ("Financieringsbronnen", BRONNEN.data()),
        ("Dekking", DEKKING.data()),
        ("Verdeelsleutels", VERDEELSLEUTELS.data()),
        ("CZV-capaciteit", CZV_CAPACITEIT.data()),
    ]
}

/// One municipality of the example: its CBS code and the cells of `Gemeenten` that are not
/// taken from the built-in CBS list.
struct GemeenteRij {
    code: &'static str,
    deelname: &'static str,
    /// Fill in the CBS population (otherwise left empty, so the CBS fallback shows).
    inwoners: bool,
    raadsbesluit: &'static str,
    uitrol: &'static str,
    focuswijken: &'static str,
    besluitstatus: &'static str,
    besluitdatum: &'static str,
    overgewicht: &'static str,
}

/// The municipalities: participation, population, council decision needed, roll-out and
/// focus neighbourhoods, the decision on the plan and its date, and the share of children
/// with overweight. Names and populations come from the built-in CBS list.
#[rustfmt::skip]
const GEMEENTEN: &[GemeenteRij] = &[
    GemeenteRij { code: "GM0203", deelname: "deelnemend", inwoners: true, raadsbesluit: "nee", uitrol: "stadsbreed", focuswijken: "", besluitstatus: "college", besluitdatum: "03-11-2026", overgewicht: "11,2" },
    GemeenteRij { code: "GM0228", deelname: "deelnemend", inwoners: true, raadsbesluit: "ja", uitrol: "wijkgericht", focuswijken: "Ede-Zuid, Veldhuizen", besluitstatus: "college", besluitdatum: "27-10-2026", overgewicht: "13,1" },
    GemeenteRij { code: "GM0267", deelname: "deelnemend", inwoners: true, raadsbesluit: "nee", uitrol: "stadsbreed", focuswijken: "", besluitstatus: "college", besluitdatum: "05-11-2026", overgewicht: "10,8" },
    GemeenteRij { code: "GM0339", deelname: "verkennend", inwoners: false, raadsbesluit: "nee", uitrol: "", focuswijken: "", besluitstatus: "geen", besluitdatum: "", overgewicht: "9,9" },
    GemeenteRij { code: "GM0340", deelname: "deelnemend", inwoners: true, raadsbesluit: "nee", uitrol: "stadsbreed", focuswijken: "", besluitstatus: "geen", besluitdatum: "", overgewicht: "12,4" },
    GemeenteRij { code: "GM0279", deelname: "deelnemend", inwoners: false, raadsbesluit: "nee", uitrol: "stadsbreed", focuswijken: "", besluitstatus: "college", besluitdatum: "10-11-2026", overgewicht: "10,5" },
    GemeenteRij { code: "GM0345", deelname: "deelnemend", inwoners: true, raadsbesluit: "ja", uitrol: "wijkgericht", focuswijken: "Dragonder, Petenbos", besluitstatus: "college en raad", besluitdatum: "29-10-2026", overgewicht: "14,3" },
    GemeenteRij { code: "GM0289", deelname: "deelnemend", inwoners: true, raadsbesluit: "nee", uitrol: "stadsbreed", focuswijken: "", besluitstatus: "college", besluitdatum: "06-11-2026", overgewicht: "9,6" },
];

fn gemeenten() -> Data {
    let rows = GEMEENTEN
        .iter()
        .map(|g| {
            let cbs = crate::cbs::gemeente(g.code);
            vec![
                g.code.to_string(),
                cbs.map(|c| c.naam.clone()).unwrap_or_default(),
                g.deelname.to_string(),
                match cbs {
                    Some(c) if g.inwoners => c.inwoners.to_string(),
                    _ => String::new(),
                },
                g.raadsbesluit.to_string(),
                g.uitrol.to_string(),
                g.focuswijken.to_string(),
                g.besluitstatus.to_string(),
                g.besluitdatum.to_string(),
                g.overgewicht.to_string(),
            ]
        })
        .collect();
    Data::Rows {
        columns: &[
            "CBS-code",
            "Gemeente",
            "Deelname",
            "Inwoners",
            "Raadsbesluit nodig",
            "Uitrol",
            "Focuswijken",
            "Besluitstatus",
            "Besluitdatum",
            "Overgewicht jeugd",
        ],
        rows,
    }
}

#[rustfmt::skip]
const ORGANISATIES: Table = Table {
    columns: &[
        "Org-ID",
        "Naam",
        "Korte naam",
        "Type",
        "Werkgebied",
        "CBS-code",
        "KvK-nummer",
        "Adres",
        "Postcode",
        "Plaats",
    ],
    rows: &[
        &["ORG-BNV", "Gemeente Barneveld", "Barneveld", "gemeente", "lokaal", "GM0203", "", "Gemeentehuisplein 1", "3771 AA", "Barneveld"],
        &["ORG-EDE", "Gemeente Ede", "Ede", "gemeente", "lokaal", "GM0228", "", "Gemeentehuisplein 1", "6711 AA", "Ede"],
        &["ORG-NKK", "Gemeente Nijkerk", "Nijkerk", "gemeente", "lokaal", "GM0267", "", "Gemeentehuisplein 1", "3861 AA", "Nijkerk"],
        &["ORG-REN", "Gemeente Renswoude", "Renswoude", "gemeente", "lokaal", "GM0339", "", "Gemeentehuisplein 1", "3927 AA", "Renswoude"],
        &["ORG-RHE", "Gemeente Rhenen", "Rhenen", "gemeente", "lokaal", "GM0340", "", "Gemeentehuisplein 1", "3911 AA", "Rhenen"],
        &["ORG-SCH", "Gemeente Scherpenzeel", "Scherpenzeel", "gemeente", "lokaal", "GM0279", "", "Gemeentehuisplein 1", "3925 AA", "Scherpenzeel"],
        &["ORG-VNDL", "Gemeente Veenendaal", "Veenendaal", "gemeente", "lokaal", "GM0345", "", "Gemeentehuisplein 1", "3901 AA", "Veenendaal"],
        &["ORG-WAG", "Gemeente Wageningen", "Wageningen", "gemeente", "lokaal", "GM0289", "", "Gemeentehuisplein 1", "6701 AA", "Wageningen"],
        &["ORG-GGD", "Gemeenschappelijke Regeling GGD Valleiregio", "GGD Valleiregio", "GGD", "regionaal", "", "51234567", "Gezondheidsweg 12", "6716 BK", "Ede"],
        &["ORG-JGZ", "Stichting Jeugdgezondheid Vallei", "JGZ Vallei", "JGZ", "regionaal", "", "61234578", "Kinderzorglaan 5", "3902 LK", "Veenendaal"],
        &["ORG-ZV", "Coöperatie Zorgverzekeraar Middenland U.A.", "Zorgverzekeraar Middenland", "zorgverzekeraar", "landelijk", "", "30198765", "Polisplein 1", "3811 AB", "Amersfoort"],
        &["ORG-HA", "Huisartsencoöperatie Binnenveld U.A.", "HC Binnenveld", "huisartsenorganisatie", "regionaal", "", "71234590", "Dokterspad 8", "6702 DE", "Wageningen"],
        &["ORG-WS", "Stichting Welzijn en Sport Vallei", "Welzijn & Sport Vallei", "welzijn", "regionaal", "", "41234511", "Sportlaan 30", "3772 MA", "Barneveld"],
        &["ORG-SWT", "Stichting Sociaal Wijkteam Ede", "Sociaal Wijkteam Ede", "sociaal wijkteam", "lokaal", "", "81234522", "Wijkplein 3", "6713 HN", "Ede"],
        &["ORG-SAV", "Stichting Samen Actief Veenendaal", "Samen Actief Veenendaal", "welzijn", "lokaal", "", "91234533", "Buurtweg 17", "3904 CE", "Veenendaal"],
        &["ORG-JOGG", "Stichting JOGG", "JOGG", "JOGG", "landelijk", "", "", "", "", ""],
        &["ORG-KM", "Kwartier & Koers Advies", "Kwartier & Koers", "overig", "landelijk", "", "87654321", "Adviespad 4", "3581 AA", "Utrecht"],
    ],
};

#[rustfmt::skip]
const PERSONEN: Table = Table {
    columns: &[
        "Persoon-ID",
        "Naam",
        "Functie",
        "Org-ID",
        "E-mail",
        "Telefoon",
        "Tekenbevoegd",
        "Grondslag bevoegdheid",
    ],
    rows: &[
        &["P-BNV-WH", "Jeroen van Wijngaarden", "wethouder Jeugd en Gezondheid", "ORG-BNV", "j.vanwijngaarden@barneveld.example", "", "ja", "Machtiging van de burgemeester van 3 november 2026 (artikel 171, tweede lid, Gemeentewet)"],
        &["P-EDE-WH", "Sanne Hofstede", "wethouder Zorg, Jeugd en Gezondheid", "ORG-EDE", "s.hofstede@ede.example", "", "ja", "Machtiging van de burgemeester van 27 oktober 2026 (artikel 171, tweede lid, Gemeentewet)"],
        &["P-NKK-WH", "Peter Schreuder", "wethouder Sociaal Domein", "ORG-NKK", "p.schreuder@nijkerk.example", "", "ja", "Machtiging van de burgemeester van 5 november 2026 (artikel 171, tweede lid, Gemeentewet)"],
        &["P-RHE-WH", "Ilse van Bemmel", "wethouder Jeugd, Sport en Gezondheid", "ORG-RHE", "i.vanbemmel@rhenen.example", "", "ja", "Machtiging van de burgemeester van 4 november 2026 (artikel 171, tweede lid, Gemeentewet)"],
        &["P-SCH-WH", "Gert-Jan Mulder", "wethouder Zorg en Welzijn", "ORG-SCH", "g.mulder@scherpenzeel.example", "", "nee", ""],
        &["P-SCH-BG", "Anita van Loon", "burgemeester", "ORG-SCH", "a.vanloon@scherpenzeel.example", "", "ja", ""],
        &["P-VNDL-WH", "Fatima El Amrani", "wethouder Gezondheid en Jeugd", "ORG-VNDL", "f.elamrani@veenendaal.example", "", "ja", "Machtiging van de burgemeester van 29 oktober 2026 (artikel 171, tweede lid, Gemeentewet)"],
        &["P-WAG-WH", "Lotte Verbeek", "wethouder Gezondheid, Sport en Onderwijs", "ORG-WAG", "l.verbeek@wageningen.example", "", "ja", "Machtiging van de burgemeester van 6 november 2026 (artikel 171, tweede lid, Gemeentewet)"],
        &["P-REN-BM", "Henk Terlouw", "beleidsmedewerker Sociaal Domein", "ORG-REN", "h.terlouw@renswoude.example", "", "nee", ""],
        &["P-EDE-BM", "Noor Vermeulen", "beleidsadviseur Publieke Gezondheid", "ORG-EDE", "n.vermeulen@ede.example", "", "nee", ""],
        &["P-GGD-DIR", "Karin Zwart", "directeur Publieke Gezondheid", "ORG-GGD", "k.zwart@ggd-valleiregio.example", "", "ja", "Mandaat- en volmachtregeling GGD Valleiregio 2025, artikel 4"],
        &["P-RC", "Esther de Graaf", "regiocoördinator Kind naar Gezonder Gewicht", "ORG-GGD", "e.degraaf@ggd-valleiregio.example", "06 12 34 56 78", "nee", ""],
        &["P-ME", "Bas Koster", "epidemioloog", "ORG-GGD", "b.koster@ggd-valleiregio.example", "", "nee", ""],
        &["P-JGZ-DIR", "Marloes Timmer", "bestuurder", "ORG-JGZ", "m.timmer@jgz-vallei.example", "", "ja", "Statuten Stichting Jeugdgezondheid Vallei, artikel 9"],
        &["P-JGZ-MGR", "Yvonne Smits", "manager JGZ", "ORG-JGZ", "y.smits@jgz-vallei.example", "", "nee", ""],
        &["P-CZV-1", "Ingrid Pauw", "jeugdverpleegkundige, centrale zorgverlener", "ORG-JGZ", "i.pauw@jgz-vallei.example", "", "nee", ""],
        &["P-CZV-2", "Daan Hermsen", "jeugdverpleegkundige, centrale zorgverlener", "ORG-JGZ", "d.hermsen@jgz-vallei.example", "", "nee", ""],
        &["P-CZV-3", "Melissa Koç", "jeugdverpleegkundige, centrale zorgverlener", "ORG-JGZ", "m.koc@jgz-vallei.example", "", "nee", ""],
        &["P-ZV-MGR", "Rob van Leeuwen", "manager zorginkoop", "ORG-ZV", "r.vanleeuwen@middenland.example", "", "ja", "Volmacht van de raad van bestuur van 3 maart 2026"],
        &["P-HA-DIR", "Joost Brinkman", "directeur", "ORG-HA", "j.brinkman@hc-binnenveld.example", "", "ja", "Statuten Huisartsencoöperatie Binnenveld, artikel 14"],
        &["P-WS-DIR", "Annemiek Rutten", "directeur-bestuurder", "ORG-WS", "a.rutten@welzijnsportvallei.example", "", "ja", "Statuten Stichting Welzijn en Sport Vallei, artikel 8"],
        &["P-SWT-DIR", "Kees Doornbos", "directeur", "ORG-SWT", "k.doornbos@wijkteamede.example", "", "ja", "Statuten Stichting Sociaal Wijkteam Ede, artikel 7"],
        &["P-SAV-DIR", "Hanneke de Bruijn", "directeur-bestuurder", "ORG-SAV", "h.debruijn@samenactief.example", "", "ja", "Statuten Stichting Samen Actief Veenendaal, artikel 10"],
        &["P-JOGG-DIR", "Maaike Visser", "directeur-bestuurder", "ORG-JOGG", "m.visser@jogg.example", "", "ja", "Statuten Stichting JOGG"],
        &["P-JOGG-AH", "Tim Groen", "accounthouder Kind naar Gezonder Gewicht", "ORG-JOGG", "t.groen@jogg.example", "", "nee", ""],
        &["P-KM", "Wouter Blom", "kwartiermaker", "ORG-KM", "w.blom@kwartierenkoers.example", "", "nee", ""],
        &["P-BNV-PL", "Sophie Hendriks", "projectleider KnGG Barneveld", "ORG-BNV", "s.hendriks@barneveld.example", "", "nee", ""],
        &["P-EDE-PL", "Thijs van der Heijden", "projectleider KnGG Ede", "ORG-EDE", "t.vanderheijden@ede.example", "", "nee", ""],
        &["P-NKK-PL", "Rianne Bos", "jeugdverpleegkundige, projectleider en centrale zorgverlener KnGG Nijkerk", "ORG-JGZ", "r.bos@jgz-vallei.example", "", "nee", ""],
        &["P-SCH-PL", "Evelien Post", "projectleider KnGG Scherpenzeel", "ORG-WS", "e.post@welzijnsportvallei.example", "", "nee", ""],
        &["P-VNDL-PL", "Mohamed Ouali", "projectleider KnGG Veenendaal", "ORG-VNDL", "m.ouali@veenendaal.example", "", "nee", ""],
        &["P-WAG-PL", "Femke Dijkstra", "projectleider KnGG Wageningen", "ORG-WAG", "f.dijkstra@wageningen.example", "", "nee", ""],
    ],
};

#[rustfmt::skip]
const ROLLEN: Table = Table {
    columns: &[
        "Rol",
        "Persoon-ID",
        "Scope",
        "Uren per week",
        "Start",
        "Einde",
        "Werkgever",
        "Financiering",
        "Niveau",
        "Contractvorm",
    ],
    rows: &[
        &["regiocoördinator", "P-RC", "regio", "20", "01-01-2027", "31-12-2030", "ORG-GGD", "B-GEM-REGIO, B-SPUK", "strategisch", "detachering"],
        &["kwartiermaker", "P-KM", "regio", "12", "01-01-2027", "30-06-2027", "ORG-KM", "B-SPUK", "tactisch", "inhuur"],
        &["M&E-eigenaar", "P-ME", "regio", "4", "01-01-2027", "31-12-2030", "ORG-GGD", "B-IZA, B-GEM-REGIO", "tactisch", "binnen bestaande functie"],
        &["beleidsmedewerker", "P-EDE-BM", "regio", "4", "01-01-2027", "", "ORG-EDE", "", "tactisch", "binnen bestaande functie"],
        &["projectleider", "P-BNV-PL", "GM0203", "10", "01-01-2027", "31-12-2030", "ORG-BNV", "B-GEM-BNV", "tactisch", "dienstverband"],
        &["projectleider", "P-EDE-PL", "GM0228", "16", "01-01-2027", "31-12-2030", "ORG-EDE", "B-GEM-EDE", "tactisch", "dienstverband"],
        &["projectleider", "P-NKK-PL", "GM0267", "8", "01-01-2027", "31-12-2030", "ORG-JGZ", "B-GEM-NKK", "tactisch", "detachering"],
        &["projectleider", "", "GM0340", "6", "01-04-2027", "31-12-2030", "ORG-RHE", "B-GEM-RHE", "tactisch", ""],
        &["projectleider", "P-SCH-PL", "GM0279", "4", "01-01-2027", "31-12-2030", "ORG-WS", "B-GEM-SCH", "tactisch", "detachering"],
        &["projectleider", "P-VNDL-PL", "GM0345", "12", "01-01-2027", "31-12-2030", "ORG-VNDL", "B-GEM-VNDL, B-SPUK", "tactisch", "dienstverband"],
        &["projectleider", "P-WAG-PL", "GM0289", "8", "01-01-2027", "31-12-2030", "ORG-WAG", "B-GEM-WAG", "tactisch", "dienstverband"],
        &["centrale zorgverlener", "P-CZV-1", "GM0228", "24", "01-01-2027", "", "ORG-JGZ", "B-ZVW, B-GEM-EDE", "operationeel", "dienstverband"],
        &["centrale zorgverlener", "P-CZV-2", "GM0345", "16", "01-03-2027", "", "ORG-JGZ", "B-ZVW, B-GEM-VNDL", "operationeel", "dienstverband"],
        &["centrale zorgverlener", "P-CZV-3", "GM0203", "12", "01-01-2027", "", "ORG-JGZ", "B-ZVW, B-GEM-BNV", "operationeel", "dienstverband"],
        &["centrale zorgverlener", "P-NKK-PL", "GM0267", "8", "01-01-2027", "", "ORG-JGZ", "B-ZVW, B-GEM-NKK", "operationeel", "dienstverband"],
    ],
};

#[rustfmt::skip]
const PARTIJEN: Table = Table {
    columns: &[
        "Overeenkomst",
        "Org-ID",
        "Rol in de aanpak",
        "Verantwoordelijkheden",
        "Bijdrage",
        "Ondertekenaar",
        "Besluitdatum",
        "Afgestemd op",
    ],
    rows: &[
        &["regio", "ORG-BNV", "Deelnemende gemeente en opdrachtgever",
          "Bestuurlijk opdrachtgever van de lokale aanpak in Barneveld\nFinanciert de lokale projectleider en het gemeentelijke aandeel in de regionale kosten\nVerankert Kind naar Gezonder Gewicht in het lokale gezondheidsbeleid",
          "Beleidscapaciteit en bestuurlijke inzet in de stuurgroep", "P-BNV-WH", "03-11-2026", "02-11-2026"],
        &["regio", "ORG-EDE", "Deelnemende gemeente, opdrachtgever en penvoerder",
          "Bestuurlijk opdrachtgever van de lokale aanpak in Ede\nBeheert als penvoerder de regionale middelen en legt daarover verantwoording af\nLevert de voorzitter van de stuurgroep",
          "Beleidsadviseur 4 uur per week voor de regio; secretariaat van de stuurgroep", "P-EDE-WH", "27-10-2026", "02-11-2026"],
        &["regio", "ORG-NKK", "Deelnemende gemeente en opdrachtgever",
          "Bestuurlijk opdrachtgever van de lokale aanpak in Nijkerk\nFinanciert de lokale projectleider en het gemeentelijke aandeel in de regionale kosten",
          "Beleidscapaciteit en bestuurlijke inzet in de stuurgroep", "P-NKK-WH", "05-11-2026", "02-11-2026"],
        &["regio", "ORG-RHE", "Deelnemende gemeente en opdrachtgever",
          "Bestuurlijk opdrachtgever van de lokale aanpak in Rhenen\nVervult de vacature van lokale projectleider\nFinanciert het gemeentelijke aandeel in de regionale kosten",
          "Beleidscapaciteit en bestuurlijke inzet in de stuurgroep", "P-RHE-WH", "", "02-11-2026"],
        &["regio", "ORG-SCH", "Deelnemende gemeente en opdrachtgever",
          "Bestuurlijk opdrachtgever van de lokale aanpak in Scherpenzeel\nFinanciert de lokale projectleider en het gemeentelijke aandeel in de regionale kosten",
          "Beleidscapaciteit en bestuurlijke inzet in de stuurgroep", "P-SCH-BG", "10-11-2026", "02-11-2026"],
        &["regio", "ORG-VNDL", "Deelnemende gemeente en opdrachtgever",
          "Bestuurlijk opdrachtgever van de lokale aanpak in Veenendaal\nFinanciert de lokale projectleider en het gemeentelijke aandeel in de regionale kosten\nDeelt de ervaringen met de wijkgerichte uitrol met de regio",
          "Beleidscapaciteit en bestuurlijke inzet in de stuurgroep", "P-VNDL-WH", "29-10-2026", "02-11-2026"],
        &["regio", "ORG-WAG", "Deelnemende gemeente en opdrachtgever",
          "Bestuurlijk opdrachtgever van de lokale aanpak in Wageningen\nFinanciert de lokale projectleider en het gemeentelijke aandeel in de regionale kosten",
          "Beleidscapaciteit en bestuurlijke inzet in de stuurgroep", "P-WAG-WH", "06-11-2026", "02-11-2026"],
        &["regio", "ORG-GGD", "Gastorganisatie van de regiocoördinator; monitoring en evaluatie",
          "Is werkgever van de regiocoördinator\nLevert cijfers uit de GGD-monitor en voert de regionale monitoring en evaluatie uit\nVerbindt de aanpak met het preventiebeleid in de regio",
          "Werkplek, ICT en ondersteuning van de regiocoördinator (in natura); epidemiologische expertise", "P-GGD-DIR", "", "02-11-2026"],
        &["regio", "ORG-JGZ", "Uitvoerende organisatie en werkgever van de centrale zorgverleners",
          "Stelt centrale zorgverleners beschikbaar en laat ze scholen\nSignaleert overgewicht bij het periodiek gezondheidsonderzoek en verwijst door\nRegistreert volgens de afspraken voor de KnGG-monitor",
          "Uren van jeugdverpleegkundigen en jeugdartsen voor signalering en verwijzing", "P-JGZ-DIR", "", "02-11-2026"],
        &["regio", "ORG-ZV", "Preferente zorgverzekeraar",
          "Koopt de zorg van de centrale zorgverlener in\nMaakt regionale inkoopafspraken volgens de afsprakenleidraad van de GALA-handreiking\nNeemt deel aan de stuurgroep",
          "Bijdrage aan de scholing van centrale zorgverleners; inkoopexpertise", "P-ZV-MGR", "", "02-11-2026"],
        &["regio", "ORG-JOGG", "Landelijke kennispartner",
          "Ondersteunt regio en gemeenten met advies, scholing en instrumenten\nBiedt het landelijke lerende netwerk voor regiocoördinatoren",
          "Accounthouder en adviseurs, kosteloos voor deelnemende gemeenten", "P-JOGG-DIR", "", ""],
        &["GM0228", "ORG-EDE", "Opdrachtgever van de lokale aanpak",
          "Stelt de lokale projectleider aan en financiert die\nStuurt op de uitvoering van het lokale plan van aanpak\nBorgt de aanpak in het beleid voor Ede-Zuid en Veldhuizen",
          "Projectleider 16 uur per week; beleidsondersteuning", "P-EDE-WH", "27-10-2026", "04-11-2026"],
        &["GM0228", "ORG-JGZ", "Werkgever van de centrale zorgverlener in Ede",
          "Zet een centrale zorgverlener in voor 24 uur per week\nZorgt voor vervanging bij afwezigheid",
          "Centrale zorgverlener 24 uur per week; jeugdarts voor medische vragen", "P-JGZ-DIR", "", "04-11-2026"],
        &["GM0228", "ORG-SWT", "Partner in het sociaal domein",
          "Pakt vragen over armoede, schulden en opvoeding op\nNeemt deel aan het lokale netwerkoverleg",
          "Vast contactpersoon per wijkteam in Ede-Zuid en Veldhuizen", "P-SWT-DIR", "", "04-11-2026"],
        &["GM0228", "ORG-HA", "Zorgpartner",
          "Huisartsen en POH-jeugd verwijzen naar de centrale zorgverlener\nStemmen medische vragen af met de jeugdarts",
          "Tijd voor overleg en verwijzing; een kaderhuisarts als aanspreekpunt", "P-HA-DIR", "", "04-11-2026"],
        &["GM0345", "ORG-VNDL", "Opdrachtgever van de lokale aanpak",
          "Stelt de lokale projectleider aan en financiert die\nStuurt op de uitvoering van het lokale plan van aanpak",
          "Projectleider 12 uur per week; beleidsondersteuning", "P-VNDL-WH", "29-10-2026", "04-11-2026"],
        &["GM0345", "ORG-JGZ", "Werkgever van de centrale zorgverlener in Veenendaal",
          "Zet een centrale zorgverlener in voor 16 uur per week\nZorgt voor vervanging bij afwezigheid",
          "Centrale zorgverlener 16 uur per week", "P-JGZ-DIR", "", "04-11-2026"],
        &["GM0345", "ORG-SAV", "Partner voor welzijn en sport",
          "Biedt laagdrempelig beweegaanbod voor gezinnen\nBuurtsportcoaches verwijzen naar en ontvangen van de centrale zorgverlener",
          "Buurtsportcoach 8 uur per week in Dragonder en Petenbos", "P-SAV-DIR", "", "04-11-2026"],
        &["GM0345", "ORG-HA", "Zorgpartner",
          "Huisartsen en POH-jeugd verwijzen naar de centrale zorgverlener\nNemen deel aan het casusoverleg",
          "Tijd voor overleg en verwijzing", "P-HA-DIR", "", "04-11-2026"],
    ],
};

#[rustfmt::skip]
const MIJLPALEN: Table = Table {
    columns: &[
        "Mijlpaal-ID",
        "Soort",
        "Datum",
        "Omschrijving",
        "Criteria",
        "Besluitvormer",
        "Scope",
        "Uitkomst",
        "Motivering",
        "Fase",
    ],
    rows: &[
        &["M01", "go/no-go", "01-10-2026", "Besluit na de regionale verkenning: samen verder met Kind naar Gezonder Gewicht",
          "Minstens zes gemeenten willen deelnemen\nEen gastorganisatie voor de regiocoördinator is gevonden\nDe preferente zorgverzekeraar is betrokken",
          "Portefeuillehoudersoverleg Gezondheid Regio Foodvalley", "regio", "go",
          "Zeven gemeenten doen mee; Renswoude verkent nog. De GGD is gastorganisatie.", "initiatief en ontwerp"],
        &["M02", "besluit", "10-12-2026", "Laatste besluiten over deelname en financiering 2027-2030: college van Rhenen en gemeenteraad van Ede", "",
          "College van Rhenen; gemeenteraad van Ede", "regio", "open", "", "initiatief en ontwerp"],
        &["M03", "start", "01-01-2027", "Start van de regiocoördinator en de regionale aanpak", "", "", "regio", "open", "", "experimenteren en uitvoeren"],
        &["M04", "ondertekening", "15-01-2027", "Ondertekening van de regionale samenwerkingsovereenkomst", "",
          "Stuurgroep KnGG Regio Foodvalley", "regio", "open", "", "initiatief en ontwerp"],
        &["M05", "go/no-go", "30-06-2027", "Go/no-go na de opstartfase",
          "De regiocoördinator is aangesteld voor minstens 15 uur per week\nIn elke deelnemende gemeente is een projectleider met financiering\nEr zijn inkoopafspraken over de zorg van de centrale zorgverlener\nHet regionale M&E-plan is vastgesteld",
          "Stuurgroep KnGG Regio Foodvalley", "regio", "open", "", "experimenteren en uitvoeren"],
        &["M06", "evaluatie", "30-06-2028", "Tussenevaluatie van de regionale aanpak", "",
          "Stuurgroep KnGG Regio Foodvalley", "regio", "open", "", "experimenteren en uitvoeren"],
        &["M07", "go/no-go", "31-03-2030", "Besluit over voortzetting na 2030",
          "De structurele financiering is geregeld\nDe resultaten van de KnGG-monitor zijn in alle colleges besproken",
          "Colleges van burgemeester en wethouders", "regio", "open", "", "uitbouwen en monitoren"],
        &["M08", "ondertekening", "01-02-2027", "Ondertekening van de lokale samenwerkingsovereenkomst Ede", "",
          "Wethouder Zorg, Jeugd en Gezondheid", "GM0228", "open", "", "initiatief en ontwerp"],
        &["M09", "go/no-go", "01-10-2027", "Uitbreiding van Ede-Zuid en Veldhuizen naar heel Ede",
          "De centrale zorgverlener werkt minstens zes maanden\nDe wachttijd is korter dan vier weken",
          "Wethouder Zorg, Jeugd en Gezondheid", "GM0228", "open", "", "experimenteren en uitvoeren"],
        &["M10", "start", "01-03-2027", "Start van de centrale zorgverlener in Veenendaal", "", "", "GM0345", "open", "", "experimenteren en uitvoeren"],
    ],
};

#[rustfmt::skip]
const DOELEN: Table = Table {
    columns: &[
        "Doel-ID",
        "Doel",
        "Indicator",
        "Bron",
        "Nulmeting",
        "Streefwaarde",
        "Streefjaar",
        "Eigenaar",
        "Scope",
        "Termijn",
    ],
    rows: &[
        &["D01", "Kinderen met overgewicht of obesitas en hun gezin krijgen begeleiding van een centrale zorgverlener",
          "Aantal kinderen in begeleiding bij een centrale zorgverlener", "KnGG-monitor", "0 (2026)", "250 per jaar", "2030", "P-RC", "regio", "middellang"],
        &["D02", "Minder kinderen met overgewicht",
          "Percentage kinderen van 4 tot 18 jaar met overgewicht (inclusief obesitas)", "RIVM-indicatorenset",
          "meting JGZ 2026", "1 procentpunt lager dan de nulmeting", "2030", "P-ME", "regio", "lang"],
        &["D03", "In elke deelnemende gemeente werkt een lokaal netwerk",
          "Aantal gemeenten met een projectleider, een centrale zorgverlener en een netwerkoverleg", "eigen",
          "2 van 7", "7 van 7", "2028", "P-RC", "regio", "kort"],
        &["D04", "Gezinnen zijn tevreden over de begeleiding", "Gemiddeld rapportcijfer van ouders", "KnGG-monitor",
          "nog niet gemeten", "7,5 of hoger", "2028", "P-ME", "regio", "middellang"],
        &["D05", "Kinderen in Ede-Zuid en Veldhuizen worden eerder gesignaleerd",
          "Aandeel kinderen met overgewicht dat na het periodiek gezondheidsonderzoek wordt verwezen", "GGD-monitor",
          "40 %", "70 %", "2029", "P-EDE-PL", "GM0228", "middellang"],
    ],
};

#[rustfmt::skip]
const RISICOS: Table = Table {
    columns: &[
        "Risico-ID",
        "Omschrijving",
        "Categorie",
        "Kans",
        "Impact",
        "Maatregel",
        "Eigenaar",
        "Scope",
        "Soort",
    ],
    rows: &[
        &["RS01", "De tijdelijke middelen (SPUK en IZA) stoppen na 2028, terwijl de kosten doorlopen", "financieel", "4", "5",
          "Uiterlijk in 2028 structurele dekking in de gemeentebegrotingen en inkoopafspraken met de zorgverzekeraar", "P-RC", "regio", "risico"],
        &["RS02", "Te weinig uren centrale zorgverlener door krapte bij de JGZ", "personeel", "3", "4",
          "Tijdig werven en opleiden; afspraken over vervanging tussen de teams", "P-JGZ-MGR", "regio", "risico"],
        &["RS03", "Huisartsen verwijzen weinig naar de centrale zorgverlener", "draagvlak", "3", "3",
          "Een kaderhuisarts als ambassadeur; terugkoppeling per verwezen kind", "P-RC", "regio", "risico"],
        &["RS04", "De besluitvorming in colleges en raden loopt uiteen", "besluitvorming", "2", "4",
          "Gelijke besluitvormingsstukken en één planning; tijdig bestuurlijk overleg", "P-EDE-BM", "regio", "risico"],
        &["RS05", "De gegevensuitwisseling voor de monitor past niet binnen de afspraken over privacy", "juridisch", "2", "3",
          "Verwerkersovereenkomst en DPIA vóór de start van de monitor", "P-ME", "regio", "risico"],
        &["RS06", "De vacature van projectleider in Rhenen blijft open", "capaciteit", "3", "3",
          "Tijdelijke ondersteuning door de regiocoördinator; gezamenlijke werving met Scherpenzeel", "P-RC", "GM0340", "risico"],
        &["RS07", "De regionale IZA-werkagenda en het preventieakkoord bieden ruimte om de aanpak te verbinden met preventie en mee te financieren", "financieel", "3", "4",
          "De regiocoördinator brengt de aanpak in bij de IZA-werkagenda en het bestuurlijk overleg over preventie", "P-RC", "regio", "kans"],
    ],
};

#[rustfmt::skip]
const RANDVOORWAARDEN: Table = Table {
    columns: &["Scope", "Randvoorwaarde", "Voldaan", "Toelichting", "Eigenaar", "Gereed op"],
    rows: &[
        &["regio", "bestuurlijke opdracht", "ja", "Besluit van het portefeuillehoudersoverleg van 1 oktober 2026.", "", ""],
        &["regio", "samenwerkingsovereenkomst JOGG", "ja", "Alle deelnemende gemeenten hebben een overeenkomst met JOGG.", "", ""],
        &["regio", "draagvlak uitvoeringsorganisaties", "ja", "GGD, JGZ en de huisartsencoöperatie hebben ingestemd met het plan.", "", ""],
        &["regio", "projectleider met financiering", "ja", "In zes van de zeven gemeenten; voor Rhenen zie de lokale rij.", "", ""],
        &["regio", "centrale zorgverlener met financiering", "ja", "Via de JGZ, gefinancierd uit de Zvw en gemeentelijke middelen.", "", ""],
        &["regio", "financiering geborgd", "nee", "Na 2028 is nog niet alles structureel gedekt: SPUK en IZA zijn tijdelijk.", "P-RC", "01-07-2028"],
        &["GM0340", "projectleider met financiering", "nee", "De financiering is er; de vacature is nog niet vervuld.", "P-RHE-WH", "01-04-2027"],
        &["GM0228", "Afspraken met de huisartsen over verwijzing", "ja", "Vastgelegd in het lokale netwerkoverleg van september 2026.", "", ""],
        &["GM0345", "Beweegaanbod voor gezinnen in de focuswijken", "ja", "Samen Actief Veenendaal start in Dragonder en Petenbos.", "", ""],
    ],
};

#[rustfmt::skip]
const TEKSTEN: Table = Table {
    columns: &["Document", "Sectie", "Scope", "Tekst"],
    rows: &[
        &["overeenkomst", "overwegingen", "regio",
          "De gemeenten van Regio Foodvalley werken al jaren samen op het gebied van gezondheid en jeugd. Zij willen dat kinderen met overgewicht of obesitas en hun gezin overal in de regio dezelfde passende ondersteuning en zorg krijgen.\n\nDe partijen onderschrijven de visie van Kind naar Gezonder Gewicht en het Landelijk model ketenaanpak voor kinderen met overgewicht en obesitas."],
        &["plan", "visie", "regio",
          "Elk kind in Regio Foodvalley groeit gezond op. Een kind met overgewicht en zijn gezin hebben één vast aanspreekpunt: de centrale zorgverlener, die de begeleiding coördineert en samenwerkt met zorg en sociaal domein.\n\nWe werken regionaal waar dat sterker is (inkoop, monitoring, scholing) en lokaal waar het kind woont."],
        &["plan", "aanleiding", "GM0228",
          "In Ede-Zuid en Veldhuizen ligt het percentage kinderen met overgewicht boven het gemiddelde van de gemeente. Daarom begint Ede in deze wijken en breidt de aanpak na een go/no-go uit naar heel Ede."],
        &["opdracht", "rapportage", "regio",
          "De regiocoördinator rapporteert twee keer per jaar aan de stuurgroep over voortgang, uitgaven en risico's, en jaarlijks met de resultaten van de KnGG-monitor."],
        &["begroting", "toelichting", "regio",
          "De begroting loopt van 2027 tot en met 2030, exclusief btw, met 2,5 % indexatie per jaar. Regionale kosten worden naar inwonertal verdeeld, tenzij bij de kostenregel een andere sleutel staat."],
    ],
};

#[rustfmt::skip]
const OVERLEGGEN: Table = Table {
    columns: &[
        "Overleg",
        "Scope",
        "Voorzitter",
        "Leden",
        "Frequentie per jaar",
        "Taak",
    ],
    rows: &[
        &["stuurgroep", "regio", "P-EDE-WH",
          "P-BNV-WH, P-NKK-WH, P-RHE-WH, P-SCH-WH, P-VNDL-WH, P-WAG-WH, P-GGD-DIR, P-JGZ-DIR, P-ZV-MGR",
          "3", "Bestuurlijke sturing: besluit over plan, begroting en go/no-go-momenten."],
        &["projectgroep", "regio", "P-RC",
          "P-BNV-PL, P-EDE-PL, P-NKK-PL, P-SCH-PL, P-VNDL-PL, P-WAG-PL, P-JGZ-MGR, P-JOGG-AH, P-EDE-BM",
          "6", "Afstemming tussen regio en gemeenten, voortgang en gezamenlijke activiteiten."],
        &["werkgroep", "regio", "P-ME", "P-RC, P-EDE-BM, P-JGZ-MGR", "4",
          "Werkgroep monitoring en evaluatie: het regionale M&E-plan en de KnGG-monitor."],
        &["kerngroep", "GM0228", "P-EDE-PL", "P-CZV-1, P-EDE-BM", "10",
          "Lokaal netwerkoverleg in Ede: casuïstiek, verwijzing en samenwerking."],
    ],
};

#[rustfmt::skip]
const KOSTENREGELS: Table = Table {
    columns: &[
        "Regel-ID",
        "Kostenpost",
        "Omschrijving",
        "Scope",
        "Soort",
        "Eenheid",
        "Tarief",
        "2027",
        "2028",
        "2029",
        "2030",
        "Verdeelsleutel",
        "In natura",
        "Toelichting",
        "Rol",
    ],
    rows: &[
        &["K01", "Regiocoördinator", "Regiocoördinator, 20 uur per week (40 werkweken)", "regio", "structureel", "uur", "92,00", "800", "800", "800", "800", "S-INW", "nee", "Voorstel profielschets: bij 6-12 gemeenten meer dan 15 uur per week.", "regiocoördinator"],
        &["K02", "Kwartiermaker", "Opstart: governance, overeenkomsten en inkoopafspraken", "regio", "incidenteel", "uur", "110,00", "240", "", "", "", "S-GELIJK", "nee", "Extern ingehuurd in het eerste halfjaar.", "kwartiermaker"],
        &["K03", "Monitoring en evaluatie", "Regionaal M&E-plan, KnGG-monitor en jaarrapportage", "regio", "structureel", "uur", "88,00", "200", "160", "160", "160", "S-INW", "nee", "", "M&E-eigenaar"],
        &["K04", "Communicatie", "Website, nieuwsbrief, netwerkbijeenkomsten en voorlichtingsmateriaal", "regio", "structureel", "forfait", "6.500,00", "1", "1", "1", "1", "", "nee", "", ""],
        &["K05", "Scholing", "Opleiding centrale zorgverleners (in company, per deelnemer)", "regio", "incidenteel", "stuk", "1.850,00", "8", "4", "", "", "S-INW", "nee", "", ""],
        &["K06", "Intervisie", "Intervisie voor projectleiders en centrale zorgverleners", "regio", "structureel", "dag", "1.200,00", "4", "4", "4", "4", "S-GELIJK", "nee", "", ""],
        &["K07", "Juridische ondersteuning", "Samenwerkingsovereenkomsten en afspraken over gegevensuitwisseling", "regio", "incidenteel", "uur", "135,00", "40", "", "", "", "S-GELIJK", "nee", "", ""],
        &["K08", "Huisvesting en ondersteuning", "Werkplek, ICT en secretariële ondersteuning van de regiocoördinator", "regio", "structureel", "forfait", "4.000,00", "1", "1", "1", "1", "", "ja", "Inbreng van GGD Valleiregio in natura.", "regiocoördinator"],
        &["K09", "Werkbudget regio", "Regionale bijeenkomsten, bestuurlijk overleg en klein materiaal", "regio", "structureel", "forfait", "3.500,00", "1", "1", "1", "1", "S-VAST", "nee", "Verdeeld volgens de afgesproken vaste aandelen.", "regiocoördinator"],
        &["K10", "Projectleider", "Lokale projectleider Ede, 16 uur per week", "GM0228", "structureel", "uur", "82,00", "640", "640", "640", "640", "", "nee", "", "projectleider"],
        &["K11", "Projectleider", "Lokale projectleider Veenendaal, 12 uur per week", "GM0345", "structureel", "uur", "82,00", "480", "480", "480", "480", "", "nee", "", "projectleider"],
        &["K12", "Projectleider", "Lokale projectleider Barneveld, 10 uur per week", "GM0203", "structureel", "uur", "82,00", "400", "400", "400", "400", "", "nee", "", "projectleider"],
        &["K13", "Projectleider", "Lokale projectleider Nijkerk, 8 uur per week", "GM0267", "structureel", "uur", "82,00", "320", "320", "320", "320", "", "nee", "", "projectleider"],
        &["K14", "Projectleider", "Lokale projectleider Wageningen, 8 uur per week", "GM0289", "structureel", "uur", "82,00", "320", "320", "320", "320", "", "nee", "", "projectleider"],
        &["K15", "Projectleider", "Lokale projectleider Rhenen, 6 uur per week (vanaf april 2027)", "GM0340", "structureel", "uur", "82,00", "180", "240", "240", "240", "", "nee", "De vacature is nog open.", "projectleider"],
        &["K16", "Projectleider", "Lokale projectleider Scherpenzeel, 4 uur per week", "GM0279", "structureel", "uur", "82,00", "160", "160", "160", "160", "", "nee", "", "projectleider"],
        &["K17", "Centrale zorgverlener", "Centrale zorgverlener Ede, 24 uur per week", "GM0228", "structureel", "uur", "78,00", "960", "960", "960", "960", "", "nee", "", "centrale zorgverlener"],
        &["K18", "Centrale zorgverlener", "Centrale zorgverlener Veenendaal, 16 uur per week (vanaf maart 2027)", "GM0345", "structureel", "uur", "78,00", "544", "640", "640", "640", "", "nee", "", "centrale zorgverlener"],
        &["K19", "Centrale zorgverlener", "Centrale zorgverlener Barneveld, 12 uur per week", "GM0203", "structureel", "uur", "78,00", "480", "480", "480", "480", "", "nee", "", "centrale zorgverlener"],
        &["K20", "Centrale zorgverlener", "Centrale zorgverlener Nijkerk, 8 uur per week (gecombineerd met de rol van projectleider)", "GM0267", "structureel", "uur", "78,00", "320", "320", "320", "320", "", "nee", "", "centrale zorgverlener"],
    ],
};

#[rustfmt::skip]
const BRONNEN: Table = Table {
    columns: &["Bron-ID", "Naam", "Soort", "Tijdelijk", "Geldig tot", "Houder"],
    rows: &[
        &["B-GEM-REGIO", "Gemeentelijke bijdrage aan de regionale kosten", "gemeente", "nee", "", "GM0228"],
        &["B-GEM-BNV", "Gemeente Barneveld, programma Gezondheid", "gemeente", "nee", "", "GM0203"],
        &["B-GEM-EDE", "Gemeente Ede, programma Publieke Gezondheid", "gemeente", "nee", "", "GM0228"],
        &["B-GEM-NKK", "Gemeente Nijkerk, programma Sociaal Domein", "gemeente", "nee", "", "GM0267"],
        &["B-GEM-RHE", "Gemeente Rhenen, programma Jeugd en Gezondheid", "gemeente", "nee", "", "GM0340"],
        &["B-GEM-SCH", "Gemeente Scherpenzeel, programma Zorg en Welzijn", "gemeente", "nee", "", "GM0279"],
        &["B-GEM-VNDL", "Gemeente Veenendaal, programma Gezondheid", "gemeente", "nee", "", "GM0345"],
        &["B-GEM-WAG", "Gemeente Wageningen, programma Gezondheid", "gemeente", "nee", "", "GM0289"],
        &["B-SPUK", "SPUK Gezond en Actief Leven Akkoord (GALA)", "SPUK/GALA", "ja", "31-12-2028", "GM0228"],
        &["B-IZA", "IZA-transformatiemiddelen Regio Foodvalley", "IZA", "ja", "31-12-2028", "ORG-ZV"],
        &["B-ZV", "Bijdrage Zorgverzekeraar Middenland (inkoopafspraken)", "zorgverzekeraar", "nee", "", "ORG-ZV"],
        &["B-ZVW", "Zorgverzekeringswet: zorg van de centrale zorgverlener", "Zvw", "nee", "", "ORG-ZV"],
        &["B-GGD", "Inbreng GGD Valleiregio in natura", "partner", "nee", "", "ORG-GGD"],
    ],
};

#[rustfmt::skip]
const DEKKING: Table = Table {
    columns: &[
        "Regel-ID",
        "Bron-ID",
        "Percentage",
        "2027",
        "2028",
        "2029",
        "2030",
        "Status",
    ],
    rows: &[
        &["K01", "B-SPUK", "", "30.000,00", "30.000,00", "", "", "toegezegd"],
        &["K01", "B-GEM-REGIO", "", "43.600,00", "45.440,00", "77.326,00", "79.259,15", "toegezegd"],
        &["K02", "B-SPUK", "100", "", "", "", "", "toegezegd"],
        &["K03", "B-IZA", "50", "", "", "", "", "aangevraagd"],
        &["K03", "B-GEM-REGIO", "50", "", "", "", "", "toegezegd"],
        &["K04", "B-GEM-REGIO", "100", "", "", "", "", "toegezegd"],
        &["K05", "B-ZV", "60", "", "", "", "", "toegezegd"],
        &["K05", "B-SPUK", "40", "", "", "", "", "toegezegd"],
        &["K06", "B-GEM-REGIO", "100", "", "", "", "", "toegezegd"],
        &["K07", "B-GEM-REGIO", "100", "", "", "", "", "toegezegd"],
        &["K08", "B-GGD", "100", "", "", "", "", "toegezegd"],
        &["K09", "B-GEM-REGIO", "100", "", "", "", "", "toegezegd"],
        &["K10", "B-GEM-EDE", "100", "", "", "", "", "toegezegd"],
        &["K11", "B-SPUK", "", "8.000,00", "8.000,00", "", "", "toegezegd"],
        &["K11", "B-GEM-VNDL", "", "31.360,00", "32.344,00", "41.352,60", "42.386,42", "toegezegd"],
        &["K12", "B-GEM-BNV", "100", "", "", "", "", "toegezegd"],
        &["K13", "B-GEM-NKK", "100", "", "", "", "", "toegezegd"],
        &["K14", "B-GEM-WAG", "100", "", "", "", "", "toegezegd"],
        &["K15", "B-GEM-RHE", "50", "", "", "", "", "verwacht"],
        &["K16", "B-GEM-SCH", "100", "", "", "", "", "toegezegd"],
        &["K17", "B-ZVW", "60", "", "", "", "", "verwacht"],
        &["K17", "B-GEM-EDE", "40", "", "", "", "", "toegezegd"],
        &["K18", "B-ZVW", "60", "", "", "", "", "verwacht"],
        &["K18", "B-GEM-VNDL", "40", "", "", "", "", "toegezegd"],
        &["K19", "B-ZVW", "60", "", "", "", "", "verwacht"],
        &["K19", "B-GEM-BNV", "40", "", "", "", "", "toegezegd"],
        &["K20", "B-ZVW", "60", "", "", "", "", "verwacht"],
        &["K20", "B-GEM-NKK", "40", "", "", "", "", "toegezegd"],
    ],
};

#[rustfmt::skip]
const VERDEELSLEUTELS: Table = Table {
    columns: &["Sleutel-ID", "Methode", "Standaard", "CBS-code", "Aandeel"],
    rows: &[
        &["S-INW", "inwoners", "ja", "", ""],
        &["S-GELIJK", "gelijk", "nee", "", ""],
        &["S-VAST", "vast", "nee", "GM0228", "30"],
        &["S-VAST", "vast", "nee", "GM0345", "18"],
        &["S-VAST", "vast", "nee", "GM0203", "16"],
        &["S-VAST", "vast", "nee", "GM0267", "12"],
        &["S-VAST", "vast", "nee", "GM0289", "11"],
        &["S-VAST", "vast", "nee", "GM0340", "8"],
        &["S-VAST", "vast", "nee", "GM0279", "5"],
    ],
};

/// The capacity plan of the central care providers: the municipalities with their own CZV
/// (hours and rates match their cost lines: cases × (direct + indirect) + overarching hours
/// × 40 weeks), and the regional assumptions for the municipalities without one yet.
#[rustfmt::skip]
const CZV_CAPACITEIT: Table = Table {
    columns: &[
        "Scope",
        "Casussen jaar 1",
        "Directe uren per casus",
        "Indirecte uren per casus",
        "Overstijgende uren per week",
        "Uurtarief",
        "Zvw-deel",
        "Functiebeschrijving Zorginstituut",
    ],
    rows: &[
        &["regio", "15", "14", "6", "2", "78,00", "60", "ja"],
        &["GM0228", "40", "14", "6", "4", "78,00", "60", "ja"],
        &["GM0345", "24", "14", "6", "4", "78,00", "60", "ja"],
        &["GM0203", "18", "14", "6", "3", "78,00", "60", "nee"],
        &["GM0267", "12", "14", "6", "2", "78,00", "60", "ja"],
    ],
};
