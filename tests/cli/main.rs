//! Tests that drive the real `annals` binary on temporary databases.

mod util;

mod check;
mod new;
mod reports;
mod schema;
mod seed;
mod timeline;
