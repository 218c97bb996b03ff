//! Tests that drive the real `annals` binary on temporary databases.

mod util;

mod bad_input;
mod doctor;
mod faults;
mod schema;
mod seed;
mod timeline;
mod upgrade;
