//! The seed format as it is written: the shapes of a seed file that the export fills from the
//! record and that `annals new` starts from, serialized to TOML. They mirror the shapes read in
//! [`super`]; a value left out is not written, so what is written reads back as the same value.

use anyhow::Result;
use serde::Serialize;

/// A whole seed file.
#[derive(Debug, Serialize)]
pub struct FileOut {
    pub source: SourceOut,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<PersonOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub organisations: Vec<OrganisationOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<PlaceOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EventOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<FigureOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<QuoteOut>,
}

#[derive(Debug, Serialize)]
pub struct SourceOut {
    /// Left out of a new file, whose id is its file name's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub title: String,
    pub publisher: String,
    pub published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PersonOut {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleOut>,
}

#[derive(Debug, Serialize)]
pub struct RoleOut {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct OrganisationOut {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PlaceOut {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct EventOut {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub expected: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub disputed: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<ParticipantOut>,
}

#[derive(Debug, Serialize)]
pub struct ParticipantOut {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// A figure's number as stored: an integer stays an integer, a real a real.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(untagged)]
pub enum NumberOut {
    Int(i64),
    Real(f64),
}

#[derive(Debug, Serialize)]
pub struct FigureOut {
    pub event: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<NumberOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low: Option<NumberOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<NumberOut>,
    #[serde(skip_serializing_if = "is_exact")]
    pub qualifier: String,
    pub unit: String,
    pub measure: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claimed_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
}

fn is_exact(q: &str) -> bool {
    q == "exact"
}

#[derive(Debug, Serialize)]
pub struct QuoteOut {
    pub speaker: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    pub text: String,
}

/// A seed file's text.
pub fn to_toml(file: &FileOut) -> Result<String> {
    Ok(toml::to_string_pretty(file)?)
}

/// The `[source]` table's lines alone, without its header.
pub fn source_lines(source: &SourceOut) -> Result<String> {
    Ok(toml::to_string(source)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_type() {
        #[derive(Serialize)]
        struct T {
            a: NumberOut,
            b: NumberOut,
        }
        let t = toml::to_string(&T {
            a: NumberOut::Int(500),
            b: NumberOut::Real(500.0),
        })
        .unwrap();
        assert_eq!(t, "a = 500\nb = 500.0\n");
    }
}
