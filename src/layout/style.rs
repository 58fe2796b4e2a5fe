//! The house style: page, palette, type sizes and spacing, in one place for both exporters.
//!
//! The DOCX exporter reads these values directly; the PDF theme receives them in its data
//! (`style` in `/data.json`, see [`crate::render::pdf`]) and reads every colour, size and
//! margin from there, so the two formats cannot drift apart. Lengths and type sizes are in
//! points, colours are `RRGGBB` hex (as Word writes them; Typst's `rgb` reads them too).
//!
//! ```
//! use regiodocs::layout::style::STYLE;
//! assert_eq!(STYLE.colors.accent, "1D4E6E");
//! assert!(STYLE.page.text_width(false) < STYLE.page.text_width(true));
//! ```

use serde::Serialize;

/// Points per centimetre.
pub const CM: f64 = 72.0 / 2.54;

/// The whole house style.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Style {
    /// Fonts by format.
    pub fonts: Fonts,
    /// Page size and margins.
    pub page: Page,
    /// Colours.
    pub colors: Colors,
    /// Type sizes.
    pub sizes: Sizes,
    /// Spacing.
    pub spacing: Spacing,
}

/// The font family each format names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fonts {
    /// The PDF embeds Source Sans 3 (`templates/fonts`).
    pub pdf: &'static str,
    /// The DOCX names Arial, which every Word has and LibreOffice replaces by the metrically
    /// identical Liberation Sans (a DOCX cannot rely on a font the reader lacks).
    pub docx: &'static str,
}

/// A4 portrait and its margins, in points. Landscape pages (for tables that do not fit
/// upright) turn the paper and keep the margins.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    /// Paper width (portrait).
    pub width: f64,
    /// Paper height (portrait).
    pub height: f64,
    /// Top margin.
    pub top: f64,
    /// Bottom margin.
    pub bottom: f64,
    /// Bottom margin when every page carries the initials box.
    pub bottom_initials: f64,
    /// Left and right margin.
    pub side: f64,
}

impl Page {
    /// The width of the text area, upright or on a landscape page.
    pub fn text_width(&self, landscape: bool) -> f64 {
        let paper = if landscape { self.height } else { self.width };
        paper - 2.0 * self.side
    }

    /// The height of the text area, upright or on a landscape page (with the bottom margin
    /// of pages without the initials box).
    pub fn text_height(&self, landscape: bool) -> f64 {
        let paper = if landscape { self.width } else { self.height };
        paper - self.top - self.bottom
    }
}

/// The palette, as `RRGGBB`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Colors {
    /// Restrained dark blue: headings, title, table header text and rules.
    pub accent: &'static str,
    /// Light tint of the accent: the fill of table header rows.
    pub accent_light: &'static str,
    /// Body text: almost black.
    pub ink: &'static str,
    /// Labels, footer, subtitle.
    pub muted: &'static str,
    /// Thin rules between table rows.
    pub rule: &'static str,
    /// The CONCEPT mark.
    pub concept: &'static str,
    /// Bar colours of charts, in series order (the PDF draws the bars).
    pub chart: [&'static str; 8],
}

/// Type sizes in points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sizes {
    /// Running text.
    pub body: f64,
    /// The document title.
    pub title: f64,
    /// The subtitle under the title.
    pub subtitle: f64,
    /// The author line above the title.
    pub kicker: f64,
    /// Headings of level 1, 2 and 3.
    pub headings: [f64; 3],
    /// Title facts and table captions.
    pub caption: f64,
    /// Table text, and the smaller sizes a table that does not fit may take, largest
    /// first (see [`crate::layout`]).
    pub table: [f64; 3],
    /// Chart titles and data tables.
    pub chart: f64,
    /// A key/value value with one long unbreakable piece (such as a SHA-256).
    pub small: f64,
    /// Notes, such as the basis of a signatory's authority.
    pub note: f64,
    /// Page footer and header.
    pub footer: f64,
}

/// Spacing, in points unless the name says `em`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spacing {
    /// Extra space between lines, in em of the text size.
    pub leading_em: f64,
    /// Space between paragraphs, in em.
    pub paragraph_em: f64,
    /// Space above headings of level 1-3, in em of the body size.
    pub heading_above_em: [f64; 3],
    /// Space below headings of level 1-3, in em of the body size.
    pub heading_below_em: [f64; 3],
    /// Left and right padding inside a table cell.
    pub cell_x: f64,
    /// Top and bottom padding inside a table cell.
    pub cell_y: f64,
    /// Share of the text width the label column of a key/value table takes.
    pub label_share: f64,
    /// Right padding of the label column of a key/value table.
    pub label_gap: f64,
    /// Gap between the two columns of signature blocks.
    pub signature_gap: f64,
    /// How far list items are indented (marker included).
    pub list_indent: f64,
    /// Narrowest bar area of a lying chart.
    pub chart_bar_min: f64,
}

/// The house style of every document.
pub const STYLE: Style = Style {
    fonts: Fonts {
        pdf: "Source Sans 3",
        docx: "Arial",
    },
    page: Page {
        width: 595.28,
        height: 841.89,
        top: 2.6 * CM,
        bottom: 2.8 * CM,
        bottom_initials: 3.4 * CM,
        side: 2.6 * CM,
    },
    colors: Colors {
        accent: "1D4E6E",
        accent_light: "E9F0F5",
        ink: "1F2328",
        muted: "5B6570",
        rule: "C9D1D9",
        concept: "B03A2E",
        chart: [
            "1D4E6E", "86A9C4", "C28F3C", "5F8A5A", "A65A48", "8A80B0", "4F7480", "D2B57C",
        ],
    },
    sizes: Sizes {
        body: 11.0,
        title: 24.0,
        subtitle: 14.0,
        kicker: 9.0,
        headings: [14.0, 12.0, 11.0],
        caption: 9.5,
        table: [9.5, 8.5, 7.5],
        chart: 9.0,
        small: 8.0,
        note: 9.0,
        footer: 8.5,
    },
    spacing: Spacing {
        leading_em: 0.62,
        paragraph_em: 1.05,
        heading_above_em: [2.1, 1.6, 1.4],
        heading_below_em: [0.95, 0.8, 0.65],
        cell_x: 5.0,
        cell_y: 4.5,
        label_share: 0.32,
        label_gap: 13.0,
        signature_gap: 24.0,
        list_indent: 22.0,
        chart_bar_min: 2.0 * CM,
    },
};

/// Points as Word's twentieths of a point (twips), rounded down.
pub fn twips(pt: f64) -> usize {
    (pt * 20.0).floor().max(0.0) as usize
}

/// A type size as Word's half-points, rounded down to a half point.
pub fn half_points(pt: f64) -> usize {
    (pt * 2.0).floor().max(1.0) as usize
}
