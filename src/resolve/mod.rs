//! Resolution: from syntax trees to the resolved schema ([`crate::ir`]).
//!
//! One pass per concern, in order: names that need every file (type names,
//! the file options block, conventions), enums and models, associations
//! (foreign keys, junctions, inverses), then the dependency graph.

mod accessors;
mod associations;
mod constraints;
mod defaults;
mod graph;
mod models;
mod names;
pub mod naming;
mod options;
mod rust_names;

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{self, EnumId, ModelId};
use crate::syntax::ast::{self, Item, Member};
use options::ModelOptions;
use rustc_hash::FxHashMap as HashMap;
use std::collections::hash_map::Entry;

/// Checks the trees of a schema and resolves them. The schema is `None`
/// when there are errors; the diagnostics hold every problem found.
pub fn resolve(files: &[&ast::File]) -> (Option<ir::Schema>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    names::check(files, &mut diagnostics);
    let mut resolver = Resolver {
        schema: ir::Schema::default(),
        diagnostics,
        enums: HashMap::default(),
        names: HashMap::default(),
        junctions: HashMap::default(),
        unparsed: Default::default(),
        attribute_names: Vec::new(),
        model_options: Vec::new(),
        file_options: ModelOptions::default(),
        association_index: HashMap::default(),
        pending_indexes: Vec::new(),
    };
    resolver.run(files);
    let Resolver {
        schema,
        diagnostics,
        ..
    } = resolver;
    let ok = !diagnostics.iter().any(Diagnostic::is_error);
    (ok.then_some(schema), diagnostics)
}

pub(crate) struct Resolver<'a> {
    schema: ir::Schema,
    diagnostics: Vec<Diagnostic>,
    enums: HashMap<&'a str, EnumId>,
    /// What each declared name is: the first enum or model of that name.
    /// One table for the checks for names declared twice, for choosing the
    /// models to build and for looking models up: at 100,000 models, each
    /// table of them is megabytes probed at random.
    names: HashMap<ast::Name, Declaration>,
    /// The junction models created for `belongsToMany`, by name.
    junctions: HashMap<ast::Name, ModelId>,
    /// Names declared by items with syntax errors: never called unknown.
    unparsed: rustc_hash::FxHashSet<&'a str>,
    /// Per model, the names its attributes take, made when an association
    /// first looks at the model (every attribute is in it by then).
    attribute_names: Vec<Option<models::AttributeNames>>,
    /// Per model (junctions included), its options after the file's.
    model_options: Vec<ModelOptions>,
    file_options: ModelOptions,
    /// Associations by kind, source, target and foreign key: what makes two
    /// of them the same association.
    association_index: HashMap<AssociationIdentity, ir::AssociationId>,
    /// Index declarations naming attributes the model does not declare.
    pending_indexes: Vec<(ModelId, &'a ast::IndexDecl)>,
}

type AssociationIdentity = (ast::AssociationKind, ModelId, ModelId, ir::AttrRef);

/// The first declaration of a name.
#[derive(Clone, Copy)]
struct Declaration {
    span: crate::source::Span,
    of: DeclarationKind,
}

#[derive(Clone, Copy)]
enum DeclarationKind {
    Enum,
    Model(ModelId),
}

impl Declaration {
    /// The model declared under this name, if it is a model.
    fn model(&self) -> Option<ModelId> {
        match self.of {
            DeclarationKind::Model(id) => Some(id),
            DeclarationKind::Enum => None,
        }
    }
}

impl<'a> Resolver<'a> {
    fn run(&mut self, files: &[&'a ast::File]) {
        self.unparsed = files
            .iter()
            .flat_map(|f| f.unparsed.iter().map(|n| n.as_str()))
            .collect();
        let items = || files.iter().flat_map(|f| f.items.iter());
        // One pass for the first options block (a second is reported by the
        // name checks) and the number of declarations, which sizes the
        // tables once: growing tables of 100,000 entries step by step costs
        // more than filling them.
        let mut declarations = 0;
        let mut file_options = None;
        for item in items() {
            match item {
                Item::Options(o) => {
                    file_options.get_or_insert(o);
                }
                _ => declarations += 1,
            }
        }
        if let Some(o) = file_options {
            let mut options = self.file_options.clone();
            options.apply(&o.object, false, &mut self.diagnostics);
            self.file_options = options;
        }
        // The first declaration of each name counts; the models to build
        // are the models among them, their ids in declaration order.
        self.names.reserve(declarations);
        let mut decls: Vec<&ast::ModelDecl> = Vec::with_capacity(declarations);
        for item in items() {
            let (name, span) = match item {
                Item::Enum(e) => (&e.name, e.span),
                Item::Model(m) => (&m.name, m.span),
                Item::Options(_) => continue,
            };
            let slot = match self.names.entry(name.name.clone()) {
                Entry::Occupied(first) => {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::DuplicateDeclaration,
                            name.span,
                            format!("`{}` is declared twice", name.name),
                        )
                        .with_span_label("second declaration")
                        .with_label(first.get().span, "first declaration")
                        .with_help("rename or remove one of them"),
                    );
                    continue;
                }
                Entry::Vacant(slot) => slot,
            };
            let of = match item {
                Item::Model(m) => {
                    decls.push(m);
                    DeclarationKind::Model(ModelId(decls.len() - 1))
                }
                _ => DeclarationKind::Enum,
            };
            slot.insert(Declaration { span, of });
            if let Item::Enum(e) = item {
                self.enums
                    .insert(&e.name.name, EnumId(self.schema.enums.len()));
                let sql_name = if self.file_options.underscored {
                    naming::snake(&e.name.name)
                } else {
                    e.name.name.clone()
                };
                self.schema.enums.push(ir::Enum {
                    name: e.name.name.clone(),
                    sql_name,
                    variants: e.variants.iter().map(|v| v.name.name.clone()).collect(),
                    docs: e.docs.iter().map(|d| d.text.clone()).collect(),
                    span: e.name.span,
                });
            }
        }
        // Each model is built on its own; the results are taken in
        // declaration order.
        let (enums, enum_decls, file_options) =
            (&self.enums, &self.schema.enums, &self.file_options);
        let built: Vec<_> = decls.iter().map(|&decl| {
            let mut pass = models::ModelPass {
                enums,
                enum_decls,
                diagnostics: Vec::new(),
                pending_indexes: Vec::new(),
                attribute_names: Default::default(),
            };
            let mut options = file_options.clone();
            for member in &decl.members {
                if let Member::Options(o) = member {
                    options.apply(&o.object, true, &mut pass.diagnostics);
                }
            }
            let model = pass.model(decl, &options);
            // A junction a belongsToMany may create.
            let junctions = decl
                .members
                .iter()
                .filter(|member| {
                    matches!(member, Member::Association(a) if a.kind == ast::AssociationKind::BelongsToMany)
                })
                .count();
            (
                model,
                options,
                pass.diagnostics,
                pass.pending_indexes,
                junctions,
                pass.attribute_names,
            )
        }).collect();
        // Junctions come after the declared models: room for one for each
        // belongsToMany.
        let junctions: usize = built.iter().map(|b| b.4).sum();
        self.schema.models.reserve(decls.len() + junctions);
        self.model_options.reserve(decls.len() + junctions);
        self.junctions.reserve(junctions);
        let mut declared = Vec::new();
        self.attribute_names.reserve(decls.len() + junctions);
        for (decl, (model, options, diagnostics, pending, _, names)) in decls.into_iter().zip(built)
        {
            let id = ModelId(self.schema.models.len());
            // The model's table of names, made while it was built.
            self.attribute_names.push(Some(names));
            self.schema.models.push(model);
            self.model_options.push(options);
            self.diagnostics.extend(diagnostics);
            self.pending_indexes
                .extend(pending.into_iter().map(|index| (id, index)));
            declared.extend(decl.members.iter().filter_map(|member| match member {
                Member::Association(a) => Some((id, &decl.name.name, a)),
                _ => None,
            }));
        }
        // A declared model used as a junction gets the pair of foreign keys
        // as its key instead of an implicit id. Only `through` is read here;
        // the options are read whole, and their problems reported, when the
        // association is resolved.
        for &(_, _, a) in &declared {
            if a.kind == ast::AssociationKind::BelongsToMany
                && let Some(through) = options::through_model(a.options.as_deref())
                && let Some(junction) = self
                    .names
                    .get(through.name.as_str())
                    .and_then(Declaration::model)
            {
                drop_implicit_id(&mut self.schema.models[junction.0]);
                // Positions moved: the table is made again when needed.
                self.attribute_names[junction.0] = None;
            }
        }
        // An association and its inverse, and junction models.
        // Room for each association and the inverse it may get: every
        // kind but belongsTo gets one; a belongsTo, only with `inverse`.
        let inverses = declared
            .iter()
            .filter(|&&(_, _, a)| {
                a.kind != ast::AssociationKind::BelongsTo
                    || a.options
                        .as_ref()
                        .is_some_and(|o| o.entries.iter().any(|e| e.key.name == "inverse"))
            })
            .count();
        self.schema.associations.reserve(declared.len() + inverses);
        self.association_index.reserve(declared.len() + inverses);
        self.associations(&declared);
        self.pending_indexes();
        self.check_name_lengths();
        self.check_table_names();
        rust_names::check(&self.schema, &mut self.diagnostics);
        if !self.diagnostics.iter().any(Diagnostic::is_error) {
            constraints::name(&mut self.schema);
            self.dependency_order();
        }
    }
}

pub use crate::ir::MAX_NAME_BYTES;

impl Resolver<'_> {
    fn check_name_lengths(&mut self) {
        let too_long = |what: &str, name: &str| {
            format!(
                "{what} `{name}` is {} bytes long; databases keep at most {MAX_NAME_BYTES}",
                name.len()
            )
        };
        for e in &self.schema.enums {
            let names = std::iter::once(("enum type name", &e.sql_name))
                .chain(e.variants.iter().map(|v| ("enum label", v)));
            for (what, name) in names {
                if name.len() > MAX_NAME_BYTES {
                    self.diagnostics.push(
                        Diagnostic::error(Code::NameTooLong, e.span, too_long(what, name))
                            .with_span_label("in this enum")
                            .with_help("choose a shorter name: PostgreSQL refuses longer enum labels and cuts longer type names"),
                    );
                }
            }
        }
        for m in &self.schema.models {
            if m.table.len() > MAX_NAME_BYTES {
                self.diagnostics.push(
                    Diagnostic::error(Code::NameTooLong, m.span, too_long("table name", &m.table))
                        .with_span_label("its table name is too long")
                        .with_help("choose a shorter one with `options { tableName: \"...\" }`"),
                );
            }
            for a in &m.attributes {
                if a.column.len() > MAX_NAME_BYTES {
                    self.diagnostics.push(
                        Diagnostic::error(Code::NameTooLong, a.span, too_long("column name", &a.column))
                            .with_span_label("its column name is too long")
                            .with_help("choose a shorter one with `column(\"...\")`, or `foreignKey: { column: \"...\" }` for a foreign key"),
                    );
                }
            }
        }
    }

    /// Two models on one table would make DDL that creates it twice.
    fn check_table_names(&mut self) {
        let models = &self.schema.models;
        let mut first: rustc_hash::FxHashMap<ir::CaselessName, usize> =
            rustc_hash::FxHashMap::with_capacity_and_hasher(models.len(), Default::default());
        for (i, m) in models.iter().enumerate() {
            let earlier = match first.entry(ir::CaselessName(&m.table)) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(i);
                    continue;
                }
                std::collections::hash_map::Entry::Occupied(o) => &models[*o.get()],
            };
            let what = |m: &ir::Model| {
                if m.generated_junction {
                    format!("the junction `{}`", m.name)
                } else {
                    format!("model `{}`", m.name)
                }
            };
            let message = if earlier.table == m.table {
                format!(
                    "{} and {} both map to table `{}`",
                    what(earlier),
                    what(m),
                    m.table
                )
            } else {
                format!(
                    "{} and {} map to tables `{}` and `{}`, which SQLite takes for one",
                    what(earlier),
                    what(m),
                    earlier.table,
                    m.table
                )
            };
            self.diagnostics.push(
                Diagnostic::error(Code::DuplicateTable, m.span, message)
                    .with_span_label("maps to a table already taken")
                    .with_label(earlier.span, "takes it first")
                    .with_help(if earlier.generated_junction || m.generated_junction {
                        "give the junction another name with `through: \"...\"`, or the model another table with `options { tableName: \"...\" }`"
                    } else {
                        "give one of them another table with `options { tableName: \"...\" }`"
                    }),
            );
        }
    }
}

impl Resolver<'_> {
    /// The names `model`'s attributes take; every attribute added from now
    /// on goes through [`models::add_attribute`] with them.
    fn attribute_names(&mut self, model: ModelId) -> &mut models::AttributeNames {
        if self.attribute_names.len() <= model.0 {
            self.attribute_names
                .resize_with(self.schema.models.len().max(model.0 + 1), || None);
        }
        let models = &self.schema.models;
        self.attribute_names[model.0]
            .get_or_insert_with(|| models::AttributeNames::of(&models[model.0]))
    }

    /// The position of `model`'s attribute of that name.
    fn attr_named(&mut self, model: ModelId, name: &str) -> Option<usize> {
        self.attribute_names(model).named(name)
    }
}

fn drop_implicit_id(model: &mut ir::Model) {
    if model
        .attributes
        .first()
        .is_some_and(|a| a.origin == ir::AttributeOrigin::ImplicitId)
    {
        model.attributes.remove(0);
        model.primary_key.clear();
        let shift = |v: &mut Vec<usize>| v.iter_mut().for_each(|i| *i -= 1);
        model.uniques.iter_mut().for_each(shift);
        model.indexes.iter_mut().for_each(shift);
    }
}
