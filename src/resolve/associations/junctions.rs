//! Junctions of belongsToMany: the declared model `through` names, or one
//! created for the association, and its composite key.

use super::super::Resolver;
use super::super::models::timestamps;
use super::super::naming::{lower_first, plural, snake};
use super::super::options::{KeyOption, Named};
use super::{Declared, FkPlan};
use crate::ir::{self, AttrRef, ModelId};

impl Resolver<'_> {
    /// One of a junction's two foreign keys: never null, not unique alone.
    pub(super) fn junction_key_plan<'o>(
        &self,
        junction: ModelId,
        option: &'o KeyOption,
        base: &str,
        key: AttrRef,
    ) -> FkPlan<'o> {
        FkPlan {
            holder: junction,
            name: self.fk_name(option, base, key),
            references: key,
            option,
            nullable_default: false,
            unique_default: false,
            junction: true,
        }
    }

    /// The junction model: the declared one, or one created now.
    pub(super) fn junction(&mut self, through: &Named, d: &Declared) -> Option<ModelId> {
        if let Some(id) = d.declared_junction {
            return Some(id);
        }
        if let Some(&id) = self.junctions.get(through.name.as_str()) {
            return Some(id);
        }
        let options = self.file_options.clone();
        let table = if options.underscored {
            snake(&through.name)
        } else {
            through.name.clone()
        };
        let id = ModelId(self.schema.models.len());
        let mut model = ir::Model::empty(
            through.name.clone(),
            table,
            options.timestamps,
            through.span,
        );
        model.generated_junction = true;
        if options.timestamps {
            model.attributes.extend(timestamps(&options, d.ast.span));
        }
        self.schema.models.push(model);
        self.model_options.push(options);
        self.junctions.insert(through.name.clone(), id);
        Some(id)
    }

    /// The pair of junction foreign keys is its primary key, or, when the
    /// junction declares its own, a unique constraint (unless `unique: false`).
    pub(super) fn junction_key(
        &mut self,
        junction: ModelId,
        a: usize,
        b: usize,
        unique: Option<bool>,
    ) {
        let model = &mut self.schema.models[junction.0];
        let pair = vec![a.min(b), a.max(b)];
        if model.primary_key.is_empty() {
            model.attributes[a].primary_key = true;
            model.attributes[b].primary_key = true;
            model.primary_key = pair;
        } else if model.primary_key != pair
            && unique != Some(false)
            && !model.uniques.contains(&pair)
        {
            model.uniques.push(pair);
        }
    }
}

impl Resolver<'_> {
    /// A declared junction model's belongsTo to each end of the
    /// belongsToMany through it (`membership.get_group(&conn)`), named
    /// after its foreign key (`groupId` → `group`), unless the model
    /// declares one with that key, or has an attribute or association of
    /// that name. They add no foreign key: they read the junction's.
    pub(super) fn junction_ends(&mut self) {
        let mut ends = Vec::new();
        for a in &self.schema.associations {
            let Some(j) = &a.junction else { continue };
            if self.schema.model(j.model).generated_junction {
                continue;
            }
            ends.push((j.model, a.source, a.foreign_key, a.key, a.span));
            ends.push((j.model, a.target, j.other_key, j.target_key, a.span));
        }
        for (junction, target, foreign_key, key, span) in ends {
            let kind = ir::AssociationKind::BelongsTo;
            let identity = (kind, junction, target, foreign_key);
            if self.association_index.contains_key(&identity) {
                continue;
            }
            let fk = &self.schema.attr(foreign_key).name;
            let base = fk
                .strip_suffix("Id")
                .or_else(|| fk.strip_suffix("_id"))
                .filter(|base| !base.is_empty());
            let singular = match base {
                Some(base) => lower_first(base),
                None => lower_first(&self.schema.model(target).name),
            };
            let model = self.schema.model(junction);
            let taken = model.attributes.iter().any(|at| *at.name == *singular)
                || self
                    .schema
                    .associations
                    .iter()
                    .any(|other| other.source == junction && other.name() == singular.as_str());
            if taken {
                continue;
            }
            let id = ir::AssociationId(self.schema.associations.len());
            self.association_index.insert(identity, id);
            self.schema.associations.push(ir::Association {
                kind,
                source: junction,
                target,
                plural: plural(&singular),
                singular,
                foreign_key,
                key,
                junction: None,
                inverse: None,
                implicit: true,
                methods: Vec::new(),
                docs: Vec::new(),
                span,
            });
        }
    }
}
