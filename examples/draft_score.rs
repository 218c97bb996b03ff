//! How close `annals draft` comes to the hand-written seeds of the measured corpus: prints the
//! table README.md and BENCHMARKS.md show. `cargo run --example draft_score`.

fn main() -> anyhow::Result<()> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let rows = annals::draft::score::measure(root)?;
    print!("{}", annals::draft::score::table(&rows));
    Ok(())
}
