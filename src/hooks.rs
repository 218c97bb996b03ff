//! Test hooks: the environment variables through which tests reach inside a run, all read here,
//! once per process, on first use. They are for tests only: each makes a run behave as it
//! otherwise would only on a machine in trouble, and nothing else should set them.
//!
//! | variable | what it does |
//! | --- | --- |
//! | `ANNALS_TEST_MAX_PAGES=N` | caps every database the run opens at N pages (`PRAGMA max_page_count`), to simulate a full disk |
//! | `ANNALS_TEST_SEED_CACHE_PAGES=N` | a seed's page cache in pages (`PRAGMA cache_size`), in place of its usual size: a small cache spills uncommitted pages into the WAL early in the write, which the SIGKILL test needs to land kills on |
//!
//! A value that is not a whole number is ignored, as if the variable were not set.

use std::sync::OnceLock;

/// The variable that caps the database's size in pages (a full disk).
pub const MAX_PAGES_VAR: &str = "ANNALS_TEST_MAX_PAGES";

/// The variable that sets a seed's page cache in pages (a seed that spills into the WAL early).
pub const SEED_CACHE_PAGES_VAR: &str = "ANNALS_TEST_SEED_CACHE_PAGES";

/// The hooks a run was started with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hooks {
    /// [`MAX_PAGES_VAR`]'s value.
    pub max_pages: Option<i64>,
    /// [`SEED_CACHE_PAGES_VAR`]'s value.
    pub seed_cache_pages: Option<i64>,
}

impl Hooks {
    /// The hooks that `var` (a variable's value by its name) sets.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Hooks {
        let number = |name: &str| var(name).and_then(|v| v.parse::<i64>().ok());
        Hooks {
            max_pages: number(MAX_PAGES_VAR),
            seed_cache_pages: number(SEED_CACHE_PAGES_VAR),
        }
    }
}

/// The hooks of this process, read from its environment the first time they are asked for.
pub fn hooks() -> Hooks {
    static HOOKS: OnceLock<Hooks> = OnceLock::new();
    *HOOKS.get_or_init(|| Hooks::from_vars(|name| std::env::var(name).ok()))
}

/// The cap on a database's size in pages, when a test sets one.
pub fn max_pages() -> Option<i64> {
    hooks().max_pages
}

/// A seed's page cache in pages, when a test sets one.
pub fn seed_cache_pages() -> Option<i64> {
    hooks().seed_cache_pages
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hooks_of(vars: &[(&str, &str)]) -> Hooks {
        Hooks::from_vars(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn no_variable_sets_no_hook() {
        assert_eq!(hooks_of(&[]), Hooks::default());
        assert_eq!(hooks_of(&[("ANNALS_DB", "x.db")]), Hooks::default());
    }

    #[test]
    fn each_variable_sets_its_hook() {
        assert_eq!(
            hooks_of(&[
                ("ANNALS_TEST_MAX_PAGES", "120"),
                ("ANNALS_TEST_SEED_CACHE_PAGES", "20"),
            ]),
            Hooks {
                max_pages: Some(120),
                seed_cache_pages: Some(20),
            }
        );
        assert_eq!(
            hooks_of(&[("ANNALS_TEST_SEED_CACHE_PAGES", "-64")]).seed_cache_pages,
            Some(-64)
        );
    }

    #[test]
    fn a_value_that_is_not_a_whole_number_sets_nothing() {
        for value in ["", "lots", "1.5", "12k", " 20", "99999999999999999999"] {
            assert_eq!(
                hooks_of(&[("ANNALS_TEST_MAX_PAGES", value)]),
                Hooks::default(),
                "{value:?}"
            );
        }
    }
}
