//! Lowering of attribute types, modifiers, option objects and values.

use super::lower::Lower;
use super::{Pair, Rule};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::Span;
use crate::suggest::did_you_mean;
use crate::syntax::ast::*;

impl Lower<'_> {
    pub(super) fn type_expr(&mut self, pair: Pair<'_>) -> TypeExpr {
        let (name, _, args, span) = self.name_and_args(pair);
        let args = args.unwrap_or_default();
        let arity_error = |this: &mut Lower<'_>, message: String, help: &str| {
            let at = args
                .first()
                .map_or(span, |a| a.span.to(args[args.len() - 1].span));
            this.error(
                Diagnostic::error(Code::InvalidTypeArguments, at, message)
                    .with_span_label("here")
                    .with_help(help.to_string()),
            );
        };
        let scalar = match name {
            "string" => {
                if args.len() > 1 {
                    arity_error(
                        self,
                        "`string` takes one length".into(),
                        "write `string` or `string(100)`",
                    );
                }
                let length = args
                    .first()
                    .and_then(|a| self.whole_number(a, 1, 65_535, "a string length"));
                ScalarType::String { length }
            }
            "decimal" => {
                if args.len() > 2 {
                    arity_error(
                        self,
                        "`decimal` takes a precision and a scale".into(),
                        "write `decimal(10, 2)`: 10 digits in all, 2 after the point",
                    );
                }
                let precision = args
                    .first()
                    .and_then(|a| self.whole_number(a, 1, 1000, "a decimal precision"));
                let scale = args.get(1).and_then(|a| {
                    self.whole_number(
                        a,
                        0,
                        precision.unwrap_or(1000) as i64,
                        "a decimal scale (at most the precision)",
                    )
                });
                ScalarType::Decimal { precision, scale }
            }
            word => {
                let scalar = match word {
                    "integer" => ScalarType::Integer,
                    "bigint" => ScalarType::BigInt,
                    "smallint" => ScalarType::SmallInt,
                    "float" => ScalarType::Float,
                    "double" => ScalarType::Double,
                    "text" => ScalarType::Text,
                    "boolean" => ScalarType::Boolean,
                    "date" => ScalarType::Date,
                    "dateonly" => ScalarType::DateOnly,
                    "time" => ScalarType::Time,
                    "uuid" => ScalarType::Uuid,
                    "json" => ScalarType::Json,
                    "jsonb" => ScalarType::Jsonb,
                    "blob" => ScalarType::Blob,
                    _ => {
                        if !args.is_empty() {
                            arity_error(
                                self,
                                format!("`{word}` takes no parameters"),
                                "only `string(n)` and `decimal(p, s)` have parameters",
                            );
                        }
                        return TypeExpr {
                            kind: TypeKind::Named(name.into()),
                            span,
                        };
                    }
                };
                if !args.is_empty() {
                    arity_error(
                        self,
                        format!("`{word}` takes no parameters"),
                        &format!("write `{word}`"),
                    );
                }
                scalar
            }
        };
        TypeExpr {
            kind: TypeKind::Scalar(scalar),
            span,
        }
    }

    pub(super) fn whole_number(
        &mut self,
        value: &Value,
        min: i64,
        max: i64,
        what: &str,
    ) -> Option<u32> {
        let parsed = match &value.kind {
            ValueKind::Number(text) => text.parse::<i64>().ok(),
            _ => None,
        };
        match parsed {
            Some(n) if (min..=max).contains(&n) => Some(n as u32),
            _ => {
                self.error(
                    Diagnostic::error(
                        Code::InvalidTypeArguments,
                        value.span,
                        format!("expected {what}: a whole number from {min} to {max}"),
                    )
                    .with_span_label("not allowed here"),
                );
                None
            }
        }
    }

    pub(super) fn modifier(&mut self, pair: Pair<'_>) -> Option<Modifier> {
        let (word, name_span, args, span) = self.name_and_args(pair);
        let has_parens = args.is_some();
        let mut args = args.unwrap_or_default();
        let expect = |this: &mut Lower<'_>, ok: bool, form: &str| {
            if !ok {
                this.error(
                    Diagnostic::error(
                        Code::InvalidModifierArguments,
                        span,
                        format!("`{word}` is written `{form}`"),
                    )
                    .with_span_label("not in that form")
                    .with_help(format!("write `{form}`")),
                );
            }
            ok
        };
        let string_arg = |args: &mut Vec<Value>| match args.pop().map(|v| (v.kind, v.span)) {
            Some((ValueKind::Str(value), span)) => Some(StrLit { value, span }),
            _ => None,
        };
        let kind = match word {
            "primaryKey" | "autoIncrement" | "notNull" => {
                if !expect(self, !has_parens, word) {
                    return None;
                }
                match word {
                    "primaryKey" => ModifierKind::PrimaryKey,
                    "autoIncrement" => ModifierKind::AutoIncrement,
                    _ => ModifierKind::NotNull,
                }
            }
            "unique" => {
                let ok =
                    !has_parens || (args.len() == 1 && matches!(args[0].kind, ValueKind::Str(_)));
                if !expect(self, ok, "unique` or `unique(\"group\")") {
                    return None;
                }
                ModifierKind::Unique(string_arg(&mut args))
            }
            "default" => {
                let ok = args.len() == 1 && !matches!(args[0].kind, ValueKind::Object(_));
                if !expect(self, ok, "default(value)") {
                    return None;
                }
                ModifierKind::Default(args.pop()?)
            }
            "column" | "comment" | "renamedFrom" => {
                let ok = args.len() == 1 && matches!(args[0].kind, ValueKind::Str(_));
                if !expect(self, ok, &format!("{word}(\"...\")")) {
                    return None;
                }
                let lit = string_arg(&mut args)?;
                match word {
                    "column" => ModifierKind::Column(lit),
                    "comment" => ModifierKind::Comment(lit),
                    _ => ModifierKind::RenamedFrom(lit),
                }
            }
            _ => {
                self.unknown_modifier(word, name_span);
                return None;
            }
        };
        Some(Modifier { kind, span })
    }

    pub(super) fn unknown_modifier(&mut self, name: &str, span: Span) {
        // Sequelize's spellings of the same ideas.
        let help = match name {
            "allowNull" => "attributes are nullable unless marked `notNull`; write `notNull` for `allowNull: false`".to_string(),
            "field" => "write `column(\"name\")` to choose the column name".to_string(),
            "defaultValue" => "write `default(value)`".to_string(),
            word => match did_you_mean(word, ModifierKind::NAMES.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the modifiers are {}", ModifierKind::NAMES.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")),
            },
        };
        self.error(
            Diagnostic::error(
                Code::UnknownModifier,
                span,
                format!("unknown modifier `{name}`"),
            )
            .with_span_label("not a modifier")
            .with_help(help),
        );
    }

    pub(super) fn object(&mut self, pair: Pair<'_>) -> Object {
        let span = self.span(&pair);
        let mut entries = Vec::new();
        let mut end = span;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::entry => {
                    let mut inner = p.into_inner().filter(|p| p.as_rule() != Rule::nl);
                    if let (Some(key), Some(value)) = (inner.next(), inner.next()) {
                        let key = self.ident(key);
                        let value = self.value(value);
                        entries.push(Entry { key, value });
                    }
                }
                Rule::object_end => end = self.span(&p),
                _ => {}
            }
        }
        Object { entries, span, end }
    }

    pub(super) fn value(&mut self, pair: Pair<'_>) -> Value {
        let pair = match pair.as_rule() {
            Rule::value => pair.clone().into_inner().next().unwrap_or(pair),
            _ => pair,
        };
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::object => ValueKind::Object(self.object(pair)),
            Rule::string => {
                let inner = pair.into_inner().next();
                let (text, at) = inner.map_or(("", span.start as usize + 1), |p| {
                    (self.original(&p), p.as_span().start() + self.base)
                });
                ValueKind::Str(self.unescape(text, at))
            }
            Rule::number => ValueKind::Number(pair.as_str().into()),
            Rule::boolean => ValueKind::Bool(pair.as_str() == "true"),
            Rule::null => ValueKind::Null,
            _ => ValueKind::Ident(pair.as_str().into()),
        };
        Value { kind, span }
    }

    pub(super) fn unescape(&mut self, text: &str, at: usize) -> String {
        let mut out = String::with_capacity(text.len());
        let mut chars = text.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some((_, '"')) => out.push('"'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, 'n')) => out.push('\n'),
                other => {
                    let len = 1 + other.map_or(0, |(_, c)| c.len_utf8());
                    self.error(
                        Diagnostic::error(
                            Code::InvalidEscape,
                            Span::new(self.file, at + i..at + i + len),
                            "unknown escape in string",
                        )
                        .with_span_label("not an escape")
                        .with_help("the escapes are `\\\"`, `\\\\` and `\\n`"),
                    );
                    if let Some((_, c)) = other {
                        out.push(c);
                    }
                }
            }
        }
        out
    }
}
