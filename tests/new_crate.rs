//! README.md's "in a new crate" steps, word for word: `cargo new`
//! (edition 2024), rusqlite, `ormgen build schema.models -o src/models`,
//! and the example in `main`: it builds without a single warning and runs.

mod common;

use common::{markdown_blocks, root};
use std::fs;
use std::process::Command;

/// The README's fenced blocks of one language.
fn blocks(lang: &str) -> Vec<Vec<String>> {
    markdown_blocks("README.md")
        .into_iter()
        .filter(|(l, _)| l == lang)
        .map(|(_, lines)| lines)
        .collect()
}

#[test]
fn a_new_crate_following_the_readme_builds_without_warnings_and_runs() {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("app");
    let status = Command::new(&cargo)
        .args(["new", "--quiet", "--edition", "2024", "app"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    // `cargo add rusqlite@0.41 --features bundled`, as it writes it.
    let manifest = app.join("Cargo.toml");
    let text = fs::read_to_string(&manifest).unwrap();
    assert!(
        blocks("sh")
            .iter()
            .flatten()
            .any(|l| l.starts_with("cargo add rusqlite@0.41 --features bundled")),
        "the README's set-up adds rusqlite 0.41"
    );
    fs::write(
        &manifest,
        text.replace(
            "[dependencies]",
            "[dependencies]\nrusqlite = { version = \"0.41\", features = [\"bundled\"] }",
        ) + "\n[workspace]\n",
    )
    .unwrap();
    // The workspace's lock file pins the versions, offline.
    fs::copy(root().join("Cargo.lock"), app.join("Cargo.lock")).unwrap();
    // The schema of the README, then `ormgen build schema.models -o src/models`.
    let schema = blocks("")
        .into_iter()
        .find(|b| b.iter().any(|l| l.starts_with("model Person")))
        .unwrap();
    fs::write(app.join("schema.models"), schema.join("\n") + "\n").unwrap();
    let built = Command::new(assert_cmd::cargo::cargo_bin("ormgen"))
        .args(["build", "schema.models", "-o", "src/models"])
        .current_dir(&app)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    // `mod models;` at the top, the rest in main.
    let example = blocks("rust")
        .into_iter()
        .find(|b| b[0].starts_with("mod models;"))
        .unwrap();
    let mut main = format!(
        "{}\n\nfn main() -> Result<(), Box<dyn std::error::Error>> {{\n",
        example[0]
    );
    for line in &example[1..] {
        main.push_str(&format!("    {line}\n"));
    }
    main.push_str("    Ok(())\n}\n");
    fs::write(app.join("src/main.rs"), main).unwrap();

    let run = Command::new(&cargo)
        .args(["run", "--offline", "--quiet"])
        .current_dir(&app)
        // Kept between runs, with the build-script test's probe: rusqlite
        // is compiled once.
        .env(
            "CARGO_TARGET_DIR",
            root().join("target").join("build-script-probe"),
        )
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "warnings:\n{stderr}");
    assert!(app.join("app.db").exists(), "the example made its database");
}
