//! The layout check: what a reader sees on the page, checked by machine from the word boxes
//! poppler extracts (`pdftotext -bbox-layout`).
//!
//! For every page of a PDF (one Typst wrote, or one LibreOffice made of a DOCX):
//!
//! - **no text over text**: no word's box overlaps another word's box (boxes of adjacent
//!   lines may touch in their ascenders and descenders, so two boxes overlap when they share
//!   more than half the height of the lower one and more than half a point of width);
//! - **nothing past the margins**: every word lies within the text area between the side
//!   margins (header and footer too) and on the paper;
//! - **no atom split over lines**: no amount (`€ 1.234,56`), date (`1 juli 2027`),
//!   percentage or code (`GM0228`, `K-CZV-GM0141`) starts on one line and ends on the next.
//!
//! Reusable: [`check_pdf`] takes any PDF and the side margin, so later checks (signature
//! fields, new document kinds) run the same rules. [`tools`] skips a test when poppler is
//! missing, and fails it when the environment variable `CI` is set.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use regex::Regex;

/// True when every tool is on the PATH. Without one the test is skipped with a notice, or,
/// when `CI` is set, fails: CI must run every check.
pub fn tools(tools: &[&str]) -> bool {
    for t in tools {
        if !crate::util::have(t) {
            assert!(
                std::env::var_os("CI").is_none(),
                "{t} is not installed, and CI is set: the layout check must run"
            );
            eprintln!("NOTE: {t} not installed; skipping this check");
            return false;
        }
    }
    true
}

/// One word and its box, in points from the top left of its page.
#[derive(Debug, Clone)]
pub struct Word {
    pub text: String,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

/// One page: its size and its text blocks, each a list of lines of words.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub width: f64,
    pub height: f64,
    pub blocks: Vec<Vec<Vec<Word>>>,
}

impl Page {
    /// Every word of the page.
    pub fn words(&self) -> impl Iterator<Item = &Word> {
        self.blocks.iter().flatten().flatten()
    }
}

/// What the check found in one PDF.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Pages checked.
    pub pages: usize,
    /// Landscape pages among them.
    pub landscape: usize,
    /// Words checked.
    pub words: usize,
    /// Every violation, as a readable line (`page 3: "Enschede" overlaps "€"`).
    pub violations: Vec<String>,
}

/// The pages of a PDF as poppler sees them.
pub fn pages(pdf: &Path) -> Vec<Page> {
    let out = Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    parse(&String::from_utf8_lossy(&out.stdout))
}

fn attr(line: &str, name: &str) -> f64 {
    line.split(&format!(" {name}=\""))
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in {line}"))
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Parses the XHTML of `pdftotext -bbox-layout` (one element per line).
fn parse(xhtml: &str) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::new();
    for line in xhtml.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push(Page {
                width: attr(line, "width"),
                height: attr(line, "height"),
                blocks: Vec::new(),
            });
        } else if line.starts_with("<block ") {
            if let Some(p) = pages.last_mut() {
                p.blocks.push(Vec::new());
            }
        } else if line.starts_with("<line ") {
            if let Some(b) = pages.last_mut().and_then(|p| p.blocks.last_mut()) {
                b.push(Vec::new());
            }
        } else if line.starts_with("<word ") {
            let text = line
                .split_once('>')
                .and_then(|(_, r)| r.rsplit_once("</word>"))
                .map(|(t, _)| unescape(t))
                .unwrap_or_default();
            let word = Word {
                text,
                x0: attr(line, "xMin"),
                y0: attr(line, "yMin"),
                x1: attr(line, "xMax"),
                y1: attr(line, "yMax"),
            };
            if let Some(l) = pages
                .last_mut()
                .and_then(|p| p.blocks.last_mut())
                .and_then(|b| b.last_mut())
            {
                l.push(word);
            }
        }
    }
    pages
}

/// Runs every rule over a PDF whose text area lies `side` points from the left and right
/// paper edges (on upright and landscape pages alike).
pub fn check_pdf(pdf: &Path, side: f64) -> Report {
    let pages = pages(pdf);
    let mut report = Report {
        pages: pages.len(),
        ..Report::default()
    };
    for (n, page) in pages.iter().enumerate() {
        let n = n + 1;
        report.landscape += usize::from(page.width > page.height);
        let words: Vec<&Word> = page.words().collect();
        report.words += words.len();
        outside(page, side, n, &mut report.violations);
        overlaps(&words, n, &mut report.violations);
        split_atoms(page, n, &mut report.violations);
    }
    report
}

/// How far (in points) a box may reach past a margin: glyph boxes include side bearings.
const TOLERANCE: f64 = 1.0;

fn outside(page: &Page, side: f64, n: usize, out: &mut Vec<String>) {
    for w in page.words() {
        if w.x0 < side - TOLERANCE
            || w.x1 > page.width - side + TOLERANCE
            || w.y0 < 0.0
            || w.y1 > page.height
        {
            out.push(format!(
                "page {n}: \"{}\" lies outside the text area (x {:.1}-{:.1} of {:.1}-{:.1})",
                w.text,
                w.x0,
                w.x1,
                side,
                page.width - side
            ));
        }
    }
}

fn overlaps(words: &[&Word], n: usize, out: &mut Vec<String>) {
    let mut sorted: Vec<&Word> = words.to_vec();
    sorted.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    for (i, a) in sorted.iter().enumerate() {
        for b in &sorted[i + 1..] {
            if b.y0 >= a.y1 {
                break;
            }
            let dy = a.y1.min(b.y1) - a.y0.max(b.y0);
            let dx = a.x1.min(b.x1) - a.x0.max(b.x0);
            let lower = (a.y1 - a.y0).min(b.y1 - b.y0);
            if dx > 0.5 && dy > 0.5 * lower {
                out.push(format!(
                    "page {n}: \"{}\" overlaps \"{}\" (by {dx:.1} x {dy:.1} pt at x {:.1}, y {:.1})",
                    a.text,
                    b.text,
                    a.x0.max(b.x0),
                    a.y0.max(b.y0)
                ));
            }
        }
    }
}

/// Amounts, dates, percentages and codes: what must never break.
fn atoms() -> &'static [Regex] {
    static ATOMS: OnceLock<Vec<Regex>> = OnceLock::new();
    ATOMS.get_or_init(|| {
        let months = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december";
        [
            r"€[ \u{a0}]?-?\d{1,3}(?:\.\d{3})*,\d{2}".to_string(),
            format!(r"\b\d{{1,2}}[ \u{{a0}}]?(?:{months})[ \u{{a0}}]?\d{{4}}"),
            format!(r"\b(?:{months})[ \u{{a0}}]?\d{{4}}"),
            // Not preceded by a digit or separator: the number of the line before is not
            // part of a percentage that starts a line.
            r"(?:^|[^\d.,])(\d+(?:,\d+)?[ \u{a0}]?%)".to_string(),
        ]
        .iter()
        .map(|p| Regex::new(p).expect("pattern"))
        .collect()
    })
}

/// A code such as `GM0228` or `K-CZV-GM0141`: capitals and digits, joined by hyphens, with
/// a digit.
fn is_code(s: &str) -> bool {
    let s = s.trim_matches(|c: char| "(),.;:".contains(c));
    !s.is_empty()
        && s.split('-').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
        && s.chars().any(|c| c.is_ascii_digit())
        && s.chars().any(|c| c.is_ascii_uppercase())
}

/// Within each text block, an atom that runs across the end of a line.
fn split_atoms(page: &Page, n: usize, out: &mut Vec<String>) {
    for block in &page.blocks {
        let lines: Vec<String> = block
            .iter()
            .map(|l| {
                l.iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let mut glued = String::new();
        let mut ends = Vec::new();
        for l in &lines {
            glued.push_str(l);
            ends.push(glued.len());
        }
        let inside = |start: usize, end: usize| ends.iter().any(|&b| start < b && b < end);
        // One report per split atom: `november 2026` inside `15 november 2026` is the same.
        let mut split: Vec<(usize, usize)> = Vec::new();
        for re in atoms() {
            let found = re
                .captures_iter(&glued)
                .filter_map(|c| c.get(1).or(c.get(0)));
            for m in found {
                let within = |&(s, e): &(usize, usize)| s <= m.start() && m.end() <= e;
                if inside(m.start(), m.end()) && !split.iter().any(within) {
                    split.push((m.start(), m.end()));
                    out.push(format!(
                        "page {n}: \"{}\" is split over two lines",
                        m.as_str()
                    ));
                }
            }
        }
        // A code broken after one of its hyphens.
        for pair in block.windows(2) {
            let (Some(last), Some(first)) = (pair[0].last(), pair[1].first()) else {
                continue;
            };
            let joined = format!("{}{}", last.text, first.text);
            if last.text.ends_with('-') && is_code(&joined) {
                out.push(format!(
                    "page {n}: code \"{joined}\" is split over two lines"
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x0: f64, y0: f64, x1: f64, y1: f64) -> Word {
        Word {
            text: text.into(),
            x0,
            y0,
            x1,
            y1,
        }
    }

    fn page(blocks: Vec<Vec<Vec<Word>>>) -> Page {
        Page {
            width: 595.0,
            height: 842.0,
            blocks,
        }
    }

    #[test]
    fn the_checker_sees_overlaps_margins_and_split_atoms() {
        // "Enschede" drawn over the amount beside it; the next line's ascenders touching
        // the first line is no overlap.
        let words = [
            word("Enschede", 80.0, 100.0, 130.0, 110.0),
            word("€", 120.0, 100.0, 126.0, 110.0),
            word("Ede", 80.0, 108.0, 100.0, 118.0),
        ];
        let refs: Vec<&Word> = words.iter().collect();
        let mut v = Vec::new();
        overlaps(&refs, 1, &mut v);
        assert_eq!(v.len(), 1, "{v:?}");
        assert!(v[0].contains("\"Enschede\" overlaps \"€\""), "{v:?}");

        let mut v = Vec::new();
        outside(&page(vec![vec![words[..1].to_vec()]]), 74.0, 1, &mut v);
        outside(
            &page(vec![vec![vec![word("Uitkomst", 500.0, 1.0, 530.0, 9.0)]]]),
            74.0,
            2,
            &mut v,
        );
        assert_eq!(v.len(), 1, "{v:?}");
        assert!(v[0].starts_with("page 2: \"Uitkomst\""), "{v:?}");

        let lines = |a: &[&str], b: &[&str]| {
            let l = |ws: &[&str]| ws.iter().map(|t| word(t, 80.0, 0.0, 90.0, 8.0)).collect();
            page(vec![vec![l(a), l(b)]])
        };
        let mut v = Vec::new();
        split_atoms(&lines(&["Totaal", "€", "124.315,4"], &["3"]), 1, &mut v);
        split_atoms(&lines(&["op", "15", "november"], &["2026"]), 2, &mut v);
        split_atoms(&lines(&["K-CZV-"], &["GM0141"]), 3, &mut v);
        split_atoms(&lines(&["Totaal", "€"], &["88.905,42"]), 4, &mut v);
        split_atoms(&lines(&["stijgt", "met", "11,"], &["2%"]), 5, &mut v);
        assert_eq!(v.len(), 5, "{v:?}");
        // Whole atoms at line ends, and ordinary hyphenated words, are fine.
        let mut v = Vec::new();
        split_atoms(&lines(&["€", "88.905,42"], &["Leidschendam-"]), 1, &mut v);
        split_atoms(
            &lines(&["Leidschendam-"], &["Voorburg", "GM0228"]),
            1,
            &mut v,
        );
        split_atoms(&lines(&["op", "1", "juli", "2027"], &["2028"]), 1, &mut v);
        split_atoms(&lines(&["123.532"], &["13,1%"]), 1, &mut v);
        assert!(v.is_empty(), "{v:?}");
    }
}
