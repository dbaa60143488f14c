//! Every Rust snippet of README.md and docs/ is compiled: each stands,
//! word for word, in a file that the workspace builds (and, for the
//! README's example, runs: e2e/sqlite/tests/readme.rs), and the README's
//! schema is the fixture that example's code is generated from.

mod common;

use common::{markdown_blocks as blocks, root};

fn lines(path: &str) -> Vec<String> {
    std::fs::read_to_string(root().join(path))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// Whether `run` stands in `file` as consecutive lines, indentation aside.
fn stands_in(run: &[String], file: &[String]) -> bool {
    let trimmed = |l: &String| l.trim().to_string();
    let run: Vec<String> = run.iter().map(trimmed).collect();
    let file: Vec<String> = file.iter().map(trimmed).collect();
    file.windows(run.len()).any(|w| w == run.as_slice())
}

#[test]
fn the_readme_schema_is_the_fixture_its_example_is_built_from() {
    let schema = blocks("README.md")
        .into_iter()
        .find(|(lang, _)| lang.is_empty())
        .expect("the README's schema")
        .1;
    let fixture = lines("fixtures/valid/readme.models");
    let body: Vec<String> = fixture
        .into_iter()
        .skip_while(|l| l.starts_with("//") || l.is_empty())
        .collect();
    assert_eq!(
        schema, body,
        "README.md's schema and fixtures/valid/readme.models"
    );
}

#[test]
fn every_rust_snippet_of_the_docs_is_compiled() {
    let compiled = [
        "e2e/sqlite/tests/readme.rs",
        "e2e/postgres/tests/postgres.rs",
        "examples/blog/build.rs",
        "examples/blog/src/lib.rs",
        "examples/tasks/src/lib.rs",
    ];
    let mut docs = vec!["README.md".to_string()];
    let mut pages: Vec<String> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| format!("docs/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|p| p.ends_with(".md"))
        .collect();
    pages.sort();
    docs.extend(pages);
    let mut seen = 0;
    for doc in &docs {
        for (lang, snippet) in blocks(doc) {
            if lang != "rust" {
                continue;
            }
            seen += 1;
            // A first line naming the file (`// build.rs`), or the README
            // example's `mod models;`, which the compiled copy replaces
            // with the generated module's path.
            let body: Vec<String> = snippet
                .iter()
                .skip_while(|l| l.starts_with("// ") || l.starts_with("mod models;"))
                .cloned()
                .collect();
            assert!(
                compiled.iter().any(|f| stands_in(&body, &lines(f))),
                "a Rust snippet of {doc} is in none of {compiled:?}:\n{}",
                snippet.join("\n")
            );
        }
    }
    assert!(seen >= 3, "{seen} Rust snippets found");
}
