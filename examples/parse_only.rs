//! Parses schema files without resolving them and prints the time taken:
//! the parser's share of `ormgen check`.
//!
//! ```text
//! cargo run --release --example parse_only -- big.models
//! ```

/// The allocator the `ormgen` binary has, so that the times are its times.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let texts: Vec<(String, String)> = paths
        .iter()
        .map(|p| {
            (
                p.clone(),
                std::fs::read_to_string(p).expect("readable UTF-8 file"),
            )
        })
        .collect();
    let runs = 20;
    let mut best = std::time::Duration::MAX;
    for _ in 0..runs {
        let start = std::time::Instant::now();
        for (i, (_, text)) in texts.iter().enumerate() {
            let parsed = ormgen::syntax::parse(ormgen::source::FileId(i as u32), text);
            std::hint::black_box(&parsed);
        }
        best = best.min(start.elapsed());
    }
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    println!(
        "parsed {bytes} bytes in {:.1} ms (best of {runs})",
        best.as_secs_f64() * 1000.0
    );
}
