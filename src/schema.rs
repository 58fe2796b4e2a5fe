//! The input format as data: every workbook, sheet and column (for users: `docs/invoerformaat.md`).
//!
//! One description serves three purposes: reading (header matching, required columns),
//! writing empty and example workbooks (`regiodocs init`: headers, drop-down lists,
//! column widths, the instruction sheet) and documentation. Change the format here and
//! every part follows.
//!
//! ```
//! use regiodocs::schema::{STAKEHOLDERS, Kind};
//! let rollen = STAKEHOLDERS.sheet("rollen").unwrap();
//! let rol = rollen.column("Rol").unwrap();
//! assert!(rol.required);
//! assert!(matches!(rol.kind, Kind::Enum(labels) if labels.contains(&"projectleider")));
//! ```

use crate::vocab::*;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text.
    Text,
    /// A list of text items, one per line.
    TextList,
    /// The record's own ID.
    Id,
    /// A reference to one record of another sheet.
    Ref(Entity),
    /// References to several records (comma, semicolon or line break separated).
    Refs(Entity),
    /// One of a fixed list of values.
    Enum(&'static [&'static str]),
    /// An amount of money.
    Money,
    /// A decimal number (hours, quantities).
    Decimal,
    /// A percentage.
    Percentage,
    /// A date.
    Date,
    /// Yes or no.
    YesNo,
    /// A whole number within a range.
    Whole {
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value.
        max: i64,
    },
    /// A year.
    Year,
    /// A CBS municipality code.
    Cbs,
    /// `regio` or a CBS code of a municipality in `Gemeenten`.
    Scope,
    /// An e-mail address.
    Email,
    /// A Dutch postcode (`1234 AB`).
    Postcode,
    /// A KvK number (8 digits).
    Kvk,
    /// An Org-ID or a CBS code.
    Holder,
}

/// The kinds of record an ID can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entity {
    /// `Organisaties` › `Org-ID`.
    Organisatie,
    /// `Personen` › `Persoon-ID`.
    Persoon,
    /// `Financieringsbronnen` › `Bron-ID`.
    Bron,
    /// `Kostenregels` › `Regel-ID`.
    Regel,
    /// `Verdeelsleutels` › `Sleutel-ID`.
    Sleutel,
}

impl Entity {
    /// The ID column's name, e.g. `Org-ID`.
    pub fn id_column(self) -> &'static str {
        match self {
            Entity::Organisatie => "Org-ID",
            Entity::Persoon => "Persoon-ID",
            Entity::Bron => "Bron-ID",
            Entity::Regel => "Regel-ID",
            Entity::Sleutel => "Sleutel-ID",
        }
    }

    /// Where the IDs are defined, e.g. `stakeholders.xlsx, tabblad Organisaties`.
    pub fn defined_in(self) -> (&'static str, &'static str) {
        match self {
            Entity::Organisatie => ("stakeholders", "Organisaties"),
            Entity::Persoon => ("stakeholders", "Personen"),
            Entity::Bron => ("financien", "Financieringsbronnen"),
            Entity::Regel => ("financien", "Kostenregels"),
            Entity::Sleutel => ("financien", "Verdeelsleutels"),
        }
    }
}

/// One column of a table sheet, or one field of a key/value sheet.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    /// The header as `init` writes it.
    pub name: &'static str,
    /// Required (marked **ja** under ‘verplicht’ in `docs/invoerformaat.md`).
    pub required: bool,
    /// What the column holds.
    pub kind: Kind,
    /// One line of explanation for the instruction sheet.
    pub help: &'static str,
}

/// How a sheet is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A header row, then one record per row.
    Table,
    /// Column A the field name, column B the value.
    KeyValue,
}

/// What year columns (`2026`, `2027`, ...) hold, for sheets that have them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Years {
    /// No year columns.
    None,
    /// Quantities (decimal).
    Quantity,
    /// Amounts of money.
    Money,
}

/// One sheet.
#[derive(Debug, Clone, Copy)]
pub struct SheetSpec {
    /// The sheet name as `init` writes it.
    pub name: &'static str,
    /// Table or key/value.
    pub layout: Layout,
    /// Whether the workbook must have this sheet.
    pub required: bool,
    /// Year columns.
    pub years: Years,
    /// The columns (or fields) in the order `init` writes them.
    pub columns: &'static [ColumnSpec],
    /// What the sheet is for, for the instruction sheet.
    pub help: &'static str,
}

impl SheetSpec {
    /// The column with this name (matched tolerantly).
    pub fn column(&self, name: &str) -> Option<&ColumnSpec> {
        let key = crate::ingest::normalize(name);
        self.columns
            .iter()
            .find(|c| crate::ingest::normalize(c.name) == key)
    }
}

/// One workbook.
#[derive(Debug, Clone, Copy)]
pub struct WorkbookSpec {
    /// The file stem, e.g. `stakeholders`.
    pub stem: &'static str,
    /// Who fills it in, for the instruction sheet.
    pub help: &'static str,
    /// Its sheets.
    pub sheets: &'static [SheetSpec],
}

impl WorkbookSpec {
    /// The sheet with this name (matched tolerantly).
    pub fn sheet(&self, name: &str) -> Option<&SheetSpec> {
        let key = crate::ingest::normalize(name);
        self.sheets
            .iter()
            .find(|s| crate::ingest::normalize(s.name) == key)
    }
}

const fn col(name: &'static str, kind: Kind, help: &'static str) -> ColumnSpec {
    ColumnSpec {
        name,
        required: false,
        kind,
        help,
    }
}

const fn req(name: &'static str, kind: Kind, help: &'static str) -> ColumnSpec {
    ColumnSpec {
        name,
        required: true,
        kind,
        help,
    }
}

const fn table(
    name: &'static str,
    required: bool,
    columns: &'static [ColumnSpec],
    help: &'static str,
) -> SheetSpec {
    SheetSpec {
        name,
        layout: Layout::Table,
        required,
        years: Years::None,
        columns,
        help,
    }
}

/// The regional coordinator's workbook.
pub const STAKEHOLDERS: WorkbookSpec = WorkbookSpec {
    stem: "stakeholders",
    help: "Het werkboek van de regiocoördinator: de regio, de gemeenten, de organisaties en personen, hun rollen, de partijen bij de overeenkomsten, mijlpalen, doelen, risico's en randvoorwaarden.",
    sheets: &[
        SheetSpec {
            name: "Regio",
            layout: Layout::KeyValue,
            required: true,
            years: Years::None,
            columns: &[
                req(
                    "Regionaam",
                    Kind::Text,
                    "De naam van de regio, bijvoorbeeld Regio Foodvalley.",
                ),
                col(
                    "Regiotype",
                    Kind::Enum(Regiotype::LABELS),
                    "Welk soort regio dit is.",
                ),
                col(
                    "Fase",
                    Kind::Enum(Fase::LABELS),
                    "De fase van de regionale aanpak.",
                ),
                req("Startdatum", Kind::Date, "Begin van de samenwerking."),
                req("Einddatum", Kind::Date, "Einde van de samenwerking."),
                req(
                    "Versie",
                    Kind::Text,
                    "Versienummer, staat op elk document (bijvoorbeeld 1.0).",
                ),
                req(
                    "Versiedatum",
                    Kind::Date,
                    "Datum van de documenten; ook de aanmaakdatum in de bestanden.",
                ),
                col(
                    "Status",
                    Kind::Enum(Status::LABELS),
                    "concept of definitief; leeg is concept.",
                ),
                col(
                    "Plaats ondertekening",
                    Kind::Text,
                    "Waar de overeenkomst wordt ondertekend.",
                ),
                col(
                    "Handtekenvelden",
                    Kind::YesNo,
                    "ja of leeg: de PDF's krijgen voor elke ondertekenaar een leeg veld om digitaal te ondertekenen; nee: alleen de gedrukte handtekeningregels.",
                ),
                col(
                    "Opgesteld door",
                    Kind::Ref(Entity::Persoon),
                    "Persoon-ID van de opsteller.",
                ),
                col(
                    "Gastorganisatie",
                    Kind::Ref(Entity::Organisatie),
                    "Org-ID van de organisatie waar de regiocoördinator werkt of is ondergebracht.",
                ),
                col(
                    "Preferente zorgverzekeraar",
                    Kind::Ref(Entity::Organisatie),
                    "Org-ID van de preferente zorgverzekeraar.",
                ),
                col(
                    "Penvoerder",
                    Kind::Ref(Entity::Organisatie),
                    "Org-ID van de partij die het regionale budget beheert, de regiocoördinator in dienst heeft of inhuurt en de aandelen factureert; leeg is de gastorganisatie.",
                ),
                col(
                    "Facturering",
                    Kind::Enum(Facturering::LABELS),
                    "Wanneer de penvoerder de gemeenten factureert; leeg is vooraf per jaar. Na elk jaar volgt een verrekening van de werkelijke kosten.",
                ),
                col(
                    "Besluitvorming stuurgroep",
                    Kind::Enum(Besluitvorming::LABELS),
                    "Hoe de stuurgroep besluit; leeg is consensus, en bij gebrek aan consensus een gewone meerderheid.",
                ),
                col(
                    "Opzegtermijn",
                    Kind::Whole { min: 1, max: 36 },
                    "Opzegtermijn in maanden, tegen het einde van een kalenderjaar; leeg is 6.",
                ),
                col(
                    "Implementatiefase",
                    Kind::Enum(Implementatiefase::LABELS),
                    "In welke van de vier fasen van de handreiking de aanpak nu zit.",
                ),
            ],
            help: "Eén gegeven per rij: in kolom A de naam van het veld, in kolom B de waarde.",
        },
        table(
            "Gemeenten",
            true,
            &[
                req(
                    "CBS-code",
                    Kind::Cbs,
                    "GM gevolgd door vier cijfers, bijvoorbeeld GM0228.",
                ),
                req("Gemeente", Kind::Text, "Naam van de gemeente."),
                req(
                    "Deelname",
                    Kind::Enum(Deelname::LABELS),
                    "Alleen deelnemende gemeenten krijgen een plan en tekenen.",
                ),
                col(
                    "Inwoners",
                    Kind::Whole {
                        min: 0,
                        max: 100_000_000,
                    },
                    "Leeg: het CBS-cijfer (1 januari 2024) wordt gebruikt.",
                ),
                col(
                    "Jeugdigen 0-17",
                    Kind::Whole {
                        min: 0,
                        max: 100_000_000,
                    },
                    "Alleen nodig voor de verdeelsleutel jeugdigen.",
                ),
                col(
                    "Raadsbesluit nodig",
                    Kind::YesNo,
                    "Is een besluit van de gemeenteraad nodig?",
                ),
                col(
                    "Uitrol",
                    Kind::Enum(Uitrol::LABELS),
                    "Stadsbreed of wijkgericht.",
                ),
                col("Focuswijken", Kind::Text, "Wijken waar de aanpak begint."),
                col(
                    "Besluitstatus",
                    Kind::Enum(Besluitstatus::LABELS),
                    "Hoe ver het besluit over het plan is: geen, college, of college en raad; leeg is geen.",
                ),
                col(
                    "Besluitdatum",
                    Kind::Date,
                    "Datum van het laatste besluit (college of raad) over het plan.",
                ),
                col(
                    "Overgewicht jeugd",
                    Kind::Percentage,
                    "Percentage jeugdigen met overgewicht (inclusief obesitas), voor de cijfers in het plan.",
                ),
            ],
            "Alle gemeenten van de regio, ook die (nog) niet meedoen.",
        ),
        table(
            "Organisaties",
            true,
            &[
                req(
                    "Org-ID",
                    Kind::Id,
                    "Een korte, unieke code, bijvoorbeeld ORG-GGD.",
                ),
                req(
                    "Naam",
                    Kind::Text,
                    "Juridische naam, zoals in de overeenkomst.",
                ),
                col("Korte naam", Kind::Text, "Naam voor in lopende tekst."),
                req("Type", Kind::Enum(OrgType::LABELS), "Soort organisatie."),
                col(
                    "Werkgebied",
                    Kind::Enum(Werkgebied::LABELS),
                    "Lokaal, regionaal of landelijk.",
                ),
                col("CBS-code", Kind::Cbs, "Verplicht als Type gemeente is."),
                col("KvK-nummer", Kind::Kvk, "Acht cijfers."),
                col("Adres", Kind::Text, "Straat en huisnummer."),
                col("Postcode", Kind::Postcode, "Bijvoorbeeld 6711 AB."),
                col("Plaats", Kind::Text, "Vestigingsplaats."),
            ],
            "Alle organisaties die een rol hebben of partij zijn.",
        ),
        table(
            "Personen",
            true,
            &[
                req(
                    "Persoon-ID",
                    Kind::Id,
                    "Een korte, unieke code, bijvoorbeeld P-EDE-WH.",
                ),
                req(
                    "Naam",
                    Kind::Text,
                    "Naam zoals die onder een handtekening komt.",
                ),
                req("Functie", Kind::Text, "Functie, bijvoorbeeld wethouder."),
                req(
                    "Org-ID",
                    Kind::Ref(Entity::Organisatie),
                    "De organisatie waar deze persoon voor werkt of tekent.",
                ),
                col("E-mail", Kind::Email, "E-mailadres."),
                col("Telefoon", Kind::Text, "Telefoonnummer."),
                col(
                    "Tekenbevoegd",
                    Kind::YesNo,
                    "Mag deze persoon voor de organisatie tekenen?",
                ),
                col(
                    "Grondslag bevoegdheid",
                    Kind::Text,
                    "Bijvoorbeeld een mandaatbesluit; komt bij de handtekening.",
                ),
            ],
            "De mensen: bestuurders, tekenbevoegden, coördinatoren en projectleiders.",
        ),
        table(
            "Rollen",
            true,
            &[
                req("Rol", Kind::Enum(Rol::LABELS), "De rol in de aanpak."),
                col(
                    "Persoon-ID",
                    Kind::Ref(Entity::Persoon),
                    "Leeg betekent: vacature.",
                ),
                req(
                    "Scope",
                    Kind::Scope,
                    "regio of de CBS-code van een gemeente.",
                ),
                col("Uren per week", Kind::Decimal, "Bijvoorbeeld 16 of 7,5."),
                col("Start", Kind::Date, "Begindatum."),
                col("Einde", Kind::Date, "Einddatum."),
                col(
                    "Werkgever",
                    Kind::Ref(Entity::Organisatie),
                    "Org-ID van de werkgever.",
                ),
                col(
                    "Financiering",
                    Kind::Refs(Entity::Bron),
                    "Bron-ID's uit financien, gescheiden door komma's.",
                ),
                col(
                    "Niveau",
                    Kind::Enum(Niveau::LABELS),
                    "Strategisch (bestuurlijk), tactisch (management) of operationeel (uitvoering).",
                ),
                col(
                    "Contractvorm",
                    Kind::Enum(Contractvorm::LABELS),
                    "Hoe de persoon voor deze rol is aangesteld.",
                ),
            ],
            "Wie welke rol heeft, voor de regio of voor één gemeente.",
        ),
        table(
            "Partijen",
            true,
            &[
                req(
                    "Overeenkomst",
                    Kind::Scope,
                    "regio voor de regionale overeenkomst, een CBS-code voor een lokale.",
                ),
                req(
                    "Org-ID",
                    Kind::Ref(Entity::Organisatie),
                    "De organisatie die partij is.",
                ),
                req("Rol in de aanpak", Kind::Text, "De rol van deze partij."),
                req(
                    "Verantwoordelijkheden",
                    Kind::TextList,
                    "Eén verantwoordelijkheid per regel (Alt+Enter).",
                ),
                col(
                    "Bijdrage",
                    Kind::Text,
                    "Bijdrage in natura, in woorden; geld staat in financien.",
                ),
                req(
                    "Ondertekenaar",
                    Kind::Refs(Entity::Persoon),
                    "Persoon-ID('s) van tekenbevoegde personen van deze organisatie.",
                ),
                col(
                    "Besluitdatum",
                    Kind::Date,
                    "Datum van het besluit (bij een gemeente: van het college) waarop de ondertekenaar handelt.",
                ),
                col(
                    "Afgestemd op",
                    Kind::Date,
                    "Datum waarop de tekst over deze partij met de partij is afgestemd.",
                ),
            ],
            "Wie partij is bij welke samenwerkingsovereenkomst.",
        ),
        table(
            "Mijlpalen",
            true,
            &[
                col("Mijlpaal-ID", Kind::Id, "Een korte, unieke code."),
                req(
                    "Soort",
                    Kind::Enum(MijlpaalSoort::LABELS),
                    "Soort mijlpaal.",
                ),
                req("Datum", Kind::Date, "Datum."),
                req(
                    "Omschrijving",
                    Kind::Text,
                    "Wat er gebeurt of besloten wordt.",
                ),
                col(
                    "Criteria",
                    Kind::TextList,
                    "Wat moet gelden voor een go; één per regel.",
                ),
                col("Besluitvormer", Kind::Text, "Wie besluit."),
                col("Scope", Kind::Scope, "Leeg is regio."),
                col("Uitkomst", Kind::Enum(Uitkomst::LABELS), "Leeg is open."),
                col("Motivering", Kind::Text, "Verplicht bij no-go."),
                col(
                    "Fase",
                    Kind::Enum(Implementatiefase::LABELS),
                    "In welke fase van de handreiking deze mijlpaal valt.",
                ),
            ],
            "Planning: go/no-go-momenten, evaluaties, besluiten en ondertekening.",
        ),
        table(
            "Doelen",
            true,
            &[
                col("Doel-ID", Kind::Id, "Een korte, unieke code."),
                req("Doel", Kind::Text, "Het doel."),
                col(
                    "Indicator",
                    Kind::Text,
                    "Waaraan je ziet dat het doel gehaald wordt.",
                ),
                col(
                    "Bron",
                    Kind::Enum(IndicatorBron::LABELS),
                    "Waar de indicator vandaan komt.",
                ),
                col("Nulmeting", Kind::Text, "Beginwaarde."),
                col("Streefwaarde", Kind::Text, "Doelwaarde."),
                col(
                    "Streefjaar",
                    Kind::Year,
                    "Jaar waarin de streefwaarde gehaald moet zijn.",
                ),
                col(
                    "Eigenaar",
                    Kind::Ref(Entity::Persoon),
                    "Persoon-ID van de eigenaar.",
                ),
                col("Scope", Kind::Scope, "Leeg is regio."),
                col(
                    "Termijn",
                    Kind::Enum(Termijn::LABELS),
                    "Kort, middellang of lang: de horizon van het doel.",
                ),
            ],
            "Doelen en indicatoren (RIVM-indicatorenset, KnGG-monitor).",
        ),
        table(
            "Risicos",
            true,
            &[
                col("Risico-ID", Kind::Id, "Een korte, unieke code."),
                req("Omschrijving", Kind::Text, "Het risico."),
                col(
                    "Categorie",
                    Kind::Enum(RisicoCategorie::LABELS),
                    "Soort risico.",
                ),
                col(
                    "Kans",
                    Kind::Whole { min: 1, max: 5 },
                    "1 (klein) tot 5 (groot).",
                ),
                col(
                    "Impact",
                    Kind::Whole { min: 1, max: 5 },
                    "1 (klein) tot 5 (groot).",
                ),
                req("Maatregel", Kind::Text, "Wat het risico beperkt."),
                col(
                    "Eigenaar",
                    Kind::Ref(Entity::Persoon),
                    "Persoon-ID van de eigenaar.",
                ),
                col("Scope", Kind::Scope, "Leeg is regio."),
                col(
                    "Soort",
                    Kind::Enum(RisicoSoort::LABELS),
                    "Risico of kans; leeg is risico.",
                ),
            ],
            "Risico's en kansen met kans, impact en maatregel.",
        ),
        table(
            "Randvoorwaarden",
            true,
            &[
                req(
                    "Scope",
                    Kind::Scope,
                    "regio of de CBS-code van een gemeente.",
                ),
                req(
                    "Randvoorwaarde",
                    Kind::Text,
                    "Een van de zes standaardvoorwaarden of een eigen voorwaarde.",
                ),
                req("Voldaan", Kind::YesNo, "Is aan de voorwaarde voldaan?"),
                col("Toelichting", Kind::Text, "Toelichting."),
                col(
                    "Eigenaar",
                    Kind::Ref(Entity::Persoon),
                    "Bij nee: Persoon-ID van wie de voorwaarde regelt.",
                ),
                col(
                    "Gereed op",
                    Kind::Date,
                    "Bij nee: de datum waarop aan de voorwaarde voldaan moet zijn.",
                ),
            ],
            "De randvoorwaarden om te starten en of eraan voldaan is.",
        ),
        table(
            "Teksten",
            false,
            &[
                req(
                    "Document",
                    Kind::Enum(DocumentSoort::LABELS),
                    "Voor welk document de tekst is.",
                ),
                req(
                    "Sectie",
                    Kind::Text,
                    "Een sectiesleutel; zie de lijst op dit tabblad van de instructie.",
                ),
                col(
                    "Scope",
                    Kind::Scope,
                    "Leeg is regio; een gemeente vervangt de regionale tekst in haar eigen stukken.",
                ),
                req(
                    "Tekst",
                    Kind::Text,
                    "Alinea's gescheiden door een lege regel.",
                ),
            ],
            "Optioneel: eigen tekst voor een sectie van een document.",
        ),
        table(
            "Overleggen",
            false,
            &[
                req(
                    "Overleg",
                    Kind::Enum(OverlegSoort::LABELS),
                    "Soort overleg.",
                ),
                col("Scope", Kind::Scope, "Leeg is regio."),
                col(
                    "Voorzitter",
                    Kind::Ref(Entity::Persoon),
                    "Persoon-ID van de voorzitter.",
                ),
                col(
                    "Leden",
                    Kind::Refs(Entity::Persoon),
                    "Persoon-ID's van de leden.",
                ),
                col(
                    "Frequentie per jaar",
                    Kind::Whole { min: 0, max: 366 },
                    "Hoe vaak per jaar.",
                ),
                col("Taak", Kind::Text, "Waar het overleg over gaat en besluit."),
            ],
            "Optioneel: de overlegstructuur.",
        ),
    ],
};

/// The finance officer's workbook.
pub const FINANCIEN: WorkbookSpec = WorkbookSpec {
    stem: "financien",
    help: "Het werkboek van de financieel adviseur: de parameters van de begroting, de kostenregels, de financieringsbronnen, welke bron welke kosten dekt, en de verdeelsleutels tussen gemeenten.",
    sheets: &[
        SheetSpec {
            name: "Parameters",
            layout: Layout::KeyValue,
            required: true,
            years: Years::None,
            columns: &[
                req("Startjaar", Kind::Year, "Eerste jaar van de begroting."),
                req(
                    "Aantal jaren",
                    Kind::Whole { min: 1, max: 10 },
                    "1 tot en met 10.",
                ),
                col(
                    "Indexatie",
                    Kind::Percentage,
                    "Jaarlijks, samengesteld vanaf het tweede jaar; leeg is 0.",
                ),
                col(
                    "BTW",
                    Kind::Enum(Btw::LABELS),
                    "Staat bij elke tabel met bedragen.",
                ),
                req("Versie", Kind::Text, "Versie van de begroting."),
                req("Versiedatum", Kind::Date, "Datum van de begroting."),
                col(
                    "Werkweken per jaar",
                    Kind::Whole { min: 1, max: 52 },
                    "Werkweken waarin uren per week worden ingezet, voor de CZV-capaciteit; leeg is 40.",
                ),
            ],
            help: "Eén gegeven per rij: in kolom A de naam van het veld, in kolom B de waarde.",
        },
        SheetSpec {
            name: "Kostenregels",
            layout: Layout::Table,
            required: true,
            years: Years::Quantity,
            columns: &[
                req(
                    "Regel-ID",
                    Kind::Id,
                    "Een korte, unieke code, bijvoorbeeld K01.",
                ),
                req(
                    "Kostenpost",
                    Kind::Text,
                    "Bijvoorbeeld Regiocoördinator, Projectleider, Scholing.",
                ),
                col("Omschrijving", Kind::Text, "Wat de kosten zijn."),
                req(
                    "Scope",
                    Kind::Scope,
                    "regio of de CBS-code van een gemeente.",
                ),
                req(
                    "Soort",
                    Kind::Enum(KostenSoort::LABELS),
                    "Incidenteel of structureel.",
                ),
                req(
                    "Eenheid",
                    Kind::Enum(Eenheid::LABELS),
                    "Per wat het tarief geldt.",
                ),
                req("Tarief", Kind::Money, "Bedrag per eenheid."),
                col(
                    "Verdeelsleutel",
                    Kind::Ref(Entity::Sleutel),
                    "Voor regionale regels; leeg is de standaardsleutel.",
                ),
                col(
                    "In natura",
                    Kind::YesNo,
                    "Bijdrage in natura, niet in geld.",
                ),
                col("Toelichting", Kind::Text, "Toelichting."),
                col(
                    "Rol",
                    Kind::Enum(Rol::LABELS),
                    "De rol waarvoor deze kosten zijn, zoals regiocoördinator (ook een werkbudget) of projectleider; komt in de opdrachtbeschrijving van die rol.",
                ),
            ],
            help: "Eén regel per kostenpost, met per jaar een kolom (2026, 2027, ...) voor de hoeveelheid.",
        },
        table(
            "Financieringsbronnen",
            true,
            &[
                req(
                    "Bron-ID",
                    Kind::Id,
                    "Een korte, unieke code, bijvoorbeeld B-SPUK.",
                ),
                req("Naam", Kind::Text, "Naam van de bron."),
                req("Soort", Kind::Enum(BronSoort::LABELS), "Soort bron."),
                col(
                    "Tijdelijk",
                    Kind::YesNo,
                    "SPUK/GALA, IZA en subsidie zijn standaard tijdelijk.",
                ),
                col(
                    "Geldig tot",
                    Kind::Date,
                    "Tot wanneer het geld beschikbaar is.",
                ),
                col(
                    "Houder",
                    Kind::Holder,
                    "Org-ID of CBS-code van wie het geld beheert.",
                ),
            ],
            "Waar het geld vandaan komt.",
        ),
        SheetSpec {
            name: "Dekking",
            layout: Layout::Table,
            required: true,
            years: Years::Money,
            columns: &[
                req(
                    "Regel-ID",
                    Kind::Ref(Entity::Regel),
                    "De kostenregel die gedekt wordt.",
                ),
                req("Bron-ID", Kind::Ref(Entity::Bron), "De bron die betaalt."),
                col(
                    "Percentage",
                    Kind::Percentage,
                    "Deel van de regel in elk jaar; of laat leeg en vul de jaarkolommen.",
                ),
                col(
                    "Status",
                    Kind::Enum(DekkingStatus::LABELS),
                    "Leeg is verwacht.",
                ),
            ],
            help: "Welke bron welke kostenregel betaalt: een percentage, of bedragen per jaar.",
        },
        table(
            "Verdeelsleutels",
            true,
            &[
                req(
                    "Sleutel-ID",
                    Kind::Id,
                    "Een korte, unieke code, bijvoorbeeld S-INW.",
                ),
                req(
                    "Methode",
                    Kind::Enum(Methode::LABELS),
                    "gelijk, inwoners, jeugdigen of vast.",
                ),
                col(
                    "Standaard",
                    Kind::YesNo,
                    "Hoogstens één sleutel is de standaard.",
                ),
                col(
                    "CBS-code",
                    Kind::Cbs,
                    "Alleen bij vast: één rij per gemeente.",
                ),
                col(
                    "Aandeel",
                    Kind::Percentage,
                    "Alleen bij vast; de aandelen van één sleutel tellen op tot 100.",
                ),
            ],
            "Hoe regionale kosten over de deelnemende gemeenten worden verdeeld.",
        ),
        table(
            "CZV-capaciteit",
            false,
            &[
                req(
                    "Scope",
                    Kind::Scope,
                    "regio (uitgangspunten voor de hele regio) of de CBS-code van een gemeente; één rij per scope.",
                ),
                col(
                    "Casussen jaar 1",
                    Kind::Whole {
                        min: 0,
                        max: 1_000_000,
                    },
                    "Hoeveel kinderen of gezinnen de centrale zorgverlener in het eerste jaar begeleidt.",
                ),
                col(
                    "Directe uren per casus",
                    Kind::Decimal,
                    "Uren contact met kind en gezin per casus.",
                ),
                col(
                    "Indirecte uren per casus",
                    Kind::Decimal,
                    "Uren casusgebonden werk zonder het gezin (overleg, verslag, verwijzing) per casus.",
                ),
                col(
                    "Overstijgende uren per week",
                    Kind::Decimal,
                    "Uren per week voor werk dat de aanpak als geheel dient (netwerk, scholing, overleg).",
                ),
                col(
                    "Uurtarief",
                    Kind::Money,
                    "Uurtarief van de centrale zorgverlener.",
                ),
                col(
                    "Zvw-deel",
                    Kind::Percentage,
                    "Deel van de casusgebonden uren dat ten laste van de Zorgverzekeringswet komt.",
                ),
                col(
                    "Functiebeschrijving Zorginstituut",
                    Kind::YesNo,
                    "Voldoet de rol aan de functionele beschrijving van het Zorginstituut? Nodig voor een Zvw-deel.",
                ),
            ],
            "Optioneel: de capaciteit van de centrale zorgverleners in het eerste jaar, per scope.",
        ),
    ],
};

/// Both workbooks.
pub const WORKBOOKS: [&WorkbookSpec; 2] = [&STAKEHOLDERS, &FINANCIEN];

/// The section keys the templates know, per document, for the `Teksten` sheet.
pub const SECTIONS: &[(DocumentSoort, &[&str])] = &[
    (
        DocumentSoort::Overeenkomst,
        &[
            "overwegingen",
            "begrippen",
            "doel",
            "plan",
            "rollen",
            "taken",
            "overleg",
            "financiering",
            "besluitvorming",
            "penvoerder",
            "facturering",
            "czv",
            "monitoring",
            "gegevens",
            "communicatie",
            "geheimhouding",
            "aansprakelijkheid",
            "onvoorzien",
            "looptijd",
            "toetreding",
            "uittreding",
            "wijziging",
            "geschillen",
            "slotbepalingen",
        ],
    ),
    (
        DocumentSoort::Opdracht,
        &[
            "aanleiding",
            "scope",
            "buiten-scope",
            "taken",
            "rolafbakening",
            "inzet",
            "tijdpad",
            "budget",
            "risicos",
            "go-no-go",
            "rapportage",
            "profiel",
            "ondersteuning",
        ],
    ),
    (
        DocumentSoort::Plan,
        &[
            "samenvatting",
            "aanleiding",
            "regio",
            "startfoto",
            "stakeholders",
            "visie",
            "fasen",
            "doelen",
            "risicos",
            "rollen",
            "regiocoordinator",
            "czv",
            "zorgverzekeraar",
            "randvoorwaarden",
            "uitrol",
            "verandervraagstukken",
            "projectorganisatie",
            "monitoring",
            "communicatie",
            "professionalisering",
            "planning",
            "begroting",
            "afspraken",
            "uitbreiding",
            "besluitvorming",
        ],
    ),
    (
        DocumentSoort::Begroting,
        &[
            "toelichting",
            "uitgangspunten",
            "czv",
            "dekking",
            "verdeling",
        ],
    ),
];

/// The section keys of one document.
pub fn sections(doc: DocumentSoort) -> &'static [&'static str] {
    SECTIONS
        .iter()
        .find(|(d, _)| *d == doc)
        .map(|(_, s)| *s)
        .unwrap_or(&[])
}
