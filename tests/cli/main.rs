//! Tests that drive the real `annals` binary on temporary databases.

mod util;

mod aggregate;
mod schema;
mod seed;
mod timeline;
