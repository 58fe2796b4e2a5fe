//! The view: everything a content template may print, derived once from the model and the
//! computed budget, for one document of one scope (the region or one municipality).
//!
//! Templates never compute: amounts come from [`Budget`], already summed per year, kind and
//! source; names are resolved (an organisation's legal name, a person's function); texts
//! from the `Teksten` sheet are chosen (a municipality's own text replaces the regional one).
//! Money is serialised as an exact decimal string (`"1234.50"`) for the `euro` filter;
//! dates as ISO strings (`"2027-01-01"`) for the `datum` filter.
//!
//! Templates hold wording, not logic: every choice a template makes is a boolean or a
//! selection made here (`go`, `regionaal`, `wijkgericht`, the stuurgroep, the cost lines of
//! a role, the btw sentence, ...), so no template compares a value with a label of the input
//! format. Labels are still there to be printed.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::budget::{Budget, Totals};
use crate::model::{self, Project, Scope};
use crate::vocab::{
    Besluitstatus, Besluitvorming, Btw, Contractvorm, Deelname, DocumentSoort, Facturering,
    Implementatiefase, KostenSoort, MijlpaalSoort, Niveau, OrgType, OverlegSoort, RANDVOORWAARDEN,
    Regiotype, RisicoSoort, Rol, Termijn, Uitkomst, Uitrol,
};

/// The four kinds of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// Samenwerkingsovereenkomst.
    Overeenkomst,
    /// Opdrachtbeschrijving (regiocoördinator, or local projectleider).
    Opdracht,
    /// Regionaal plan van aanpak, or plan per municipality.
    Plan,
    /// Begroting.
    Begroting,
}

impl DocKind {
    /// The template file name.
    pub fn template(self) -> &'static str {
        match self {
            DocKind::Overeenkomst => "overeenkomst.md",
            DocKind::Opdracht => "opdracht.md",
            DocKind::Plan => "plan.md",
            DocKind::Begroting => "begroting.md",
        }
    }

    /// The matching `Teksten` › `Document` value.
    pub fn teksten(self) -> DocumentSoort {
        match self {
            DocKind::Overeenkomst => DocumentSoort::Overeenkomst,
            DocKind::Opdracht => DocumentSoort::Opdracht,
            DocKind::Plan => DocumentSoort::Plan,
            DocKind::Begroting => DocumentSoort::Begroting,
        }
    }
}

/// A municipality.
#[derive(Debug, Clone, Serialize)]
pub struct GemeenteV {
    /// CBS code.
    pub code: String,
    /// Name.
    pub naam: String,
    /// `deelnemend`, `verkennend` or `niet`.
    pub deelname: String,
    /// Population, when known.
    pub inwoners: Option<u64>,
    /// True when the population is the built-in CBS figure.
    pub inwoners_uit_cbs: bool,
    /// Children 0-17, when given.
    pub jeugdigen: Option<u64>,
    /// Whether a council decision is needed.
    pub raadsbesluit_nodig: bool,
    /// `stadsbreed` or `wijkgericht`.
    pub uitrol: Option<String>,
    /// Focus neighbourhoods.
    pub focuswijken: Option<String>,
    /// GGD region (CBS).
    pub ggd_regio: Option<String>,
    /// The municipality's own organisation (`Organisaties` row of type `gemeente` with this
    /// CBS code), when there is one.
    pub organisatie: Option<OrganisatieV>,
    /// The persons authorised to sign for that organisation (for signature blocks of
    /// documents that are not agreements, such as an assignment).
    pub tekenbevoegden: Vec<PersoonV>,
    /// Roll-out neighbourhood by neighbourhood.
    pub wijkgericht: bool,
    /// Roll-out in the whole municipality at once.
    pub stadsbreed: bool,
    /// Still exploring participation.
    pub verkennend: bool,
    /// Share of children with overweight, percentage points.
    pub overgewicht: Option<Decimal>,
    /// Its decision on the plan (R24).
    pub besluit: BesluitV,
}

/// A municipality's decision on the plan (R24).
#[derive(Debug, Clone, Serialize)]
pub struct BesluitV {
    /// `geen`, `college` or `college en raad`.
    pub status: String,
    /// The college decided.
    pub college: bool,
    /// The council decided.
    pub raad: bool,
    /// The municipality has decided completely: the college, and the council where needed.
    pub vastgesteld: bool,
    /// Date of the last decision (ISO).
    pub datum: Option<String>,
}

/// An organisation.
#[derive(Debug, Clone, Serialize)]
pub struct OrganisatieV {
    /// Org-ID.
    pub id: String,
    /// Legal name.
    pub naam: String,
    /// Short name (the legal name when none is given).
    pub korte_naam: String,
    /// Type label.
    pub soort: Option<String>,
    /// KvK number.
    pub kvk: Option<String>,
    /// Street address.
    pub adres: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// Town.
    pub plaats: Option<String>,
}

/// A person.
#[derive(Debug, Clone, Serialize)]
pub struct PersoonV {
    /// Persoon-ID.
    pub id: String,
    /// Name.
    pub naam: String,
    /// Function.
    pub functie: String,
    /// Legal name of the organisation.
    pub organisatie: String,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub telefoon: Option<String>,
    /// Authorised to sign.
    pub tekenbevoegd: bool,
    /// Basis of the authority.
    pub grondslag: Option<String>,
    /// The mayor, who represents the municipality by law.
    pub burgemeester: bool,
}

/// A party to an agreement.
#[derive(Debug, Clone, Serialize)]
pub struct PartijV {
    /// The organisation.
    pub organisatie: OrganisatieV,
    /// Role in the approach.
    pub rol: String,
    /// Responsibilities.
    pub verantwoordelijkheden: Vec<String>,
    /// In-kind contribution in words.
    pub bijdrage: Option<String>,
    /// Its signatories.
    pub ondertekenaars: Vec<PersoonV>,
    /// The party is a municipality (represented under the Gemeentewet).
    pub gemeente: bool,
    /// The date of the decision (of a municipality: its college) the signatories act on (ISO).
    pub besluitdatum: Option<String>,
    /// When the text about this party was agreed with it (ISO).
    pub afgestemd_op: Option<String>,
    /// The party is the penvoerder.
    pub penvoerder: bool,
}

/// A role assignment.
#[derive(Debug, Clone, Serialize)]
pub struct RolV {
    /// Role label, e.g. `projectleider`.
    pub rol: String,
    /// The person, or `None` for a vacancy.
    pub persoon: Option<PersoonV>,
    /// `regio` or the municipality's name.
    pub scope: String,
    /// CBS code when the role is local.
    pub gemeente: Option<String>,
    /// Hours per week.
    pub uren_per_week: Option<Decimal>,
    /// Start date (ISO).
    pub start: Option<String>,
    /// End date (ISO).
    pub einde: Option<String>,
    /// Employer's legal name.
    pub werkgever: Option<String>,
    /// Names of the funding sources.
    pub financiering: Vec<String>,
    /// The role is regional (scope `regio`).
    pub regionaal: bool,
    /// `strategisch`, `tactisch` or `operationeel`.
    pub niveau: Option<String>,
    /// How the person is engaged, e.g. `detachering`.
    pub contractvorm: Option<String>,
    /// Engaged by secondment.
    pub detachering: bool,
    /// Hired.
    pub inhuur: bool,
}

/// A milestone.
#[derive(Debug, Clone, Serialize)]
pub struct MijlpaalV {
    /// Kind label, e.g. `go/no-go`.
    pub soort: String,
    /// Date (ISO).
    pub datum: Option<String>,
    /// What happens.
    pub omschrijving: String,
    /// Criteria for a go.
    pub criteria: Vec<String>,
    /// Who decides.
    pub besluitvormer: Option<String>,
    /// `regio` or the municipality's name.
    pub scope: String,
    /// `open`, `go` or `no-go`.
    pub uitkomst: String,
    /// Reasons (required for no-go).
    pub motivering: Option<String>,
    /// A go/no-go moment.
    pub go_no_go: bool,
    /// A decision (`besluit`) or a go/no-go moment.
    pub besluitmoment: bool,
    /// An evaluation.
    pub evaluatie: bool,
    /// Not decided yet.
    pub open: bool,
    /// Decided: go.
    pub go: bool,
    /// Decided: no-go.
    pub no_go: bool,
    /// A regional milestone.
    pub regionaal: bool,
    /// The phase of the implementation guideline it belongs to.
    pub fase: Option<String>,
}

/// A goal.
#[derive(Debug, Clone, Serialize)]
pub struct DoelV {
    /// The goal.
    pub doel: String,
    /// Indicator.
    pub indicator: Option<String>,
    /// Indicator source label.
    pub bron: Option<String>,
    /// Baseline.
    pub nulmeting: Option<String>,
    /// Target.
    pub streefwaarde: Option<String>,
    /// Target year.
    pub streefjaar: Option<i32>,
    /// Owner's name.
    pub eigenaar: Option<String>,
    /// `regio` or the municipality's name.
    pub scope: String,
    /// A regional goal.
    pub regionaal: bool,
    /// `kort`, `middellang` or `lang`.
    pub termijn: Option<String>,
}

/// Goals of one horizon.
#[derive(Debug, Clone, Serialize)]
pub struct TermijnV {
    /// `kort`, `middellang`, `lang`, or `None` for goals without a horizon.
    pub termijn: Option<String>,
    /// The goals.
    pub doelen: Vec<DoelV>,
}

/// A risk.
#[derive(Debug, Clone, Serialize)]
pub struct RisicoV {
    /// The risk.
    pub omschrijving: String,
    /// Category label.
    pub categorie: Option<String>,
    /// Likelihood 1-5.
    pub kans: Option<u8>,
    /// Impact 1-5.
    pub impact: Option<u8>,
    /// Likelihood × impact, when both are known.
    pub score: Option<u8>,
    /// Mitigation.
    pub maatregel: String,
    /// Owner's name.
    pub eigenaar: Option<String>,
    /// `regio` or the municipality's name.
    pub scope: String,
    /// A regional risk or opportunity.
    pub regionaal: bool,
}

/// A precondition with its status.
#[derive(Debug, Clone, Serialize)]
pub struct RandvoorwaardeV {
    /// The precondition.
    pub randvoorwaarde: String,
    /// Met?
    pub voldaan: bool,
    /// Explanation.
    pub toelichting: Option<String>,
    /// `regio` or the municipality's name.
    pub scope: String,
    /// One of the six standard preconditions.
    pub standaard: bool,
    /// A regional precondition.
    pub regionaal: bool,
    /// Who arranges it, when not met.
    pub eigenaar: Option<PersoonV>,
    /// By when it is to be met (ISO).
    pub gereed_op: Option<String>,
}

/// A meeting body.
#[derive(Debug, Clone, Serialize)]
pub struct OverlegV {
    /// Kind label, e.g. `stuurgroep`.
    pub soort: String,
    /// `regio` or the municipality's name.
    pub scope: String,
    /// Chair.
    pub voorzitter: Option<PersoonV>,
    /// Members.
    pub leden: Vec<PersoonV>,
    /// Times per year.
    pub frequentie: Option<u32>,
    /// Task.
    pub taak: Option<String>,
    /// A regional body.
    pub regionaal: bool,
}

/// A cost line with its computed amounts.
#[derive(Debug, Clone, Serialize)]
pub struct RegelV {
    /// Regel-ID.
    pub id: String,
    /// Cost post.
    pub kostenpost: String,
    /// Description.
    pub omschrijving: Option<String>,
    /// `regio` or the municipality's name.
    pub scope: String,
    /// `incidenteel` or `structureel`.
    pub soort: String,
    /// Unit label.
    pub eenheid: String,
    /// Rate per unit.
    pub tarief: Decimal,
    /// Amount per budget year, in the order of [`BegrotingV::jaren`].
    pub per_jaar: Vec<Decimal>,
    /// Sum over the years.
    pub totaal: Decimal,
    /// Contributed in kind.
    pub in_natura: bool,
    /// Not covered per year (zero where covered).
    pub tekort: Vec<Decimal>,
    /// Not covered in some year.
    pub heeft_tekort: bool,
    /// A regional line.
    pub regionaal: bool,
    /// A lump sum (`forfait`): the rate is the amount.
    pub forfaitair: bool,
    /// The role these costs are for, e.g. `projectleider`.
    pub rol: Option<String>,
}

/// An amount per year with its total, labelled.
#[derive(Debug, Clone, Serialize)]
pub struct Reeks {
    /// Label (a source's name, a municipality's name, `Incidenteel`, ...).
    pub naam: String,
    /// Extra information (the source's kind, `tijdelijk`, ...).
    pub toelichting: Option<String>,
    /// Per year, in the order of [`BegrotingV::jaren`].
    pub per_jaar: Vec<Decimal>,
    /// Sum.
    pub totaal: Decimal,
    /// Temporary money (funding sources).
    pub tijdelijk: bool,
}

impl Reeks {
    fn new(
        naam: impl Into<String>,
        toelichting: Option<String>,
        jaren: &[i32],
        m: &BTreeMap<i32, Decimal>,
    ) -> Reeks {
        let per_jaar: Vec<Decimal> = jaren
            .iter()
            .map(|y| m.get(y).copied().unwrap_or_default())
            .collect();
        Reeks {
            naam: naam.into(),
            toelichting,
            totaal: per_jaar.iter().copied().sum(),
            per_jaar,
            tijdelijk: false,
        }
    }
}

/// The budget as seen from one scope.
#[derive(Debug, Clone, Serialize)]
pub struct BegrotingV {
    /// The budget years.
    pub jaren: Vec<i32>,
    /// `Versie` of the finance workbook.
    pub versie: String,
    /// VAT treatment label, e.g. `exclusief`.
    pub btw: String,
    /// How amounts relate to VAT, to follow "Alle bedragen zijn": `exclusief btw`,
    /// `inclusief btw` or `zonder btw (btw is niet van toepassing)`.
    pub btw_tekst: String,
    /// Yearly indexation in percentage points.
    pub indexatie: Decimal,
    /// The lines of this scope (all lines for the region; own lines for a municipality).
    pub regels: Vec<RegelV>,
    /// The incidental ones among them.
    pub incidentele_regels: Vec<RegelV>,
    /// The structural ones among them.
    pub structurele_regels: Vec<RegelV>,
    /// Total cost of those lines.
    pub totaal: Reeks,
    /// Incidental and structural subtotals.
    pub incidenteel: Reeks,
    /// Structural subtotal.
    pub structureel: Reeks,
    /// Funding per source (only sources that pay something).
    pub bronnen: Vec<Reeks>,
    /// Not covered.
    pub tekort: Reeks,
    /// Region: each participating municipality's share of the regional lines.
    /// Municipality: its own share only.
    pub aandelen: Vec<Reeks>,
    /// Municipality: own lines plus its share of the regional lines; region: all lines.
    pub totaal_inclusief_aandeel: Reeks,
    /// Sources paying structural costs with temporary money (R18), by name.
    pub tijdelijk_voor_structureel: Vec<String>,
    /// Cost of this scope's lines per cost post (`Kostenpost`), in order of first appearance.
    pub per_kostenpost: Vec<Reeks>,
    /// Covered by any source (this scope's lines).
    pub gedekt: Reeks,
    /// Covered by external (non-municipal) sources: this scope's lines, and for a
    /// municipality also the external part of its share of the regional lines.
    pub extern_gedekt: Reeks,
    /// What the municipalities bear themselves: region, all lines minus external funding;
    /// municipality, what it pays itself (`totaal_inclusief_aandeel − extern_gedekt`).
    pub zelf: Reeks,
    /// Per participating municipality (region: all; municipality: itself) its own costs,
    /// share, external funding and own payment, as computed by the budget engine.
    pub gemeenten: Vec<GemeenteBegrotingV>,
}

/// One municipality's part of the budget (see [`crate::budget::GemeenteBudget`]).
#[derive(Debug, Clone, Serialize)]
pub struct GemeenteBegrotingV {
    /// Name.
    pub naam: String,
    /// CBS code.
    pub code: String,
    /// Its own lines.
    pub eigen: Reeks,
    /// Its share of the regional lines.
    pub aandeel: Reeks,
    /// Own lines plus share.
    pub totaal: Reeks,
    /// Paid by external sources.
    pub extern_gedekt: Reeks,
    /// What it pays itself.
    pub zelf: Reeks,
    /// Not covered on its own lines.
    pub tekort: Reeks,
    /// Its share of the regional lines after external funding: what the penvoerder invoices.
    pub aandeel_netto: Reeks,
}

/// A reference to the plan an agreement adopts.
#[derive(Debug, Clone, Serialize)]
pub struct PlanRef {
    /// The plan's title.
    pub titel: String,
    /// Version.
    pub versie: String,
    /// Date (ISO).
    pub datum: String,
    /// File name of the plan's PDF.
    pub bestand: String,
    /// SHA-256 of the plan's PDF, hex.
    pub sha256: String,
}

/// Region-level facts.
#[derive(Debug, Clone, Serialize)]
pub struct RegioV {
    /// Name.
    pub naam: String,
    /// Region type label.
    pub regiotype: Option<String>,
    /// Phase label.
    pub fase: Option<String>,
    /// Start date (ISO).
    pub startdatum: Option<String>,
    /// End date (ISO).
    pub einddatum: Option<String>,
    /// Version.
    pub versie: String,
    /// Version date (ISO).
    pub versiedatum: Option<String>,
    /// `concept` or `definitief`.
    pub status: String,
    /// Place of signing.
    pub plaats_ondertekening: Option<String>,
    /// Author.
    pub opgesteld_door: Option<PersoonV>,
    /// Host organisation of the regional coordinator.
    pub gastorganisatie: Option<OrganisatieV>,
    /// Preferred health insurer.
    pub preferente_zorgverzekeraar: Option<OrganisatieV>,
    /// Total population of the participating municipalities.
    pub inwoners_deelnemers: u64,
    /// How the region is delimited.
    pub afbakening: AfbakeningV,
    /// The party that holds the regional budget and invoices the shares.
    pub penvoerder: Option<PenvoerderV>,
    /// When the penvoerder invoices.
    pub facturering: FactureringV,
    /// How the steering group decides.
    pub besluitvorming: BesluitvormingV,
    /// Notice period in months, to the end of a calendar year.
    pub opzegtermijn: u32,
    /// The current phase of the implementation guideline.
    pub implementatiefase: Option<String>,
}

/// How the region is delimited (`Regiotype`), as flags for the wording.
#[derive(Debug, Clone, Serialize)]
pub struct AfbakeningV {
    /// A GGD region, when every participant lies in that one GGD region.
    pub ggd: Option<GgdRegioV>,
    /// The participants' GGD regions (from the CBS list), in order.
    pub ggd_regios: Vec<String>,
    /// Follows a zorgkantoor region.
    pub zorgkantoorregio: bool,
    /// Follows an IZA region.
    pub iza_regio: bool,
    /// Follows an existing regional cooperation.
    pub bestaande_regio: bool,
}

/// The GGD region a region follows.
#[derive(Debug, Clone, Serialize)]
pub struct GgdRegioV {
    /// Its name.
    pub naam: String,
    /// Number of municipalities in it (CBS list).
    pub gemeenten: usize,
    /// Every municipality of the GGD region participates.
    pub alle: bool,
}

/// The penvoerder.
#[derive(Debug, Clone, Serialize)]
pub struct PenvoerderV {
    /// The organisation.
    pub organisatie: OrganisatieV,
    /// It employs the regional coordinator (is the `Werkgever` of the coordinator's role).
    pub werkgever_regiocoordinator: bool,
}

/// `Facturering` as flags.
#[derive(Debug, Clone, Serialize)]
pub struct FactureringV {
    /// The label.
    pub label: String,
    /// Invoiced at the start of each year, by the budget.
    pub vooraf_per_jaar: bool,
    /// Invoiced per quarter, a quarter of the year's share.
    pub per_kwartaal: bool,
    /// Invoiced after each year, by the actual costs.
    pub achteraf_per_jaar: bool,
}

/// `Besluitvorming stuurgroep` as flags, with the weights when votes follow population.
#[derive(Debug, Clone, Serialize)]
pub struct BesluitvormingV {
    /// The label.
    pub label: String,
    /// Consensus, then simple majority.
    pub consensus: bool,
    /// Simple majority, one vote per party.
    pub meerderheid: bool,
    /// Majority weighted by the municipalities' population.
    pub naar_inwoners: bool,
    /// Each participating municipality's weight (share of the population, percent with one
    /// decimal), for `meerderheid naar inwoners`.
    pub stemgewichten: Vec<StemgewichtV>,
}

/// One municipality's vote weight.
#[derive(Debug, Clone, Serialize)]
pub struct StemgewichtV {
    /// Name.
    pub naam: String,
    /// Population.
    pub inwoners: u64,
    /// Share of the participants' population, percentage points with one decimal.
    pub aandeel: Decimal,
}

/// The hours per week the coordinator's profile proposes for this region (R09; see
/// [`crate::validate::UREN_VOORSTEL`]).
#[derive(Debug, Clone, Serialize)]
pub struct UrenVoorstelV {
    /// All bands, as the profile states them.
    pub banden: Vec<crate::validate::UrenBand>,
    /// The bands for this number of participants (two at 6).
    pub van_toepassing: Vec<crate::validate::UrenBand>,
    /// The coordinator's hours are below the lowest number of every band that applies.
    pub onder_voorstel: bool,
}

/// A person with more than one role.
#[derive(Debug, Clone, Serialize)]
pub struct GecombineerdeRolV {
    /// The person.
    pub persoon: PersoonV,
    /// The roles, each with its scope and hours.
    pub rollen: Vec<RolV>,
    /// One of the roles is regional coordinator.
    pub regiocoordinator: bool,
    /// One of the roles is project leader.
    pub projectleider: bool,
}

/// A phase of the implementation guideline.
#[derive(Debug, Clone, Serialize)]
pub struct FaseV {
    /// 1-4.
    pub nummer: u8,
    /// The label, e.g. `initiatief en ontwerp`.
    pub naam: String,
    /// The current phase (`Implementatiefase`).
    pub huidig: bool,
    /// The milestones placed in this phase.
    pub mijlpalen: Vec<MijlpaalV>,
}

/// The roles at one level.
#[derive(Debug, Clone, Serialize)]
pub struct NiveauV {
    /// `strategisch`, `tactisch` or `operationeel`.
    pub niveau: String,
    /// The roles at this level.
    pub rollen: Vec<RolV>,
}

/// Which levels the roles cover (R13, R22).
#[derive(Debug, Clone, Serialize)]
pub struct NiveausV {
    /// The three levels in order, each with its roles.
    pub per_niveau: Vec<NiveauV>,
    /// Every level has at least one role.
    pub alle: bool,
    /// Labels of the levels with roles.
    pub belegd: Vec<String>,
    /// Labels of the levels without roles.
    pub ontbrekend: Vec<String>,
    /// Number of roles without a level.
    pub zonder_niveau: usize,
}

/// The capacity of the central care providers in the first year, for one scope (R20, R21).
/// Computed values are `None` when an input is missing.
#[derive(Debug, Clone, Serialize)]
pub struct CzvV {
    /// `regio` or the municipality's name.
    pub scope: String,
    /// The row is regional.
    pub regionaal: bool,
    /// Cases in year 1.
    pub casussen: Option<u64>,
    /// Direct hours per case.
    pub directe_uren: Option<Decimal>,
    /// Indirect hours per case.
    pub indirecte_uren: Option<Decimal>,
    /// Direct plus indirect hours per case.
    pub uren_per_casus: Option<Decimal>,
    /// Cases × hours per case.
    pub casus_uren: Option<Decimal>,
    /// Overarching hours per week.
    pub overstijgend_per_week: Option<Decimal>,
    /// Overarching hours per year (× working weeks).
    pub overstijgend_per_jaar: Option<Decimal>,
    /// Case hours plus overarching hours in year 1.
    pub totaal_uren: Option<Decimal>,
    /// The total per working week, one decimal.
    pub uren_per_week: Option<Decimal>,
    /// Hourly rate.
    pub uurtarief: Option<Decimal>,
    /// Total hours × rate, in cents.
    pub kosten: Option<Decimal>,
    /// The Zvw share of the case-bound hours, percentage points.
    pub zvw_deel: Option<Decimal>,
    /// Case hours × rate × Zvw share, in cents.
    pub zvw_bedrag: Option<Decimal>,
    /// Costs minus the Zvw amount: for the municipalities.
    pub overig_bedrag: Option<Decimal>,
    /// The role meets the Zorginstituut's functional description.
    pub functiebeschrijving: bool,
    /// A Zvw share is planned but the functional description is not confirmed (R21).
    pub zvw_onder_voorbehoud: bool,
    /// Every number is filled in, so hours and costs could be computed.
    pub volledig: bool,
    /// Working weeks per year used.
    pub werkweken: u32,
}

/// Everything one template may use.
#[derive(Debug, Clone, Serialize)]
pub struct Context {
    /// Which document.
    pub document: DocKind,
    /// True for the regional document, false for a municipality's.
    pub regionaal: bool,
    /// The municipality, for a municipal document.
    pub gemeente: Option<GemeenteV>,
    /// The region.
    pub regio: RegioV,
    /// Participating municipalities.
    pub deelnemers: Vec<GemeenteV>,
    /// Municipalities that explore or do not participate ("witte vlekken").
    pub overige_gemeenten: Vec<GemeenteV>,
    /// Parties to this agreement (regional: `Partijen` with `regio`; municipal: its own).
    pub partijen: Vec<PartijV>,
    /// Roles relevant to this scope (regional roles, plus the municipality's own).
    pub rollen: Vec<RolV>,
    /// The regional coordinator(s).
    pub regiocoordinatoren: Vec<RolV>,
    /// Local project leaders (all for the region; the municipality's own otherwise).
    pub projectleiders: Vec<RolV>,
    /// Total hours per week of the regional coordinator(s).
    pub uren_regiocoordinator: Decimal,
    /// The hours the coordinator's profile proposes for this number of participants (R09).
    pub uren_voorstel: UrenVoorstelV,
    /// For templates copied from regiodocs before input format 1.1 only: the lowest number of
    /// hours of [`Context::uren_voorstel`] (it is a proposal, not a norm).
    pub norm_uren: u32,
    /// For templates copied before input format 1.1 only: the hours are not below the
    /// proposal (`!uren_voorstel.onder_voorstel`).
    pub uren_voldoen_aan_norm: bool,
    /// Persons with more than one role among [`Context::rollen`] (allowed; the documents say
    /// who carries which part).
    pub gecombineerde_rollen: Vec<GecombineerdeRolV>,
    /// The central care providers among the roles.
    pub centrale_zorgverleners: Vec<RolV>,
    /// The owners of monitoring and evaluation among the roles.
    pub me_eigenaren: Vec<RolV>,
    /// Names of the participating municipalities without a central care provider.
    pub gemeenten_zonder_czv: Vec<String>,
    /// The policy officers of this scope itself (the region's, or the municipality's own).
    pub beleidsmedewerkers: Vec<RolV>,
    /// Which levels the roles cover.
    pub niveaus: NiveausV,
    /// The steering group: this scope's own, else the region's.
    pub stuurgroep: Option<OverlegV>,
    /// Milestones of this scope (regional ones, plus the municipality's own), by date.
    pub mijlpalen: Vec<MijlpaalV>,
    /// The go/no-go moments among them.
    pub go_no_go: Vec<MijlpaalV>,
    /// The go/no-go moments decided as go.
    pub go_besluiten: Vec<MijlpaalV>,
    /// Decisions and go/no-go moments.
    pub besluitmomenten: Vec<MijlpaalV>,
    /// Decisions and go/no-go moments still open (the first is the decision the plan asks).
    pub open_besluiten: Vec<MijlpaalV>,
    /// Evaluations.
    pub evaluaties: Vec<MijlpaalV>,
    /// The four phases of the implementation guideline, with their milestones.
    pub fasen: Vec<FaseV>,
    /// Goals of this scope.
    pub doelen: Vec<DoelV>,
    /// The same goals by horizon: short, medium, long, then those without one (empty
    /// groups left out).
    pub doelen_per_termijn: Vec<TermijnV>,
    /// Risks of this scope (`Soort` risico).
    pub risicos: Vec<RisicoV>,
    /// Opportunities of this scope (`Soort` kans).
    pub kansen: Vec<RisicoV>,
    /// Preconditions of this scope (regional rows and the municipality's own).
    pub randvoorwaarden: Vec<RandvoorwaardeV>,
    /// Regional documents: the preconditions of the participating municipalities' own rows
    /// (so the regional plan shows the status per scope); empty in a municipality's documents.
    pub randvoorwaarden_gemeenten: Vec<RandvoorwaardeV>,
    /// Unmet preconditions of this scope, and for the region those of every participant:
    /// what is still to be arranged, with owner and date where known (R01).
    pub nog_te_regelen: Vec<RandvoorwaardeV>,
    /// Every participating municipality has decided on the plan (R24).
    pub plan_vastgesteld: bool,
    /// Names of the participating municipalities that have not decided completely.
    pub nog_niet_vastgesteld: Vec<String>,
    /// Meeting bodies of this scope.
    pub overleggen: Vec<OverlegV>,
    /// Narrative per section key (paragraphs), from `Teksten`.
    pub tekst: BTreeMap<String, Vec<String>>,
    /// The budget.
    pub begroting: BegrotingV,
    /// The cost lines of the assignment's role: for the region the regional coordinator's
    /// (including a working budget tied to that role), for a municipality its project
    /// leader's (`Kostenregels` › `Rol`, or the role the `Kostenpost` names).
    pub kosten_opdracht: Vec<RegelV>,
    /// The capacity of the central care providers: for the region every row, for a
    /// municipality its own row, else the regional one.
    pub czv_capaciteit: Vec<CzvV>,
    /// The budget years in which this scope's budget has a gap (`begroting.tekort` above zero).
    pub jaren_met_tekort: Vec<i32>,
    /// The plan this agreement adopts (agreements only).
    pub plan: Option<PlanRef>,
    /// Reference date of the built-in CBS population figures.
    pub cbs_peildatum: &'static str,
}

fn iso(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

/// Builds contexts for one project; cheap to call per document.
pub struct View<'a> {
    p: &'a Project,
    budget: &'a Budget,
}

impl<'a> View<'a> {
    /// A view over a validated project and its budget.
    pub fn new(p: &'a Project, budget: &'a Budget) -> Self {
        View { p, budget }
    }

    fn scope_name(&self, s: &Scope) -> String {
        match s {
            Scope::Regio => "regio".into(),
            Scope::Gemeente(c) => self
                .p
                .gemeente(c)
                .map(|g| g.naam.clone())
                .unwrap_or_else(|| c.clone()),
        }
    }

    fn gemeente(&self, g: &model::Gemeente) -> GemeenteV {
        let org = self.p.organisaties.iter().find(|o| {
            o.soort == Some(OrgType::Gemeente)
                && o.cbs_code
                    .as_deref()
                    .is_some_and(|c| c.eq_ignore_ascii_case(&g.code))
        });
        GemeenteV {
            code: g.code.clone(),
            naam: g.naam.clone(),
            deelname: g.deelname.label().into(),
            inwoners: g.inwoners,
            inwoners_uit_cbs: g.inwoners_uit_cbs,
            jeugdigen: g.jeugdigen,
            raadsbesluit_nodig: g.raadsbesluit_nodig,
            uitrol: g.uitrol.map(|u| u.label().into()),
            focuswijken: g.focuswijken.clone(),
            ggd_regio: crate::cbs::gemeente(&g.code).map(|c| c.ggd_regio.clone()),
            organisatie: org.and_then(|o| self.organisatie(&o.id)),
            tekenbevoegden: org
                .map(|o| {
                    self.p
                        .personen
                        .iter()
                        .filter(|x| x.tekenbevoegd && x.org.eq_ignore_ascii_case(&o.id))
                        .filter_map(|x| self.persoon(&x.id))
                        .collect()
                })
                .unwrap_or_default(),
            wijkgericht: g.uitrol == Some(Uitrol::Wijkgericht),
            stadsbreed: g.uitrol == Some(Uitrol::Stadsbreed),
            verkennend: g.deelname == Deelname::Verkennend,
            overgewicht: g.overgewicht,
            besluit: BesluitV {
                status: g.besluitstatus.label().into(),
                college: g.besluitstatus != Besluitstatus::Geen,
                raad: g.besluitstatus == Besluitstatus::CollegeEnRaad,
                vastgesteld: match g.besluitstatus {
                    Besluitstatus::Geen => false,
                    Besluitstatus::College => !g.raadsbesluit_nodig,
                    Besluitstatus::CollegeEnRaad => true,
                },
                datum: iso(g.besluitdatum),
            },
        }
    }

    fn organisatie(&self, id: &str) -> Option<OrganisatieV> {
        let o = self.p.organisatie(id)?;
        Some(OrganisatieV {
            id: o.id.clone(),
            naam: o.naam.clone(),
            korte_naam: o.korte_naam.clone().unwrap_or_else(|| o.naam.clone()),
            soort: o.soort.map(|s| s.label().into()),
            kvk: o.kvk.clone(),
            adres: o.adres.clone(),
            postcode: o.postcode.clone(),
            plaats: o.plaats.clone(),
        })
    }

    fn persoon(&self, id: &str) -> Option<PersoonV> {
        let x = self.p.persoon(id)?;
        Some(PersoonV {
            id: x.id.clone(),
            naam: x.naam.clone(),
            functie: x.functie.clone(),
            organisatie: self
                .p
                .organisatie(&x.org)
                .map(|o| o.naam.clone())
                .unwrap_or_default(),
            email: x.email.clone(),
            telefoon: x.telefoon.clone(),
            tekenbevoegd: x.tekenbevoegd,
            grondslag: x.grondslag.clone(),
            burgemeester: x.is_burgemeester(),
        })
    }

    fn rol(&self, r: &model::Rol) -> RolV {
        RolV {
            rol: r.rol.map(|x| x.label().to_string()).unwrap_or_default(),
            persoon: r.persoon.as_deref().and_then(|id| self.persoon(id)),
            scope: self.scope_name(&r.scope),
            gemeente: r.scope.gemeente().map(str::to_string),
            uren_per_week: r.uren_per_week,
            start: iso(r.start),
            einde: iso(r.einde),
            werkgever: r
                .werkgever
                .as_deref()
                .and_then(|id| self.organisatie(id))
                .map(|o| o.naam),
            financiering: r
                .financiering
                .iter()
                .filter_map(|b| self.p.bron(b))
                .map(|b| b.naam.clone())
                .collect(),
            regionaal: r.scope == Scope::Regio,
            niveau: r.niveau.map(|n| n.label().into()),
            contractvorm: r.contractvorm.map(|c| c.label().into()),
            detachering: r.contractvorm == Some(Contractvorm::Detachering),
            inhuur: r.contractvorm == Some(Contractvorm::Inhuur),
        }
    }

    fn mijlpaal(&self, m: &model::Mijlpaal) -> MijlpaalV {
        let besluit = matches!(
            m.soort,
            Some(MijlpaalSoort::Besluit) | Some(MijlpaalSoort::GoNoGo)
        );
        MijlpaalV {
            soort: m.soort.map(|s| s.label().to_string()).unwrap_or_default(),
            datum: iso(m.datum),
            omschrijving: m.omschrijving.clone(),
            criteria: m.criteria.clone(),
            besluitvormer: m.besluitvormer.clone(),
            scope: self.scope_name(&m.scope),
            uitkomst: m.uitkomst.label().into(),
            motivering: m.motivering.clone(),
            go_no_go: m.soort == Some(MijlpaalSoort::GoNoGo),
            besluitmoment: besluit,
            evaluatie: m.soort == Some(MijlpaalSoort::Evaluatie),
            open: m.uitkomst == Uitkomst::Open,
            go: m.uitkomst == Uitkomst::Go,
            no_go: m.uitkomst == Uitkomst::NoGo,
            regionaal: m.scope == Scope::Regio,
            fase: m.fase.map(|f| f.label().into()),
        }
    }

    fn overleg(&self, o: &model::Overleg) -> OverlegV {
        OverlegV {
            soort: o.soort.map(|s| s.label().into()).unwrap_or_default(),
            scope: self.scope_name(&o.scope),
            voorzitter: o.voorzitter.as_deref().and_then(|i| self.persoon(i)),
            leden: o.leden.iter().filter_map(|i| self.persoon(i)).collect(),
            frequentie: o.frequentie,
            taak: o.taak.clone(),
            regionaal: o.scope == Scope::Regio,
        }
    }

    fn randvoorwaarde(&self, r: &model::Randvoorwaarde) -> RandvoorwaardeV {
        RandvoorwaardeV {
            randvoorwaarde: r.randvoorwaarde.clone(),
            voldaan: r.voldaan,
            toelichting: r.toelichting.clone(),
            scope: self.scope_name(&r.scope),
            standaard: RANDVOORWAARDEN.iter().any(|s| {
                crate::ingest::normalize(s) == crate::ingest::normalize(&r.randvoorwaarde)
            }),
            regionaal: r.scope == Scope::Regio,
            eigenaar: r.eigenaar.as_deref().and_then(|id| self.persoon(id)),
            gereed_op: iso(r.gereed_op),
        }
    }

    fn regio(&self, deelnemers: &[GemeenteV]) -> RegioV {
        let p = self.p;
        let regio = &p.regio;
        let inwoners_deelnemers: u64 = p.deelnemers().filter_map(|g| g.inwoners).sum();
        let mut ggd_regios: Vec<String> = Vec::new();
        for g in deelnemers {
            if let Some(r) = &g.ggd_regio
                && !ggd_regios.contains(r)
            {
                ggd_regios.push(r.clone());
            }
        }
        let ggd = match (regio.regiotype, ggd_regios.as_slice()) {
            (Some(Regiotype::GgdRegio), [naam]) if ggd_regios.len() == 1 => {
                let gemeenten = crate::cbs::in_ggd_regio(naam).len();
                Some(GgdRegioV {
                    naam: naam.clone(),
                    gemeenten,
                    alle: gemeenten == deelnemers.len(),
                })
            }
            _ => None,
        };
        let rc_werkgevers: Vec<&str> = p
            .rollen
            .iter()
            .filter(|r| r.rol == Some(Rol::Regiocoordinator) && r.scope == Scope::Regio)
            .filter_map(|r| r.werkgever.as_deref())
            .collect();
        let penvoerder = regio.penvoerder_id().and_then(|id| {
            Some(PenvoerderV {
                organisatie: self.organisatie(id)?,
                werkgever_regiocoordinator: rc_werkgevers
                    .iter()
                    .any(|w| w.eq_ignore_ascii_case(id)),
            })
        });
        let stemgewichten = if inwoners_deelnemers == 0 {
            Vec::new()
        } else {
            p.deelnemers()
                .map(|g| {
                    let inwoners = g.inwoners.unwrap_or(0);
                    let aandeel = Decimal::from(inwoners) * Decimal::ONE_HUNDRED
                        / Decimal::from(inwoners_deelnemers);
                    StemgewichtV {
                        naam: g.naam.clone(),
                        inwoners,
                        aandeel: aandeel.round_dp_with_strategy(
                            1,
                            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                        ),
                    }
                })
                .collect()
        };
        RegioV {
            naam: regio.naam.clone(),
            regiotype: regio.regiotype.map(|x| x.label().into()),
            fase: regio.fase.map(|x| x.label().into()),
            startdatum: iso(regio.startdatum),
            einddatum: iso(regio.einddatum),
            versie: regio.versie.clone(),
            versiedatum: iso(regio.versiedatum),
            status: regio.status.label().into(),
            plaats_ondertekening: regio.plaats_ondertekening.clone(),
            opgesteld_door: regio
                .opgesteld_door
                .as_deref()
                .and_then(|i| self.persoon(i)),
            gastorganisatie: regio
                .gastorganisatie
                .as_deref()
                .and_then(|i| self.organisatie(i)),
            preferente_zorgverzekeraar: regio
                .preferente_zorgverzekeraar
                .as_deref()
                .and_then(|i| self.organisatie(i)),
            inwoners_deelnemers,
            afbakening: AfbakeningV {
                ggd,
                ggd_regios,
                zorgkantoorregio: regio.regiotype == Some(Regiotype::Zorgkantoorregio),
                iza_regio: regio.regiotype == Some(Regiotype::IzaRegio),
                bestaande_regio: regio.regiotype == Some(Regiotype::BestaandeRegio),
            },
            penvoerder,
            facturering: FactureringV {
                label: regio.facturering.label().into(),
                vooraf_per_jaar: regio.facturering == Facturering::VooraafPerJaar,
                per_kwartaal: regio.facturering == Facturering::PerKwartaal,
                achteraf_per_jaar: regio.facturering == Facturering::AchterafPerJaar,
            },
            besluitvorming: BesluitvormingV {
                label: regio.besluitvorming.label().into(),
                consensus: regio.besluitvorming == Besluitvorming::Consensus,
                meerderheid: regio.besluitvorming == Besluitvorming::Meerderheid,
                naar_inwoners: regio.besluitvorming == Besluitvorming::MeerderheidNaarInwoners,
                stemgewichten,
            },
            opzegtermijn: regio.opzegtermijn,
            implementatiefase: regio.implementatiefase.map(|f| f.label().into()),
        }
    }

    /// True when a record with `scope` belongs in a document of `target`: regional records
    /// everywhere, municipal records in their own municipality's documents (and, for the
    /// region, when `include_local`).
    fn in_scope(scope: &Scope, target: &Scope, include_local: bool) -> bool {
        match (scope, target) {
            (Scope::Regio, _) => true,
            (Scope::Gemeente(_), Scope::Regio) => include_local,
            (Scope::Gemeente(a), Scope::Gemeente(b)) => a == b,
        }
    }

    /// The context of one document for one scope.
    pub fn context(&self, kind: DocKind, scope: &Scope, plan: Option<PlanRef>) -> Context {
        let p = self.p;
        let regionaal = *scope == Scope::Regio;
        let penvoerder = p.regio.penvoerder_id();
        let partijen = p
            .partijen
            .iter()
            .filter(|x| x.overeenkomst == *scope)
            .filter_map(|x| {
                let org = p.organisatie(&x.org)?;
                Some(PartijV {
                    organisatie: self.organisatie(&x.org)?,
                    rol: x.rol.clone(),
                    verantwoordelijkheden: x.verantwoordelijkheden.clone(),
                    bijdrage: x.bijdrage.clone(),
                    ondertekenaars: x
                        .ondertekenaars
                        .iter()
                        .filter_map(|id| self.persoon(id))
                        .collect(),
                    gemeente: org.soort == Some(OrgType::Gemeente),
                    besluitdatum: iso(x.besluitdatum),
                    afgestemd_op: iso(x.afgestemd_op),
                    penvoerder: regionaal
                        && penvoerder.is_some_and(|id| id.eq_ignore_ascii_case(&x.org)),
                })
            })
            .collect();
        let in_rollen: Vec<&model::Rol> = p
            .rollen
            .iter()
            .filter(|r| Self::in_scope(&r.scope, scope, true))
            .collect();
        let rollen: Vec<RolV> = in_rollen.iter().map(|r| self.rol(r)).collect();
        let met_rol = |rol: Rol| -> Vec<RolV> {
            in_rollen
                .iter()
                .filter(|r| r.rol == Some(rol))
                .map(|r| self.rol(r))
                .collect()
        };
        let rc: Vec<&model::Rol> = p
            .rollen
            .iter()
            .filter(|r| r.rol == Some(Rol::Regiocoordinator) && r.scope == Scope::Regio)
            .collect();
        let mut in_mijlpalen: Vec<&model::Mijlpaal> = p
            .mijlpalen
            .iter()
            .filter(|m| Self::in_scope(&m.scope, scope, false))
            .collect();
        in_mijlpalen.sort_by_key(|m| m.datum);
        let mijlpalen: Vec<MijlpaalV> = in_mijlpalen.iter().map(|m| self.mijlpaal(m)).collect();
        let kies = |f: fn(&MijlpaalV) -> bool| -> Vec<MijlpaalV> {
            mijlpalen.iter().filter(|m| f(m)).cloned().collect()
        };
        let fasen = Implementatiefase::ALL
            .iter()
            .map(|f| FaseV {
                nummer: f.nummer(),
                naam: f.label().into(),
                huidig: p.regio.implementatiefase == Some(*f),
                mijlpalen: in_mijlpalen
                    .iter()
                    .filter(|m| m.fase == Some(*f))
                    .map(|m| self.mijlpaal(m))
                    .collect(),
            })
            .collect();
        let naam =
            |id: &Option<String>| id.as_deref().and_then(|i| self.persoon(i)).map(|x| x.naam);
        let deelnemers: Vec<GemeenteV> = p.deelnemers().map(|g| self.gemeente(g)).collect();
        let uren_regiocoordinator: Decimal = rc.iter().filter_map(|r| r.uren_per_week).sum();
        let banden = crate::validate::uren_voorstel(deelnemers.len());
        let minimum = banden.iter().map(|b| b.minimum).min();
        let onder_voorstel = minimum.is_some_and(|m| uren_regiocoordinator < Decimal::from(m));
        let begroting = self.begroting(scope);
        let jaren_met_tekort = begroting
            .jaren
            .iter()
            .zip(&begroting.tekort.per_jaar)
            .filter(|(_, t)| **t > Decimal::ZERO)
            .map(|(j, _)| *j)
            .collect();
        let kosten_opdracht = begroting
            .regels
            .iter()
            .zip(self.budget_lines(scope))
            .filter(|(_, k)| {
                let rol = if regionaal {
                    Rol::Regiocoordinator
                } else {
                    Rol::Projectleider
                };
                k.scope == *scope && k.voor_rol() == Some(rol)
            })
            .map(|(r, _)| r.clone())
            .collect();
        let doelen: Vec<DoelV> = p
            .doelen
            .iter()
            .filter(|d| Self::in_scope(&d.scope, scope, false))
            .map(|d| DoelV {
                doel: d.doel.clone(),
                indicator: d.indicator.clone(),
                bron: d.bron.map(|b| b.label().into()),
                nulmeting: d.nulmeting.clone(),
                streefwaarde: d.streefwaarde.clone(),
                streefjaar: d.streefjaar,
                eigenaar: naam(&d.eigenaar),
                scope: self.scope_name(&d.scope),
                regionaal: d.scope == Scope::Regio,
                termijn: d.termijn.map(|t| t.label().into()),
            })
            .collect();
        let doelen_per_termijn = Termijn::ALL
            .iter()
            .map(|t| Some(t.label().to_string()))
            .chain([None])
            .filter_map(|t| {
                let doelen: Vec<DoelV> =
                    doelen.iter().filter(|d| d.termijn == t).cloned().collect();
                (!doelen.is_empty()).then_some(TermijnV { termijn: t, doelen })
            })
            .collect();
        let risico = |soort: RisicoSoort| -> Vec<RisicoV> {
            p.risicos
                .iter()
                .filter(|r| r.soort == soort && Self::in_scope(&r.scope, scope, false))
                .map(|r| RisicoV {
                    omschrijving: r.omschrijving.clone(),
                    categorie: r.categorie.map(|c| c.label().into()),
                    kans: r.kans,
                    impact: r.impact,
                    score: r.kans.zip(r.impact).map(|(k, i)| k * i),
                    maatregel: r.maatregel.clone(),
                    eigenaar: naam(&r.eigenaar),
                    scope: self.scope_name(&r.scope),
                    regionaal: r.scope == Scope::Regio,
                })
                .collect()
        };
        let deelnemend = |r: &model::Randvoorwaarde| {
            r.scope
                .gemeente()
                .and_then(|c| p.gemeente(c))
                .is_some_and(|g| g.deelnemend())
        };
        let randvoorwaarden: Vec<RandvoorwaardeV> = p
            .randvoorwaarden
            .iter()
            .filter(|r| Self::in_scope(&r.scope, scope, false))
            .map(|r| self.randvoorwaarde(r))
            .collect();
        let randvoorwaarden_gemeenten: Vec<RandvoorwaardeV> = p
            .randvoorwaarden
            .iter()
            .filter(|r| regionaal && deelnemend(r))
            .map(|r| self.randvoorwaarde(r))
            .collect();
        let nog_te_regelen = randvoorwaarden
            .iter()
            .chain(&randvoorwaarden_gemeenten)
            .filter(|r| !r.voldaan)
            .cloned()
            .collect();
        let overleggen: Vec<OverlegV> = p
            .overleggen
            .iter()
            .filter(|o| Self::in_scope(&o.scope, scope, false))
            .map(|o| self.overleg(o))
            .collect();
        let stuurgroepen = || {
            p.overleggen
                .iter()
                .filter(|o| o.soort == Some(OverlegSoort::Stuurgroep))
        };
        let stuurgroep = stuurgroepen()
            .find(|o| o.scope == *scope)
            .or_else(|| stuurgroepen().find(|o| o.scope == Scope::Regio))
            .map(|o| self.overleg(o));
        let mut per_persoon: Vec<(String, Vec<(&model::Rol, RolV)>)> = Vec::new();
        for (r, v) in in_rollen.iter().zip(&rollen) {
            let Some(id) = r.persoon.as_deref() else {
                continue;
            };
            let key = id.to_lowercase();
            match per_persoon.iter_mut().find(|(k, _)| *k == key) {
                Some((_, list)) => list.push((r, v.clone())),
                None => per_persoon.push((key, vec![(r, v.clone())])),
            }
        }
        let gecombineerde_rollen = per_persoon
            .into_iter()
            .filter(|(_, list)| list.len() > 1)
            .filter_map(|(_, list)| {
                let heeft = |rol: Rol| list.iter().any(|(r, _)| r.rol == Some(rol));
                Some(GecombineerdeRolV {
                    persoon: list[0].1.persoon.clone()?,
                    regiocoordinator: heeft(Rol::Regiocoordinator),
                    projectleider: heeft(Rol::Projectleider),
                    rollen: list.into_iter().map(|(_, v)| v).collect(),
                })
            })
            .collect();
        let per_niveau: Vec<NiveauV> = Niveau::ALL
            .iter()
            .map(|n| NiveauV {
                niveau: n.label().into(),
                rollen: in_rollen
                    .iter()
                    .zip(&rollen)
                    .filter(|(r, _)| r.niveau == Some(*n))
                    .map(|(_, v)| v.clone())
                    .collect(),
            })
            .collect();
        let niveaus = NiveausV {
            alle: per_niveau.iter().all(|n| !n.rollen.is_empty()),
            belegd: per_niveau
                .iter()
                .filter(|n| !n.rollen.is_empty())
                .map(|n| n.niveau.clone())
                .collect(),
            ontbrekend: per_niveau
                .iter()
                .filter(|n| n.rollen.is_empty())
                .map(|n| n.niveau.clone())
                .collect(),
            zonder_niveau: in_rollen.iter().filter(|r| r.niveau.is_none()).count(),
            per_niveau,
        };
        let czv_capaciteit = self.czv(scope);
        Context {
            document: kind,
            regionaal,
            gemeente: scope
                .gemeente()
                .and_then(|c| p.gemeente(c))
                .map(|g| self.gemeente(g)),
            regio: self.regio(&deelnemers),
            overige_gemeenten: p
                .gemeenten
                .iter()
                .filter(|g| !g.deelnemend())
                .map(|g| self.gemeente(g))
                .collect(),
            plan_vastgesteld: !deelnemers.is_empty()
                && deelnemers.iter().all(|g| g.besluit.vastgesteld),
            nog_niet_vastgesteld: deelnemers
                .iter()
                .filter(|g| !g.besluit.vastgesteld)
                .map(|g| g.naam.clone())
                .collect(),
            uren_voorstel: UrenVoorstelV {
                banden: crate::validate::UREN_VOORSTEL.to_vec(),
                van_toepassing: banden.into_iter().copied().collect(),
                onder_voorstel,
            },
            norm_uren: minimum.unwrap_or(0),
            uren_voldoen_aan_norm: !onder_voorstel,
            deelnemers,
            partijen,
            projectleiders: met_rol(Rol::Projectleider),
            centrale_zorgverleners: met_rol(Rol::CentraleZorgverlener),
            me_eigenaren: met_rol(Rol::MeEigenaar),
            gemeenten_zonder_czv: p
                .deelnemers()
                .filter(|g| {
                    !p.rollen.iter().any(|r| {
                        r.rol == Some(Rol::CentraleZorgverlener)
                            && r.scope.gemeente() == Some(g.code.as_str())
                    })
                })
                .map(|g| g.naam.clone())
                .collect(),
            beleidsmedewerkers: in_rollen
                .iter()
                .filter(|r| r.rol == Some(Rol::Beleidsmedewerker) && r.scope == *scope)
                .map(|r| self.rol(r))
                .collect(),
            regiocoordinatoren: rc.iter().map(|r| self.rol(r)).collect(),
            uren_regiocoordinator,
            gecombineerde_rollen,
            niveaus,
            stuurgroep,
            rollen,
            go_no_go: kies(|m| m.go_no_go),
            go_besluiten: kies(|m| m.go_no_go && m.go),
            besluitmomenten: kies(|m| m.besluitmoment),
            open_besluiten: kies(|m| m.besluitmoment && m.open),
            evaluaties: kies(|m| m.evaluatie),
            fasen,
            mijlpalen,
            doelen,
            doelen_per_termijn,
            risicos: risico(RisicoSoort::Risico),
            kansen: risico(RisicoSoort::Kans),
            randvoorwaarden,
            randvoorwaarden_gemeenten,
            nog_te_regelen,
            overleggen,
            tekst: self.teksten(kind, scope),
            begroting,
            kosten_opdracht,
            czv_capaciteit,
            jaren_met_tekort,
            plan,
            cbs_peildatum: crate::cbs::PEILDATUM,
        }
    }

    /// The capacity rows of a scope: every row for the region; a municipality's own row,
    /// else the regional one.
    fn czv(&self, scope: &Scope) -> Vec<CzvV> {
        let p = self.p;
        let rows: Vec<&model::CzvCapaciteit> = match scope {
            Scope::Regio => p.czv.iter().collect(),
            Scope::Gemeente(_) => {
                let eigen: Vec<_> = p.czv.iter().filter(|c| c.scope == *scope).collect();
                if eigen.is_empty() {
                    p.czv.iter().filter(|c| c.scope == Scope::Regio).collect()
                } else {
                    eigen
                }
            }
        };
        let weken = Decimal::from(p.parameters.werkweken);
        let cents = crate::budget::cents;
        rows.into_iter()
            .map(|c| {
                let uren_per_casus = c.directe_uren.zip(c.indirecte_uren).map(|(d, i)| d + i);
                let casus_uren = c
                    .casussen
                    .zip(uren_per_casus)
                    .map(|(n, u)| Decimal::from(n) * u);
                let overstijgend_per_jaar = c.overstijgende_uren.map(|u| u * weken);
                let totaal_uren = casus_uren.zip(overstijgend_per_jaar).map(|(a, b)| a + b);
                let zvw = c.zvw_deel.unwrap_or_default() / Decimal::ONE_HUNDRED;
                let kosten = totaal_uren.zip(c.uurtarief).map(|(u, t)| cents(u * t));
                let zvw_bedrag = casus_uren.zip(c.uurtarief).map(|(u, t)| cents(u * t * zvw));
                CzvV {
                    scope: self.scope_name(&c.scope),
                    regionaal: c.scope == Scope::Regio,
                    casussen: c.casussen,
                    directe_uren: c.directe_uren,
                    indirecte_uren: c.indirecte_uren,
                    uren_per_casus,
                    casus_uren,
                    overstijgend_per_week: c.overstijgende_uren,
                    overstijgend_per_jaar,
                    totaal_uren,
                    uren_per_week: totaal_uren.map(|u| {
                        (u / weken).round_dp_with_strategy(
                            1,
                            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                        )
                    }),
                    uurtarief: c.uurtarief,
                    kosten,
                    zvw_deel: c.zvw_deel,
                    zvw_bedrag,
                    overig_bedrag: kosten.zip(zvw_bedrag).map(|(k, z)| k - z),
                    functiebeschrijving: c.functiebeschrijving,
                    zvw_onder_voorbehoud: !zvw.is_zero() && !c.functiebeschrijving,
                    volledig: kosten.is_some(),
                    werkweken: p.parameters.werkweken,
                }
            })
            .collect()
    }

    /// The cost lines of a scope's budget, in the order of [`BegrotingV::regels`].
    fn budget_lines(&self, scope: &Scope) -> Vec<&model::Kostenregel> {
        self.budget
            .regels
            .iter()
            .map(|l| &self.p.kostenregels[l.regel])
            .filter(|k| scope == &Scope::Regio || k.scope == *scope)
            .collect()
    }

    /// Section texts: the regional row, replaced by the municipality's own.
    ///
    /// Exception: the regional `opdracht` is the regional coordinator's assignment and a
    /// municipality's `opdracht` is its project leader's, so regional `opdracht` texts are not
    /// inherited by municipal documents; a municipality's own `opdracht` rows are used there.
    fn teksten(&self, kind: DocKind, scope: &Scope) -> BTreeMap<String, Vec<String>> {
        let mut out = BTreeMap::new();
        let doc = kind.teksten();
        let inherit = !(kind == DocKind::Opdracht && *scope != Scope::Regio);
        for pass_local in [false, true] {
            for t in self.p.teksten.iter().filter(|t| t.document == Some(doc)) {
                let local = t.scope != Scope::Regio;
                if local != pass_local || (local && t.scope != *scope) || (!local && !inherit) {
                    continue;
                }
                let key = crate::schema::sections(doc)
                    .iter()
                    .find(|k| crate::ingest::normalize(k) == crate::ingest::normalize(&t.sectie));
                if let Some(key) = key {
                    out.insert(key.to_string(), t.alineas.clone());
                }
            }
        }
        out
    }

    fn begroting(&self, scope: &Scope) -> BegrotingV {
        let p = self.p;
        let b = self.budget;
        let jaren = b.jaren.clone();
        let lines: Vec<usize> = (0..b.regels.len())
            .filter(|&i| {
                scope == &Scope::Regio || p.kostenregels[b.regels[i].regel].scope == *scope
            })
            .collect();
        let totals: Totals = b.totals(p, lines.iter().copied());
        let regels = lines
            .iter()
            .map(|&i| {
                let l = &b.regels[i];
                let k = &p.kostenregels[l.regel];
                let tekort: Vec<Decimal> = jaren
                    .iter()
                    .map(|y| {
                        if k.in_natura {
                            Decimal::ZERO
                        } else {
                            l.open[y].max(Decimal::ZERO)
                        }
                    })
                    .collect();
                RegelV {
                    id: k.id.clone(),
                    kostenpost: k.kostenpost.clone(),
                    omschrijving: k.omschrijving.clone(),
                    scope: self.scope_name(&k.scope),
                    soort: k.soort.map(|s| s.label().into()).unwrap_or_default(),
                    eenheid: k.eenheid.map(|e| e.label().into()).unwrap_or_default(),
                    tarief: k.tarief,
                    per_jaar: jaren.iter().map(|y| l.per_jaar[y]).collect(),
                    totaal: l.totaal,
                    in_natura: k.in_natura,
                    heeft_tekort: tekort.iter().any(|t| !t.is_zero()),
                    tekort,
                    regionaal: k.scope == Scope::Regio,
                    forfaitair: k.eenheid == Some(crate::vocab::Eenheid::Forfait),
                    rol: k.voor_rol().map(|r| r.label().into()),
                }
            })
            .collect();
        let soort = |s: KostenSoort| -> Vec<RegelV> {
            lines
                .iter()
                .zip(&regels)
                .filter(|(i, _)| p.kostenregels[b.regels[**i].regel].soort == Some(s))
                .map(|(_, r): (_, &RegelV)| r.clone())
                .collect()
        };
        let incidentele_regels = soort(KostenSoort::Incidenteel);
        let structurele_regels = soort(KostenSoort::Structureel);
        let bronnen = p
            .bronnen
            .iter()
            .filter_map(|bron| {
                let mut r = Reeks::new(
                    bron.naam.clone(),
                    Some(format!(
                        "{}{}",
                        bron.soort.map(|s| s.label()).unwrap_or(""),
                        if bron.tijdelijk { ", tijdelijk" } else { "" }
                    )),
                    &jaren,
                    totals.per_bron.get(&bron.id)?,
                );
                r.tijdelijk = bron.tijdelijk;
                (!r.totaal.is_zero()).then_some(r)
            })
            .collect();
        let aandelen: Vec<Reeks> = p
            .deelnemers()
            .filter(|g| scope == &Scope::Regio || scope.gemeente() == Some(g.code.as_str()))
            .map(|g| {
                Reeks::new(
                    g.naam.clone(),
                    Some(g.code.clone()),
                    &jaren,
                    &b.aandeel_regio(&g.code),
                )
            })
            .collect();
        let totaal = Reeks::new("Totaal", None, &jaren, &totals.per_jaar);
        let totaal_inclusief_aandeel = match scope.gemeente() {
            None => totaal.clone(),
            Some(code) => {
                let share = b.aandeel_regio(code);
                let sum: BTreeMap<i32, Decimal> = jaren
                    .iter()
                    .map(|y| (*y, totals.per_jaar[y] + share[y]))
                    .collect();
                Reeks::new(
                    "Totaal inclusief aandeel regionale kosten",
                    None,
                    &jaren,
                    &sum,
                )
            }
        };
        let mut tijdelijk: Vec<String> = p
            .dekking
            .iter()
            .filter_map(|d| {
                let k = p.kostenregel(&d.regel)?;
                let bron = p.bron(&d.bron)?;
                let relevant =
                    scope == &Scope::Regio || k.scope == *scope || k.scope == Scope::Regio;
                (relevant && k.soort == Some(KostenSoort::Structureel) && bron.tijdelijk)
                    .then(|| bron.naam.clone())
            })
            .collect();
        tijdelijk.sort();
        tijdelijk.dedup();
        let per_kostenpost = totals
            .per_kostenpost
            .iter()
            .map(|t| Reeks::new(t.kostenpost.clone(), None, &jaren, &t.per_jaar))
            .collect();
        let gemeenten: Vec<GemeenteBegrotingV> = b
            .gemeenten
            .iter()
            .filter(|g| scope == &Scope::Regio || scope.gemeente() == Some(g.code.as_str()))
            .map(|g| GemeenteBegrotingV {
                naam: p
                    .gemeente(&g.code)
                    .map(|x| x.naam.clone())
                    .unwrap_or_default(),
                code: g.code.clone(),
                eigen: Reeks::new("Eigen kostenregels", None, &jaren, &g.eigen),
                aandeel: Reeks::new("Aandeel regionale kosten", None, &jaren, &g.aandeel),
                totaal: Reeks::new("Totaal", None, &jaren, &g.totaal),
                extern_gedekt: Reeks::new("Extern gedekt", None, &jaren, &g.extern_),
                zelf: Reeks::new("Zelf te betalen", None, &jaren, &g.zelf),
                tekort: Reeks::new("Niet gedekt", None, &jaren, &g.eigen_tekort),
                aandeel_netto: Reeks::new("Te factureren aandeel", None, &jaren, &g.aandeel_netto),
            })
            .collect();
        let (extern_gedekt, zelf) = match scope.gemeente().and_then(|c| b.gemeente(c)) {
            Some(g) => (
                Reeks::new("Extern gedekt", None, &jaren, &g.extern_),
                Reeks::new("Zelf te betalen", None, &jaren, &g.zelf),
            ),
            None => {
                let zelf: BTreeMap<i32, Decimal> = jaren
                    .iter()
                    .map(|y| (*y, totals.per_jaar[y] - totals.extern_[y]))
                    .collect();
                (
                    Reeks::new("Extern gedekt", None, &jaren, &totals.extern_),
                    Reeks::new("Door gemeenten te dragen", None, &jaren, &zelf),
                )
            }
        };
        BegrotingV {
            per_kostenpost,
            gedekt: Reeks::new("Gedekt", None, &jaren, &totals.gedekt),
            extern_gedekt,
            zelf,
            gemeenten,
            versie: p.parameters.versie.clone(),
            btw: p
                .parameters
                .btw
                .map(|b| b.label().to_string())
                .unwrap_or_else(|| "n.v.t.".into()),
            btw_tekst: match p.parameters.btw {
                Some(Btw::Exclusief) => "exclusief btw",
                Some(Btw::Inclusief) => "inclusief btw",
                Some(Btw::NietVanToepassing) | None => "zonder btw (btw is niet van toepassing)",
            }
            .into(),
            incidentele_regels,
            structurele_regels,
            indexatie: p.parameters.indexatie,
            regels,
            incidenteel: Reeks::new("Incidenteel", None, &jaren, &totals.incidenteel),
            structureel: Reeks::new("Structureel", None, &jaren, &totals.structureel),
            bronnen,
            tekort: Reeks::new("Niet gedekt", None, &jaren, &totals.tekort),
            aandelen,
            totaal_inclusief_aandeel,
            tijdelijk_voor_structureel: tijdelijk,
            totaal,
            jaren,
        }
    }

    /// Whether the go/no-go moments include a decided no-go (for documents that must say so).
    pub fn has_no_go(&self) -> bool {
        self.p
            .mijlpalen
            .iter()
            .any(|m| m.uitkomst == Uitkomst::NoGo)
    }
}
