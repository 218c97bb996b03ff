//! Property tests: the seed parser and checker return errors, never panic, on any input —
//! arbitrary text, and the founding seed file mutated at random.

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::article::Parsed;
use super::check::check;
use super::error::SeedError;
use super::model::parse;
use super::stored::Known;

const FOUNDING: &str = include_str!("../../seed/2023-07-19-anews-nato-chief-serbia-dialogue.toml");
const FOUNDING_TEXT: &str =
    include_str!("../../seed/2023-07-19-anews-nato-chief-serbia-dialogue.txt");

/// Parse and check one file's text the way `annals seed` does (without the disk); Ok when it
/// parsed and checked. Every error must name the file and, when it has one, a place within it.
fn parse_and_check(text: &str) -> Result<(), Vec<SeedError>> {
    let path = Path::new("in/2023-07-19-case.toml");
    let file = parse(path, text).map_err(|e| vec![e])?;
    let parsed = Parsed {
        path: PathBuf::from(path),
        default_id: "2023-07-19-case".to_string(),
        text: text.to_string(),
        lines: crate::seed::error::LineStarts::of(text),
        body: file.source.text.as_ref().map(|_| FOUNDING_TEXT.to_string()),
        file,
        body_error: None,
        unknown_keys: Vec::new(),
        hash: String::new(),
    };
    check(vec![parsed], &Known::default(), &[]).map(|_| ())
}

fn assert_errors_are_placed(result: Result<(), Vec<SeedError>>, text: &str) {
    if let Err(errors) = result {
        assert!(!errors.is_empty());
        for e in errors {
            assert_eq!(e.file, Path::new("in/2023-07-19-case.toml"));
            if let Some(line) = e.line {
                assert!(line >= 1 && line <= text.lines().count().max(1) + 1, "{e}");
            }
            // Rendering an error never panics either.
            let _ = e.to_string();
        }
    }
}

/// One edit to a text: delete a range, insert a string, or duplicate or drop a line.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, String),
    DuplicateLine(usize),
    DropLine(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(at, n)| Edit::Delete(at, n)),
        (
            any::<usize>(),
            prop_oneof![
                "\\PC{0,12}",
                Just("\"".to_string()),
                Just("[[events]]\n".to_string()),
                Just("= ".to_string()),
                Just("-99999999999999999999".to_string()),
                Just("1e400".to_string()),
                Just("\n[source]\n".to_string()),
                Just("{ id = \"x\" }".to_string()),
            ]
        )
            .prop_map(|(at, s)| Edit::Insert(at, s)),
        any::<usize>().prop_map(Edit::DuplicateLine),
        any::<usize>().prop_map(Edit::DropLine),
    ]
}

fn apply(text: &str, edit: &Edit) -> String {
    let boundary = |at: usize| {
        let mut i = at % (text.len() + 1);
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    match edit {
        Edit::Delete(at, n) => {
            let start = boundary(*at);
            let end = boundary(start + n);
            format!("{}{}", &text[..start], &text[end.max(start)..])
        }
        Edit::Insert(at, s) => {
            let i = boundary(*at);
            format!("{}{s}{}", &text[..i], &text[i..])
        }
        Edit::DuplicateLine(at) if !lines.is_empty() => {
            let i = at % lines.len();
            lines.insert(i, lines[i]);
            lines.concat()
        }
        Edit::DropLine(at) if !lines.is_empty() => {
            lines.remove(at % lines.len());
            lines.concat()
        }
        _ => text.to_string(),
    }
}

#[test]
fn the_founding_seed_passes_unmutated() {
    // The mutations below start from a file that checks; a failure there is the mutation's doing.
    parse_and_check(FOUNDING).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let result = parse_and_check(&text);
        assert_errors_are_placed(result, &text);
    }

    #[test]
    fn toml_shaped_text_never_panics(
        text in "(\\[source\\]\n|\\[\\[(events|people|figures|quotes|places|organisations)\\]\\]\n|[a-z_]{1,12} = (\"[^\"\n]{0,20}\"|-?[0-9]{1,6}(\\.[0-9])?|true|\\[\\]|\\{ id = \"[a-z-]{0,8}\" \\})\n){0,30}"
    ) {
        let result = parse_and_check(&text);
        assert_errors_are_placed(result, &text);
    }

    #[test]
    fn a_mutated_founding_seed_never_panics(edits in proptest::collection::vec(edit(), 1..6)) {
        let text = edits.iter().fold(FOUNDING.to_string(), |t, e| apply(&t, e));
        let result = parse_and_check(&text);
        assert_errors_are_placed(result, &text);
    }
}
