//! Dutch formatting of amounts, numbers, percentages, dates and lists, shared by the
//! template filters, the diagnostics and every exporter, so a number looks the same
//! everywhere.
//!
//! ```
//! use rust_decimal::Decimal;
//! use regiodocs::nl;
//! assert_eq!(nl::euro(Decimal::new(123456, 2)), "€ 1.234,56");
//! assert_eq!(nl::euro(Decimal::new(-5, 0)), "€ -5,00");
//! assert_eq!(nl::getal(Decimal::new(123532, 0)), "123.532");
//! assert_eq!(nl::getal(Decimal::new(75, 1)), "7,5");
//! assert_eq!(nl::procent(Decimal::new(25, 1)), "2,5%");
//! let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
//! assert_eq!(nl::datum(d), "15 november 2026");
//! assert_eq!(nl::opsomming(&["Ede", "Rhenen", "Veenendaal"]), "Ede, Rhenen en Veenendaal");
//! ```

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// Dutch month names.
pub(crate) const MAANDEN: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

fn group_thousands(int: &str) -> String {
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// An amount in euros with two decimals: `€ 1.234,56`; negative as `€ -1.234,56`.
pub fn euro(d: Decimal) -> String {
    let d = crate::budget::cents(d);
    let neg = d.is_sign_negative() && !d.is_zero();
    let s = format!("{:.2}", d.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    format!(
        "€ {}{},{frac}",
        if neg { "-" } else { "" },
        group_thousands(int)
    )
}

/// A number with a decimal comma and thousands dots, without trailing zeros:
/// `123.532`, `7,5`.
pub fn getal(d: Decimal) -> String {
    let d = d.normalize();
    let neg = d.is_sign_negative() && !d.is_zero();
    let s = d.abs().to_string();
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s, None),
    };
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    out.push_str(&group_thousands(&int));
    if let Some(f) = frac {
        out.push(',');
        out.push_str(&f);
    }
    out
}

/// A percentage from percentage points: `2,5%`.
pub fn procent(points: Decimal) -> String {
    format!("{}%", getal(points))
}

/// A date written out: `15 november 2026`.
pub fn datum(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MAANDEN[d.month0() as usize], d.year())
}

/// A list in running text: `a`, `a en b`, `a, b en c`.
pub fn opsomming<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let head: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} en {}", head.join(", "), last.as_ref())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn amounts() {
        let e = |s: &str| euro(Decimal::from_str(s).unwrap());
        assert_eq!(e("0"), "€ 0,00");
        assert_eq!(e("0.005"), "€ 0,01");
        assert_eq!(e("999.99"), "€ 999,99");
        assert_eq!(e("1000"), "€ 1.000,00");
        assert_eq!(e("1234567.8"), "€ 1.234.567,80");
        assert_eq!(e("-1234.5"), "€ -1.234,50");
        assert_eq!(e("-0.001"), "€ 0,00");
    }

    #[test]
    fn numbers_and_percentages() {
        let g = |s: &str| getal(Decimal::from_str(s).unwrap());
        assert_eq!(g("1000000"), "1.000.000");
        assert_eq!(g("12.50"), "12,5");
        assert_eq!(g("-3"), "-3");
        assert_eq!(procent(Decimal::from_str("100").unwrap()), "100%");
    }

    #[test]
    fn dates_and_lists() {
        let d = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        assert_eq!(datum(d), "1 januari 2027");
        assert_eq!(opsomming::<&str>(&[]), "");
        assert_eq!(opsomming(&["a", "b"]), "a en b");
    }
}
