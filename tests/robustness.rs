//! No input makes the library panic: random bytes, and fixtures mutated by
//! deletions, insertions and swapped tokens, go through parse, check and
//! fmt; each either succeeds or yields diagnostics. Whatever fmt accepts it
//! formats idempotently without changing the tree.

mod common;
// The fuzzing entry point's checks; its byte-level entry is for fuzz_smoke.
#[allow(dead_code)]
#[path = "../fuzz/entry.rs"]
mod entry;
#[path = "common/random_schema.rs"]
mod random_schema;

use common::*;
use entry::exercise;
use proptest::prelude::*;
use random_schema::Rng;

const TOKENS: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "\"",
    ",",
    ":",
    "\n",
    " ",
    "/*",
    "*/",
    "//",
    "///",
    "\\",
    "model",
    "enum",
    "options",
    "hasOne",
    "belongsToMany",
    "as",
    "index",
    "unique",
    "default(",
    "string(",
    "-",
    "1.5",
    "é",
    "\r",
    "\t",
    "\u{FEFF}",
    "x",
    "Model",
    "true",
    "null",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut s: Vec<char> = text.chars().collect();
    for _ in 0..=rng.below(4) {
        if s.is_empty() {
            s.extend("model".chars());
        }
        match rng.below(4) {
            0 => {
                let at = rng.below(s.len());
                let len = rng.below(8).min(s.len() - at);
                s.drain(at..at + len);
            }
            1 => {
                let at = rng.below(s.len() + 1);
                let token = rng.word(TOKENS);
                for (i, c) in token.chars().enumerate() {
                    s.insert(at + i, c);
                }
            }
            2 => {
                // Swap two whitespace-separated tokens.
                let text: String = s.iter().collect();
                let mut words: Vec<&str> = text.split(' ').collect();
                if words.len() > 1 {
                    let a = rng.below(words.len());
                    let b = rng.below(words.len());
                    words.swap(a, b);
                }
                s = words.join(" ").chars().collect();
            }
            _ => {
                let at = rng.below(s.len());
                s[at] = rng.word(TOKENS).chars().next().unwrap_or('x');
            }
        }
    }
    s.into_iter().collect()
}

fn corpus() -> Vec<String> {
    let mut texts: Vec<String> = ["valid", "invalid"]
        .iter()
        .flat_map(|f| fixtures(f))
        .map(|(_, t)| split_expectation(&t).0.to_string())
        .collect();
    texts.extend((0..20).map(|seed| random_schema::Gen::new(seed).schema()));
    texts
}

#[test]
fn the_fixtures_themselves_are_handled() {
    for text in corpus() {
        exercise(&text);
    }
}

#[test]
fn pathological_inputs() {
    let deep_object = format!(
        "model A {{ hasOne B {}{} }}",
        "{ a: ".repeat(10_000),
        "}".repeat(10_000)
    );
    let deep_parens = format!("model A {{ x string default{} }}", "(".repeat(100_000));
    let deep_comments = format!("{}x{}", "/*".repeat(10_000), "*/".repeat(10_000));
    let long_line = format!("model A {{ {} }}", "x integer ".repeat(5_000));
    let many_models: String = (0..5_000).map(|i| format!("model M{i} {{}}\n")).collect();
    for text in [
        "",
        "\u{FEFF}",
        "\n\n\n",
        "}",
        "{",
        "model",
        "model A",
        "model A {",
        "\"",
        "///",
        "/*",
        "enum E {",
        "model A { x }",
        "model A { hasOne }",
        "\r\r\r",
        "model A {\r}",
        deep_object.as_str(),
        deep_parens.as_str(),
        deep_comments.as_str(),
        long_line.as_str(),
        many_models.as_str(),
    ] {
        exercise(text);
    }
}

/// Brackets nested as deeply as the scanner lets through reach the
/// grammar, which recurses once per level: that depth must fit the stack of
/// the threads that parse a large file's pieces (the parser relies on the
/// scanner's limit, not on a stack probe).
#[test]
fn the_deepest_nesting_allowed_parses_on_every_thread() {
    use ormgen::syntax::scan::MAX_NESTING;
    // The model's braces are the first level; the options objects the rest.
    let levels = MAX_NESTING - 1;
    let deepest = format!(
        "model A {{\n  hasOne B {}1{}\n}}\n",
        "{ a: ".repeat(levels),
        " }".repeat(levels)
    );
    assert!(ormgen::syntax::scan::scan(&deepest).too_deep.is_none());
    let filler: String = (0..7_000)
        .map(|i| format!("model M{i} {{\n  name string(100) notNull\n}}\n"))
        .collect();
    // Large enough to be parsed in pieces on several threads, with the deep
    // model in the first piece and the last.
    let large = format!("{deepest}{filler}{}", deepest.replace("model A", "model Z"));
    assert!(large.len() > 256 * 1024, "{}", large.len());
    for text in [&deepest, &large] {
        let parsed = ormgen::syntax::parse(ormgen::source::FileId(0), text);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let items = parsed.file.expect("parses").items;
        assert!(items.len() == 1 || items.len() == 7_002, "{}", items.len());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        exercise(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn random_token_soup(picks in proptest::collection::vec(0..TOKENS.len(), 0..60)) {
        let text: String = picks.iter().map(|&i| TOKENS[i]).collect::<Vec<_>>().join(" ");
        exercise(&text);
    }

    #[test]
    fn mutated_fixtures(index in any::<usize>(), seed in any::<u64>()) {
        let corpus = corpus();
        let text = &corpus[index % corpus.len()];
        exercise(&mutate(text, &mut Rng::new(seed)));
    }
}

/// A 50 MB schema (25,000 models, each with 2 KB of comments and a
/// `belongsTo` to the one before) is checked and turned into DDL, without
/// a stack overflow. Its time and memory are measured by `cargo bench` and
/// `/usr/bin/time` (docs/performance.md), not here.
#[test]
fn a_50_mb_schema_finishes() {
    let comment = format!("// {}\n", "c".repeat(96)).repeat(20);
    let mut text = String::with_capacity(52_000_000);
    let models = 25_000;
    for i in 0..models {
        text.push_str(&comment);
        text.push_str(&format!(
            "/// Model {i}.\nmodel M{i} {{\n  name string notNull\n  rank integer default(0)\n"
        ));
        if i > 0 {
            text.push_str(&format!("  belongsTo M{}\n", i - 1));
        }
        text.push_str("}\n");
    }
    assert!(text.len() >= 50_000_000, "{} bytes", text.len());
    let schema = ormgen::check([("big.models", text.as_str())]);
    assert!(
        schema.diagnostics.is_empty(),
        "{:?}",
        &schema.diagnostics[..1]
    );
    let ir = schema.resolved.expect("resolved");
    assert_eq!(ir.models.len(), models);
    let ddl = ormgen::generate::sql::create(&ir, ormgen::generate::sql::Dialect::Postgres).unwrap();
    let tables = ddl.iter().filter(|s| s.starts_with("CREATE TABLE")).count();
    assert_eq!(tables, models);
}
