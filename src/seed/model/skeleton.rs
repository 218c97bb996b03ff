//! The skeleton of a new seed file: the `[source]` table filled in from the command line and
//! every other table as commented examples. The `[source]` table is written by the format's
//! own writer ([`super::source_lines`]); the examples use only keys the format reads (a test holds them to
//! it). Pure: the caller writes the file.

use chrono::NaiveDate;

use super::{given, source_lines, SourceDef};

/// The seed file's name: the publication day and up to eight words of the title, as a slug
/// (`2023-07-20-serbia-and-kosovo-resume-talks.toml`).
pub fn file_name(published: NaiveDate, title: &str) -> String {
    let ascii = deunicode::deunicode(title).to_lowercase();
    let words: Vec<String> = ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(str::to_string)
        .collect();
    let mut stem = words.join("-");
    if stem.len() > 60 {
        stem.truncate(60);
        stem = stem.trim_end_matches('-').to_string();
    }
    if stem.is_empty() {
        format!("{}.toml", published.format("%Y-%m-%d"))
    } else {
        format!("{}-{stem}.toml", published.format("%Y-%m-%d"))
    }
}

/// The file's text.
pub fn skeleton(publisher: &str, published: NaiveDate, title: &str, url: Option<&str>) -> String {
    let day = published.format("%Y-%m-%d");
    // The table's values as the format writes them (the export writes them so too).
    let stated = source_lines(&SourceDef {
        id: None,
        title: given(title.to_string()),
        publisher: given(publisher.to_string()),
        published: given(day.to_string()),
        url: url.map(|u| given(u.to_string())),
        text: None,
    })
    .expect("a [source] table of strings serializes");
    let url = if url.is_some() {
        ""
    } else {
        "# url = \"https://...\"\n"
    };
    format!(
        r#"# {title} ({publisher}, {day}).
# One article: who did what and when, with which numbers, said by whom. Fill in what the article
# states, no more precisely than it states it, then run `annals check` and `annals seed`.
# The format, the date words annals resolves and every check: README.md, "The seed format" and
# "Adding an article"; the JSON Schema schema/seed.schema.json lets editors complete this file.

[source]
# id = "..."                      # optional: defaults to this file's name without .toml
{stated}{url}# text = "this-file-name.txt"   # optional: the article's text beside this file; quotes are checked against it

{LISTED}
{}"#,
        reports(&day.to_string())
    )
}

/// The skeleton's commented examples of people, organisations and places.
const LISTED: &str = r#"# People, organisations and places: ids are lowercase slugs, global across every seed file.
# An id another article lists may be listed again, with only what this article adds (aliases,
# roles) or repeats (the same name, as lookups compare names; the same kind and parent).

# [[people]]
# id = "jens-stoltenberg"
# name = "Jens Stoltenberg"
# aliases = ["Stoltenberg", "NATO chief"]
# roles = [{ title = "NATO chief", organisation = "nato" }]

# [[organisations]]
# id = "nato"
# name = "NATO"
# kind = "military alliance"
# parent = "..."                  # optional: an organisation id

# [[places]]
# id = "zvecan"
# name = "Zvečan"
# within = "northern-kosovo"      # optional: the place it lies within
"#;

/// The skeleton's commented examples of an event, a figure and a quote, dated `day`.
fn reports(day: &str) -> String {
    format!(
        r#"# Events. Some article must give each event a kind, a title and a date: `date` (EDTF: 2023,
# 2023-05, 2023-05-29, 2023-05/.., 2023-01-19/2023-07-19), or only `date_text` in words annals
# resolves against the publication day ("on Wednesday", "in May", "late May", "15 years ago").
# To report an event another article lists, older or newer, give its id and what this article
# says of it (a date, a place within the other's, participants); what it repeats must agree.

# [[events]]
# id = "{day}-what-happened"
# date_text = "on Wednesday"
# kind = "meeting"
# title = "..."
# summary = "..."
# place = "brussels"
# participants = [{{ id = "jens-stoltenberg", role = "host" }}]
# expected = true                 # only for a planned event dated after publication
# disputed = true                 # only when this article's date contradicts another report's

# [[figures]]
# event = "{day}-what-happened"
# value = 93                      # or low = ..., high = ...
# qualifier = "exact"             # exact | approximately | at_least | at_most
# unit = "people"
# measure = "injured"
# about = "kfor"                  # optional: whose number (a person or organisation id)
# claimed_by = "jens-stoltenberg" # optional: who said it
# text = "93 people were injured"
# key = "injured"                 # optional: for another figure's part_of = "injured"

# [[quotes]]
# speaker = "jens-stoltenberg"
# event = "{day}-what-happened"
# text = "verbatim, as the article prints it"
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_files_from_date_and_title() {
        let d = NaiveDate::from_ymd_opt(2023, 7, 20).unwrap();
        assert_eq!(
            file_name(d, "Vučić: Serbia won't recognise Kosovo, \"ever\""),
            "2023-07-20-vucic-serbia-won-t-recognise-kosovo-ever.toml"
        );
        assert_eq!(file_name(d, "!!!"), "2023-07-20.toml");
    }

    #[test]
    fn the_skeleton_parses_with_the_fields_given() {
        let d = NaiveDate::from_ymd_opt(2023, 7, 20).unwrap();
        let text = skeleton("A \"News\"", d, "Talks", Some("https://x.example/a"));
        let file = crate::seed::model::parse(std::path::Path::new("x.toml"), &text).unwrap();
        assert_eq!(file.source.publisher.get_ref(), "A \"News\"");
        assert_eq!(file.source.url.unwrap().get_ref(), "https://x.example/a");
        assert!(file.events.is_empty());
    }

    /// Every example the skeleton comments out is in the format: uncommented, the file reads
    /// with no unknown key.
    #[test]
    fn the_examples_use_only_the_formats_keys() {
        let d = NaiveDate::from_ymd_opt(2023, 7, 20).unwrap();
        for url in [None, Some("https://x.example/a")] {
            let text = skeleton("P", d, "T", url);
            fn example(l: &str) -> Option<&str> {
                let rest = l.strip_prefix("# ")?;
                let key = rest.split(" = ").next()?;
                let is_key = key.chars().all(|c| c.is_ascii_lowercase() || c == '_');
                (rest.starts_with("[[") || (is_key && rest.contains(" = "))).then_some(rest)
            }
            let uncommented: Vec<&str> = text.lines().map(|l| example(l).unwrap_or(l)).collect();
            let uncommented = uncommented.join("\n");
            let (file, unknown) =
                crate::seed::model::parse_all(std::path::Path::new("x.toml"), &uncommented)
                    .unwrap();
            assert!(unknown.is_empty(), "{unknown:?}");
            assert_eq!(file.people.len(), 1);
            assert_eq!(file.quotes.len(), 1);
        }
    }
}
