//! Renders an IR JSON file with a theme read from disk and prints warm render timings.
//!
//! ```text
//! cargo run --release --example theme_preview -- templates/theme.typ \
//!     templates/voorbeeld-document.json /tmp/voorbeeld.pdf [herhalingen]
//! ```
//!
//! `herhalingen` (default 1) repeats the body blocks, to time longer documents.

use std::time::Instant;

use regiodocs::ir::Document;
use regiodocs::render::pdf::PdfEngine;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, theme, data, out, rest @ ..] = args.as_slice() else {
        eprintln!("gebruik: theme_preview THEMA.typ DOCUMENT.json UIT.pdf [herhalingen]");
        std::process::exit(2);
    };
    let repeat: usize = rest.first().map(|r| r.parse()).transpose()?.unwrap_or(1);
    let mut doc: Document = serde_json::from_str(&std::fs::read_to_string(data)?)?;
    let body = doc.blocks.clone();
    for _ in 1..repeat {
        doc.blocks.extend(body.iter().skip(1).cloned());
    }
    let t0 = Instant::now();
    let engine = PdfEngine::new(std::fs::read_to_string(theme)?)?;
    let t1 = Instant::now();
    let first = engine.render(&doc)?;
    let t2 = Instant::now();
    for w in &first.warnings {
        eprintln!("waarschuwing: {w}");
    }
    std::fs::write(out, &first.pdf)?;
    // Warm: the same engine, a document that differs slightly each time (as a real
    // build does), so not everything comes from Typst's cache.
    let mut times = Vec::new();
    for i in 0..5 {
        let mut d = doc.clone();
        d.meta.version = format!("1.{i}");
        let s = Instant::now();
        let r = engine.render(&d)?;
        times.push(s.elapsed().as_secs_f64() * 1000.0);
        assert!(r.pdf.starts_with(b"%PDF-"));
    }
    times.sort_by(f64::total_cmp);
    println!(
        "engine {:.1} ms, first {:.1} ms, warm median {:.1} ms (min {:.1}), {} bytes, {:?}",
        (t1 - t0).as_secs_f64() * 1000.0,
        (t2 - t1).as_secs_f64() * 1000.0,
        times[2],
        times[0],
        first.pdf.len(),
        first.conformance,
    );
    Ok(())
}
