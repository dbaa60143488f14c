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
    if cold() {
        // One iteration a sample, each after the caches are emptied.
        divan::Divan::from_args().sample_size(1).main();
    } else {
        divan::main();
    }
}

/// `ORMGEN_BENCH_COLD=1`: each iteration starts with the processor's caches
/// emptied, as a stage meets the data in a process that runs it once.
/// Repeated on data that fits in the cache (the resolved schema of 10,000
/// models is 35 MB), a stage runs from the cache from its second iteration
/// on; one of 100,000 models (260 MB) does not fit and runs from memory
/// every time, so the warm figures overstate the ratio between the two.
fn cold() -> bool {
    std::env::var_os("ORMGEN_BENCH_COLD").is_some_and(|v| v != "0")
}

/// Writes over a buffer larger than the last-level cache (this machine
/// reports 480 MiB), so that nothing a stage reads is left in it.
fn empty_the_caches() {
    static BUFFER: std::sync::Mutex<Vec<u8>> = std::sync::Mutex::new(Vec::new());
    let mut buffer = BUFFER.lock().unwrap();
    if buffer.is_empty() {
        buffer.resize(1 << 30, 0);
    }
    for line in buffer.chunks_mut(64) {
        line[0] = line[0].wrapping_add(1);
    }
    std::hint::black_box(&*buffer);
}

/// Runs `stage` warm, or each time after [`empty_the_caches`].
fn measure<O>(bencher: divan::Bencher, stage: impl Fn() -> O + Sync) {
    if cold() {
        bencher
            .with_inputs(empty_the_caches)
            .bench_local_values(|()| stage());
    } else {
        bencher.bench(stage);
    }
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
    measure(
        bencher.counter(divan::counter::BytesCount::new(text.len())),
        || ormgen::syntax::parse(FileId(0), &text),
    );
}

#[divan::bench(args = sizes(), sample_count = 10)]
fn check(bencher: divan::Bencher, n: usize) {
    let text = synth::schema(n, false);
    measure(bencher, || {
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
    measure(bencher, || {
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
    measure(bencher, || {
        sql::create(&ir, sql::Dialect::Postgres).unwrap()
    });
}

#[divan::bench(args = sizes(), sample_count = 10)]
fn graph_mermaid(bencher: divan::Bencher, n: usize) {
    let ir = resolved(n);
    // As `ormgen graph` does: written as it is made, through a buffer.
    measure(bencher, || {
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::sink());
        graph::write(&ir, graph::GraphFormat::Mermaid, &mut out).unwrap();
    });
}

/// The Rust files, in memory (writing them is measured by the process).
#[divan::bench(args = sizes(), sample_count = 10)]
fn generate_rust(bencher: divan::Bencher, n: usize) {
    let ir = resolved(n);
    measure(bencher, || {
        rust::generate(
            &ir,
            "synth.models",
            rust::Backend::Rusqlite,
            Default::default(),
        )
        .unwrap()
    });
}

/// One model of 50,000 attributes, and one with 50,000 `belongsTo`
/// (`ORMGEN_BENCH_WIDE` for other widths): checking them is linear.
#[divan::bench(args = wide_sizes(), sample_count = 5)]
fn check_wide(bencher: divan::Bencher, n: usize) {
    let text = synth::wide(n);
    measure(bencher, || {
        let schema = ormgen::check([("wide.models", text.as_str())]);
        assert!(
            schema.resolved.is_some(),
            "{:?}",
            schema.diagnostics.first()
        );
        schema
    });
}

fn wide_sizes() -> Vec<usize> {
    std::env::var("ORMGEN_BENCH_WIDE")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![12_500, 50_000])
}
