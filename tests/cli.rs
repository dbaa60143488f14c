//! The `ormgen` binary: exit codes, output formats, files and directories.

mod common;

use assert_cmd::Command;
use common::*;
use std::fs;

fn ormgen() -> Command {
    let mut cmd = Command::cargo_bin("ormgen").unwrap();
    cmd.current_dir(root());
    cmd
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn check_a_valid_fixture_is_silent_and_succeeds() {
    let (code, out, err) =
        run(ormgen().args(["check", "fixtures/valid/person_driving_license.models"]));
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
}

#[test]
fn check_reports_errors_with_location_and_caret_and_exits_1() {
    let (code, _, err) = run(ormgen().args(["check", "fixtures/invalid/misspelt_type.models"]));
    assert_eq!(code, 1);
    assert!(err.contains("error[E0013]: unknown type `intger`"), "{err}");
    assert!(
        err.contains("--> fixtures/invalid/misspelt_type.models:3:7"),
        "{err}"
    );
    assert!(err.contains("3 |   age intger\n  |       ^^^^^^"), "{err}");
    assert!(err.contains("= help: did you mean `integer`?"), "{err}");
    assert!(err.ends_with("1 error, 0 warnings\n"), "{err}");
}

#[test]
fn warnings_pass_unless_denied() {
    let file = "fixtures/invalid/naming_conventions.models";
    let (code, _, err) = run(ormgen().args(["check", file]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning[W0001]"));
    let (code, _, _) = run(ormgen().args(["check", "--deny-warnings", file]));
    assert_eq!(code, 1);
}

#[test]
fn json_output_has_every_field() {
    let (code, out, err) = run(ormgen().args([
        "check",
        "--format",
        "json",
        "fixtures/invalid/duplicate_modifier.models",
    ]));
    assert_eq!(code, 1);
    assert_eq!(err, "", "json goes to stdout alone");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let d = &json["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "E0014");
    assert_eq!(d["message"], "`notNull` is given twice");
    assert_eq!(d["file"], "fixtures/invalid/duplicate_modifier.models");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(31))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(2), Some(38))
    );
    assert_eq!(d["help"], "remove one of them");
    let labels = d["labels"].as_array().unwrap();
    assert_eq!(labels[0]["message"], "again here");
    assert_eq!(labels[1]["message"], "first here");
    assert_eq!(labels[1]["column"].as_u64(), Some(16));
}

#[test]
fn json_output_of_a_clean_schema_is_an_empty_list() {
    let (code, out, _) = run(ormgen().args([
        "check",
        "--format=json",
        "fixtures/valid/user_groups.models",
    ]));
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["diagnostics"], serde_json::json!([]));
}

#[test]
fn every_file_is_reported_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.models"), "modle A {}\n").unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::write(
        dir.path().join("sub/b.models"),
        "model B {\n  x integer notnul\n}\n",
    )
    .unwrap();
    fs::write(dir.path().join("notes.txt"), "not a schema {").unwrap();
    let (code, _, err) = run(ormgen().arg("check").arg(dir.path()));
    assert_eq!(code, 1);
    let a = err.find("a.models:1:1").expect(&err);
    let b = err.find("b.models:2:13").expect(&err);
    assert!(a < b, "files in sorted order:\n{err}");
    assert!(!err.contains("notes.txt"));
    assert!(err.contains("2 errors"));
}

#[test]
fn a_schema_may_span_several_files() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("enums.models"),
        "enum Role { admin, member }\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("user.models"),
        "model User {\n  role Role\n}\n",
    )
    .unwrap();
    let (code, _, err) = run(ormgen().arg("check").arg(dir.path()));
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(ormgen().arg("check").arg(dir.path().join("user.models")));
    assert_eq!(code, 1, "the enum is in the other file");
    assert!(err.contains("unknown type `Role`"));
}

#[test]
fn usage_and_io_errors_exit_2() {
    let (code, _, err) = run(ormgen().args(["check", "no/such/file.models"]));
    assert_eq!(code, 2);
    assert!(err.contains("no/such/file.models"), "{err}");
    let empty = tempfile::tempdir().unwrap();
    let (code, _, err) = run(ormgen().arg("check").arg(empty.path()));
    assert_eq!(code, 2);
    assert!(err.contains("no .models files"), "{err}");
    let (code, _, _) = run(ormgen().args(["check", "--format", "xml", "x.models"]));
    assert_eq!(code, 2);
    let (code, _, _) = run(ormgen().args(["frobnicate"]));
    assert_eq!(code, 2);
    let (code, _, _) = run(ormgen().args(["check"]));
    assert_eq!(code, 2);
}

#[test]
fn non_utf8_files_get_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.models");
    fs::write(&path, b"model Caf\xe9 {}\n").unwrap();
    let (code, _, err) = run(ormgen().arg("check").arg(&path));
    assert_eq!(code, 1);
    assert!(
        err.contains("error[E0011]: file is not valid UTF-8 (first bad byte at line 1, column 10)"),
        "{err}"
    );
}

#[test]
fn fmt_rewrites_and_check_mode_reports() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.models");
    fs::write(
        &path,
        "model A {\nid integer primaryKey\n  longName string  notNull // keep me\n}",
    )
    .unwrap();

    let (code, _, err) = run(ormgen().args(["fmt", "--check"]).arg(&path));
    assert_eq!(code, 1);
    assert!(err.contains("not formatted:"), "{err}");
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .starts_with("model A {\nid"),
        "--check wrote"
    );

    let (code, _, _) = run(ormgen().arg("fmt").arg(&path));
    assert_eq!(code, 0);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "model A {\n  id       integer primaryKey\n  longName string  notNull // keep me\n}\n"
    );
    let (code, _, err) = run(ormgen().args(["fmt", "--check"]).arg(&path));
    assert_eq!((code, err.as_str()), (0, ""));
    // Idempotent on disk too.
    let before = fs::read(&path).unwrap();
    run(ormgen().arg("fmt").arg(&path));
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn fmt_leaves_a_file_with_syntax_errors_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.models");
    let good = dir.path().join("good.models");
    let bad_text = "model A {\n  x\n}\n";
    fs::write(&bad, bad_text).unwrap();
    fs::write(&good, "model   B {}").unwrap();
    let (code, _, err) = run(ormgen().arg("fmt").arg(dir.path()));
    assert_eq!(code, 1);
    assert!(err.contains("error[E0001]"), "{err}");
    assert_eq!(fs::read_to_string(&bad).unwrap(), bad_text);
    assert_eq!(
        fs::read_to_string(&good).unwrap(),
        "model B {}\n",
        "other files still formatted"
    );
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "no temporary files left: {leftovers:?}");
}

/// More than 100 warnings in a file and no error: the run still passes,
/// and says how many warnings it did not show.
#[test]
fn many_warnings_alone_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("warned.models");
    let text: String = (0..150)
        .map(|i| format!("model m{i} {{ x string }}\n"))
        .collect();
    fs::write(&path, text).unwrap();
    let (code, _, err) = run(ormgen().arg("check").arg(&path));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning[W0004]: 50 more warnings in this file are not shown"),
        "{err}"
    );
    assert!(!err.contains("error["), "{err}");
    let (code, _, _) = run(ormgen().args(["check", "--deny-warnings"]).arg(&path));
    assert_eq!(code, 1);
}

/// A directory is every `.models` file below it, at any depth; other
/// files are not touched, and each file keeps its place.
#[test]
fn fmt_formats_every_models_file_in_nested_directories() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("a/b/c");
    fs::create_dir_all(&deep).unwrap();
    let top = dir.path().join("top.models");
    let nested = deep.join("nested.models");
    let notes = dir.path().join("a/notes.txt");
    fs::write(&top, "model   Top {}").unwrap();
    fs::write(&nested, "model Nested {\nname   string\n}").unwrap();
    fs::write(&notes, "model   NotASchema {}").unwrap();

    let (code, _, err) = run(ormgen().args(["fmt", "--check"]).arg(dir.path()));
    assert_eq!(code, 1);
    assert_eq!(err.matches("not formatted:").count(), 2, "{err}");
    assert!(err.contains("nested.models"), "{err}");

    let (code, _, _) = run(ormgen().arg("fmt").arg(dir.path()));
    assert_eq!(code, 0);
    assert_eq!(fs::read_to_string(&top).unwrap(), "model Top {}\n");
    assert_eq!(
        fs::read_to_string(&nested).unwrap(),
        "model Nested {\n  name string\n}\n"
    );
    assert_eq!(fs::read_to_string(&notes).unwrap(), "model   NotASchema {}");
    let (code, _, err) = run(ormgen().args(["fmt", "--check"]).arg(dir.path()));
    assert_eq!((code, err.as_str()), (0, ""));
    let in_deep: Vec<_> = fs::read_dir(&deep)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(in_deep, ["nested.models"], "no temporary files left");
}

#[test]
fn graph_prints_mermaid_or_dot_and_refuses_a_broken_schema() {
    let (code, out, err) = run(ormgen().args(["graph", "fixtures/valid/user_groups.models"]));
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.starts_with("erDiagram\n"));
    assert!(
        out.contains("    users ||--o{ user_groups : \"groups\"\n"),
        "{out}"
    );
    let (code, out, _) = run(ormgen().args([
        "graph",
        "--format",
        "dot",
        "fixtures/valid/user_groups.models",
    ]));
    assert_eq!(code, 0);
    assert!(out.starts_with("digraph schema {"));
    let (code, out, err) = run(ormgen().args(["graph", "fixtures/invalid/cycle.models"]));
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains(
        "error[E0201]: cyclic foreign-key dependency: documents -> versions -> documents"
    ));
}

#[test]
fn check_reports_a_cycle_with_both_locations() {
    let (code, _, err) = run(ormgen().args(["check", "fixtures/invalid/cycle.models"]));
    assert_eq!(code, 1);
    assert!(
        err.contains("--> fixtures/invalid/cycle.models:6:3"),
        "{err}"
    );
    assert!(err.contains("5 |   hasMany Version"), "{err}");
    assert!(
        err.contains("`versions.document_id` references `documents` (Document hasMany versions)"),
        "{err}"
    );
    assert!(err.contains("= help: add `constraints: false`"), "{err}");
}

#[test]
fn a_syntax_error_in_one_file_does_not_make_its_models_unknown_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.models"), "model Team {\n  name\n}\n").unwrap();
    fs::write(
        dir.path().join("b.models"),
        "model User {\n  belongsTo Team\n}\n",
    )
    .unwrap();
    let (code, _, err) = run(ormgen().arg("check").arg(dir.path()));
    assert_eq!(code, 1);
    assert!(err.contains("error[E0001]"), "{err}");
    assert!(!err.contains("E0107"), "no bogus unknown model: {err}");
}

#[test]
fn ddl_prints_statements_in_dependency_order_for_each_dialect() {
    let (code, out, err) = run(ormgen().args([
        "ddl",
        "--dialect",
        "postgres",
        "fixtures/valid/user_groups.models",
    ]));
    assert_eq!((code, err.as_str()), (0, ""));
    let users = out.find("CREATE TABLE \"users\"").expect(&out);
    let junction = out.find("CREATE TABLE \"user_groups\"").expect(&out);
    assert!(users < junction, "referenced tables first");
    let (code, out, _) = run(ormgen().args([
        "ddl",
        "--dialect",
        "mysql",
        "--drop",
        "fixtures/valid/user_groups.models",
    ]));
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "DROP TABLE IF EXISTS `user_groups`;\n\nDROP TABLE IF EXISTS `groups`;\n\nDROP TABLE IF EXISTS `users`;\n\n"
    );
    let (code, out, _) = run(ormgen().args([
        "ddl",
        "--dialect",
        "sqlite",
        "fixtures/invalid/cycle.models",
    ]));
    assert_eq!((code, out.as_str()), (1, ""));
    let (code, _, _) = run(ormgen().args(["ddl", "fixtures/valid/user_groups.models"]));
    assert_eq!(code, 2, "--dialect is required");
}

/// `ormgen ddl ... | head` and `ormgen graph ... | head`: once the reader
/// has gone, the rest of the output has nowhere to go, and that is no
/// error to report.
#[test]
fn a_reader_that_stops_early_gets_no_error() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("many.models");
    // Far more output than a pipe holds.
    let text: String = (0..3000)
        .map(|i| format!("model M{i} {{\n  name string\n  title string\n}}\n"))
        .collect();
    fs::write(&schema, text).unwrap();
    for args in [
        &["ddl", "--dialect", "postgres"][..],
        &["graph"],
        &["graph", "--format", "dot"],
    ] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ormgen"))
            .args(args)
            .arg(&schema)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The pipe's reading end is closed here.
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).as_ref()
            ),
            (Some(0), ""),
            "{args:?}"
        );
    }
}

/// Diagnostics that can't be written (standard error closed, or full; a
/// JSON report to a full disk) end the run with exit 2, never a panic
/// (101) and never a silent success.
#[test]
fn a_report_that_cannot_be_written_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("bad");
    fs::create_dir(&schema).unwrap();
    // Enough diagnostics to fill a pipe's buffer many times over (a file
    // shows at most 100).
    for f in 0..20 {
        let mut text = String::new();
        for i in 0..60 {
            text.push_str(&format!("model M{f}x{i} {{\n  a intger\n  b strng\n}}\n"));
        }
        fs::write(schema.join(format!("f{f}.models")), text).unwrap();
    }
    let full = || {
        fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let bin = assert_cmd::cargo::cargo_bin("ormgen");

    let status = std::process::Command::new(&bin)
        .arg("check")
        .arg(&schema)
        .stderr(full())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2), "stderr full");

    for args in [
        &["check", "--format", "json"][..],
        &[
            "check",
            "--format",
            "json",
            "fixtures/valid/everything.models",
        ][..],
    ] {
        let mut cmd = std::process::Command::new(&bin);
        cmd.args(args);
        if args.len() == 3 {
            cmd.arg(&schema);
        }
        let status = cmd.current_dir(root()).stdout(full()).status().unwrap();
        assert_eq!(status.code(), Some(2), "{args:?} to a full disk");
    }

    // A reader that takes ten bytes and goes away.
    use std::io::Read;
    let mut child = std::process::Command::new(&bin)
        .arg("check")
        .arg(&schema)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 10];
    child.stderr.take().unwrap().read_exact(&mut first).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(2), "stderr closed early: {status}");
}

/// `/dev/zero`, a FIFO, a file larger than the limit: never read forever
/// or blocked on. A FIFO in a schema directory is skipped; named, it is
/// refused; a file over the limit is E0011.
#[test]
fn devices_fifos_and_huge_files_are_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.models"), "model A {\n  x string\n}\n").unwrap();
    let fifo = dir.path().join("pipe.models");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let (code, _, err) = run(ormgen().arg("check").arg(dir.path()));
    assert_eq!((code, err.as_str()), (0, ""), "the FIFO is skipped");
    for named in [fifo.as_path(), std::path::Path::new("/dev/zero")] {
        let (code, _, err) = run(ormgen().arg("check").arg(named));
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("not a regular file"), "{err}");
    }
    let huge = dir.path().join("huge");
    fs::create_dir(&huge).unwrap();
    let file = fs::File::create(huge.join("huge.models")).unwrap();
    file.set_len(ormgen::schema::MAX_FILE_BYTES + 1).unwrap();
    let (code, _, err) = run(ormgen().arg("check").arg(&huge));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error[E0011]: schema file is larger than 256 MiB"),
        "{err}"
    );
}

/// A file named twice, or a directory and a file in it, is read once:
/// no "declared twice" against itself.
#[test]
fn a_file_named_twice_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.models");
    fs::write(&file, "model A {\n  x string\n}\n").unwrap();
    let (code, _, err) = run(ormgen()
        .arg("check")
        .arg(&file)
        .arg(&file)
        .arg(dir.path())
        .arg(dir.path().join(".").join("a.models")));
    assert_eq!((code, err.as_str()), (0, ""));
}

/// NUL and ESC in a schema are shown as `␀` and `␛`, never sent raw to a
/// terminal; a file that is not UTF-8 is reported at its first bad byte.
#[test]
fn control_characters_and_bad_bytes_are_shown_safely() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ctl.models");
    fs::write(&file, "model A {\n  x str\x1b[31mred\0ing\n}\n").unwrap();
    let (code, _, err) = run(ormgen().arg("check").arg(&file));
    assert_eq!(code, 1);
    assert!(!err.contains('\x1b') && !err.contains('\0'), "{err:?}");
    assert!(err.contains("str␛[31mred␀ing"), "{err}");
    let bad = dir.path().join("bad.models");
    fs::write(&bad, b"model A {\n  x string\n  y \xff\n}\n").unwrap();
    let (code, _, err) = run(ormgen().arg("check").arg(&bad));
    assert_eq!(code, 1);
    assert!(err.contains("bad.models:3:5\n"), "{err}");
    assert!(err.contains("3 |   y \u{fffd}\n  |     ^"), "{err}");
}

/// A line of a megabyte is shown cut around the caret, with the file's
/// own line and column.
#[test]
fn a_long_line_is_shown_cut_around_the_caret() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.models");
    let line = format!(
        "  x string {}bogus {}",
        "notNull ",
        "unique ".repeat(150_000)
    );
    fs::write(&file, format!("model A {{\n{line}\n}}\n")).unwrap();
    let (code, _, err) = run(ormgen().arg("check").arg(&file));
    assert_eq!(code, 1);
    let longest = err.lines().map(str::len).max().unwrap_or(0);
    assert!(longest < 300, "a line of {longest} bytes shown");
    assert!(
        err.contains("error[E0005]: unknown modifier `bogus`"),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(
        err.contains("long.models:2:20\n"),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(
        err.contains("2 |   x string notNull bogus unique"),
        "{}",
        &err[..err.len().min(2000)]
    );
}

/// `-o src/gen` works, and says how to include a directory whose name is
/// a keyword (`gen` since Rust 2024) or no identifier.
#[test]
fn an_output_directory_that_makes_no_module_name_gets_advice() {
    let dir = tempfile::tempdir().unwrap();
    for (name, warned) in [("gen", true), ("my-models", true), ("models", false)] {
        let (code, _, err) = run(ormgen()
            .args(["build", "fixtures/valid/user_pictures.models", "-o"])
            .arg(dir.path().join(name)));
        assert_eq!(code, 0, "{err}");
        assert_eq!(err.contains("warning:"), warned, "{name}: {err}");
        if warned {
            assert!(
                err.contains(&format!("#[path = \"{name}/mod.rs\"] mod models;")),
                "{err}"
            );
        }
    }
}

/// `ormgen diff`: the script on stdout, destroying steps refused unless
/// allowed (named on stderr), `--exit-code` for CI, JSON, an empty
/// directory as the schema of an empty database, a rename warned about.
#[test]
fn diff_prints_a_safe_script_and_refuses_to_destroy_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    };
    let old = write(
        "old.models",
        "model Post {\n  title string\n  body text\n}\n",
    );
    let same = write(
        "same.models",
        "model Post {\n  title string\n  body text\n}\n",
    );
    let grown = write(
        "grown.models",
        "model Post {\n  title string\n  body text\n  views integer\n}\n",
    );
    let shrunk = write(
        "shrunk.models",
        "model Post {\n  title string\n  text text\n}\n",
    );

    let (code, out, err) = run(ormgen().args(["diff", &old, &grown, "--dialect", "postgres"]));
    assert_eq!((code, err.as_str()), (0, ""), "{err}");
    assert!(out.contains("-- add column posts.views (safe)"), "{out}");
    assert!(
        out.contains("ALTER TABLE \"posts\" ADD COLUMN \"views\" INTEGER;"),
        "{out}"
    );
    assert!(
        out.starts_with("BEGIN;") && out.ends_with("COMMIT;\n"),
        "{out}"
    );

    // The same schema: nothing, and `--exit-code` says so with 0.
    let (code, out, _) =
        run(ormgen().args(["diff", &old, &same, "--dialect", "sqlite", "--exit-code"]));
    assert_eq!((code, out.as_str()), (0, ""));
    let (code, _, _) =
        run(ormgen().args(["diff", &old, &grown, "--dialect", "sqlite", "--exit-code"]));
    assert_eq!(code, 1, "a difference, with --exit-code");

    // Dropping `body` destroys data: refused, named, nothing printed.
    let (code, out, err) = run(ormgen().args(["diff", &old, &shrunk, "--dialect", "mysql"]));
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains("drop column posts.body"), "{err}");
    assert!(err.contains("--allow-destructive"), "{err}");
    assert!(
        err.contains("renamedFrom(\"body\")"),
        "a rename is suspected: {err}"
    );
    let (code, out, _) = run(ormgen().args([
        "diff",
        &old,
        &shrunk,
        "--dialect",
        "mysql",
        "--allow-destructive",
    ]));
    assert_eq!(code, 0);
    assert!(
        out.contains("ALTER TABLE `posts` DROP COLUMN `body`;"),
        "{out}"
    );

    // JSON: each step with its safety and statements.
    let (code, out, _) = run(ormgen().args([
        "diff",
        &old,
        &shrunk,
        "--dialect",
        "sqlite",
        "--format",
        "json",
        "--allow-destructive",
    ]));
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let safeties: Vec<&str> = doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["safety"].as_str().unwrap())
        .collect();
    assert_eq!(safeties, ["safe", "destroys"]);

    // From an empty directory: every table created.
    let empty = tempfile::tempdir().unwrap();
    let (code, out, _) = run(ormgen().args([
        "diff",
        empty.path().to_str().unwrap(),
        &old,
        "--dialect",
        "sqlite",
    ]));
    assert_eq!(code, 0);
    assert!(out.contains("CREATE TABLE \"posts\""), "{out}");

    // A schema with errors: its diagnostics, exit 1.
    let broken = write("broken.models", "model Post {\n  title strin\n}\n");
    let (code, _, err) = run(ormgen().args(["diff", &old, &broken, "--dialect", "sqlite"]));
    assert_eq!(code, 1);
    assert!(err.contains("E0013") || err.contains("error"), "{err}");
}

/// `ormgen migrate new`: the first migration from nothing, the next from
/// the last one's schema, nothing written when nothing changed, destroying
/// steps refused, a name that is no file name refused.
#[test]
fn migrate_new_writes_the_next_numbered_migration() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema.models");
    let folder = dir.path().join("migrations");
    let folder_arg = folder.to_str().unwrap();
    let schema_arg = schema.to_str().unwrap();
    let migrate = |name: &str, extra: &[&str]| {
        let mut args = vec!["migrate", "new", name, schema_arg, "--dir", folder_arg];
        args.extend(extra);
        run(ormgen().args(args))
    };
    fs::write(&schema, "model Post {\n  title string\n  body text\n}\n").unwrap();
    let (code, _, err) = migrate("init", &[]);
    assert_eq!(code, 0, "{err}");
    let first = folder.join("0001_init");
    for file in [
        "sqlite.sql",
        "postgres.sql",
        "mysql.sql",
        "schema/01_schema.models",
    ] {
        assert!(first.join(file).is_file(), "{file}");
    }
    let sql = fs::read_to_string(first.join("postgres.sql")).unwrap();
    assert!(sql.contains("CREATE TABLE \"posts\""), "{sql}");

    let (code, _, err) = migrate("again", &[]);
    assert_eq!(code, 0);
    assert!(err.contains("nothing changed"), "{err}");
    assert!(!folder.join("0002_again").exists());

    fs::write(
        &schema,
        "model Post {\n  title string\n  body text\n  views integer\n}\n",
    )
    .unwrap();
    let (code, _, err) = migrate("views", &[]);
    assert_eq!(code, 0, "{err}");
    let sql = fs::read_to_string(folder.join("0002_views/sqlite.sql")).unwrap();
    assert!(sql.contains("ADD COLUMN \"views\" INTEGER"), "{sql}");
    assert!(
        !sql.contains("CREATE TABLE \"posts\""),
        "from the last schema: {sql}"
    );

    fs::write(&schema, "model Post {\n  title string\n}\n").unwrap();
    let (code, _, err) = migrate("shrink", &[]);
    assert_eq!(code, 1);
    assert!(err.contains("drop column posts.body"), "{err}");
    assert!(!folder.join("0003_shrink").exists(), "nothing written");
    let (code, _, _) = migrate("shrink", &["--allow-destructive"]);
    assert_eq!(code, 0);
    assert!(folder.join("0003_shrink").is_dir());

    let (code, _, err) = migrate("Bad-Name", &[]);
    assert_eq!(code, 2, "{err}");
    // No partial directory is ever left behind.
    let left: Vec<String> = fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
