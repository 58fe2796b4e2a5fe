//! Test fixtures: a small valid project held as plain rows, mutated per test and written
//! with rust_xlsxwriter, so that every failure mode is one readable change.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

/// One cell value of a fixture.
#[derive(Debug, Clone, PartialEq)]
pub enum V {
    /// Text.
    T(String),
    /// A number cell.
    N(f64),
    /// A date cell.
    D(u16, u8, u8),
    /// A boolean cell.
    B(bool),
    /// A formula whose cached result is an error value such as `#DIV/0!`.
    Err(&'static str),
    /// Empty.
    E,
}

impl From<&str> for V {
    fn from(s: &str) -> Self {
        V::T(s.to_string())
    }
}

impl From<f64> for V {
    fn from(n: f64) -> Self {
        V::N(n)
    }
}

/// One sheet: a header row and data rows, placed at a 0-based origin.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<V>>,
    /// 0-based (row, col) of the first cell, to test ranges that do not start at A1.
    pub origin: (u32, u16),
}

impl Sheet {
    fn new(name: &str, rows: Vec<Vec<V>>) -> Self {
        Sheet {
            name: name.to_string(),
            rows,
            origin: (0, 0),
        }
    }

    fn col(&self, header: &str) -> usize {
        self.rows[0]
            .iter()
            .position(|h| match h {
                V::T(t) => t == header,
                V::N(n) => n.to_string() == header,
                _ => false,
            })
            .unwrap_or_else(|| panic!("fixture sheet {} has no column {header}", self.name))
    }

    /// Sets a cell of data row `row` (1 = first row under the header).
    pub fn set(&mut self, header: &str, row: usize, v: impl Into<V>) -> &mut Self {
        let c = self.col(header);
        let r = &mut self.rows[row];
        if r.len() <= c {
            r.resize(c + 1, V::E);
        }
        r[c] = v.into();
        self
    }

    /// Renames a header.
    pub fn rename(&mut self, from: &str, to: &str) -> &mut Self {
        let c = self.col(from);
        self.rows[0][c] = to.into();
        self
    }

    /// Removes a column entirely.
    pub fn remove(&mut self, header: &str) -> &mut Self {
        let c = self.col(header);
        for r in &mut self.rows {
            if r.len() > c {
                r.remove(c);
            }
        }
        self
    }

    /// Appends a column with a header and values for the data rows.
    pub fn add_column(&mut self, header: &str, values: Vec<V>) -> &mut Self {
        let width = self.rows[0].len();
        for (i, r) in self.rows.iter_mut().enumerate() {
            r.resize(width, V::E);
            r.push(if i == 0 {
                header.into()
            } else {
                values.get(i - 1).cloned().unwrap_or(V::E)
            });
        }
        self
    }

    /// Appends a data row.
    pub fn push(&mut self, row: Vec<V>) -> &mut Self {
        self.rows.push(row);
        self
    }

    /// Sets the value (column B) of a key/value field.
    pub fn set_field(&mut self, field: &str, v: impl Into<V>) -> &mut Self {
        let r = self
            .rows
            .iter()
            .position(|r| r.first() == Some(&V::from(field)))
            .unwrap_or_else(|| panic!("fixture sheet {} has no field {field}", self.name));
        self.rows[r][1] = v.into();
        self
    }
}

/// One workbook.
#[derive(Debug, Clone)]
pub struct Book {
    pub sheets: Vec<Sheet>,
}

impl Book {
    /// The sheet with this name.
    pub fn sheet(&mut self, name: &str) -> &mut Sheet {
        self.sheets
            .iter_mut()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no fixture sheet {name}"))
    }

    /// Removes a sheet.
    pub fn remove(&mut self, name: &str) {
        self.sheets.retain(|s| s.name != name);
    }

    /// Writes the workbook as .xlsx.
    pub fn write(&self, path: &Path) {
        let mut wb = Workbook::new();
        let date = Format::new().set_num_format("dd-mm-yyyy");
        for s in &self.sheets {
            let ws = wb.add_worksheet();
            ws.set_name(&s.name).unwrap();
            for (ri, row) in s.rows.iter().enumerate() {
                for (ci, v) in row.iter().enumerate() {
                    let r = s.origin.0 + ri as u32;
                    let c = s.origin.1 + ci as u16;
                    match v {
                        V::T(t) => {
                            ws.write_string(r, c, t).unwrap();
                        }
                        V::N(n) => {
                            ws.write_number(r, c, *n).unwrap();
                        }
                        V::D(y, m, d) => {
                            let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                            ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                        }
                        V::B(b) => {
                            ws.write_boolean(r, c, *b).unwrap();
                        }
                        V::Err(e) => {
                            ws.write_formula(r, c, Formula::new("=1/0").set_result(*e))
                                .unwrap();
                        }
                        V::E => {}
                    }
                }
            }
        }
        wb.save(path).unwrap();
    }
}

fn row(cells: &[&str]) -> Vec<V> {
    cells
        .iter()
        .map(|c| if c.is_empty() { V::E } else { V::from(*c) })
        .collect()
}

/// A small but complete project that checks without errors or warnings.
#[derive(Debug, Clone)]
pub struct Project {
    pub stakeholders: Book,
    pub financien: Book,
}

impl Project {
    /// The valid base project in input format 1.1: [`Project::v1`] plus the fields of 1.1
    /// that a project needs to check without any finding (implementation phase, levels of
    /// the roles, an M&E owner with a work group and a cost line, the college decisions of
    /// the municipal parties, a go decision, and a CZV capacity plan). Other 1.1 fields keep
    /// their defaults (penvoerder = host organisation, consensus, 6 months, ...).
    pub fn valid() -> Project {
        let mut p = Project::v1();
        p.sheet("Regio")
            .push(row(&["Implementatiefase", "experimenteren en uitvoeren"]));
        p.sheet("Personen")
            .set("Grondslag bevoegdheid", 2, "Machtiging van de burgemeester")
            .push(row(&[
                "P-ME",
                "E. Visser",
                "onderzoeker",
                "ORG-GGD",
                "",
                "",
                "nee",
                "",
            ]));
        p.sheet("Rollen")
            .add_column("Niveau", vec!["strategisch".into()])
            .push(row(&[
                "M&E-eigenaar",
                "P-ME",
                "regio",
                "4",
                "",
                "",
                "ORG-GGD",
                "",
                "tactisch",
            ]));
        p.sheet("Partijen").add_column(
            "Besluitdatum",
            vec![V::D(2026, 11, 2), V::D(2026, 11, 3), V::E],
        );
        p.sheet("Mijlpalen").push(vec![
            "M0".into(),
            "go/no-go".into(),
            V::D(2026, 10, 1),
            "Besluit na de verkenning".into(),
            "twee gemeenten doen mee".into(),
            "colleges".into(),
            "regio".into(),
            "go".into(),
            "Ede en Veenendaal doen mee.".into(),
        ]);
        p.sheet("Overleggen").push(row(&[
            "werkgroep",
            "regio",
            "P-ME",
            "P-RC",
            "4",
            "monitoring en evaluatie",
        ]));
        p.sheet("Kostenregels")
            .add_column("Rol", vec!["regiocoördinator".into(), V::E])
            .push(vec![
                "K3".into(),
                "Monitoring en evaluatie".into(),
                "begroot vanaf 2029".into(),
                "regio".into(),
                "structureel".into(),
                "uur".into(),
                V::N(90.0),
                V::E,
                V::E,
                V::E,
                V::E,
                V::E,
                "M&E-eigenaar".into(),
            ]);
        p.financien.sheets.push(Sheet::new(
            "CZV-capaciteit",
            vec![
                row(&[
                    "Scope",
                    "Casussen jaar 1",
                    "Directe uren per casus",
                    "Indirecte uren per casus",
                    "Overstijgende uren per week",
                    "Uurtarief",
                    "Zvw-deel",
                    "Functiebeschrijving Zorginstituut",
                ]),
                row(&["regio", "20", "14", "6", "2", "78", "60", "ja"]),
            ],
        ));
        p
    }

    /// The base project in input format 1 (none of the 1.1 additions): it reads without
    /// errors, with the warnings of [`crate::check`]'s v1 test.
    pub fn v1() -> Project {
        let regio = Sheet::new(
            "Regio",
            vec![
                row(&["Veld", "Waarde"]),
                row(&["Regionaam", "Regio Proef"]),
                row(&["Regiotype", "bestaande regio"]),
                row(&["Fase", "implementatie"]),
                vec!["Startdatum".into(), V::D(2027, 1, 1)],
                vec!["Einddatum".into(), V::D(2028, 12, 31)],
                row(&["Versie", "1.0"]),
                vec!["Versiedatum".into(), V::D(2026, 11, 15)],
                row(&["Status", "concept"]),
                row(&["Plaats ondertekening", "Ede"]),
                row(&["Opgesteld door", "P-RC"]),
                row(&["Gastorganisatie", "ORG-GGD"]),
            ],
        );
        let gemeenten = Sheet::new(
            "Gemeenten",
            vec![
                row(&[
                    "CBS-code",
                    "Gemeente",
                    "Deelname",
                    "Inwoners",
                    "Jeugdigen 0-17",
                    "Raadsbesluit nodig",
                    "Uitrol",
                    "Focuswijken",
                ]),
                row(&[
                    "GM0228",
                    "Ede",
                    "deelnemend",
                    "",
                    "",
                    "nee",
                    "wijkgericht",
                    "Veldhuizen",
                ]),
                row(&[
                    "GM0345",
                    "Veenendaal",
                    "deelnemend",
                    "",
                    "",
                    "ja",
                    "stadsbreed",
                    "",
                ]),
                row(&["GM0340", "Rhenen", "niet", "", "", "", "", ""]),
            ],
        );
        let organisaties = Sheet::new(
            "Organisaties",
            vec![
                row(&[
                    "Org-ID",
                    "Naam",
                    "Korte naam",
                    "Type",
                    "Werkgebied",
                    "CBS-code",
                    "KvK-nummer",
                    "Adres",
                    "Postcode",
                    "Plaats",
                ]),
                row(&[
                    "ORG-EDE",
                    "Gemeente Ede",
                    "Ede",
                    "gemeente",
                    "lokaal",
                    "GM0228",
                    "09123456",
                    "Bergstraat 4",
                    "6711 AB",
                    "Ede",
                ]),
                row(&[
                    "ORG-VEEN",
                    "Gemeente Veenendaal",
                    "Veenendaal",
                    "gemeente",
                    "lokaal",
                    "GM0345",
                    "30123456",
                    "Markt 1",
                    "3901 DA",
                    "Veenendaal",
                ]),
                row(&[
                    "ORG-GGD",
                    "GGD Proefregio",
                    "GGD",
                    "GGD",
                    "regionaal",
                    "",
                    "41234567",
                    "Laan 10",
                    "6716 AA",
                    "Ede",
                ]),
            ],
        );
        let personen = Sheet::new(
            "Personen",
            vec![
                row(&[
                    "Persoon-ID",
                    "Naam",
                    "Functie",
                    "Org-ID",
                    "E-mail",
                    "Telefoon",
                    "Tekenbevoegd",
                    "Grondslag bevoegdheid",
                ]),
                row(&[
                    "P-EDE",
                    "A. de Vries",
                    "wethouder",
                    "ORG-EDE",
                    "a.devries@ede.example",
                    "",
                    "ja",
                    "Mandaatbesluit 2026",
                ]),
                row(&[
                    "P-VEEN",
                    "B. Jansen",
                    "wethouder",
                    "ORG-VEEN",
                    "",
                    "",
                    "ja",
                    "",
                ]),
                row(&[
                    "P-GGD",
                    "C. Bakker",
                    "directeur",
                    "ORG-GGD",
                    "",
                    "",
                    "ja",
                    "Statuten",
                ]),
                row(&[
                    "P-RC",
                    "D. Smit",
                    "regiocoördinator",
                    "ORG-GGD",
                    "",
                    "",
                    "nee",
                    "",
                ]),
            ],
        );
        let rollen = Sheet::new(
            "Rollen",
            vec![
                row(&[
                    "Rol",
                    "Persoon-ID",
                    "Scope",
                    "Uren per week",
                    "Start",
                    "Einde",
                    "Werkgever",
                    "Financiering",
                ]),
                row(&[
                    "regiocoördinator",
                    "P-RC",
                    "regio",
                    "12",
                    "",
                    "",
                    "ORG-GGD",
                    "B-GEM",
                ]),
            ],
        );
        let partijen = Sheet::new(
            "Partijen",
            vec![
                row(&[
                    "Overeenkomst",
                    "Org-ID",
                    "Rol in de aanpak",
                    "Verantwoordelijkheden",
                    "Bijdrage",
                    "Ondertekenaar",
                ]),
                row(&[
                    "regio",
                    "ORG-EDE",
                    "opdrachtgever",
                    "beleid\nfinanciering",
                    "beleidsuren",
                    "P-EDE",
                ]),
                row(&[
                    "regio",
                    "ORG-VEEN",
                    "opdrachtgever",
                    "beleid",
                    "beleidsuren",
                    "P-VEEN",
                ]),
                row(&[
                    "regio",
                    "ORG-GGD",
                    "gastorganisatie",
                    "huisvesting regiocoördinator",
                    "werkplek",
                    "P-GGD",
                ]),
            ],
        );
        let mut mijlpalen = Sheet::new(
            "Mijlpalen",
            vec![row(&[
                "Mijlpaal-ID",
                "Soort",
                "Datum",
                "Omschrijving",
                "Criteria",
                "Besluitvormer",
                "Scope",
                "Uitkomst",
                "Motivering",
            ])],
        );
        mijlpalen.push(vec![
            "M1".into(),
            "go/no-go".into(),
            V::D(2027, 7, 1),
            "Besluit over voortzetting".into(),
            "projectleiders aangesteld".into(),
            "stuurgroep".into(),
            "regio".into(),
            "open".into(),
            V::E,
        ]);
        let doelen = Sheet::new(
            "Doelen",
            vec![
                row(&[
                    "Doel-ID",
                    "Doel",
                    "Indicator",
                    "Bron",
                    "Nulmeting",
                    "Streefwaarde",
                    "Streefjaar",
                    "Eigenaar",
                    "Scope",
                ]),
                row(&[
                    "D1",
                    "Meer kinderen begeleid",
                    "aantal gezinnen",
                    "KnGG-monitor",
                    "0",
                    "40",
                    "2028",
                    "P-RC",
                    "regio",
                ]),
            ],
        );
        let risicos = Sheet::new(
            "Risicos",
            vec![
                row(&[
                    "Risico-ID",
                    "Omschrijving",
                    "Categorie",
                    "Kans",
                    "Impact",
                    "Maatregel",
                    "Eigenaar",
                    "Scope",
                ]),
                row(&[
                    "R1",
                    "Tijdelijk geld stopt",
                    "financieel",
                    "3",
                    "4",
                    "structurele dekking zoeken",
                    "P-RC",
                    "regio",
                ]),
            ],
        );
        let mut rv = vec![row(&["Scope", "Randvoorwaarde", "Voldaan", "Toelichting"])];
        for name in regiodocs::vocab::RANDVOORWAARDEN {
            rv.push(row(&["regio", name, "ja", ""]));
        }
        let randvoorwaarden = Sheet::new("Randvoorwaarden", rv);
        let teksten = Sheet::new(
            "Teksten",
            vec![
                row(&["Document", "Sectie", "Scope", "Tekst"]),
                row(&[
                    "plan",
                    "visie",
                    "regio",
                    "Samen zorgen we voor gezonde kinderen.",
                ]),
            ],
        );
        let overleggen = Sheet::new(
            "Overleggen",
            vec![
                row(&[
                    "Overleg",
                    "Scope",
                    "Voorzitter",
                    "Leden",
                    "Frequentie per jaar",
                    "Taak",
                ]),
                row(&[
                    "stuurgroep",
                    "regio",
                    "P-EDE",
                    "P-VEEN, P-GGD",
                    "4",
                    "besluiten",
                ]),
            ],
        );
        let parameters = Sheet::new(
            "Parameters",
            vec![
                row(&["Veld", "Waarde"]),
                vec!["Startjaar".into(), V::N(2027.0)],
                vec!["Aantal jaren".into(), V::N(2.0)],
                row(&["Indexatie", "0"]),
                row(&["BTW", "n.v.t."]),
                row(&["Versie", "1.0"]),
                vec!["Versiedatum".into(), V::D(2026, 11, 15)],
            ],
        );
        let kosten = Sheet::new(
            "Kostenregels",
            vec![
                vec![
                    "Regel-ID".into(),
                    "Kostenpost".into(),
                    "Omschrijving".into(),
                    "Scope".into(),
                    "Soort".into(),
                    "Eenheid".into(),
                    "Tarief".into(),
                    V::N(2027.0),
                    V::N(2028.0),
                    "Verdeelsleutel".into(),
                    "In natura".into(),
                    "Toelichting".into(),
                ],
                vec![
                    "K1".into(),
                    "Regiocoördinator".into(),
                    V::E,
                    "regio".into(),
                    "structureel".into(),
                    "uur".into(),
                    V::N(95.5),
                    V::N(500.0),
                    V::N(500.0),
                    V::E,
                    V::E,
                    V::E,
                ],
                vec![
                    "K2".into(),
                    "Scholing".into(),
                    V::E,
                    "regio".into(),
                    "incidenteel".into(),
                    "forfait".into(),
                    "€ 5.000,00".into(),
                    V::N(1.0),
                    V::E,
                    "S-INW".into(),
                    "nee".into(),
                    V::E,
                ],
            ],
        );
        let bronnen = Sheet::new(
            "Financieringsbronnen",
            vec![
                row(&[
                    "Bron-ID",
                    "Naam",
                    "Soort",
                    "Tijdelijk",
                    "Geldig tot",
                    "Houder",
                ]),
                row(&[
                    "B-GEM",
                    "Gemeentelijke middelen",
                    "gemeente",
                    "nee",
                    "",
                    "GM0228",
                ]),
                row(&["B-SPUK", "SPUK GALA", "SPUK/GALA", "", "", "ORG-EDE"]),
            ],
        );
        let dekking = Sheet::new(
            "Dekking",
            vec![
                vec![
                    "Regel-ID".into(),
                    "Bron-ID".into(),
                    "Percentage".into(),
                    V::N(2027.0),
                    V::N(2028.0),
                    "Status".into(),
                ],
                vec![
                    "K1".into(),
                    "B-GEM".into(),
                    "100".into(),
                    V::E,
                    V::E,
                    "toegezegd".into(),
                ],
                vec![
                    "K2".into(),
                    "B-SPUK".into(),
                    V::E,
                    V::N(5000.0),
                    V::E,
                    "aangevraagd".into(),
                ],
            ],
        );
        let sleutels = Sheet::new(
            "Verdeelsleutels",
            vec![
                row(&["Sleutel-ID", "Methode", "Standaard", "CBS-code", "Aandeel"]),
                row(&["S-INW", "inwoners", "ja", "", ""]),
            ],
        );
        Project {
            stakeholders: Book {
                sheets: vec![
                    regio,
                    gemeenten,
                    organisaties,
                    personen,
                    rollen,
                    partijen,
                    mijlpalen,
                    doelen,
                    risicos,
                    randvoorwaarden,
                    teksten,
                    overleggen,
                ],
            },
            financien: Book {
                sheets: vec![parameters, kosten, bronnen, dekking, sleutels],
            },
        }
    }

    /// A sheet of either workbook.
    pub fn sheet(&mut self, name: &str) -> &mut Sheet {
        if self.stakeholders.sheets.iter().any(|s| s.name == name) {
            self.stakeholders.sheet(name)
        } else {
            self.financien.sheet(name)
        }
    }

    /// Writes both workbooks into a temporary folder and returns every finding of `check`.
    pub fn diagnostics(&self) -> Vec<regiodocs::diag::Diagnostic> {
        let dir = self.write();
        regiodocs::pipeline::check(dir.path())
            .diagnostics
            .into_iter()
            .collect()
    }

    /// Writes both workbooks into a new temporary folder.
    pub fn write(&self) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        self.write_to(dir.path());
        dir
    }

    /// Writes both workbooks into `dir`.
    pub fn write_to(&self, dir: &Path) -> (PathBuf, PathBuf) {
        let s = dir.join("stakeholders.xlsx");
        let f = dir.join("financien.xlsx");
        self.stakeholders.write(&s);
        self.financien.write(&f);
        (s, f)
    }
}
