//! The built-in list of all 342 Dutch municipalities (CBS, indeling 2024 = 2025), with
//! their GGD region and population on 1 January 2024, embedded in the binary.
//!
//! It checks CBS codes, warns when a name does not match its code and fills in missing
//! population figures. The source and caveats are in `data/README.md`.
//!
//! ```
//! use regiodocs::cbs;
//! let ede = cbs::gemeente("GM0228").unwrap();
//! assert_eq!(ede.naam, "Ede");
//! assert_eq!(cbs::all().len(), 342);
//! ```

use std::sync::OnceLock;

/// The reference date of the population figures, as printed in documents.
pub const PEILDATUM: &str = "1 januari 2024";

/// The year of the municipal boundaries (identical in 2025).
pub const INDELING: u16 = 2024;

const CSV: &str = include_str!("../data/gemeenten.csv");

/// One municipality of the CBS list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CbsGemeente {
    /// CBS code, e.g. `GM0228`.
    pub code: String,
    /// Name in CBS spelling, e.g. `'s-Gravenhage`.
    pub naam: String,
    /// Province.
    pub provincie: String,
    /// GGD region.
    pub ggd_regio: String,
    /// Population on 1 January 2024.
    pub inwoners: u64,
}

/// Every municipality, sorted by code.
pub fn all() -> &'static [CbsGemeente] {
    static LIST: OnceLock<Vec<CbsGemeente>> = OnceLock::new();
    LIST.get_or_init(|| {
        CSV.lines()
            .skip(1)
            .filter_map(|line| {
                let f = split_csv_line(line);
                Some(CbsGemeente {
                    code: f.first()?.to_string(),
                    naam: f.get(1)?.to_string(),
                    provincie: f.get(2)?.to_string(),
                    ggd_regio: f.get(3)?.to_string(),
                    inwoners: f.get(4)?.parse().ok()?,
                })
            })
            .collect()
    })
}

/// Splits one line of the embedded CSV; fields may be quoted (`"Nuenen, Gerwen en ..."`).
fn split_csv_line(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            _ => fields.last_mut().into_iter().for_each(|f| f.push(c)),
        }
    }
    fields
}

/// The municipality with this CBS code (exact, upper case).
pub fn gemeente(code: &str) -> Option<&'static CbsGemeente> {
    let list = all();
    list.binary_search_by(|g| g.code.as_str().cmp(code))
        .ok()
        .map(|i| &list[i])
}

/// The municipalities of a GGD region, sorted by code.
pub fn in_ggd_regio(regio: &str) -> Vec<&'static CbsGemeente> {
    all().iter().filter(|g| g.ggd_regio == regio).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_list_is_complete_and_sums_to_the_national_population() {
        assert_eq!(all().len(), 342);
        let total: u64 = all().iter().map(|g| g.inwoners).sum();
        assert_eq!(total, 17_942_942);
        assert!(all().windows(2).all(|w| w[0].code < w[1].code));
        assert_eq!(gemeente("GM0363").unwrap().inwoners, 931_298);
        assert_eq!(in_ggd_regio("GGD Groningen").len(), 10);
        assert!(gemeente("GM9999").is_none());
        assert_eq!(
            gemeente("GM0820").unwrap().naam,
            "Nuenen, Gerwen en Nederwetten"
        );
    }
}
