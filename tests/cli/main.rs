//! Tests that drive the real `annals` binary on temporary databases.

mod util;

mod reports;
mod schema;
mod seed;
mod timeline;
