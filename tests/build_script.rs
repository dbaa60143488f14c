//! ormgen from a build script: errors fail `cargo build` with the rendered
//! diagnostics, a fixed schema builds, only schema changes rebuild, and the
//! library leaves the command line's dependencies out.

mod common;

use common::root;
use std::fs;
use std::path::Path;
use std::process::Command;

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// `cargo build` of the probe crate: (success, stderr).
fn build(dir: &Path) -> (bool, String) {
    let out = cargo()
        .args(["build", "--offline"])
        .current_dir(dir)
        // Kept between runs, so that only the first compiles ormgen.
        .env(
            "CARGO_TARGET_DIR",
            root().join("target").join("build-script-probe"),
        )
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_build_script_fails_on_errors_and_reruns_only_for_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("Cargo.toml"),
        format!(
            "[package]\nname = \"probe\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n[build-dependencies]\normgen = {{ path = {:?}, default-features = false }}\n",
            root().display().to_string()
        ),
    )
    .unwrap();
    fs::create_dir(d.join("src")).unwrap();
    fs::write(
        d.join("src/main.rs"),
        "fn main() {\n    print!(\"{}\", include_str!(concat!(env!(\"OUT_DIR\"), \"/models.rs\")).len());\n}\n",
    )
    .unwrap();
    fs::write(
        d.join("build.rs"),
        "fn main() -> Result<(), ormgen::BuildError> {\n    ormgen::Builder::new().schema(\"schema.models\").compile()?;\n    Ok(())\n}\n",
    )
    .unwrap();
    fs::write(d.join("notes.txt"), "not a schema\n").unwrap();
    // The workspace's lock file pins the versions, offline.
    fs::copy(root().join("Cargo.lock"), d.join("Cargo.lock")).unwrap();

    fs::write(d.join("schema.models"), "model User {\n  age intger\n}\n").unwrap();
    let (ok, err) = build(d);
    assert!(!ok, "a schema error must fail the build");
    assert!(err.contains("error[E0013]: unknown type `intger`"), "{err}");
    assert!(
        err.contains("schema.models:2:7"),
        "file:line:col in the output:\n{err}"
    );
    assert!(err.contains("^^^^^^"), "carets in the output:\n{err}");

    fs::write(d.join("schema.models"), "model User {\n  age integer\n}\n").unwrap();
    let (ok, err) = build(d);
    assert!(ok, "the fixed schema builds:\n{err}");

    let (ok, err) = build(d);
    assert!(
        ok && !err.contains("Compiling probe"),
        "nothing changed, nothing rebuilt:\n{err}"
    );
    fs::write(d.join("notes.txt"), "still not a schema\n").unwrap();
    let (ok, err) = build(d);
    assert!(
        ok && !err.contains("Compiling probe"),
        "an unrelated file rebuilds nothing:\n{err}"
    );
    fs::write(
        d.join("schema.models"),
        "model User {\n  age integer\n  name string\n}\n",
    )
    .unwrap();
    let (ok, err) = build(d);
    assert!(
        ok && err.contains("Compiling probe"),
        "a schema change rebuilds:\n{err}"
    );

    // Warnings go through as cargo warnings; the build succeeds.
    fs::write(
        d.join("schema.models"),
        "model user_account {\n  age integer\n}\n",
    )
    .unwrap();
    let (ok, err) = build(d);
    assert!(ok, "warnings do not fail the build:\n{err}");
    assert!(
        err.contains("warning[W0001]: model name `user_account` is not PascalCase"),
        "{err}"
    );
}

#[test]
fn the_example_builds_without_the_command_line_dependencies() {
    for edges in ["build", "normal,build"] {
        let out = cargo()
            .args([
                "tree",
                "--offline",
                "-p",
                "blog",
                "--prefix",
                "none",
                "-e",
                edges,
            ])
            .current_dir(root())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let tree = String::from_utf8_lossy(&out.stdout);
        assert!(tree.contains("ormgen v"), "{tree}");
        for cli in ["clap", "anyhow"] {
            assert!(
                !tree.lines().any(|l| l.starts_with(cli)),
                "{cli} in the example's build tree:\n{tree}"
            );
        }
    }
}
