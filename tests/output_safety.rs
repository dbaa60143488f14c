//! `ormgen build -o DIR` never loses a file: it looks only at DIR's own
//! `.rs` files, changes nothing until the whole new tree is written, and
//! leaves DIR as the old tree or the new one however it is stopped.

mod common;
#[allow(dead_code)]
#[path = "common/server.rs"]
mod server;

use assert_cmd::Command;
use common::*;
use std::fs;
use std::path::{Path, PathBuf};

fn ormgen() -> Command {
    let mut cmd = Command::cargo_bin("ormgen").unwrap();
    cmd.current_dir(root());
    cmd
}

fn build(schema: &Path, out: &Path) -> (i32, String) {
    let out = ormgen()
        .arg("build")
        .arg(schema)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every file below `dir` (links not followed) with its bytes, sorted.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let kind = entry.file_type().unwrap();
            let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_symlink() {
                let target = fs::read_link(entry.path()).unwrap();
                out.push((rel, target.into_os_string().into_encoded_bytes()));
            } else if kind.is_file() {
                out.push((rel, fs::read(entry.path()).unwrap()));
            } else {
                // A FIFO: its presence, never its contents.
                out.push((rel, b"(not a file)".to_vec()));
            }
        }
    }
    out.sort();
    out
}

fn schema(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path
}

/// `build b -o out` after `build a -o out/other` left `out/other` whole;
/// a link `out/sub -> elsewhere` and a loop `out/loop -> .` are not
/// followed; hidden subdirectories are not entered.
#[test]
fn a_build_touches_only_its_own_directory() {
    let dir = tempfile::tempdir().unwrap();
    let a = schema(dir.path(), "a.models", "model User {\n  name string\n}\n");
    let b = schema(dir.path(), "b.models", "model Team {\n  name string\n}\n");
    let out = dir.path().join("out");
    let elsewhere = dir.path().join("elsewhere");
    assert_eq!(build(&a, &out.join("other")).0, 0);
    assert_eq!(build(&a, &out.join(".hidden")).0, 0);
    assert_eq!(build(&a, &elsewhere).0, 0);
    std::os::unix::fs::symlink(&elsewhere, out.join("sub")).unwrap();
    std::os::unix::fs::symlink(".", out.join("loop")).unwrap();
    let before = tree(dir.path());

    let (code, err) = build(&b, &out);
    assert_eq!(code, 0, "{err}");
    let after = tree(dir.path());
    for (path, bytes) in &before {
        assert_eq!(
            after.iter().find(|(p, _)| p == path).map(|(_, b)| b),
            Some(bytes),
            "{} is unchanged",
            path.display()
        );
    }
    assert!(out.join("team.rs").exists() && out.join("mod.rs").exists());
}

/// The directory of a crate (with generated modules in its subdirectories,
/// as e2e/sqlite has) loses nothing; a source directory holding
/// hand-written Rust and no generated `mod.rs` is refused whole.
#[test]
fn a_crate_or_source_directory_is_never_emptied() {
    let dir = tempfile::tempdir().unwrap();
    let a = schema(dir.path(), "a.models", "model User {\n  name string\n}\n");
    let krate = dir.path().join("crate");
    assert_eq!(build(&a, &krate.join("src/gen_users")).0, 0);
    fs::write(krate.join("Cargo.toml"), "[package]\n").unwrap();
    fs::write(krate.join("src/main.rs"), "fn main() {}\n").unwrap();
    let before = tree(&krate);
    let (code, err) = build(&a, &krate);
    assert_eq!(code, 0, "{err}");
    let after = tree(&krate);
    assert!(before.iter().all(|f| after.contains(f)), "nothing removed");

    let before = tree(&krate);
    let (code, err) = build(&a, &krate.join("src"));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("holds Rust sources that ormgen did not write") && err.contains("main.rs"),
        "{err}"
    );
    assert_eq!(tree(&krate), before, "nothing written into src/");
}

/// A build that fails (a hand-written file in the way, a FIFO where a
/// file goes) removes nothing, not even the files it would have removed.
#[test]
fn a_failed_build_removes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let old = schema(
        dir.path(),
        "old.models",
        "model User {\n  name string\n}\nmodel Post {}\n",
    );
    assert_eq!(build(&old, &out).0, 0);
    std::os::unix::fs::symlink(".", out.join("loop")).unwrap();
    let new = schema(
        dir.path(),
        "new.models",
        "model User {\n  name string\n}\nmodel Team {}\nmodel Player {}\n",
    );
    fs::write(out.join("team.rs"), "// mine\n").unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(out.join("player.rs"))
        .status()
        .unwrap();
    assert!(status.success());
    let before = tree(&out);
    let (code, err) = build(&new, &out);
    assert_eq!(code, 2, "{err}");
    assert_eq!(tree(&out), before, "post.rs, stale, is still there");
    assert!(out.join("post.rs").exists());
    fs::remove_file(out.join("team.rs")).unwrap();
    let before = tree(&out);
    let (code, err) = build(&new, &out);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("player.rs is not a regular file"), "{err}");
    assert_eq!(tree(&out), before, "post.rs, stale, is still there");
}

/// `.ormgen-*` directories next to DIR, or in it, that ormgen did not make
/// in this run are never removed.
#[test]
fn directories_that_look_like_ours_stay() {
    let dir = tempfile::tempdir().unwrap();
    let a = schema(dir.path(), "a.models", "model User {\n  name string\n}\n");
    let out = dir.path().join("out");
    for place in [
        dir.path().join(".ormgen-config"),
        out.join(".ormgen-staging-mine"),
    ] {
        fs::create_dir_all(&place).unwrap();
        fs::write(place.join("keep.txt"), "mine").unwrap();
    }
    assert_eq!(build(&a, &out).0, 0);
    assert_eq!(build(&a, &out).0, 0);
    assert!(dir.path().join(".ormgen-config/keep.txt").exists());
    assert!(out.join(".ormgen-staging-mine/keep.txt").exists());
}

/// A dangling link as DIR is named as such, not "File exists".
#[test]
fn a_dangling_output_link_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let a = schema(dir.path(), "a.models", "model User {\n  name string\n}\n");
    let out = dir.path().join("out");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &out).unwrap();
    let (code, err) = build(&a, &out);
    assert_eq!(code, 2);
    assert!(
        err.contains("is a symbolic link to") && err.contains("nowhere"),
        "{err}"
    );
    assert!(!err.contains("File exists"), "{err}");
}

/// Two schemas of some hundred models each, whose trees share no file
/// but `mod.rs`.
fn two_schemas(dir: &Path) -> (PathBuf, PathBuf) {
    let make = |prefix: &str| {
        let mut text = String::new();
        for i in 0..150 {
            text.push_str(&format!(
                "model {prefix}{i} {{\n  name string\n  hasMany {prefix}{} as followers\n}}\n",
                i + 1
            ));
        }
        text.push_str(&format!("model {prefix}150 {{}}\n"));
        text
    };
    (
        schema(dir, "old.models", &make("Old")),
        schema(dir, "new.models", &make("New")),
    )
}

/// The `.rs` files of DIR and their bytes.
fn rust_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    tree(dir)
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "rs") && p.components().count() == 1)
        .collect()
}

/// Killed at random moments while replacing one tree by another: after
/// [`ormgen::output::recover`] (which every build runs first) DIR is
/// exactly the old tree or exactly the new one, with nothing of the
/// build's own left in it.
#[test]
fn a_build_killed_at_any_moment_leaves_the_old_tree_or_the_new() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = two_schemas(dir.path());
    let out = dir.path().join("out");
    let scratch = dir.path().join("scratch");
    assert_eq!(build(&new, &scratch).0, 0);
    let new_tree = rust_files(&scratch);
    assert_eq!(build(&old, &out).0, 0);
    let old_tree = rust_files(&out);
    let bin = assert_cmd::cargo::cargo_bin("ormgen");
    // How long a whole build takes here: kills are spread over it.
    let started = std::time::Instant::now();
    assert_eq!(build(&new, &out).0, 0);
    let whole = started.elapsed().as_micros() as u64 + 1;
    assert_eq!(build(&old, &out).0, 0);

    let (mut olds, mut news) = (0, 0);
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for round in 0..cases(25) {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay = (seed >> 33) % (whole + whole / 4);
        let mut child = std::process::Command::new(&bin)
            .arg("build")
            .arg(&new)
            .arg("-o")
            .arg(&out)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_micros(delay));
        let _ = child.kill();
        child.wait().unwrap();
        ormgen::output::recover(&out).unwrap();
        let now = rust_files(&out);
        if now == old_tree {
            olds += 1;
        } else if now == new_tree {
            news += 1;
        } else {
            panic!(
                "round {round}, killed after {delay} µs: a mix of {} files",
                now.len()
            );
        }
        let leftovers: Vec<_> = tree(&out)
            .into_iter()
            .filter(|(p, _)| p.to_string_lossy().starts_with(".ormgen"))
            .collect();
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?}");
        assert_eq!(build(&old, &out).0, 0);
    }
    eprintln!("killed builds: {olds} left the old tree, {news} the new");
}

/// Mounts a small tmpfs at `at`, when this process may (root); `None`
/// otherwise.
fn tmpfs(at: &Path, size: &str) -> Option<Mount> {
    fs::create_dir_all(at).unwrap();
    let ok = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(at)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    ok.then(|| Mount(at.to_path_buf()))
}

struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// DIR on another file system (a mount point, a link into it) works; a
/// full file system and a read-only one fail with exit 2 and leave DIR as
/// it was. Needs a tmpfs of its own: root only.
#[test]
fn other_full_and_read_only_file_systems() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = two_schemas(dir.path());
    let mount = dir.path().join("mnt");
    let Some(_mount) = tmpfs(&mount, "16m") else {
        if std::env::var_os("ORMGEN_REQUIRE_MOUNT").is_some() {
            panic!("can't mount a tmpfs, and ORMGEN_REQUIRE_MOUNT is set");
        }
        eprintln!("\n*** SKIPPED: can't mount a tmpfs (not root?) ***\n");
        return;
    };
    // The mount point itself, and a link into the other file system.
    let (code, err) = build(&old, &mount);
    assert_eq!(code, 0, "{err}");
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(mount.join("inner"), &link).unwrap();
    fs::create_dir(mount.join("inner")).unwrap();
    let (code, err) = build(&old, &link);
    assert_eq!(code, 0, "{err}");
    assert!(mount.join("inner/mod.rs").exists());

    // Full: fill the file system but for a little room.
    let before = rust_files(&mount);
    let filler = mount.join("filler");
    let mut size = 0usize;
    {
        use std::io::Write;
        let mut f = fs::File::create(&filler).unwrap();
        let block = vec![0u8; 64 * 1024];
        while f.write_all(&block).is_ok() {
            size += block.len();
        }
        f.set_len(size.saturating_sub(256 * 1024) as u64).unwrap();
    }
    let (code, err) = build(&new, &mount);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("No space left"), "{err}");
    assert_eq!(rust_files(&mount), before, "a full disk changes nothing");
    assert!(
        tree(&mount)
            .iter()
            .all(|(p, _)| !p.to_string_lossy().starts_with(".ormgen"))
    );
    fs::remove_file(&filler).unwrap();

    // Read-only.
    let remount = |mode: &str| {
        std::process::Command::new("mount")
            .args(["-o", &format!("remount,{mode}")])
            .arg(&mount)
            .status()
            .unwrap()
            .success()
    };
    assert!(remount("ro"));
    let (code, err) = build(&new, &mount);
    assert!(remount("rw"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("Read-only file system"), "{err}");
    assert_eq!(
        rust_files(&mount),
        before,
        "a read-only file system changes nothing"
    );
    let (code, err) = build(&new, &mount);
    assert_eq!(code, 0, "{err}");
}
