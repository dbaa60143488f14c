//! parse → check → fmt → DDL (every dialect) → Rust (every backend) →
//! diagrams, on libFuzzer's inputs. See `fuzz/entry.rs`.
#![no_main]

#[path = "../entry.rs"]
mod entry;
#[path = "../../tests/common/random_schema.rs"]
#[allow(dead_code)]
mod random_schema;

libfuzzer_sys::fuzz_target!(|data: &[u8]| entry::pipeline(data));
