//! Benchmark of the budget engine and the XLSX budgets.
//!
//! - `Budget::compute` for a synthetic region with all 342 municipalities participating
//!   and 10,000 cost lines (1,000 of them regional, shared by population) over 5 years; the
//!   target is at most 500 ms;
//! - writing `begroting.xlsx` (region and one municipality) and `overzicht.xlsx` for the
//!   Foodvalley example.
//!
//! Run with `cargo bench --bench budget`; it prints the median and minimum of several runs.

use std::path::Path;
use std::time::Instant;

use regiodocs::budget::Budget;
use regiodocs::model::Scope;

mod common;
use common::{ms, write_national};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = std::env::temp_dir().join("regiodocs-bench-budget");
    std::fs::create_dir_all(&tmp)?;
    write_national(&tmp, 10_000, 5)?;
    let (p, _) = regiodocs::model::load(&tmp);
    let p = p.ok_or("synthetic project could not be read")?;
    let b = time(
        "Budget::compute 342 gemeenten, 10.000 kostenregels, 5 jaar",
        7,
        || Budget::compute(&p),
    );
    let shared = b.regels.iter().filter(|l| l.verdeling.is_some()).count();
    println!(
        "  {} regels, waarvan {shared} regionaal verdeeld over {} gemeenten",
        b.regels.len(),
        b.deelnemers.len()
    );
    let xlsx = time("begroting.xlsx 342 gemeenten (regio)", 1, || {
        regiodocs::render::xlsx::begroting(&p, &b, &Scope::Regio, &Default::default())
    })?;
    println!("  {} kB", xlsx.len() / 1024);

    let checked = regiodocs::pipeline::check(&root.join("inputs/foodvalley"));
    let (p, b) = (
        checked.project.ok_or("foodvalley")?,
        checked.budget.ok_or("foodvalley")?,
    );
    let d = checked.diagnostics;
    time("Budget::compute inputs/foodvalley", 50, || {
        Budget::compute(&p)
    });
    let bytes = time("begroting.xlsx inputs/foodvalley (regio)", 20, || {
        regiodocs::render::xlsx::begroting(&p, &b, &Scope::Regio, &d)
    })?;
    println!("  {} kB", bytes.len() / 1024);
    let code = b.deelnemers[0].clone();
    time(
        &format!("begroting.xlsx inputs/foodvalley ({code})"),
        20,
        || regiodocs::render::xlsx::begroting(&p, &b, &Scope::Gemeente(code.clone()), &d),
    )?;
    time("overzicht.xlsx inputs/foodvalley", 20, || {
        regiodocs::render::xlsx::overzicht(&p, &b, &d)
    })?;
    Ok(())
}

fn time<T>(name: &str, runs: usize, mut f: impl FnMut() -> T) -> T {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let v = f();
        times.push(t.elapsed());
        last = Some(v);
    }
    times.sort();
    println!(
        "{name}: median {:.1} ms, min {:.1} ms over {runs} runs",
        ms(times[runs / 2]),
        ms(times[0])
    );
    last.expect("at least one run")
}
