//! Tests that drive the real `annals` binary on temporary databases.

mod util;

mod aggregate;
mod formats;
mod lists;
mod schema;
mod search;
mod seed;
mod show;
mod sql;
mod timeline;
mod views;
