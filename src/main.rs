//! The `ormgen` command line. It parses arguments, calls the library,
//! prints what the library reports and chooses the exit code; nothing else.

/// jemalloc instead of glibc's malloc: with a schema of 100,000 models
/// alive, glibc spent a third of `ormgen ddl` sorting its free lists, and
/// every command grew faster than the schema.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};
use ormgen::diagnostics::{self, Diagnostic};
use ormgen::schema::Schema;
use ormgen::syntax::format;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "ormgen",
    version,
    about = "Checks .models schemas and compiles them to Rust and SQL"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse and check schemas; report every problem.
    Check {
        /// Schema files, or directories holding `.models` files.
        #[arg(required = true)]
        schema: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings as errors (exit 1).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Generate the Rust module tree of a schema into a directory.
    Build {
        #[arg(required = true)]
        schema: Vec<PathBuf>,
        /// The output directory (created if needed).
        #[arg(short = 'o', long = "out")]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = BackendArg::Rusqlite)]
        backend: BackendArg,
        /// Write nothing; exit 1 if the directory is not up to date.
        #[arg(long)]
        check: bool,
        /// Derive serde's Serialize and Deserialize on every struct and enum.
        #[arg(long)]
        serde: bool,
        /// A migrations folder (`ormgen migrate new`): the root module gets
        /// `migrate(conn)`, which applies its migrations.
        #[arg(long)]
        migrations: Option<PathBuf>,
    },
    /// Print the SQL that creates (or drops) a schema, in dependency order.
    Ddl {
        #[arg(required = true)]
        schema: Vec<PathBuf>,
        #[arg(long, value_enum)]
        dialect: DialectArg,
        /// Print the DROP statements instead.
        #[arg(long)]
        drop: bool,
    },
    /// Print the statements that turn a database made from OLD into one
    /// made from NEW, keeping every row, in a safe order.
    Diff {
        /// The schema the database was made from (a file or a directory;
        /// an empty one for a new database).
        old: PathBuf,
        /// The schema it should have now.
        new: PathBuf,
        #[arg(long, value_enum)]
        dialect: DialectArg,
        #[arg(long, value_enum, default_value_t = DiffFormat::Sql)]
        format: DiffFormat,
        /// Exit 1 when the schemas differ.
        #[arg(long)]
        exit_code: bool,
        /// Print steps that throw data away (dropped tables, columns,
        /// types); without it they stop the diff, named on stderr.
        #[arg(long)]
        allow_destructive: bool,
    },
    /// Migrations folders: `ormgen migrate new NAME SCHEMA...`.
    Migrate {
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Print the entity-relationship diagram of a schema.
    Graph {
        #[arg(required = true)]
        schema: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
        format: GraphFormat,
    },
    /// Rewrite schema files in canonical form.
    Fmt {
        #[arg(required = true)]
        schema: Vec<PathBuf>,
        /// Write nothing; exit 1 if a file is not formatted.
        #[arg(long)]
        check: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum BackendArg {
    /// SQLite through the rusqlite crate.
    Rusqlite,
    /// PostgreSQL through the postgres crate.
    Postgres,
    /// PostgreSQL through the tokio-postgres crate: async functions.
    TokioPostgres,
}

#[derive(Clone, Copy, ValueEnum)]
enum DialectArg {
    Sqlite,
    Postgres,
    /// MySQL 8 and MariaDB.
    Mysql,
}

#[derive(Subcommand)]
enum MigrateAction {
    /// Write the next migration of the folder: the statements of every
    /// dialect from the last migration's schema to SCHEMA, and a copy of
    /// SCHEMA for the one after.
    New {
        /// Its name: lower-case letters, digits and `_`.
        name: String,
        #[arg(required = true)]
        schema: Vec<PathBuf>,
        /// The migrations folder.
        #[arg(long, default_value = "migrations")]
        dir: PathBuf,
        /// Write steps that throw data away too.
        #[arg(long)]
        allow_destructive: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    /// The script, each step headed by a comment saying what it risks.
    Sql,
    /// The steps, each with its safety and statements.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum GraphFormat {
    /// Mermaid `erDiagram`.
    Mermaid,
    /// Graphviz DOT.
    Dot,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

/// Exit codes: 0 fine, 1 problems in the schema, 2 usage or I/O error.
const EXIT_PROBLEMS: u8 = 1;
const EXIT_USAGE: u8 = 2;

/// The buffer between a printed DDL or diagram and standard output: a
/// large schema's text goes out in pieces of this size.
const OUT_BUFFER: usize = 64 * 1024;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        // Diagnostics or messages could not be written: there is no one to
        // tell, and the run did not do what it was asked.
        Err(err) if err.is::<Unreported>() => ExitCode::from(EXIT_USAGE),
        // The reader of the output went away (`ormgen ddl ... | head`): it
        // has what it wanted; that is no error of ours to report.
        Err(err) if closed_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let _ = writeln!(std::io::stderr(), "error: {err:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn closed_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Standard error (or, for `--format json`, standard output) could not
/// take the diagnostics: closed, or a full disk.
#[derive(Debug)]
struct Unreported(std::io::Error);

impl std::fmt::Display for Unreported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "can't write the report: {}", self.0)
    }
}

impl std::error::Error for Unreported {}

/// Writes to standard error; failing to is an error, not a panic.
fn say(text: &str) -> anyhow::Result<()> {
    report(std::io::stderr().lock(), text)
}

/// Writes `text` whole and flushes it, or fails as [`Unreported`].
fn report(mut to: impl Write, text: &str) -> anyhow::Result<()> {
    to.write_all(text.as_bytes())
        .and_then(|()| to.flush())
        .map_err(|e| Unreported(e).into())
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Check {
            schema,
            format,
            deny_warnings,
        } => check(&schema, format, deny_warnings),
        Command::Fmt { schema, check } => fmt(&schema, check),
        Command::Graph { schema, format } => graph(&schema, format),
        Command::Build {
            schema,
            out,
            backend,
            check,
            serde,
            migrations,
        } => build(&schema, &out, backend, check, serde, migrations.as_deref()),
        Command::Ddl {
            schema,
            dialect,
            drop,
        } => ddl(&schema, dialect, drop),
        Command::Migrate {
            action:
                MigrateAction::New {
                    name,
                    schema,
                    dir,
                    allow_destructive,
                },
        } => migrate_new(&name, &schema, &dir, allow_destructive),
        Command::Diff {
            old,
            new,
            dialect,
            format,
            exit_code,
            allow_destructive,
        } => diff(&old, &new, dialect, format, exit_code, allow_destructive),
    }
}

fn print_diagnostics(
    schema: &Schema,
    diagnostics: &[Diagnostic],
    format: Format,
) -> anyhow::Result<()> {
    let text = match format {
        Format::Human => {
            let mut text = diagnostics::render_human(&schema.sources, diagnostics);
            if !diagnostics.is_empty() {
                text.push_str(&format!("{}\n", diagnostics::summary(diagnostics)));
            }
            text
        }
        Format::Json => diagnostics::render_json(&schema.sources, diagnostics),
    };
    match format {
        Format::Human => say(&text),
        Format::Json => report(std::io::stdout().lock(), &text),
    }
}

fn load(paths: &[PathBuf]) -> anyhow::Result<Schema> {
    let schema = Schema::load(paths)?;
    if schema.sources.is_empty() {
        anyhow::bail!("no .models files found in {}", display_paths(paths));
    }
    Ok(schema)
}

fn display_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn check(paths: &[PathBuf], format: Format, deny_warnings: bool) -> anyhow::Result<u8> {
    let schema = load(paths)?;
    print_diagnostics(&schema, &schema.diagnostics, format)?;
    let failed = schema.has_errors() || (deny_warnings && !schema.diagnostics.is_empty());
    keep_until_exit(schema);
    Ok(if failed { EXIT_PROBLEMS } else { 0 })
}

/// Loads and resolves a schema, printing its diagnostics; `None` on errors.
/// The syntax trees and the resolved schema live until the process ends.
fn resolve(paths: &[PathBuf]) -> anyhow::Result<Option<&'static ormgen::ir::Schema>> {
    let schema = keep_until_exit(load(paths)?);
    print_diagnostics(schema, &schema.diagnostics, Format::Human)?;
    Ok(schema.resolved.as_ref())
}

/// Keeps a value until the process exits, never freeing it: a large schema
/// is millions of small allocations, and freeing them one by one took a
/// tenth of `ormgen check` at 100,000 models; the system takes the memory
/// back at once when the process ends.
fn keep_until_exit<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}

fn build(
    paths: &[PathBuf],
    out: &Path,
    backend: BackendArg,
    check: bool,
    serde: bool,
    migrations: Option<&Path>,
) -> anyhow::Result<u8> {
    use ormgen::generate::rust::{Backend, Derives, tree_with_migrations};
    use ormgen::output::{self, Difference};
    let Some(ir) = resolve(paths)? else {
        return Ok(EXIT_PROBLEMS);
    };
    let backend = match backend {
        BackendArg::Rusqlite => Backend::Rusqlite,
        BackendArg::Postgres => Backend::Postgres,
        BackendArg::TokioPostgres => Backend::TokioPostgres,
    };
    let name = paths
        .iter()
        .map(|p| {
            format!(
                "`{}`",
                p.file_name().unwrap_or(p.as_os_str()).to_string_lossy()
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    // Model files are made as they are compared and written.
    let migrations = match migrations {
        Some(dir) => ormgen::migrations::scripts(dir, backend.dialect())
            .with_context(|| format!("reading the migrations of {}", dir.display()))?,
        None => Vec::new(),
    };
    let files = tree_with_migrations(ir, &name, backend, Derives { serde }, &migrations)?;
    if check {
        let differences = output::check_files(out, &files)?;
        for d in &differences {
            let (what, path) = match d {
                Difference::Missing(p) => ("missing", p.as_path()),
                Difference::Different(p) => ("out of date", p.as_path()),
                Difference::Stale(p) => ("no longer generated", p.as_path()),
                Difference::HandWritten(p) => ("hand-written, in the way", p.as_path()),
                Difference::NotAFile(p) => ("not a regular file, in the way", p.as_path()),
                Difference::Interrupted => (
                    "an interrupted build, which the next build finishes",
                    Path::new(output::JOURNAL),
                ),
            };
            say(&format!("{what}: {}\n", out.join(path).display()))?;
        }
        return Ok(if differences.is_empty() {
            0
        } else {
            EXIT_PROBLEMS
        });
    }
    let report = output::write_files(out, &files)?;
    if let Some(advice) = out
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(ormgen::ir::ident::module_advice)
    {
        say(&format!("warning: {advice}\n"))?;
    }
    say(&format!(
        "{}: {} written, {} unchanged, {} removed\n",
        out.display(),
        report.written.len(),
        report.unchanged.len(),
        report.removed.len()
    ))?;
    Ok(0)
}

fn ddl(paths: &[PathBuf], dialect: DialectArg, drop: bool) -> anyhow::Result<u8> {
    use ormgen::generate::sql::{self, Dialect};
    let Some(ir) = resolve(paths)? else {
        return Ok(EXIT_PROBLEMS);
    };
    let dialect = match dialect {
        DialectArg::Sqlite => Dialect::Sqlite,
        DialectArg::Postgres => Dialect::Postgres,
        DialectArg::Mysql => Dialect::Mysql,
    };
    let statements = if drop {
        sql::drop(ir, dialect)
    } else {
        sql::create(ir, dialect)?
    };
    let mut out = std::io::BufWriter::with_capacity(OUT_BUFFER, std::io::stdout().lock());
    for statement in statements {
        writeln!(out, "{statement}\n")?;
    }
    out.flush()?;
    Ok(0)
}

fn dialect_of(dialect: DialectArg) -> ormgen::generate::sql::Dialect {
    use ormgen::generate::sql::Dialect;
    match dialect {
        DialectArg::Sqlite => Dialect::Sqlite,
        DialectArg::Postgres => Dialect::Postgres,
        DialectArg::Mysql => Dialect::Mysql,
    }
}

fn diff(
    old: &Path,
    new: &Path,
    dialect: DialectArg,
    format: DiffFormat,
    exit_code: bool,
    allow_destructive: bool,
) -> anyhow::Result<u8> {
    use ormgen::generate::migration;
    // An empty directory (or file) is the schema of an empty database.
    let old_schema = Schema::load(&[old])?;
    let old_schema = if old_schema.sources.is_empty() {
        keep_until_exit(ormgen::check([]))
    } else {
        let schema = keep_until_exit(old_schema);
        print_diagnostics(schema, &schema.diagnostics, Format::Human)?;
        schema
    };
    let new_schema = keep_until_exit(load(&[new.to_path_buf()])?);
    print_diagnostics(new_schema, &new_schema.diagnostics, Format::Human)?;
    let (Some(before), Some(after)) = (&old_schema.resolved, &new_schema.resolved) else {
        return Ok(EXIT_PROBLEMS);
    };
    let m = migration::diff(before, after, dialect_of(dialect))?;
    for warning in &m.warnings {
        eprintln!("warning: {warning}");
    }
    let destructive = m.destructive();
    if !destructive.is_empty() && !allow_destructive {
        let mut err = std::io::stderr().lock();
        writeln!(
            err,
            "error: {} step(s) would destroy data; nothing printed:",
            destructive.len()
        )?;
        for step in destructive {
            writeln!(err, "  - {}", step.what)?;
        }
        writeln!(
            err,
            "  = help: back the data up first, then run again with --allow-destructive (a rename keeps it: `renamedFrom`)"
        )?;
        return Ok(EXIT_PROBLEMS);
    }
    let mut out = std::io::stdout().lock();
    match format {
        DiffFormat::Sql => write!(out, "{}", m.script())?,
        DiffFormat::Json => {
            let steps: Vec<serde_json::Value> = m
                .all_steps()
                .map(|s| {
                    serde_json::json!({
                        "what": s.what,
                        "safety": s.safety.key(),
                        "sql": s.sql,
                    })
                })
                .collect();
            let doc = serde_json::json!({ "steps": steps, "script": m.script() });
            writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
    }
    out.flush()?;
    Ok(if exit_code && !m.is_empty() {
        EXIT_PROBLEMS
    } else {
        0
    })
}

fn migrate_new(
    name: &str,
    paths: &[PathBuf],
    dir: &Path,
    allow_destructive: bool,
) -> anyhow::Result<u8> {
    use ormgen::migrations::{NewMigration, NewMigrationError, new_migration};
    let schema = keep_until_exit(load(paths)?);
    print_diagnostics(schema, &schema.diagnostics, Format::Human)?;
    let Some(ir) = &schema.resolved else {
        return Ok(EXIT_PROBLEMS);
    };
    match new_migration(dir, name, ir, &schema.sources, allow_destructive) {
        Ok(NewMigration::Unchanged) => {
            eprintln!("nothing changed since the last migration: nothing written");
            Ok(0)
        }
        Ok(NewMigration::Written { entry, warnings }) => {
            for warning in warnings {
                eprintln!("warning: {warning}");
            }
            eprintln!("wrote {}", entry.path.display());
            Ok(0)
        }
        Err(NewMigrationError::Destructive(steps)) => {
            eprintln!("error: steps would destroy data; nothing written:");
            for step in steps {
                eprintln!("  - {step}");
            }
            eprintln!("  = help: back the data up first, then run again with --allow-destructive");
            Ok(EXIT_PROBLEMS)
        }
        Err(NewMigrationError::Snapshot(snapshot)) => {
            print_diagnostics(&snapshot, &snapshot.diagnostics, Format::Human)?;
            eprintln!("error: the last migration's schema has errors");
            Ok(EXIT_PROBLEMS)
        }
        Err(NewMigrationError::Name(n)) => {
            eprintln!("error: `{n}` is no migration name: use lower-case letters, digits and `_`");
            Ok(EXIT_USAGE)
        }
        Err(e) => Err(e.into()),
    }
}

fn graph(paths: &[PathBuf], format: GraphFormat) -> anyhow::Result<u8> {
    let Some(ir) = resolve(paths)? else {
        return Ok(EXIT_PROBLEMS);
    };
    let format = match format {
        GraphFormat::Mermaid => ormgen::generate::graph::GraphFormat::Mermaid,
        GraphFormat::Dot => ormgen::generate::graph::GraphFormat::Dot,
    };
    // Written as it is made: the diagram of a large schema is tens of
    // megabytes that need not be held at once.
    let mut out = std::io::BufWriter::with_capacity(OUT_BUFFER, std::io::stdout().lock());
    ormgen::generate::graph::write(ir, format, &mut out)?;
    out.flush()?;
    Ok(0)
}

fn fmt(paths: &[PathBuf], check: bool) -> anyhow::Result<u8> {
    let schema = load(paths)?;
    let mut problems = Vec::new();
    let mut unformatted = Vec::new();
    for parsed in &schema.files {
        let file = schema.sources.get(parsed.id);
        let formatted = match &parsed.ast {
            Some(tree) if parsed.parsed_cleanly => {
                Ok(format::format(tree, &file.text, &parsed.comments))
            }
            _ => format::format_source(parsed.id, &file.text),
        };
        match formatted {
            Err(diagnostics) => problems.extend(diagnostics),
            Ok(formatted) if formatted == file.text => {}
            Ok(formatted) => {
                if !check {
                    ormgen::output::write_file_atomically(
                        Path::new(&file.name),
                        formatted.as_bytes(),
                    )
                    .with_context(|| format!("writing {}", file.name))?;
                }
                unformatted.push(file.name.clone());
            }
        }
    }
    // Only problems that stop formatting: warnings and semantic errors are
    // `check`'s business.
    print_diagnostics(&schema, &problems, Format::Human)?;
    for name in &unformatted {
        if check {
            say(&format!("not formatted: {name}\n"))?;
        } else {
            say(&format!("formatted: {name}\n"))?;
        }
    }
    let failed = !problems.is_empty() || (check && !unformatted.is_empty());
    Ok(if failed { EXIT_PROBLEMS } else { 0 })
}
