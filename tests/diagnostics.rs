//! Each invalid fixture yields exactly the diagnostics stored at its end.
//! Re-bless after an intended change with `BLESS=1 cargo test --test diagnostics`.

mod common;

use common::*;
use ormgen::diagnostics::{Code, render_human};

#[test]
fn invalid_fixtures_give_their_expected_diagnostics() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for (path, text) in fixtures("invalid") {
        let (schema_text, expected) = split_expectation(&text);
        let schema = ormgen::check([(path.as_str(), schema_text)]);
        assert!(
            !schema.diagnostics.is_empty(),
            "{path}: an invalid fixture must produce a diagnostic"
        );
        let rendered = render_human(&schema.sources, &schema.diagnostics);
        if bless {
            std::fs::write(root().join(&path), with_expectation(schema_text, &rendered)).unwrap();
        } else if expected.as_deref() != Some(rendered.trim_end()) {
            failures.push(format!(
                "{path}\n--- expected\n{}\n--- actual\n{rendered}",
                expected.unwrap_or_else(|| "(none: run with BLESS=1)".into())
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A valid fixture has no errors, and no warnings but those it lists on a
/// `// expect: W0003` line.
#[test]
fn valid_fixtures_have_only_their_expected_warnings() {
    for (path, text) in fixtures("valid") {
        let schema = ormgen::check([(path.as_str(), text.as_str())]);
        let mut expected: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("// expect: "))
            .flat_map(|l| l.split([',', ' ']).filter(|c| !c.is_empty()))
            .collect();
        expected.sort();
        let mut found: Vec<&str> = schema.diagnostics.iter().map(|d| d.code.as_str()).collect();
        found.sort();
        assert_eq!(
            found,
            expected,
            "{path}:\n{}",
            render_human(&schema.sources, &schema.diagnostics)
        );
        assert!(schema.resolved.is_some(), "{path} must resolve");
    }
}

#[test]
fn every_code_is_documented() {
    let doc = std::fs::read_to_string(root().join("docs/diagnostics.md")).unwrap();
    for code in Code::ALL {
        assert!(
            doc.contains(&format!("## {}", code.as_str())),
            "docs/diagnostics.md has no section for {}",
            code.as_str()
        );
    }
}

#[test]
fn a_file_shows_at_most_a_hundred_problems() {
    let body: String = (0..150)
        .map(|i| format!("  a{i} string bogus{i}\n"))
        .collect();
    let text = format!("model A {{\n{body}}}\n");
    let schema = ormgen::check([("many.models", text.as_str())]);
    assert_eq!(schema.diagnostics.len(), 101);
    let last = schema.diagnostics.last().unwrap();
    assert_eq!(last.code, Code::TooManyProblems);
    assert_eq!(
        last.message,
        "50 more problems in this file are not shown (50 errors, 0 warnings)"
    );
    assert!(last.is_error());
    // Other files keep their own allowance.
    let schema = ormgen::check([
        ("many.models", text.as_str()),
        ("one.models", "model B { x intger }"),
    ]);
    assert_eq!(schema.diagnostics.len(), 102);
    assert_eq!(schema.diagnostics[101].code, Code::UnknownType);
}

/// 150 models named in snake_case (W0001 each) and one unknown type at the
/// end: the error is shown, and the hidden warnings are a warning.
#[test]
fn errors_are_not_hidden_behind_warnings() {
    let mut text: String = (0..150)
        .map(|i| format!("model m{i} {{ x string }}\n"))
        .collect();
    text.push_str("model Last { x intger }\n");
    let schema = ormgen::check([("warned.models", text.as_str())]);
    assert_eq!(schema.diagnostics.len(), 101);
    assert_eq!(schema.diagnostics[99].code, Code::UnknownType);
    let last = schema.diagnostics.last().unwrap();
    assert_eq!(last.code, Code::TooManyWarnings);
    assert_eq!(last.message, "51 more warnings in this file are not shown");
    assert!(!last.is_error());
    assert!(schema.resolved.is_none());

    // Warnings alone: the schema resolves and the summary is no error.
    let text: String = (0..150)
        .map(|i| format!("model m{i} {{ x string }}\n"))
        .collect();
    let schema = ormgen::check([("warned.models", text.as_str())]);
    assert!(schema.resolved.is_some());
    assert!(schema.diagnostics.iter().all(|d| !d.is_error()));
    assert_eq!(schema.diagnostics.len(), 101);
}
