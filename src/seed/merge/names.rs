//! The rule for names: several articles may spell a person's, organisation's or place's name
//! differently, as long as lookups take the spellings for one name; the record shows one of them.

use crate::text::fold;

/// Whether two names are one name, as lookups compare them ("Aleksandar Vučić" and
/// "Aleksandar Vucic").
pub fn same_name(a: &str, b: &str) -> bool {
    a == b || fold(a) == fold(b)
}

/// Of two forms of one name, the one the record shows: the one with more letters outside ASCII
/// (the accented form), then the smaller. Commutative, so the result does not depend on which
/// article came first.
pub fn preferred_name<'a>(a: &'a str, b: &'a str) -> &'a str {
    let rank = |s: &str| std::cmp::Reverse(s.chars().filter(|c| !c.is_ascii()).count());
    if (rank(a), a) <= (rank(b), b) {
        a
    } else {
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_as_lookups_do_and_the_accented_form_is_shown() {
        assert!(same_name("Aleksandar Vučić", "Aleksandar Vucic"));
        assert!(same_name("KFOR", "kfor"));
        assert!(!same_name("Aleksandar Vučić", "Ana Brnabić"));
        for (a, b) in [
            ("Aleksandar Vučić", "Aleksandar Vucic"),
            ("Zvečan", "Zvecan"),
        ] {
            assert_eq!(preferred_name(a, b), a);
            assert_eq!(preferred_name(b, a), a);
        }
        assert_eq!(preferred_name("KFOR", "Kfor"), "KFOR");
        assert_eq!(preferred_name("Kfor", "KFOR"), "KFOR");
    }
}
