//! What a user's statement may do: the authorizer of an `annals sql` session, which lets SQLite
//! prepare reads only and says in words what it refused.

use std::sync::{Mutex, PoisonError};

use rusqlite::hooks::{AuthAction, AuthContext, Authorization};

/// Pragmas that take an argument only to say what to read (`PRAGMA table_info(events)`).
const READING_PRAGMAS: [&str; 10] = [
    "table_info",
    "table_xinfo",
    "table_list",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "foreign_key_check",
    "integrity_check",
    "quick_check",
];

/// Pragmas that change the database even without an argument: `optimize` runs ANALYZE,
/// `incremental_vacuum` frees pages, `wal_checkpoint` copies the WAL into the database.
const WRITING_PRAGMAS: [&str; 3] = ["optimize", "incremental_vacuum", "wal_checkpoint"];

/// Why [`authorize`] refused an action, in words ("PRAGMA optimize would change the database"),
/// or `None` when it allows it.
fn refusal(action: &AuthAction<'_>) -> Option<String> {
    let why = match *action {
        AuthAction::Select | AuthAction::Read { .. } | AuthAction::Recursive => return None,
        AuthAction::Function { function_name } => {
            if !function_name.eq_ignore_ascii_case("load_extension") {
                return None;
            }
            "load_extension is refused".to_string()
        }
        AuthAction::Pragma {
            pragma_name,
            pragma_value,
        } => {
            let is = |list: &[&str]| list.iter().any(|p| p.eq_ignore_ascii_case(pragma_name));
            if is(&WRITING_PRAGMAS) {
                format!("PRAGMA {pragma_name} would change the database")
            } else {
                match pragma_value {
                    Some(value) if !is(&READING_PRAGMAS) => format!(
                        "PRAGMA {pragma_name} = {value} would set something; only pragmas that \
                         read run (PRAGMA {pragma_name})"
                    ),
                    _ => return None,
                }
            }
        }
        AuthAction::Insert { table_name }
        | AuthAction::Update { table_name, .. }
        | AuthAction::Delete { table_name } => {
            // Creating or dropping a table, view, index or trigger writes its schema row first.
            match table_name.to_ascii_lowercase().as_str() {
                "sqlite_master" | "sqlite_schema" => "it would change the schema".to_string(),
                "sqlite_temp_master" | "sqlite_temp_schema" => {
                    "temporary tables, indexes, views and triggers are refused".to_string()
                }
                _ => format!("it would write to {table_name}"),
            }
        }
        AuthAction::CreateTempTable { .. }
        | AuthAction::CreateTempIndex { .. }
        | AuthAction::CreateTempView { .. }
        | AuthAction::CreateTempTrigger { .. }
        | AuthAction::DropTempTable { .. }
        | AuthAction::DropTempIndex { .. }
        | AuthAction::DropTempView { .. }
        | AuthAction::DropTempTrigger { .. } => {
            "temporary tables, indexes, views and triggers are refused".to_string()
        }
        AuthAction::CreateTable { .. }
        | AuthAction::CreateIndex { .. }
        | AuthAction::CreateView { .. }
        | AuthAction::CreateTrigger { .. }
        | AuthAction::CreateVtable { .. }
        | AuthAction::DropTable { .. }
        | AuthAction::DropIndex { .. }
        | AuthAction::DropView { .. }
        | AuthAction::DropTrigger { .. }
        | AuthAction::DropVtable { .. }
        | AuthAction::AlterTable { .. } => "it would change the schema".to_string(),
        // VACUUM attaches the database it builds: it is refused here too.
        AuthAction::Attach { .. } | AuthAction::Detach { .. } => {
            "ATTACH, DETACH and VACUUM are refused".to_string()
        }
        AuthAction::Reindex { .. } => "REINDEX would change the database".to_string(),
        AuthAction::Analyze { .. } => "ANALYZE would change the database".to_string(),
        AuthAction::Transaction { .. } | AuthAction::Savepoint { .. } => {
            "transactions and savepoints are refused: the statement runs on its own".to_string()
        }
        _ => "the statement does more than read".to_string(),
    };
    Some(why)
}

/// What a user's statement may do, as SQLite describes it while preparing it: read tables and
/// views, call functions (not `load_extension`), and read pragmas. Everything else is denied,
/// even what a read-only connection would allow: a temporary table, trigger or view (they live in
/// the connection's own temporary database), a pragma that sets something (`PRAGMA foreign_keys =
/// OFF`, `PRAGMA journal_mode = delete`) or changes the database (`PRAGMA optimize`), ATTACH and
/// DETACH. The first refusal's reason is kept in `refused`, for the message.
pub(super) fn authorize(ctx: AuthContext<'_>, refused: &Mutex<Option<String>>) -> Authorization {
    match refusal(&ctx.action) {
        None => Authorization::Allow,
        Some(why) => {
            refused
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get_or_insert(why);
            Authorization::Deny
        }
    }
}
