//! Writes a synthetic schema of N models to stdout, for measuring ormgen on
//! large inputs (see `benches/synth/mod.rs` for its shape):
//!
//! ```text
//! cargo run --release --example synth -- 3500 > big.models
//! cargo run --release --example synth -- 10000 --cycle > cyclic.models
//! cargo run --release --example synth -- 50000 --wide > wide.models
//! ```
//!
//! `--wide`: one model of N attributes and one that `belongsTo` N others.
//! `--prisma`: the same schema in Prisma's language (`schema.prisma`), for
//! `prisma validate` (see docs/performance.md).

#[path = "../benches/synth/mod.rs"]
mod synth;

use std::io::Write;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or_else(|| {
        eprintln!("usage: synth N [--cycle | --wide | --prisma]");
        std::process::exit(2)
    });
    let flags: Vec<String> = args.collect();
    let text = if flags.iter().any(|a| a == "--prisma") {
        synth::prisma(n)
    } else if flags.iter().any(|a| a == "--wide") {
        synth::wide(n)
    } else {
        synth::schema(n, flags.iter().any(|a| a == "--cycle"))
    };
    std::io::stdout().lock().write_all(text.as_bytes())
}
