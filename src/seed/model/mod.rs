//! The seed format, both ways: one TOML file per article. Here, the shapes serde reads (unknown
//! keys are errors), parsing a file's text, and the JSON Schema; `out` the shapes written (by the
//! export, and for a new file's `[source]`); `skeleton` a new file's commented template. Values
//! that later checks may reject keep their place in the file (`Spanned`), so an error can point
//! at the line and column.

pub mod out;
pub mod skeleton;

use std::path::Path;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use toml::Spanned;

use super::error::SeedError;

/// A whole seed file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeedFile {
    pub source: SourceDef,
    #[serde(default)]
    #[schemars(with = "Vec<PersonDef>")]
    pub people: Vec<Spanned<PersonDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<OrganisationDef>")]
    pub organisations: Vec<Spanned<OrganisationDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<PlaceDef>")]
    pub places: Vec<Spanned<PlaceDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<EventDef>")]
    pub events: Vec<Spanned<EventDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<FigureDef>")]
    pub figures: Vec<Spanned<FigureDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<QuoteDef>")]
    pub quotes: Vec<Spanned<QuoteDef>>,
}

/// `[source]`: the article itself.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceDef {
    /// Defaults to the seed file's name without `.toml`.
    #[schemars(with = "Option<String>")]
    pub id: Option<Spanned<String>>,
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    #[schemars(with = "String")]
    pub publisher: Spanned<String>,
    /// `YYYY-MM-DD`.
    #[schemars(with = "String")]
    pub published: Spanned<String>,
    #[schemars(with = "Option<String>")]
    pub url: Option<Spanned<String>>,
    /// The article's text, a file beside the seed file.
    #[schemars(with = "Option<String>")]
    pub text: Option<Spanned<String>>,
}

/// `[[people]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonDef {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Required from at least one article that lists the id; others may leave it out or give
    /// the same name (compared as lookups compare names: accents, case and punctuation aside).
    #[schemars(with = "Option<String>")]
    pub name: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub aliases: Vec<Spanned<String>>,
    #[serde(default)]
    pub roles: Vec<RoleDef>,
}

/// A person's role: `{ title = "Secretary General", organisation = "nato" }`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleDef {
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    #[schemars(with = "Option<String>")]
    pub organisation: Option<Spanned<String>>,
}

/// `[[organisations]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganisationDef {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Required from at least one article that lists the id.
    #[schemars(with = "Option<String>")]
    pub name: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub aliases: Vec<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pub kind: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pub parent: Option<Spanned<String>>,
}

/// `[[places]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceDef {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Required from at least one article that lists the id.
    #[schemars(with = "Option<String>")]
    pub name: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub aliases: Vec<Spanned<String>>,
    /// The id of the place this one lies within (Zvečan within northern Kosovo): a report may
    /// then narrow an event's place from the larger one to this one.
    #[schemars(with = "Option<String>")]
    pub within: Option<Spanned<String>>,
}

/// `[[events]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventDef {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// EDTF: `2023`, `2023-05`, `2023-05-29`, with `~ ? %`, intervals `A/B`, `A/..`, `../B`.
    /// Optional: without it, `date_text` is resolved against the publication date; a report of
    /// an event another article defines may give neither.
    #[schemars(with = "Option<String>")]
    pub date: Option<Spanned<String>>,
    /// The article's own words for the date: "on Wednesday", "in May", "15 years ago".
    #[schemars(with = "Option<String>")]
    pub date_text: Option<Spanned<String>>,
    /// Required from at least one article that reports the event; others may leave it out or
    /// repeat it (it must agree).
    #[schemars(with = "Option<String>")]
    pub kind: Option<Spanned<String>>,
    /// Required from at least one article that reports the event; others may leave it out or
    /// repeat it (it must agree).
    #[schemars(with = "Option<String>")]
    pub title: Option<Spanned<String>>,
    /// Optional; articles that give one must agree.
    #[schemars(with = "Option<String>")]
    pub summary: Option<Spanned<String>>,
    /// Articles that give a place must agree, or one must lie within the other (the event then
    /// took place in the smaller one).
    #[schemars(with = "Option<String>")]
    pub place: Option<Spanned<String>>,
    #[serde(default)]
    pub participants: Vec<ParticipantDef>,
    /// A planned event, allowed to be dated after the article's publication.
    #[serde(default)]
    pub expected: bool,
    /// This article's date may contradict other reports of the event: both dates are kept.
    #[serde(default)]
    pub disputed: bool,
}

/// `{ id = "jens-stoltenberg", role = "host" }`: a person or an organisation.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantDef {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub role: Option<String>,
}

/// `[[figures]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FigureDef {
    #[schemars(with = "String")]
    pub event: Spanned<String>,
    #[schemars(with = "Option<Number>")]
    pub value: Option<Spanned<Number>>,
    #[schemars(with = "Option<Number>")]
    pub low: Option<Spanned<Number>>,
    #[schemars(with = "Option<Number>")]
    pub high: Option<Spanned<Number>>,
    #[serde(default)]
    pub qualifier: Qualifier,
    #[schemars(with = "String")]
    pub unit: Spanned<String>,
    #[schemars(with = "String")]
    pub measure: Spanned<String>,
    #[schemars(with = "Option<String>")]
    pub about: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pub claimed_by: Option<Spanned<String>>,
    pub text: Option<String>,
    /// An id for this figure within the article, for another figure's `part_of`.
    #[schemars(with = "Option<String>")]
    pub key: Option<Spanned<String>>,
    /// The `key` of a figure of the same article that this one is part of (11 Italian soldiers
    /// of 30 KFOR soldiers injured): the two are then no disagreement.
    #[schemars(with = "Option<String>")]
    pub part_of: Option<Spanned<String>>,
}

/// `[[quotes]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuoteDef {
    #[schemars(with = "String")]
    pub speaker: Spanned<String>,
    #[schemars(with = "Option<String>")]
    pub event: Option<Spanned<String>>,
    #[schemars(with = "String")]
    pub text: Spanned<String>,
}

/// How a figure's number is meant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    #[default]
    Exact,
    Approximately,
    AtLeast,
    AtMost,
}

impl Qualifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approximately => "approximately",
            Qualifier::AtLeast => "at_least",
            Qualifier::AtMost => "at_most",
        }
    }
}

/// A figure's number: TOML integer or float, kept as written.
#[derive(Debug, Clone, Copy, PartialEq, JsonSchema)]
#[schemars(with = "f64")]
pub enum Number {
    Int(i64),
    Float(f64),
}

impl Number {
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }
}

impl rusqlite::ToSql for Number {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(match *self {
            Number::Int(i) => i.into(),
            Number::Float(f) => f.into(),
        })
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NumberVisitor;
        impl Visitor<'_> for NumberVisitor {
            type Value = Number;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
                i64::try_from(v)
                    .map(Number::Int)
                    .map_err(|_| E::custom("number too large"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
                if v.is_finite() {
                    Ok(Number::Float(v))
                } else {
                    Err(E::custom("a figure must be a finite number"))
                }
            }
        }
        d.deserialize_any(NumberVisitor)
    }
}

/// The JSON Schema of a seed file, generated from these types; committed at
/// `schema/seed.schema.json` for editors (taplo, VS Code's Even Better TOML).
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(SeedFile);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    text
}

/// The keys each table of the format may have, for reporting every unknown key of a file at
/// once (serde stops at the first); a test keeps them equal to the types above.
const KEYS: [(&str, &[&str]); 10] = [
    (
        "",
        &[
            "source",
            "people",
            "organisations",
            "places",
            "events",
            "figures",
            "quotes",
        ],
    ),
    (
        "source",
        &["id", "title", "publisher", "published", "url", "text"],
    ),
    ("people", &["id", "name", "aliases", "roles"]),
    ("people.roles", &["title", "organisation"]),
    (
        "organisations",
        &["id", "name", "aliases", "kind", "parent"],
    ),
    ("places", &["id", "name", "aliases", "within"]),
    (
        "events",
        &[
            "id",
            "date",
            "date_text",
            "kind",
            "title",
            "summary",
            "place",
            "participants",
            "expected",
            "disputed",
        ],
    ),
    ("events.participants", &["id", "role"]),
    (
        "figures",
        &[
            "event",
            "value",
            "low",
            "high",
            "qualifier",
            "unit",
            "measure",
            "about",
            "claimed_by",
            "text",
            "key",
            "part_of",
        ],
    ),
    ("quotes", &["speaker", "event", "text"]),
];

fn keys_of(table: &str) -> &'static [&'static str] {
    KEYS.iter()
        .find(|(name, _)| *name == table)
        .map_or(&[], |(_, keys)| keys)
}

/// Remove from a parsed document every key the format does not have, returning each with its
/// place (a byte range) and a message, so that the rest of the file is still read and checked.
pub fn strip_unknown_keys(
    doc: &mut toml::de::DeTable<'_>,
) -> Vec<(std::ops::Range<usize>, String)> {
    let mut found = Vec::new();
    strip(doc, "", &mut found);
    found.sort_by_key(|(span, _)| span.start);
    found
}

fn strip(
    table: &mut toml::de::DeTable<'_>,
    name: &str,
    found: &mut Vec<(std::ops::Range<usize>, String)>,
) {
    use toml::de::DeValue;
    let allowed = keys_of(name);
    for (key, value) in std::mem::take(table) {
        if allowed.contains(&key.get_ref().as_ref()) {
            table.insert(key, value);
            continue;
        }
        let expected: Vec<String> = allowed.iter().map(|k| format!("`{k}`")).collect();
        let place = if name.is_empty() {
            "at the top of the file".to_string()
        } else {
            format!("in `{name}`")
        };
        found.push((
            key.span(),
            format!(
                "unknown field `{}` {place}, expected one of {}",
                key.get_ref(),
                expected.join(", ")
            ),
        ));
    }
    for (key, value) in table.iter_mut() {
        let child = if name.is_empty() {
            key.get_ref().to_string()
        } else {
            format!("{name}.{}", key.get_ref())
        };
        if keys_of(&child).is_empty() {
            continue;
        }
        match value.get_mut() {
            DeValue::Table(t) => strip(t, &child, found),
            DeValue::Array(items) => {
                for item in items.iter_mut() {
                    if let DeValue::Table(t) = item.get_mut() {
                        strip(t, &child, found);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Parse a seed file's text, or give its first problem. Pure: the path is only for messages.
pub fn parse(path: &Path, text: &str) -> Result<SeedFile, SeedError> {
    match parse_all(path, text) {
        Ok((file, unknown)) if unknown.is_empty() => Ok(file),
        Ok((_, mut errors)) | Err(mut errors) => Err(errors.remove(0)),
    }
}

/// Parse a seed file's text: the file and the unknown keys found in it, which are left out so
/// that the rest of the file is still read and checked (they are errors all the same). `Err`
/// when the file cannot be read as the format at all (syntax, a wrong type, a missing field),
/// with every unknown key as well. Pure: the path is only for messages.
pub fn parse_all(path: &Path, text: &str) -> Result<(SeedFile, Vec<SeedError>), Vec<SeedError>> {
    if text.trim().is_empty() {
        return Err(vec![SeedError::file(
            path,
            "the file is empty: a seed file needs a [source] table",
        )]);
    }
    let error = |e: toml::de::Error| {
        let message = e.message().trim_end().to_string();
        match e.span() {
            Some(span) => SeedError::at(path, text, span, message),
            None => SeedError::file(path, message),
        }
    };
    let mut doc = toml::de::DeTable::parse(text).map_err(|e| vec![error(e)])?;
    let unknown: Vec<SeedError> = strip_unknown_keys(doc.get_mut())
        .into_iter()
        .map(|(span, message)| SeedError::at(path, text, span, message))
        .collect();
    match SeedFile::deserialize(toml::de::Deserializer::from(doc)) {
        Ok(file) => Ok((file, unknown)),
        Err(e) => {
            let mut all = unknown;
            all.push(error(e));
            all.sort_by_key(|e| (e.line, e.column));
            Err(all)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key lists are the types' fields, as the JSON Schema generated from them names them.
    #[test]
    fn the_key_lists_match_the_types() {
        let schema: serde_json::Value = serde_json::from_str(&json_schema()).unwrap();
        let props = |v: &serde_json::Value| -> Vec<String> {
            let mut keys: Vec<String> = v["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            keys.sort();
            keys
        };
        let defs = &schema["$defs"];
        for (table, def) in [
            ("", &schema),
            ("source", &defs["SourceDef"]),
            ("people", &defs["PersonDef"]),
            ("people.roles", &defs["RoleDef"]),
            ("organisations", &defs["OrganisationDef"]),
            ("places", &defs["PlaceDef"]),
            ("events", &defs["EventDef"]),
            ("events.participants", &defs["ParticipantDef"]),
            ("figures", &defs["FigureDef"]),
            ("quotes", &defs["QuoteDef"]),
        ] {
            let mut listed: Vec<String> = keys_of(table).iter().map(|k| k.to_string()).collect();
            listed.sort();
            assert_eq!(listed, props(def), "{table:?}");
        }
    }
}
