//! Junctions of belongsToMany: the declared model `through` names, or one
//! created for the association, and its composite key.

use super::super::Resolver;
use super::super::models::timestamps;
use super::super::naming::snake;
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
