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
    /// When true, the PDF gets an empty signature field over every signatory's signature
    /// line (see [`crate::render::signature_fields`]); the printed lines are always there.
    #[serde(default)]
    pub signature_fields: bool,
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
    /// A bar chart with its data table: the PDF draws the bars above the table, the DOCX
    /// prints the table. Both print the same text (title, table).
    Chart(Chart),
    /// Forces the next block onto a new page.
    PageBreak,
}

/// A bar chart: one group of bars per category (e.g. a year), one bar or bar segment per
/// series (e.g. incidental and structural costs). Upright charts have the categories as
/// columns of the data table (the bars stand above them); lying charts (`horizontal`)
/// have one table row per category with its bar in the row.
///
/// Values are exact decimals as strings; the printed labels and the alternative text are
/// made in Rust ([`Chart::new`]), so the theme never formats numbers. The theme uses the
/// values only to size the bars.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    /// Title printed above the chart, e.g. `Kosten per jaar`.
    pub title: String,
    /// Header of the data table's first column (above the series names); may be empty.
    pub label: String,
    /// The categories along the axis, e.g. `2027`, `2028`.
    pub categories: Vec<String>,
    /// The series; each has exactly one value per category.
    pub series: Vec<Series>,
    /// Stacked bars (segments add up per category) or bars side by side.
    pub stacked: bool,
    /// Lying bars, one table row per category (for long category names, such as
    /// funding sources); otherwise upright bars above a table with one column per category.
    pub horizontal: bool,
    /// The largest bar (a stacked sum, or a single value), as an exact decimal; at least 0.
    pub max: String,
    /// Alternative text for assistive technology, generated from the data.
    pub alt: String,
}

/// One series of a [`Chart`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// Name shown in the legend and the data table, e.g. `Incidenteel`.
    pub name: String,
    /// One exact decimal per category, e.g. `"12345.60"`.
    pub values: Vec<String>,
    /// The same values as printed, e.g. `€ 12.345,60`.
    pub labels: Vec<String>,
}

/// How chart values are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartUnit {
    /// `€ 1.234,50`.
    Euro,
    /// `1.234,5`.
    Number,
    /// `2,5%`.
    Percent,
}

impl Chart {
    /// The data table as printed by every exporter, header row first: upright charts have
    /// a column per category and a row per series, lying charts a row per category and a
    /// column per series.
    pub fn table_rows(&self) -> Vec<Vec<String>> {
        let n = self.categories.len();
        let label = |s: &Series, i: usize| s.labels.get(i).cloned().unwrap_or_default();
        let mut rows = Vec::new();
        if self.horizontal {
            let mut header = vec![self.label.clone()];
            header.extend(self.series.iter().map(|s| s.name.clone()));
            rows.push(header);
            for (i, c) in self.categories.iter().enumerate() {
                let mut row = vec![c.clone()];
                row.extend(self.series.iter().map(|s| label(s, i)));
                rows.push(row);
            }
        } else {
            let mut header = vec![self.label.clone()];
            header.extend(self.categories.iter().cloned());
            rows.push(header);
            for s in &self.series {
                let mut row = vec![s.name.clone()];
                row.extend((0..n).map(|i| label(s, i)));
                rows.push(row);
            }
        }
        rows
    }

    /// Builds a chart from exact values: formats the labels, finds the largest bar and
    /// writes the alternative text. Missing values count as 0; extra values are dropped,
    /// so every series has exactly one value per category.
    pub fn new(
        title: impl Into<String>,
        label: impl Into<String>,
        categories: Vec<String>,
        series: Vec<(String, Vec<rust_decimal::Decimal>)>,
        stacked: bool,
        horizontal: bool,
        unit: ChartUnit,
    ) -> Chart {
        use rust_decimal::Decimal;
        let title = title.into();
        let n = categories.len();
        let fmt = |d: Decimal| match unit {
            ChartUnit::Euro => crate::nl::euro(d),
            ChartUnit::Number => crate::nl::getal(d),
            ChartUnit::Percent => crate::nl::procent(d),
        };
        let series: Vec<(String, Vec<Decimal>)> = series
            .into_iter()
            .map(|(name, mut values)| {
                values.resize(n, Decimal::ZERO);
                (name, values)
            })
            .collect();
        let mut max = Decimal::ZERO;
        for i in 0..n {
            let column = series.iter().map(|(_, v)| v[i].max(Decimal::ZERO));
            let bar = if stacked {
                column.fold(Decimal::ZERO, |a, b| {
                    a.checked_add(b).unwrap_or(Decimal::MAX)
                })
            } else {
                column.max().unwrap_or(Decimal::ZERO)
            };
            max = max.max(bar);
        }
        let kind = match (stacked, horizontal) {
            (true, false) => "Gestapeld staafdiagram",
            (false, false) => "Staafdiagram",
            (true, true) => "Gestapeld liggend staafdiagram",
            (false, true) => "Liggend staafdiagram",
        };
        let names: Vec<&str> = series.iter().map(|(s, _)| s.as_str()).collect();
        let mut alt = format!("{kind} ‘{title}’");
        if !names.is_empty() {
            alt.push_str(&format!(
                " met {} {}",
                if names.len() == 1 {
                    "de reeks"
                } else {
                    "de reeksen"
                },
                crate::nl::opsomming(&names)
            ));
        }
        alt.push('.');
        for (i, c) in categories.iter().enumerate() {
            let values: Vec<String> = series
                .iter()
                .map(|(name, v)| format!("{name} {}", fmt(v[i])))
                .collect();
            alt.push_str(&format!(" {c}: {}.", values.join(", ")));
        }
        Chart {
            title,
            label: label.into(),
            categories,
            series: series
                .into_iter()
                .map(|(name, values)| Series {
                    name,
                    labels: values.iter().map(|v| fmt(*v)).collect(),
                    values: values.iter().map(|v| v.normalize().to_string()).collect(),
                })
                .collect(),
            stacked,
            horizontal,
            max: max.normalize().to_string(),
            alt,
        }
    }
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
    /// The name of this signatory's signature field in the PDF, unique within the
    /// document (see [`name_signature_fields`]), e.g. `gemeente-ede-wethouder-jeugd`.
    /// Empty until named; the theme marks the field's place with it.
    #[serde(default)]
    pub field: String,
}

impl Signatory {
    /// The tooltip of the signature field (the PDF's `TU`, which screen readers announce):
    /// who signs, in which function, for which party.
    ///
    /// ```
    /// # use regiodocs::ir::Signatory;
    /// let s = Signatory {
    ///     name: "Sanne Hofstede".into(),
    ///     function: "wethouder Jeugd".into(),
    ///     organisation: "Gemeente Ede".into(),
    ///     authority: None,
    ///     place: None,
    ///     field: String::new(),
    /// };
    /// assert_eq!(s.field_tooltip(), "Handtekening van Sanne Hofstede, wethouder Jeugd, voor Gemeente Ede");
    /// ```
    pub fn field_tooltip(&self) -> String {
        let (name, function, party) = (
            self.name.trim(),
            self.function.trim(),
            self.organisation.trim(),
        );
        let mut tip = String::from("Handtekening");
        if !name.is_empty() {
            tip.push_str(" van ");
            tip.push_str(name);
            if !function.is_empty() {
                tip.push_str(", ");
                tip.push_str(function);
            }
            if !party.is_empty() {
                tip.push_str(", voor ");
                tip.push_str(party);
            }
        } else {
            if !party.is_empty() {
                tip.push_str(" voor ");
                tip.push_str(party);
            }
            if !function.is_empty() {
                tip.push_str(if party.is_empty() { " " } else { ": " });
                tip.push_str(function);
            }
        }
        tip
    }
}

/// Gives every signatory of the document the name of its signature field
/// ([`Signatory::field`]): party and function as a slug, e.g.
/// `gemeente-almelo-wethouder-volksgezondheid` (the name when there is no function).
/// Names stay the same while party and function do, so a signing service can keep its
/// settings from one version to the next.
///
/// Every name is unique within the document: signatories whose names would be equal get
/// their own name added, and any that are still equal a number (`-2`, `-3`, in signing
/// order).
///
/// ```
/// use regiodocs::ir::{name_signature_fields, Block, Signatory};
/// let person = |name: &str| Signatory {
///     name: name.into(),
///     function: "wethouder".into(),
///     organisation: "Gemeente Súdwest-Fryslân".into(),
///     authority: None,
///     place: None,
///     field: String::new(),
/// };
/// let mut blocks = vec![Block::Signatures {
///     signatories: vec![person("A. de Vries"), person("B. Bakker"), person("B. Bakker")],
/// }];
/// name_signature_fields(&mut blocks);
/// let Block::Signatures { signatories } = &blocks[0] else { unreachable!() };
/// let names: Vec<&str> = signatories.iter().map(|s| s.field.as_str()).collect();
/// assert_eq!(names, [
///     "gemeente-sudwest-fryslan-wethouder-a-de-vries",
///     "gemeente-sudwest-fryslan-wethouder-b-bakker",
///     "gemeente-sudwest-fryslan-wethouder-b-bakker-2",
/// ]);
/// ```
pub fn name_signature_fields(blocks: &mut [Block]) {
    use std::collections::{BTreeMap, BTreeSet};
    use unicode_normalization::UnicodeNormalization;
    // `None` for text without a letter or digit a slug keeps (the slug would be a stand-in).
    let slug = |text: &str| {
        text.nfd()
            .any(|c| c.is_ascii_alphanumeric())
            .then(|| crate::output::slug(text))
    };
    let join = |parts: &[Option<String>]| {
        let parts: Vec<&str> = parts.iter().flatten().map(String::as_str).collect();
        if parts.is_empty() {
            "handtekening".to_string()
        } else {
            parts.join("-")
        }
    };
    let mut signatories: Vec<&mut Signatory> = blocks
        .iter_mut()
        .filter_map(|b| match b {
            Block::Signatures { signatories } => Some(signatories.iter_mut()),
            _ => None,
        })
        .flatten()
        .collect();
    let party_role = |s: &Signatory| {
        let role = slug(&s.function).or_else(|| slug(&s.name));
        join(&[slug(&s.organisation), role])
    };
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for s in &signatories {
        *count.entry(party_role(s)).or_default() += 1;
    }
    let wanted: Vec<String> = signatories
        .iter()
        .map(|s| {
            let base = party_role(s);
            match (count[&base] > 1, slug(&s.function), slug(&s.name)) {
                (true, Some(_), Some(name)) => format!("{base}-{name}"),
                _ => base,
            }
        })
        .collect();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for (s, name) in signatories.iter_mut().zip(wanted) {
        let mut unique = name.clone();
        let mut n = 2;
        while !taken.insert(unique.clone()) {
            unique = format!("{name}-{n}");
            n += 1;
        }
        s.field = unique;
    }
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
            signature_fields: true,
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
                Block::Chart(c) => {
                    lines.push(c.title.clone());
                    for row in c.table_rows() {
                        lines.push(row.join(" ").trim().to_string());
                    }
                }
                Block::PageBreak => {}
            }
        }
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signatory(name: &str, function: &str, organisation: &str) -> Signatory {
        Signatory {
            name: name.into(),
            function: function.into(),
            organisation: organisation.into(),
            authority: None,
            place: None,
            field: String::new(),
        }
    }

    fn named(signatories: Vec<Signatory>) -> Vec<String> {
        let mut blocks = vec![
            Block::Signatures {
                signatories: signatories[..1].to_vec(),
            },
            Block::PageBreak,
            Block::Signatures {
                signatories: signatories[1..].to_vec(),
            },
        ];
        name_signature_fields(&mut blocks);
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Signatures { signatories } => Some(signatories),
                _ => None,
            })
            .flatten()
            .map(|s| s.field.clone())
            .collect()
    }

    #[test]
    fn field_names_are_party_and_function_and_unique_across_blocks() {
        let names = named(vec![
            signatory(
                "S. Hofstede",
                "Wethouder Zorg, Jeugd & Gezondheid",
                "Gemeente Ede",
            ),
            signatory("", "namens het college", "Gemeente Ede"),
            signatory("Jan", "", "Coöperatie Zorgverzekeraar U.A."),
            // No letter a slug keeps: the party alone, then the stand-in.
            signatory("", "", "Gemeente Ede"),
            signatory("بشير", "—", ""),
            signatory("", "", ""),
            // Equal party and function, also in another block: the name is added.
            signatory("P. Jansen", "wethouder", "Gemeente Ede"),
            signatory("Q. de Wit", "wethouder", "Gemeente Ede"),
        ]);
        assert_eq!(
            names,
            [
                "gemeente-ede-wethouder-zorg-jeugd-gezondheid",
                "gemeente-ede-namens-het-college",
                "cooperatie-zorgverzekeraar-u-a-jan",
                "gemeente-ede",
                "handtekening",
                "handtekening-2",
                "gemeente-ede-wethouder-p-jansen",
                "gemeente-ede-wethouder-q-de-wit",
            ]
        );
    }

    #[test]
    fn field_names_stay_unique_when_the_name_does_not_tell_apart() {
        let names = named(vec![
            signatory("A. Bakker", "wethouder", "Gemeente Ede"),
            signatory("A. Bakker", "wethouder", "Gemeente Ede"),
            signatory("", "wethouder", "Gemeente Ede"),
            // A name that equals a numbered one is numbered on.
            signatory("", "wethouder a bakker 2", "Gemeente Ede"),
        ]);
        assert_eq!(
            names,
            [
                "gemeente-ede-wethouder-a-bakker",
                "gemeente-ede-wethouder-a-bakker-2",
                "gemeente-ede-wethouder",
                "gemeente-ede-wethouder-a-bakker-2-2",
            ]
        );
    }

    #[test]
    fn the_sample_data_for_the_typst_cli_is_an_ir_document_with_its_field_names() {
        let sample = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/templates/voorbeeld-document.json"
        ));
        let doc: Document =
            serde_json::from_str(sample).expect("templates/voorbeeld-document.json");
        let mut named = doc.clone();
        name_signature_fields(&mut named.blocks);
        assert_eq!(doc, named);
        assert!(doc.meta.signature_fields);
    }

    #[test]
    fn the_tooltip_names_person_function_and_party() {
        let tip = |n, f, o| signatory(n, f, o).field_tooltip();
        assert_eq!(
            tip("Jan", "directeur", "GGD"),
            "Handtekening van Jan, directeur, voor GGD"
        );
        assert_eq!(tip("Jan", "", "GGD"), "Handtekening van Jan, voor GGD");
        assert_eq!(
            tip("", "namens het college", "Gemeente Ede"),
            "Handtekening voor Gemeente Ede: namens het college"
        );
        assert_eq!(tip("", "", ""), "Handtekening");
        assert_eq!(tip(" ", "wethouder", " "), "Handtekening wethouder");
    }
}
