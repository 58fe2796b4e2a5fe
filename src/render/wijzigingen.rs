//! `wijzigingen.xlsx`: the change report of a build (or of `regiodocs verschil`) as an Excel
//! workbook for the finance officer.
//!
//! One sheet per comparison ([`Vergelijking`]): `Sinds vorige build`, `Sinds definitief 1.0`
//! (or `Verschil` for `regiodocs verschil`). Each sheet has a title, the changed amounts
//! (what, description, year, old, new, difference; the largest change first; the difference
//! is a live formula with its exact result stored) and below them the parts added, removed
//! or changed. A comparison without differences says so in one line; a build without an
//! earlier one to compare with gets a sheet that says that.
//!
//! The workbook is deterministic: its creation date is the new state's `Versiedatum` and
//! rust_xlsxwriter writes fixed zip timestamps.
//!
//! ```
//! use regiodocs::changes::{compare, Basis, Snapshot, Vergelijking};
//! let checked = regiodocs::pipeline::check(std::path::Path::new("inputs/foodvalley"));
//! let s = Snapshot::of(checked.project.as_ref().unwrap(), checked.budget.as_ref().unwrap());
//! let v = Vergelijking { basis: Basis::VorigeBuild, met: "de vorige build".into(), oude_versie: "1.0".into(),
//!     nieuwe_versie: "1.0".into(), wijzigingen: compare(&s, &s) };
//! let bytes = regiodocs::render::wijzigingen::xlsx(&s, &[Some(v)]).unwrap();
//! assert!(bytes.starts_with(b"PK"));
//! ```

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet, XlsxError,
};

use crate::changes::{Basis, Snapshot, Vergelijking};

const EURO: &str = "[$€-413] #,##0.00;[$€-413] -#,##0.00";

/// The change report of `new` for each comparison; `None` is a comparison that could not be
/// made (no earlier build in the output folder).
pub fn xlsx(new: &Snapshot, comparisons: &[Option<Vergelijking>]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let date = NaiveDate::parse_from_str(&new.versiedatum, "%Y-%m-%d")
        .unwrap_or(NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default());
    let dt = ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("Wijzigingen")
            .set_subject(format!("Versie {}", new.versie))
            .set_author("regiodocs")
            .set_company(&new.regio)
            .set_creation_datetime(&dt),
    );
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let header = Format::new().set_bold().set_background_color("#DDEBF7");
    let euro = Format::new().set_num_format(EURO);
    let wrap = Format::new().set_text_wrap();
    let mut used = Vec::new();
    for c in comparisons {
        let mut name = match c.as_ref().map(|v| v.basis) {
            None | Some(Basis::VorigeBuild) => "Sinds vorige build".to_string(),
            Some(Basis::Definitief) => sheet_name(&format!(
                "Sinds definitief {}",
                c.as_ref().map_or("", |v| v.oude_versie.as_str())
            )),
            Some(Basis::Map) => "Verschil".to_string(),
        };
        let mut n = 2;
        while used.contains(&name) {
            name = sheet_name(&format!("{name} {n}"));
            n += 1;
        }
        used.push(name.clone());
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        for (col, width) in [(0, 30), (1, 40), (2, 10), (3, 18), (4, 18), (5, 18)] {
            ws.set_column_width(col, width)?;
        }
        let Some(v) = c else {
            ws.write_string_with_format(0, 0, "Wijzigingen sinds de vorige build", &title)?;
            ws.write_string(
                2,
                0,
                "Er is geen eerdere build in deze uitvoermap om mee te vergelijken.",
            )?;
            continue;
        };
        ws.write_string_with_format(
            0,
            0,
            format!(
                "Wijzigingen sinds {} (versie {} → {})",
                v.met, v.oude_versie, v.nieuwe_versie
            ),
            &title,
        )?;
        ws.write_string(1, 0, &new.regio)?;
        let w = &v.wijzigingen;
        if w.is_empty() {
            ws.write_string(3, 0, "Geen wijzigingen.")?;
            continue;
        }
        let mut row = 3;
        ws.write_string_with_format(row, 0, "Bedragen", &bold)?;
        row += 1;
        if w.bedragen.is_empty() {
            ws.write_string(row, 0, "Geen gewijzigde bedragen.")?;
            row += 1;
        } else {
            for (col, h) in [
                "Onderdeel",
                "Omschrijving",
                "Jaar",
                "Oud",
                "Nieuw",
                "Verschil",
            ]
            .iter()
            .enumerate()
            {
                ws.write_string_with_format(row, col as u16, *h, &header)?;
            }
            row += 1;
            for b in &w.bedragen {
                ws.write_string(row, 0, b.soort.label())?;
                ws.write_string(row, 1, &b.naam)?;
                ws.write_number(row, 2, f64::from(b.jaar))?;
                amount(ws, row, 3, b.oud, &euro)?;
                amount(ws, row, 4, b.nieuw, &euro)?;
                let r = row + 1;
                ws.write_formula_with_format(
                    row,
                    5,
                    Formula::new(format!("=E{r}-D{r}"))
                        .set_result(b.verschil.normalize().to_string()),
                    &euro,
                )?;
                row += 1;
            }
        }
        row += 1;
        ws.write_string_with_format(row, 0, "Overige wijzigingen", &bold)?;
        row += 1;
        if w.onderdelen.is_empty() {
            ws.write_string(row, 0, "Geen andere wijzigingen.")?;
            continue;
        }
        for (col, h) in [
            "Onderdeel",
            "Omschrijving",
            "Wijziging",
            "Veld",
            "Oud",
            "Nieuw",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string_with_format(row, col as u16, *h, &header)?;
        }
        row += 1;
        for o in &w.onderdelen {
            ws.write_string(row, 0, o.soort.label())?;
            ws.write_string(row, 1, &o.naam)?;
            ws.write_string(row, 2, o.aard.label())?;
            ws.write_string(row, 3, o.veld.as_deref().unwrap_or_default())?;
            ws.write_string_with_format(row, 4, o.oud.as_deref().unwrap_or_default(), &wrap)?;
            ws.write_string_with_format(row, 5, o.nieuw.as_deref().unwrap_or_default(), &wrap)?;
            row += 1;
        }
    }
    wb.save_to_buffer()
}

/// An amount cell, empty when there is no amount.
fn amount(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    d: Option<Decimal>,
    euro: &Format,
) -> Result<(), XlsxError> {
    if let Some(d) = d {
        ws.write_number_with_format(row, col, d.to_f64().unwrap_or(0.0), euro)?;
    }
    Ok(())
}

/// A valid sheet name: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(s: &str) -> String {
    s.chars()
        .map(|c| if "[]:*?/\\'".contains(c) { '-' } else { c })
        .take(31)
        .collect::<String>()
        .trim()
        .to_string()
}
