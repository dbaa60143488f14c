//! The one entry point of fuzzing: `cargo fuzz run pipeline` feeds it
//! libFuzzer's inputs, and `tests/fuzz_smoke.rs` a fixed set in every
//! `cargo test`. It runs everything a user can run on a schema, `build`
//! into a scratch directory included, and panics only on a bug.
//!
//! An input whose first byte is 0 or 1 stands for a generated schema (its
//! next 8 bytes seed the generator, and the rest, if any, is appended to
//! it): 0 one meant to resolve, so that the fuzzer reaches resolution and
//! generation as often as the parser, 1 one rich in syntax (comments,
//! options, odd names). Any other input is the schema's text itself.

use crate::random_schema::Gen;
use ormgen::generate::graph::{GraphFormat, render};
use ormgen::generate::rust::{Backend, generate};
use ormgen::generate::sql::{self, Dialect};
use ormgen::source::FileId;
use ormgen::syntax::{format::format_source, parse};

/// The text an input stands for.
pub fn schema_text(data: &[u8]) -> String {
    match data.split_first() {
        Some((mode @ (0 | 1), rest)) => {
            let (seed, tail) = rest.split_at(rest.len().min(8));
            let mut bytes = [0u8; 8];
            bytes[..seed.len()].copy_from_slice(seed);
            let generator = Gen::new(u64::from_le_bytes(bytes));
            let mut text = if *mode == 0 {
                generator.resolvable()
            } else {
                generator.schema()
            };
            text.push_str(&String::from_utf8_lossy(tail));
            text
        }
        _ => String::from_utf8_lossy(data).into_owned(),
    }
}

/// Parse, check, render the diagnostics, format, and for a schema without
/// errors, generate everything: DDL for every dialect, Rust for every
/// backend, both diagrams.
pub fn pipeline(data: &[u8]) {
    exercise(&schema_text(data));
}

pub fn exercise(text: &str) {
    let schema = ormgen::check([("input.models", text)]);
    // Rendering touches every span: they must lie inside the file.
    let _ = ormgen::diagnostics::render_human(&schema.sources, &schema.diagnostics);
    let _ = ormgen::diagnostics::render_json(&schema.sources, &schema.diagnostics);
    for d in &schema.diagnostics {
        let len = text.len() as u32;
        assert!(
            d.span.start <= d.span.end && d.span.end <= len,
            "span out of file: {d:?}"
        );
        assert!(
            text.is_char_boundary(d.span.start as usize),
            "span splits a character: {d:?}"
        );
        assert!(
            text.is_char_boundary(d.span.end as usize),
            "span splits a character: {d:?}"
        );
    }
    if let Some(ir) = &schema.resolved {
        for dialect in Dialect::ALL {
            let create = sql::create(ir, dialect).expect("the DDL renders");
            let drop = sql::drop(ir, dialect);
            assert!(
                create.len() >= ir.models.len(),
                "a CREATE per table ({dialect:?})"
            );
            assert!(
                drop.len() >= ir.models.len(),
                "a DROP per table ({dialect:?})"
            );
        }
        for backend in [Backend::Rusqlite, Backend::Postgres, Backend::TokioPostgres] {
            let files = generate(ir, "input.models", backend, Default::default())
                .expect("the code renders");
            assert_eq!(
                files.len(),
                ir.models.len() + 1,
                "a file per model and mod.rs"
            );
        }
        // Writing to disk is slow next to the rest: a quarter of the
        // inputs, told apart by their length, which libFuzzer varies.
        if text.len().is_multiple_of(4) {
            build_into_scratch(ir);
        }
        for format in [GraphFormat::Mermaid, GraphFormat::Dot] {
            render(ir, format).expect("the diagram renders");
        }
    }
    if let Ok(formatted) = format_source(FileId(0), text) {
        let before = parse(FileId(0), text).file;
        let after = parse(FileId(0), &formatted);
        assert!(
            after.diagnostics.is_empty(),
            "fmt output does not parse:\n{formatted}"
        );
        assert_eq!(before, after.file, "fmt changed the meaning of:\n{text}");
        assert_eq!(format_source(FileId(0), &formatted).unwrap(), formatted);
    }
}

/// `ormgen build` into a scratch directory: every file is written, flat,
/// each to a name of its own (ASCII case aside), nothing else is left in
/// the directory, and a second build changes nothing.
fn build_into_scratch(ir: &ormgen::ir::Schema) {
    use ormgen::output::{self, Files};
    let scratch = tempfile::tempdir().expect("a scratch directory");
    let out = scratch.path().join("out");
    let tree =
        ormgen::generate::rust::tree(ir, "input.models", Backend::Rusqlite, Default::default())
            .expect("the code renders");
    let report = output::write_files(&out, &tree).expect("a build into a new directory");
    assert_eq!(report.written.len(), tree.count(), "every file written");
    let mut expected: Vec<String> = (0..tree.count())
        .map(|i| tree.path(i).to_string_lossy().to_ascii_lowercase())
        .collect();
    expected.sort();
    let mut found: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .to_ascii_lowercase()
        })
        .collect();
    found.sort();
    assert_eq!(found, expected, "one file per name, nothing else");
    assert!(output::check_files(&out, &tree).unwrap().is_empty());
    let again = output::write_files(&out, &tree).expect("a second build");
    assert_eq!(again.unchanged.len(), tree.count(), "nothing changes");
}
