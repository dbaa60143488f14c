//! The vocabulary of schemas: built-in attribute types and association
//! kinds, shared by the syntax tree and the resolved schema.

/// The built-in attribute types (SPEC type table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScalarType {
    Integer,
    BigInt,
    SmallInt,
    Float,
    Double,
    /// `decimal`, `decimal(p)` or `decimal(p, s)`.
    Decimal {
        precision: Option<u32>,
        scale: Option<u32>,
    },
    /// `string` or `string(n)`.
    String {
        length: Option<u32>,
    },
    Text,
    Boolean,
    Date,
    DateOnly,
    Time,
    Uuid,
    Json,
    Jsonb,
    Blob,
}

impl ScalarType {
    /// The keywords of the built-in types, as written.
    pub const NAMES: &'static [&'static str] = &[
        "integer", "bigint", "smallint", "float", "double", "decimal", "string", "text", "boolean",
        "date", "dateonly", "time", "uuid", "json", "jsonb", "blob",
    ];

    pub fn keyword(&self) -> &'static str {
        match self {
            ScalarType::Integer => "integer",
            ScalarType::BigInt => "bigint",
            ScalarType::SmallInt => "smallint",
            ScalarType::Float => "float",
            ScalarType::Double => "double",
            ScalarType::Decimal { .. } => "decimal",
            ScalarType::String { .. } => "string",
            ScalarType::Text => "text",
            ScalarType::Boolean => "boolean",
            ScalarType::Date => "date",
            ScalarType::DateOnly => "dateonly",
            ScalarType::Time => "time",
            ScalarType::Uuid => "uuid",
            ScalarType::Json => "json",
            ScalarType::Jsonb => "jsonb",
            ScalarType::Blob => "blob",
        }
    }

    pub fn is_integer(&self) -> bool {
        matches!(
            self,
            ScalarType::Integer | ScalarType::BigInt | ScalarType::SmallInt
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AssociationKind {
    HasOne,
    BelongsTo,
    HasMany,
    BelongsToMany,
}

impl AssociationKind {
    pub const NAMES: &'static [&'static str] = &["hasOne", "belongsTo", "hasMany", "belongsToMany"];

    pub fn keyword(&self) -> &'static str {
        match self {
            AssociationKind::HasOne => "hasOne",
            AssociationKind::BelongsTo => "belongsTo",
            AssociationKind::HasMany => "hasMany",
            AssociationKind::BelongsToMany => "belongsToMany",
        }
    }

    /// hasMany and belongsToMany.
    pub fn is_to_many(&self) -> bool {
        matches!(
            self,
            AssociationKind::HasMany | AssociationKind::BelongsToMany
        )
    }

    pub fn from_keyword(word: &str) -> Option<AssociationKind> {
        Some(match word {
            "hasOne" => AssociationKind::HasOne,
            "belongsTo" => AssociationKind::BelongsTo,
            "hasMany" => AssociationKind::HasMany,
            "belongsToMany" => AssociationKind::BelongsToMany,
            _ => return None,
        })
    }
}
