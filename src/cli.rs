//! The command line: English verbs, Dutch messages, exit codes like ripgrep's.
//!
//! | code | meaning |
//! | --- | --- |
//! | 0 | success (warnings allowed) |
//! | 1 | the inputs have errors |
//! | 2 | a usage or I/O problem (also an unknown code for `uitleg`) |
//!
//! Human output goes to stderr, in colour only on a terminal and never when `NO_COLOR`
//! is set; `--format json` prints the findings as JSON on stdout. Text from the workbooks
//! reaches the terminal with its control and bidi characters escaped ([`terminal_safe`]),
//! so a cell cannot move the cursor, recolour the terminal or reverse what follows it.
//!
//! `build` and `begroting` stop on Ctrl-C (SIGINT) or SIGTERM: the documents being
//! rendered are finished, nothing is committed, the new state is removed and the previous
//! outputs stay as they were; the exit code is 130 or 143. A second Ctrl-C ends the
//! process at once (the output folder is still wholly old; the next build removes what was
//! left beside it).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anstream::eprintln;
use anstyle::{AnsiColor, Style};
use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics, Severity};

/// regiodocs: van twee werkboeken naar de stukken van een regionale samenwerking
/// Kind naar Gezonder Gewicht.
#[derive(Debug, Parser)]
#[command(name = "regiodocs", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Maak lege werkboeken (stakeholders en financien) met instructies in MAP.
    Init {
        /// De projectmap; wordt aangemaakt als die nog niet bestaat.
        map: PathBuf,
        /// Schrijf het volledige voorbeeld (Regio Foodvalley) in plaats van lege werkboeken.
        #[arg(long)]
        voorbeeld: bool,
        /// Overschrijf bestaande werkboeken (en templates).
        #[arg(long)]
        overschrijven: bool,
        /// Zet de ingebouwde templates niet in MAP/templates.
        #[arg(long)]
        zonder_templates: bool,
    },
    /// Maak alle documenten van de regio en van elke deelnemende gemeente (PDF, DOCX, XLSX).
    Build {
        /// Een of meer projectmappen, elk met stakeholders.xlsx en financien.xlsx.
        #[arg(required = true, num_args = 1..)]
        map: Vec<PathBuf>,
        #[command(flatten)]
        opties: BuildArgs,
    },
    /// Maak alleen de begrotingen (XLSX, PDF, DOCX) van de regio en van elke gemeente.
    Begroting {
        /// Een of meer projectmappen, elk met stakeholders.xlsx en financien.xlsx.
        #[arg(required = true, num_args = 1..)]
        map: Vec<PathBuf>,
        #[command(flatten)]
        opties: BuildArgs,
    },
    /// Wat is er veranderd van A naar B: bedragen, aandelen, partijen, teksten; zonder te
    /// bouwen.
    Verschil {
        /// De oude stand: een projectmap, een gearchiveerde versie (uitvoer/archief/1.0) of
        /// een uitvoermap.
        a: PathBuf,
        /// De nieuwe stand, net zo.
        b: PathBuf,
        /// Uitvoer: tekst voor mensen (stdout) of JSON (stdout).
        #[arg(long, value_enum, default_value_t = Format::Tekst)]
        format: Format,
        /// Schrijf het verslag ook als Excel-werkboek naar dit bestand.
        #[arg(long)]
        xlsx: Option<PathBuf>,
    },
    /// Leg uit wat een bevinding betekent en wat u eraan doet (bijvoorbeeld: uitleg F18).
    Uitleg {
        /// De code van de bevinding: F01-F36 of R01-R36.
        code: String,
    },
    /// Start een webpagina: werkboeken kiezen, bevindingen lezen, stukken downloaden.
    Serve {
        /// Waar de pagina luistert. Standaard alleen op deze computer.
        #[arg(long, default_value = "127.0.0.1:8080")]
        adres: std::net::SocketAddr,
        /// Toegangstoken (minstens 16 tekens). Nodig op elk ander adres dan deze computer;
        /// zonder --token maakt regiodocs er dan een en toont het.
        #[arg(long)]
        token: Option<String>,
    },
    /// Lees en controleer de werkboeken in MAP, zonder documenten te maken.
    Check {
        /// De projectmap met stakeholders.xlsx en financien.xlsx.
        map: PathBuf,
        /// Uitvoer: tekst voor mensen (stderr) of JSON (stdout).
        #[arg(long, value_enum, default_value_t = Format::Tekst)]
        format: Format,
    },
}

/// The options `build` and `begroting` share.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// De uitvoermap; standaard MAP/uitvoer. Met meer projectmappen krijgt elk project een
    /// eigen map hieronder (naar de naam van de projectmap); standaard ./uitvoer.
    #[arg(long)]
    uit: Option<PathBuf>,
    /// Formaten, gescheiden door komma's: pdf, docx, xlsx.
    #[arg(long, value_delimiter = ',', default_values = ["pdf", "docx", "xlsx"])]
    formaat: Vec<Formaat>,
    /// Alleen de documenten van deze gemeente (CBS-code, bijvoorbeeld GM0228).
    #[arg(long)]
    gemeente: Option<String>,
    /// Schrijf de documenten als CONCEPT, ook als de status definitief is.
    #[arg(long)]
    concept: bool,
    /// Maak alles opnieuw, ook wat sinds de vorige keer niet veranderd is.
    #[arg(long)]
    alles: bool,
    /// Geen lege handtekenvelden in de PDF's, voor wie op papier tekent (ook in te stellen
    /// in het werkboek: Regio › Handtekenvelden = nee).
    #[arg(long)]
    zonder_handtekenvelden: bool,
    /// Geen voortgangsbalk en alleen fouten en het eindoverzicht.
    #[arg(long, short)]
    quiet: bool,
    /// Uitvoer: tekst voor mensen (stderr) of JSON (stdout).
    #[arg(long, value_enum, default_value_t = Format::Tekst)]
    format: Format,
}

/// A document format for `build --formaat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Formaat {
    /// PDF (PDF/A-2a with PDF/UA-1).
    Pdf,
    /// Word document.
    Docx,
    /// Excel workbook (budgets and the overview).
    Xlsx,
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable text on stderr.
    Tekst,
    /// JSON on stdout.
    Json,
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    crate::contain::install_quiet_hook();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    ExitCode::from(run(cli))
}

/// Runs a parsed command; returns 0, 1 or 2.
pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Init {
            map,
            voorbeeld,
            overschrijven,
            zonder_templates,
        } => init(&map, voorbeeld, overschrijven, !zonder_templates),
        Command::Check { map, format } => check(&map, format),
        Command::Uitleg { code } => uitleg(&code),
        Command::Build { map, opties } => build(&map, &opties, false),
        Command::Begroting { map, opties } => build(&map, &opties, true),
        Command::Verschil { a, b, format, xlsx } => verschil(&a, &b, format, xlsx.as_deref()),
        Command::Serve { adres, token } => serve(adres, token),
    }
}

fn serve(adres: std::net::SocketAddr, token: Option<String>) -> u8 {
    let config = crate::serve::Config {
        token,
        ..crate::serve::Config::new(adres)
    };
    let bold = Style::new().bold();
    let result = crate::serve::run(config, |ready| {
        eprintln!(
            "{bold}regiodocs draait.{bold:#} Open in uw browser: {}",
            ready.url
        );
        if let (true, Some(token)) = (ready.adres.ip().is_unspecified(), &ready.token) {
            eprintln!(
                "Op deze computer zelf: http://127.0.0.1:{}/?token={token}",
                ready.adres.port()
            );
        }
        if ready.token.is_some() {
            eprintln!(
                "Alleen wie het toegangstoken kent, komt erin; geef het adres met ?token=… alleen aan wie de pagina mag gebruiken."
            );
        }
        eprintln!("Stoppen: Ctrl-C. Werkboeken worden een uur na het laatste gebruik verwijderd.");
    });
    match result {
        Ok(stats) => {
            eprintln!(
                "regiodocs is gestopt: {} keer werkboeken gecontroleerd, {} keer stukken gemaakt; alle tijdelijke bestanden zijn verwijderd.",
                stats.uploads, stats.builds
            );
            0
        }
        Err(e) => usage_error(&e.to_string()),
    }
}

fn verschil(a: &Path, b: &Path, format: Format, xlsx: Option<&Path>) -> u8 {
    let (old, new) = match (crate::pipeline::state(a), crate::pipeline::state(b)) {
        (Ok(x), Ok(y)) => (x, y),
        (Err(e), _) | (_, Err(e)) => {
            let code = e.exit_code();
            let style = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
            eprintln!("{style}fout{style:#}: {}", terminal_safe(&e.to_string()));
            return code;
        }
    };
    for (path, s) in [(a, &old), (b, &new)] {
        if s.fouten > 0 {
            eprintln!(
                "let op: de werkboeken in {} bevatten {} {}; zie `regiodocs check`",
                terminal_safe(&path.display().to_string()),
                s.fouten,
                if s.fouten == 1 { "fout" } else { "fouten" }
            );
        }
    }
    let v = crate::changes::Vergelijking {
        basis: crate::changes::Basis::Map,
        met: a.display().to_string(),
        oude_versie: old.snapshot.versie.clone(),
        nieuwe_versie: new.snapshot.versie.clone(),
        wijzigingen: crate::changes::compare(&old.snapshot, &new.snapshot),
    };
    if let Some(file) = xlsx {
        let written = crate::render::wijzigingen::xlsx(&new.snapshot, &[Some(v.clone())])
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                crate::output::write_atomic(file, &bytes).map_err(|e| crate::diag::io_reason(&e))
            });
        if let Err(e) = written {
            return usage_error(&format!("kan {} niet schrijven: {e}", file.display()));
        }
    }
    let mut out = std::io::stdout().lock();
    let written = match format {
        Format::Json => serde_json::to_writer_pretty(&mut out, &v)
            .map_err(std::io::Error::other)
            .and_then(|_| writeln!(out)),
        Format::Tekst => {
            let head = format!(
                "{} (versie {}) → {} (versie {})",
                a.display(),
                v.oude_versie,
                b.display(),
                v.nieuwe_versie
            );
            let mut text = if v.wijzigingen.is_empty() {
                format!("Geen verschillen: {head}.\n")
            } else {
                format!("Verschillen: {head}:\n")
            };
            for line in v.wijzigingen.lines(None) {
                text.push_str(&format!("  {line}\n"));
            }
            out.write_all(terminal_safe(&text).as_bytes())
        }
    };
    if let Err(e) = written {
        return usage_error(&format!(
            "kan de uitvoer niet schrijven: {}",
            crate::diag::io_reason(&e)
        ));
    }
    0
}

fn usage_error(message: &str) -> u8 {
    let style = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
    eprintln!("{style}fout{style:#}: {}", terminal_safe(message));
    2
}

/// Text made safe to print on a terminal: control characters (other than line breaks and
/// tabs) and the bidi controls that reorder text (U+202A-U+202E, U+2066-U+2069, U+200E,
/// U+200F, U+061C) are shown as `<U+202E>`, so text from a workbook can neither send
/// escape sequences to the terminal nor make a line read differently from what it says.
///
/// ```
/// use regiodocs::cli::terminal_safe;
/// assert_eq!(terminal_safe("Ede"), "Ede");
/// assert_eq!(terminal_safe("a\u{1b}[31mb"), "a<U+001B>[31mb");
/// assert_eq!(terminal_safe("abc\u{202E}fdp.exe"), "abc<U+202E>fdp.exe");
/// ```
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("<U+{:04X}>", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether [`terminal_safe`] escapes this character: a control character other than a line
/// break or tab, or a bidi control.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Prints the explanation of one finding code on stdout (exit 0), or says the code does not
/// exist (exit 2).
fn uitleg(code: &str) -> u8 {
    match crate::diag::uitleg(code) {
        Some(text) => {
            let text = text.replace("**", "");
            let text = text.strip_prefix("## ").unwrap_or(&text);
            let mut out = std::io::stdout().lock();
            match writeln!(out, "{text}") {
                Ok(()) => 0,
                Err(e) => usage_error(&format!("kan de uitvoer niet schrijven: {e}")),
            }
        }
        None => usage_error(&format!(
            "‘{}’ is geen code van regiodocs. Codes zijn F01 tot en met F36 (invoerformaat) en R01 tot en met R36 (regels van de aanpak), bijvoorbeeld: regiodocs uitleg F18",
            code.chars()
                .filter(|&c| !c.is_control() && !unsafe_char(c))
                .take(20)
                .collect::<String>()
        )),
    }
}

fn init(map: &Path, voorbeeld: bool, overschrijven: bool, templates: bool) -> u8 {
    let mut written = match crate::workbooks::init(map, voorbeeld, overschrijven) {
        Ok(w) => w,
        Err(e) => return usage_error(&e.to_string()),
    };
    if templates {
        match copy_templates(&map.join("templates"), overschrijven) {
            Ok(w) => written.extend(w),
            Err(e) => return usage_error(&e),
        }
    }
    for p in written {
        eprintln!("geschreven: {}", terminal_safe(&p.display().to_string()));
    }
    0
}

/// Copies the built-in templates into a project's `templates/` folder, where they override
/// the built-in ones; an existing file is kept unless `overwrite`.
fn copy_templates(dir: &Path, overwrite: bool) -> Result<Vec<PathBuf>, String> {
    let mut written = Vec::new();
    for (name, text) in crate::template::BUILTIN {
        let path = dir.join(name);
        if path.exists() && !overwrite {
            eprintln!(
                "bestaat al, niet overschreven: {}",
                terminal_safe(&path.display().to_string())
            );
            continue;
        }
        crate::output::write_atomic(&path, text.as_bytes()).map_err(|e| {
            format!(
                "kan {} niet schrijven: {}",
                path.display(),
                crate::diag::io_reason(&e)
            )
        })?;
        written.push(path);
    }
    Ok(written)
}

#[derive(Serialize)]
struct Report<'a> {
    map: String,
    errors: usize,
    warnings: usize,
    diagnostics: &'a Diagnostics,
}

fn check(map: &Path, format: Format) -> u8 {
    if !map.is_dir() {
        return usage_error(&format!(
            "de projectmap {} bestaat niet of is geen map",
            map.display()
        ));
    }
    let checked = crate::pipeline::check(map);
    let diags = &checked.diagnostics;
    match format {
        Format::Json => {
            let report = Report {
                map: map.display().to_string(),
                errors: diags.error_count(),
                warnings: diags.warning_count(),
                diagnostics: diags,
            };
            let mut out = std::io::stdout().lock();
            let written = serde_json::to_writer_pretty(&mut out, &report)
                .map_err(std::io::Error::other)
                .and_then(|_| writeln!(out));
            if let Err(e) = written {
                return usage_error(&format!(
                    "kan de uitvoer niet schrijven: {}",
                    crate::diag::io_reason(&e)
                ));
            }
        }
        Format::Tekst => {
            for d in diags {
                print_human(d);
            }
            let summary = format!(
                "{}: {} {}, {} {}",
                map.display(),
                diags.error_count(),
                if diags.error_count() == 1 {
                    "fout"
                } else {
                    "fouten"
                },
                diags.warning_count(),
                if diags.warning_count() == 1 {
                    "waarschuwing"
                } else {
                    "waarschuwingen"
                },
            );
            let style = Style::new().bold();
            eprintln!("{style}{}{style:#}", terminal_safe(&summary));
        }
    }
    if checked.unreadable().is_some() {
        2
    } else if diags.has_errors() {
        1
    } else {
        0
    }
}

/// Where each project's outputs go: `--uit` for one project (default `MAP/uitvoer`); with
/// several, one folder per project under `--uit` (default `./uitvoer`), named after the
/// project folder (with `-2`, `-3`, ... when two folders have the same name).
fn output_folders(maps: &[PathBuf], uit: Option<&Path>) -> Vec<crate::pipeline::Project> {
    if let [map] = maps {
        let uit = uit.map_or_else(|| map.join("uitvoer"), Path::to_path_buf);
        return vec![crate::pipeline::Project::new(map, uit)];
    }
    let root = uit.map_or_else(|| PathBuf::from("uitvoer"), Path::to_path_buf);
    let mut used = std::collections::BTreeSet::new();
    maps.iter()
        .map(|map| {
            let name = map
                .canonicalize()
                .unwrap_or_else(|_| map.clone())
                .file_name()
                .map(|n| crate::output::slug(&n.to_string_lossy()))
                .unwrap_or_else(|| "project".into());
            let mut unique = name.clone();
            let mut n = 2;
            while !used.insert(unique.clone()) {
                unique = format!("{name}-{n}");
                n += 1;
            }
            crate::pipeline::Project::new(map, root.join(unique))
        })
        .collect()
}

fn build(maps: &[PathBuf], a: &BuildArgs, alleen_begroting: bool) -> u8 {
    for map in maps {
        if !map.is_dir() {
            return usage_error(&format!(
                "de projectmap {} bestaat niet of is geen map",
                map.display()
            ));
        }
    }
    if let Some(g) = &a.gemeente
        && crate::ingest::parse::cbs_code(g).is_err()
    {
        return usage_error(&format!(
            "‘{g}’ is geen CBS-gemeentecode (bijvoorbeeld GM0228)"
        ));
    }
    let opts = crate::pipeline::BuildOptions {
        formats: crate::pipeline::Formats {
            pdf: a.formaat.contains(&Formaat::Pdf),
            docx: a.formaat.contains(&Formaat::Docx),
            xlsx: a.formaat.contains(&Formaat::Xlsx),
        },
        gemeente: a.gemeente.as_ref().map(|g| g.to_ascii_uppercase()),
        concept: a.concept,
        alles: a.alles,
        alleen_begroting,
        zonder_handtekenvelden: a.zonder_handtekenvelden,
        stop: crate::pipeline::Stop::default(),
    };
    let projects = output_folders(maps, a.uit.as_deref());
    let show_bar = a.format == Format::Tekst && !a.quiet && std::io::stderr().is_terminal();
    let bar = indicatif::ProgressBar::hidden();
    if show_bar {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40.cyan/blue} {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
    }
    let progress = |p: crate::pipeline::Progress| match p {
        crate::pipeline::Progress::Planned(n) => bar.set_length(n as u64),
        crate::pipeline::Progress::Done(name) => {
            bar.set_message(name);
            bar.inc(1);
        }
    };
    if let Err(e) = stop_on_signals(&opts.stop) {
        return usage_error(&format!(
            "kan Ctrl-C niet afhandelen: {}",
            crate::diag::io_reason(&e)
        ));
    }
    let engine = crate::pipeline::Engine::new();
    let results = crate::pipeline::build(&engine, &projects, &opts, &progress);
    bar.finish_and_clear();
    let mut code = 0u8;
    let mut reports = Vec::new();
    for (project, result) in projects.iter().zip(results) {
        match result {
            Ok(r) => {
                if r.has_problems() {
                    code = code.max(1);
                }
                reports.push(JsonResult::Gelukt(r));
            }
            Err(e) => {
                code = code.max(e.exit_code());
                reports.push(JsonResult::Mislukt {
                    map: project.map.display().to_string(),
                    fout: e.to_string(),
                });
            }
        }
    }
    match a.format {
        Format::Json => {
            let mut out = std::io::stdout().lock();
            let written = serde_json::to_writer_pretty(&mut out, &reports)
                .map_err(std::io::Error::other)
                .and_then(|_| writeln!(out));
            if let Err(e) = written {
                return usage_error(&format!(
                    "kan de uitvoer niet schrijven: {}",
                    crate::diag::io_reason(&e)
                ));
            }
        }
        Format::Tekst => {
            for r in &reports {
                print_build_report(r, a.quiet);
            }
        }
    }
    code
}

/// Makes SIGINT (Ctrl-C) and SIGTERM request `stop`; a second one of either ends the
/// process at once with 130 or 143.
fn stop_on_signals(stop: &crate::pipeline::Stop) -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let again = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    for signal in [SIGINT, SIGTERM] {
        signal_hook::flag::register_conditional_shutdown(signal, 128 + signal, again.clone())?;
        signal_hook::flag::register(signal, again.clone())?;
        signal_hook::flag::register_usize(signal, stop.flag(), signal as usize)?;
    }
    Ok(())
}

/// One project's result in `build --format json`.
#[derive(Serialize)]
#[serde(untagged)]
enum JsonResult {
    Gelukt(crate::pipeline::BuildReport),
    Mislukt { map: String, fout: String },
}

fn print_build_report(r: &JsonResult, quiet: bool) {
    let red = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
    let bold = Style::new().bold();
    let r = match r {
        JsonResult::Mislukt { map, fout } => {
            let map = terminal_safe(map);
            eprintln!("{red}fout{red:#}: {map}: {}", terminal_safe(fout));
            eprintln!("{bold}{map}: niets geschreven; de vorige uitvoer is ongewijzigd{bold:#}");
            return;
        }
        JsonResult::Gelukt(r) => r,
    };
    for d in &r.bevindingen {
        if !quiet || d.is_error() {
            print_human(d);
        }
    }
    if !quiet {
        for w in &r.opmaakwaarschuwingen {
            eprintln!("opmaak: {}", terminal_safe(w));
        }
        for w in &r.geschreven {
            let path = Path::new(&r.uit).join(&w.bestand);
            eprintln!("geschreven: {}", terminal_safe(&path.display().to_string()));
        }
        if let Some(a) = &r.archief {
            let path = Path::new(&r.uit).join(&a.map);
            let path = terminal_safe(&path.display().to_string()).into_owned();
            if a.nieuw {
                eprintln!(
                    "{bold}gearchiveerd{bold:#}: definitieve versie {} in {path}",
                    terminal_safe(&a.versie)
                );
            } else {
                eprintln!(
                    "archief: definitieve versie {} staat al in {path}, met dezelfde stukken; niets veranderd",
                    terminal_safe(&a.versie)
                );
            }
        }
        for v in r.wijzigingen.iter().filter(|v| !v.wijzigingen.is_empty()) {
            eprintln!(
                "{bold}wijzigingen sinds {} (versie {} → {}){bold:#}:",
                terminal_safe(&v.met),
                terminal_safe(&v.oude_versie),
                terminal_safe(&v.nieuwe_versie)
            );
            for line in v.wijzigingen.lines(Some(20)) {
                eprintln!("  {}", terminal_safe(&line));
            }
        }
    }
    for x in &r.geweigerd {
        eprintln!(
            "{red}niet geschreven{red:#}: {}: {}",
            terminal_safe(&x.document),
            terminal_safe(&x.reden)
        );
    }
    eprintln!(
        "{bold}{}: {} geschreven, {} ongewijzigd, {} geweigerd; {} fouten, {} waarschuwingen{bold:#}",
        terminal_safe(&r.map),
        r.geschreven.len(),
        r.ongewijzigd.len(),
        r.geweigerd.len(),
        r.bevindingen.error_count(),
        r.bevindingen.warning_count()
    );
}

fn print_human(d: &Diagnostic) {
    let color = match d.severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
    };
    let sev = Style::new().bold().fg_color(Some(color.into()));
    let bold = Style::new().bold();
    let dim = Style::new().fg_color(Some(AnsiColor::Cyan.into()));
    let message = terminal_safe(&d.message);
    match &d.location {
        Some(loc) => eprintln!(
            "{sev}{}[{}]{sev:#} {bold}{}{bold:#}: {message}",
            d.severity.label(),
            d.code,
            terminal_safe(&loc.to_string()),
        ),
        None => eprintln!("{sev}{}[{}]{sev:#}: {message}", d.severity.label(), d.code),
    }
    if let Some(h) = &d.hint {
        eprintln!("  {dim}hint{dim:#}: {}", terminal_safe(h));
    }
}
