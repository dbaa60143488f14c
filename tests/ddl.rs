//! The DDL, run on real databases: SQLite (bundled) always, PostgreSQL when
//! its binaries are installed (see `common/pg.rs`). The catalog read back
//! must hold exactly what the resolved schema says, and the referential
//! actions must behave.

mod common;
#[path = "common/mariadb.rs"]
mod mariadb;
#[path = "common/pg.rs"]
mod pg;
#[path = "common/server.rs"]
mod server;

use common::*;
use ormgen::generate::sql::{self, Dialect};
use ormgen::ir::{self, RefAction, Type};
use ormgen::syntax::ast::ScalarType;
use std::collections::{BTreeMap, BTreeSet};

// ------------------------------------------------------------ schemas

/// Schemas beyond the fixtures: the resolver's cases, reserved words, long
/// names, deferrable cycles.
const SCHEMAS: &[(&str, &str)] = &[
    (
        // `a_b` + `c` and `a` + `b_c`: both unique keys would be `a_b_c_key`.
        "colliding_constraint_names",
        "model First {\n  options { tableName: \"a_b\" }\n  c string unique\n}\nmodel Second {\n  options { tableName: \"a\" }\n  b_c string unique\n}\n",
    ),
    (
        // `a` + `B_c` and `a_b` + `c`: indexes `a_B_c_idx` and `a_b_c_idx`,
        // one name in SQLite and MySQL.
        "constraint_names_differing_in_case",
        "model First {\n  options { tableName: \"a\" }\n  x string column(\"B_c\")\n  index (x)\n}\nmodel Second {\n  options { tableName: \"a_b\" }\n  c string\n  index (c)\n}\n",
    ),
    (
        "sequelize_names",
        "options { underscored: false }\nmodel GroupPKBT {\n  name string primaryKey\n}\nmodel UserPKBT {\n  email string unique\n  belongsTo GroupPKBT\n}\nmodel Task {\n  belongsTo UserPKBT as creator { targetKey: email }\n}\n",
    ),
    (
        "junctions",
        "model A {\n  belongsToMany B { through: AB }\n  belongsToMany C { through: AC }\n}\nmodel B {}\nmodel C {}\nmodel AC {\n  id integer primaryKey autoIncrement\n  note string\n}\nmodel Person {\n  belongsToMany Person as children { through: PersonChildren, inverse: { as: parents } }\n}\n",
    ),
    (
        "reserved_words",
        "model User {\n  options { freezeTableName: true }\n  select string\n  from integer\n  order integer unique\n  hasMany Order\n}\nmodel Order {\n  options { freezeTableName: true }\n  desc string\n  belongsTo Group { foreignKey: { allowNull: false } }\n}\nmodel Group {\n  options { freezeTableName: true }\n  table string\n  index (table)\n}\n",
    ),
    (
        "long_names",
        "model AVeryLongModelNameThatKeepsGoingOnAndOn {\n  anAttributeWithAnExtremelyLongNameIndeedYesVery string unique\n  anotherAttributeWithAnExtremelyLongNameIndeedYes string unique\n  index (anAttributeWithAnExtremelyLongNameIndeedYesVery, anotherAttributeWithAnExtremelyLongNameIndeedYes)\n  unique (anAttributeWithAnExtremelyLongNameIndeedYesVery, anotherAttributeWithAnExtremelyLongNameIndeedYes)\n  belongsTo AnotherVeryLongModelNameThatKeepsGoingOnAndOn\n}\nmodel AnotherVeryLongModelNameThatKeepsGoingOnAndOn {}\n",
    ),
    (
        "types_and_defaults",
        "enum Mood { happy, sad }\nmodel Everything {\n  a integer default(-1)\n  b bigint\n  c smallint notNull default(3)\n  d float\n  e double\n  f decimal(8, 3) default(1.5)\n  g decimal\n  h string(20) default(\"it's \\\"quoted\\\" \\\\ here\")\n  i text\n  j boolean notNull default(true)\n  k date default(now)\n  l dateonly default(now)\n  m time\n  n uuid default(uuidv4)\n  o json\n  p jsonb\n  q blob\n  r Mood notNull default(happy)\n  s string comment(\"a column comment\")\n}\n",
    ),
    (
        "deferrable_cycle",
        "model Document {\n  hasMany Version\n  belongsTo Version as current { deferrable: true }\n}\nmodel Version {}\n",
    ),
    (
        "composite_key",
        "model Pair {\n  a integer primaryKey\n  b integer primaryKey\n  code string unique\n}\nmodel User {\n  belongsTo Pair { targetKey: code, onDelete: RESTRICT, onUpdate: NO_ACTION }\n}\n",
    ),
];

fn all_schemas() -> Vec<(String, ir::Schema)> {
    let mut out: Vec<(String, ir::Schema)> = fixtures("valid")
        .into_iter()
        .map(|(path, text)| {
            let ir = ormgen::check([(path.as_str(), text.as_str())])
                .resolved
                .expect("valid fixture");
            (path, ir)
        })
        .collect();
    for (name, text) in SCHEMAS {
        let schema = ormgen::check([(*name, *text)]);
        let ir = schema.resolved.unwrap_or_else(|| {
            panic!(
                "{name}: {}",
                ormgen::diagnostics::render_human(&schema.sources, &schema.diagnostics)
            )
        });
        out.push((name.to_string(), ir));
    }
    out
}

// ------------------------------------------------------------ catalogs

#[derive(Debug, Default, PartialEq, Eq)]
struct Table {
    /// name, type as the catalog spells it, not null
    columns: Vec<(String, String, bool)>,
    primary_key: Vec<String>,
    uniques: BTreeSet<Vec<String>>,
    /// column, referenced table, referenced column, on delete, on update, deferrable
    foreign_keys: BTreeSet<(String, String, String, String, String, bool)>,
    indexes: BTreeSet<Vec<String>>,
}

type Catalog = BTreeMap<String, Table>;

/// What the catalog must hold, from the resolved schema.
fn expected(schema: &ir::Schema, dialect: Dialect) -> Catalog {
    let mut catalog = Catalog::new();
    for m in &schema.models {
        let cols = |attrs: &[usize]| {
            attrs
                .iter()
                .map(|&i| m.attributes[i].column.to_string())
                .collect::<Vec<_>>()
        };
        let table = Table {
            columns: m
                .attributes
                .iter()
                .map(|a| {
                    (
                        a.column.to_string(),
                        catalog_type(schema, a, dialect),
                        !a.nullable,
                    )
                })
                .collect(),
            primary_key: cols(&m.primary_key),
            uniques: m.uniques.iter().map(|u| cols(u)).collect(),
            foreign_keys: m
                .foreign_keys
                .iter()
                .filter(|f| f.constrained)
                .map(|f| {
                    let target = schema.model(f.references.model);
                    (
                        m.attributes[f.attr].column.to_string(),
                        target.table.to_string(),
                        target.attributes[f.references.attr].column.to_string(),
                        f.on_delete.sql().to_string(),
                        f.on_update.sql().to_string(),
                        // SQLite's catalog does not say; its behaviour test does.
                        f.deferrable && dialect == Dialect::Postgres,
                    )
                })
                .collect(),
            indexes: m.indexes.iter().map(|i| cols(i)).collect(),
        };
        catalog.insert(m.table.to_string(), table);
    }
    catalog
}

/// A column's type as each catalog names it: an independent statement of
/// the type table of the language guide.
fn catalog_type(schema: &ir::Schema, a: &ir::Attribute, dialect: Dialect) -> String {
    use ScalarType as T;
    let scalar = match &a.ty {
        Type::Enum(e) => {
            return match dialect {
                Dialect::Postgres => schema.enums[e.0].sql_name.to_string(),
                Dialect::Mysql => {
                    let variants: Vec<String> = schema.enums[e.0]
                        .variants
                        .iter()
                        .map(|v| format!("'{v}'"))
                        .collect();
                    format!("enum({})", variants.join(","))
                }
                Dialect::Sqlite => "TEXT".into(),
            };
        }
        Type::Scalar(s) => *s,
    };
    match dialect {
        // MariaDB's names (MySQL 8 drops the display widths).
        Dialect::Mysql => match scalar {
            T::Integer => "int(11)".into(),
            T::BigInt => "bigint(20)".into(),
            T::SmallInt => "smallint(6)".into(),
            T::Float => "float".into(),
            T::Double => "double".into(),
            T::Decimal {
                precision: Some(p),
                scale,
            } => format!("decimal({p},{})", scale.unwrap_or(0)),
            T::Decimal { .. } => "decimal(10,0)".into(),
            T::String { length } => format!("varchar({})", length.unwrap_or(255)),
            T::Text => "text".into(),
            T::Boolean => "tinyint(1)".into(),
            T::Date => "datetime(3)".into(),
            T::DateOnly => "date".into(),
            T::Time => "time".into(),
            T::Uuid => "char(36)".into(),
            T::Json | T::Jsonb => "longtext".into(),
            T::Blob => "blob".into(),
        },
        Dialect::Sqlite => match scalar {
            T::Integer | T::BigInt | T::SmallInt | T::Boolean => "INTEGER".into(),
            T::Float | T::Double => "REAL".into(),
            T::Blob => "BLOB".into(),
            _ => "TEXT".into(),
        },
        _ => match scalar {
            T::Integer => "integer".into(),
            T::BigInt => "bigint".into(),
            T::SmallInt => "smallint".into(),
            T::Float => "real".into(),
            T::Double => "double precision".into(),
            T::Decimal {
                precision: Some(p),
                scale,
            } => format!("numeric({p},{})", scale.unwrap_or(0)),
            T::Decimal { .. } => "numeric".into(),
            T::String { length } => format!("character varying({})", length.unwrap_or(255)),
            T::Text => "text".into(),
            T::Boolean => "boolean".into(),
            T::Date => "timestamp with time zone".into(),
            T::DateOnly => "date".into(),
            T::Time => "time without time zone".into(),
            T::Uuid => "uuid".into(),
            T::Json => "json".into(),
            T::Jsonb => "jsonb".into(),
            T::Blob => "bytea".into(),
        },
    }
}

fn sqlite_catalog(conn: &rusqlite::Connection) -> Catalog {
    let strings = |sql: &str| -> Vec<Vec<String>> {
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        stmt.query_map([], |r| {
            (0..n)
                .map(|i| r.get::<_, rusqlite::types::Value>(i))
                .collect::<Result<Vec<_>, _>>()
        })
        .unwrap()
        .map(|row| {
            row.unwrap()
                .into_iter()
                .map(|v| match v {
                    rusqlite::types::Value::Text(s) => s,
                    rusqlite::types::Value::Integer(i) => i.to_string(),
                    rusqlite::types::Value::Null => String::new(),
                    other => format!("{other:?}"),
                })
                .collect()
        })
        .collect()
    };
    let lit = |s: &str| format!("'{}'", s.replace('\'', "''"));
    let mut catalog = Catalog::new();
    for row in
        strings("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    {
        let t = &row[0];
        let info = strings(&format!(
            "SELECT name, type, \"notnull\", pk FROM pragma_table_info({})",
            lit(t)
        ));
        let mut pk: Vec<(i64, String)> = info
            .iter()
            .filter(|r| r[3] != "0")
            .map(|r| (r[3].parse().unwrap(), r[0].clone()))
            .collect();
        pk.sort();
        let mut table = Table {
            columns: info
                .iter()
                .map(|r| (r[0].clone(), r[1].clone(), r[2] == "1"))
                .collect(),
            primary_key: pk.into_iter().map(|(_, c)| c).collect(),
            ..Table::default()
        };
        for fk in strings(&format!(
            "SELECT \"from\", \"table\", \"to\", on_delete, on_update FROM pragma_foreign_key_list({})",
            lit(t)
        )) {
            table.foreign_keys.insert((
                fk[0].clone(),
                fk[1].clone(),
                fk[2].clone(),
                fk[3].clone(),
                fk[4].clone(),
                false,
            ));
        }
        for index in strings(&format!(
            "SELECT name, \"unique\", origin FROM pragma_index_list({})",
            lit(t)
        )) {
            let cols: Vec<String> = strings(&format!(
                "SELECT name FROM pragma_index_info({}) ORDER BY seqno",
                lit(&index[0])
            ))
            .into_iter()
            .map(|r| r[0].clone())
            .collect();
            match index[2].as_str() {
                "u" => {
                    table.uniques.insert(cols);
                }
                "c" => {
                    table.indexes.insert(cols);
                }
                _ => {} // the primary key's own index
            }
        }
        catalog.insert(t.clone(), table);
    }
    catalog
}

fn pg_catalog(client: &mut postgres::Client) -> Catalog {
    let mut catalog = Catalog::new();
    let tables = client
        .query("SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'", &[])
        .unwrap();
    let action = |c: String| match c.as_str() {
        "a" => "NO ACTION",
        "r" => "RESTRICT",
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        _ => "?",
    };
    for t in tables {
        let oid: u32 = t.get(0);
        let name: String = t.get(1);
        let columns = client
            .query(
                "SELECT attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                &[&oid],
            )
            .unwrap();
        let mut table = Table {
            columns: columns
                .iter()
                .map(|r| (r.get(0), r.get::<_, String>(1).replace(", ", ","), r.get(2)))
                .collect(),
            ..Table::default()
        };
        let constraint_columns = "SELECT array_agg(a.attname ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum";
        for r in client
            .query(
                &format!("SELECT con.contype::text, ({constraint_columns}), con.confrelid::regclass::text, (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = con.confrelid AND a.attnum = con.confkey[1]), con.confdeltype::text, con.confupdtype::text, con.condeferrable AND con.condeferred FROM pg_constraint con WHERE con.conrelid = $1"),
                &[&oid],
            )
            .unwrap()
        {
            let kind: String = r.get(0);
            let cols: Vec<String> = r.get(1);
            match kind.as_str() {
                "p" => table.primary_key = cols,
                "u" => {
                    table.uniques.insert(cols);
                }
                "f" => {
                    let target: String = r.get(2);
                    table.foreign_keys.insert((
                        cols[0].clone(),
                        target.trim_matches('"').to_string(),
                        r.get(3),
                        action(r.get(4)).into(),
                        action(r.get(5)).into(),
                        r.get(6),
                    ));
                }
                _ => {}
            }
        }
        for r in client
            .query(
                "SELECT (SELECT array_agg(a.attname ORDER BY k.ord) FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) FROM pg_index i WHERE i.indrelid = $1 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                &[&oid],
            )
            .unwrap()
        {
            table.indexes.insert(r.get(0));
        }
        catalog.insert(name, table);
    }
    catalog
}

fn mysql_catalog(conn: &mut mysql::Conn) -> Catalog {
    use mysql::prelude::Queryable;
    let rows = |conn: &mut mysql::Conn, sql: &str| -> Vec<Vec<String>> {
        conn.query_map(sql, |row: mysql::Row| {
            (0..row.len())
                .map(|i| match row.as_ref(i) {
                    Some(mysql::Value::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
                    Some(mysql::Value::Int(n)) => n.to_string(),
                    Some(mysql::Value::UInt(n)) => n.to_string(),
                    _ => String::new(),
                })
                .collect()
        })
        .unwrap()
    };
    let mut catalog = Catalog::new();
    let here = "TABLE_SCHEMA = DATABASE()";
    for t in rows(
        conn,
        &format!("SELECT TABLE_NAME FROM information_schema.TABLES WHERE {here}"),
    ) {
        let name = t[0].clone();
        let lit = format!("'{}'", name.replace('\'', "''"));
        let mut table = Table {
            columns: rows(conn, &format!("SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE FROM information_schema.COLUMNS WHERE {here} AND TABLE_NAME = {lit} ORDER BY ORDINAL_POSITION"))
                .into_iter()
                .map(|r| (r[0].clone(), r[1].clone(), r[2] == "NO"))
                .collect(),
            ..Table::default()
        };
        let constraints = rows(
            conn,
            &format!(
                "SELECT CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = {lit}"
            ),
        );
        let mut foreign_names = Vec::new();
        for c in &constraints {
            let clit = format!("'{}'", c[0].replace('\'', "''"));
            let keys = rows(
                conn,
                &format!(
                    "SELECT COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = {lit} AND CONSTRAINT_NAME = {clit} ORDER BY ORDINAL_POSITION"
                ),
            );
            let cols: Vec<String> = keys.iter().map(|k| k[0].clone()).collect();
            match c[1].as_str() {
                "PRIMARY KEY" => table.primary_key = cols,
                "UNIQUE" => {
                    table.uniques.insert(cols);
                }
                "FOREIGN KEY" => {
                    foreign_names.push(c[0].clone());
                    let rules = rows(
                        conn,
                        &format!(
                            "SELECT DELETE_RULE, UPDATE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = {lit} AND CONSTRAINT_NAME = {clit}"
                        ),
                    );
                    table.foreign_keys.insert((
                        keys[0][0].clone(),
                        keys[0][1].clone(),
                        keys[0][2].clone(),
                        rules[0][0].clone(),
                        rules[0][1].clone(),
                        false,
                    ));
                }
                _ => {} // CHECK constraints of JSON columns
            }
        }
        let constraint_names: Vec<&String> = constraints.iter().map(|c| &c[0]).collect();
        let mut indexes: BTreeMap<String, Vec<(i64, String)>> = BTreeMap::new();
        for r in rows(
            conn,
            &format!(
                "SELECT INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME FROM information_schema.STATISTICS WHERE {here} AND TABLE_NAME = {lit}"
            ),
        ) {
            // InnoDB indexes every foreign key under the constraint's name.
            if r[0] == "PRIMARY" || constraint_names.contains(&&r[0]) {
                continue;
            }
            indexes
                .entry(r[0].clone())
                .or_default()
                .push((r[1].parse().unwrap(), r[2].clone()));
        }
        for (_, mut cols) in indexes {
            cols.sort();
            table
                .indexes
                .insert(cols.into_iter().map(|(_, c)| c).collect());
        }
        catalog.insert(name, table);
    }
    catalog
}

// ------------------------------------------------------------ behaviour

trait Db {
    fn exec(&mut self, sql: &str) -> Result<(), String>;
    fn number(&mut self, sql: &str) -> Option<i64>;
    fn text(&mut self, sql: &str) -> Option<String>;
    fn catalog(&mut self) -> Catalog;
}

impl Db for rusqlite::Connection {
    fn exec(&mut self, sql: &str) -> Result<(), String> {
        self.execute_batch(sql).map_err(|e| e.to_string())
    }
    fn number(&mut self, sql: &str) -> Option<i64> {
        self.query_row(sql, [], |r| r.get(0)).unwrap()
    }
    fn text(&mut self, sql: &str) -> Option<String> {
        self.query_row(sql, [], |r| r.get(0)).unwrap()
    }
    fn catalog(&mut self) -> Catalog {
        sqlite_catalog(self)
    }
}

impl Db for mysql::Conn {
    fn exec(&mut self, sql: &str) -> Result<(), String> {
        use mysql::prelude::Queryable;
        // Every result set, so that an error in a later statement shows.
        let mut result = self.query_iter(sql).map_err(|e| e.to_string())?;
        while let Some(set) = result.iter() {
            for row in set {
                row.map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    }
    fn number(&mut self, sql: &str) -> Option<i64> {
        use mysql::prelude::Queryable;
        self.query_first::<Option<i64>, _>(sql).unwrap().flatten()
    }
    fn text(&mut self, sql: &str) -> Option<String> {
        use mysql::prelude::Queryable;
        self.query_first::<Option<String>, _>(sql)
            .unwrap()
            .flatten()
    }
    fn catalog(&mut self) -> Catalog {
        mysql_catalog(self)
    }
}

impl Db for postgres::Client {
    fn exec(&mut self, sql: &str) -> Result<(), String> {
        self.batch_execute(sql).map_err(|e| match e.as_db_error() {
            Some(db) => format!("{e}: {}", db.message()),
            None => e.to_string(),
        })
    }
    fn number(&mut self, sql: &str) -> Option<i64> {
        self.query_one(sql, &[])
            .unwrap()
            .get::<_, Option<i32>>(0)
            .map(i64::from)
    }
    fn text(&mut self, sql: &str) -> Option<String> {
        self.query_one(sql, &[]).unwrap().get(0)
    }
    fn catalog(&mut self) -> Catalog {
        pg_catalog(self)
    }
}

const BEHAVIOUR: &str = "/// Parents, or 'guardians'.\n/// Two lines.\nmodel Parent {\n  /// Its code.\n  code string unique\n}\nmodel NullChild {\n  belongsTo Parent\n}\nmodel CascadeChild {\n  belongsTo Parent { foreignKey: { allowNull: false } }\n}\nmodel RestrictChild {\n  belongsTo Parent { onDelete: RESTRICT }\n}\nmodel CodeChild {\n  belongsTo Parent { targetKey: code }\n}\nmodel LooseChild {\n  belongsTo Parent { constraints: false }\n}\nmodel A {\n  belongsToMany B { through: AB }\n}\nmodel B {}\nmodel Document {\n  hasMany Version\n  belongsTo Version as current { deferrable: true }\n}\nmodel Version {}\nmodel Quoted {\n  s text default(\"it's \\\"q\\\" \\\\ x\\nline\")\n}\nmodel DefaultChild {\n  parentId integer default(6)\n  belongsTo Parent { onDelete: SET_DEFAULT }\n}\nmodel NoActionChild {\n  belongsTo Parent { onDelete: NO_ACTION }\n}\n";

fn count(db: &mut dyn Db, table: &str) -> i64 {
    db.number(&format!("SELECT CAST(COUNT(*) AS INTEGER) FROM {table}"))
        .unwrap()
}

/// The referential actions, as each database applies them.
fn behaviour(db: &mut dyn Db, dialect: Dialect) {
    let schema = ormgen::check([("behaviour.models", BEHAVIOUR)])
        .resolved
        .unwrap();
    for statement in sql::create(&schema, dialect).unwrap() {
        db.exec(&statement)
            .unwrap_or_else(|e| panic!("{statement}\n{e}"));
    }
    let ok = |db: &mut dyn Db, sql: &str| db.exec(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    ok(
        db,
        "INSERT INTO parents (id, code) VALUES (1, 'p1'), (2, 'p2'), (3, 'p3'), (4, 'p4'), (5, 'p5')",
    );

    ok(
        db,
        "INSERT INTO null_children (id, parent_id) VALUES (1, 1)",
    );
    ok(db, "DELETE FROM parents WHERE id = 1");
    assert_eq!(
        db.number("SELECT parent_id FROM null_children WHERE id = 1"),
        None,
        "SET NULL"
    );

    ok(
        db,
        "INSERT INTO cascade_children (id, parent_id) VALUES (1, 2)",
    );
    ok(db, "DELETE FROM parents WHERE id = 2");
    assert_eq!(count(db, "cascade_children"), 0, "CASCADE");

    ok(
        db,
        "INSERT INTO restrict_children (id, parent_id) VALUES (1, 3)",
    );
    assert!(
        db.exec("DELETE FROM parents WHERE id = 3").is_err(),
        "RESTRICT refuses"
    );
    assert_eq!(count(db, "parents"), 3);

    ok(
        db,
        "INSERT INTO code_children (id, parent_code) VALUES (1, 'p4')",
    );
    ok(db, "UPDATE parents SET code = 'p4x' WHERE id = 4");
    assert_eq!(
        db.number("SELECT CAST(COUNT(*) AS INTEGER) FROM code_children WHERE parent_code = 'p4x'"),
        Some(1),
        "ON UPDATE CASCADE"
    );

    assert!(
        db.exec("INSERT INTO null_children (id, parent_id) VALUES (2, 999)")
            .is_err(),
        "dangling key refused"
    );

    ok(
        db,
        "INSERT INTO loose_children (id, parent_id) VALUES (1, 5), (2, 999)",
    );
    ok(db, "DELETE FROM parents WHERE id = 5");
    assert_eq!(
        db.number("SELECT parent_id FROM loose_children WHERE id = 1"),
        Some(5),
        "no constraint: stale key stays"
    );

    ok(db, "INSERT INTO \"as\" (id) VALUES (1), (2)");
    ok(db, "INSERT INTO bs (id) VALUES (1), (2)");
    ok(
        db,
        "INSERT INTO ab (a_id, b_id) VALUES (1, 1), (1, 2), (2, 1), (2, 2)",
    );
    ok(db, "DELETE FROM \"as\" WHERE id = 1");
    assert_eq!(
        count(db, "ab"),
        2,
        "deleting one end deletes its junction rows"
    );
    ok(db, "DELETE FROM bs WHERE id = 2");
    assert_eq!(count(db, "ab"), 1, "from the other end too");

    if dialect == Dialect::Mysql {
        // MySQL and MariaDB have no deferred constraints: the key is checked
        // at once, and rows that reference each other go in in three steps.
        assert!(
            db.exec("INSERT INTO documents (id, current_id) VALUES (1, 1)")
                .is_err(),
            "checked at once"
        );
        ok(db, "INSERT INTO documents (id) VALUES (1)");
        ok(db, "INSERT INTO versions (id, document_id) VALUES (1, 1)");
        ok(db, "UPDATE documents SET current_id = 1 WHERE id = 1");
    } else {
        ok(
            db,
            "BEGIN; INSERT INTO documents (id, current_id) VALUES (1, 1); INSERT INTO versions (id, document_id) VALUES (1, 1); COMMIT;",
        );
        let refused =
            db.exec("BEGIN; INSERT INTO documents (id, current_id) VALUES (2, 99); COMMIT;");
        let _ = db.exec("ROLLBACK");
        assert!(
            refused.is_err(),
            "the deferred check still happens at commit"
        );
    }
    assert_eq!(count(db, "documents"), 1, "rows that reference each other");

    ok(
        db,
        "INSERT INTO parents (id, code) VALUES (6, 'p6'), (7, 'p7')",
    );
    ok(
        db,
        "INSERT INTO no_action_children (id, parent_id) VALUES (1, 7)",
    );
    assert!(
        db.exec("DELETE FROM parents WHERE id = 7").is_err(),
        "NO ACTION refuses"
    );
    ok(
        db,
        "INSERT INTO default_children (id, parent_id) VALUES (1, 7), (2, 6)",
    );
    ok(db, "DELETE FROM no_action_children");
    if dialect == Dialect::Mysql {
        // InnoDB accepts `ON DELETE SET DEFAULT` and keeps no action for
        // it: the delete is refused, as the language guide says.
        assert!(
            db.exec("DELETE FROM parents WHERE id = 7").is_err(),
            "MySQL and MariaDB refuse instead of SET DEFAULT"
        );
    } else {
        ok(db, "DELETE FROM parents WHERE id = 7");
        assert_eq!(
            db.number("SELECT parent_id FROM default_children WHERE id = 1"),
            Some(6),
            "SET DEFAULT: the key's default"
        );
        assert!(
            db.exec("DELETE FROM parents WHERE id = 6").is_err(),
            "SET DEFAULT to a default that is itself deleted is refused"
        );
    }

    // Doc comments, read back from the catalog.
    let comments = match dialect {
        Dialect::Sqlite => None,
        Dialect::Postgres => Some((
            "SELECT obj_description('parents'::regclass, 'pg_class')",
            "SELECT col_description('parents'::regclass, 2)",
        )),
        Dialect::Mysql => Some((
            "SELECT table_comment FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'parents'",
            "SELECT column_comment FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'parents' AND column_name = 'code'",
        )),
    };
    if let Some((table, column)) = comments {
        assert_eq!(
            db.text(table).as_deref(),
            Some("Parents, or 'guardians'.\nTwo lines."),
            "table comment"
        );
        assert_eq!(
            db.text(column).as_deref(),
            Some("Its code."),
            "column comment"
        );
    }

    // A string default with a quote, double quotes, a backslash and a line
    // break reaches the database as written.
    ok(db, "INSERT INTO quoteds (id) VALUES (1)");
    assert_eq!(
        db.text("SELECT s FROM quoteds WHERE id = 1").as_deref(),
        Some("it's \"q\" \\ x\nline"),
        "string default"
    );

    for statement in sql::drop(&schema, dialect) {
        db.exec(&statement)
            .unwrap_or_else(|e| panic!("{statement}\n{e}"));
    }
}

// ------------------------------------------------------------ tests

/// Every schema: created, its catalog compared whole, dropped to nothing.
fn catalogs_match(db: &mut dyn Db, dialect: Dialect) {
    for (name, schema) in all_schemas() {
        for statement in sql::create(&schema, dialect).unwrap() {
            db.exec(&statement)
                .unwrap_or_else(|e| panic!("{name}: {statement}\n{e}"));
        }
        assert_eq!(
            db.catalog(),
            expected(&schema, dialect),
            "{name}: the catalog differs from the schema"
        );
        // What the generated `create_all` runs: again on the whole schema,
        // it changes nothing and fails on nothing.
        if dialect != Dialect::Mysql {
            for statement in sql::create_if_missing(&schema, dialect).unwrap() {
                db.exec(&statement)
                    .unwrap_or_else(|e| panic!("{name}, again: {statement}\n{e}"));
            }
            assert_eq!(db.catalog(), expected(&schema, dialect), "{name}, again");
        }
        for statement in sql::drop(&schema, dialect) {
            db.exec(&statement)
                .unwrap_or_else(|e| panic!("{name}: {statement}\n{e}"));
        }
        assert!(
            db.catalog().is_empty(),
            "{name}: the DROP statements leave tables behind"
        );
        // And on an empty database they create all of it.
        if dialect != Dialect::Mysql {
            for statement in sql::create_if_missing(&schema, dialect).unwrap() {
                db.exec(&statement)
                    .unwrap_or_else(|e| panic!("{name}, if missing: {statement}\n{e}"));
            }
            assert_eq!(
                db.catalog(),
                expected(&schema, dialect),
                "{name}, if missing"
            );
            for statement in sql::drop(&schema, dialect) {
                db.exec(&statement)
                    .unwrap_or_else(|e| panic!("{name}: {statement}\n{e}"));
            }
        }
    }
}

fn sqlite() -> rusqlite::Connection {
    let db = rusqlite::Connection::open_in_memory().unwrap();
    db.pragma_update(None, "foreign_keys", "ON").unwrap();
    db
}

#[test]
fn sqlite_catalog_matches_the_schema() {
    catalogs_match(&mut sqlite(), Dialect::Sqlite);
}

#[test]
fn sqlite_referential_actions_behave() {
    behaviour(&mut sqlite(), Dialect::Sqlite);
}

#[test]
fn postgres_catalog_matches_and_actions_behave() {
    let Some(server) = pg::PgServer::start() else {
        return;
    };
    let mut db = server.database("catalogs");
    catalogs_match(&mut db, Dialect::Postgres);
    let enums: i64 = db
        .query_one("SELECT COUNT(*) FROM pg_type WHERE typtype = 'e'", &[])
        .unwrap()
        .get(0);
    assert_eq!(enums, 0, "the DROP statements leave enum types behind");
    let mut db = server.database("behaviour");
    behaviour(&mut db, Dialect::Postgres);
}

#[test]
fn mariadb_catalog_matches_and_actions_behave() {
    let Some(server) = mariadb::MariaDb::start() else {
        return;
    };
    let mut db = server.database("catalogs");
    catalogs_match(&mut db, Dialect::Mysql);
    let mut db = server.database("behaviour");
    behaviour(&mut db, Dialect::Mysql);
}

#[test]
fn ddl_snapshots() {
    for (name, schema) in all_schemas() {
        for dialect in Dialect::ALL {
            let text = sql::create(&schema, dialect).unwrap().join("\n\n")
                + "\n\n-- drop\n\n"
                + &sql::drop(&schema, dialect).join("\n");
            let snapshot = format!("{}_{dialect:?}", name.replace(['/', '.'], "_")).to_lowercase();
            insta::assert_snapshot!(snapshot, text);
        }
    }
}

#[test]
fn constraint_names_fit_and_differ() {
    for (name, schema) in all_schemas() {
        let mut all: Vec<&str> = Vec::new();
        for model in &schema.models {
            let names = &model.constraint_names;
            assert_eq!(names.uniques.len(), model.uniques.len());
            assert_eq!(names.indexes.len(), model.indexes.len());
            assert_eq!(names.foreign_keys.len(), model.foreign_keys.len());
            all.extend(names.all());
        }
        assert!(
            all.iter()
                .all(|n| n.len() <= sql::MAX_IDENTIFIER && !n.is_empty()),
            "{name}: {all:?}"
        );
        // Distinct as SQLite and MySQL compare names: ASCII case aside.
        let distinct: BTreeSet<String> = all.iter().map(|n| n.to_ascii_lowercase()).collect();
        assert_eq!(
            distinct.len(),
            all.len(),
            "{name}: two constraints share a name"
        );
    }
    // The first of two names that would be one keeps it; the second gets
    // the salted variant.
    let (_, colliding) = all_schemas()
        .into_iter()
        .find(|(n, _)| n == "colliding_constraint_names")
        .unwrap();
    let uniques = |m: usize| colliding.models[m].constraint_names.uniques.clone();
    assert_eq!(uniques(0), ["a_b_c_key"]);
    assert!(
        uniques(1)[0].starts_with("a_b_c_key_") && uniques(1)[0].len() == 18,
        "{:?}",
        uniques(1)
    );
    // Names are stable from run to run.
    let long = || {
        all_schemas()
            .into_iter()
            .find(|(n, _)| n == "long_names")
            .unwrap()
            .1
    };
    let first = long().models[0].constraint_names.uniques.clone();
    assert!(first[0].len() == sql::MAX_IDENTIFIER, "{first:?}");
    assert_eq!(first, long().models[0].constraint_names.uniques);
}

#[test]
fn quoting_doubles_quote_characters() {
    assert_eq!(Dialect::Postgres.quote("a\"b"), "\"a\"\"b\"");
    assert_eq!(Dialect::Mysql.quote("a`b"), "`a``b`");
    // Every quote character doubled, wherever it is.
    for (dialect, q) in [
        (Dialect::Postgres, '"'),
        (Dialect::Sqlite, '"'),
        (Dialect::Mysql, '`'),
    ] {
        for ident in [
            "",
            "x",
            "\"",
            "`",
            "\"\"",
            "``",
            "\"a`\"\"b`",
            "a\"",
            "\"a",
            "é\"ü`",
        ] {
            let doubled: String = ident
                .chars()
                .flat_map(|c| if c == q { vec![c, c] } else { vec![c] })
                .collect();
            assert_eq!(
                dialect.quote(ident),
                format!("{q}{doubled}{q}"),
                "{ident:?}"
            );
        }
    }
    assert_eq!(Dialect::Mysql.string("it's \\"), "'it''s \\\\'");
    assert_eq!(Dialect::Sqlite.string("it's \\"), "'it''s \\'");
    let _ = RefAction::Cascade;
}

// ------------------------------------------------------------ migrations

/// Pairs of schemas, before and after one kind of change, the rows seeded
/// before it (in SQL every dialect runs), and queries whose answers must
/// be the same after it (`(query, answer)`): every row and every foreign
/// key value kept.
struct Change {
    name: &'static str,
    old: &'static str,
    new: &'static str,
    seed: &'static [&'static str],
    kept: &'static [(&'static str, &'static str)],
}

const PARENT: &str = "model Parent {\n  code string\n}\nmodel NullChild {\n  belongsTo Parent\n}\nmodel CascadeChild {\n  belongsTo Parent { foreignKey: { allowNull: false } }\n}\n";

const CHILDREN_SEED: &[&str] = &[
    "INSERT INTO parents (id, code) VALUES (1, 'p1')",
    "INSERT INTO parents (id, code) VALUES (2, 'p2')",
    "INSERT INTO null_children (id, parent_id) VALUES (10, 1)",
    "INSERT INTO cascade_children (id, parent_id) VALUES (20, 1)",
    "INSERT INTO cascade_children (id, parent_id) VALUES (21, 2)",
];

const CHILDREN_KEPT: &[(&str, &str)] = &[
    ("SELECT CAST(COUNT(*) AS CHAR(9)) FROM parents", "2"),
    (
        "SELECT CAST(parent_id AS CHAR(9)) FROM null_children WHERE id = 10",
        "1",
    ),
    (
        "SELECT CAST(SUM(parent_id) AS CHAR(9)) FROM cascade_children",
        "3",
    ),
];

const CHANGES: &[Change] = &[
    Change {
        name: "add a nullable column and one with a default",
        old: "model Post {\n  title string notNull\n}\n",
        new: "model Post {\n  title string notNull\n  body text\n  views integer notNull default(0)\n}\n",
        seed: &["INSERT INTO posts (title) VALUES ('a')"],
        kept: &[
            ("SELECT title FROM posts", "a"),
            ("SELECT CAST(views AS CHAR(9)) FROM posts", "0"),
        ],
    },
    Change {
        name: "drop a column",
        old: "model Post {\n  title string notNull\n  body text\n}\n",
        new: "model Post {\n  title string notNull\n}\n",
        seed: &["INSERT INTO posts (title, body) VALUES ('a', 'b')"],
        kept: &[("SELECT title FROM posts", "a")],
    },
    Change {
        name: "rename a column and a table",
        old: "model Post {\n  name string notNull\n  index (name)\n}\n",
        new: "model Article {\n  options { renamedFrom: \"Post\" }\n  title string notNull renamedFrom(\"name\")\n  index (title)\n}\n",
        seed: &["INSERT INTO posts (name) VALUES ('kept')"],
        kept: &[("SELECT title FROM articles", "kept")],
    },
    Change {
        name: "make a column not null, change its default and its type",
        old: "model Post {\n  title string\n  views integer default(1)\n  rank smallint\n}\n",
        new: "model Post {\n  title string notNull\n  views integer default(7)\n  rank bigint\n}\n",
        seed: &["INSERT INTO posts (title, views, rank) VALUES ('a', 3, 5)"],
        kept: &[
            ("SELECT title FROM posts", "a"),
            ("SELECT CAST(views + rank AS CHAR(9)) FROM posts", "8"),
        ],
    },
    Change {
        name: "a column made not null takes its default where it was null",
        old: "model Post {\n  title string\n  total integer\n}\n",
        new: "model Post {\n  title string\n  total integer notNull default(0)\n}\n",
        seed: &[
            "INSERT INTO posts (title, total) VALUES ('a', NULL)",
            "INSERT INTO posts (title, total) VALUES ('b', 5)",
        ],
        kept: &[
            (
                "SELECT CAST(total AS CHAR(9)) FROM posts WHERE title = 'a'",
                "0",
            ),
            (
                "SELECT CAST(total AS CHAR(9)) FROM posts WHERE title = 'b'",
                "5",
            ),
        ],
    },
    Change {
        name: "a primary key of two columns instead of one",
        old: "model Pair {\n  a integer primaryKey\n  b integer notNull\n}\n",
        new: "model Pair {\n  a integer primaryKey\n  b integer primaryKey\n}\n",
        seed: &[
            "INSERT INTO pairs (a, b) VALUES (1, 2)",
            "INSERT INTO pairs (a, b) VALUES (2, 2)",
        ],
        kept: &[("SELECT CAST(SUM(a * 10 + b) AS CHAR(9)) FROM pairs", "34")],
    },
    Change {
        name: "let a column be null",
        old: "model Post {\n  title string notNull\n}\n",
        new: "model Post {\n  title string\n}\n",
        seed: &["INSERT INTO posts (title) VALUES ('a')"],
        kept: &[("SELECT title FROM posts", "a")],
    },
    Change {
        name: "add and drop indexes and unique keys",
        old: "model Post {\n  title string\n  slug string\n  index (title)\n  unique (slug, title)\n}\n",
        new: "model Post {\n  title string unique\n  slug string\n  index (slug)\n}\n",
        seed: &["INSERT INTO posts (title, slug) VALUES ('a', 's')"],
        kept: &[("SELECT slug FROM posts", "s")],
    },
    Change {
        name: "a parent rebuilt or altered keeps its children",
        old: PARENT,
        new: "model Parent {\n  code string notNull default(\"x\")\n  unique (code)\n}\nmodel NullChild {\n  belongsTo Parent\n}\nmodel CascadeChild {\n  belongsTo Parent { foreignKey: { allowNull: false } }\n}\n",
        seed: CHILDREN_SEED,
        kept: CHILDREN_KEPT,
    },
    Change {
        name: "a child gets another parent, and a new table",
        old: PARENT,
        new: "model Parent {\n  code string\n}\nmodel NullChild {\n  note string\n  belongsTo Parent\n  belongsTo Other\n}\nmodel CascadeChild {\n  belongsTo Parent { foreignKey: { allowNull: false } }\n}\nmodel Other {\n  label string\n}\n",
        seed: CHILDREN_SEED,
        kept: CHILDREN_KEPT,
    },
    Change {
        name: "drop an association and a table",
        old: "model Parent {\n  code string\n  hasMany Child\n}\nmodel Child {\n  name string\n}\nmodel Gone {\n  x string\n}\n",
        new: "model Parent {\n  code string\n}\nmodel Child {\n  name string\n}\n",
        seed: &[
            "INSERT INTO parents (id, code) VALUES (1, 'p')",
            "INSERT INTO children (id, name, parent_id) VALUES (2, 'c', 1)",
        ],
        kept: &[("SELECT name FROM children WHERE id = 2", "c")],
    },
    Change {
        name: "an enum gains a value, another loses one",
        old: "enum Mood { happy, sad }\nenum Size { small, large, huge }\nmodel Post {\n  mood Mood notNull default(happy)\n  size Size\n}\n",
        new: "enum Mood { glad, happy, sad, calm }\nenum Size { small, large }\nmodel Post {\n  mood Mood notNull default(happy)\n  size Size\n}\n",
        seed: &["INSERT INTO posts (mood, size) VALUES ('sad', 'large')"],
        kept: &[
            ("SELECT CAST(mood AS CHAR(9)) FROM posts", "sad"),
            ("SELECT CAST(size AS CHAR(9)) FROM posts", "large"),
        ],
    },
];

fn resolved(text: &str) -> ir::Schema {
    let checked = ormgen::check([("schema.models", text)]);
    checked.resolved.unwrap_or_else(|| {
        panic!(
            "{}",
            ormgen::diagnostics::render_human(&checked.sources, &checked.diagnostics)
        )
    })
}

/// The catalog with each table's columns in name order: a column added by
/// `ALTER TABLE` comes last, where a new table would have it elsewhere.
fn unordered(mut catalog: Catalog) -> Catalog {
    for table in catalog.values_mut() {
        table.columns.sort();
    }
    catalog
}

/// Runs a migration as its script says: statements one at a time (as
/// `psql -f` and `mysql` do), SQLite's whole script at once.
fn apply(db: &mut dyn Db, m: &ormgen::generate::migration::Migration) -> Result<(), String> {
    if m.dialect == Dialect::Sqlite {
        return db.exec(&m.script());
    }
    for step in &m.before {
        for statement in &step.sql {
            db.exec(statement)?;
        }
    }
    let transactional = m.dialect == Dialect::Postgres;
    if transactional {
        db.exec("BEGIN")?;
    }
    for step in &m.steps {
        for statement in &step.sql {
            if let Err(e) = db.exec(statement) {
                if transactional {
                    db.exec("ROLLBACK")?;
                }
                return Err(format!("{statement}\n{e}"));
            }
        }
    }
    if transactional {
        db.exec("COMMIT")?;
    }
    Ok(())
}

fn migrations_keep_every_row(db: &mut dyn Db, dialect: Dialect) {
    use ormgen::generate::migration::diff;
    for change in CHANGES {
        let (old, new) = (resolved(change.old), resolved(change.new));
        for statement in sql::create(&old, dialect).unwrap() {
            db.exec(&statement).unwrap();
        }
        for statement in change.seed {
            db.exec(statement)
                .unwrap_or_else(|e| panic!("{}: {statement}\n{e}", change.name));
        }
        let m = diff(&old, &new, dialect).unwrap();
        assert!(!m.is_empty(), "{}: a change", change.name);
        apply(db, &m).unwrap_or_else(|e| panic!("{}: {e}\n{}", change.name, m.script()));
        assert_eq!(
            unordered(db.catalog()),
            unordered(expected(&new, dialect)),
            "{}: the catalog after the migration is the new schema's\n{}",
            change.name,
            m.script()
        );
        for (query, answer) in change.kept {
            // PostgreSQL pads a `CHAR(n)`.
            assert_eq!(
                db.text(query).as_deref().map(str::trim_end),
                Some(*answer),
                "{}: {query}\n{}",
                change.name,
                m.script()
            );
        }
        // And nothing more to do.
        assert!(diff(&new, &new, dialect).unwrap().is_empty());
        for statement in sql::drop(&new, dialect) {
            db.exec(&statement).unwrap();
        }
    }
    // From nothing, every schema; back to nothing, every table dropped.
    let empty = ormgen::check([]).resolved.unwrap();
    for (name, schema) in all_schemas() {
        let m = diff(&empty, &schema, dialect).unwrap();
        assert!(
            m.destructive().is_empty(),
            "{name}: creating destroys nothing"
        );
        apply(db, &m).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            db.catalog(),
            expected(&schema, dialect),
            "{name}, from nothing"
        );
        let m = diff(&schema, &empty, dialect).unwrap();
        apply(db, &m).unwrap_or_else(|e| panic!("{name}, to nothing: {e}"));
        assert!(db.catalog().is_empty(), "{name}: dropped to nothing");
    }
}

/// A schema against itself: nothing to do, on every dialect.
#[test]
fn a_schema_against_itself_is_no_migration() {
    use ormgen::generate::migration::diff;
    for (name, schema) in all_schemas() {
        for dialect in Dialect::ALL {
            let m = diff(&schema, &schema, dialect).unwrap();
            assert!(m.is_empty(), "{name} on {dialect:?}:\n{}", m.script());
        }
    }
}

#[test]
fn sqlite_migrations_keep_every_row() {
    migrations_keep_every_row(&mut sqlite(), Dialect::Sqlite);
}

#[test]
fn postgres_migrations_keep_every_row() {
    let Some(server) = pg::PgServer::start() else {
        return;
    };
    let mut db = server.database("migrations");
    migrations_keep_every_row(&mut db, Dialect::Postgres);
}

#[test]
fn mariadb_migrations_keep_every_row() {
    let Some(server) = mariadb::MariaDb::start() else {
        return;
    };
    let mut db = server.database("migrations");
    migrations_keep_every_row(&mut db, Dialect::Mysql);
}

/// A random schema over a fixed set of names: models, attributes of
/// several types, `notNull` with and without defaults, indexes, unique
/// keys, belongsTo between models, an enum with some of its values. Two
/// seeds make a pair of schemas to migrate between.
fn random_schema(seed: u64) -> String {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407)
        | 1;
    let mut below = move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let mut values: Vec<&str> = ["calm", "glad", "sad", "wild"]
        .into_iter()
        .filter(|_| below(4) > 0)
        .collect();
    if values.is_empty() {
        values.push("calm");
    }
    let mut text = format!("enum Mood {{ {} }}\n", values.join(", "));
    let present: Vec<usize> = (0..5).filter(|_| below(5) > 0).collect();
    for &m in &present {
        text.push_str(&format!("model M{m} {{\n"));
        let mut attributes = Vec::new();
        for a in 0..5 {
            if below(5) < 2 {
                continue;
            }
            attributes.push(a);
            let (ty, default) = match below(5) {
                0 => ("string", "\"x\""),
                1 => ("integer", "0"),
                2 => ("text", "\"y\""),
                3 => ("boolean", "false"),
                _ => ("Mood", values[0]),
            };
            let modifiers = match below(4) {
                0 => format!(" notNull default({default})"),
                1 => " notNull".to_string(),
                _ => String::new(),
            };
            text.push_str(&format!("  a{a} {ty}{modifiers}\n"));
        }
        if let Some(&a) = attributes.first()
            && below(3) == 0
        {
            text.push_str(&format!("  index (a{a})\n"));
        }
        if let Some(&a) = attributes.last()
            && below(4) == 0
        {
            text.push_str(&format!("  unique (a{a})\n"));
        }
        for &other in present.iter().filter(|&&o| o < m) {
            if below(3) == 0 {
                text.push_str(&format!("  belongsTo M{other}\n"));
            }
        }
        text.push_str("}\n");
    }
    text
}

/// Random pairs of schemas migrate cleanly on an empty database, to the
/// second schema's catalog.
fn random_pairs_migrate(db: &mut dyn Db, dialect: Dialect, pairs: u64) {
    use ormgen::generate::migration::diff;
    for seed in 0..pairs {
        let (old_text, new_text) = (random_schema(seed), random_schema(seed + 1000));
        let (old, new) = (resolved(&old_text), resolved(&new_text));
        for statement in sql::create(&old, dialect).unwrap() {
            db.exec(&statement).unwrap();
        }
        let m = diff(&old, &new, dialect).unwrap();
        apply(db, &m).unwrap_or_else(|e| {
            panic!(
                "seed {seed}: {e}\n--- old:\n{old_text}--- new:\n{new_text}--- script:\n{}",
                m.script()
            )
        });
        assert_eq!(
            unordered(db.catalog()),
            unordered(expected(&new, dialect)),
            "seed {seed}\n--- old:\n{old_text}--- new:\n{new_text}--- script:\n{}",
            m.script()
        );
        assert!(diff(&new, &new, dialect).unwrap().is_empty(), "seed {seed}");
        for statement in sql::drop(&new, dialect) {
            db.exec(&statement).unwrap();
        }
    }
}

#[test]
fn sqlite_random_schema_pairs_migrate() {
    random_pairs_migrate(&mut sqlite(), Dialect::Sqlite, 200);
}

#[test]
fn postgres_random_schema_pairs_migrate() {
    let Some(server) = pg::PgServer::start() else {
        return;
    };
    let mut db = server.database("random_migrations");
    random_pairs_migrate(&mut db, Dialect::Postgres, 60);
}

#[test]
fn mariadb_random_schema_pairs_migrate() {
    let Some(server) = mariadb::MariaDb::start() else {
        return;
    };
    let mut db = server.database("random_migrations");
    random_pairs_migrate(&mut db, Dialect::Mysql, 40);
}
