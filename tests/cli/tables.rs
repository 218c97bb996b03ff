//! Tables that fit: `--width`, ids kept whole, singular units and thousands separators (tables
//! only; CSV and JSON keep numbers as they are).

use crate::util::{table_body, Env};

fn widest(table: &str) -> usize {
    table.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn width_sets_the_table_width_and_bad_widths_are_refused() {
    let env = Env::with_seed();
    for (args, width) in [
        (&["timeline", "--width", "50"][..], 50),
        (
            &["aggregate", "events", "--by", "kind", "--width", "40"][..],
            40,
        ),
        (&["people", "--width", "60"][..], 60),
    ] {
        let table = env.ok(args);
        assert_eq!(widest(&table), width, "annals {args:?}:\n{table}");
    }
    // Without --width and off a terminal: 80 columns.
    assert_eq!(widest(&env.ok(&["timeline"])), 80);
    // A width is the most a table takes: at 120 columns the founding timeline needs 115, and
    // each title fits on one line.
    let wide = env.ok(&["timeline", "--width", "120"]);
    assert_eq!(widest(&wide), 115, "{wide}");
    assert!(
        wide.lines().any(|l| l.trim_end()
            == " 19 Jul 2023            meeting       Stoltenberg meets Vucic at NATO headquarters                         1"),
        "{wide}"
    );
    for bad in ["19", "1001", "wide", "0"] {
        let out = env.output(&["timeline", "--width", bad]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {err}");
        assert!(
            err.starts_with(&format!("error: invalid value '{bad}' for '--width <N>'")),
            "{bad}: {err}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn ids_are_never_broken_in_the_middle() {
    let env = Env::with_fixture();
    env.ok(&["seed"]);
    // Each id stands whole on one line of the table.
    let whole = |table: &str, ids: [&str; 2], how: &str| {
        for id in ids {
            assert!(
                table.lines().any(|l| l.contains(id)),
                "{id} is broken{how}:\n{table}"
            );
        }
    };
    let sources = env.ok(&["sources"]);
    whole(
        &sources,
        [
            "anews-2023-07-19-nato-chief-serbia",
            "fixture-wire-2023-07-21-kosovo-tensions",
        ],
        "",
    );
    assert!(widest(&sources) <= 80, "{sources}");
    for width in ["60", "80"] {
        let search = env.ok(&["search", "partner", "--width", width]);
        whole(
            &search,
            [
                "2023-07-19-stoltenberg-vucic-meeting",
                "2023-07-20-kurti-rejects-vucic-claim",
            ],
            &format!(" at {width}"),
        );
        assert_eq!(widest(&search).to_string(), width);
    }
}

const COUNTS: &str = r#"[source]
id = "counts-2023-07-22"
title = "Counting the cost"
publisher = "Count Wire"
published = "2023-07-22"

[[events]]
id = "2023-07-clashes"
date = "2023-07"
kind = "clash"
title = "Clashes in the north"

[[figures]]
event = "2023-07-clashes"
value = 1
unit = "police officers"
measure = "injured"

[[figures]]
event = "2023-07-clashes"
value = 12000
unit = "people"
measure = "displaced"

[[figures]]
event = "2023-07-clashes"
low = 1500
high = 2500
unit = "people"
measure = "protesting"
"#;

#[test]
fn a_count_too_large_for_a_float_keeps_every_digit() {
    let env = Env::with_seed();
    env.write(
        "seed/2023-07-22-counts.toml",
        COUNTS.replace("value = 12000", "value = 12345678901234567"),
    );
    let table = env.ok(&["timeline", "--kind", "clash"]);
    assert_contains!(table, "· 12,345,678,901,234,567 people displaced");
    let csv = env.ok(&["timeline", "--kind", "clash", "--format", "csv"]);
    assert_contains!(csv, "; 12345678901234567 people displaced — Count Wire;");
    // Two accounts that a float cannot tell apart: still two claims, each with its own digits.
    env.write(
        "seed/2023-07-23-recount.toml",
        "[source]\nid = \"recount-2023-07-23\"\ntitle = \"A recount\"\npublisher = \"Recount Daily\"\n\
         published = \"2023-07-23\"\n\n[[figures]]\nevent = \"2023-07-clashes\"\n\
         value = 12345678901234569\nunit = \"people\"\nmeasure = \"displaced\"\n",
    );
    env.ok(&["seed"]);
    let csv = env.ok(&["timeline", "--kind", "clash", "--format", "csv"]);
    assert_contains!(
        csv,
        "people displaced — 12345678901234567: Count Wire; 12345678901234569: Recount Daily"
    );
}

#[test]
fn one_is_singular_and_thousands_are_separated_in_tables_only() {
    let env = Env::with_seed();
    env.write("seed/2023-07-22-counts.toml", COUNTS);
    let table = env.ok(&["timeline", "--kind", "clash"]);
    assert_eq!(
        table_body(&table),
        [
            " Jul 2023   clash   Clashes in the north                           1",
            "                    · 1 police officer injured — Count Wire",
            "                    · 12,000 people displaced — Count Wire",
            "                    · 1,500–2,500 people protesting — Count Wire",
        ]
    );
    // CSV keeps the numbers as they are (a spreadsheet reads 12000, not "12,000").
    let csv = env.ok(&["timeline", "--kind", "clash", "--format", "csv"]);
    assert!(
        csv.contains(
            "1 police officer injured — Count Wire; 12000 people displaced — Count Wire; \
             1500–2500 people protesting — Count Wire"
        ),
        "{csv}"
    );
    // JSON keeps numbers as numbers.
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["timeline", "--kind", "clash", "--format", "json"]))
            .unwrap();
    assert_eq!(json[0]["figures"][1]["value"], 12000);
    // aggregate figures: separators in the table, none in CSV.
    let displaced = [
        "aggregate",
        "figures",
        "--by",
        "event",
        "--measure",
        "displaced",
    ]
    .as_slice();
    let table = env.ok(displaced);
    assert!(
        table
            .lines()
            .any(|l| l.contains(" 12,000 ") && l.contains("2023-07-clashes")),
        "{table}"
    );
    let csv = env.ok(&[displaced, &["--format", "csv"]].concat());
    assert_eq!(
        csv,
        "key,measure,unit,about,low,high,figures,sources\n\
         2023-07-clashes,displaced,people,,12000,12000,1,counts-2023-07-22\n"
    );

    // Another article counts differently: the conflicts table words both the same way.
    env.write(
        "seed/2023-07-23-recount.toml",
        "[source]\nid = \"recount-2023-07-23\"\ntitle = \"A recount\"\npublisher = \"Recount Daily\"\n\
         published = \"2023-07-23\"\n\n[[figures]]\nevent = \"2023-07-clashes\"\nvalue = 2\n\
         unit = \"police officers\"\nmeasure = \"injured\"\n\n[[figures]]\nevent = \"2023-07-clashes\"\n\
         value = 13500\nunit = \"people\"\nmeasure = \"displaced\"\n",
    );
    env.ok(&["seed"]);
    let table = env.ok(&["conflicts", "--width", "100"]);
    assert_eq!(
        table_body(&table),
        [
            " Clashes in the north   people displaced          12,000 people displaced   13,500 people displaced",
            "                                                  — Count Wire              — Recount Daily",
            "────────────────────────────────────────────────────────────────────────────────────────────────────",
            " Clashes in the north   police officers injured   1 police officer          2 police officers",
            "                                                  injured — Count Wire      injured — Recount Daily",
        ]
    );
    let csv = env.ok(&["conflicts", "--format", "csv"]);
    assert_contains!(csv, ",Count Wire,,12000 people displaced,");
    assert_contains!(csv, ",Count Wire,,1 police officer injured,");
}

/// On a terminal a table takes the terminal's width, and --width still wins. The terminal is a
/// pseudo-terminal of 100 columns made by `script` (util-linux).
#[test]
fn on_a_terminal_a_table_fits_the_terminal_unless_width_is_given() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let annals = assert_cmd::cargo::cargo_bin("annals");
    let on_terminal = |args: &str| -> String {
        let out = std::process::Command::new("script")
            .current_dir(env.path(""))
            .env_remove("ANNALS_DB")
            .args([
                "-qec",
                &format!("stty cols 100 rows 40; {} {args}", annals.display()),
                "/dev/null",
            ])
            .output()
            .expect("script (util-linux) runs a command on a pseudo-terminal");
        String::from_utf8(crate::util::succeeded(out).stdout)
            .unwrap()
            .replace('\r', "")
    };
    let table = on_terminal("timeline");
    assert_eq!(widest(&table), 100, "{table}");
    let table = on_terminal("timeline --width 60");
    assert_eq!(widest(&table), 60, "{table}");
}
