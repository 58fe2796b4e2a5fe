//! `regiodocs serve` over HTTP: uploads, findings, builds, downloads, and every refusal
//! (size, zip bomb, CSRF, token, another browser's upload), through the real router with
//! tower's `oneshot`; and the command itself as a process on a loopback port.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use regiodocs::serve::{App, Config, Limits};
use tower::ServiceExt;

use crate::fixtures::{Project, V};
use crate::util::{files, zip_files};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/foodvalley")
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_regiodocs")
}

/// A response, read whole.
pub struct Res {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Res {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }
}

/// One file part of a multipart form.
pub struct Part {
    pub name: &'static str,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl Part {
    pub fn file(name: &'static str, file_name: &str, bytes: Vec<u8>) -> Part {
        Part {
            name,
            file_name: file_name.into(),
            bytes,
        }
    }
}

/// A browser: the app's router plus this browser's cookies.
pub struct Browser {
    pub app: App,
    rt: std::sync::Arc<tokio::runtime::Runtime>,
    cookies: BTreeMap<String, String>,
}

impl Browser {
    pub fn new(config: Config) -> Browser {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        Browser {
            app: App::new(config).expect("app"),
            rt: std::sync::Arc::new(rt),
            cookies: BTreeMap::new(),
        }
    }

    pub fn local() -> Browser {
        Browser::new(Config::new("127.0.0.1:0".parse().unwrap()))
    }

    /// Another browser on the same server (no cookies).
    pub fn other(&self) -> Browser {
        Browser {
            app: self.app.clone(),
            rt: self.rt.clone(),
            cookies: BTreeMap::new(),
        }
    }

    pub fn send(&mut self, req: axum::http::request::Builder, body: Body) -> Res {
        let mut req = req.header(header::HOST, "127.0.0.1:8080");
        if !self.cookies.is_empty() {
            let c: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            req = req.header(header::COOKIE, c.join("; "));
        }
        let router = self.app.router();
        let res = self
            .rt
            .block_on(router.oneshot(req.body(body).unwrap()))
            .unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = self
            .rt
            .block_on(axum::body::to_bytes(res.into_body(), usize::MAX))
            .unwrap()
            .to_vec();
        for v in headers.get_all(header::SET_COOKIE) {
            let v = v.to_str().unwrap();
            let (kv, _) = v.split_once(';').unwrap_or((v, ""));
            let (k, val) = kv.split_once('=').unwrap();
            self.cookies.insert(k.into(), val.into());
        }
        Res {
            status,
            headers,
            body,
        }
    }

    pub fn get(&mut self, path: &str) -> Res {
        self.send(Request::get(path), Body::empty())
    }

    pub fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Res {
        let body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{k}={}", v.replace(' ', "+")))
            .collect();
        self.send(
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded"),
            Body::from(body.join("&")),
        )
    }

    /// A multipart form: `csrf` first (when given), then the files.
    pub fn post_files(&mut self, csrf: Option<&str>, parts: &[Part]) -> Res {
        let boundary = "----regiodocs-test-7d3b";
        let mut body = Vec::new();
        if let Some(c) = csrf {
            write!(
                body,
                "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{c}\r\n"
            )
            .unwrap();
        }
        for p in parts {
            write!(
                body,
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                p.name, p.file_name
            )
            .unwrap();
            body.extend_from_slice(&p.bytes);
            body.extend_from_slice(b"\r\n");
        }
        write!(body, "--{boundary}--\r\n").unwrap();
        self.send(
            Request::post("/werkboeken").header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            ),
            Body::from(body),
        )
    }

    /// Opens the start page (starting a session) and returns the form's CSRF token.
    pub fn csrf(&mut self) -> String {
        let page = self.get("/").text();
        value_after(&page, "name=\"csrf\" value=\"")
    }

    /// Uploads two workbooks through the page's form; returns the upload's id.
    pub fn upload(&mut self, stakeholders: &Path, financien: &Path) -> String {
        let csrf = self.csrf();
        let parts = [
            Part::file(
                "stakeholders",
                &stakeholders.file_name().unwrap().to_string_lossy(),
                std::fs::read(stakeholders).unwrap(),
            ),
            Part::file(
                "financien",
                &financien.file_name().unwrap().to_string_lossy(),
                std::fs::read(financien).unwrap(),
            ),
        ];
        let res = self.post_files(Some(&csrf), &parts);
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        let to = res.header(header::LOCATION);
        to.strip_prefix("/u/")
            .expect("redirect to the upload")
            .to_string()
    }

    pub fn upload_example(&mut self) -> String {
        self.upload(
            &example().join("stakeholders.xlsx"),
            &example().join("financien.xlsx"),
        )
    }

    /// Starts a build of upload `id` with the page's form.
    pub fn build(&mut self, id: &str) {
        let csrf = self.csrf();
        let res = self.post_form(&format!("/u/{id}/bouw"), &[("csrf", &csrf)]);
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    }

    /// Polls the build's status until it is neither waiting nor running.
    pub fn wait_built(&mut self, id: &str) -> serde_json::Value {
        let start = Instant::now();
        loop {
            let s = self.get(&format!("/u/{id}/status")).json();
            if s["toestand"] != "wachtrij" && s["toestand"] != "bezig" {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(600),
                "build too slow: {s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// The text between `marker` and the next `"`.
pub fn value_after(text: &str, marker: &str) -> String {
    let i = text
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in {text}"))
        + marker.len();
    text[i..].split('"').next().unwrap().to_string()
}

/// HTML-escaped as the page's templates escape text (minijinja escapes `/` too).
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;")
}

/// What `regiodocs build MAP --uit DIR` writes, without hidden files.
pub fn cli_build(map: &Path, uit: &Path) -> BTreeMap<String, Vec<u8>> {
    let out = Command::new(bin())
        .arg("build")
        .arg(map)
        .arg("--uit")
        .arg(uit)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    files(uit)
        .into_iter()
        .filter(|(k, _)| !k.split('/').any(|p| p.starts_with('.')))
        .collect()
}

/// The findings of `regiodocs check MAP --format json`.
pub fn cli_check(map: &Path) -> serde_json::Value {
    let out = Command::new(bin())
        .arg("check")
        .arg(map)
        .args(["--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_example_gets_the_findings_of_check_grouped_and_explained() {
    let mut b = Browser::local();
    let id = b.upload_example();
    let cli = cli_check(&example());
    let web = b.get(&format!("/u/{id}/bevindingen.json")).json();
    assert_eq!(web["diagnostics"], cli["diagnostics"]);
    assert_eq!(
        (&web["errors"], &web["warnings"]),
        (&cli["errors"], &cli["warnings"])
    );
    let diags = cli["diagnostics"].as_array().unwrap();
    assert_eq!(cli["errors"], 0, "the example has warnings only");
    assert!(
        diags.len() >= 2,
        "the example shows what warnings look like"
    );

    let page = b.get(&format!("/u/{id}"));
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert_eq!(html.matches("<li class=\"bevinding ").count(), diags.len());
    for d in diags {
        let code = d["code"].as_str().unwrap();
        let loc = &d["location"];
        let cell = format!(
            "{}!{}",
            loc["sheet"].as_str().unwrap(),
            loc["cell"].as_str().unwrap()
        );
        assert!(
            html.contains(&escaped(d["message"].as_str().unwrap())),
            "{d}"
        );
        assert!(
            html.contains(&escaped(d["hint"].as_str().unwrap_or(""))),
            "{d}"
        );
        assert!(
            html.contains(&format!("<span class=\"cel\">{cell}</span>")),
            "{cell}"
        );
        assert!(
            html.contains(&format!("href=\"/uitleg/{code}?u={id}\"")),
            "{code}"
        );
    }
    // Grouped by workbook, then sheet.
    let fin = html.find("<h3>financien.xlsx").expect("financien group");
    let sta = html
        .find("<h3>stakeholders.xlsx")
        .expect("stakeholders group");
    assert!(fin < html.find("<h4>Tabblad Dekking</h4>").unwrap());
    assert!(sta < html.find("<h4>Tabblad Randvoorwaarden</h4>").unwrap());
    assert!(
        html.contains(&format!("Geen fouten. {} waarschuwingen", diags.len())),
        "{html}"
    );
    // Warnings only: the documents can be made.
    assert!(html.contains(&format!("action=\"/u/{id}/bouw\"")));
    // The budget summary: totals per year, coverage and shares, as tables and charts.
    for text in [
        "De begroting in het kort",
        "<th scope=\"row\">Kosten</th>",
        "<th scope=\"row\">Niet gedekt</th>",
        "<th scope=\"row\">Dekking</th>",
        "<th scope=\"row\">Ede</th>",
        "<th scope=\"row\">Alle gemeenten</th>",
    ] {
        assert!(html.contains(text), "{text}");
    }
    assert_eq!(html.matches("<svg class=\"grafiek\"").count(), 2);
    assert!(
        html.contains("<title>2027: niet gedekt € 7.380,00</title>"),
        "the gap of K15 in 2027"
    );

    // The explanation each finding links to.
    let u = b.get(&format!("/uitleg/R18?u={id}"));
    assert_eq!(u.status, StatusCode::OK);
    let t = u.text();
    assert!(t.contains("Structurele kosten uit tijdelijk geld"), "{t}");
    assert!(t.contains(&format!("href=\"/u/{id}#bevindingen\"")));
    assert_eq!(b.get("/uitleg/r18").status, StatusCode::OK);
    assert_eq!(b.get("/uitleg/F99").status, StatusCode::NOT_FOUND);
    let all = b.get("/uitleg").text();
    for c in regiodocs::diag::Code::ALL {
        assert!(all.contains(&format!("id=\"{c}\"")), "{c}");
    }
}

#[test]
fn a_build_gives_the_bytes_of_the_cli_and_later_builds_wait_in_line() {
    let config = Config {
        gelijktijdig: 1,
        ..Config::new("127.0.0.1:0".parse().unwrap())
    };
    let mut b = Browser::new(config);
    let first = b.upload_example();
    let second = b.upload_example();
    b.build(&first);
    let start = Instant::now();
    while b.get(&format!("/u/{first}/status")).json()["toestand"] != "bezig" {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the first build starts"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    b.build(&second);
    // One build at a time: the second waits, and its page says where it is in line.
    let s = b.get(&format!("/u/{second}/status")).json();
    assert_eq!(s["toestand"], "wachtrij", "{s}");
    assert_eq!(s["positie"], 1, "{s}");
    let page = b.get(&format!("/u/{second}")).text();
    assert!(
        page.contains("In de wachtrij: u bent de volgende."),
        "{page}"
    );
    assert!(page.contains("<noscript><meta http-equiv=\"refresh\""));

    let done = b.wait_built(&first);
    assert_eq!(done["toestand"], "klaar", "{done}");
    let zip = b.get(&format!("/u/{first}/alles.zip"));
    assert_eq!(zip.status, StatusCode::OK);
    assert_eq!(zip.header(header::CONTENT_TYPE), "application/zip");
    assert_eq!(
        zip.header(header::CONTENT_DISPOSITION),
        "attachment; filename=\"regio-foodvalley-versie-1-0.zip\""
    );
    let tmp = tempfile::tempdir().unwrap();
    let cli = cli_build(&example(), &tmp.path().join("uit"));
    let web = zip_files(&zip.body);
    assert_eq!(
        web.keys().collect::<Vec<_>>(),
        cli.keys().collect::<Vec<_>>(),
        "same layout as regiodocs build"
    );
    for (name, bytes) in &cli {
        assert!(web[name] == *bytes, "{name} differs from the CLI's");
    }
    assert!(web.contains_key("gemeenten/GM0228-ede/samenwerkingsovereenkomst.pdf"));

    // The page lists every document per scope, with a preview and a download per file.
    let html = b.get(&format!("/u/{first}")).text();
    for text in [
        "Alles downloaden",
        "<h3>Regio Foodvalley</h3>",
        "<h3>Gemeente Ede (GM0228)</h3>",
        "<h3>Overzichten</h3>",
        "Opdracht\u{ad}beschrijving regio\u{ad}coördinator",
    ] {
        assert!(html.contains(text), "{text}");
    }
    assert_eq!(
        html.matches("class=\"bekijk\"").count(),
        cli.keys().filter(|k| k.ends_with(".pdf")).count()
    );
    for name in cli.keys() {
        let href = escaped(&format!("/u/{first}/bestand/{name}?download=1"));
        assert!(html.contains(&format!("href=\"{href}\"")), "{name}");
    }
    let pdf = b.get(&format!("/u/{first}/bestand/regio/regionaal-plan.pdf"));
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.body == cli["regio/regionaal-plan.pdf"]);
    assert_eq!(pdf.header(header::CONTENT_TYPE), "application/pdf");
    assert_eq!(
        pdf.header(header::CONTENT_DISPOSITION),
        "inline; filename=\"regio-regionaal-plan.pdf\""
    );
    assert_eq!(
        pdf.header(header::CONTENT_SECURITY_POLICY),
        "frame-ancestors 'self'"
    );
    assert_eq!(pdf.header(header::X_FRAME_OPTIONS), "SAMEORIGIN");
    let docx = b.get(&format!(
        "/u/{first}/bestand/gemeenten/GM0228-ede/plan.docx?download=1"
    ));
    assert!(docx.body == cli["gemeenten/GM0228-ede/plan.docx"]);
    assert_eq!(
        docx.header(header::CONTENT_DISPOSITION),
        "attachment; filename=\"GM0228-ede-plan.docx\""
    );
    for bad in [
        "../stakeholders.xlsx",
        "../invoer/stakeholders.xlsx",
        "regio",
        "/etc/passwd",
    ] {
        let r = b.get(&format!("/u/{first}/bestand/{bad}"));
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{bad}");
    }

    // The second build ran after the first, from the same inputs: the same ZIP, byte for byte.
    assert_eq!(b.wait_built(&second)["toestand"], "klaar");
    let again = b.get(&format!("/u/{second}/alles.zip"));
    assert!(again.body == zip.body, "a ZIP is deterministic");
}

#[test]
fn bad_workbooks_give_findings_and_no_build() {
    let mut p = Project::valid();
    p.sheet("Kostenregels").set("Tarief", 1, "abc");
    p.sheet("Kostenregels")
        .add_column("Opmerkingg", vec![V::from("x")]);
    let dir = p.write();
    let (s, f) = p.write_to(dir.path());
    let mut b = Browser::local();
    let id = b.upload(&s, &f);
    let json = b.get(&format!("/u/{id}/bevindingen.json")).json();
    let lib = regiodocs::pipeline::check(dir.path()).diagnostics;
    assert_eq!(json["diagnostics"], serde_json::to_value(&lib).unwrap());
    assert!(lib.has_errors());

    let html = b.get(&format!("/u/{id}")).text();
    let f10 = html
        .find("<span class=\"cel\">Kostenregels!G2</span>")
        .expect("F10 at G2");
    let first_error = html.find("bevinding is-fout").unwrap();
    let first_warning = html.find("bevinding is-waarschuwing").unwrap();
    assert!(
        first_error < f10 && first_error < first_warning,
        "errors first"
    );
    assert!(html.contains("href=\"/uitleg/F10?u="));
    assert!(
        html.contains("fouten in het invoerformaat"),
        "the page says why not"
    );
    assert!(
        !html.contains(&format!("action=\"/u/{id}/bouw\"")),
        "no build button"
    );
    assert!(!html.contains("De begroting in het kort"));
    assert!(html.contains("Werkboeken verbeterd? Kies ze opnieuw"));

    let csrf = b.csrf();
    let r = b.post_form(&format!("/u/{id}/bouw"), &[("csrf", &csrf)]);
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.text().contains("invoerformaat"), "{}", r.text());
    assert_eq!(b.get(&format!("/u/{id}/status")).json()["toestand"], "geen");
    assert_eq!(
        b.get(&format!("/u/{id}/alles.zip")).status,
        StatusCode::NOT_FOUND
    );
}

/// A zip file with one part of `size` zero bytes.
fn zip_with(size: usize) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("xl/worksheets/sheet1.xml", o).unwrap();
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..size / chunk.len() {
        w.write_all(&chunk).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Rewrites the sizes a zip file declares for its parts (local header and central
/// directory) to `declared`: a bomb that lies about what it unpacks to.
fn lie_about_sizes(mut z: Vec<u8>, declared: u32) -> Vec<u8> {
    let mut i = 0;
    while i + 4 <= z.len() {
        let offset = match &z[i..i + 4] {
            [0x50, 0x4b, 0x03, 0x04] => Some(22),
            [0x50, 0x4b, 0x01, 0x02] => Some(24),
            _ => None,
        };
        if let Some(o) = offset {
            z[i + o..i + o + 4].copy_from_slice(&declared.to_le_bytes());
        }
        i += 1;
    }
    z
}

#[test]
fn oversized_uploads_and_zip_bombs_are_refused_in_dutch() {
    let limits = Limits {
        bestand: 200 * 1024,
        uitgepakt: 4 * 1024 * 1024,
        ..Limits::default()
    };
    let config = Config {
        limieten: limits,
        ..Config::new("127.0.0.1:0".parse().unwrap())
    };
    let mut b = Browser::new(config);
    let good = std::fs::read(example().join("financien.xlsx")).unwrap();
    let csrf = b.csrf();
    let send = |b: &mut Browser, name: &str, bytes: Vec<u8>| {
        b.post_files(
            Some(&csrf),
            &[
                Part::file("stakeholders", name, bytes),
                Part::file("financien", "financien.xlsx", good.clone()),
            ],
        )
    };
    let refused = |r: &Res, status: StatusCode, dutch: &str| {
        assert_eq!(r.status, status, "{}", r.text());
        assert!(r.header(header::CONTENT_TYPE).starts_with("text/html"));
        assert!(r.text().contains(dutch), "{}", r.text());
    };

    let r = send(&mut b, "stakeholders.xlsx", vec![b'x'; 300 * 1024]);
    refused(
        &r,
        StatusCode::PAYLOAD_TOO_LARGE,
        "is groter dan 200 kB en is niet gelezen",
    );
    // A bomb: 64 MB of zeros in 64 kB.
    let bomb = zip_with(64 << 20);
    assert!(bomb.len() < 200 * 1024);
    let r = send(&mut b, "stakeholders.xlsx", bomb.clone());
    refused(
        &r,
        StatusCode::PAYLOAD_TOO_LARGE,
        "uitgepakt is het groter dan 4 MB",
    );
    // The same bomb declaring 1 kB per part: unpacking stops where the declaration ends
    // (here and when the workbook is read), so it is a damaged file, with its finding.
    let r = send(&mut b, "stakeholders.xlsx", lie_about_sizes(bomb, 1024));
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let liar = r.header(header::LOCATION).to_string();
    let html = b.get(&liar).text();
    assert!(html.contains("href=\"/uitleg/F02?u="), "{html}");
    assert!(html.contains("Stakeholders") || html.contains("stakeholders.xlsx"));
    // The whole request beyond the form's limit (here: an extra field the page never sends).
    let r = b.post_files(
        Some(&csrf),
        &[Part::file("bijlage", "x.bin", vec![0; 2 << 20])],
    );
    refused(&r, StatusCode::PAYLOAD_TOO_LARGE, "samen te groot");
    // Not a workbook by its name; only one workbook.
    let r = send(&mut b, "stakeholders.exe", good.clone());
    refused(&r, StatusCode::BAD_REQUEST, "is geen werkboek");
    let r = b.post_files(
        Some(&csrf),
        &[Part::file("financien", "financien.xlsx", good.clone())],
    );
    refused(
        &r,
        StatusCode::BAD_REQUEST,
        "Kies ook het werkboek stakeholders",
    );
    assert_eq!(
        b.app.upload_count(),
        1,
        "nothing refused is kept (only the damaged one)"
    );

    // A file that only looks like a workbook is read, and gets its finding.
    let mut b2 = b.other();
    let csrf2 = b2.csrf();
    let r = b2.post_files(
        Some(&csrf2),
        &[
            Part::file(
                "stakeholders",
                "Stakeholders (2).XLSX",
                b"geen werkboek".to_vec(),
            ),
            Part::file("financien", "financien.xlsx", good),
        ],
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let id = r
        .header(header::LOCATION)
        .trim_start_matches("/u/")
        .to_string();
    let html = b2.get(&format!("/u/{id}")).text();
    assert!(
        html.contains("Stakeholders (2).XLSX"),
        "the name as sent is shown"
    );
    assert!(html.contains("geen leesbaar werkboek"), "{html}");
    assert!(html.contains("href=\"/uitleg/F02?u="));
}

#[test]
fn uploads_are_private_to_their_browser_and_removed() {
    let config = Config {
        bewaartijd: Duration::from_secs(3600),
        ..Config::new("127.0.0.1:0".parse().unwrap())
    };
    let mut a = Browser::new(config);
    let id = a.upload_example();
    let mut other = a.other();
    let csrf = other.csrf();
    for path in [
        format!("/u/{id}"),
        format!("/u/{id}/status"),
        format!("/u/{id}/bevindingen.json"),
        format!("/u/{id}/alles.zip"),
        format!("/u/{id}/bestand/manifest.json"),
        "/u/0123456789abcdef0123456789abcdef".to_string(),
        "/u/".to_string(),
        "/u".to_string(),
    ] {
        let r = other.get(&path);
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(r.text().contains("Deze pagina bestaat niet (meer)"));
    }
    for action in ["bouw", "verwijderen"] {
        let r = other.post_form(&format!("/u/{id}/{action}"), &[("csrf", &csrf)]);
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{action}");
    }
    // Without any cookie: nothing either.
    let mut nobody = a.other();
    assert_eq!(
        nobody.get(&format!("/u/{id}")).status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(a.get(&format!("/u/{id}")).status, StatusCode::OK);

    // Removed on request.
    let mine = a.csrf();
    let r = a.post_form(&format!("/u/{id}/verwijderen"), &[("csrf", &mine)]);
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header(header::LOCATION), "/?verwijderd=1");
    assert!(a.get("/?verwijderd=1").text().contains("zijn verwijderd"));
    assert_eq!(a.get(&format!("/u/{id}")).status, StatusCode::NOT_FOUND);
    assert_eq!(a.app.upload_count(), 0);

    // Removed after the keeping time.
    let config = Config {
        bewaartijd: Duration::ZERO,
        ..Config::new("127.0.0.1:0".parse().unwrap())
    };
    let mut c = Browser::new(config);
    let id = c.upload_example();
    std::thread::sleep(Duration::from_millis(5));
    assert_eq!(c.app.remove_expired(), 1);
    assert_eq!(c.get(&format!("/u/{id}")).status, StatusCode::NOT_FOUND);
}

#[test]
fn forms_need_their_csrf_token_and_other_addresses_an_access_token() {
    let mut b = Browser::local();
    let id = b.upload_example();
    let good = std::fs::read(example().join("financien.xlsx")).unwrap();
    let files = || {
        vec![
            Part::file("stakeholders", "stakeholders.xlsx", good.clone()),
            Part::file("financien", "financien.xlsx", good.clone()),
        ]
    };
    let forbidden = |r: Res| {
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
        assert!(r.text().contains("Formulier verlopen"), "{}", r.text());
    };
    forbidden(b.post_files(None, &files()));
    forbidden(b.post_files(Some("00ff"), &files()));
    forbidden(b.post_form(&format!("/u/{id}/bouw"), &[]));
    forbidden(b.post_form(&format!("/u/{id}/verwijderen"), &[("csrf", "abc")]));
    forbidden(b.post_form("/voorbeeld", &[]));
    // Another browser's token is no good either, nor a token without a session.
    let mut other = b.other();
    let theirs = other.csrf();
    forbidden(b.post_form(&format!("/u/{id}/bouw"), &[("csrf", &theirs)]));
    let mut fresh = b.other();
    forbidden(fresh.post_files(Some(&theirs), &files()));
    assert_eq!(b.app.upload_count(), 1);
    assert_eq!(b.get(&format!("/u/{id}/status")).json()["toestand"], "geen");

    // On loopback without a token, only loopback names are answered (no DNS rebinding).
    let r = b.send(
        Request::get("/").header(header::HOST, "evil.example:8080"),
        Body::empty(),
    );
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // Any other address: an access token, generated when none is given.
    let mut t = Browser::new(Config::new("0.0.0.0:0".parse().unwrap()));
    let token = t.app.token().expect("a generated token").to_string();
    assert!(token.len() >= regiodocs::serve::MIN_TOKEN);
    for path in ["/", "/static/app.js", "/uitleg", "/?token=fout"] {
        let r = t.get(path);
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        assert!(r.text().contains("toegangstoken"));
    }
    let r = t.send(
        Request::get("/").header(header::AUTHORIZATION, format!("Bearer {token}")),
        Body::empty(),
    );
    assert_eq!(r.status, StatusCode::OK);
    let r = t.get(&format!("/?token={token}"));
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.header(header::LOCATION),
        "/",
        "the token leaves the address bar"
    );
    assert_eq!(
        t.get("/").status,
        StatusCode::OK,
        "the cookie carries the token"
    );
    let id = t.upload_example();
    assert_eq!(t.get(&format!("/u/{id}")).status, StatusCode::OK);

    let weak = Config {
        token: Some("kort".into()),
        ..Config::new("0.0.0.0:0".parse().unwrap())
    };
    let e = App::new(weak).err().expect("a short token is refused");
    assert!(e.to_string().contains("te kort"), "{e}");
}

#[test]
fn pages_are_self_contained_under_a_strict_policy() {
    let mut b = Browser::local();
    let start = b.get("/");
    let id = b.upload_example();
    let upload = b.get(&format!("/u/{id}"));
    let uitleg = b.get("/uitleg/F18");
    let missing = b.get("/bestaat-niet");
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    for r in [&start, &upload, &uitleg, &missing] {
        let csp = r.header(header::CONTENT_SECURITY_POLICY);
        assert!(csp.contains("default-src 'none'"), "{csp}");
        assert!(csp.contains("script-src 'self';"), "{csp}");
        assert!(csp.contains("style-src 'self';"), "{csp}");
        assert!(!csp.contains("unsafe"), "{csp}");
        assert_eq!(r.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert_eq!(r.header(header::REFERRER_POLICY), "no-referrer");
        assert_eq!(r.header(header::X_FRAME_OPTIONS), "DENY");
        assert_eq!(r.header(header::CACHE_CONTROL), "no-store");
        let html = r.text();
        assert!(html.starts_with("<!doctype html>\n<html lang=\"nl\">"));
        // No inline script or style, no request to anyone else.
        assert_eq!(
            html.matches("<script").count(),
            html.matches("<script src=\"/static/app.js\" defer></script>")
                .count()
        );
        assert!(!html.contains(" style="), "inline style");
        assert!(!html.contains("<style"), "inline style");
        assert!(!html.contains(" onclick=") && !html.contains(" onload="));
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "{html}"
        );
    }
    let cookie = start.header(header::SET_COOKIE);
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    for (name, ty) in [
        ("app.js", "text/javascript; charset=utf-8"),
        ("stijl.css", "text/css; charset=utf-8"),
        ("icoon.svg", "image/svg+xml"),
    ] {
        let r = b.get(&format!("/static/{name}"));
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header(header::CONTENT_TYPE), ty);
        let file = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/serve/assets")
            .join(name);
        assert!(
            r.body == std::fs::read(file).unwrap(),
            "{name} is the embedded file"
        );
    }
    let css = b.get("/static/stijl.css").text();
    assert!(!css.contains("url("), "the style sheet fetches nothing");
    assert!(!css.contains("@import"));
    assert_eq!(b.get("/static/../Cargo.toml").status, StatusCode::NOT_FOUND);
}

#[test]
fn the_workbooks_to_download_are_what_init_writes() {
    let tmp = tempfile::tempdir().unwrap();
    for (dir, extra) in [("leeg", None), ("voorbeeld", Some("--voorbeeld"))] {
        let mut c = Command::new(bin());
        c.arg("init")
            .arg(tmp.path().join(dir))
            .arg("--zonder-templates");
        c.args(extra);
        assert!(c.status().unwrap().success());
    }
    let mut b = Browser::local();
    for (soort, stem, name) in [
        ("leeg", "stakeholders", "stakeholders.xlsx"),
        ("leeg", "financien", "financien.xlsx"),
        ("voorbeeld", "stakeholders", "stakeholders-voorbeeld.xlsx"),
        ("voorbeeld", "financien", "financien-voorbeeld.xlsx"),
    ] {
        let r = b.get(&format!("/werkboeken/{soort}/{stem}.xlsx"));
        assert_eq!(r.status, StatusCode::OK);
        let init = std::fs::read(tmp.path().join(soort).join(format!("{stem}.xlsx"))).unwrap();
        assert!(r.body == init, "{soort}/{stem}");
        assert_eq!(
            r.header(header::CONTENT_DISPOSITION),
            format!("attachment; filename=\"{name}\"")
        );
    }
    assert_eq!(
        b.get("/werkboeken/leeg/passwd.xlsx").status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        b.get("/werkboeken/ander/financien.xlsx").status,
        StatusCode::NOT_FOUND
    );
    // The start page offers them, and the example in one click.
    let start = b.get("/").text();
    for link in [
        "/werkboeken/leeg/stakeholders.xlsx",
        "/werkboeken/voorbeeld/financien.xlsx",
    ] {
        assert!(start.contains(&format!("href=\"{link}\"")), "{link}");
    }
    let csrf = b.csrf();
    let r = b.post_form("/voorbeeld", &[("csrf", &csrf)]);
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let html = b.get(r.header(header::LOCATION)).text();
    assert!(html.contains("Regio Foodvalley"));
    let warnings = cli_check(&example())["warnings"].clone();
    assert!(html.contains(&format!("Geen fouten. {warnings} waarschuwingen")));
}

/// Reads the child's stderr until a line contains `marker`; returns that line.
fn line_with(lines: &mut impl Iterator<Item = std::io::Result<String>>, marker: &str) -> String {
    for l in lines {
        let l = l.unwrap();
        if l.contains(marker) {
            return l;
        }
    }
    panic!("no line with {marker}");
}

/// A plain HTTP/1.1 GET on a real socket; returns the status line and the body.
fn http_get(addr: &str, path: &str) -> (String, String) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out.lines().next().unwrap_or_default().to_string();
    let body = out
        .split_once("\r\n\r\n")
        .map(|x| x.1)
        .unwrap_or_default()
        .to_string();
    (status, body)
}

/// Stops a server we started the way a user does (Ctrl-C) and returns its last words.
fn interrupt(
    mut child: std::process::Child,
    rest: impl Iterator<Item = std::io::Result<String>>,
) -> String {
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out: Vec<String> = rest.map_while(Result::ok).collect();
    assert!(child.wait().unwrap().success());
    out.join("\n")
}

#[test]
fn the_command_serves_on_loopback_and_needs_a_token_elsewhere() {
    let mut child = Command::new(bin())
        .args(["serve", "--adres", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let line = line_with(&mut lines, "Open in uw browser: ");
    let url = line.rsplit(' ').next().unwrap();
    let addr = url
        .strip_prefix("http://127.0.0.1:")
        .map(|rest| format!("127.0.0.1:{}", rest.trim_end_matches('/')))
        .unwrap_or_else(|| panic!("a loopback address: {line}"));
    let (status, body) = http_get(&addr, "/");
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    assert!(body.contains("Werkboeken kiezen"));
    let last = interrupt(child, lines);
    assert!(
        last.contains(
            "regiodocs is gestopt: 0 keer werkboeken gecontroleerd, 0 keer stukken gemaakt"
        ),
        "{last}"
    );

    // On all addresses: a generated token, printed; without it, no page.
    let mut child = Command::new(bin())
        .args(["serve", "--adres", "0.0.0.0:0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let line = line_with(&mut lines, "?token=");
    let (before, token) = line.rsplit_once("/?token=").unwrap();
    let port = before.rsplit(':').next().unwrap();
    assert_eq!(token.len(), 40, "{line}");
    let addr = format!("127.0.0.1:{port}");
    let (status, body) = http_get(&addr, "/");
    assert!(status.starts_with("HTTP/1.1 403"), "{status}");
    assert!(body.contains("toegangstoken"));
    let (status, _) = http_get(&addr, &format!("/?token={token}"));
    assert!(status.starts_with("HTTP/1.1 303"), "{status}");
    interrupt(child, lines);

    let out = Command::new(bin())
        .args(["serve", "--adres", "0.0.0.0:0", "--token", "kort"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("te kort"));
}
