//! Tests that drive the real `annals` binary on temporary databases.

mod util;

mod bad_input;
mod check;
mod doctor;
mod faults;
mod new;
mod reports;
mod schema;
mod seed;
mod timeline;
mod upgrade;
