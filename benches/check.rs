//! Benchmark of `check` (read + validate): the Foodvalley example and a synthetic region
//! with all 342 municipalities and 10,000 cost lines over 5 years.
//!
//! Run with `cargo bench --bench check`. It prints the median of several runs and the
//! peak resident memory of the process (VmHWM), so each case runs in its own process.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

mod common;
use common::{ms, peak_rss_kb, write_national};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    // Child mode: time one case and report memory.
    if let Some(pos) = args.iter().position(|a| a == "--case") {
        let dir = PathBuf::from(&args[pos + 1]);
        let runs: usize = args[pos + 2].parse()?;
        let mut times = Vec::new();
        for _ in 0..runs {
            let t = Instant::now();
            let checked = regiodocs::pipeline::check(&dir);
            times.push(t.elapsed());
            assert!(checked.project.is_some(), "{:?}", checked.diagnostics);
        }
        times.sort();
        let peak = peak_rss_kb();
        println!(
            "median {:.1} ms, min {:.1} ms over {runs} runs; peak RSS {:.1} MiB",
            ms(times[runs / 2]),
            ms(times[0]),
            peak as f64 / 1024.0
        );
        return Ok(());
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = std::env::temp_dir().join("regiodocs-bench-check");
    std::fs::create_dir_all(&tmp)?;
    let t = Instant::now();
    write_national(&tmp, 10_000, 5)?;
    println!("synthetic workbooks written in {:.0} ms", ms(t.elapsed()));
    let me = std::env::current_exe()?;
    for (name, dir, runs) in [
        (
            "check inputs/foodvalley",
            root.join("inputs/foodvalley"),
            20,
        ),
        ("check 342 gemeenten, 10.000 kostenregels", tmp.clone(), 5),
    ] {
        let out = Command::new(&me)
            .arg("--case")
            .arg(&dir)
            .arg(runs.to_string())
            .output()?;
        print!("{name}: {}", String::from_utf8_lossy(&out.stdout));
        if !out.status.success() {
            eprintln!("{}", String::from_utf8_lossy(&out.stderr));
        }
    }
    Ok(())
}
