//! Content templates: Markdown with Jinja placeholders, rendered by minijinja.
//!
//! Every value inserted with `{{ ... }}` is escaped for Markdown on the way out (all ASCII
//! punctuation gets a backslash, line breaks become spaces), so a name like `*Gezond* | Wel`
//! or `{{ 7*7 }}` from a spreadsheet stays literal text and can never change the structure
//! of the document. Filters format values the Dutch way:
//!
//! | filter | example |
//! | --- | --- |
//! | `euro` | `€ 1.234,56`, `€ -12,00` |
//! | `getal` | `123.532`, `7,5` |
//! | `procent` | `2,5%` |
//! | `datum` | `15 november 2026` (from `2026-11-15`) |
//! | `opsomming` | `Ede, Rhenen en Veenendaal` |
//! | `bedragen` | a list of amounts as table cells: `€ 1,00 \| € 2,00` |
//! | `cellen` | a list of values as table cells: `2027 \| 2028` |
//! | `waarden` | a list of values as exact decimals for a chart: `1234.5 \| 0 \| -2` |
//! | `herhaal(n)` | a template string repeated as `n` cells: `"--:"\|herhaal(3)` → `--:\|--:\|--:` |
//!
//! Comments are written `{## ... ##}` (not Jinja's usual `{# ... #}`, because `{#anker}`
//! names a heading in the Markdown).
//!
//! Note on whitespace: block tags (`{% ... %}`) swallow the line break that follows them
//! (`trim_blocks`) and the indentation before them (`lstrip_blocks`), so a `{% for %}` on
//! its own line leaves no empty line. Build table rows with `bedragen` and `cellen` rather
//! than loops inside a row.
//!
//! The built-in templates are embedded in the binary; a project folder's own
//! `templates/NAME.md` overrides the built-in one of the same name.
//!
//! ```
//! use regiodocs::template::Templates;
//! let t = Templates::builtin();
//! let out = t.render_str("t.md", "Bedrag: {{ b|euro }}, naam: {{ n }}",
//!     &serde_json::json!({"b": "1234.5", "n": "*Gezond* | Wel"})).unwrap();
//! assert_eq!(out, r"Bedrag: € 1\.234\,50, naam: \*Gezond\* \| Wel");
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::NaiveDate;
use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior};
use rust_decimal::Decimal;
use serde::Serialize;

/// The built-in templates: (file name, source).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "overeenkomst.md",
        include_str!("../templates/overeenkomst.md"),
    ),
    ("opdracht.md", include_str!("../templates/opdracht.md")),
    ("plan.md", include_str!("../templates/plan.md")),
    ("begroting.md", include_str!("../templates/begroting.md")),
    ("macros.md", include_str!("../templates/macros.md")),
    ("theme.typ", include_str!("../templates/theme.typ")),
];

/// A template problem, with the template file and line when known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(", regel {l}")).unwrap_or_default())]
pub struct TemplateError {
    /// The template file, e.g. `overeenkomst.md` (or the project's override path).
    pub file: String,
    /// The 1-based line, when known.
    pub line: Option<usize>,
    /// What went wrong, in Dutch where we wrote it, minijinja's words otherwise.
    pub message: String,
}

/// The set of templates of one run: built-in ones, overridden by a project's own.
pub struct Templates {
    env: Environment<'static>,
    /// Template name → where it came from (`ingebouwd` or a path), for messages and manifests.
    sources: BTreeMap<String, String>,
    /// Template name → its source text, for hashing in manifests.
    texts: BTreeMap<String, String>,
}

impl Templates {
    /// Only the built-in templates.
    pub fn builtin() -> Templates {
        Templates::with_overrides(None).unwrap_or_else(|_| Templates::empty())
    }

    fn empty() -> Templates {
        Templates {
            env: environment(),
            sources: BTreeMap::new(),
            texts: BTreeMap::new(),
        }
    }

    /// The built-in templates, each replaced by `dir/NAME` when that file exists.
    pub fn with_overrides(dir: Option<&Path>) -> Result<Templates, TemplateError> {
        let mut t = Templates::empty();
        for (name, builtin) in BUILTIN {
            let path: Option<PathBuf> = dir.map(|d| d.join(name)).filter(|p| p.is_file());
            let (source, origin) = match &path {
                Some(p) => (
                    std::fs::read_to_string(p).map_err(|e| TemplateError {
                        file: p.display().to_string(),
                        line: None,
                        message: format!("kan de template niet lezen: {e}"),
                    })?,
                    p.display().to_string(),
                ),
                None => (builtin.to_string(), "ingebouwd".to_string()),
            };
            t.texts.insert(name.to_string(), source.clone());
            t.sources.insert(name.to_string(), origin.clone());
            if name.ends_with(".md") {
                t.env
                    .add_template_owned(name.to_string(), source)
                    .map_err(|e| {
                        to_error(&e, if origin == "ingebouwd" { name } else { &origin })
                    })?;
            }
        }
        Ok(t)
    }

    /// The source text of a template (e.g. `theme.typ`).
    pub fn text(&self, name: &str) -> Option<&str> {
        self.texts.get(name).map(String::as_str)
    }

    /// Where a template came from: `ingebouwd`, or the path of the project's own file.
    pub fn origin(&self, name: &str) -> &str {
        self.sources.get(name).map_or("ingebouwd", String::as_str)
    }

    /// Template name → source text, for hashing.
    pub fn texts(&self) -> &BTreeMap<String, String> {
        &self.texts
    }

    /// Renders a template with a serialisable context.
    pub fn render(&self, name: &str, ctx: &impl Serialize) -> Result<String, TemplateError> {
        let origin = self
            .sources
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string());
        let file = if origin == "ingebouwd" {
            name.to_string()
        } else {
            origin
        };
        let tmpl = self
            .env
            .get_template(name)
            .map_err(|e| to_error(&e, &file))?;
        tmpl.render(Value::from(minijinja::value::Serde(ctx)))
            .map_err(|e| to_error(&e, &file))
    }

    /// Renders a template given as a string (for tests and previews).
    pub fn render_str(
        &self,
        name: &str,
        source: &str,
        ctx: &impl Serialize,
    ) -> Result<String, TemplateError> {
        let mut env = environment();
        env.add_template_owned(name.to_string(), source.to_string())
            .map_err(|e| to_error(&e, name))?;
        let tmpl = env.get_template(name).map_err(|e| to_error(&e, name))?;
        tmpl.render(Value::from(minijinja::value::Serde(ctx)))
            .map_err(|e| to_error(&e, name))
    }
}

fn to_error(e: &Error, file: &str) -> TemplateError {
    let mut message = match e.kind() {
        ErrorKind::SyntaxError => "syntaxfout in de template".to_string(),
        ErrorKind::UndefinedError => "onbekende variabele of veld".to_string(),
        ErrorKind::UnknownFilter => "onbekend filter".to_string(),
        ErrorKind::UnknownFunction => "onbekende functie".to_string(),
        _ => "fout in de template".to_string(),
    };
    if let Some(detail) = e.detail() {
        message.push_str(": ");
        message.push_str(detail);
    }
    TemplateError {
        file: file.to_string(),
        line: e.line(),
        message,
    }
}

/// Escapes text for Markdown: every ASCII punctuation character gets a backslash (which
/// CommonMark always allows), line breaks become spaces.
///
/// ```
/// assert_eq!(regiodocs::template::escape_markdown("#1 [a](b)"), r"\#1 \[a\]\(b\)");
/// ```
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\r' => {}
            '\n' | '\t' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    env.set_auto_escape_callback(|_| AutoEscape::Custom("markdown".into()));
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        // `{#anker}` names a heading in the Markdown, so Jinja comments are `{## ... ##}`.
        .comment_delimiters("{##", "##}")
        .keep_trailing_newline(true)
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    env.set_formatter(|out, _state, value| {
        if value.is_undefined() || value.is_none() {
            return Ok(());
        }
        let text = value.to_string();
        if value.is_safe() {
            out.write_str(&text)
        } else {
            out.write_str(&escape_markdown(&text))
        }
        .map_err(|e| Error::new(ErrorKind::WriteFailure, e.to_string()))
    });
    env.add_filter("euro", |v: Value| -> Result<String, Error> {
        Ok(crate::nl::euro(decimal(&v)?))
    });
    env.add_filter("getal", |v: Value| -> Result<String, Error> {
        Ok(crate::nl::getal(decimal(&v)?))
    });
    env.add_filter("procent", |v: Value| -> Result<String, Error> {
        Ok(crate::nl::procent(decimal(&v)?))
    });
    env.add_filter("datum", |v: Value| -> Result<String, Error> {
        let s = v.to_string();
        NaiveDate::from_str(&s).map(crate::nl::datum).map_err(|_| {
            Error::new(
                ErrorKind::InvalidOperation,
                format!("‘{s}’ is geen datum (jjjj-mm-dd)"),
            )
        })
    });
    env.add_filter("bedragen", |v: Value| -> Result<Value, Error> {
        let cells: Vec<String> = v
            .try_iter()?
            .map(|i| decimal(&i).map(|d| escape_markdown(&crate::nl::euro(d))))
            .collect::<Result<_, _>>()?;
        Ok(Value::from_safe_string(cells.join(" | ")))
    });
    env.add_filter("cellen", |v: Value| -> Result<Value, Error> {
        let cells: Vec<String> = v
            .try_iter()?
            .map(|i| escape_markdown(&i.to_string()))
            .collect();
        Ok(Value::from_safe_string(cells.join(" | ")))
    });
    env.add_filter("waarden", |v: Value| -> Result<Value, Error> {
        let cells: Vec<String> = v
            .try_iter()?
            .map(|i| decimal(&i).map(|d| escape_markdown(&d.normalize().to_string())))
            .collect::<Result<_, _>>()?;
        Ok(Value::from_safe_string(cells.join(" | ")))
    });
    env.add_filter("herhaal", |v: String, n: usize| -> Value {
        Value::from_safe_string(vec![v; n.min(1000)].join("|"))
    });
    env.add_filter("opsomming", |v: Value| -> Result<String, Error> {
        let items: Vec<String> = v.try_iter()?.map(|i| i.to_string()).collect();
        Ok(crate::nl::opsomming(&items))
    });
    env
}

/// Reads a money or number value (a decimal string as serialised by the view, or a number).
fn decimal(v: &Value) -> Result<Decimal, Error> {
    let s = v.to_string();
    Decimal::from_str(&s)
        .or_else(|_| Decimal::from_scientific(&s))
        .map_err(|_| Error::new(ErrorKind::InvalidOperation, format!("‘{s}’ is geen getal")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_escaped_and_filters_format_dutch() {
        let t = Templates::builtin();
        let out = t
            .render_str(
                "x.md",
                "{{ a }}|{{ b|euro }}|{{ c|datum }}|{{ d|procent }}|{{ e|opsomming }}|{{ f }}",
                &json!({"a": "{{ 7*7 }} <b>", "b": "-12", "c": "2027-03-01", "d": "2.50", "e": ["x", "y"], "f": null}),
            )
            .unwrap();
        assert_eq!(
            out,
            r"\{\{ 7\*7 \}\} \<b\>|€ \-12\,00|1 maart 2027|2\,5\%|x en y|"
        );
    }

    #[test]
    fn chart_values_are_exact_decimals() {
        let t = Templates::builtin();
        let out = t
            .render_str(
                "x.md",
                "{{ v|waarden }}",
                &json!({"v": ["1234.50", "-2", "0.000", 7]}),
            )
            .unwrap();
        assert_eq!(out, r"1234\.5 | \-2 | 0 | 7");
        assert!(
            t.render_str("x.md", "{{ v|waarden }}", &json!({"v": ["x"]}))
                .is_err()
        );
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let t = Templates::builtin();
        let e = t
            .render_str("plan.md", "regel 1\n{{ onbekend.veld }}\n", &json!({}))
            .unwrap_err();
        assert_eq!(e.file, "plan.md");
        assert_eq!(e.line, Some(2));
        let e = t
            .render_str("plan.md", "a\nb\n{% if %}\n", &json!({}))
            .unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(
            e.to_string().starts_with("plan.md, regel 3: syntaxfout"),
            "{e}"
        );
    }
}
