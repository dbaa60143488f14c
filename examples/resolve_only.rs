//! Resolves a parsed schema again and again and prints the best time: the
//! resolver's share of `ormgen check`, for profiling.
//!
//! ```text
//! cargo run --release --example resolve_only -- big.models
//! ```

/// The allocator the `ormgen` binary has, so that the times are its times.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let path = std::env::args().nth(1).expect("usage: resolve_only FILE");
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let parsed = ormgen::syntax::parse(ormgen::source::FileId(0), &text);
    let file = parsed.file.expect("a schema that parses");
    let mut best = std::time::Duration::MAX;
    for _ in 0..20 {
        let start = std::time::Instant::now();
        let resolved = ormgen::resolve::resolve(&[&file]);
        best = best.min(start.elapsed());
        std::hint::black_box(&resolved);
    }
    println!(
        "resolved {path} in {:.1} ms (best of 20)",
        best.as_secs_f64() * 1e3
    );
}
