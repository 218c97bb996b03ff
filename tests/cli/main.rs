//! Tests that drive the real `annals` binary on temporary databases.

#[macro_use]
mod util;

mod accounts;
mod aggregate;
mod bad_input;
mod check;
mod concurrency;
mod conflicts;
mod datasette;
mod doctor;
mod draft;
mod export;
mod faults;
mod foreign;
mod formats;
mod geo;
mod hostile;
mod lists;
mod merge_props;
mod mermaid_grammar;
mod new;
mod order;
mod order_props;
mod readme;
mod reports;
mod roundtrip;
mod schema;
mod search;
mod security;
mod seed;
mod show;
mod sql;
mod sql_limits;
mod tables;
mod timeline;
mod upgrade;
mod views;
