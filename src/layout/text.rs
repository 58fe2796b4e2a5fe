//! Breaking rules: where a text may break, how wide its unbreakable pieces are, and Dutch
//! hyphenation where a word is wider than its room.
//!
//! A text breaks only where every renderer (Typst, LibreOffice and Word) breaks: after a
//! space, after a hyphen between two letters, and at soft hyphens and zero-width spaces.
//! What lies between two such places is a *piece*. Pieces that are amounts, numbers,
//! percentages, dates and codes (*atoms*) are never broken; [`glue`] makes sure no renderer
//! finds a break inside them (a no-break space inside `€ 1.234,56` and `1 juli 2027`, a word
//! joiner after the hyphens of `K-CZV-GM0141`). Other pieces that are wider than their room
//! get soft hyphens at the Dutch break points (hypher, the patterns Typst uses), and only a
//! piece that still does not fit gets zero-width break points between its letters.

use super::metrics::{self, Font, Measure, Weight, Width};
use crate::ir::Inline;

/// No-break space.
const NBSP: char = '\u{A0}';
/// Word joiner: no break here, prints nothing.
const WJ: char = '\u{2060}';
/// Soft hyphen: a break point that prints a hyphen when used.
pub(crate) const SHY: char = '\u{AD}';
/// Zero-width space: a break point that prints nothing.
const ZWSP: char = '\u{200B}';

/// Measured widths are widened by this factor: it covers kerning pairs that widen, and
/// rounding in the renderers.
pub(crate) const SLACK: f64 = 1.02;

/// How close to its room (in em) a line may come before the layout leaves its breaks to
/// Typst: the layout shapes as Typst does, but a hair's difference in rounding must not
/// decide between one line and two.
const BREAK_MARGIN: f64 = 0.01;

/// The Dutch month names, as [`crate::nl::datum`] writes them.
const MONTHS: [&str; 12] = crate::nl::MAANDEN;

/// What a text needs, in em of its type size.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Need {
    /// The widest piece with every word whole.
    pub words: f64,
    /// The widest piece when long words are hyphenated by Dutch rules.
    pub syllables: f64,
    /// The widest piece when words that still do not fit break anywhere (atoms stay whole).
    pub letters: f64,
    /// The widest line when nothing wraps.
    pub max: f64,
}

impl Need {
    /// The larger need of two texts that share a column.
    pub(crate) fn max(self, o: Need) -> Need {
        Need {
            words: self.words.max(o.words),
            syllables: self.syllables.max(o.syllables),
            letters: self.letters.max(o.letters),
            max: self.max.max(o.max),
        }
    }

    /// Widened by `extra` em (a swatch in front of the text).
    pub(crate) fn plus(self, extra: f64) -> Need {
        Need {
            words: self.words + extra,
            syllables: self.syllables + extra,
            letters: self.letters + extra,
            max: self.max + extra,
        }
    }
}

/// Joins what must not break: `€` and its amount, the parts of a date (`1 juli 2027`,
/// `juli 2027`) and the parts of a code with hyphens (`K-CZV-GM0141`). Texts without any
/// of these come back unchanged.
pub(crate) fn glue(text: &str) -> String {
    let mut s = if text.contains("€ ") {
        text.replace("€ ", "€\u{a0}")
    } else {
        text.to_string()
    };
    if s.contains(' ') && MONTHS.iter().any(|m| s.contains(m)) {
        s = glue_dates(&s);
    }
    if s.contains('-') {
        s = glue_codes(&s);
    }
    s
}

/// Replaces the spaces of `d maand jjjj` and `maand jjjj` by no-break spaces.
fn glue_dates(s: &str) -> String {
    let words: Vec<&str> = s.split(' ').collect();
    let is_day = |w: &str| (1..=2).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit());
    let is_year = |w: &str| {
        let core = w.trim_end_matches(|c: char| ",.;:)".contains(c));
        core.len() == 4 && core.bytes().all(|b| b.is_ascii_digit())
    };
    let mut out = String::with_capacity(s.len());
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            let glued = (MONTHS.contains(w) && is_day(words[i - 1].trim_start_matches('(')))
                || (MONTHS.contains(&words[i - 1]) && is_year(w));
            out.push(if glued { NBSP } else { ' ' });
        }
        out.push_str(w);
    }
    out
}

/// Puts a word joiner after every hyphen inside codes such as `K-CZV-GM0141`: words of
/// capitals and digits joined by hyphens, with at least one capital and one digit.
fn glue_codes(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, word) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let core = word.trim_matches(|c: char| "(),.;:".contains(c));
        if is_code(core) {
            out.push_str(&word.replace('-', "-\u{2060}"));
        } else {
            out.push_str(word);
        }
    }
    out
}

fn is_code(w: &str) -> bool {
    w.contains('-')
        && w.len() <= 32
        && w.split('-').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
        && w.chars().any(|c| c.is_ascii_digit())
        && w.chars().any(|c| c.is_ascii_uppercase())
}

/// A piece that never breaks: an amount, number, percentage, year, date or code.
fn is_atom(piece: &[char]) -> bool {
    let core: Vec<char> = {
        let start = piece
            .iter()
            .position(|c| !"(‘“'\"".contains(*c))
            .unwrap_or(piece.len());
        let end = piece
            .iter()
            .rposition(|c| !"),.;:’”'\"".contains(*c))
            .map_or(start, |e| e + 1)
            .max(start);
        piece[start..end].to_vec()
    };
    if core.is_empty() {
        return false;
    }
    if core.iter().any(|c| *c == NBSP || *c == WJ) {
        return true;
    }
    let digit = core.iter().any(char::is_ascii_digit);
    if digit
        && core
            .iter()
            .all(|c| c.is_ascii_digit() || ".,%€+-−".contains(*c))
    {
        return true;
    }
    let s: String = core.iter().collect();
    digit
        && s.len() <= 12
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && s.chars().any(|c| c.is_ascii_uppercase())
}

/// A text laid flat: every character with the measure of its run, and which inline it came
/// from (a forced break is a `\n` of its own inline).
pub(crate) struct Flat<'a> {
    source: &'a [Inline],
    chars: Vec<char>,
    runs: Vec<usize>,
    measures: Vec<Measure>,
}

/// One piece between two break points: `start..end` of the characters (trailing spaces
/// not included).
#[derive(Debug, Clone, Copy)]
struct Piece {
    start: usize,
    end: usize,
    /// Ends at a soft hyphen, so a hyphen prints when the line breaks there.
    hyphenated: bool,
}

impl<'a> Flat<'a> {
    /// Lays out `content` whose plain runs are set in `base` (bold runs in bold, italic
    /// runs in italic).
    pub(crate) fn new(content: &'a [Inline], base: Font) -> Flat<'a> {
        let mut f = Flat {
            source: content,
            chars: Vec::new(),
            runs: Vec::new(),
            measures: Vec::new(),
        };
        for (i, inline) in content.iter().enumerate() {
            match inline {
                Inline::Text { text, strong, emph } => {
                    let font = Font {
                        weight: if *strong { Weight::Bold } else { base.weight },
                        italic: base.italic || *emph,
                    };
                    let m = Measure::new(font);
                    for c in text.chars() {
                        f.chars.push(c);
                        f.runs.push(i);
                        f.measures.push(m);
                    }
                }
                Inline::Break => {
                    f.chars.push('\n');
                    f.runs.push(i);
                    f.measures.push(Measure::new(base));
                }
            }
        }
        f
    }

    fn width(&self, range: std::ops::Range<usize>) -> Width {
        range.fold(Width::default(), |w, i| {
            w + self.measures[i].char(self.chars[i])
        })
    }

    fn piece_width(&self, p: Piece) -> f64 {
        let mut w = self.width(p.start..p.end);
        if p.hyphenated {
            w += self.measures[p.end - 1].hyphen();
        }
        w.em()
    }

    /// The pieces between break points.
    fn pieces(&self) -> Vec<Piece> {
        let c = &self.chars;
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let close = |out: &mut Vec<Piece>, start: &mut Option<usize>, end: usize| {
            if let Some(s) = start.take()
                && end > s
            {
                out.push(Piece {
                    start: s,
                    end,
                    hyphenated: c[end - 1] == SHY,
                });
            }
        };
        for i in 0..c.len() {
            match c[i] {
                ' ' | '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => {
                    close(&mut out, &mut start, i);
                }
                ch => {
                    start.get_or_insert(i);
                    let after_hyphen = ch == '-'
                        && i > 0
                        && c[i - 1].is_alphabetic()
                        && c.get(i + 1).is_some_and(|n| n.is_alphabetic());
                    if ch == SHY || ch == ZWSP || after_hyphen {
                        close(&mut out, &mut start, i + 1);
                    }
                }
            }
        }
        close(&mut out, &mut start, c.len());
        out
    }

    /// Where soft hyphens go in a piece by Dutch rules: the character indices they go
    /// before. Only runs of letters of one inline are hyphenated; atoms never.
    fn hyphen_points(&self, p: Piece) -> Vec<usize> {
        let mut points = Vec::new();
        if is_atom(&self.chars[p.start..p.end]) {
            return points;
        }
        let mut i = p.start;
        while i < p.end {
            if !self.chars[i].is_alphabetic() {
                i += 1;
                continue;
            }
            let run = self.runs[i];
            let mut j = i;
            while j < p.end && self.chars[j].is_alphabetic() && self.runs[j] == run {
                j += 1;
            }
            if j - i >= 4 {
                let word: String = self.chars[i..j].iter().collect();
                let mut k = i;
                for syllable in hypher::hyphenate(&word, hypher::Lang::Dutch) {
                    k += syllable.chars().count();
                    if k < j {
                        points.push(k);
                    }
                }
            }
            i = j;
        }
        points
    }

    /// The widths of the parts of a piece split at `points`, each with its hyphen.
    fn chunk_widths(&self, p: Piece, points: &[usize]) -> impl Iterator<Item = f64> + '_ {
        let mut bounds = vec![p.start];
        bounds.extend_from_slice(points);
        bounds.push(p.end);
        let last = bounds.len() - 2;
        (0..bounds.len() - 1).map(move |k| {
            self.piece_width(Piece {
                start: bounds[k],
                end: bounds[k + 1],
                hyphenated: k < last || p.hyphenated,
            })
        })
    }

    /// What this text needs (see [`Need`]).
    pub(crate) fn need(&self) -> Need {
        let mut need = Need::default();
        for p in self.pieces() {
            let w = self.piece_width(p);
            need.words = need.words.max(w);
            let points = self.hyphen_points(p);
            let syllables = if points.is_empty() {
                w
            } else {
                self.chunk_widths(p, &points).fold(0.0, f64::max)
            };
            need.syllables = need.syllables.max(syllables);
            let letters = if is_atom(&self.chars[p.start..p.end]) {
                w
            } else {
                (p.start..p.end)
                    .map(|i| self.measures[i].char(self.chars[i]).em())
                    .fold(0.0, f64::max)
            };
            need.letters = need.letters.max(letters);
        }
        need.max = self.lines().fold(0.0, f64::max);
        need.syllables = need.syllables.min(need.words);
        need.letters = need.letters.min(need.syllables);
        need
    }

    /// Whether the text has nothing to print (no characters, or only white space).
    pub(crate) fn is_empty(&self) -> bool {
        self.chars.iter().all(|c| c.is_whitespace())
    }

    /// The text broken into lines by the layout itself, for a table row of fixed height
    /// (see [`super::Table::lines`]): the character indices at which a new line starts.
    ///
    /// The lines are filled as Typst fills them (greedily, by their shaped width in the
    /// PDF's font: [`metrics::shaped_pdf`]), with whole words: a line ends at a space or
    /// after a hyphen, never at the soft hyphens and zero-width spaces [`Flat::fit`] put in
    /// for the DOCX's wider font. A word joins the line when the line then still fits
    /// `room` em, and starts a new line when the line would not fit. A line within
    /// [`BREAK_MARGIN`] of the room, where the last hundredths of a point decide, gives
    /// `None`, as does text that is not plain type (bold or italic runs, a hard break), a
    /// word wider than the room, a character the font lacks, and empty text: such a text
    /// is left to the renderer. The DOCX does not get these breaks: Word breaks its own
    /// lines.
    pub(crate) fn plain_breaks(&self, room: f64) -> Option<Vec<usize>> {
        let plain = self.source.iter().all(|i| {
            matches!(
                i,
                Inline::Text {
                    strong: false,
                    emph: false,
                    ..
                }
            )
        });
        let hard = |c: &char| matches!(*c, '\n' | '\r' | '\u{2028}' | '\u{2029}');
        if !plain || self.is_empty() || self.chars.iter().any(hard) {
            return None;
        }
        let text: String = self.chars.iter().collect();
        let mut x = vec![0.0];
        for a in metrics::shaped_pdf(&text)? {
            x.push(x[x.len() - 1] + a);
        }
        let width = |start: usize, end: usize| x[end] - x[start];
        let mut breaks = Vec::new();
        // The first line starts at the first character (leading spaces print).
        let (mut line, mut first) = (0, true);
        for p in self.words() {
            let w = width(line, p.end);
            if first || w <= room - BREAK_MARGIN {
                first = false;
            } else if w > room + BREAK_MARGIN {
                breaks.push(p.start);
                line = p.start;
            } else {
                return None;
            }
            // A line of one piece must fit too.
            if width(line, p.end) > room - BREAK_MARGIN {
                return None;
            }
        }
        Some(breaks)
    }

    /// The pieces with those joined that only a soft hyphen or a zero-width space parts:
    /// the words a line may end after without a hyphen printing.
    fn words(&self) -> Vec<Piece> {
        let mut out: Vec<Piece> = Vec::new();
        for p in self.pieces() {
            match out.last_mut() {
                Some(last)
                    if last.end == p.start && matches!(self.chars[last.end - 1], SHY | ZWSP) =>
                {
                    last.end = p.end;
                    last.hyphenated = p.hyphenated;
                }
                _ => out.push(p),
            }
        }
        out
    }

    /// The text with a line break before each of `breaks` (from [`Flat::plain_breaks`]). The
    /// spaces where a line ends stay at the end of that line, so the text as written is the
    /// lines put together again; the PDF theme does not print them.
    pub(crate) fn broken(&self, breaks: &[usize]) -> Vec<Inline> {
        let mut out = Vec::with_capacity(2 * breaks.len() + 1);
        let mut start = 0;
        for &end in breaks.iter().chain(std::iter::once(&self.chars.len())) {
            if start > 0 {
                out.push(Inline::Break);
            }
            out.push(Inline::text(
                self.chars[start..end].iter().collect::<String>(),
            ));
            start = end;
        }
        out
    }

    /// About how many lines the text takes in `room` em, filled greedily with an ordinary
    /// space between words (an estimate for page decisions, such as keeping a short table
    /// on one page; the renderers break the lines themselves).
    pub(crate) fn line_count(&self, room: f64) -> usize {
        const SPACE: f64 = 0.28;
        let hard = |c: &char| matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}');
        let room = room.max(1e-3);
        let (mut lines, mut x, mut previous_end) = (1, 0.0, 0);
        for p in self.pieces() {
            let gap = &self.chars[previous_end..p.start];
            let breaks = gap.iter().filter(|c| hard(c)).count();
            if breaks > 0 {
                lines += breaks;
                x = 0.0;
            }
            let w = self.piece_width(p) * SLACK;
            let add = if x > 0.0 && !gap.is_empty() {
                SPACE + w
            } else {
                w
            };
            if x > 0.0 && x + add > room {
                lines += 1;
                x = w;
            } else {
                x += add;
            }
            if x > room {
                // A piece wider than the room breaks inside (hyphens or letters).
                lines += (x / room).ceil() as usize - 1;
                x %= room;
            }
            previous_end = p.end;
        }
        lines
            + self.chars[previous_end..]
                .iter()
                .filter(|c| hard(c))
                .count()
    }

    /// The width of every line when nothing wraps (trailing spaces not counted).
    fn lines(&self) -> impl Iterator<Item = f64> + '_ {
        self.chars
            .split(|c| matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}'))
            .scan(0usize, |start, line| {
                let s = *start;
                *start += line.len() + 1;
                let len = line.iter().rposition(|c| *c != ' ').map_or(0, |e| e + 1);
                Some(self.width(s..s + len).em())
            })
    }

    /// The text with break points added to every piece wider than `room` em: soft hyphens
    /// at the Dutch break points, or, where those do not make it fit (or there are none),
    /// zero-width spaces between its letters. Atoms are left whole. `None` when nothing
    /// had to change.
    pub(crate) fn fit(&self, room: f64) -> Option<Vec<Inline>> {
        let mut inserts: Vec<(usize, char)> = Vec::new();
        for p in self.pieces() {
            // The room is often exactly a piece's width (a column at its minimum): a
            // rounding hair must not break it.
            let room = room + 1e-6;
            if self.piece_width(p) * SLACK <= room {
                continue;
            }
            let points = self.hyphen_points(p);
            let hyphens_fit =
                !points.is_empty() && self.chunk_widths(p, &points).all(|w| w * SLACK <= room);
            if hyphens_fit {
                inserts.extend(points.into_iter().map(|i| (i, SHY)));
            } else if !is_atom(&self.chars[p.start..p.end]) {
                for i in p.start + 1..p.end {
                    let c = self.chars[i];
                    let joins = unicode_normalization::char::is_combining_mark(c)
                        || c == '\u{200D}'
                        || ('\u{FE00}'..='\u{FE0F}').contains(&c)
                        || self.chars[i - 1] == '\u{200D}'
                        || matches!(self.chars[i - 1], SHY | ZWSP);
                    if !joins {
                        inserts.push((i, ZWSP));
                    }
                }
            }
        }
        if inserts.is_empty() {
            return None;
        }
        inserts.sort_unstable();
        let mut chars = Vec::with_capacity(self.chars.len() + inserts.len());
        let mut runs = Vec::with_capacity(chars.capacity());
        let mut next = inserts.iter().peekable();
        for i in 0..self.chars.len() {
            while let Some((_, c)) = next.next_if(|(at, _)| *at == i) {
                chars.push(*c);
                runs.push(self.runs[i]);
            }
            chars.push(self.chars[i]);
            runs.push(self.runs[i]);
        }
        Some(rebuild(self.source, &chars, &runs))
    }
}

/// The inline list again, with the (changed) characters of each text run.
fn rebuild(source: &[Inline], chars: &[char], runs: &[usize]) -> Vec<Inline> {
    let mut out = Vec::with_capacity(source.len());
    let mut k = 0;
    for (i, inline) in source.iter().enumerate() {
        let start = k;
        while k < runs.len() && runs[k] == i {
            k += 1;
        }
        match inline {
            Inline::Break => out.push(Inline::Break),
            Inline::Text { strong, emph, .. } => out.push(Inline::Text {
                text: chars[start..k].iter().collect(),
                strong: *strong,
                emph: *emph,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> Vec<Inline> {
        vec![Inline::text(s)]
    }

    fn text_of(v: &[Inline]) -> String {
        crate::ir::inline_text(v)
    }

    #[test]
    fn lines_are_counted_greedily_with_forced_breaks() {
        let m = Measure::new(Font::default());
        let content = plain("een twee drie");
        let f = Flat::new(&content, Font::default());
        let one = m.text("een twee drie".chars()).em() * SLACK;
        assert_eq!(f.line_count(one + 0.5), 1);
        // Room for "een twee" but not the third word.
        let two = m.text("een twee".chars()).em() * SLACK + 0.3;
        assert_eq!(f.line_count(two), 2);
        // One word per line.
        let widest = ["een", "twee", "drie"]
            .map(|w| m.text(w.chars()).em() * SLACK)
            .into_iter()
            .fold(0.0, f64::max);
        assert_eq!(f.line_count(widest + 0.01), 3);
        // A forced break always starts a line; a word twice the room takes two.
        let content = vec![Inline::text("a"), Inline::Break, Inline::text("bbbbbbbb")];
        let f = Flat::new(&content, Font::default());
        let half = m.text("bbbb".chars()).em() * SLACK + 0.01;
        assert_eq!(f.line_count(half), 3);
    }

    #[test]
    fn amounts_dates_and_codes_are_glued() {
        assert_eq!(
            glue("€ 1.234,56 en € -3,50"),
            "€\u{a0}1.234,56 en €\u{a0}-3,50"
        );
        assert_eq!(
            glue("op 1 juli 2027 en juli 2028."),
            "op 1\u{a0}juli\u{a0}2027 en juli\u{a0}2028."
        );
        assert_eq!(
            glue("regel K-CZV-GM0141 (GM-0228)"),
            "regel K-\u{2060}CZV-\u{2060}GM0141 (GM-\u{2060}0228)"
        );
        // Ordinary words with hyphens and year ranges stay as they are.
        assert_eq!(
            glue("Leidschendam-Voorburg 2027-2028 KnGG-monitor"),
            "Leidschendam-Voorburg 2027-2028 KnGG-monitor"
        );
        // A day and its month are glued too; a year before a month is no date.
        assert_eq!(
            glue("op 1 juli en in 2027 juli"),
            "op 1\u{a0}juli en in 2027 juli"
        );
    }

    #[test]
    fn pieces_break_at_spaces_and_after_hyphens_between_letters() {
        let content = plain("Leidschendam-Voorburg en €\u{a0}-1.234,56 en 2027-2028");
        let f = Flat::new(&content, Font::default());
        let pieces: Vec<String> = f
            .pieces()
            .iter()
            .map(|p| f.chars[p.start..p.end].iter().collect())
            .collect();
        assert_eq!(
            pieces,
            [
                "Leidschendam-",
                "Voorburg",
                "en",
                "€\u{a0}-1.234,56",
                "en",
                "2027-2028"
            ]
        );
    }

    #[test]
    fn needs_grow_from_letters_to_syllables_to_words_to_lines() {
        let content = plain("Het Portefeuillehoudersoverleg besluit");
        let n = Flat::new(&content, Font::default()).need();
        assert!(
            n.letters < n.syllables && n.syllables < n.words && n.words < n.max,
            "{n:?}"
        );
        // An amount is an atom: every need is its full width.
        let amount = plain("€\u{a0}124.315,43");
        let n = Flat::new(&amount, Font::default()).need();
        assert_eq!(n.letters, n.max);
        assert_eq!(n.words, n.max);
    }

    #[test]
    fn a_word_too_wide_gets_dutch_soft_hyphens_and_an_amount_stays_whole() {
        let content = plain("Portefeuillehoudersoverleg €\u{a0}124.315,43");
        let f = Flat::new(&content, Font::default());
        let need = f.need();
        // Room for the amount, not for the long word.
        let room = f.piece_width(f.pieces()[1]) * SLACK + 0.01;
        assert!(need.words > room);
        let fitted = text_of(&f.fit(room).expect("changed"));
        assert_eq!(
            fitted,
            "Por\u{ad}te\u{ad}feuil\u{ad}le\u{ad}hou\u{ad}ders\u{ad}over\u{ad}leg €\u{a0}124.315,43"
        );
        // Enough room: nothing changes.
        assert!(f.fit(need.max * SLACK).is_none());
    }

    #[test]
    fn a_word_without_break_points_gets_zero_width_spaces_and_styles_survive() {
        let content = vec![
            Inline::text("zie "),
            Inline::Text {
                text: "xxxxxxxxxxxxxxxxxxxx".into(),
                strong: true,
                emph: false,
            },
            Inline::Break,
            Inline::text("nu"),
        ];
        let f = Flat::new(&content, Font::default());
        let fitted = f.fit(3.0).expect("changed");
        assert_eq!(fitted.len(), 4);
        assert_eq!(fitted[0], Inline::text("zie "));
        assert_eq!(fitted[2], Inline::Break);
        let Inline::Text { text, strong, .. } = &fitted[1] else {
            panic!("text run expected")
        };
        assert!(*strong);
        assert_eq!(text.replace('\u{200b}', ""), "x".repeat(20));
        assert_eq!(text.matches('\u{200b}').count(), 19);
    }
}
