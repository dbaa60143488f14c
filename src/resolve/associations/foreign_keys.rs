//! Foreign keys: the key an association references, and the attribute
//! that holds it (declared by the user and checked, or added).

use super::super::Resolver;
use super::super::models::{add_attribute, field_and_column};
use super::super::options::{AssociationOptions, KeyOption, Named};
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{self, AssociationId, AttrRef, AttributeOrigin, ModelId, RefAction};
use crate::source::Span;
use crate::syntax::ast::{self, Name};

/// What an association's foreign key is to be: its holder and name, the key
/// it references, and how it was asked for.
pub(super) struct FkPlan<'o> {
    pub(super) holder: ModelId,
    pub(super) name: Name,
    pub(super) references: AttrRef,
    pub(super) option: &'o KeyOption,
    pub(super) nullable_default: bool,
    pub(super) unique_default: bool,
    pub(super) junction: bool,
}

impl Resolver<'_> {
    /// `sourceKey`/`targetKey` if given (it must be unique), else the
    /// primary key (it must be a single attribute).
    pub(super) fn key_of(
        &mut self,
        model: ModelId,
        given: Option<&Named>,
        option: &str,
        span: Span,
    ) -> Option<AttrRef> {
        let found = given.and_then(|named| self.attr_named(model, &named.name));
        let m = self.schema.model(model);
        if let Some(named) = given {
            let Some(attr) = found else {
                let ident = ast::Ident {
                    name: named.name.clone(),
                    span: named.span,
                };
                let m = m.clone();
                self.unknown_attribute(&m, &ident);
                return None;
            };
            if !m.is_unique_set(&[attr]) {
                let d = Diagnostic::error(
                    Code::KeyNotUnique,
                    named.span,
                    format!(
                        "`{option}` must be unique, and `{}.{}` is not",
                        m.name, named.name
                    ),
                )
                .with_span_label("not unique")
                .with_label(m.attributes[attr].span, "declared here")
                .with_help(format!(
                    "mark it `unique` (or `primaryKey`) on `{}`",
                    m.name
                ));
                self.diagnostics.push(d);
                return None;
            }
            return Some(AttrRef { model, attr });
        }
        match m.primary_key.as_slice() {
            [attr] => Some(AttrRef { model, attr: *attr }),
            _ => {
                let d = Diagnostic::error(
                    Code::CompositeKeyTarget,
                    span,
                    format!(
                        "`{}` has a composite primary key, so this association needs `{option}`",
                        m.name
                    ),
                )
                .with_span_label(format!("no `{option}`"))
                .with_label(m.span, "composite key here")
                .with_help(format!(
                    "name a unique attribute of `{}`: `{option}: someUniqueAttribute`",
                    m.name
                ));
                self.diagnostics.push(d);
                None
            }
        }
    }

    /// Finds or adds the foreign-key attribute and its constraint; returns
    /// the attribute's position on the holder.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn foreign_key(
        &mut self,
        plan: &FkPlan,
        o: &AssociationOptions,
        constrained: bool,
        deferrable: bool,
        association: AssociationId,
        span: Span,
        warn_not_unique: bool,
    ) -> Option<usize> {
        // Only the key's type is needed, not a copy of the whole attribute.
        let key_ty = self.schema.attr(plan.references).ty.clone();
        let holder = plan.holder;
        let existing = self.attr_named(holder, &plan.name);
        let attr = match existing {
            Some(i) => {
                let declared = &self.schema.model(holder).attributes[i];
                let (declared_ty, declared_origin, declared_span) =
                    (declared.ty.clone(), declared.origin, declared.span);
                if declared_ty.same_kind(&key_ty) {
                    if declared_origin == AttributeOrigin::Declared
                        && warn_not_unique
                        && !self.schema.model(holder).is_unique_set(&[i])
                        && plan.option.unique != Some(false)
                    {
                        self.diagnostics.push(
                            Diagnostic::warning(
                                Code::HasOneForeignKeyNotUnique,
                                declared_span,
                                format!(
                                    "`{}` is the foreign key of a hasOne but is not unique",
                                    plan.name
                                ),
                            )
                            .with_span_label("declared without `unique`")
                            .with_label(span, "the hasOne")
                            .with_help(format!(
                                "mark it `unique`, or a `{}` could get several",
                                self.schema.attr(plan.references).name
                            )),
                        );
                    }
                    i
                } else {
                    let m = &self.schema.model(plan.references.model).name;
                    let key_name = &self.schema.attr(plan.references).name;
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::ForeignKeyType,
                            declared_span,
                            format!(
                                "foreign key `{}` is declared as `{}`, but `{m}.{key_name}` is `{}`",
                                plan.name,
                                self.type_name(&declared_ty),
                                self.type_name(&key_ty)
                            ),
                        )
                        .with_span_label("declared here")
                        .with_label(span, "used as a foreign key here")
                        .with_help(format!("declare it as `{}`", self.type_name(&key_ty))),
                    );
                    return None;
                }
            }
            None => {
                let (field, column) = field_and_column(
                    &plan.name,
                    plan.option.column.as_deref(),
                    self.model_options[holder.0].underscored,
                );
                let attribute = ir::Attribute {
                    field,
                    name: plan.name.clone(),
                    column,
                    ty: key_ty,
                    nullable: plan.option.allow_null.unwrap_or(plan.nullable_default),
                    primary_key: false,
                    auto_increment: false,
                    default: None,
                    notes: None,
                    origin: AttributeOrigin::ForeignKey,
                    span,
                };
                self.attribute_names(holder);
                let names = self.attribute_names[holder.0]
                    .as_mut()
                    .expect("made just above");
                let model = &mut self.schema.models[holder.0];
                let added = add_attribute(model, names, attribute)
                    .map_err(|d| self.diagnostics.push(d))
                    .ok();
                if let Some(i) = added
                    && (plan.option.unique == Some(true)
                        || (plan.unique_default && plan.option.unique != Some(false)))
                    && !model.is_unique_set(&[i])
                {
                    model.uniques.push(vec![i]);
                }
                added?
            }
        };
        let nullable = self.schema.model(holder).attributes[attr].nullable;
        let default_delete = if plan.junction || !nullable {
            RefAction::Cascade
        } else {
            RefAction::SetNull
        };
        let on_delete = plan.option.on_delete.or(o.on_delete);
        if let Some((RefAction::SetNull, at)) = on_delete
            && !nullable
        {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::NotNullSetNull,
                    at,
                    format!("`onDelete: SET_NULL` on `{}`, which can't be null", plan.name),
                )
                .with_span_label("can't set a non-null column to NULL")
                .with_label(self.schema.model(holder).attributes[attr].span, "not null")
                .with_help("use `onDelete: CASCADE` or `RESTRICT`, or let the foreign key be null (`allowNull: true`)"),
            );
        }
        let fk = ir::ForeignKey {
            attr,
            references: plan.references,
            on_delete: on_delete.map_or(default_delete, |(a, _)| a),
            on_update: plan
                .option
                .on_update
                .or(o.on_update)
                .map_or(RefAction::Cascade, |(a, _)| a),
            constrained,
            deferrable,
            association,
            span,
        };
        let model = &mut self.schema.models[holder.0];
        // Only an attribute that existed before can have a foreign key
        // already: a new one is never looked for among them all.
        let earlier = match existing {
            Some(_) => model
                .foreign_keys
                .iter_mut()
                .find(|f| f.attr == attr && f.references == plan.references),
            None => None,
        };
        match earlier {
            // A declared association taking over the foreign key of an
            // inverse created before it: its options count.
            Some(existing)
                if plan.option.on_delete.is_some()
                    || o.on_delete.is_some()
                    || o.on_update.is_some() =>
            {
                existing.on_delete = fk.on_delete;
                existing.on_update = fk.on_update;
            }
            Some(_) => {}
            None => model.foreign_keys.push(fk),
        }
        Some(attr)
    }

    pub(super) fn type_name(&self, ty: &ir::Type) -> String {
        match ty {
            ir::Type::Scalar(s) => s.keyword().to_string(),
            ir::Type::Enum(e) => self.schema.enums[e.0].name.to_string(),
        }
    }
}
