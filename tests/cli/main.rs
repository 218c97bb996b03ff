//! Tests that drive the real `annals` binary on temporary databases.

mod util;

mod schema;
mod seed;
mod timeline;
