//! Each stage of ormgen on synthetic schemas of 1,000 and 10,000 models:
//! `cargo bench --bench pipeline`. Whole-process time and peak memory per
//! size come from the README's scaling commands.

mod synth;

use ormgen::generate::{graph, rust, sql};
use ormgen::source::FileId;

fn main() {
    divan::main();
}

const SIZES: &[usize] = &[1_000, 10_000];

#[divan::bench(args = SIZES, sample_count = 10)]
fn parse(bencher: divan::Bencher, n: usize) {
    let text = synth::schema(n, false);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| ormgen::syntax::parse(FileId(0), &text));
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn check(bencher: divan::Bencher, n: usize) {
    let text = synth::schema(n, false);
    bencher.bench(|| {
        let schema = ormgen::check([("synth.models", text.as_str())]);
        assert!(schema.resolved.is_some());
        schema
    });
}

/// Resolution alone: names, foreign keys, junctions, inverses, the graph.
#[divan::bench(args = SIZES, sample_count = 10)]
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

#[divan::bench(args = SIZES, sample_count = 10)]
fn ddl_postgres(bencher: divan::Bencher, n: usize) {
    let ir = resolved(n);
    bencher.bench(|| sql::create(&ir, sql::Dialect::Postgres));
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn graph_mermaid(bencher: divan::Bencher, n: usize) {
    let ir = resolved(n);
    bencher.bench(|| graph::render(&ir, graph::GraphFormat::Mermaid));
}

/// The Rust files, in memory (writing them is measured by the process).
#[divan::bench(args = SIZES, sample_count = 10)]
fn generate_rust(bencher: divan::Bencher, n: usize) {
    let ir = resolved(n);
    bencher.bench(|| rust::generate(&ir, "synth.models", rust::Backend::Rusqlite));
}
