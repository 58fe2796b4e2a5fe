//! Load on `regiodocs serve`: 20 browsers at once each open the page, upload the example
//! workbooks, build and download the ZIP, against the server on a loopback port in this
//! process. Every one must succeed (a ZIP with every file); the bench reports latency (upload
//! to ZIP received, queueing included) as p50/p95/max, throughput, and the peak memory of
//! the process (server and clients).
//!
//! Run with `cargo bench --bench serve` (`-- 40` for another number of clients).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::http::{Request, StatusCode, header};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use regiodocs::serve::{App, Config};

mod common;
use common::peak_rss_kb;

type Error = Box<dyn std::error::Error + Send + Sync>;

struct Res {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Bytes,
}

/// One request on its own connection, as a browser tab would send it.
async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    cookie: &str,
    body: Option<(String, Vec<u8>)>,
) -> Result<Res, Error> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(conn);
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, addr.to_string())
        .header(header::COOKIE, cookie);
    let bytes = match body {
        Some((content_type, bytes)) => {
            req = req.header(header::CONTENT_TYPE, content_type);
            bytes
        }
        None => Vec::new(),
    };
    let res = sender
        .send_request(req.body(Full::new(Bytes::from(bytes)))?)
        .await?;
    let (parts, body) = res.into_parts();
    Ok(Res {
        status: parts.status,
        headers: parts.headers,
        body: body.collect().await?.to_bytes(),
    })
}

fn after<'a>(text: &'a str, marker: &str) -> Result<&'a str, Error> {
    let i = text.find(marker).ok_or(format!("no {marker}"))? + marker.len();
    Ok(text[i..].split(['"', ';']).next().unwrap_or_default())
}

/// One coordinator: page, upload, build, wait, ZIP. Returns the time from upload to ZIP.
async fn coordinator(
    addr: SocketAddr,
    workbooks: [Vec<u8>; 2],
) -> Result<(Duration, usize), Error> {
    let start = send(addr, "GET", "/", "", None).await?;
    let set_cookie = start
        .headers
        .get(header::SET_COOKIE)
        .ok_or("no session")?
        .to_str()?;
    let cookie = set_cookie.split(';').next().unwrap_or_default().to_string();
    let page = String::from_utf8_lossy(&start.body);
    let csrf = after(&page, "name=\"csrf\" value=\"")?.to_string();

    let t = Instant::now();
    let boundary = "----regiodocs-bench";
    let mut form =
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n")
            .into_bytes();
    for (name, bytes) in ["stakeholders", "financien"].iter().zip(&workbooks) {
        form.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{name}.xlsx\"\r\n\r\n").bytes());
        form.extend(bytes);
        form.extend(b"\r\n");
    }
    form.extend(format!("--{boundary}--\r\n").bytes());
    let content_type = format!("multipart/form-data; boundary={boundary}");
    let up = send(
        addr,
        "POST",
        "/werkboeken",
        &cookie,
        Some((content_type, form)),
    )
    .await?;
    if up.status != StatusCode::SEE_OTHER {
        return Err(format!("upload: {}", up.status).into());
    }
    let at = up
        .headers
        .get(header::LOCATION)
        .ok_or("no upload page")?
        .to_str()?
        .to_string();
    let build = send(
        addr,
        "POST",
        &format!("{at}/bouw"),
        &cookie,
        Some((
            "application/x-www-form-urlencoded".into(),
            format!("csrf={csrf}").into_bytes(),
        )),
    )
    .await?;
    if build.status != StatusCode::SEE_OTHER {
        return Err(format!("build: {}", build.status).into());
    }
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let s = send(addr, "GET", &format!("{at}/status"), &cookie, None).await?;
        let v: serde_json::Value = serde_json::from_slice(&s.body)?;
        match v["toestand"].as_str() {
            Some("klaar") => break,
            Some("wachtrij" | "bezig") => continue,
            other => return Err(format!("build ended as {other:?}: {v}").into()),
        }
    }
    let zip = send(addr, "GET", &format!("{at}/alles.zip"), &cookie, None).await?;
    let took = t.elapsed();
    if zip.status != StatusCode::OK {
        return Err(format!("zip: {}", zip.status).into());
    }
    let files = zip::ZipArchive::new(std::io::Cursor::new(zip.body.to_vec()))?.len();
    Ok((took, files))
}

fn main() -> Result<(), Error> {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(20);
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/foodvalley");
    let workbooks = [
        std::fs::read(example.join("stakeholders.xlsx"))?,
        std::fs::read(example.join("financien.xlsx"))?,
    ];
    let config = Config::new("127.0.0.1:0".parse()?);
    let at_once = config.gelijktijdig;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let app = App::new(config)?;
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let addr = listener.local_addr()?;
    let router = app.router();
    rt.spawn(async move { axum::serve(listener, router).await });

    let start = Instant::now();
    let results = rt.block_on(async {
        let tasks: Vec<_> = (0..n)
            .map(|_| tokio::spawn(coordinator(addr, workbooks.clone())))
            .collect();
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.map_err(|e| -> Error { e.into() }).and_then(|r| r));
        }
        out
    });
    let wall = start.elapsed();
    let mut times = Vec::new();
    let mut counts = std::collections::BTreeSet::new();
    for r in results {
        let (t, files) = r?;
        times.push(t.as_secs_f64());
        counts.insert(files);
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((p * times.len() as f64).ceil() as usize).clamp(1, times.len()) - 1];
    println!(
        "{n} coordinators at once, {at_once} builds at a time: all {n} got their ZIP ({} files each)",
        counts
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join("/")
    );
    println!(
        "latency upload -> ZIP: p50 {:.1} s, p95 {:.1} s, max {:.1} s; wall {:.1} s; throughput {:.1} builds/min",
        pct(0.50),
        pct(0.95),
        times.last().copied().unwrap_or_default(),
        wall.as_secs_f64(),
        n as f64 / wall.as_secs_f64() * 60.0
    );
    println!(
        "peak RSS {:.0} MiB (server and the {n} clients in one process); uploads kept {}; stats {:?}",
        peak_rss_kb() as f64 / 1024.0,
        app.upload_count(),
        app.stats()
    );
    Ok(())
}
