//! Parsers for Dutch notation: money, decimals, percentages, dates, yes/no, whole numbers,
//! years and multi-value cells.
//!
//! Every parser takes a cell [`Value`] and returns the typed value or a [`ParseError`]
//! with a Dutch message and hint; the caller adds the cell's location. Money and decimals
//! become exact [`Decimal`]s straight away; a number cell is converted through its shortest
//! decimal representation, so `0.1` stays `0,1` and never becomes `0,1000000000000000055`.
//!
//! ```
//! use regiodocs::ingest::{Value, parse};
//! use rust_decimal::Decimal;
//! let v = Value::Text("€ 1.234,56".into());
//! assert_eq!(parse::money(&v).unwrap(), Decimal::new(123456, 2));
//! ```

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use super::Value;
use crate::diag::Code;

/// Why a cell could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The diagnostic code.
    pub code: Code,
    /// What is wrong, in Dutch, without the location.
    pub message: String,
    /// What to write instead.
    pub hint: Option<String>,
}

impl ParseError {
    fn new(code: Code, message: impl Into<String>, hint: Option<&str>) -> Self {
        ParseError {
            code,
            message: message.into(),
            hint: hint.map(str::to_string),
        }
    }
}

/// A percentage together with a note on how an ambiguous number cell was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Percentage {
    /// Percentage points: `2.5` means 2,5 %.
    pub points: Decimal,
    /// Set when a number cell between 0 and 1 was read as a fraction.
    pub note: Option<String>,
}

fn formula_error(e: &str) -> ParseError {
    ParseError::new(
        Code::Formulefout,
        format!("De formule in deze cel geeft de foutwaarde {e}."),
        Some("Herstel de formule of vul de waarde zelf in."),
    )
}

/// The shortest decimal text of a number cell, as Excel would show it without formatting.
pub fn number_cell_text(n: f64) -> String {
    let s = format!("{n}");
    s.replace('.', ",")
}

fn decimal_from_cell(n: f64) -> Option<Decimal> {
    if !n.is_finite() {
        return None;
    }
    // Rust prints the shortest text that round-trips, without exponent.
    Decimal::from_str(&format!("{n}")).ok()
}

/// Reads Dutch number text: optional sign, thousands groups with `.` (exactly three
/// digits each), decimal comma. A dot that cannot be a thousands separator makes the text
/// ambiguous (English notation), which is an error rather than a guess.
fn dutch_number(text: &str, code: Code, what: &str) -> Result<Decimal, ParseError> {
    let original = text.trim();
    let mut t: String = original
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .collect();
    let bad = |why: &str, hint: &str| {
        ParseError::new(
            code,
            format!("‘{original}’ is geen geldig {what}: {why}."),
            Some(hint),
        )
    };
    if t.is_empty() {
        return Err(bad("de cel is leeg", "Vul een getal in, bijvoorbeeld 7,5."));
    }
    let negative = if let Some(rest) = t.strip_prefix('-').or_else(|| t.strip_prefix('−')) {
        t = rest.to_string();
        true
    } else {
        false
    };
    // `1.234,-` is the Dutch way of writing whole euros.
    if let Some(rest) = t.strip_suffix(",--").or_else(|| t.strip_suffix(",-")) {
        t = rest.to_string();
    }
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(bad(
            "er staan tekens in die niet in een getal horen",
            "Schrijf alleen cijfers, met een komma voor decimalen, bijvoorbeeld 1.234,56.",
        ));
    }
    let (int_part, frac_part) = match t.split_once(',') {
        Some((i, f)) => {
            if f.contains(',') || f.contains('.') {
                return Err(bad(
                    "er staat meer dan één decimaalteken in",
                    "Gebruik één komma voor de decimalen en punten alleen voor duizendtallen, bijvoorbeeld 1.234.567,89.",
                ));
            }
            if f.is_empty() {
                return Err(bad(
                    "na de komma staan geen cijfers",
                    "Schrijf bijvoorbeeld 12,50.",
                ));
            }
            (i, Some(f))
        }
        None => (t.as_str(), None),
    };
    let digits = if int_part.contains('.') {
        let groups: Vec<&str> = int_part.split('.').collect();
        let well_grouped = !groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3);
        if !well_grouped {
            let hint = if frac_part.is_none() && groups.len() == 2 {
                format!(
                    "In Nederlandse notatie is de komma het decimaalteken: bedoelt u {}?",
                    t.replace('.', ",")
                )
            } else {
                "Gebruik punten alleen voor groepen van drie cijfers, bijvoorbeeld 1.234.567,89."
                    .to_string()
            };
            return Err(ParseError {
                code,
                message: format!(
                    "‘{original}’ is dubbelzinnig: de punt staat niet op de plaats van een duizendtal."
                ),
                hint: Some(hint),
            });
        }
        groups.concat()
    } else {
        if int_part.is_empty() {
            return Err(bad(
                "voor de komma staan geen cijfers",
                "Schrijf bijvoorbeeld 0,5.",
            ));
        }
        int_part.to_string()
    };
    let literal = match frac_part {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    };
    let value = Decimal::from_str(&literal)
        .map_err(|_| bad("het getal is te groot", "Controleer het aantal cijfers."))?;
    Ok(if negative { -value } else { value })
}

/// A decimal number (hours, quantities): a number cell or Dutch text such as `7,5`.
pub fn decimal(v: &Value) -> Result<Decimal, ParseError> {
    decimal_as_typed(v).map(|d| d.normalize())
}

fn decimal_as_typed(v: &Value) -> Result<Decimal, ParseError> {
    match v {
        Value::Number(n) => decimal_from_cell(*n)
            .ok_or_else(|| ParseError::new(Code::OngeldigGetal, "Dit getal is te groot.", None)),
        Value::Text(t) => dutch_number(t, Code::OngeldigGetal, "getal"),
        Value::Error(e) => Err(formula_error(e)),
        Value::Date(d) => Err(ParseError::new(
            Code::OngeldigGetal,
            format!(
                "Hier hoort een getal, maar de cel bevat de datum {}.",
                d.format("%d-%m-%Y")
            ),
            Some("Geef de cel de opmaak ‘Getal’ en vul het getal opnieuw in."),
        )),
        Value::Bool(_) => Err(ParseError::new(
            Code::OngeldigGetal,
            "Hier hoort een getal, maar de cel bevat WAAR of ONWAAR.",
            None,
        )),
        Value::Empty => Ok(Decimal::ZERO),
    }
}

/// An amount of money: a number cell (rounded to whole cents) or Dutch text such as
/// `1234,56`, `1.234,56`, `€ 1.234,56` or `€1.234`. Text with more than two decimals is
/// ambiguous and an error.
///
/// ```
/// use regiodocs::ingest::{Value, parse};
/// use rust_decimal::Decimal;
/// assert_eq!(parse::money(&Value::Text("€1.234".into())).unwrap(), Decimal::new(1234, 0));
/// assert!(parse::money(&Value::Text("1,234.56".into())).is_err());
/// assert_eq!(parse::money(&Value::Number(12.345)).unwrap(), Decimal::new(1235, 2));
/// ```
pub fn money(v: &Value) -> Result<Decimal, ParseError> {
    // `5.000,00`, `5000` and a number cell 5000 are the same amount: no trailing zeros, so
    // a value reads the same however it was typed (the scale of text is checked first).
    money_as_typed(v).map(|d| d.normalize())
}

fn money_as_typed(v: &Value) -> Result<Decimal, ParseError> {
    match v {
        Value::Number(n) => decimal_from_cell(*n)
            .map(|d| d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
            .ok_or_else(|| ParseError::new(Code::OngeldigBedrag, "Dit bedrag is te groot.", None)),
        Value::Text(t) => {
            let trimmed = t.trim();
            // A sign may stand before the currency symbol: `-€ 250` as well as `€ -250`.
            let (sign, body) = match trimmed.strip_prefix(['-', '−']) {
                Some(rest) => ("-", rest.trim_start()),
                None => ("", trimmed),
            };
            let stripped = body
                .strip_prefix('€')
                .or_else(|| body.strip_prefix("EUR"))
                .or_else(|| body.strip_prefix("eur"))
                .unwrap_or(body);
            let stripped = stripped.trim().strip_suffix('€').unwrap_or(stripped);
            let number = format!("{sign}{}", stripped.trim());
            let d = dutch_number(&number, Code::OngeldigBedrag, "bedrag").map_err(|mut e| {
                e.message = e
                    .message
                    .replace(&format!("‘{number}’"), &format!("‘{trimmed}’"));
                e
            })?;
            if d.scale() > 2 {
                return Err(ParseError::new(
                    Code::OngeldigBedrag,
                    format!(
                        "‘{trimmed}’ is dubbelzinnig: een bedrag heeft hoogstens twee cijfers achter de komma."
                    ),
                    Some(
                        "Bedoelt u duizendtallen, gebruik dan een punt (1.234); bedoelt u centen, rond af op twee decimalen.",
                    ),
                ));
            }
            Ok(d)
        }
        Value::Error(e) => Err(formula_error(e)),
        Value::Empty => Ok(Decimal::ZERO),
        Value::Date(_) | Value::Bool(_) => Err(ParseError::new(
            Code::OngeldigBedrag,
            format!(
                "Hier hoort een bedrag, maar de cel bevat ‘{}’.",
                v.display()
            ),
            Some("Vul een bedrag in, bijvoorbeeld 1.234,56."),
        )),
    }
}

/// A percentage in points: `2,5` and `2,5%` mean 2,5 %. A number cell strictly between 0
/// and 1 (Excel's `2,5%` stored as `0,025`) is read as a fraction, with a note saying so.
///
/// ```
/// use regiodocs::ingest::{Value, parse};
/// use rust_decimal::Decimal;
/// assert_eq!(parse::percentage(&Value::Text("2,5%".into())).unwrap().points, Decimal::new(25, 1));
/// let p = parse::percentage(&Value::Number(0.025)).unwrap();
/// assert_eq!(p.points, Decimal::new(25, 1));
/// assert!(p.note.is_some());
/// ```
pub fn percentage(v: &Value) -> Result<Percentage, ParseError> {
    percentage_as_typed(v).map(|p| Percentage {
        points: p.points.normalize(),
        note: p.note,
    })
}

fn percentage_as_typed(v: &Value) -> Result<Percentage, ParseError> {
    match v {
        Value::Number(n) => {
            let d = decimal_from_cell(*n).ok_or_else(|| {
                ParseError::new(
                    Code::OngeldigPercentage,
                    "Dit percentage is te groot.",
                    None,
                )
            })?;
            if d > Decimal::ZERO && d < Decimal::ONE {
                let points = (d * Decimal::ONE_HUNDRED).normalize();
                Ok(Percentage {
                    points,
                    note: Some(format!(
                        "De waarde {} is gelezen als {} % (Excel slaat een percentage op als breuk).",
                        number_cell_text(*n),
                        points.to_string().replace('.', ",")
                    )),
                })
            } else {
                Ok(Percentage {
                    points: d,
                    note: None,
                })
            }
        }
        Value::Text(t) => {
            let s = t.trim().trim_end_matches('%').trim();
            let points = dutch_number(s, Code::OngeldigPercentage, "percentage")?;
            Ok(Percentage { points, note: None })
        }
        Value::Error(e) => Err(formula_error(e)),
        Value::Empty => Ok(Percentage {
            points: Decimal::ZERO,
            note: None,
        }),
        Value::Date(_) | Value::Bool(_) => Err(ParseError::new(
            Code::OngeldigPercentage,
            format!(
                "Hier hoort een percentage, maar de cel bevat ‘{}’.",
                v.display()
            ),
            Some("Schrijf bijvoorbeeld 2,5%."),
        )),
    }
}

/// A date: a date cell, or text `dd-mm-jjjj`, `d-m-jjjj` or `jjjj-mm-dd`.
///
/// ```
/// use regiodocs::ingest::{Value, parse};
/// use chrono::NaiveDate;
/// let d = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
/// assert_eq!(parse::date(&Value::Text("5-1-2026".into())).unwrap(), d);
/// assert_eq!(parse::date(&Value::Text("2026-01-05".into())).unwrap(), d);
/// assert!(parse::date(&Value::Text("5 januari 2026".into())).is_err());
/// ```
pub fn date(v: &Value) -> Result<NaiveDate, ParseError> {
    let hint =
        Some("Gebruik een datumcel of schrijf de datum als dd-mm-jjjj, bijvoorbeeld 01-03-2026.");
    match v {
        Value::Date(d) => Ok(*d),
        Value::Text(t) => {
            let t = t.trim();
            let parts: Vec<&str> = t.split('-').collect();
            let nums: Option<Vec<u32>> = if parts.len() == 3
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
            {
                parts.iter().map(|p| p.parse().ok()).collect()
            } else {
                None
            };
            let parsed = match (nums, parts.first().map(|p| p.len())) {
                (Some(n), Some(4)) if parts[1].len() == 2 && parts[2].len() == 2 => {
                    NaiveDate::from_ymd_opt(n[0] as i32, n[1], n[2])
                }
                (Some(n), Some(1 | 2)) if parts[1].len() <= 2 && parts[2].len() == 4 => {
                    NaiveDate::from_ymd_opt(n[2] as i32, n[1], n[0])
                }
                _ => None,
            };
            parsed.ok_or_else(|| {
                ParseError::new(
                    Code::OngeldigeDatum,
                    format!("‘{t}’ is geen geldige datum."),
                    hint,
                )
            })
        }
        Value::Number(n) => Err(ParseError::new(
            Code::OngeldigeDatum,
            format!("‘{}’ is een getal, geen datum.", number_cell_text(*n)),
            hint,
        )),
        Value::Error(e) => Err(formula_error(e)),
        Value::Bool(_) | Value::Empty => Err(ParseError::new(
            Code::OngeldigeDatum,
            format!("‘{}’ is geen geldige datum.", v.display()),
            hint,
        )),
    }
}

/// Yes/no: `ja`, `nee`, `j`, `n`, `x` (= ja), empty (= nee), `waar`/`onwaar`,
/// `true`/`false`, or a boolean cell.
///
/// ```
/// use regiodocs::ingest::{Value, parse};
/// assert_eq!(parse::yes_no(&Value::Text("X".into())), Ok(true));
/// assert_eq!(parse::yes_no(&Value::Empty), Ok(false));
/// assert!(parse::yes_no(&Value::Text("misschien".into())).is_err());
/// ```
pub fn yes_no(v: &Value) -> Result<bool, ParseError> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::Empty => Ok(false),
        Value::Text(t) => match t.trim().to_lowercase().as_str() {
            "ja" | "j" | "x" | "waar" | "true" => Ok(true),
            "nee" | "n" | "onwaar" | "false" | "" => Ok(false),
            other => Err(ParseError::new(
                Code::OngeldigJaNee,
                format!("‘{other}’ is geen ja/nee-waarde."),
                Some(
                    "Schrijf ja of nee (ook j, n, x, waar, onwaar, true, false); leeg betekent nee.",
                ),
            )),
        },
        Value::Number(n) if *n == 1.0 => Ok(true),
        Value::Number(n) if *n == 0.0 => Ok(false),
        Value::Error(e) => Err(formula_error(e)),
        _ => Err(ParseError::new(
            Code::OngeldigJaNee,
            format!("‘{}’ is geen ja/nee-waarde.", v.display()),
            Some("Schrijf ja of nee."),
        )),
    }
}

/// A whole number within `min..=max`: a number cell without fraction, or text (`12.345`).
///
/// ```
/// use regiodocs::ingest::{Value, parse};
/// assert_eq!(parse::whole(&Value::Text("12.345".into()), 0, i64::MAX), Ok(12345));
/// assert!(parse::whole(&Value::Number(2.5), 0, 10).is_err());
/// assert!(parse::whole(&Value::Number(11.0), 1, 10).is_err());
/// ```
pub fn whole(v: &Value, min: i64, max: i64) -> Result<i64, ParseError> {
    let d = match v {
        Value::Error(e) => return Err(formula_error(e)),
        Value::Text(t) => dutch_number(t, Code::OngeldigGeheelGetal, "geheel getal")?,
        Value::Number(n) => decimal_from_cell(*n).ok_or_else(|| {
            ParseError::new(Code::OngeldigGeheelGetal, "Dit getal is te groot.", None)
        })?,
        _ => {
            return Err(ParseError::new(
                Code::OngeldigGeheelGetal,
                format!("‘{}’ is geen geheel getal.", v.display()),
                None,
            ));
        }
    };
    if !d.fract().is_zero() {
        return Err(ParseError::new(
            Code::OngeldigGeheelGetal,
            format!(
                "‘{}’ is geen geheel getal.",
                d.to_string().replace('.', ",")
            ),
            Some("Rond af op een heel getal."),
        ));
    }
    let n = i64::try_from(d)
        .map_err(|_| ParseError::new(Code::OngeldigGeheelGetal, "Dit getal is te groot.", None))?;
    if n < min || n > max {
        let range = if max == i64::MAX {
            format!("minstens {min}")
        } else {
            format!("van {min} tot en met {max}")
        };
        return Err(ParseError::new(
            Code::OngeldigGeheelGetal,
            format!("{n} ligt buiten het toegestane bereik ({range})."),
            None,
        ));
    }
    Ok(n)
}

/// A year such as `2026` (number cell or text), for headers and `Streefjaar`.
pub fn year(v: &Value) -> Option<i32> {
    let t = match v {
        Value::Number(n) if n.fract() == 0.0 && (1000.0..=9999.0).contains(n) => {
            return Some(*n as i32);
        }
        Value::Text(t) => t.trim(),
        _ => return None,
    };
    (t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// Splits a multi-value cell on commas, semicolons and line breaks; trims and drops empties.
///
/// ```
/// use regiodocs::ingest::parse;
/// assert_eq!(parse::multi("P1, P2;\nP3 ,"), vec!["P1", "P2", "P3"]);
/// ```
pub fn multi(text: &str) -> Vec<String> {
    text.split([',', ';', '\n', '\r'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Splits a text list cell into items, one per line; trims and drops empty lines and
/// leading bullet characters.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.trim().trim_start_matches(['-', '•', '*', '–']).trim())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// A CBS municipality code: `GM` + four digits, case-insensitive; returns it in capitals.
///
/// ```
/// use regiodocs::ingest::parse;
/// assert_eq!(parse::cbs_code("gm0228").unwrap(), "GM0228");
/// assert!(parse::cbs_code("0228").unwrap_err().hint.unwrap().contains("GM0228"));
/// ```
pub fn cbs_code(text: &str) -> Result<String, ParseError> {
    let t = text.trim().to_ascii_uppercase();
    let ok = t.len() == 6 && t.starts_with("GM") && t[2..].chars().all(|c| c.is_ascii_digit());
    if ok {
        return Ok(t);
    }
    let hint = if !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit()) {
        format!("Schrijf de code met GM en vier cijfers: GM{t:0>4}.")
    } else {
        "Een CBS-gemeentecode is GM gevolgd door vier cijfers, bijvoorbeeld GM0228.".to_string()
    };
    Err(ParseError {
        code: Code::OngeldigFormaat,
        message: format!("‘{}’ is geen CBS-gemeentecode.", text.trim()),
        hint: Some(hint),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Value {
        Value::Text(s.to_string())
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn money_in_dutch_notation() {
        for (input, want) in [
            ("1234,56", "1234.56"),
            ("1.234,56", "1234.56"),
            ("€ 1.234,56", "1234.56"),
            ("€1.234", "1234"),
            ("€ 1.234,-", "1234"),
            ("1.234.567,89", "1234567.89"),
            ("12", "12"),
            ("0,5", "0.5"),
            ("-250,00", "-250.00"),
            ("EUR 99,95", "99.95"),
            ("1\u{a0}234,56", "1234.56"),
            ("-€ 250", "-250"),
            ("− € 1.234,50", "-1234.50"),
            ("€ -250", "-250"),
            ("1.234,56 €", "1234.56"),
            ("€\u{a0}1.234,56", "1234.56"),
        ] {
            assert_eq!(money(&t(input)).unwrap(), dec(want), "{input}");
        }
    }

    #[test]
    fn ambiguous_or_bad_money_is_an_error() {
        for input in [
            "1,234.56",
            "1.23",
            "12,345",
            "1.2345",
            "12,3,4",
            "€ abc",
            "1..234",
            ",5",
            "1,",
            "-€ abc",
            "- €",
            "€ 1.234,567",
        ] {
            let e = money(&t(input)).unwrap_err();
            assert_eq!(e.code, Code::OngeldigBedrag, "{input}");
            assert!(e.message.contains(input), "{input}: {}", e.message);
        }
        assert!(
            money(&t("1.23"))
                .unwrap_err()
                .hint
                .unwrap()
                .contains("1,23")
        );
    }

    #[test]
    fn a_value_reads_the_same_however_it_was_typed() {
        let five_thousand = money(&t("€ 5.000,00")).unwrap();
        assert_eq!(five_thousand.scale(), 0);
        assert_eq!(five_thousand, money(&Value::Number(5000.0)).unwrap());
        assert_eq!(money(&Value::Number(0.1 + 0.2)).unwrap().to_string(), "0.3");
        assert_eq!(decimal(&t("500,0")).unwrap().to_string(), "500");
        assert_eq!(percentage(&t("2,50%")).unwrap().points.to_string(), "2.5");
        assert_eq!(
            percentage(&Value::Number(0.025))
                .unwrap()
                .points
                .to_string(),
            "2.5"
        );
        // The scale of text is judged before trailing zeros go: `1,230` stays ambiguous.
        assert!(money(&t("1,230")).is_err());
    }

    #[test]
    fn money_number_cells_round_to_cents_half_away_from_zero() {
        assert_eq!(money(&Value::Number(0.1 + 0.2)).unwrap(), dec("0.30"));
        assert_eq!(money(&Value::Number(2.675)).unwrap(), dec("2.68"));
        assert_eq!(money(&Value::Number(-0.005)).unwrap(), dec("-0.01"));
        assert_eq!(money(&Value::Number(95000.0)).unwrap(), dec("95000"));
        assert!(money(&Value::Number(f64::NAN)).is_err());
        assert!(money(&Value::Number(1e40)).is_err());
    }

    #[test]
    fn formula_errors_are_reported_as_such() {
        let e = money(&Value::Error("#DEEL/0!".into())).unwrap_err();
        assert_eq!(e.code, Code::Formulefout);
        assert!(e.message.contains("#DEEL/0!"));
        assert_eq!(
            date(&Value::Error("#N/B".into())).unwrap_err().code,
            Code::Formulefout
        );
    }

    #[test]
    fn decimals() {
        assert_eq!(decimal(&t("7,5")).unwrap(), dec("7.5"));
        assert_eq!(decimal(&t("1.500")).unwrap(), dec("1500"));
        assert_eq!(decimal(&Value::Number(0.1)).unwrap(), dec("0.1"));
        assert_eq!(decimal(&Value::Empty).unwrap(), Decimal::ZERO);
        assert_eq!(decimal(&t("7.5")).unwrap_err().code, Code::OngeldigGetal);
        assert_eq!(decimal(&t("zeven")).unwrap_err().code, Code::OngeldigGetal);
    }

    #[test]
    fn percentages() {
        assert_eq!(percentage(&t("2,5")).unwrap().points, dec("2.5"));
        assert_eq!(percentage(&t("2,5 %")).unwrap().points, dec("2.5"));
        assert_eq!(percentage(&t("100%")).unwrap().points, dec("100"));
        assert_eq!(percentage(&Value::Number(40.0)).unwrap().points, dec("40"));
        let frac = percentage(&Value::Number(0.5)).unwrap();
        assert_eq!(frac.points, dec("50"));
        assert!(frac.note.unwrap().contains("50 %"));
        assert!(percentage(&Value::Number(1.0)).unwrap().note.is_none());
        assert_eq!(
            percentage(&t("veel")).unwrap_err().code,
            Code::OngeldigPercentage
        );
    }

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(date(&t("01-03-2026")).unwrap(), d);
        assert_eq!(date(&t("1-3-2026")).unwrap(), d);
        assert_eq!(date(&t("2026-03-01")).unwrap(), d);
        assert_eq!(date(&Value::Date(d)).unwrap(), d);
        for bad in [
            "31-02-2026",
            "2026-3-1",
            "1/3/2026",
            "maart 2026",
            "01-03-26",
            "",
        ] {
            assert_eq!(
                date(&t(bad)).unwrap_err().code,
                Code::OngeldigeDatum,
                "{bad}"
            );
        }
        assert_eq!(
            date(&Value::Number(46000.0)).unwrap_err().code,
            Code::OngeldigeDatum
        );
    }

    #[test]
    fn yes_no_values() {
        for y in ["ja", "J", "x", "Waar", "TRUE"] {
            assert_eq!(yes_no(&t(y)), Ok(true), "{y}");
        }
        for n in ["nee", "N", "onwaar", "false", "  "] {
            assert_eq!(yes_no(&t(n)), Ok(false), "{n}");
        }
        assert_eq!(yes_no(&Value::Bool(true)), Ok(true));
        assert_eq!(yes_no(&t("jawel")).unwrap_err().code, Code::OngeldigJaNee);
    }

    #[test]
    fn whole_numbers_and_years() {
        assert_eq!(whole(&Value::Number(119_000.0), 0, i64::MAX), Ok(119_000));
        assert_eq!(whole(&t("119.000"), 0, i64::MAX), Ok(119_000));
        assert!(whole(&t("-3"), 0, 10).is_err());
        assert_eq!(year(&Value::Number(2026.0)), Some(2026));
        assert_eq!(year(&t(" 2027 ")), Some(2027));
        assert_eq!(year(&t("Tarief")), None);
        assert_eq!(year(&Value::Number(2026.5)), None);
    }

    #[test]
    fn multi_values_and_lines() {
        assert_eq!(multi("GM0228;GM0203"), vec!["GM0228", "GM0203"]);
        assert_eq!(
            lines("- eerste\n\n• tweede\r\n derde "),
            vec!["eerste", "tweede", "derde"]
        );
    }
}
