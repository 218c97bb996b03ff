//! The seed format: one TOML file per article, as the shapes serde reads. Unknown keys are errors.
//! Values that later checks may reject keep their place in the file (`Spanned`), so an error can
//! point at the line and column.

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use toml::Spanned;

/// A whole seed file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedFile {
    pub source: SourceDef,
    #[serde(default)]
    pub people: Vec<Spanned<PersonDef>>,
    #[serde(default)]
    pub organisations: Vec<Spanned<OrganisationDef>>,
    #[serde(default)]
    pub places: Vec<Spanned<PlaceDef>>,
    #[serde(default)]
    pub events: Vec<Spanned<EventDef>>,
    #[serde(default)]
    pub figures: Vec<Spanned<FigureDef>>,
    #[serde(default)]
    pub quotes: Vec<Spanned<QuoteDef>>,
}

/// `[source]`: the article itself.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDef {
    /// Defaults to the seed file's name without `.toml`.
    pub id: Option<Spanned<String>>,
    pub title: Spanned<String>,
    pub publisher: Spanned<String>,
    /// `YYYY-MM-DD`.
    pub published: Spanned<String>,
    pub url: Option<Spanned<String>>,
    /// The article's text, a file beside the seed file.
    pub text: Option<Spanned<String>>,
}

/// `[[people]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonDef {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    #[serde(default)]
    pub roles: Vec<RoleDef>,
}

/// A person's role: `{ title = "Secretary General", organisation = "nato" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleDef {
    pub title: Spanned<String>,
    pub organisation: Option<Spanned<String>>,
}

/// `[[organisations]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationDef {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub kind: Option<String>,
    pub parent: Option<Spanned<String>>,
}

/// `[[places]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceDef {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
}

/// `[[events]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventDef {
    pub id: Spanned<String>,
    /// EDTF: `2023`, `2023-05`, `2023-05-29`, with `~ ? %`, intervals `A/B`, `A/..`, `../B`.
    pub date: Spanned<String>,
    /// The article's own words for the date.
    pub date_text: Option<String>,
    pub kind: Spanned<String>,
    pub title: Spanned<String>,
    pub summary: Option<String>,
    pub place: Option<Spanned<String>>,
    #[serde(default)]
    pub participants: Vec<ParticipantDef>,
    /// A planned event, allowed to be dated after the article's publication.
    #[serde(default)]
    pub expected: bool,
}

/// `{ id = "jens-stoltenberg", role = "host" }`: a person or an organisation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantDef {
    pub id: Spanned<String>,
    pub role: Option<String>,
}

/// `[[figures]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureDef {
    pub event: Spanned<String>,
    pub value: Option<Spanned<Number>>,
    pub low: Option<Spanned<Number>>,
    pub high: Option<Spanned<Number>>,
    #[serde(default)]
    pub qualifier: Qualifier,
    pub unit: Spanned<String>,
    pub measure: Spanned<String>,
    pub about: Option<Spanned<String>>,
    pub claimed_by: Option<Spanned<String>>,
    pub text: Option<String>,
}

/// `[[quotes]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteDef {
    pub speaker: Spanned<String>,
    pub event: Option<Spanned<String>>,
    pub text: Spanned<String>,
}

/// How a figure's number is meant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq)]
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
