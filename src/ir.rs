//! The document IR: one small tree per document, from which every exporter renders.
//!
//! A content template produces this tree once. Numbering ("Artikel 4", "4.2") and
//! cross-references are already resolved into plain text here, so the PDF and the DOCX
//! print exactly the same words and numbers. Exporters never compute content; they only
//! lay it out.
//!
//! The tree is serialised to JSON for the Typst theme (`templates/theme.typ`); the JSON
//! shape is part of the contract with that theme. Every enum is tagged with `"t"`.
//!
//! ```
//! use regiodocs::ir::{Block, Document, Inline, Meta};
//! let doc = Document {
//!     meta: Meta::example(),
//!     blocks: vec![Block::Paragraph { content: vec![Inline::text("Hallo")] }],
//! };
//! assert_eq!(doc.plain_text(), "Hallo");
//! ```

use serde::{Deserialize, Serialize};

/// One complete document: metadata plus the body blocks in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Title, version, dates and page furniture switches.
    pub meta: Meta,
    /// The body, in reading order.
    pub blocks: Vec<Block>,
}

/// Document metadata and page furniture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Document title, e.g. `Samenwerkingsovereenkomst Kind naar Gezonder Gewicht`.
    pub title: String,
    /// Optional subtitle, e.g. `Regio Foodvalley`.
    pub subtitle: Option<String>,
    /// Short title printed in the page footer.
    pub footer_title: String,
    /// Author for the file metadata (the organisation or person that drew it up).
    pub author: String,
    /// Version as the user wrote it, e.g. `1.0`.
    pub version: String,
    /// The document date as ISO `YYYY-MM-DD` (from `Versiedatum`); also the file timestamp.
    pub date: String,
    /// The same date written out in Dutch, e.g. `15 november 2026`.
    pub date_text: String,
    /// BCP 47 language tag; always `nl`.
    pub language: String,
    /// Keywords for the file metadata.
    pub keywords: Vec<String>,
    /// When true, every page carries a visible CONCEPT mark.
    pub concept: bool,
    /// When true, every page carries a box for the signatories' initials (paraaf).
    pub initials_box: bool,
}

/// A block-level element.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Block {
    /// The title block at the top of the first page.
    Title {
        /// Main title.
        title: String,
        /// Optional subtitle.
        subtitle: Option<String>,
        /// Facts shown under the title (label, value), e.g. ("Versie", "1.0").
        facts: Vec<KeyValueRow>,
    },
    /// A heading with its resolved number (if numbered).
    Heading {
        /// 1 (chapter or article) to 3.
        level: u8,
        /// The resolved number as printed, e.g. `Artikel 4` or `4.2`; `None` when unnumbered.
        number: Option<String>,
        /// The heading text.
        text: String,
        /// Stable anchor for cross-references, e.g. `financiering`.
        id: Option<String>,
    },
    /// A paragraph of running text.
    Paragraph {
        /// Inline content.
        content: Vec<Inline>,
    },
    /// A bulleted or numbered list; each item is a run of inline content.
    List {
        /// Numbered (1., 2., ...) when true, bullets when false.
        ordered: bool,
        /// The items.
        items: Vec<Vec<Inline>>,
    },
    /// A two-column table of labels and values without a header row.
    KeyValue {
        /// The rows.
        rows: Vec<KeyValueRow>,
    },
    /// A data table with a header row, optional totals row and per-column alignment.
    Table(Table),
    /// Signature blocks, one per signatory, with a line for place, date and signature.
    Signatures {
        /// The signatories in signing order.
        signatories: Vec<Signatory>,
    },
    /// Forces the next block onto a new page.
    PageBreak,
}

/// A label and its value, as in a key/value table or the title facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyValueRow {
    /// The label, e.g. `KvK-nummer`.
    pub label: String,
    /// The value.
    pub value: Vec<Inline>,
}

/// A data table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Optional caption printed above the table, e.g. `Tabel 3. Kosten per jaar`.
    pub caption: Option<String>,
    /// Column headers, alignment and relative widths.
    pub columns: Vec<Column>,
    /// Body rows; every row has exactly one cell per column.
    pub rows: Vec<Vec<Vec<Inline>>>,
    /// Optional totals row, printed in bold after a rule.
    pub total: Option<Vec<Vec<Inline>>>,
}

/// One column of a [`Table`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// Header text.
    pub header: String,
    /// Horizontal alignment of header and cells (amounts are right-aligned).
    pub align: Align,
    /// Relative width (1 = normal); exporters scale the columns to the text width.
    pub width: u8,
}

/// Horizontal alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// Left (text).
    Left,
    /// Right (amounts and numbers).
    Right,
    /// Centred.
    Center,
}

/// One person who signs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signatory {
    /// Name as printed under the signature.
    pub name: String,
    /// Function, e.g. `wethouder`.
    pub function: String,
    /// Organisation signed for (legal name).
    pub organisation: String,
    /// Basis of the authority to sign, e.g. a mandate decision; may be empty.
    pub authority: Option<String>,
    /// Place of signing, if known in advance; otherwise a blank line is printed.
    pub place: Option<String>,
}

/// Inline content: styled text and explicit line breaks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Inline {
    /// A run of text; the text is literal, never markup.
    Text {
        /// The literal text.
        text: String,
        /// Bold.
        #[serde(default, skip_serializing_if = "is_false")]
        strong: bool,
        /// Italic.
        #[serde(default, skip_serializing_if = "is_false")]
        emph: bool,
    },
    /// A forced line break within the same paragraph or cell.
    Break,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Inline {
    /// Plain, unstyled text.
    pub fn text(s: impl Into<String>) -> Self {
        Inline::Text {
            text: s.into(),
            strong: false,
            emph: false,
        }
    }

    /// Bold text.
    pub fn strong(s: impl Into<String>) -> Self {
        Inline::Text {
            text: s.into(),
            strong: true,
            emph: false,
        }
    }
}

/// Concatenates inline content to plain text; a break becomes a newline.
pub fn inline_text(content: &[Inline]) -> String {
    let mut out = String::new();
    for i in content {
        match i {
            Inline::Text { text, .. } => out.push_str(text),
            Inline::Break => out.push('\n'),
        }
    }
    out
}

impl Meta {
    /// A filled-in example, for documentation and tests.
    pub fn example() -> Self {
        Meta {
            title: "Regionaal plan van aanpak".into(),
            subtitle: Some("Regio Voorbeeld".into()),
            footer_title: "Regionaal plan van aanpak".into(),
            author: "Regio Voorbeeld".into(),
            version: "1.0".into(),
            date: "2026-11-15".into(),
            date_text: "15 november 2026".into(),
            language: "nl".into(),
            keywords: vec!["Kind naar Gezonder Gewicht".into()],
            concept: false,
            initials_box: false,
        }
    }
}

impl Document {
    /// The document's text, block by block, one line per paragraph, list item and table
    /// row (cells separated by a space). Used to compare exporters with each other.
    pub fn plain_text(&self) -> String {
        let mut lines: Vec<String> = Vec::new();
        for b in &self.blocks {
            match b {
                Block::Title {
                    title,
                    subtitle,
                    facts,
                } => {
                    lines.push(title.clone());
                    lines.extend(subtitle.clone());
                    for f in facts {
                        lines.push(format!("{} {}", f.label, inline_text(&f.value)));
                    }
                }
                Block::Heading { number, text, .. } => match number {
                    Some(n) => lines.push(format!("{n} {text}")),
                    None => lines.push(text.clone()),
                },
                Block::Paragraph { content } => lines.push(inline_text(content)),
                Block::List { items, .. } => {
                    lines.extend(items.iter().map(|i| inline_text(i)));
                }
                Block::KeyValue { rows } => {
                    for r in rows {
                        lines.push(format!("{} {}", r.label, inline_text(&r.value)));
                    }
                }
                Block::Table(t) => {
                    lines.extend(t.caption.clone());
                    let header: Vec<&str> = t.columns.iter().map(|c| c.header.as_str()).collect();
                    lines.push(header.join(" "));
                    for row in t.rows.iter().chain(t.total.iter()) {
                        let cells: Vec<String> = row.iter().map(|c| inline_text(c)).collect();
                        lines.push(cells.join(" "));
                    }
                }
                Block::Signatures { signatories } => {
                    for s in signatories {
                        lines.push(s.organisation.clone());
                        lines.push(s.name.clone());
                        lines.push(s.function.clone());
                        lines.extend(s.authority.clone());
                    }
                }
                Block::PageBreak => {}
            }
        }
        lines.join("\n")
    }
}
