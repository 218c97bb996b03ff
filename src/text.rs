//! Text that several layers word or compare the same way: a name folded for comparison, a date
//! with the words that gave it, a unit in the singular. Seeding, queries and the drafter all
//! read and write these; they live here, below all of them, so that none imports another for
//! them.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Fold a name for comparison: accents removed, lower case, every run of punctuation and white
/// space made one space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// `date` with the words that gave it and their publisher: `29 May 2023 — “on May 29”, Fixture
/// Daily`, or `date` alone without words.
pub fn date_with_words(date: &str, words: Option<&str>, publisher: Option<&str>) -> String {
    match (words, publisher) {
        (Some(t), Some(p)) => format!("{date} — “{t}”, {p}"),
        (Some(t), None) => format!("{date} — “{t}”"),
        _ => date.to_string(),
    }
}

/// The singular of an English unit, by its last word: `police officers` → `police officer`,
/// `people` → `person`, `casualties` → `casualty`. A word it does not know stays as it is.
pub fn singular(unit: &str) -> String {
    let (head, last) = match unit.rfind(' ') {
        Some(i) => (&unit[..=i], &unit[i + 1..]),
        None => ("", unit),
    };
    let lower = last.to_lowercase();
    let irregular = [
        ("people", "person"),
        ("men", "man"),
        ("women", "woman"),
        ("children", "child"),
        ("policemen", "policeman"),
        ("policewomen", "policewoman"),
    ];
    let one = if let Some((_, s)) = irregular.iter().find(|(p, _)| *p == lower) {
        // Keep a leading capital.
        if last.starts_with(char::is_uppercase) {
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        } else {
            s.to_string()
        }
    } else if lower.ends_with("ies") && lower.chars().count() > 3 {
        format!("{}y", drop_last(last, 3))
    } else if ["sses", "shes", "ches", "xes"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        drop_last(last, 2)
    } else if lower.ends_with('s') && !lower.ends_with("ss") && lower.chars().count() > 1 {
        drop_last(last, 1)
    } else {
        last.to_string()
    };
    format!("{head}{one}")
}

/// `word` without its last `n` characters (never splitting one).
fn drop_last(word: &str, n: usize) -> String {
    let keep = word.chars().count().saturating_sub(n);
    word.chars().take(keep).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_punctuation() {
        assert_eq!(fold("Vučić"), "vucic");
        assert_eq!(fold("aleksandar-vucic"), "aleksandar vucic");
        assert_eq!(fold("  Türkiye, (Turkey) "), "turkiye turkey");
        assert_eq!(fold("U.S."), "u s");
        assert_eq!(fold("--"), "");
    }

    #[test]
    fn singulars() {
        for (many, one) in [
            ("police officers", "police officer"),
            ("people", "person"),
            ("People", "Person"),
            ("soldiers", "soldier"),
            ("Serbs", "Serb"),
            ("casualties", "casualty"),
            ("churches", "church"),
            ("troops", "troop"),
            ("children", "child"),
            ("press", "press"),
            ("km", "km"),
            ("İS", "İ"),
            ("s", "s"),
        ] {
            assert_eq!(singular(many), one, "{many}");
        }
    }
}
