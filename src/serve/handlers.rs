//! The routes. Every handler is thin: it checks session, CSRF token and ownership, hands
//! blocking work (reading workbooks, checking, reading files) to `spawn_blocking`, and
//! renders a page from [`super::page`].
//!
//! | route | what |
//! | --- | --- |
//! | `GET /` | the start page: choose or drop the workbooks, download empty ones or the example |
//! | `POST /werkboeken` | upload the two workbooks (multipart); 303 to the upload's page |
//! | `POST /voorbeeld` | the example as an upload, to try the page |
//! | `GET /u/{id}` | findings, build, documents, budget summary |
//! | `GET /u/{id}/status` | the build's progress as JSON (the page's script asks every second) |
//! | `GET /u/{id}/bevindingen.json` | the findings as `regiodocs check --format json` gives them |
//! | `POST /u/{id}/bouw` | put a build in line |
//! | `POST /u/{id}/verwijderen` | remove the upload now |
//! | `GET /u/{id}/bestand/{pad}` | one output file (`?download=1`: as attachment) |
//! | `GET /u/{id}/alles.zip` | every output file in one ZIP |
//! | `GET /werkboeken/{leeg,voorbeeld}/{stakeholders,financien}.xlsx` | what `init` writes |
//! | `GET /uitleg`, `GET /uitleg/{code}` | what the finding codes mean |
//! | `GET /static/{naam}` | the embedded script, style sheet and icon |

use std::sync::atomic::Ordering;

use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::FormRejection;
use axum::extract::{DefaultBodyLimit, Form, Multipart, Path, Query, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE,
    SET_COOKIE, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};

use super::App;
use super::builds;
use super::page::{self, Fout, Kiezen, Status};
use super::security::{self, csrf_ok, csrf_token, disposition, is_id, session, session_or_new};
use super::uploads::Werkboek;
use crate::schema;

/// The routes of `app`, behind the access check, with the security headers.
pub(super) fn router(app: App) -> Router {
    let upload_limit = 2 * app.0.config.limieten.bestand + 1024 * 1024;
    Router::new()
        .route("/", get(start))
        .route(
            "/werkboeken",
            post(werkboeken).layer(DefaultBodyLimit::max(
                usize::try_from(upload_limit).unwrap_or(usize::MAX),
            )),
        )
        .route("/voorbeeld", post(voorbeeld))
        .route("/u/{id}", get(upload))
        .route("/u/{id}/status", get(status))
        .route("/u/{id}/bevindingen.json", get(bevindingen))
        .route("/u/{id}/bouw", post(bouw))
        .route("/u/{id}/verwijderen", post(verwijderen))
        .route("/u/{id}/alles.zip", get(zip))
        .route("/u/{id}/bestand/{*pad}", get(bestand))
        .route("/werkboeken/{soort}/{naam}", get(werkboek))
        .route("/uitleg", get(uitleg_alle))
        .route("/uitleg/{code}", get(uitleg))
        .route("/static/{naam}", get(asset))
        .fallback(|| async { Fout::niet_gevonden() })
        .layer(middleware::from_fn_with_state(app.clone(), security::guard))
        .layer(middleware::from_fn(security::headers))
        .with_state(app)
}

/// The session's CSRF token.
fn csrf(app: &App, sessie: &str) -> String {
    csrf_token(&app.0.key, sessie)
}

fn kiezen(app: &App, sessie: &str) -> Kiezen {
    Kiezen::new(csrf(app, sessie), app.0.config.limieten.bestand)
}

/// Adds the cookie of a new session to a response.
fn with_cookie(res: impl IntoResponse, cookie: Option<HeaderValue>) -> Response {
    let mut res = res.into_response();
    if let Some(c) = cookie {
        res.headers_mut().insert(SET_COOKIE, c);
    }
    res
}

#[derive(Deserialize)]
struct StartQuery {
    verwijderd: Option<String>,
}

async fn start(
    State(app): State<App>,
    headers: HeaderMap,
    Query(q): Query<StartQuery>,
) -> Result<Response, Fout> {
    let (sessie, cookie) = session_or_new(&headers)?;
    let html = page::start(&kiezen(&app, &sessie), q.verwijderd.is_some())?;
    Ok(with_cookie(Html(html), cookie))
}

/// The session and, for a form, its valid CSRF token; 403 otherwise.
fn checked_session(app: &App, headers: &HeaderMap, given: Option<&str>) -> Result<String, Fout> {
    let sessie = session(headers).ok_or_else(Fout::csrf)?;
    if !csrf_ok(&app.0.key, &sessie, given) {
        return Err(Fout::csrf());
    }
    Ok(sessie)
}

/// A name from the sender's computer, fit to show: its last path part, no control
/// characters, at most 100 characters. It is never used as a path.
fn shown_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    last.chars().filter(|c| !c.is_control()).take(100).collect()
}

/// The accepted extension of a file name (`Financien.XLSX` → `xlsx`).
fn extension(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    crate::ingest::EXTENSIONS
        .iter()
        .copied()
        .find(|e| *e == ext)
}

impl Fout {
    fn bestand_te_groot(naam: &str, limit: u64) -> Fout {
        Fout::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Bestand te groot",
            &format!(
                "Het bestand ‘{naam}’ is groter dan {} en is niet gelezen. Een werkboek van een regio is veel kleiner; kies het juiste bestand.",
                page::grootte(limit)
            ),
        )
    }

    fn verzoek_te_groot() -> Fout {
        Fout::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Bestanden te groot",
            "De gekozen bestanden zijn samen te groot en zijn niet gelezen. Kies de twee werkboeken van de regio.",
        )
    }

    fn geen_werkboek(naam: &str) -> Fout {
        Fout::new(
            StatusCode::BAD_REQUEST,
            "Geen werkboek",
            &format!(
                "‘{naam}’ is geen werkboek. Kies een bestand dat eindigt op .xlsx, .xlsm, .xls of .ods."
            ),
        )
    }

    fn ontbreekt(welke: &str) -> Fout {
        Fout::new(
            StatusCode::BAD_REQUEST,
            "Werkboek ontbreekt",
            &format!(
                "Kies ook het werkboek {welke}. regiodocs heeft ze allebei nodig: stakeholders (van de regiocoördinator) en financien (van de financieel adviseur)."
            ),
        )
    }
}

/// A multipart error: too large (413) or not the page's form (400).
fn multipart_fout(e: axum::extract::multipart::MultipartError) -> Fout {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Fout::verzoek_te_groot()
    } else {
        Fout::formulier()
    }
}

async fn read_field(
    field: &mut axum::extract::multipart::Field<'_>,
    limit: u64,
    naam: &str,
) -> Result<Vec<u8>, Fout> {
    let mut out = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(multipart_fout)? {
        if (out.len() + chunk.len()) as u64 > limit {
            return Err(Fout::bestand_te_groot(naam, limit));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// `POST /werkboeken`: the form sends `csrf` first, then `stakeholders` and `financien`.
async fn werkboeken(
    State(app): State<App>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, Fout> {
    let sessie = session(&headers).ok_or_else(Fout::csrf)?;
    let mut mp = multipart.map_err(|_| Fout::formulier())?;
    let limit = app.0.config.limieten.bestand;
    let mut token: Option<String> = None;
    let mut files: Vec<Werkboek> = Vec::new();
    while let Some(mut field) = mp.next_field().await.map_err(multipart_fout)? {
        let stem = match field.name() {
            Some("csrf") => {
                let bytes = read_field(&mut field, 256, "csrf").await?;
                token = Some(String::from_utf8_lossy(&bytes).into_owned());
                continue;
            }
            Some("stakeholders") => schema::STAKEHOLDERS.stem,
            Some("financien") => schema::FINANCIEN.stem,
            _ => continue,
        };
        // Nothing of a file is read before the form has proved it comes from the page.
        if !csrf_ok(&app.0.key, &sessie, token.as_deref()) {
            return Err(Fout::csrf());
        }
        let naam = shown_name(field.file_name().unwrap_or_default());
        let bytes = read_field(&mut field, limit, &naam).await?;
        if bytes.is_empty() {
            continue;
        }
        let ext = extension(&naam).ok_or_else(|| Fout::geen_werkboek(&naam))?;
        files.retain(|f| f.stem != stem);
        files.push(Werkboek {
            stem,
            ext,
            naam,
            bytes,
        });
    }
    if !csrf_ok(&app.0.key, &sessie, token.as_deref()) {
        return Err(Fout::csrf());
    }
    for stem in [schema::STAKEHOLDERS.stem, schema::FINANCIEN.stem] {
        if !files.iter().any(|f| f.stem == stem) {
            return Err(Fout::ontbreekt(stem));
        }
    }
    accept(app, sessie, files).await
}

/// Checks and keeps an upload (on a blocking thread); 303 to its page.
async fn accept(app: App, sessie: String, files: Vec<Werkboek>) -> Result<Response, Fout> {
    let _turn = app.0.checks.acquire().await.map_err(Fout::intern)?;
    let a = app.clone();
    let id = tokio::task::spawn_blocking(move || {
        let c = &a.0.config;
        a.0.uploads
            .accept(&sessie, &c.limieten, files, c.bewaartijd)
    })
    .await
    .map_err(Fout::intern)??;
    app.0.uploads_done.fetch_add(1, Ordering::Relaxed);
    Ok(Redirect::to(&format!("/u/{id}")).into_response())
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: Option<String>,
}

/// `POST /voorbeeld`: the example workbooks, as if uploaded.
async fn voorbeeld(
    State(app): State<App>,
    headers: HeaderMap,
    form: Result<Form<CsrfForm>, FormRejection>,
) -> Result<Response, Fout> {
    let Form(f) = form.map_err(|_| Fout::formulier())?;
    let sessie = checked_session(&app, &headers, f.csrf.as_deref())?;
    let files = tokio::task::spawn_blocking(|| {
        schema::WORKBOOKS
            .iter()
            .map(|spec| {
                Ok(Werkboek {
                    stem: spec.stem,
                    ext: "xlsx",
                    naam: format!("{} (voorbeeld)", spec.stem),
                    bytes: crate::workbooks::workbook_bytes(spec, true)?,
                })
            })
            .collect::<Result<Vec<_>, crate::workbooks::InitError>>()
    })
    .await
    .map_err(Fout::intern)?
    .map_err(Fout::intern)?;
    accept(app, sessie, files).await
}

/// The upload `id` of this request's session; 404 for anything else.
fn owned(app: &App, id: &str, headers: &HeaderMap) -> Result<super::uploads::Snapshot, Fout> {
    if !is_id(id) {
        return Err(Fout::niet_gevonden());
    }
    app.0
        .uploads
        .get(id, session(headers).as_deref())
        .ok_or_else(Fout::niet_gevonden)
}

async fn upload(
    State(app): State<App>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Html<String>, Fout> {
    let snap = owned(&app, &id, &headers)?;
    let sessie = session(&headers).unwrap_or_default();
    let html = page::upload(
        &id,
        &kiezen(&app, &sessie),
        &snap,
        app.0.queue.position(&id),
    )?;
    Ok(Html(html))
}

async fn status(
    State(app): State<App>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Fout> {
    let snap = owned(&app, &id, &headers)?;
    Ok(page::json(&Status::of(&snap, app.0.queue.position(&id))))
}

/// The findings with the keys of `regiodocs check --format json` (without the folder, which
/// is the server's business).
#[derive(Serialize)]
struct Bevindingen<'a> {
    errors: usize,
    warnings: usize,
    diagnostics: &'a crate::diag::Diagnostics,
}

async fn bevindingen(
    State(app): State<App>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Fout> {
    let snap = owned(&app, &id, &headers)?;
    let d = &snap.controle.bevindingen;
    Ok(page::json(&Bevindingen {
        errors: d.error_count(),
        warnings: d.warning_count(),
        diagnostics: d,
    }))
}

#[derive(Deserialize)]
struct BouwForm {
    csrf: Option<String>,
    concept: Option<String>,
}

async fn bouw(
    State(app): State<App>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Result<Form<BouwForm>, FormRejection>,
) -> Result<Response, Fout> {
    let Form(f) = form.map_err(|_| Fout::formulier())?;
    let sessie = checked_session(&app, &headers, f.csrf.as_deref())?;
    let snap = owned(&app, &id, &headers)?;
    if let Some(why) = snap.controle.blokkade {
        return Err(Fout::new(StatusCode::CONFLICT, "Nog geen stukken", why));
    }
    let (voortgang, new) = app
        .0
        .uploads
        .enqueue(&id, &sessie, f.concept.is_some())
        .ok_or_else(Fout::niet_gevonden)?;
    if new {
        builds::start(&app, id.clone(), voortgang);
    }
    Ok(Redirect::to(&format!("/u/{id}#stukken")).into_response())
}

async fn verwijderen(
    State(app): State<App>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Result<Form<CsrfForm>, FormRejection>,
) -> Result<Response, Fout> {
    let Form(f) = form.map_err(|_| Fout::formulier())?;
    let sessie = checked_session(&app, &headers, f.csrf.as_deref())?;
    if !is_id(&id) || !app.0.uploads.remove(&id, &sessie) {
        return Err(Fout::niet_gevonden());
    }
    Ok(Redirect::to("/?verwijderd=1").into_response())
}

/// A file from disk, streamed in chunks (a national project's ZIP is large), with its
/// headers; 404 when it is gone (replaced by a newer build).
async fn send_file(
    path: std::path::PathBuf,
    content_type: &'static str,
    disposition: HeaderValue,
    preview: bool,
) -> Result<Response, Fout> {
    use tokio::io::AsyncReadExt;
    let file = tokio::fs::File::open(&path)
        .await
        .map_err(|_| Fout::niet_gevonden())?;
    let len = file
        .metadata()
        .await
        .map_err(|_| Fout::niet_gevonden())?
        .len();
    let chunks = futures_util::stream::unfold(Some(file), |file| async move {
        let mut f = file?;
        let mut buf = vec![0u8; 256 * 1024];
        match f.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(axum::body::Bytes::from(buf)), Some(f)))
            }
            Err(e) => Some((Err(e), None)),
        }
    });
    let mut res = axum::body::Body::from_stream(chunks).into_response();
    let h = res.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(CONTENT_DISPOSITION, disposition);
    if preview {
        h.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(security::CSP_PREVIEW),
        );
        h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("SAMEORIGIN"));
    }
    Ok(res)
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, e)| e) {
        Some("pdf") => "application/pdf",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("json") => "application/json",
        Some("zip") => "application/zip",
        _ => "application/octet-stream",
    }
}

#[derive(Deserialize)]
struct DownloadQuery {
    download: Option<String>,
}

async fn bestand(
    State(app): State<App>,
    Path((id, pad)): Path<(String, String)>,
    Query(q): Query<DownloadQuery>,
    headers: HeaderMap,
) -> Result<Response, Fout> {
    let snap = owned(&app, &id, &headers)?;
    let r = snap.laatste.ok_or_else(Fout::niet_gevonden)?;
    let path = r.file(&pad).ok_or_else(Fout::niet_gevonden)?;
    let preview = pad.ends_with(".pdf") && q.download.is_none();
    // `gemeenten/GM0228-ede/plan.pdf` is saved as `GM0228-ede-plan.pdf`.
    let naam = pad.strip_prefix("gemeenten/").unwrap_or(&pad);
    send_file(
        path,
        content_type(&pad),
        disposition(naam, !preview),
        preview,
    )
    .await
}

async fn zip(
    State(app): State<App>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Fout> {
    let snap = owned(&app, &id, &headers)?;
    let r = snap.laatste.ok_or_else(Fout::niet_gevonden)?;
    if r.bestanden.is_empty() {
        return Err(Fout::niet_gevonden());
    }
    send_file(
        r.zip(),
        "application/zip",
        disposition(&r.zip_naam, true),
        false,
    )
    .await
}

/// `GET /werkboeken/{leeg,voorbeeld}/{stakeholders,financien}.xlsx`: the bytes `init`
/// writes.
async fn werkboek(Path((soort, naam)): Path<(String, String)>) -> Result<Response, Fout> {
    let voorbeeld = match soort.as_str() {
        "leeg" => false,
        "voorbeeld" => true,
        _ => return Err(Fout::niet_gevonden()),
    };
    let spec = schema::WORKBOOKS
        .iter()
        .find(|w| naam == format!("{}.xlsx", w.stem))
        .ok_or_else(Fout::niet_gevonden)?;
    let bytes =
        tokio::task::spawn_blocking(move || crate::workbooks::workbook_bytes(spec, voorbeeld))
            .await
            .map_err(Fout::intern)?
            .map_err(Fout::intern)?;
    let name = if voorbeeld {
        format!("{}-voorbeeld.xlsx", spec.stem)
    } else {
        naam
    };
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(content_type(".xlsx")),
    );
    h.insert(CONTENT_DISPOSITION, disposition(&name, true));
    Ok(res)
}

#[derive(Deserialize)]
struct UitlegQuery {
    u: Option<String>,
}

/// The upload whose findings page an explanation was opened from (for the way back).
fn terug(q: &UitlegQuery) -> Option<&str> {
    q.u.as_deref().filter(|u| is_id(u))
}

async fn uitleg(
    Path(code): Path<String>,
    Query(q): Query<UitlegQuery>,
) -> Result<Html<String>, Fout> {
    let u = super::uitleg(&code).ok_or_else(Fout::niet_gevonden)?;
    Ok(Html(page::uitleg(&[u], true, terug(&q))?))
}

async fn uitleg_alle(Query(q): Query<UitlegQuery>) -> Result<Html<String>, Fout> {
    Ok(Html(page::uitleg(&super::alle_uitleg(), false, terug(&q))?))
}

async fn asset(Path(naam): Path<String>) -> Result<Response, Fout> {
    let (_, ty, bytes) = page::ASSETS
        .iter()
        .find(|(n, _, _)| *n == naam)
        .ok_or_else(Fout::niet_gevonden)?;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(ty));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(res)
}
