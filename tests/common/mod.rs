//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `.models` files of a fixtures folder, sorted, as (relative path, text).
pub fn fixtures(folder: &str) -> Vec<(String, String)> {
    let dir = root().join("fixtures").join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "models"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (relative(&p), text)
        })
        .collect()
}

pub fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The line that separates a fixture from the diagnostics it must produce.
pub const EXPECT_MARKER: &str = "// ---- expected diagnostics ----";

/// Splits a fixture into its schema text and its expectation.
pub fn split_expectation(text: &str) -> (&str, Option<String>) {
    match text.find(EXPECT_MARKER) {
        None => (text, None),
        Some(at) => {
            let expected = text[at + EXPECT_MARKER.len()..]
                .lines()
                .skip(1)
                .map(|l| {
                    l.strip_prefix("// ")
                        .or_else(|| l.strip_prefix("//"))
                        .unwrap_or(l)
                })
                .collect::<Vec<_>>()
                .join("\n");
            (&text[..at], Some(expected.trim_end().to_string()))
        }
    }
}

/// The fixture with `rendered` stored as its expectation.
pub fn with_expectation(schema: &str, rendered: &str) -> String {
    let mut out = schema.trim_end().to_string();
    out.push_str("\n\n");
    out.push_str(EXPECT_MARKER);
    out.push('\n');
    for line in rendered.trim_end().lines() {
        if line.is_empty() {
            out.push_str("//\n");
        } else {
            out.push_str("// ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Proptest cases: `PROPTEST_CASES` when set (for long local runs), else
/// `default` (what CI runs).
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The fenced blocks of a Markdown file of the repository, as (language,
/// lines): the README's and docs/' examples, held against compiled code.
pub fn markdown_blocks(path: &str) -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    let mut out = Vec::new();
    let mut current: Option<(String, Vec<String>)> = None;
    for line in text.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(lang)) => current = Some((lang.to_string(), Vec::new())),
            (Some(_), Some(_)) => out.push(current.take().unwrap()),
            (Some((_, lines)), None) => lines.push(line.to_string()),
            (None, None) => {}
        }
    }
    out
}
