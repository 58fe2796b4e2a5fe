//! XLSX budgets and the overview, written with rust_xlsxwriter from the computed
//! [`Budget`]: the renderer never sums money itself.
//!
//! # `begroting.xlsx` (one per scope)
//!
//! | sheet | content |
//! | --- | --- |
//! | `Samenvatting` | parameters (defined names `Startjaar`, `Indexatie`), totals per year (incidental / structural, covered, not covered, for a municipality its share and what it pays itself), totals per cost post, the *kostenoverzicht per financieringsbron*, two charts |
//! | `Kostenregels` | table `tblKosten`: every line of the scope, quantity, amount and gap per year |
//! | `Dekking` | table `tblDekking`: every coverage row (line × source) with its amount per year |
//! | `Verdeling` | table `tblGemeenten`: per participating municipality own costs, share, external funding and own payment |
//! | `Aandelen` | table `tblAandelen`: every regional line × municipality, gross and net share per year |
//! | `Controles` | arithmetic checks (each must be 0) and table `tblControles` with the findings |
//!
//! Line amounts are live formulas (`=ROUND(aantal × tarief × (1 + Indexatie)^n; 2)`), and so
//! are every total, gap and sum (`SUM`, `SUMIFS`, `SUBTOTAL`). What follows from a rule
//! rather than arithmetic is written as a value with its source cell: coverage amounts that
//! are `Dekking` inputs or several percentage rows of one line split by largest remainder,
//! and the municipal shares (largest remainder). A line's single percentage row is a live
//! formula again (`=ROUND(bedrag × percentage; 2)`). Every formula stores the engine's exact result, so readers that do
//! not recalculate show the same numbers, and a program that does gets them again.
//! Criteria in `SUMIFS` are numbers (`Nr`, `Post-nr`, `Bron-nr`) or CBS codes, never user
//! text, so no name can act as a wildcard. Text from the inputs is always written as a string.
//!
//! The workbook is deterministic: document properties carry the finance `Versiedatum`
//! (else the stakeholders' one) as creation date, and rust_xlsxwriter writes fixed zip
//! timestamps, so the same inputs give the same bytes.
//!
//! # `overzicht.xlsx`
//!
//! One row per municipality in `Gemeenten`: participation, population, its share per year
//! and in total, its own costs, external funding, what it pays itself, the gap of its own
//! lines, a coverage status, and the number of errors and warnings that concern it
//! (`COUNTIFS` over the `Controles` sheet).
//!
//! A finding *concerns* a municipality ([`gemeente_van`]) when it was marked for it
//! ([`Diagnostic::gemeente`]), or else when its location is a row that belongs to it: its
//! row in `Gemeenten`, a record whose `Scope` (or `Overeenkomst`) is its CBS code (cost
//! lines, roles, parties, milestones, goals, risks, preconditions, texts, meetings), a
//! `Dekking` row of one of its lines, its row of a fixed sharing key, or an organisation of
//! type `gemeente` with its CBS code. Findings about the region as a whole concern no single
//! municipality.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartType, ColNum, DocProperties, ExcelDateTime, Format,
    FormatAlign, Formula, RowNum, Table, TableColumn, TableFunction, TableStyle, Workbook,
    Worksheet, XlsxError,
    utility::{column_number_to_name, row_col_to_cell},
};

use crate::budget::{Budget, LineAmounts};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::model::{Dekkingswijze, Project, Scope};

const EURO: &str = "[$€-413] #,##0.00;[$€-413] -#,##0.00";

struct Formats {
    euro: Format,
    euro_bold: Format,
    bold: Format,
    title: Format,
    header: Format,
    pct: Format,
    number: Format,
    wrap: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            euro: Format::new().set_num_format(EURO),
            euro_bold: Format::new().set_num_format(EURO).set_bold(),
            bold: Format::new().set_bold(),
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_background_color("#DDEBF7")
                .set_align(FormatAlign::Center),
            pct: Format::new().set_num_format("0.00%"),
            number: Format::new().set_num_format("#,##0.##"),
            wrap: Format::new().set_text_wrap(),
        }
    }
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// A formula with the engine's result stored.
fn formula(text: String, result: Decimal) -> Formula {
    Formula::new(text).set_result(result.normalize().to_string())
}

/// `A1`-style absolute range of one column from `r1` to `r2` (0-based rows).
fn col_range(sheet: &str, col: ColNum, r1: RowNum, r2: RowNum) -> String {
    let c = column_number_to_name(col);
    format!("{sheet}!${c}${}:${c}${}", r1 + 1, r2 + 1)
}

fn cell(row: RowNum, col: ColNum) -> String {
    row_col_to_cell(row, col)
}

fn abs_cell(sheet: &str, row: RowNum, col: ColNum) -> String {
    format!("{sheet}!${}${}", column_number_to_name(col), row + 1)
}

/// Escapes `&` for page header and footer codes.
fn hf(text: &str) -> String {
    text.replace('&', "&&")
}

fn print_setup(ws: &mut Worksheet, p: &Project, title: &str, repeat: Option<RowNum>) {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header(format!("&L{}&R{}", hf(&p.regio.naam), hf(title)));
    ws.set_footer(format!(
        "&LVersie {}&RPagina &P van &N",
        hf(&p.parameters.versie)
    ));
    if let Some(r) = repeat {
        let _ = ws.set_repeat_rows(r, r);
    }
}

fn versiedatum(p: &Project) -> NaiveDate {
    p.parameters
        .versiedatum
        .or(p.regio.versiedatum)
        .unwrap_or(NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default())
}

fn properties(wb: &mut Workbook, p: &Project, title: &str) -> Result<(), XlsxError> {
    let d = versiedatum(p);
    let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
    let props = DocProperties::new()
        .set_title(title)
        .set_subject(format!("Versie {}", p.parameters.versie))
        .set_author("regiodocs")
        .set_company(&p.regio.naam)
        .set_creation_datetime(&dt);
    wb.set_properties(&props);
    Ok(())
}

fn scope_label(p: &Project, scope: &Scope) -> String {
    match scope {
        Scope::Regio => p.regio.naam.clone(),
        Scope::Gemeente(c) => p
            .gemeente(c)
            .map(|g| format!("gemeente {}", g.naam))
            .unwrap_or_else(|| c.clone()),
    }
}

/// Adds a table over `first_row ..= last_row` (header included) with these headers; when
/// there are no data rows, one empty row is kept so the table stays valid. Returns the last
/// data row.
fn table(
    ws: &mut Worksheet,
    name: &str,
    first_row: RowNum,
    headers: &[String],
    data_rows: usize,
    totals: Option<&[Option<(String, Decimal)>]>,
    fm: &Formats,
) -> Result<RowNum, XlsxError> {
    let data_rows = data_rows.max(1) as RowNum;
    let last_data = first_row + data_rows;
    let mut columns: Vec<TableColumn> = headers
        .iter()
        .map(|h| TableColumn::new().set_header(h))
        .collect();
    if let Some(t) = totals {
        for (i, c) in columns.iter_mut().enumerate() {
            let col = std::mem::take(c);
            *c = match t.get(i).cloned().flatten() {
                Some((f, _)) => col
                    .set_total_function(TableFunction::Custom(Formula::new(f)))
                    .set_format(&fm.euro_bold),
                None if i == 0 => col.set_total_label("Totaal"),
                None => col,
            };
        }
    }
    let tbl = Table::new()
        .set_name(name)
        .set_style(TableStyle::Medium2)
        .set_columns(&columns)
        .set_total_row(totals.is_some());
    let last = last_data + u32::from(totals.is_some());
    ws.add_table(first_row, 0, last, headers.len() as ColNum - 1, &tbl)?;
    if let Some(t) = totals {
        for (i, tv) in t.iter().enumerate() {
            if let Some((_, v)) = tv {
                ws.set_formula_result(last, i as ColNum, v.normalize().to_string());
            }
        }
    }
    Ok(last_data)
}

/// Positions of the tables, for formulas in other sheets.
struct Layout {
    jaren: Vec<i32>,
    /// Kostenregels: first and last data row, columns.
    k_first: RowNum,
    k_last: RowNum,
    k_post: ColNum,
    k_scope: ColNum,
    k_soort: ColNum,
    k_bedrag: ColNum,
    k_totaal: ColNum,
    k_tekort: ColNum,
    /// Dekking.
    d_first: RowNum,
    d_last: RowNum,
    d_nr: ColNum,
    d_bron: ColNum,
    d_scope: ColNum,
    d_extern: ColNum,
    d_jaar: ColNum,
    d_totaal: ColNum,
    /// Aandelen.
    a_first: RowNum,
    a_last: RowNum,
    a_code: ColNum,
    a_bruto: ColNum,
    a_netto: ColNum,
}

impl Layout {
    fn k(&self, col: ColNum) -> String {
        col_range("Kostenregels", col, self.k_first, self.k_last)
    }
    fn d(&self, col: ColNum) -> String {
        col_range("Dekking", col, self.d_first, self.d_last)
    }
    fn a(&self, col: ColNum) -> String {
        col_range("Aandelen", col, self.a_first, self.a_last)
    }
}

fn sum_map(m: &std::collections::BTreeMap<i32, Decimal>) -> Decimal {
    m.values().copied().sum()
}

/// Writes `begroting.xlsx` for the region or one participating municipality.
///
/// ```
/// let checked = regiodocs::pipeline::check(std::path::Path::new("inputs/foodvalley"));
/// let (p, b) = (checked.project.unwrap(), checked.budget.unwrap());
/// let scope = regiodocs::model::Scope::Regio;
/// let bytes = regiodocs::render::xlsx::begroting(&p, &b, &scope, &checked.diagnostics).unwrap();
/// assert_eq!(&bytes[..2], b"PK");
/// ```
pub fn begroting(
    p: &Project,
    b: &Budget,
    scope: &Scope,
    diags: &Diagnostics,
) -> Result<Vec<u8>, XlsxError> {
    let fm = Formats::new();
    let mut wb = Workbook::new();
    let label = scope_label(p, scope);
    let title = format!("Begroting {label}");
    properties(&mut wb, p, &title)?;
    let jaren = b.jaren.clone();
    let nj = jaren.len() as ColNum;
    let lines = b.regels_van(p, scope);
    let participants: Vec<usize> = match scope {
        Scope::Regio => (0..b.deelnemers.len()).collect(),
        Scope::Gemeente(c) => b.deelnemer(c).into_iter().collect(),
    };
    let regional: Vec<usize> = (0..b.regels.len())
        .filter(|&i| {
            p.kostenregels[b.regels[i].regel].scope == Scope::Regio
                && b.regels[i].verdeling.is_some()
        })
        .collect();
    let totals = b.totals(p, lines.iter().copied());

    // Sheet order: Samenvatting first; it is filled last because it refers to the others.
    wb.add_worksheet().set_name("Samenvatting")?;
    wb.add_worksheet().set_name("Kostenregels")?;
    wb.add_worksheet().set_name("Dekking")?;
    wb.add_worksheet().set_name("Verdeling")?;
    wb.add_worksheet().set_name("Aandelen")?;
    wb.add_worksheet().set_name("Controles")?;

    // Samenvatting parameter cells (fixed positions, referenced by name).
    const PARAM_COL: ColNum = 1;
    const ROW_STARTJAAR: RowNum = 3;
    const ROW_INDEXATIE: RowNum = 4;
    wb.define_name(
        "Startjaar",
        &format!("={}", abs_cell("Samenvatting", ROW_STARTJAAR, PARAM_COL)),
    )?;
    wb.define_name(
        "Indexatie",
        &format!("={}", abs_cell("Samenvatting", ROW_INDEXATIE, PARAM_COL)),
    )?;

    // ---- Kostenregels ----
    let k_nr = 0;
    let k_post = 3;
    let k_scope = 5;
    let k_soort = 6;
    let k_natura = 8;
    let k_tarief = 9;
    let k_aantal = 10;
    let k_bedrag = k_aantal + nj;
    let k_totaal = k_bedrag + nj;
    let k_tekort = k_totaal + 1;
    let k_bron = k_tekort + nj;
    let k_first: RowNum = 1;
    let k_last: RowNum = k_first + lines.len().max(1) as RowNum - 1;
    let d_entries: Vec<(usize, usize)> = lines
        .iter()
        .flat_map(|&li| (0..b.regels[li].dekking.len()).map(move |c| (li, c)))
        .collect();
    let d_first: RowNum = 1;
    let d_last: RowNum = d_first + d_entries.len().max(1) as RowNum - 1;
    let a_entries: Vec<(usize, usize)> = regional
        .iter()
        .flat_map(|&li| participants.iter().map(move |&g| (li, g)))
        .collect();
    let a_first: RowNum = 1;
    let a_last: RowNum = a_first + a_entries.len().max(1) as RowNum - 1;
    let lay = Layout {
        jaren: jaren.clone(),
        k_first,
        k_last,
        k_post,
        k_scope,
        k_soort,
        k_bedrag,
        k_totaal,
        k_tekort,
        d_first,
        d_last,
        d_nr: 0,
        d_bron: 3,
        d_scope: 2,
        d_extern: 7,
        d_jaar: 11,
        d_totaal: 11 + nj,
        a_first,
        a_last,
        a_code: 4,
        a_bruto: 6,
        a_netto: 6 + nj,
    };
    // Post and source numbers, used as SUMIFS criteria.
    let post_nr: HashMap<String, usize> = totals
        .per_kostenpost
        .iter()
        .enumerate()
        .map(|(i, t)| (crate::ingest::normalize(&t.kostenpost), i + 1))
        .collect();
    let bron_nr = |id: &str| {
        p.bronnen
            .iter()
            .position(|x| x.id.eq_ignore_ascii_case(id))
            .map(|i| i + 1)
            .unwrap_or(0)
    };
    {
        let ws = wb.worksheet_from_name("Kostenregels")?;
        let mut headers: Vec<String> = [
            "Nr",
            "Regel-ID",
            "Kostenpost",
            "Post-nr",
            "Omschrijving",
            "Scope",
            "Soort",
            "Eenheid",
            "In natura",
            "Tarief",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        headers.extend(jaren.iter().map(|y| format!("Aantal {y}")));
        headers.extend(jaren.iter().map(|y| format!("Bedrag {y}")));
        headers.push("Totaal".into());
        headers.extend(jaren.iter().map(|y| format!("Niet gedekt {y}")));
        headers.push("Herkomst".into());
        for (r, &li) in lines.iter().enumerate() {
            let row = k_first + r as RowNum;
            let line = &b.regels[li];
            let k = &p.kostenregels[line.regel];
            ws.write_number(row, k_nr, (li + 1) as f64)?;
            ws.write_string(row, 1, &k.id)?;
            ws.write_string(row, 2, &k.kostenpost)?;
            let pn = post_nr
                .get(&crate::ingest::normalize(&k.kostenpost))
                .copied()
                .unwrap_or(0);
            ws.write_number(row, k_post, pn as f64)?;
            ws.write_string(row, 4, k.omschrijving.as_deref().unwrap_or(""))?;
            ws.write_string(row, k_scope, k.scope.as_str())?;
            ws.write_string(row, k_soort, k.soort.map(|s| s.label()).unwrap_or(""))?;
            ws.write_string(row, 7, k.eenheid.map(|e| e.label()).unwrap_or(""))?;
            ws.write_string(row, k_natura, if k.in_natura { "ja" } else { "nee" })?;
            ws.write_number_with_format(row, k_tarief, f(k.tarief), &fm.euro)?;
            for (yi, &y) in jaren.iter().enumerate() {
                let yi = yi as ColNum;
                let q = k.hoeveelheden.get(&y).copied().unwrap_or_default();
                ws.write_number_with_format(row, k_aantal + yi, f(q), &fm.number)?;
                let n = y - p.parameters.startjaar;
                let base = format!("{}*{}", cell(row, k_aantal + yi), cell(row, k_tarief));
                let text = if n == 0 {
                    format!("=ROUND({base},2)")
                } else {
                    format!("=ROUND({base}*(1+Indexatie)^{n},2)")
                };
                ws.write_formula_with_format(
                    row,
                    k_bedrag + yi,
                    formula(text, line.per_jaar[&y]),
                    &fm.euro,
                )?;
                let gap = format!(
                    "=IF({natura}=\"ja\",0,MAX(0,{bedrag}-SUMIFS({dj},{dn},{nr})))",
                    natura = cell(row, k_natura),
                    bedrag = cell(row, k_bedrag + yi),
                    dj = lay.d(lay.d_jaar + yi),
                    dn = lay.d(lay.d_nr),
                    nr = cell(row, k_nr),
                );
                let gap_value = if k.in_natura {
                    Decimal::ZERO
                } else {
                    line.tekort(y)
                };
                ws.write_formula_with_format(
                    row,
                    k_tekort + yi,
                    formula(gap, gap_value),
                    &fm.euro,
                )?;
            }
            ws.write_formula_with_format(
                row,
                k_totaal,
                formula(
                    format!(
                        "=SUM({}:{})",
                        cell(row, k_bedrag),
                        cell(row, k_bedrag + nj - 1)
                    ),
                    line.totaal,
                ),
                &fm.euro,
            )?;
            ws.write_string(row, k_bron, herkomst_regel(p, b, li))?;
        }
        let mut tot: Vec<Option<(String, Decimal)>> = vec![None; headers.len()];
        for (yi, &y) in jaren.iter().enumerate() {
            let c = k_bedrag as usize + yi;
            tot[c] = Some((
                format!("SUBTOTAL(109,tblKosten[{}])", headers[c]),
                totals.per_jaar[&y],
            ));
            let c = k_tekort as usize + yi;
            tot[c] = Some((
                format!("SUBTOTAL(109,tblKosten[{}])", headers[c]),
                totals.tekort[&y],
            ));
        }
        tot[k_totaal as usize] = Some((
            "SUBTOTAL(109,tblKosten[Totaal])".into(),
            sum_map(&totals.per_jaar),
        ));
        table(ws, "tblKosten", 0, &headers, lines.len(), Some(&tot), &fm)?;
        ws.set_freeze_panes(1, 3)?;
        // Helper column for the SUMIFS criteria.
        ws.set_column_hidden(k_post)?;
        ws.set_column_width(1, 12)?;
        ws.set_column_width(2, 24)?;
        ws.set_column_width(4, 30)?;
        ws.set_column_range_width(k_tarief, k_bron - 1, 14)?;
        ws.set_column_width(k_bron, 36)?;
        print_setup(ws, p, &format!("{title}: kostenregels"), Some(0));
    }

    // ---- Dekking ----
    let k_row: HashMap<usize, RowNum> = lines
        .iter()
        .enumerate()
        .map(|(r, &li)| (li, k_first + r as RowNum))
        .collect();
    {
        let ws = wb.worksheet_from_name("Dekking")?;
        let mut headers: Vec<String> = [
            "Nr",
            "Regel-ID",
            "Scope",
            "Bron-nr",
            "Bron-ID",
            "Financieringsbron",
            "Soort bron",
            "Extern",
            "Tijdelijk",
            "Status",
            "Percentage",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        headers.extend(jaren.iter().map(|y| y.to_string()));
        headers.push("Totaal".into());
        headers.push("Herkomst".into());
        let mut per_year = vec![Decimal::ZERO; jaren.len()];
        for (r, &(li, c)) in d_entries.iter().enumerate() {
            let row = d_first + r as RowNum;
            let line: &LineAmounts = &b.regels[li];
            let k = &p.kostenregels[line.regel];
            let cov = &line.dekking[c];
            let d = &p.dekking[cov.dekking];
            let bron = p.bron(&cov.bron);
            ws.write_number(row, 0, (li + 1) as f64)?;
            ws.write_string(row, 1, &k.id)?;
            ws.write_string(row, 2, k.scope.as_str())?;
            ws.write_number(row, 3, bron_nr(&cov.bron) as f64)?;
            ws.write_string(row, 4, &cov.bron)?;
            ws.write_string(row, 5, bron.map(|x| x.naam.as_str()).unwrap_or(""))?;
            ws.write_string(
                row,
                6,
                bron.and_then(|x| x.soort).map(|s| s.label()).unwrap_or(""),
            )?;
            ws.write_string(row, 7, if cov.extern_ { "ja" } else { "nee" })?;
            ws.write_string(row, 8, if cov.tijdelijk { "ja" } else { "nee" })?;
            ws.write_string(row, 9, d.status.label())?;
            if let Dekkingswijze::Percentage { punten } = d.wijze {
                ws.write_number_with_format(row, 10, f(punten / Decimal::ONE_HUNDRED), &fm.pct)?;
            }
            // A line covered by one percentage row: the amount is a live formula on the
            // line's amount. Several percentage rows share by largest remainder: values.
            let single_pct = matches!(d.wijze, Dekkingswijze::Percentage { .. })
                && line
                    .dekking
                    .iter()
                    .filter(|x| {
                        matches!(p.dekking[x.dekking].wijze, Dekkingswijze::Percentage { .. })
                    })
                    .count()
                    == 1;
            for (yi, &y) in jaren.iter().enumerate() {
                let v = cov.per_jaar[&y];
                per_year[yi] += v;
                let c = lay.d_jaar + yi as ColNum;
                match k_row.get(&li) {
                    Some(&kr) if single_pct => {
                        let text = format!(
                            "=ROUND({}*{},2)",
                            abs_cell("Kostenregels", kr, k_bedrag + yi as ColNum),
                            cell(row, 10)
                        );
                        ws.write_formula_with_format(row, c, formula(text, v), &fm.euro)?;
                    }
                    _ => {
                        ws.write_number_with_format(row, c, f(v), &fm.euro)?;
                    }
                }
            }
            ws.write_formula_with_format(
                row,
                lay.d_totaal,
                formula(
                    format!(
                        "=SUM({}:{})",
                        cell(row, lay.d_jaar),
                        cell(row, lay.d_jaar + nj - 1)
                    ),
                    sum_map(&cov.per_jaar),
                ),
                &fm.euro,
            )?;
            let herkomst = b
                .herkomst_dekking(p, li, c, jaren[0])
                .map(|l| l.to_string())
                .unwrap_or_default();
            let herkomst = match d.wijze {
                Dekkingswijze::Percentage { .. } => herkomst,
                Dekkingswijze::Bedragen { .. } => d.origin.location().to_string(),
            };
            ws.write_string(row, lay.d_totaal + 1, herkomst)?;
        }
        let mut tot: Vec<Option<(String, Decimal)>> = vec![None; headers.len()];
        for (yi, v) in per_year.iter().enumerate() {
            let c = lay.d_jaar as usize + yi;
            tot[c] = Some((format!("SUBTOTAL(109,tblDekking[{}])", headers[c]), *v));
        }
        tot[lay.d_totaal as usize] = Some((
            "SUBTOTAL(109,tblDekking[Totaal])".into(),
            per_year.iter().copied().sum(),
        ));
        table(
            ws,
            "tblDekking",
            0,
            &headers,
            d_entries.len(),
            Some(&tot),
            &fm,
        )?;
        ws.set_freeze_panes(1, 2)?;
        ws.set_column_width(1, 12)?;
        ws.set_column_width(5, 28)?;
        ws.set_column_hidden(lay.d_bron)?;
        ws.set_column_range_width(lay.d_jaar, lay.d_totaal, 14)?;
        ws.set_column_width(lay.d_totaal + 1, 36)?;
        print_setup(ws, p, &format!("{title}: dekking"), Some(0));
    }

    // ---- Aandelen ----
    {
        let ws = wb.worksheet_from_name("Aandelen")?;
        let mut headers: Vec<String> = [
            "Nr",
            "Regel-ID",
            "Kostenpost",
            "Sleutel",
            "CBS-code",
            "Gemeente",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        headers.extend(jaren.iter().map(|y| format!("Aandeel {y}")));
        headers.extend(jaren.iter().map(|y| format!("Zelf {y}")));
        headers.push("Totaal aandeel".into());
        headers.push("Totaal zelf".into());
        headers.push("Herkomst".into());
        let t_bruto = lay.a_netto + nj;
        let mut sb = vec![Decimal::ZERO; jaren.len()];
        let mut sn = vec![Decimal::ZERO; jaren.len()];
        for (r, &(li, g)) in a_entries.iter().enumerate() {
            let row = a_first + r as RowNum;
            let line = &b.regels[li];
            let k = &p.kostenregels[line.regel];
            let Some(v) = &line.verdeling else { continue };
            let code = &b.deelnemers[g];
            ws.write_number(row, 0, (li + 1) as f64)?;
            ws.write_string(row, 1, &k.id)?;
            ws.write_string(row, 2, &k.kostenpost)?;
            ws.write_string(row, 3, &v.sleutel)?;
            ws.write_string(row, lay.a_code, code)?;
            ws.write_string(
                row,
                5,
                p.gemeente(code).map(|x| x.naam.as_str()).unwrap_or(""),
            )?;
            let (mut tb, mut tn) = (Decimal::ZERO, Decimal::ZERO);
            for yi in 0..jaren.len() {
                let (bv, nv) = (v.bruto(g, yi), v.netto(g, yi));
                tb += bv;
                tn += nv;
                sb[yi] += bv;
                sn[yi] += nv;
                ws.write_number_with_format(row, lay.a_bruto + yi as ColNum, f(bv), &fm.euro)?;
                ws.write_number_with_format(row, lay.a_netto + yi as ColNum, f(nv), &fm.euro)?;
            }
            ws.write_formula_with_format(
                row,
                t_bruto,
                formula(
                    format!(
                        "=SUM({}:{})",
                        cell(row, lay.a_bruto),
                        cell(row, lay.a_bruto + nj - 1)
                    ),
                    tb,
                ),
                &fm.euro,
            )?;
            ws.write_formula_with_format(
                row,
                t_bruto + 1,
                formula(
                    format!(
                        "=SUM({}:{})",
                        cell(row, lay.a_netto),
                        cell(row, lay.a_netto + nj - 1)
                    ),
                    tn,
                ),
                &fm.euro,
            )?;
            let herkomst: Vec<String> = b
                .herkomst_aandeel(p, li, code)
                .iter()
                .map(|l| l.to_string())
                .collect();
            ws.write_string(row, t_bruto + 2, herkomst.join("; "))?;
        }
        let mut tot: Vec<Option<(String, Decimal)>> = vec![None; headers.len()];
        for yi in 0..jaren.len() {
            let c = lay.a_bruto as usize + yi;
            tot[c] = Some((format!("SUBTOTAL(109,tblAandelen[{}])", headers[c]), sb[yi]));
            let c = lay.a_netto as usize + yi;
            tot[c] = Some((format!("SUBTOTAL(109,tblAandelen[{}])", headers[c]), sn[yi]));
        }
        tot[t_bruto as usize] = Some((
            "SUBTOTAL(109,tblAandelen[Totaal aandeel])".into(),
            sb.iter().copied().sum(),
        ));
        tot[t_bruto as usize + 1] = Some((
            "SUBTOTAL(109,tblAandelen[Totaal zelf])".into(),
            sn.iter().copied().sum(),
        ));
        table(
            ws,
            "tblAandelen",
            0,
            &headers,
            a_entries.len(),
            Some(&tot),
            &fm,
        )?;
        ws.set_freeze_panes(1, 2)?;
        ws.set_column_width(2, 24)?;
        ws.set_column_width(5, 18)?;
        ws.set_column_range_width(lay.a_bruto, t_bruto + 1, 14)?;
        ws.set_column_width(t_bruto + 2, 60)?;
        print_setup(ws, p, &format!("{title}: aandelen"), Some(0));
    }

    // ---- Verdeling (per municipality) ----
    {
        let ws = wb.worksheet_from_name("Verdeling")?;
        let headers: Vec<String> = [
            "CBS-code",
            "Gemeente",
            "Inwoners",
            "Eigen kosten",
            "Aandeel regionale kosten",
            "Totaal",
            "Extern gedekt",
            "Zelf te betalen",
            "Niet gedekt eigen regels",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut sums = [Decimal::ZERO; 6];
        for (r, &g) in participants.iter().enumerate() {
            let row = 1 + r as RowNum;
            let gb = &b.gemeenten[g];
            let code = &gb.code;
            let gem = p.gemeente(code);
            ws.write_string(row, 0, code)?;
            ws.write_string(row, 1, gem.map(|x| x.naam.as_str()).unwrap_or(""))?;
            if let Some(n) = gem.and_then(|x| x.inwoners) {
                ws.write_number_with_format(row, 2, n as f64, &fm.number)?;
            }
            let eigen = sum_map(&gb.eigen);
            let aandeel = sum_map(&gb.aandeel);
            let totaal = sum_map(&gb.totaal);
            let ext = sum_map(&gb.extern_);
            let zelf = sum_map(&gb.zelf);
            let tekort = sum_map(&gb.eigen_tekort);
            let c = cell(row, 0);
            let vals = [
                (
                    3,
                    format!(
                        "=SUMIFS({},{},{c})",
                        lay.k(lay.k_totaal),
                        lay.k(lay.k_scope)
                    ),
                    eigen,
                ),
                (
                    4,
                    format!(
                        "=SUMIFS({},{},{c})",
                        lay.a(lay.a_netto + nj),
                        lay.a(lay.a_code)
                    ),
                    aandeel,
                ),
                (5, format!("={}+{}", cell(row, 3), cell(row, 4)), totaal),
                (
                    6,
                    format!(
                        "=SUMIFS({},{},{c},{},\"ja\")+{}-SUMIFS({},{},{c})",
                        lay.d(lay.d_totaal),
                        lay.d(lay.d_scope),
                        lay.d(lay.d_extern),
                        cell(row, 4),
                        lay.a(lay.a_netto + nj + 1),
                        lay.a(lay.a_code),
                    ),
                    ext,
                ),
                (7, format!("={}-{}", cell(row, 5), cell(row, 6)), zelf),
                (
                    8,
                    format!(
                        "=SUMPRODUCT(({}={c})*({}))",
                        lay.k(lay.k_scope),
                        gap_sum_range(&lay, nj)
                    ),
                    tekort,
                ),
            ];
            for (i, (col, text, v)) in vals.into_iter().enumerate() {
                sums[i] += v;
                ws.write_formula_with_format(row, col, formula(text, v), &fm.euro)?;
            }
        }
        let mut tot: Vec<Option<(String, Decimal)>> = vec![None; headers.len()];
        for (i, h) in headers.iter().enumerate().skip(3) {
            tot[i] = Some((format!("SUBTOTAL(109,tblGemeenten[{h}])"), sums[i - 3]));
        }
        table(
            ws,
            "tblGemeenten",
            0,
            &headers,
            participants.len(),
            Some(&tot),
            &fm,
        )?;
        ws.set_freeze_panes(1, 2)?;
        ws.set_column_width(1, 20)?;
        ws.set_column_range_width(2, 8, 18)?;
        print_setup(ws, p, &format!("{title}: verdeling"), Some(0));
    }

    // ---- Controles ----
    {
        let ws = wb.worksheet_from_name("Controles")?;
        ws.write_string_with_format(
            0,
            0,
            "Rekenkundige controles (elk verschil is 0)",
            &fm.title,
        )?;
        ws.write_string_with_format(1, 0, "Controle", &fm.header)?;
        for (yi, y) in jaren.iter().enumerate() {
            ws.write_number_with_format(1, 1 + yi as ColNum, *y as f64, &fm.header)?;
        }
        let mut row: RowNum = 1;
        if *scope == Scope::Regio {
            row += 1;
            ws.write_string(row, 0, "Regionale kosten min som van de aandelen")?;
            for (yi, &y) in jaren.iter().enumerate() {
                let yc = yi as ColNum;
                let text = format!(
                    "=SUMIFS({},{},\"regio\")-SUM({})",
                    lay.k(lay.k_bedrag + yc),
                    lay.k(lay.k_scope),
                    lay.a(lay.a_bruto + yc)
                );
                let regio_sum: Decimal = (0..b.regels.len())
                    .filter(|&i| p.kostenregels[b.regels[i].regel].scope == Scope::Regio)
                    .map(|i| b.regels[i].per_jaar[&y])
                    .sum();
                let shared: Decimal = regional
                    .iter()
                    .map(|&i| {
                        participants
                            .iter()
                            .map(|&g| {
                                b.regels[i]
                                    .verdeling
                                    .as_ref()
                                    .map(|v| v.bruto(g, yi))
                                    .unwrap_or_default()
                            })
                            .sum::<Decimal>()
                    })
                    .sum();
                ws.write_formula_with_format(
                    row,
                    1 + yc,
                    formula(text, regio_sum - shared),
                    &fm.euro,
                )?;
            }
        }
        row += 1;
        let vt = 1 + participants.len().max(1) as RowNum;
        ws.write_string(
            row,
            0,
            "Verdeling: totaal min extern gedekt min zelf te betalen",
        )?;
        ws.write_formula_with_format(
            row,
            1,
            formula(
                format!(
                    "={}-{}-{}",
                    abs_cell("Verdeling", vt, 5),
                    abs_cell("Verdeling", vt, 6),
                    abs_cell("Verdeling", vt, 7)
                ),
                Decimal::ZERO,
            ),
            &fm.euro,
        )?;
        row += 2;
        ws.write_string_with_format(row, 0, "Bevindingen", &fm.title)?;
        row += 1;
        let headers: Vec<String> = ["Ernst", "Code", "Plaats", "Melding", "Hint", "Gemeente"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let index = ScopeIndex::new(p);
        let relevant: Vec<(&Diagnostic, Option<String>)> = diags
            .iter()
            .map(|d| (d, index.gemeente_van(d)))
            .filter(|(_, g)| match (scope, g) {
                (Scope::Regio, _) | (_, None) => true,
                (Scope::Gemeente(c), Some(g)) => c == g,
            })
            .collect();
        write_findings(ws, row, &headers, &relevant, &fm)?;
        ws.set_column_width(0, 40)?;
        ws.set_column_width(2, 36)?;
        ws.set_column_width(3, 70)?;
        ws.set_column_width(4, 50)?;
        print_setup(ws, p, &format!("{title}: controles"), None);
    }

    // ---- Samenvatting ----
    {
        let ws = wb.worksheet_from_name("Samenvatting")?;
        ws.write_string_with_format(0, 0, &title, &fm.title)?;
        let datum = versiedatum(p).format("%d-%m-%Y").to_string();
        ws.write_string(
            1,
            0,
            format!(
                "Versie {} van {datum}; status {}",
                p.parameters.versie,
                p.regio.status.label()
            ),
        )?;
        ws.write_string(2, 0, "Btw")?;
        ws.write_string(
            2,
            PARAM_COL,
            p.parameters.btw.map(|x| x.label()).unwrap_or("n.v.t."),
        )?;
        ws.write_string(ROW_STARTJAAR, 0, "Startjaar")?;
        ws.write_number(ROW_STARTJAAR, PARAM_COL, p.parameters.startjaar as f64)?;
        ws.write_string(ROW_INDEXATIE, 0, "Indexatie per jaar")?;
        ws.write_number_with_format(
            ROW_INDEXATIE,
            PARAM_COL,
            f(p.parameters.indexatie / Decimal::ONE_HUNDRED),
            &fm.pct,
        )?;
        let head = |ws: &mut Worksheet, row: RowNum, label: &str| -> Result<(), XlsxError> {
            ws.write_string_with_format(row, 0, label, &fm.header)?;
            for (yi, y) in lay.jaren.iter().enumerate() {
                ws.write_number_with_format(row, 1 + yi as ColNum, *y as f64, &fm.header)?;
            }
            ws.write_string_with_format(row, 1 + nj, "Totaal", &fm.header)?;
            Ok(())
        };
        // One row: label, a formula with its value for every year (from `year`, given the
        // year's index), and the row total.
        let line = |ws: &mut Worksheet,
                    row: RowNum,
                    label: &str,
                    bold: bool,
                    year: &dyn Fn(usize) -> (String, Decimal)|
         -> Result<(), XlsxError> {
            let fmt = if bold { &fm.euro_bold } else { &fm.euro };
            if bold {
                ws.write_string_with_format(row, 0, label, &fm.bold)?;
            } else {
                ws.write_string(row, 0, label)?;
            }
            let mut total = Decimal::ZERO;
            for yi in 0..jaren.len() {
                let (t, v) = year(yi);
                total += v;
                ws.write_formula_with_format(row, 1 + yi as ColNum, formula(t, v), fmt)?;
            }
            ws.write_formula_with_format(
                row,
                1 + nj,
                formula(format!("=SUM({}:{})", cell(row, 1), cell(row, nj)), total),
                fmt,
            )?;
            Ok(())
        };
        let yv = |m: &std::collections::BTreeMap<i32, Decimal>, yi: usize| {
            m.get(&lay.jaren[yi]).copied().unwrap_or_default()
        };
        let mut row: RowNum = 6;
        head(ws, row, "Begroting")?;
        let first_row = row + 1;
        row += 1;
        let label_kosten = if scope.gemeente().is_some() {
            "Eigen kostenregels"
        } else {
            "Totaal kosten"
        };
        let r_kosten = row;
        line(ws, row, label_kosten, true, &|yi| {
            (
                format!("=SUM({})", lay.k(lay.k_bedrag + yi as ColNum)),
                yv(&totals.per_jaar, yi),
            )
        })?;
        row += 1;
        let r_incidenteel = row;
        for (label, soort, m) in [
            ("waarvan incidenteel", "incidenteel", &totals.incidenteel),
            ("waarvan structureel", "structureel", &totals.structureel),
        ] {
            line(ws, row, label, false, &|yi| {
                (
                    format!(
                        "=SUMIFS({},{},\"{soort}\")",
                        lay.k(lay.k_bedrag + yi as ColNum),
                        lay.k(lay.k_soort)
                    ),
                    yv(m, yi),
                )
            })?;
            row += 1;
        }
        line(ws, row, "Gedekt", false, &|yi| {
            (
                format!("=SUM({})", lay.d(lay.d_jaar + yi as ColNum)),
                yv(&totals.gedekt, yi),
            )
        })?;
        row += 1;
        line(ws, row, "Niet gedekt", false, &|yi| {
            (
                format!("=SUM({})", lay.k(lay.k_tekort + yi as ColNum)),
                yv(&totals.tekort, yi),
            )
        })?;
        let r_tekort = row;
        row += 1;
        let mut r_zelf = None;
        let mut r_aandeel = None;
        if let Some(gb) = scope.gemeente().and_then(|c| b.gemeente(c)) {
            r_aandeel = Some(row);
            line(ws, row, "Aandeel regionale kosten", false, &|yi| {
                (
                    format!("=SUM({})", lay.a(lay.a_bruto + yi as ColNum)),
                    yv(&gb.aandeel, yi),
                )
            })?;
            row += 1;
            line(ws, row, "Totaal inclusief aandeel", true, &|yi| {
                let c = 1 + yi as ColNum;
                (
                    format!("={}+{}", cell(r_kosten, c), cell(row - 1, c)),
                    yv(&gb.totaal, yi),
                )
            })?;
            row += 1;
            line(ws, row, "Extern gedekt", false, &|yi| {
                let c = yi as ColNum;
                (
                    format!(
                        "=SUMIFS({},{},\"ja\")+SUM({})-SUM({})",
                        lay.d(lay.d_jaar + c),
                        lay.d(lay.d_extern),
                        lay.a(lay.a_bruto + c),
                        lay.a(lay.a_netto + c)
                    ),
                    yv(&gb.extern_, yi),
                )
            })?;
            row += 1;
            r_zelf = Some(row);
            line(ws, row, "Zelf te betalen", true, &|yi| {
                let c = 1 + yi as ColNum;
                (
                    format!("={}-{}", cell(row - 2, c), cell(row - 1, c)),
                    yv(&gb.zelf, yi),
                )
            })?;
            row += 1;
        } else {
            line(ws, row, "Extern gedekt", false, &|yi| {
                let c = yi as ColNum;
                (
                    format!(
                        "=SUMIFS({},{},\"ja\")",
                        lay.d(lay.d_jaar + c),
                        lay.d(lay.d_extern)
                    ),
                    yv(&totals.extern_, yi),
                )
            })?;
            row += 1;
            line(ws, row, "Door gemeenten te dragen", true, &|yi| {
                let c = 1 + yi as ColNum;
                let v = yv(&totals.per_jaar, yi) - yv(&totals.extern_, yi);
                (format!("={}-{}", cell(r_kosten, c), cell(row - 1, c)), v)
            })?;
            r_zelf = r_zelf.or(Some(row));
            row += 1;
        }
        let tc = 1 + nj;
        // Per cost post.
        row += 1;
        head(ws, row, "Kosten per kostenpost")?;
        row += 1;
        for (i, pt) in totals.per_kostenpost.iter().enumerate() {
            line(ws, row, &pt.kostenpost, false, &|yi| {
                (
                    format!(
                        "=SUMIFS({},{},{})",
                        lay.k(lay.k_bedrag + yi as ColNum),
                        lay.k(lay.k_post),
                        i + 1
                    ),
                    yv(&pt.per_jaar, yi),
                )
            })?;
            row += 1;
        }
        // Per funding source.
        row += 1;
        head(ws, row, "Kostenoverzicht per financieringsbron")?;
        row += 1;
        let r_bron_first = row;
        let mut bron_rows = Vec::new();
        for (bi, bron) in p.bronnen.iter().enumerate() {
            let Some(m) = totals.per_bron.get(&bron.id) else {
                continue;
            };
            if m.values().all(|v| v.is_zero()) {
                continue;
            }
            line(ws, row, &bron.naam, false, &|yi| {
                (
                    format!(
                        "=SUMIFS({},{},{})",
                        lay.d(lay.d_jaar + yi as ColNum),
                        lay.d(lay.d_bron),
                        bi + 1
                    ),
                    yv(m, yi),
                )
            })?;
            bron_rows.push(row);
            row += 1;
        }
        line(ws, row, "Niet gedekt", false, &|yi| {
            (
                format!("={}", cell(r_tekort, 1 + yi as ColNum)),
                yv(&totals.tekort, yi),
            )
        })?;
        let r_bron_gap = row;
        row += 1;
        let r_bron_last = row - 1;
        line(ws, row, "Totaal", true, &|yi| {
            let c = 1 + yi as ColNum;
            let v: Decimal = p
                .bronnen
                .iter()
                .filter_map(|bron| totals.per_bron.get(&bron.id))
                .map(|m| yv(m, yi))
                .sum::<Decimal>()
                + yv(&totals.tekort, yi);
            (
                format!("=SUM({}:{})", cell(r_bron_first, c), cell(r_bron_last, c)),
                v,
            )
        })?;

        // Defined names for the key totals (the row totals).
        let names: Vec<(&str, RowNum)> = {
            let mut v = vec![
                ("Totaal_kosten", r_kosten),
                ("Totaal_niet_gedekt", r_tekort),
            ];
            if let Some(r) = r_aandeel {
                v.push(("Totaal_aandeel_regio", r));
            }
            if let Some(r) = r_zelf {
                v.push(("Totaal_te_dragen", r));
            }
            v
        };
        ws.set_column_width(0, 52)?;
        ws.set_column_range_width(1, tc, 15)?;
        ws.set_freeze_panes(first_row, 1)?;
        print_setup(ws, p, &title, None);

        // Charts.
        let mut chart = Chart::new(ChartType::ColumnStacked);
        chart.title().set_name("Kosten per jaar");
        // Own lines by kind, and for a municipality its share of the regional lines.
        let series: Vec<RowNum> = [r_incidenteel, r_incidenteel + 1]
            .into_iter()
            .chain(r_aandeel)
            .collect();
        for r in series {
            chart
                .add_series()
                .set_name(("Samenvatting", r, 0))
                .set_categories(("Samenvatting", 6, 1, 6, nj))
                .set_values(("Samenvatting", r, 1, r, nj));
        }
        chart.y_axis().set_num_format("#,##0");
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.set_width(720).set_height(340);
        ws.insert_chart(6, tc + 2, &chart)?;
        let mut chart = Chart::new(ChartType::ColumnStacked);
        chart.title().set_name("Dekking per financieringsbron");
        for r in bron_rows.iter().copied().chain(std::iter::once(r_bron_gap)) {
            chart
                .add_series()
                .set_name(("Samenvatting", r, 0))
                .set_categories(("Samenvatting", 6, 1, 6, nj))
                .set_values(("Samenvatting", r, 1, r, nj));
        }
        chart.y_axis().set_num_format("#,##0");
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.set_width(720).set_height(520);
        ws.insert_chart(24, tc + 2, &chart)?;
        for (name, r) in names {
            wb.define_name(name, &format!("={}", abs_cell("Samenvatting", r, tc)))?;
        }
    }
    wb.save_to_buffer()
}

fn write_findings(
    ws: &mut Worksheet,
    first_row: RowNum,
    headers: &[String],
    items: &[(&Diagnostic, Option<String>)],
    fm: &Formats,
) -> Result<RowNum, XlsxError> {
    for (r, (d, g)) in items.iter().enumerate() {
        let row = first_row + 1 + r as RowNum;
        ws.write_string(row, 0, d.severity.label())?;
        ws.write_string(row, 1, d.code.as_str())?;
        ws.write_string(
            row,
            2,
            d.location
                .as_ref()
                .map(|l| l.to_string())
                .unwrap_or_default(),
        )?;
        ws.write_string_with_format(row, 3, &d.message, &fm.wrap)?;
        ws.write_string_with_format(row, 4, d.hint.as_deref().unwrap_or(""), &fm.wrap)?;
        ws.write_string(row, 5, g.as_deref().unwrap_or(""))?;
    }
    let name = if first_row == 0 {
        "tblBevindingen"
    } else {
        "tblControles"
    };
    table(ws, name, first_row, headers, items.len(), None, fm)
}

/// Which municipality each record row belongs to, for [`gemeente_van`].
struct ScopeIndex {
    rows: HashMap<(String, String, u32), String>,
}

impl ScopeIndex {
    fn new(p: &Project) -> ScopeIndex {
        let mut rows = HashMap::new();
        let mut put = |o: &crate::model::Origin, code: &str| {
            rows.insert(
                (o.workbook.clone(), o.sheet.clone(), o.row),
                code.to_string(),
            );
        };
        for g in &p.gemeenten {
            put(&g.origin, &g.code);
        }
        for o in &p.organisaties {
            if o.soort == Some(crate::vocab::OrgType::Gemeente)
                && let Some(c) = &o.cbs_code
            {
                put(&o.origin, c);
            }
        }
        let scoped = |s: &Scope| s.gemeente().map(str::to_string);
        for x in &p.kostenregels {
            if let Some(c) = scoped(&x.scope) {
                put(&x.origin, &c);
            }
        }
        // The cost lines by ID (the first of an ID, ASCII case ignored), found once instead
        // of a search per coverage row.
        let mut regels: HashMap<String, &crate::model::Kostenregel> = HashMap::new();
        for k in &p.kostenregels {
            regels.entry(k.id.to_ascii_lowercase()).or_insert(k);
        }
        for d in &p.dekking {
            let regel = regels.get(&d.regel.to_ascii_lowercase());
            if let Some(c) = regel.and_then(|k| scoped(&k.scope)) {
                put(&d.origin, &c);
            }
        }
        for s in &p.sleutels {
            for a in &s.aandelen {
                put(&a.origin, &a.gemeente);
            }
        }
        let others: Vec<(&Scope, &crate::model::Origin)> = p
            .rollen
            .iter()
            .map(|x| (&x.scope, &x.origin))
            .chain(p.partijen.iter().map(|x| (&x.overeenkomst, &x.origin)))
            .chain(p.mijlpalen.iter().map(|x| (&x.scope, &x.origin)))
            .chain(p.doelen.iter().map(|x| (&x.scope, &x.origin)))
            .chain(p.risicos.iter().map(|x| (&x.scope, &x.origin)))
            .chain(p.randvoorwaarden.iter().map(|x| (&x.scope, &x.origin)))
            .chain(p.teksten.iter().map(|x| (&x.scope, &x.origin)))
            .chain(p.overleggen.iter().map(|x| (&x.scope, &x.origin)))
            .collect();
        for (s, o) in others {
            if let Some(c) = scoped(s) {
                put(o, &c);
            }
        }
        ScopeIndex { rows }
    }

    fn gemeente_van(&self, d: &Diagnostic) -> Option<String> {
        if let Some(g) = &d.gemeente {
            return Some(g.clone());
        }
        let l = d.location.as_ref()?;
        let key = (l.workbook.clone(), l.sheet.clone()?, l.row?);
        self.rows.get(&key).cloned()
    }
}

/// The municipality (CBS code) a finding concerns, if any; see the module documentation
/// for the rule.
///
/// ```
/// use regiodocs::diag::{Code, Diagnostic};
/// let checked = regiodocs::pipeline::check(std::path::Path::new("inputs/foodvalley"));
/// let p = checked.project.unwrap();
/// let d = Diagnostic::warning(Code::R19Dekkingsgat, "tekort").for_gemeente("GM0228");
/// assert_eq!(regiodocs::render::xlsx::gemeente_van(&p, &d).as_deref(), Some("GM0228"));
/// ```
pub fn gemeente_van(p: &Project, d: &Diagnostic) -> Option<String> {
    ScopeIndex::new(p).gemeente_van(d)
}

/// Writes `overzicht.xlsx`: one row per municipality of `Gemeenten` with its participation,
/// population, share of the regional costs per year and in total, own costs, external
/// funding, what it pays itself, the gap of its own lines, a coverage status and the number
/// of errors and warnings that concern it (see [`gemeente_van`]). A second sheet lists every
/// finding with the municipality it concerns; the counts are `COUNTIFS` over it.
///
/// ```
/// let checked = regiodocs::pipeline::check(std::path::Path::new("inputs/foodvalley"));
/// let (p, b) = (checked.project.unwrap(), checked.budget.unwrap());
/// let bytes = regiodocs::render::xlsx::overzicht(&p, &b, &checked.diagnostics).unwrap();
/// assert_eq!(&bytes[..2], b"PK");
/// ```
pub fn overzicht(p: &Project, b: &Budget, diags: &Diagnostics) -> Result<Vec<u8>, XlsxError> {
    let fm = Formats::new();
    let mut wb = Workbook::new();
    let title = format!("Overzicht gemeenten {}", p.regio.naam);
    properties(&mut wb, p, &title)?;
    let jaren = &b.jaren;
    let nj = jaren.len() as ColNum;
    wb.add_worksheet().set_name("Overzicht")?;
    wb.add_worksheet().set_name("Bevindingen")?;
    let index = ScopeIndex::new(p);
    let items: Vec<(&Diagnostic, Option<String>)> =
        diags.iter().map(|d| (d, index.gemeente_van(d))).collect();
    let n_items = items.len().max(1) as RowNum;
    {
        let ws = wb.worksheet_from_name("Bevindingen")?;
        let headers: Vec<String> = ["Ernst", "Code", "Plaats", "Melding", "Hint", "Gemeente"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        write_findings(ws, 0, &headers, &items, &fm)?;
        ws.set_freeze_panes(1, 0)?;
        ws.set_column_width(2, 36)?;
        ws.set_column_width(3, 70)?;
        ws.set_column_width(4, 50)?;
        print_setup(ws, p, &title, Some(0));
    }
    let ernst = col_range("Bevindingen", 0, 1, n_items);
    let gem = col_range("Bevindingen", 5, 1, n_items);
    let ws = wb.worksheet_from_name("Overzicht")?;
    let mut headers: Vec<String> = [
        "CBS-code",
        "Gemeente",
        "Deelname",
        "Inwoners",
        "Bron inwoners",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let c_aandeel: ColNum = 5;
    headers.extend(jaren.iter().map(|y| format!("Aandeel {y}")));
    let c_ta = c_aandeel + nj;
    for h in [
        "Totaal aandeel",
        "Eigen kosten",
        "Totaal",
        "Extern gedekt",
        "Zelf te betalen",
        "Niet gedekt eigen regels",
        "Dekking",
        "Fouten",
        "Waarschuwingen",
    ] {
        headers.push(h.into());
    }
    let mut sums = vec![Decimal::ZERO; headers.len()];
    for (r, g) in p.gemeenten.iter().enumerate() {
        let row = 1 + r as RowNum;
        let gb = b.gemeente(&g.code);
        let zero = std::collections::BTreeMap::new();
        let get = |m: Option<&std::collections::BTreeMap<i32, Decimal>>, y: i32| {
            m.unwrap_or(&zero).get(&y).copied().unwrap_or_default()
        };
        ws.write_string(row, 0, &g.code)?;
        ws.write_string(row, 1, &g.naam)?;
        ws.write_string(row, 2, g.deelname.label())?;
        if let Some(n) = g.inwoners {
            ws.write_number_with_format(row, 3, n as f64, &fm.number)?;
        }
        ws.write_string(
            row,
            4,
            match (g.inwoners, g.inwoners_uit_cbs) {
                (None, _) => "",
                (Some(_), true) => "CBS",
                (Some(_), false) => "opgegeven",
            },
        )?;
        let mut ta = Decimal::ZERO;
        for (yi, &y) in jaren.iter().enumerate() {
            let v = get(gb.map(|x| &x.aandeel), y);
            ta += v;
            sums[c_aandeel as usize + yi] += v;
            ws.write_number_with_format(row, c_aandeel + yi as ColNum, f(v), &fm.euro)?;
        }
        let total = |m: Option<&std::collections::BTreeMap<i32, Decimal>>| -> Decimal {
            jaren.iter().map(|&y| get(m, y)).sum()
        };
        let eigen = total(gb.map(|x| &x.eigen));
        let ext = total(gb.map(|x| &x.extern_));
        let zelf = total(gb.map(|x| &x.zelf));
        let tekort = total(gb.map(|x| &x.eigen_tekort));
        let c = c_ta;
        ws.write_formula_with_format(
            row,
            c,
            formula(
                format!(
                    "=SUM({}:{})",
                    cell(row, c_aandeel),
                    cell(row, c_aandeel + nj - 1)
                ),
                ta,
            ),
            &fm.euro,
        )?;
        ws.write_number_with_format(row, c + 1, f(eigen), &fm.euro)?;
        ws.write_formula_with_format(
            row,
            c + 2,
            formula(
                format!("={}+{}", cell(row, c), cell(row, c + 1)),
                ta + eigen,
            ),
            &fm.euro,
        )?;
        ws.write_number_with_format(row, c + 3, f(ext), &fm.euro)?;
        ws.write_formula_with_format(
            row,
            c + 4,
            formula(format!("={}-{}", cell(row, c + 2), cell(row, c + 3)), zelf),
            &fm.euro,
        )?;
        ws.write_number_with_format(row, c + 5, f(tekort), &fm.euro)?;
        for (i, v) in [ta, eigen, ta + eigen, ext, zelf, tekort]
            .into_iter()
            .enumerate()
        {
            sums[c as usize + i] += v;
        }
        let status = if !g.deelnemend() {
            "neemt niet deel"
        } else if tekort.is_zero() {
            "volledig gedekt"
        } else {
            "tekort"
        };
        ws.write_string(row, c + 6, status)?;
        let count = |sev: Severity| {
            items
                .iter()
                .filter(|(d, gm)| d.severity == sev && gm.as_deref() == Some(g.code.as_str()))
                .count()
        };
        for (i, sev) in [Severity::Error, Severity::Warning].into_iter().enumerate() {
            let text = format!(
                "=COUNTIFS({ernst},\"{}\",{gem},{})",
                sev.label(),
                cell(row, 0)
            );
            ws.write_formula(
                row,
                c + 7 + i as ColNum,
                Formula::new(text).set_result(count(sev).to_string()),
            )?;
        }
    }
    let mut tot: Vec<Option<(String, Decimal)>> = vec![None; headers.len()];
    for (i, h) in headers.iter().enumerate() {
        if (c_aandeel as usize..=c_ta as usize + 5).contains(&i) {
            tot[i] = Some((format!("SUBTOTAL(109,tblOverzicht[{h}])"), sums[i]));
        }
    }
    table(
        ws,
        "tblOverzicht",
        0,
        &headers,
        p.gemeenten.len(),
        Some(&tot),
        &fm,
    )?;
    ws.set_freeze_panes(1, 2)?;
    ws.set_column_width(1, 20)?;
    ws.set_column_range_width(3, c_ta + 6, 15)?;
    print_setup(ws, p, &title, Some(0));
    let last = 1 + p.gemeenten.len().max(1) as RowNum;
    wb.define_name(
        "Totaal_aandelen",
        &format!("={}", abs_cell("Overzicht", last, c_ta)),
    )?;
    wb.define_name(
        "Totaal_zelf_te_betalen",
        &format!("={}", abs_cell("Overzicht", last, c_ta + 4)),
    )?;
    wb.save_to_buffer()
}

/// The block of `Niet gedekt` year columns of the Kostenregels table.
fn gap_sum_range(lay: &Layout, nj: ColNum) -> String {
    format!(
        "Kostenregels!${}${}:${}${}",
        column_number_to_name(lay.k_tekort),
        lay.k_first + 1,
        column_number_to_name(lay.k_tekort + nj - 1),
        lay.k_last + 1
    )
}

/// The cells a line's amounts come from, e.g.
/// `financien.xlsx: Kostenregels!G7 (tarief); H7 t/m K7 (aantallen); Parameters!B4 (indexatie)`.
fn herkomst_regel(p: &Project, b: &Budget, li: usize) -> String {
    let (Some(first), Some(last)) = (b.jaren.first(), b.jaren.last()) else {
        return String::new();
    };
    let a = b.herkomst_bedrag(p, li, *first);
    let z = b.herkomst_bedrag(p, li, *last);
    let (Some(q1), Some(tarief), Some(q2)) = (a.first(), a.get(1), z.first()) else {
        return String::new();
    };
    let short = |l: &crate::diag::Location| l.cell.clone().unwrap_or_else(|| l.to_string());
    let mut out = format!(
        "{tarief} (tarief); {} t/m {} (aantallen)",
        short(q1),
        short(q2)
    );
    if let Some(ix) = z.get(2) {
        out.push_str(&format!("; {ix} (indexatie)"));
    }
    out
}
