//! The statements generated code runs on rows (select, count, insert,
//! update, delete, link): their shape in one place, shared by every
//! driver. A caller gives quoted names and the driver's placeholders
//! (`?1`, `$1::integer`); this module puts them together. The DDL is
//! `sql.rs`'s.
//!
//! New kinds of query (filters, batch loads) are new shapes here, so that
//! every backend writes them alike.

use super::sql::Dialect;
use crate::ir::Model;

/// A model's table as statements name it: quoted for one dialect.
#[derive(Clone, Copy)]
pub struct Table<'a> {
    pub dialect: Dialect,
    pub model: &'a Model,
}

impl Table<'_> {
    /// The table's name, quoted.
    pub fn name(&self) -> String {
        self.dialect.quote(&self.model.table)
    }

    /// Attribute `i`'s column, quoted.
    pub fn column(&self, i: usize) -> String {
        self.dialect.quote(&self.model.attributes[i].column)
    }

    /// Attribute `i`'s column, qualified with the table's name.
    pub fn qualified(&self, i: usize) -> String {
        format!("{}.{}", self.name(), self.column(i))
    }

    /// Every column, in attribute order (what a row struct reads).
    pub fn columns(&self) -> String {
        self.list(|i| self.column(i))
    }

    /// Every column, qualified: for a select that joins another table.
    pub fn qualified_columns(&self) -> String {
        self.list(|i| self.qualified(i))
    }

    fn list(&self, f: impl Fn(usize) -> String) -> String {
        (0..self.model.attributes.len())
            .map(f)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `column = value`.
pub fn eq(column: &str, value: &str) -> String {
    format!("{column} = {value}")
}

/// `SELECT {columns} FROM {from} [JOIN ...] [WHERE ...] [ORDER BY ...]
/// [LIMIT n]`.
#[derive(Default)]
pub struct Select {
    pub columns: String,
    pub from: String,
    /// `JOIN {table} ON {condition}`.
    pub join: Option<(String, String)>,
    /// ANDed.
    pub conditions: Vec<String>,
    pub order_by: Vec<String>,
    pub limit: Option<u64>,
}

impl Select {
    /// Every column of `table`, from it.
    pub fn rows(table: &Table, columns: String) -> Select {
        Select {
            columns,
            from: table.name(),
            ..Select::default()
        }
    }

    /// `SELECT COUNT(*) FROM {from} WHERE ...`.
    pub fn count(from: String, conditions: Vec<String>) -> Select {
        Select {
            columns: "COUNT(*)".into(),
            from,
            conditions,
            ..Select::default()
        }
    }

    pub fn filter(mut self, condition: String) -> Select {
        self.conditions.push(condition);
        self
    }

    pub fn order_by(mut self, columns: Vec<String>) -> Select {
        self.order_by = columns;
        self
    }

    pub fn limit(mut self, n: u64) -> Select {
        self.limit = Some(n);
        self
    }

    pub fn sql(&self) -> String {
        let mut out = format!("SELECT {} FROM {}", self.columns, self.from);
        if let Some((table, on)) = &self.join {
            out.push_str(&format!(" JOIN {table} ON {on}"));
        }
        out.push_str(&where_clause(&self.conditions));
        if !self.order_by.is_empty() {
            out.push_str(" ORDER BY ");
            out.push_str(&self.order_by.join(", "));
        }
        if let Some(n) = self.limit {
            out.push_str(&format!(" LIMIT {n}"));
        }
        out
    }
}

/// ` WHERE a AND b`, or nothing.
fn where_clause(conditions: &[String]) -> String {
    if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    }
}

/// `INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING
/// {returning}`; `DEFAULT VALUES` when no column is given.
pub fn insert_returning(
    table: &str,
    columns: &[String],
    values: &[String],
    returning: &str,
) -> String {
    if columns.is_empty() {
        format!("INSERT INTO {table} DEFAULT VALUES RETURNING {returning}")
    } else {
        format!(
            "INSERT INTO {table} ({}) VALUES ({}) RETURNING {returning}",
            columns.join(", "),
            values.join(", ")
        )
    }
}

/// `INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT
/// ({conflict}) ...  RETURNING {returning}`: `DO NOTHING` without
/// `update` (no row returned on a conflict), else `DO UPDATE SET` each of
/// `update` to the value the insert would have written (`excluded`).
pub fn insert_on_conflict(
    table: &str,
    columns: &[String],
    values: &[String],
    conflict: &[String],
    update: Option<&[String]>,
    returning: &str,
) -> String {
    let action = match update {
        None => "DO NOTHING".to_string(),
        Some(update) => {
            let sets: Vec<String> = update
                .iter()
                .map(|c| eq(c, &format!("excluded.{c}")))
                .collect();
            format!("DO UPDATE SET {}", sets.join(", "))
        }
    };
    format!(
        "INSERT INTO {table} ({}) VALUES ({}) ON CONFLICT ({}) {action} RETURNING {returning}",
        columns.join(", "),
        values.join(", "),
        conflict.join(", ")
    )
}

/// `INSERT INTO {table} ({columns}) SELECT {values} WHERE NOT EXISTS
/// (SELECT 1 FROM {table} WHERE ...)`: a row inserted unless one matching
/// `existing` is there (a junction's link, made once).
pub fn insert_unless_exists(
    table: &str,
    columns: &[String],
    values: &[String],
    existing: Vec<String>,
) -> String {
    let existing = Select {
        columns: "1".into(),
        from: table.into(),
        conditions: existing,
        ..Select::default()
    };
    format!(
        "INSERT INTO {table} ({}) SELECT {} WHERE NOT EXISTS ({})",
        columns.join(", "),
        values.join(", "),
        existing.sql()
    )
}

/// `UPDATE {table} SET {sets} WHERE ...`.
pub fn update(table: &str, sets: &[String], conditions: &[String]) -> String {
    format!(
        "UPDATE {table} SET {}{}",
        sets.join(", "),
        where_clause(conditions)
    )
}

/// `DELETE FROM {table} WHERE ...`.
pub fn delete(table: &str, conditions: &[String]) -> String {
    format!("DELETE FROM {table}{}", where_clause(conditions))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_have_their_shape() {
        let select = Select {
            columns: "\"a\"".into(),
            from: "\"t\"".into(),
            join: Some(("\"j\"".into(), "\"j\".\"x\" = \"t\".\"a\"".into())),
            ..Select::default()
        }
        .filter(eq("\"a\"", "?1"))
        .filter("\"b\" IS NULL".into())
        .order_by(vec!["\"a\"".into()])
        .limit(1);
        assert_eq!(
            select.sql(),
            "SELECT \"a\" FROM \"t\" JOIN \"j\" ON \"j\".\"x\" = \"t\".\"a\" WHERE \"a\" = ?1 AND \"b\" IS NULL ORDER BY \"a\" LIMIT 1"
        );
        assert_eq!(
            Select::count("t".into(), vec![]).sql(),
            "SELECT COUNT(*) FROM t"
        );
        assert_eq!(
            insert_returning("t", &[], &[], "a"),
            "INSERT INTO t DEFAULT VALUES RETURNING a"
        );
        assert_eq!(
            insert_unless_exists("j", &["a".into()], &["?1".into()], vec![eq("a", "?1")]),
            "INSERT INTO j (a) SELECT ?1 WHERE NOT EXISTS (SELECT 1 FROM j WHERE a = ?1)"
        );
        assert_eq!(update("t", &["a = ?1".into()], &[]), "UPDATE t SET a = ?1");
        let (columns, values) = (
            ["a".to_string(), "b".into()],
            ["?1".to_string(), "?2".into()],
        );
        assert_eq!(
            insert_on_conflict("t", &columns, &values, &columns[..1], None, "a, b"),
            "INSERT INTO t (a, b) VALUES (?1, ?2) ON CONFLICT (a) DO NOTHING RETURNING a, b"
        );
        assert_eq!(
            insert_on_conflict(
                "t",
                &columns,
                &values,
                &columns[..1],
                Some(&columns[1..]),
                "a"
            ),
            "INSERT INTO t (a, b) VALUES (?1, ?2) ON CONFLICT (a) DO UPDATE SET b = excluded.b RETURNING a"
        );
        assert_eq!(delete("t", &[eq("a", "?1")]), "DELETE FROM t WHERE a = ?1");
    }
}
