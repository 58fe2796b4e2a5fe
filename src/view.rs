//! The view: everything a content template may print, derived once from the model and the
//! computed budget, for one document of one scope (the region or one municipality).
//!
//! Templates never compute: amounts come from [`Budget`], already summed per year, kind and
//! source; names are resolved (an organisation's legal name, a person's function); texts
//! from the `Teksten` sheet are chosen (a municipality's own text replaces the regional one).
//! Money is serialised as an exact decimal string (`"1234.50"`) for the `euro` filter;
//! dates as ISO strings (`"2027-01-01"`) for the `datum` filter.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::budget::{Budget, Totals};
use crate::model::{self, Project, Scope};
use crate::vocab::{DocumentSoort, KostenSoort, MijlpaalSoort, RANDVOORWAARDEN, Rol, Uitkomst};

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
}

impl Reeks {
    /// The sum of several series per year (all of the same years), named `naam`.
    fn sum<'a>(naam: &str, reeksen: impl Iterator<Item = &'a Reeks>, jaren: usize) -> Reeks {
        let mut per_jaar = vec![Decimal::ZERO; jaren];
        for r in reeksen {
            for (sum, v) in per_jaar.iter_mut().zip(&r.per_jaar) {
                *sum += *v;
            }
        }
        Reeks {
            naam: naam.into(),
            toelichting: None,
            totaal: per_jaar.iter().copied().sum(),
            per_jaar,
        }
    }

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
    /// Yearly indexation in percentage points.
    pub indexatie: Decimal,
    /// The lines of this scope (all lines for the region; own lines for a municipality).
    pub regels: Vec<RegelV>,
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
    /// The column totals of [`gemeenten`](Self::gemeenten): every series summed over the
    /// municipalities (named `Totaal`, without a code), for the totals row of a table
    /// with one row per municipality.
    pub gemeenten_totaal: GemeenteBegrotingV,
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
    /// The R09 norm in hours per week for this number of participants.
    pub norm_uren: u32,
    /// True when [`Context::uren_regiocoordinator`] is at least [`Context::norm_uren`].
    pub uren_voldoen_aan_norm: bool,
    /// Milestones of this scope (regional ones, plus the municipality's own), by date.
    pub mijlpalen: Vec<MijlpaalV>,
    /// The go/no-go moments among them.
    pub go_no_go: Vec<MijlpaalV>,
    /// Goals of this scope.
    pub doelen: Vec<DoelV>,
    /// Risks of this scope.
    pub risicos: Vec<RisicoV>,
    /// Preconditions of this scope (regional rows and the municipality's own).
    pub randvoorwaarden: Vec<RandvoorwaardeV>,
    /// Regional documents: the preconditions of the participating municipalities' own rows
    /// (so the regional plan shows the status per scope); empty in a municipality's documents.
    pub randvoorwaarden_gemeenten: Vec<RandvoorwaardeV>,
    /// Meeting bodies of this scope.
    pub overleggen: Vec<OverlegV>,
    /// Narrative per section key (paragraphs), from `Teksten`.
    pub tekst: BTreeMap<String, Vec<String>>,
    /// The budget.
    pub begroting: BegrotingV,
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
            o.soort == Some(crate::vocab::OrgType::Gemeente)
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
        let regio = &p.regio;
        let partijen = p
            .partijen
            .iter()
            .filter(|x| x.overeenkomst == *scope)
            .filter_map(|x| {
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
                })
            })
            .collect();
        let rollen: Vec<RolV> = p
            .rollen
            .iter()
            .filter(|r| Self::in_scope(&r.scope, scope, true))
            .map(|r| self.rol(r))
            .collect();
        let rc: Vec<&model::Rol> = p
            .rollen
            .iter()
            .filter(|r| r.rol == Some(Rol::Regiocoordinator) && r.scope == Scope::Regio)
            .collect();
        let mut mijlpalen: Vec<&model::Mijlpaal> = p
            .mijlpalen
            .iter()
            .filter(|m| Self::in_scope(&m.scope, scope, false))
            .collect();
        mijlpalen.sort_by_key(|m| m.datum);
        let mijlpalen: Vec<MijlpaalV> = mijlpalen
            .into_iter()
            .map(|m| MijlpaalV {
                soort: m.soort.map(|s| s.label().to_string()).unwrap_or_default(),
                datum: iso(m.datum),
                omschrijving: m.omschrijving.clone(),
                criteria: m.criteria.clone(),
                besluitvormer: m.besluitvormer.clone(),
                scope: self.scope_name(&m.scope),
                uitkomst: m.uitkomst.label().into(),
                motivering: m.motivering.clone(),
            })
            .collect();
        let go_no_go = mijlpalen
            .iter()
            .filter(|m| m.soort == MijlpaalSoort::GoNoGo.label())
            .cloned()
            .collect();
        let naam =
            |id: &Option<String>| id.as_deref().and_then(|i| self.persoon(i)).map(|x| x.naam);
        let tekst = self.teksten(kind, scope);
        let deelnemers: Vec<GemeenteV> = p.deelnemers().map(|g| self.gemeente(g)).collect();
        let norm_uren = crate::validate::norm_uren_regiocoordinator(deelnemers.len());
        let uren_regiocoordinator: Decimal = rc.iter().filter_map(|r| r.uren_per_week).sum();
        let randvoorwaarde = |r: &model::Randvoorwaarde| RandvoorwaardeV {
            randvoorwaarde: r.randvoorwaarde.clone(),
            voldaan: r.voldaan,
            toelichting: r.toelichting.clone(),
            scope: self.scope_name(&r.scope),
            standaard: RANDVOORWAARDEN.iter().any(|s| {
                crate::ingest::normalize(s) == crate::ingest::normalize(&r.randvoorwaarde)
            }),
        };
        let begroting = self.begroting(scope);
        let jaren_met_tekort = begroting
            .jaren
            .iter()
            .zip(&begroting.tekort.per_jaar)
            .filter(|(_, t)| **t > Decimal::ZERO)
            .map(|(j, _)| *j)
            .collect();
        Context {
            document: kind,
            regionaal,
            gemeente: scope
                .gemeente()
                .and_then(|c| p.gemeente(c))
                .map(|g| self.gemeente(g)),
            regio: RegioV {
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
                inwoners_deelnemers: p.deelnemers().filter_map(|g| g.inwoners).sum(),
            },
            overige_gemeenten: p
                .gemeenten
                .iter()
                .filter(|g| !g.deelnemend())
                .map(|g| self.gemeente(g))
                .collect(),
            norm_uren,
            uren_voldoen_aan_norm: uren_regiocoordinator >= Decimal::from(norm_uren),
            deelnemers,
            partijen,
            projectleiders: rollen
                .iter()
                .filter(|r| r.rol == Rol::Projectleider.label())
                .cloned()
                .collect(),
            regiocoordinatoren: rc.iter().map(|r| self.rol(r)).collect(),
            uren_regiocoordinator,
            rollen,
            go_no_go,
            mijlpalen,
            doelen: p
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
                })
                .collect(),
            risicos: p
                .risicos
                .iter()
                .filter(|r| Self::in_scope(&r.scope, scope, false))
                .map(|r| RisicoV {
                    omschrijving: r.omschrijving.clone(),
                    categorie: r.categorie.map(|c| c.label().into()),
                    kans: r.kans,
                    impact: r.impact,
                    score: r.kans.zip(r.impact).map(|(k, i)| k * i),
                    maatregel: r.maatregel.clone(),
                    eigenaar: naam(&r.eigenaar),
                    scope: self.scope_name(&r.scope),
                })
                .collect(),
            randvoorwaarden: p
                .randvoorwaarden
                .iter()
                .filter(|r| Self::in_scope(&r.scope, scope, false))
                .map(randvoorwaarde)
                .collect(),
            randvoorwaarden_gemeenten: p
                .randvoorwaarden
                .iter()
                .filter(|r| {
                    regionaal
                        && r.scope
                            .gemeente()
                            .and_then(|c| p.gemeente(c))
                            .is_some_and(|g| g.deelnemend())
                })
                .map(randvoorwaarde)
                .collect(),
            overleggen: p
                .overleggen
                .iter()
                .filter(|o| Self::in_scope(&o.scope, scope, false))
                .map(|o| OverlegV {
                    soort: o.soort.map(|s| s.label().into()).unwrap_or_default(),
                    scope: self.scope_name(&o.scope),
                    voorzitter: o.voorzitter.as_deref().and_then(|i| self.persoon(i)),
                    leden: o.leden.iter().filter_map(|i| self.persoon(i)).collect(),
                    frequentie: o.frequentie,
                    taak: o.taak.clone(),
                })
                .collect(),
            tekst,
            begroting,
            jaren_met_tekort,
            plan,
            cbs_peildatum: crate::cbs::PEILDATUM,
        }
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
                    tekort: jaren
                        .iter()
                        .map(|y| {
                            if k.in_natura {
                                Decimal::ZERO
                            } else {
                                l.open[y].max(Decimal::ZERO)
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        let bronnen = p
            .bronnen
            .iter()
            .filter_map(|bron| {
                let r = Reeks::new(
                    bron.naam.clone(),
                    Some(format!(
                        "{}{}",
                        bron.soort.map(|s| s.label()).unwrap_or(""),
                        if bron.tijdelijk { ", tijdelijk" } else { "" }
                    )),
                    &jaren,
                    totals.per_bron.get(&bron.id)?,
                );
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
            })
            .collect();
        let column = |naam: &str, pick: fn(&GemeenteBegrotingV) -> &Reeks| {
            Reeks::sum(naam, gemeenten.iter().map(pick), jaren.len())
        };
        let gemeenten_totaal = GemeenteBegrotingV {
            naam: "Totaal".into(),
            code: String::new(),
            eigen: column("Eigen kostenregels", |g| &g.eigen),
            aandeel: column("Aandeel regionale kosten", |g| &g.aandeel),
            totaal: column("Totaal", |g| &g.totaal),
            extern_gedekt: column("Extern gedekt", |g| &g.extern_gedekt),
            zelf: column("Zelf te betalen", |g| &g.zelf),
            tekort: column("Niet gedekt", |g| &g.tekort),
        };
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
            gemeenten_totaal,
            versie: p.parameters.versie.clone(),
            btw: p
                .parameters
                .btw
                .map(|b| b.label().to_string())
                .unwrap_or_else(|| "n.v.t.".into()),
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
