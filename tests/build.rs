//! `ormgen build`: the module tree, deterministic, checked with `--check`,
//! written so that a failure changes nothing and hand-written files stay.

mod common;
// Only `is_root`: the servers are other tests'.
#[allow(dead_code)]
#[path = "common/server.rs"]
mod server;

use assert_cmd::Command;
use common::*;
use std::fs;
use std::path::Path;

fn ormgen() -> Command {
    let mut cmd = Command::cargo_bin("ormgen").unwrap();
    cmd.current_dir(root());
    cmd
}

fn run(cmd: &mut Command) -> (i32, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_checked_in_e2e_code_is_what_build_makes_today() {
    for (path, _) in fixtures("valid") {
        let name = Path::new(&path)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        for (backend, dir) in [
            ("rusqlite", "sqlite"),
            ("postgres", "postgres"),
            ("tokio-postgres", "tokio-postgres"),
        ] {
            let out = format!("e2e/{dir}/src/gen_{name}");
            let (code, err) =
                run(ormgen().args(["build", "--check", "--backend", backend, &path, "-o", &out]));
            assert_eq!(
                code, 0,
                "{out} is stale; regenerate with `cargo run -- build --backend {backend} {path} -o {out}`:\n{err}"
            );
            // Compiled, used by nothing, with every warning denied.
            let unused =
                fs::read_to_string(root().join(format!("e2e/{dir}/src/bin/unused.rs"))).unwrap();
            assert!(
                unused.contains(&format!(
                    "#[path = \"../gen_{name}/mod.rs\"]\nmod gen_{name};"
                )),
                "e2e/{dir}/src/bin/unused.rs does not include gen_{name}"
            );
        }
    }
}

/// The shop's two schemas built with their migrations folders
/// (`--migrations`), compiled and run by e2e/*/tests (shared
/// migrations.rs), are what `build` makes today, laid out as rustfmt would.
#[test]
fn the_checked_in_migration_code_is_what_build_makes_today() {
    for (backend, dir) in [
        ("rusqlite", "sqlite"),
        ("postgres", "postgres"),
        ("tokio-postgres", "tokio-postgres"),
    ] {
        for version in ["v1", "v2"] {
            let out = format!("e2e/{dir}/src/gen_shop_{version}");
            let schema = format!("fixtures/migrations/shop_{version}.models");
            let folder = format!("fixtures/migrations/{version}");
            let (code, err) = run(ormgen().args([
                "build",
                "--check",
                "--backend",
                backend,
                &schema,
                "--migrations",
                &folder,
                "-o",
                &out,
            ]));
            assert_eq!(
                code, 0,
                "{out} is stale; regenerate with `cargo run -- build --backend {backend} {schema} --migrations {folder} -o {out}`:\n{err}"
            );
            let text = fs::read_to_string(root().join(&out).join("mod.rs")).unwrap();
            assert!(text.contains("fn migrate("), "{out} has migrate");
            // Without rustfmt, `generated_code_is_laid_out_as_rustfmt_would`
            // says so.
            let rustfmt = std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into());
            if let Ok(check) = std::process::Command::new(&rustfmt)
                .args(["--edition", "2024", "--check"])
                .arg(root().join(&out).join("mod.rs"))
                .output()
            {
                assert!(
                    check.status.success(),
                    "{out} is not as rustfmt lays it out:\n{}",
                    String::from_utf8_lossy(&check.stdout)
                );
            }
        }
    }
}

/// The README schema built with `--serde`, compiled and used in
/// e2e/sqlite/tests/serde.rs, is what `build --serde` makes today.
#[test]
fn the_checked_in_serde_code_is_what_build_makes_today() {
    for (backend, dir) in [("rusqlite", "sqlite"), ("postgres", "postgres")] {
        let out = format!("e2e/{dir}/src/serde_readme");
        let (code, err) = run(ormgen().args([
            "build",
            "--check",
            "--serde",
            "--backend",
            backend,
            "fixtures/valid/readme.models",
            "-o",
            &out,
        ]));
        assert_eq!(
            code, 0,
            "{out} is stale; regenerate with `cargo run -- build --serde --backend {backend} fixtures/valid/readme.models -o {out}`:\n{err}"
        );
    }
}

#[test]
fn builds_are_deterministic_and_headed() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let schema = "fixtures/valid/everything.models";
    assert_eq!(
        run(ormgen().args(["build", schema, "-o"]).arg(a.path())).0,
        0
    );
    assert_eq!(
        run(ormgen().args(["build", schema, "-o"]).arg(b.path())).0,
        0
    );
    let (first, second) = (snapshot(a.path()), snapshot(b.path()));
    assert_eq!(first, second, "byte-identical output");
    for (name, bytes) in &first {
        let text = String::from_utf8_lossy(bytes);
        let header = text.lines().next().unwrap();
        assert!(
            header.contains("@generated by ormgen") && header.contains("do not edit"),
            "{name}"
        );
        assert!(
            !text.contains(&*a.path().to_string_lossy()),
            "{name} holds an absolute path"
        );
        assert!(
            !text.contains(env!("CARGO_PKG_VERSION")) || name == "none",
            "{name} holds a version"
        );
    }
    let names: Vec<&str> = first.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "driving_license.rs",
            "group.rs",
            "membership.rs",
            "mod.rs",
            "person.rs",
            "person_children.rs",
            "picture.rs"
        ]
    );
}

#[test]
fn check_passes_after_a_build_and_fails_after_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("s.models");
    let out = dir.path().join("gen");
    fs::write(&schema, "model User {\n  name string\n}\n").unwrap();
    assert_eq!(
        run(ormgen().arg("build").arg(&schema).arg("-o").arg(&out)).0,
        0
    );
    assert_eq!(
        run(ormgen()
            .args(["build", "--check"])
            .arg(&schema)
            .arg("-o")
            .arg(&out))
        .0,
        0
    );
    fs::write(
        &schema,
        "model User {\n  name string\n  age integer\n}\nmodel Team {}\n",
    )
    .unwrap();
    let (code, err) = run(ormgen()
        .args(["build", "--check"])
        .arg(&schema)
        .arg("-o")
        .arg(&out));
    assert_eq!(code, 1);
    assert!(
        err.contains("out of date:") && err.contains("user.rs"),
        "{err}"
    );
    assert!(err.contains("missing:") && err.contains("team.rs"), "{err}");
    // A removed model's file is removed by the next build.
    assert_eq!(
        run(ormgen().arg("build").arg(&schema).arg("-o").arg(&out)).0,
        0
    );
    fs::write(&schema, "model User {\n  name string\n}\n").unwrap();
    let (code, err) = run(ormgen()
        .args(["build", "--check"])
        .arg(&schema)
        .arg("-o")
        .arg(&out));
    assert_eq!(code, 1);
    assert!(
        err.contains("no longer generated:") && err.contains("team.rs"),
        "{err}"
    );
    assert_eq!(
        run(ormgen().arg("build").arg(&schema).arg("-o").arg(&out)).0,
        0
    );
    assert!(!out.join("team.rs").exists());
}

#[test]
fn a_failed_build_leaves_the_output_as_it_was_and_hand_written_files_stay() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("s.models");
    let out = dir.path().join("gen");
    fs::write(&schema, "model User {\n  name string\n}\n").unwrap();
    assert_eq!(
        run(ormgen().arg("build").arg(&schema).arg("-o").arg(&out)).0,
        0
    );
    fs::write(out.join("helpers.rs"), "// mine\n").unwrap();
    let before = snapshot(&out);

    fs::write(&schema, "model User {\n  name strin\n}\n").unwrap();
    let (code, err) = run(ormgen().arg("build").arg(&schema).arg("-o").arg(&out));
    assert_eq!(code, 1);
    assert!(err.contains("error[E0013]"), "{err}");
    assert_eq!(snapshot(&out), before, "a schema error changes nothing");

    // A model whose file would replace a hand-written one: refused, unchanged.
    fs::write(&schema, "model User {\n  name string\n}\nmodel Helper {}\n").unwrap();
    fs::write(out.join("helper.rs"), "// also mine\n").unwrap();
    let before = snapshot(&out);
    let (code, err) = run(ormgen().arg("build").arg(&schema).arg("-o").arg(&out));
    assert_eq!(code, 2);
    assert!(
        err.contains("helper.rs exists and was not generated by ormgen"),
        "{err}"
    );
    assert_eq!(snapshot(&out), before);
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "no staging directory left: {leftovers:?}"
    );
}

#[test]
fn generated_code_is_laid_out_as_rustfmt_would() {
    let rustfmt = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    if std::process::Command::new(&rustfmt)
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("\n*** SKIPPED: rustfmt is not installed (rustup component add rustfmt) ***\n");
        return;
    }
    for ((path, _), backend) in fixtures("valid").into_iter().flat_map(|f| {
        [
            (f.clone(), "rusqlite"),
            (f.clone(), "postgres"),
            (f, "tokio-postgres"),
        ]
    }) {
        let out = tempfile::tempdir().unwrap();
        assert_eq!(
            run(ormgen()
                .args(["build", "--backend", backend, &path, "-o"])
                .arg(out.path()))
            .0,
            0
        );
        // mod.rs names every other file, so rustfmt checks them all.
        let check = std::process::Command::new(&rustfmt)
            .args(["--edition", "2024", "--check"])
            .arg(out.path().join("mod.rs"))
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{path} ({backend}): rustfmt would change the generated code:\n{}",
            String::from_utf8_lossy(&check.stdout)
        );
    }
}

#[test]
fn concurrent_builds_into_one_directory_leave_one_whole_tree() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gen");
    let a = dir.path().join("a.models");
    let b = dir.path().join("b.models");
    fs::write(
        &a,
        "model User {\n  name string\n  hasMany Post\n}\nmodel Post {}\n",
    )
    .unwrap();
    fs::write(
        &b,
        "model Team {\n  name string\n}\nmodel Player {\n  belongsTo Team\n}\n",
    )
    .unwrap();
    let bin = assert_cmd::cargo::cargo_bin("ormgen");
    for _ in 0..10 {
        let mut children: Vec<std::process::Child> = [&a, &b, &a, &b]
            .iter()
            .map(|schema| {
                std::process::Command::new(&bin)
                    .arg("build")
                    .arg(schema)
                    .arg("-o")
                    .arg(&out)
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in &mut children {
            assert!(child.wait().unwrap().success());
        }
        // Whichever came last, the directory is exactly its output.
        let a_current = run(ormgen()
            .args(["build", "--check"])
            .arg(&a)
            .arg("-o")
            .arg(&out))
        .0 == 0;
        let b_current = run(ormgen()
            .args(["build", "--check"])
            .arg(&b)
            .arg("-o")
            .arg(&out))
        .0 == 0;
        assert!(
            a_current ^ b_current,
            "a mix of two builds: {:?}",
            snapshot(&out).iter().map(|f| &f.0).collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_build_killed_while_writing_leaves_the_output_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gen");
    let small = dir.path().join("small.models");
    fs::write(&small, "model User {\n  name string\n}\n").unwrap();
    assert_eq!(
        run(ormgen().arg("build").arg(&small).arg("-o").arg(&out)).0,
        0
    );
    let before = snapshot(&out);
    // A schema whose files exceed a 64 KiB file-size limit: the process is
    // stopped (SIGXFSZ) in the middle of writing, as on a full disk.
    let big = dir.path().join("big.models");
    let mut text = String::new();
    for i in 0..300 {
        text.push_str(&format!(
            "model M{i} {{\n  name string\n  hasMany M{} as followers\n}}\n",
            i + 1
        ));
    }
    text.push_str("model M300 {}\n");
    fs::write(&big, text).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("ormgen");
    let build_under_limit = |out: &Path| {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "ulimit -f 64; exec '{}' build '{}' -o '{}'",
                bin.display(),
                big.display(),
                out.display()
            ))
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap()
    };
    let status = build_under_limit(&out);
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(
        status.signal(),
        Some(25),
        "stopped by SIGXFSZ while writing, not by an error: {status}"
    );
    // The killed build left its journal; what the next run sees is the
    // old tree, once the journal's uncommitted staging is thrown away.
    assert!(ormgen::output::recover(&out).unwrap());
    assert_eq!(snapshot(&out), before, "the output directory is untouched");
    // Killed while writing a directory that did not exist: it holds no
    // Rust file, and the next build finishes cleanly.
    let fresh = dir.path().join("fresh");
    let status = build_under_limit(&fresh);
    assert_eq!(status.signal(), Some(25), "{status}");
    assert!(
        fs::read_dir(&fresh).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".rs")),
        "no half-written new directory"
    );
    assert_eq!(
        run(ormgen().arg("build").arg(&big).arg("-o").arg(&fresh)).0,
        0
    );
    assert_no_staging(&fresh);
    assert_no_staging(dir.path());
}

/// Nothing of a build's own (`.ormgen-*`: journal, staging) is left in
/// `dir`.
fn assert_no_staging(dir: &Path) {
    let names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".ormgen-")),
        "nothing of the build left: {names:?}"
    );
}

#[test]
fn generated_code_uses_only_the_crates_its_types_need() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        run(ormgen()
            .args(["build", "fixtures/valid/user_groups.models", "-o"])
            .arg(dir.path()))
        .0,
        0
    );
    let all: String = snapshot(dir.path())
        .into_iter()
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .collect();
    for unused in ["chrono::", "uuid::", "rust_decimal::", "serde_json::"] {
        assert!(
            !all.contains(unused),
            "strings and integers need no {unused}"
        );
    }
    assert!(all.contains("rusqlite::"));
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        run(ormgen()
            .args(["build", "fixtures/valid/everything.models", "-o"])
            .arg(dir.path()))
        .0,
        0
    );
    let all: String = snapshot(dir.path())
        .into_iter()
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .collect();
    for used in ["chrono::", "uuid::", "rust_decimal::", "serde_json::"] {
        assert!(all.contains(used), "the schema's types need {used}");
    }
}

#[test]
fn the_builder_writes_one_file_where_told_and_reports_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = ormgen::Builder::new()
        .schema(root().join("fixtures/valid/person_driving_license.models"))
        .out_dir(dir.path())
        .file_name("db")
        .compile()
        .unwrap();
    assert_eq!(path, dir.path().join("db.rs"));
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.starts_with(ormgen::output::HEADER));
    assert!(text.contains("pub mod person {") && text.contains("pub mod driving_license {"));
    assert!(
        !text.contains("#![") && !text.contains("//!"),
        "include! refuses inner attributes"
    );
    // A model's documentation is the outer doc comment of its module.
    assert!(
        text.contains(
            "/// The model `Person`, stored in the table `people`.\n#[allow(dead_code, unused_imports)]\npub mod person {"
        ),
        "{text}"
    );
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "one file");

    let err = ormgen::Builder::new()
        .schema(root().join("fixtures/invalid/misspelt_type.models"))
        .out_dir(dir.path())
        .compile()
        .unwrap_err();
    let message = format!("{err:?}");
    assert!(
        message.contains("error[E0013]: unknown type `intger`"),
        "{message}"
    );
    assert!(message.contains("misspelt_type.models:3:7"), "{message}");
    assert!(matches!(
        ormgen::Builder::new().out_dir(dir.path()).compile(),
        Err(ormgen::BuildError::NoSchema)
    ));
}

/// `ormgen` as a user whom file permissions bind: the tests' own user, or
/// `nobody` through runuser when they run as root (root writes anywhere).
fn unprivileged_ormgen() -> Option<std::process::Command> {
    let bin = assert_cmd::cargo::cargo_bin("ormgen");
    if !server::is_root() {
        return Some(std::process::Command::new(bin));
    }
    let has_nobody = std::process::Command::new("id")
        .arg("nobody")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_nobody {
        return None;
    }
    let mut cmd = std::process::Command::new("runuser");
    cmd.args(["-u", "nobody", "--"]).arg(bin);
    Some(cmd)
}

#[test]
fn an_unwritable_output_directory_changes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path, m: u32| fs::set_permissions(p, fs::Permissions::from_mode(m)).unwrap();
    if unprivileged_ormgen().is_none() {
        eprintln!("\n*** SKIPPED: running as root with no `nobody` user to drop to ***\n");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    mode(dir.path(), 0o755);
    let schema = dir.path().join("schema.models");
    fs::write(&schema, "model User {\n  name string\n}\n").unwrap();
    mode(&schema, 0o644);
    let out = dir.path().join("gen");
    assert_eq!(
        run(ormgen().arg("build").arg(&schema).arg("-o").arg(&out)).0,
        0
    );
    let before = snapshot(&out);
    // A new model: a build that succeeded would add a file.
    fs::write(&schema, "model User {\n  name string\n}\nmodel Post {}\n").unwrap();

    // The output and the directory it sits in are read-only to the user;
    // then only the output: the staging directory can be made beside it,
    // but nothing moved in.
    for (parent, output) in [(0o755, 0o755), (0o777, 0o555)] {
        mode(dir.path(), parent);
        mode(&out, output);
        let result = unprivileged_ormgen()
            .unwrap()
            .arg("build")
            .arg(&schema)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        mode(dir.path(), 0o755);
        mode(&out, 0o755);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(
            result.status.code(),
            Some(2),
            "an I/O error, not a crash ({parent:o}/{output:o}):\n{stderr}"
        );
        assert!(
            stderr.contains("ermission denied") && stderr.contains(&*dir.path().to_string_lossy()),
            "the error names the cause and the place:\n{stderr}"
        );
        assert_eq!(snapshot(&out), before, "the output is as it was");
        assert_no_staging(dir.path());
        assert_no_staging(&out);
    }
}

/// The builder's `serde(true)` is the CLI's `--serde`: the same derives.
#[test]
fn the_builder_derives_serde_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let schema = root().join("fixtures/valid/readme.models");
    let path = ormgen::Builder::new()
        .schema(&schema)
        .out_dir(dir.path())
        .serde(true)
        .compile()
        .unwrap();
    let text = fs::read_to_string(path).unwrap();
    assert!(
        text.contains("serde::Serialize, serde::Deserialize"),
        "{text}"
    );
    assert!(text.contains("#[serde(rename = \"member\")]"), "{text}");
    let plain = ormgen::Builder::new()
        .schema(&schema)
        .out_dir(dir.path())
        .file_name("plain")
        .compile()
        .unwrap();
    assert!(!fs::read_to_string(plain).unwrap().contains("serde::"));
}
