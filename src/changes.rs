//! The change report: what changed in the budget and the agreements between two states of a
//! project.
//!
//! A state is a [`Snapshot`]: the amounts every budget document prints (per cost line and
//! year, totals per year, funding per source, gaps, every participating municipality's share
//! of the regional costs and what it pays itself), exact to the cent, and the parts of the
//! agreements a lawyer reads (cost lines, parties, signatories, roles, milestones,
//! preconditions and the texts of `Teksten`) as named fields. Every build stores its snapshot
//! in the output folder ([`FILE_NAME`], `momentopname.json`) and every archived final version
//! has one too, so the next build compares without reading old workbooks again: those may be
//! gone (a workbook is overwritten where it is edited), and an older workbook read by a newer
//! regiodocs could give other amounts than the ones that were printed. The snapshot holds
//! what was computed and printed then.
//!
//! [`compare`] lists the differences only: amounts whose value changed (an absent amount
//! counts as zero), sorted by the size of the change, largest first; and parts added,
//! removed or changed, field by field, in a fixed order. Nothing changed, nothing listed.
//!
//! ```
//! use regiodocs::changes::{compare, Snapshot};
//! let checked = regiodocs::pipeline::check(std::path::Path::new("inputs/foodvalley"));
//! let (p, b) = (checked.project.unwrap(), checked.budget.unwrap());
//! let old = Snapshot::of(&p, &b);
//! assert!(compare(&old, &Snapshot::of(&p, &b)).is_empty());
//! let mut p2 = p.clone();
//! p2.kostenregels[0].tarief += rust_decimal::Decimal::ONE;
//! let new = Snapshot::of(&p2, &regiodocs::budget::Budget::compute(&p2));
//! let w = compare(&old, &new);
//! assert_eq!(w.onderdelen[0].veld.as_deref(), Some("Tarief"));
//! assert!(w.bedragen.iter().all(|b| b.verschil > rust_decimal::Decimal::ZERO));
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::budget::Budget;
use crate::model::{Project, Scope};
use crate::nl;

/// The file name of a build's snapshot, at the top of the output folder and in every
/// archived version.
pub const FILE_NAME: &str = "momentopname.json";

/// What a change report compares: the amounts and the parts of one state of a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// `Regionaam`.
    pub regio: String,
    /// `Versie` (Regio).
    pub versie: String,
    /// `Versiedatum` as `JJJJ-MM-DD`, empty when missing.
    pub versiedatum: String,
    /// `concept` or `definitief`.
    pub status: String,
    /// The budget years.
    pub jaren: Vec<i32>,
    /// Every amount series, in a fixed order.
    pub bedragen: Vec<Reeks>,
    /// Every part, in sheet order.
    pub onderdelen: Vec<Onderdeel>,
}

/// What an amount series is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BedragSoort {
    /// A cost line's amount (key: `Regel-ID`).
    Kostenregel,
    /// The region's total cost (key empty).
    Totaal,
    /// What one funding source covers (key: `Bron-ID`).
    Financiering,
    /// What is not covered: in total (key empty) or of one cost line (key: `Regel-ID`).
    Tekort,
    /// A participating municipality's gross share of the regional lines (key: CBS code).
    Aandeel,
    /// What a participating municipality pays itself (key: CBS code).
    EigenBijdrage,
}

impl BedragSoort {
    /// The Dutch name, as printed in the report.
    pub fn label(self) -> &'static str {
        match self {
            BedragSoort::Kostenregel => "Kostenregel",
            BedragSoort::Totaal => "Totale kosten",
            BedragSoort::Financiering => "Financiering",
            BedragSoort::Tekort => "Dekkingstekort",
            BedragSoort::Aandeel => "Aandeel in de regionale kosten",
            BedragSoort::EigenBijdrage => "Eigen bijdrage",
        }
    }
}

/// One amount per year of one thing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reeks {
    /// What it is.
    pub soort: BedragSoort,
    /// Its key within its kind (see [`BedragSoort`]).
    pub sleutel: String,
    /// How the report names it, e.g. `K1 Regiocoördinator` or `Ede`.
    pub naam: String,
    /// Amount per year, exact to the cent.
    pub per_jaar: BTreeMap<i32, Decimal>,
}

/// What a part is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnderdeelSoort {
    /// A row of `Kostenregels` (key: `Regel-ID`).
    Kostenregel,
    /// A party to an agreement (key: agreement and `Org-ID`).
    Partij,
    /// A person who signs an agreement (key: agreement and `Persoon-ID`).
    Ondertekenaar,
    /// A role assignment (key: role, scope and its number among equal ones).
    Rol,
    /// A milestone (key: `Mijlpaal-ID`, else its description).
    Mijlpaal,
    /// A precondition (key: scope and text).
    Randvoorwaarde,
    /// A text of `Teksten` (key: document, section and scope).
    Tekst,
}

impl OnderdeelSoort {
    /// The Dutch name, as printed in the report.
    pub fn label(self) -> &'static str {
        match self {
            OnderdeelSoort::Kostenregel => "Kostenregel",
            OnderdeelSoort::Partij => "Partij",
            OnderdeelSoort::Ondertekenaar => "Ondertekenaar",
            OnderdeelSoort::Rol => "Rol",
            OnderdeelSoort::Mijlpaal => "Mijlpaal",
            OnderdeelSoort::Randvoorwaarde => "Randvoorwaarde",
            OnderdeelSoort::Tekst => "Tekst",
        }
    }
}

/// One part with its fields as printed (amounts and dates in Dutch notation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Onderdeel {
    /// What it is.
    pub soort: OnderdeelSoort,
    /// Its key within its kind.
    pub sleutel: String,
    /// How the report names it.
    pub naam: String,
    /// Field name and value, in a fixed order.
    pub velden: Vec<(String, String)>,
}

/// One amount that changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BedragWijziging {
    /// What it is.
    pub soort: BedragSoort,
    /// Its key.
    pub sleutel: String,
    /// Its name.
    pub naam: String,
    /// The year.
    pub jaar: i32,
    /// The old amount (`None`: there was none).
    pub oud: Option<Decimal>,
    /// The new amount (`None`: there is none any more).
    pub nieuw: Option<Decimal>,
    /// New minus old (a missing amount counts as zero).
    pub verschil: Decimal,
}

/// How a part changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Aard {
    /// The part is new.
    Toegevoegd,
    /// The part is gone.
    Verwijderd,
    /// A field of the part has another value.
    Gewijzigd,
}

impl Aard {
    /// The Dutch word.
    pub fn label(self) -> &'static str {
        match self {
            Aard::Toegevoegd => "toegevoegd",
            Aard::Verwijderd => "verwijderd",
            Aard::Gewijzigd => "gewijzigd",
        }
    }
}

/// One part that was added or removed, or one field of a part that changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OnderdeelWijziging {
    /// What it is.
    pub soort: OnderdeelSoort,
    /// Its key.
    pub sleutel: String,
    /// Its name.
    pub naam: String,
    /// Added, removed or changed.
    pub aard: Aard,
    /// The field that changed (only for [`Aard::Gewijzigd`]).
    pub veld: Option<String>,
    /// The old value, or for a removed part its fields.
    pub oud: Option<String>,
    /// The new value, or for an added part its fields.
    pub nieuw: Option<String>,
}

/// The differences between two snapshots.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Wijzigingen {
    /// Changed amounts, the largest change first.
    pub bedragen: Vec<BedragWijziging>,
    /// Parts added, removed or changed, by kind and key.
    pub onderdelen: Vec<OnderdeelWijziging>,
}

/// What a state is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The previous build in the same output folder.
    VorigeBuild,
    /// The last archived final version.
    Definitief,
    /// Another project folder or archived version (`regiodocs verschil`).
    Map,
}

/// A comparison as reported: with what, from which version to which, and the differences.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Vergelijking {
    /// What kind of state the new one is compared with.
    pub basis: Basis,
    /// The same in Dutch, for people: `de vorige build`, `definitieve versie 1.0`, or the
    /// folder.
    pub met: String,
    /// The version of the old state.
    pub oude_versie: String,
    /// The version of the new state.
    pub nieuwe_versie: String,
    /// The differences.
    #[serde(flatten)]
    pub wijzigingen: Wijzigingen,
}

impl Snapshot {
    /// The snapshot of a project and its computed budget.
    pub fn of(p: &Project, b: &Budget) -> Snapshot {
        let mut bedragen = Vec::new();
        let mut add = |soort, sleutel: &str, naam: String, per_jaar: &BTreeMap<i32, Decimal>| {
            bedragen.push(Reeks {
                soort,
                sleutel: sleutel.to_string(),
                naam,
                per_jaar: per_jaar.clone(),
            });
        };
        add(BedragSoort::Totaal, "", "Totaal".into(), &b.regio.per_jaar);
        add(BedragSoort::Tekort, "", "Totaal".into(), &b.regio.tekort);
        for line in &b.regels {
            let Some(k) = p.kostenregels.get(line.regel) else {
                continue;
            };
            let naam = format!("{} {}", k.id, k.kostenpost);
            add(
                BedragSoort::Kostenregel,
                &k.id,
                naam.clone(),
                &line.per_jaar,
            );
            if !k.in_natura {
                let tekort = b.jaren.iter().map(|&y| (y, line.tekort(y))).collect();
                add(BedragSoort::Tekort, &k.id, naam, &tekort);
            }
        }
        for (id, per_jaar) in &b.regio.per_bron {
            let naam = match p.bron(id) {
                Some(bron) => format!("{id} {}", bron.naam),
                None => id.clone(),
            };
            add(BedragSoort::Financiering, id, naam, per_jaar);
        }
        for g in &b.gemeenten {
            let naam = p
                .gemeente(&g.code)
                .map_or_else(|| g.code.clone(), |x| x.naam.clone());
            add(BedragSoort::Aandeel, &g.code, naam.clone(), &g.aandeel);
            add(BedragSoort::EigenBijdrage, &g.code, naam, &g.zelf);
        }
        Snapshot {
            regio: p.regio.naam.clone(),
            versie: p.regio.versie.clone(),
            versiedatum: p
                .regio
                .versiedatum
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            status: p.regio.status.label().to_string(),
            jaren: b.jaren.clone(),
            bedragen,
            onderdelen: parts(p),
        }
    }

    /// The snapshot as pretty JSON with a final newline (deterministic).
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Parses a snapshot written by [`Snapshot::to_json`].
    pub fn parse(text: &str) -> Option<Snapshot> {
        serde_json::from_str(text).ok()
    }

    /// Reads `dir/momentopname.json`; `None` when it is absent or not a snapshot.
    pub fn read(dir: &std::path::Path) -> Option<Snapshot> {
        std::fs::read_to_string(dir.join(FILE_NAME))
            .ok()
            .and_then(|t| Snapshot::parse(&t))
    }
}

/// The parts of a project, in sheet order; keys made unique within their kind.
fn parts(p: &Project) -> Vec<Onderdeel> {
    let scope = |s: &Scope| match s {
        Scope::Regio => "de regio".to_string(),
        Scope::Gemeente(c) => p.gemeente(c).map_or_else(|| c.clone(), |g| g.naam.clone()),
    };
    let org = |id: &str| {
        p.organisatie(id)
            .map_or_else(|| id.to_string(), |o| o.naam.clone())
    };
    let persoon = |id: &str| {
        p.persoon(id)
            .map_or_else(|| id.to_string(), |x| x.naam.clone())
    };
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let datum = |d: &Option<chrono::NaiveDate>| d.map(nl::datum).unwrap_or_default();
    let ja = |b: bool| if b { "ja" } else { "nee" }.to_string();
    let mut out = Vec::new();
    let mut push = |soort, sleutel: String, naam: String, velden: Vec<(&str, String)>| {
        out.push(Onderdeel {
            soort,
            sleutel,
            naam,
            velden: velden
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        });
    };
    for k in &p.kostenregels {
        push(
            OnderdeelSoort::Kostenregel,
            k.id.to_uppercase(),
            format!("{} {}", k.id, k.kostenpost),
            vec![
                ("Kostenpost", k.kostenpost.clone()),
                ("Omschrijving", opt(&k.omschrijving)),
                ("Scope", scope(&k.scope)),
                (
                    "Soort",
                    k.soort.map(|s| s.label().to_string()).unwrap_or_default(),
                ),
                (
                    "Eenheid",
                    k.eenheid.map(|s| s.label().to_string()).unwrap_or_default(),
                ),
                ("Tarief", tarief(k.tarief)),
                ("Verdeelsleutel", opt(&k.verdeelsleutel)),
                ("In natura", ja(k.in_natura)),
            ],
        );
    }
    for x in &p.partijen {
        let agreement = scope(&x.overeenkomst);
        push(
            OnderdeelSoort::Partij,
            format!("{}/{}", x.overeenkomst.as_str(), x.org.to_uppercase()),
            format!("{} (overeenkomst van {agreement})", org(&x.org)),
            vec![
                ("Rol in de aanpak", x.rol.clone()),
                ("Verantwoordelijkheden", x.verantwoordelijkheden.join("; ")),
                ("Bijdrage", opt(&x.bijdrage)),
                (
                    "Ondertekenaars",
                    x.ondertekenaars
                        .iter()
                        .map(|id| persoon(id))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            ],
        );
    }
    for x in &p.partijen {
        let agreement = scope(&x.overeenkomst);
        for id in &x.ondertekenaars {
            let person = p.persoon(id);
            push(
                OnderdeelSoort::Ondertekenaar,
                format!("{}/{}", x.overeenkomst.as_str(), id.to_uppercase()),
                format!("{} (overeenkomst van {agreement})", persoon(id)),
                vec![
                    ("Naam", persoon(id)),
                    (
                        "Functie",
                        person.map(|x| x.functie.clone()).unwrap_or_default(),
                    ),
                    ("Organisatie", org(&x.org)),
                    ("Tekenbevoegd", ja(person.is_some_and(|x| x.tekenbevoegd))),
                    (
                        "Grondslag bevoegdheid",
                        person.and_then(|x| x.grondslag.clone()).unwrap_or_default(),
                    ),
                ],
            );
        }
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in &p.rollen {
        let rol = r.rol.map(|x| x.label().to_string()).unwrap_or_default();
        let base = format!("{rol}/{}", r.scope.as_str());
        let n = seen.entry(base.clone()).or_default();
        *n += 1;
        let naam = match *n {
            1 => format!("{rol} ({})", scope(&r.scope)),
            n => format!("{rol} {n} ({})", scope(&r.scope)),
        };
        push(
            OnderdeelSoort::Rol,
            format!("{base}/{n}"),
            naam,
            vec![
                (
                    "Persoon",
                    r.persoon
                        .as_deref()
                        .map_or_else(|| "vacature".to_string(), persoon),
                ),
                (
                    "Uren per week",
                    r.uren_per_week.map(nl::getal).unwrap_or_default(),
                ),
                ("Start", datum(&r.start)),
                ("Einde", datum(&r.einde)),
                (
                    "Werkgever",
                    r.werkgever.as_deref().map(org).unwrap_or_default(),
                ),
                ("Financiering", r.financiering.join(", ")),
            ],
        );
    }
    for m in &p.mijlpalen {
        push(
            OnderdeelSoort::Mijlpaal,
            m.id.clone()
                .unwrap_or_else(|| m.omschrijving.clone())
                .to_uppercase(),
            match &m.id {
                Some(id) => format!("{id} {}", m.omschrijving),
                None => m.omschrijving.clone(),
            },
            vec![
                (
                    "Soort",
                    m.soort.map(|s| s.label().to_string()).unwrap_or_default(),
                ),
                ("Datum", datum(&m.datum)),
                ("Omschrijving", m.omschrijving.clone()),
                ("Criteria", m.criteria.join("; ")),
                ("Besluitvormer", opt(&m.besluitvormer)),
                ("Scope", scope(&m.scope)),
                ("Uitkomst", m.uitkomst.label().to_string()),
                ("Motivering", opt(&m.motivering)),
            ],
        );
    }
    for r in &p.randvoorwaarden {
        push(
            OnderdeelSoort::Randvoorwaarde,
            format!("{}/{}", r.scope.as_str(), r.randvoorwaarde),
            format!("{} ({})", r.randvoorwaarde, scope(&r.scope)),
            vec![
                ("Voldaan", ja(r.voldaan)),
                ("Toelichting", opt(&r.toelichting)),
            ],
        );
    }
    for t in &p.teksten {
        let document = t
            .document
            .map(|d| d.label().to_string())
            .unwrap_or_default();
        push(
            OnderdeelSoort::Tekst,
            format!("{document}/{}/{}", t.sectie, t.scope.as_str()),
            format!("{document} › {} ({})", t.sectie, scope(&t.scope)),
            vec![("Tekst", t.alineas.join("\n\n"))],
        );
    }
    // A key that occurs twice (a duplicate row, which validation reports) gets a number.
    let mut count: HashMap<(OnderdeelSoort, String), usize> = HashMap::new();
    for o in &mut out {
        let n = count.entry((o.soort, o.sleutel.clone())).or_default();
        *n += 1;
        if *n > 1 {
            o.sleutel = format!("{}#{n}", o.sleutel);
        }
    }
    out
}

/// A rate as printed: two decimals, more when it has them.
fn tarief(d: Decimal) -> String {
    if d.normalize().scale() <= 2 {
        nl::euro(d)
    } else {
        format!("€ {}", nl::getal(d))
    }
}

/// What changed from `old` to `new`: amounts that differ (the largest change first; an
/// absent amount counts as zero) and parts added, removed or changed (by kind, key and
/// field order).
pub fn compare(old: &Snapshot, new: &Snapshot) -> Wijzigingen {
    let index = |s: &Snapshot| -> BTreeMap<(BedragSoort, String), usize> {
        s.bedragen
            .iter()
            .enumerate()
            .map(|(i, r)| ((r.soort, r.sleutel.clone()), i))
            .collect()
    };
    let (oi, ni) = (index(old), index(new));
    let keys: BTreeSet<&(BedragSoort, String)> = oi.keys().chain(ni.keys()).collect();
    let mut bedragen = Vec::new();
    for key in keys {
        let o = oi.get(key).map(|&i| &old.bedragen[i]);
        let n = ni.get(key).map(|&i| &new.bedragen[i]);
        let years: BTreeSet<i32> = o
            .iter()
            .chain(n.iter())
            .flat_map(|r| r.per_jaar.keys().copied())
            .collect();
        let naam = n.or(o).map(|r| r.naam.clone()).unwrap_or_default();
        for jaar in years {
            let oud = o.and_then(|r| r.per_jaar.get(&jaar).copied());
            let nieuw = n.and_then(|r| r.per_jaar.get(&jaar).copied());
            let (a, b) = (oud.unwrap_or_default(), nieuw.unwrap_or_default());
            if a == b {
                continue;
            }
            bedragen.push(BedragWijziging {
                soort: key.0,
                sleutel: key.1.clone(),
                naam: naam.clone(),
                jaar,
                oud,
                nieuw,
                verschil: b.checked_sub(a).unwrap_or_default(),
            });
        }
    }
    bedragen.sort_by(|a, b| {
        b.verschil
            .abs()
            .cmp(&a.verschil.abs())
            .then(a.soort.cmp(&b.soort))
            .then(a.sleutel.cmp(&b.sleutel))
            .then(a.jaar.cmp(&b.jaar))
    });
    Wijzigingen {
        bedragen,
        onderdelen: compare_parts(&old.onderdelen, &new.onderdelen),
    }
}

fn compare_parts(old: &[Onderdeel], new: &[Onderdeel]) -> Vec<OnderdeelWijziging> {
    let index = |v: &[Onderdeel]| -> BTreeMap<(OnderdeelSoort, String), usize> {
        v.iter()
            .enumerate()
            .map(|(i, o)| ((o.soort, o.sleutel.clone()), i))
            .collect()
    };
    let (oi, ni) = (index(old), index(new));
    let keys: BTreeSet<&(OnderdeelSoort, String)> = oi.keys().chain(ni.keys()).collect();
    let fields = |o: &Onderdeel| {
        o.velden
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut out = Vec::new();
    for key in keys {
        let change = |o: &Onderdeel, aard, veld, oud, nieuw| OnderdeelWijziging {
            soort: key.0,
            sleutel: key.1.clone(),
            naam: o.naam.clone(),
            aard,
            veld,
            oud,
            nieuw,
        };
        match (oi.get(key).map(|&i| &old[i]), ni.get(key).map(|&i| &new[i])) {
            (None, Some(n)) => out.push(change(n, Aard::Toegevoegd, None, None, Some(fields(n)))),
            (Some(o), None) => out.push(change(o, Aard::Verwijderd, None, Some(fields(o)), None)),
            (Some(o), Some(n)) => {
                let before: HashMap<&str, &str> = o
                    .velden
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                let mut names: Vec<&str> = n.velden.iter().map(|(k, _)| k.as_str()).collect();
                names.extend(
                    o.velden
                        .iter()
                        .map(|(k, _)| k.as_str())
                        .filter(|k| !n.velden.iter().any(|(x, _)| x == k)),
                );
                for name in names {
                    let a = before.get(name).copied().unwrap_or_default();
                    let b = n
                        .velden
                        .iter()
                        .find(|(k, _)| k == name)
                        .map_or("", |(_, v)| v.as_str());
                    if a != b {
                        out.push(change(
                            n,
                            Aard::Gewijzigd,
                            Some(name.to_string()),
                            Some(a.to_string()),
                            Some(b.to_string()),
                        ));
                    }
                }
            }
            (None, None) => {}
        }
    }
    out
}

impl Wijzigingen {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.bedragen.is_empty() && self.onderdelen.is_empty()
    }

    /// The changes as readable Dutch lines, amounts first (largest change first); at most
    /// `limit` lines, then a line saying how many more there are.
    pub fn lines(&self, limit: Option<usize>) -> Vec<String> {
        let mut lines: Vec<String> = self
            .bedragen
            .iter()
            .map(BedragWijziging::line)
            .chain(self.onderdelen.iter().map(OnderdeelWijziging::line))
            .collect();
        if let Some(max) = limit
            && lines.len() > max
        {
            let more = lines.len() - max;
            lines.truncate(max);
            lines.push(format!(
                "… en {more} {} (zie wijzigingen.xlsx)",
                if more == 1 {
                    "andere wijziging"
                } else {
                    "andere wijzigingen"
                }
            ));
        }
        lines
    }
}

/// `€ 1.234,56`, or `—` for an amount that is not there.
fn bedrag(d: Option<Decimal>) -> String {
    d.map_or_else(|| "—".to_string(), nl::euro)
}

/// A change of an amount with its sign: `+ € 750,00`, `− € 12,00`.
pub fn verschil(d: Decimal) -> String {
    if d.is_sign_negative() {
        format!("− {}", nl::euro(-d))
    } else {
        format!("+ {}", nl::euro(d))
    }
}

/// At most 80 characters of a value on one line.
fn short(s: &str) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 80 {
        return flat;
    }
    let cut: String = flat.chars().take(77).collect();
    format!("{cut}…")
}

impl BedragWijziging {
    /// `Kostenregel K1 Regiocoördinator, 2027: € 47.750,00 → € 48.500,00 (+ € 750,00)`.
    pub fn line(&self) -> String {
        format!(
            "{} {}, {}: {} → {} ({})",
            self.soort.label(),
            self.naam,
            self.jaar,
            bedrag(self.oud),
            bedrag(self.nieuw),
            verschil(self.verschil)
        )
    }
}

impl OnderdeelWijziging {
    /// `Rol regiocoördinator (de regio): Persoon ‘D. Smit’ → ‘E. Jansen’`, or
    /// `Partij Gemeente Ede (overeenkomst van de regio): toegevoegd`.
    pub fn line(&self) -> String {
        match (&self.veld, self.aard) {
            (Some(veld), _) => format!(
                "{} {}: {veld} ‘{}’ → ‘{}’",
                self.soort.label(),
                self.naam,
                short(self.oud.as_deref().unwrap_or_default()),
                short(self.nieuw.as_deref().unwrap_or_default())
            ),
            (None, aard) => format!("{} {}: {}", self.soort.label(), self.naam, aard.label()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A series of amounts given in cents.
    fn reeks(soort: BedragSoort, sleutel: &str, v: &[(i32, i64)]) -> Reeks {
        Reeks {
            soort,
            sleutel: sleutel.into(),
            naam: sleutel.into(),
            per_jaar: v.iter().map(|&(y, c)| (y, Decimal::new(c, 2))).collect(),
        }
    }

    fn snapshot(bedragen: Vec<Reeks>, onderdelen: Vec<Onderdeel>) -> Snapshot {
        Snapshot {
            regio: "R".into(),
            versie: "1.0".into(),
            versiedatum: "2026-11-15".into(),
            status: "concept".into(),
            jaren: vec![2027, 2028],
            bedragen,
            onderdelen,
        }
    }

    #[test]
    fn amounts_differ_only_where_they_changed_largest_first() {
        let old = snapshot(
            vec![
                reeks(
                    BedragSoort::Kostenregel,
                    "K1",
                    &[(2027, 10000), (2028, 10000)],
                ),
                reeks(BedragSoort::Kostenregel, "K2", &[(2027, 500)]),
            ],
            vec![],
        );
        let new = snapshot(
            vec![
                reeks(
                    BedragSoort::Kostenregel,
                    "K1",
                    &[(2027, 10000), (2028, 9000)],
                ),
                reeks(BedragSoort::Kostenregel, "K3", &[(2027, 0), (2028, 2000)]),
            ],
            vec![],
        );
        let w = compare(&old, &new);
        type Row<'a> = (&'a str, i32, Option<Decimal>, Option<Decimal>, Decimal);
        let got: Vec<Row> = w
            .bedragen
            .iter()
            .map(|b| (b.sleutel.as_str(), b.jaar, b.oud, b.nieuw, b.verschil))
            .collect();
        let d = |c| Decimal::new(c, 2);
        assert_eq!(
            got,
            [
                ("K3", 2028, None, Some(d(2000)), d(2000)),
                ("K1", 2028, Some(d(10000)), Some(d(9000)), d(-1000)),
                ("K2", 2027, Some(d(500)), None, d(-500)),
            ]
        );
        assert_eq!(
            w.bedragen[1].line(),
            "Kostenregel K1, 2028: € 100,00 → € 90,00 (− € 10,00)"
        );
        assert!(compare(&new, &new).is_empty());
    }

    #[test]
    fn parts_added_removed_and_changed_field_by_field() {
        let part = |sleutel: &str, velden: &[(&str, &str)]| Onderdeel {
            soort: OnderdeelSoort::Partij,
            sleutel: sleutel.into(),
            naam: format!("Org {sleutel}"),
            velden: velden
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        let old = snapshot(
            vec![],
            vec![
                part("A", &[("Rol", "trekker"), ("Bijdrage", "uren")]),
                part("B", &[("Rol", "partner")]),
            ],
        );
        let new = snapshot(
            vec![],
            vec![
                part("A", &[("Rol", "opdrachtgever"), ("Bijdrage", "uren")]),
                part("C", &[("Rol", "partner"), ("Bijdrage", "")]),
            ],
        );
        let lines = compare(&old, &new).lines(None);
        assert_eq!(
            lines,
            [
                "Partij Org A: Rol ‘trekker’ → ‘opdrachtgever’",
                "Partij Org B: verwijderd",
                "Partij Org C: toegevoegd",
            ]
        );
        let w = compare(&old, &new);
        assert_eq!(w.onderdelen[2].nieuw.as_deref(), Some("Rol: partner"));
        assert_eq!(
            w.lines(Some(1)).last().unwrap(),
            "… en 2 andere wijzigingen (zie wijzigingen.xlsx)"
        );
    }

    #[test]
    fn the_snapshot_survives_json() {
        let s = snapshot(
            vec![reeks(BedragSoort::Aandeel, "GM0228", &[(2027, 12345)])],
            vec![],
        );
        assert_eq!(Snapshot::parse(&s.to_json()), Some(s));
    }
}
