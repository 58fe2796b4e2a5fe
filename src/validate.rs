//! Validation: the rules of the input format that span rows, sheets and workbooks
//! (duplicate IDs, references, sharing keys, coverage) and the domain rules of `domain.md`
//! §4 (R01, R03-R06, R08, R09, R11, R13-R21, R24, R25). `docs/bevindingen.md` explains every
//! code to users, and says for each rule R01-R36 whether and how it is checked.
//!
//! Budget rules work on the computed [`Budget`]: over-coverage (F29, error), gaps (R19,
//! warning), structural lines paid from temporary money (R18: a warning, an error in the
//! `borging` phase, when the approach must run on regular money), and every way a sharing
//! key can fail (F30): several default keys, `vast` shares that do not add up to 100, name a
//! municipality twice or one that does not participate, miss a participant or are negative;
//! a `jeugdigen` or `inwoners` key without the numbers; a key whose weights are all zero; a
//! regional line without any key or that cannot be shared.
//!
//! Every rule adds its findings to one list; nothing stops at the first problem. Cell-level
//! problems (types, required cells, allowed values) were already reported while reading.
//!
//! ## Names in headings, titles and bookmarks (F34)
//!
//! A name the documents print as a heading, a title, a signatory or a chart label also
//! becomes a string inside the PDF (a bookmark, the document information, the tag tree),
//! and PDF/A allows no string over 32,767 bytes. A name is therefore at most
//! [`MAX_NAME_CHARS`] characters, checked here, so that what `check` accepts `build` can
//! always write.
//!
//! ## R01: preconditions, per scope
//!
//! An unmet precondition is a warning. It refuses a final document only when nobody has
//! been named to arrange it by a date (`Eigenaar` and `Gereed op`), and then only the
//! documents of its own scope: a municipality's row refuses that municipality's documents
//! (the finding is [`local_only`](crate::diag::Diagnostic::local_only)), a regional row
//! all documents. With owner and date, every document lists it as still to be arranged.
//!
//! ## R09: hours of the regional coordinator
//!
//! The profile of the regional coordinator *proposes* hours per week by number of
//! municipalities: 2-6 "more than 10 to 12", 6-12 "more than 15", more than 12 "20 to 24"
//! ([`UREN_VOORSTEL`]). It is a proposal, not a norm: the documents print the bands as the
//! profile states them, and the check warns when the hours are below the lowest number of
//! every band that applies (at 6 municipalities both the first and second band apply).

use std::collections::{BTreeMap, HashMap, HashSet};

use rust_decimal::Decimal;

use crate::budget::Budget;
use crate::diag::{Code, Diagnostic, Diagnostics, Location, nearest};
use crate::model::{Origin, Project, Scope};
use crate::schema::{self, Entity};
use crate::vocab::{
    Besluitstatus, DocumentSoort, Fase, KostenSoort, Methode, MijlpaalSoort, OrgType, OverlegSoort,
    RANDVOORWAARDEN, Rol, Status, Uitkomst,
};

/// Runs every rule over a project and its computed budget.
pub fn validate(p: &Project, budget: &Budget) -> Diagnostics {
    let mut v = Validator {
        p,
        d: Diagnostics::new(),
        ids: HashMap::new(),
    };
    for e in [
        Entity::Organisatie,
        Entity::Persoon,
        Entity::Bron,
        Entity::Regel,
        Entity::Sleutel,
    ] {
        let set = v.known_ids(e).iter().map(|id| id.to_lowercase()).collect();
        v.ids.insert(e, set);
    }
    v.name_lengths();
    v.duplicate_ids();
    v.references();
    v.scopes();
    v.organisaties();
    v.dates();
    v.teksten();
    v.sleutels();
    v.coverage(budget);
    v.czv_scopes();
    v.penvoerder_en_fase();
    v.r01_randvoorwaarden();
    v.r03_r04_partijen();
    v.r05_afgestemd();
    v.r06_go_besluit();
    v.r08_go_no_go();
    v.r09_uren();
    v.r11_deelname();
    v.r13_eigenaren();
    v.r14_indicatoren();
    v.r15_monitoring();
    v.r16_soorten();
    v.r17_meerjarig();
    v.r18_tijdelijk_geld();
    v.r20_r21_czv();
    v.r24_besluiten();
    v.r25_no_go();
    v.d
}

/// The longest name (region, municipality, organisation, person, milestone, financing
/// source) the documents accept: 1,000 characters. In a PDF string one character takes up
/// to 4 bytes (UTF-16 plus a break point in long words), which keeps even a heading that
/// combines a name with its number far below PDF/A's 32,767.
pub const MAX_NAME_CHARS: usize = 1_000;

/// One band of the hours per week that the profile of the regional coordinator proposes
/// (R09), as the profile states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct UrenBand {
    /// The number of municipalities as the profile writes it, e.g. `2-6 gemeenten`.
    pub gemeenten: &'static str,
    /// The proposed hours as the profile writes them, e.g. `meer dan 10 à 12 uur`.
    pub uren: &'static str,
    /// Smallest number of municipalities of the band.
    #[serde(skip)]
    pub van: usize,
    /// Largest number of municipalities of the band (`None`: no upper bound).
    #[serde(skip)]
    pub tot: Option<usize>,
    /// The lowest number of hours the band names.
    pub minimum: u32,
}

/// The three bands of the profile; they overlap at 6 and touch at 12.
pub const UREN_VOORSTEL: [UrenBand; 3] = [
    UrenBand {
        gemeenten: "2-6 gemeenten",
        uren: "meer dan 10 à 12 uur",
        van: 2,
        tot: Some(6),
        minimum: 10,
    },
    UrenBand {
        gemeenten: "6-12 gemeenten",
        uren: "meer dan 15 uur",
        van: 6,
        tot: Some(12),
        minimum: 15,
    },
    UrenBand {
        gemeenten: "meer dan 12 gemeenten",
        uren: "20 à 24 uur",
        van: 13,
        tot: None,
        minimum: 20,
    },
];

/// The bands of [`UREN_VOORSTEL`] that apply to a number of participating municipalities
/// (two at 6, none below 2).
///
/// ```
/// use regiodocs::validate::uren_voorstel;
/// let m = |n| uren_voorstel(n).iter().map(|b| b.minimum).collect::<Vec<_>>();
/// assert_eq!(m(1), Vec::<u32>::new());
/// assert_eq!(m(5), [10]);
/// assert_eq!(m(6), [10, 15]);
/// assert_eq!(m(12), [15]);
/// assert_eq!(m(13), [20]);
/// ```
pub fn uren_voorstel(deelnemers: usize) -> Vec<&'static UrenBand> {
    UREN_VOORSTEL
        .iter()
        .filter(|b| b.van <= deelnemers && b.tot.is_none_or(|t| deelnemers <= t))
        .collect()
}

/// The roles one person should hold per scope and level (R13): a second owner is reported.
/// Several central care providers or policy officers in one scope are normal.
fn coordinating(rol: Rol) -> bool {
    matches!(
        rol,
        Rol::Regiocoordinator
            | Rol::Kwartiermaker
            | Rol::Projectleider
            | Rol::Netwerkregisseur
            | Rol::MeEigenaar
    )
}

struct Validator<'a> {
    p: &'a Project,
    d: Diagnostics,
    /// Every defined ID per kind, lower case, for constant-time reference checks.
    ids: HashMap<Entity, HashSet<String>>,
}

impl Validator<'_> {
    fn cell(&self, sheet: &str, origin: &Origin, field: &str) -> Location {
        self.p.cell(sheet, origin, field)
    }

    /// F34: names longer than [`MAX_NAME_CHARS`] (see the module documentation).
    fn name_lengths(&mut self) {
        let p = self.p;
        let mut names: Vec<(&str, Location)> = Vec::new();
        if let Some(at) = p.regio.cells.get("Regionaam") {
            names.push((&p.regio.naam, at.clone()));
        }
        let at = |sheet: &str, origin: &Origin, field: &str| p.cell(sheet, origin, field);
        for g in &p.gemeenten {
            names.push((&g.naam, at("Gemeenten", &g.origin, "Gemeente")));
        }
        for o in &p.organisaties {
            names.push((&o.naam, at("Organisaties", &o.origin, "Naam")));
            if let Some(k) = &o.korte_naam {
                names.push((k, at("Organisaties", &o.origin, "Korte naam")));
            }
        }
        for o in &p.personen {
            names.push((&o.naam, at("Personen", &o.origin, "Naam")));
        }
        for o in &p.mijlpalen {
            names.push((&o.omschrijving, at("Mijlpalen", &o.origin, "Omschrijving")));
        }
        for o in &p.bronnen {
            names.push((&o.naam, at("Financieringsbronnen", &o.origin, "Naam")));
        }
        for (name, at) in names {
            let chars = name.chars().count();
            if chars > MAX_NAME_CHARS {
                self.d.push(
                    Diagnostic::error(
                        Code::TeGroot,
                        format!(
                            "Deze naam is {} tekens lang; een naam staat in koppen, titels en bladwijzers van de PDF en mag ten hoogste {} tekens hebben.",
                            crate::ingest::limits::count(chars as u64),
                            crate::ingest::limits::count(MAX_NAME_CHARS as u64)
                        ),
                    )
                    .at(at)
                    .hint("Kort de naam in; een toelichting past in een eigen kolom of op het tabblad Teksten."),
                );
            }
        }
    }

    fn known_ids(&self, e: Entity) -> Vec<&str> {
        match e {
            Entity::Organisatie => self.p.organisaties.iter().map(|o| o.id.as_str()).collect(),
            Entity::Persoon => self.p.personen.iter().map(|o| o.id.as_str()).collect(),
            Entity::Bron => self.p.bronnen.iter().map(|o| o.id.as_str()).collect(),
            Entity::Regel => self.p.kostenregels.iter().map(|o| o.id.as_str()).collect(),
            Entity::Sleutel => self.p.sleutels.iter().map(|o| o.id.as_str()).collect(),
        }
    }

    /// Checks that `id` exists; reports an unknown reference at `loc` with the nearest ID.
    fn reference(&mut self, e: Entity, id: &str, loc: Location) -> bool {
        if id.is_empty()
            || self
                .ids
                .get(&e)
                .is_some_and(|s| s.contains(&id.to_lowercase()))
        {
            return true;
        }
        let ids = self.known_ids(e);
        let (wb, sheet) = e.defined_in();
        let hint = match nearest(id, ids.iter().copied()) {
            Some(n) => format!("Bedoelt u ‘{n}’?"),
            None => format!("Voeg ‘{id}’ toe op het tabblad {sheet} van {wb}."),
        };
        self.d.push(
            Diagnostic::error(
                Code::OnbekendeVerwijzing,
                format!("{} ‘{id}’ bestaat niet (tabblad {sheet}).", e.id_column()),
            )
            .at(loc)
            .hint(hint),
        );
        false
    }

    fn duplicate_ids(&mut self) {
        let p = self.p;
        let mut check = |sheet: &str, field: &str, items: Vec<(&str, &Origin)>| {
            let mut seen: HashMap<String, &Origin> = HashMap::new();
            for (id, origin) in items {
                if id.is_empty() {
                    continue;
                }
                if let Some(first) = seen.insert(id.to_lowercase(), origin) {
                    self.d.push(
                        Diagnostic::error(
                            Code::DubbelId,
                            format!(
                                "{field} ‘{id}’ komt twee keer voor (ook in rij {}).",
                                first.row
                            ),
                        )
                        .at(p.cell(sheet, origin, field))
                        .hint("Elke ID moet uniek zijn; geef een van de twee een andere ID."),
                    );
                }
            }
        };
        check(
            "Gemeenten",
            "CBS-code",
            p.gemeenten
                .iter()
                .map(|g| (g.code.as_str(), &g.origin))
                .collect(),
        );
        check(
            "Organisaties",
            "Org-ID",
            p.organisaties
                .iter()
                .map(|o| (o.id.as_str(), &o.origin))
                .collect(),
        );
        check(
            "Personen",
            "Persoon-ID",
            p.personen
                .iter()
                .map(|o| (o.id.as_str(), &o.origin))
                .collect(),
        );
        check(
            "Mijlpalen",
            "Mijlpaal-ID",
            p.mijlpalen
                .iter()
                .filter_map(|o| Some((o.id.as_deref()?, &o.origin)))
                .collect(),
        );
        check(
            "Doelen",
            "Doel-ID",
            p.doelen
                .iter()
                .filter_map(|o| Some((o.id.as_deref()?, &o.origin)))
                .collect(),
        );
        check(
            "Risicos",
            "Risico-ID",
            p.risicos
                .iter()
                .filter_map(|o| Some((o.id.as_deref()?, &o.origin)))
                .collect(),
        );
        check(
            "Kostenregels",
            "Regel-ID",
            p.kostenregels
                .iter()
                .map(|o| (o.id.as_str(), &o.origin))
                .collect(),
        );
        check(
            "Financieringsbronnen",
            "Bron-ID",
            p.bronnen
                .iter()
                .map(|o| (o.id.as_str(), &o.origin))
                .collect(),
        );
    }

    fn references(&mut self) {
        let p = self.p;
        let r = &p.regio;
        for (field, e, value) in [
            ("Opgesteld door", Entity::Persoon, &r.opgesteld_door),
            ("Gastorganisatie", Entity::Organisatie, &r.gastorganisatie),
            (
                "Preferente zorgverzekeraar",
                Entity::Organisatie,
                &r.preferente_zorgverzekeraar,
            ),
            ("Penvoerder", Entity::Organisatie, &r.penvoerder),
        ] {
            if let (Some(id), Some(loc)) = (value, r.cells.get(field)) {
                self.reference(e, id, loc.clone());
            }
        }
        for x in &p.personen {
            self.reference(
                Entity::Organisatie,
                &x.org,
                self.cell("Personen", &x.origin, "Org-ID"),
            );
        }
        for x in &p.rollen {
            if let Some(id) = &x.persoon {
                self.reference(
                    Entity::Persoon,
                    id,
                    self.cell("Rollen", &x.origin, "Persoon-ID"),
                );
            }
            if let Some(id) = &x.werkgever {
                self.reference(
                    Entity::Organisatie,
                    id,
                    self.cell("Rollen", &x.origin, "Werkgever"),
                );
            }
            for id in &x.financiering {
                self.reference(
                    Entity::Bron,
                    id,
                    self.cell("Rollen", &x.origin, "Financiering"),
                );
            }
        }
        for x in &p.partijen {
            self.reference(
                Entity::Organisatie,
                &x.org,
                self.cell("Partijen", &x.origin, "Org-ID"),
            );
        }
        for x in &p.doelen {
            if let Some(id) = &x.eigenaar {
                self.reference(
                    Entity::Persoon,
                    id,
                    self.cell("Doelen", &x.origin, "Eigenaar"),
                );
            }
        }
        for x in &p.risicos {
            if let Some(id) = &x.eigenaar {
                self.reference(
                    Entity::Persoon,
                    id,
                    self.cell("Risicos", &x.origin, "Eigenaar"),
                );
            }
        }
        for x in &p.randvoorwaarden {
            if let Some(id) = &x.eigenaar {
                self.reference(
                    Entity::Persoon,
                    id,
                    self.cell("Randvoorwaarden", &x.origin, "Eigenaar"),
                );
            }
        }
        for x in &p.overleggen {
            if let Some(id) = &x.voorzitter {
                self.reference(
                    Entity::Persoon,
                    id,
                    self.cell("Overleggen", &x.origin, "Voorzitter"),
                );
            }
            for id in &x.leden {
                self.reference(
                    Entity::Persoon,
                    id,
                    self.cell("Overleggen", &x.origin, "Leden"),
                );
            }
        }
        for x in &p.kostenregels {
            if let Some(id) = &x.verdeelsleutel {
                self.reference(
                    Entity::Sleutel,
                    id,
                    self.cell("Kostenregels", &x.origin, "Verdeelsleutel"),
                );
            }
        }
        for x in &p.dekking {
            self.reference(
                Entity::Regel,
                &x.regel,
                self.cell("Dekking", &x.origin, "Regel-ID"),
            );
            self.reference(
                Entity::Bron,
                &x.bron,
                self.cell("Dekking", &x.origin, "Bron-ID"),
            );
        }
        for x in &p.bronnen {
            let Some(h) = &x.houder else { continue };
            let is_org = p.organisatie(h).is_some();
            let is_gemeente = crate::ingest::parse::cbs_code(h)
                .is_ok_and(|c| p.gemeente(&c).is_some() || crate::cbs::gemeente(&c).is_some());
            if !is_org && !is_gemeente {
                self.d.push(
                    Diagnostic::error(
                        Code::OnbekendeVerwijzing,
                        format!(
                            "Houder ‘{h}’ is geen bekende Org-ID en geen CBS-code van een gemeente."
                        ),
                    )
                    .at(self.cell("Financieringsbronnen", &x.origin, "Houder"))
                    .maybe_hint(
                        nearest(h, self.known_ids(Entity::Organisatie))
                            .map(|n| format!("Bedoelt u ‘{n}’?")),
                    ),
                );
            }
        }
    }

    /// Every municipal scope must name a municipality of `Gemeenten`.
    fn scopes(&mut self) {
        let p = self.p;
        let mut items: Vec<(&Scope, &str, &Origin, &str)> = Vec::new();
        items.extend(
            p.rollen
                .iter()
                .map(|x| (&x.scope, "Rollen", &x.origin, "Scope")),
        );
        items.extend(
            p.partijen
                .iter()
                .map(|x| (&x.overeenkomst, "Partijen", &x.origin, "Overeenkomst")),
        );
        items.extend(
            p.mijlpalen
                .iter()
                .map(|x| (&x.scope, "Mijlpalen", &x.origin, "Scope")),
        );
        items.extend(
            p.doelen
                .iter()
                .map(|x| (&x.scope, "Doelen", &x.origin, "Scope")),
        );
        items.extend(
            p.risicos
                .iter()
                .map(|x| (&x.scope, "Risicos", &x.origin, "Scope")),
        );
        items.extend(
            p.randvoorwaarden
                .iter()
                .map(|x| (&x.scope, "Randvoorwaarden", &x.origin, "Scope")),
        );
        items.extend(
            p.teksten
                .iter()
                .map(|x| (&x.scope, "Teksten", &x.origin, "Scope")),
        );
        items.extend(
            p.overleggen
                .iter()
                .map(|x| (&x.scope, "Overleggen", &x.origin, "Scope")),
        );
        items.extend(
            p.kostenregels
                .iter()
                .map(|x| (&x.scope, "Kostenregels", &x.origin, "Scope")),
        );
        items.extend(
            p.czv
                .iter()
                .map(|x| (&x.scope, "CZV-capaciteit", &x.origin, "Scope")),
        );
        for (scope, sheet, origin, field) in items {
            let Some(code) = scope.gemeente() else {
                continue;
            };
            if p.gemeente(code).is_some() {
                continue;
            }
            let name = crate::cbs::gemeente(code)
                .map(|g| format!(" ({})", g.naam))
                .unwrap_or_default();
            self.d.push(
                Diagnostic::error(
                    Code::OnbekendeVerwijzing,
                    format!("De gemeente {code}{name} staat niet op het tabblad Gemeenten."),
                )
                .at(self.cell(sheet, origin, field))
                .maybe_hint(
                    nearest(code, p.gemeenten.iter().map(|g| g.code.as_str()))
                        .map(|n| format!("Bedoelt u {n}? Of voeg de gemeente toe aan Gemeenten.")),
                ),
            );
        }
        for x in &p.kostenregels {
            if let Some(g) = x.scope.gemeente().and_then(|c| p.gemeente(c))
                && !g.deelnemend()
            {
                self.d.push(
                    Diagnostic::warning(
                        Code::OnbekendeVerwijzing,
                        format!(
                            "Kostenregel {} hoort bij {}, die niet deelneemt.",
                            x.id, g.naam
                        ),
                    )
                    .at(self.cell("Kostenregels", &x.origin, "Scope"))
                    .for_gemeente(&g.code),
                );
            }
        }
    }

    fn organisaties(&mut self) {
        for o in &self.p.organisaties {
            if o.soort == Some(OrgType::Gemeente) {
                match &o.cbs_code {
                    None => self.d.push(
                        Diagnostic::error(
                            Code::VerplichtLeeg,
                            format!(
                                "Organisatie {} is een gemeente, maar de CBS-code ontbreekt.",
                                o.id
                            ),
                        )
                        .at(self.cell(
                            "Organisaties",
                            &o.origin,
                            "CBS-code",
                        )),
                    ),
                    Some(c) if crate::cbs::gemeente(c).is_none() => self.d.push(
                        Diagnostic::error(
                            Code::OnbekendeGemeente,
                            format!("{c} staat niet in de CBS-lijst van gemeenten."),
                        )
                        .at(self.cell(
                            "Organisaties",
                            &o.origin,
                            "CBS-code",
                        )),
                    ),
                    Some(_) => {}
                }
            }
        }
    }

    fn dates(&mut self) {
        for x in &self.p.rollen {
            if let (Some(s), Some(e)) = (x.start, x.einde)
                && s > e
            {
                self.d.push(
                    Diagnostic::error(
                        Code::DatumVolgorde,
                        format!(
                            "De einddatum {} ligt vóór de startdatum {}.",
                            e.format("%d-%m-%Y"),
                            s.format("%d-%m-%Y")
                        ),
                    )
                    .at(self.cell("Rollen", &x.origin, "Einde")),
                );
            }
        }
        let r = &self.p.regio;
        let f = &self.p.parameters;
        if !r.versie.is_empty() && !f.versie.is_empty() && r.versie != f.versie {
            self.d.push(
                Diagnostic::warning(
                    Code::WerkboekenWijkenAf,
                    format!(
                        "De versie van financien ({}) verschilt van die van stakeholders ({}).",
                        f.versie, r.versie
                    ),
                )
                .maybe_hint(Some(
                    "De documenten tonen beide versies; maak ze gelijk als ze bij elkaar horen."
                        .into(),
                ))
                .at(f
                    .cells
                    .get("Versie")
                    .cloned()
                    .unwrap_or_else(|| f.origin.location())),
            );
        }
    }

    fn teksten(&mut self) {
        for t in &self.p.teksten {
            let Some(doc) = t.document else { continue };
            let keys = schema::sections(doc);
            let key = crate::ingest::normalize(&t.sectie);
            if t.sectie.is_empty() || keys.iter().any(|k| crate::ingest::normalize(k) == key) {
                continue;
            }
            let label = match doc {
                DocumentSoort::Overeenkomst => "de overeenkomst",
                DocumentSoort::Opdracht => "de opdrachtbeschrijving",
                DocumentSoort::Plan => "het plan",
                DocumentSoort::Begroting => "de begroting",
            };
            self.d.push(
                Diagnostic::warning(
                    Code::OnbekendeSectie,
                    format!(
                        "De sectie ‘{}’ bestaat niet in {label}; de tekst wordt niet gebruikt.",
                        t.sectie
                    ),
                )
                .at(self.cell("Teksten", &t.origin, "Sectie"))
                .hint(match nearest(&t.sectie, keys.iter().copied()) {
                    Some(n) => format!("Bedoelt u ‘{n}’?"),
                    None => format!("Bekende secties: {}.", keys.join(", ")),
                }),
            );
        }
    }

    fn sleutels(&mut self) {
        let p = self.p;
        let standaard: Vec<_> = p.sleutels.iter().filter(|s| s.standaard).collect();
        if standaard.len() > 1 {
            let ids: Vec<&str> = standaard.iter().map(|s| s.id.as_str()).collect();
            self.d.push(
                Diagnostic::error(
                    Code::OngeldigeVerdeelsleutel,
                    format!(
                        "Er zijn {} standaardsleutels ({}); er mag er hoogstens één zijn.",
                        ids.len(),
                        ids.join(", ")
                    ),
                )
                .at(self.cell(
                    "Verdeelsleutels",
                    &standaard[1].origin,
                    "Standaard",
                )),
            );
        }
        let deelnemers: Vec<&str> = p.deelnemers().map(|g| g.code.as_str()).collect();
        // Which keys are actually used by regional lines.
        let mut used: BTreeMap<String, &Origin> = BTreeMap::new();
        for k in p.kostenregels.iter().filter(|k| k.scope == Scope::Regio) {
            match &k.verdeelsleutel {
                Some(id) => {
                    used.entry(id.to_lowercase()).or_insert(&k.origin);
                }
                None => match standaard.first() {
                    Some(s) => {
                        used.entry(s.id.to_lowercase()).or_insert(&k.origin);
                    }
                    None => self.d.push(
                        Diagnostic::error(
                            Code::OngeldigeVerdeelsleutel,
                            format!("Regionale kostenregel {} heeft geen verdeelsleutel en er is geen standaardsleutel.", k.id),
                        )
                        .at(self.cell("Kostenregels", &k.origin, "Verdeelsleutel"))
                        .hint("Vul een Sleutel-ID in, of markeer op het tabblad Verdeelsleutels één sleutel als Standaard."),
                    ),
                },
            }
        }
        for s in &p.sleutels {
            match s.methode {
                Some(Methode::Vast) => {
                    let total: Decimal = s.aandelen.iter().map(|a| a.aandeel).sum();
                    if total != Decimal::ONE_HUNDRED {
                        self.d.push(
                            Diagnostic::error(
                                Code::OngeldigeVerdeelsleutel,
                                format!(
                                    "De aandelen van vaste sleutel {} tellen op tot {} %, niet tot 100 %.",
                                    s.id,
                                    crate::nl::getal(total)
                                ),
                            )
                            .at(self.cell("Verdeelsleutels", &s.origin, "Aandeel"))
                            .hint("Pas de aandelen aan zodat ze samen precies 100 zijn."),
                        );
                    }
                    let mut seen: HashMap<&str, &Origin> = HashMap::new();
                    for a in &s.aandelen {
                        if seen.insert(a.gemeente.as_str(), &a.origin).is_some() {
                            self.d.push(
                                Diagnostic::error(
                                    Code::OngeldigeVerdeelsleutel,
                                    format!(
                                        "Vaste sleutel {} noemt {} twee keer.",
                                        s.id, a.gemeente
                                    ),
                                )
                                .at(self.cell(
                                    "Verdeelsleutels",
                                    &a.origin,
                                    "CBS-code",
                                )),
                            );
                        } else if !deelnemers.contains(&a.gemeente.as_str()) {
                            self.d.push(
                                Diagnostic::error(
                                    Code::OngeldigeVerdeelsleutel,
                                    format!("Vaste sleutel {} geeft een aandeel aan {}, die geen deelnemende gemeente is.", s.id, a.gemeente),
                                )
                                .at(self.cell("Verdeelsleutels", &a.origin, "CBS-code"))
                                .hint("Alleen deelnemende gemeenten dragen bij; zet de gemeente op deelnemend of haal de rij weg."),
                            );
                        }
                    }
                    for g in &deelnemers {
                        if !s.aandelen.iter().any(|a| a.gemeente == *g) {
                            self.d.push(
                                Diagnostic::error(
                                    Code::OngeldigeVerdeelsleutel,
                                    format!("Vaste sleutel {} heeft geen aandeel voor deelnemende gemeente {g}.", s.id),
                                )
                                .at(self.cell("Verdeelsleutels", &s.origin, "Sleutel-ID"))
                                .hint("Voeg een rij met deze sleutel, de CBS-code en het aandeel toe.")
                                .for_gemeente(g),
                            );
                        }
                    }
                }
                Some(Methode::Inwoners) if used.contains_key(&s.id.to_lowercase()) => {
                    for g in p.deelnemers().filter(|g| g.inwoners.is_none()) {
                        self.d.push(
                            Diagnostic::error(
                                Code::OngeldigeVerdeelsleutel,
                                format!(
                                    "Sleutel {} verdeelt naar inwoners, maar voor {} is het aantal inwoners onbekend.",
                                    s.id, g.naam
                                ),
                            )
                            .at(self.cell("Gemeenten", &g.origin, "Inwoners"))
                            .hint("Vul het aantal inwoners in; het staat niet in het CBS-bestand van regiodocs.")
                            .for_gemeente(&g.code),
                        );
                    }
                }
                Some(Methode::Jeugdigen) if used.contains_key(&s.id.to_lowercase()) => {
                    for g in p.deelnemers().filter(|g| g.jeugdigen.is_none()) {
                        self.d.push(
                            Diagnostic::error(
                                Code::OngeldigeVerdeelsleutel,
                                format!(
                                    "Sleutel {} verdeelt naar jeugdigen, maar voor {} is het aantal jeugdigen 0-17 niet ingevuld.",
                                    s.id, g.naam
                                ),
                            )
                            .at(self.cell("Gemeenten", &g.origin, "Jeugdigen 0-17"))
                            .hint("Vul het aantal jeugdigen in; het CBS-bestand in regiodocs heeft alleen 0-14.")
                            .for_gemeente(&g.code),
                        );
                    }
                }
                _ => {}
            }
            if s.methode == Some(Methode::Vast) {
                for a in s.aandelen.iter().filter(|a| a.aandeel.is_sign_negative()) {
                    self.d.push(
                        Diagnostic::error(
                            Code::OngeldigeVerdeelsleutel,
                            format!(
                                "Vaste sleutel {} geeft {} een negatief aandeel.",
                                s.id, a.gemeente
                            ),
                        )
                        .at(self.cell("Verdeelsleutels", &a.origin, "Aandeel"))
                        .hint("Een aandeel is 0 of meer; samen precies 100.")
                        .for_gemeente(&a.gemeente),
                    );
                }
            }
            // A key in use whose weights are all zero cannot share anything: the regional
            // lines would not reach the municipalities.
            if used.contains_key(&s.id.to_lowercase())
                && !deelnemers.is_empty()
                && let Some(w) = crate::budget::weights(p, Some(&s.id))
                && w.iter().all(|(_, w, _)| w.is_zero())
            {
                self.d.push(
                    Diagnostic::error(
                        Code::OngeldigeVerdeelsleutel,
                        format!(
                            "Sleutel {} geeft elke deelnemende gemeente gewicht 0; de regionale kosten kunnen niet worden verdeeld.",
                            s.id
                        ),
                    )
                    .at(self.cell("Verdeelsleutels", &s.origin, "Methode"))
                    .hint("Vul de aantallen of aandelen in waarnaar deze sleutel verdeelt, of kies een andere methode."),
                );
            }
        }
    }

    fn coverage(&mut self, budget: &Budget) {
        let p = self.p;
        for line in &budget.regels {
            let k = &p.kostenregels[line.regel];
            for y in &line.te_groot {
                self.d.push(
                    Diagnostic::error(
                        Code::OngeldigBedrag,
                        format!(
                            "Het bedrag van kostenregel {} in {y} is te groot om te berekenen.",
                            k.id
                        ),
                    )
                    .at(self.cell("Kostenregels", &k.origin, "Tarief")),
                );
            }
            // A regional line with a usable key that still could not be shared (amounts
            // beyond exact integer arithmetic): its cost would reach no municipality.
            if k.scope == Scope::Regio
                && line.verdeling.is_none()
                && line.te_groot.is_empty()
                && p.deelnemers().next().is_some()
                && crate::budget::weights(p, k.verdeelsleutel.as_deref())
                    .is_some_and(|w| w.iter().any(|(_, w, _)| !w.is_zero()))
            {
                self.d.push(
                    Diagnostic::error(
                        Code::OngeldigeVerdeelsleutel,
                        format!(
                            "Kostenregel {} kan niet over de gemeenten worden verdeeld; de bedragen zijn te groot.",
                            k.id
                        ),
                    )
                    .at(self.cell("Kostenregels", &k.origin, "Tarief")),
                );
            }
            let broken =
                k.onvolledig || line.dekking.iter().any(|c| p.dekking[c.dekking].onvolledig);
            if broken {
                continue;
            }
            let over: Vec<String> = line
                .open
                .iter()
                .filter(|(_, o)| o.is_sign_negative() && !o.is_zero())
                .map(|(y, o)| format!("{y}: {} te veel", crate::nl::euro(-*o)))
                .collect();
            if !over.is_empty() {
                let loc = line
                    .dekking
                    .last()
                    .map(|c| p.dekking[c.dekking].origin.location())
                    .unwrap_or_else(|| k.origin.location());
                self.d.push(
                    Diagnostic::error(
                        Code::Overdekking,
                        format!(
                            "Kostenregel {} ({}) is voor meer dan 100 % gedekt: {}.",
                            k.id,
                            k.kostenpost,
                            over.join("; ")
                        ),
                    )
                    .at(loc)
                    .hint("Verlaag een percentage of bedrag op het tabblad Dekking."),
                );
            }
            if k.in_natura {
                continue;
            }
            let gaps: Vec<String> = line
                .open
                .iter()
                .filter(|(_, o)| o.is_sign_positive() && !o.is_zero())
                .map(|(y, o)| format!("{y}: {}", crate::nl::euro(*o)))
                .collect();
            if !gaps.is_empty() {
                let mut d = Diagnostic::warning(
                    Code::R19Dekkingsgat,
                    format!(
                        "Kostenregel {} ({}) is niet volledig gedekt; tekort {}.",
                        k.id,
                        k.kostenpost,
                        gaps.join("; ")
                    ),
                )
                .at(self.cell("Kostenregels", &k.origin, "Regel-ID"))
                .hint(
                    "Voeg dekking toe op het tabblad Dekking; het tekort staat in elke begroting.",
                );
                if let Some(g) = k.scope.gemeente() {
                    d = d.for_gemeente(g);
                }
                self.d.push(d);
            }
        }
    }

    /// R01: the six standard preconditions, per participating municipality (a regional row
    /// counts for every municipality); see the module documentation for when an unmet one
    /// refuses a final document.
    fn r01_randvoorwaarden(&mut self) {
        let p = self.p;
        let definitief = p.regio.status == Status::Definitief;
        for rv in &p.randvoorwaarden {
            if rv.voldaan {
                continue;
            }
            let scope = match &rv.scope {
                Scope::Regio => "de regio".to_string(),
                Scope::Gemeente(c) => p
                    .gemeente(c)
                    .map(|g| g.naam.clone())
                    .unwrap_or_else(|| c.clone()),
            };
            let open = format!(
                "Aan de randvoorwaarde ‘{}’ is voor {scope} nog niet voldaan",
                rv.randvoorwaarde
            );
            let eigenaar = rv
                .eigenaar
                .as_deref()
                .and_then(|id| p.persoon(id))
                .map(|x| x.naam.as_str());
            let mut d = match (eigenaar, rv.gereed_op) {
                (Some(naam), Some(datum)) => {
                    let verstreken = p.regio.versiedatum.is_some_and(|v| datum < v);
                    if verstreken {
                        Diagnostic::warning(
                            Code::R01Randvoorwaarde,
                            format!(
                                "{open}, terwijl dat uiterlijk op {} geregeld zou zijn ({naam}).",
                                crate::nl::datum(datum)
                            ),
                        )
                        .at(self.cell("Randvoorwaarden", &rv.origin, "Gereed op"))
                        .hint("Zet Voldaan op ja als de voorwaarde inmiddels geregeld is, of spreek een nieuwe datum af.")
                    } else {
                        Diagnostic::warning(
                            Code::R01Randvoorwaarde,
                            format!(
                                "{open}; {naam} regelt dat uiterlijk op {}. De stukken noemen de voorwaarde als nog te regelen.",
                                crate::nl::datum(datum)
                            ),
                        )
                        .at(self.cell("Randvoorwaarden", &rv.origin, "Voldaan"))
                    }
                }
                _ => {
                    let msg =
                        format!("{open}, en er is niet vastgelegd wie die regelt en wanneer.");
                    let hint = "Vul Eigenaar (Persoon-ID) en Gereed op (datum) in: dan noemen de stukken de voorwaarde als nog te regelen, met wie en wanneer.";
                    if definitief {
                        Diagnostic::error(Code::R01Randvoorwaarde, msg).hint(format!(
                            "{hint} Zonder eigenaar en datum kan een definitieve versie van de stukken van {scope} niet worden gemaakt; of zet Status op concept."
                        ))
                    } else {
                        Diagnostic::warning(Code::R01Randvoorwaarde, msg).hint(hint)
                    }
                    .at(self.cell("Randvoorwaarden", &rv.origin, "Voldaan"))
                }
            };
            if let Some(g) = rv.scope.gemeente() {
                d = d.for_gemeente(g).local_only();
            }
            self.d.push(d);
        }
        let recorded = |scope: &Scope, name: &str| {
            let key = crate::ingest::normalize(name);
            p.randvoorwaarden.iter().any(|r| {
                (r.scope == *scope || r.scope == Scope::Regio)
                    && crate::ingest::normalize(&r.randvoorwaarde) == key
            })
        };
        for g in p.deelnemers() {
            let scope = Scope::Gemeente(g.code.clone());
            let missing: Vec<&str> = RANDVOORWAARDEN
                .iter()
                .copied()
                .filter(|rv| !recorded(&scope, rv))
                .collect();
            if !missing.is_empty() {
                self.d.push(
                    Diagnostic::warning(
                        Code::R01Randvoorwaarde,
                        format!("Voor {} is niet vastgelegd of voldaan is aan: {}.", g.naam, missing.join(", ")),
                    )
                    .at(Location::sheet(&p.stakeholders_file, "Randvoorwaarden"))
                    .hint(format!("Voeg per voorwaarde een rij toe met Scope {} (of regio) en Voldaan ja of nee.", g.code))
                    .for_gemeente(&g.code),
                );
            }
        }
    }

    fn r03_r04_partijen(&mut self) {
        let p = self.p;
        for x in &p.partijen {
            let org = p.organisatie(&x.org);
            let org_name = org.map(|o| o.naam.as_str()).unwrap_or(x.org.as_str());
            if x.rol.is_empty() {
                self.d.push(
                    Diagnostic::error(
                        Code::R04Partij,
                        format!("Partij {org_name} heeft geen rol in de aanpak."),
                    )
                    .at(self.cell("Partijen", &x.origin, "Rol in de aanpak"))
                    .hint("Beschrijf in een zin welke rol deze partij heeft."),
                );
            }
            if x.verantwoordelijkheden.is_empty() {
                self.d.push(
                    Diagnostic::error(
                        Code::R04Partij,
                        format!("Partij {org_name} heeft geen verantwoordelijkheden."),
                    )
                    .at(self.cell("Partijen", &x.origin, "Verantwoordelijkheden"))
                    .hint(
                        "Zet elke verantwoordelijkheid op een eigen regel (Alt+Enter in de cel).",
                    ),
                );
            }
            if x.bijdrage.is_none() {
                self.d.push(
                    Diagnostic::warning(Code::R04Partij, format!("Partij {org_name} heeft geen bijdrage ingevuld."))
                        .at(self.cell("Partijen", &x.origin, "Bijdrage"))
                        .hint("Beschrijf wat de partij inbrengt (uren, expertise, middelen); geld staat in financien."),
                );
            }
            let loc = self.cell("Partijen", &x.origin, "Ondertekenaar");
            if x.ondertekenaars.is_empty() {
                self.d.push(
                    Diagnostic::error(
                        Code::R03Ondertekenaar,
                        format!("Partij {org_name} heeft geen ondertekenaar."),
                    )
                    .at(loc.clone())
                    .hint("Vul de Persoon-ID in van iemand die voor deze organisatie mag tekenen."),
                );
            }
            for id in &x.ondertekenaars {
                if !self.reference(Entity::Persoon, id, loc.clone()) {
                    continue;
                }
                let Some(person) = p.persoon(id) else {
                    continue;
                };
                if !person.org.eq_ignore_ascii_case(&x.org) {
                    let other = p
                        .organisatie(&person.org)
                        .map(|o| o.naam.as_str())
                        .unwrap_or(person.org.as_str());
                    self.d.push(
                        Diagnostic::error(
                            Code::R03Ondertekenaar,
                            format!(
                                "{} ({id}) werkt voor {other} en kan niet tekenen voor {org_name}.",
                                person.naam
                            ),
                        )
                        .at(loc.clone())
                        .hint("Kies een tekenbevoegde persoon van de organisatie zelf."),
                    );
                } else if !person.tekenbevoegd {
                    self.d.push(
                        Diagnostic::error(
                            Code::R03Ondertekenaar,
                            format!("{} ({id}) is niet tekenbevoegd voor {org_name}.", person.naam),
                        )
                        .at(loc.clone())
                        .hint(format!(
                            "Zet Tekenbevoegd op ja bij {id} op het tabblad Personen (met de grondslag), of kies een andere ondertekenaar."
                        )),
                    );
                } else if org.is_some_and(|o| o.soort == Some(OrgType::Gemeente))
                    && person.grondslag.is_none()
                    && !person.is_burgemeester()
                {
                    self.d.push(
                        Diagnostic::warning(
                            Code::R03Ondertekenaar,
                            format!(
                                "{} ({id}) tekent voor {org_name}, maar de grondslag van die bevoegdheid is niet vastgelegd; de overeenkomst gaat uit van een machtiging door de burgemeester (artikel 171, tweede lid, Gemeentewet).",
                                person.naam
                            ),
                        )
                        .at(self.cell("Personen", &person.origin, "Grondslag bevoegdheid"))
                        .hint("De burgemeester vertegenwoordigt de gemeente; een wethouder of ambtenaar tekent op grond van een machtiging of mandaat. Noem die bij Grondslag bevoegdheid, bijvoorbeeld ‘Machtiging van de burgemeester van 3 november 2026’."),
                    );
                }
            }
            self.collegebesluit(x, org_name);
        }
    }

    /// R03: a municipality that is a party acts on a decision of its college; the agreement
    /// names that decision's date. Missing: a warning, an error for a final version.
    fn collegebesluit(&mut self, x: &crate::model::Partij, org_name: &str) {
        let p = self.p;
        let is_gemeente = p
            .organisatie(&x.org)
            .is_some_and(|o| o.soort == Some(OrgType::Gemeente));
        if !is_gemeente || x.besluitdatum.is_some() {
            return;
        }
        let msg = format!(
            "Bij partij {org_name} ontbreekt de datum van het collegebesluit waarop de ondertekenaar handelt."
        );
        let hint = "Vul bij Besluitdatum de datum in van het besluit van het college van burgemeester en wethouders om deze overeenkomst aan te gaan; de overeenkomst noemt dat besluit bij de vertegenwoordiging.";
        let mut d = if p.regio.status == Status::Definitief {
            Diagnostic::error(Code::R03Ondertekenaar, msg)
        } else {
            Diagnostic::warning(Code::R03Ondertekenaar, msg)
        }
        .at(self.cell("Partijen", &x.origin, "Besluitdatum"))
        .hint(hint);
        if let Some(g) = x.overeenkomst.gemeente() {
            d = d.for_gemeente(g).local_only();
        }
        self.d.push(d);
    }

    /// The scopes that have an agreement (parties in `Partijen`), regional first.
    fn agreement_scopes(&self) -> Vec<Scope> {
        let mut scopes: Vec<Scope> = Vec::new();
        for x in &self.p.partijen {
            if !scopes.contains(&x.overeenkomst) {
                scopes.push(x.overeenkomst.clone());
            }
        }
        scopes.sort();
        scopes
    }

    /// R05: before a final version, each party's text is agreed with that party.
    fn r05_afgestemd(&mut self) {
        let p = self.p;
        if p.regio.status != Status::Definitief {
            return;
        }
        for x in p.partijen.iter().filter(|x| x.afgestemd_op.is_none()) {
            let org = p
                .organisatie(&x.org)
                .map(|o| o.naam.as_str())
                .unwrap_or(x.org.as_str());
            let mut d = Diagnostic::warning(
                Code::R05Afgestemd,
                format!("De rol, verantwoordelijkheden en bijdrage van {org} zijn niet als afgestemd met {org} vastgelegd."),
            )
            .at(self.cell("Partijen", &x.origin, "Afgestemd op"))
            .hint("Stem de tekst over deze partij af met de partij zelf en vul bij Afgestemd op de datum in.");
            if let Some(g) = x.overeenkomst.gemeente() {
                d = d.for_gemeente(g).local_only();
            }
            self.d.push(d);
        }
    }

    /// R06: an agreement is signed only after a go on its plan (a go/no-go milestone with
    /// outcome go, in the agreement's scope or the region's, dated no later than the signing).
    fn r06_go_besluit(&mut self) {
        let p = self.p;
        for scope in self.agreement_scopes() {
            let relevant =
                |m: &&crate::model::Mijlpaal| m.scope == scope || m.scope == Scope::Regio;
            let gos: Vec<_> = p
                .mijlpalen
                .iter()
                .filter(relevant)
                .filter(|m| m.soort == Some(MijlpaalSoort::GoNoGo) && m.uitkomst == Uitkomst::Go)
                .collect();
            let welke = match scope.gemeente().and_then(|c| p.gemeente(c)) {
                Some(g) => format!("de lokale samenwerkingsovereenkomst van {}", g.naam),
                None => "de regionale samenwerkingsovereenkomst".to_string(),
            };
            let tekening = p
                .mijlpalen
                .iter()
                .filter(|m| m.scope == scope && m.soort == Some(MijlpaalSoort::Ondertekening))
                .filter(|m| m.datum.is_some())
                .min_by_key(|m| m.datum);
            let mut d = if gos.is_empty() {
                Diagnostic::warning(
                    Code::R06GoBesluit,
                    format!("Er is geen go-besluit over het plan vastgelegd vóór {welke}."),
                )
                .at(Location::sheet(&p.stakeholders_file, "Mijlpalen"))
                .hint("Een samenwerkingsovereenkomst wordt getekend na een positief besluit over het plan. Leg dat besluit vast als mijlpaal met Soort go/no-go en Uitkomst go.")
            } else if let Some(t) = tekening
                && let Some(eerste) = gos.iter().filter_map(|m| m.datum).min()
                && t.datum.is_some_and(|d| d < eerste)
            {
                Diagnostic::warning(
                    Code::R06GoBesluit,
                    format!(
                        "De ondertekening van {welke} ({}) ligt vóór het go-besluit ({}).",
                        t.datum.map(crate::nl::datum).unwrap_or_default(),
                        crate::nl::datum(eerste)
                    ),
                )
                .at(self.cell("Mijlpalen", &t.origin, "Datum"))
                .hint("Plan de ondertekening na het go-besluit over het plan.")
            } else {
                continue;
            };
            if let Some(g) = scope.gemeente() {
                d = d.for_gemeente(g).local_only();
            }
            self.d.push(d);
        }
    }

    fn r08_go_no_go(&mut self) {
        let p = self.p;
        let has = p
            .mijlpalen
            .iter()
            .any(|m| m.soort == Some(MijlpaalSoort::GoNoGo) && m.scope == Scope::Regio);
        if !has {
            self.d.push(
                Diagnostic::error(
                    Code::R08GoNoGo,
                    "De opdracht van de regiocoördinator heeft geen go/no-go-moment.",
                )
                .at(Location::sheet(&p.stakeholders_file, "Mijlpalen"))
                .hint("Voeg op het tabblad Mijlpalen minstens één mijlpaal toe met Soort go/no-go en Scope regio, met criteria."),
            );
        }
        for m in &p.mijlpalen {
            if m.soort == Some(MijlpaalSoort::GoNoGo) && m.criteria.is_empty() {
                self.d.push(
                    Diagnostic::warning(
                        Code::R08GoNoGo,
                        format!(
                            "Het go/no-go-moment ‘{}’ heeft geen criteria.",
                            m.omschrijving
                        ),
                    )
                    .at(self.cell("Mijlpalen", &m.origin, "Criteria"))
                    .hint("Schrijf op wat moet gelden voor een go, één criterium per regel."),
                );
            }
        }
    }

    fn r09_uren(&mut self) {
        let p = self.p;
        let n = p.deelnemers().count();
        let banden = uren_voorstel(n);
        let Some(minimum) = banden.iter().map(|b| b.minimum).min() else {
            return;
        };
        let voorstel = banden
            .iter()
            .map(|b| format!("{} per week ({})", b.uren, b.gemeenten))
            .collect::<Vec<_>>();
        let voorstel = crate::nl::opsomming(&voorstel);
        let profiel = UREN_VOORSTEL
            .iter()
            .map(|b| format!("{}: {}", b.gemeenten, b.uren))
            .collect::<Vec<_>>()
            .join("; ");
        let rc: Vec<_> = p
            .rollen
            .iter()
            .filter(|r| r.rol == Some(Rol::Regiocoordinator) && r.scope == Scope::Regio)
            .collect();
        if rc.is_empty() {
            self.d.push(
                Diagnostic::warning(Code::R09Uren, "Er is geen regiocoördinator vastgelegd.")
                    .at(Location::sheet(&p.stakeholders_file, "Rollen"))
                    .hint(format!("Voeg op het tabblad Rollen een regiocoördinator toe met Scope regio. De profielschets stelt bij {n} deelnemende gemeenten {voorstel} voor.")),
            );
            return;
        }
        let uren: Decimal = rc.iter().filter_map(|r| r.uren_per_week).sum();
        if uren < Decimal::from(minimum) {
            self.d.push(
                Diagnostic::warning(
                    Code::R09Uren,
                    format!(
                        "De regiocoördinator heeft {} uur per week; de profielschets stelt bij {n} deelnemende gemeenten {voorstel} voor.",
                        crate::nl::getal(uren)
                    ),
                )
                .at(self.cell("Rollen", &rc[0].origin, "Uren per week"))
                .hint(format!("Voorstel uren uit de profielschets regionale coördinator: {profiel}. Het is een voorstel, geen norm: leg vast waarom minder uren volstaan, of verhoog de uren.")),
            );
        }
    }

    /// R13: every role has a level, a coordinating role has one owner per scope and level,
    /// and a person with several roles has the hours of each.
    fn r13_eigenaren(&mut self) {
        let p = self.p;
        let mut seen: HashMap<(Rol, &Scope, Option<crate::vocab::Niveau>), &crate::model::Rol> =
            HashMap::new();
        for r in &p.rollen {
            let Some(rol) = r.rol else { continue };
            let waar = match &r.scope {
                Scope::Regio => "de regio".to_string(),
                Scope::Gemeente(c) => p.gemeente(c).map_or(c.clone(), |g| g.naam.clone()),
            };
            let naam = |r: &crate::model::Rol| {
                r.persoon
                    .as_deref()
                    .and_then(|id| p.persoon(id))
                    .map_or("een vacature".to_string(), |x| x.naam.clone())
            };
            if r.niveau.is_none() {
                self.d.push(
                    Diagnostic::warning(
                        Code::R13Eigenaar,
                        format!("Bij de rol {rol} voor {waar} ({}) is geen niveau vastgelegd.", naam(r)),
                    )
                    .at(self.cell("Rollen", &r.origin, "Niveau"))
                    .hint("Kies strategisch (bestuurlijk), tactisch (management) of operationeel (uitvoering); het plan laat zien of de aanpak op alle drie de niveaus is belegd."),
                );
            }
            if !coordinating(rol) {
                continue;
            }
            if let Some(first) = seen.insert((rol, &r.scope, r.niveau), r) {
                let niveau = r
                    .niveau
                    .map(|n| format!(" op {n} niveau"))
                    .unwrap_or_default();
                self.d.push(
                    Diagnostic::warning(
                        Code::R13Eigenaar,
                        format!(
                            "De rol {rol} voor {waar}{niveau} heeft twee eigenaren: {} (rij {}) en {}.",
                            naam(first),
                            first.origin.row,
                            naam(r)
                        ),
                    )
                    .at(self.cell("Rollen", &r.origin, "Persoon-ID"))
                    .hint("Elke taak heeft één eigenaar. Verdeel een duobaan over twee niveaus (bijvoorbeeld strategisch en operationeel) of wijs één eigenaar aan."),
                );
            }
        }
        let mut per_persoon: BTreeMap<String, Vec<&crate::model::Rol>> = BTreeMap::new();
        for r in &p.rollen {
            if let Some(id) = &r.persoon {
                per_persoon.entry(id.to_lowercase()).or_default().push(r);
            }
        }
        for rollen in per_persoon.values().filter(|v| v.len() > 1) {
            for r in rollen.iter().filter(|r| r.uren_per_week.is_none()) {
                let naam = r
                    .persoon
                    .as_deref()
                    .and_then(|id| p.persoon(id))
                    .map_or(String::new(), |x| x.naam.clone());
                let rol = r.rol.map(|x| x.label()).unwrap_or("deze rol");
                self.d.push(
                    Diagnostic::warning(
                        Code::R13Eigenaar,
                        format!("{naam} vervult meer dan één rol, maar bij de rol {rol} staan geen uren."),
                    )
                    .at(self.cell("Rollen", &r.origin, "Uren per week"))
                    .hint("Een gecombineerde rol mag; leg per rol de uren vast, zodat duidelijk is welk deel van de tijd bij welke rol hoort."),
                );
            }
        }
    }

    /// R14: every goal has an indicator, a source for it and an owner.
    fn r14_indicatoren(&mut self) {
        let p = self.p;
        for d in &p.doelen {
            for (ontbreekt, veld, wat, hint) in [
                (
                    d.indicator.is_none(),
                    "Indicator",
                    "geen indicator",
                    "Beschrijf waaraan te zien is dat het doel gehaald wordt.",
                ),
                (
                    d.bron.is_none(),
                    "Bron",
                    "geen bron voor de indicator",
                    "Kies de bron: RIVM-indicatorenset, KnGG-monitor, GGD-monitor of eigen.",
                ),
                (
                    d.eigenaar.is_none(),
                    "Eigenaar",
                    "geen eigenaar",
                    "Vul de Persoon-ID in van wie het doel bewaakt.",
                ),
            ] {
                if ontbreekt {
                    let mut diag = Diagnostic::warning(
                        Code::R14Indicator,
                        format!("Het doel ‘{}’ heeft {wat}.", d.doel),
                    )
                    .at(self.cell("Doelen", &d.origin, veld))
                    .hint(hint);
                    if let Some(g) = d.scope.gemeente() {
                        diag = diag.for_gemeente(g).local_only();
                    }
                    self.d.push(diag);
                }
            }
        }
    }

    /// R15: regional monitoring and evaluation has an owner with hours, a work group the
    /// owner takes part in, and a cost line for the owner's role.
    fn r15_monitoring(&mut self) {
        let p = self.p;
        let me: Vec<_> = p
            .rollen
            .iter()
            .filter(|r| r.rol == Some(Rol::MeEigenaar) && r.scope == Scope::Regio)
            .collect();
        if me.is_empty() {
            self.d.push(
                Diagnostic::warning(
                    Code::R15Monitoring,
                    "Er is geen eigenaar van de regionale monitoring en evaluatie vastgelegd.",
                )
                .at(Location::sheet(&p.stakeholders_file, "Rollen"))
                .hint("Voeg op het tabblad Rollen een rol M&E-eigenaar toe met Scope regio en de uren per week die daarvoor nodig zijn."),
            );
            return;
        }
        for r in me
            .iter()
            .filter(|r| r.uren_per_week.is_none_or(|u| u.is_zero()))
        {
            self.d.push(
                Diagnostic::warning(
                    Code::R15Monitoring,
                    "De eigenaar van de monitoring en evaluatie heeft geen uren.",
                )
                .at(self.cell("Rollen", &r.origin, "Uren per week"))
                .hint("Monitoring en evaluatie vragen vanaf de start vaste tijd; vul de uren per week in."),
            );
        }
        let personen: Vec<String> = me
            .iter()
            .filter_map(|r| r.persoon.as_deref().map(str::to_lowercase))
            .collect();
        let werkgroep = p.overleggen.iter().any(|o| {
            o.soort == Some(OverlegSoort::Werkgroep)
                && o.voorzitter
                    .iter()
                    .chain(&o.leden)
                    .any(|id| personen.contains(&id.to_lowercase()))
        });
        if !personen.is_empty() && !werkgroep {
            self.d.push(
                Diagnostic::warning(
                    Code::R15Monitoring,
                    "Er is geen werkgroep monitoring en evaluatie waarin de eigenaar van de monitoring zit.",
                )
                .at(Location::sheet(&p.stakeholders_file, "Overleggen"))
                .hint("Voeg op het tabblad Overleggen een werkgroep toe met de M&E-eigenaar als voorzitter of lid, en iemand met onderzoekservaring."),
            );
        }
        let kosten = p
            .kostenregels
            .iter()
            .any(|k| k.voor_rol() == Some(Rol::MeEigenaar));
        if !kosten {
            self.d.push(
                Diagnostic::warning(
                    Code::R15Monitoring,
                    "De begroting heeft geen kostenregel voor monitoring en evaluatie.",
                )
                .at(Location::sheet(&p.financien_file, "Kostenregels"))
                .hint("Neem de kosten van monitoring en evaluatie op en zet bij die kostenregel Rol op M&E-eigenaar."),
            );
        }
    }

    fn r11_deelname(&mut self) {
        let p = self.p;
        let n = p.deelnemers().count();
        if n < 2 {
            self.d.push(
                Diagnostic::error(
                    Code::R11Deelname,
                    format!("Een regionale samenwerking heeft minstens twee deelnemende gemeenten; er {} er {n}.", if n == 1 { "is" } else { "zijn" }),
                )
                .at(Location::sheet(&p.stakeholders_file, "Gemeenten"))
                .hint("Zet bij Deelname ‘deelnemend’ voor de gemeenten die meedoen."),
            );
        }
    }

    fn r16_soorten(&mut self) {
        let p = self.p;
        let has = |s| p.kostenregels.iter().any(|k| k.soort == Some(s));
        if p.kostenregels.is_empty() {
            return;
        }
        for (s, label) in [
            (KostenSoort::Incidenteel, "incidentele (opstart)kosten"),
            (KostenSoort::Structureel, "structurele (doorlopende) kosten"),
        ] {
            if !has(s) {
                self.d.push(
                    Diagnostic::warning(Code::R16Soort, format!("De begroting bevat geen {label}."))
                        .at(Location::sheet(&p.financien_file, "Kostenregels"))
                        .hint("Een realistische begroting toont zowel incidentele als structurele kosten."),
                );
            }
        }
    }

    /// R17: a budget covers at least two years.
    fn r17_meerjarig(&mut self) {
        let f = &self.p.parameters;
        if f.aantal_jaren == 1 {
            self.d.push(
                Diagnostic::warning(
                    Code::R17Meerjarig,
                    "De begroting beslaat één jaar; de aanpak vraagt een meerjarige begroting.",
                )
                .at(f.cells.get("Aantal jaren").cloned().unwrap_or_else(|| f.origin.location()))
                .hint("Begroot ten minste twee jaar, zodat ook de structurele kosten na de opstart zichtbaar zijn."),
            );
        }
    }

    fn r18_tijdelijk_geld(&mut self) {
        let p = self.p;
        let regels: HashMap<String, &crate::model::Kostenregel> = p
            .kostenregels
            .iter()
            .map(|k| (k.id.to_lowercase(), k))
            .collect();
        let bronnen: HashMap<String, &crate::model::Bron> =
            p.bronnen.iter().map(|b| (b.id.to_lowercase(), b)).collect();
        for d in &p.dekking {
            let (Some(k), Some(b)) = (
                regels.get(&d.regel.to_lowercase()),
                bronnen.get(&d.bron.to_lowercase()),
            ) else {
                continue;
            };
            if k.soort == Some(KostenSoort::Structureel) && b.tijdelijk {
                let msg = format!(
                    "Structurele kosten ({}, {}) worden betaald uit tijdelijk geld ({}).",
                    k.id, k.kostenpost, b.naam
                );
                // In the borging phase the approach must run on regular money (domain R18).
                let mut diag = if p.regio.fase == Some(Fase::Borging) {
                    Diagnostic::error(Code::R18TijdelijkGeld, msg)
                } else {
                    Diagnostic::warning(Code::R18TijdelijkGeld, msg)
                }
                .at(self.cell("Dekking", &d.origin, "Bron-ID"))
                .hint("Als het tijdelijke geld stopt, stopt ook de aanpak: regel voor structurele kosten structurele dekking.");
                if let Some(g) = k.scope.gemeente() {
                    diag = diag.for_gemeente(g);
                }
                self.d.push(diag);
            }
        }
    }

    /// R20 and R21: the capacity plan of the central care providers.
    fn r20_r21_czv(&mut self) {
        let p = self.p;
        let deelnemers: Vec<_> = p.deelnemers().collect();
        if p.czv.is_empty() {
            if !deelnemers.is_empty() {
                self.d.push(
                    Diagnostic::warning(
                        Code::R20CzvCapaciteit,
                        "Er is geen capaciteitsplan voor de centrale zorgverleners.",
                    )
                    .at(Location::workbook(&p.financien_file))
                    .hint("Voeg het tabblad CZV-capaciteit toe (regiodocs init schrijft het) met per gemeente, of voor de regio, de casussen in het eerste jaar, de directe, indirecte en overstijgende uren en het uurtarief."),
                );
            }
            return;
        }
        for c in p.czv.iter().filter(|c| !c.onvolledig) {
            let waar = match &c.scope {
                Scope::Regio => "de regio".to_string(),
                Scope::Gemeente(code) => p.gemeente(code).map_or(code.clone(), |g| g.naam.clone()),
            };
            for (leeg, veld) in [
                (c.casussen.is_none(), "Casussen jaar 1"),
                (c.directe_uren.is_none(), "Directe uren per casus"),
                (c.indirecte_uren.is_none(), "Indirecte uren per casus"),
                (
                    c.overstijgende_uren.is_none(),
                    "Overstijgende uren per week",
                ),
                (c.uurtarief.is_none(), "Uurtarief"),
            ] {
                if leeg {
                    let mut d = Diagnostic::warning(
                        Code::R20CzvCapaciteit,
                        format!("In het capaciteitsplan voor {waar} ontbreekt ‘{veld}’."),
                    )
                    .at(self.cell("CZV-capaciteit", &c.origin, veld))
                    .hint("Het plan rekent de uren en kosten van het eerste jaar uit de casussen, de directe, indirecte en overstijgende uren en het uurtarief.");
                    if let Some(g) = c.scope.gemeente() {
                        d = d.for_gemeente(g).local_only();
                    }
                    self.d.push(d);
                }
            }
            if c.zvw_deel.is_some_and(|z| !z.is_zero()) && !c.functiebeschrijving {
                let mut d = Diagnostic::warning(
                    Code::R21Functiebeschrijving,
                    format!(
                        "Voor {waar} komt {} van de casusgebonden uren ten laste van de Zorgverzekeringswet, maar niet vastgelegd is dat de rol voldoet aan de functionele beschrijving van het Zorginstituut.",
                        crate::nl::procent(c.zvw_deel.unwrap_or_default())
                    ),
                )
                .at(self.cell("CZV-capaciteit", &c.origin, "Functiebeschrijving Zorginstituut"))
                .hint("Vergoeding uit de Zvw vraagt dat de centrale zorgverlener voldoet aan de functionele beschrijving in de duiding van het Zorginstituut. Zet ja zodra dat is nagegaan; tot dan noemt het plan het Zvw-deel onder voorbehoud.");
                if let Some(g) = c.scope.gemeente() {
                    d = d.for_gemeente(g).local_only();
                }
                self.d.push(d);
            }
        }
        let regionaal = p.czv.iter().any(|c| c.scope == Scope::Regio);
        if !regionaal {
            for g in deelnemers {
                if !p
                    .czv
                    .iter()
                    .any(|c| c.scope.gemeente() == Some(g.code.as_str()))
                {
                    self.d.push(
                        Diagnostic::warning(
                            Code::R20CzvCapaciteit,
                            format!("Er is geen capaciteitsplan voor de centrale zorgverleners in {}.", g.naam),
                        )
                        .at(Location::sheet(&p.financien_file, "CZV-capaciteit"))
                        .hint(format!("Voeg op het tabblad CZV-capaciteit een rij toe met Scope {}, of een rij met Scope regio voor de hele regio.", g.code))
                        .for_gemeente(&g.code)
                        .local_only(),
                    );
                }
            }
        }
    }

    /// R24: the decision of each participating municipality on the plan, with its date; a
    /// final plan is adopted only when all have decided (college, and council where needed).
    fn r24_besluiten(&mut self) {
        let p = self.p;
        let definitief = p.regio.status == Status::Definitief;
        for g in p.deelnemers() {
            if g.besluitstatus != Besluitstatus::Geen && g.besluitdatum.is_none() {
                self.d.push(
                    Diagnostic::warning(
                        Code::R24Besluit,
                        format!("{} heeft besloten ({}), maar de datum van het besluit ontbreekt.", g.naam, g.besluitstatus),
                    )
                    .at(self.cell("Gemeenten", &g.origin, "Besluitdatum"))
                    .hint("Vul de datum van het laatste besluit over het plan in; het plan noemt die.")
                    .for_gemeente(&g.code),
                );
            }
            let klaar = match g.besluitstatus {
                Besluitstatus::Geen => false,
                Besluitstatus::College => !g.raadsbesluit_nodig,
                Besluitstatus::CollegeEnRaad => true,
            };
            if definitief && !klaar {
                let nog = if g.besluitstatus == Besluitstatus::College {
                    "de gemeenteraad heeft nog niet besloten"
                } else {
                    "het college heeft nog niet besloten"
                };
                self.d.push(
                    Diagnostic::warning(
                        Code::R24Besluit,
                        format!("{} heeft het plan nog niet vastgesteld: {nog}. Het regionale plan is pas vastgesteld als alle deelnemende gemeenten hebben besloten.", g.naam),
                    )
                    .at(self.cell("Gemeenten", &g.origin, "Besluitstatus"))
                    .hint("Werk Besluitstatus en Besluitdatum bij zodra het besluit is genomen.")
                    .for_gemeente(&g.code),
                );
            }
        }
    }

    /// CZV-capaciteit has one row per scope.
    fn czv_scopes(&mut self) {
        let p = self.p;
        let mut seen: HashMap<&Scope, &Origin> = HashMap::new();
        for c in p.czv.iter().filter(|c| c.scope_gelezen) {
            if let Some(first) = seen.insert(&c.scope, &c.origin) {
                self.d.push(
                    Diagnostic::error(
                        Code::DubbelId,
                        format!(
                            "De scope {} staat twee keer op het tabblad CZV-capaciteit (ook in rij {}).",
                            c.scope.as_str(),
                            first.row
                        ),
                    )
                    .at(self.cell("CZV-capaciteit", &c.origin, "Scope"))
                    .hint("Eén rij per scope: tel de casussen en uren samen in één rij."),
                );
            }
        }
    }

    /// F33: the penvoerder of the regional agreement, and the current phase for the plan.
    fn penvoerder_en_fase(&mut self) {
        let p = self.p;
        let r = &p.regio;
        let regionaal = p.partijen.iter().any(|x| x.overeenkomst == Scope::Regio);
        let loc = |field: &str| {
            r.cells
                .get(field)
                .cloned()
                .unwrap_or_else(|| Location::sheet(&p.stakeholders_file, "Regio"))
        };
        match r.penvoerder_id() {
            None if regionaal => self.d.push(
                Diagnostic::warning(
                    Code::VeldNodig,
                    "Er is geen penvoerder: de regionale overeenkomst kan niet zeggen wie het regionale budget beheert en de gemeenten factureert.",
                )
                .at(loc("Penvoerder"))
                .hint("Vul bij Penvoerder (of Gastorganisatie) de Org-ID in van de partij die het regionale budget beheert."),
            ),
            Some(id)
                if regionaal
                    && p.organisatie(id).is_some()
                    && !p
                        .partijen
                        .iter()
                        .any(|x| x.overeenkomst == Scope::Regio && x.org.eq_ignore_ascii_case(id)) =>
            {
                let field = if r.penvoerder.is_some() { "Penvoerder" } else { "Gastorganisatie" };
                self.d.push(
                    Diagnostic::warning(
                        Code::VeldNodig,
                        format!("De penvoerder {id} is geen partij bij de regionale samenwerkingsovereenkomst."),
                    )
                    .at(loc(field))
                    .hint("De penvoerder beheert het regionale budget namens de partijen en moet daarom zelf partij zijn: voeg een rij toe op het tabblad Partijen, of kies een andere penvoerder."),
                );
            }
            _ => {}
        }
        if r.implementatiefase.is_none() {
            self.d.push(
                Diagnostic::warning(
                    Code::VeldNodig,
                    "De implementatiefase is niet ingevuld; het plan kan de aanpak niet in een van de vier fasen van de handreiking plaatsen.",
                )
                .at(loc("Implementatiefase"))
                .hint("Kies bij Implementatiefase: initiatief en ontwerp, experimenteren en uitvoeren, uitbouwen en monitoren, of verduurzamen en transformeren."),
            );
        }
    }

    fn r25_no_go(&mut self) {
        for m in &self.p.mijlpalen {
            if m.uitkomst == Uitkomst::NoGo && m.motivering.is_none() {
                self.d.push(
                    Diagnostic::error(
                        Code::R25NoGoMotivering,
                        format!("Bij de no-go ‘{}’ ontbreekt de motivering.", m.omschrijving),
                    )
                    .at(self.cell("Mijlpalen", &m.origin, "Motivering"))
                    .hint("Leg vast waarom is besloten niet door te gaan."),
                );
            }
        }
    }
}
