//! Empty digital signature fields over the printed signature lines of a PDF.
//!
//! Typst 0.15 has no form fields, so the fields are added after export, in three steps:
//!
//! 1. The theme marks every signature line with an invisible `metadata` element labelled
//!    `<regiodocs-handtekenveld>` ([`MARK`]) that carries the field name
//!    ([`Signatory::field`](crate::ir::Signatory::field)) and the size of the room to sign
//!    in above the line.
//! 2. [`locate`] reads each mark's page and position from the laid-out document (Typst
//!    measures from the top-left corner, PDF from the bottom-left) and pairs it with its
//!    signatory: one [`SignatureField`] per signatory, or none at all when a mark is
//!    missing (a project's own theme from an earlier version has none).
//! 3. [`add`] writes the fields into the exported PDF with `lopdf`.
//!
//! Every field is an AcroForm field of type `Sig` whose widget is merged into it: the name
//! as `T`, a Dutch tooltip naming person, function and party as `TU`, the print flag, and an
//! empty appearance stream (PDF/A-2 wants every widget to have one, with only `N`; the
//! AcroForm has no `NeedAppearances`). For PDF/UA-1 each widget gets a `Form` structure
//! element with an object reference (`OBJR`) to it, placed in reading order just before
//! the signatory's name, a `StructParent` with its entry in the parent tree, and its page
//! keeps `Tabs /S`. The fields are unsigned; a PDF reader or a signing service signs into
//! them, in an incremental update that leaves the archived document as it was.
//!
//! Output stays deterministic: the new objects are numbered after Typst's, in signing
//! order, and lopdf writes the objects in number order with the document's own identifier.
//!
//! ```no_run
//! use regiodocs::render::signature_fields::{add, SignatureField};
//! let pdf = std::fs::read("overeenkomst.pdf")?;
//! let field = SignatureField {
//!     name: "gemeente-ede-wethouder-jeugd".into(),
//!     tooltip: "Handtekening van Sanne Hofstede, wethouder Jeugd, voor Gemeente Ede".into(),
//!     page: 12,
//!     rect: [73.7, 300.0, 290.0, 339.6],
//! };
//! let signable = add(&pdf, &[field])?;
//! std::fs::write("overeenkomst-te-tekenen.pdf", signable)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Object, ObjectId, Stream};
use typst::foundations::{Label, Selector, Value};
use typst::introspection::MetadataElem;
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use crate::ir::{Block, Document};

/// The label with which the theme marks every signature line.
pub const MARK: &str = "regiodocs-handtekenveld";

/// The print flag of an annotation (`F`); PDF/A requires it on every widget.
const PRINT: i64 = 4;

/// One empty signature field: its name, tooltip and place.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureField {
    /// The field name (`T`), unique in the document, e.g. `gemeente-ede-wethouder-jeugd`.
    pub name: String,
    /// The tooltip (`TU`) that readers show and screen readers announce.
    pub tooltip: String,
    /// The page, counted from 1.
    pub page: usize,
    /// Left, bottom, right and top edge in PDF points, measured from the page's
    /// bottom-left corner; the bottom edge lies on the signature line.
    pub rect: [f64; 4],
}

/// Adds an empty signature field for every signatory of `doc` to its exported `pdf`, when
/// the document asks for them (`Meta::signature_fields`) and has signatories.
///
/// Never fails: when the fields cannot be placed (a theme without marks) or written, the
/// PDF is returned without them, with the reason as a warning in Dutch.
pub fn apply(doc: &Document, laid_out: &PagedDocument, pdf: Vec<u8>) -> (Vec<u8>, Vec<String>) {
    if !doc.meta.signature_fields {
        return (pdf, Vec::new());
    }
    let fields = match locate(doc, laid_out) {
        Ok(fields) if fields.is_empty() => return (pdf, Vec::new()),
        Ok(fields) => fields,
        Err(reason) => return (pdf, vec![format!("geen handtekenvelden: {reason}")]),
    };
    match add(&pdf, &fields) {
        Ok(signable) => (signable, Vec::new()),
        Err(reason) => (pdf, vec![format!("geen handtekenvelden: {reason}")]),
    }
}

/// The signature fields of `doc`: one per signatory with a field name, in signing order,
/// placed where the theme marked its signature line. Signatories without a field name get
/// no field.
///
/// An error (in Dutch) when a signatory's line is not marked exactly once, or a mark has
/// no usable size: then no field is placed at all, rather than some.
pub fn locate(doc: &Document, laid_out: &PagedDocument) -> Result<Vec<SignatureField>, String> {
    let signatories = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Signatures { signatories } => Some(signatories),
            _ => None,
        })
        .flatten()
        .filter(|s| !s.field.is_empty());
    let marks = marks(laid_out);
    let mut fields = Vec::new();
    for s in signatories {
        let found: Vec<&Mark> = marks.iter().filter(|m| m.field == s.field).collect();
        let mark = match found.as_slice() {
            [mark] => *mark,
            [] => {
                return Err(format!(
                    "het thema markeert de handtekeningregel van {} niet (het label <{MARK}> ontbreekt)",
                    s.field
                ));
            }
            _ => {
                return Err(format!(
                    "het thema markeert de handtekeningregel van {} meer dan eens",
                    s.field
                ));
            }
        };
        let page_height = laid_out
            .pages()
            .get(mark.page - 1)
            .map(|p| p.frame.height().to_pt())
            .ok_or_else(|| format!("pagina {} bestaat niet", mark.page))?;
        let usable = |v: f64| v.is_finite() && v > 0.0;
        if !usable(mark.width) || !usable(mark.height) {
            return Err(format!(
                "de markering van {} heeft geen bruikbare maat",
                s.field
            ));
        }
        // Typst measures down from the top; the mark sits on the line.
        let (x, bottom) = (mark.x, page_height - mark.y);
        fields.push(SignatureField {
            name: s.field.clone(),
            tooltip: s.field_tooltip(),
            page: mark.page,
            rect: [x, bottom, x + mark.width, bottom + mark.height].map(round),
        });
    }
    Ok(fields)
}

/// Rounds to a hundredth of a point, so the numbers in the file never depend on float noise.
fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// A signature line as the theme marked it.
#[derive(Debug)]
struct Mark {
    field: String,
    page: usize,
    /// Left end of the line, from the page's left edge, in points.
    x: f64,
    /// The line, from the page's top edge, in points.
    y: f64,
    width: f64,
    height: f64,
}

/// Every mark in the laid-out document, in document order.
fn marks(laid_out: &PagedDocument) -> Vec<Mark> {
    let Some(label) = Label::new(PicoStr::intern(MARK)) else {
        return Vec::new();
    };
    let introspector = laid_out.introspector();
    let number = |dict: &typst::foundations::Dict, key: &str| match dict.get(key) {
        Ok(Value::Float(f)) => Some(*f),
        Ok(Value::Int(i)) => Some(*i as f64),
        _ => None,
    };
    introspector
        .elements()
        .query(&Selector::Label(label))
        .iter()
        .filter_map(|content| {
            let meta = content.to_packed::<MetadataElem>()?;
            let Value::Dict(dict) = &meta.value else {
                return None;
            };
            let Ok(Value::Str(field)) = dict.get("field") else {
                return None;
            };
            let position = introspector.position(content.location()?)?;
            Some(Mark {
                field: field.as_str().to_string(),
                page: position.page.get(),
                x: position.point.x.to_pt(),
                y: position.point.y.to_pt(),
                width: number(dict, "width")?,
                height: number(dict, "height")?,
            })
        })
        .collect()
}

/// Adds `fields` to `pdf` as empty, unsigned signature fields (see the module
/// documentation for what each one gets). An error (in Dutch) names what in the PDF was
/// not as Typst writes it.
pub fn add(pdf: &[u8], fields: &[SignatureField]) -> Result<Vec<u8>, String> {
    let mut file = lopdf::Document::load_mem(pdf).map_err(|e| format!("PDF niet te lezen: {e}"))?;
    let pages = file.get_pages();
    let mut structure = Structure::read(&file)?;
    let mut refs = Vec::with_capacity(fields.len());
    for field in fields {
        let page = u32::try_from(field.page)
            .ok()
            .and_then(|n| pages.get(&n).copied())
            .ok_or_else(|| format!("pagina {} van {} bestaat niet", field.page, field.name))?;
        let widget = add_field(&mut file, &mut structure, field, page)?;
        refs.push(Object::Reference(widget));
    }
    structure.write(&mut file)?;
    let catalog = file
        .catalog_mut()
        .map_err(|e| format!("PDF zonder catalogus: {e}"))?;
    let mut form = Dictionary::new();
    form.set("Fields", refs);
    catalog.set("AcroForm", form);
    let mut out = Vec::with_capacity(pdf.len() + 1024 * fields.len());
    file.save_to(&mut out)
        .map_err(|e| format!("PDF niet te schrijven: {e}"))?;
    Ok(out)
}

/// Writes one field (with its widget, appearance and structure element) on `page`; returns
/// the field's object id.
fn add_field(
    file: &mut lopdf::Document,
    structure: &mut Structure,
    field: &SignatureField,
    page: ObjectId,
) -> Result<ObjectId, String> {
    let [left, bottom, right, top] = field.rect;
    let (width, height) = (right - left, top - bottom);
    // An empty appearance: the printed line stays what the reader sees until someone signs.
    let mut appearance = Dictionary::new();
    appearance.set("Type", Object::Name(b"XObject".to_vec()));
    appearance.set("Subtype", Object::Name(b"Form".to_vec()));
    appearance.set("BBox", vec![0.into(), 0.into(), real(width), real(height)]);
    appearance.set("Resources", Dictionary::new());
    let appearance = file.add_object(Stream::new(appearance, Vec::new()));

    let widget = file.new_object_id();
    let element = file.new_object_id();
    let key = structure.next_key;
    structure.next_key += 1;
    structure.parents.insert(key, Object::Reference(element));

    let mut ap = Dictionary::new();
    ap.set("N", Object::Reference(appearance));
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Annot".to_vec()));
    dict.set("Subtype", Object::Name(b"Widget".to_vec()));
    dict.set("FT", Object::Name(b"Sig".to_vec()));
    dict.set("T", lopdf::text_string(&field.name));
    dict.set("TU", lopdf::text_string(&plain(&field.tooltip)));
    dict.set(
        "Rect",
        field.rect.iter().map(|v| real(*v)).collect::<Vec<_>>(),
    );
    dict.set("F", PRINT);
    dict.set("P", Object::Reference(page));
    dict.set("StructParent", key);
    dict.set("AP", ap);
    file.objects.insert(widget, Object::Dictionary(dict));

    let (parent, index) = structure.reading_place(file, page, field.rect)?;
    let mut objr = Dictionary::new();
    objr.set("Type", Object::Name(b"OBJR".to_vec()));
    objr.set("Obj", Object::Reference(widget));
    objr.set("Pg", Object::Reference(page));
    let mut form = Dictionary::new();
    form.set("Type", Object::Name(b"StructElem".to_vec()));
    form.set("S", Object::Name(b"Form".to_vec()));
    form.set("P", Object::Reference(parent));
    form.set("Pg", Object::Reference(page));
    form.set("K", objr);
    file.objects.insert(element, Object::Dictionary(form));
    insert_kid(file, parent, index, element)?;

    let page_dict = file
        .get_dictionary_mut(page)
        .map_err(|e| format!("pagina niet te lezen: {e}"))?;
    // PDF/UA: widgets are visited in structure order.
    page_dict.set("Tabs", Object::Name(b"S".to_vec()));
    match page_dict.get_mut(b"Annots") {
        Ok(Object::Array(annots)) => annots.push(Object::Reference(widget)),
        Ok(Object::Reference(id)) => {
            let id = *id;
            match file.get_object_mut(id) {
                Ok(Object::Array(annots)) => annots.push(Object::Reference(widget)),
                _ => return Err("de annotaties van een pagina zijn geen lijst".into()),
            }
        }
        Ok(_) => return Err("de annotaties van een pagina zijn geen lijst".into()),
        Err(_) => page_dict.set("Annots", vec![Object::Reference(widget)]),
    }
    Ok(widget)
}

/// A PDF number for a length in points.
fn real(v: f64) -> Object {
    Object::Real(v as f32)
}

/// The tooltip as one line of visible text: control characters become spaces and runs of
/// white space one space.
fn plain(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Puts `kid` into the structure element `parent`'s kids at `index`.
fn insert_kid(
    file: &mut lopdf::Document,
    parent: ObjectId,
    index: usize,
    kid: ObjectId,
) -> Result<(), String> {
    let dict = file
        .get_dictionary_mut(parent)
        .map_err(|e| format!("structuurelement niet te lezen: {e}"))?;
    let kids = match dict.get(b"K") {
        Ok(Object::Array(kids)) => kids.clone(),
        Ok(single) => vec![single.clone()],
        Err(_) => Vec::new(),
    };
    let mut kids = kids;
    kids.insert(index.min(kids.len()), Object::Reference(kid));
    dict.set("K", kids);
    Ok(())
}

/// The parts of the structure tree that fields are added to.
struct Structure {
    /// The structure tree root.
    root: ObjectId,
    /// The parent tree, flattened: key → structure element (or array of them, per page).
    parents: BTreeMap<i64, Object>,
    /// The first unused parent tree key.
    next_key: i64,
}

impl Structure {
    fn read(file: &lopdf::Document) -> Result<Self, String> {
        let missing = |what: &str| format!("PDF zonder {what} (geen getagde PDF)");
        let root = file
            .catalog()
            .and_then(|c| c.get(b"StructTreeRoot"))
            .and_then(Object::as_reference)
            .map_err(|_| missing("structuurboom"))?;
        let root_dict = file
            .get_dictionary(root)
            .map_err(|_| missing("structuurboom"))?;
        let mut parents = BTreeMap::new();
        if let Ok(tree) = root_dict.get(b"ParentTree") {
            collect_numbers(file, tree, &mut parents, 0)?;
        }
        let next_key = root_dict
            .get(b"ParentTreeNextKey")
            .and_then(Object::as_i64)
            .unwrap_or(0)
            .max(parents.keys().next_back().map_or(0, |k| k + 1));
        Ok(Structure {
            root,
            parents,
            next_key,
        })
    }

    /// Writes the parent tree back, as one flat number tree where the old one was (Typst
    /// writes it flat, in the structure tree root), with the next free key.
    fn write(self, file: &mut lopdf::Document) -> Result<(), String> {
        let mut nums = Vec::with_capacity(self.parents.len() * 2);
        for (key, value) in self.parents {
            nums.push(Object::Integer(key));
            nums.push(value);
        }
        let mut tree = Dictionary::new();
        tree.set("Nums", nums);
        let root = file
            .get_dictionary_mut(self.root)
            .map_err(|e| format!("structuurboom niet te lezen: {e}"))?;
        root.set("ParentTreeNextKey", self.next_key);
        match root.get(b"ParentTree") {
            Ok(Object::Reference(id)) => {
                let id = *id;
                file.objects.insert(id, Object::Dictionary(tree));
            }
            _ => root.set("ParentTree", tree),
        }
        Ok(())
    }

    /// Where the `Form` element of a field at `rect` goes in reading order: in the
    /// structure element of the first text under the field's bottom edge (the signatory's
    /// name), just before that text's own element. Without such text, at the end of the
    /// document's top element.
    fn reading_place(
        &self,
        file: &lopdf::Document,
        page: ObjectId,
        rect: [f64; 4],
    ) -> Result<(ObjectId, usize), String> {
        if let Some(found) = self.element_below(file, page, rect) {
            return Ok(found);
        }
        let root = file
            .get_dictionary(self.root)
            .map_err(|e| format!("structuurboom niet te lezen: {e}"))?;
        let top = match root.get(b"K") {
            Ok(Object::Reference(id)) => *id,
            Ok(Object::Array(kids)) => kids
                .iter()
                .find_map(|k| k.as_reference().ok())
                .ok_or("structuurboom zonder elementen")?,
            _ => return Err("structuurboom zonder elementen".into()),
        };
        let len = match file.get_dictionary(top).and_then(|d| d.get(b"K")) {
            Ok(Object::Array(kids)) => kids.len(),
            Ok(_) => 1,
            Err(_) => 0,
        };
        Ok((top, len))
    }

    /// The parent and index of the structure element that holds the first marked text
    /// below `rect` on `page` (its left end within the field's width), if any.
    fn element_below(
        &self,
        file: &lopdf::Document,
        page: ObjectId,
        rect: [f64; 4],
    ) -> Option<(ObjectId, usize)> {
        let [left, bottom, right, _] = rect;
        let page_dict = file.get_dictionary(page).ok()?;
        let key = page_dict
            .get(b"StructParents")
            .and_then(Object::as_i64)
            .ok()?;
        let Object::Array(by_mcid) = file.dereference(self.parents.get(&key)?).ok()?.1 else {
            return None;
        };
        let content = Content::decode(&file.get_page_content(page)).ok()?;
        let (mcid, _) = text_origins(&content.operations)
            .into_iter()
            .filter(|(_, (x, y))| *y < bottom && *x >= left - 1.0 && *x <= right)
            .max_by(|(_, (_, a)), (_, (_, b))| a.total_cmp(b))?;
        let element = by_mcid
            .get(usize::try_from(mcid).ok()?)?
            .as_reference()
            .ok()?;
        let parent = file
            .get_dictionary(element)
            .ok()?
            .get(b"P")
            .ok()?
            .as_reference()
            .ok()?;
        let index = match file.get_dictionary(parent).ok()?.get(b"K").ok()? {
            Object::Array(kids) => kids
                .iter()
                .position(|k| k.as_reference().ok() == Some(element))?,
            _ => 0,
        };
        Some((parent, index))
    }
}

/// Collects the entries of a number tree (at most 32 levels deep) into `out`.
fn collect_numbers(
    file: &lopdf::Document,
    node: &Object,
    out: &mut BTreeMap<i64, Object>,
    depth: usize,
) -> Result<(), String> {
    if depth > 32 {
        return Err("de ouderboom van de structuur is te diep".into());
    }
    let (_, node) = file
        .dereference(node)
        .map_err(|e| format!("ouderboom niet te lezen: {e}"))?;
    let Object::Dictionary(dict) = node else {
        return Err("de ouderboom van de structuur is geen woordenboek".into());
    };
    if let Ok(Object::Array(nums)) = dict.get(b"Nums") {
        for pair in nums.chunks(2) {
            if let [Object::Integer(key), value] = pair {
                out.insert(*key, value.clone());
            }
        }
    }
    if let Ok(Object::Array(kids)) = dict.get(b"Kids") {
        for kid in kids {
            collect_numbers(file, kid, out, depth + 1)?;
        }
    }
    Ok(())
}

/// For every marked-content id on a page, where its first text starts, in PDF points from
/// the page's bottom-left corner (the page's content stream, not its form XObjects).
fn text_origins(operations: &[lopdf::content::Operation]) -> BTreeMap<i64, (f64, f64)> {
    type Matrix = [f64; 6];
    fn times(a: &Matrix, b: &Matrix) -> Matrix {
        [
            a[0] * b[0] + a[1] * b[2],
            a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4],
            a[4] * b[1] + a[5] * b[3] + b[5],
        ]
    }
    const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let numbers = |operands: &[Object]| -> Option<Vec<f64>> {
        operands
            .iter()
            .map(|o| o.as_float().ok().map(f64::from))
            .collect()
    };
    let mut origins = BTreeMap::new();
    let mut ctm = IDENTITY;
    let mut saved = Vec::new();
    // Innermost marked content first: its MCID, if it has one.
    let mut marked: Vec<Option<i64>> = Vec::new();
    let (mut line, mut text) = (IDENTITY, IDENTITY);
    let mut leading = 0.0;
    for op in operations {
        match op.operator.as_str() {
            "q" => saved.push(ctm),
            "Q" => ctm = saved.pop().unwrap_or(IDENTITY),
            "cm" => {
                if let Some(&[a, b, c, d, e, f]) = numbers(&op.operands).as_deref() {
                    ctm = times(&[a, b, c, d, e, f], &ctm);
                }
            }
            "BDC" | "BMC" => {
                let mcid = op.operands.get(1).and_then(|p| match p {
                    Object::Dictionary(d) => d.get(b"MCID").and_then(Object::as_i64).ok(),
                    _ => None,
                });
                marked.push(mcid);
            }
            "EMC" => {
                marked.pop();
            }
            "BT" => (line, text) = (IDENTITY, IDENTITY),
            "Tm" => {
                if let Some(&[a, b, c, d, e, f]) = numbers(&op.operands).as_deref() {
                    line = [a, b, c, d, e, f];
                    text = line;
                }
            }
            "Td" | "TD" => {
                if let Some(&[tx, ty]) = numbers(&op.operands).as_deref() {
                    if op.operator == "TD" {
                        leading = -ty;
                    }
                    line = times(&[1.0, 0.0, 0.0, 1.0, tx, ty], &line);
                    text = line;
                }
            }
            "TL" => {
                if let Some(&[l]) = numbers(&op.operands).as_deref() {
                    leading = l;
                }
            }
            "T*" | "'" | "\"" => {
                line = times(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &line);
                text = line;
            }
            _ => {}
        }
        if matches!(op.operator.as_str(), "Tj" | "TJ" | "'" | "\"")
            && let Some(mcid) = marked.iter().rev().find_map(|m| *m)
        {
            let at = times(&text, &ctm);
            origins.entry(mcid).or_insert((at[4], at[5]));
        }
    }
    origins
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::content::Operation;

    fn op(operator: &str, operands: Vec<Object>) -> Operation {
        Operation::new(operator, operands)
    }

    #[test]
    fn text_origins_follow_the_transformations() {
        let mut props = Dictionary::new();
        props.set("MCID", 3);
        let ops = vec![
            // Typst flips the page: y grows downwards from the top of an A4 page.
            op(
                "cm",
                vec![
                    1.into(),
                    0.into(),
                    0.into(),
                    (-1).into(),
                    0.into(),
                    842.into(),
                ],
            ),
            op("q", vec![]),
            op(
                "cm",
                vec![
                    1.into(),
                    0.into(),
                    0.into(),
                    1.into(),
                    70.into(),
                    500.into(),
                ],
            ),
            op(
                "BDC",
                vec![Object::Name(b"P".to_vec()), Object::Dictionary(props)],
            ),
            op("BT", vec![]),
            op(
                "Tm",
                vec![
                    1.into(),
                    0.into(),
                    0.into(),
                    (-1).into(),
                    4.into(),
                    10.into(),
                ],
            ),
            op("TJ", vec![Object::Array(vec![])]),
            op("Td", vec![0.into(), 20.into()]),
            op("TJ", vec![Object::Array(vec![])]),
            op("ET", vec![]),
            op("EMC", vec![]),
            op("Q", vec![]),
            // Unmarked text is not recorded.
            op("BT", vec![]),
            op("TJ", vec![Object::Array(vec![])]),
            op("ET", vec![]),
        ];
        let origins = text_origins(&ops);
        assert_eq!(origins.len(), 1);
        // x: 70 + 4; y: 842 - (500 + 10), the first text only.
        assert_eq!(origins[&3], (74.0, 332.0));
    }

    #[test]
    fn tooltips_are_one_line_of_visible_text() {
        assert_eq!(
            plain(" Handtekening\u{7} van\n\tJan  "),
            "Handtekening van Jan"
        );
    }
}
