// `embed_migrations!` reads `migrations/` at compile time; make a new or changed file rebuild the crate.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
