//! What each finding code means and what to do about it, in Dutch: the page
//! `/uitleg/F18` that every finding links to.
//!
//! [`uitleg`] is the one place the page looks a code up, so that it can switch to the
//! user documentation of the codes (`regiodocs uitleg CODE`) by changing this function only.

use serde::Serialize;

use crate::diag::Code;

/// The explanation of one finding code.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Uitleg {
    /// The code, e.g. `F18`.
    pub code: &'static str,
    /// What it is about, in a few words.
    pub titel: &'static str,
    /// What it means and what to do, in a few sentences.
    pub tekst: &'static str,
}

/// The explanation of a code.
///
/// ```
/// use regiodocs::diag::Code;
/// let u = regiodocs::serve::uitleg(Code::OngeldigFormaat);
/// assert_eq!(u.code, "F18");
/// assert!(u.titel.contains("CBS-code"));
/// ```
pub fn uitleg(code: Code) -> Uitleg {
    let (titel, tekst) = match code {
        Code::WerkboekOntbreekt => (
            "Werkboek ontbreekt",
            "Een van de twee werkboeken (stakeholders of financien) is er niet. Kies beide werkboeken; lege werkboeken met uitleg kunt u op de startpagina downloaden.",
        ),
        Code::GeenWerkboek => (
            "Bestand is geen leesbaar werkboek",
            "Het bestand is leeg, beschadigd, met een wachtwoord beveiligd of geen spreadsheet. Open het in Excel, verwijder een eventueel wachtwoord en sla het op als .xlsx.",
        ),
        Code::DubbelWerkboek => (
            "Werkboek dubbel",
            "Er zijn twee bestanden voor hetzelfde werkboek, bijvoorbeeld financien.xlsx en financien.ods. Laat er één over, zodat duidelijk is welke versie geldt.",
        ),
        Code::TabbladOntbreekt => (
            "Tabblad ontbreekt",
            "Een verplicht tabblad staat niet in het werkboek. Hoofdletters, spaties en accenten tellen niet mee, maar de naam moet verder kloppen. Vergelijk met een leeg werkboek van de startpagina.",
        ),
        Code::KolomOntbreekt => (
            "Kolom ontbreekt",
            "Een verplichte kolom (in het lege werkboek donkerder gekleurd) staat niet in de kopregel van het tabblad. Voeg de kolom toe; de volgorde van de kolommen is vrij.",
        ),
        Code::OnbekendeKolom => (
            "Onbekende kolom",
            "Een kolomkop is onbekend en wordt niet gelezen. Vaak is het een tikfout: de melding noemt de bekende kolom die er het meest op lijkt.",
        ),
        Code::DubbeleKolom => (
            "Kolom dubbel",
            "Dezelfde kolomkop staat twee keer in de kopregel, zodat niet duidelijk is welke geldt. Verwijder of hernoem een van beide.",
        ),
        Code::VerplichtLeeg => (
            "Verplichte cel is leeg",
            "Deze cel moet een waarde hebben. Vul haar in; de melding zegt welke kolom of welk veld het is.",
        ),
        Code::Formulefout => (
            "Formule geeft een fout",
            "De formule in de cel komt uit op een foutwaarde zoals #DEEL/0! of #VERW!. regiodocs rekent zelf niet met formules maar leest het resultaat: herstel de formule of typ de waarde in.",
        ),
        Code::OngeldigBedrag => (
            "Geen geldig bedrag",
            "Een bedrag moet een getal zijn of Nederlandse notatie volgen, zoals 1.234,56 of € 1.234. Bij twijfel (bijvoorbeeld 1.234 zonder komma) vraagt regiodocs om het duidelijk te schrijven.",
        ),
        Code::OngeldigGetal => (
            "Geen geldig getal",
            "Uren en aantallen moeten een getal zijn, met een komma als decimaalteken: 7,5.",
        ),
        Code::OngeldigPercentage => (
            "Geen geldig percentage",
            "Een percentage schrijft u in procentpunten: 2,5 of 2,5%.",
        ),
        Code::PercentageAlsFractie => (
            "Percentage als breuk gelezen",
            "Excel bewaart 2,5% soms als 0,025. Een getal tussen 0 en 1 is daardoor dubbelzinnig; de melding zegt hoe regiodocs het gelezen heeft. Controleer of dat klopt.",
        ),
        Code::OngeldigeDatum => (
            "Geen geldige datum",
            "Gebruik een datumcel of schrijf de datum als dd-mm-jjjj (bijvoorbeeld 01-09-2026).",
        ),
        Code::OngeldigJaNee => (
            "Geen ja of nee",
            "Deze kolom verwacht ja of nee. Ook goed: j, n, x (= ja) of een lege cel (= nee).",
        ),
        Code::OngeldigGeheelGetal => (
            "Geen geldig geheel getal",
            "Hier hoort een geheel getal binnen de toegestane grenzen, zoals een aantal inwoners of een score van 1 tot en met 5.",
        ),
        Code::OnbekendeWaarde => (
            "Waarde niet in de keuzelijst",
            "Deze kolom kent een vaste lijst van waarden. Kies er een uit de keuzelijst in de cel; de melding noemt de waarde die er het meest op lijkt.",
        ),
        Code::OngeldigFormaat => (
            "CBS-code, postcode, KvK-nummer of e-mailadres onjuist",
            "De waarde heeft niet de vorm die hoort bij het veld: een CBS-code is GM met vier cijfers (GM0228), een postcode 1234 AB, een KvK-nummer acht cijfers, een e-mailadres naam@domein.nl.",
        ),
        Code::DubbelId => (
            "ID dubbel",
            "Elke ID (Org-ID, Persoon-ID, Regel-ID, …) mag op een tabblad maar één keer voorkomen, anders is niet duidelijk welke rij bedoeld is. Geef een van beide een andere ID.",
        ),
        Code::OnbekendeVerwijzing => (
            "Verwijzing naar een onbekende ID",
            "De cel verwijst naar een ID die nergens bestaat. Controleer de spelling; de melding noemt de bestaande ID die er het meest op lijkt.",
        ),
        Code::OngeldigJaar => (
            "Jaarkolom buiten de looptijd",
            "De jaarkolommen van Kostenregels en Dekking moeten aaneensluitend zijn en binnen de looptijd uit Parameters vallen (Startjaar en Aantal jaren).",
        ),
        Code::OnbekendeGemeente => (
            "Onbekende gemeente",
            "Deze CBS-code staat niet in de lijst van alle Nederlandse gemeenten die regiodocs meebrengt. Controleer de code, bijvoorbeeld op de website van het CBS.",
        ),
        Code::GemeentenaamWijktAf => (
            "Gemeentenaam past niet bij de code",
            "De naam van de gemeente hoort niet bij de CBS-code. Een van beide is waarschijnlijk verkeerd; de melding noemt de naam die bij de code hoort.",
        ),
        Code::NegatiefBedrag => (
            "Negatief bedrag",
            "Hier is alleen een bedrag van nul of meer toegestaan.",
        ),
        Code::OnbekendVeld => (
            "Onbekend veld",
            "Een veldnaam in kolom A van Regio of Parameters is onbekend en wordt niet gelezen. Vaak is het een tikfout: de melding noemt het bekende veld dat erop lijkt.",
        ),
        Code::DubbelVeld => (
            "Veld dubbel",
            "Hetzelfde veld staat twee keer op het tabblad, zodat niet duidelijk is welke waarde geldt. Verwijder een van beide rijen.",
        ),
        Code::DatumVolgorde => (
            "Begindatum na einddatum",
            "Een begindatum ligt na de bijbehorende einddatum. Controleer beide datums.",
        ),
        Code::DekkingDubbel => (
            "Dekking met percentage én bedragen",
            "Een rij op Dekking heeft zowel een percentage als bedragen per jaar. Kies één van beide: een percentage van de kostenregel, of vaste bedragen.",
        ),
        Code::Overdekking => (
            "Meer dan 100% gedekt",
            "Een kostenregel is in een jaar voor meer dan het hele bedrag gedekt. Verlaag de dekking, anders zou er geld dubbel worden toegezegd.",
        ),
        Code::OngeldigeVerdeelsleutel => (
            "Verdeelsleutel klopt niet",
            "Een verdeelsleutel kan de kosten niet verdelen: bijvoorbeeld vaste aandelen die samen niet 100% zijn, of meer dan één sleutel als standaard. De melding zegt wat er mis is.",
        ),
        Code::OnbekendeSectie => (
            "Onbekende tekstsectie",
            "Een sleutel op het tabblad Teksten is onbekend, zodat de tekst in geen enkel document komt. Controleer de spelling van de sleutel.",
        ),
        Code::WerkboekenWijkenAf => (
            "Werkboeken spreken elkaar tegen",
            "De twee werkboeken zeggen niet hetzelfde, bijvoorbeeld over de versie. Maak ze gelijk, zodat de stukken bij elkaar horen.",
        ),
        Code::R01Randvoorwaarde => (
            "Randvoorwaarde nog niet voldaan",
            "Een van de randvoorwaarden om te starten (zoals een bestuurlijke opdracht of geborgde financiering) is nog niet geregeld. Het plan noemt wat nog moet gebeuren; een definitief stuk wacht tot het geregeld is.",
        ),
        Code::R03Ondertekenaar => (
            "Ondertekenaar ontbreekt of is niet bevoegd",
            "Elke partij moet ondertekenen door iemand van de eigen organisatie die tekenbevoegd is (Personen: Tekenbevoegd = ja). Vul de ondertekenaar aan of pas de bevoegdheid aan.",
        ),
        Code::R04Partij => (
            "Partij onvolledig",
            "Een partij in de overeenkomst mist haar rol, verantwoordelijkheden of bijdrage. Vul ze aan op het tabblad Partijen, zodat duidelijk is wat elke partij doet.",
        ),
        Code::R08GoNoGo => (
            "Geen go/no-go-moment",
            "De opdracht van de regiocoördinator heeft geen go/no-go-moment. Voeg op Mijlpalen een mijlpaal van de soort go/no-go toe, met datum en criteria.",
        ),
        Code::R09Uren => (
            "Uren regiocoördinator",
            "De uren van de regiocoördinator liggen onder wat voor dit aantal gemeenten wordt aangeraden. Overweeg meer uren, of leg vast waarom minder volstaat.",
        ),
        Code::R11Deelname => (
            "Minder dan twee deelnemende gemeenten",
            "Een regionale samenwerking vraagt ten minste twee gemeenten met Deelname = deelnemend.",
        ),
        Code::R16Soort => (
            "Kostenregel niet incidenteel of structureel",
            "Geef bij elke kostenregel aan of de kosten incidenteel of structureel zijn; de begroting en de regels over tijdelijk geld hebben dat nodig.",
        ),
        Code::R18TijdelijkGeld => (
            "Structurele kosten uit tijdelijk geld",
            "Structurele kosten worden betaald uit geld dat tijdelijk is. Als dat geld stopt, stopt ook de aanpak: regel voor structurele kosten op termijn structurele dekking.",
        ),
        Code::R19Dekkingsgat => (
            "Kostenregel niet volledig gedekt",
            "Een kostenregel is in een of meer jaren niet helemaal gedekt. Voeg dekking toe op het tabblad Dekking; het tekort staat in elke begroting.",
        ),
        Code::R25NoGoMotivering => (
            "No-go zonder motivering",
            "Bij een mijlpaal met uitkomst no-go hoort een motivering. Vul de kolom Motivering in.",
        ),
    };
    Uitleg {
        code: code.as_str(),
        titel,
        tekst,
    }
}

/// The code for its text (`f18` and `F18` both give [`Code::OngeldigFormaat`]).
pub(super) fn code(text: &str) -> Option<Code> {
    Code::ALL
        .iter()
        .copied()
        .find(|c| c.as_str().eq_ignore_ascii_case(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_an_explanation_of_its_own() {
        let mut titles = std::collections::BTreeSet::new();
        for c in Code::ALL {
            let u = uitleg(*c);
            assert_eq!(u.code, c.as_str());
            assert!(u.tekst.len() > 40, "{}: {}", u.code, u.tekst);
            assert!(titles.insert(u.titel), "{} repeats a title", u.code);
        }
        assert_eq!(code("f18"), Some(Code::OngeldigFormaat));
        assert_eq!(code("F99"), None);
    }
}
