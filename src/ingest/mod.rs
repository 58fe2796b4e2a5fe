//! Reading workbooks: the only module that touches calamine.
//!
//! A workbook (`.xlsx`, `.xlsm`, `.xls` or `.ods`) is read into [`Sheet`]s of [`Value`]s
//! that remember their absolute position, so every later message can name the cell as
//! Excel shows it, also when a sheet's used range does not start at A1. [`table`] matches
//! header rows against the columns a sheet should have; [`parse`] reads Dutch notation.
//!
//! ```no_run
//! use regiodocs::ingest::Workbook;
//! let wb = Workbook::open(std::path::Path::new("inputs/foodvalley/financien.xlsx")).unwrap();
//! assert!(wb.sheet("kostenregels").is_some());
//! ```

pub mod limits;
pub mod parse;
pub mod table;

pub use limits::Limits;

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Sheets};
use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

use crate::diag::{Code, Diagnostic, Location};

/// The file extensions accepted for a workbook, in order of preference.
pub const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods"];

/// One cell value, as read (cached values of formulas, never recalculated).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An empty cell.
    Empty,
    /// Text (also numbers typed as text).
    Text(String),
    /// A number cell. Converted to an exact decimal by [`parse`] before any use.
    Number(f64),
    /// A boolean cell.
    Bool(bool),
    /// A date cell (time of day is dropped).
    Date(NaiveDate),
    /// A formula error value, as Dutch Excel shows it (`#DEEL/0!`).
    Error(String),
}

impl Value {
    /// True when the cell is empty or holds only whitespace.
    pub fn is_blank(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as display text (for headers, IDs and messages).
    pub fn display(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.trim().to_string(),
            Value::Number(n) => parse::number_cell_text(*n),
            Value::Bool(true) => "WAAR".into(),
            Value::Bool(false) => "ONWAAR".into(),
            Value::Date(d) => d.format("%d-%m-%Y").to_string(),
            Value::Error(e) => e.clone(),
        }
    }
}

/// A sheet's cells in a dense grid with its absolute origin.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The sheet name as spelled in the file.
    pub name: String,
    /// 0-based absolute row of the first grid row.
    pub start_row: u32,
    /// 0-based absolute column of the first grid column.
    pub start_col: u32,
    /// Number of rows in the grid.
    pub height: usize,
    /// Number of columns in the grid.
    pub width: usize,
    cells: Vec<Value>,
}

impl Sheet {
    /// Builds a sheet from rows of values, starting at the given 0-based absolute position.
    pub fn from_rows(name: &str, start_row: u32, start_col: u32, rows: Vec<Vec<Value>>) -> Self {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let height = rows.len();
        let mut cells = Vec::with_capacity(width * height);
        for mut r in rows {
            r.resize(width, Value::Empty);
            cells.extend(r);
        }
        Sheet {
            name: name.to_string(),
            start_row,
            start_col,
            height,
            width,
            cells,
        }
    }

    /// The value at a grid position (0-based, relative to the grid origin).
    pub fn get(&self, row: usize, col: usize) -> &Value {
        if row < self.height && col < self.width {
            &self.cells[row * self.width + col]
        } else {
            &Value::Empty
        }
    }

    /// The 1-based absolute row number (as Excel shows it) of a grid row.
    pub fn excel_row(&self, row: usize) -> u32 {
        self.start_row + row as u32 + 1
    }

    /// The 1-based absolute column number (as Excel shows it) of a grid column.
    pub fn excel_col(&self, col: usize) -> u32 {
        self.start_col + col as u32 + 1
    }

    /// True when every cell of a grid row is blank.
    pub fn row_is_blank(&self, row: usize) -> bool {
        (0..self.width).all(|c| self.get(row, c).is_blank())
    }
}

/// A whole workbook, read into memory.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// The file name as shown to users, e.g. `financien.xlsx`.
    pub file_name: String,
    /// The sheets in file order.
    pub sheets: Vec<Sheet>,
    /// Findings of reading that did not stop it: cells longer than
    /// [`Limits::cell_chars`](limits::Limits::cell_chars) (kept cut to the limit).
    pub findings: Vec<Diagnostic>,
}

impl Workbook {
    /// Reads every sheet of a workbook file within the default [`Limits`].
    ///
    /// A file that is missing, empty, damaged, password-protected, not a spreadsheet or not
    /// a regular file gives an `F02` finding naming the file and saying which of these it
    /// is; one beyond a limit an `F34` finding; one the operating system cannot read (no
    /// permission, a disk error) an `F35` finding, which makes the command exit with 2.
    pub fn open(path: &Path) -> Result<Workbook, Box<Diagnostic>> {
        Workbook::open_with(path, &Limits::default())
    }

    /// [`Workbook::open`] within the given limits.
    pub fn open_with(path: &Path, limits: &Limits) -> Result<Workbook, Box<Diagnostic>> {
        let bytes = Workbook::read(path, limits)?;
        Workbook::from_bytes_with(&display_name(path), bytes, limits)
    }

    /// The bytes of a workbook file, read within the given limits, with the findings of
    /// [`Workbook::open`] for a file that cannot be read.
    pub fn read(path: &Path, limits: &Limits) -> Result<Vec<u8>, Box<Diagnostic>> {
        let file_name = display_name(path);
        limits::read_file(path, &file_name, limits).map_err(|r| match r {
            limits::Refused::Finding(d) => d,
            limits::Refused::Io(e) => Box::new(
                Diagnostic::error(
                    Code::Onleesbaar,
                    format!(
                        "Dit bestand kan niet worden gelezen: {}.",
                        crate::diag::io_reason(&e)
                    ),
                )
                .at(Location::workbook(&file_name))
                .hint("Controleer het bestand en de rechten erop, en probeer het opnieuw."),
            ),
        })
    }

    /// Reads a workbook from bytes within the default [`Limits`]; `file_name` names it in
    /// diagnostics and decides the format to try first.
    pub fn from_bytes(file_name: &str, bytes: Vec<u8>) -> Result<Workbook, Box<Diagnostic>> {
        Workbook::from_bytes_with(file_name, bytes, &Limits::default())
    }

    /// [`Workbook::from_bytes`] within the given limits: the size of the bytes, the parts
    /// of a zip container and the grid of an OpenDocument file are checked before a reader
    /// starts; rows, columns, cells and cell lengths while the sheets are read.
    pub fn from_bytes_with(
        file_name: &str,
        bytes: Vec<u8>,
        limits: &Limits,
    ) -> Result<Workbook, Box<Diagnostic>> {
        let not_a_workbook = |why: Unreadable| {
            Box::new(
                Diagnostic::error(
                    Code::GeenWerkboek,
                    format!("Dit bestand is geen leesbaar werkboek: {}.", why.reason()),
                )
                .at(Location::workbook(file_name))
                .hint(why.hint()),
            )
        };
        if bytes.is_empty() {
            return Err(not_a_workbook(Unreadable::Empty));
        }
        if bytes.len() as u64 > limits.file_bytes {
            return Err(limits::too_large(
                Location::workbook(file_name),
                format!(
                    "Het bestand is te groot: {}; regiodocs leest werkboeken tot {}.",
                    limits::size(bytes.len() as u64),
                    limits::size(limits.file_bytes)
                ),
                limits::HINT_SMALLER,
            ));
        }
        if limits::is_zip(&bytes) {
            limits::check_zip(&bytes, file_name, limits)?;
            limits::check_ods(&bytes, file_name, limits)?;
        }
        if limits::is_cfb(&bytes) {
            match limits::check_cfb(&bytes, limits) {
                Ok(()) => {}
                Err(limits::CfbRefusal::Damaged) => {
                    return Err(not_a_workbook(Unreadable::Damaged));
                }
                Err(limits::CfbRefusal::TooManyCells) => {
                    return Err(limits::too_many_cells(file_name, limits));
                }
            }
        }
        let ext = Path::new(file_name)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let mut reading = Reading {
            file_name,
            limits,
            cells: 0,
            findings: Vec::new(),
        };
        // calamine is not guaranteed panic-free on damaged files: contain any panic.
        let result = crate::contain::catch(|| reading.read_all(&ext, bytes));
        match result {
            Ok(Ok(sheets)) => Ok(Workbook {
                file_name: file_name.to_string(),
                sheets,
                findings: reading.findings,
            }),
            Ok(Err(Unreadable::Limit(d))) => Err(d),
            Ok(Err(why)) => Err(not_a_workbook(why)),
            Err(_) => Err(not_a_workbook(Unreadable::Damaged)),
        }
    }

    /// The sheet whose name matches `wanted` (case, spaces, apostrophes and accents ignored).
    pub fn sheet(&self, wanted: &str) -> Option<&Sheet> {
        let key = normalize(wanted);
        self.sheets.iter().find(|s| normalize(&s.name) == key)
    }
}

/// Why a file could not be read as a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Unreadable {
    /// The file has no bytes.
    Empty,
    /// No reader recognises the content.
    NotAWorkbook,
    /// The workbook is encrypted with a password (OOXML, ODS or XLS encryption).
    Password,
    /// The container was recognised, but a sheet could not be read.
    Sheet(String),
    /// The reader gave up (or panicked) on damaged content.
    Damaged,
    /// A sheet goes beyond a limit (the finding says which).
    Limit(Box<Diagnostic>),
}

impl Unreadable {
    fn reason(&self) -> String {
        match self {
            Unreadable::Empty => "het bestand is leeg".into(),
            Unreadable::NotAWorkbook => "de inhoud is geen Excel- of OpenDocument-werkboek".into(),
            Unreadable::Password => "het bestand is met een wachtwoord beveiligd".into(),
            Unreadable::Sheet(name) => {
                format!("het tabblad ‘{name}’ kan niet worden gelezen (het bestand is beschadigd)")
            }
            Unreadable::Damaged | Unreadable::Limit(_) => "het bestand is beschadigd".into(),
        }
    }

    fn hint(&self) -> &'static str {
        match self {
            Unreadable::Password => {
                "Verwijder het wachtwoord (in Excel: Bestand > Info > Werkmap beveiligen > Versleutelen met wachtwoord, en maak het wachtwoord leeg; in LibreOffice: Opslaan als zonder ‘Opslaan met wachtwoord’) en probeer het opnieuw."
            }
            _ => {
                "Sla het bestand in Excel of LibreOffice op als .xlsx (Excel-werkmap) en probeer het opnieuw."
            }
        }
    }
}

type Bytes = Cursor<Vec<u8>>;

/// Opens the container with the reader its extension names first, then with the others:
/// a file whose extension lies about its format is still read if calamine recognises it.
fn open_sheets(ext: &str, bytes: Vec<u8>) -> Result<Sheets<Bytes>, Unreadable> {
    let order: &[&str] = match ext {
        "xls" => &["xls", "xlsx", "ods", "xlsb"],
        "ods" => &["ods", "xlsx", "xls", "xlsb"],
        _ => &["xlsx", "xls", "ods", "xlsb"],
    };
    let cursor = Cursor::new(bytes);
    let mut password = false;
    for format in order {
        let c = cursor.clone();
        let opened = match *format {
            "xlsx" => calamine::open_workbook_from_rs(c)
                .map(Sheets::Xlsx)
                .map_err(|e| matches!(e, calamine::XlsxError::Password)),
            "xls" => calamine::open_workbook_from_rs(c)
                .map(Sheets::Xls)
                .map_err(|e| matches!(e, calamine::XlsError::Password)),
            "ods" => calamine::open_workbook_from_rs(c)
                .map(Sheets::Ods)
                .map_err(|e| matches!(e, calamine::OdsError::Password)),
            _ => calamine::open_workbook_from_rs(c)
                .map(Sheets::Xlsb)
                .map_err(|e| matches!(e, calamine::XlsbError::Password)),
        };
        match opened {
            Ok(s) => return Ok(s),
            Err(p) => password |= p,
        }
    }
    Err(if password || is_encrypted_ooxml(cursor.get_ref()) {
        Unreadable::Password
    } else {
        Unreadable::NotAWorkbook
    })
}

/// An encrypted Office Open XML file is an OLE compound file with an `EncryptedPackage`
/// stream instead of a zip archive.
fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.starts_with(CFB) && bytes.windows(name.len()).any(|w| w == name.as_slice())
}

/// The state of reading one workbook's sheets within the limits.
struct Reading<'a> {
    file_name: &'a str,
    limits: &'a Limits,
    /// Cells of the used areas of the sheets read so far.
    cells: u64,
    findings: Vec<Diagnostic>,
}

impl Reading<'_> {
    fn read_all(&mut self, ext: &str, bytes: Vec<u8>) -> Result<Vec<Sheet>, Unreadable> {
        let mut sheets = open_sheets(ext, bytes)?;
        let names = sheets.sheet_names();
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            let password = |e: &calamine::Error| {
                matches!(
                    e,
                    calamine::Error::Xls(calamine::XlsError::Password)
                        | calamine::Error::Xlsx(calamine::XlsxError::Password)
                        | calamine::Error::Ods(calamine::OdsError::Password)
                )
            };
            let broken = |e: calamine::Error| {
                if password(&e) {
                    Unreadable::Password
                } else {
                    Unreadable::Sheet(name.clone())
                }
            };
            // xlsx and xlsb are read cell by cell, so a cell beyond the limits stops the
            // sheet before any grid is laid out; calamine has already laid out xls and ods
            // sheets (within the limits checked before, for ods).
            let cells = match &mut sheets {
                Sheets::Xlsx(x) => match x.worksheet_cells_reader(&name) {
                    Ok(mut r) => self.stream(&name, || r.next_cell().map(|c| c.map(owned)).ok())?,
                    Err(calamine::XlsxError::NotAWorksheet(_)) => Vec::new(),
                    Err(e) => return Err(broken(e.into())),
                },
                Sheets::Xlsb(x) => match x.worksheet_cells_reader(&name) {
                    Ok(mut r) => self.stream(&name, || r.next_cell().map(|c| c.map(owned)).ok())?,
                    Err(e) => return Err(broken(e.into())),
                },
                other => {
                    let range = other.worksheet_range(&name).map_err(broken)?;
                    let (r0, c0) = range.start().unwrap_or((0, 0));
                    let mut used = range.used_cells();
                    self.stream(&name, || {
                        Some(
                            used.next()
                                .map(|(r, c, v)| (r0 + r as u32, c0 + c as u32, v.clone())),
                        )
                    })?
                }
            };
            out.push(self.sheet(&name, cells)?);
        }
        Ok(out)
    }

    /// Collects the non-empty cells (absolute row, column, value) that `next` yields until
    /// it yields `Some(None)`, stopping at the first cell beyond the row or column limit;
    /// `None` is a damaged sheet.
    fn stream(
        &mut self,
        sheet: &str,
        mut next: impl FnMut() -> Option<Option<(u32, u32, Data)>>,
    ) -> Result<Vec<(u32, u32, Value)>, Unreadable> {
        let mut cells = Vec::new();
        loop {
            let (row, col, data) = match next() {
                Some(Some(c)) => c,
                Some(None) => return Ok(cells),
                None => return Err(Unreadable::Sheet(sheet.to_string())),
            };
            if data == Data::Empty {
                continue;
            }
            if row >= self.limits.rows || col >= self.limits.cols {
                let at = Location::cell(
                    self.file_name,
                    sheet,
                    col.saturating_add(1),
                    row.saturating_add(1),
                );
                return Err(Unreadable::Limit(limits::beyond_sheet(at, self.limits)));
            }
            if cells.len() as u64 >= self.limits.cells {
                return Err(Unreadable::Limit(limits::too_many_cells(
                    self.file_name,
                    self.limits,
                )));
            }
            let mut value = convert(&data);
            if let Value::Text(s) = &mut value
                && s.len() > self.limits.cell_chars
            {
                let chars = s.chars().count();
                if chars > self.limits.cell_chars {
                    let at = Location::cell(self.file_name, sheet, col + 1, row + 1);
                    self.findings.push(*limits::cell_too_long(
                        at,
                        limits::count(chars as u64),
                        self.limits,
                    ));
                    *s = s.chars().take(self.limits.cell_chars).collect();
                }
            }
            cells.push((row, col, value));
        }
    }

    /// Lays the cells of a sheet out in a grid over their used area, within the cell limit
    /// of the whole workbook.
    fn sheet(&mut self, name: &str, cells: Vec<(u32, u32, Value)>) -> Result<Sheet, Unreadable> {
        let Some(bounds) = cells
            .iter()
            .fold(None, |b: Option<(u32, u32, u32, u32)>, (r, c, _)| {
                let (r0, r1, c0, c1) = b.unwrap_or((*r, *r, *c, *c));
                Some((r0.min(*r), r1.max(*r), c0.min(*c), c1.max(*c)))
            })
        else {
            return Ok(Sheet::from_rows(name, 0, 0, Vec::new()));
        };
        let (r0, r1, c0, c1) = bounds;
        let (height, width) = ((r1 - r0 + 1) as usize, (c1 - c0 + 1) as usize);
        self.cells += (height * width) as u64;
        if self.cells > self.limits.cells {
            return Err(Unreadable::Limit(limits::too_many_cells(
                self.file_name,
                self.limits,
            )));
        }
        let mut grid = vec![Value::Empty; height * width];
        for (r, c, v) in cells {
            grid[(r - r0) as usize * width + (c - c0) as usize] = v;
        }
        Ok(Sheet {
            name: name.to_string(),
            start_row: r0,
            start_col: c0,
            height,
            width,
            cells: grid,
        })
    }
}

/// A streamed cell as (absolute row, column, value).
fn owned(cell: calamine::Cell<calamine::DataRef<'_>>) -> (u32, u32, Data) {
    let (row, col) = cell.get_position();
    (row, col, Data::from(cell.get_value().clone()))
}

/// Text as a spreadsheet program means it: line ends as `\n` (Excel stores a carriage
/// return as `_x000D_`, old Mac files use a bare `\r`), and without the invisible control
/// characters (NUL, BEL, ...) that no document format can carry.
fn clean_text(s: &str) -> String {
    if !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return s.to_string();
    }
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

fn convert(d: &Data) -> Value {
    match d {
        Data::Empty => Value::Empty,
        Data::String(s) => match formula_error_text(s) {
            Some(e) => Value::Error(e),
            None => Value::Text(clean_text(s)),
        },
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => {
            if dt.is_duration() {
                Value::Number(dt.as_f64())
            } else {
                match dt.as_datetime() {
                    Some(d) => Value::Date(d.date()),
                    None => Value::Number(dt.as_f64()),
                }
            }
        }
        Data::DateTimeIso(s) => match s.get(..10).and_then(|d| d.parse::<NaiveDate>().ok()) {
            Some(d) => Value::Date(d),
            None => Value::Text(s.clone()),
        },
        Data::DurationIso(s) => Value::Text(clean_text(s)),
        Data::Error(e) => Value::Error(dutch_error(&e.to_string())),
    }
}

/// Error literals as Excel (English and Dutch) and LibreOffice store them.
const ERRORS: &[(&str, &str)] = &[
    ("#DIV/0!", "#DEEL/0!"),
    ("#N/A", "#N/B"),
    ("#NAME?", "#NAAM?"),
    ("#NULL!", "#LEEG!"),
    ("#NUM!", "#GETAL!"),
    ("#REF!", "#VERW!"),
    ("#VALUE!", "#WAARDE!"),
    ("#GETTING_DATA", "#GEGEVENS_OPHALEN"),
];

fn dutch_error(english: &str) -> String {
    ERRORS
        .iter()
        .find(|(en, _)| *en == english)
        .map(|(_, nl)| nl.to_string())
        .unwrap_or_else(|| english.to_string())
}

/// Cached formula errors in ODS files (and some writers' xlsx) arrive as text.
fn formula_error_text(s: &str) -> Option<String> {
    let t = s.trim();
    if let Some((_, nl)) = ERRORS.iter().find(|(en, nl)| t == *en || t == *nl) {
        return Some(nl.to_string());
    }
    let is_lo_error = t
        .strip_prefix("Err:")
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    is_lo_error.then(|| t.to_string())
}

/// Normalises a sheet name, header or enumeration value for tolerant matching:
/// lowercase, without accents, spaces, apostrophes, hyphens, underscores, dots, `*` and
/// invisible characters (a byte order mark left by a CSV import, zero-width spaces).
///
/// ```
/// use regiodocs::ingest::normalize;
/// assert_eq!(normalize("Risico's"), "risicos");
/// assert_eq!(normalize(" Regiocoördinator "), "regiocoordinator");
/// assert_eq!(normalize("CBS-code*"), "cbscode");
/// ```
pub fn normalize(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '\'' | '’' | '‘' | '`' | '´' | '-' | '–' | '_' | '.' | '*'
                    // Invisible: byte order mark, zero-width space and joiners, word joiner.
                    | '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}'
                )
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The file name of a path for messages (`financien.xlsx`).
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Finds the workbook with the given stem in a project folder. Exactly one file with an
/// accepted extension must exist (`F01` when none, `F03` when several).
pub fn find_workbook(dir: &Path, stem: &str) -> Result<PathBuf, Box<Diagnostic>> {
    let mut found: Vec<PathBuf> = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            let (Some(s), Some(e)) = (p.file_stem(), p.extension()) else {
                continue;
            };
            let s = s.to_string_lossy();
            let e = e.to_string_lossy().to_ascii_lowercase();
            // Lock files of Excel (~$x.xlsx) and LibreOffice (.~lock.x#) are not workbooks.
            if s.starts_with("~$") || s.starts_with(".~lock") {
                continue;
            }
            if normalize(&s) == normalize(stem) && EXTENSIONS.contains(&e.as_str()) {
                found.push(p);
            }
        }
    }
    match found.len() {
        0 => Err(Box::new(Diagnostic::error(
            Code::WerkboekOntbreekt,
            format!("Het werkboek ‘{stem}’ ontbreekt in de projectmap."),
        )
        .at(Location::workbook(&format!("{stem}.xlsx")))
        .hint(format!(
            "Zet {stem}.xlsx (of .xlsm, .xls, .ods) in {}; `regiodocs init` maakt een leeg werkboek.",
            dir.display()
        )))),
        1 => Ok(found.remove(0)),
        _ => {
            let names: Vec<String> = found.iter().map(|p| display_name(p)).collect();
            Err(Box::new(Diagnostic::error(
                Code::DubbelWerkboek,
                format!(
                    "Er zijn meerdere bestanden voor het werkboek ‘{stem}’: {}.",
                    names.join(", ")
                ),
            )
            .at(Location::workbook(&names[0]))
            .hint("Laat er één staan, zodat duidelijk is welke versie geldt.")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cells_get_plain_line_ends_and_no_control_characters() {
        assert_eq!(clean_text("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert_eq!(clean_text("N\u{0}U\u{7}L\tT"), "NUL\tT");
        assert_eq!(clean_text("gewoon"), "gewoon");
        assert_eq!(
            convert(&Data::String("x\r\ny".into())),
            Value::Text("x\ny".into())
        );
    }

    #[test]
    fn encrypted_files_are_named_as_such() {
        let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        cfb.extend(vec![0; 100]);
        assert!(!is_encrypted_ooxml(&cfb));
        cfb.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(is_encrypted_ooxml(&cfb));
        let e = Workbook::from_bytes("financien.xlsx", cfb).unwrap_err();
        assert!(e.message.contains("wachtwoord"), "{}", e.message);
        assert!(e.hint.as_deref().unwrap().contains("wachtwoord"));
    }

    #[test]
    fn invisible_characters_do_not_hide_a_header() {
        assert_eq!(normalize("\u{feff}Regel-ID"), normalize("Regel-ID"));
        assert_eq!(normalize("Org\u{200b}-ID "), "orgid");
    }
}
