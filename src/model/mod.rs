//! The typed domain: every sheet of both workbooks as serde structs.
//!
//! Money is [`Decimal`] from the moment it is read, dates are [`NaiveDate`]. Every record
//! keeps its [`Origin`] (workbook, sheet, row), and sheets with amounts keep the columns of
//! their cells ([`Cells`]), so any later message or computed amount can point back to the
//! cell it came from without reading the workbooks again.
//!
//! [`load`] reads a project folder into a [`Project`] plus the findings of reading.

mod read;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

pub use read::{InputFile, load, load_keeping, read_workbooks};

use crate::diag::Location;
use crate::vocab::*;

/// Where a record came from: workbook file, sheet and row (1-based, as Excel shows it).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Origin {
    /// File name, e.g. `financien.xlsx`.
    pub workbook: String,
    /// Sheet name as spelled in the file.
    pub sheet: String,
    /// Row number.
    pub row: u32,
}

impl Origin {
    /// The location of the whole row.
    pub fn location(&self) -> Location {
        Location::row(&self.workbook, &self.sheet, self.row)
    }

    /// The location of a cell in this row, given its 1-based column.
    pub fn cell(&self, col: u32) -> Location {
        Location::cell(&self.workbook, &self.sheet, col, self.row)
    }
}

/// The 1-based columns of a sheet's named fields and year columns, so that a record's
/// [`Origin`] plus a field name gives the exact cell.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Cells {
    /// Field name → column.
    pub columns: BTreeMap<String, u32>,
    /// Year → column.
    pub years: BTreeMap<i32, u32>,
}

impl Cells {
    /// The cell of a named field in the row of `origin`, or the row when the column is absent.
    pub fn of(&self, origin: &Origin, field: &str) -> Location {
        match self.columns.get(field) {
            Some(c) => origin.cell(*c),
            None => origin.location(),
        }
    }

    /// The cell of a year column in the row of `origin`, or the row when absent.
    pub fn of_year(&self, origin: &Origin, year: i32) -> Location {
        match self.years.get(&year) {
            Some(c) => origin.cell(*c),
            None => origin.location(),
        }
    }
}

/// `regio` or one municipality (CBS code).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// The whole region.
    Regio,
    /// One municipality, by CBS code (`GM0228`).
    Gemeente(String),
}

impl Scope {
    /// `regio` or the CBS code.
    pub fn as_str(&self) -> &str {
        match self {
            Scope::Regio => "regio",
            Scope::Gemeente(c) => c,
        }
    }

    /// The CBS code when this is a municipality.
    pub fn gemeente(&self) -> Option<&str> {
        match self {
            Scope::Regio => None,
            Scope::Gemeente(c) => Some(c),
        }
    }
}

impl Serialize for Scope {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Everything both workbooks say, typed.
#[derive(Debug, Clone, Serialize)]
pub struct Project {
    /// File name of the stakeholders workbook.
    pub stakeholders_file: String,
    /// File name of the finance workbook.
    pub financien_file: String,
    /// `Regio`.
    pub regio: Regio,
    /// `Gemeenten`.
    pub gemeenten: Vec<Gemeente>,
    /// `Organisaties`.
    pub organisaties: Vec<Organisatie>,
    /// `Personen`.
    pub personen: Vec<Persoon>,
    /// `Rollen`.
    pub rollen: Vec<Rol>,
    /// `Partijen`.
    pub partijen: Vec<Partij>,
    /// `Mijlpalen`.
    pub mijlpalen: Vec<Mijlpaal>,
    /// `Doelen`.
    pub doelen: Vec<Doel>,
    /// `Risicos`.
    pub risicos: Vec<Risico>,
    /// `Randvoorwaarden`.
    pub randvoorwaarden: Vec<Randvoorwaarde>,
    /// `Teksten` (optional sheet).
    pub teksten: Vec<Tekst>,
    /// `Overleggen` (optional sheet).
    pub overleggen: Vec<Overleg>,
    /// `Parameters`.
    pub parameters: Parameters,
    /// `Kostenregels`.
    pub kostenregels: Vec<Kostenregel>,
    /// `Financieringsbronnen`.
    pub bronnen: Vec<Bron>,
    /// `Dekking`.
    pub dekking: Vec<Dekking>,
    /// `Verdeelsleutels`, grouped by Sleutel-ID.
    pub sleutels: Vec<Verdeelsleutel>,
    /// `CZV-capaciteit` (optional sheet).
    pub czv: Vec<CzvCapaciteit>,
    /// Per table sheet (spec name, e.g. `Kostenregels`): the columns of its fields.
    pub cells: BTreeMap<String, Cells>,
}

/// `Regio`.
#[derive(Debug, Clone, Serialize)]
pub struct Regio {
    /// `Regionaam`.
    pub naam: String,
    /// `Regiotype`.
    pub regiotype: Option<Regiotype>,
    /// `Fase`.
    pub fase: Option<Fase>,
    /// `Startdatum`.
    pub startdatum: Option<NaiveDate>,
    /// `Einddatum`.
    pub einddatum: Option<NaiveDate>,
    /// `Versie`.
    pub versie: String,
    /// `Versiedatum`.
    pub versiedatum: Option<NaiveDate>,
    /// `Status` (default concept).
    pub status: Status,
    /// `Plaats ondertekening`.
    pub plaats_ondertekening: Option<String>,
    /// `Handtekenvelden` (default ja): whether the PDFs get an empty signature field for
    /// every signatory; `nee` for regions that print and sign on paper.
    pub handtekenvelden: bool,
    /// `Opgesteld door` (Persoon-ID).
    pub opgesteld_door: Option<String>,
    /// `Gastorganisatie` (Org-ID).
    pub gastorganisatie: Option<String>,
    /// `Preferente zorgverzekeraar` (Org-ID).
    pub preferente_zorgverzekeraar: Option<String>,
    /// `Penvoerder` (Org-ID); see [`Regio::penvoerder_id`] for the default.
    pub penvoerder: Option<String>,
    /// `Facturering` (default [`Facturering::VooraafPerJaar`]).
    pub facturering: Facturering,
    /// `Besluitvorming stuurgroep` (default [`Besluitvorming::Consensus`]).
    pub besluitvorming: Besluitvorming,
    /// `Opzegtermijn` in months (default [`Regio::OPZEGTERMIJN`]).
    pub opzegtermijn: u32,
    /// `Implementatiefase`.
    pub implementatiefase: Option<Implementatiefase>,
    /// Where the sheet is.
    pub origin: Origin,
    /// Field name → location of its value cell.
    pub cells: BTreeMap<String, Location>,
}

/// `Gemeenten`.
#[derive(Debug, Clone, Serialize)]
pub struct Gemeente {
    /// `CBS-code`.
    pub code: String,
    /// `Gemeente`.
    pub naam: String,
    /// `Deelname`.
    pub deelname: Deelname,
    /// `Inwoners`, filled from the CBS list when empty.
    pub inwoners: Option<u64>,
    /// True when `inwoners` came from the built-in CBS list.
    pub inwoners_uit_cbs: bool,
    /// `Jeugdigen 0-17`.
    pub jeugdigen: Option<u64>,
    /// `Raadsbesluit nodig`.
    pub raadsbesluit_nodig: bool,
    /// `Uitrol`.
    pub uitrol: Option<Uitrol>,
    /// `Focuswijken`.
    pub focuswijken: Option<String>,
    /// `Besluitstatus` (default geen).
    pub besluitstatus: Besluitstatus,
    /// `Besluitdatum`.
    pub besluitdatum: Option<NaiveDate>,
    /// `Overgewicht jeugd` in percentage points.
    pub overgewicht: Option<Decimal>,
    /// Where the row is.
    pub origin: Origin,
}

impl Regio {
    /// The default notice period in months, to the end of a calendar year.
    pub const OPZEGTERMIJN: u32 = 6;

    /// The Org-ID of the penvoerder: `Penvoerder`, else `Gastorganisatie`.
    pub fn penvoerder_id(&self) -> Option<&str> {
        self.penvoerder
            .as_deref()
            .or(self.gastorganisatie.as_deref())
    }
}

impl Gemeente {
    /// True when the municipality participates.
    pub fn deelnemend(&self) -> bool {
        self.deelname == Deelname::Deelnemend
    }
}

/// `Organisaties`.
#[derive(Debug, Clone, Serialize)]
pub struct Organisatie {
    /// `Org-ID`.
    pub id: String,
    /// `Naam` (legal name).
    pub naam: String,
    /// `Korte naam`.
    pub korte_naam: Option<String>,
    /// `Type`.
    pub soort: Option<OrgType>,
    /// `Werkgebied`.
    pub werkgebied: Option<Werkgebied>,
    /// `CBS-code`.
    pub cbs_code: Option<String>,
    /// `KvK-nummer`.
    pub kvk: Option<String>,
    /// `Adres`.
    pub adres: Option<String>,
    /// `Postcode`.
    pub postcode: Option<String>,
    /// `Plaats`.
    pub plaats: Option<String>,
    /// Where the row is.
    pub origin: Origin,
}

/// `Personen`.
#[derive(Debug, Clone, Serialize)]
pub struct Persoon {
    /// `Persoon-ID`.
    pub id: String,
    /// `Naam`.
    pub naam: String,
    /// `Functie`.
    pub functie: String,
    /// `Org-ID`.
    pub org: String,
    /// `E-mail`.
    pub email: Option<String>,
    /// `Telefoon`.
    pub telefoon: Option<String>,
    /// `Tekenbevoegd`.
    pub tekenbevoegd: bool,
    /// `Grondslag bevoegdheid`.
    pub grondslag: Option<String>,
    /// Where the row is.
    pub origin: Origin,
}

impl Persoon {
    /// True when the person is the mayor, who represents the municipality by law
    /// (article 171 Gemeentewet): a `Functie` such as `burgemeester` or `Burgemeester van Ede`.
    pub fn is_burgemeester(&self) -> bool {
        crate::ingest::normalize(&self.functie).starts_with("burgemeester")
    }
}

/// `Rollen`: one role assignment.
#[derive(Debug, Clone, Serialize)]
pub struct Rol {
    /// `Rol`.
    pub rol: Option<crate::vocab::Rol>,
    /// `Persoon-ID`; `None` is a vacancy.
    pub persoon: Option<String>,
    /// `Scope`.
    pub scope: Scope,
    /// `Uren per week`.
    pub uren_per_week: Option<Decimal>,
    /// `Start`.
    pub start: Option<NaiveDate>,
    /// `Einde`.
    pub einde: Option<NaiveDate>,
    /// `Werkgever` (Org-ID).
    pub werkgever: Option<String>,
    /// `Financiering` (Bron-IDs).
    pub financiering: Vec<String>,
    /// `Niveau`.
    pub niveau: Option<Niveau>,
    /// `Contractvorm`.
    pub contractvorm: Option<Contractvorm>,
    /// Where the row is.
    pub origin: Origin,
}

/// `Partijen`: one party to one agreement.
#[derive(Debug, Clone, Serialize)]
pub struct Partij {
    /// `Overeenkomst`: the regional agreement or a municipality's local one.
    pub overeenkomst: Scope,
    /// `Org-ID`.
    pub org: String,
    /// `Rol in de aanpak`.
    pub rol: String,
    /// `Verantwoordelijkheden`, one per line.
    pub verantwoordelijkheden: Vec<String>,
    /// `Bijdrage`.
    pub bijdrage: Option<String>,
    /// `Ondertekenaar` (Persoon-IDs).
    pub ondertekenaars: Vec<String>,
    /// `Besluitdatum`: the decision (for a municipality, of the college) the signatory acts on.
    pub besluitdatum: Option<NaiveDate>,
    /// `Afgestemd op`: when the party's text was agreed with the party (R05).
    pub afgestemd_op: Option<NaiveDate>,
    /// Where the row is.
    pub origin: Origin,
}

/// `Mijlpalen`.
#[derive(Debug, Clone, Serialize)]
pub struct Mijlpaal {
    /// `Mijlpaal-ID`.
    pub id: Option<String>,
    /// `Soort`.
    pub soort: Option<MijlpaalSoort>,
    /// `Datum`.
    pub datum: Option<NaiveDate>,
    /// `Omschrijving`.
    pub omschrijving: String,
    /// `Criteria`, one per line.
    pub criteria: Vec<String>,
    /// `Besluitvormer`.
    pub besluitvormer: Option<String>,
    /// `Scope` (default regio).
    pub scope: Scope,
    /// `Uitkomst` (default open).
    pub uitkomst: Uitkomst,
    /// `Motivering`.
    pub motivering: Option<String>,
    /// `Fase`.
    pub fase: Option<Implementatiefase>,
    /// Where the row is.
    pub origin: Origin,
}

/// `Doelen`.
#[derive(Debug, Clone, Serialize)]
pub struct Doel {
    /// `Doel-ID`.
    pub id: Option<String>,
    /// `Doel`.
    pub doel: String,
    /// `Indicator`.
    pub indicator: Option<String>,
    /// `Bron`.
    pub bron: Option<IndicatorBron>,
    /// `Nulmeting`.
    pub nulmeting: Option<String>,
    /// `Streefwaarde`.
    pub streefwaarde: Option<String>,
    /// `Streefjaar`.
    pub streefjaar: Option<i32>,
    /// `Eigenaar` (Persoon-ID).
    pub eigenaar: Option<String>,
    /// `Scope` (default regio).
    pub scope: Scope,
    /// `Termijn`.
    pub termijn: Option<Termijn>,
    /// Where the row is.
    pub origin: Origin,
}

/// `Risicos`.
#[derive(Debug, Clone, Serialize)]
pub struct Risico {
    /// `Risico-ID`.
    pub id: Option<String>,
    /// `Omschrijving`.
    pub omschrijving: String,
    /// `Categorie`.
    pub categorie: Option<RisicoCategorie>,
    /// `Kans` 1-5.
    pub kans: Option<u8>,
    /// `Impact` 1-5.
    pub impact: Option<u8>,
    /// `Maatregel`.
    pub maatregel: String,
    /// `Eigenaar` (Persoon-ID).
    pub eigenaar: Option<String>,
    /// `Scope` (default regio).
    pub scope: Scope,
    /// `Soort` (default risico).
    pub soort: RisicoSoort,
    /// Where the row is.
    pub origin: Origin,
}

/// `Randvoorwaarden`.
#[derive(Debug, Clone, Serialize)]
pub struct Randvoorwaarde {
    /// `Scope`.
    pub scope: Scope,
    /// `Randvoorwaarde`.
    pub randvoorwaarde: String,
    /// `Voldaan`.
    pub voldaan: bool,
    /// `Toelichting`.
    pub toelichting: Option<String>,
    /// `Eigenaar` (Persoon-ID): who arranges an unmet precondition.
    pub eigenaar: Option<String>,
    /// `Gereed op`: by when an unmet precondition is to be met.
    pub gereed_op: Option<NaiveDate>,
    /// Where the row is.
    pub origin: Origin,
}

/// `Teksten`: narrative text for one section of one document.
#[derive(Debug, Clone, Serialize)]
pub struct Tekst {
    /// `Document`.
    pub document: Option<DocumentSoort>,
    /// `Sectie`.
    pub sectie: String,
    /// `Scope` (default regio).
    pub scope: Scope,
    /// `Tekst`, as paragraphs.
    pub alineas: Vec<String>,
    /// Where the row is.
    pub origin: Origin,
}

/// `Overleggen`.
#[derive(Debug, Clone, Serialize)]
pub struct Overleg {
    /// `Overleg`.
    pub soort: Option<OverlegSoort>,
    /// `Scope` (default regio).
    pub scope: Scope,
    /// `Voorzitter` (Persoon-ID).
    pub voorzitter: Option<String>,
    /// `Leden` (Persoon-IDs).
    pub leden: Vec<String>,
    /// `Frequentie per jaar`.
    pub frequentie: Option<u32>,
    /// `Taak`.
    pub taak: Option<String>,
    /// Where the row is.
    pub origin: Origin,
}

/// `Parameters`.
#[derive(Debug, Clone, Serialize)]
pub struct Parameters {
    /// `Startjaar`.
    pub startjaar: i32,
    /// `Aantal jaren` (1-10).
    pub aantal_jaren: u32,
    /// `Indexatie` in percentage points (default 0).
    pub indexatie: Decimal,
    /// `BTW`.
    pub btw: Option<Btw>,
    /// `Versie`.
    pub versie: String,
    /// `Versiedatum`.
    pub versiedatum: Option<NaiveDate>,
    /// `Werkweken per jaar` (default [`Parameters::WERKWEKEN`]).
    pub werkweken: u32,
    /// Where the sheet is.
    pub origin: Origin,
    /// Field name → location of its value cell.
    pub cells: BTreeMap<String, Location>,
}

impl Parameters {
    /// The default number of working weeks per year.
    pub const WERKWEKEN: u32 = 40;

    /// The budget years, `Startjaar ..= Startjaar + Aantal jaren - 1`.
    pub fn jaren(&self) -> Vec<i32> {
        (0..self.aantal_jaren as i32)
            .map(|i| self.startjaar + i)
            .collect()
    }
}

/// `Kostenregels`: one cost line.
#[derive(Debug, Clone, Serialize)]
pub struct Kostenregel {
    /// `Regel-ID`.
    pub id: String,
    /// `Kostenpost`.
    pub kostenpost: String,
    /// `Omschrijving`.
    pub omschrijving: Option<String>,
    /// `Scope`.
    pub scope: Scope,
    /// `Soort`.
    pub soort: Option<KostenSoort>,
    /// `Eenheid`.
    pub eenheid: Option<Eenheid>,
    /// `Tarief` per unit.
    pub tarief: Decimal,
    /// Quantity per year (empty = 0).
    pub hoeveelheden: BTreeMap<i32, Decimal>,
    /// `Verdeelsleutel` (Sleutel-ID).
    pub verdeelsleutel: Option<String>,
    /// `In natura`.
    pub in_natura: bool,
    /// `Toelichting`.
    pub toelichting: Option<String>,
    /// `Rol`: the role these costs are for.
    pub rol: Option<crate::vocab::Rol>,
    /// Some cell of this line could not be read; amount rules skip it.
    pub onvolledig: bool,
    /// Where the row is.
    pub origin: Origin,
}

impl Kostenregel {
    /// The role these costs are for: `Rol`, or when that is empty the role the `Kostenpost`
    /// names exactly (`Projectleider`, `Regiocoördinator`), as in v1 workbooks.
    pub fn voor_rol(&self) -> Option<crate::vocab::Rol> {
        self.rol
            .or_else(|| crate::vocab::Rol::parse(&self.kostenpost))
    }
}

/// `Financieringsbronnen`.
#[derive(Debug, Clone, Serialize)]
pub struct Bron {
    /// `Bron-ID`.
    pub id: String,
    /// `Naam`.
    pub naam: String,
    /// `Soort`.
    pub soort: Option<BronSoort>,
    /// `Tijdelijk` (defaults from `Soort`).
    pub tijdelijk: bool,
    /// `Geldig tot`.
    pub geldig_tot: Option<NaiveDate>,
    /// `Houder`: Org-ID or CBS code.
    pub houder: Option<String>,
    /// Where the row is.
    pub origin: Origin,
}

/// How a `Dekking` row covers its line.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Dekkingswijze {
    /// A share of the line in every year, in percentage points.
    Percentage {
        /// Percentage points.
        punten: Decimal,
    },
    /// Fixed amounts per year.
    Bedragen {
        /// Year → amount.
        per_jaar: BTreeMap<i32, Decimal>,
    },
}

/// `Dekking`: one source paying (part of) one cost line.
#[derive(Debug, Clone, Serialize)]
pub struct Dekking {
    /// `Regel-ID`.
    pub regel: String,
    /// `Bron-ID`.
    pub bron: String,
    /// Percentage or amounts.
    pub wijze: Dekkingswijze,
    /// `Status` (default verwacht).
    pub status: DekkingStatus,
    /// Some cell of this row could not be read; amount rules skip it.
    pub onvolledig: bool,
    /// Where the row is.
    pub origin: Origin,
}

/// `Verdeelsleutels`: one key, with its fixed shares when `Methode` is `vast`.
#[derive(Debug, Clone, Serialize)]
pub struct Verdeelsleutel {
    /// `Sleutel-ID`.
    pub id: String,
    /// `Methode`.
    pub methode: Option<Methode>,
    /// `Standaard`.
    pub standaard: bool,
    /// For `vast`: (CBS code, percentage points, origin) per municipality.
    pub aandelen: Vec<VastAandeel>,
    /// Where the key's first row is.
    pub origin: Origin,
}

/// `CZV-capaciteit`: the central care providers' capacity in the first year, for one scope.
#[derive(Debug, Clone, Serialize)]
pub struct CzvCapaciteit {
    /// `Scope`.
    pub scope: Scope,
    /// `Casussen jaar 1`.
    pub casussen: Option<u64>,
    /// `Directe uren per casus`.
    pub directe_uren: Option<Decimal>,
    /// `Indirecte uren per casus`.
    pub indirecte_uren: Option<Decimal>,
    /// `Overstijgende uren per week`.
    pub overstijgende_uren: Option<Decimal>,
    /// `Uurtarief`.
    pub uurtarief: Option<Decimal>,
    /// `Zvw-deel` in percentage points.
    pub zvw_deel: Option<Decimal>,
    /// `Functiebeschrijving Zorginstituut`.
    pub functiebeschrijving: bool,
    /// The `Scope` cell could be read (otherwise `scope` is a placeholder).
    pub scope_gelezen: bool,
    /// Some cell of this row could not be read; completeness rules skip it.
    pub onvolledig: bool,
    /// Where the row is.
    pub origin: Origin,
}

/// One municipality's fixed share in a `vast` key.
#[derive(Debug, Clone, Serialize)]
pub struct VastAandeel {
    /// CBS code.
    pub gemeente: String,
    /// Percentage points.
    pub aandeel: Decimal,
    /// Where the row is.
    pub origin: Origin,
}

impl Project {
    /// The exact cell of a field in a record's row, e.g.
    /// `project.cell("Kostenregels", &line.origin, "Tarief")`.
    pub fn cell(&self, sheet: &str, origin: &Origin, field: &str) -> Location {
        match self.cells.get(sheet) {
            Some(c) => c.of(origin, field),
            None => origin.location(),
        }
    }

    /// The municipality with this CBS code.
    pub fn gemeente(&self, code: &str) -> Option<&Gemeente> {
        self.gemeenten.iter().find(|g| g.code == code)
    }

    /// The participating municipalities, in sheet order.
    pub fn deelnemers(&self) -> impl Iterator<Item = &Gemeente> {
        self.gemeenten.iter().filter(|g| g.deelnemend())
    }

    /// The organisation with this ID (case-insensitive).
    pub fn organisatie(&self, id: &str) -> Option<&Organisatie> {
        self.organisaties
            .iter()
            .find(|o| o.id.eq_ignore_ascii_case(id))
    }

    /// The person with this ID (case-insensitive).
    pub fn persoon(&self, id: &str) -> Option<&Persoon> {
        self.personen.iter().find(|p| p.id.eq_ignore_ascii_case(id))
    }

    /// The funding source with this ID (case-insensitive).
    pub fn bron(&self, id: &str) -> Option<&Bron> {
        self.bronnen.iter().find(|b| b.id.eq_ignore_ascii_case(id))
    }

    /// The sharing key with this ID (case-insensitive).
    pub fn sleutel(&self, id: &str) -> Option<&Verdeelsleutel> {
        self.sleutels.iter().find(|s| s.id.eq_ignore_ascii_case(id))
    }
}
