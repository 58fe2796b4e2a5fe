//! Limits on what a workbook may be, checked before the memory is spent.
//!
//! A workbook is untrusted input: a 1 MB `.xlsx` can unpack to gigabytes (a zip bomb), a
//! cell at row 80,000,000 makes a reader allocate a grid for every row above it, and an
//! OpenDocument file can ask for a billion repeated spaces or rows in a few bytes. Every
//! such file is refused with a Dutch finding ([`Code::TeGroot`], naming the file and, where
//! known, the sheet and cell) before a reader gets to spend the memory:
//!
//! 1. only a regular file is read (a symbolic link is followed, and its target must be one;
//!    a pipe or device never is, and opening one does not block), at most
//!    [`Limits::file_bytes`];
//! 2. a zip container (`.xlsx`, `.xlsm`, `.ods`, `.xlsb`) is checked entry by entry
//!    against the sizes its directory declares ([`check_zip`]); the zip reader refuses to
//!    unpack a part beyond its declared size, so a part that lies about its size is a
//!    damaged file, not a gigabyte in memory;
//! 3. the cell grid of an OpenDocument spreadsheet is measured from its XML, repetitions
//!    counted, before calamine expands it ([`check_ods`]);
//! 4. while the sheets are read, cells beyond the row and column limits stop that sheet,
//!    and a cell longer than Excel's 32,767 characters is a finding at that cell.
//!
//! ```
//! use regiodocs::ingest::limits::Limits;
//! let l = Limits::default();
//! assert_eq!(l.cell_chars, 32_767);
//! assert!(l.part_bytes <= l.unpacked_bytes);
//! ```

use std::io::Read;
use std::path::Path;

use quick_xml::events::Event;

use crate::diag::{Code, Diagnostic, Location};

/// The limits a workbook must stay within. [`Limits::default`] holds the ones regiodocs
/// uses; a caller (a web server, a test) may pass tighter ones to
/// [`Workbook::open_with`](super::Workbook::open_with).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The size of the workbook file: 50 MiB (a 20,000-line budget is about 3 MB).
    pub file_bytes: u64,
    /// The unpacked size of one part of a zip container (a sheet's XML, the shared
    /// strings): 100 MiB.
    pub part_bytes: u64,
    /// The unpacked size of all parts together: 300 MiB.
    pub unpacked_bytes: u64,
    /// The number of parts of a zip container: 10,000.
    pub zip_entries: usize,
    /// The last row of a sheet that may hold a value: 100,000.
    pub rows: u32,
    /// The last column of a sheet that may hold a value: 1,000 (column ALL).
    pub cols: u32,
    /// The cells of all sheets of a workbook together, counted over each sheet's used area
    /// (from its first to its last filled row and column): 4,000,000.
    pub cells: u64,
    /// The characters of one cell: 32,767, Excel's own limit.
    pub cell_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_bytes: 50 << 20,
            part_bytes: 100 << 20,
            unpacked_bytes: 300 << 20,
            zip_entries: 10_000,
            rows: 100_000,
            cols: 1_000,
            cells: 4_000_000,
            cell_chars: 32_767,
        }
    }
}

/// `1234567` as `1.234.567`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A size in bytes as people read it: `50 MB`, `1,2 GB`, `312 kB`.
pub(crate) fn size(bytes: u64) -> String {
    let (value, unit) = match bytes {
        b if b >= 1 << 30 => (b as f64 / (1u64 << 30) as f64, "GB"),
        b if b >= 1 << 20 => (b as f64 / (1u64 << 20) as f64, "MB"),
        b => (b as f64 / 1024.0, "kB"),
    };
    let text = if value >= 10.0 || value.fract() < 0.05 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}").replace('.', ",")
    };
    format!("{text} {unit}")
}

/// The finding for a workbook beyond a limit.
pub(crate) fn too_large(at: Location, message: String, hint: &str) -> Box<Diagnostic> {
    Box::new(Diagnostic::error(Code::TeGroot, message).at(at).hint(hint))
}

pub(crate) const HINT_SMALLER: &str = "Verwijder wat niet nodig is (afbeeldingen, lege tabbladen, opmaak of waarden buiten de tabellen) en sla het werkboek in Excel of LibreOffice opnieuw op als .xlsx.";

/// Reads a workbook file, refusing anything that is not a regular file and anything
/// larger than `limits.file_bytes`. A FIFO or device is opened without blocking and
/// refused by what it is, before any byte is read. `Err` holds either a finding
/// ([`Code::GeenWerkboek`] or [`Code::TeGroot`]) or the I/O error for the caller to report.
pub(crate) fn read_file(path: &Path, file_name: &str, limits: &Limits) -> Result<Vec<u8>, Refused> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path).map_err(Refused::Io)?;
    let meta = file.metadata().map_err(Refused::Io)?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "een map"
        } else {
            special_kind(&meta)
        };
        return Err(Refused::Finding(Box::new(
            Diagnostic::error(
                Code::GeenWerkboek,
                format!("Dit is geen gewoon bestand maar {what}; regiodocs leest alleen gewone bestanden."),
            )
            .at(Location::workbook(file_name))
            .hint("Zet het werkboek zelf in de projectmap (een snelkoppeling mag, als die naar een gewoon bestand wijst)."),
        )));
    }
    if meta.len() > limits.file_bytes {
        return Err(Refused::Finding(too_large(
            Location::workbook(file_name),
            format!(
                "Het bestand is te groot: {}; regiodocs leest werkboeken tot {}.",
                size(meta.len()),
                size(limits.file_bytes)
            ),
            HINT_SMALLER,
        )));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limits.file_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(Refused::Io)?;
    if bytes.len() as u64 > limits.file_bytes {
        // It grew while it was read.
        return Err(Refused::Finding(too_large(
            Location::workbook(file_name),
            format!(
                "Het bestand is te groot: meer dan {}; regiodocs leest werkboeken tot {}.",
                size(limits.file_bytes),
                size(limits.file_bytes)
            ),
            HINT_SMALLER,
        )));
    }
    Ok(bytes)
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "een pijp (FIFO)"
    } else if t.is_char_device() || t.is_block_device() {
        "een apparaat"
    } else if t.is_socket() {
        "een socket"
    } else {
        "iets anders"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::Metadata) -> &'static str {
    "iets anders"
}

/// Why [`read_file`] did not return the bytes.
#[derive(Debug)]
pub(crate) enum Refused {
    /// The file is no regular file or is too large.
    Finding(Box<Diagnostic>),
    /// The operating system could not read it.
    Io(std::io::Error),
}

/// True when the bytes start like a zip archive.
pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Checks every part of a zip container against the limits, by the sizes its directory
/// declares. The zip reader (also calamine's) fails a part that unpacks to more than it
/// declares, so these sizes bound what any reader gets. `Ok` when the archive cannot be
/// parsed at all: the reader reports that.
pub(crate) fn check_zip(
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<(), Box<Diagnostic>> {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(());
    };
    let at = || Location::workbook(file_name);
    if zip.len() > limits.zip_entries {
        return Err(too_large(
            at(),
            format!(
                "Het werkboek bestaat uit {} onderdelen; regiodocs leest werkboeken met ten hoogste {}.",
                count(zip.len() as u64),
                count(limits.zip_entries as u64)
            ),
            HINT_SMALLER,
        ));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index_raw(i) else {
            continue;
        };
        if part.size() > limits.part_bytes {
            return Err(too_large(
                at(),
                format!(
                    "Het onderdeel {} van het werkboek is uitgepakt {}; regiodocs leest onderdelen tot {}.",
                    part_name(&part),
                    size(part.size()),
                    size(limits.part_bytes)
                ),
                HINT_SMALLER,
            ));
        }
        total = total.saturating_add(part.size());
    }
    if total > limits.unpacked_bytes {
        return Err(too_large(
            at(),
            format!(
                "Het werkboek is uitgepakt {}; regiodocs leest werkboeken tot {} uitgepakt.",
                size(total),
                size(limits.unpacked_bytes)
            ),
            HINT_SMALLER,
        ));
    }
    Ok(())
}

fn part_name<R: Read>(part: &zip::read::ZipFile<'_, R>) -> String {
    let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
    let name: String = name.chars().filter(|c| !c.is_control()).take(100).collect();
    format!("‘{name}’")
}

/// Measures the sheets of an OpenDocument spreadsheet (`content.xml`) the way calamine
/// will lay them out, counting repeated rows, columns and spaces, and refuses one beyond
/// the limits before calamine expands it. `Ok` when the file is not an OpenDocument
/// spreadsheet or its XML cannot be read (the reader reports that).
pub(crate) fn check_ods(
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<(), Box<Diagnostic>> {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(());
    };
    OdsScan::new(file_name, limits).run(std::io::BufReader::new(content))
}

/// The state of [`check_ods`] while it reads `content.xml`.
struct OdsScan<'a> {
    file_name: &'a str,
    limits: &'a Limits,
    sheet: String,
    /// 0-based row of the current `table:table-row`, repetitions counted.
    row: u64,
    row_repeats: u64,
    /// 0-based column of the current cell, repetitions counted.
    col: u64,
    col_repeats: u64,
    /// Whether the current cell has a value (a value type or text).
    filled: bool,
    /// Characters of the current cell so far (text, entities, `text:s` spaces).
    chars: u64,
    /// Columns the reader stores for the current row: up to its last filled cell.
    row_stored: u64,
    /// Used area of the current sheet: first and last filled row and column.
    area: Option<(u64, u64, u64, u64)>,
    /// Cells the reader stores for the current sheet before it trims them.
    stored: u64,
    /// Used cells of the sheets before this one.
    total: u64,
}

impl<'a> OdsScan<'a> {
    fn new(file_name: &'a str, limits: &'a Limits) -> Self {
        OdsScan {
            file_name,
            limits,
            sheet: String::new(),
            row: 0,
            row_repeats: 1,
            col: 0,
            col_repeats: 1,
            filled: false,
            chars: 0,
            row_stored: 0,
            area: None,
            stored: 0,
            total: 0,
        }
    }

    fn run<R: std::io::BufRead>(mut self, input: R) -> Result<(), Box<Diagnostic>> {
        let mut reader = quick_xml::Reader::from_reader(input);
        let mut buf = Vec::new();
        let mut in_cell = false;
        loop {
            buf.clear();
            let Ok(event) = reader.read_event_into(&mut buf) else {
                return Ok(());
            };
            let empty = matches!(event, Event::Empty(_));
            match event {
                Event::Eof => return Ok(()),
                Event::Start(e) if e.name().as_ref() == "table:table" => {
                    self.sheet = attr(&e, "table:name").unwrap_or_default();
                    self.row = 0;
                    self.area = None;
                    self.stored = 0;
                }
                Event::End(e) if e.name().as_ref() == "table:table" => {
                    self.total += self.used();
                    self.area = None;
                    self.stored = 0;
                }
                Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                    self.row_repeats = repeats(&e, "table:number-rows-repeated");
                    self.col = 0;
                    self.row_stored = 0;
                }
                Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                    self.row += repeats(&e, "table:number-rows-repeated");
                }
                Event::End(e) if e.name().as_ref() == "table:table-row" => {
                    self.row += self.row_repeats;
                    self.stored += self.row_stored;
                    self.check_cells()?;
                }
                Event::Start(e) | Event::Empty(e)
                    if matches!(
                        e.name().as_ref(),
                        "table:table-cell" | "table:covered-table-cell"
                    ) =>
                {
                    self.col_repeats = repeats(&e, "table:number-columns-repeated");
                    self.filled = attr(&e, "office:value-type").is_some();
                    self.chars = 0;
                    if empty {
                        self.end_cell()?;
                    } else {
                        in_cell = true;
                    }
                }
                Event::End(e)
                    if matches!(
                        e.name().as_ref(),
                        "table:table-cell" | "table:covered-table-cell"
                    ) =>
                {
                    in_cell = false;
                    self.end_cell()?;
                }
                Event::Start(e) | Event::Empty(e) if in_cell && e.name().as_ref() == "text:s" => {
                    self.add_chars(repeats(&e, "text:c"))?;
                }
                Event::Start(e) | Event::Empty(e) if in_cell && e.name().as_ref() == "text:p" => {
                    self.add_chars(1)?;
                }
                Event::Text(t) if in_cell => {
                    let n = t.chars().count();
                    if t.chars().any(|c| !c.is_whitespace()) {
                        self.filled = true;
                    }
                    self.add_chars(n as u64)?;
                }
                Event::GeneralRef(_) if in_cell => {
                    self.filled = true;
                    self.add_chars(1)?;
                }
                _ => {}
            }
        }
    }

    /// A cell whose text would pass twice the limit is refused here, before calamine
    /// builds it (`text:s` can ask for a billion spaces in a few bytes); the exact count of
    /// a cell near the limit is made on the text as read.
    fn add_chars(&mut self, n: u64) -> Result<(), Box<Diagnostic>> {
        self.chars = self.chars.saturating_add(n);
        if self.chars > 2 * self.limits.cell_chars as u64 {
            let at = Location::cell(
                self.file_name,
                &self.sheet,
                clamp_index(self.col),
                clamp_index(self.row),
            );
            return Err(cell_too_long(
                at,
                format!("meer dan {}", count(self.limits.cell_chars as u64)),
                self.limits,
            ));
        }
        Ok(())
    }

    fn end_cell(&mut self) -> Result<(), Box<Diagnostic>> {
        if self.filled || self.chars > 0 {
            let last_row = self.row + self.row_repeats - 1;
            let last_col = self.col + self.col_repeats - 1;
            if last_row >= self.limits.rows as u64 || last_col >= self.limits.cols as u64 {
                let at = Location::cell(
                    self.file_name,
                    &self.sheet,
                    clamp_index(last_col),
                    clamp_index(last_row),
                );
                return Err(beyond_sheet(at, self.limits));
            }
            let (r0, r1, c0, c1) = self
                .area
                .unwrap_or((self.row, last_row, self.col, last_col));
            self.area = Some((
                r0.min(self.row),
                r1.max(last_row),
                c0.min(self.col),
                c1.max(last_col),
            ));
            self.row_stored = last_col + 1;
        }
        self.col += self.col_repeats;
        Ok(())
    }

    /// calamine keeps every stored cell of a sheet and then its used area, laid out.
    fn check_cells(&self) -> Result<(), Box<Diagnostic>> {
        if self.total + self.used().max(self.stored) > self.limits.cells {
            return Err(too_many_cells(self.file_name, self.limits));
        }
        Ok(())
    }

    fn used(&self) -> u64 {
        self.area
            .map(|(r0, r1, c0, c1)| (r1 - r0 + 1) * (c1 - c0 + 1))
            .unwrap_or(0)
    }
}

/// A 0-based index as the 1-based row or column number of a location.
fn clamp_index(i: u64) -> u32 {
    (i.min(u64::from(u32::MAX) - 1) + 1) as u32
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok().flatten()?;
    Some(a.value.into_owned())
}

/// A repetition attribute: at least 1, saturating (a hostile count cannot overflow).
fn repeats(e: &quick_xml::events::BytesStart<'_>, name: &str) -> u64 {
    attr(e, name)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .clamp(1, 1 << 40)
}

/// The finding for a cell longer than [`Limits::cell_chars`].
pub(crate) fn cell_too_long(at: Location, chars: String, limits: &Limits) -> Box<Diagnostic> {
    too_large(
        at,
        format!(
            "Deze cel bevat {chars} tekens; een cel mag er ten hoogste {} hebben (de grens van Excel).",
            count(limits.cell_chars as u64)
        ),
        "Kort de tekst in, of verdeel hem over meer rijen (op het tabblad Teksten: meer rijen met dezelfde sleutel).",
    )
}

/// The finding for a value beyond the last row or column a sheet may use.
pub(crate) fn beyond_sheet(at: Location, limits: &Limits) -> Box<Diagnostic> {
    too_large(
        at,
        format!(
            "In deze cel staat een waarde, maar regiodocs leest tabbladen tot rij {} en kolom {}.",
            count(limits.rows as u64),
            crate::diag::column_letters(limits.cols)
        ),
        "Verwijder wat onder of naast de tabel staat (selecteer de lege rijen en kolommen en kies Verwijderen), en sla het werkboek opnieuw op.",
    )
}

/// The finding for a workbook with more cells than [`Limits::cells`].
pub(crate) fn too_many_cells(file_name: &str, limits: &Limits) -> Box<Diagnostic> {
    too_large(
        Location::workbook(file_name),
        format!(
            "Het werkboek heeft te veel cellen: meer dan {} van de eerste tot de laatste gevulde rij en kolom van de tabbladen samen.",
            count(limits.cells)
        ),
        "Verwijder wat buiten de tabellen staat (waarden ver naast of onder een tabel tellen de hele tussenruimte mee), en tabbladen die niet nodig zijn.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_sizes_in_dutch() {
        assert_eq!(count(100_000), "100.000");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_048_576), "1.048.576");
        assert_eq!(size(50 << 20), "50 MB");
        assert_eq!(size(1 << 30), "1 GB");
        assert_eq!(size((1 << 30) + (1 << 29)), "1,5 GB");
        assert_eq!(size(300 * 1024), "300 kB");
    }
}

/// The signature of a compound file (an old-style `.xls`, or an encrypted OOXML workbook).
const CFB_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether `bytes` start like a compound file.
pub(crate) fn is_cfb(bytes: &[u8]) -> bool {
    bytes.starts_with(&CFB_SIGNATURE)
}

/// Why a compound file is not handed to calamine.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum CfbRefusal {
    /// A sector chain loops or leaves the file: the file is damaged.
    Damaged,
    /// The sheets of its workbook stream span more cells than [`Limits::cells`].
    TooManyCells,
}

/// Checks a compound file before calamine reads it, which it does without bounds:
///
/// - every chain of the file allocation table (FAT) and of the mini FAT must end, without
///   a loop, inside the file (calamine follows a loop for ever, gathering memory);
/// - the sheets of the `Workbook` (or `Book`) stream may together span at most
///   [`Limits::cells`] cells from their first to their last cell record: calamine makes a
///   dense grid of every sheet while it opens the file, before regiodocs can count, and a
///   fuzzed file of 126 kB with cells far apart took 7 GB.
///
/// Real files pass: their chains are the streams they hold. The layout is [MS-CFB] (a
/// 512-byte header with the sector size, the first 109 FAT sectors and the start of the
/// DIFAT chain for the rest; the FAT maps each sector to the next of its chain; directory
/// entries of 128 bytes) and [MS-XLS] (records of type, length and data; a sheet's records
/// start where its BoundSheet record says).
pub(crate) fn check_cfb(bytes: &[u8], limits: &Limits) -> Result<(), CfbRefusal> {
    if bytes.len() < 512 || !matches!(u16_at(bytes, 30), Some(9 | 12)) {
        // Not even a compound file's header: there is nothing to follow, calamine decides.
        return Ok(());
    }
    let file = Compound::parse(bytes).ok_or(CfbRefusal::Damaged)?;
    let Some(stream) = file.stream(bytes, &["Workbook", "Book"]) else {
        // No workbook stream (an encrypted OOXML package, say): calamine decides.
        return Ok(());
    };
    if biff_cells(&stream) > limits.cells {
        return Err(CfbRefusal::TooManyCells);
    }
    Ok(())
}

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at.checked_add(4)?)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at.checked_add(2)?)
        .map(|s| u16::from_le_bytes([s[0], s[1]]))
}

/// The allocation tables of a compound file whose chains are known to end.
struct Compound {
    size: usize,
    sectors: usize,
    fat: Vec<u32>,
    minifat: Vec<u32>,
    mini_cutoff: u32,
    dir_start: u32,
}

impl Compound {
    /// The tables, or `None` when a chain loops (or the header is not a compound file's).
    fn parse(bytes: &[u8]) -> Option<Compound> {
        if bytes.len() < 512 {
            return None;
        }
        let size: usize = match u16_at(bytes, 30)? {
            9 => 512,
            12 => 4096,
            _ => return None,
        };
        let sectors = (bytes.len() - 512).div_ceil(size);
        let sector = |id: u32| sector_of(bytes, size, id);
        // The FAT sector numbers: 109 in the header, the rest along the DIFAT chain (each
        // of its sectors holds size/4 - 1 numbers and the number of the next one).
        let mut fat_ids: Vec<u32> = (0..109)
            .filter_map(|i| u32_at(bytes, 76 + 4 * i))
            .filter(|id| (*id as usize) < sectors)
            .collect();
        let mut difat = u32_at(bytes, 68)?;
        let mut hops = 0;
        while (difat as usize) < sectors {
            hops += 1;
            let s = sector(difat).filter(|_| hops <= sectors)?;
            let per = size / 4 - 1;
            fat_ids.extend(
                (0..per)
                    .filter_map(|i| u32_at(s, 4 * i))
                    .filter(|id| (*id as usize) < sectors),
            );
            difat = u32_at(s, 4 * per)?;
        }
        let fat: Vec<u32> = fat_ids
            .iter()
            .filter_map(|id| sector(*id))
            .flat_map(|s| (0..s.len() / 4).filter_map(move |i| u32_at(s, 4 * i)))
            .collect();
        if !chains_end(&fat) {
            return None;
        }
        let mut file = Compound {
            size,
            sectors,
            fat,
            minifat: Vec::new(),
            mini_cutoff: u32_at(bytes, 56)?,
            dir_start: u32_at(bytes, 48)?,
        };
        let minifat = file.chain(bytes, u32_at(bytes, 60)?);
        file.minifat = (0..minifat.len() / 4)
            .filter_map(|i| u32_at(&minifat, 4 * i))
            .collect();
        chains_end(&file.minifat).then_some(file)
    }

    /// The bytes of the FAT chain from `start` (at most the whole file: chains end).
    fn chain(&self, bytes: &[u8], start: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut id = start;
        let mut hops = 0;
        while (id as usize) < self.sectors && hops <= self.sectors {
            let Some(s) = sector_of(bytes, self.size, id) else {
                break;
            };
            out.extend_from_slice(s);
            id = self.fat.get(id as usize).copied().unwrap_or(END_OF_CHAIN);
            hops += 1;
        }
        out
    }

    /// The stream with the first of `names` the directory holds, cut to its size.
    fn stream(&self, bytes: &[u8], names: &[&str]) -> Option<Vec<u8>> {
        let dir = self.chain(bytes, self.dir_start);
        let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
        let root = entries.first()?;
        let name_of = |e: &[u8]| -> String {
            let len = (usize::from(u16_at(e, 64).unwrap_or(0)) / 2).clamp(1, 32) - 1;
            let units: Vec<u16> = (0..len).filter_map(|i| u16_at(e, 2 * i)).collect();
            String::from_utf16_lossy(&units)
        };
        let entry = names.iter().find_map(|n| {
            entries
                .iter()
                .find(|e| e[66] == 2 && name_of(e).eq_ignore_ascii_case(n))
        })?;
        let start = u32_at(entry, 116)?;
        let len = u32_at(entry, 120)? as usize;
        let mut data = if (len as u64) < u64::from(self.mini_cutoff) {
            let mini = self.chain(bytes, u32_at(root, 116)?);
            let mut out = Vec::new();
            let mut id = start;
            let mut hops = 0;
            while let Some(s) = mini.get(id as usize * 64..(id as usize + 1) * 64) {
                if hops > self.minifat.len() {
                    break;
                }
                out.extend_from_slice(s);
                id = self
                    .minifat
                    .get(id as usize)
                    .copied()
                    .unwrap_or(END_OF_CHAIN);
                hops += 1;
            }
            out
        } else {
            self.chain(bytes, start)
        };
        data.truncate(len);
        Some(data)
    }
}

fn sector_of(bytes: &[u8], size: usize, id: u32) -> Option<&[u8]> {
    let start = 512usize.checked_add((id as usize).checked_mul(size)?)?;
    bytes.get(start..start.checked_add(size)?.min(bytes.len()))
}

/// Whether every chain in `table` (entry i names the sector after sector i) ends without a
/// loop; a number past the table (the end mark, a free sector, or a bad one) ends a chain.
fn chains_end(table: &[u32]) -> bool {
    // 0 = not seen, 1 = on the chain being followed, 2 = known to end.
    let mut state = vec![0u8; table.len()];
    let mut path = Vec::new();
    for start in 0..table.len() {
        let mut at = start;
        while state[at] == 0 {
            state[at] = 1;
            path.push(at);
            let next = table[at] as usize;
            if next >= table.len() {
                break;
            }
            if state[next] == 1 {
                return false;
            }
            at = next;
        }
        for p in path.drain(..) {
            state[p] = 2;
        }
    }
    true
}

/// The cells calamine's `.xls` reader would lay out densely: for every sheet (its records
/// start where a BoundSheet record of the globals says) the area from its first to its
/// last cell record, summed over the sheets. Blank cells are not counted (calamine skips
/// them); charts embedded in a sheet are skipped as calamine does. An encrypted stream
/// counts nothing.
fn biff_cells(stream: &[u8]) -> u64 {
    let records = |from: usize| {
        let mut at = from;
        std::iter::from_fn(move || {
            let typ = u16_at(stream, at)?;
            let len = usize::from(u16_at(stream, at + 2)?);
            let data = stream.get(at + 4..at + 4 + len)?;
            at += 4 + len;
            Some((typ, data))
        })
    };
    // An encrypted workbook (FilePass in the globals): the records after it are not
    // readable here; calamine reports the password.
    if records(0)
        .take_while(|(typ, _)| *typ != 0x000A)
        .any(|(typ, _)| typ == 0x002F)
    {
        return 0;
    }
    let offsets: Vec<usize> = records(0)
        .take_while(|(typ, _)| *typ != 0x000A)
        .filter(|(typ, _)| *typ == 0x0085)
        .filter_map(|(_, data)| u32_at(data, 0).map(|o| o as usize))
        .collect();
    let mut total = 0u64;
    for offset in offsets {
        let (mut rows, mut cols) = ((u32::MAX, 0u32), (u32::MAX, 0u32));
        let mut depth = 0usize;
        let mut seen_bof = false;
        for (typ, data) in records(offset) {
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let (row, first, last) = match typ {
                0x0809 if seen_bof => {
                    depth += 1;
                    continue;
                }
                0x0809 => {
                    seen_bof = true;
                    continue;
                }
                0x000A => break,
                // Number, Label, RString, BoolErr, Rk, LabelSst, Formula.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                    match (u16_at(data, 0), u16_at(data, 2)) {
                        (Some(r), Some(c)) => (r, c, c),
                        _ => continue,
                    }
                }
                // MulRk: a row, its first column, and the last column at the end.
                0x00BD => match (u16_at(data, 0), u16_at(data, 2), data.len().checked_sub(2)) {
                    (Some(r), Some(c), Some(end)) => (r, c, u16_at(data, end).unwrap_or(c)),
                    _ => continue,
                },
                _ => continue,
            };
            let (row, first, last) = (u32::from(row), u32::from(first), u32::from(last));
            rows = (rows.0.min(row), rows.1.max(row));
            cols = (cols.0.min(first.min(last)), cols.1.max(first.max(last)));
        }
        if rows.0 <= rows.1 && cols.0 <= cols.1 {
            total += u64::from(rows.1 - rows.0 + 1) * u64::from(cols.1 - cols.0 + 1);
        }
    }
    total
}
