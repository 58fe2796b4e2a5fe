//! From rendered template text (Markdown plus custom blocks) to the document [`ir`](crate::ir).
//!
//! Plain Markdown covers headings, paragraphs with bold and italic, lists and pipe tables.
//! What Markdown lacks comes as custom blocks, each opened by a line `::: naam` and closed
//! by a line `:::`:
//!
//! | block | content |
//! | --- | --- |
//! | `::: titel` | lines `titel: ...`, `ondertitel: ...`, then `Label: waarde` facts |
//! | `::: gegevens` | a key/value table: one `Label: waarde` per line |
//! | `::: tabel` | an optional line `bijschrift: ...`, then a pipe table; `::: tabel totaal` makes the last row a totals row |
//! | `::: handtekeningen` | one line per signatory: `- naam \| functie \| organisatie \| grondslag \| plaats`; every signatory gets the name of its PDF signature field ([`name_signature_fields`](crate::ir::name_signature_fields)) |
//! | `::: grafiek` | a bar chart with its data table; lines `titel: ...`, `categorieën: a \| b`, one `reeks: naam \| 1.5 \| 2` per series, optionally `kop: ...` (header above the series names) and `eenheid: euro\|getal\|procent` (default `euro`); `::: grafiek gestapeld` stacks the series, `::: grafiek liggend` lays the bars down (one row per category) |
//! | `::: pagina` | a page break (needs no closing line) |
//!
//! Headings are numbered here, once, so every exporter prints the same numbers:
//! [`Numbering::Artikelen`] gives `Artikel 1`, `1.1`; [`Numbering::Hoofdstukken`] gives
//! `1`, `1.1`, `1.1.1`. A heading `{.ongenummerd}` gets no number; `{#anker}` names it.
//! The dashes of a table's delimiter row set the relative column widths (`|:--------|--:|`
//! makes the first column four times as wide as the second).
//! A link `[](#anker)` becomes the reference text (`artikel 4`, `paragraaf 3.2`).
//!
//! Chart values are exact decimals (`1234.5`, as the template filter `waarden` writes them);
//! labels and the chart's alternative text are made by [`Chart::new`](crate::ir::Chart::new).
//! The PDF draws the bars above the data table; the DOCX prints the table only.
//!
//! ```
//! use regiodocs::markup::{to_blocks, Numbering};
//! use regiodocs::ir::Block;
//! let blocks = to_blocks("# Doel {#doel}\n\nZie [](#doel).\n", Numbering::Artikelen).unwrap();
//! assert!(matches!(&blocks[0], Block::Heading { number: Some(n), .. } if n == "Artikel 1"));
//! assert_eq!(regiodocs::ir::inline_text(match &blocks[1] { Block::Paragraph { content } => content, _ => panic!() }), "Zie artikel 1.");
//! ```

use std::collections::HashMap;

use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::ir::{Align, Block, Chart, ChartUnit, Column, Inline, KeyValueRow, Signatory, Table};

/// How headings are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// Agreements: `Artikel 1`, then `1.1`.
    Artikelen,
    /// Plans and descriptions: `1`, `1.1`, `1.1.1`.
    Hoofdstukken,
}

/// A problem in the rendered template text (a custom block or a reference).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("regel {line} van de uitvoer: {message}")]
pub struct MarkupError {
    /// 1-based line in the rendered text.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Inline content before references are resolved.
#[derive(Debug, Clone)]
enum Part {
    Text {
        text: String,
        strong: bool,
        emph: bool,
    },
    Break,
    Ref {
        id: String,
        line: usize,
    },
}

/// A block before numbering.
#[derive(Debug, Clone)]
enum Blk {
    Ready(Block),
    Heading {
        level: u8,
        numbered: bool,
        id: Option<String>,
        text: String,
    },
    Para(Vec<Part>),
    List {
        ordered: bool,
        items: Vec<Vec<Part>>,
    },
    Table {
        caption: Option<String>,
        columns: Vec<Column>,
        rows: Vec<Vec<Vec<Part>>>,
        total: bool,
    },
    KeyValue(Vec<(String, Vec<Part>)>),
    Title {
        title: String,
        subtitle: Option<String>,
        facts: Vec<(String, Vec<Part>)>,
    },
}

/// Converts rendered template text into IR blocks with resolved numbers and references,
/// and names every signatory's signature field.
pub fn to_blocks(text: &str, numbering: Numbering) -> Result<Vec<Block>, MarkupError> {
    // The IR carries no control characters other than tabs and line breaks (a project's
    // own template could hold them; the DOCX exporter gives three of them a meaning in
    // redlines, see `render::docx::REV_DEL`).
    let cleaned: String;
    let text = if text.contains(is_stray_control) {
        cleaned = text.chars().filter(|c| !is_stray_control(*c)).collect();
        cleaned.as_str()
    } else {
        text
    };
    let blks = parse_segments(text)?;
    let mut blocks = number(blks, numbering)?;
    crate::ir::name_signature_fields(&mut blocks);
    Ok(blocks)
}

/// A control character other than a tab or a line break.
fn is_stray_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

fn parse_segments(text: &str) -> Result<Vec<Blk>, MarkupError> {
    let mut out = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    let mut md_start = 0;
    while i < lines.len() {
        let line = lines[i].trim_end();
        if let Some(head) = line.trim_start().strip_prefix(":::") {
            let head = head.trim();
            if head.is_empty() {
                return Err(MarkupError {
                    line: i + 1,
                    message: "‘:::’ sluit een blok dat niet geopend is".into(),
                });
            }
            out.extend(markdown(&lines[md_start..i].join("\n"), md_start)?);
            let mut words = head.split_whitespace();
            let name = words.next().unwrap_or_default().to_string();
            let args: Vec<&str> = words.collect();
            if name == "pagina" {
                out.push(Blk::Ready(Block::PageBreak));
                i += 1;
                md_start = i;
                continue;
            }
            let start = i + 1;
            let mut end = start;
            while end < lines.len() && lines[end].trim() != ":::" {
                end += 1;
            }
            if end == lines.len() {
                return Err(MarkupError {
                    line: i + 1,
                    message: format!("het blok ‘{name}’ wordt niet gesloten met ‘:::’"),
                });
            }
            out.push(custom_block(&name, &args, &lines[start..end], start)?);
            i = end + 1;
            md_start = i;
        } else {
            i += 1;
        }
    }
    out.extend(markdown(
        &lines[md_start.min(lines.len())..].join("\n"),
        md_start,
    )?);
    Ok(out)
}

/// Splits `Label: waarde` at the first unescaped `:`.
fn label_value(line: &str) -> Option<(String, String)> {
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            ':' if !escaped => {
                return Some((unescape(line[..i].trim()), line[i + 1..].trim().to_string()));
            }
            _ => escaped = false,
        }
    }
    None
}

/// Splits at unescaped `|`.
fn split_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if !escaped => {
                escaped = true;
                fields.last_mut().into_iter().for_each(|f| f.push(c));
            }
            '|' if !escaped => fields.push(String::new()),
            _ => {
                escaped = false;
                fields.last_mut().into_iter().for_each(|f| f.push(c));
            }
        }
    }
    fields.into_iter().map(|f| f.trim().to_string()).collect()
}

/// Removes Markdown backslash escapes from template-authored plain text.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Parses one line of escaped Markdown into plain text (styles dropped).
fn plain(s: &str, line: usize) -> Result<String, MarkupError> {
    Ok(inline(s, line)?
        .into_iter()
        .map(|p| match p {
            Part::Text { text, .. } => text,
            Part::Break => " ".into(),
            Part::Ref { .. } => String::new(),
        })
        .collect())
}

/// Parses one line of escaped Markdown into inline parts.
fn inline(s: &str, line: usize) -> Result<Vec<Part>, MarkupError> {
    let blks = markdown(s, line.saturating_sub(1))?;
    Ok(blks
        .into_iter()
        .find_map(|b| match b {
            Blk::Para(p) => Some(p),
            Blk::Heading { text, .. } => Some(vec![Part::Text {
                text,
                strong: false,
                emph: false,
            }]),
            _ => None,
        })
        .unwrap_or_default())
}

fn custom_block(
    name: &str,
    args: &[&str],
    lines: &[&str],
    first_line: usize,
) -> Result<Blk, MarkupError> {
    let line_no = |i: usize| first_line + i + 1;
    match name {
        "titel" => {
            let mut title = String::new();
            let mut subtitle = None;
            let mut facts = Vec::new();
            for (i, l) in lines
                .iter()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                let Some((label, value)) = label_value(l) else {
                    return Err(MarkupError {
                        line: line_no(i),
                        message: "verwacht ‘Label: waarde’ in het titelblok".into(),
                    });
                };
                match label.as_str() {
                    "titel" => title = plain(&value, line_no(i))?,
                    "ondertitel" => subtitle = Some(plain(&value, line_no(i))?),
                    _ => facts.push((label, inline(&value, line_no(i))?)),
                }
            }
            Ok(Blk::Title {
                title,
                subtitle,
                facts,
            })
        }
        "gegevens" => {
            let mut rows = Vec::new();
            for (i, l) in lines
                .iter()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                let Some((label, value)) = label_value(l) else {
                    return Err(MarkupError {
                        line: line_no(i),
                        message: "verwacht ‘Label: waarde’ in een gegevensblok".into(),
                    });
                };
                rows.push((label, inline(&value, line_no(i))?));
            }
            Ok(Blk::KeyValue(rows))
        }
        "handtekeningen" => {
            let mut signatories = Vec::new();
            for (i, l) in lines
                .iter()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                let Some(rest) = l.trim().strip_prefix("- ") else {
                    return Err(MarkupError {
                        line: line_no(i),
                        message: "verwacht ‘- naam | functie | organisatie | grondslag | plaats’"
                            .into(),
                    });
                };
                let f = split_fields(rest);
                let get = |k: usize| -> Result<Option<String>, MarkupError> {
                    match f.get(k).filter(|v| !v.is_empty()) {
                        Some(v) => Ok(Some(plain(v, line_no(i))?)),
                        None => Ok(None),
                    }
                };
                signatories.push(Signatory {
                    name: get(0)?.unwrap_or_default(),
                    function: get(1)?.unwrap_or_default(),
                    organisation: get(2)?.unwrap_or_default(),
                    authority: get(3)?,
                    place: get(4)?,
                    field: String::new(),
                });
            }
            Ok(Blk::Ready(Block::Signatures { signatories }))
        }
        "tabel" => {
            let mut caption = None;
            let mut body = lines;
            if let Some(first) = lines.first()
                && let Some(c) = first.trim().strip_prefix("bijschrift:")
            {
                caption = Some(plain(c.trim(), first_line + 1)?);
                body = &lines[1..];
            }
            let offset = first_line + (lines.len() - body.len());
            let blks = markdown(&body.join("\n"), offset)?;
            let total = args.contains(&"totaal");
            match blks.into_iter().next() {
                Some(Blk::Table { columns, rows, .. }) => Ok(Blk::Table {
                    caption,
                    columns,
                    rows,
                    total,
                }),
                _ => Err(MarkupError {
                    line: first_line,
                    message: "een tabelblok moet een tabel bevatten".into(),
                }),
            }
        }
        "grafiek" => chart(args, lines, first_line),
        other => Err(MarkupError {
            line: first_line,
            message: format!(
                "onbekend blok ‘{other}’ (bekend: titel, gegevens, tabel, grafiek, handtekeningen, pagina)"
            ),
        }),
    }
}

/// The `::: grafiek` block: title, categories, series of exact decimal values.
fn chart(args: &[&str], lines: &[&str], first_line: usize) -> Result<Blk, MarkupError> {
    let line_no = |i: usize| first_line + i + 1;
    let err = |line: usize, message: String| MarkupError { line, message };
    let mut title = String::new();
    let mut label = String::new();
    let mut categories: Option<Vec<String>> = None;
    let mut series = Vec::new();
    let mut unit = ChartUnit::Euro;
    for (i, l) in lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let Some((key, value)) = label_value(l) else {
            return Err(err(
                line_no(i),
                "verwacht ‘titel: …’, ‘categorieën: …’ of ‘reeks: naam | waarde | …’ in een grafiekblok"
                    .into(),
            ));
        };
        let fields = || -> Result<Vec<String>, MarkupError> {
            split_fields(&value)
                .iter()
                .map(|f| plain(f, line_no(i)))
                .collect()
        };
        match key.to_lowercase().as_str() {
            "titel" => title = plain(&value, line_no(i))?,
            "kop" => label = plain(&value, line_no(i))?,
            "categorieën" | "categorieen" => {
                categories = Some(if value.trim().is_empty() {
                    Vec::new()
                } else {
                    fields()?
                })
            }
            "eenheid" => {
                unit = match plain(&value, line_no(i))?.trim() {
                    "euro" => ChartUnit::Euro,
                    "getal" => ChartUnit::Number,
                    "procent" => ChartUnit::Percent,
                    other => {
                        return Err(err(
                            line_no(i),
                            format!("onbekende eenheid ‘{other}’ (bekend: euro, getal, procent)"),
                        ));
                    }
                }
            }
            "reeks" => {
                let mut f = fields()?.into_iter();
                let name = f.next().unwrap_or_default();
                let values = f
                    .map(|v| {
                        let v = v.trim();
                        rust_decimal::Decimal::from_str_exact(v).map_err(|_| {
                            err(
                                line_no(i),
                                format!("‘{v}’ in de reeks ‘{name}’ is geen getal (verwacht bijvoorbeeld 1234.5)"),
                            )
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                series.push((name, values, line_no(i)));
            }
            other => {
                return Err(err(
                    line_no(i),
                    format!(
                        "onbekend veld ‘{other}’ in een grafiekblok (bekend: titel, kop, categorieën, reeks, eenheid)"
                    ),
                ));
            }
        }
    }
    let Some(categories) = categories else {
        return Err(err(
            first_line,
            "een grafiekblok heeft een regel ‘categorieën: …’ nodig".into(),
        ));
    };
    for (name, values, line) in &series {
        if values.len() != categories.len() {
            return Err(err(
                *line,
                format!(
                    "de reeks ‘{name}’ heeft {} waarden, maar er zijn {} categorieën",
                    values.len(),
                    categories.len()
                ),
            ));
        }
    }
    let series = series.into_iter().map(|(n, v, _)| (n, v)).collect();
    Ok(Blk::Ready(Block::Chart(Chart::new(
        title,
        label,
        categories,
        series,
        args.contains(&"gestapeld"),
        args.contains(&"liggend"),
        unit,
    ))))
}

/// A pipe table being parsed: columns, body rows, the current row's cells, in the head.
type TableState = (Vec<Column>, Vec<Vec<Vec<Part>>>, Vec<Vec<Part>>, bool);

/// Parses plain Markdown (`offset` = lines before it in the whole text, for messages).
/// Relative column widths from a table's delimiter row: the number of dashes of each
/// column (`|:--------|--:|` gives 8 and 2), at least 1 and at most 20; all 1 when the row
/// cannot be read.
fn delimiter_widths(table: &str, n: usize) -> Vec<u8> {
    let widths: Vec<u8> = table
        .lines()
        .nth(1)
        .map(|row| {
            split_fields(row.trim().trim_start_matches('|').trim_end_matches('|'))
                .iter()
                .map(|cell| cell.matches('-').count().clamp(1, 20) as u8)
                .collect()
        })
        .unwrap_or_default();
    if widths.len() == n {
        widths
    } else {
        vec![1; n]
    }
}

fn markdown(text: &str, offset: usize) -> Result<Vec<Blk>, MarkupError> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let opts = Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES;
    // The line of a byte offset: the line breaks before it, found by binary search (counting
    // them from the start for every event made a long document quadratic).
    let breaks: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
    let line_of = |byte: usize| offset + breaks.partition_point(|&b| b < byte) + 1;
    let mut out = Vec::new();
    let mut parts: Vec<Part> = Vec::new();
    let mut strong = 0u32;
    let mut emph = 0u32;
    let mut link: Option<(String, usize, usize)> = None; // (id, parts index at start, line)
    let mut heading: Option<(u8, bool, Option<String>)> = None;
    let mut list: Option<(bool, Vec<Vec<Part>>)> = None;
    let mut list_depth = 0u32;
    let mut table: Option<TableState> = None;
    for (ev, range) in Parser::new_ext(text, opts).into_offset_iter() {
        let line = line_of(range.start);
        match ev {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                let lvl = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    _ => 3,
                };
                let numbered = !classes.iter().any(|c| c.as_ref() == "ongenummerd");
                heading = Some((lvl, numbered, id.map(|i| i.to_string())));
                parts.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, numbered, id)) = heading.take() {
                    let text: String = std::mem::take(&mut parts)
                        .into_iter()
                        .map(|p| match p {
                            Part::Text { text, .. } => text,
                            _ => " ".into(),
                        })
                        .collect();
                    out.push(Blk::Heading {
                        level,
                        numbered,
                        id,
                        text: text.trim().to_string(),
                    });
                }
            }
            Event::Start(Tag::Paragraph) if list.is_none() && table.is_none() => parts.clear(),
            Event::End(TagEnd::Paragraph) if list.is_none() => {
                out.push(Blk::Para(std::mem::take(&mut parts)));
            }
            Event::Start(Tag::List(start)) => {
                list_depth += 1;
                if list.is_none() {
                    list = Some((start.is_some(), Vec::new()));
                }
            }
            Event::End(TagEnd::List(_)) => {
                list_depth = list_depth.saturating_sub(1);
                if list_depth == 0
                    && let Some((ordered, items)) = list.take()
                {
                    out.push(Blk::List { ordered, items });
                }
            }
            Event::Start(Tag::Item) => {
                if let Some((_, items)) = &mut list
                    && !parts.is_empty()
                {
                    items.push(std::mem::take(&mut parts));
                }
                parts.clear();
            }
            Event::End(TagEnd::Item) => {
                if let Some((_, items)) = &mut list
                    && !parts.is_empty()
                {
                    items.push(std::mem::take(&mut parts));
                }
            }
            Event::Start(Tag::Table(aligns)) => {
                let widths = delimiter_widths(&text[range.clone()], aligns.len());
                let cols = aligns
                    .iter()
                    .zip(widths)
                    .map(|(a, width)| Column {
                        header: String::new(),
                        align: match a {
                            Alignment::Right => Align::Right,
                            Alignment::Center => Align::Center,
                            _ => Align::Left,
                        },
                        width,
                    })
                    .collect();
                table = Some((cols, Vec::new(), Vec::new(), true));
            }
            Event::End(TagEnd::Table) => {
                if let Some((columns, rows, _, _)) = table.take() {
                    out.push(Blk::Table {
                        caption: None,
                        columns,
                        rows,
                        total: false,
                    });
                }
            }
            Event::Start(Tag::TableHead) => {
                if let Some(t) = &mut table {
                    t.3 = true;
                    t.2.clear();
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = &mut table {
                    let cells = std::mem::take(&mut t.2);
                    for (c, cell) in t.0.iter_mut().zip(cells) {
                        c.header = cell
                            .into_iter()
                            .map(|p| match p {
                                Part::Text { text, .. } => text,
                                _ => " ".into(),
                            })
                            .collect();
                    }
                    t.3 = false;
                }
            }
            Event::Start(Tag::TableRow) => {
                if let Some(t) = &mut table {
                    t.2.clear();
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = &mut table {
                    let mut cells = std::mem::take(&mut t.2);
                    cells.resize(t.0.len(), Vec::new());
                    t.1.push(cells);
                }
            }
            Event::Start(Tag::TableCell) => parts.clear(),
            Event::End(TagEnd::TableCell) => {
                if let Some(t) = &mut table {
                    t.2.push(std::mem::take(&mut parts));
                }
            }
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
            Event::Start(Tag::Emphasis) => emph += 1,
            Event::End(TagEnd::Emphasis) => emph = emph.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(id) = dest_url.strip_prefix('#') {
                    link = Some((id.to_string(), parts.len(), line));
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((id, start, line)) = link.take()
                    && parts.len() == start
                {
                    parts.push(Part::Ref { id, line });
                }
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                push_text(&mut parts, &t, strong > 0, emph > 0);
            }
            Event::SoftBreak => push_text(&mut parts, " ", strong > 0, emph > 0),
            Event::HardBreak => parts.push(Part::Break),
            Event::End(TagEnd::CodeBlock) => out.push(Blk::Para(std::mem::take(&mut parts))),
            _ => {}
        }
    }
    if let Some((ordered, items)) = list.take() {
        out.push(Blk::List { ordered, items });
    }
    Ok(out)
}

fn push_text(parts: &mut Vec<Part>, t: &str, strong: bool, emph: bool) {
    if let Some(Part::Text {
        text,
        strong: s,
        emph: e,
    }) = parts.last_mut()
        && *s == strong
        && *e == emph
    {
        text.push_str(t);
        return;
    }
    parts.push(Part::Text {
        text: t.to_string(),
        strong,
        emph,
    });
}

/// Assigns heading numbers and resolves references.
fn number(blks: Vec<Blk>, numbering: Numbering) -> Result<Vec<Block>, MarkupError> {
    let mut counters = [0u32; 3];
    let mut labels: HashMap<String, String> = HashMap::new();
    let mut numbers: Vec<Option<String>> = Vec::new();
    for b in &blks {
        let Blk::Heading {
            level,
            numbered,
            id,
            text,
        } = b
        else {
            numbers.push(None);
            continue;
        };
        if !numbered {
            numbers.push(None);
            if let Some(id) = id {
                labels.insert(id.clone(), text.clone());
            }
            continue;
        }
        let l = usize::from(crate::ir::heading_level(*level)) - 1;
        counters[l] += 1;
        for c in counters.iter_mut().skip(l + 1) {
            *c = 0;
        }
        let path: Vec<String> = counters[..=l].iter().map(|c| c.to_string()).collect();
        let dotted = path.join(".");
        let (number, reference) = match (numbering, l) {
            (Numbering::Artikelen, 0) => (format!("Artikel {dotted}"), format!("artikel {dotted}")),
            (Numbering::Artikelen, _) => (dotted.clone(), format!("artikel {dotted}")),
            (Numbering::Hoofdstukken, 0) => (dotted.clone(), format!("hoofdstuk {dotted}")),
            (Numbering::Hoofdstukken, _) => (dotted.clone(), format!("paragraaf {dotted}")),
        };
        if let Some(id) = id {
            labels.insert(id.clone(), reference);
        }
        numbers.push(Some(number));
    }
    let resolve =
        |parts: Vec<Part>| -> Result<Vec<Inline>, MarkupError> {
            parts
                .into_iter()
                .map(|p| match p {
                    Part::Text { text, strong, emph } => Ok(Inline::Text { text, strong, emph }),
                    Part::Break => Ok(Inline::Break),
                    Part::Ref { id, line } => labels
                        .get(&id)
                        .map(|l| Inline::text(l.clone()))
                        .ok_or(MarkupError {
                            line,
                            message: format!("verwijzing naar onbekend anker ‘#{id}’"),
                        }),
                })
                .collect()
        };
    let mut out = Vec::with_capacity(blks.len());
    for (b, number) in blks.into_iter().zip(numbers) {
        out.push(match b {
            Blk::Ready(b) => b,
            Blk::Heading {
                level, id, text, ..
            } => Block::Heading {
                level,
                number,
                text,
                id,
            },
            Blk::Para(parts) => Block::Paragraph {
                content: resolve(parts)?,
            },
            Blk::List { ordered, items } => Block::List {
                ordered,
                items: items.into_iter().map(&resolve).collect::<Result<_, _>>()?,
            },
            Blk::KeyValue(rows) => Block::KeyValue {
                rows: rows
                    .into_iter()
                    .map(|(label, v)| {
                        Ok(KeyValueRow {
                            label,
                            value: resolve(v)?,
                        })
                    })
                    .collect::<Result<_, MarkupError>>()?,
            },
            Blk::Title {
                title,
                subtitle,
                facts,
            } => Block::Title {
                title,
                subtitle,
                facts: facts
                    .into_iter()
                    .map(|(label, v)| {
                        Ok(KeyValueRow {
                            label,
                            value: resolve(v)?,
                        })
                    })
                    .collect::<Result<_, MarkupError>>()?,
            },
            Blk::Table {
                caption,
                columns,
                rows,
                total,
            } => {
                let mut rows: Vec<Vec<Vec<Inline>>> = rows
                    .into_iter()
                    .map(|r| r.into_iter().map(&resolve).collect::<Result<_, _>>())
                    .collect::<Result<_, _>>()?;
                let total = if total { rows.pop() } else { None };
                Block::Table(Table {
                    caption,
                    columns,
                    rows,
                    total,
                })
            }
        });
    }
    Ok(out)
}
