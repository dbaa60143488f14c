//! Compiling schemas from a build script, in the manner of prost-build:
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), ormgen::BuildError> {
//!     ormgen::Builder::new()
//!         .schema("schema.models")
//!         .backend(ormgen::Backend::Rusqlite)
//!         .compile()?;
//!     Ok(())
//! }
//! ```
//!
//! and in the crate:
//!
//! ```ignore
//! pub mod models {
//!     include!(concat!(env!("OUT_DIR"), "/models.rs"));
//! }
//! ```
//!
//! One file is written (`$OUT_DIR/models.rs` by default), holding every
//! model module inline, and only when its contents change, so that an
//! unchanged schema does not rebuild the crate.

use crate::diagnostics::{self, Diagnostic, Severity};
use crate::generate::rust::{Backend, Derives, generate_one_file_with_migrations};
use crate::output;
use crate::schema::{LoadError, Schema};
use std::path::{Path, PathBuf};

/// Why [`Builder::compile`] failed. Its `Debug` is its message, so that a
/// build script returning it shows the diagnostics as they are.
pub enum BuildError {
    /// No schema was given.
    NoSchema,
    /// No output directory: not in a build script, and none was given.
    NoOutDir,
    Load(LoadError),
    /// The schema has errors: the rendered diagnostics (file:line:col,
    /// the source line, carets, help).
    Schema(String),
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The code could not be made (a bug in ormgen; nothing was written).
    Render(crate::generate::RenderError),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::NoSchema => write!(f, "no schema given: call .schema(\"schema.models\")"),
            BuildError::NoOutDir => write!(
                f,
                "no output directory: OUT_DIR is not set (not in a build script); call .out_dir(...)"
            ),
            BuildError::Load(e) => match std::error::Error::source(e) {
                Some(source) => write!(f, "{e}: {source}"),
                None => write!(f, "{e}"),
            },
            BuildError::Schema(rendered) => write!(f, "the schema has errors:\n\n{rendered}"),
            BuildError::Write { path, source } => write!(f, "writing {}: {source}", path.display()),
            BuildError::Render(e) => write!(f, "{e}"),
        }
    }
}

impl std::fmt::Debug for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for BuildError {}

/// Compiles `.models` schemas into one Rust file; see the module docs.
#[derive(Debug, Clone)]
pub struct Builder {
    schemas: Vec<PathBuf>,
    backend: Backend,
    derives: Derives,
    out_dir: Option<PathBuf>,
    file_name: String,
    migrations: Option<PathBuf>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder::new()
    }
}

impl Builder {
    pub fn new() -> Builder {
        Builder {
            schemas: Vec::new(),
            backend: Backend::default(),
            derives: Derives::default(),
            out_dir: None,
            file_name: "models".into(),
            migrations: None,
        }
    }

    /// A migrations folder (`ormgen migrate new`): the module gets
    /// `migrate(conn)`, which applies the migrations a database has not
    /// had (see the generated API).
    pub fn migrations(mut self, dir: impl AsRef<Path>) -> Builder {
        self.migrations = Some(dir.as_ref().to_path_buf());
        self
    }

    /// A schema file, or a directory of `.models` files. May be called
    /// several times: all of them form one schema.
    pub fn schema(mut self, path: impl AsRef<Path>) -> Builder {
        self.schemas.push(path.as_ref().to_path_buf());
        self
    }

    pub fn backend(mut self, backend: Backend) -> Builder {
        self.backend = backend;
        self
    }

    /// Derive `serde::Serialize` and `serde::Deserialize` on the generated
    /// structs and enums (off by default; see [`Derives::serde`]).
    pub fn serde(mut self, on: bool) -> Builder {
        self.derives.serde = on;
        self
    }

    /// Where to write; `$OUT_DIR` by default.
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Builder {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// The file's name without `.rs`; `models` by default.
    pub fn file_name(mut self, name: impl Into<String>) -> Builder {
        self.file_name = name.into();
        self
    }

    /// Checks and compiles the schema; returns the path written. In a build
    /// script it also tells cargo to rerun when a schema file changes, and
    /// passes warnings on as `cargo:warning` lines.
    pub fn compile(self) -> Result<PathBuf, BuildError> {
        if self.schemas.is_empty() {
            return Err(BuildError::NoSchema);
        }
        let in_build_script = std::env::var_os("OUT_DIR").is_some();
        let out_dir = self
            .out_dir
            .clone()
            .or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from))
            .ok_or(BuildError::NoOutDir)?;
        if in_build_script {
            // Directories too, so that a new file in one is noticed.
            for path in &self.schemas {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
        let files = crate::schema::expand(&self.schemas).map_err(BuildError::Load)?;
        if in_build_script {
            for file in &files {
                println!("cargo:rerun-if-changed={}", file.display());
            }
        }
        let mut schema = Schema::load(&self.schemas).map_err(BuildError::Load)?;
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = schema
            .diagnostics
            .iter()
            .cloned()
            .partition(Diagnostic::is_error);
        if in_build_script {
            for w in warnings.iter().filter(|w| w.severity == Severity::Warning) {
                let rendered = diagnostics::render_human(&schema.sources, std::slice::from_ref(w));
                for line in rendered.lines().filter(|l| !l.is_empty()) {
                    println!("cargo:warning={line}");
                }
            }
        }
        let ir = match schema.resolved.take() {
            Some(ir) if errors.is_empty() => ir,
            _ => {
                let mut rendered = diagnostics::render_human(&schema.sources, &errors);
                rendered.push_str(&diagnostics::summary(&errors));
                return Err(BuildError::Schema(rendered));
            }
        };
        let names: Vec<String> = files
            .iter()
            .map(|p| format!("`{}`", file_name(p)))
            .collect();
        let migrations = match &self.migrations {
            Some(dir) => {
                if in_build_script {
                    println!("cargo:rerun-if-changed={}", dir.display());
                }
                let scripts =
                    crate::migrations::scripts(dir, self.backend.dialect()).map_err(|source| {
                        BuildError::Write {
                            path: dir.clone(),
                            source,
                        }
                    })?;
                if in_build_script {
                    for m in crate::migrations::list(dir).unwrap_or_default() {
                        println!("cargo:rerun-if-changed={}", m.path.display());
                    }
                }
                scripts
            }
            None => Vec::new(),
        };
        let text = generate_one_file_with_migrations(
            &ir,
            &names.join(", "),
            self.backend,
            self.derives,
            &migrations,
        )
        .map_err(BuildError::Render)?;
        let path = out_dir.join(format!("{}.rs", self.file_name));
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::create_dir_all(&out_dir).map_err(|source| BuildError::Write {
                path: out_dir.clone(),
                source,
            })?;
            output::write_file_atomically(&path, text.as_bytes()).map_err(|source| {
                BuildError::Write {
                    path: path.clone(),
                    source,
                }
            })?;
        }
        Ok(path)
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
