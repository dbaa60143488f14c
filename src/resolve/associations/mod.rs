//! Associations: their names, keys, foreign keys, junctions and inverses.
//!
//! | kind          | FK lives on | default FK name                                  | references           |
//! |---------------|-------------|--------------------------------------------------|----------------------|
//! | hasOne        | target      | camelize(inverse alias or source model, key)     | source's sourceKey   |
//! | belongsTo     | source      | camelize(alias or target model, key)             | target's targetKey   |
//! | hasMany       | target      | as hasOne                                        | source's sourceKey   |
//! | belongsToMany | junction    | camelize(source model, key) and (target, key);   | both keys            |
//! |               |             | the aliases instead in a self-association        |                      |
//!
//! Each declared association is resolved in declaration order, then its
//! inverse: hasOne/hasMany get a belongsTo on the target, belongsTo gets a
//! hasOne/hasMany only when `inverse` is given, belongsToMany gets the
//! paired belongsToMany. An association that matches an existing one (same
//! kind, same models, same foreign key) is merged with it: a declared one
//! takes over an inverse created earlier, and an inverse links to a
//! declared one instead of being created.

mod foreign_keys;
mod junctions;
mod names;

use super::Resolver;
use super::naming::plural;
use super::options::AssociationOptions;
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{self, AssociationId, AttrRef, ModelId};
use crate::syntax::ast::{self, AssociationKind, Name};
use foreign_keys::FkPlan;
use names::Names;

/// A declared association, with its options read, its names made, and its
/// target and junction looked up among the declared models.
struct Declared<'a> {
    source: ModelId,
    ast: &'a ast::Association,
    options: AssociationOptions,
    names: Names,
    /// The declared model its target names; `None` for a junction created
    /// by an earlier belongsToMany, or no model at all.
    declared_target: Option<ModelId>,
    /// The same for `through`.
    declared_junction: Option<ModelId>,
}

impl Resolver<'_> {
    /// Resolves the declared associations, `(source, source's name,
    /// declaration)`, in declaration order: foreign keys, inverses and
    /// merges depend on the ones before.
    pub(super) fn associations(&mut self, declared: &[(ModelId, &Name, &ast::Association)]) {
        for &(source, source_name, ast) in declared {
            let options = AssociationOptions::read(
                ast.kind,
                ast.options.as_deref(),
                ast.alias.as_ref(),
                &mut self.diagnostics,
            );
            let names = Names::of(ast.kind, &options, source_name, &ast.target.name);
            let declared_model =
                |name: &str| self.names.get(name).and_then(super::Declaration::model);
            let declared_target = declared_model(&ast.target.name);
            let declared_junction = options
                .through
                .as_ref()
                .and_then(|t| declared_model(&t.model.name));
            self.declared_association(&Declared {
                source,
                ast,
                options,
                names,
                declared_target,
                declared_junction,
            });
        }
        self.junction_ends();
        self.accessors();
    }

    fn target_of(&mut self, d: &Declared) -> Option<ModelId> {
        let name = &d.ast.target.name;
        if let Some(id) = d.declared_target {
            return Some(id);
        }
        if let Some(&id) = self.junctions.get(name.as_str()) {
            return Some(id);
        }
        if self.unparsed.contains(name.as_str()) {
            return None; // its declaration has a syntax error, reported
        }
        let mut diagnostic = Diagnostic::error(
            Code::UnknownModel,
            d.ast.target.span,
            format!(
                "`{}` associates with `{name}`, which is not a model",
                self.schema.model(d.source).name
            ),
        )
        .with_span_label("no model of this name");
        let names = self.schema.models.iter().map(|m| m.name.as_str());
        diagnostic = match crate::suggest::did_you_mean(name, names) {
            Some(s) => diagnostic.with_help(format!("did you mean `{s}`?")),
            None => diagnostic.with_help(format!("declare it with `model {name} {{ ... }}`")),
        };
        self.diagnostics.push(diagnostic);
        None
    }

    fn declared_association(&mut self, d: &Declared) -> Option<()> {
        let target = self.target_of(d)?;
        let kind = d.ast.kind;
        let o = &d.options;
        let source_name = self.schema.model(d.source).name.clone();
        let target_name = self.schema.model(target).name.clone();
        let Names {
            given_singular,
            given_inverse_singular: inverse_singular,
            singular: singular_name,
            plural: plural_name,
            inverse: (inverse_singular_name, inverse_plural_name),
        } = &d.names;

        if d.source == target {
            self.check_self_association(d, given_singular.as_deref(), inverse_singular.as_deref())?;
        }
        if kind == AssociationKind::BelongsToMany && o.through.is_none() {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::MissingThrough,
                    d.ast.span,
                    "`belongsToMany` needs `through`",
                )
                .with_span_label("no junction given")
                .with_help(format!(
                    "name the junction model: `belongsToMany {target_name} {{ through: {} }}`",
                    format_args!("{source_name}{}", plural(&target_name))
                )),
            );
            return None;
        }

        let constrained = o.constraints != Some(false)
            && o.inverse.as_ref().and_then(|i| i.constraints) != Some(false);
        let deferrable = o.deferrable.or(o.foreign_key.deferrable).unwrap_or(false);

        match kind {
            AssociationKind::HasOne | AssociationKind::HasMany => {
                let key = self.key_of(d.source, o.source_key.as_ref(), "sourceKey", d.ast.span)?;
                let fk_base = inverse_singular
                    .clone()
                    .unwrap_or_else(|| source_name.clone());
                let plan = FkPlan {
                    holder: target,
                    name: self.fk_name(&o.foreign_key, &fk_base, key),
                    references: key,
                    option: &o.foreign_key,
                    nullable_default: true,
                    unique_default: kind == AssociationKind::HasOne,
                    junction: false,
                };
                let warn = kind == AssociationKind::HasOne;
                let names = (singular_name.as_str(), plural_name.as_str());
                let id = self.link(d, target, names, &plan, (constrained, deferrable), warn)?;
                self.inverse(
                    id,
                    AssociationKind::BelongsTo,
                    target,
                    d.source,
                    inverse_singular_name,
                    inverse_plural_name,
                    None,
                );
            }
            AssociationKind::BelongsTo => {
                let key = self.key_of(target, o.target_key.as_ref(), "targetKey", d.ast.span)?;
                let fk_base = o
                    .alias
                    .as_ref()
                    .map_or(target_name.clone(), |_| singular_name.clone());
                let plan = FkPlan {
                    holder: d.source,
                    name: self.fk_name(&o.foreign_key, &fk_base, key),
                    references: key,
                    option: &o.foreign_key,
                    nullable_default: true,
                    unique_default: o
                        .inverse
                        .as_ref()
                        .and_then(|i| i.kind)
                        .is_some_and(|(k, _)| k == AssociationKind::HasOne),
                    junction: false,
                };
                let names = (singular_name.as_str(), plural_name.as_str());
                let id = self.link(d, target, names, &plan, (constrained, deferrable), false)?;
                if let Some(inverse) = &o.inverse {
                    let inverse_kind = inverse.kind.map_or(AssociationKind::HasMany, |(k, _)| k);
                    self.inverse(
                        id,
                        inverse_kind,
                        target,
                        d.source,
                        inverse_singular_name,
                        inverse_plural_name,
                        None,
                    );
                }
            }
            AssociationKind::BelongsToMany => {
                let through = o.through.as_ref()?;
                let source_key =
                    self.key_of(d.source, o.source_key.as_ref(), "sourceKey", d.ast.span)?;
                let target_key =
                    self.key_of(target, o.target_key.as_ref(), "targetKey", d.ast.span)?;
                let junction = self.junction(&through.model, d)?;
                let (source_base, target_base) = if d.source == target {
                    (
                        inverse_singular.clone().unwrap_or_default(),
                        singular_name.clone(),
                    )
                } else {
                    (source_name.clone(), target_name.clone())
                };
                let plan =
                    self.junction_key_plan(junction, &o.foreign_key, &source_base, source_key);
                let other_plan =
                    self.junction_key_plan(junction, &o.other_key, &target_base, target_key);
                // The junction's foreign keys exist before the association
                // refers to them.
                let placeholder = AssociationId(self.schema.associations.len());
                let fk = self.foreign_key(
                    &plan,
                    o,
                    constrained,
                    deferrable,
                    placeholder,
                    d.ast.span,
                    false,
                )?;
                let other = self.foreign_key(
                    &other_plan,
                    o,
                    constrained,
                    deferrable,
                    placeholder,
                    d.ast.span,
                    false,
                )?;
                self.junction_key(junction, fk, other, through.unique);
                let j = ir::Junction {
                    model: junction,
                    other_key: AttrRef {
                        model: junction,
                        attr: other,
                    },
                    target_key,
                };
                let fk_ref = AttrRef {
                    model: junction,
                    attr: fk,
                };
                let id = self.add_association(
                    kind,
                    d,
                    target,
                    singular_name,
                    plural_name,
                    fk_ref,
                    source_key,
                    Some(j),
                );
                let inverse_junction = ir::Junction {
                    model: junction,
                    other_key: AttrRef {
                        model: junction,
                        attr: fk,
                    },
                    target_key: source_key,
                };
                let inverse_fk = AttrRef {
                    model: junction,
                    attr: other,
                };
                self.inverse_with_fk(
                    id,
                    AssociationKind::BelongsToMany,
                    target,
                    d.source,
                    inverse_singular_name,
                    inverse_plural_name,
                    inverse_fk,
                    target_key,
                    Some(inverse_junction),
                );
            }
        }
        Some(())
    }

    /// The foreign key of a to-one or hasMany association, then the
    /// association itself (new, or merged with a matching inverse).
    fn link(
        &mut self,
        d: &Declared,
        target: ModelId,
        (singular, plural): (&str, &str),
        plan: &FkPlan,
        (constrained, deferrable): (bool, bool),
        warn_not_unique: bool,
    ) -> Option<AssociationId> {
        let next = AssociationId(self.schema.associations.len());
        let o = &d.options;
        let attr = self.foreign_key(
            plan,
            o,
            constrained,
            deferrable,
            next,
            d.ast.span,
            warn_not_unique,
        )?;
        let fk = AttrRef {
            model: plan.holder,
            attr,
        };
        Some(self.add_association(
            d.ast.kind,
            d,
            target,
            singular,
            plural,
            fk,
            plan.references,
            None,
        ))
    }

    fn check_self_association(
        &mut self,
        d: &Declared,
        alias: Option<&str>,
        inverse: Option<&str>,
    ) -> Option<()> {
        let needs = d.ast.kind != AssociationKind::BelongsTo || d.options.inverse.is_some();
        let ok = match (alias, inverse) {
            (Some(a), Some(i)) => a != i,
            _ => !needs,
        };
        if ok {
            return Some(());
        }
        let model = &self.schema.model(d.source).name;
        let message = if alias.is_some() && alias == inverse {
            format!("the two ends of this self-association of `{model}` have one name")
        } else {
            format!("a self-association of `{model}` needs a name for each end")
        };
        self.diagnostics.push(
            Diagnostic::error(Code::SelfAssociationNames, d.ast.span, message)
                .with_span_label("both ends are `".to_string() + model + "`")
                .with_help(format!(
                    "name both ends, differently: `{} {model} {{ as: children, inverse: {{ as: parents }} }}`",
                    d.ast.kind.keyword()
                )),
        );
        None
    }

    /// Adds a declared association, or merges it with an inverse created
    /// earlier of the same kind, models and foreign key.
    #[allow(clippy::too_many_arguments)]
    fn add_association(
        &mut self,
        kind: AssociationKind,
        d: &Declared,
        target: ModelId,
        singular: &str,
        plural: &str,
        foreign_key: AttrRef,
        key: AttrRef,
        junction: Option<ir::Junction>,
    ) -> AssociationId {
        let docs: Vec<String> = d.ast.docs.iter().map(|doc| doc.text.clone()).collect();
        let identity = (kind, d.source, target, foreign_key);
        let next = AssociationId(self.schema.associations.len());
        // One lookup: the slot is filled with the new association's id
        // unless one is there already.
        let existing = *self.association_index.entry(identity).or_insert(next);
        if existing != next && self.schema.association(existing).implicit {
            let a = &mut self.schema.associations[existing.0];
            a.implicit = false;
            a.singular = singular.into();
            a.plural = plural.into();
            a.docs = docs;
            a.span = d.ast.span;
            return existing;
        }
        self.schema.associations.push(ir::Association {
            kind,
            source: d.source,
            target,
            singular: singular.into(),
            plural: plural.into(),
            foreign_key,
            key,
            junction,
            inverse: None,
            implicit: false,
            methods: Vec::new(),
            docs,
            span: d.ast.span,
        });
        next
    }

    /// Creates the inverse of `of`, sharing its foreign key, or links to a
    /// matching association that exists already.
    #[allow(clippy::too_many_arguments)]
    fn inverse(
        &mut self,
        of: AssociationId,
        kind: AssociationKind,
        source: ModelId,
        target: ModelId,
        singular: &str,
        plural: &str,
        junction: Option<ir::Junction>,
    ) {
        let a = self.schema.association(of);
        let (foreign_key, key) = (a.foreign_key, a.key);
        self.inverse_with_fk(
            of,
            kind,
            source,
            target,
            singular,
            plural,
            foreign_key,
            key,
            junction,
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn inverse_with_fk(
        &mut self,
        of: AssociationId,
        kind: AssociationKind,
        source: ModelId,
        target: ModelId,
        singular: &str,
        plural: &str,
        foreign_key: AttrRef,
        key: AttrRef,
        junction: Option<ir::Junction>,
    ) {
        let identity = (kind, source, target, foreign_key);
        let next = AssociationId(self.schema.associations.len());
        let id = match *self.association_index.entry(identity).or_insert(next) {
            id if id != next => id,
            _ => {
                let span = self.schema.association(of).span;
                self.schema.associations.push(ir::Association {
                    kind,
                    source,
                    target,
                    singular: singular.into(),
                    plural: plural.into(),
                    foreign_key,
                    key,
                    junction,
                    inverse: Some(of),
                    implicit: true,
                    methods: Vec::new(),
                    docs: Vec::new(),
                    span,
                });
                next
            }
        };
        if self.schema.associations[id.0].inverse.is_none() {
            self.schema.associations[id.0].inverse = Some(of);
        }
        if self.schema.associations[of.0].inverse.is_none() {
            self.schema.associations[of.0].inverse = Some(id);
        }
    }
}
