//! One generator for every driver: the async backend's code is the sync
//! PostgreSQL backend's, `async` and awaited, over `tokio_postgres` and a
//! client trait of its own. For every fixture, its output with `async`,
//! `.await`, the crate's name and the client type taken out (and the
//! client trait it defines) is, once laid out by rustfmt, the sync output.

mod common;

use common::*;
use ormgen::generate::rust::{Backend, Derives, tree};
use ormgen::output::Files;
use std::io::Write;
use std::process::{Command, Stdio};

fn rustfmt(text: &str) -> Option<String> {
    let mut child = Command::new(std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into()))
        .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(text.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The async text with what makes it async taken out.
fn without_async(text: &str) -> String {
    let mut text = text.to_string();
    // The client trait and its two impls, which only the async root has.
    if let Some(start) = text.find("/// What the generated functions run their statements on") {
        let end = text
            .find("/// Creates every type, table and index")
            .unwrap();
        text.replace_range(start..end, "");
    }
    text.replace("pub async fn", "pub fn")
        .replace(".await", "")
        .replace("tokio_postgres::", "postgres::")
        .replace("impl super::GenericClient", "impl postgres::GenericClient")
        .replace("impl GenericClient", "impl postgres::GenericClient")
        .replace("ToSql + Sync + Send", "ToSql + Sync")
}

#[test]
fn the_async_backend_is_the_sync_one_awaited() {
    let Some(_) = rustfmt("fn main() {}\n") else {
        eprintln!("\n*** SKIPPED: rustfmt is not installed ***\n");
        return;
    };
    let mut compared = 0;
    for (path, source) in fixtures("valid") {
        let checked = ormgen::check([(path.as_str(), source.as_str())]);
        let schema = checked.resolved.expect("valid fixtures resolve");
        let generate = |backend| {
            let files = tree(&schema, "models", backend, Derives::default()).expect("renders");
            (0..files.count())
                .map(|i| {
                    let text = files.contents(i).expect("renders").into_owned();
                    (files.path(i).display().to_string(), text)
                })
                .collect::<Vec<_>>()
        };
        let sync = generate(Backend::Postgres);
        let asynchronous = generate(Backend::TokioPostgres);
        assert_eq!(sync.len(), asynchronous.len(), "{path}: the same files");
        for ((name, sync), (async_name, async_text)) in sync.iter().zip(&asynchronous) {
            assert_eq!(name, async_name);
            assert!(async_text.contains("async fn"), "{path} {name} is async");
            let expected = rustfmt(sync).unwrap();
            let got = rustfmt(&without_async(async_text)).expect("rustfmt reads it");
            if got != expected {
                let diff: Vec<_> = expected
                    .lines()
                    .zip(got.lines())
                    .filter(|(a, b)| a != b)
                    .take(6)
                    .collect();
                panic!("{path} {name}: the async code is not the sync code awaited: {diff:#?}");
            }
            compared += 1;
        }
    }
    assert!(compared > 30, "every fixture's files compared ({compared})");
}
