//! A bounded run of the fuzz target's entry point (`fuzz/entry.rs`, the one
//! `cargo fuzz run pipeline` drives) in every `cargo test`: the fixtures,
//! generated schemas, and byte-level mutations of both. `FUZZ_SMOKE_INPUTS`
//! sets how many generated inputs (default 2,000).

mod common;
#[path = "../fuzz/entry.rs"]
mod entry;
#[path = "common/random_schema.rs"]
mod random_schema;

use common::*;
use random_schema::Rng;

/// The fixtures as they are, and the committed seeds of `fuzz/seeds/`.
fn seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = ["valid", "invalid"]
        .iter()
        .flat_map(|f| fixtures(f))
        .map(|(_, t)| t.into_bytes())
        .collect();
    let dir = root().join("fuzz/seeds");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "seeds in {}", dir.display());
    seeds.extend(files.iter().map(|f| std::fs::read(f).unwrap()));
    seeds
}

/// libFuzzer's simplest moves: flip, insert, delete, copy a run of bytes.
fn mutate(input: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(6) {
        let at = rng.below(out.len() + 1);
        match rng.below(4) {
            0 if at < out.len() => out[at] ^= 1 << rng.below(8),
            1 => out.insert(at, rng.next() as u8),
            2 if at < out.len() => {
                let len = rng.below(16).min(out.len() - at);
                out.drain(at..at + len);
            }
            _ if !out.is_empty() => {
                let from = rng.below(out.len());
                let len = rng.below(24).min(out.len() - from);
                let run: Vec<u8> = out[from..from + len].to_vec();
                let at = at.min(out.len());
                out.splice(at..at, run);
            }
            _ => out.push(b'\n'),
        }
    }
    out
}

#[test]
fn the_seeds_pass_the_pipeline() {
    for seed in seeds() {
        entry::pipeline(&seed);
    }
}

#[test]
fn a_bounded_smoke_run_finds_nothing() {
    let inputs: u64 = std::env::var("FUZZ_SMOKE_INPUTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let seeds = seeds();
    let mut rng = Rng::new(0x0f0f_5eed);
    let mut resolved = 0;
    for i in 0..inputs {
        let input = match i % 3 {
            // A generated schema: byte 0, then the generator's seed.
            0 => {
                let mut input = vec![0u8];
                input.extend_from_slice(&rng.next().to_le_bytes());
                input
            }
            1 => mutate(rng.pick::<Vec<u8>>(&seeds), &mut rng),
            _ => {
                let mut input = vec![0u8];
                input.extend_from_slice(&rng.next().to_le_bytes());
                mutate(&input, &mut rng)
            }
        };
        let text = entry::schema_text(&input);
        if ormgen::check([("input.models", text.as_str())])
            .resolved
            .is_some()
        {
            resolved += 1;
        }
        let caught = std::panic::catch_unwind(|| entry::pipeline(&input));
        assert!(
            caught.is_ok(),
            "input {i} failed; as bytes: {input:?}\nas a schema:\n{text}"
        );
    }
    // The run must reach generation, not only the parser's errors.
    assert!(
        resolved * 5 >= inputs,
        "only {resolved} of {inputs} inputs resolved"
    );
}
