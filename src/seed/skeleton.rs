//! The skeleton of a new seed file: the `[source]` table filled in from the command line and
//! every other table as commented examples. Pure: the caller writes the file.

use chrono::NaiveDate;

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
    let mut slug = words.join("-");
    if slug.len() > 60 {
        slug.truncate(60);
        slug = slug.trim_end_matches('-').to_string();
    }
    if slug.is_empty() {
        format!("{}.toml", published.format("%Y-%m-%d"))
    } else {
        format!("{}-{slug}.toml", published.format("%Y-%m-%d"))
    }
}

/// A TOML basic string holding `s`, quoted and escaped.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The file's text.
pub fn skeleton(publisher: &str, published: NaiveDate, title: &str, url: Option<&str>) -> String {
    let day = published.format("%Y-%m-%d");
    let url = match url {
        Some(u) => format!("url = {}\n", quoted(u)),
        None => "# url = \"https://...\"\n".to_string(),
    };
    format!(
        r#"# {title} ({publisher}, {day}).
# One article: who did what and when, with which numbers, said by whom. Fill in what the article
# states, no more precisely than it states it, then run `annals check` and `annals seed`.
# The format, the date words annals resolves and every check: README.md, "The seed format" and
# "Adding an article"; the JSON Schema schema/seed.schema.json lets editors complete this file.

[source]
# id = "..."                      # optional: defaults to this file's name without .toml
title = {title_q}
publisher = {publisher_q}
published = "{day}"
{url}# text = "this-file-name.txt"   # optional: the article's text beside this file; quotes are checked against it

# People, organisations and places: ids are lowercase slugs, global across every seed file.
# An id another article lists may be listed again, with only what this article adds (aliases,
# roles) or repeats (the same name, as lookups compare names; the same kind and parent).

# [[people]]
# id = "jens-stoltenberg"
# name = "Jens Stoltenberg"
# aliases = ["Stoltenberg", "NATO chief"]
# roles = [{{ title = "NATO chief", organisation = "nato" }}]

# [[organisations]]
# id = "nato"
# name = "NATO"
# kind = "military alliance"
# parent = "..."                  # optional: an organisation id

# [[places]]
# id = "zvecan"
# name = "Zvečan"
# within = "northern-kosovo"      # optional: the place it lies within

# Events. Some article must give each event a kind, a title and a date: `date` (EDTF: 2023,
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
"#,
        title_q = quoted(title),
        publisher_q = quoted(publisher),
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
}
