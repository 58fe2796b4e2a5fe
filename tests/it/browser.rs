//! A real browser on the page: headless Chromium (Debian's package), driven over the
//! DevTools protocol (a websocket, no Node, no driver), does what a coordinator does:
//! opens the page, picks the two example workbooks, reads the findings, builds, looks at a
//! PDF, downloads the ZIP. The ZIP must hold exactly the files of `regiodocs build`.
//!
//! A screenshot of every step is kept in `target/tmp/serve-browser/` (printed by the test).
//! Without Chromium the test is skipped, unless `CI` is set: then it fails.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

use crate::serve::{cli_build, cli_check};
use crate::util::{have, zip_files};

/// The Chromium on this machine, if any.
fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| have(c))
}

/// One headless Chromium with one page, spoken to over the DevTools protocol.
struct Browser {
    child: Child,
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    session: String,
    next: u64,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start(exe: &str, downloads: &Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let child = Command::new(exe)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--remote-debugging-port=0",
                "--window-size=1280,900",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromium starts");
        // Chromium writes its port and the browser's websocket path here once it listens.
        let file = profile.path().join("DevToolsActivePort");
        let start = Instant::now();
        let (port, path) = loop {
            if let Ok(s) = std::fs::read_to_string(&file)
                && let Some((port, path)) = s.split_once('\n')
                && path.trim().starts_with("/devtools/")
            {
                break (port.trim().to_string(), path.trim().to_string());
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "chromium did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        let (ws, _) = tungstenite::connect(format!("ws://127.0.0.1:{port}{path}")).unwrap();
        if let MaybeTlsStream::Plain(s) = ws.get_ref() {
            s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        }
        let mut b = Browser {
            child,
            ws,
            session: String::new(),
            next: 0,
            _profile: profile,
        };
        b.command(
            None,
            "Browser.setDownloadBehavior",
            json!({"behavior": "allow", "downloadPath": downloads.to_str().unwrap()}),
        );
        let target = b.command(None, "Target.createTarget", json!({"url": "about:blank"}));
        let attached = b.command(
            None,
            "Target.attachToTarget",
            json!({"targetId": target["targetId"], "flatten": true}),
        );
        b.session = attached["sessionId"].as_str().unwrap().to_string();
        b.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false}),
        );
        b
    }

    /// Sends one command (to the page's session, or to the browser) and waits for its answer;
    /// events in between are ignored.
    fn command(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        self.ws.send(Message::text(msg.to_string())).unwrap();
        loop {
            let m = self.ws.read().unwrap_or_else(|e| panic!("{method}: {e}"));
            let Message::Text(t) = m else { continue };
            let v: Value = serde_json::from_str(t.as_str()).unwrap();
            if v["id"].as_u64() == Some(id) {
                assert!(v.get("error").is_none(), "{method}: {v}");
                return v["result"].clone();
            }
        }
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        let s = self.session.clone();
        self.command(Some(&s), method, params)
    }

    /// Evaluates an expression in the page and returns its value.
    fn eval(&mut self, js: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": js, "returnByValue": true, "awaitPromise": true}),
        );
        assert!(r.get("exceptionDetails").is_none(), "{js}: {r}");
        r["result"]["value"].clone()
    }

    /// Waits until an expression is true in the page.
    fn wait_for(&mut self, js: &str, timeout: Duration) {
        let start = Instant::now();
        while self.eval(&format!("Boolean({js})")) != json!(true) {
            assert!(start.elapsed() < timeout, "waited {timeout:?} for {js}");
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    fn navigate(&mut self, url: &str) {
        self.call("Page.navigate", json!({"url": url}));
        self.wait_for(
            &format!("location.href === {url:?} && document.readyState === 'complete'"),
            Duration::from_secs(30),
        );
    }

    /// Gives a file input its files, as a user choosing them would.
    fn choose_files(&mut self, selector: &str, files: &[&Path]) {
        let doc = self.call("DOM.getDocument", json!({"depth": 0}));
        let node = self.call(
            "DOM.querySelector",
            json!({"nodeId": doc["root"]["nodeId"], "selector": selector}),
        );
        let files: Vec<&str> = files.iter().map(|p| p.to_str().unwrap()).collect();
        self.call(
            "DOM.setFileInputFiles",
            json!({"nodeId": node["nodeId"], "files": files}),
        );
    }

    /// Clicks the middle of an element with the mouse.
    fn click(&mut self, selector: &str) {
        let at = self.eval(&format!(
            "(() => {{ const e = document.querySelector({selector:?}); \
             e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect(); \
             return [r.x + r.width / 2, r.y + r.height / 2]; }})()"
        ));
        let (x, y) = (at[0].as_f64().unwrap(), at[1].as_f64().unwrap());
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}),
            );
        }
    }

    /// A screenshot of the whole page (or of the window) as PNG.
    fn screenshot(&mut self, to: &Path, whole_page: bool) {
        let mut params = json!({"format": "png"});
        if whole_page {
            let m = self.call("Page.getLayoutMetrics", json!({}));
            let size = &m["cssContentSize"];
            params["captureBeyondViewport"] = json!(true);
            params["clip"] = json!({
                "x": 0, "y": 0, "scale": 1,
                "width": size["width"],
                "height": size["height"].as_f64().unwrap().min(12_000.0),
            });
        }
        let shot = self.call("Page.captureScreenshot", params);
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().unwrap())
            .unwrap();
        std::fs::write(to, png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server in this process, on a free loopback port.
struct Server {
    url: String,
    _rt: tokio::runtime::Runtime,
}

fn serve() -> Server {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let app = regiodocs::serve::App::new(regiodocs::serve::Config::new(
        "127.0.0.1:0".parse().unwrap(),
    ))
    .unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    rt.spawn(async move { axum::serve(listener, app.router()).await });
    Server { url, _rt: rt }
}

#[test]
fn a_coordinator_gets_from_two_workbooks_to_the_zip_in_a_real_browser() {
    let Some(exe) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but Chromium is missing (Debian: apt-get install chromium)"
        );
        eprintln!("skipped: no chromium on the PATH");
        return;
    };
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("serve-browser");
    let _ = std::fs::remove_dir_all(&shots);
    std::fs::create_dir_all(&shots).unwrap();
    println!("screenshots: {}", shots.display());
    let downloads = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/foodvalley");
    let tmp = tempfile::tempdir().unwrap();
    let cli = cli_build(&example, &tmp.path().join("uit"));
    let server = serve();
    let mut b = Browser::start(exe, downloads.path());
    let shot = |b: &mut Browser, name: &str, whole: bool| b.screenshot(&shots.join(name), whole);

    // 1. The start page.
    b.navigate(&server.url);
    b.wait_for(
        "document.querySelector('form.kiezen')",
        Duration::from_secs(10),
    );
    assert_eq!(b.eval("document.documentElement.lang"), json!("nl"));
    shot(&mut b, "1-start.png", true);

    // 2. Both workbooks chosen: the page shows their names.
    let kb = std::fs::metadata(example.join("stakeholders.xlsx"))
        .unwrap()
        .len()
        .div_ceil(1024);
    b.choose_files("#stakeholders", &[&example.join("stakeholders.xlsx")]);
    b.choose_files("#financien", &[&example.join("financien.xlsx")]);
    b.wait_for(
        "document.querySelectorAll('.zone.heeft-bestand').length === 2",
        Duration::from_secs(10),
    );
    assert_eq!(
        b.eval("document.querySelector('.zone .gekozen').textContent"),
        json!(format!("Gekozen: stakeholders.xlsx ({kb} kB)"))
    );
    shot(&mut b, "2-gekozen.png", false);

    // 3. Checked: the findings of `regiodocs check`, each with its cell and explanation.
    b.click("form.kiezen button[type=submit]");
    b.wait_for(
        "location.pathname.startsWith('/u/') && document.readyState === 'complete' \
         && document.querySelector('#bevindingen')",
        Duration::from_secs(60),
    );
    let cells = b.eval(
        "[...document.querySelectorAll('li.bevinding')].map(li => \
         li.querySelector('.code').textContent.split(' ')[0] + ' ' + li.querySelector('.cel').textContent)",
    );
    let mut cells: Vec<String> = cells
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    cells.sort();
    let mut expected: Vec<String> = cli_check(&example)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let loc = &d["location"];
            format!(
                "{} {}!{}",
                d["code"].as_str().unwrap(),
                loc["sheet"].as_str().unwrap(),
                loc["cell"].as_str().unwrap()
            )
        })
        .collect();
    expected.sort();
    assert_eq!(cells, expected, "the findings of regiodocs check");
    shot(&mut b, "3-bevindingen.png", true);

    // What a finding means: its explanation, and the way back to the findings.
    let code = b.eval("document.querySelector('li.bevinding .code').textContent.split(' ')[0]");
    let code = code.as_str().unwrap().to_string();
    b.click("li.bevinding .code");
    b.wait_for(
        &format!("location.pathname === '/uitleg/{code}' && document.readyState === 'complete'"),
        Duration::from_secs(10),
    );
    let h1 = b.eval("document.querySelector('h1').textContent");
    assert!(h1.as_str().unwrap().starts_with(&code), "{h1}");
    let text = b.eval("document.querySelector('main').textContent");
    assert!(text.as_str().unwrap().contains("Oplossen:"), "{text}");
    shot(&mut b, "3-uitleg.png", false);
    b.click("p.terug a");
    b.wait_for(
        "location.pathname.startsWith('/u/') && document.readyState === 'complete' \
         && document.querySelector('form.bouwen')",
        Duration::from_secs(10),
    );

    // 4. Build: progress while it runs, then every document and the ZIP.
    b.click("form.bouwen button[type=submit]");
    b.wait_for(
        "document.querySelector('#voortgang') || document.querySelector('a[href$=\"alles.zip\"]')",
        Duration::from_secs(60),
    );
    if b.eval("Boolean(document.querySelector('#voortgang'))") == json!(true) {
        b.eval("document.querySelector('#stukken').scrollIntoView()");
        shot(&mut b, "4-bezig.png", false);
    }
    b.wait_for(
        "document.querySelector('a[href$=\"alles.zip\"]')",
        Duration::from_secs(600),
    );
    let pdfs = cli.keys().filter(|k| k.ends_with(".pdf")).count();
    assert_eq!(
        b.eval("document.querySelectorAll('a.bekijk').length"),
        json!(pdfs),
        "every PDF can be previewed"
    );
    shot(&mut b, "5-stukken.png", true);

    // 5. A PDF in the page.
    b.click("a.bekijk");
    b.wait_for(
        "!document.querySelector('#voorbeeld').hidden && new URL(document.querySelector('#voorbeeld iframe').src).pathname.endsWith('.pdf')",
        Duration::from_secs(10),
    );
    std::thread::sleep(Duration::from_secs(2));
    shot(&mut b, "6-voorbeeld.png", false);

    // 6. The ZIP, downloaded as a user does: the same files, byte for byte, as the CLI's.
    b.click("a[href$=\"alles.zip\"]");
    let start = Instant::now();
    let zip = loop {
        let done = std::fs::read_dir(downloads.path())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "zip"));
        if let Some(p) = done {
            break p;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "no download");
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(
        zip.file_name().unwrap().to_str().unwrap(),
        "regio-foodvalley-versie-1-0.zip"
    );
    let web = zip_files(&std::fs::read(&zip).unwrap());
    assert_eq!(
        web.keys().collect::<Vec<_>>(),
        cli.keys().collect::<Vec<_>>(),
        "the ZIP holds the files of regiodocs build"
    );
    for (name, bytes) in &cli {
        assert!(web[name] == *bytes, "{name} differs from the CLI's");
    }
    b.eval("document.querySelector('#begroting').scrollIntoView()");
    shot(&mut b, "7-begroting.png", false);
}
