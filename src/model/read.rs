//! From workbooks to the typed [`Project`]: every cell parsed once, every problem reported
//! with its cell.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::*;
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::ingest::table::{Field, KeyValues, Table};
use crate::ingest::{Workbook, find_workbook, parse};
use crate::schema::{self, Kind, SheetSpec, WorkbookSpec};

/// Reads both workbooks of a project folder into a [`Project`].
///
/// Returns `None` as project only when a workbook or a required sheet could not be read at
/// all; the diagnostics then say why. Otherwise the project is returned together with every
/// finding of reading (which may include errors: check [`Diagnostics::has_errors`]).
pub fn load(dir: &Path) -> (Option<Project>, Diagnostics) {
    let (project, diags, _) = load_keeping(dir);
    (project, diags)
}

/// One input workbook exactly as it was read: its file name and bytes.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// File name within the project folder, e.g. `financien.xlsx`.
    pub name: String,
    /// The bytes that were read (and parsed).
    pub bytes: Vec<u8>,
}

/// [`load`], also returning the workbooks' bytes as read: the ones the model comes from,
/// for hashing and archiving (reading the files again could give a newer version).
pub fn load_keeping(dir: &Path) -> (Option<Project>, Diagnostics, Vec<InputFile>) {
    let mut diags = Diagnostics::new();
    let mut inputs = Vec::new();
    let limits = crate::ingest::limits::Limits::default();
    let mut open = |stem: &str| {
        let read = find_workbook(dir, stem).and_then(|p| {
            let bytes = Workbook::read(&p, &limits)?;
            let name = crate::ingest::display_name(&p);
            inputs.push(InputFile {
                name: name.clone(),
                bytes: bytes.clone(),
            });
            Workbook::from_bytes_with(&name, bytes, &limits)
        });
        match read {
            Ok(wb) => Some(wb),
            Err(d) => {
                diags.push(*d);
                None
            }
        }
    };
    let stakeholders = open(schema::STAKEHOLDERS.stem);
    let financien = open(schema::FINANCIEN.stem);
    let (Some(s), Some(f)) = (stakeholders, financien) else {
        return (None, diags, inputs);
    };
    let (project, more) = read_workbooks(&s, &f);
    diags.extend(more);
    (project, diags, inputs)
}

/// Reads two workbooks already in memory (see [`load`]).
pub fn read_workbooks(
    stakeholders: &Workbook,
    financien: &Workbook,
) -> (Option<Project>, Diagnostics) {
    let mut d = Diagnostics::new();
    for finding in stakeholders.findings.iter().chain(&financien.findings) {
        d.push(finding.clone());
    }
    let s = Book::new(stakeholders, &schema::STAKEHOLDERS, &mut d);
    let f = Book::new(financien, &schema::FINANCIEN, &mut d);
    if s.missing_required || f.missing_required {
        return (None, d);
    }

    let regio = read_regio(&s, &mut d);
    let parameters = read_parameters(&f, &mut d);
    let jaren = parameters.jaren();

    let mut cells = BTreeMap::new();
    let gemeenten = keep(
        &mut cells,
        "Gemeenten",
        s.rows("Gemeenten", &mut d, read_gemeente),
    );
    let organisaties = keep(
        &mut cells,
        "Organisaties",
        s.rows("Organisaties", &mut d, read_organisatie),
    );
    let personen = keep(
        &mut cells,
        "Personen",
        s.rows("Personen", &mut d, read_persoon),
    );
    let rollen = keep(&mut cells, "Rollen", s.rows("Rollen", &mut d, read_rol));
    let partijen = keep(
        &mut cells,
        "Partijen",
        s.rows("Partijen", &mut d, read_partij),
    );
    let mijlpalen = keep(
        &mut cells,
        "Mijlpalen",
        s.rows("Mijlpalen", &mut d, read_mijlpaal),
    );
    let doelen = keep(&mut cells, "Doelen", s.rows("Doelen", &mut d, read_doel));
    let risicos = keep(
        &mut cells,
        "Risicos",
        s.rows("Risicos", &mut d, read_risico),
    );
    let randvoorwaarden = keep(
        &mut cells,
        "Randvoorwaarden",
        s.rows("Randvoorwaarden", &mut d, read_randvoorwaarde),
    );
    let teksten = keep(&mut cells, "Teksten", s.rows("Teksten", &mut d, read_tekst));
    let overleggen = keep(
        &mut cells,
        "Overleggen",
        s.rows("Overleggen", &mut d, read_overleg),
    );
    let kostenregels = keep(
        &mut cells,
        "Kostenregels",
        f.rows_with_years("Kostenregels", &jaren, &mut d, read_kostenregel),
    );
    let bronnen = keep(
        &mut cells,
        "Financieringsbronnen",
        f.rows("Financieringsbronnen", &mut d, read_bron),
    );
    let dekking = keep(
        &mut cells,
        "Dekking",
        f.rows_with_years("Dekking", &jaren, &mut d, read_dekking),
    );
    let sleutel_rows = keep(
        &mut cells,
        "Verdeelsleutels",
        f.rows("Verdeelsleutels", &mut d, read_sleutel_rij),
    );
    let sleutels = group_sleutels(sleutel_rows, &mut d);
    let czv = keep(
        &mut cells,
        "CZV-capaciteit",
        f.rows("CZV-capaciteit", &mut d, read_czv),
    );

    let project = Project {
        stakeholders_file: stakeholders.file_name.clone(),
        financien_file: financien.file_name.clone(),
        regio,
        gemeenten,
        organisaties,
        personen,
        rollen,
        partijen,
        mijlpalen,
        doelen,
        risicos,
        randvoorwaarden,
        teksten,
        overleggen,
        parameters,
        kostenregels,
        bronnen,
        dekking,
        sleutels,
        czv,
        cells,
    };
    (Some(project), d)
}

/// Remembers a sheet's cell columns and returns its records.
fn keep<T>(cells: &mut BTreeMap<String, Cells>, sheet: &str, (rows, c): (Vec<T>, Cells)) -> Vec<T> {
    cells.insert(sheet.to_string(), c);
    rows
}

/// One workbook with its sheets located.
struct Book<'a> {
    wb: &'a Workbook,
    spec: &'static WorkbookSpec,
    missing_required: bool,
}

/// Warns at every text cell of `sheet` with a character the embedded fonts cannot show
/// (the PDF prints `□` there).
fn unprintable(workbook: &str, sheet: &crate::ingest::Sheet, d: &mut Diagnostics) {
    for row in 0..sheet.height {
        for col in 0..sheet.width {
            let crate::ingest::Value::Text(text) = sheet.get(row, col) else {
                continue;
            };
            if text.is_ascii() {
                continue;
            }
            let missing = crate::fonts::missing(text);
            if missing.is_empty() {
                continue;
            }
            let shown: Vec<String> = missing
                .iter()
                .take(5)
                .map(|c| format!("{c} (U+{:04X})", u32::from(*c)))
                .collect();
            let which = if missing.len() == 1 {
                format!("Het teken {} staat", shown[0])
            } else {
                format!("De tekens {} staan", shown.join(", "))
            };
            d.push(
                Diagnostic::warning(
                    Code::OnbekendTeken,
                    format!(
                        "{which} in geen van de ingebouwde lettertypen; in de PDF komt er □ voor in de plaats."
                    ),
                )
                .at(Location::cell(
                    workbook,
                    &sheet.name,
                    sheet.excel_col(col),
                    sheet.excel_row(row),
                ))
                .hint("Laat het teken weg of schrijf het in woorden; in de DOCX toont Word het wel, met een eigen lettertype."),
            );
        }
    }
}

impl<'a> Book<'a> {
    fn new(wb: &'a Workbook, spec: &'static WorkbookSpec, d: &mut Diagnostics) -> Self {
        let mut missing_required = false;
        for s in spec.sheets.iter().filter(|s| s.required) {
            if wb.sheet(s.name).is_none() {
                missing_required = true;
                let names: Vec<&str> = wb.sheets.iter().map(|s| s.name.as_str()).collect();
                d.push(
                    Diagnostic::error(
                        Code::TabbladOntbreekt,
                        format!("Het verplichte tabblad ‘{}’ ontbreekt.", s.name),
                    )
                    .at(Location::workbook(&wb.file_name))
                    .hint(match crate::diag::nearest(s.name, names.iter().copied()) {
                        Some(n) => format!("Hernoem het tabblad ‘{n}’ tot ‘{}’.", s.name),
                        None => format!(
                            "Voeg een tabblad ‘{}’ toe; `regiodocs init` maakt een leeg werkboek met alle tabbladen.",
                            s.name
                        ),
                    }),
                );
            }
        }
        for sheet in spec.sheets.iter().filter_map(|s| wb.sheet(s.name)) {
            unprintable(&wb.file_name, sheet, d);
        }
        Book {
            wb,
            spec,
            missing_required,
        }
    }

    fn spec(&self, sheet: &str) -> &'static SheetSpec {
        self.spec
            .sheets
            .iter()
            .find(|s| s.name == sheet)
            .unwrap_or(&self.spec.sheets[0])
    }

    fn key_values(&self, sheet: &str, d: &mut Diagnostics) -> Option<(KeyValues<'a>, Origin)> {
        let spec = self.spec(sheet);
        let raw = self.wb.sheet(spec.name)?;
        let origin = Origin {
            workbook: self.wb.file_name.clone(),
            sheet: raw.name.clone(),
            row: raw.excel_row(0),
        };
        Some((KeyValues::read(&self.wb.file_name, raw, spec, d), origin))
    }

    fn rows<T>(
        &self,
        sheet: &str,
        d: &mut Diagnostics,
        read: impl Fn(&mut RowReader<'_, '_>) -> T,
    ) -> (Vec<T>, Cells) {
        self.rows_with_years(sheet, &[], d, |r, _| read(r))
    }

    fn rows_with_years<T>(
        &self,
        sheet: &str,
        jaren: &[i32],
        d: &mut Diagnostics,
        read: impl Fn(&mut RowReader<'_, '_>, &[(i32, usize)]) -> T,
    ) -> (Vec<T>, Cells) {
        let spec = self.spec(sheet);
        let Some(raw) = self.wb.sheet(spec.name) else {
            return (Vec::new(), Cells::default());
        };
        let table = Table::read(&self.wb.file_name, raw, spec, d);
        let years = if spec.years == schema::Years::None {
            Vec::new()
        } else {
            check_years(&table, jaren, d)
        };
        let mut cells = Cells::default();
        for c in spec.columns {
            if let Some(col) = table.excel_col(c.name) {
                cells.columns.insert(c.name.to_string(), col);
            }
        }
        for (y, c) in &years {
            cells.years.insert(*y, raw.excel_col(*c));
        }
        let out = table
            .rows
            .iter()
            .map(|&row| {
                let mut r = RowReader {
                    table: &table,
                    row,
                    d,
                    broken: false,
                };
                read(&mut r, &years)
            })
            .collect();
        (out, cells)
    }
}

/// Year columns must be consecutive and inside the budget period; returns the valid ones.
fn check_years(table: &Table<'_>, jaren: &[i32], d: &mut Diagnostics) -> Vec<(i32, usize)> {
    let mut ok = Vec::new();
    let header = table.rows.first().map(|r| r.saturating_sub(1));
    let header_row = table
        .years
        .first()
        .map(|_| table.sheet.excel_row(header.unwrap_or(0)));
    let mut prev: Option<i32> = None;
    for &(year, col) in &table.years {
        let loc = Location::cell(
            table.workbook,
            &table.sheet.name,
            table.sheet.excel_col(col),
            header_row.unwrap_or(1),
        );
        let header_row_loc = find_header_row(table, col).map(|r| {
            Location::cell(
                table.workbook,
                &table.sheet.name,
                table.sheet.excel_col(col),
                r,
            )
        });
        let loc = header_row_loc.unwrap_or(loc);
        if let (Some(first), Some(last)) = (jaren.first(), jaren.last())
            && !jaren.contains(&year)
        {
            d.push(
                Diagnostic::error(
                    Code::OngeldigJaar,
                    format!("De jaarkolom {year} valt buiten de begrotingsperiode {first}-{last}."),
                )
                .at(loc)
                .hint("Pas Startjaar of Aantal jaren aan op het tabblad Parameters, of verwijder de kolom."),
            );
            prev = Some(year);
            continue;
        }
        if let Some(p) = prev
            && year != p + 1
        {
            d.push(
                Diagnostic::error(
                    Code::OngeldigJaar,
                    format!(
                        "De jaarkolommen moeten aansluiten: na {p} komt {}, niet {year}.",
                        p + 1
                    ),
                )
                .at(loc)
                .hint("Zet de jaarkolommen op volgorde, zonder gaten."),
            );
        }
        prev = Some(year);
        ok.push((year, col));
    }
    ok
}

fn find_header_row(table: &Table<'_>, col: usize) -> Option<u32> {
    (0..table.sheet.height)
        .find(|&r| !table.sheet.get(r, col).is_blank())
        .map(|r| table.sheet.excel_row(r))
}

/// Reads the cells of one data row, reporting problems and remembering whether any failed.
struct RowReader<'t, 'd> {
    table: &'t Table<'t>,
    row: usize,
    d: &'d mut Diagnostics,
    broken: bool,
}

impl RowReader<'_, '_> {
    fn field(&self, name: &str) -> Field<'_> {
        self.table.field(self.row, name)
    }

    fn origin(&self) -> Origin {
        Origin {
            workbook: self.table.workbook.to_string(),
            sheet: self.table.sheet.name.clone(),
            row: self.table.excel_row(self.row),
        }
    }

    fn required(&self, name: &str) -> bool {
        self.table.spec.column(name).is_some_and(|c| c.required)
    }

    fn fail(&mut self, diag: Diagnostic) {
        self.broken = true;
        self.d.push(diag);
    }

    /// Reports an empty required cell; returns true when the cell has a value.
    fn present(&mut self, name: &str) -> bool {
        let f = self.field(name);
        if let crate::ingest::Value::Error(e) = f.value {
            let diag = Diagnostic::error(
                Code::Formulefout,
                format!("De formule in deze cel geeft de foutwaarde {e}."),
            )
            .at(f.location())
            .hint("Herstel de formule of vul de waarde zelf in.");
            self.fail(diag);
            return false;
        }
        if !f.is_blank() {
            return true;
        }
        if self.required(name) && self.table.has_column(name) {
            let diag = Diagnostic::error(
                Code::VerplichtLeeg,
                format!("‘{name}’ is verplicht, maar de cel is leeg."),
            )
            .at(f.location());
            self.fail(diag);
        }
        false
    }

    fn opt_text(&mut self, name: &str) -> Option<String> {
        self.present(name).then(|| self.field(name).text())
    }

    fn text(&mut self, name: &str) -> String {
        self.opt_text(name).unwrap_or_default()
    }

    /// A list cell, one item per line.
    fn lines(&mut self, name: &str) -> Vec<String> {
        self.opt_text(name)
            .map(|t| parse::lines(&t))
            .unwrap_or_default()
    }

    /// A multi-value cell of IDs or codes.
    fn multi(&mut self, name: &str) -> Vec<String> {
        self.opt_text(name)
            .map(|t| parse::multi(&t))
            .unwrap_or_default()
    }

    fn parsed<T>(
        &mut self,
        name: &str,
        p: impl Fn(&crate::ingest::Value) -> Result<T, parse::ParseError>,
    ) -> Option<T> {
        if !self.present(name) {
            return None;
        }
        let f = self.field(name);
        match p(f.value) {
            Ok(v) => Some(v),
            Err(e) => {
                let diag = f.error(e);
                self.fail(diag);
                None
            }
        }
    }

    fn vocab<E: Vocab>(&mut self, name: &str) -> Option<E> {
        if !self.present(name) {
            return None;
        }
        let f = self.field(name);
        let text = f.text();
        match E::parse(&text) {
            Some(v) => Some(v),
            None => {
                let diag = unknown_value(&f, &text, name, E::LABELS);
                self.fail(diag);
                None
            }
        }
    }

    fn date(&mut self, name: &str) -> Option<NaiveDate> {
        self.parsed(name, parse::date)
    }

    fn decimal(&mut self, name: &str) -> Option<Decimal> {
        self.parsed(name, parse::decimal)
    }

    fn money(&mut self, name: &str) -> Option<Decimal> {
        let v = self.parsed(name, parse::money)?;
        if v.is_sign_negative() && !v.is_zero() {
            let f = self.field(name);
            let diag = Diagnostic::error(
                Code::NegatiefBedrag,
                format!("‘{name}’ mag niet negatief zijn."),
            )
            .at(f.location());
            self.fail(diag);
        }
        Some(v)
    }

    fn percentage(&mut self, name: &str) -> Option<Decimal> {
        let p = self.parsed(name, parse::percentage)?;
        if p.points.is_sign_negative() && !p.points.is_zero() {
            let f = self.field(name);
            let diag = Diagnostic::error(
                Code::OngeldigPercentage,
                format!("‘{name}’ mag niet negatief zijn."),
            )
            .at(f.location());
            self.fail(diag);
            return None;
        }
        if let Some(note) = p.note {
            let f = self.field(name);
            self.d.push(
                Diagnostic::warning(Code::PercentageAlsFractie, note)
                    .at(f.location())
                    .hint("Staat dit niet goed, schrijf het percentage dan als tekst, bijvoorbeeld ‘2,5%’."),
            );
        }
        Some(p.points)
    }

    /// A percentage that is a share of a whole: 0 to 100.
    fn share(&mut self, name: &str) -> Option<Decimal> {
        let p = self.percentage(name)?;
        if p > Decimal::ONE_HUNDRED {
            let f = self.field(name);
            let diag = Diagnostic::error(
                Code::OngeldigPercentage,
                format!("‘{name}’ is een deel van het geheel en kan niet meer dan 100 % zijn."),
            )
            .at(f.location())
            .hint("Vul een percentage van 0 tot en met 100 in.");
            self.fail(diag);
            return None;
        }
        Some(p)
    }

    fn yes_no(&mut self, name: &str) -> bool {
        self.parsed(name, parse::yes_no).unwrap_or(false)
    }

    fn whole(&mut self, name: &str) -> Option<i64> {
        let (min, max) = match self.table.spec.column(name).map(|c| c.kind) {
            Some(Kind::Whole { min, max }) => (min, max),
            _ => (0, i64::MAX),
        };
        self.parsed(name, |v| parse::whole(v, min, max))
    }

    fn year(&mut self, name: &str) -> Option<i32> {
        if !self.present(name) {
            return None;
        }
        let f = self.field(name);
        match parse::year(f.value) {
            Some(y) => Some(y),
            None => {
                let diag = Diagnostic::error(
                    Code::OngeldigGeheelGetal,
                    format!("‘{}’ is geen jaartal.", f.text()),
                )
                .at(f.location())
                .hint("Schrijf een jaar met vier cijfers, bijvoorbeeld 2028.");
                self.fail(diag);
                None
            }
        }
    }

    fn cbs(&mut self, name: &str) -> Option<String> {
        self.parsed(name, |v| parse::cbs_code(&v.display()))
    }

    /// `regio` or a CBS code; empty gives the default `regio`.
    fn scope(&mut self, name: &str) -> Scope {
        if !self.present(name) {
            return Scope::Regio;
        }
        let f = self.field(name);
        let text = f.text();
        if text.eq_ignore_ascii_case("regio") || text.eq_ignore_ascii_case("regionaal") {
            return Scope::Regio;
        }
        match parse::cbs_code(&text) {
            Ok(code) => Scope::Gemeente(code),
            Err(e) => {
                let diag = Diagnostic::error(
                    Code::OngeldigFormaat,
                    format!(
                        "‘{text}’ is geen geldige scope: schrijf regio of een CBS-gemeentecode."
                    ),
                )
                .at(f.location())
                .maybe_hint(
                    e.hint
                        .filter(|h| h.contains("GM0"))
                        .or(Some("Bijvoorbeeld regio, of GM0228 voor Ede.".to_string())),
                );
                self.fail(diag);
                Scope::Regio
            }
        }
    }

    /// A formatted text field (KvK, postcode, e-mail), checked for form.
    fn formatted(
        &mut self,
        name: &str,
        ok: fn(&str) -> bool,
        what: &str,
        hint: &str,
    ) -> Option<String> {
        let t = self.opt_text(name)?;
        if !ok(&t) {
            let f = self.field(name);
            let diag = Diagnostic::error(
                Code::OngeldigFormaat,
                format!("‘{t}’ is geen geldig {what}."),
            )
            .at(f.location())
            .hint(hint);
            self.fail(diag);
        }
        Some(t)
    }
}

fn unknown_value(f: &Field<'_>, text: &str, column: &str, labels: &[&str]) -> Diagnostic {
    let hint = match crate::diag::nearest(text, labels.iter().copied()) {
        Some(n) => format!("Bedoelt u ‘{n}’? Toegestaan: {}.", labels.join(", ")),
        None => format!("Toegestaan: {}.", labels.join(", ")),
    };
    Diagnostic::error(
        Code::OnbekendeWaarde,
        format!("‘{text}’ is geen toegestane waarde voor {column}."),
    )
    .at(f.location())
    .hint(hint)
}

fn read_regio(b: &Book<'_>, d: &mut Diagnostics) -> Regio {
    let Some((kv, origin)) = b.key_values("Regio", d) else {
        return empty_regio(b);
    };
    let mut cells = BTreeMap::new();
    let mut get = |name: &str| {
        let f = kv.field(name)?;
        cells.insert(name.to_string(), f.location());
        Some(f)
    };
    let mut kvr = KvReader { d };
    let naam = get("Regionaam").map(|f| kvr.required_text(&f, "Regionaam"));
    let regiotype = get("Regiotype").and_then(|f| kvr.vocab::<Regiotype>(&f, "Regiotype"));
    let fase = get("Fase").and_then(|f| kvr.vocab::<Fase>(&f, "Fase"));
    let startdatum = get("Startdatum").and_then(|f| kvr.date(&f, "Startdatum"));
    let einddatum = get("Einddatum").and_then(|f| kvr.date(&f, "Einddatum"));
    let versie = get("Versie").map(|f| kvr.required_text(&f, "Versie"));
    let versiedatum = get("Versiedatum").and_then(|f| kvr.date(&f, "Versiedatum"));
    let status = get("Status")
        .and_then(|f| kvr.vocab::<Status>(&f, "Status"))
        .unwrap_or(Status::Concept);
    let plaats_ondertekening = get("Plaats ondertekening").and_then(|f| f.opt_text());
    let handtekenvelden = get("Handtekenvelden")
        .and_then(|f| kvr.parsed(&f, "Handtekenvelden", parse::yes_no))
        .unwrap_or(true);
    let opgesteld_door = get("Opgesteld door").and_then(|f| f.opt_text());
    let gastorganisatie = get("Gastorganisatie").and_then(|f| f.opt_text());
    let preferente_zorgverzekeraar = get("Preferente zorgverzekeraar").and_then(|f| f.opt_text());
    let penvoerder = get("Penvoerder").and_then(|f| f.opt_text());
    let facturering = get("Facturering")
        .and_then(|f| kvr.vocab::<Facturering>(&f, "Facturering"))
        .unwrap_or(Facturering::VooraafPerJaar);
    let besluitvorming = get("Besluitvorming stuurgroep")
        .and_then(|f| kvr.vocab::<Besluitvorming>(&f, "Besluitvorming stuurgroep"))
        .unwrap_or(Besluitvorming::Consensus);
    let opzegtermijn = get("Opzegtermijn")
        .and_then(|f| kvr.parsed(&f, "Opzegtermijn", |v| parse::whole(v, 1, 36)))
        .map_or(Regio::OPZEGTERMIJN, |n| n as u32);
    let implementatiefase = get("Implementatiefase")
        .and_then(|f| kvr.vocab::<Implementatiefase>(&f, "Implementatiefase"));
    if let (Some(s), Some(e)) = (startdatum, einddatum)
        && s > e
        && let Some(loc) = cells.get("Einddatum")
    {
        kvr.d.push(
            Diagnostic::error(
                Code::DatumVolgorde,
                format!(
                    "De einddatum {} ligt vóór de startdatum {}.",
                    e.format("%d-%m-%Y"),
                    s.format("%d-%m-%Y")
                ),
            )
            .at(loc.clone()),
        );
    }
    Regio {
        naam: naam.unwrap_or_default(),
        regiotype,
        fase,
        startdatum,
        einddatum,
        versie: versie.unwrap_or_default(),
        versiedatum,
        status,
        plaats_ondertekening,
        handtekenvelden,
        opgesteld_door,
        gastorganisatie,
        preferente_zorgverzekeraar,
        penvoerder,
        facturering,
        besluitvorming,
        opzegtermijn,
        implementatiefase,
        origin,
        cells,
    }
}

fn empty_regio(b: &Book<'_>) -> Regio {
    Regio {
        naam: String::new(),
        regiotype: None,
        fase: None,
        startdatum: None,
        einddatum: None,
        versie: String::new(),
        versiedatum: None,
        status: Status::Concept,
        plaats_ondertekening: None,
        handtekenvelden: true,
        opgesteld_door: None,
        gastorganisatie: None,
        preferente_zorgverzekeraar: None,
        penvoerder: None,
        facturering: Facturering::VooraafPerJaar,
        besluitvorming: Besluitvorming::Consensus,
        opzegtermijn: Regio::OPZEGTERMIJN,
        implementatiefase: None,
        origin: Origin {
            workbook: b.wb.file_name.clone(),
            sheet: "Regio".into(),
            row: 1,
        },
        cells: BTreeMap::new(),
    }
}

/// Parses the value cells of key/value sheets.
struct KvReader<'d> {
    d: &'d mut Diagnostics,
}

impl KvReader<'_> {
    fn check(&mut self, f: &Field<'_>, name: &str) -> bool {
        if let crate::ingest::Value::Error(e) = f.value {
            self.d.push(
                Diagnostic::error(
                    Code::Formulefout,
                    format!("De formule in deze cel geeft de foutwaarde {e}."),
                )
                .at(f.location()),
            );
            return false;
        }
        if f.is_blank() {
            let required = schema::WORKBOOKS
                .iter()
                .flat_map(|w| w.sheets)
                .filter(|s| s.layout == schema::Layout::KeyValue)
                .flat_map(|s| s.columns)
                .any(|c| c.name == name && c.required);
            if required {
                self.d.push(
                    Diagnostic::error(
                        Code::VerplichtLeeg,
                        format!("‘{name}’ is verplicht, maar de cel is leeg."),
                    )
                    .at(f.location()),
                );
            }
            return false;
        }
        true
    }

    fn required_text(&mut self, f: &Field<'_>, name: &str) -> String {
        if self.check(f, name) {
            f.text()
        } else {
            String::new()
        }
    }

    fn parsed<T>(
        &mut self,
        f: &Field<'_>,
        name: &str,
        p: impl Fn(&crate::ingest::Value) -> Result<T, parse::ParseError>,
    ) -> Option<T> {
        if !self.check(f, name) {
            return None;
        }
        match p(f.value) {
            Ok(v) => Some(v),
            Err(e) => {
                self.d.push(f.error(e));
                None
            }
        }
    }

    fn date(&mut self, f: &Field<'_>, name: &str) -> Option<NaiveDate> {
        self.parsed(f, name, parse::date)
    }

    fn vocab<E: Vocab>(&mut self, f: &Field<'_>, name: &str) -> Option<E> {
        if !self.check(f, name) {
            return None;
        }
        let text = f.text();
        let v = E::parse(&text);
        if v.is_none() {
            self.d.push(unknown_value(f, &text, name, E::LABELS));
        }
        v
    }
}

fn read_parameters(b: &Book<'_>, d: &mut Diagnostics) -> Parameters {
    let mut p = Parameters {
        startjaar: 0,
        aantal_jaren: 0,
        indexatie: Decimal::ZERO,
        btw: None,
        versie: String::new(),
        versiedatum: None,
        werkweken: Parameters::WERKWEKEN,
        origin: Origin {
            workbook: b.wb.file_name.clone(),
            sheet: "Parameters".into(),
            row: 1,
        },
        cells: BTreeMap::new(),
    };
    let Some((kv, origin)) = b.key_values("Parameters", d) else {
        return p;
    };
    p.origin = origin;
    let mut get = |name: &str| {
        let f = kv.field(name)?;
        p.cells.insert(name.to_string(), f.location());
        Some(f)
    };
    let fields: Vec<(&str, Option<Field<'_>>)> = [
        "Startjaar",
        "Aantal jaren",
        "Indexatie",
        "BTW",
        "Versie",
        "Versiedatum",
        "Werkweken per jaar",
    ]
    .into_iter()
    .map(|n| (n, get(n)))
    .collect();
    let mut r = KvReader { d };
    for (name, f) in fields {
        let Some(f) = f else { continue };
        match name {
            "Startjaar" if r.check(&f, name) => match parse::year(f.value) {
                Some(y) => p.startjaar = y,
                None => r.d.push(
                    Diagnostic::error(
                        Code::OngeldigGeheelGetal,
                        format!("‘{}’ is geen jaartal.", f.text()),
                    )
                    .at(f.location())
                    .hint("Schrijf een jaar met vier cijfers, bijvoorbeeld 2026."),
                ),
            },
            "Aantal jaren" => {
                if let Some(n) = r.parsed(&f, name, |v| parse::whole(v, 1, 10)) {
                    p.aantal_jaren = n as u32;
                }
            }
            "Indexatie" => {
                if !f.is_blank()
                    && let Some(pc) = r.parsed(&f, name, parse::percentage)
                {
                    if let Some(note) = pc.note {
                        r.d.push(
                            Diagnostic::warning(Code::PercentageAlsFractie, note)
                                .at(f.location())
                                .hint("Staat dit niet goed, schrijf het percentage dan als tekst, bijvoorbeeld ‘2,5%’."),
                        );
                    }
                    p.indexatie = pc.points;
                }
            }
            "BTW" => p.btw = r.vocab::<Btw>(&f, name),
            "Versie" => p.versie = r.required_text(&f, name),
            "Versiedatum" => p.versiedatum = r.date(&f, name),
            "Werkweken per jaar" if !f.is_blank() => {
                if let Some(n) = r.parsed(&f, name, |v| parse::whole(v, 1, 52)) {
                    p.werkweken = n as u32;
                }
            }
            _ => {}
        }
    }
    if p.startjaar == 0 {
        p.aantal_jaren = 0;
    }
    p
}

fn read_gemeente(r: &mut RowReader<'_, '_>) -> Gemeente {
    let code = r.cbs("CBS-code").unwrap_or_default();
    let naam = r.text("Gemeente");
    let deelname = r.vocab::<Deelname>("Deelname").unwrap_or(Deelname::Niet);
    let opgegeven = r.whole("Inwoners").map(|n| n as u64);
    let cbs = crate::cbs::gemeente(&code);
    let inwoners_uit_cbs = opgegeven.is_none() && cbs.is_some();
    let inwoners = opgegeven.or(cbs.map(|g| g.inwoners));
    let origin = r.origin();
    if !code.is_empty() {
        let f = r.field("CBS-code");
        match cbs {
            None => r.fail(
                Diagnostic::error(
                    Code::OnbekendeGemeente,
                    format!(
                        "{code} staat niet in de CBS-lijst van gemeenten (indeling {}).",
                        crate::cbs::INDELING
                    ),
                )
                .at(f.location())
                .maybe_hint(
                    crate::cbs::all()
                        .iter()
                        .find(|g| {
                            crate::ingest::normalize(&g.naam) == crate::ingest::normalize(&naam)
                        })
                        .map(|g| format!("{} heeft CBS-code {}.", g.naam, g.code)),
                ),
            ),
            Some(g)
                if !naam.is_empty()
                    && crate::ingest::normalize(&g.naam) != crate::ingest::normalize(&naam) =>
            {
                let loc = r.field("Gemeente").location();
                r.d.push(
                    Diagnostic::warning(
                        Code::GemeentenaamWijktAf,
                        format!(
                            "De naam ‘{naam}’ past niet bij {code}; volgens het CBS is dat {}.",
                            g.naam
                        ),
                    )
                    .at(loc)
                    .hint("Controleer de CBS-code en de naam."),
                );
            }
            Some(_) => {}
        }
    }
    Gemeente {
        jeugdigen: r.whole("Jeugdigen 0-17").map(|n| n as u64),
        raadsbesluit_nodig: r.yes_no("Raadsbesluit nodig"),
        uitrol: r.vocab("Uitrol"),
        focuswijken: r.opt_text("Focuswijken"),
        besluitstatus: r.vocab("Besluitstatus").unwrap_or(Besluitstatus::Geen),
        besluitdatum: r.date("Besluitdatum"),
        overgewicht: r.share("Overgewicht jeugd"),
        code,
        naam,
        deelname,
        inwoners,
        inwoners_uit_cbs,
        origin,
    }
}

fn is_kvk(s: &str) -> bool {
    s.len() == 8 && s.chars().all(|c| c.is_ascii_digit())
}

fn is_postcode(s: &str) -> bool {
    let c: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    c.len() == 6
        && c[..4].iter().all(char::is_ascii_digit)
        && c[0] != '0'
        && c[4..].iter().all(char::is_ascii_alphabetic)
}

fn is_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}

fn read_organisatie(r: &mut RowReader<'_, '_>) -> Organisatie {
    Organisatie {
        id: r.text("Org-ID"),
        naam: r.text("Naam"),
        korte_naam: r.opt_text("Korte naam"),
        soort: r.vocab("Type"),
        werkgebied: r.vocab("Werkgebied"),
        cbs_code: r.cbs("CBS-code"),
        kvk: r.formatted(
            "KvK-nummer",
            is_kvk,
            "KvK-nummer",
            "Een KvK-nummer heeft acht cijfers, bijvoorbeeld 09123456.",
        ),
        adres: r.opt_text("Adres"),
        postcode: r.formatted(
            "Postcode",
            is_postcode,
            "postcode",
            "Schrijf de postcode als 1234 AB.",
        ),
        plaats: r.opt_text("Plaats"),
        origin: r.origin(),
    }
}

fn read_persoon(r: &mut RowReader<'_, '_>) -> Persoon {
    let id = r.text("Persoon-ID");
    let naam = r.text("Naam");
    let functie = r.text("Functie");
    let org = r.text("Org-ID");
    let email = r.opt_text("E-mail");
    if let Some(e) = &email
        && !is_email(e)
    {
        let loc = r.field("E-mail").location();
        r.d.push(
            Diagnostic::warning(
                Code::OngeldigFormaat,
                format!("‘{e}’ lijkt geen geldig e-mailadres."),
            )
            .at(loc)
            .hint("Een e-mailadres ziet eruit als naam@organisatie.nl."),
        );
    }
    Persoon {
        id,
        naam,
        functie,
        org,
        email,
        telefoon: r.opt_text("Telefoon"),
        tekenbevoegd: r.yes_no("Tekenbevoegd"),
        grondslag: r.opt_text("Grondslag bevoegdheid"),
        origin: r.origin(),
    }
}

fn read_rol(r: &mut RowReader<'_, '_>) -> Rol {
    Rol {
        rol: r.vocab("Rol"),
        persoon: r.opt_text("Persoon-ID"),
        scope: r.scope("Scope"),
        uren_per_week: r.decimal("Uren per week"),
        start: r.date("Start"),
        einde: r.date("Einde"),
        werkgever: r.opt_text("Werkgever"),
        financiering: r.multi("Financiering"),
        niveau: r.vocab("Niveau"),
        contractvorm: r.vocab("Contractvorm"),
        origin: r.origin(),
    }
}

fn read_partij(r: &mut RowReader<'_, '_>) -> Partij {
    Partij {
        overeenkomst: r.scope("Overeenkomst"),
        org: r.text("Org-ID"),
        // Empty role or responsibilities are reported as R04 by validation.
        rol: r.field("Rol in de aanpak").text(),
        verantwoordelijkheden: parse::lines(&r.field("Verantwoordelijkheden").text()),
        bijdrage: r.opt_text("Bijdrage"),
        ondertekenaars: r.multi("Ondertekenaar"),
        besluitdatum: r.date("Besluitdatum"),
        afgestemd_op: r.date("Afgestemd op"),
        origin: r.origin(),
    }
}

fn read_mijlpaal(r: &mut RowReader<'_, '_>) -> Mijlpaal {
    Mijlpaal {
        id: r.opt_text("Mijlpaal-ID"),
        soort: r.vocab("Soort"),
        datum: r.date("Datum"),
        omschrijving: r.text("Omschrijving"),
        criteria: r.lines("Criteria"),
        besluitvormer: r.opt_text("Besluitvormer"),
        scope: r.scope("Scope"),
        uitkomst: r.vocab("Uitkomst").unwrap_or(Uitkomst::Open),
        motivering: r.opt_text("Motivering"),
        fase: r.vocab("Fase"),
        origin: r.origin(),
    }
}

fn read_doel(r: &mut RowReader<'_, '_>) -> Doel {
    Doel {
        id: r.opt_text("Doel-ID"),
        doel: r.text("Doel"),
        indicator: r.opt_text("Indicator"),
        bron: r.vocab("Bron"),
        nulmeting: r.opt_text("Nulmeting"),
        streefwaarde: r.opt_text("Streefwaarde"),
        streefjaar: r.year("Streefjaar"),
        eigenaar: r.opt_text("Eigenaar"),
        scope: r.scope("Scope"),
        termijn: r.vocab("Termijn"),
        origin: r.origin(),
    }
}

fn read_risico(r: &mut RowReader<'_, '_>) -> Risico {
    Risico {
        id: r.opt_text("Risico-ID"),
        omschrijving: r.text("Omschrijving"),
        categorie: r.vocab("Categorie"),
        kans: r.whole("Kans").map(|n| n as u8),
        impact: r.whole("Impact").map(|n| n as u8),
        maatregel: r.text("Maatregel"),
        eigenaar: r.opt_text("Eigenaar"),
        scope: r.scope("Scope"),
        soort: r.vocab("Soort").unwrap_or(RisicoSoort::Risico),
        origin: r.origin(),
    }
}

fn read_randvoorwaarde(r: &mut RowReader<'_, '_>) -> Randvoorwaarde {
    let scope = r.scope("Scope");
    let randvoorwaarde = r.text("Randvoorwaarde");
    Randvoorwaarde {
        scope,
        randvoorwaarde,
        voldaan: r.yes_no("Voldaan"),
        toelichting: r.opt_text("Toelichting"),
        eigenaar: r.opt_text("Eigenaar"),
        gereed_op: r.date("Gereed op"),
        origin: r.origin(),
    }
}

fn read_tekst(r: &mut RowReader<'_, '_>) -> Tekst {
    let tekst = r.text("Tekst");
    let alineas = tekst
        .replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    Tekst {
        document: r.vocab("Document"),
        sectie: r.text("Sectie"),
        scope: r.scope("Scope"),
        alineas,
        origin: r.origin(),
    }
}

fn read_overleg(r: &mut RowReader<'_, '_>) -> Overleg {
    Overleg {
        soort: r.vocab("Overleg"),
        scope: r.scope("Scope"),
        voorzitter: r.opt_text("Voorzitter"),
        leden: r.multi("Leden"),
        frequentie: r.whole("Frequentie per jaar").map(|n| n as u32),
        taak: r.opt_text("Taak"),
        origin: r.origin(),
    }
}

fn read_kostenregel(r: &mut RowReader<'_, '_>, years: &[(i32, usize)]) -> Kostenregel {
    let id = r.text("Regel-ID");
    let kostenpost = r.text("Kostenpost");
    let omschrijving = r.opt_text("Omschrijving");
    let scope = r.scope("Scope");
    let soort = if r.field("Soort").is_blank() && r.table.has_column("Soort") {
        let loc = r.field("Soort").location();
        r.fail(
            Diagnostic::error(
                Code::R16Soort,
                format!("Kostenregel {id} is niet gemarkeerd als incidenteel of structureel."),
            )
            .at(loc)
            .hint("Vul bij Soort ‘incidenteel’ (eenmalige opstartkosten) of ‘structureel’ (doorlopende kosten) in."),
        );
        None
    } else {
        r.vocab("Soort")
    };
    let eenheid = r.vocab("Eenheid");
    let tarief = r.money("Tarief").unwrap_or_default();
    let mut hoeveelheden = BTreeMap::new();
    for &(year, col) in years {
        let f = r.table.field_at(r.row, Some(col));
        if f.is_blank() {
            continue;
        }
        match parse::decimal(f.value) {
            Ok(q) if q.is_sign_negative() && !q.is_zero() => {
                let diag = Diagnostic::error(
                    Code::OngeldigGetal,
                    format!("De hoeveelheid in {year} mag niet negatief zijn."),
                )
                .at(f.location());
                r.fail(diag);
            }
            Ok(q) => {
                hoeveelheden.insert(year, q);
            }
            Err(e) => {
                let diag = f.error(e);
                r.fail(diag);
            }
        }
    }
    let verdeelsleutel = r.opt_text("Verdeelsleutel");
    let in_natura = r.yes_no("In natura");
    let toelichting = r.opt_text("Toelichting");
    let rol = r.vocab("Rol");
    Kostenregel {
        id,
        kostenpost,
        omschrijving,
        scope,
        soort,
        eenheid,
        tarief,
        hoeveelheden,
        verdeelsleutel,
        in_natura,
        toelichting,
        rol,
        onvolledig: r.broken,
        origin: r.origin(),
    }
}

fn read_bron(r: &mut RowReader<'_, '_>) -> Bron {
    let id = r.text("Bron-ID");
    let naam = r.text("Naam");
    let soort: Option<BronSoort> = r.vocab("Soort");
    let tijdelijk = if r.field("Tijdelijk").is_blank() {
        soort.is_some_and(BronSoort::temporary_by_default)
    } else {
        r.yes_no("Tijdelijk")
    };
    Bron {
        id,
        naam,
        soort,
        tijdelijk,
        geldig_tot: r.date("Geldig tot"),
        houder: r.opt_text("Houder"),
        origin: r.origin(),
    }
}

fn read_dekking(r: &mut RowReader<'_, '_>, years: &[(i32, usize)]) -> Dekking {
    let regel = r.text("Regel-ID");
    let bron = r.text("Bron-ID");
    let percentage = r.percentage("Percentage");
    let mut per_jaar = BTreeMap::new();
    for &(year, col) in years {
        let f = r.table.field_at(r.row, Some(col));
        if f.is_blank() {
            continue;
        }
        match parse::money(f.value) {
            Ok(a) if a.is_sign_negative() && !a.is_zero() => {
                let diag = Diagnostic::error(
                    Code::NegatiefBedrag,
                    format!("Het bedrag in {year} mag niet negatief zijn."),
                )
                .at(f.location());
                r.fail(diag);
            }
            Ok(a) => {
                per_jaar.insert(year, a);
            }
            Err(e) => {
                let diag = f.error(e);
                r.fail(diag);
            }
        }
    }
    let wijze = match percentage {
        Some(p) => {
            if !per_jaar.is_empty() {
                let loc = r.field("Percentage").location();
                r.fail(
                    Diagnostic::error(
                        Code::DekkingDubbel,
                        format!("Dekking van {regel} door {bron} heeft zowel een percentage als bedragen per jaar."),
                    )
                    .at(loc)
                    .hint("Vul óf een percentage in, óf bedragen in de jaarkolommen."),
                );
            }
            Dekkingswijze::Percentage { punten: p }
        }
        None => Dekkingswijze::Bedragen { per_jaar },
    };
    Dekking {
        regel,
        bron,
        wijze,
        status: r.vocab("Status").unwrap_or(DekkingStatus::Verwacht),
        onvolledig: r.broken,
        origin: r.origin(),
    }
}

fn read_czv(r: &mut RowReader<'_, '_>) -> CzvCapaciteit {
    let scope = r.scope("Scope");
    let scope_gelezen = !r.broken;
    let mut hours = |name: &str| {
        let h = r.decimal(name)?;
        if h.is_sign_negative() && !h.is_zero() {
            let f = r.field(name);
            r.fail(
                Diagnostic::error(
                    Code::OngeldigGetal,
                    format!("‘{name}’ mag niet negatief zijn."),
                )
                .at(f.location()),
            );
            return None;
        }
        Some(h)
    };
    let directe_uren = hours("Directe uren per casus");
    let indirecte_uren = hours("Indirecte uren per casus");
    let overstijgende_uren = hours("Overstijgende uren per week");
    CzvCapaciteit {
        scope,
        casussen: r.whole("Casussen jaar 1").map(|n| n as u64),
        directe_uren,
        indirecte_uren,
        overstijgende_uren,
        uurtarief: r.money("Uurtarief"),
        zvw_deel: r.share("Zvw-deel"),
        functiebeschrijving: r.yes_no("Functiebeschrijving Zorginstituut"),
        scope_gelezen,
        onvolledig: r.broken,
        origin: r.origin(),
    }
}

/// One raw row of `Verdeelsleutels`, before grouping by ID.
struct SleutelRij {
    id: String,
    methode: Option<Methode>,
    standaard: bool,
    gemeente: Option<String>,
    aandeel: Option<Decimal>,
    origin: Origin,
    cbs_loc: Location,
    aandeel_loc: Location,
}

fn read_sleutel_rij(r: &mut RowReader<'_, '_>) -> SleutelRij {
    SleutelRij {
        id: r.text("Sleutel-ID"),
        methode: r.vocab("Methode"),
        standaard: r.yes_no("Standaard"),
        gemeente: r.cbs("CBS-code"),
        aandeel: r.percentage("Aandeel"),
        origin: r.origin(),
        cbs_loc: r.field("CBS-code").location(),
        aandeel_loc: r.field("Aandeel").location(),
    }
}

/// Groups key rows by Sleutel-ID (a `vast` key has one row per municipality).
fn group_sleutels(rows: Vec<SleutelRij>, d: &mut Diagnostics) -> Vec<Verdeelsleutel> {
    let mut out: Vec<Verdeelsleutel> = Vec::new();
    for row in rows {
        if row.id.is_empty() {
            continue;
        }
        let idx = out.iter().position(|k| k.id.eq_ignore_ascii_case(&row.id));
        let idx = match idx {
            Some(i) => {
                let k = &mut out[i];
                if row.methode.is_some() && k.methode.is_some() && row.methode != k.methode {
                    d.push(
                        Diagnostic::error(
                            Code::OngeldigeVerdeelsleutel,
                            format!(
                                "Sleutel {} heeft in verschillende rijen een andere methode.",
                                row.id
                            ),
                        )
                        .at(row.origin.location()),
                    );
                }
                if k.methode != Some(Methode::Vast) {
                    d.push(
                        Diagnostic::error(
                            Code::DubbelId,
                            format!("De Sleutel-ID ‘{}’ komt vaker voor; alleen een vaste sleutel heeft één rij per gemeente.", row.id),
                        )
                        .at(row.origin.location()),
                    );
                }
                k.standaard |= row.standaard;
                i
            }
            None => {
                out.push(Verdeelsleutel {
                    id: row.id.clone(),
                    methode: row.methode,
                    standaard: row.standaard,
                    aandelen: Vec::new(),
                    origin: row.origin.clone(),
                });
                out.len() - 1
            }
        };
        let k = &mut out[idx];
        match (k.methode, row.gemeente, row.aandeel) {
            (Some(Methode::Vast), Some(g), Some(a)) => k.aandelen.push(VastAandeel {
                gemeente: g,
                aandeel: a,
                origin: row.origin,
            }),
            (Some(Methode::Vast), None, _) => d.push(
                Diagnostic::error(
                    Code::OngeldigeVerdeelsleutel,
                    format!(
                        "Bij de vaste sleutel {} ontbreekt de CBS-code van de gemeente.",
                        k.id
                    ),
                )
                .at(row.cbs_loc),
            ),
            (Some(Methode::Vast), Some(_), None) => d.push(
                Diagnostic::error(
                    Code::OngeldigeVerdeelsleutel,
                    format!("Bij de vaste sleutel {} ontbreekt het aandeel.", k.id),
                )
                .at(row.aandeel_loc),
            ),
            (Some(m), g, a) if g.is_some() || a.is_some() => d.push(
                Diagnostic::warning(
                    Code::OngeldigeVerdeelsleutel,
                    format!(
                        "Sleutel {} verdeelt naar {m}; CBS-code en Aandeel worden genegeerd.",
                        k.id
                    ),
                )
                .at(row.origin.location())
                .hint("CBS-code en Aandeel horen alleen bij de methode vast."),
            ),
            _ => {}
        }
    }
    out
}
