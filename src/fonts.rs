//! The fonts embedded in the binary, and which characters they can show.
//!
//! The PDF is set in these fonts only ([`crate::render::pdf`]); a character none of them
//! has is printed as `□`. `check` warns about such characters at their cell
//! ([`Code::OnbekendTeken`](crate::diag::Code::OnbekendTeken)), using [`printable`], so the
//! user learns it before the PDF is made.
//!
//! ```
//! use regiodocs::fonts::printable;
//! assert!(printable('é') && printable('€') && printable('ł'));
//! assert!(!printable('😀'));
//! ```

use std::sync::OnceLock;

/// The embedded fonts (Source Sans 3, SIL Open Font License 1.1, see
/// `templates/fonts/OFL.txt`). No system font is ever loaded.
pub const FILES: &[&[u8]] = &[
    include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/fonts/SourceSans3-Regular.ttf"
    )),
    include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/fonts/SourceSans3-Italic.ttf"
    )),
    include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/fonts/SourceSans3-SemiBold.ttf"
    )),
    include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/fonts/SourceSans3-Bold.ttf"
    )),
    include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/fonts/SourceSans3-BoldItalic.ttf"
    )),
];

/// Every code point some embedded font has a glyph for, sorted (read from the fonts once).
fn coverage() -> &'static [u32] {
    static COVERED: OnceLock<Vec<u32>> = OnceLock::new();
    COVERED.get_or_init(|| {
        let mut covered: Vec<u32> = FILES
            .iter()
            .flat_map(|data| typst::text::Font::iter(typst::foundations::Bytes::new(*data)))
            .flat_map(|f| f.info().coverage.iter().collect::<Vec<u32>>())
            .collect();
        covered.sort_unstable();
        covered.dedup();
        covered
    })
}

/// Whether some embedded font has a glyph for `c`.
pub fn covers(c: char) -> bool {
    coverage().binary_search(&u32::from(c)).is_ok()
}

/// Whether `c` can be set with the embedded fonts without a missing glyph: a character a
/// font has, white space, or an invisible formatting character that needs no glyph.
pub fn printable(c: char) -> bool {
    matches!(c, ' '..='~')
        || (!is_invisible_unsupported(c)
            && (c.is_whitespace() || is_default_ignorable(c) || covers(c)))
}

/// Invisible characters that the PDF/A export rejects: control characters (other than
/// line breaks), the byte order mark and the bidi embedding controls U+202A-U+202E.
pub fn is_invisible_unsupported(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}'))
        || c == '\u{FEFF}'
        || ('\u{202A}'..='\u{202E}').contains(&c)
}

/// Unicode's Default_Ignorable_Code_Point: invisible formatting characters that fonts
/// need not have and shaping hides.
fn is_default_ignorable(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00AD
            | 0x034F
            | 0x061C
            | 0x115F..=0x1160
            | 0x17B4..=0x17B5
            | 0x180B..=0x180F
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            | 0x3164
            | 0xFE00..=0xFE0F
            | 0xFEFF
            | 0xFFA0
            | 0xFFF0..=0xFFF8
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF
    )
}

/// The characters of `text` that would print as `□` in the PDF (each once, in order).
///
/// ```
/// use regiodocs::fonts::missing;
/// assert_eq!(missing("Gezond 💪 en 😀 💪"), ['💪', '😀']);
/// assert!(missing("Súdwest-Fryslân").is_empty());
/// ```
pub fn missing(text: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in text.chars() {
        if !printable(c) && !is_invisible_unsupported(c) && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}
