//! Each stage of ormgen on synthetic schemas of 1,000 and 10,000 models:
//! `cargo bench --bench pipeline` (`ORMGEN_BENCH_SIZES` for other sizes).
//! Whole-process time and peak memory per size come from
//! `benches/scaling.sh`.

mod synth;

// As in the `ormgen` binary (see src/main.rs).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use ormgen::generate::{graph, rust, sql};
use ormgen::source::FileId;

fn main() {
    divan::main();
}

/// 1,000 and 10,000 models; `ORMGEN_BENCH_SIZES=1000,10000,100000` for
/// others (100,000 takes a few minutes).
fn sizes() -> Vec<usize> {
    std::env::var("ORMGEN_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000])
}

#[divan::bench(args = sizes(), sample_count = 10)]
fn parse(bencher: divan::Bencher, n: usize) {
    let text = synth::schema(n, false);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| ormgen::syntax::parse(FileId(0), &text));
}

#[divan::bench(args = sizes(), sample_count = 10)]
fn check(bencher: divan::Bencher, n: usize) {
    let text = synth::schema(n, false);
    bencher.bench(|| {
        let schema = ormgen::check([("synth.models", text.as_str())]);
        assert!(schema.resolved.is_some());
        schema
    });
}

/// Resolution alone: names, foreign keys, junctions, inverses, the graph.
#[divan::bench(args = sizes(), sample_count = 10)]
fn resolve(bencher: divan::Bencher, n: usize) {
    let text = synth::schema(n, false);
    let parsed = ormgen::syntax::parse(FileId(0), &text);
    let file = parsed.file.expect("the synthetic schema parses");
    bencher.bench(|| {
        let (schema, _) = ormgen::resolve::resolve(&[&file]);
        assert!(schema.is_some());
        schema
    });
}

fn resolved(n: usize) -> ormgen::ir::Schema {
    ormgen::check([("synth.models", synth::schema(n, false).as_str())])
        .resolved
        .unwrap()
}

#[divan::bench(args = sizes(), sample_count = 10)]
fn ddl_postgres(bencher: divan::Bencher, n: usize) {
    let ir = resolved(n);
    bencher.bench(|| sql::create(&ir, sql::Dialect::Postgres));
}

#[divan::bench(args = sizes(), sample_count = 10)]
fn graph_mermaid(bencher: divan::Bencher, n: usize) {
    let ir = resolved(n);
    // As `ormgen graph` does: written as it is made, through a buffer.
    bencher.bench(|| {
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::sink());
        graph::write(&ir, graph::GraphFormat::Mermaid, &mut out).unwrap();
    });
}

/// The Rust files, in memory (writing them is measured by the process).
#[divan::bench(args = sizes(), sample_count = 10)]
fn generate_rust(bencher: divan::Bencher, n: usize) {
    let ir = resolved(n);
    bencher.bench(|| rust::generate(&ir, "synth.models", rust::Backend::Rusqlite));
}
