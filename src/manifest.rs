//! `manifest.json`: what one build of one project read and wrote, written at the top of the
//! output folder after every successful run.
//!
//! It records the SHA-256 of every input workbook and template (with where the template came
//! from: built in or the project's own), the SHA-256, size, *content key* and version of
//! every output and, for a document, the version and SHA-256 of the archived final version
//! it replaces; the tool version, every finding, and every archived final version with the
//! SHA-256 of its seal (see [`crate::archive`]). The file is deterministic: no timestamps,
//! entries sorted by path, so two runs on the same inputs write the same bytes.
//!
//! The content key makes builds incremental: it is the SHA-256 of everything an output is
//! made from: the tool version, the format, the theme for PDF, and the document tree itself;
//! for an Excel workbook, the hashes of the two input workbooks it is computed from.
//! When the key of an output equals the key in the previous manifest and the file on disk
//! still has the recorded size, the output is up to date and is not rendered again.
//!
//! ```
//! use regiodocs::manifest::{Manifest, Output};
//! let mut m = Manifest::default();
//! m.uitvoer.push(Output {
//!     bestand: "regio/begroting.pdf".into(),
//!     sha256: "ab".into(),
//!     bytes: 2,
//!     sleutel: "k".into(),
//!     versie: "1.0".into(),
//!     vervangt: None,
//! });
//! let json = m.to_json();
//! let back = Manifest::parse(&json).unwrap();
//! assert_eq!(back.output("regio/begroting.pdf").unwrap().sleutel, "k");
//! ```

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;

/// The file name of the manifest at the top of a project's output folder.
pub const FILE_NAME: &str = "manifest.json";

/// The version of this tool, recorded in every manifest and in every content key.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// One input file and its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Input {
    /// File name within the project folder, e.g. `financien.xlsx`.
    pub bestand: String,
    /// SHA-256, lowercase hex.
    pub sha256: String,
}

/// One template and its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    /// Template name, e.g. `overeenkomst.md`.
    pub naam: String,
    /// `ingebouwd`, or the path of the project's own template.
    pub bron: String,
    /// SHA-256 of the template text, lowercase hex.
    pub sha256: String,
}

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Output {
    /// Path relative to the output folder, with `/` separators.
    pub bestand: String,
    /// SHA-256 of the file, lowercase hex.
    pub sha256: String,
    /// Size in bytes (a cheap check that the file on disk is still the one recorded).
    pub bytes: u64,
    /// Content key: SHA-256 of what the file is made from (see the module docs).
    pub sleutel: String,
    /// The version (`Versie`) of the build that made the file.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub versie: String,
    /// For a document: the final version it replaces, when the archive has one with this
    /// document (the last archived version, see [`crate::archive`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vervangt: Option<Vervangt>,
}

/// The archived final version of a document that a newer one replaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vervangt {
    /// Its version, e.g. `1.0`.
    pub versie: String,
    /// The SHA-256 of the archived file.
    pub sha256: String,
}

/// One archived final version (see [`crate::archive`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gearchiveerd {
    /// The version, e.g. `1.0`.
    pub versie: String,
    /// Its folder under `archief/`.
    pub map: String,
    /// The SHA-256 of its `archief.json`, so a hand-edited seal is noticed too.
    pub sha256: String,
}

/// The manifest of one project's output folder.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// Tool version that wrote the manifest.
    #[serde(default)]
    pub regiodocs: String,
    /// Region name (`Regionaam`).
    #[serde(default)]
    pub regio: String,
    /// The version (`Versie`) of the build.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub versie: String,
    /// The input workbooks.
    #[serde(default)]
    pub invoer: Vec<Input>,
    /// The templates used.
    #[serde(default)]
    pub templates: Vec<Template>,
    /// Every output file, sorted by path.
    #[serde(default)]
    pub uitvoer: Vec<Output>,
    /// Every finding of the inputs (read back as plain JSON; only written by this tool).
    #[serde(default, skip_deserializing)]
    pub bevindingen: Vec<Diagnostic>,
    /// The archived final versions in `archief/`, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub archief: Vec<Gearchiveerd>,
}

impl Manifest {
    /// Parses a manifest; `None` when the text is not a manifest (then every output is
    /// rebuilt).
    pub fn parse(text: &str) -> Option<Manifest> {
        serde_json::from_str(text).ok()
    }

    /// Reads `dir/manifest.json`; an absent or unreadable manifest is an empty one.
    pub fn read(dir: &std::path::Path) -> Manifest {
        std::fs::read_to_string(dir.join(FILE_NAME))
            .ok()
            .and_then(|t| Manifest::parse(&t))
            .unwrap_or_default()
    }

    /// The recorded output at `path`, if any.
    pub fn output(&self, path: &str) -> Option<&Output> {
        self.uitvoer.iter().find(|o| o.bestand == path)
    }

    /// The manifest as pretty JSON with a final newline; entries sorted, so deterministic.
    pub fn to_json(&self) -> String {
        let mut m = self.clone();
        m.invoer.sort_by(|a, b| a.bestand.cmp(&b.bestand));
        m.templates.sort_by(|a, b| a.naam.cmp(&b.naam));
        m.uitvoer.sort_by(|a, b| a.bestand.cmp(&b.bestand));
        m.uitvoer.dedup_by(|a, b| a.bestand == b.bestand);
        let mut s = serde_json::to_string_pretty(&m).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// The content key of an output: SHA-256 over the tool version and the given parts, each
/// length-prefixed so that no two different part lists give the same key.
///
/// ```
/// use regiodocs::manifest::content_key;
/// assert_ne!(content_key(&[b"ab", b"c"]), content_key(&[b"a", b"bc"]));
/// assert_eq!(content_key(&[b"x"]), content_key(&[b"x"]));
/// ```
pub fn content_key(parts: &[&[u8]]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in std::iter::once(TOOL_VERSION.as_bytes()).chain(parts.iter().copied()) {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
