//! The seed format, both ways: one TOML file per article. Here, its shapes, which serde reads
//! (unknown keys are errors) and writes (what is left out reads back as the same value: no
//! alias, `expected = false`, an exact figure), and the JSON Schema made from them; `text`
//! parsing a file's text into them and writing them as text; `skeleton` a new file's commented
//! template. Values
//! that later checks may reject keep their place in the file (`Spanned`), so an error can point
//! at the line and column.

pub mod skeleton;
mod text;

pub use text::{given, parse, parse_all, source_lines, strip_unknown_keys, to_toml, toml_string};

use schemars::JsonSchema;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::geo::Extent;

/// A whole seed file.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeedFile {
    pub source: SourceDef,
    #[serde(default)]
    #[schemars(with = "Vec<PersonDef>")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<Spanned<PersonDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<OrganisationDef>")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub organisations: Vec<Spanned<OrganisationDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<PlaceDef>")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<Spanned<PlaceDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<EventDef>")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Spanned<EventDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<FigureDef>")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<Spanned<FigureDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<QuoteDef>")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Spanned<QuoteDef>>,
}

/// `[source]`: the article itself.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceDef {
    /// Defaults to the seed file's name without `.toml`.
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Spanned<String>>,
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    #[schemars(with = "String")]
    pub publisher: Spanned<String>,
    /// `YYYY-MM-DD`.
    #[schemars(with = "String")]
    pub published: Spanned<String>,
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Spanned<String>>,
    /// The article's text, a file beside the seed file.
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Spanned<String>>,
}

/// `[[people]]`.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonDef {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Required from at least one article that lists the id; others may leave it out or give
    /// the same name (compared as lookups compare names: accents, case and punctuation aside).
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub aliases: Vec<Spanned<String>>,
    /// Its Wikidata item, for linking out: `"Q42"`. Articles that give one must agree.
    #[schemars(with = "Option<String>", regex(pattern = r"^Q[1-9][0-9]*$"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<Spanned<String>>,
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleDef>,
}

/// A person's role: `{ title = "Secretary General", organisation = "nato" }`.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleDef {
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation: Option<Spanned<String>>,
}

/// `[[organisations]]`.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganisationDef {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Required from at least one article that lists the id.
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub aliases: Vec<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<Spanned<String>>,
    /// Its Wikidata item, for linking out: `"Q42"`. Articles that give one must agree.
    #[schemars(with = "Option<String>", regex(pattern = r"^Q[1-9][0-9]*$"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<Spanned<String>>,
}

/// `[[places]]`.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceDef {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Required from at least one article that lists the id.
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub aliases: Vec<Spanned<String>>,
    /// The id of the place this one lies within (Zvečan within northern Kosovo): a report may
    /// then narrow an event's place from the larger one to this one.
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<Spanned<String>>,
    /// A point, with `longitude`: WGS 84 decimal degrees, -90 to 90 (north positive).
    #[schemars(with = "Option<f64>", range(min = -90, max = 90))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<Spanned<f64>>,
    /// A point, with `latitude`: WGS 84 decimal degrees, -180 to 180 (east positive).
    #[schemars(with = "Option<f64>", range(min = -180, max = 180))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<Spanned<f64>>,
    /// With a point: how far from it (km, more than 0) the place may be. Over 5 km the place
    /// is an area, not a point.
    #[schemars(with = "Option<f64>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub radius_km: Option<Spanned<f64>>,
    /// An area instead of a point: `[west, south, east, north]` in WGS 84 decimal degrees
    /// (a box crossing the antimeridian is not supported).
    #[schemars(with = "Option<[f64; 4]>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<Spanned<Vec<f64>>>,
    /// Its Wikidata item, for linking out: `"Q42"`. Articles that give one must agree.
    #[schemars(with = "Option<String>", regex(pattern = r"^Q[1-9][0-9]*$"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<Spanned<String>>,
    /// Its GeoNames id, for linking out. Articles that give one must agree.
    #[schemars(with = "Option<u64>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geonames: Option<Spanned<i64>>,
}

impl PlaceDef {
    /// The coordinates this listing gives, when they are all in range and give a point or a
    /// box but not both (the seed check reports anything else).
    pub fn extent(&self) -> Option<Extent> {
        let v = |x: &Option<Spanned<f64>>| x.as_ref().map(|x| *x.get_ref());
        let bbox = self.bbox.as_ref().map(|b| b.get_ref().as_slice());
        Extent::stated(
            v(&self.latitude),
            v(&self.longitude),
            v(&self.radius_km),
            bbox,
        )
        .ok()
        .flatten()
    }
}

/// `[[events]]`.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventDef {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// EDTF: `2023`, `2023-05`, `2023-05-29`, with `~ ? %`, intervals `A/B`, `A/..`, `../B`.
    /// Optional: without it, `date_text` is resolved against the publication date; a report of
    /// an event another article reports may give neither.
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Spanned<String>>,
    /// The article's own words for the date: "on Wednesday", "in May", "15 years ago".
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_text: Option<Spanned<String>>,
    /// Required from at least one article that reports the event; others may leave it out or
    /// repeat it (it must agree).
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Spanned<String>>,
    /// Required from at least one article that reports the event; others may leave it out or
    /// repeat it (it must agree).
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Spanned<String>>,
    /// Optional; articles that give one must agree.
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Spanned<String>>,
    /// Articles that give a place must agree, or one must lie within the other (the event then
    /// took place in the smaller one).
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<Spanned<String>>,
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<ParticipantDef>,
    /// A planned event, allowed to be dated after the article's publication.
    #[serde(default)]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[schemars(extend("default" = false))]
    pub expected: bool,
    /// This article's date may contradict other reports of the event: both dates are kept.
    #[serde(default)]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[schemars(extend("default" = false))]
    pub disputed: bool,
}

/// `{ id = "jens-stoltenberg", role = "host" }`: a person or an organisation.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantDef {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// `[[figures]]`.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FigureDef {
    #[schemars(with = "String")]
    pub event: Spanned<String>,
    #[schemars(with = "Option<Number>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Spanned<Number>>,
    #[schemars(with = "Option<Number>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low: Option<Spanned<Number>>,
    #[schemars(with = "Option<Number>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<Spanned<Number>>,
    #[serde(default)]
    #[serde(skip_serializing_if = "Qualifier::is_exact")]
    pub qualifier: Qualifier,
    #[schemars(with = "String")]
    pub unit: Spanned<String>,
    #[schemars(with = "String")]
    pub measure: Spanned<String>,
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claimed_by: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Spanned<String>>,
    /// An id for this figure within the article, for another figure's `part_of`.
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<Spanned<String>>,
    /// The `key` of a figure of the same article that this one is part of (11 Italian soldiers
    /// of 30 KFOR soldiers injured): the two are then no disagreement.
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_of: Option<Spanned<String>>,
}

/// `[[quotes]]`.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuoteDef {
    #[schemars(with = "String")]
    pub speaker: Spanned<String>,
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<Spanned<String>>,
    #[schemars(with = "String")]
    pub text: Spanned<String>,
}

/// How a figure's number is meant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    #[default]
    Exact,
    Approximately,
    AtLeast,
    AtMost,
}

impl Qualifier {
    /// The qualifier a stored figure names (`figures.qualifier` holds only these).
    pub fn named(name: &str) -> Option<Qualifier> {
        [
            Qualifier::Exact,
            Qualifier::Approximately,
            Qualifier::AtLeast,
            Qualifier::AtMost,
        ]
        .into_iter()
        .find(|q| q.as_str() == name)
    }

    /// The default, left out when a file is written.
    pub fn is_exact(&self) -> bool {
        *self == Qualifier::Exact
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approximately => "approximately",
            Qualifier::AtLeast => "at_least",
            Qualifier::AtMost => "at_most",
        }
    }
}

/// How much an article says there is: one `value`, or a range from `low` to `high`, with the
/// qualifier of its words ("about", "at least"). A checked figure has one or the other; the
/// seed check reports any other combination.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amount {
    pub value: Option<Number>,
    pub low: Option<Number>,
    pub high: Option<Number>,
    pub qualifier: Qualifier,
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

/// Written as it was read: an integer stays an integer, a float a float.
impl Serialize for Number {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Number::Int(i) => s.serialize_i64(i),
            Number::Float(f) => s.serialize_f64(f),
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
