//! Header matching: from a raw [`Sheet`] to a [`Table`] whose columns are known by name.
//!
//! The header row is the first non-empty row. Headers are matched tolerantly (see
//! [`normalize`]); a header that is a four-digit year opens a year column. Missing required
//! columns and duplicated headers are errors, unknown columns warnings with the nearest
//! known name as hint. Key/value sheets (`Regio`, `Parameters`) are read with
//! [`KeyValues::read`].

use std::collections::HashMap;

use super::{Sheet, Value, normalize, parse};
use crate::diag::{Code, Diagnostic, Diagnostics, Location, nearest};
use crate::schema::{SheetSpec, Years};

/// One cell with its position, ready to be parsed into a typed field.
#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    /// The value as read.
    pub value: &'a Value,
    /// The workbook's file name.
    pub workbook: &'a str,
    /// The sheet name as spelled in the file.
    pub sheet: &'a str,
    /// 1-based absolute row.
    pub row: u32,
    /// 1-based absolute column, `None` when the (optional) column is absent.
    pub col: Option<u32>,
}

impl<'a> Field<'a> {
    /// The cell's location, or the row's when the column is absent.
    pub fn location(&self) -> Location {
        match self.col {
            Some(c) => Location::cell(self.workbook, self.sheet, c, self.row),
            None => Location::row(self.workbook, self.sheet, self.row),
        }
    }

    /// True when the cell is empty or blank.
    pub fn is_blank(&self) -> bool {
        self.value.is_blank()
    }

    /// The trimmed text of the cell; numbers and dates as the user would see them.
    pub fn text(&self) -> String {
        self.value.display()
    }

    /// The text, or `None` when blank.
    pub fn opt_text(&self) -> Option<String> {
        (!self.is_blank()).then(|| self.text())
    }

    /// Turns a parse error into a diagnostic at this cell.
    pub fn error(&self, e: parse::ParseError) -> Diagnostic {
        Diagnostic::error(e.code, e.message)
            .at(self.location())
            .maybe_hint(e.hint)
    }
}

/// A table sheet with its header matched against a [`SheetSpec`].
#[derive(Debug)]
pub struct Table<'a> {
    /// The workbook's file name.
    pub workbook: &'a str,
    /// The raw sheet.
    pub sheet: &'a Sheet,
    /// The spec it was matched against.
    pub spec: &'static SheetSpec,
    /// Grid column of each spec column, in spec order.
    columns: Vec<Option<usize>>,
    /// Year columns: (year, grid column), in sheet order.
    pub years: Vec<(i32, usize)>,
    /// Grid rows of the data (non-blank rows after the header).
    pub rows: Vec<usize>,
    header_row: Option<usize>,
}

impl<'a> Table<'a> {
    /// Matches the header row of `sheet` against `spec`, reporting missing, duplicated and
    /// unknown columns and ill-formed year columns into `diags`.
    pub fn read(
        workbook: &'a str,
        sheet: &'a Sheet,
        spec: &'static SheetSpec,
        diags: &mut Diagnostics,
    ) -> Table<'a> {
        let mut table = Table {
            workbook,
            sheet,
            spec,
            columns: vec![None; spec.columns.len()],
            years: Vec::new(),
            rows: Vec::new(),
            header_row: None,
        };
        let Some(header) = (0..sheet.height).find(|&r| !sheet.row_is_blank(r)) else {
            let missing: Vec<&str> = spec
                .columns
                .iter()
                .filter(|c| c.required)
                .map(|c| c.name)
                .collect();
            diags.push(
                Diagnostic::error(
                    Code::KolomOntbreekt,
                    "Het tabblad is leeg: de kopregel met kolomnamen ontbreekt.",
                )
                .at(Location::sheet(workbook, &sheet.name))
                .hint(format!(
                    "Zet in de eerste rij de kolommen {}.",
                    missing.join(", ")
                )),
            );
            return table;
        };
        table.header_row = Some(header);
        let excel_row = sheet.excel_row(header);
        let mut seen: HashMap<String, usize> = HashMap::new();
        for c in 0..sheet.width {
            let v = sheet.get(header, c);
            if v.is_blank() {
                continue;
            }
            let loc = Location::cell(workbook, &sheet.name, sheet.excel_col(c), excel_row);
            let text = v.display();
            let key = normalize(&text);
            if let Some(prev) = seen.insert(key.clone(), c) {
                diags.push(
                    Diagnostic::error(
                        Code::DubbeleKolom,
                        format!(
                            "De kolom ‘{text}’ staat twee keer in de kopregel (ook in kolom {}).",
                            crate::diag::column_letters(sheet.excel_col(prev))
                        ),
                    )
                    .at(loc)
                    .hint("Verwijder of hernoem een van de twee kolommen."),
                );
                continue;
            }
            if let Some(year) = parse::year(v) {
                if spec.years == Years::None {
                    diags.push(
                        Diagnostic::warning(
                            Code::OnbekendeKolom,
                            format!("Dit tabblad heeft geen jaarkolommen; de kolom ‘{text}’ wordt genegeerd."),
                        )
                        .at(loc),
                    );
                } else {
                    table.years.push((year, c));
                }
                continue;
            }
            match spec.columns.iter().position(|s| normalize(s.name) == key) {
                Some(i) => table.columns[i] = Some(c),
                None => diags.push(
                    Diagnostic::warning(
                        Code::OnbekendeKolom,
                        format!("De kolom ‘{text}’ is onbekend en wordt genegeerd."),
                    )
                    .at(loc)
                    .maybe_hint(
                        nearest(&text, spec.columns.iter().map(|s| s.name))
                            .map(|n| format!("Bedoelt u ‘{n}’?")),
                    ),
                ),
            }
        }
        for (i, s) in spec.columns.iter().enumerate() {
            if s.required && table.columns[i].is_none() {
                diags.push(
                    Diagnostic::error(
                        Code::KolomOntbreekt,
                        format!("De verplichte kolom ‘{}’ ontbreekt.", s.name),
                    )
                    .at(Location::row(workbook, &sheet.name, excel_row))
                    .hint(format!(
                        "Voeg in de kopregel (rij {excel_row}) een kolom ‘{}’ toe.",
                        s.name
                    )),
                );
            }
        }
        table.rows = (header + 1..sheet.height)
            .filter(|&r| !sheet.row_is_blank(r))
            .collect();
        table
    }

    /// True when the header row was found.
    pub fn has_header(&self) -> bool {
        self.header_row.is_some()
    }

    /// True when the sheet has the named column.
    pub fn has_column(&self, name: &str) -> bool {
        self.index(name).and_then(|i| self.columns[i]).is_some()
    }

    fn index(&self, name: &str) -> Option<usize> {
        self.spec.columns.iter().position(|c| c.name == name)
    }

    /// The named field of a data row (`row` is a grid row from [`Table::rows`]).
    pub fn field(&self, row: usize, name: &str) -> Field<'a> {
        let col = self.index(name).and_then(|i| self.columns[i]);
        self.field_at(row, col)
    }

    /// The field at a grid row and optional grid column.
    pub fn field_at(&self, row: usize, col: Option<usize>) -> Field<'a> {
        Field {
            value: match col {
                Some(c) => self.sheet.get(row, c),
                None => &Value::Empty,
            },
            workbook: self.workbook,
            sheet: &self.sheet.name,
            row: self.sheet.excel_row(row),
            col: col.map(|c| self.sheet.excel_col(c)),
        }
    }

    /// The 1-based row number of a grid row, as Excel shows it.
    pub fn excel_row(&self, row: usize) -> u32 {
        self.sheet.excel_row(row)
    }

    /// The 1-based column number of a named column, when present.
    pub fn excel_col(&self, name: &str) -> Option<u32> {
        self.index(name)
            .and_then(|i| self.columns[i])
            .map(|c| self.sheet.excel_col(c))
    }

    /// The location of a whole data row.
    pub fn row_location(&self, row: usize) -> Location {
        Location::row(self.workbook, &self.sheet.name, self.excel_row(row))
    }
}

/// A key/value sheet: column A the field name, column B the value (relative to the first
/// used column, so a sheet that starts further right still works).
#[derive(Debug)]
pub struct KeyValues<'a> {
    workbook: &'a str,
    sheet: &'a Sheet,
    /// Spec field name → grid row.
    found: HashMap<&'static str, usize>,
}

impl<'a> KeyValues<'a> {
    /// Reads the fields of `spec`, reporting unknown (warning), duplicated and missing
    /// required fields.
    pub fn read(
        workbook: &'a str,
        sheet: &'a Sheet,
        spec: &'static SheetSpec,
        diags: &mut Diagnostics,
    ) -> KeyValues<'a> {
        let mut found: HashMap<&'static str, usize> = HashMap::new();
        for r in 0..sheet.height {
            let key_value = sheet.get(r, 0);
            if key_value.is_blank() {
                continue;
            }
            let key = key_value.display();
            let norm = normalize(&key);
            // A header row such as "Veld | Waarde" is allowed.
            if matches!(norm.as_str(), "veld" | "gegeven" | "naam" | "parameter") {
                continue;
            }
            let loc = Location::cell(
                workbook,
                &sheet.name,
                sheet.excel_col(0),
                sheet.excel_row(r),
            );
            match spec.columns.iter().find(|c| normalize(c.name) == norm) {
                Some(c) => {
                    if let Some(prev) = found.insert(c.name, r) {
                        diags.push(
                            Diagnostic::error(
                                Code::DubbelVeld,
                                format!(
                                    "Het veld ‘{}’ staat twee keer op dit tabblad (ook in rij {}).",
                                    c.name,
                                    sheet.excel_row(prev)
                                ),
                            )
                            .at(loc)
                            .hint("Laat één rij staan."),
                        );
                    }
                }
                None => diags.push(
                    Diagnostic::warning(
                        Code::OnbekendVeld,
                        format!("Het veld ‘{key}’ is onbekend en wordt genegeerd."),
                    )
                    .at(loc)
                    .maybe_hint(
                        nearest(&key, spec.columns.iter().map(|c| c.name))
                            .map(|n| format!("Bedoelt u ‘{n}’?")),
                    ),
                ),
            }
        }
        for c in spec.columns.iter().filter(|c| c.required) {
            if !found.contains_key(c.name) {
                diags.push(
                    Diagnostic::error(
                        Code::VerplichtLeeg,
                        format!("Het verplichte veld ‘{}’ ontbreekt.", c.name),
                    )
                    .at(Location::sheet(workbook, &sheet.name))
                    .hint(format!(
                        "Zet ‘{}’ in kolom A en de waarde in kolom B.",
                        c.name
                    )),
                );
            }
        }
        KeyValues {
            workbook,
            sheet,
            found,
        }
    }

    /// The value of a field; `None` when the field's row is absent.
    pub fn field(&self, name: &str) -> Option<Field<'a>> {
        let r = *self.found.get(name)?;
        Some(Field {
            value: self.sheet.get(r, 1),
            workbook: self.workbook,
            sheet: &self.sheet.name,
            row: self.sheet.excel_row(r),
            col: Some(self.sheet.excel_col(1)),
        })
    }
}
