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
    /// Lees en controleer de werkboeken in MAP, zonder documenten te maken.
    Check {
        /// De projectmap met stakeholders.xlsx en financien.xlsx.
        map: PathBuf,
        /// Uitvoer: tekst voor mensen (stderr) of JSON (stdout).
        #[arg(long, value_enum, default_value_t = Format::Tekst)]
        format: Format,
    },
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
