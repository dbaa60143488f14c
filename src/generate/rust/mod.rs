//! The Rust module tree of `ormgen build`: one module per model and a
//! `mod.rs`, for the rusqlite backend.
//!
//! Generated per model: a key newtype (`PersonId`, `From<&Person>`), the
//! row struct, `New<Model>` for inserts, and `create`, `find_by_pk`,
//! `find_all`, `count`, `save`, `destroy`. Values are always bound as
//! parameters; statements are prepared once per connection
//! (`prepare_cached`).

mod accessors;
pub mod backend;
mod layout;
mod model;
mod query;
mod types;
mod update;
use crate::ir::ident;

pub use backend::Backend;
use backend::Driver;

use super::sql::{self, Dialect};

use super::RenderError;
use crate::ir::{self, ModelId, ScalarType, Schema, Type};
use crate::output::{self, GeneratedFile};
use askama::Template;
use layout::*;
use model::{derive, model_file, model_text, module_view};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

struct ModuleView {
    pub(super) module: String,
    /// `pub mod x;`, or in the one-file form the module with its body.
    pub(super) item: String,
    /// `pub use person::{NewPerson, Person, PersonId};`, laid out as
    /// rustfmt does.
    pub(super) reexport: String,
}

struct VariantView {
    pub(super) rust: String,
    pub(super) literal: String,
}

struct EnumView {
    pub(super) name: String,
    /// The PostgreSQL type's name, as a Rust literal.
    pub(super) sql_name: String,
    pub(super) docs: Vec<String>,
    pub(super) variants: Vec<VariantView>,
}

#[derive(Template)]
#[template(path = "rust/mod.rs.txt", escape = "none")]
struct ModFile {
    /// What the root says of itself: inner doc comments (`//!`) in a file,
    /// plain comments in the one-file form, which `include!` takes.
    pub(super) header: String,
    /// Before each item of the root module: lint allowances, or nothing.
    pub(super) allow: &'static str,
    /// The enums' `#[derive(...)]`.
    pub(super) enum_derive: String,
    /// `#[serde(rename = ...)]` on each variant.
    pub(super) serde: bool,
    pub(super) allow_use: &'static str,
    pub(super) modules: Vec<ModuleView>,
    pub(super) enums: Vec<EnumView>,
    pub(super) sqlite_create: String,
    pub(super) sqlite_drop: String,
    pub(super) postgres_create: String,
    pub(super) postgres_drop: String,
    pub(super) mysql_create: String,
    /// A PostgreSQL backend (else rusqlite), its crate, whether it is
    /// async (and what follows an awaited call), the clients the async
    /// backend's `GenericClient` is implemented for (type, path), and the
    /// first lines of `create_all` and `drop_all`.
    pub(super) postgres: bool,
    pub(super) pg: &'static str,
    pub(super) is_async: bool,
    pub(super) aw: &'static str,
    pub(super) pg_clients: Vec<(&'static str, &'static str)>,
    pub(super) create_all_head: String,
    /// `migrate(conn)` and the folder's migrations: names, what runs
    /// before each one's transaction, and the transaction (its record
    /// added before its `COMMIT`).
    pub(super) migrations: bool,
    pub(super) migrate_head: String,
    pub(super) migrations_table: String,
    pub(super) migration_done: String,
    pub(super) migration_names: String,
    pub(super) migrations_before: String,
    pub(super) migrations_script: String,
    pub(super) drop_all_head: String,
    pub(super) uses_date: bool,
    pub(super) uses_uuid: bool,
    pub(super) uses_decimal: bool,
}

/// Derives added to the generated structs and enums, beyond the ones the
/// code always has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Derives {
    /// `serde::Serialize` and `serde::Deserialize` on every struct and
    /// enum (enums as their stored values); the crate then needs `serde`
    /// with its `derive` feature, and `serde` features of the type crates.
    pub serde: bool,
}

/// How the generated code is laid out.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// A module tree: `mod.rs` and one file per model.
    Files,
    /// One file holding every module, for `include!` (the build-script form).
    OneFile,
}

/// The module tree: `mod.rs` and one file per model. A model's file is
/// made when it is asked for ([`output::Files`]), on whichever core
/// asks, so writing the tree of a large schema never holds all of its code
/// at once.
pub struct Tree<'s> {
    schema: &'s Schema,
    backend: Backend,
    derives: Derives,
    by_source: ir::BySource,
    /// `mod.rs`, then each model's file, in model order.
    paths: Vec<PathBuf>,
    /// `mod.rs`, made with the tree: it names every model.
    root: String,
}

/// A migration of a migrations folder, as the generated `migrate`
/// applies it: its name (`0001_init`) and its script for the backend's
/// database, as the folder holds it.
#[derive(Clone, Debug)]
pub struct MigrationScript {
    pub name: String,
    pub script: String,
}

/// The module tree of a schema (see [`Tree`]).
pub fn tree<'s>(
    schema: &'s Schema,
    schema_name: &str,
    backend: Backend,
    derives: Derives,
) -> Result<Tree<'s>, RenderError> {
    tree_with_migrations(schema, schema_name, backend, derives, &[])
}

/// [`tree`], its root module with `migrate(conn)`, which applies
/// `migrations` (oldest first) where they have not run.
pub fn tree_with_migrations<'s>(
    schema: &'s Schema,
    schema_name: &str,
    backend: Backend,
    derives: Derives,
    migrations: &[MigrationScript],
) -> Result<Tree<'s>, RenderError> {
    let modules: Vec<ModuleView> = schema
        .models
        .iter()
        .map(|m| module_view(m, |module| format!("pub mod {module};")))
        .collect();
    let mut paths = Vec::with_capacity(1 + modules.len());
    paths.push(PathBuf::from("mod.rs"));
    paths.extend(
        modules
            .iter()
            .map(|m| PathBuf::from(ident::file(&m.module))),
    );
    let root = root_module(
        schema,
        schema_name,
        backend,
        derives,
        Layout::Files,
        modules,
        migrations,
    )?;
    Ok(Tree {
        schema,
        backend,
        derives,
        by_source: schema.associations_by_source(),
        paths,
        root: output::with_header(&root),
    })
}

impl output::Files for Tree<'_> {
    fn count(&self) -> usize {
        self.paths.len()
    }

    fn path(&self, i: usize) -> &Path {
        &self.paths[i]
    }

    fn contents(&self, i: usize) -> Result<Cow<'_, str>, output::MakeError> {
        Ok(match i.checked_sub(1) {
            None => Cow::Borrowed(&self.root),
            Some(m) => Cow::Owned(model_file(
                self.schema,
                self.backend.driver(),
                self.derives,
                ModelId(m),
                &self.by_source[m],
            )?),
        })
    }
}

/// Every file of the module tree, `mod.rs` first, made at once on every
/// core.
pub fn generate(
    schema: &Schema,
    schema_name: &str,
    backend: Backend,
    derives: Derives,
) -> Result<Vec<GeneratedFile>, RenderError> {
    let tree = tree(schema, schema_name, backend, derives)?;
    let by_source = &tree.by_source;
    let mut files = vec![GeneratedFile {
        path: tree.paths[0].clone(),
        contents: tree.root.clone(),
    }];
    for m in 0..schema.models.len() {
        files.push(GeneratedFile {
            path: tree.paths[m + 1].clone(),
            contents: model_file(schema, backend.driver(), derives, ModelId(m), &by_source[m])?,
        });
    }
    Ok(files)
}

/// The same code as [`generate`] in one file, every model's module inline,
/// for `include!` from a build script (which takes no inner attributes or
/// inner doc comments). Starts with [`output::HEADER`].
pub fn generate_one_file(
    schema: &Schema,
    schema_name: &str,
    backend: Backend,
    derives: Derives,
) -> Result<String, RenderError> {
    generate_one_file_with_migrations(schema, schema_name, backend, derives, &[])
}

/// [`generate_one_file`] with `migrate(conn)` (see [`tree_with_migrations`]).
pub fn generate_one_file_with_migrations(
    schema: &Schema,
    schema_name: &str,
    backend: Backend,
    derives: Derives,
    migrations: &[MigrationScript],
) -> Result<String, RenderError> {
    let by_source = schema.associations_by_source();
    let mut modules = Vec::with_capacity(schema.models.len());
    for i in 0..schema.models.len() {
        let (docs, body) =
            model_text(schema, backend.driver(), derives, ModelId(i), &by_source[i])?;
        modules.push(module_view(schema.model(ModelId(i)), |module| {
            let docs = doc_lines(&docs, "///").join("\n");
            format!("{docs}\n#[allow(dead_code, unused_imports)]\npub mod {module} {{\n{body}}}\n")
        }));
    }
    Ok(output::with_header(root_module(
        schema,
        schema_name,
        backend,
        derives,
        Layout::OneFile,
        modules,
        migrations,
    )?))
}

/// The root module's text: the models' modules (`modules`, in model
/// order), their re-exports, the DDL of every dialect and `create_all` /
/// `drop_all`.
fn root_module(
    schema: &Schema,
    schema_name: &str,
    backend: Backend,
    derives: Derives,
    layout: Layout,
    mut modules: Vec<ModuleView>,
    migrations: &[MigrationScript],
) -> Result<String, RenderError> {
    let driver = backend.driver();
    let uses = |pred: fn(&ScalarType) -> bool| {
        schema
            .models
            .iter()
            .flat_map(|m| &m.attributes)
            .any(|a| matches!(&a.ty, Type::Scalar(s) if pred(s)))
            || schema
                .models
                .iter()
                .any(|m| m.timestamps && pred(&ScalarType::Date))
    };
    let statements = |list: Vec<String>| list.iter().map(|s| literal(s)).collect::<Vec<_>>();
    let names = [
        "SQLITE_DDL",
        "SQLITE_DROP",
        "POSTGRES_DDL",
        "POSTGRES_DROP",
        "MYSQL_DDL",
    ];
    let ddl = |i: usize, dialect: Dialect, create: bool| -> Result<String, RenderError> {
        Ok(str_array(
            names[i],
            &statements(if create {
                sql::create_if_missing(schema, dialect)?
            } else {
                sql::drop(schema, dialect)
            }),
        ))
    };
    let sqlite_create = ddl(0, Dialect::Sqlite, true)?;
    let sqlite_drop = ddl(1, Dialect::Sqlite, false)?;
    let postgres_create = ddl(2, Dialect::Postgres, true)?;
    let postgres_drop = ddl(3, Dialect::Postgres, false)?;
    let mysql_create = ddl(4, Dialect::Mysql, true)?;
    // rustfmt orders `mod` and `use` items by name.
    modules.sort_by(|a, b| {
        a.module
            .trim_start_matches("r#")
            .cmp(b.module.trim_start_matches("r#"))
    });
    let header = [
        format!("Models generated from {schema_name}: one module per model, the DDL of"),
        "each dialect in creation order, and `create_all` / `drop_all`.".to_string(),
    ];
    let comment = match layout {
        Layout::Files => "//!",
        Layout::OneFile => "//",
    };
    // Code a crate does not use raises no warning: the module tree says so
    // once at its root (modules inherit it); a file for `include!`, which
    // takes no inner attribute, says so on each item.
    let (allow, allow_use, inner) = match layout {
        Layout::Files => ("", "", "\n#![allow(dead_code, unused_imports)]"),
        Layout::OneFile => ("#[allow(dead_code)]\n", "#[allow(unused_imports)]\n", ""),
    };
    let view = ModFile {
        header: doc_lines(&header, comment).join("\n") + inner,
        allow,
        allow_use,
        enum_derive: derive(
            &[
                "Debug",
                "Clone",
                "Copy",
                "PartialEq",
                "Eq",
                "Hash",
                "PartialOrd",
                "Ord",
            ],
            derives,
        ),
        serde: derives.serde,
        modules,
        enums: schema
            .enums
            .iter()
            .map(|e| EnumView {
                name: ident::type_name(&e.name),
                sql_name: literal(&e.sql_name),
                docs: doc_lines(&e.docs, "///"),
                variants: e
                    .variants
                    .iter()
                    .map(|v| VariantView {
                        rust: ident::type_name(v),
                        literal: literal(v),
                    })
                    .collect(),
            })
            .collect(),
        sqlite_create,
        sqlite_drop,
        postgres_create,
        postgres_drop,
        postgres: driver.dialect() == Dialect::Postgres,
        pg: driver.krate(),
        is_async: driver.is_async(),
        aw: driver.aw(),
        pg_clients: vec![
            ("tokio_postgres::Client", "tokio_postgres::Client"),
            (
                "tokio_postgres::Transaction<'_>",
                "tokio_postgres::Transaction",
            ),
        ],
        create_all_head: all_head(driver, "create_all"),
        migrations: !migrations.is_empty(),
        migrate_head: {
            let (head, param, ret) = (
                format!("{} migrate", driver.fn_head()),
                format!("conn: &mut {}::Client", driver.krate()),
                driver.result("Vec<&'static str>"),
            );
            // At the root, as rustfmt lays it out.
            let one = format!("{head}({param}) -> {ret} {{");
            if one.len() <= WIDTH {
                one
            } else {
                format!("{head}(\n    {param},\n) -> {ret} {{")
            }
        },
        migrations_table: const_str(
            "MIGRATIONS_TABLE",
            sql::migrations_table(driver.dialect()).0,
        ),
        migration_done: const_str("MIGRATION_DONE", sql::migrations_table(driver.dialect()).1),
        migration_names: str_array(
            "MIGRATIONS",
            &migrations
                .iter()
                .map(|m| literal(&m.name))
                .collect::<Vec<_>>(),
        ),
        migrations_before: str_array(
            "MIGRATIONS_BEFORE",
            &migrations
                .iter()
                .map(|m| literal(&migration_parts(m).0))
                .collect::<Vec<_>>(),
        ),
        migrations_script: str_array(
            "MIGRATIONS_SCRIPT",
            &migrations
                .iter()
                .map(|m| literal(&migration_parts(m).1))
                .collect::<Vec<_>>(),
        ),
        drop_all_head: all_head(driver, "drop_all"),
        mysql_create,
        uses_date: uses(|s| matches!(s, ScalarType::Date)),
        uses_uuid: uses(|s| matches!(s, ScalarType::Uuid)),
        uses_decimal: uses(|s| matches!(s, ScalarType::Decimal { .. })),
    };
    Ok(view.render()? + "\n")
}

/// `pub fn create_all(conn: ...) -> ... {` (or `drop_all`) on PostgreSQL,
/// at the root module.
fn all_head(driver: &dyn Driver, name: &str) -> String {
    let client = if driver.is_async() {
        "GenericClient"
    } else {
        "postgres::GenericClient"
    };
    format!(
        "{} {name}(conn: &mut impl {client}) -> {} {{",
        driver.fn_head(),
        driver.result("()")
    )
}

/// A migration's script cut for `migrate`: what comes before its `BEGIN;`
/// line (PostgreSQL's new enum values, SQLite's `PRAGMA foreign_keys =
/// OFF`), and the rest, with the record of the migration inserted before
/// its last `COMMIT;` (at its end when it has none: MySQL's scripts, or
/// one edited so) so that the migration and its record commit together.
fn migration_parts(m: &MigrationScript) -> (String, String) {
    let lines: Vec<&str> = m.script.lines().collect();
    let begin = lines.iter().position(|l| l.trim() == "BEGIN;");
    let (before, body) = match begin {
        Some(i) => (lines[..i].to_vec(), lines[i..].to_vec()),
        None => (Vec::new(), lines),
    };
    let record = format!(
        "INSERT INTO ormgen_migrations (name) VALUES ('{}');",
        m.name.replace('\'', "''")
    );
    let mut body: Vec<String> = body.into_iter().map(str::to_string).collect();
    match body.iter().rposition(|l| l.trim() == "COMMIT;") {
        Some(i) => body.insert(i, record),
        None => body.push(record),
    }
    let join = |lines: Vec<String>| {
        if lines.is_empty() {
            String::new()
        } else {
            lines.join("\n") + "\n"
        }
    };
    (
        join(before.into_iter().map(str::to_string).collect()),
        join(body),
    )
}
