//! The command line: English verbs, Dutch messages, exit codes like ripgrep's.
//!
//! | code | meaning |
//! | --- | --- |
//! | 0 | success (warnings allowed) |
//! | 1 | the inputs have errors |
//! | 2 | a usage or I/O problem |
//!
//! Human output goes to stderr, in colour only on a terminal and never when `NO_COLOR`
//! is set; `--format json` prints the findings as JSON on stdout.

use std::io::Write;
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
        /// Overschrijf bestaande werkboeken.
        #[arg(long)]
        overschrijven: bool,
    },
    /// Maak alle documenten van de regio en van elke deelnemende gemeente (PDF en DOCX).
    Build {
        /// De projectmap met stakeholders.xlsx en financien.xlsx.
        map: PathBuf,
        /// De uitvoermap; standaard MAP/uitvoer.
        #[arg(long)]
        uit: Option<PathBuf>,
        /// Formaten, gescheiden door komma's: pdf, docx.
        #[arg(long, value_delimiter = ',', default_values = ["pdf", "docx"])]
        formaat: Vec<Formaat>,
        /// Alleen de documenten van deze gemeente (CBS-code, bijvoorbeeld GM0228).
        #[arg(long)]
        gemeente: Option<String>,
        /// Schrijf de documenten als CONCEPT, ook als de status definitief is.
        #[arg(long)]
        concept: bool,
        /// Uitvoer: tekst voor mensen (stderr) of JSON (stdout).
        #[arg(long, value_enum, default_value_t = Format::Tekst)]
        format: Format,
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

/// A document format for `build --formaat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Formaat {
    /// PDF (PDF/A-2a with PDF/UA-1).
    Pdf,
    /// Word document.
    Docx,
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
        } => init(&map, voorbeeld, overschrijven),
        Command::Check { map, format } => check(&map, format),
        Command::Build {
            map,
            uit,
            formaat,
            gemeente,
            concept,
            format,
        } => {
            let opts = crate::pipeline::BuildOptions {
                uit: uit.unwrap_or_else(|| map.join("uitvoer")),
                formats: crate::pipeline::Formats {
                    pdf: formaat.contains(&Formaat::Pdf),
                    docx: formaat.contains(&Formaat::Docx),
                },
                gemeente,
                concept,
            };
            build(&map, &opts, format)
        }
    }
}

fn usage_error(message: &str) -> u8 {
    let style = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
    eprintln!("{style}fout{style:#}: {message}");
    2
}

fn init(map: &Path, voorbeeld: bool, overschrijven: bool) -> u8 {
    match crate::workbooks::init(map, voorbeeld, overschrijven) {
        Ok(written) => {
            for p in written {
                eprintln!("geschreven: {}", p.display());
            }
            0
        }
        Err(e) => usage_error(&e.to_string()),
    }
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
                return usage_error(&format!("kan de uitvoer niet schrijven: {e}"));
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
            eprintln!("{style}{summary}{style:#}");
        }
    }
    if diags.has_errors() { 1 } else { 0 }
}

fn build(map: &Path, opts: &crate::pipeline::BuildOptions, format: Format) -> u8 {
    if !map.is_dir() {
        return usage_error(&format!(
            "de projectmap {} bestaat niet of is geen map",
            map.display()
        ));
    }
    if let Some(g) = &opts.gemeente
        && crate::ingest::parse::cbs_code(g).is_err()
    {
        return usage_error(&format!(
            "‘{g}’ is geen CBS-gemeentecode (bijvoorbeeld GM0228)"
        ));
    }
    let report = match crate::pipeline::build(map, opts) {
        Ok(r) => r,
        Err(e) => {
            let code = e.exit_code();
            let style = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
            eprintln!("{style}fout{style:#}: {e}");
            return code;
        }
    };
    let refused = !report.geweigerd.is_empty();
    match format {
        Format::Json => {
            let mut out = std::io::stdout().lock();
            let written = serde_json::to_writer_pretty(&mut out, &report)
                .map_err(std::io::Error::other)
                .and_then(|_| writeln!(out));
            if let Err(e) = written {
                return usage_error(&format!("kan de uitvoer niet schrijven: {e}"));
            }
        }
        Format::Tekst => {
            for d in &report.bevindingen {
                print_human(d);
            }
            for w in &report.geschreven {
                eprintln!("geschreven: {}", opts.uit.join(&w.bestand).display());
            }
            for r in &report.geweigerd {
                let style = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
                eprintln!(
                    "{style}niet geschreven{style:#}: {}: {}",
                    r.document, r.reden
                );
            }
            let style = Style::new().bold();
            eprintln!(
                "{style}{} bestanden geschreven, {} fouten, {} waarschuwingen{style:#}",
                report.geschreven.len(),
                report.bevindingen.error_count(),
                report.bevindingen.warning_count()
            );
        }
    }
    if refused || report.bevindingen.has_errors() {
        1
    } else {
        0
    }
}

fn print_human(d: &Diagnostic) {
    let color = match d.severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
    };
    let sev = Style::new().bold().fg_color(Some(color.into()));
    let bold = Style::new().bold();
    let dim = Style::new().fg_color(Some(AnsiColor::Cyan.into()));
    match &d.location {
        Some(loc) => eprintln!(
            "{sev}{}[{}]{sev:#} {bold}{loc}{bold:#}: {}",
            d.severity.label(),
            d.code,
            d.message
        ),
        None => eprintln!(
            "{sev}{}[{}]{sev:#}: {}",
            d.severity.label(),
            d.code,
            d.message
        ),
    }
    if let Some(h) = &d.hint {
        eprintln!("  {dim}hint{dim:#}: {h}");
    }
}
