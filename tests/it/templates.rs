//! Tests for the four content templates (`templates/*.md`): what users rely on in the
//! rendered text of every document kind, from the Regio Foodvalley example and from a small
//! fixture with sparse data.

use std::path::Path;

use regiodocs::budget::Budget;
use regiodocs::ir::{Block, Document, Meta, Signatory};
use regiodocs::markup::{Numbering, to_blocks};
use regiodocs::model::{Project, Scope, Tekst};
use regiodocs::pipeline::check;
use regiodocs::template::Templates;
use regiodocs::view::{DocKind, PlanRef, View};
use regiodocs::vocab::{DocumentSoort, Rol};
use rust_decimal::Decimal;

use crate::fixtures::{self, V};

const KINDS: [DocKind; 4] = [
    DocKind::Overeenkomst,
    DocKind::Opdracht,
    DocKind::Plan,
    DocKind::Begroting,
];

/// The SHA-256 the tests hand to agreements as their plan's hash.
const SHA: &str = "3f5c0a9e1b7d4c2f8e6a0b1c2d3e4f5061728394a5b6c7d8e9f00112233445566";

fn foodvalley() -> (Project, Budget) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/foodvalley");
    let c = check(&dir);
    assert!(!c.diagnostics.has_errors(), "{:?}", c.diagnostics);
    (c.project.unwrap(), c.budget.unwrap())
}

fn plan_ref() -> PlanRef {
    PlanRef {
        titel: "Regionaal plan van aanpak Regio Foodvalley".into(),
        versie: "1.0".into(),
        datum: "2026-11-15".into(),
        bestand: "regionaal-plan.pdf".into(),
        sha256: SHA.into(),
    }
}

/// Renders one document through the real template, markup and IR.
fn render(p: &Project, b: &Budget, kind: DocKind, scope: &Scope) -> Document {
    let plan = (kind == DocKind::Overeenkomst).then(plan_ref);
    let ctx = View::new(p, b).context(kind, scope, plan);
    let text = Templates::builtin()
        .render(kind.template(), &ctx)
        .unwrap_or_else(|e| panic!("{kind:?} {scope:?}: {e}"));
    let numbering = if kind == DocKind::Overeenkomst {
        Numbering::Artikelen
    } else {
        Numbering::Hoofdstukken
    };
    let blocks = to_blocks(&text, numbering).unwrap_or_else(|e| panic!("{kind:?}: {e}\n{text}"));
    Document {
        meta: Meta::example(),
        blocks,
    }
}

fn text(p: &Project, b: &Budget, kind: DocKind, scope: &Scope) -> String {
    render(p, b, kind, scope).plain_text()
}

fn signatories(doc: &Document) -> Vec<Signatory> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Signatures { signatories } => Some(signatories.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

fn ede() -> Scope {
    Scope::Gemeente("GM0228".into())
}

fn euro(d: Decimal) -> String {
    regiodocs::nl::euro(d)
}

#[test]
fn agreements_name_every_party_and_signatory_and_the_plans_hash() {
    let (p, b) = foodvalley();
    for scope in [Scope::Regio, ede(), Scope::Gemeente("GM0345".into())] {
        let doc = render(&p, &b, DocKind::Overeenkomst, &scope);
        let t = doc.plain_text();
        assert!(t.contains(SHA), "{scope:?}: no plan hash");
        assert!(
            t.contains("onlosmakelijk"),
            "{scope:?}: plan not inseparable"
        );
        let parties: Vec<_> = p
            .partijen
            .iter()
            .filter(|x| x.overeenkomst == scope)
            .collect();
        assert!(!parties.is_empty());
        let mut expected = Vec::new();
        for party in parties {
            let org = p.organisatie(&party.org).unwrap();
            assert!(t.contains(&org.naam), "{scope:?}: party {}", org.naam);
            for id in &party.ondertekenaars {
                let x = p.persoon(id).unwrap();
                assert!(t.contains(&x.naam), "{scope:?}: signatory {}", x.naam);
                assert!(t.contains(&x.functie), "{scope:?}: function {}", x.functie);
                expected.push((x.naam.clone(), x.functie.clone(), org.naam.clone()));
            }
        }
        let signed: Vec<_> = signatories(&doc)
            .into_iter()
            .map(|s| (s.name, s.function, s.organisation))
            .collect();
        assert_eq!(signed, expected, "{scope:?}: signature block");
    }
}

/// The article headings of an agreement, in order.
pub(crate) fn articles(doc: &Document) -> Vec<String> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading {
                level: 1,
                number: Some(n),
                text,
                ..
            } => Some(format!("{n} {text}")),
            _ => None,
        })
        .collect()
}

/// Every article of the regional agreement, in order (a lost article fails here).
pub(crate) const REGIONALE_ARTIKELEN: [&str; 22] = [
    "Artikel 1 Begripsbepalingen",
    "Artikel 2 Doel en ambitie",
    "Artikel 3 Het plan van aanpak",
    "Artikel 4 Rollen, verantwoordelijkheden en bijdragen",
    "Artikel 5 Lokale en regionale taken",
    "Artikel 6 Organisatie, overleg en besluitvorming",
    "Artikel 7 Penvoerder",
    "Artikel 8 Financiering",
    "Artikel 9 Facturering en jaarlijkse verrekening",
    "Artikel 10 Centrale zorgverlener en zorginkoop",
    "Artikel 11 Monitoring en evaluatie",
    "Artikel 12 Gegevensbescherming en beroepsgeheim",
    "Artikel 13 Communicatie",
    "Artikel 14 Geheimhouding",
    "Artikel 15 Aansprakelijkheid",
    "Artikel 16 Onvoorziene omstandigheden",
    "Artikel 17 Looptijd, evaluatie en go/no-go",
    "Artikel 18 Toetreding",
    "Artikel 19 Uittreding",
    "Artikel 20 Wijziging",
    "Artikel 21 Geschillen en toepasselijk recht",
    "Artikel 22 Slotbepalingen en bijlagen",
];

/// Every article of a municipality's own agreement: the same without the penvoerder and the
/// invoicing, which the regional agreement arranges.
pub(crate) const LOKALE_ARTIKELEN: [&str; 20] = [
    "Artikel 1 Begripsbepalingen",
    "Artikel 2 Doel en ambitie",
    "Artikel 3 Het plan van aanpak",
    "Artikel 4 Rollen, verantwoordelijkheden en bijdragen",
    "Artikel 5 Lokale en regionale taken",
    "Artikel 6 Organisatie, overleg en besluitvorming",
    "Artikel 7 Financiering",
    "Artikel 8 Centrale zorgverlener en zorginkoop",
    "Artikel 9 Monitoring en evaluatie",
    "Artikel 10 Gegevensbescherming en beroepsgeheim",
    "Artikel 11 Communicatie",
    "Artikel 12 Geheimhouding",
    "Artikel 13 Aansprakelijkheid",
    "Artikel 14 Onvoorziene omstandigheden",
    "Artikel 15 Looptijd, evaluatie en go/no-go",
    "Artikel 16 Toetreding",
    "Artikel 17 Uittreding",
    "Artikel 18 Wijziging",
    "Artikel 19 Geschillen en toepasselijk recht",
    "Artikel 20 Slotbepalingen en bijlagen",
];

#[test]
fn the_agreements_have_every_article_and_references_resolve() {
    let (p, b) = foodvalley();
    let doc = render(&p, &b, DocKind::Overeenkomst, &Scope::Regio);
    assert_eq!(articles(&doc), REGIONALE_ARTIKELEN);
    let doc = render(&p, &b, DocKind::Overeenkomst, &ede());
    assert_eq!(articles(&doc), LOKALE_ARTIKELEN);
    // Renswoude explores: named as a white spot with a reference to the accession article.
    let t = text(&p, &b, DocKind::Overeenkomst, &Scope::Regio);
    assert!(t.contains("Toetreden blijft mogelijk volgens artikel 18."));
    assert!(t.contains("verrekent de werkelijke kosten volgens artikel 9."));
    assert!(t.contains("Renswoude"));
}

#[test]
fn budget_totals_appear_in_dutch_notation() {
    let (p, b) = foodvalley();
    for scope in [Scope::Regio, ede()] {
        let ctx = View::new(&p, &b).context(DocKind::Begroting, &scope, None);
        let g = &ctx.begroting;
        assert!(g.totaal.totaal > Decimal::ZERO);
        for kind in [DocKind::Begroting, DocKind::Plan, DocKind::Overeenkomst] {
            if kind == DocKind::Overeenkomst && !p.partijen.iter().any(|x| x.overeenkomst == scope)
            {
                continue;
            }
            let t = text(&p, &b, kind, &scope);
            for amount in g.totaal.per_jaar.iter().chain([
                &g.totaal.totaal,
                &g.incidenteel.totaal,
                &g.structureel.totaal,
            ]) {
                assert!(
                    t.contains(&euro(*amount)),
                    "{kind:?} {scope:?}: no {}",
                    euro(*amount)
                );
            }
            if scope != Scope::Regio {
                let all = &g.totaal_inclusief_aandeel.totaal;
                assert!(t.contains(&euro(*all)), "{kind:?}: no total incl. share");
            }
        }
        let t = text(&p, &b, DocKind::Begroting, &scope);
        for bron in &g.bronnen {
            assert!(
                t.contains(&euro(bron.totaal)),
                "no source total {}",
                bron.naam
            );
        }
        for a in &g.aandelen {
            assert!(t.contains(&euro(a.totaal)), "no share of {}", a.naam);
        }
        // What external sources pay and what each municipality bears itself.
        for kind in [DocKind::Begroting, DocKind::Plan] {
            let t = text(&p, &b, kind, &scope);
            for amount in [g.extern_gedekt.totaal, g.zelf.totaal] {
                assert!(
                    t.contains(&euro(amount)),
                    "{kind:?} {scope:?}: no {}",
                    euro(amount)
                );
            }
            for m in &g.gemeenten {
                assert!(
                    t.contains(&euro(m.zelf.totaal)),
                    "{kind:?}: no own part of {}",
                    m.naam
                );
            }
        }
    }
    // The example has a gap (Rhenen's project leader) and temporary money for structural costs.
    let t = text(&p, &b, DocKind::Begroting, &Scope::Regio);
    assert!(t.contains("De begroting is niet sluitend."));
    assert!(t.contains("Niet gedekt"));
    assert!(t.contains("Tijdelijk geld voor structurele kosten"));
}

#[test]
fn assignment_states_the_hours_the_profile_proposes_never_a_norm() {
    let (mut p, b) = foodvalley();
    let t = text(&p, &b, DocKind::Opdracht, &Scope::Regio);
    assert!(
        t.contains(
            "De regiocoördinator werkt 20 uur per week. Voorstel uren uit de profielschets van de \
             regionale coördinator: bij 7 deelnemende gemeenten meer dan 15 uur per week \
             (6-12 gemeenten). De inzet is in lijn met dat voorstel."
        ),
        "{t}"
    );
    for rc in p
        .rollen
        .iter_mut()
        .filter(|r| r.rol == Some(Rol::Regiocoordinator))
    {
        rc.uren_per_week = Some(Decimal::from(12));
    }
    for kind in [DocKind::Opdracht, DocKind::Plan] {
        let t = text(&p, &b, kind, &Scope::Regio);
        assert!(!t.contains("norm"), "{kind:?} speaks of a norm:\n{t}");
    }
    let t = text(&p, &b, DocKind::Opdracht, &Scope::Regio);
    assert!(t.contains(
        "De regiocoördinator werkt 12 uur per week. Voorstel uren uit de profielschets van de \
         regionale coördinator: bij 7 deelnemende gemeenten meer dan 15 uur per week \
         (6-12 gemeenten). De inzet is lager dan dat voorstel. De opdrachtgevers leggen vóór \
         het eerste go/no-go-moment vast waarom de uren volstaan, of breiden ze uit."
    ));
    let t = text(&p, &b, DocKind::Plan, &Scope::Regio);
    assert!(t.contains(
        "De profielschets van de regionale coördinator doet een voorstel voor het aantal uren \
         per week: bij 2-6 gemeenten meer dan 10 à 12 uur; bij 6-12 gemeenten meer dan 15 uur; \
         bij meer dan 12 gemeenten 20 à 24 uur."
    ));
    assert!(t.contains(
        "De regiocoördinator werkt 12 uur per week, minder dan het voorstel uit de profielschets."
    ));
    // A municipality's assignment is the local project leader's, with its own hours.
    let t = text(&p, &b, DocKind::Opdracht, &ede());
    assert!(t.contains("Opdrachtbeschrijving projectleider"));
    assert!(t.contains("De projectleider werkt 16 uur per week"));
}

#[test]
fn a_municipal_text_replaces_the_regional_text_only_there() {
    let (mut p, b) = foodvalley();
    let local = p
        .teksten
        .iter()
        .find(|t| t.document == Some(DocumentSoort::Plan) && t.sectie == "aanleiding")
        .cloned()
        .expect("the example has Ede's own aanleiding");
    assert_eq!(local.scope, ede());
    p.teksten.push(Tekst {
        scope: Scope::Regio,
        alineas: vec!["Regionale aanleiding voor de hele regio.".into()],
        ..local.clone()
    });
    let ede_text = &local.alineas[0];
    let regio = text(&p, &b, DocKind::Plan, &Scope::Regio);
    let ede_plan = text(&p, &b, DocKind::Plan, &ede());
    let veenendaal = text(&p, &b, DocKind::Plan, &Scope::Gemeente("GM0345".into()));
    assert!(regio.contains("Regionale aanleiding voor de hele regio."));
    assert!(!regio.contains(ede_text.as_str()));
    assert!(ede_plan.contains(ede_text.as_str()));
    assert!(!ede_plan.contains("Regionale aanleiding voor de hele regio."));
    assert!(veenendaal.contains("Regionale aanleiding voor de hele regio."));
    assert!(!veenendaal.contains(ede_text.as_str()));
    // The example's regional texts reach their documents.
    let opdracht = text(&p, &b, DocKind::Opdracht, &Scope::Regio);
    assert!(opdracht.contains("rapporteert twee keer per jaar aan de stuurgroep"));
    // ... but the regional coordinator's assignment texts stay out of a project leader's.
    let pl = text(&p, &b, DocKind::Opdracht, &ede());
    assert!(!pl.contains("rapporteert twee keer per jaar aan de stuurgroep"));
    assert!(pl.contains("De projectleider rapporteert aan"));
    let sok = text(&p, &b, DocKind::Overeenkomst, &Scope::Regio);
    assert!(sok.contains("werken al jaren samen op het gebied van gezondheid en jeugd"));
}

#[test]
fn every_section_key_is_used_by_its_template() {
    for (doc, keys) in regiodocs::schema::SECTIONS {
        let name = match doc {
            DocumentSoort::Overeenkomst => "overeenkomst.md",
            DocumentSoort::Opdracht => "opdracht.md",
            DocumentSoort::Plan => "plan.md",
            DocumentSoort::Begroting => "begroting.md",
        };
        let source = Templates::builtin().text(name).unwrap().to_string();
        for key in *keys {
            assert!(
                source.contains(&format!("tekst.{key} "))
                    || source.contains(&format!("tekst.{key})"))
                    || source.contains(&format!("tekst[\"{key}\"]")),
                "{name} ignores the section key {key}"
            );
        }
    }
}

/// A workbook value with Markdown and Jinja syntax comes out literally, in the text and in
/// the signature block, without breaking a table.
#[test]
fn hostile_workbook_values_appear_literally() {
    let mut fx = fixtures::Project::valid();
    let org = "{{ 7*7 }} *Gezond* | Wel";
    let person = "*a* | b";
    fx.stakeholders
        .sheet("Organisaties")
        .set("Naam", 1, V::T(org.into()));
    fx.stakeholders
        .sheet("Personen")
        .set("Naam", 1, V::T(person.into()));
    let dir = fx.write();
    let c = check(dir.path());
    assert!(!c.diagnostics.has_errors(), "{:?}", c.diagnostics);
    let (p, b) = (c.project.unwrap(), c.budget.unwrap());
    for kind in KINDS {
        let doc = render(&p, &b, kind, &Scope::Regio);
        let t = doc.plain_text();
        if kind != DocKind::Begroting {
            assert!(t.contains(person), "{kind:?}: {t}");
        }
        assert!(
            !t.contains("49 "),
            "{kind:?}: the template ran a workbook value"
        );
        if kind == DocKind::Overeenkomst {
            assert!(t.contains(org), "{kind:?}");
            let s = signatories(&doc);
            assert!(
                s.iter().any(|s| s.name == person && s.organisation == org),
                "{s:?}"
            );
        }
    }
}

/// Sparse data reads well: no `none`, no empty brackets, no label without a value.
#[test]
fn missing_data_never_shows_placeholders() {
    let mut fx = fixtures::Project::valid();
    // A vacancy, an organisation without address or KvK number, no milestones.
    fx.stakeholders.sheet("Rollen").set("Persoon-ID", 1, V::E);
    for col in ["Adres", "Postcode", "Plaats", "KvK-nummer"] {
        fx.stakeholders.sheet("Organisaties").set(col, 3, V::E);
    }
    fx.stakeholders.sheet("Mijlpalen").rows.truncate(1);
    fx.stakeholders.remove("Teksten");
    fx.stakeholders.remove("Overleggen");
    let dir = fx.write();
    let c = check(dir.path());
    let (Some(p), Some(b)) = (c.project, c.budget) else {
        panic!("{:?}", c.diagnostics);
    };
    let mut scopes = vec![Scope::Regio];
    scopes.extend(p.deelnemers().map(|g| Scope::Gemeente(g.code.clone())));
    for scope in &scopes {
        for kind in KINDS {
            if kind == DocKind::Overeenkomst && !p.partijen.iter().any(|x| x.overeenkomst == *scope)
            {
                continue;
            }
            let doc = render(&p, &b, kind, scope);
            let t = doc.plain_text();
            for bad in ["none", "None", "()", "[]", " ,", " .", "::"] {
                let line = t.lines().find(|l| l.contains(bad));
                assert!(
                    line.is_none(),
                    "{kind:?} {scope:?} contains {bad:?}: {line:?}"
                );
            }
            // Running text (tables join their cells with spaces, empty cells included).
            let prose = Document {
                meta: Meta::example(),
                blocks: doc
                    .blocks
                    .iter()
                    .filter(|b| !matches!(b, Block::Table(_)))
                    .cloned()
                    .collect(),
            }
            .plain_text();
            let line = prose.lines().find(|l| l.contains("  ") || l.ends_with(' '));
            assert!(
                line.is_none(),
                "{kind:?} {scope:?}: stray space in {line:?}"
            );
            for b in &doc.blocks {
                let rows = match b {
                    Block::KeyValue { rows } => rows,
                    Block::Title { facts, .. } => facts,
                    _ => continue,
                };
                for r in rows {
                    assert!(
                        !regiodocs::ir::inline_text(&r.value).trim().is_empty(),
                        "{kind:?} {scope:?}: label {} without a value",
                        r.label
                    );
                }
            }
            if kind == DocKind::Opdracht && *scope == Scope::Regio {
                assert!(t.contains("vacature"), "{t}");
            }
        }
    }
}

/// Every document of the example renders for every scope, and no Markdown or template
/// syntax written by a template leaks into the text (e.g. `**` inside a `{{ "..." }}`
/// literal, which is escaped like any value).
#[test]
fn no_markup_leaks_into_any_document_of_the_example() {
    let (p, b) = foodvalley();
    let mut scopes = vec![Scope::Regio];
    scopes.extend(p.deelnemers().map(|g| Scope::Gemeente(g.code.clone())));
    for scope in &scopes {
        for kind in KINDS {
            let t = text(&p, &b, kind, scope);
            for bad in ["**", "\\", "{{", "{%", "](#", "none", "()"] {
                let line = t.lines().find(|l| l.contains(bad));
                assert!(
                    line.is_none(),
                    "{kind:?} {scope:?} contains {bad:?}: {line:?}"
                );
            }
        }
    }
}

/// A project that ran `regiodocs init` before input format 1.1 has the content templates of
/// that time in `templates/`; they override the built-in ones and must still render every
/// document (the context keeps the fields they use).
#[test]
fn templates_copied_before_input_format_1_1_still_render() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/templates-vorige-versie");
    for name in ["overeenkomst.md", "opdracht.md", "plan.md", "begroting.md"] {
        std::fs::copy(fixtures.join(name), dir.path().join(name)).unwrap();
    }
    let templates = Templates::with_overrides(Some(dir.path())).unwrap();
    assert_ne!(templates.origin("plan.md"), "ingebouwd");
    let (p, b) = foodvalley();
    for kind in KINDS {
        for scope in [Scope::Regio, ede()] {
            let plan = (kind == DocKind::Overeenkomst).then(plan_ref);
            let ctx = View::new(&p, &b).context(kind, &scope, plan);
            let text = templates
                .render(kind.template(), &ctx)
                .unwrap_or_else(|e| panic!("{kind:?} {scope:?}: {e}"));
            to_blocks(&text, Numbering::Hoofdstukken).unwrap();
            assert!(text.contains("Regio Foodvalley"));
        }
    }
}

/// Templates hold wording, not logic: no built-in template compares a value with a label of
/// the input format (`== "go"`, `selectattr("rol", "eq", ...)`) or searches free text
/// (`"coördinator" in r.kostenpost|lower`); the view gives flags and selections instead.
#[test]
fn templates_compare_no_labels_and_search_no_text() {
    for (name, text) in regiodocs::template::BUILTIN {
        if !name.ends_with(".md") {
            continue;
        }
        for (i, line) in text.lines().enumerate() {
            for bad in ["== \"", "!= \"", "\"eq\"", "\"in\"", "|lower", "|upper"] {
                assert!(
                    !line.contains(bad),
                    "{name}, regel {}: ‘{bad}’ in {line}",
                    i + 1
                );
            }
        }
    }
    // The macros shared by several templates live once, in macros.md.
    for name in ["overeenkomst.md", "opdracht.md", "plan.md", "begroting.md"] {
        let text = regiodocs::template::BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap()
            .1;
        assert!(text.contains("{% from \"macros.md\" import"), "{name}");
        assert!(
            !text.contains("{% macro alineas"),
            "{name} defines alineas again"
        );
    }
}
