//! Loading schema files and running the checks over them.

use crate::diagnostics::{self, Code, Diagnostic};
use crate::source::{FileId, Sources, Span};
use crate::syntax::{self, ast, scan::Comment};
use std::path::{Path, PathBuf};

/// The largest schema file read: 256 MiB, some ten times a schema of
/// 100,000 models. A larger one (or a device that never ends, such as
/// `/dev/zero`) is reported as E0011 without being read further.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// A schema file or directory that could not be read.
#[derive(Debug)]
pub struct LoadError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "can't read {}", self.path.display())
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

fn at(path: &Path) -> impl FnOnce(std::io::Error) -> LoadError + '_ {
    move |source| LoadError {
        path: path.to_path_buf(),
        source,
    }
}

/// One file of a schema after parsing.
#[derive(Debug)]
pub struct SchemaFile {
    pub id: FileId,
    /// Absent when the file has syntax errors.
    pub ast: Option<ast::File>,
    pub comments: Vec<Comment>,
    /// Parsing found no error: the tree is the whole file (`fmt` may print it).
    pub parsed_cleanly: bool,
}

/// A schema: its source files, their trees, and everything found wrong.
#[derive(Debug, Default)]
pub struct Schema {
    pub sources: Sources,
    pub files: Vec<SchemaFile>,
    /// The resolved schema, when there are no errors.
    pub resolved: Option<crate::ir::Schema>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Schema {
    /// Reads the given files and directories (every `.models` file below a
    /// directory, sorted by path). Only I/O problems are errors here; a file
    /// that is not UTF-8 becomes a diagnostic.
    pub fn load<P: AsRef<Path>>(paths: &[P]) -> Result<Schema, LoadError> {
        let mut sources = Sources::new();
        let mut diagnostics = Vec::new();
        let paths = expand(paths)?;
        let mut lens = Vec::with_capacity(paths.len());
        for path in &paths {
            // A FIFO or a device is never opened: it could block, or never
            // end.
            let meta = std::fs::metadata(path).map_err(at(path))?;
            if !meta.is_file() {
                return Err(LoadError {
                    path: path.clone(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::InvalidInput,
                        "not a regular file (a FIFO, a device or a socket)",
                    ),
                });
            }
            lens.push(meta.len());
        }
        for (path, len) in paths.into_iter().zip(lens) {
            let name = path.display().to_string();
            let mut bytes = Vec::with_capacity(len.min(MAX_FILE_BYTES) as usize);
            // Read to the limit and a byte past it, whatever the size said.
            std::fs::File::open(&path)
                .and_then(|f| {
                    use std::io::Read;
                    f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)
                })
                .map_err(at(&path))?;
            if bytes.len() as u64 > MAX_FILE_BYTES {
                let id = sources.add(name, "");
                diagnostics.push(
                    Diagnostic::error(
                        Code::UnreadableSource,
                        Span::new(id, 0..0),
                        format!(
                            "schema file is larger than {} MiB, the most ormgen reads",
                            MAX_FILE_BYTES / (1024 * 1024)
                        ),
                    )
                    .with_help("split the schema into several files"),
                );
                continue;
            }
            match String::from_utf8(bytes) {
                Ok(text) => {
                    sources.add(name, text);
                }
                Err(err) => {
                    let at = err.utf8_error().valid_up_to();
                    let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
                    let id = sources.add(name, text);
                    let (line, col) = sources.get(id).line_col(at);
                    // The replacement character the bad byte became.
                    let bad = at..at + '\u{FFFD}'.len_utf8();
                    diagnostics.push(
                        Diagnostic::error(
                            Code::UnreadableSource,
                            Span::new(id, bad),
                            format!("file is not valid UTF-8 (first bad byte at line {line}, column {col})"),
                        )
                        .with_help("save the file as UTF-8"),
                    );
                }
            }
        }
        let mut schema = Schema::parse(sources);
        schema.diagnostics.splice(0..0, diagnostics);
        Ok(schema)
    }

    /// Parses every file of `sources` and runs the checks.
    pub fn parse(sources: Sources) -> Schema {
        let mut diagnostics = Vec::new();
        let mut files = Vec::new();
        for id in sources.ids() {
            let parsed = syntax::parse(id, &sources.get(id).text);
            let parsed_cleanly = parsed.file.is_some() && !parsed.has_errors();
            diagnostics.extend(parsed.diagnostics);
            files.push(SchemaFile {
                id,
                ast: parsed.file,
                comments: parsed.comments,
                parsed_cleanly,
            });
        }
        // Every item that parsed is resolved, so that one run reports the
        // problems of all of them; names declared by items with syntax
        // errors are not called unknown (`File::unparsed`). A file that
        // could not be parsed at all (an unterminated comment) would make
        // its models unknown everywhere: resolution waits for it.
        let trees: Vec<&ast::File> = files.iter().filter_map(|f| f.ast.as_ref()).collect();
        let syntax_errors = diagnostics.iter().any(Diagnostic::is_error);
        let resolved = if trees.len() == files.len() {
            let (resolved, found) = crate::resolve::resolve(&trees);
            diagnostics.extend(found);
            // Never a resolved schema of a file with syntax errors.
            resolved.filter(|_| !syntax_errors)
        } else {
            None
        };
        diagnostics::sort_and_limit(&mut diagnostics);
        Schema {
            sources,
            files,
            resolved,
            diagnostics,
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses and checks in-memory sources: `(name, text)` pairs.
pub fn check<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Schema {
    let mut sources = Sources::new();
    for (name, text) in files {
        sources.add(name, text);
    }
    Schema::parse(sources)
}

/// Files as given, directories as the sorted `.models` files below them.
/// Each file is taken once, however often it is named (a directory and a
/// file in it, the same file twice).
pub fn expand<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<PathBuf>, LoadError> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut take = |path: PathBuf, out: &mut Vec<PathBuf>| -> Result<(), LoadError> {
        let real = std::fs::canonicalize(&path).map_err(at(&path))?;
        if seen.insert(real) {
            out.push(path);
        }
        Ok(())
    };
    for path in paths {
        let path = path.as_ref();
        if path.is_dir() {
            let mut found = Vec::new();
            collect_models(path, &mut found)?;
            found.sort();
            for file in found {
                take(file, &mut out)?;
            }
        } else {
            // Reports a missing file with the OS's words; a FIFO or a
            // device is refused when loading, never opened.
            std::fs::metadata(path).map_err(at(path))?;
            take(path.to_path_buf(), &mut out)?;
        }
    }
    Ok(out)
}

/// The `.models` files below `dir`: regular files (or links to them)
/// only, so a FIFO or a device named `x.models` is never opened; links to
/// directories are not followed, so a link loop can't trap the walk.
fn collect_models(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    for entry in std::fs::read_dir(dir).map_err(at(dir))? {
        let entry = entry.map_err(at(dir))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(at(&path))?;
        if kind.is_dir() {
            collect_models(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "models")
            && std::fs::metadata(&path).is_ok_and(|m| m.is_file())
        {
            out.push(path);
        }
    }
    Ok(())
}
