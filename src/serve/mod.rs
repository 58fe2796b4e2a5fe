//! `regiodocs serve`: the same engine behind one local web page, for coordinators and
//! finance officers who never open a terminal.
//!
//! The page, in Dutch: pick or drop the two workbooks (any format the command line reads);
//! read the findings, grouped by workbook and sheet, errors first, each with its code, cell,
//! message, hint and a link to the code's explanation; build, with progress; see every
//! document per scope with a PDF preview and a download per file, or one ZIP with everything
//! (the same layout and the same bytes as `regiodocs build`); download the empty workbooks
//! and the example that `regiodocs init` writes; and read the budget summary as a table and
//! a chart.
//!
//! # How it works
//!
//! - [axum] on a small tokio runtime serves server-rendered HTML (minijinja templates with
//!   HTML escaping, see `page`) and one small plain JavaScript file. Every asset is embedded
//!   in the binary; the page makes no request to anyone else and works without network.
//! - Nothing heavy runs on the async threads: an upload is checked in `spawn_blocking`, and
//!   a build runs [`crate::pipeline::build`] on one shared, warm [`crate::pipeline::Engine`]
//!   (rayon's pool renders the documents). At most [`Config::gelijktijdig`] builds run at
//!   once (one per core by default); the others wait in line and the page shows their place.
//!   A build writes into a fresh folder; when it fails, that folder is removed, so there are
//!   never half results.
//!
//! # Safe by default
//!
//! - It listens on loopback (`127.0.0.1:8080`) unless told otherwise, and then answers only
//!   requests addressed to a loopback name (no DNS rebinding). Any other address requires an
//!   access token: the one given, or one generated and printed at start.
//! - Every upload is limited in size and, because `.xlsx`, `.xlsm` and `.ods` are zip files,
//!   in unpacked size, checked by actually unpacking with a cap, so a zip bomb is refused
//!   cleanly ([`Limits`]).
//! - Each upload lives in its own temporary folder named by an unguessable id, belongs to
//!   the browser session that made it (anyone else gets 404), is never listed, and is
//!   removed an hour after its last use ([`Config::bewaartijd`]), on request, and when the
//!   server stops. Uploaded file names are shown, never used as paths.
//! - Forms carry a CSRF token bound to the session; responses carry a strict
//!   Content-Security-Policy (no inline script) and sanitised `Content-Disposition` names.
//! - Workbooks hold personal data: nothing is logged; the server reports only counts.
//!
//! ```no_run
//! use regiodocs::serve::{Config, run};
//! let config = Config::new("127.0.0.1:8080".parse().unwrap());
//! let stats = run(config, |ready| eprintln!("open {}", ready.url))?;
//! eprintln!("{} uploads", stats.uploads);
//! # Ok::<(), regiodocs::serve::ServeError>(())
//! ```

mod builds;
mod handlers;
mod page;
mod security;
mod uitleg;
mod uploads;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;

pub use uitleg::{Uitleg, alle as alle_uitleg, uitleg};

/// The shortest access token accepted with `--token`.
pub const MIN_TOKEN: usize = 16;

/// How large one upload may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of one workbook file as uploaded.
    pub bestand: u64,
    /// Bytes of one workbook unpacked (`.xlsx`, `.xlsm` and `.ods` are zip files).
    pub uitgepakt: u64,
    /// Parts (zip entries) of one workbook.
    pub onderdelen: usize,
    /// Uploads kept at once, of all visitors together.
    pub uploads: usize,
}

impl Default for Limits {
    /// 25 MB per file, 250 MB unpacked, 10,000 parts, 200 uploads: far above a national
    /// project (342 municipalities, 10,000 cost lines: 1.2 MB, 12 MB unpacked).
    fn default() -> Self {
        Limits {
            bestand: 25 * 1024 * 1024,
            uitgepakt: 250 * 1024 * 1024,
            onderdelen: 10_000,
            uploads: 200,
        }
    }
}

/// The settings of `regiodocs serve`.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen; port 0 picks a free one.
    pub adres: SocketAddr,
    /// The access token. Required off loopback: [`App::new`] generates one when it is missing.
    pub token: Option<String>,
    /// Size limits of uploads.
    pub limieten: Limits,
    /// How long an upload is kept after its last use.
    pub bewaartijd: Duration,
    /// Builds at once; the others wait in line.
    pub gelijktijdig: usize,
}

impl Config {
    /// The defaults for an address: no token, default limits, one hour, one build per core.
    pub fn new(adres: SocketAddr) -> Config {
        Config {
            adres,
            token: None,
            limieten: Limits::default(),
            bewaartijd: Duration::from_secs(60 * 60),
            gelijktijdig: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

/// Why the server did not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// `--token` was too short to protect anything.
    #[error(
        "het toegangstoken is te kort: gebruik minstens {MIN_TOKEN} tekens, of laat --token weg, dan maakt regiodocs er een"
    )]
    ZwakToken,
    /// The address could not be used.
    #[error("kan niet luisteren op {adres}: {reden}")]
    Adres {
        /// The address.
        adres: SocketAddr,
        /// Why, in Dutch.
        reden: String,
    },
    /// The temporary folder, the random generator or the runtime could not be set up.
    #[error("de webserver kan niet starten: {0}")]
    Start(String),
}

/// What [`run`] reports once it listens.
#[derive(Debug, Clone)]
pub struct Ready {
    /// The address it listens on (with the real port when port 0 was asked).
    pub adres: SocketAddr,
    /// The address to open, with `?token=…` when a token is required.
    pub url: String,
    /// The access token, when one is required (given, or generated by [`App::new`]).
    pub token: Option<String>,
}

/// What the server did, in counts only (workbooks hold personal data; nothing else is kept).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Uploads checked.
    pub uploads: usize,
    /// Builds finished.
    pub builds: usize,
}

/// The web application: its state and its routes ([`App::router`]). Cheap to clone.
#[derive(Clone)]
pub struct App(Arc<State>);

/// Everything the handlers share.
struct State {
    config: Config,
    /// Key of the CSRF tokens (HMAC of the session id); new at every start.
    key: [u8; 32],
    uploads: uploads::Store,
    /// Uploads read and checked at once (as many as builds).
    checks: tokio::sync::Semaphore,
    queue: builds::Queue,
    engine: Arc<crate::pipeline::Engine>,
    uploads_done: AtomicUsize,
    builds_done: AtomicUsize,
}

impl App {
    /// Sets up the application: checks or generates the access token, creates the private
    /// temporary folder of the uploads (removed when the last clone of the app is dropped).
    pub fn new(mut config: Config) -> Result<App, ServeError> {
        match &config.token {
            Some(t) if t.chars().count() < MIN_TOKEN => return Err(ServeError::ZwakToken),
            Some(_) => {}
            None if !config.adres.ip().is_loopback() => {
                config.token = Some(security::random_hex(20).map_err(ServeError::Start)?);
            }
            None => {}
        }
        let mut key = [0u8; 32];
        getrandom::fill(&mut key)
            .map_err(|e| ServeError::Start(format!("geen willekeurige getallen: {e}")))?;
        let uploads = uploads::Store::new()
            .map_err(|e| ServeError::Start(format!("geen tijdelijke map: {e}")))?;
        Ok(App(Arc::new(State {
            checks: tokio::sync::Semaphore::new(config.gelijktijdig.max(1)),
            queue: builds::Queue::new(config.gelijktijdig.max(1)),
            config,
            key,
            uploads,
            engine: Arc::new(crate::pipeline::Engine::new()),
            uploads_done: AtomicUsize::new(0),
            builds_done: AtomicUsize::new(0),
        })))
    }

    /// The access token the server requires, if any.
    pub fn token(&self) -> Option<&str> {
        self.0.config.token.as_deref()
    }

    /// Every route, behind the access check and with the security headers.
    pub fn router(&self) -> Router {
        handlers::router(self.clone())
    }

    /// Removes the uploads unused for longer than [`Config::bewaartijd`] (not while they
    /// build); returns how many. [`run`] calls this every minute.
    pub fn remove_expired(&self) -> usize {
        self.0.uploads.remove_expired(self.0.config.bewaartijd)
    }

    /// The number of uploads currently kept.
    pub fn upload_count(&self) -> usize {
        self.0.uploads.len()
    }

    /// What the server did so far.
    pub fn stats(&self) -> Stats {
        Stats {
            uploads: self.0.uploads_done.load(Ordering::Relaxed),
            builds: self.0.builds_done.load(Ordering::Relaxed),
        }
    }
}

/// Starts the server and blocks until Ctrl-C: binds [`Config::adres`], calls `ready` with
/// the address to open, serves, and on the way out waits for running builds (at most 30 s)
/// and removes every upload.
pub fn run(config: Config, ready: impl FnOnce(&Ready)) -> Result<Stats, ServeError> {
    let app = App::new(config)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .enable_time()
        .thread_name("regiodocs-web")
        .build()
        .map_err(|e| ServeError::Start(e.to_string()))?;
    let asked = app.0.config.adres;
    let listener = rt
        .block_on(tokio::net::TcpListener::bind(asked))
        .map_err(|e| ServeError::Adres {
            adres: asked,
            reden: bind_reason(&e),
        })?;
    let adres = listener.local_addr().map_err(|e| ServeError::Adres {
        adres: asked,
        reden: e.to_string(),
    })?;
    let token = app.token().map(str::to_string);
    let host = if adres.ip().is_unspecified() {
        format!("<adres-van-deze-computer>:{}", adres.port())
    } else {
        adres.to_string()
    };
    ready(&Ready {
        adres,
        url: match &token {
            Some(t) => format!("http://{host}/?token={t}"),
            None => format!("http://{host}/"),
        },
        token,
    });
    let sweeper = app.clone();
    rt.spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(60));
        loop {
            every.tick().await;
            sweeper.remove_expired();
        }
    });
    let served = rt.block_on(async {
        axum::serve(listener, app.router())
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    });
    rt.shutdown_timeout(Duration::from_secs(30));
    let stats = app.stats();
    app.0.uploads.remove_all();
    served.map_err(|e| ServeError::Start(e.to_string()))?;
    Ok(stats)
}

/// A bind error in Dutch, with what to do.
fn bind_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::AddrInUse => {
            "dat adres is al in gebruik (draait regiodocs serve al?); kies een andere poort, bijvoorbeeld --adres 127.0.0.1:8081".into()
        }
        ErrorKind::PermissionDenied => {
            "geen toestemming; poorten onder 1024 vragen beheerdersrechten, kies bijvoorbeeld poort 8080".into()
        }
        ErrorKind::AddrNotAvailable => "dat adres hoort niet bij deze computer".into(),
        _ => e.to_string(),
    }
}
