//! Tests that drive the real `annals` binary on temporary databases.

mod util;

mod export;
mod schema;
mod seed;
mod timeline;
