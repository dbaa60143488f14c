//! Runs each stage of ormgen once on a schema file, each in a function of
//! its own, for counting the instructions a stage executes at each size
//! (`benches/instructions.sh` runs it under callgrind):
//!
//! ```text
//! cargo run --release --example stages -- big.models            # every stage
//! cargo run --release --example stages -- big.models resolve    # parse, resolve
//! ```
//!
//! Instruction counts do not depend on the processor's caches or the
//! machine's load: their ratio between sizes is the work a stage does,
//! where a ratio of times also carries the memory's answer to a larger
//! working set.

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use ormgen::generate::{graph, rust, sql};
use ormgen::source::FileId;
use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: stages FILE [STAGE...]");
    // The stages named, or all; parsing and resolution run whenever a
    // later stage needs their result.
    let named: Vec<String> = args.collect();
    if let Some(unknown) = named.iter().find(|n| !STAGES.contains(&n.as_str())) {
        eprintln!(
            "unknown stage `{unknown}`: the stages are {}",
            STAGES.join(", ")
        );
        std::process::exit(2);
    }
    let wants = |stage: &str| named.is_empty() || named.iter().any(|n| n == stage);
    let text = std::fs::read_to_string(&path).expect("a readable UTF-8 file");
    // English inflection compiles its rules on first use, once per process
    // whatever the schema's size. Done here first, it is counted in no
    // stage.
    ormgen::resolve::naming::plural("model");
    ormgen::resolve::naming::singular("models");
    let file = stage_parse(&text);
    if !STAGES[1..].iter().any(|s| wants(s)) {
        std::mem::forget(file);
        return;
    }
    let ir = stage_resolve(&file);
    if wants("ddl") {
        stage_ddl(&ir);
    }
    if wants("mermaid") {
        stage_mermaid(&ir);
    }
    if wants("rust") {
        stage_rust(&ir);
    }
    // The trees are left to the end of the process, as `ormgen` does.
    std::mem::forget((file, ir));
}

const STAGES: [&str; 5] = ["parse", "resolve", "ddl", "mermaid", "rust"];

#[inline(never)]
fn stage_parse(text: &str) -> ormgen::syntax::ast::File {
    let parsed = ormgen::syntax::parse(FileId(0), text);
    parsed.file.expect("a schema that parses")
}

#[inline(never)]
fn stage_resolve(file: &ormgen::syntax::ast::File) -> ormgen::ir::Schema {
    let (ir, _) = ormgen::resolve::resolve(&[file]);
    ir.expect("a schema without errors")
}

#[inline(never)]
fn stage_ddl(ir: &ormgen::ir::Schema) {
    std::mem::forget(black_box(sql::create(ir, sql::Dialect::Postgres).unwrap()));
}

#[inline(never)]
fn stage_mermaid(ir: &ormgen::ir::Schema) {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::sink());
    graph::write(ir, graph::GraphFormat::Mermaid, &mut out).expect("a sink takes anything");
}

#[inline(never)]
fn stage_rust(ir: &ormgen::ir::Schema) {
    std::mem::forget(black_box(
        rust::generate(
            ir,
            "synth.models",
            rust::Backend::Rusqlite,
            Default::default(),
        )
        .unwrap(),
    ));
}
