//! Rust types of columns and keys, and the expressions that move them.

use crate::ir::{self, ScalarType, Schema, Type, ident};

/// The Rust type of a column's value (without `Option`).
pub(super) fn base_type(schema: &Schema, ty: &Type) -> String {
    use ScalarType as T;
    match ty {
        Type::Enum(e) => ident::type_name(&schema.enums[e.0].name),
        Type::Scalar(s) => match s {
            T::Integer => "i32",
            T::BigInt => "i64",
            T::SmallInt => "i16",
            T::Float => "f32",
            T::Double => "f64",
            T::Decimal { .. } => "rust_decimal::Decimal",
            T::String { .. } | T::Text => "String",
            T::Boolean => "bool",
            T::Date => "chrono::DateTime<chrono::Utc>",
            T::DateOnly => "chrono::NaiveDate",
            T::Time => "chrono::NaiveTime",
            T::Uuid => "uuid::Uuid",
            T::Json | T::Jsonb => "serde_json::Value",
            T::Blob => "Vec<u8>",
        }
        .to_string(),
    }
}

pub(super) fn rust_type(schema: &Schema, a: &ir::Attribute) -> String {
    let base = base_type(schema, &a.ty);
    if a.nullable {
        format!("Option<{base}>")
    } else {
        base
    }
}

pub(super) fn is_foreign_key(m: &ir::Model, i: usize) -> bool {
    m.foreign_keys.iter().any(|f| f.attr == i)
}

/// Whether `New<Model>` takes attribute `i` as an `Option` of its type
/// (`None`: its default, or a foreign key an accessor fills in) rather
/// than as the row holds it.
pub(super) fn given_optionally(m: &ir::Model, i: usize) -> bool {
    m.attributes[i].default.is_some() || is_foreign_key(m, i)
}

/// Whether values of this type are `Copy` in Rust.
pub(super) fn is_copy(ty: &Type) -> bool {
    matches!(
        ty,
        Type::Scalar(
            ScalarType::Integer
                | ScalarType::BigInt
                | ScalarType::SmallInt
                | ScalarType::Float
                | ScalarType::Double
                | ScalarType::Boolean
                | ScalarType::Uuid
                | ScalarType::Decimal { .. }
                | ScalarType::DateOnly
                | ScalarType::Time
                | ScalarType::Date
        ) | Type::Enum(_)
    )
}

/// An expression, cloned unless its type is `Copy`.
pub(super) fn owned(expr: &str, ty: &Type) -> String {
    if is_copy(ty) {
        expr.to_string()
    } else {
        format!("{expr}.clone()")
    }
}

pub(super) fn non_null(a: &ir::Attribute) -> ir::Attribute {
    ir::Attribute {
        nullable: false,
        ..a.clone()
    }
}
