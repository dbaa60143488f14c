//! The names an association takes on its model: no two associations of a
//! model share a name or take an attribute's, and the methods the
//! generated code gives them ([`ir::Accessor`]) are decided here, once:
//! named, checked for collisions, and dropped where an inverse gives way.

use super::Resolver;
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::ScalarType;
use crate::ir::ident;
use crate::ir::{self, Accessor, AssociationId, AssociationKind, Type};
use rustc_hash::FxHashMap as HashMap;
use std::collections::hash_map::Entry;

impl Resolver<'_> {
    /// Names every association's methods, then checks each model's
    /// association and method names. Problems are reported association
    /// names first (in association order), then methods model by model,
    /// then the methods inverses give way with.
    pub(super) fn accessors(&mut self) {
        for a in &mut self.schema.associations {
            let (x, xs) = (ident::snake(&a.singular), ident::snake(&a.plural));
            // The junction's own row is a model of the schema's only when
            // it is declared: a created junction has no `*_with` methods.
            let through = match &a.junction {
                Some(j) if !self.schema.models[j.model.0].generated_junction => {
                    ident::snake(&self.schema.models[j.model.0].name)
                }
                _ => String::new(),
            };
            a.methods = Accessor::of(a.kind)
                .iter()
                .filter(|accessor| !through.is_empty() || !accessor.needs_declared_junction())
                .map(|&accessor| ir::Method {
                    accessor,
                    name: accessor.name(a.kind, &x, &xs, &through),
                })
                .collect();
        }
        let by_source = self.schema.associations_by_source();
        let mut check = NameCheck::new(&self.schema);
        for m in 0..by_source.len() {
            check.association_names(&by_source[m]);
            check.accessor_names(&by_source[m]);
        }
        let NameCheck {
            mut association_names,
            accessors,
            omitted,
            ..
        } = check;
        association_names.sort_by_key(|&(id, _)| id);
        self.diagnostics
            .extend(association_names.into_iter().map(|(_, d)| d));
        self.diagnostics.extend(accessors);
        for (loser, winner, method) in omitted {
            self.diagnostics
                .push(omitted_warning(&self.schema, loser, winner, &method));
            self.schema.associations[loser]
                .methods
                .retain(|m| m.name != method);
        }
        for a in &mut self.schema.associations {
            let target = &self.schema.models[a.target.0];
            if target
                .attributes
                .iter()
                .any(|at| at.column == ir::LOAD_KEY_COLUMN || at.column == ir::LOAD_ROW_COLUMN)
            {
                a.methods.retain(|m| m.accessor != Accessor::LoadWhere);
            }
            if generates_accessors(&self.schema.models, a) {
                keep_callers_of_kept(a);
            } else {
                a.methods.clear();
            }
        }
    }
}

/// Whether the generated code can give an association its methods: a
/// target with one primary-key column, and for hasOne one whose optional
/// key needs no codec of its own.
fn generates_accessors(models: &[ir::Model], a: &ir::Association) -> bool {
    let target = &models[a.target.0];
    let [pk] = target.primary_key.as_slice() else {
        return false;
    };
    let needs_codec = matches!(
        target.attributes[*pk].ty,
        Type::Scalar(ScalarType::Uuid | ScalarType::Decimal { .. } | ScalarType::Date)
    );
    !(a.kind == AssociationKind::HasOne && needs_codec)
}

/// Drops the methods that would call one the association does not have.
fn keep_callers_of_kept(a: &mut ir::Association) {
    loop {
        let before = a.methods.len();
        let kind = a.kind;
        let has: Vec<Accessor> = a.methods.iter().map(|m| m.accessor).collect();
        a.methods
            .retain(|m| m.accessor.calls(kind).iter().all(|c| has.contains(c)));
        if a.methods.len() == before {
            return;
        }
    }
}

fn omitted_warning(schema: &ir::Schema, loser: usize, winner: usize, method: &str) -> Diagnostic {
    let a = &schema.associations[loser];
    let model = &schema.model(a.source).name;
    let by = &schema.associations[winner];
    // An implicit association is an inverse, or a junction's belongsTo
    // to one end of the belongsToMany through it.
    let what = if a.inverse.is_some() {
        "the inverse association"
    } else {
        "the junction's association"
    };
    let message = if loser == winner {
        format!(
            "{what} `{}` of `{model}` has one name for one and for many; it gets `{method}` once",
            a.name()
        )
    } else {
        format!(
            "{what} `{}` of `{model}` gets no `{method}`: `{}` has one",
            a.name(),
            by.name()
        )
    };
    let mut diagnostic = Diagnostic::warning(Code::InverseAccessorOmitted, a.span, message)
        .with_span_label(if a.inverse.is_some() {
            "this association's inverse"
        } else {
            "the junction of this association"
        })
        .with_help(if a.inverse.is_some() {
            "name the inverse with `inverse: { as: ... }` to keep every method"
        } else {
            "declare the junction's belongsTo yourself, with `as`, to keep every method"
        });
    if loser != winner {
        diagnostic = diagnostic.with_label(by.span, format!("`{method}` comes from here"));
    }
    diagnostic
}

/// The name checks, one model at a time: they need only the model and its
/// associations.
struct NameCheck<'s> {
    schema: &'s ir::Schema,
    /// Association-name problems, with the association they are about.
    association_names: Vec<(AssociationId, Diagnostic)>,
    /// Method-name collisions, model by model.
    accessors: Vec<Diagnostic>,
    /// `(loser, winner, method)`: an inverse that gives way to another
    /// association and does not get `method`.
    omitted: Vec<(usize, usize, String)>,
}

impl<'s> NameCheck<'s> {
    fn new(schema: &'s ir::Schema) -> Self {
        NameCheck {
            schema,
            association_names: Vec::new(),
            accessors: Vec::new(),
            omitted: Vec::new(),
        }
    }

    /// No two associations of a model share a name, and none is named like
    /// an attribute of the model.
    fn association_names(&mut self, ids: &[AssociationId]) {
        let schema = self.schema;
        let mut by_name: HashMap<&str, &ir::Association> = HashMap::default();
        let mut attributes: HashMap<&str, &ir::Attribute> = HashMap::default();
        if let Some(&first) = ids.first() {
            let model = schema.model(schema.association(first).source);
            for attribute in &model.attributes {
                attributes.entry(&attribute.name).or_insert(attribute);
            }
        }
        let describe = |a: &ir::Association| {
            if a.implicit && a.inverse.is_none() {
                "the junction's, for this association"
            } else if a.implicit {
                "created as the inverse of this association"
            } else {
                "declared here"
            }
        };
        for &id in ids {
            let a = schema.association(id);
            let model = schema.model(a.source);
            if let Some(first) = by_name.get(a.name()) {
                let d = Diagnostic::error(
                    Code::DuplicateAssociation,
                    a.span,
                    format!(
                        "model `{}` has two associations named `{}`",
                        model.name,
                        a.name()
                    ),
                )
                .with_span_label(format!("second `{}`: {}", a.name(), describe(a)))
                .with_label(
                    first.span,
                    format!("first `{}`: {}", first.name(), describe(first)),
                )
                .with_help("give one of them another name with `as`");
                self.association_names.push((id, d));
                continue;
            }
            by_name.insert(a.name(), a);
            if let Some(attr) = attributes.get(a.name()) {
                let d = Diagnostic::error(
                    Code::AssociationNameCollision,
                    a.span,
                    format!(
                        "naming collision between attribute `{}` and association `{}` on model `{}`",
                        attr.name,
                        a.name(),
                        model.name
                    ),
                )
                .with_span_label(describe(a))
                .with_label(attr.span, "attribute declared here")
                .with_help("rename the attribute, or name the association with `as`");
                self.association_names.push((id, d));
            }
        }
    }

    /// No two methods of one model's associations may have one name. An
    /// inverse gives way to a declared association.
    fn accessor_names(&mut self, ids: &[AssociationId]) {
        let schema = self.schema;
        let mut seen: HashMap<&str, usize> = HashMap::default();
        for &AssociationId(i) in ids {
            let a = &schema.associations[i];
            for method in &a.methods {
                let method = method.name.as_str();
                let first = match seen.entry(method) {
                    Entry::Vacant(slot) => {
                        slot.insert(i);
                        continue;
                    }
                    Entry::Occupied(slot) => *slot.get(),
                };
                let loser = if a.implicit {
                    Some(i)
                } else if schema.associations[first].implicit {
                    seen.insert(method, i);
                    Some(first)
                } else {
                    None
                };
                if let Some(loser) = loser {
                    let winner = if loser == i { first } else { i };
                    self.omitted.push((loser, winner, method.to_string()));
                    continue;
                }
                self.accessors.push(collision(schema, i, first, method));
                // The rest of this association's methods are not
                // compared: one error per association.
                break;
            }
        }
    }
}

/// Two methods named `method`: of association `i` and of `first`, an
/// association of the same model (or the same one, whose singular and
/// plural are one).
fn collision(schema: &ir::Schema, i: usize, first: usize, method: &str) -> Diagnostic {
    let a = &schema.associations[i];
    let model = &schema.model(a.source).name;
    let other = &schema.associations[first];
    let (message, help) = if first == i {
        (
            format!(
                "association `{}` of `{model}` has one name for one and for many (`{}`), so two of its methods would be `{method}`",
                a.name(),
                ident::snake(&a.singular)
            ),
            format!(
                "give both forms, such as `as: {{ singular: {}Item, plural: {} }}`",
                a.plural, a.plural
            ),
        )
    } else {
        (
            format!(
                "associations `{}` and `{}` of `{model}` would both have a method `{method}`",
                other.name(),
                a.name()
            ),
            "rename one of them with `as`".to_string(),
        )
    };
    let mut diagnostic = Diagnostic::error(Code::AccessorNameCollision, a.span, message)
        .with_span_label(format!("generates `{method}`"))
        .with_help(help);
    if first != i {
        diagnostic = diagnostic.with_label(other.span, format!("also generates `{method}`"));
    }
    diagnostic
}
