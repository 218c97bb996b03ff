//! A seed file's text: parsing it into the format's shapes, with every key the format does not
//! have set aside and reported, so that the rest of the file is still read and checked; and
//! writing the shapes back as text.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{SeedFile, SourceDef};
use crate::seed::error::SeedError;

/// A value made rather than read: it has no place in a file.
pub fn given<T>(value: T) -> Spanned<T> {
    Spanned::new(0..0, value)
}

/// A TOML basic string holding `s`, quoted and escaped, for a line written by hand beside the
/// format's own writer (a draft's lines with their review comments).
pub fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A seed file's text.
pub fn to_toml(file: &SeedFile) -> anyhow::Result<String> {
    Ok(toml::to_string_pretty(file)?)
}

/// The `[source]` table's lines alone, without its header.
pub fn source_lines(source: &SourceDef) -> anyhow::Result<String> {
    Ok(toml::to_string(source)?)
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
    ("people", &["id", "name", "aliases", "wikidata", "roles"]),
    ("people.roles", &["title", "organisation"]),
    (
        "organisations",
        &["id", "name", "aliases", "kind", "parent", "wikidata"],
    ),
    (
        "places",
        &[
            "id",
            "name",
            "aliases",
            "within",
            "latitude",
            "longitude",
            "radius_km",
            "bbox",
            "wikidata",
            "geonames",
        ],
    ),
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
    use crate::seed::model::json_schema;

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

    #[test]
    fn numbers_keep_their_type() {
        #[derive(serde::Serialize)]
        struct T {
            a: crate::seed::model::Number,
            b: crate::seed::model::Number,
        }
        let t = toml::to_string(&T {
            a: crate::seed::model::Number::Int(500),
            b: crate::seed::model::Number::Float(500.0),
        })
        .unwrap();
        assert_eq!(t, "a = 500\nb = 500.0\n");
    }
}
