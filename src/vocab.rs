//! The enumerations of the input format: every list of allowed values (`docs/invoerformaat.md`).
//!
//! Each enumeration knows its Dutch labels (for drop-down lists and documents) and parses
//! user text tolerantly: case, accents, spaces and hyphens are ignored, so `Regiocoordinator`
//! matches `regiocoördinator`.
//!
//! ```
//! use regiodocs::vocab::Rol;
//! assert_eq!(Rol::parse("Regiocoordinator"), Some(Rol::Regiocoordinator));
//! assert_eq!(Rol::Regiocoordinator.label(), "regiocoördinator");
//! assert!(Rol::LABELS.contains(&"M&E-eigenaar"));
//! ```

use serde::{Serialize, Serializer};

/// What every enumeration of the input format offers, for generic readers.
pub trait Vocab: Sized + Copy {
    /// Every allowed label.
    const LABELS: &'static [&'static str];
    /// Parses user text tolerantly.
    fn parse(text: &str) -> Option<Self>;
}

macro_rules! vocab {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $label:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
        }

        impl $name {
            /// Every allowed label, in the order of `docs/invoerformaat.md`.
            pub const LABELS: &'static [&'static str] = &[$($label,)*];
            /// Every value, in the same order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The Dutch label as the user writes it.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)*
                }
            }

            /// Parses user text, ignoring case, accents, spaces and hyphens.
            pub fn parse(text: &str) -> Option<Self> {
                let key = crate::ingest::normalize(text);
                Self::ALL.iter().copied().find(|v| crate::ingest::normalize(v.label()) == key)
            }
        }

        impl Vocab for $name {
            const LABELS: &'static [&'static str] = $name::LABELS;
            fn parse(text: &str) -> Option<Self> {
                $name::parse(text)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.label())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

vocab!(
    /// `Regio` › `Regiotype`.
    Regiotype {
        /// A GGD region.
        GgdRegio = "GGD-regio",
        /// A zorgkantoor region.
        Zorgkantoorregio = "zorgkantoorregio",
        /// An IZA region.
        IzaRegio = "IZA-regio",
        /// An existing cooperation such as Regio Foodvalley.
        BestaandeRegio = "bestaande regio",
        /// Anything else.
        Anders = "anders",
    }
);

vocab!(
    /// `Regio` › `Fase`.
    Fase {
        /// Regional exploration.
        Verkenning = "verkenning",
        /// Implementation.
        Implementatie = "implementatie",
        /// Safeguarding (borging).
        Borging = "borging",
    }
);

vocab!(
    /// `Regio` › `Status`.
    Status {
        /// A draft; documents are marked CONCEPT.
        Concept = "concept",
        /// Final: documents are written only when every error-level rule passes.
        Definitief = "definitief",
    }
);

vocab!(
    /// `Regio` › `Facturering`: when the host of the regional budget invoices the shares.
    Facturering {
        /// Once a year, at the start of the year, by the budget.
        VooraafPerJaar = "vooraf per jaar",
        /// Each quarter, a quarter of the year's share.
        PerKwartaal = "per kwartaal",
        /// Once a year, after the year, by the actual costs.
        AchterafPerJaar = "achteraf per jaar",
    }
);

vocab!(
    /// `Regio` › `Besluitvorming stuurgroep`: how the steering group decides.
    Besluitvorming {
        /// By consensus; when that fails, by simple majority.
        Consensus = "consensus",
        /// By simple majority, one vote per party.
        Meerderheid = "meerderheid",
        /// By a majority of the municipalities weighted by population.
        MeerderheidNaarInwoners = "meerderheid naar inwoners",
    }
);

vocab!(
    /// `Regio` › `Implementatiefase` and `Mijlpalen` › `Fase`: the four phases of the
    /// implementation guideline (handreiking).
    Implementatiefase {
        /// Phase 1: the approach is designed and prepared.
        InitiatiefEnOntwerp = "initiatief en ontwerp",
        /// Phase 2: tried on a small scale, evaluated, extended.
        ExperimenterenEnUitvoeren = "experimenteren en uitvoeren",
        /// Phase 3: embedded, improved and scaled up.
        UitbouwenEnMonitoren = "uitbouwen en monitoren",
        /// Phase 4: anchored in policy and regular funding.
        VerduurzamenEnTransformeren = "verduurzamen en transformeren",
    }
);

impl Implementatiefase {
    /// The phase number, 1-4.
    pub fn nummer(self) -> u8 {
        match self {
            Implementatiefase::InitiatiefEnOntwerp => 1,
            Implementatiefase::ExperimenterenEnUitvoeren => 2,
            Implementatiefase::UitbouwenEnMonitoren => 3,
            Implementatiefase::VerduurzamenEnTransformeren => 4,
        }
    }
}

vocab!(
    /// `Gemeenten` › `Besluitstatus`: how far a municipality's decision on the plan got (R24).
    Besluitstatus {
        /// No decision yet.
        Geen = "geen",
        /// The college decided.
        College = "college",
        /// The college and the council decided.
        CollegeEnRaad = "college en raad",
    }
);

vocab!(
    /// `Gemeenten` › `Deelname`.
    Deelname {
        /// Participates: gets plans and signs.
        Deelnemend = "deelnemend",
        /// Still exploring.
        Verkennend = "verkennend",
        /// Does not participate (a "witte vlek").
        Niet = "niet",
    }
);

vocab!(
    /// `Gemeenten` › `Uitrol`.
    Uitrol {
        /// City-wide roll-out.
        Stadsbreed = "stadsbreed",
        /// Neighbourhood by neighbourhood.
        Wijkgericht = "wijkgericht",
    }
);

vocab!(
    /// `Organisaties` › `Type`.
    OrgType {
        /// A municipality.
        Gemeente = "gemeente",
        /// The public health service.
        Ggd = "GGD",
        /// Youth health care.
        Jgz = "JGZ",
        /// Social neighbourhood team.
        SociaalWijkteam = "sociaal wijkteam",
        /// Health insurer.
        Zorgverzekeraar = "zorgverzekeraar",
        /// Hospital.
        Ziekenhuis = "ziekenhuis",
        /// GP organisation.
        Huisartsenorganisatie = "huisartsenorganisatie",
        /// JOGG.
        Jogg = "JOGG",
        /// Knowledge institute.
        Kennisinstituut = "kennisinstituut",
        /// Welfare organisation.
        Welzijn = "welzijn",
        /// Education.
        Onderwijs = "onderwijs",
        /// Anything else.
        Overig = "overig",
    }
);

vocab!(
    /// `Organisaties` › `Werkgebied`.
    Werkgebied {
        /// Local.
        Lokaal = "lokaal",
        /// Regional.
        Regionaal = "regionaal",
        /// National.
        Landelijk = "landelijk",
    }
);

vocab!(
    /// `Rollen` › `Rol`.
    Rol {
        /// Regional coordinator.
        Regiocoordinator = "regiocoördinator",
        /// Quartermaster of the exploration.
        Kwartiermaker = "kwartiermaker",
        /// Local project leader.
        Projectleider = "projectleider",
        /// Central care provider (CZV).
        CentraleZorgverlener = "centrale zorgverlener",
        /// Network director.
        Netwerkregisseur = "netwerkregisseur",
        /// Policy officer.
        Beleidsmedewerker = "beleidsmedewerker",
        /// Owner of monitoring and evaluation.
        MeEigenaar = "M&E-eigenaar",
        /// Anything else.
        Overig = "overig",
    }
);

vocab!(
    /// `Rollen` › `Niveau`: strategic (board), tactical (management) or operational.
    Niveau {
        /// Board level (bestuurlijk).
        Strategisch = "strategisch",
        /// Management level.
        Tactisch = "tactisch",
        /// Frontline level (uitvoerend).
        Operationeel = "operationeel",
    }
);

vocab!(
    /// `Rollen` › `Contractvorm`: how the person is engaged for the role.
    Contractvorm {
        /// Employed by the employer named in `Werkgever`.
        Dienstverband = "dienstverband",
        /// Seconded from the employer.
        Detachering = "detachering",
        /// Hired (e.g. a freelancer).
        Inhuur = "inhuur",
        /// Within an existing job.
        BinnenBestaandeFunctie = "binnen bestaande functie",
    }
);

vocab!(
    /// `Mijlpalen` › `Soort`.
    MijlpaalSoort {
        /// A go/no-go decision.
        GoNoGo = "go/no-go",
        /// An evaluation.
        Evaluatie = "evaluatie",
        /// A decision.
        Besluit = "besluit",
        /// Signing.
        Ondertekening = "ondertekening",
        /// A start.
        Start = "start",
        /// Anything else.
        Overig = "overig",
    }
);

vocab!(
    /// `Mijlpalen` › `Uitkomst`.
    Uitkomst {
        /// Not decided yet.
        Open = "open",
        /// Go.
        Go = "go",
        /// No-go.
        NoGo = "no-go",
    }
);

vocab!(
    /// `Doelen` › `Bron`.
    IndicatorBron {
        /// RIVM indicator set.
        Rivm = "RIVM-indicatorenset",
        /// KnGG monitor.
        KnggMonitor = "KnGG-monitor",
        /// GGD monitor.
        GgdMonitor = "GGD-monitor",
        /// Own indicator.
        Eigen = "eigen",
    }
);

vocab!(
    /// `Doelen` › `Termijn`: the goal's horizon.
    Termijn {
        /// Short term.
        Kort = "kort",
        /// Medium term.
        Middellang = "middellang",
        /// Long term.
        Lang = "lang",
    }
);

vocab!(
    /// `Risicos` › `Soort`: a risk or an opportunity.
    RisicoSoort {
        /// A risk (default).
        Risico = "risico",
        /// An opportunity.
        Kans = "kans",
    }
);

vocab!(
    /// `Risicos` › `Categorie`.
    RisicoCategorie {
        /// Financial.
        Financieel = "financieel",
        /// Governance.
        Governance = "governance",
        /// Capacity.
        Capaciteit = "capaciteit",
        /// Support.
        Draagvlak = "draagvlak",
        /// Legal.
        Juridisch = "juridisch",
        /// Staff.
        Personeel = "personeel",
        /// Decision making.
        Besluitvorming = "besluitvorming",
        /// Anything else.
        Overig = "overig",
    }
);

vocab!(
    /// `Teksten` › `Document`.
    DocumentSoort {
        /// The cooperation agreement.
        Overeenkomst = "overeenkomst",
        /// The assignment description.
        Opdracht = "opdracht",
        /// The plan.
        Plan = "plan",
        /// The budget.
        Begroting = "begroting",
    }
);

vocab!(
    /// `Overleggen` › `Overleg`.
    OverlegSoort {
        /// Steering group.
        Stuurgroep = "stuurgroep",
        /// Project group.
        Projectgroep = "projectgroep",
        /// Working group.
        Werkgroep = "werkgroep",
        /// Front-runners group.
        Koplopergroep = "koplopergroep",
        /// Core group.
        Kerngroep = "kerngroep",
        /// Anything else.
        Overig = "overig",
    }
);

vocab!(
    /// `Parameters` › `BTW`.
    Btw {
        /// Amounts include VAT.
        Inclusief = "inclusief",
        /// Amounts exclude VAT.
        Exclusief = "exclusief",
        /// VAT does not apply.
        NietVanToepassing = "n.v.t.",
    }
);

vocab!(
    /// `Kostenregels` › `Soort`.
    KostenSoort {
        /// One-off (set-up) cost.
        Incidenteel = "incidenteel",
        /// Running cost.
        Structureel = "structureel",
    }
);

vocab!(
    /// `Kostenregels` › `Eenheid`.
    Eenheid {
        /// Hour.
        Uur = "uur",
        /// Day.
        Dag = "dag",
        /// Piece.
        Stuk = "stuk",
        /// Full-time equivalent.
        Fte = "fte",
        /// Lump sum.
        Forfait = "forfait",
    }
);

vocab!(
    /// `Financieringsbronnen` › `Soort`.
    BronSoort {
        /// Municipal budget.
        Gemeente = "gemeente",
        /// SPUK under GALA.
        SpukGala = "SPUK/GALA",
        /// IZA funds.
        Iza = "IZA",
        /// Health insurance act.
        Zvw = "Zvw",
        /// Health insurer contribution.
        Zorgverzekeraar = "zorgverzekeraar",
        /// A partner organisation.
        Partner = "partner",
        /// A fund.
        Fonds = "fonds",
        /// A subsidy.
        Subsidie = "subsidie",
        /// Anything else.
        Overig = "overig",
    }
);

impl BronSoort {
    /// Whether money of this kind is temporary unless the user says otherwise.
    pub fn temporary_by_default(self) -> bool {
        matches!(
            self,
            BronSoort::SpukGala | BronSoort::Iza | BronSoort::Subsidie
        )
    }
}

vocab!(
    /// `Dekking` › `Status`.
    DekkingStatus {
        /// Promised.
        Toegezegd = "toegezegd",
        /// Applied for.
        Aangevraagd = "aangevraagd",
        /// Expected.
        Verwacht = "verwacht",
    }
);

vocab!(
    /// `Verdeelsleutels` › `Methode`.
    Methode {
        /// Equal shares.
        Gelijk = "gelijk",
        /// By population.
        Inwoners = "inwoners",
        /// By number of children 0-17.
        Jeugdigen = "jeugdigen",
        /// Fixed negotiated percentages.
        Vast = "vast",
    }
);

/// The six standard preconditions to start (domain rule R01), as written in `Randvoorwaarden`.
pub const RANDVOORWAARDEN: &[&str] = &[
    "bestuurlijke opdracht",
    "samenwerkingsovereenkomst JOGG",
    "draagvlak uitvoeringsorganisaties",
    "projectleider met financiering",
    "centrale zorgverlener met financiering",
    "financiering geborgd",
];
