//! Writes a synthetic schema of N models to stdout, for measuring ormgen on
//! large inputs (see `benches/synth/mod.rs` for its shape):
//!
//! ```text
//! cargo run --release --example synth -- 3500 > big.models
//! cargo run --release --example synth -- 10000 --cycle > cyclic.models
//! ```

#[path = "../benches/synth/mod.rs"]
mod synth;

use std::io::Write;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or_else(|| {
        eprintln!("usage: synth N [--cycle]");
        std::process::exit(2)
    });
    let cycle = args.any(|a| a == "--cycle");
    std::io::stdout()
        .lock()
        .write_all(synth::schema(n, cycle).as_bytes())
}
