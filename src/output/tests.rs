use super::*;

/// The names in a directory: where a staging directory left behind
/// would show.
fn entries(dir: impl AsRef<Path>) -> Vec<std::ffi::OsString> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect()
}

fn files(names: &[(&str, &str)]) -> Vec<GeneratedFile> {
    names
        .iter()
        .map(|(p, body)| GeneratedFile::new(*p, body))
        .collect()
}

/// Files made on demand, counting how many times each text is made.
struct Lazy {
    paths: Vec<PathBuf>,
    version: usize,
    made: std::sync::atomic::AtomicUsize,
    /// A file that can't be made.
    fails: Option<usize>,
}

impl Lazy {
    fn new(count: usize, version: usize) -> Lazy {
        Lazy {
            paths: (0..count)
                .map(|i| match i {
                    0 => PathBuf::from("mod.rs"),
                    i => PathBuf::from(format!("f{i}.rs")),
                })
                .collect(),
            version,
            made: Default::default(),
            fails: None,
        }
    }
}

impl Files for Lazy {
    fn count(&self) -> usize {
        self.paths.len()
    }

    fn path(&self, i: usize) -> &Path {
        &self.paths[i]
    }

    fn contents(&self, i: usize) -> Result<std::borrow::Cow<'_, str>, MakeError> {
        self.made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if self.fails == Some(i) {
            return Err("no template for it".into());
        }
        // Every tenth file changes from one version to the next.
        let v = if i.is_multiple_of(10) {
            self.version
        } else {
            0
        };
        Ok(format!("{HEADER}\nfile {i} version {v}\n").into())
    }
}

/// Enough files to be made, compared and written on several threads:
/// each is made once per run, only the changed ones are written, and a
/// hand-written file among them stops the run with nothing changed.
#[test]
fn files_made_on_demand_are_written_on_every_core() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("gen");
    let first = Lazy::new(500, 1);
    let report = write_files(&out, &first).unwrap();
    assert_eq!(report.written.len(), 500);
    assert_eq!(first.made.load(std::sync::atomic::Ordering::Relaxed), 500);
    assert_eq!(
        std::fs::read_to_string(out.join("f40.rs")).unwrap(),
        format!("{HEADER}\nfile 40 version 1\n")
    );
    assert!(check_files(&out, &first).unwrap().is_empty());

    let second = Lazy::new(500, 2);
    let differences = check_files(&out, &second).unwrap();
    assert_eq!(differences.len(), 50);
    assert_eq!(differences[1], Difference::Different("f10.rs".into()));
    let report = write_files(&out, &second).unwrap();
    // Once to compare, once to write.
    assert_eq!(second.made.load(std::sync::atomic::Ordering::Relaxed), 1000);
    assert_eq!((report.written.len(), report.unchanged.len()), (50, 450));
    assert_eq!(report.written[0], PathBuf::from("mod.rs"));
    assert_eq!(
        std::fs::read_to_string(out.join("f10.rs")).unwrap(),
        format!("{HEADER}\nfile 10 version 2\n")
    );

    // A hand-written file in the middle: refused, and nothing changes.
    std::fs::write(out.join("f250.rs"), "// mine\n").unwrap();
    let before: Vec<_> = (0..500)
        .map(|i| std::fs::read(out.join(&second.paths[i])).unwrap())
        .collect();
    let third = Lazy::new(500, 3);
    match write_files(&out, &third) {
        Err(OutputError::HandWritten(path)) => assert_eq!(path, out.join("f250.rs")),
        other => panic!("{other:?}"),
    }
    let after: Vec<_> = (0..500)
        .map(|i| std::fs::read(out.join(&second.paths[i])).unwrap())
        .collect();
    assert_eq!(before, after);
    assert_eq!(entries(root.path()), ["gen"], "no staging directory left");

    // A file the generator can't make: an error naming it, and nothing
    // changes, in the check or the build.
    std::fs::remove_file(out.join("f250.rs")).unwrap();
    let fourth = Lazy {
        fails: Some(77),
        ..Lazy::new(500, 4)
    };
    for result in [
        check_files(&out, &fourth).map(|_| ()),
        write_files(&out, &fourth).map(|_| ()),
    ] {
        match result {
            Err(e @ OutputError::Make { .. }) => {
                assert!(e.to_string().contains("f77.rs could not be made"), "{e}");
            }
            other => panic!("{other:?}"),
        }
    }
    let after: Vec<_> = (0..500)
        .filter(|&i| i != 250)
        .map(|i| std::fs::read(out.join(&second.paths[i])).unwrap())
        .collect();
    let mut before = before;
    before.remove(250);
    assert_eq!(before, after);
    assert_eq!(entries(root.path()), ["gen"], "no staging directory left");
}

/// A new output directory is made as `mkdir` would make it, and
/// nothing of the build is left in it or beside it.
#[test]
fn a_new_directory_holds_the_tree_and_nothing_else() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("deep/gen");
    let tree = files(&[("mod.rs", "pub mod a;\n"), ("b.rs", "B\n")]);
    let report = write_tree(&out, &tree).unwrap();
    assert_eq!(report.written.len(), 2);
    assert!(check_tree(&out, &tree).unwrap().is_empty());
    assert_eq!(entries(root.path().join("deep")), ["gen"]);
    let mut names = entries(&out);
    names.sort();
    assert_eq!(names, ["b.rs", "mod.rs"], "no journal, no staging");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let made = root.path().join("made");
        std::fs::create_dir(&made).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&out), mode(&made));
    }
}

/// Only the exact header line marks a generated file.
#[test]
fn the_marker_is_the_whole_first_line() {
    assert!(is_generated(&format!("{HEADER}\nx")));
    assert!(is_generated(&format!("{HEADER}\r\nx")));
    assert!(is_generated(HEADER));
    assert!(!is_generated("// hand-written, not @generated by ormgen\n"));
    assert!(!is_generated(&format!("{HEADER} but mine\n")));
    assert!(!is_generated(&format!(" {HEADER}\n")));
    assert!(!is_generated(&format!("// mine\n{HEADER}\n")));

    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("gen");
    write_tree(&out, &files(&[("mod.rs", "pub mod a;\n"), ("a.rs", "A\n")])).unwrap();
    let mine = "// hand-written, not @generated by ormgen\nfn x() {}\n";
    std::fs::write(out.join("notes.rs"), mine).unwrap();
    let report = write_tree(&out, &files(&[("mod.rs", "\n")])).unwrap();
    assert_eq!(report.removed, [PathBuf::from("a.rs")]);
    assert_eq!(std::fs::read_to_string(out.join("notes.rs")).unwrap(), mine);
}

/// Subdirectories, hidden ones included, and links to directories
/// elsewhere are never entered: their generated files stay.
#[test]
fn only_the_directory_itself_is_looked_at() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    let elsewhere = root.path().join("elsewhere");
    write_tree(&elsewhere, &files(&[("mod.rs", "\n"), ("e.rs", "E\n")])).unwrap();
    write_tree(
        &out.join("other"),
        &files(&[("mod.rs", "\n"), ("o.rs", "O\n")]),
    )
    .unwrap();
    write_tree(
        &out.join(".hidden"),
        &files(&[("mod.rs", "\n"), ("h.rs", "H\n")]),
    )
    .unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&elsewhere, out.join("sub")).unwrap();
        std::os::unix::fs::symlink(".", out.join("loop")).unwrap();
    }
    write_tree(&out, &files(&[("mod.rs", "pub mod a;\n"), ("a.rs", "A\n")])).unwrap();
    for kept in ["other/o.rs", ".hidden/h.rs", "../elsewhere/e.rs"] {
        assert!(out.join(kept).exists(), "{kept} stays");
    }
    assert!(
        check_tree(&out, &files(&[("mod.rs", "pub mod a;\n"), ("a.rs", "A\n")]))
            .unwrap()
            .is_empty()
    );
}

/// A directory of hand-written sources with no generated `mod.rs` is
/// refused whole; one that ormgen generated keeps its extra files.
#[test]
fn a_source_directory_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let src = root.path().join("src");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(src.join("main.rs"), "fn main() {}\n").unwrap();
    match write_tree(&src, &files(&[("mod.rs", "\n"), ("a.rs", "A\n")])) {
        Err(OutputError::SourceDirectory { example, .. }) => {
            assert_eq!(example, src.join("main.rs"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(entries(&src), ["main.rs"]);
}

/// A FIFO, a link or a directory where a generated file goes is
/// refused, never opened; a FIFO among the other files is skipped.
#[cfg(unix)]
#[test]
fn what_is_no_regular_file_is_never_opened() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("gen");
    write_tree(&out, &files(&[("mod.rs", "\n")])).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(out.join("pipe.rs"))
        .status()
        .unwrap();
    assert!(status.success());
    // Would block forever if opened.
    write_tree(&out, &files(&[("mod.rs", "\n"), ("a.rs", "A\n")])).unwrap();
    assert!(
        check_tree(&out, &files(&[("mod.rs", "\n"), ("a.rs", "A\n")]))
            .unwrap()
            .is_empty()
    );
    match write_tree(&out, &files(&[("mod.rs", "\n"), ("pipe.rs", "P\n")])) {
        Err(OutputError::NotAFile(p)) => assert_eq!(p, out.join("pipe.rs")),
        other => panic!("{other:?}"),
    }
    let target = root.path().join("target.rs");
    std::fs::write(&target, "// not ours\n").unwrap();
    std::os::unix::fs::symlink(&target, out.join("b.rs")).unwrap();
    assert!(matches!(
        write_tree(&out, &files(&[("mod.rs", "\n"), ("b.rs", "B\n")])),
        Err(OutputError::NotAFile(_))
    ));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "// not ours\n");
}

/// A link to nothing, or to a file, as the output directory: a plain
/// message, nothing created.
#[cfg(unix)]
#[test]
fn an_output_link_to_nothing_says_so() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("gen");
    std::os::unix::fs::symlink(root.path().join("missing"), &out).unwrap();
    let err = write_tree(&out, &files(&[("mod.rs", "\n")])).unwrap_err();
    assert!(matches!(err, OutputError::DanglingLink { .. }), "{err:?}");
    assert!(err.to_string().contains("which does not exist"), "{err}");
    std::fs::write(root.path().join("file"), "").unwrap();
    let err = write_tree(&root.path().join("file"), &files(&[("mod.rs", "\n")])).unwrap_err();
    assert!(matches!(err, OutputError::NotADirectory(_)), "{err:?}");
}

/// A journal left by a build killed after its commit point is carried
/// out; one killed before it is undone. Each gives one whole tree.
#[test]
fn an_interrupted_build_is_finished_or_undone() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("gen");
    let old = files(&[("mod.rs", "pub mod a;\n"), ("a.rs", "A\n")]);
    let new = files(&[("mod.rs", "pub mod b;\n"), ("b.rs", "B\n")]);
    for committed in [false, true] {
        write_tree(&out, &old).unwrap();
        // What a build of `new` leaves when killed after moving mod.rs.
        let staging = format!("{STAGING_PREFIX}0123456789abcdef");
        std::fs::create_dir(out.join(&staging)).unwrap();
        std::fs::write(out.join(&staging).join("b.rs"), &new[1].contents).unwrap();
        std::fs::write(out.join("mod.rs"), &new[0].contents).unwrap();
        let journal = Journal {
            staging,
            committed,
            write: vec!["mod.rs".into(), "b.rs".into()],
            remove: vec!["a.rs".into()],
        };
        if committed {
            journal.store(&out).unwrap();
            assert_eq!(check_tree(&out, &new).unwrap()[0], Difference::Interrupted);
            assert!(recover(&out).unwrap());
            assert!(check_tree(&out, &new).unwrap().is_empty(), "the new tree");
        } else {
            std::fs::write(out.join("mod.rs"), &old[0].contents).unwrap();
            journal.store(&out).unwrap();
            assert!(recover(&out).unwrap());
            assert!(check_tree(&out, &old).unwrap().is_empty(), "the old tree");
        }
        assert!(!recover(&out).unwrap(), "nothing left to recover");
        let mut names = entries(&out);
        names.sort();
        assert!(
            names
                .iter()
                .all(|n| !n.to_string_lossy().starts_with(".ormgen"))
        );
        std::fs::remove_dir_all(&out).unwrap();
    }
    // Killed while writing the first journal: only its next version.
    write_tree(&out, &old).unwrap();
    std::fs::write(out.join(JOURNAL_NEXT), "{\"stag").unwrap();
    assert!(recover(&out).unwrap());
    assert!(check_tree(&out, &old).unwrap().is_empty());
    assert!(!out.join(JOURNAL_NEXT).exists());
    std::fs::remove_dir_all(&out).unwrap();
    // A journal that names anything but a staging directory of ours is
    // refused, not followed.
    write_tree(&out, &old).unwrap();
    std::fs::write(
        out.join(JOURNAL),
        r#"{"staging":"..","committed":false,"write":[],"remove":[]}"#,
    )
    .unwrap();
    assert!(matches!(recover(&out), Err(OutputError::BadJournal(_))));
    assert!(out.exists() && out.join("a.rs").exists());
}

/// Files the tree would write outside the directory are refused.
#[test]
fn generated_paths_are_plain_names() {
    assert!(plain_name(Path::new("a.rs")));
    for bad in ["../a.rs", "/a.rs", "d/a.rs", ".", ""] {
        assert!(!plain_name(Path::new(bad)), "{bad}");
    }
}

#[test]
fn writes_checks_and_replaces_only_generated_files() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("gen");
    let first = files(&[("mod.rs", "pub mod a;\n"), ("a.rs", "A\n"), ("b.rs", "B\n")]);
    assert_eq!(check_tree(&out, &first).unwrap().len(), 3, "all missing");
    let report = write_tree(&out, &first).unwrap();
    assert_eq!(report.written.len(), 3);
    assert!(check_tree(&out, &first).unwrap().is_empty());
    assert!(
        std::fs::read_to_string(out.join("a.rs"))
            .unwrap()
            .starts_with(HEADER)
    );

    // A hand-written file beside them survives every run.
    std::fs::write(out.join("notes.rs"), "// mine\n").unwrap();
    let second = files(&[("mod.rs", "pub mod c;\n"), ("c.rs", "C\n"), ("b.rs", "B\n")]);
    assert_eq!(
        check_tree(&out, &second).unwrap(),
        [
            Difference::Different("mod.rs".into()),
            Difference::Missing("c.rs".into()),
            Difference::Stale("a.rs".into()),
        ]
    );
    let report = write_tree(&out, &second).unwrap();
    assert_eq!(report.removed, [PathBuf::from("a.rs")]);
    assert_eq!(report.unchanged, [PathBuf::from("b.rs")]);
    assert!(!out.join("a.rs").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("notes.rs")).unwrap(),
        "// mine\n"
    );

    // A clash with a hand-written file: an error, and nothing changes.
    std::fs::write(out.join("d.rs"), "// mine too\n").unwrap();
    let before: Vec<_> = ["mod.rs", "c.rs", "b.rs", "d.rs"]
        .iter()
        .map(|p| std::fs::read(out.join(p)).unwrap())
        .collect();
    let third = files(&[("mod.rs", "pub mod d;\n"), ("d.rs", "D\n")]);
    assert!(matches!(
        write_tree(&out, &third),
        Err(OutputError::HandWritten(_))
    ));
    let after: Vec<_> = ["mod.rs", "c.rs", "b.rs", "d.rs"]
        .iter()
        .map(|p| std::fs::read(out.join(p)).unwrap())
        .collect();
    assert_eq!(before, after);
    assert_eq!(
        check_tree(&out, &third).unwrap()[1],
        Difference::HandWritten("d.rs".into())
    );
    assert_eq!(
        entries(root.path()),
        ["gen"],
        "no staging directory left behind"
    );
}
