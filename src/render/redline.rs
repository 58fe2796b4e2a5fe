//! Redlines: a DOCX with Word tracked changes from one version of a document to another, so
//! a lawyer reviews exactly the changed words in Word or LibreOffice and accepts or rejects
//! them.
//!
//! The two versions are compared as document trees (the [IR](crate::ir)), never as DOCX
//! files: [`merge`] aligns the blocks of the old and the new document (headings,
//! paragraphs, list items, key/value rows, table rows, signatories), and within blocks
//! that correspond compares word by word: text, amounts and table cells. The result is one
//! document with the new version's metadata whose text carries revision marks
//! ([`REV_DEL`], [`REV_INS`], [`REV_END`]); the DOCX exporter
//! ([`render_tracked`]) writes those as `w:del` and `w:ins` by
//! [`REV_AUTHOR`](crate::render::docx::REV_AUTHOR), dated the new version's
//! `Versiedatum`. Accepting every change gives the new document's text, rejecting every
//! change the old one's. A chart is compared as the data table the DOCX prints for it.
//!
//! Blocks are aligned by their content (patience diff); in a run of blocks that differ, a
//! block is paired with one of the same kind that is similar enough (at least 40 % of the
//! words equal, the pairs chosen for the most similarity, in order); the others are deleted
//! or inserted whole. Words are compared with their whitespace and style, so
//! `€ 47.750,00` → `€ 48.500,00` marks only the number.
//!
//! ```
//! use regiodocs::ir::{Block, Document, Inline, Meta};
//! use regiodocs::render::redline::merge;
//! let doc = |s: &str| Document {
//!     meta: Meta::example(),
//!     blocks: vec![Block::Paragraph { content: vec![Inline::text(s)] }],
//! };
//! let m = merge(&doc("Het bedrag is € 47.750,00 per jaar."), &doc("Het bedrag is € 48.500,00 per jaar."));
//! assert_eq!(
//!     m.plain_text(),
//!     "Het bedrag is € \u{1}47.750,00\u{3}\u{2}48.500,00\u{3} per jaar."
//! );
//! ```

use similar::{Algorithm, DiffTag, capture_diff_slices};

use crate::ir::{Align, Block, Chart, Column, Document, Inline, KeyValueRow, Signatory, Table};
use crate::render::docx::{DocxError, REV_DEL, REV_END, REV_INS, render_tracked};

/// The DOCX with tracked changes from `old` to `new`.
pub fn render(old: &Document, new: &Document) -> Result<Vec<u8>, DocxError> {
    render_tracked(&crate::layout::lay_out(&merge(old, new)))
}

/// One document with `new`'s metadata and the text of both, every difference marked.
pub fn merge(old: &Document, new: &Document) -> Document {
    let (a, b) = (prepare(old), prepare(new));
    let blocks = align(&a, &b, pairable_blocks)
        .into_iter()
        .map(|step| match step {
            Step::Same(_, j) => b[j].clone(),
            Step::Pair(i, j) => merge_block(&a[i], &b[j]),
            Step::Del(i) => mark_block(&a[i], Mark::Del),
            Step::Ins(j) => mark_block(&b[j], Mark::Ins),
        })
        .collect();
    Document {
        meta: new.meta.clone(),
        blocks,
    }
}

/// A change of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Mark {
    Del,
    Ins,
}

/// `text` marked as deleted or inserted.
fn wrap(text: &str, mark: Mark) -> String {
    if text.is_empty() {
        return String::new();
    }
    let start = match mark {
        Mark::Del => REV_DEL,
        Mark::Ins => REV_INS,
    };
    format!("{start}{text}{REV_END}")
}

/// The blocks as compared: revision marks removed (an archived tree could hold them) and
/// charts as the data table the DOCX prints.
fn prepare(doc: &Document) -> Vec<Block> {
    let strip = |s: &str| s.replace([REV_DEL, REV_INS, REV_END], "");
    doc.blocks
        .iter()
        .map(|b| match b {
            Block::Chart(c) => map_strings(&Block::Table(chart_table(c)), &strip),
            b => map_strings(b, &strip),
        })
        .collect()
}

/// A block wholly deleted or inserted: every piece of its text marked.
fn mark_block(b: &Block, mark: Mark) -> Block {
    map_strings(b, &|s: &str| wrap(s, mark))
}

/// `b` with `f` applied to every piece of text; a line break becomes text when `f`
/// changes `"\n"` (so it can carry a mark).
fn map_strings(b: &Block, f: &dyn Fn(&str) -> String) -> Block {
    let inl = |v: &[Inline]| map_inlines(v, f);
    let opt = |o: &Option<String>| o.as_deref().map(f);
    let kv = |rows: &[KeyValueRow]| {
        rows.iter()
            .map(|r| KeyValueRow {
                label: f(&r.label),
                value: inl(&r.value),
            })
            .collect()
    };
    match b {
        Block::Title {
            title,
            subtitle,
            facts,
        } => Block::Title {
            title: f(title),
            subtitle: opt(subtitle),
            facts: kv(facts),
        },
        Block::Heading {
            level,
            number,
            text,
            id,
        } => Block::Heading {
            level: *level,
            number: opt(number),
            text: f(text),
            id: id.clone(),
        },
        Block::Paragraph { content } => Block::Paragraph {
            content: inl(content),
        },
        Block::List { ordered, items } => Block::List {
            ordered: *ordered,
            items: items.iter().map(|i| inl(i)).collect(),
        },
        Block::KeyValue { rows } => Block::KeyValue { rows: kv(rows) },
        Block::Table(t) => Block::Table(Table {
            caption: opt(&t.caption),
            columns: t
                .columns
                .iter()
                .map(|c| crate::ir::Column {
                    header: f(&c.header),
                    ..c.clone()
                })
                .collect(),
            rows: t
                .rows
                .iter()
                .map(|r| r.iter().map(|c| inl(c)).collect())
                .collect(),
            total: t.total.as_ref().map(|r| r.iter().map(|c| inl(c)).collect()),
        }),
        Block::Signatures { signatories } => Block::Signatures {
            signatories: signatories
                .iter()
                .map(|s| Signatory {
                    name: f(&s.name),
                    function: f(&s.function),
                    organisation: f(&s.organisation),
                    authority: opt(&s.authority),
                    place: opt(&s.place),
                    // The signature field's name and description are not printed in a DOCX.
                    ..s.clone()
                })
                .collect(),
        },
        Block::Chart(c) => map_strings(&Block::Table(chart_table(c)), f),
        Block::PageBreak => Block::PageBreak,
    }
}

fn map_inlines(v: &[Inline], f: &dyn Fn(&str) -> String) -> Vec<Inline> {
    v.iter()
        .map(|i| match i {
            Inline::Text { text, strong, emph } => Inline::Text {
                text: f(text),
                strong: *strong,
                emph: *emph,
            },
            Inline::Break if f("\n") != "\n" => Inline::text(f("\n")),
            Inline::Break => Inline::Break,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Aligning sequences (blocks, rows, items).

/// One step of an alignment of `old` with `new`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Equal items.
    Same(usize, usize),
    /// Items that correspond but differ: compared within.
    Pair(usize, usize),
    /// An item only in `old`.
    Del(usize),
    /// An item only in `new`.
    Ins(usize),
}

/// Aligns two sequences: equal items by a patience diff of their JSON, and in each run of
/// differing items the pairs `pairable` scores (higher is more alike), chosen for the
/// highest total score in order.
fn align<T: serde::Serialize>(
    old: &[T],
    new: &[T],
    pairable: fn(&T, &T) -> Option<f64>,
) -> Vec<Step> {
    let key = |t: &T| serde_json::to_string(t).unwrap_or_default();
    let (ok, nk): (Vec<String>, Vec<String>) =
        (old.iter().map(key).collect(), new.iter().map(key).collect());
    let mut steps = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &ok, &nk) {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => steps.extend(o.zip(n).map(|(i, j)| Step::Same(i, j))),
            DiffTag::Delete => steps.extend(o.map(Step::Del)),
            DiffTag::Insert => steps.extend(n.map(Step::Ins)),
            DiffTag::Replace => steps.extend(pair_up(old, new, o, n, pairable)),
        }
    }
    steps
}

/// The best in-order pairing of `old[o]` with `new[n]` (dynamic programming over the run);
/// runs too long to pair in reasonable time are deleted and inserted whole.
fn pair_up<T>(
    old: &[T],
    new: &[T],
    o: std::ops::Range<usize>,
    n: std::ops::Range<usize>,
    pairable: fn(&T, &T) -> Option<f64>,
) -> Vec<Step> {
    let (h, w) = (o.len(), n.len());
    if h * w > 40_000 {
        return o.map(Step::Del).chain(n.map(Step::Ins)).collect();
    }
    let score: Vec<Vec<Option<f64>>> = o
        .clone()
        .map(|i| n.clone().map(|j| pairable(&old[i], &new[j])).collect())
        .collect();
    // best[i][j]: the highest total for old[o.start + i..] with new[n.start + j..].
    let mut best = vec![vec![0.0f64; w + 1]; h + 1];
    for i in (0..h).rev() {
        for j in (0..w).rev() {
            let mut b = best[i + 1][j].max(best[i][j + 1]);
            if let Some(s) = score[i][j] {
                b = b.max(best[i + 1][j + 1] + s);
            }
            best[i][j] = b;
        }
    }
    let mut steps = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < h && j < w {
        if let Some(s) = score[i][j]
            && best[i][j] == best[i + 1][j + 1] + s
        {
            steps.push(Step::Pair(o.start + i, n.start + j));
            i += 1;
            j += 1;
        } else if best[i][j] == best[i + 1][j] {
            steps.push(Step::Del(o.start + i));
            i += 1;
        } else {
            steps.push(Step::Ins(n.start + j));
            j += 1;
        }
    }
    steps.extend((i..h).map(|i| Step::Del(o.start + i)));
    steps.extend((j..w).map(|j| Step::Ins(n.start + j)));
    steps
}

/// The share of equal words of two texts (0 to 1): twice the equal words over all words.
fn similarity(a: &str, b: &str) -> f64 {
    let (x, y): (Vec<&str>, Vec<&str>) = (
        a.split_whitespace().collect(),
        b.split_whitespace().collect(),
    );
    if x.is_empty() && y.is_empty() {
        return 1.0;
    }
    let equal: usize = capture_diff_slices(Algorithm::Myers, &x, &y)
        .iter()
        .filter(|op| op.tag() == DiffTag::Equal)
        .map(|op| op.old_range().len())
        .sum();
    2.0 * equal as f64 / (x.len() + y.len()) as f64
}

/// The score of two texts that may be paired: their similarity when at least 40 %.
fn alike(a: &str, b: &str) -> Option<f64> {
    let s = similarity(a, b);
    (s >= 0.4).then_some(s)
}

fn block_text(b: &Block) -> String {
    Document {
        meta: crate::ir::Meta::example(),
        blocks: vec![b.clone()],
    }
    .plain_text()
}

fn pairable_blocks(a: &Block, b: &Block) -> Option<f64> {
    let same_kind = match (a, b) {
        (Block::Heading { level: x, .. }, Block::Heading { level: y, .. }) => x == y,
        (Block::List { ordered: x, .. }, Block::List { ordered: y, .. }) => x == y,
        (Block::Table(x), Block::Table(y)) => x.columns.len() == y.columns.len(),
        (Block::Title { .. }, Block::Title { .. })
        | (Block::Signatures { .. }, Block::Signatures { .. })
        | (Block::KeyValue { .. }, Block::KeyValue { .. }) => return Some(1.0),
        (Block::Paragraph { .. }, Block::Paragraph { .. }) => true,
        _ => false,
    };
    if !same_kind {
        return None;
    }
    alike(&block_text(a), &block_text(b))
}

fn pairable_rows(a: &[Vec<Inline>], b: &[Vec<Inline>]) -> Option<f64> {
    let text = |r: &[Vec<Inline>]| {
        r.iter()
            .map(|c| crate::ir::inline_text(c))
            .collect::<Vec<_>>()
            .join(" ")
    };
    (a.len() == b.len())
        .then(|| alike(&text(a), &text(b)))
        .flatten()
}

fn pairable_items(a: &[Inline], b: &[Inline]) -> Option<f64> {
    alike(&crate::ir::inline_text(a), &crate::ir::inline_text(b))
}

fn pairable_kv(a: &KeyValueRow, b: &KeyValueRow) -> Option<f64> {
    if a.label == b.label {
        return Some(1.0);
    }
    alike(
        &format!("{} {}", a.label, crate::ir::inline_text(&a.value)),
        &format!("{} {}", b.label, crate::ir::inline_text(&b.value)),
    )
}

fn pairable_signatories(a: &Signatory, b: &Signatory) -> Option<f64> {
    (a.organisation == b.organisation || a.name == b.name).then_some(1.0)
}

// ---------------------------------------------------------------------------------------
// Merging corresponding blocks.

fn merge_block(a: &Block, b: &Block) -> Block {
    match (a, b) {
        (
            Block::Title {
                title: t1,
                subtitle: s1,
                facts: f1,
            },
            Block::Title {
                title: t2,
                subtitle: s2,
                facts: f2,
            },
        ) => Block::Title {
            title: words(t1, t2),
            subtitle: merge_opt(s1, s2),
            facts: merge_kv(f1, f2),
        },
        (
            Block::Heading {
                number: n1,
                text: t1,
                ..
            },
            Block::Heading {
                level,
                number: n2,
                text: t2,
                id,
            },
        ) => Block::Heading {
            level: *level,
            number: merge_opt(n1, n2),
            text: words(t1, t2),
            id: id.clone(),
        },
        (Block::Paragraph { content: c1 }, Block::Paragraph { content: c2 }) => Block::Paragraph {
            content: inline_words(c1, c2),
        },
        (Block::List { items: i1, .. }, Block::List { ordered, items: i2 }) => Block::List {
            ordered: *ordered,
            items: merge_seq(
                i1,
                i2,
                |a, b| pairable_items(a, b),
                |x, y| inline_words(x, y),
                |v, m| map_inlines(v, &|s: &str| wrap(s, m)),
            ),
        },
        (Block::KeyValue { rows: r1 }, Block::KeyValue { rows: r2 }) => Block::KeyValue {
            rows: merge_kv(r1, r2),
        },
        (Block::Table(t1), Block::Table(t2)) => Block::Table(merge_table(t1, t2)),
        (Block::Signatures { signatories: s1 }, Block::Signatures { signatories: s2 }) => {
            Block::Signatures {
                signatories: merge_seq(
                    s1,
                    s2,
                    pairable_signatories,
                    |x, y| Signatory {
                        name: words(&x.name, &y.name),
                        function: words(&x.function, &y.function),
                        organisation: words(&x.organisation, &y.organisation),
                        authority: merge_opt(&x.authority, &y.authority),
                        place: merge_opt(&x.place, &y.place),
                        ..y.clone()
                    },
                    |s, m| {
                        let f = |t: &str| wrap(t, m);
                        Signatory {
                            name: f(&s.name),
                            function: f(&s.function),
                            organisation: f(&s.organisation),
                            authority: s.authority.as_deref().map(f),
                            place: s.place.as_deref().map(f),
                            ..s.clone()
                        }
                    },
                ),
            }
        }
        // `pairable_blocks` pairs blocks of one kind only.
        (_, b) => b.clone(),
    }
}

/// Two sequences merged: equal items as they are, paired items by `both`, the others
/// marked whole by `whole`.
fn merge_seq<T: Clone + serde::Serialize>(
    old: &[T],
    new: &[T],
    pairable: fn(&T, &T) -> Option<f64>,
    both: impl Fn(&T, &T) -> T,
    whole: impl Fn(&T, Mark) -> T,
) -> Vec<T> {
    align(old, new, pairable)
        .into_iter()
        .map(|s| match s {
            Step::Same(_, j) => new[j].clone(),
            Step::Pair(i, j) => both(&old[i], &new[j]),
            Step::Del(i) => whole(&old[i], Mark::Del),
            Step::Ins(j) => whole(&new[j], Mark::Ins),
        })
        .collect()
}

fn merge_kv(old: &[KeyValueRow], new: &[KeyValueRow]) -> Vec<KeyValueRow> {
    merge_seq(
        old,
        new,
        pairable_kv,
        |a, b| KeyValueRow {
            label: words(&a.label, &b.label),
            value: inline_words(&a.value, &b.value),
        },
        |r, m| KeyValueRow {
            label: wrap(&r.label, m),
            value: map_inlines(&r.value, &|s: &str| wrap(s, m)),
        },
    )
}

fn merge_table(a: &Table, b: &Table) -> Table {
    let cells = |x: &[Vec<Inline>], y: &[Vec<Inline>]| -> Vec<Vec<Inline>> {
        x.iter().zip(y).map(|(p, q)| inline_words(p, q)).collect()
    };
    let mark_row = |r: &Vec<Vec<Inline>>, m: Mark| -> Vec<Vec<Inline>> {
        r.iter()
            .map(|c| map_inlines(c, &|s: &str| wrap(s, m)))
            .collect()
    };
    Table {
        caption: merge_opt(&a.caption, &b.caption),
        columns: a
            .columns
            .iter()
            .zip(&b.columns)
            .map(|(x, y)| crate::ir::Column {
                header: words(&x.header, &y.header),
                ..y.clone()
            })
            .collect(),
        rows: merge_seq(
            &a.rows,
            &b.rows,
            |a, b| pairable_rows(a, b),
            |x, y| cells(x, y),
            mark_row,
        ),
        total: match (&a.total, &b.total) {
            (Some(x), Some(y)) if x.len() == y.len() => Some(cells(x, y)),
            (Some(x), Some(y)) => Some(
                mark_row(x, Mark::Del)
                    .into_iter()
                    .zip(mark_row(y, Mark::Ins))
                    .map(|(mut p, q)| {
                        p.extend(q);
                        p
                    })
                    .collect(),
            ),
            (None, Some(y)) => Some(mark_row(y, Mark::Ins)),
            (Some(x), None) => Some(mark_row(x, Mark::Del)),
            (None, None) => None,
        },
    }
}

fn merge_opt(a: &Option<String>, b: &Option<String>) -> Option<String> {
    match (a, b) {
        (Some(x), Some(y)) => Some(words(x, y)),
        (None, Some(y)) => Some(wrap(y, Mark::Ins)),
        (Some(x), None) => Some(wrap(x, Mark::Del)),
        (None, None) => None,
    }
}

// ---------------------------------------------------------------------------------------
// Word by word.

/// A word, a run of whitespace or a line break, with its style.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Token {
    text: String,
    strong: bool,
    emph: bool,
}

fn tokens(content: &[Inline]) -> Vec<Token> {
    let mut out = Vec::new();
    for i in content {
        let (text, strong, emph) = match i {
            Inline::Text { text, strong, emph } => (text.as_str(), *strong, *emph),
            Inline::Break => ("\n", false, false),
        };
        let mut cur = String::new();
        let mut cur_space = None;
        for c in text.chars() {
            let space = c.is_whitespace();
            if (c == '\n' || cur_space.is_some_and(|s| s != space)) && !cur.is_empty() {
                out.push(Token {
                    text: std::mem::take(&mut cur),
                    strong,
                    emph,
                });
            }
            cur.push(c);
            cur_space = Some(space);
            if c == '\n' {
                out.push(Token {
                    text: std::mem::take(&mut cur),
                    strong,
                    emph,
                });
                cur_space = None;
            }
        }
        if !cur.is_empty() {
            out.push(Token {
                text: cur,
                strong,
                emph,
            });
        }
    }
    out
}

/// Inline content with the word-level differences from `a` to `b` marked.
fn inline_words(a: &[Inline], b: &[Inline]) -> Vec<Inline> {
    let (x, y) = (tokens(a), tokens(b));
    let mut marked: Vec<(&Token, Option<Mark>)> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &x, &y) {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => marked.extend(y[n].iter().map(|t| (t, None))),
            DiffTag::Delete => marked.extend(x[o].iter().map(|t| (t, Some(Mark::Del)))),
            DiffTag::Insert => marked.extend(y[n].iter().map(|t| (t, Some(Mark::Ins)))),
            DiffTag::Replace => {
                marked.extend(x[o].iter().map(|t| (t, Some(Mark::Del))));
                marked.extend(y[n].iter().map(|t| (t, Some(Mark::Ins))));
            }
        }
    }
    // Adjacent tokens with the same style and mark become one run.
    let mut out: Vec<Inline> = Vec::new();
    let mut cur: Option<(bool, bool, Option<Mark>, String)> = None;
    let flush = |cur: &mut Option<(bool, bool, Option<Mark>, String)>, out: &mut Vec<Inline>| {
        if let Some((strong, emph, mark, text)) = cur.take() {
            let text = match mark {
                Some(m) => wrap(&text, m),
                None => text,
            };
            out.push(Inline::Text { text, strong, emph });
        }
    };
    for (t, mark) in marked {
        match &mut cur {
            Some((s, e, m, text)) if *s == t.strong && *e == t.emph && *m == mark => {
                text.push_str(&t.text)
            }
            _ => {
                flush(&mut cur, &mut out);
                cur = Some((t.strong, t.emph, mark, t.text.clone()));
            }
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// Plain text with the word-level differences from `a` to `b` marked.
fn words(a: &str, b: &str) -> String {
    crate::ir::inline_text(&inline_words(&[Inline::text(a)], &[Inline::text(b)]))
}

/// The DOCX equivalent of a chart: its data table under the chart's title, exactly the
/// text the PDF prints with the bars (a DOCX has no drawing of the bars).
fn chart_table(c: &Chart) -> Table {
    let mut rows = c.table_rows().into_iter();
    let header = rows.next().unwrap_or_default();
    let columns = header
        .into_iter()
        .enumerate()
        .map(|(i, h)| Column {
            header: h,
            align: if i == 0 { Align::Left } else { Align::Right },
            width: if i == 0 { 2 } else { 1 },
        })
        .collect();
    Table {
        caption: Some(c.title.clone()),
        columns,
        rows: rows
            .map(|r| r.into_iter().map(|cell| vec![Inline::text(cell)]).collect())
            .collect(),
        total: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Align, Column, Meta};

    /// The lines that are left, empty ones dropped (a paragraph wholly deleted leaves an
    /// empty line here; in the DOCX its paragraph mark goes with it).
    fn lines(s: String) -> String {
        s.lines()
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn accept(s: &str) -> String {
        let mut out = String::new();
        let mut keep = true;
        for c in s.chars() {
            match c {
                REV_DEL => keep = false,
                REV_INS | REV_END => keep = true,
                c if keep => out.push(c),
                _ => {}
            }
        }
        out
    }

    fn reject(s: &str) -> String {
        let mut out = String::new();
        let mut keep = true;
        for c in s.chars() {
            match c {
                REV_INS => keep = false,
                REV_DEL | REV_END => keep = true,
                c if keep => out.push(c),
                _ => {}
            }
        }
        out
    }

    fn doc(blocks: Vec<Block>) -> Document {
        Document {
            meta: Meta::example(),
            blocks,
        }
    }

    fn p(s: &str) -> Block {
        Block::Paragraph {
            content: vec![Inline::text(s)],
        }
    }

    fn table(rows: &[[&str; 2]]) -> Block {
        Block::Table(Table {
            caption: Some("Kosten".into()),
            columns: vec![
                Column {
                    header: "Post".into(),
                    align: Align::Left,
                    width: 2,
                },
                Column {
                    header: "2027".into(),
                    align: Align::Right,
                    width: 1,
                },
            ],
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| vec![Inline::text(*c)]).collect())
                .collect(),
            total: None,
        })
    }

    #[test]
    fn accepting_gives_the_new_text_and_rejecting_the_old() {
        let old = doc(vec![
            p("Artikel over samenwerking tussen partijen."),
            p("Deze alinea vervalt helemaal."),
            table(&[["Coördinatie", "€ 47.750,00"], ["Scholing", "€ 5.000,00"]]),
            p("Slot."),
        ]);
        let new = doc(vec![
            p("Artikel over de samenwerking tussen alle partijen."),
            table(&[
                ["Coördinatie", "€ 48.500,00"],
                ["Scholing", "€ 5.000,00"],
                ["Huisvesting", "€ 1.200,00"],
            ]),
            p("Een nieuwe alinea."),
            p("Slot."),
        ]);
        let m = merge(&old, &new).plain_text();
        assert_eq!(lines(accept(&m)), new.plain_text());
        assert_eq!(lines(reject(&m)), old.plain_text());
        // Only the changed words are marked: the unchanged row and the € sign are not.
        assert!(
            m.contains("Coördinatie € \u{1}47.750,00\u{3}\u{2}48.500,00\u{3}"),
            "{m}"
        );
        assert!(m.contains("\nScholing € 5.000,00\n"), "{m}");
        assert!(
            m.contains("\u{2}Huisvesting\u{3} \u{2}€ 1.200,00\u{3}"),
            "{m}"
        );
    }

    #[test]
    fn unrelated_blocks_are_replaced_not_paired() {
        let old = doc(vec![p("Een heel andere tekst over iets.")]);
        let new = doc(vec![p("Volledig nieuw verhaal hier.")]);
        let m = merge(&old, &new).plain_text();
        assert_eq!(
            m,
            "\u{1}Een heel andere tekst over iets.\u{3}\n\u{2}Volledig nieuw verhaal hier.\u{3}"
        );
    }

    #[test]
    fn marks_in_an_archived_tree_are_not_taken_for_changes() {
        let old = doc(vec![p("a\u{2}b\u{3} c")]);
        let new = doc(vec![p("ab c")]);
        assert_eq!(merge(&old, &new).plain_text(), "ab c");
    }
}
