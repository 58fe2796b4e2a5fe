//! The HTML: minijinja templates embedded in the binary (every value HTML-escaped), the
//! view models they read (findings grouped by workbook and sheet, errors first; documents
//! per scope; the budget summary with its two charts as inline SVG), the embedded assets,
//! and the error page every refusal renders.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use minijinja::Environment;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::nl;
use crate::view::{BegrotingV, Reeks};

use super::builds::Resultaat;
use super::uploads::{Controle, Snapshot};

/// The templates, by name.
const TEMPLATES: &[(&str, &str)] = &[
    ("basis.html", include_str!("assets/basis.html")),
    ("kiezen.html", include_str!("assets/kiezen.html")),
    ("start.html", include_str!("assets/start.html")),
    ("upload.html", include_str!("assets/upload.html")),
    ("bouwen.html", include_str!("assets/bouwen.html")),
    ("grafiek.html", include_str!("assets/grafiek.html")),
    ("uitleg.html", include_str!("assets/uitleg.html")),
    ("fout.html", include_str!("assets/fout.html")),
];

/// The files under `/static/`: name, content type, bytes.
pub(super) const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("assets/app.js"),
    ),
    (
        "stijl.css",
        "text/css; charset=utf-8",
        include_bytes!("assets/stijl.css"),
    ),
    (
        "icoon.svg",
        "image/svg+xml",
        include_bytes!("assets/icoon.svg"),
    ),
];

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        for (name, text) in TEMPLATES {
            // The templates are ours and tested; a broken one fails every page test.
            if let Err(e) = env.add_template(name, text) {
                panic!("template {name}: {e}");
            }
        }
        env
    })
}

/// Renders a template.
pub(super) fn render(name: &str, ctx: impl Serialize) -> Result<String, Fout> {
    env()
        .get_template(name)
        .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(&ctx))))
        .map_err(|e| Fout::intern(format!("pagina {name}: {e}")))
}

/// A refusal or failure, shown as a Dutch page with its status code.
#[derive(Debug)]
pub(super) struct Fout {
    status: StatusCode,
    titel: &'static str,
    tekst: String,
}

impl Fout {
    /// Any status, title and text.
    pub(super) fn new(status: StatusCode, titel: &'static str, tekst: &str) -> Fout {
        Fout {
            status,
            titel,
            tekst: tekst.to_string(),
        }
    }

    /// 404: nothing here, or not yours (the same answer, so ids cannot be probed).
    pub(super) fn niet_gevonden() -> Fout {
        Fout::new(
            StatusCode::NOT_FOUND,
            "Niet gevonden",
            "Deze pagina bestaat niet (meer). Werkboeken worden een uur na het laatste gebruik verwijderd, en zijn alleen te zien in de browser waarmee ze gekozen zijn. Begin opnieuw op de startpagina.",
        )
    }

    /// 403: a form without the right CSRF token (or without a session).
    pub(super) fn csrf() -> Fout {
        Fout::new(
            StatusCode::FORBIDDEN,
            "Formulier verlopen",
            "Dit formulier is niet (meer) geldig, bijvoorbeeld omdat regiodocs opnieuw is gestart. Ga terug naar de startpagina en probeer het nog eens.",
        )
    }

    /// 403: the access token is missing or wrong.
    pub(super) fn toegang() -> Fout {
        Fout::new(
            StatusCode::FORBIDDEN,
            "Geen toegang",
            "Voor deze pagina is een toegangstoken nodig. Open het adres met ?token=… dat regiodocs bij het starten toonde, of vraag het aan wie regiodocs heeft gestart.",
        )
    }

    /// 400: a request that is not the page's form.
    pub(super) fn formulier() -> Fout {
        Fout::new(
            StatusCode::BAD_REQUEST,
            "Formulier onvolledig",
            "Het formulier kwam niet volledig aan. Ga terug en probeer het opnieuw.",
        )
    }

    /// 500: something on the server went wrong (the reason is not shown: it may name paths).
    pub(super) fn intern(_why: impl std::fmt::Display) -> Fout {
        Fout::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Er ging iets mis",
            "Er ging op de server iets mis. Probeer het opnieuw; lukt het dan nog niet, start regiodocs dan opnieuw.",
        )
    }
}

impl IntoResponse for Fout {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Ctx<'a> {
            titel: &'a str,
            tekst: &'a str,
        }
        let body = render(
            "fout.html",
            Ctx {
                titel: self.titel,
                tekst: &self.tekst,
            },
        )
        .unwrap_or_else(|_| format!("{}: {}", self.titel, self.tekst));
        (self.status, Html(body)).into_response()
    }
}

/// A JSON body (status, findings).
pub(super) fn json(value: &impl Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => {
            let mut res = bytes.into_response();
            res.headers_mut().insert(
                CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            );
            res
        }
        Err(e) => Fout::intern(e).into_response(),
    }
}

// ---------------------------------------------------------------------------------------
// The start page and the upload page.

/// The form's limits, shown and checked in the browser before sending.
#[derive(Serialize)]
pub(super) struct Kiezen {
    /// CSRF token of the session.
    pub csrf: String,
    /// Bytes per workbook.
    pub max_bytes: u64,
    /// The same for people: `25 MB`.
    pub max_tekst: String,
}

impl Kiezen {
    /// The form for a session.
    pub(super) fn new(csrf: String, max_bytes: u64) -> Kiezen {
        Kiezen {
            csrf,
            max_bytes,
            max_tekst: grootte(max_bytes),
        }
    }
}

/// The start page.
pub(super) fn start(kiezen: &Kiezen, verwijderd: bool) -> Result<String, Fout> {
    #[derive(Serialize)]
    struct Ctx<'a> {
        kiezen: &'a Kiezen,
        csrf: &'a str,
        verwijderd: bool,
    }
    render(
        "start.html",
        Ctx {
            kiezen,
            csrf: &kiezen.csrf,
            verwijderd,
        },
    )
}

/// One finding as the page shows it.
#[derive(Serialize)]
struct Item<'a> {
    fout: bool,
    code: &'a str,
    /// Short title of the code's explanation (the link's tooltip).
    code_titel: &'static str,
    plaats: String,
    melding: &'a str,
    hint: Option<&'a str>,
}

/// The findings of one sheet (or of the workbook as a whole).
#[derive(Serialize)]
struct Tabblad<'a> {
    naam: Option<&'a str>,
    items: Vec<Item<'a>>,
}

/// The findings of one workbook.
#[derive(Serialize)]
struct Groep<'a> {
    /// The workbook's file name; `None` for findings about both.
    werkboek: Option<&'a str>,
    fouten: usize,
    waarschuwingen: usize,
    tabbladen: Vec<Tabblad<'a>>,
}

/// Groups findings by workbook, then sheet; errors come first at every level (workbooks and
/// sheets with errors before those with only warnings, errors before warnings within a
/// sheet), otherwise the order of [`Diagnostics::sort`] (by location) is kept.
fn groups(diags: &Diagnostics) -> Vec<Groep<'_>> {
    // workbook → sheet → findings, in order of first appearance
    type Sheets<'a> = Vec<(Option<&'a str>, Vec<&'a Diagnostic>)>;
    let mut books: Vec<(Option<&str>, Sheets)> = Vec::new();
    for d in diags {
        let book = d.location.as_ref().map(|l| l.workbook.as_str());
        let sheet = d.location.as_ref().and_then(|l| l.sheet.as_deref());
        let bi = match books.iter().position(|(b, _)| *b == book) {
            Some(i) => i,
            None => {
                books.push((book, Vec::new()));
                books.len() - 1
            }
        };
        let sheets = &mut books[bi].1;
        match sheets.iter_mut().find(|(s, _)| *s == sheet) {
            Some((_, items)) => items.push(d),
            None => sheets.push((sheet, vec![d])),
        }
    }
    let has_errors = |items: &[&Diagnostic]| items.iter().any(|d| d.is_error());
    let mut out: Vec<Groep> = books
        .into_iter()
        .map(|(werkboek, mut sheets)| {
            sheets.sort_by_key(|(_, items)| !has_errors(items));
            let all: Vec<&Diagnostic> =
                sheets.iter().flat_map(|(_, i)| i.iter().copied()).collect();
            Groep {
                werkboek,
                fouten: all.iter().filter(|d| d.is_error()).count(),
                waarschuwingen: all.iter().filter(|d| !d.is_error()).count(),
                tabbladen: sheets
                    .into_iter()
                    .map(|(naam, mut items)| {
                        items.sort_by_key(|d| !d.is_error());
                        Tabblad {
                            naam,
                            items: items.into_iter().map(item).collect(),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    out.sort_by_key(|g| g.fouten == 0);
    out
}

fn item(d: &Diagnostic) -> Item<'_> {
    let plaats = match &d.location {
        Some(l) => match (&l.sheet, &l.cell, l.row) {
            (Some(s), Some(c), _) => format!("{s}!{c}"),
            (Some(s), None, Some(r)) => format!("{s}, rij {r}"),
            _ => String::new(),
        },
        None => String::new(),
    };
    Item {
        fout: d.is_error(),
        code: d.code.as_str(),
        code_titel: super::uitleg::titel(d.code.as_str()).unwrap_or_default(),
        plaats,
        melding: &d.message,
        hint: d.hint.as_deref(),
    }
}

/// What the status endpoint and the page say about a build that waits or runs.
#[derive(Serialize)]
pub(super) struct Status {
    /// `wachtrij`, `bezig`, `klaar`, `mislukt` or `geen`.
    pub toestand: &'static str,
    /// Place in line (1 = next), while waiting.
    pub positie: Option<usize>,
    /// Files done.
    pub klaar: usize,
    /// Files planned (0 while the workbooks are read).
    pub totaal: usize,
    /// The same in a Dutch sentence.
    pub tekst: String,
}

impl Status {
    /// The state of an upload's build.
    pub(super) fn of(snap: &Snapshot, positie: Option<usize>) -> Status {
        use std::sync::atomic::Ordering::Relaxed;
        let Some(v) = &snap.lopend else {
            let (toestand, tekst) = match (&snap.fout, &snap.laatste) {
                (Some(f), _) => ("mislukt", f.clone()),
                (None, Some(_)) => ("klaar", "De stukken zijn klaar.".to_string()),
                (None, None) => ("geen", String::new()),
            };
            return Status {
                toestand,
                positie: None,
                klaar: 0,
                totaal: 0,
                tekst,
            };
        };
        let (klaar, totaal) = (v.klaar.load(Relaxed), v.gepland.load(Relaxed));
        if !v.gestart.load(Relaxed) {
            return Status {
                toestand: "wachtrij",
                positie,
                klaar: 0,
                totaal: 0,
                tekst: match positie {
                    Some(1) => "In de wachtrij: u bent de volgende. Uw stukken worden gemaakt zodra er plaats is.".into(),
                    Some(p) => format!(
                        "In de wachtrij: plaats {p}. Uw stukken worden gemaakt zodra de {} vóór u klaar zijn.",
                        p - 1
                    ),
                    None => "De bouw begint…".into(),
                },
            };
        }
        Status {
            toestand: "bezig",
            positie: None,
            klaar,
            totaal,
            tekst: if totaal == 0 {
                "De werkboeken worden gelezen…".into()
            } else if klaar >= totaal {
                format!("Alle {totaal} bestanden zijn gemaakt; de ZIP wordt samengesteld…")
            } else {
                format!("Bezig: {klaar} van {totaal} bestanden gemaakt.")
            },
        }
    }
}

/// One downloadable file of a document.
#[derive(Serialize)]
struct Link {
    formaat: &'static str,
    href: String,
    grootte: String,
}

/// One document (all formats of one file stem).
#[derive(Serialize)]
struct Doc {
    titel: String,
    /// The inline PDF, for the preview.
    bekijk: Option<String>,
    bestanden: Vec<Link>,
}

/// The documents of one scope.
#[derive(Serialize)]
struct ScopeV {
    titel: String,
    documenten: Vec<Doc>,
}

/// A finished build as the page lists it.
#[derive(Serialize)]
struct ResultaatV<'a> {
    aantal: usize,
    zip_href: String,
    zip_grootte: String,
    scopes: Vec<ScopeV>,
    geweigerd: &'a [crate::pipeline::Refused],
    opmaak: &'a [String],
    concept: bool,
}

/// The documents in the order `regiodocs build` makes them, with their Dutch titles (long
/// compounds with a soft hyphen, for the narrow list beside the preview).
const DOCUMENTEN: &[(&str, &str)] = &[
    ("regionaal-plan", "Regionaal plan van aanpak"),
    ("plan", "Plan van aanpak"),
    (
        "samenwerkingsovereenkomst",
        "Samenwerkings\u{ad}overeenkomst",
    ),
    (
        "opdrachtbeschrijving-regiocoordinator",
        "Opdracht\u{ad}beschrijving regio\u{ad}coördinator",
    ),
    (
        "opdrachtbeschrijving-projectleider",
        "Opdracht\u{ad}beschrijving project\u{ad}leider",
    ),
    ("begroting", "Begroting"),
    ("overzicht", "Overzicht per gemeente"),
    (
        "manifest",
        "Verantwoording (controlegetallen van alle bestanden)",
    ),
];

fn resultaat<'a>(id: &str, r: &'a Resultaat, c: &Controle) -> ResultaatV<'a> {
    // folder → document (stem, in the order of DOCUMENTEN) → its files
    type Docs = BTreeMap<(usize, String), Vec<Link>>;
    let mut folders: BTreeMap<(u8, String), Docs> = BTreeMap::new();
    for b in &r.bestanden {
        let (folder, file) = b.pad.rsplit_once('/').unwrap_or(("", &b.pad));
        let (stem, ext) = file.rsplit_once('.').unwrap_or((file, ""));
        let rank = DOCUMENTEN
            .iter()
            .position(|(s, _)| *s == stem)
            .unwrap_or(DOCUMENTEN.len());
        let folder_rank = match folder {
            "regio" => 0,
            "" => 2,
            _ => 1,
        };
        let formaat = match ext {
            "pdf" => "PDF",
            "docx" => "Word",
            "xlsx" => "Excel",
            "json" => "JSON",
            _ => "bestand",
        };
        folders
            .entry((folder_rank, folder.to_string()))
            .or_default()
            .entry((rank, stem.to_string()))
            .or_default()
            .push(Link {
                formaat,
                href: format!("/u/{id}/bestand/{}?download=1", b.pad),
                grootte: grootte(b.bytes),
            });
    }
    let scopes = folders
        .into_iter()
        .map(|((_, folder), docs)| ScopeV {
            titel: scope_title(&folder, c),
            documenten: docs
                .into_iter()
                .map(|((rank, stem), mut bestanden)| {
                    let order = |f: &str| {
                        ["PDF", "Word", "Excel", "JSON"]
                            .iter()
                            .position(|x| *x == f)
                    };
                    bestanden.sort_by_key(|l| order(l.formaat));
                    let bekijk = bestanden
                        .iter()
                        .find(|l| l.formaat == "PDF")
                        .map(|l| l.href.trim_end_matches("?download=1").to_string());
                    Doc {
                        titel: DOCUMENTEN
                            .get(rank)
                            .map_or_else(|| stem.replace('-', " "), |(_, t)| t.to_string()),
                        bekijk,
                        bestanden,
                    }
                })
                .collect(),
        })
        .collect();
    ResultaatV {
        aantal: r.bestanden.len(),
        zip_href: format!("/u/{id}/alles.zip"),
        zip_grootte: grootte(r.zip_bytes),
        scopes,
        geweigerd: &r.geweigerd,
        opmaak: &r.opmaak,
        concept: r.concept,
    }
}

/// `regio` → `Regio Foodvalley`; `gemeenten/GM0228-ede` → `Gemeente Ede (GM0228)`.
fn scope_title(folder: &str, c: &Controle) -> String {
    if folder == "regio" {
        return c.regio.clone().unwrap_or_else(|| "De regio".into());
    }
    if folder.is_empty() {
        return "Overzichten".into();
    }
    let last = folder.rsplit('/').next().unwrap_or(folder);
    let code = last.split('-').next().unwrap_or(last);
    match c.gemeenten.get(code) {
        Some(naam) => format!("Gemeente {naam} ({code})"),
        None => last.to_string(),
    }
}

/// A file size in Dutch: `850 kB`, `4,2 MB`, `25 MB`.
pub(super) fn grootte(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} kB", bytes.div_ceil(1024))
    } else {
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
        match tenths % 10 {
            0 => format!("{} MB", tenths / 10),
            t => format!("{},{t} MB", tenths / 10),
        }
    }
}

/// The upload page.
pub(super) fn upload(
    id: &str,
    kiezen: &Kiezen,
    snap: &Snapshot,
    positie: Option<usize>,
) -> Result<String, Fout> {
    #[derive(Serialize)]
    struct Ctx<'a> {
        id: &'a str,
        csrf: &'a str,
        kiezen: &'a Kiezen,
        namen: &'a [String; 2],
        regio: Option<&'a str>,
        versie: Option<&'a str>,
        fouten: usize,
        waarschuwingen: usize,
        groepen: Vec<Groep<'a>>,
        blokkade: Option<&'a str>,
        status: Status,
        /// Status `definitief` with errors: only a concept can be made of what they touch.
        concept_nodig: bool,
        resultaat: Option<ResultaatV<'a>>,
        fout: Option<&'a str>,
        begroting: Option<Samenvatting>,
    }
    let c = &snap.controle;
    let d = &c.bevindingen;
    render(
        "upload.html",
        Ctx {
            id,
            csrf: &kiezen.csrf,
            kiezen,
            namen: &snap.namen,
            regio: c.regio.as_deref(),
            versie: c.versie.as_deref(),
            fouten: d.error_count(),
            waarschuwingen: d.warning_count(),
            groepen: groups(d),
            blokkade: c.blokkade,
            status: Status::of(snap, positie),
            concept_nodig: c.definitief && d.has_errors(),
            resultaat: snap.laatste.as_deref().map(|r| resultaat(id, r, c)),
            fout: snap.fout.as_deref(),
            begroting: c.begroting.as_ref().map(samenvatting),
        },
    )
}

/// The page of one code's explanation, or of all codes; `u` is the upload whose findings
/// page links back.
pub(super) fn uitleg(codes: &[super::Uitleg], een: bool, u: Option<&str>) -> Result<String, Fout> {
    #[derive(Serialize)]
    struct Ctx<'a> {
        codes: &'a [super::Uitleg],
        een: bool,
        u: Option<&'a str>,
    }
    render("uitleg.html", Ctx { codes, een, u })
}

// ---------------------------------------------------------------------------------------
// The budget summary: tables and charts.

/// One row of the table per year.
#[derive(Serialize)]
struct Rij {
    naam: String,
    per_jaar: Vec<String>,
    totaal: String,
    klasse: &'static str,
}

/// One municipality's row.
#[derive(Serialize)]
struct GemeenteRij {
    naam: String,
    aandeel: String,
    eigen: String,
    totaal: String,
    extern_gedekt: String,
    zelf: String,
    procent: String,
}

/// The budget as the page shows it.
#[derive(Serialize)]
struct Samenvatting {
    jaren: Vec<i32>,
    rijen: Vec<Rij>,
    gemeenten: Vec<GemeenteRij>,
    totaal_gemeenten: GemeenteRij,
    grafiek_jaren: Grafiek,
    grafiek_gemeenten: Option<Grafiek>,
}

/// More municipalities than this: the table only (a chart would be a wall of bars).
const MAX_GEMEENTEN_IN_GRAFIEK: usize = 40;

fn samenvatting(b: &BegrotingV) -> Samenvatting {
    let euro_rij = |r: &Reeks, naam: &str, klasse| Rij {
        naam: naam.to_string(),
        per_jaar: r.per_jaar.iter().map(|d| nl::euro(*d)).collect(),
        totaal: nl::euro(r.totaal),
        klasse,
    };
    let dekking = |gedekt: Decimal, kosten: Decimal| {
        if kosten.is_zero() {
            "–".to_string()
        } else {
            nl::procent((gedekt * Decimal::from(100) / kosten).round_dp(0))
        }
    };
    let rijen = vec![
        euro_rij(&b.totaal, "Kosten", "kosten"),
        euro_rij(&b.gedekt, "Gedekt", ""),
        euro_rij(&b.tekort, "Niet gedekt", "tekort"),
        Rij {
            naam: "Dekking".into(),
            per_jaar: b
                .gedekt
                .per_jaar
                .iter()
                .zip(&b.totaal.per_jaar)
                .map(|(g, k)| dekking(*g, *k))
                .collect(),
            totaal: dekking(b.gedekt.totaal, b.totaal.totaal),
            klasse: "dekking",
        },
    ];
    let som_aandeel: Decimal = b.gemeenten.iter().map(|g| g.aandeel.totaal).sum();
    // One decimal everywhere, so the column reads evenly: 16,5%, 31,0%.
    let procent = |a: Decimal| {
        if som_aandeel.is_zero() {
            "–".to_string()
        } else {
            let p = (a * Decimal::from(100) / som_aandeel).round_dp(1);
            format!("{p:.1}%").replace('.', ",")
        }
    };
    let gemeenten = b
        .gemeenten
        .iter()
        .map(|g| GemeenteRij {
            naam: g.naam.clone(),
            aandeel: nl::euro(g.aandeel.totaal),
            eigen: nl::euro(g.eigen.totaal),
            totaal: nl::euro(g.totaal.totaal),
            extern_gedekt: nl::euro(g.extern_gedekt.totaal),
            zelf: nl::euro(g.zelf.totaal),
            procent: procent(g.aandeel.totaal),
        })
        .collect();
    let sum = |f: fn(&crate::view::GemeenteBegrotingV) -> Decimal| -> String {
        nl::euro(b.gemeenten.iter().map(f).sum())
    };
    let totaal_gemeenten = GemeenteRij {
        naam: "Alle gemeenten".into(),
        aandeel: sum(|g| g.aandeel.totaal),
        eigen: sum(|g| g.eigen.totaal),
        totaal: sum(|g| g.totaal.totaal),
        extern_gedekt: sum(|g| g.extern_gedekt.totaal),
        zelf: sum(|g| g.zelf.totaal),
        procent: if som_aandeel.is_zero() {
            "–".into()
        } else {
            "100,0%".into()
        },
    };
    Samenvatting {
        jaren: b.jaren.clone(),
        rijen,
        gemeenten,
        totaal_gemeenten,
        grafiek_jaren: grafiek_jaren(b),
        grafiek_gemeenten: (b.gemeenten.len() <= MAX_GEMEENTEN_IN_GRAFIEK
            && !b.gemeenten.is_empty())
        .then(|| grafiek_gemeenten(b)),
    }
}

/// An SVG chart, drawn by `grafiek.html` from shapes placed here. Coordinates are for
/// drawing only; every amount printed comes from the budget engine.
#[derive(Serialize)]
struct Grafiek {
    breedte: u32,
    hoogte: u32,
    /// Short description for screen readers (the table beside it has the numbers).
    titel: String,
    rects: Vec<Rect>,
    lijnen: Vec<Lijn>,
    teksten: Vec<Tekst>,
}

#[derive(Serialize)]
struct Rect {
    x: f64,
    y: f64,
    b: f64,
    h: f64,
    klasse: &'static str,
    titel: String,
}

#[derive(Serialize)]
struct Lijn {
    x1: f64,
    y1: f64,
    x2: f64,
    y2: f64,
}

#[derive(Serialize)]
struct Tekst {
    x: f64,
    y: f64,
    tekst: String,
    /// `links`, `midden` or `rechts`: the text anchor (set in the stylesheet).
    klasse: &'static str,
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0).max(0.0)
}

fn r1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A round step for about `n` grid lines up to `max`: 1, 2, 2.5 or 5 times a power of ten.
fn nice_step(max: f64, n: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let raw = max / n;
    let mag = 10f64.powf(raw.log10().floor());
    let m = raw / mag;
    let k = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .find(|k| m <= *k)
        .unwrap_or(10.0);
    k * mag
}

/// Whole euros for an axis tick (a point of the drawing, not an amount): `€ 250.000`.
fn euro_as(v: f64) -> String {
    format!("€ {}", nl::getal(Decimal::from(v.round() as i64)))
}

/// Cost per year as a bar, split into covered and not covered.
fn grafiek_jaren(b: &BegrotingV) -> Grafiek {
    let (breedte, hoogte) = (640.0, 280.0);
    let (links, onder, boven) = (96.0, 28.0, 12.0);
    let max = b.totaal.per_jaar.iter().map(|d| f(*d)).fold(0.0, f64::max);
    let step = nice_step(max, 4.0);
    let top = (max / step).ceil().max(1.0) * step;
    let plot_h = hoogte - onder - boven;
    let y = |v: f64| boven + plot_h * (1.0 - v / top);
    let mut g = Grafiek {
        breedte: breedte as u32,
        hoogte: hoogte as u32,
        titel: "Kosten per jaar: gedekt en niet gedekt".into(),
        rects: Vec::new(),
        lijnen: Vec::new(),
        teksten: Vec::new(),
    };
    let mut v = 0.0;
    while v <= top + step / 2.0 {
        g.lijnen.push(Lijn {
            x1: links,
            y1: r1(y(v)),
            x2: breedte,
            y2: r1(y(v)),
        });
        g.teksten.push(Tekst {
            x: links - 8.0,
            y: r1(y(v) + 4.0),
            tekst: euro_as(v),
            klasse: "rechts",
        });
        v += step;
    }
    let n = b.jaren.len().max(1) as f64;
    let slot = (breedte - links) / n;
    let bar = (slot * 0.6).min(72.0);
    for (i, jaar) in b.jaren.iter().enumerate() {
        let x = links + slot * i as f64 + (slot - bar) / 2.0;
        let kosten = b.totaal.per_jaar.get(i).copied().unwrap_or_default();
        let tekort = b.tekort.per_jaar.get(i).copied().unwrap_or_default();
        let gedekt_deel = (kosten - tekort).max(Decimal::ZERO);
        g.rects.push(Rect {
            x: r1(x),
            y: r1(y(f(gedekt_deel))),
            b: r1(bar),
            h: r1(y(0.0) - y(f(gedekt_deel))),
            klasse: "gedekt",
            titel: format!("{jaar}: gedekt {}", nl::euro(gedekt_deel)),
        });
        if !tekort.is_zero() {
            g.rects.push(Rect {
                x: r1(x),
                y: r1(y(f(kosten))),
                b: r1(bar),
                h: r1(y(f(gedekt_deel)) - y(f(kosten))),
                klasse: "tekort",
                titel: format!("{jaar}: niet gedekt {}", nl::euro(tekort)),
            });
        }
        g.teksten.push(Tekst {
            x: r1(x + bar / 2.0),
            y: hoogte - 8.0,
            tekst: jaar.to_string(),
            klasse: "midden",
        });
    }
    g
}

/// What each municipality pays over the whole period: itself and from external sources.
fn grafiek_gemeenten(b: &BegrotingV) -> Grafiek {
    let breedte = 640.0;
    let (links, rechts, rij) = (150.0, 110.0, 30.0);
    let hoogte = rij * b.gemeenten.len() as f64 + 8.0;
    let max = b
        .gemeenten
        .iter()
        .map(|g| f(g.totaal.totaal))
        .fold(0.0, f64::max);
    let scale = if max > 0.0 {
        (breedte - links - rechts) / max
    } else {
        0.0
    };
    let mut g = Grafiek {
        breedte: breedte as u32,
        hoogte: hoogte as u32,
        titel: "Per gemeente over de hele looptijd: zelf te betalen en extern gedekt".into(),
        rects: Vec::new(),
        lijnen: Vec::new(),
        teksten: Vec::new(),
    };
    for (i, gb) in b.gemeenten.iter().enumerate() {
        let y = 4.0 + rij * i as f64;
        let zelf = f(gb.zelf.totaal) * scale;
        let ext = f(gb.extern_gedekt.totaal) * scale;
        g.teksten.push(Tekst {
            x: links - 10.0,
            y: r1(y + 19.0),
            tekst: gb.naam.clone(),
            klasse: "rechts",
        });
        g.rects.push(Rect {
            x: links,
            y: r1(y + 5.0),
            b: r1(zelf),
            h: 20.0,
            klasse: "zelf",
            titel: format!("{}: zelf te betalen {}", gb.naam, nl::euro(gb.zelf.totaal)),
        });
        g.rects.push(Rect {
            x: r1(links + zelf),
            y: r1(y + 5.0),
            b: r1(ext),
            h: 20.0,
            klasse: "extern",
            titel: format!(
                "{}: extern gedekt {}",
                gb.naam,
                nl::euro(gb.extern_gedekt.totaal)
            ),
        });
        g.teksten.push(Tekst {
            x: r1(links + zelf + ext + 8.0),
            y: r1(y + 19.0),
            tekst: format!(
                "€ {}",
                nl::getal(gb.totaal.totaal.round_dp_with_strategy(
                    0,
                    rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                ))
            ),
            klasse: "links",
        });
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, Location};

    #[test]
    fn findings_are_grouped_by_workbook_and_sheet_errors_first() {
        let mut d = Diagnostics::new();
        d.push(
            Diagnostic::warning(Code::R18TijdelijkGeld, "w1").at(Location::cell(
                "financien.xlsx",
                "Dekking",
                2,
                2,
            )),
        );
        d.push(
            Diagnostic::error(Code::OngeldigBedrag, "e1").at(Location::cell(
                "financien.xlsx",
                "Kostenregels",
                8,
                7,
            )),
        );
        d.push(
            Diagnostic::warning(Code::OnbekendeKolom, "w2").at(Location::cell(
                "financien.xlsx",
                "Kostenregels",
                1,
                1,
            )),
        );
        d.push(
            Diagnostic::warning(Code::R01Randvoorwaarde, "w3").at(Location::row(
                "stakeholders.xlsx",
                "Randvoorwaarden",
                7,
            )),
        );
        d.push(Diagnostic::error(Code::R11Deelname, "e2"));
        d.sort();
        let g = groups(&d);
        let books: Vec<_> = g.iter().map(|g| g.werkboek).collect();
        // Groups with errors first (both kinds: the one without a workbook, financien).
        assert_eq!(
            books,
            [None, Some("financien.xlsx"), Some("stakeholders.xlsx")]
        );
        let fin = &g[1];
        assert_eq!((fin.fouten, fin.waarschuwingen), (1, 2));
        let sheets: Vec<_> = fin.tabbladen.iter().map(|t| t.naam).collect();
        assert_eq!(sheets, [Some("Kostenregels"), Some("Dekking")]);
        let k: Vec<_> = fin.tabbladen[0]
            .items
            .iter()
            .map(|i| (i.code, i.plaats.as_str(), i.fout))
            .collect();
        assert_eq!(
            k,
            [
                ("F10", "Kostenregels!H7", true),
                ("F06", "Kostenregels!A1", false)
            ]
        );
        assert_eq!(g[2].tabbladen[0].items[0].plaats, "Randvoorwaarden, rij 7");
    }

    #[test]
    fn sizes_and_steps_read_well() {
        assert_eq!(grootte(1000), "1 kB");
        assert_eq!(grootte(5 * 1024 * 1024 + 300 * 1024), "5,3 MB");
        assert_eq!(grootte(25 * 1024 * 1024), "25 MB");
        assert_eq!(nice_step(930_000.0, 4.0), 250_000.0);
        assert_eq!(nice_step(80.0, 4.0), 20.0);
        assert_eq!(euro_as(250_000.0), "€ 250.000");
    }
}
