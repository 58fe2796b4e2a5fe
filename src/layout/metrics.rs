//! Font metrics: how wide a text is, measured with the real fonts' advances.
//!
//! Every width is measured twice, with the fonts the PDF embeds (Source Sans 3) and with the
//! metrics of the font the DOCX names (Arial, which LibreOffice renders as the metrically
//! identical Liberation Sans; its Regular and Bold are embedded for measuring only, see
//! `src/layout/fonts/OFL.txt`), and the larger of the two counts: one column width then
//! holds the text in both formats.
//!
//! Widths are sums of advances in em, without kerning (kerning almost always narrows text,
//! so the sum errs on the wide side; the cell padding absorbs the rare positive pair).
//! Characters a font lacks count as one em (Word and LibreOffice substitute another font,
//! the PDF prints `□`); invisible formatting characters count as nothing.

use std::sync::OnceLock;

use ttf_parser::Face;

/// The fonts the PDF embeds ([`crate::fonts::FILES`]), in the order Regular, Italic,
/// SemiBold, Bold, BoldItalic.
pub(crate) const PDF_FONTS: &[&[u8]] = crate::fonts::FILES;

/// Liberation Sans Regular and Bold (metrics of Arial), for measuring the DOCX.
const DOCX_FONTS: [&[u8]; 2] = [
    include_bytes!("fonts/LiberationSans-Regular.ttf"),
    include_bytes!("fonts/LiberationSans-Bold.ttf"),
];

/// Liberation Sans Italic is as wide as the upright for Latin letters, within a few
/// percent for a handful of rare ones; italic DOCX text is measured upright and widened by
/// this factor instead of embedding two more fonts.
const DOCX_ITALIC_SLACK: f64 = 1.05;

/// How a run of text is set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Font {
    /// The weight.
    pub weight: Weight,
    /// Italic.
    pub italic: bool,
}

/// A font weight, as both formats print it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Weight {
    /// Normal text.
    #[default]
    Regular,
    /// Table headers and headings: semibold in the PDF, bold in the DOCX.
    Semibold,
    /// Strong text and totals.
    Bold,
}

/// One font's advances: a table for the common code points, the font itself for the rest.
struct Advances {
    face: Face<'static>,
    /// Advances in em for code points below [`TABLE_END`]; negative when the font lacks it.
    table: Vec<f32>,
    units: f32,
}

/// Code points below this have their advance in a table (Latin, punctuation, `€`, arrows).
const TABLE_END: u32 = 0x2200;

impl Advances {
    fn new(data: &'static [u8]) -> Option<Advances> {
        let face = Face::parse(data, 0).ok()?;
        let units = f32::from(face.units_per_em().max(1));
        let mut a = Advances {
            face,
            table: Vec::new(),
            units,
        };
        a.table = (0..TABLE_END)
            .map(|u| char::from_u32(u).and_then(|c| a.lookup(c)).unwrap_or(-1.0))
            .collect();
        Some(a)
    }

    fn lookup(&self, c: char) -> Option<f32> {
        let g = self.face.glyph_index(c)?;
        Some(f32::from(self.face.glyph_hor_advance(g)?) / self.units)
    }

    /// The advance of `c` in em; `None` when the font lacks it.
    fn get(&self, c: char) -> Option<f64> {
        let u = u32::from(c);
        let a = if u < TABLE_END {
            self.table[u as usize]
        } else {
            self.lookup(c).unwrap_or(-1.0)
        };
        (a >= 0.0).then_some(f64::from(a))
    }
}

/// The parsed fonts, loaded once.
struct Fonts {
    /// Regular, Italic, SemiBold, Bold, BoldItalic.
    pdf: Vec<Advances>,
    /// Regular, Bold.
    docx: Vec<Advances>,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts {
        pdf: PDF_FONTS.iter().filter_map(|d| Advances::new(d)).collect(),
        docx: DOCX_FONTS.iter().filter_map(|d| Advances::new(d)).collect(),
    })
}

/// The advances of `text` as Typst sets plain table text: Source Sans 3 Regular, shaped
/// by rustybuzz (Typst's shaper) with its default features (kerning, ligatures), tabular
/// figures and Dutch as the language. One number per character of `text`, in em: a
/// glyph's advance counts for the first character of its cluster, the other characters
/// of a cluster (a ligature) count nothing. `None` when the font lacks a character (Typst
/// would take it from another font).
///
/// A line's width is then the sum over its characters; where a line ends at a space, the
/// kerning pair across it belongs to the space, which Typst does not count at the end of
/// a line either.
pub(crate) fn shaped_pdf(text: &str) -> Option<Vec<f64>> {
    static FACE: OnceLock<Option<rustybuzz::Face<'static>>> = OnceLock::new();
    let face = FACE
        .get_or_init(|| rustybuzz::Face::from_slice(PDF_FONTS.first()?, 0))
        .as_ref()?;
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_language("nl".parse().ok()?);
    buffer.set_direction(rustybuzz::Direction::LeftToRight);
    buffer.guess_segment_properties();
    buffer.set_flags(rustybuzz::BufferFlags::REMOVE_DEFAULT_IGNORABLES);
    let tnum = rustybuzz::Feature::new(ttf_parser::Tag::from_bytes(b"tnum"), 1, ..);
    let glyphs = rustybuzz::shape(face, &[tnum], buffer);
    let units = f64::from(face.units_per_em().max(1));
    // Byte offset of a cluster -> character index.
    let mut index = vec![usize::MAX; text.len() + 1];
    for (i, (b, _)) in text.char_indices().enumerate() {
        index[b] = i;
    }
    let mut advances = vec![0.0; text.chars().count()];
    for (info, pos) in glyphs.glyph_infos().iter().zip(glyphs.glyph_positions()) {
        let c = *index.get(info.cluster as usize)?;
        if info.glyph_id == 0 || c == usize::MAX {
            return None;
        }
        advances[c] += f64::from(pos.x_advance) / units;
    }
    Some(advances)
}

/// Characters that print nothing and take no room.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    ) || unicode_normalization::char::is_combining_mark(c)
}

/// A width in em in both formats: the PDF (Source Sans 3) and the DOCX (Arial).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Width {
    pdf: f64,
    docx: f64,
}

impl Width {
    /// The width that holds the text in both formats.
    pub(crate) fn em(self) -> f64 {
        self.pdf.max(self.docx)
    }
}

impl std::ops::Add for Width {
    type Output = Width;
    fn add(self, o: Width) -> Width {
        Width {
            pdf: self.pdf + o.pdf,
            docx: self.docx + o.docx,
        }
    }
}

impl std::ops::AddAssign for Width {
    fn add_assign(&mut self, o: Width) {
        *self = *self + o;
    }
}

impl std::ops::Sub for Width {
    type Output = Width;
    fn sub(self, o: Width) -> Width {
        Width {
            pdf: self.pdf - o.pdf,
            docx: self.docx - o.docx,
        }
    }
}

/// Measures text set in one [`Font`], in both formats at once.
#[derive(Clone, Copy)]
pub(crate) struct Measure {
    pdf: &'static Advances,
    docx: &'static Advances,
    docx_slack: f64,
}

impl Measure {
    /// The measure for one font. Falls back to any loaded font if one failed to parse
    /// (never expected: the fonts are compiled in).
    pub(crate) fn new(font: Font) -> Measure {
        let f = fonts();
        let pdf_index = match (font.weight, font.italic) {
            (Weight::Regular, false) => 0,
            (Weight::Regular, true) => 1,
            (Weight::Semibold, false) => 2,
            (Weight::Bold, false) => 3,
            (_, true) => 4,
        };
        let docx_index = usize::from(font.weight != Weight::Regular);
        let any = || {
            f.pdf
                .first()
                .or(f.docx.first())
                .expect("a compiled-in font parses")
        };
        Measure {
            pdf: f.pdf.get(pdf_index).unwrap_or_else(any),
            docx: f.docx.get(docx_index).unwrap_or_else(any),
            docx_slack: if font.italic { DOCX_ITALIC_SLACK } else { 1.0 },
        }
    }

    /// The advance of one character.
    pub(crate) fn char(&self, c: char) -> Width {
        if is_invisible(c) {
            return Width::default();
        }
        Width {
            pdf: self.pdf.get(c).unwrap_or(1.0),
            docx: self.docx.get(c).unwrap_or(1.0) * self.docx_slack,
        }
    }

    /// The width of `text`.
    #[cfg(test)]
    pub(crate) fn text(&self, text: impl IntoIterator<Item = char>) -> Width {
        text.into_iter()
            .fold(Width::default(), |w, c| w + self.char(c))
    }

    /// The width of the hyphen a renderer adds where it breaks at a soft hyphen.
    pub(crate) fn hyphen(&self) -> Width {
        self.char('-')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_the_wider_of_source_sans_and_arial() {
        let m = Measure::new(Font::default());
        // Digits: Source Sans 3 0.497 em, Arial 0.556 em.
        assert!((m.char('0').em() - 0.556).abs() < 0.001);
        // The whole string is the wider format's sum, not a sum of per-character maxima.
        let amount = "€\u{a0}1.234,56";
        let arial = 0.556 * 7.0 + 0.278 * 3.0;
        assert!((m.text(amount.chars()).em() - arial).abs() < 0.01);
        // Bold is wider; invisible characters take no room; unknown ones one em.
        let bold = Measure::new(Font {
            weight: Weight::Bold,
            italic: false,
        });
        assert!(bold.text("Totaal".chars()).em() > m.text("Totaal".chars()).em());
        assert_eq!(
            m.text("a\u{ad}\u{200b}\u{2060}b".chars()),
            m.text("ab".chars())
        );
        assert_eq!(m.char('\u{1F34E}').em(), 1.0);
    }
}
