//! Layout: what the PDF and the DOCX must agree on visually, decided once per document.
//!
//! [`lay_out`] turns the document [IR](crate::ir) into a [`Document`] that both exporters
//! render as it is:
//!
//! - **tables** get fixed column widths in points, measured with the real fonts of both
//!   formats ([`metrics`]) and shared out much as CSS's automatic table layout does
//!   ([`columns`]): min-content always, then short columns (rates, names) the width most
//!   of their cells need on one line, the rest by max-content with the template's hints;
//! - **breaking**: amounts, dates, percentages and codes never break; a word wider than its
//!   column is hyphenated by Dutch rules with explicit soft hyphens, so the PDF and the
//!   DOCX break at the same places ([`text`]);
//! - **table lines in the PDF**: where every cell of a row is plain text whose words fit
//!   whole, the layout breaks its lines itself, where Typst would, shaping them with
//!   Typst's shaper and font ([`Table::lines`]); the PDF theme then gives the row its height
//!   without measuring, which a budget of thousands of rows needs to stay within memory.
//!   The DOCX gets the text without those breaks ([`Table::row_as_written`]);
//! - **a table that does not fit** even at min-content is set in smaller type, then on a
//!   landscape page, and the choice is reported as a warning ([`Document::warnings`]);
//!   nothing is ever clipped or drawn over other text;
//! - **headings** get their printed level (1-3, see [`crate::ir::heading_level`]) and their
//!   structural level for PDF/UA (the first is 1, none is skipped);
//! - **style**: page, palette, sizes and spacing come from [`style::STYLE`].
//!
//! ```
//! use regiodocs::ir::{Block, Document as Ir, Inline, Meta};
//! use regiodocs::layout::{lay_out, Block as Laid, Text};
//! let ir = Ir {
//!     meta: Meta::example(),
//!     blocks: vec![Block::Paragraph { content: vec![Inline::text("Samen € 5,00")] }],
//! };
//! let doc = lay_out(&ir);
//! // The euro sign is joined to its amount by a no-break space.
//! assert_eq!(doc.blocks, [Laid::Paragraph { content: Text::Plain("Samen €\u{a0}5,00".into()) }]);
//! assert!(doc.warnings.is_empty());
//! ```

pub mod columns;
mod metrics;
pub mod style;
mod text;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::ir::{self, Align, Inline, Meta, Signatory};
use columns::{Want, distribute};
use metrics::{Font, Weight};
use style::STYLE;
use text::{Flat, Need, SLACK, glue};

/// A laid-out document: what the exporters render, with nothing left to decide.
///
/// Serialised (with [`style::STYLE`] beside it) it is the data the PDF theme reads; every
/// enum is tagged with `"t"` like the IR.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Title, version, dates and page furniture switches, as in the IR.
    pub meta: Meta,
    /// The body, in reading order.
    pub blocks: Vec<Block>,
    /// What the layout had to give way on (a table in smaller type or on a landscape
    /// page), in Dutch, for the run report.
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// Inline content: a plain string when it is one unstyled run (most of it; the theme then
/// does no work per run), otherwise the runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Text {
    /// One run of plain text.
    Plain(String),
    /// Styled runs and line breaks.
    Rich(Vec<Inline>),
}

impl Text {
    /// The content as inline runs.
    pub fn inlines(&self) -> Cow<'_, [Inline]> {
        match self {
            Text::Plain(s) => Cow::Owned(vec![Inline::text(s.clone())]),
            Text::Rich(v) => Cow::Borrowed(v),
        }
    }

    fn from_inlines(mut v: Vec<Inline>) -> Text {
        if let [
            Inline::Text {
                text,
                strong: false,
                emph: false,
            },
        ] = v.as_mut_slice()
        {
            return Text::Plain(std::mem::take(text));
        }
        Text::Rich(v)
    }
}

/// A laid-out block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Block {
    /// The title block.
    Title {
        /// Main title.
        title: String,
        /// Optional subtitle.
        subtitle: Option<String>,
        /// Facts under the title.
        facts: Vec<Fact>,
    },
    /// A heading; empty headings (no number, no text) are left out.
    Heading {
        /// The printed level, 1 to 3.
        level: u8,
        /// The structural level (PDF tags H1-H3, bookmarks): the first heading is 1 and
        /// no level is skipped.
        outline: u8,
        /// The resolved number, e.g. `Artikel 4`.
        number: Option<String>,
        /// The heading text.
        text: String,
        /// Anchor for cross-references.
        id: Option<String>,
    },
    /// A paragraph.
    Paragraph {
        /// Inline content.
        content: Text,
    },
    /// A bulleted or numbered list.
    List {
        /// Numbered when true.
        ordered: bool,
        /// The items.
        items: Vec<Text>,
    },
    /// A label/value table: label column [`style::Spacing::label_share`] of the width.
    KeyValue {
        /// The rows.
        rows: Vec<Fact>,
    },
    /// A data table with fixed column widths.
    Table(Table),
    /// Signature blocks, two side by side.
    Signatures {
        /// The signatories.
        signatories: Vec<Signatory>,
    },
    /// A bar chart with its laid-out data table.
    Chart(Chart),
    /// The next block starts on a new page.
    PageBreak,
}

/// A label and its value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    /// The label.
    pub label: String,
    /// The value.
    pub value: Text,
    /// A smaller type size for the value, when one unbreakable piece (a SHA-256) would
    /// not fit at the normal size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<f64>,
}

/// A data table with fixed column widths, all rows exactly one cell per column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Caption above the table.
    pub caption: Option<String>,
    /// The columns with their widths.
    pub columns: Vec<Column>,
    /// Body rows.
    pub rows: Vec<Vec<Text>>,
    /// Totals row, printed in bold after a rule.
    pub total: Option<Vec<Text>>,
    /// Type size of the table, in points.
    pub size: f64,
    /// Set on a landscape page of its own (the table does not fit upright).
    pub landscape: bool,
    /// Short enough (about half a page at most) to be kept on one page, caption and header
    /// included; longer tables break between rows and repeat their header.
    #[serde(default)]
    pub keep: bool,
    /// Per body row: how many lines it has when the layout broke them itself, 0 when the
    /// renderer breaks them. A row gets its lines from the layout when every cell is plain
    /// type (no bold or italic, no hard break) whose words fit their column whole, and at
    /// least one cell is not empty: each line is then filled where Typst would fill it
    /// and ends in an [`Inline::Break`], and the number is that of its tallest cell. The
    /// PDF theme gives such a row the height of that many lines instead of letting Typst
    /// measure it: a budget of 10,000 cost lines then takes a quarter less memory; the row
    /// looks the same. The DOCX leaves those breaks out, so Word breaks the lines itself
    /// and a reader who edits the cell gets ordinary text ([`Table::row_as_written`]).
    /// Empty for a theme that does not use it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<u8>,
}

impl Table {
    /// The cells of body row `r` as they were written: without the line breaks the layout
    /// put in for the PDF (see [`Table::lines`]), for renderers that break lines
    /// themselves. Other rows, and cells without such breaks, come back as they are.
    ///
    /// ```
    /// use regiodocs::ir::{Align, Block, Column, Document, Inline, Meta, Table};
    /// use regiodocs::layout::{self, Text};
    /// let name = "Centrale zorgverlener voor kinderen met overgewicht en hun gezinnen (Ede)";
    /// let mut columns = vec![Column { header: "Kostenpost".into(), align: Align::Left, width: 1 }];
    /// let mut row = vec![vec![Inline::text(name)]];
    /// for year in 2027..2031 {
    ///     columns.push(Column { header: year.to_string(), align: Align::Right, width: 1 });
    ///     row.push(vec![Inline::text("€ 12.345,67")]);
    /// }
    /// let table = Table {
    ///     caption: None,
    ///     columns,
    ///     rows: vec![row; 40],
    ///     total: None,
    /// };
    /// let doc = Document { meta: Meta::example(), blocks: vec![Block::Table(table)] };
    /// let laid = layout::lay_out(&doc);
    /// let layout::Block::Table(t) = &laid.blocks[0] else { unreachable!() };
    /// // The layout broke the long name itself; the written row has it whole.
    /// assert!(t.lines[0] > 1);
    /// assert!(matches!(&t.rows[0][0], Text::Rich(runs) if runs.contains(&Inline::Break)));
    /// assert_eq!(t.row_as_written(0)[0], Text::Plain(name.into()));
    /// ```
    pub fn row_as_written(&self, r: usize) -> Vec<Text> {
        let Some(row) = self.rows.get(r) else {
            return Vec::new();
        };
        if self.lines.get(r).copied().unwrap_or(0) == 0 {
            return row.clone();
        }
        row.iter()
            .map(|cell| match cell {
                Text::Rich(runs) => {
                    let mut text = String::new();
                    for run in runs {
                        if let Inline::Text { text: t, .. } = run {
                            text.push_str(t);
                        }
                    }
                    Text::Plain(text)
                }
                plain => plain.clone(),
            })
            .collect()
    }
}

/// One column of a [`Table`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// Header text.
    pub header: String,
    /// Alignment of header and cells.
    pub align: Align,
    /// Width in points, cell padding included; the widths add up to the text width.
    pub width: f64,
    /// The template's relative width (kept for themes that lay tables out themselves).
    pub hint: u8,
    /// The bar area of a lying chart: empty in the table, the PDF draws the bars in it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub bar: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A bar chart (see [`ir::Chart`]) with its data table laid out: upright charts draw their
/// bars above the table's category columns; lying charts in the table's bar column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    /// The chart as in the IR (values for the bars, labels, alternative text).
    #[serde(flatten)]
    pub chart: ir::Chart,
    /// The data table as printed: for upright charts a column per category, for lying
    /// charts a row per category with a bar column after the name.
    pub table: Table,
}

/// Lays out a document (see the module documentation). Deterministic: the same IR gives
/// the same layout.
pub fn lay_out(doc: &ir::Document) -> Document {
    let mut l = Layouter {
        warnings: Vec::new(),
        previous_outline: 0,
    };
    let blocks = doc.blocks.iter().filter_map(|b| l.block(b)).collect();
    Document {
        meta: doc.meta.clone(),
        blocks,
        warnings: l.warnings,
    }
}

impl Document {
    /// How many body rows its tables have, charts' data tables included: a measure of how
    /// much Typst has to lay out, which grows with the number of cells far more than with
    /// the text around them.
    ///
    /// ```
    /// use regiodocs::ir::{Block, Document, Inline, Meta, Table};
    /// let row = |s: &str| vec![vec![Inline::text(s)]];
    /// let table = Table {
    ///     caption: None,
    ///     columns: vec![],
    ///     rows: vec![row("a"), row("b")],
    ///     total: None,
    /// };
    /// let doc = Document { meta: Meta::example(), blocks: vec![Block::Table(table)] };
    /// assert_eq!(regiodocs::layout::lay_out(&doc).table_rows(), 2);
    /// ```
    pub fn table_rows(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| match b {
                Block::Table(t) => t.rows.len(),
                Block::Chart(c) => c.table.rows.len(),
                _ => 0,
            })
            .sum()
    }

    /// The document as plain IR again (widths and sizes dropped, the laid-out text kept),
    /// for themes that a project copied from an earlier version, which read the IR.
    pub fn to_ir(&self) -> ir::Document {
        let inl = |t: &Text| t.inlines().into_owned();
        let kv = |f: &Fact| ir::KeyValueRow {
            label: f.label.clone(),
            value: inl(&f.value),
        };
        let table = |t: &Table| ir::Table {
            caption: t.caption.clone(),
            columns: t
                .columns
                .iter()
                .map(|c| ir::Column {
                    header: c.header.clone(),
                    align: c.align,
                    width: c.hint,
                })
                .collect(),
            rows: t.rows.iter().map(|r| r.iter().map(inl).collect()).collect(),
            total: t.total.as_ref().map(|r| r.iter().map(inl).collect()),
        };
        let blocks = self
            .blocks
            .iter()
            .map(|b| match b {
                Block::Title {
                    title,
                    subtitle,
                    facts,
                } => ir::Block::Title {
                    title: title.clone(),
                    subtitle: subtitle.clone(),
                    facts: facts.iter().map(kv).collect(),
                },
                Block::Heading {
                    level,
                    number,
                    text,
                    id,
                    ..
                } => ir::Block::Heading {
                    level: *level,
                    number: number.clone(),
                    text: text.clone(),
                    id: id.clone(),
                },
                Block::Paragraph { content } => ir::Block::Paragraph {
                    content: inl(content),
                },
                Block::List { ordered, items } => ir::Block::List {
                    ordered: *ordered,
                    items: items.iter().map(inl).collect(),
                },
                Block::KeyValue { rows } => ir::Block::KeyValue {
                    rows: rows.iter().map(kv).collect(),
                },
                Block::Table(t) => ir::Block::Table(table(t)),
                Block::Signatures { signatories } => ir::Block::Signatures {
                    signatories: signatories.clone(),
                },
                Block::Chart(c) => ir::Block::Chart(c.chart.clone()),
                Block::PageBreak => ir::Block::PageBreak,
            })
            .collect();
        ir::Document {
            meta: self.meta.clone(),
            blocks,
        }
    }
}

/// The types a table's cells are set in.
const HEADER: Font = Font {
    weight: Weight::Semibold,
    italic: false,
};
const BODY: Font = Font {
    weight: Weight::Regular,
    italic: false,
};
const TOTAL: Font = Font {
    weight: Weight::Bold,
    italic: false,
};

/// The ways a table may be set, tried in order until its minimum fits: upright in the
/// normal size, one step smaller, then on a landscape page, smaller and smaller. Each is
/// (landscape, step down the table sizes of the style).
const LADDER: [(bool, usize); 5] = [(false, 0), (false, 1), (true, 0), (true, 1), (true, 2)];

/// A table is kept on one page when its estimated height is at most this share of the
/// text height.
const KEEP_SHARE: f64 = 0.5;

/// The height of a table line in em of the type size (Typst's leading and LibreOffice's
/// single line spacing both stay below it), for estimating a table's height.
const LINE_EM: f64 = 1.3;

/// The smallest type a table is set in (on a landscape page) before its words break at
/// any letter: still legible on paper.
const MIN_TABLE_SIZE: f64 = 6.0;

/// The swatch in front of a series name in a chart (0.75 em square and a 0.45 em gap).
const SWATCH_EM: f64 = 1.2;

/// A table before layout: what the IR table or chart says, cells already glued.
struct TableIn {
    caption: Option<String>,
    /// What the run report calls a table without a caption (a chart's title).
    title: Option<String>,
    columns: Vec<ColumnIn>,
    rows: Vec<Vec<Vec<Inline>>>,
    total: Option<Vec<Vec<Inline>>>,
    /// The normal type size (tables and charts differ).
    size: f64,
}

struct ColumnIn {
    header: Vec<Inline>,
    align: Align,
    hint: u8,
    bar: bool,
    /// Room in em the PDF puts in front of every body cell (a chart swatch).
    lead: f64,
    /// Room in em in front of the header (a chart swatch).
    header_lead: f64,
}

struct Layouter {
    warnings: Vec<String>,
    previous_outline: u8,
}

impl Layouter {
    fn block(&mut self, b: &ir::Block) -> Option<Block> {
        let width = STYLE.page.text_width(false);
        let s = &STYLE.sizes;
        Some(match b {
            ir::Block::Title {
                title,
                subtitle,
                facts,
            } => Block::Title {
                title: fit_str(title, HEADER, s.title, width),
                subtitle: subtitle
                    .as_ref()
                    .map(|t| fit_str(t, BODY, s.subtitle, width)),
                facts: facts.iter().map(|f| fact(f, s.caption)).collect(),
            },
            ir::Block::Heading {
                level,
                number,
                text,
                id,
            } => {
                let blank = |t: &str| t.trim().is_empty();
                if blank(text) && number.as_deref().is_none_or(blank) {
                    return None;
                }
                let level = ir::heading_level(*level);
                let outline = level.min(self.previous_outline + 1);
                self.previous_outline = outline;
                Block::Heading {
                    level,
                    outline,
                    number: number.clone(),
                    text: fit_str(text, HEADER, s.headings[usize::from(level) - 1], width),
                    id: id.clone(),
                }
            }
            ir::Block::Paragraph { content } => Block::Paragraph {
                content: fit(content, BODY, s.body, width),
            },
            ir::Block::List { ordered, items } => Block::List {
                ordered: *ordered,
                items: items
                    .iter()
                    .map(|i| fit(i, BODY, s.body, width - STYLE.spacing.list_indent))
                    .collect(),
            },
            ir::Block::KeyValue { rows } => Block::KeyValue {
                rows: rows.iter().map(|f| fact(f, s.body)).collect(),
            },
            ir::Block::Table(t) => Block::Table(self.table(table_in(t))),
            ir::Block::Signatures { signatories } => Block::Signatures {
                signatories: signatories.iter().map(signatory).collect(),
            },
            ir::Block::Chart(c) => Block::Chart(Chart {
                table: self.table(chart_in(c)),
                chart: c.clone(),
            }),
            ir::Block::PageBreak => Block::PageBreak,
        })
    }

    /// Chooses size, orientation and column widths for a table, then breaks the words
    /// that are wider than their column.
    fn table(&mut self, t: TableIn) -> Table {
        let pad = 2.0 * STYLE.spacing.cell_x;
        let header_flats: Vec<Flat> = t
            .columns
            .iter()
            .map(|c| Flat::new(&c.header, HEADER))
            .collect();
        let row_flats: Vec<Vec<Flat>> = t
            .rows
            .iter()
            .map(|r| r.iter().map(|c| Flat::new(c, BODY)).collect())
            .collect();
        let total_flats: Option<Vec<Flat>> = t
            .total
            .as_ref()
            .map(|r| r.iter().map(|c| Flat::new(c, TOTAL)).collect());
        // Per column: what it needs, and the one-line width (em) within which four in five
        // of its body and total cells fit.
        let (needs, typical): (Vec<Need>, Vec<f64>) = t
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let cells: Vec<Need> = row_flats
                    .iter()
                    .chain(total_flats.iter())
                    .map(|r| r[i].need())
                    .collect();
                let body = cells.iter().copied().fold(Need::default(), Need::max);
                let body = if body == Need::default() {
                    body
                } else {
                    body.plus(c.lead)
                };
                let mut lines: Vec<f64> = cells.iter().map(|n| n.max).collect();
                lines.sort_by(f64::total_cmp);
                let typical = lines
                    .get(lines.len().saturating_sub(1) * 4 / 5)
                    .map_or(0.0, |w| w + c.lead);
                (
                    header_flats[i].need().plus(c.header_lead).max(body),
                    typical,
                )
            })
            .unzip();
        // What the columns want at a size, with each column's minimum (in em) from `min`.
        let wants = |size: f64, landscape: bool, min: &dyn Fn(&Need) -> f64| -> Vec<Want> {
            let available = STYLE.page.text_width(landscape);
            t.columns
                .iter()
                .zip(needs.iter().zip(&typical))
                .map(|(c, (n, typical))| {
                    if c.bar {
                        Want {
                            min: STYLE.spacing.chart_bar_min,
                            max: available * 0.4,
                            typical: STYLE.spacing.chart_bar_min,
                            hint: 1,
                            text: true,
                        }
                    } else {
                        Want {
                            min: min(n) * size * SLACK + pad,
                            max: n.max * size * SLACK + pad,
                            typical: typical * size * SLACK + pad,
                            hint: c.hint,
                            text: c.align != Align::Right,
                        }
                    }
                })
                .collect()
        };
        // The widths at a size, words hyphenated by Dutch rules where needed; `None` when
        // even then the columns do not fit.
        let fit_at = |size: f64, landscape: bool| -> Option<Vec<f64>> {
            let available = STYLE.page.text_width(landscape);
            let total = |cap: f64| -> f64 {
                wants(size, landscape, &|n: &Need| {
                    n.syllables.max(n.words.min(cap))
                })
                .iter()
                .map(|w| w.min)
                .sum()
            };
            if total(0.0) > available {
                return None;
            }
            // Words wider than `cap` em are hyphenated, the rest stay whole: the widest
            // cap that fits, so only the longest words break (none when all fit whole).
            let widest = needs.iter().map(|n| n.words).fold(0.0, f64::max);
            let cap = if total(widest) <= available {
                widest
            } else {
                let (mut lo, mut hi) = (0.0, widest);
                for _ in 0..40 {
                    let mid = (lo + hi) / 2.0;
                    if total(mid) <= available {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                lo
            };
            let min = |n: &Need| n.syllables.max(n.words.min(cap));
            distribute(&wants(size, landscape, &min), available)
        };
        let sizes = STYLE.sizes.table.map(|s| s - STYLE.sizes.table[0] + t.size);
        let smallest = sizes[sizes.len() - 1];
        // The ladder, then smaller still on a landscape page, half a point at a time, down
        // to the smallest legible size.
        let below = (1..)
            .map(|k| smallest - 0.5 * f64::from(k))
            .take_while(|s| *s >= MIN_TABLE_SIZE - 1e-9)
            .map(|s| (true, s));
        let chosen = LADDER
            .iter()
            .map(|&(landscape, step)| (landscape, sizes[step]))
            .chain(below)
            .find_map(|(landscape, size)| {
                fit_at(size, landscape).map(|w| (w, size, landscape, false))
            });
        let (widths, size, landscape, forced) = chosen.unwrap_or_else(|| {
            // Not even the smallest legible size fits on a landscape page: words break
            // anywhere, and the type shrinks until the atoms (amounts, codes) fit.
            let available = STYLE.page.text_width(true);
            let (mut fixed, mut em) = (0.0, 0.0);
            for (c, n) in t.columns.iter().zip(&needs) {
                if c.bar {
                    fixed += STYLE.spacing.chart_bar_min;
                } else {
                    fixed += pad;
                    em += n.letters * SLACK;
                }
            }
            let size = if em > 0.0 {
                smallest
                    .min(MIN_TABLE_SIZE)
                    .min(((available - fixed) / em * 2.0).floor() / 2.0)
                    .max(1.0)
            } else {
                smallest
            };
            let wants = wants(size, true, &|n: &Need| n.letters);
            let widths = distribute(&wants, available).unwrap_or_else(|| {
                let total: f64 = wants.iter().map(|w| w.min).sum();
                wants.iter().map(|w| w.min * available / total).collect()
            });
            (widths, size, true, true)
        });
        if landscape || size < t.size {
            self.warnings.push(give_way(&t, size, landscape, forced));
        }
        let room = |i: usize, lead: f64| (widths[i] - pad) / size - lead;
        let fitted = |f: &Flat, content: &[Inline], room: f64| {
            f.fit(room).unwrap_or_else(|| content.to_vec())
        };
        let cell =
            |f: &Flat, content: &[Inline], room: f64| Text::from_inlines(fitted(f, content, room));
        let columns = t
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| Column {
                header: ir::inline_text(
                    &header_flats[i]
                        .fit(room(i, c.header_lead))
                        .unwrap_or_else(|| c.header.clone()),
                ),
                align: c.align,
                width: widths[i],
                hint: c.hint,
                bar: c.bar,
            })
            .collect();
        let row = |flats: &[Flat], cells: &[Vec<Inline>]| -> Vec<Text> {
            flats
                .iter()
                .zip(cells)
                .enumerate()
                .map(|(i, (f, c))| cell(f, c, room(i, t.columns[i].lead)))
                .collect()
        };
        let keep = {
            // Every row as high as its cell with the most lines, plus the cell padding;
            // the header row too.
            let lines: usize = row_flats
                .iter()
                .chain(total_flats.iter())
                .chain(std::iter::once(&header_flats))
                .map(|r| {
                    r.iter()
                        .enumerate()
                        .map(|(i, f)| f.line_count(room(i, t.columns[i].lead)))
                        .max()
                        .unwrap_or(1)
                })
                .sum();
            let rows = t.rows.len() + usize::from(t.total.is_some()) + 1;
            let height = lines as f64 * size * LINE_EM + rows as f64 * 2.0 * STYLE.spacing.cell_y;
            height <= STYLE.page.text_height(landscape) * KEEP_SHARE
        };
        // The cells as every renderer gets them (long words with their break points), and
        // per row the lines the layout breaks itself for the PDF: each cell's text with its
        // breaks, and the number of lines of the tallest cell (0: the renderer breaks them).
        let (rows, lines): (Vec<Vec<Text>>, Vec<u8>) = row_flats
            .iter()
            .zip(&t.rows)
            .map(|(flats, content)| {
                let cells: Vec<Vec<Inline>> = flats
                    .iter()
                    .zip(content)
                    .enumerate()
                    .map(|(i, (f, c))| fitted(f, c, room(i, t.columns[i].lead)))
                    .collect();
                let (cells, k) =
                    broken_row(&cells, |i| room(i, t.columns[i].lead)).unwrap_or((cells, 0));
                (cells.into_iter().map(Text::from_inlines).collect(), k)
            })
            .unzip();
        Table {
            keep,
            caption: t.caption.as_ref().map(|c| {
                fit_str(
                    c,
                    HEADER,
                    STYLE.sizes.caption,
                    STYLE.page.text_width(landscape),
                )
            }),
            rows,
            lines,
            total: total_flats
                .as_ref()
                .zip(t.total.as_ref())
                .map(|(f, c)| row(f.as_slice(), c)),
            columns,
            size,
            landscape,
        }
    }
}

/// A body row's cells with the lines the layout breaks itself for the PDF (see
/// [`Table::lines`]), and the number of lines of its tallest cell; `None` when the
/// renderer must break them: a cell that [`Flat::plain_breaks`] leaves to it, a row of
/// empty cells only, or more lines than a `u8` counts.
fn broken_row(
    cells: &[Vec<Inline>],
    room: impl Fn(usize) -> f64,
) -> Option<(Vec<Vec<Inline>>, u8)> {
    let mut lines = 0;
    let mut out = Vec::with_capacity(cells.len());
    for (i, c) in cells.iter().enumerate() {
        let f = Flat::new(c, BODY);
        if f.is_empty() {
            out.push(c.clone());
            continue;
        }
        let breaks = f.plain_breaks(room(i))?;
        lines = lines.max(breaks.len() + 1);
        out.push(f.broken(&breaks));
    }
    let lines = u8::try_from(lines).ok().filter(|&k| k > 0)?;
    Some((out, lines))
}

/// The run-report line for a table that had to give way.
fn give_way(t: &TableIn, size: f64, landscape: bool, forced: bool) -> String {
    let name = t
        .caption
        .clone()
        .or_else(|| t.title.clone())
        .unwrap_or_else(|| {
            let headers: Vec<String> = t
                .columns
                .iter()
                .map(|c| ir::inline_text(&c.header))
                .filter(|h| !h.trim().is_empty())
                .collect();
            headers.join(" | ")
        });
    let pt = |s: f64| {
        format!(
            "{} pt",
            format!("{s:.1}").trim_end_matches(".0").replace('.', ",")
        )
    };
    if forced {
        format!(
            "de tabel ‘{name}’ past ook op een liggende pagina niet: hij staat liggend in {} en lange woorden zijn op willekeurige plaatsen afgebroken; maak de teksten korter of de tabel smaller",
            pt(size)
        )
    } else if landscape {
        format!(
            "de tabel ‘{name}’ past niet staand op de pagina: hij staat op een liggende pagina, in {}",
            pt(size)
        )
    } else {
        format!(
            "de tabel ‘{name}’ past niet in de tekstbreedte: hij staat in kleinere letters ({} in plaats van {})",
            pt(size),
            pt(t.size)
        )
    }
}

/// An IR table as layout input: every row exactly one cell per column (missing cells are
/// empty, extra cells dropped), amounts, dates and codes glued.
fn table_in(t: &ir::Table) -> TableIn {
    let n = t
        .rows
        .iter()
        .chain(t.total.iter())
        .map(Vec::len)
        .chain(std::iter::once(t.columns.len()))
        .max()
        .unwrap_or(0);
    let columns = (0..n)
        .map(|i| {
            let c = t.columns.get(i);
            ColumnIn {
                header: glued(&[Inline::text(c.map_or("", |c| c.header.as_str()))]),
                align: c.map_or(Align::Left, |c| c.align),
                hint: c.map_or(1, |c| c.width.max(1)),
                bar: false,
                lead: 0.0,
                header_lead: 0.0,
            }
        })
        .collect();
    let row = |r: &Vec<Vec<Inline>>| -> Vec<Vec<Inline>> {
        (0..n)
            .map(|i| r.get(i).map(|c| glued(c)).unwrap_or_default())
            .collect()
    };
    TableIn {
        caption: t.caption.clone(),
        title: None,
        columns,
        rows: t.rows.iter().map(row).collect(),
        total: t.total.as_ref().map(row),
        size: STYLE.sizes.table[0],
    }
}

/// A chart's data table as layout input (see [`Chart::table`]).
fn chart_in(c: &ir::Chart) -> TableIn {
    let mut rows = c.table_rows().into_iter();
    let header = rows.next().unwrap_or_default();
    let stacked_legend = c.series.len() > 1;
    let mut columns: Vec<ColumnIn> = header
        .iter()
        .enumerate()
        .map(|(i, h)| ColumnIn {
            header: glued(&[Inline::text(h.clone())]),
            align: if i == 0 { Align::Left } else { Align::Right },
            hint: if i == 0 { 2 } else { 1 },
            bar: false,
            lead: if i == 0 && !c.horizontal {
                SWATCH_EM
            } else {
                0.0
            },
            header_lead: if i > 0 && c.horizontal && stacked_legend {
                SWATCH_EM
            } else {
                0.0
            },
        })
        .collect();
    let mut rows: Vec<Vec<Vec<Inline>>> = rows
        .map(|r| {
            r.iter()
                .map(|cell| glued(&[Inline::text(cell.clone())]))
                .collect()
        })
        .collect();
    if c.horizontal && !columns.is_empty() {
        columns.insert(
            1,
            ColumnIn {
                header: Vec::new(),
                align: Align::Left,
                hint: 1,
                bar: true,
                lead: 0.0,
                header_lead: 0.0,
            },
        );
        for r in &mut rows {
            r.insert(1.min(r.len()), Vec::new());
        }
    }
    TableIn {
        caption: None,
        title: Some(c.title.clone()).filter(|t| !t.trim().is_empty()),
        columns,
        rows,
        total: None,
        size: STYLE.sizes.chart,
    }
}

/// Text with amounts, dates and codes glued (see [`glue`]), in tables and running text
/// alike.
fn glued(content: &[Inline]) -> Vec<Inline> {
    content
        .iter()
        .map(|i| match i {
            Inline::Text { text, strong, emph } => Inline::Text {
                text: glue(text),
                strong: *strong,
                emph: *emph,
            },
            Inline::Break => Inline::Break,
        })
        .collect()
}

/// Running text with words wider than `width` points broken.
fn fit(content: &[Inline], font: Font, size: f64, width: f64) -> Text {
    let content = glued(content);
    let fitted = Flat::new(&content, font).fit(width / size);
    Text::from_inlines(fitted.unwrap_or(content))
}

/// A single string set in `font` at `size`, amounts, dates and codes glued, and words wider
/// than `width` points broken.
fn fit_str(s: &str, font: Font, size: f64, width: f64) -> String {
    let s = glue(s);
    let content = [Inline::text(s.as_str())];
    Flat::new(&content, font)
        .fit(width / size)
        .map_or(s, |v| ir::inline_text(&v))
}

/// A key/value row: the label in its column, the value in the rest, in a smaller size
/// when one unbreakable piece would not fit at `size`.
fn fact(f: &ir::KeyValueRow, size: f64) -> Fact {
    let width = STYLE.page.text_width(false);
    let label_w = width * STYLE.spacing.label_share;
    let label_room = label_w - STYLE.spacing.label_gap.max(2.0 * STYLE.spacing.cell_x);
    let value_room = width - label_w - 2.0 * STYLE.spacing.cell_x;
    let words = Flat::new(&glued(&f.value), BODY).need().words * SLACK;
    let small = STYLE.sizes.small;
    let value_size = (words * size > value_room && words * small <= value_room).then_some(small);
    Fact {
        label: fit_str(&f.label, BODY, size, label_room),
        value: fit(&f.value, BODY, value_size.unwrap_or(size), value_room),
        size: value_size,
    }
}

/// A signatory with words wider than its column broken (half the text width, less the
/// gap between the columns).
fn signatory(s: &Signatory) -> Signatory {
    let room = STYLE.page.text_width(false) / 2.0 - STYLE.spacing.signature_gap;
    let body = STYLE.sizes.body;
    Signatory {
        name: fit_str(&s.name, HEADER, body, room),
        function: fit_str(&s.function, BODY, body, room),
        organisation: fit_str(&s.organisation, HEADER, body, room),
        authority: s.authority.as_ref().map(|a| {
            fit_str(
                a,
                Font {
                    weight: Weight::Regular,
                    italic: true,
                },
                STYLE.sizes.note,
                room,
            )
        }),
        place: s.place.as_ref().map(|p| fit_str(p, BODY, body, room)),
        field: s.field.clone(),
    }
}
