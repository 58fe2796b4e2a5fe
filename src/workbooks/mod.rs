//! Writing input workbooks (`regiodocs init`): empty ones with instructions, and the
//! Regio Foodvalley example.
//!
//! Everything is generated from [`schema`]: the sheets, their headers (required ones in a
//! darker colour with a note "verplicht"), the instruction sheet, the drop-down lists of
//! every enumerated column, number formats for dates, money and percentages, and the year
//! columns of `Kostenregels` and `Dekking` (from `Parameters`). No column name is written
//! down twice.
//!
//! The files are deterministic: the same call writes the same bytes, because the creation
//! date in the document properties is fixed (the example's `Versiedatum`, or
//! [`EMPTY_DATE`] for empty workbooks). Every file is written to a temporary file in the
//! same folder and then renamed, so an interrupted run never leaves half a workbook.
//!
//! ```no_run
//! use std::path::Path;
//! let written = regiodocs::workbooks::init(Path::new("mijn-regio"), false, false)?;
//! assert_eq!(written.len(), 2);
//! # Ok::<(), regiodocs::workbooks::InitError>(())
//! ```

mod voorbeeld;

use std::fs;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet, XlsxError,
};

use crate::ingest::{EXTENSIONS, Value, normalize, parse};
use crate::schema::{self, ColumnSpec, Kind, Layout, SheetSpec, WorkbookSpec, Years};

/// The creation date written into empty workbooks (year, month, day), so that two runs
/// give identical files.
pub const EMPTY_DATE: (u16, u8, u8) = (2026, 1, 1);

/// The budget period pre-filled in an empty `financien` workbook: Startjaar and Aantal jaren.
pub const EMPTY_PERIOD: (i32, u32) = (2027, 4);

/// Last row (0-based) that gets drop-down lists and formats in table sheets: rows 2-1000.
const LAST_ROW: u32 = 999;

/// Why `regiodocs init` could not write the workbooks. Every message is Dutch; the CLI
/// prints it as `fout: …` and exits with code 2.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The project folder could not be created or read.
    #[error("de map {} kan niet worden aangemaakt of gelezen: {source}", path.display())]
    Map {
        /// The folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Workbooks exist already and `--overschrijven` was not given.
    #[error(
        "in {} staan al werkboeken ({}); ze worden niet overschreven. Gebruik --overschrijven om ze te vervangen",
        dir.display(),
        names(files)
    )]
    BestaatAl {
        /// The folder.
        dir: PathBuf,
        /// The existing workbook files.
        files: Vec<PathBuf>,
    },
    /// With `--overschrijven`, a workbook exists in another format (e.g. `.ods`): writing
    /// the `.xlsx` next to it would leave two versions of one workbook.
    #[error(
        "in {} staat {}; regiodocs schrijft {}.xlsx en twee versies van één werkboek zijn niet toegestaan. Verwijder of hernoem {} eerst",
        dir.display(),
        names(std::slice::from_ref(file)),
        stem,
        names(std::slice::from_ref(file))
    )]
    AnderFormaat {
        /// The folder.
        dir: PathBuf,
        /// The workbook file in another format.
        file: PathBuf,
        /// The workbook's stem.
        stem: &'static str,
    },
    /// A file could not be written.
    #[error("{} kan niet worden geschreven: {source}", path.display())]
    Schrijven {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The spreadsheet library refused the workbook (a bug in regiodocs).
    #[error("het werkboek {stem} kan niet worden opgebouwd: {source}")]
    Opbouwen {
        /// The workbook's stem.
        stem: &'static str,
        /// The underlying error.
        source: XlsxError,
    },
    /// The built-in content does not fit the schema (a bug in regiodocs).
    #[error("interne fout in de inhoud van {sheet}: {message}")]
    Inhoud {
        /// The sheet.
        sheet: String,
        /// What is wrong.
        message: String,
    },
}

fn names(files: &[PathBuf]) -> String {
    files
        .iter()
        .map(|f| crate::ingest::display_name(f))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes `stakeholders.xlsx` and `financien.xlsx` into `dir` (created when missing): empty
/// workbooks with instructions, or with `voorbeeld` the complete Regio Foodvalley example.
///
/// Existing workbooks (`stakeholders.*`, `financien.*` in any accepted format) are never
/// overwritten unless `overschrijven` is set; nothing is written when one is refused. Each
/// file is written atomically. Returns the written paths.
pub fn init(dir: &Path, voorbeeld: bool, overschrijven: bool) -> Result<Vec<PathBuf>, InitError> {
    let map_err = |source| InitError::Map {
        path: dir.to_path_buf(),
        source,
    };
    fs::create_dir_all(dir).map_err(map_err)?;
    let existing = existing_workbooks(dir).map_err(map_err)?;
    if !existing.is_empty() {
        if !overschrijven {
            return Err(InitError::BestaatAl {
                dir: dir.to_path_buf(),
                files: existing.into_iter().map(|(_, p)| p).collect(),
            });
        }
        for (stem, file) in existing {
            let is_xlsx = file
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
            let is_ours = file
                .file_name()
                .is_some_and(|n| n == format!("{stem}.xlsx").as_str());
            if !(is_xlsx && is_ours) {
                return Err(InitError::AnderFormaat {
                    dir: dir.to_path_buf(),
                    file,
                    stem,
                });
            }
        }
    }
    // Build both before writing either, so a failure leaves the folder as it was.
    let built = schema::WORKBOOKS
        .iter()
        .map(|spec| Ok((spec.stem, workbook_bytes(spec, voorbeeld)?)))
        .collect::<Result<Vec<_>, InitError>>()?;
    let mut written = Vec::new();
    for (stem, bytes) in built {
        let path = dir.join(format!("{stem}.xlsx"));
        crate::output::write_atomic(&path, &bytes).map_err(|source| InitError::Schrijven {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}

/// The bytes of one workbook as `init` writes it: empty, or the example with `voorbeeld`.
///
/// ```
/// use regiodocs::{schema, workbooks, ingest::Workbook};
/// let bytes = workbooks::workbook_bytes(&schema::FINANCIEN, false).unwrap();
/// let wb = Workbook::from_bytes("financien.xlsx", bytes).unwrap();
/// assert_eq!(wb.sheets[0].name, "Instructie");
/// assert!(wb.sheet("Kostenregels").is_some());
/// ```
pub fn workbook_bytes(spec: &'static WorkbookSpec, voorbeeld: bool) -> Result<Vec<u8>, InitError> {
    let content = if voorbeeld {
        voorbeeld::content(spec)
    } else {
        Content::empty(spec)
    };
    build(spec, &content)
}

/// Workbook files of the project (any accepted extension), with the stem they belong to.
fn existing_workbooks(dir: &Path) -> std::io::Result<Vec<(&'static str, PathBuf)>> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    let mut found = Vec::new();
    for p in paths {
        let (Some(s), Some(e)) = (p.file_stem(), p.extension()) else {
            continue;
        };
        let s = s.to_string_lossy();
        let e = e.to_string_lossy().to_ascii_lowercase();
        if s.starts_with("~$") || s.starts_with(".~lock") || !EXTENSIONS.contains(&e.as_str()) {
            continue;
        }
        if let Some(spec) = schema::WORKBOOKS
            .iter()
            .find(|w| normalize(w.stem) == normalize(&s))
        {
            found.push((spec.stem, p));
        }
    }
    Ok(found)
}

/// What a workbook contains besides its headers: per sheet, the values to fill in.
#[derive(Debug, Clone)]
pub(crate) struct Content {
    /// Document title (file properties).
    title: String,
    /// Creation date (file properties): year, month, day.
    date: (u16, u8, u8),
    /// Whether this is the example (changes the instruction text).
    example: bool,
    /// Filled sheets; sheets not listed stay empty.
    sheets: Vec<(&'static str, Data)>,
}

/// The values of one sheet, as text in Dutch notation; written as typed cells according
/// to each column's [`Kind`].
#[derive(Debug, Clone)]
pub(crate) enum Data {
    /// Key/value sheet: field name → value.
    Fields(Vec<(&'static str, String)>),
    /// Table sheet: the columns given (schema names or year headers), and rows of values
    /// in that order.
    Rows {
        /// Column names (any order, a subset of the schema plus year columns).
        columns: &'static [&'static str],
        /// One entry per row; each as long as `columns`.
        rows: Vec<Vec<String>>,
    },
}

impl Content {
    /// Empty workbooks: only `Parameters` is pre-filled, so that the year columns have a
    /// period to follow.
    fn empty(spec: &WorkbookSpec) -> Content {
        let mut sheets = Vec::new();
        if let Some(p) = spec
            .sheets
            .iter()
            .find(|s| s.layout == Layout::KeyValue && has_year_fields(s))
        {
            let (start, n) = EMPTY_PERIOD;
            let mut fields = vec![
                (year_field(p, Kind::Year), start.to_string()),
                (
                    year_field(p, Kind::Whole { min: 1, max: 10 }),
                    n.to_string(),
                ),
            ];
            for c in p.columns {
                match c.kind {
                    Kind::Percentage => fields.push((c.name, "0".to_string())),
                    Kind::Enum(labels) if labels == crate::vocab::Btw::LABELS => {
                        let label = crate::vocab::Btw::NietVanToepassing.label();
                        fields.push((c.name, label.to_string()))
                    }
                    _ => {}
                }
            }
            sheets.push((p.name, Data::Fields(fields)));
        }
        Content {
            title: format!("Werkboek {}", spec.stem),
            date: EMPTY_DATE,
            example: false,
            sheets,
        }
    }

    fn data(&self, sheet: &str) -> Option<&Data> {
        self.sheets
            .iter()
            .find(|(n, _)| normalize(n) == normalize(sheet))
            .map(|(_, d)| d)
    }

    /// The budget years: Startjaar .. Startjaar + Aantal jaren - 1 from the key/value sheet
    /// that defines them (`Parameters`), if this workbook has one.
    fn years(&self, spec: &WorkbookSpec) -> Vec<i32> {
        let Some(p) = spec
            .sheets
            .iter()
            .find(|s| s.layout == Layout::KeyValue && has_year_fields(s))
        else {
            return Vec::new();
        };
        let Some(Data::Fields(fields)) = self.data(p.name) else {
            return Vec::new();
        };
        let get = |kind: Kind| {
            let name = year_field(p, kind);
            fields
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.trim().to_string())
        };
        let start = get(Kind::Year).and_then(|v| v.parse::<i32>().ok());
        let n = get(Kind::Whole { min: 1, max: 10 }).and_then(|v| v.parse::<i32>().ok());
        match (start, n) {
            (Some(s), Some(n)) if (1..=10).contains(&n) => (s..s + n).collect(),
            _ => Vec::new(),
        }
    }
}

/// A key/value sheet defines the budget period when it has a required year field and a
/// required whole-number field (Startjaar, Aantal jaren).
fn has_year_fields(s: &SheetSpec) -> bool {
    s.columns.iter().any(|c| c.required && c.kind == Kind::Year)
        && s.columns
            .iter()
            .any(|c| c.required && matches!(c.kind, Kind::Whole { .. }))
}

/// The first required field of this kind (for `Kind::Whole` any range matches).
fn year_field(s: &SheetSpec, kind: Kind) -> &'static str {
    s.columns
        .iter()
        .find(|c| {
            c.required
                && match (c.kind, kind) {
                    (Kind::Whole { .. }, Kind::Whole { .. }) => true,
                    (a, b) => a == b,
                }
        })
        .map(|c| c.name)
        .unwrap_or("")
}

/// One column of a table sheet as written.
#[derive(Debug, Clone, Copy)]
enum Col {
    Spec(&'static ColumnSpec),
    Year(i32, Years),
}

impl Col {
    fn header(&self) -> String {
        match self {
            Col::Spec(c) => c.name.to_string(),
            Col::Year(y, _) => y.to_string(),
        }
    }

    fn kind(&self) -> Kind {
        match self {
            Col::Spec(c) => c.kind,
            Col::Year(_, Years::Money) => Kind::Money,
            Col::Year(_, _) => Kind::Decimal,
        }
    }

    fn required(&self) -> bool {
        matches!(self, Col::Spec(c) if c.required)
    }

    fn help(&self) -> String {
        match self {
            Col::Spec(c) => c.help.to_string(),
            Col::Year(y, Years::Money) => format!("Bedrag in {y}."),
            Col::Year(y, _) => format!("Hoeveelheid in {y} (aantal eenheden); leeg is 0."),
        }
    }
}

/// The columns of a table sheet: the schema's, with the year columns after the last money
/// or percentage column (after `Tarief` in `Kostenregels`, after `Percentage` in `Dekking`).
fn columns(sheet: &'static SheetSpec, years: &[i32]) -> Vec<Col> {
    let mut cols: Vec<Col> = sheet.columns.iter().map(Col::Spec).collect();
    if sheet.years != Years::None {
        let at = sheet
            .columns
            .iter()
            .rposition(|c| matches!(c.kind, Kind::Money | Kind::Percentage))
            .map(|i| i + 1)
            .unwrap_or(cols.len());
        for (i, y) in years.iter().enumerate() {
            cols.insert(at + i, Col::Year(*y, sheet.years));
        }
    }
    cols
}

/// The formats of a workbook, created once.
struct Formats {
    header: Format,
    header_required: Format,
    text: Format,
    wrap: Format,
    date: Format,
    money: Format,
    percentage: Format,
    whole: Format,
    year: Format,
    decimal: Format,
    plain: Format,
    title: Format,
    bold: Format,
    heading: Format,
    table_header: Format,
    body: Format,
}

impl Formats {
    fn new() -> Formats {
        let header = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border_bottom(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let top = Format::new().set_align(FormatAlign::Top);
        Formats {
            header_required: header.clone().set_background_color(Color::RGB(0x9BC2E6)),
            header,
            text: top.clone().set_num_format("@"),
            wrap: top.clone().set_num_format("@").set_text_wrap(),
            date: top.clone().set_num_format("dd-mm-yyyy"),
            money: top.clone().set_num_format("[$€-413] #,##0.00"),
            percentage: top.clone().set_num_format("0.0\" %\""),
            whole: top.clone().set_num_format("#,##0"),
            year: top.clone().set_num_format("0"),
            decimal: top.clone().set_num_format("General"),
            plain: top.clone(),
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold().set_align(FormatAlign::Top),
            heading: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_font_color(Color::RGB(0x1F4E78)),
            table_header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border_bottom(FormatBorder::Thin),
            body: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        }
    }

    /// The cell format for a column kind.
    fn for_kind(&self, kind: Kind) -> &Format {
        match kind {
            Kind::Date => &self.date,
            Kind::Money => &self.money,
            Kind::Percentage => &self.percentage,
            Kind::Whole { .. } => &self.whole,
            Kind::Year => &self.year,
            Kind::Decimal => &self.decimal,
            Kind::TextList => &self.wrap,
            _ => &self.text,
        }
    }
}

/// Builds one workbook in memory.
fn build(spec: &'static WorkbookSpec, content: &Content) -> Result<Vec<u8>, InitError> {
    let xlsx = |source| InitError::Opbouwen {
        stem: spec.stem,
        source,
    };
    for (name, _) in &content.sheets {
        if spec.sheet(name).is_none() {
            return Err(inhoud(name, format!("geen tabblad van {}", spec.stem)));
        }
    }
    let years = content.years(spec);
    let fmt = Formats::new();
    let mut wb = Workbook::new();
    let (y, m, d) = content.date;
    let created = ExcelDateTime::from_ymd(y, m, d).map_err(xlsx)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(content.title.as_str())
            .set_subject("Kind naar Gezonder Gewicht")
            .set_author("regiodocs")
            .set_comment("Gemaakt met regiodocs init")
            .set_creation_datetime(&created),
    );

    let ws = wb.add_worksheet();
    ws.set_name("Instructie").map_err(xlsx)?;
    print_setup(ws);
    instruction_sheet(ws, spec, content, &years, &fmt).map_err(xlsx)?;

    for sheet in spec.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sheet.name).map_err(xlsx)?;
        ws.set_default_note_author("regiodocs");
        print_setup(ws);
        ws.set_repeat_rows(0, 0).map_err(xlsx)?;
        match sheet.layout {
            Layout::KeyValue => key_value_sheet(ws, sheet, content.data(sheet.name), &fmt)?,
            Layout::Table => {
                table_sheet(ws, sheet, content.data(sheet.name), &years, &fmt)?;
            }
        }
    }
    wb.save_to_buffer().map_err(xlsx)
}

/// A4 landscape, one page wide, so that a printed sheet keeps its columns together.
fn print_setup(ws: &mut Worksheet) {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
}

fn inhoud(sheet: &str, message: impl Into<String>) -> InitError {
    InitError::Inhoud {
        sheet: sheet.to_string(),
        message: message.into(),
    }
}

fn xlsx_err(sheet: &str) -> impl Fn(XlsxError) -> InitError + '_ {
    move |e| inhoud(sheet, e.to_string())
}

/// The note on a header cell: "Verplicht." for required columns, then the help text.
fn header_note(required: bool, help: &str, kind: Kind) -> Note {
    let mut text = String::new();
    if required {
        text.push_str("Verplicht.\n");
    }
    text.push_str(help);
    text.push_str(&format!("\nType: {}.", kind_text(kind)));
    Note::new(text)
        .add_author_prefix(false)
        .set_width(320)
        .set_height(110)
}

/// Adds the drop-down list (or range check) that fits a column kind to a range of cells.
fn add_validation(
    ws: &mut Worksheet,
    kind: Kind,
    (first_row, col, last_row): (u32, u16, u32),
) -> Result<(), XlsxError> {
    let list = |labels: &[&str]| -> Result<DataValidation, XlsxError> {
        DataValidation::new()
            .allow_list_strings(labels)?
            .set_error_title("Waarde niet in de lijst")?
            .set_error_message(
                "Kies een waarde uit de keuzelijst. regiodocs check meldt waarden die het niet kent.",
            )
    };
    let validation = match kind {
        Kind::Enum(labels) => list(labels)?,
        Kind::YesNo => list(&["ja", "nee"])?,
        Kind::Whole { min, max } => {
            let clamp = |v: i64| v.clamp(i32::MIN as i64, i32::MAX as i64) as i32;
            DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(clamp(min), clamp(max)))
                .set_error_title("Geen geheel getal")?
                .set_error_message(format!(
                    "Vul een geheel getal in van {min} tot en met {max}."
                ))?
        }
        _ => return Ok(()),
    };
    let validation = validation.set_error_style(DataValidationErrorStyle::Warning);
    ws.add_data_validation(first_row, col, last_row, col, &validation)?;
    Ok(())
}

/// Column width in characters for a header, a kind and the values written.
fn width(header: &str, kind: Kind, values: &[&str]) -> f64 {
    let longest_value = values
        .iter()
        .flat_map(|v| v.lines())
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    let by_kind = match kind {
        Kind::Enum(labels) => labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) + 3,
        Kind::Date => 12,
        Kind::Money => 14,
        Kind::TextList => 40,
        Kind::YesNo => 6,
        Kind::Text => 16,
        _ => 10,
    };
    let w = (header.chars().count() + 4)
        .max(by_kind)
        .max(longest_value + 2);
    w.clamp(8, 60) as f64
}

fn key_value_sheet(
    ws: &mut Worksheet,
    sheet: &'static SheetSpec,
    data: Option<&Data>,
    fmt: &Formats,
) -> Result<(), InitError> {
    let e = xlsx_err(sheet.name);
    let fields: &[(&str, String)] = match data {
        Some(Data::Fields(f)) => f,
        Some(Data::Rows { .. }) => return Err(inhoud(sheet.name, "velden verwacht, geen rijen")),
        None => &[],
    };
    for (name, _) in fields {
        if !sheet.columns.iter().any(|c| c.name == *name) {
            return Err(inhoud(sheet.name, format!("onbekend veld ‘{name}’")));
        }
    }
    ws.write_string_with_format(0, 0, "Veld", &fmt.header)
        .map_err(&e)?;
    ws.write_string_with_format(0, 1, "Waarde", &fmt.header)
        .map_err(&e)?;
    let mut values = Vec::new();
    for (i, c) in sheet.columns.iter().enumerate() {
        let row = i as u32 + 1;
        let header = if c.required {
            &fmt.header_required
        } else {
            &fmt.header
        };
        ws.write_string_with_format(row, 0, c.name, header)
            .map_err(&e)?;
        ws.insert_note(row, 0, &header_note(c.required, c.help, c.kind))
            .map_err(&e)?;
        match fields.iter().find(|(n, _)| *n == c.name) {
            Some((_, v)) if !v.trim().is_empty() => {
                let at = Target {
                    sheet: sheet.name,
                    row,
                    col: 1,
                    width: 60.0,
                };
                write_value(ws, at, c.kind, v, fmt)?;
                values.push(v.as_str());
            }
            _ => {
                ws.write_blank(row, 1, fmt.for_kind(c.kind)).map_err(&e)?;
            }
        }
        add_validation(ws, c.kind, (row, 1, row)).map_err(&e)?;
    }
    let name_width = sheet
        .columns
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(10);
    ws.set_column_width(0, (name_width + 4) as f64)
        .map_err(&e)?;
    let value_width = sheet
        .columns
        .iter()
        .map(|c| width("Waarde", c.kind, &values) as usize)
        .max()
        .unwrap_or(20)
        .max(24);
    ws.set_column_width(1, value_width as f64).map_err(&e)?;
    ws.set_freeze_panes(1, 0).map_err(&e)?;
    Ok(())
}

fn table_sheet(
    ws: &mut Worksheet,
    sheet: &'static SheetSpec,
    data: Option<&Data>,
    years: &[i32],
    fmt: &Formats,
) -> Result<(), InitError> {
    let e = xlsx_err(sheet.name);
    let cols = columns(sheet, years);
    let (given, rows): (&[&str], &[Vec<String>]) = match data {
        Some(Data::Rows { columns, rows }) => (columns, rows),
        Some(Data::Fields(_)) => return Err(inhoud(sheet.name, "rijen verwacht, geen velden")),
        None => (&[], &[]),
    };
    // Where each given column goes.
    let mut target = Vec::with_capacity(given.len());
    for name in given {
        let key = normalize(name);
        let i = cols
            .iter()
            .position(|c| normalize(&c.header()) == key)
            .ok_or_else(|| {
                inhoud(
                    sheet.name,
                    format!("de kolom ‘{name}’ staat niet in het schema of buiten de jaren"),
                )
            })?;
        target.push(i);
    }
    for (ri, row) in rows.iter().enumerate() {
        if row.len() != given.len() {
            return Err(inhoud(
                sheet.name,
                format!(
                    "rij {} heeft {} waarden voor {} kolommen",
                    ri + 2,
                    row.len(),
                    given.len()
                ),
            ));
        }
    }
    let mut lines = vec![1usize; rows.len()];
    for (ci, col) in cols.iter().enumerate() {
        let c = ci as u16;
        let kind = col.kind();
        let header = if col.required() {
            &fmt.header_required
        } else {
            &fmt.header
        };
        let title = col.header();
        match col {
            Col::Year(y, _) => ws.write_number_with_format(0, c, *y as f64, header),
            Col::Spec(_) => ws.write_string_with_format(0, c, &title, header),
        }
        .map_err(&e)?;
        ws.insert_note(0, c, &header_note(col.required(), &col.help(), kind))
            .map_err(&e)?;
        ws.set_column_format(c, fmt.for_kind(kind)).map_err(&e)?;
        add_validation(ws, kind, (1, c, LAST_ROW)).map_err(&e)?;
        let values: Vec<&str> = match given.iter().zip(&target).position(|(_, t)| *t == ci) {
            Some(gi) => rows.iter().map(|r| r[gi].as_str()).collect(),
            None => Vec::new(),
        };
        let w = width(&title, kind, &values);
        ws.set_column_width(c, w).map_err(&e)?;
        for (ri, v) in values.iter().enumerate() {
            if !v.trim().is_empty() {
                let at = Target {
                    sheet: sheet.name,
                    row: ri as u32 + 1,
                    col: c,
                    width: w,
                };
                write_value(ws, at, kind, v, fmt)?;
                lines[ri] = lines[ri].max(line_count(v, w));
            }
        }
    }
    for (ri, n) in lines.iter().enumerate() {
        if *n > 1 {
            ws.set_row_height(ri as u32 + 1, row_height(*n))
                .map_err(&e)?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(&e)?;
    Ok(())
}

/// How many lines a wrapped text takes in a column of `width` characters (an estimate:
/// spreadsheet programs do not fit row heights of generated files on opening).
fn line_count(text: &str, width: f64) -> usize {
    // Text in a proportional font fits about 1.2 characters per unit of column width.
    let per_line = ((width * 1.2) as usize).saturating_sub(1).max(1);
    text.lines()
        .map(|l| l.chars().count().div_ceil(per_line).max(1))
        .sum::<usize>()
        .max(1)
}

/// The row height in points for a number of lines of the default 11-point font.
fn row_height(lines: usize) -> f64 {
    15.0 * lines as f64
}

/// Where a value goes: sheet name (for messages), 0-based row and column, column width.
#[derive(Debug, Clone, Copy)]
struct Target<'a> {
    sheet: &'a str,
    row: u32,
    col: u16,
    width: f64,
}

/// Writes one value as the cell type of its column kind: dates as date cells, amounts and
/// numbers as number cells, percentages in points (`2,5` → 2.5 shown as `2,5 %`), yes/no
/// as `ja`/`nee`, enumerations in their canonical spelling, everything else as text.
fn write_value(
    ws: &mut Worksheet,
    at: Target<'_>,
    kind: Kind,
    text: &str,
    fmt: &Formats,
) -> Result<(), InitError> {
    let Target {
        sheet,
        row,
        col,
        width,
    } = at;
    let cell = crate::diag::a1(row + 1, col as u32 + 1);
    let bad = |why: String| inhoud(sheet, format!("{cell}: ‘{text}’: {why}"));
    let value = Value::Text(text.to_string());
    let number = |d: Decimal| {
        d.to_f64()
            .ok_or_else(|| bad("getal niet te schrijven".into()))
    };
    let e = xlsx_err(sheet);
    match kind {
        Kind::Date => {
            let d = parse::date(&value).map_err(|x| bad(x.message))?;
            use chrono::Datelike;
            let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                .map_err(&e)?;
            ws.write_datetime_with_format(row, col, &dt, &fmt.date)
                .map_err(&e)?;
        }
        Kind::Money => {
            let d = parse::money(&value).map_err(|x| bad(x.message))?;
            ws.write_number_with_format(row, col, number(d)?, &fmt.money)
                .map_err(&e)?;
        }
        Kind::Decimal => {
            let d = parse::decimal(&value).map_err(|x| bad(x.message))?;
            ws.write_number_with_format(row, col, number(d)?, &fmt.decimal)
                .map_err(&e)?;
        }
        Kind::Percentage => {
            let p = parse::percentage(&value).map_err(|x| bad(x.message))?;
            if p.points > Decimal::ZERO && p.points < Decimal::ONE {
                // A number cell below 1 would be read as a fraction: keep it as text.
                let t = format!("{}%", p.points.normalize().to_string().replace('.', ","));
                ws.write_string_with_format(row, col, &t, &fmt.text)
                    .map_err(&e)?;
            } else {
                ws.write_number_with_format(row, col, number(p.points)?, &fmt.percentage)
                    .map_err(&e)?;
            }
        }
        Kind::Whole { min, max } => {
            let n = parse::whole(&value, min, max).map_err(|x| bad(x.message))?;
            ws.write_number_with_format(row, col, n as f64, &fmt.whole)
                .map_err(&e)?;
        }
        Kind::Year => {
            let y = parse::year(&value).ok_or_else(|| bad("geen jaartal".into()))?;
            ws.write_number_with_format(row, col, y as f64, &fmt.year)
                .map_err(&e)?;
        }
        Kind::YesNo => {
            let b = parse::yes_no(&value).map_err(|x| bad(x.message))?;
            ws.write_string_with_format(row, col, if b { "ja" } else { "nee" }, &fmt.text)
                .map_err(&e)?;
        }
        Kind::Enum(labels) => {
            let label = labels
                .iter()
                .find(|l| normalize(l) == normalize(text))
                .ok_or_else(|| bad(format!("niet een van {}", labels.join(", "))))?;
            ws.write_string_with_format(row, col, *label, &fmt.text)
                .map_err(&e)?;
        }
        _ => {
            let f = if line_count(text, width) > 1 {
                &fmt.wrap
            } else {
                fmt.for_kind(kind)
            };
            ws.write_string_with_format(row, col, text, f).map_err(&e)?;
        }
    }
    Ok(())
}

/// A short Dutch description of what a column holds, for notes and the instruction sheet.
fn kind_text(kind: Kind) -> String {
    match kind {
        Kind::Text => "tekst".into(),
        Kind::TextList => "tekst, één item per regel (Alt+Enter)".into(),
        Kind::Id => "unieke code (tekst)".into(),
        Kind::Ref(e) => {
            let (wb, sheet) = e.defined_in();
            format!("{} uit tabblad {sheet} ({wb})", e.id_column())
        }
        Kind::Refs(e) => {
            let (wb, sheet) = e.defined_in();
            format!(
                "een of meer {}'s uit tabblad {sheet} ({wb}), gescheiden door komma's",
                e.id_column()
            )
        }
        Kind::Enum(labels) => format!("een van: {}", labels.join(", ")),
        Kind::Money => "bedrag in euro, bijvoorbeeld 1.234,56".into(),
        Kind::Decimal => "getal, bijvoorbeeld 7,5".into(),
        Kind::Percentage => "percentage, bijvoorbeeld 2,5 of 2,5%".into(),
        Kind::Date => "datum, dd-mm-jjjj".into(),
        Kind::YesNo => "ja of nee".into(),
        Kind::Whole { min, max } if max >= 1_000_000 => format!("geheel getal vanaf {min}"),
        Kind::Whole { min, max } => format!("geheel getal van {min} tot en met {max}"),
        Kind::Year => "jaartal, bijvoorbeeld 2028".into(),
        Kind::Cbs => "CBS-gemeentecode: GM en vier cijfers".into(),
        Kind::Scope => "regio, of de CBS-code van een gemeente uit Gemeenten".into(),
        Kind::Email => "e-mailadres".into(),
        Kind::Postcode => "postcode, 1234 AB".into(),
        Kind::Kvk => "KvK-nummer, acht cijfers".into(),
        Kind::Holder => "Org-ID of CBS-code".into(),
    }
}

/// How values are written, for the instruction sheet.
const NOTATIE: &[(&str, &str)] = &[
    (
        "Bedragen",
        "Een getal, of tekst in Nederlandse notatie: 1234,56 of 1.234,56 of € 1.234,56. De punt scheidt duizendtallen, de komma de centen. Meer dan twee cijfers achter de komma is dubbelzinnig en wordt als fout gemeld.",
    ),
    (
        "Getallen",
        "Uren en hoeveelheden: een getal, of tekst zoals 7,5.",
    ),
    (
        "Percentages",
        "In procentpunten: 2,5 en 2,5% betekenen allebei 2,5 %. Let op: typt u in een cel met de opmaak Percentage 2,5%, dan bewaart Excel 0,025; regiodocs leest zo'n getal tussen 0 en 1 als breuk en waarschuwt daarover.",
    ),
    (
        "Datums",
        "Een datumcel, of tekst dd-mm-jjjj (15-11-2026), d-m-jjjj (5-1-2027) of jjjj-mm-dd (2027-01-05).",
    ),
    (
        "Ja/nee",
        "ja of nee (ook j, n, x voor ja, waar, onwaar); een lege cel betekent nee.",
    ),
    (
        "Lijsten in een cel",
        "Meerdere ID's of CBS-codes scheidt u met een komma, puntkomma of nieuwe regel. Een lijst van verantwoordelijkheden of criteria: één per regel (Alt+Enter in de cel).",
    ),
    (
        "Scope",
        "regio voor de hele regio, of de CBS-code van een gemeente op het tabblad Gemeenten (bijvoorbeeld GM0228 voor Ede).",
    ),
    (
        "ID's",
        "Korte, unieke codes (bijvoorbeeld ORG-GGD, P-RC, K01). Hoofdletters maken niet uit. Een verwijzing naar een ID die niet bestaat, wordt gemeld met de cel en de ID die er het meest op lijkt.",
    ),
];

/// Column widths of the instruction sheet: name, required, type, explanation.
const INSTRUCTION_WIDTHS: [f64; 4] = [26.0, 10.0, 48.0, 80.0];

/// Writes the instruction sheet row by row.
struct Instructions<'a> {
    ws: &'a mut Worksheet,
    row: u32,
}

impl Instructions<'_> {
    /// A paragraph over columns A-D, wrapped, with a row height that fits its length.
    fn paragraph(&mut self, text: &str, format: &Format) -> Result<(), XlsxError> {
        self.ws
            .merge_range(self.row, 0, self.row, 3, text, format)?;
        let width = INSTRUCTION_WIDTHS.iter().sum();
        self.ws
            .set_row_height(self.row, row_height(line_count(text, width)))?;
        self.row += 1;
        Ok(())
    }

    /// A row of cells starting in column A.
    fn cells(&mut self, cells: &[&str], format: Option<&Format>) -> Result<(), XlsxError> {
        let mut lines = 1;
        for (i, c) in cells.iter().enumerate() {
            match format {
                Some(f) => self
                    .ws
                    .write_string_with_format(self.row, i as u16, *c, f)?,
                None => self.ws.write_string(self.row, i as u16, *c)?,
            };
            if format.is_none() && i > 0 {
                lines = lines.max(line_count(c, INSTRUCTION_WIDTHS[i]));
            }
        }
        if lines > 1 {
            self.ws.set_row_height(self.row, row_height(lines))?;
        }
        self.row += 1;
        Ok(())
    }

    fn skip(&mut self) {
        self.row += 1;
    }
}

fn instruction_sheet(
    ws: &mut Worksheet,
    spec: &'static WorkbookSpec,
    content: &Content,
    years: &[i32],
    fmt: &Formats,
) -> Result<(), XlsxError> {
    for (i, w) in INSTRUCTION_WIDTHS.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    ws.set_column_format(0, &fmt.plain)?;
    ws.set_column_format(1, &fmt.plain)?;
    ws.set_column_format(2, &fmt.body)?;
    ws.set_column_format(3, &fmt.body)?;
    ws.set_active(true);
    let mut w = Instructions { ws, row: 0 };
    w.cells(
        &[&format!("Werkboek {}: instructie", spec.stem)],
        Some(&fmt.title),
    )?;
    w.paragraph(spec.help, &fmt.body)?;
    let mut intro = vec![
        "Dit werkboek is een van de twee invoerbestanden van regiodocs (stakeholders en financien). regiodocs maakt er de samenwerkingsovereenkomsten, opdrachtbeschrijvingen, plannen en begrotingen van, als PDF, DOCX en XLSX.".to_string(),
        "Controleer uw invoer met: regiodocs check MAP. Elke melding noemt het werkboek, het tabblad en de cel, met een hint.".to_string(),
        "Laat tabbladnamen en kolomkoppen staan zoals ze zijn; kolommen mogen in een andere volgorde. Een donkere kop is een verplichte kolom; ga met de muis op een kop staan voor uitleg. Kolommen met een keuzelijst: kies een waarde uit de lijst.".to_string(),
    ];
    if let (Some(first), Some(last)) = (years.first(), years.last()) {
        intro.push(format!(
            "Jaarkolommen: Kostenregels (hoeveelheid per jaar) en Dekking (bedrag per jaar) hebben per jaar een kolom met het jaartal als kop, nu {first} tot en met {last}. De jaarkolommen moeten aansluiten en overeenkomen met Startjaar tot en met Startjaar + Aantal jaren - 1 op het tabblad Parameters. Verandert u Startjaar of Aantal jaren, pas dan ook de jaarkolommen aan."
        ));
    }
    if content.example {
        intro.push("Dit is het voorbeeld Regio Foodvalley. De gemeenten, hun CBS-codes en inwonertallen zijn echt; alle personen, de andere organisaties, adressen, KvK-nummers en bedragen zijn verzonnen.".to_string());
    }
    for t in &intro {
        w.paragraph(t, &fmt.body)?;
    }
    w.skip();
    w.cells(&["Notatie"], Some(&fmt.heading))?;
    for (what, how) in NOTATIE {
        w.ws.write_string_with_format(w.row, 0, *what, &fmt.bold)?;
        w.ws.merge_range(w.row, 1, w.row, 3, how, &fmt.body)?;
        let width = INSTRUCTION_WIDTHS[1..].iter().sum();
        w.ws.set_row_height(w.row, row_height(line_count(how, width)))?;
        w.skip();
    }
    for sheet in spec.sheets {
        w.skip();
        let status = if sheet.required {
            "verplicht tabblad"
        } else {
            "optioneel tabblad"
        };
        w.cells(
            &[&format!("Tabblad {} ({status})", sheet.name)],
            Some(&fmt.heading),
        )?;
        let help = match sheet.layout {
            Layout::Table => format!(
                "{} De eerste rij is de kopregel; daarna één record per rij.",
                sheet.help
            ),
            Layout::KeyValue => sheet.help.to_string(),
        };
        w.paragraph(&help, &fmt.body)?;
        let (c1, c3) = match sheet.layout {
            Layout::KeyValue => ("Veld", "Waarde of type"),
            Layout::Table => ("Kolom", "Waarden of type"),
        };
        w.cells(
            &[c1, "Verplicht", c3, "Toelichting"],
            Some(&fmt.table_header),
        )?;
        let mut years_listed = false;
        for col in &columns(sheet, years) {
            let (name, help) = match col {
                Col::Spec(c) => (c.name.to_string(), c.help.to_string()),
                Col::Year(..) if years_listed => continue,
                Col::Year(_, y) => {
                    years_listed = true;
                    (
                        format!("{} … {}", years[0], years[years.len() - 1]),
                        year_help(*y),
                    )
                }
            };
            let required = if col.required() { "ja" } else { "nee" };
            w.cells(&[&name, required, &kind_text(col.kind()), &help], None)?;
        }
        if sheet.years != Years::None && years.is_empty() {
            let kind = Col::Year(0, sheet.years).kind();
            w.cells(
                &[
                    "2027, 2028, …",
                    "nee",
                    &kind_text(kind),
                    &year_help(sheet.years),
                ],
                None,
            )?;
        }
        let is_texts = sheet
            .columns
            .iter()
            .any(|c| matches!(c.kind, Kind::Enum(l) if l == crate::vocab::DocumentSoort::LABELS));
        if is_texts {
            w.skip();
            w.cells(&["Sectiesleutels per document"], Some(&fmt.bold))?;
            for (doc, keys) in schema::SECTIONS {
                w.ws.write_string(w.row, 0, doc.label())?;
                w.ws.merge_range(w.row, 1, w.row, 3, &keys.join(", "), &fmt.body)?;
                w.skip();
            }
        }
    }
    Ok(())
}

fn year_help(years: Years) -> String {
    let what = if years == Years::Money {
        "het bedrag"
    } else {
        "de hoeveelheid (aantal eenheden)"
    };
    format!(
        "Eén kolom per jaar, met het jaartal als kop: {what} in dat jaar; leeg is 0. Van Startjaar tot en met Startjaar + Aantal jaren - 1 (tabblad Parameters)."
    )
}
