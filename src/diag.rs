//! Diagnostics: what the user sees when a workbook needs fixing.
//!
//! Every finding has a stable [`Code`], a [`Severity`], a Dutch message, an optional
//! [`Location`] (workbook, sheet, cell or row, written as Excel shows it) and an optional
//! hint. Diagnostics are collected in a [`Diagnostics`] list so that one run reports every
//! problem at once, never just the first.
//!
//! ```
//! use regiodocs::diag::{Code, Diagnostic, Location};
//! let d = Diagnostic::error(Code::OngeldigBedrag, "‘12,3,4’ is geen bedrag.")
//!     .at(Location::cell("financien.xlsx", "Kostenregels", 8, 7))
//!     .hint("Schrijf bijvoorbeeld 1.234,56.");
//! assert_eq!(d.location.as_ref().unwrap().to_string(), "financien.xlsx: Kostenregels!H7");
//! ```

use std::fmt;

use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks signing-ready documents; `check` exits with 1.
    Error,
    /// Worth fixing; documents are still written.
    Warning,
}

impl Severity {
    /// The Dutch word shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "fout",
            Severity::Warning => "waarschuwing",
        }
    }
}

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $code:literal,)*) => {
        /// Stable diagnostic codes. Format rules of the input format are `Fxx`, domain rules
        /// of the approach keep their `Rxx` number (`docs/bevindingen.md`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// The stable code as printed, e.g. `F06`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];
        }
    };
}

codes! {
    /// A workbook is missing from the project folder.
    WerkboekOntbreekt = "F01",
    /// A file cannot be read as a spreadsheet (not a workbook, empty, damaged).
    GeenWerkboek = "F02",
    /// Two files claim the same workbook (e.g. `financien.xlsx` and `financien.ods`).
    DubbelWerkboek = "F03",
    /// A required sheet is missing.
    TabbladOntbreekt = "F04",
    /// A required column is missing.
    KolomOntbreekt = "F05",
    /// A column header is not known (warning, with the nearest known name).
    OnbekendeKolom = "F06",
    /// A column header appears twice.
    DubbeleKolom = "F07",
    /// A required cell is empty.
    VerplichtLeeg = "F08",
    /// A formula in the cell ended in an error value such as `#DEEL/0!`.
    Formulefout = "F09",
    /// Text that is not a valid or unambiguous amount of money.
    OngeldigBedrag = "F10",
    /// Not a valid number (hours, quantities).
    OngeldigGetal = "F11",
    /// Not a valid percentage.
    OngeldigPercentage = "F12",
    /// A number cell between 0 and 1 read as a fraction (warning).
    PercentageAlsFractie = "F13",
    /// Not a valid date.
    OngeldigeDatum = "F14",
    /// Not a valid yes/no value.
    OngeldigJaNee = "F15",
    /// Not a whole number, or outside its allowed range.
    OngeldigGeheelGetal = "F16",
    /// A value outside the column's list of allowed values.
    OnbekendeWaarde = "F17",
    /// A malformed CBS code, postcode, KvK number or e-mail address.
    OngeldigFormaat = "F18",
    /// An ID occurs twice.
    DubbelId = "F19",
    /// A reference to an ID that does not exist.
    OnbekendeVerwijzing = "F20",
    /// A year column outside the budget period, or year columns not consecutive.
    OngeldigJaar = "F21",
    /// A CBS code that is not in the built-in list of municipalities.
    OnbekendeGemeente = "F22",
    /// A municipality name that does not match its CBS code (warning).
    GemeentenaamWijktAf = "F23",
    /// A negative amount where none is allowed.
    NegatiefBedrag = "F24",
    /// An unknown field in a key/value sheet (warning).
    OnbekendVeld = "F25",
    /// A field that appears twice in a key/value sheet.
    DubbelVeld = "F26",
    /// A start date after its end date.
    DatumVolgorde = "F27",
    /// A coverage row with both a percentage and year amounts.
    DekkingDubbel = "F28",
    /// Coverage above 100 % of a cost line.
    Overdekking = "F29",
    /// A sharing key that is invalid (`vast` shares not 100, several defaults, ...).
    OngeldigeVerdeelsleutel = "F30",
    /// A `Teksten` section key the templates do not know (warning).
    OnbekendeSectie = "F31",
    /// The two workbooks disagree (warning), e.g. on the version.
    WerkboekenWijkenAf = "F32",
    /// An optional field that a document needs is empty (warning); the document uses its
    /// default wording.
    VeldNodig = "F33",
    /// A workbook beyond a limit: file size, unpacked size, rows, columns, cells, or a
    /// cell longer than 32,767 characters (see [`crate::ingest::limits`]); or a text too
    /// long for the place it is printed in a PDF.
    TeGroot = "F34",
    /// The operating system cannot read a workbook (no permission, a disk error); the
    /// command exits with 2, like for any I/O problem.
    Onleesbaar = "F35",
    /// A character that no embedded font has (an emoji, a script the fonts lack)
    /// (warning): the PDF shows `□` in its place.
    OnbekendTeken = "F36",
    /// R01: a precondition to start is not (yet) met.
    R01Randvoorwaarde = "R01",
    /// R03: a party lacks an authorised signatory of its own organisation.
    R03Ondertekenaar = "R03",
    /// R04: a party lacks a role, responsibilities or contribution.
    R04Partij = "R04",
    /// R05: a party's text is not marked as agreed with that party before the final version.
    R05Afgestemd = "R05",
    /// R06: an agreement without a positive go decision before its signing.
    R06GoBesluit = "R06",
    /// R08: the regional coordinator's assignment has no go/no-go moment.
    R08GoNoGo = "R08",
    /// R09: the regional coordinator has fewer hours than the profile proposes.
    R09Uren = "R09",
    /// R11: fewer than two participating municipalities.
    R11Deelname = "R11",
    /// R13: a coordinating role without level, or with two owners at one level and scope.
    R13Eigenaar = "R13",
    /// R14: a goal without indicator, indicator source or owner.
    R14Indicator = "R14",
    /// R15: monitoring and evaluation without owner, hours, work group or cost line.
    R15Monitoring = "R15",
    /// R16: a cost line is not marked incidental or structural.
    R16Soort = "R16",
    /// R17: a budget of fewer than two years.
    R17Meerjarig = "R17",
    /// R18: structural costs paid from temporary money.
    R18TijdelijkGeld = "R18",
    /// R19: a cost line is not fully covered.
    R19Dekkingsgat = "R19",
    /// R20: the CZV capacity plan is missing or incomplete.
    R20CzvCapaciteit = "R20",
    /// R21: CZV hours claimed under the Zvw without the Zorginstituut's functional description.
    R21Functiebeschrijving = "R21",
    /// R24: a municipality's decision on the plan is not (fully) recorded.
    R24Besluit = "R24",
    /// R25: a no-go decision without recorded reasons.
    R25NoGoMotivering = "R25",
}

/// The reason of an operating-system error in Dutch, for a message such as "kan X niet
/// schrijven: {reason}": the common kinds in words, any other with the system's own text.
///
/// ```
/// use regiodocs::diag::io_reason;
/// let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
/// assert_eq!(io_reason(&e), "er is geen toestemming voor");
/// ```
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let text = match e.kind() {
        K::NotFound => "het bestaat niet (meer)",
        K::PermissionDenied => "er is geen toestemming voor",
        K::IsADirectory => "het is een map, geen bestand",
        K::NotADirectory => "een deel van het pad is geen map",
        K::AlreadyExists => "het bestaat al",
        K::StorageFull => "de schijf is vol",
        K::QuotaExceeded => "de schijfruimte (quotum) is op",
        K::ReadOnlyFilesystem => "de schijf is alleen-lezen",
        K::FileTooLarge => "het bestand is te groot voor het bestandssysteem",
        K::DirectoryNotEmpty => "de map is niet leeg",
        K::ResourceBusy => "het is in gebruik",
        K::InvalidFilename => "de naam is ongeldig of te lang",
        K::CrossesDevices => "het ligt op een andere schijf",
        K::OutOfMemory => "er is niet genoeg geheugen",
        K::TimedOut => "het antwoord bleef uit",
        K::UnexpectedEof => "het bestand houdt onverwacht op",
        K::Interrupted => "het lezen of schrijven werd onderbroken",
        _ if e.raw_os_error() == Some(5) => "de schijf gaf een lees- of schrijffout",
        _ => return format!("onverwachte fout van het besturingssysteem ({e})"),
    };
    text.to_string()
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Where a finding is: a workbook, optionally a sheet, and a cell or a row in it.
///
/// Rows and columns are 1-based and absolute, exactly as Excel shows them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// The file name, e.g. `financien.xlsx`.
    pub workbook: String,
    /// The sheet name as it is spelled in the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// 1-based row number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// 1-based column number; with `row` this is a cell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub col: Option<u32>,
    /// The A1 reference (`H7`) when this is a cell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
}

impl Location {
    /// A whole workbook.
    pub fn workbook(workbook: &str) -> Self {
        Location {
            workbook: workbook.to_string(),
            sheet: None,
            row: None,
            col: None,
            cell: None,
        }
    }

    /// A sheet of a workbook.
    pub fn sheet(workbook: &str, sheet: &str) -> Self {
        Location {
            sheet: Some(sheet.to_string()),
            ..Location::workbook(workbook)
        }
    }

    /// A row (1-based) of a sheet.
    pub fn row(workbook: &str, sheet: &str, row: u32) -> Self {
        Location {
            row: Some(row),
            ..Location::sheet(workbook, sheet)
        }
    }

    /// A cell, given as 1-based column and 1-based row (in A1 order: column first).
    pub fn cell(workbook: &str, sheet: &str, col: u32, row: u32) -> Self {
        Location {
            row: Some(row),
            col: Some(col),
            cell: Some(a1(row, col)),
            ..Location::sheet(workbook, sheet)
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.workbook)?;
        match (&self.sheet, &self.cell, self.row) {
            (Some(s), Some(c), _) => write!(f, ": {s}!{c}"),
            (Some(s), None, Some(r)) => write!(f, ": {s}, rij {r}"),
            (Some(s), None, None) => write!(f, ": tabblad {s}"),
            (None, _, _) => Ok(()),
        }
    }
}

/// The column letters of a 1-based column number: 1 → `A`, 27 → `AA`.
pub fn column_letters(mut col: u32) -> String {
    let mut out = Vec::new();
    while col > 0 {
        let rem = (col - 1) % 26;
        out.push(b'A' + rem as u8);
        col = (col - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The A1 reference of a 1-based row and column: (7, 8) → `H7`.
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row)
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code, e.g. `F10` or `R03`.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// The Dutch message.
    pub message: String,
    /// Where the problem is, when it has a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// What to do about it, when that helps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The CBS code of the municipality the finding concerns, if any (for overviews).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gemeente: Option<String>,
    /// The finding concerns only that municipality's own documents, not the regional ones
    /// (an error then refuses only the municipality's final documents).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub local_only: bool,
}

/// The longest message or hint a finding keeps: a message that quotes a cell of 32,767
/// characters keeps its beginning and end, with `…` in between, so it still fits in a cell
/// of the overview workbook and on a screen.
pub const MAX_MESSAGE_CHARS: usize = 2_000;

/// `text` cut in the middle to at most [`MAX_MESSAGE_CHARS`] characters.
fn bounded(text: String) -> String {
    let n = text.chars().count();
    if n <= MAX_MESSAGE_CHARS {
        return text;
    }
    let head: String = text.chars().take(MAX_MESSAGE_CHARS * 2 / 3).collect();
    let tail: String = text.chars().skip(n - (MAX_MESSAGE_CHARS / 3 - 3)).collect();
    format!("{head} … {tail}")
}

impl Diagnostic {
    /// A new error. A message longer than [`MAX_MESSAGE_CHARS`] is cut in the middle.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: bounded(message.into()),
            location: None,
            hint: None,
            gemeente: None,
            local_only: false,
        }
    }

    /// A new warning.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Sets the location.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Sets the hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(bounded(hint.into()));
        self
    }

    /// Sets the hint when there is one.
    pub fn maybe_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint.map(bounded);
        self
    }

    /// Marks the municipality (CBS code) the finding concerns.
    pub fn for_gemeente(mut self, code: &str) -> Self {
        self.gemeente = Some(code.to_string());
        self
    }

    /// Marks a municipal finding as touching only that municipality's own documents.
    pub fn local_only(mut self) -> Self {
        self.local_only = true;
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.severity.label(), self.code)?;
        if let Some(loc) = &self.location {
            write!(f, " {loc}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

/// An ordered collection of findings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    /// Adds a finding.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Adds all findings of another list.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// The findings in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// Number of findings.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are no findings.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    /// True when at least one finding is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Sorts findings by workbook, sheet, row, column and code, and removes exact duplicates,
    /// so that output is stable whatever order the rules ran in.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            let ka = (&a.location, a.code, &a.message);
            let kb = (&b.location, b.code, &b.message);
            ka.cmp(&kb)
        });
        self.0.dedup();
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// The user documentation of every finding code (`docs/bevindingen.md`), embedded.
pub const BEVINDINGEN: &str = include_str!("../docs/bevindingen.md");

/// The explanation of one code from [`BEVINDINGEN`]: its section, heading included
/// (`## F18 Ongeldig formaat` up to the next section), for `regiodocs uitleg`. Any code
/// `F01`-`F36` and `R01`-`R36` has one; case does not matter. `None` for anything else.
///
/// ```
/// let t = regiodocs::diag::uitleg("f18").unwrap();
/// assert!(t.starts_with("## F18 Ongeldig formaat"));
/// assert!(t.contains("**Oplossen:**"));
/// assert!(regiodocs::diag::uitleg("F99").is_none());
/// ```
pub fn uitleg(code: &str) -> Option<&'static str> {
    let code = code.trim().to_ascii_uppercase();
    if code.len() != 3 || !code[1..].chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let start = BEVINDINGEN.find(&format!("\n## {code} "))? + 1;
    let rest = &BEVINDINGEN[start..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    Some(rest[..end].trim_end())
}

/// The name among `candidates` closest to `input` (case- and accent-insensitive), if it is
/// close enough to be a useful hint.
pub fn nearest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let needle = crate::ingest::normalize(input);
    let mut best: Option<(&str, f64)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&needle, &crate::ingest::normalize(c));
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((c, score));
        }
    }
    best.filter(|(_, s)| *s >= 0.8).map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_as_excel() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(52), "AZ");
        assert_eq!(column_letters(703), "AAA");
        assert_eq!(a1(7, 8), "H7");
    }

    #[test]
    fn locations_print_as_excel_shows_them() {
        assert_eq!(
            Location::row("stakeholders.xlsx", "Partijen", 4).to_string(),
            "stakeholders.xlsx: Partijen, rij 4"
        );
        assert_eq!(
            Location::sheet("financien.ods", "Dekking").to_string(),
            "financien.ods: tabblad Dekking"
        );
    }

    #[test]
    fn nearest_finds_close_names() {
        assert_eq!(nearest("Tarrief", ["Tarief", "Eenheid"]), Some("Tarief"));
        assert_eq!(nearest("xyz", ["Tarief", "Eenheid"]), None);
    }
}
