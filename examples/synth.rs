//! Writes a synthetic schema of N models to stdout, for measuring ormgen on
//! large inputs:
//!
//! ```text
//! cargo run --release --example synth -- 3500 > big.models
//! cargo run --release --example synth -- 10000 --cycle > cyclic.models
//! ```
//!
//! Every model has five attributes; model i > 0 belongsTo model i/2 (a tree),
//! every third model has a one-to-one to its neighbour, every fifth a
//! belongsToMany through its own junction, every seventh a self-association;
//! `--cycle` adds a belongsTo from model 0 back to the last model.

use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or_else(|| {
        eprintln!("usage: synth N [--cycle]");
        std::process::exit(2)
    });
    let cycle = args.any(|a| a == "--cycle");
    let mut out = BufWriter::new(std::io::stdout().lock());
    writeln!(out, "// {n} synthetic models\n")?;
    writeln!(out, "enum Status {{ draft, active, archived }}\n")?;
    for i in 0..n {
        writeln!(out, "/// Model number {i}.")?;
        writeln!(out, "model M{i} {{")?;
        writeln!(out, "  id        integer     primaryKey autoIncrement")?;
        writeln!(out, "  name      string(100) notNull")?;
        writeln!(out, "  code{i:<5} string      unique")?;
        writeln!(out, "  status    Status      notNull default(draft)")?;
        writeln!(out, "  createdOn dateonly")?;
        if i > 0 {
            writeln!(out, "  belongsTo M{} as parent{i}", i / 2)?;
        }
        if i % 3 == 0 && i + 1 < n {
            writeln!(
                out,
                "  hasOne M{} {{ as: twin{i}, inverse: {{ as: twinOf{i} }} }}",
                i + 1
            )?;
        }
        if i % 5 == 0 && i + 2 < n {
            writeln!(
                out,
                "  belongsToMany M{} {{ through: Link{i}, inverse: {{ as: linkedFrom{i} }} }}",
                i + 2
            )?;
        }
        if i % 7 == 0 {
            writeln!(
                out,
                "  belongsTo M{i} as previous{i} {{ constraints: true }}"
            )?;
        }
        if cycle && i == 0 && n > 1 {
            writeln!(out, "  belongsTo M{} as last", n - 1)?;
        }
        writeln!(out, "}}\n")?;
    }
    out.flush()
}
