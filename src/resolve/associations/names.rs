//! The names of a declared association and its inverse (singular,
//! plural, and the bases of foreign-key names): Sequelize's inflection
//! rules applied in one place.

use super::super::Resolver;
use super::super::naming::{foreign_key_name, lower_first, plural, singular};
use super::super::options::{AssociationOptions, KeyOption};
use crate::ir::AttrRef;
use crate::syntax::ast::{AssociationKind, Name};

/// The names of a declared association and of its inverse: all the English
/// inflection an association needs, in one place, worked out from its
/// declaration and its two models' names alone.
pub(super) struct Names {
    /// `as`, in the singular, when given.
    pub(super) given_singular: Option<Name>,
    /// The inverse's `as`, in the singular, when given.
    pub(super) given_inverse_singular: Option<Name>,
    pub(super) singular: Name,
    pub(super) plural: Name,
    /// The inverse's singular and plural; empty for a belongsTo without
    /// `inverse`, which has none.
    pub(super) inverse: (Name, Name),
}

impl Names {
    pub(super) fn of(
        kind: AssociationKind,
        o: &AssociationOptions,
        source_name: &str,
        target_name: &str,
    ) -> Names {
        let (given_singular, given_plural) = o
            .alias
            .as_ref()
            .map_or((None, None), |a| a.names(kind.is_to_many()));
        let inverse_to_many = match kind {
            AssociationKind::BelongsTo => o
                .inverse
                .as_ref()
                .and_then(|i| i.kind)
                .is_none_or(|(k, _)| k == AssociationKind::HasMany),
            AssociationKind::BelongsToMany => true,
            _ => false,
        };
        let (inverse_singular, inverse_plural) = o
            .inverse
            .as_ref()
            .and_then(|i| i.alias.as_ref())
            .map_or((None, None), |a| a.names(inverse_to_many));
        let inverse = match kind {
            AssociationKind::HasOne | AssociationKind::HasMany => {
                let one = inverse_singular
                    .clone()
                    .unwrap_or_else(|| lower_first(&singular(source_name)));
                let many = plural(&one);
                (one, many)
            }
            AssociationKind::BelongsTo if o.inverse.is_none() => Default::default(),
            AssociationKind::BelongsTo => match (&inverse_singular, inverse_plural) {
                (Some(one), Some(many)) => (one.clone(), many),
                _ => (
                    lower_first(&singular(source_name)),
                    lower_first(&plural(source_name)),
                ),
            },
            AssociationKind::BelongsToMany => {
                let many = inverse_plural.unwrap_or_else(|| lower_first(&plural(source_name)));
                let one = inverse_singular.clone().unwrap_or_else(|| singular(&many));
                (one, many)
            }
        };
        Names {
            singular: given_singular
                .clone()
                .unwrap_or_else(|| lower_first(&singular(target_name))),
            plural: given_plural.unwrap_or_else(|| lower_first(&plural(target_name))),
            given_singular,
            given_inverse_singular: inverse_singular,
            inverse,
        }
    }
}

impl Resolver<'_> {
    pub(super) fn fk_name(&self, option: &KeyOption, base: &str, key: AttrRef) -> Name {
        match &option.name {
            Some(n) => n.name.clone(),
            None => foreign_key_name(base, &self.schema.attr(key).name),
        }
    }
}
