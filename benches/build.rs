//! Benchmark of `build`: the Foodvalley example and a synthetic national data set (the 25
//! GGD regions of the embedded CBS list as 25 projects, all 342 municipalities participating,
//! with parties, roles, milestones and cost lines), built in one run.
//!
//! Run with `cargo bench --bench build`. Each case runs in its own process, so the peak
//! resident memory (VmHWM) is that case's. Printed, side by side:
//!
//! - the full national build, an unchanged re-run, and a re-run after one cost changed;
//! - one region (Foodvalley), full and unchanged;
//! - a warm PDF of a long plan (engine loaded; a document not rendered before, and the same
//!   document again, which Typst's cache answers);
//! - LibreOffice headless converting the DOCX files of one region to PDF (one `soffice` call
//!   for all of them, its fastest mode), where `soffice` is installed, and what that rate
//!   would mean for the national set, as a ratio to the whole national build;
//! - the typst CLI compiling ten regional plans one process each (same theme, fonts, data and
//!   PDF standards), beside the warm engine rendering the same documents on one thread, where
//!   `typst` is on the `PATH` (`cargo install typst-cli --version 0.15.1`);
//! - the scale curve: a full build of one region (Ede's GGD region) with 1,000, 5,000,
//!   10,000 and 20,000 extra cost lines, with the growth exponent between the points
//!   (a budget of 10,000 lines must build in at most 60 s under 1.5 GB). Only this part:
//!   `cargo bench --bench build -- schaal`.
//!
//! This VM's speed drifts by up to 1.5x over an hour; compare lines of one run, not runs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

mod common;
use common::{ms, peak_rss_kb, s};

use regiodocs::pipeline::{BuildOptions, Engine, Project};

/// The same allocator as the `regiodocs` binary, so the numbers are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if let Some(pos) = args.iter().position(|a| a == "--case") {
        return child(&args[pos + 1], Path::new(&args[pos + 2]));
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = std::env::temp_dir().join("regiodocs-bench-build");
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp)?;
    let me = std::env::current_exe()?;
    let case = |name: &str, arg: &Path| -> Result<String, Box<dyn std::error::Error>> {
        let out = Command::new(&me)
            .arg("--case")
            .arg(name)
            .arg(arg)
            .output()?;
        if !out.status.success() {
            eprintln!("{}", String::from_utf8_lossy(&out.stderr));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    if args.iter().any(|a| a == "schaal") {
        return scale_curve(&tmp, &case);
    }
    let t = Instant::now();
    let regions = write_national(&tmp.join("invoer"))?;
    println!(
        "synthetic national set: {} regions, {} municipalities, written in {:.0} ms",
        regions.len(),
        regiodocs::cbs::all().len(),
        ms(t.elapsed())
    );
    let full = case("national", &tmp)?;
    println!("national build, full:        {full}");
    let again = case("national", &tmp)?;
    println!("national build, unchanged:   {again}");
    // One cost changes in one region's finance workbook.
    write_region(&tmp.join("invoer"), &regions[0], 1)?;
    let one = case("national", &tmp)?;
    println!("national build, one cost:    {one}");
    let fv = tmp.join("foodvalley");
    std::fs::create_dir_all(&fv)?;
    for f in ["stakeholders.xlsx", "financien.xlsx"] {
        std::fs::copy(root.join("inputs/foodvalley").join(f), fv.join(f))?;
    }
    println!("foodvalley build, full:      {}", case("region", &fv)?);
    println!("foodvalley build, unchanged: {}", case("region", &fv)?);
    println!("warm PDF, regional plan:     {}", case("warm", &tmp)?);

    // Side by side: LibreOffice converting the same region's DOCX files.
    let docx: Vec<PathBuf> = walk(&fv.join("uitvoer"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    if have("soffice") && !docx.is_empty() {
        let out = tmp.join("lo");
        let t = Instant::now();
        let status = Command::new("soffice")
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&out)
            .args(&docx)
            .env("HOME", tmp.join("lo-home"))
            .output()?;
        let lo = t.elapsed();
        let per_doc = ms(lo) / docx.len() as f64;
        println!(
            "LibreOffice: {} DOCX -> PDF in one call: {:.0} ms ({per_doc:.0} ms per document; {})",
            docx.len(),
            ms(lo),
            if status.status.success() {
                "ok"
            } else {
                "failed"
            }
        );
        // The national build's PDFs at LibreOffice's rate, against the whole national build.
        let national_ms: f64 = full
            .split(' ')
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN);
        let pdfs = walk(&tmp.join("uitvoer"))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
            .count();
        println!(
            "ratio:       LibreOffice would need {:.0} s for the {pdfs} national PDFs alone, \
             {:.1}x the whole national build (PDF, DOCX and XLSX)",
            per_doc * pdfs as f64 / 1000.0,
            per_doc * pdfs as f64 / national_ms
        );
    } else {
        println!("LibreOffice: soffice not installed, comparison skipped");
    }
    if have("typst") {
        println!("typst CLI:   {}", case("typst-cli", &tmp)?);
    } else {
        println!("typst CLI:   typst not installed, comparison skipped");
    }
    scale_curve(&tmp, &case)
}

/// Runs one case (`--case NAME DIR`) in a child process and returns its line of output.
type Case<'a> = dyn Fn(&str, &Path) -> Result<String, Box<dyn std::error::Error>> + 'a;

/// A full build of one region with more and more extra cost lines, each in its own
/// process; prints time and peak memory per size and the growth exponent between sizes
/// (1 is linear).
fn scale_curve(tmp: &Path, case: &Case<'_>) -> Result<(), Box<dyn std::error::Error>> {
    let region = regiodocs::cbs::all()
        .iter()
        .find(|g| g.code == "GM0228")
        .map(|g| g.ggd_regio.clone())
        .ok_or("Ede is not in the CBS list")?;
    let mut last: Option<(f64, f64)> = None;
    for lines in [1_000, 5_000, 10_000, 20_000] {
        let dir = tmp.join(format!("schaal-{lines}"));
        let _ = std::fs::remove_dir_all(&dir);
        write_region_with(&dir, &region, 0, lines)?;
        let folder = dir.join(regiodocs::output::slug(&region));
        let line = case("region", &folder)?;
        let wall: f64 = line
            .split(' ')
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN);
        let growth = last
            .map(|(n, t)| {
                format!(
                    ", growth n^{:.2}",
                    (wall / t).ln() / (lines as f64 / n).ln()
                )
            })
            .unwrap_or_default();
        println!("scale, {lines:>6} extra cost lines: {line}{growth}");
        last = Some((lines as f64, wall));
    }
    Ok(())
}

/// Runs one case in this (child) process and prints its timing and peak memory.
fn child(name: &str, dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let t = Instant::now();
    let summary = match name {
        "national" => {
            let invoer = dir.join("invoer");
            let mut maps: Vec<PathBuf> = std::fs::read_dir(&invoer)?
                .flatten()
                .map(|e| e.path())
                .collect();
            maps.sort();
            let projects: Vec<Project> = maps
                .iter()
                .map(|m| {
                    Project::new(
                        m,
                        dir.join("uitvoer").join(m.file_name().unwrap_or_default()),
                    )
                })
                .collect();
            summarise(&projects)
        }
        "region" => summarise(&[Project::new(dir, dir.join("uitvoer"))]),
        "warm" => warm_pdf(dir)?,
        "typst-cli" => typst_cli(dir)?,
        _ => return Err(format!("unknown case {name}").into()),
    };
    println!(
        "{:.0} ms wall, peak RSS {:.0} MiB; {summary}",
        ms(t.elapsed()),
        peak_rss_kb() as f64 / 1024.0
    );
    Ok(())
}

fn summarise(projects: &[Project]) -> String {
    let engine = Engine::new();
    let results = regiodocs::pipeline::build(&engine, projects, &BuildOptions::default(), &|_| {});
    let (mut written, mut unchanged, mut refused, mut failed) = (0, 0, 0, 0);
    for r in &results {
        match r {
            Ok(r) => {
                written += r.geschreven.len();
                unchanged += r.ongewijzigd.len();
                refused += r.geweigerd.len();
            }
            Err(e) => {
                eprintln!("{e}");
                failed += 1;
            }
        }
    }
    format!("{written} written, {unchanged} unchanged, {refused} refused, {failed} failed projects")
}

/// One laid-out document, made the way the pipeline makes it.
fn ir(
    dir: &Path,
    scope: regiodocs::model::Scope,
) -> Result<regiodocs::layout::Document, Box<dyn std::error::Error>> {
    let checked = regiodocs::pipeline::check(dir);
    let (Some(p), Some(b)) = (checked.project, checked.budget) else {
        return Err("project unreadable".into());
    };
    let view = regiodocs::view::View::new(&p, &b);
    let ctx = view.context(regiodocs::view::DocKind::Plan, &scope, None);
    let text = regiodocs::template::Templates::builtin().render("plan.md", &ctx)?;
    let blocks = regiodocs::markup::to_blocks(&text, regiodocs::markup::Numbering::Hoofdstukken)?;
    let mut meta = regiodocs::ir::Meta::example();
    meta.title = format!("Regionaal plan van aanpak {}", p.regio.naam);
    Ok(regiodocs::layout::lay_out(&regiodocs::ir::Document {
        meta,
        blocks,
    }))
}

/// A warm engine rendering the regional plans of the two largest synthetic regions in turn.
fn warm_pdf(dir: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let mut maps: Vec<PathBuf> = std::fs::read_dir(dir.join("invoer"))?
        .flatten()
        .map(|e| e.path())
        .collect();
    maps.sort();
    let docs: Vec<_> = maps
        .iter()
        .take(6)
        .map(|m| ir(m, regiodocs::model::Scope::Regio))
        .collect::<Result<_, _>>()?;
    let engine = regiodocs::render::pdf::PdfEngine::new(regiodocs::render::pdf::DEFAULT_THEME)?;
    let first = engine.render(&docs[0])?;
    let pages = count_pages(&first.pdf);
    let mut fresh = Vec::new();
    for d in &docs[1..] {
        let t = Instant::now();
        engine.render(d)?;
        fresh.push(t.elapsed());
    }
    let t = Instant::now();
    engine.render(&docs[docs.len() - 1])?;
    let same = t.elapsed();
    fresh.sort();
    Ok(format!(
        "{pages} pages: a new document {:.1} ms (median of {}), the same document again {:.1} ms",
        ms(fresh[fresh.len() / 2]),
        fresh.len(),
        ms(same)
    ))
}

/// The typst CLI compiling the regional plans of ten regions, one process each (the theme
/// and fonts from the repository, the data exactly as the engine hands it to Typst, the
/// same PDF standards), beside this crate's warm engine rendering the same documents one
/// after another on one thread.
fn typst_cli(dir: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = dir.join("typst-cli");
    std::fs::create_dir_all(&work)?;
    std::fs::copy(root.join("templates/theme.typ"), work.join("theme.typ"))?;
    let mut maps: Vec<PathBuf> = std::fs::read_dir(dir.join("invoer"))?
        .flatten()
        .map(|e| e.path())
        .collect();
    maps.sort();
    let docs: Vec<_> = maps
        .iter()
        .take(10)
        .map(|m| ir(m, regiodocs::model::Scope::Regio))
        .collect::<Result<_, _>>()?;
    let engine = regiodocs::render::pdf::PdfEngine::new(regiodocs::render::pdf::DEFAULT_THEME)?;
    let mut n = 0;
    let t = Instant::now();
    for (i, doc) in docs.iter().enumerate() {
        std::fs::write(work.join("data.json"), engine.data_json(doc)?)?;
        let ok = Command::new("typst")
            .args(["compile", "--root"])
            .arg(&work)
            .arg("--font-path")
            .arg(root.join("templates/fonts"))
            .args(["--ignore-system-fonts", "--input", "data=/data.json"])
            .args(["--pdf-standard", "a-2a,ua-1"])
            .arg(work.join("theme.typ"))
            .arg(work.join(format!("{i}.pdf")))
            .status()?
            .success();
        n += usize::from(ok);
    }
    let cli = ms(t.elapsed()) / n.max(1) as f64;
    let t = Instant::now();
    for doc in &docs {
        engine.render(doc)?;
    }
    let ours = ms(t.elapsed()) / docs.len() as f64;
    Ok(format!(
        "{n} regional plans, {cli:.0} ms per document; regiodocs' engine on one thread \
         {ours:.0} ms per document ({:.1}x faster)",
        cli / ours
    ))
}

fn count_pages(pdf: &[u8]) -> usize {
    pdf.windows(10)
        .filter(|w| w == b"/Type /Pag" || w == b"/Type/Page")
        .count()
        .max(1)
}

fn have(cmd: &str) -> bool {
    Command::new(cmd)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn sheet(wb: &mut Workbook, name: &str, rows: &[Vec<String>]) -> Result<(), XlsxError> {
    let ws: &mut Worksheet = wb.add_worksheet();
    ws.set_name(name)?;
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v)?;
        }
    }
    Ok(())
}

/// Writes one project folder per GGD region; returns the region names.
fn write_national(dir: &Path) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut regions: Vec<String> = regiodocs::cbs::all()
        .iter()
        .map(|g| g.ggd_regio.clone())
        .collect();
    regions.sort();
    regions.dedup();
    for r in &regions {
        write_region(dir, r, 0)?;
    }
    Ok(regions)
}

/// One region: every municipality participating, each with a wethouder and a project
/// leader, a regional agreement with all municipalities, the GGD and the insurer, a local
/// agreement per municipality with the JGZ; regional and local cost lines, all covered.
/// `variant` changes one rate (to time a re-run after one cost changed).
fn write_region(dir: &Path, region: &str, variant: u32) -> Result<(), Box<dyn std::error::Error>> {
    write_region_with(dir, region, variant, 0)
}

/// [`write_region`] with `extra` more cost lines, spread over the region and its
/// municipalities, each covered by the municipality's or the shared contribution.
fn write_region_with(
    dir: &Path,
    region: &str,
    variant: u32,
    extra: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let gm = regiodocs::cbs::in_ggd_regio(region);
    let folder = dir.join(regiodocs::output::slug(region));
    std::fs::create_dir_all(&folder)?;
    let first = gm[0];
    let mut st: Vec<(&str, Vec<Vec<String>>)> = Vec::new();
    st.push((
        "Regio",
        vec![
            s(&["Veld", "Waarde"]),
            vec!["Regionaam".into(), format!("Regio {region}")],
            s(&["Regiotype", "GGD-regio"]),
            s(&["Fase", "implementatie"]),
            s(&["Startdatum", "01-01-2027"]),
            s(&["Einddatum", "31-12-2030"]),
            s(&["Versie", "1.0"]),
            s(&["Versiedatum", "15-11-2026"]),
            s(&["Status", "concept"]),
            vec!["Plaats ondertekening".into(), first.naam.clone()],
            s(&["Opgesteld door", "P-RC"]),
            s(&["Gastorganisatie", "O-GGD"]),
            s(&["Preferente zorgverzekeraar", "O-ZV"]),
        ],
    ));
    let mut gemeenten = vec![s(&[
        "CBS-code",
        "Gemeente",
        "Deelname",
        "Raadsbesluit nodig",
        "Uitrol",
    ])];
    let mut orgs = vec![s(&[
        "Org-ID",
        "Naam",
        "Type",
        "Werkgebied",
        "CBS-code",
        "KvK-nummer",
        "Adres",
        "Postcode",
        "Plaats",
    ])];
    let mut personen = vec![s(&[
        "Persoon-ID",
        "Naam",
        "Functie",
        "Org-ID",
        "E-mail",
        "Tekenbevoegd",
        "Grondslag bevoegdheid",
    ])];
    let mut rollen = vec![s(&[
        "Rol",
        "Persoon-ID",
        "Scope",
        "Uren per week",
        "Start",
        "Einde",
        "Werkgever",
        "Financiering",
    ])];
    let mut partijen = vec![s(&[
        "Overeenkomst",
        "Org-ID",
        "Rol in de aanpak",
        "Verantwoordelijkheden",
        "Bijdrage",
        "Ondertekenaar",
    ])];
    let mut randvoorwaarden = vec![s(&["Scope", "Randvoorwaarde", "Voldaan", "Toelichting"])];
    for r in regiodocs::vocab::RANDVOORWAARDEN {
        randvoorwaarden.push(vec![
            "regio".into(),
            r.to_string(),
            "ja".into(),
            "Vastgelegd in het regionale besluit.".into(),
        ]);
    }
    for (id, naam, soort, plaats) in [
        ("O-GGD", format!("GGD {region}"), "GGD", first.naam.clone()),
        (
            "O-JGZ",
            format!("Jeugdgezondheidszorg {region}"),
            "JGZ",
            first.naam.clone(),
        ),
        (
            "O-ZV",
            "Zorgverzekeraar Nederland U.A.".to_string(),
            "zorgverzekeraar",
            "Utrecht".to_string(),
        ),
    ] {
        orgs.push(vec![
            id.into(),
            naam,
            soort.into(),
            "regionaal".into(),
            String::new(),
            "12345678".into(),
            "Stationsplein 1".into(),
            "3511 AA".into(),
            plaats,
        ]);
    }
    for (id, naam, functie, org) in [
        ("P-RC", "A. de Regisseur", "regiocoördinator", "O-GGD"),
        (
            "P-GGD",
            "B. Bestuurder",
            "directeur publieke gezondheid",
            "O-GGD",
        ),
        ("P-JGZ", "C. Manager", "manager JGZ", "O-JGZ"),
        ("P-ZV", "D. Inkoper", "manager zorginkoop", "O-ZV"),
    ] {
        personen.push(vec![
            id.into(),
            naam.into(),
            functie.into(),
            org.into(),
            "info@example.nl".into(),
            "ja".into(),
            "Mandaatbesluit 2026".into(),
        ]);
    }
    rollen.push(s(&[
        "regiocoördinator",
        "P-RC",
        "regio",
        "24",
        "01-01-2027",
        "31-12-2030",
        "O-GGD",
        "B-GEM",
    ]));
    for org in ["O-GGD", "O-ZV"] {
        let signer = if org == "O-GGD" { "P-GGD" } else { "P-ZV" };
        partijen.push(vec![
            "regio".into(),
            org.into(),
            "uitvoeringspartner".into(),
            "regionale coördinatie\nmonitoring".into(),
            "uren in natura".into(),
            signer.into(),
        ]);
    }
    for g in &gm {
        let c = &g.code;
        gemeenten.push(vec![
            c.clone(),
            g.naam.clone(),
            "deelnemend".into(),
            "nee".into(),
            "stadsbreed".into(),
        ]);
        orgs.push(vec![
            format!("O-{c}"),
            format!("Gemeente {}", g.naam),
            "gemeente".into(),
            "lokaal".into(),
            c.clone(),
            String::new(),
            "Raadhuisplein 1".into(),
            "1234 AB".into(),
            g.naam.clone(),
        ]);
        personen.push(vec![
            format!("P-{c}-WH"),
            format!("Wethouder van {}", g.naam),
            "wethouder".into(),
            format!("O-{c}"),
            String::new(),
            "ja".into(),
            "Besluit van het college".into(),
        ]);
        personen.push(vec![
            format!("P-{c}-PL"),
            format!("Projectleider van {}", g.naam),
            "projectleider".into(),
            format!("O-{c}"),
            String::new(),
            "nee".into(),
            String::new(),
        ]);
        rollen.push(vec![
            "projectleider".into(),
            format!("P-{c}-PL"),
            c.clone(),
            "8".into(),
            "01-01-2027".into(),
            String::new(),
            format!("O-{c}"),
            format!("B-{c}"),
        ]);
        partijen.push(vec![
            "regio".into(),
            format!("O-{c}"),
            "opdrachtgever".into(),
            "bestuurlijke opdracht\nfinanciering van het eigen aandeel".into(),
            "beleidsuren".into(),
            format!("P-{c}-WH"),
        ]);
        partijen.push(vec![
            c.clone(),
            format!("O-{c}"),
            "opdrachtgever".into(),
            "lokale projectleiding\nfinanciering".into(),
            "projectleider".into(),
            format!("P-{c}-WH"),
        ]);
        partijen.push(vec![
            c.clone(),
            "O-JGZ".into(),
            "uitvoerder".into(),
            "centrale zorgverlener\nverwijzing".into(),
            "uren centrale zorgverlener".into(),
            "P-JGZ".into(),
        ]);
    }
    st.push(("Gemeenten", gemeenten));
    st.push(("Organisaties", orgs));
    st.push(("Personen", personen));
    st.push(("Rollen", rollen));
    st.push(("Partijen", partijen));
    st.push((
        "Mijlpalen",
        vec![
            s(&[
                "Mijlpaal-ID",
                "Soort",
                "Datum",
                "Omschrijving",
                "Criteria",
                "Besluitvormer",
                "Scope",
                "Uitkomst",
            ]),
            s(&[
                "M1",
                "ondertekening",
                "01-02-2027",
                "Ondertekening van de overeenkomst",
                "",
                "stuurgroep",
                "regio",
                "open",
            ]),
            s(&[
                "M2",
                "go/no-go",
                "01-07-2027",
                "Besluit over voortzetting",
                "projectleiders aangesteld\nfinanciering toegezegd",
                "stuurgroep",
                "regio",
                "open",
            ]),
            s(&[
                "M3",
                "evaluatie",
                "01-12-2028",
                "Tussenevaluatie",
                "",
                "stuurgroep",
                "regio",
                "open",
            ]),
        ],
    ));
    st.push((
        "Doelen",
        vec![
            s(&[
                "Doel-ID",
                "Doel",
                "Indicator",
                "Bron",
                "Nulmeting",
                "Streefwaarde",
                "Streefjaar",
                "Eigenaar",
                "Scope",
            ]),
            s(&[
                "D1",
                "Meer gezinnen krijgen passende begeleiding",
                "aantal begeleide gezinnen",
                "KnGG-monitor",
                "0",
                "200",
                "2030",
                "P-RC",
                "regio",
            ]),
            s(&[
                "D2",
                "Minder kinderen met overgewicht",
                "percentage kinderen met overgewicht",
                "RIVM-indicatorenset",
                "14",
                "12",
                "2030",
                "P-RC",
                "regio",
            ]),
        ],
    ));
    st.push((
        "Risicos",
        vec![
            s(&[
                "Risico-ID",
                "Omschrijving",
                "Categorie",
                "Kans",
                "Impact",
                "Maatregel",
                "Eigenaar",
                "Scope",
            ]),
            s(&[
                "R1",
                "Tijdelijke middelen stoppen",
                "financieel",
                "3",
                "4",
                "Structurele dekking in de begroting",
                "P-RC",
                "regio",
            ]),
            s(&[
                "R2",
                "Te weinig capaciteit bij de JGZ",
                "capaciteit",
                "2",
                "3",
                "Afspraken over inzet",
                "P-JGZ",
                "regio",
            ]),
        ],
    ));
    st.push(("Randvoorwaarden", randvoorwaarden));
    st.push((
        "Overleggen",
        vec![
            s(&[
                "Overleg",
                "Scope",
                "Voorzitter",
                "Leden",
                "Frequentie per jaar",
                "Taak",
            ]),
            vec![
                "stuurgroep".into(),
                "regio".into(),
                "P-GGD".into(),
                gm.iter()
                    .map(|g| format!("P-{}-WH", g.code))
                    .collect::<Vec<_>>()
                    .join(", "),
                "3".into(),
                "Bestuurlijke sturing".into(),
            ],
            s(&[
                "projectgroep",
                "regio",
                "P-RC",
                "P-JGZ, P-ZV",
                "6",
                "Afstemming en voortgang",
            ]),
        ],
    ));
    let mut wb = Workbook::new();
    for (name, rows) in &st {
        sheet(&mut wb, name, rows)?;
    }
    wb.save(folder.join("stakeholders.xlsx"))?;

    let years = ["2027", "2028", "2029", "2030"];
    let mut kosten = s(&[
        "Regel-ID",
        "Kostenpost",
        "Omschrijving",
        "Scope",
        "Soort",
        "Eenheid",
        "Tarief",
    ]);
    kosten.extend(years.iter().map(|y| y.to_string()));
    kosten.extend(s(&["Verdeelsleutel", "In natura", "Toelichting"]));
    let mut kosten = vec![kosten];
    let mut dekking = vec![s(&["Regel-ID", "Bron-ID", "Percentage", "Status"])];
    let mut bronnen = vec![
        s(&[
            "Bron-ID",
            "Naam",
            "Soort",
            "Tijdelijk",
            "Geldig tot",
            "Houder",
        ]),
        s(&[
            "B-GEM",
            "Gemeentelijke bijdrage aan de regionale kosten",
            "gemeente",
            "nee",
            "",
            "",
        ]),
        s(&["B-SPUK", "SPUK GALA", "SPUK/GALA", "ja", "31-12-2028", ""]),
        s(&["B-ZVW", "Zorgverzekeringswet", "Zvw", "nee", "", "O-ZV"]),
    ];
    let rc_rate = if variant == 0 { "92,00" } else { "93,00" };
    for (id, post, soort, eenheid, tarief, q) in [
        (
            "K-RC",
            "Regiocoördinator",
            "structureel",
            "uur",
            rc_rate,
            "960",
        ),
        (
            "K-ME",
            "Monitoring en evaluatie",
            "structureel",
            "uur",
            "88,00",
            "200",
        ),
        (
            "K-COM",
            "Communicatie",
            "structureel",
            "forfait",
            "6.500,00",
            "1",
        ),
        ("K-SCH", "Scholing", "incidenteel", "stuk", "1.850,00", "6"),
        ("K-INT", "Intervisie", "structureel", "dag", "1.200,00", "4"),
    ] {
        let mut row = vec![
            id.to_string(),
            post.into(),
            format!("{post} voor de regio"),
            "regio".into(),
            soort.into(),
            eenheid.into(),
            tarief.into(),
        ];
        row.extend(years.iter().map(|_| q.to_string()));
        row.extend(s(&["", "nee", ""]));
        kosten.push(row);
        dekking.push(vec![
            id.into(),
            "B-SPUK".into(),
            "30".into(),
            "toegezegd".into(),
        ]);
        dekking.push(vec![
            id.into(),
            "B-GEM".into(),
            "70".into(),
            "toegezegd".into(),
        ]);
    }
    for g in &gm {
        let c = &g.code;
        bronnen.push(vec![
            format!("B-{c}"),
            format!("Gemeente {}", g.naam),
            "gemeente".into(),
            "nee".into(),
            String::new(),
            c.clone(),
        ]);
        for (id, post, tarief, q) in [
            (format!("K-{c}-PL"), "Projectleider", "82,00", "320"),
            (
                format!("K-{c}-CZV"),
                "Centrale zorgverlener",
                "78,00",
                "480",
            ),
        ] {
            let mut row = vec![
                id.clone(),
                post.into(),
                format!("{post} {}", g.naam),
                c.clone(),
                "structureel".into(),
                "uur".into(),
                tarief.into(),
            ];
            row.extend(years.iter().map(|_| q.to_string()));
            row.extend(s(&["", "nee", ""]));
            kosten.push(row);
            if post == "Centrale zorgverlener" {
                dekking.push(vec![
                    id.clone(),
                    "B-ZVW".into(),
                    "60".into(),
                    "verwacht".into(),
                ]);
                dekking.push(vec![id, format!("B-{c}"), "40".into(), "toegezegd".into()]);
            } else {
                dekking.push(vec![id, format!("B-{c}"), "100".into(), "toegezegd".into()]);
            }
        }
    }
    for i in 0..extra {
        let (scope, bron) = match i % (gm.len() + 1) {
            0 => ("regio".to_string(), "B-GEM".to_string()),
            k => (gm[k - 1].code.clone(), format!("B-{}", gm[k - 1].code)),
        };
        let id = format!("K-X{i:05}");
        let mut row = vec![
            id.clone(),
            format!("Activiteit {i}"),
            format!("Extra activiteit nummer {i}"),
            scope,
            if i % 3 == 0 {
                "incidenteel"
            } else {
                "structureel"
            }
            .into(),
            "uur".into(),
            format!("{},00", 40 + i % 50),
        ];
        row.extend(years.iter().map(|_| format!("{}", 1 + i % 12)));
        row.extend(s(&["", "nee", ""]));
        kosten.push(row);
        dekking.push(vec![id, bron, "100".into(), "toegezegd".into()]);
    }
    let fin: Vec<(&str, Vec<Vec<String>>)> = vec![
        (
            "Parameters",
            vec![
                s(&["Veld", "Waarde"]),
                s(&["Startjaar", "2027"]),
                s(&["Aantal jaren", "4"]),
                s(&["Indexatie", "2,5"]),
                s(&["BTW", "exclusief"]),
                s(&["Versie", "1.0"]),
                s(&["Versiedatum", "15-11-2026"]),
            ],
        ),
        ("Kostenregels", kosten),
        ("Financieringsbronnen", bronnen),
        ("Dekking", dekking),
        (
            "Verdeelsleutels",
            vec![
                s(&["Sleutel-ID", "Methode", "Standaard", "CBS-code", "Aandeel"]),
                s(&["S-INW", "inwoners", "ja", "", ""]),
            ],
        ),
    ];
    let mut wb = Workbook::new();
    for (name, rows) in &fin {
        sheet(&mut wb, name, rows)?;
    }
    wb.save(folder.join("financien.xlsx"))?;
    Ok(())
}
