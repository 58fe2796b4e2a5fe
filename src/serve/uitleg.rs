//! What each finding code means and what to do about it, in Dutch: the page
//! `/uitleg/F18` that every finding links to.
//!
//! The text is the user documentation of the codes (`docs/bevindingen.md`, the same that
//! `regiodocs uitleg F18` prints, found by [`crate::diag::uitleg`]), shown as HTML. Links to
//! other documentation files become plain text: the page serves no files from `docs/`.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::diag::Code;

/// The explanation of one finding code.
#[derive(Debug, Clone, Serialize)]
pub struct Uitleg {
    /// The code, e.g. `F18`.
    pub code: &'static str,
    /// What it is about, in a few words (the heading of its section).
    pub titel: &'static str,
    /// Severity, meaning and what to do, as HTML made from the documentation.
    pub html: String,
}

/// The explanation of a code (`f18` and `F18` alike); `None` when the code is unknown.
///
/// ```
/// let u = regiodocs::serve::uitleg("f18").unwrap();
/// assert_eq!((u.code, u.titel), ("F18", "Ongeldig formaat"));
/// assert!(u.html.contains("<strong>Oplossen:</strong>"));
/// assert!(regiodocs::serve::uitleg("F99").is_none());
/// ```
pub fn uitleg(code: &str) -> Option<Uitleg> {
    let (code, titel, tekst) = sectie(code)?;
    let events = Parser::new(tekst)
        .filter(|e| !matches!(e, Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link)));
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    Some(Uitleg { code, titel, html })
}

/// What a code is about, in a few words (for the findings list, without the whole text).
pub(super) fn titel(code: &str) -> Option<&'static str> {
    sectie(code).map(|(_, titel, _)| titel)
}

/// A code's section of the documentation: code, title and the Markdown below the heading.
fn sectie(code: &str) -> Option<(&'static str, &'static str, &'static str)> {
    let section = crate::diag::uitleg(code)?;
    let (kop, tekst) = section.split_once('\n').unwrap_or((section, ""));
    let (code, titel) = kop.strip_prefix("## ")?.split_once(' ')?;
    Some((code, titel, tekst))
}

/// The explanations of every code regiodocs reports, in code order.
pub fn alle() -> Vec<Uitleg> {
    Code::ALL
        .iter()
        .filter_map(|c| uitleg(c.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_an_explanation_of_its_own() {
        let alle = alle();
        assert_eq!(alle.len(), Code::ALL.len());
        let mut titles = std::collections::BTreeSet::new();
        for (u, c) in alle.iter().zip(Code::ALL) {
            assert_eq!(u.code, c.as_str());
            assert!(u.html.contains("<strong>Oplossen:</strong>"), "{}", u.code);
            assert!(titles.insert(u.titel), "{} repeats a title", u.code);
        }
    }

    #[test]
    fn links_to_other_documentation_become_text() {
        let u = uitleg("F31").unwrap();
        assert!(u.html.contains("templates aanpassen"), "{}", u.html);
        assert!(!u.html.contains("<a "), "{}", u.html);
    }
}
