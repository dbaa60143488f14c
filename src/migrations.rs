//! A migrations folder: one directory per migration, numbered in order
//! (`0001_init`, `0002_add_views`), each holding the script of every
//! dialect (`sqlite.sql`, `postgres.sql`, `mysql.sql`) and the schema it
//! brings the database to (`schema/`, a copy of the schema's files). The
//! next migration is the diff from the last one's schema to the schema of
//! today ([`new_migration`]).

use crate::generate::RenderError;
use crate::generate::migration::{self, Migration};
use crate::generate::sql::Dialect;
use crate::ir;
use crate::schema::Schema;
use std::path::{Path, PathBuf};

/// One migration of a folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// `0002_add_views`.
    pub name: String,
    pub number: u32,
    pub path: PathBuf,
}

impl Entry {
    /// The script of `dialect`, as the folder holds it (edited or not).
    pub fn script(&self, dialect: Dialect) -> std::io::Result<String> {
        std::fs::read_to_string(self.path.join(script_name(dialect)))
    }

    /// The schema the migration brings the database to.
    pub fn schema_dir(&self) -> PathBuf {
        self.path.join("schema")
    }
}

/// The file of a dialect's script in a migration's directory.
pub fn script_name(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => "sqlite.sql",
        Dialect::Postgres => "postgres.sql",
        Dialect::Mysql => "mysql.sql",
    }
}

/// The migrations of `dir`, in order; none when it does not exist. Other
/// files and directories (not `NNNN_name`) are left alone.
pub fn list(dir: &Path) -> std::io::Result<Vec<Entry>> {
    let mut out = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((digits, rest)) = name.split_once('_') else {
            continue;
        };
        if digits.len() != 4 || !valid_name(rest) || !entry.file_type()?.is_dir() {
            continue;
        }
        if let Ok(number) = digits.parse() {
            out.push(Entry {
                name,
                number,
                path: entry.path(),
            });
        }
    }
    out.sort_by_key(|e| e.number);
    Ok(out)
}

/// A migration's name: lower-case letters, digits and `_`, as a file
/// name and an SQL string take it unquoted.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Why a migration was not written.
#[derive(Debug)]
pub enum NewMigrationError {
    Io(std::io::Error),
    Render(RenderError),
    /// The name is not `[a-z0-9_]+`.
    Name(String),
    /// The last migration's schema has errors (its diagnostics are in it).
    Snapshot(Box<Schema>),
    /// Steps that destroy data, by dialect, not allowed.
    Destructive(Vec<String>),
}

impl std::fmt::Display for NewMigrationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NewMigrationError::Io(e) => write!(f, "{e}"),
            NewMigrationError::Render(e) => write!(f, "{e}"),
            NewMigrationError::Name(n) => write!(
                f,
                "`{n}` is no migration name: lower-case letters, digits and `_`"
            ),
            NewMigrationError::Snapshot(_) => {
                write!(f, "the last migration's schema has errors")
            }
            NewMigrationError::Destructive(steps) => {
                write!(f, "steps that destroy data: {}", steps.join("; "))
            }
        }
    }
}

impl std::error::Error for NewMigrationError {}

impl From<std::io::Error> for NewMigrationError {
    fn from(e: std::io::Error) -> Self {
        NewMigrationError::Io(e)
    }
}

impl From<RenderError> for NewMigrationError {
    fn from(e: RenderError) -> Self {
        NewMigrationError::Render(e)
    }
}

/// What [`new_migration`] did.
#[derive(Debug)]
pub enum NewMigration {
    /// Nothing changed since the last migration: nothing written.
    Unchanged,
    /// Written, with the warnings of its diff.
    Written { entry: Entry, warnings: Vec<String> },
}

/// Writes the next migration of `dir`, named `name`: the diff, for every
/// dialect, from the last migration's schema (nothing, for the first) to
/// `schema` (resolved from `sources`, whose files are copied as the new
/// snapshot). Written whole or not at all (into a temporary directory
/// renamed into place); an existing directory is never replaced.
pub fn new_migration(
    dir: &Path,
    name: &str,
    schema: &ir::Schema,
    sources: &crate::source::Sources,
    allow_destructive: bool,
) -> Result<NewMigration, NewMigrationError> {
    if !valid_name(name) {
        return Err(NewMigrationError::Name(name.to_string()));
    }
    let entries = list(dir)?;
    let before = match entries.last() {
        Some(last) => {
            let snapshot = Schema::load(&[last.schema_dir()])
                .map_err(|e| NewMigrationError::Io(std::io::Error::other(e.to_string())))?;
            if snapshot.resolved.is_none() {
                return Err(NewMigrationError::Snapshot(Box::new(snapshot)));
            }
            snapshot
        }
        None => crate::check([]),
    };
    let old = before.resolved.as_ref().expect("checked above");
    let mut scripts = Vec::new();
    let mut destructive = Vec::new();
    let mut warnings = Vec::new();
    for dialect in Dialect::ALL {
        let m: Migration = migration::diff(old, schema, dialect)?;
        for step in m.destructive() {
            if !destructive.contains(&step.what) {
                destructive.push(step.what.clone());
            }
        }
        if warnings.is_empty() {
            warnings = m.warnings.clone();
        }
        scripts.push((dialect, m));
    }
    if scripts.iter().all(|(_, m)| m.is_empty()) {
        return Ok(NewMigration::Unchanged);
    }
    if !destructive.is_empty() && !allow_destructive {
        return Err(NewMigrationError::Destructive(destructive));
    }
    let number = entries.last().map_or(1, |e| e.number + 1);
    let entry_name = format!("{number:04}_{name}");
    std::fs::create_dir_all(dir)?;
    // Made here, so removed here on failure; one that exists already is
    // someone else's (an interrupted run's, or a file of the user's):
    // never removed, the user is told.
    let temporary = dir.join(format!(".{entry_name}.partial"));
    std::fs::create_dir(&temporary).map_err(|e| {
        std::io::Error::new(
            e.kind(),
            format!(
                "{}: {e} (remove it if an interrupted run left it)",
                temporary.display()
            ),
        )
    })?;
    let write = || -> std::io::Result<()> {
        for (dialect, m) in &scripts {
            let header =
                format!("-- {entry_name}, {dialect:?}: written by `ormgen migrate new`.\n");
            std::fs::write(temporary.join(script_name(*dialect)), header + &m.script())?;
        }
        let snapshot = temporary.join("schema");
        std::fs::create_dir(&snapshot)?;
        // Numbered in their order, so that the directory loads as given.
        for (i, id) in sources.ids().enumerate() {
            let file = sources.get(id);
            let base = Path::new(&file.name)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "schema.models".into());
            std::fs::write(snapshot.join(format!("{:02}_{base}", i + 1)), &file.text)?;
        }
        Ok(())
    };
    if let Err(e) = write() {
        let _ = std::fs::remove_dir_all(&temporary);
        return Err(e.into());
    }
    let path = dir.join(&entry_name);
    if path.exists() {
        let _ = std::fs::remove_dir_all(&temporary);
        return Err(NewMigrationError::Io(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} exists already", path.display()),
        )));
    }
    std::fs::rename(&temporary, &path)?;
    Ok(NewMigration::Written {
        entry: Entry {
            name: entry_name,
            number,
            path,
        },
        warnings,
    })
}

/// The scripts of `dialect` of every migration of `dir`, in order, for
/// the generated `migrate` ([`crate::generate::rust::tree_with_migrations`]).
pub fn scripts(
    dir: &Path,
    dialect: Dialect,
) -> std::io::Result<Vec<crate::generate::rust::MigrationScript>> {
    list(dir)?
        .into_iter()
        .map(|entry| {
            Ok(crate::generate::rust::MigrationScript {
                script: entry.script(dialect)?,
                name: entry.name,
            })
        })
        .collect()
}
