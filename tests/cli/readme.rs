//! The README's command lines against the commands themselves: every `annals` and
//! `cargo run --release --` line of its code blocks runs on a database seeded from the
//! repository's `seed/`, and every option and value its command table names is one the command
//! takes, so that the README cannot drift from the command line.

use std::path::Path;

use crate::util::Env;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// Words of a shell line, with '...' and "..." quoting (all the README uses).
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                any = false;
            }
            (None, c) => word.push(c),
        }
    }
    assert!(quote.is_none(), "unclosed quote in {line:?}");
    if any || !word.is_empty() {
        out.push(word);
    }
    out
}

/// The part of a line before a `#` comment or a `&&` / `|` / `>` outside quotes, and the file
/// named after `>` (the command's standard output goes there).
fn command_part(line: &str) -> (&str, Option<String>) {
    let mut quote = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '#' | '&' | '|') => return (line[..i].trim(), None),
            (None, '>') => {
                let rest = line[i + 1..].split("&&").next().unwrap_or("");
                return (line[..i].trim(), words(rest).into_iter().next());
            }
            _ => {}
        }
    }
    (line.trim(), None)
}

/// Every command line of the README's code blocks, as annals' arguments, with the file its
/// output is sent to.
fn code_block_commands(text: &str) -> Vec<(String, Vec<String>, Option<String>)> {
    let mut inside = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            inside = !inside;
            continue;
        }
        let line = line.trim();
        if !inside {
            continue;
        }
        let rest = match line
            .strip_prefix("cargo run --release -- ")
            .or_else(|| line.strip_prefix("annals "))
        {
            Some(r) => r,
            None => continue,
        };
        let (command, to) = command_part(rest);
        out.push((line.to_string(), words(command), to));
    }
    out
}

#[test]
fn every_command_line_of_the_readme_runs_on_the_seeded_database() {
    let commands = code_block_commands(&readme());
    assert!(commands.len() >= 10, "{commands:?}");
    let env = Env::with_seed();
    env.ok(&["seed"]);
    for (line, args, to) in &commands {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = env.output(&args);
        crate::util::assert_succeeded(line, &out);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let wrote_a_file = to.is_some() || args.contains(&"--out");
        if !wrote_a_file {
            assert!(
                !stdout.trim().is_empty() && stdout.trim() != "(no rows)",
                "{line}: nothing to show:\n{stdout}"
            );
        }
        if let Some(file) = to {
            std::fs::write(env.path(file), stdout.as_bytes()).unwrap();
        }
    }
}

/// The README's command table: each row's commands, as written between backticks in its first
/// cell (`\|` is a `|` there).
fn table_commands(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines().filter(|l| l.starts_with("| `annals ")) {
        let first = line[1..].split(" | ").next().unwrap();
        for (i, piece) in first.split('`').enumerate() {
            if i % 2 == 1 {
                let piece = piece.replace("\\|", "|");
                out.push(match piece.strip_prefix("annals ") {
                    Some(p) => p.to_string(),
                    None => piece,
                });
            }
        }
    }
    out
}

#[test]
fn every_option_and_value_the_readme_table_names_is_the_commands_own() {
    let commands = table_commands(&readme());
    assert!(commands.len() >= 18, "{commands:?}");
    let env = Env::empty();
    for command in &commands {
        let words: Vec<&str> = command.split_whitespace().collect();
        // The subcommand: the leading lowercase words.
        let sub: Vec<&str> = words
            .iter()
            .take_while(|w| {
                w.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !w.starts_with('-')
            })
            .copied()
            .collect();
        assert!(!sub.is_empty(), "{command}");
        let mut args = sub.clone();
        args.push("--help");
        let help = env.ok(&args);
        for (i, w) in words.iter().enumerate() {
            let option = w.trim_matches(|c| c == '[' || c == ']');
            if !option.starts_with("--") {
                continue;
            }
            let option = option.split('=').next().unwrap();
            assert!(
                help.contains(&format!("{option} ")) || help.contains(&format!("{option}\n")),
                "`annals {}` takes no {option} (README: {command})",
                sub.join(" ")
            );
            // Values written out (a|b|c) are each one the option takes.
            let Some(next) = words.get(i + 1) else {
                continue;
            };
            let values = next.trim_matches(|c| c == '[' || c == ']');
            if !values.contains('|') {
                continue;
            }
            for value in values.split('|') {
                let taken = [": ", ", ", "]"].iter().any(|end| {
                    help.contains(&format!("- {value}{}", end.trim_end()))
                        || help.contains(&format!(" {value}{end}"))
                });
                assert!(
                    taken,
                    "`annals {} {option}` takes no {value:?} (README: {command})",
                    sub.join(" ")
                );
            }
        }
    }
}

#[test]
fn the_parser_reads_quotes_comments_and_redirections() {
    assert_eq!(
        words(r#"sql "SELECT 'a b'" --format json"#),
        ["sql", "SELECT 'a b'", "--format", "json"]
    );
    assert_eq!(
        command_part("timeline     # creates annals.db"),
        ("timeline", None)
    );
    assert_eq!(
        command_part("datasette-metadata > metadata.json && datasette annals.db"),
        ("datasette-metadata", Some("metadata.json".to_string()))
    );
    assert_eq!(
        table_commands(
            "| `annals people` / `organisations` | lists |\n| `annals x --by a\\|b` | y |\n"
        ),
        ["people", "organisations", "x --by a|b"]
    );
}
