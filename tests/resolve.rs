//! Resolution, tested on the resolved schema (the IR), case by case: the
//! behaviours of Sequelize's associations, and the errors.

use ormgen::diagnostics::{Code, Diagnostic, render_human};
use ormgen::ir::{self, AttrRef, RefAction, Type};
use ormgen::syntax::ast::{AssociationKind, ScalarType};

fn resolve(text: &str) -> ir::Schema {
    let schema = ormgen::check([("test.models", text)]);
    match schema.resolved {
        Some(ir) if schema.diagnostics.is_empty() => ir,
        _ => panic!("{}", render_human(&schema.sources, &schema.diagnostics)),
    }
}

fn errors(text: &str) -> Vec<Diagnostic> {
    let schema = ormgen::check([("test.models", text)]);
    assert!(schema.resolved.is_none(), "expected errors, got none");
    schema.diagnostics
}

/// The one error a schema has (a test fails on none or several).
fn the_error(text: &str) -> Diagnostic {
    let mut e = errors(text);
    assert_eq!(e.len(), 1, "expected one error: {e:?}");
    e.remove(0)
}

/// Each diagnostic's code and line, in the order reported.
fn codes_and_lines(text: &str) -> Vec<(Code, usize)> {
    let schema = ormgen::check([("big.models", text)]);
    let Some(first) = schema.diagnostics.first() else {
        return Vec::new();
    };
    let source = schema.sources.get(first.span.file);
    schema
        .diagnostics
        .iter()
        .map(|d| (d.code, source.line_col(d.span.start as usize).0))
        .collect()
}

fn codes(text: &str) -> Vec<Code> {
    errors(text).iter().map(|d| d.code).collect()
}

/// Sequelize's naming exactly: attribute names as columns, plural tables.
fn sequelize(body: &str) -> ir::Schema {
    resolve(&format!("options {{ underscored: false }}\n{body}"))
}

struct Fk<'a> {
    attr: &'a ir::Attribute,
    fk: Option<&'a ir::ForeignKey>,
    unique: bool,
}

fn fk<'a>(s: &'a ir::Schema, model: &str, attr: &str) -> Fk<'a> {
    let m = s
        .model_named(model)
        .unwrap_or_else(|| panic!("no model {model}"));
    let i = m.attr_named(attr).unwrap_or_else(|| {
        panic!(
            "{model} has no {attr}: {:?}",
            m.attributes.iter().map(|a| &a.name).collect::<Vec<_>>()
        )
    });
    Fk {
        attr: &m.attributes[i],
        fk: m.foreign_keys.iter().find(|f| f.attr == i),
        unique: m.is_unique_set(&[i]),
    }
}

fn references(s: &ir::Schema, fk: &ir::ForeignKey) -> (String, String) {
    let m = s.model(fk.references.model);
    (
        m.table.to_string(),
        m.attributes[fk.references.attr].column.to_string(),
    )
}

fn assoc<'a>(s: &'a ir::Schema, model: &str, name: &str) -> &'a ir::Association {
    let id = ir::ModelId(s.models.iter().position(|m| m.name == model).unwrap());
    s.associations_of(id)
        .find(|a| a.name() == name)
        .unwrap_or_else(|| {
            panic!(
                "{model} has no association {name}: {:?}",
                s.associations_of(id).map(|a| a.name()).collect::<Vec<_>>()
            )
        })
}

fn association_names(s: &ir::Schema, model: &str) -> Vec<String> {
    let id = ir::ModelId(s.models.iter().position(|m| m.name == model).unwrap());
    s.associations_of(id)
        .map(|a| a.name().to_string())
        .collect()
}

fn tables(s: &ir::Schema, order: &[ir::ModelId]) -> Vec<String> {
    order
        .iter()
        .map(|&m| s.model(m).table.to_string())
        .collect()
}

const USER_TASK: &str = "model User {\n  name string\n}\nmodel Task {\n  title string\n}\n";

#[test]
fn case_01_belongs_to() {
    let s = sequelize(&format!(
        "{USER_TASK}model Task2 {{\n  belongsTo User\n}}\n"
    ));
    let f = fk(&s, "Task2", "userId");
    assert!(f.attr.nullable);
    assert_eq!(f.attr.ty, Type::Scalar(ScalarType::Integer));
    let fk = f.fk.unwrap();
    assert_eq!(references(&s, fk), ("Users".into(), "id".into()));
    assert_eq!(
        (fk.on_delete, fk.on_update),
        (RefAction::SetNull, RefAction::Cascade)
    );
    assert!(fk.constrained && !fk.deferrable);
    assert!(
        association_names(&s, "User").is_empty(),
        "no inverse without `inverse`"
    );
    assert_eq!(association_names(&s, "Task2"), ["user"]);
    // With `inverse`, User gets one.
    let s = sequelize(&format!(
        "{USER_TASK}model Task2 {{\n  belongsTo User {{ inverse: {{ as: tasks, type: hasMany }} }}\n}}\n"
    ));
    let inv = assoc(&s, "User", "tasks");
    assert_eq!(inv.kind, AssociationKind::HasMany);
    assert!(inv.implicit);
}

#[test]
fn case_02_has_one() {
    let s = sequelize("model User {\n  hasOne Task\n}\nmodel Task {}\n");
    let f = fk(&s, "Task", "userId");
    assert!(f.unique, "hasOne's foreign key is unique");
    assert!(f.attr.nullable);
    let inverse = assoc(&s, "Task", "user");
    assert_eq!(inverse.kind, AssociationKind::BelongsTo);
    assert!(inverse.implicit);
    assert_eq!(inverse.foreign_key, assoc(&s, "User", "task").foreign_key);
    assert_eq!(
        s.association(assoc(&s, "User", "task").inverse.unwrap())
            .name(),
        "user"
    );
}

#[test]
fn case_03_has_many() {
    let s = sequelize("model User {\n  hasMany Task\n}\nmodel Task {}\n");
    let f = fk(&s, "Task", "userId");
    assert!(!f.unique);
    assert_eq!(assoc(&s, "User", "tasks").kind, AssociationKind::HasMany);
    assert_eq!(assoc(&s, "Task", "user").kind, AssociationKind::BelongsTo);
}

#[test]
fn case_04_a_has_one_alias_plays_no_part_in_the_foreign_key() {
    let s = sequelize("model User {\n  hasOne Task\n  hasOne Task as shabda\n}\nmodel Task {}\n");
    let task = s.model_named("Task").unwrap();
    let fks: Vec<&str> = task
        .attributes
        .iter()
        .filter(|a| a.origin == ir::AttributeOrigin::ForeignKey)
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(fks, ["userId"], "one column for both");
    assert_eq!(task.foreign_keys.len(), 1);
    assert_eq!(
        assoc(&s, "User", "task").foreign_key,
        assoc(&s, "User", "shabda").foreign_key
    );
}

#[test]
fn case_05_string_primary_key() {
    let s = sequelize(
        "model GroupPKBT {\n  name string primaryKey\n}\nmodel UserPKBT {\n  belongsTo GroupPKBT\n}\n",
    );
    let f = fk(&s, "UserPKBT", "groupPKBTName");
    assert_eq!(f.attr.ty, Type::Scalar(ScalarType::String { length: None }));
    assert_eq!(
        references(&s, f.fk.unwrap()),
        ("GroupPKBTs".into(), "name".into())
    );
}

#[test]
fn case_06_underscored() {
    let s = resolve("model User {\n  belongsTo Account\n}\nmodel Account {}\n");
    let f = fk(&s, "User", "accountId");
    assert_eq!(f.attr.column, "account_id");
    assert_eq!(
        references(&s, f.fk.unwrap()),
        ("accounts".into(), "id".into())
    );
    assert_eq!(s.model_named("User").unwrap().table, "users");
}

#[test]
fn case_07_target_key() {
    let s = sequelize(
        "model User {\n  email string unique\n}\nmodel Task {\n  belongsTo User as creator { targetKey: email }\n}\n",
    );
    let f = fk(&s, "Task", "creatorEmail");
    assert_eq!(f.attr.ty, Type::Scalar(ScalarType::String { length: None }));
    assert_eq!(
        references(&s, f.fk.unwrap()),
        ("Users".into(), "email".into())
    );
}

#[test]
fn case_08_source_key_and_inverse_alias() {
    let s = sequelize(
        "model User {\n  email string unique\n  hasMany Task as mailTasks { sourceKey: email, inverse: { as: mailUser } }\n}\nmodel Task {}\n",
    );
    let f = fk(&s, "Task", "mailUserEmail");
    assert_eq!(
        references(&s, f.fk.unwrap()),
        ("Users".into(), "email".into())
    );
    assert_eq!(
        assoc(&s, "Task", "mailUser").kind,
        AssociationKind::BelongsTo
    );
}

#[test]
fn case_09_a_declared_foreign_key_wins() {
    let s = sequelize(
        "model B {\n  key string primaryKey\n}\nmodel A {\n  bId string notNull\n  belongsTo B { foreignKey: { name: bId, allowNull: true } }\n}\n",
    );
    let f = fk(&s, "A", "bId");
    assert!(!f.attr.nullable, "declared notNull stays");
    assert_eq!(f.attr.ty, Type::Scalar(ScalarType::String { length: None }));
    assert_eq!(f.fk.unwrap().on_delete, RefAction::Cascade);
    assert_eq!(
        s.model_named("A")
            .unwrap()
            .attributes
            .iter()
            .filter(|a| a.name == "bId")
            .count(),
        1
    );

    let e = errors(
        "model B {}\nmodel A {\n  bId string notNull\n  belongsTo B { foreignKey: bId }\n}\n",
    );
    assert_eq!(e[0].code, Code::ForeignKeyType);
    assert_eq!(
        e[0].message,
        "foreign key `bId` is declared as `string`, but `B.id` is `integer`"
    );
    assert_eq!(e[0].labels.len(), 1, "the association is labelled");
}

#[test]
fn case_10_explicit_association_merges_with_the_inverse() {
    for body in [
        "model Label {\n  belongsTo Article\n}\nmodel Article {\n  hasMany Label\n}\n",
        "model Article {\n  hasMany Label\n}\nmodel Label {\n  belongsTo Article\n}\n",
    ] {
        let s = sequelize(body);
        let label = s.model_named("Label").unwrap();
        let fk_names: Vec<&str> = label
            .attributes
            .iter()
            .filter(|a| a.origin == ir::AttributeOrigin::ForeignKey)
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(fk_names, ["articleId"]);
        assert_eq!(label.foreign_keys.len(), 1);
        assert_eq!(association_names(&s, "Label"), ["article"]);
        let belongs = assoc(&s, "Label", "article");
        assert!(!belongs.implicit);
        let has_many = assoc(&s, "Article", "labels");
        assert_eq!(
            belongs.inverse.map(|i| s.association(i).name()),
            Some("labels")
        );
        assert_eq!(
            has_many.inverse.map(|i| s.association(i).name()),
            Some("article")
        );
        assert_eq!(s.associations.len(), 2);
    }
}

#[test]
fn case_11_not_null_foreign_keys_cascade_and_unconstrained_ones_reference_nothing() {
    let s = sequelize(
        "model User {\n  hasOne Profile { foreignKey: { allowNull: false } }\n  hasMany Post { foreignKey: { name: authorId, allowNull: false } }\n  belongsTo Team { foreignKey: { allowNull: false } }\n  belongsTo Picture { constraints: false }\n}\nmodel Profile {}\nmodel Post {}\nmodel Team {}\nmodel Picture {}\n",
    );
    for (model, attr) in [
        ("Profile", "userId"),
        ("Post", "authorId"),
        ("User", "teamId"),
    ] {
        let f = fk(&s, model, attr);
        assert!(!f.attr.nullable, "{model}.{attr}");
        assert_eq!(
            f.fk.unwrap().on_delete,
            RefAction::Cascade,
            "{model}.{attr}"
        );
    }
    let picture = fk(&s, "User", "pictureId");
    assert!(!picture.fk.unwrap().constrained);
}

#[test]
fn case_12_belongs_to_many_junctions() {
    let s = sequelize("model A {\n  belongsToMany B { through: AB }\n}\nmodel B {}\n");
    let ab = s.model_named("AB").unwrap();
    assert!(ab.generated_junction);
    assert_eq!(ab.table, "AB", "named after `through`, not pluralised");
    let names: Vec<&str> = ab.attributes.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["aId", "bId"]);
    assert!(ab.attributes.iter().all(|a| !a.nullable));
    assert_eq!(ab.primary_key, [0, 1]);
    assert!(
        ab.foreign_keys
            .iter()
            .all(|f| f.on_delete == RefAction::Cascade && f.on_update == RefAction::Cascade)
    );
    let a_to_b = assoc(&s, "A", "bs");
    let b_to_a = assoc(&s, "B", "as");
    assert_eq!(
        a_to_b.junction.as_ref().unwrap().model,
        b_to_a.junction.as_ref().unwrap().model
    );

    let s = sequelize(
        "model A {\n  belongsToMany B { through: AB }\n}\nmodel B {}\nmodel AB {\n  id integer primaryKey autoIncrement\n  note string\n}\n",
    );
    let ab = s.model_named("AB").unwrap();
    assert!(!ab.generated_junction);
    assert_eq!(ab.primary_key, [0]);
    let a = ab.attr_named("aId").unwrap();
    let b = ab.attr_named("bId").unwrap();
    assert!(ab.uniques.contains(&vec![a, b]), "{:?}", ab.uniques);

    let s = sequelize(
        "model A {\n  belongsToMany B { through: { model: AB, unique: false } }\n}\nmodel B {}\nmodel AB {\n  id integer primaryKey\n}\n",
    );
    assert!(s.model_named("AB").unwrap().uniques.is_empty());

    // A declared junction without a key gets the pair as its key.
    let s = sequelize(
        "model A {\n  belongsToMany B { through: AB }\n}\nmodel B {}\nmodel AB {\n  since dateonly\n}\n",
    );
    let ab = s.model_named("AB").unwrap();
    assert_eq!(
        ab.attributes
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>(),
        ["since", "aId", "bId"]
    );
    assert_eq!(ab.primary_key, [1, 2]);
}

#[test]
fn case_13_self_belongs_to_many_names_junction_keys_after_aliases() {
    let text = "model Person {\n  belongsToMany Person as children { through: PersonChildren, inverse: { as: parents } }\n}\n";
    let s = sequelize(text);
    let j = s.model_named("PersonChildren").unwrap();
    assert_eq!(
        j.attributes
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>(),
        ["parentId", "childId"]
    );
    assert_eq!(association_names(&s, "Person"), ["children", "parents"]);
    let s = resolve(text);
    let j = s.model_named("PersonChildren").unwrap();
    assert_eq!(j.table, "person_children");
    assert_eq!(
        j.attributes
            .iter()
            .map(|a| a.column.as_str())
            .collect::<Vec<_>>(),
        ["parent_id", "child_id"]
    );
}

#[test]
fn case_14_errors() {
    let e = errors("model User {\n  hasOne Task\n  hasOne Task\n}\nmodel Task {}\n");
    assert_eq!(e[0].code, Code::DuplicateAssociation);
    assert_eq!(
        e[0].message,
        "model `User` has two associations named `task`"
    );
    assert_eq!(e[0].labels.len(), 1);

    let e = errors("model User {\n  task string\n  hasOne Task\n}\nmodel Task {}\n");
    assert_eq!(e[0].code, Code::AssociationNameCollision);
    assert_eq!(
        e[0].message,
        "naming collision between attribute `task` and association `task` on model `User`"
    );

    assert_eq!(
        codes("model User {\n  hasOne User\n}\n"),
        [Code::SelfAssociationNames]
    );
    assert_eq!(
        codes("model User {\n  hasOne User as boss\n}\n"),
        [Code::SelfAssociationNames]
    );
    assert_eq!(
        codes("model User {\n  hasMany User { as: a, inverse: { as: a } }\n}\n"),
        [Code::SelfAssociationNames]
    );
    assert_eq!(
        codes("model User {\n  belongsToMany Group\n}\nmodel Group {}\n"),
        [Code::MissingThrough]
    );
    assert_eq!(
        codes("model User {\n  belongsTo Team { targetKey: nope }\n}\nmodel Team {}\n"),
        [Code::UnknownAttribute]
    );
    assert_eq!(
        codes(
            "model User {\n  belongsTo Team { targetKey: name }\n}\nmodel Team {\n  name string\n}\n"
        ),
        [Code::KeyNotUnique]
    );
    assert_eq!(
        codes("model User {\n  hasMany Task { sourceKey: name }\n}\nmodel Task {}\n"),
        [Code::UnknownAttribute]
    );

    let e = errors("model User {\n  hasMany Tsk\n}\nmodel Task {}\n");
    assert_eq!(e[0].code, Code::UnknownModel);
    assert_eq!(e[0].help.as_deref(), Some("did you mean `Task`?"));
}

#[test]
fn case_15_creation_order() {
    let checked = ormgen::check([(
        "test.models",
        "model User {\n  hasOne Profile\n  hasMany Project\n  belongsToMany Task { through: UserTasks }\n}\nmodel Task {\n  belongsTo User\n}\nmodel Profile {}\nmodel Project {}\n",
    )]);
    // Task's belongsTo `user` and the inverse belongsToMany `users` would
    // both have `create_user`: the inverse goes without it, with a warning.
    let codes: Vec<Code> = checked.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::InverseAccessorOmitted]);
    let s = checked.resolved.expect("warnings do not stop resolution");
    let users = assoc(&s, "Task", "users");
    let names =
        |a: &ormgen::ir::Association| a.methods.iter().map(|m| m.name.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(users),
        [
            "get_users",
            "get_users_where",
            "count_users",
            "count_users_where",
            "has_user",
            "has_users",
            "add_user",
            "add_users",
            "remove_user",
            "remove_users",
            "set_users",
            "load_users",
            "load_users_where",
        ]
    );
    assert_eq!(users.method(ormgen::ir::Accessor::Create), None);
    assert_eq!(
        names(assoc(&s, "Task", "user")),
        ["get_user", "set_user", "create_user", "load_user"]
    );
    assert_eq!(
        tables(&s, &s.creation_order),
        ["users", "tasks", "profiles", "projects", "user_tasks"]
    );
}

#[test]
fn case_16_cycles() {
    let cyclic = "model Document {\n  hasMany Version\n  belongsTo Version as current\n}\nmodel Version {}\n";
    let e = the_error(cyclic);
    assert_eq!(e.code, Code::Cycle);
    assert_eq!(
        e.message,
        "cyclic foreign-key dependency: documents -> versions -> documents"
    );
    let labels: Vec<&str> = std::iter::once(e.span_label.as_str())
        .chain(e.labels.iter().map(|l| l.message.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            "`documents.current_id` references `versions` (Document belongsTo current)",
            "`versions.document_id` references `documents` (Document hasMany versions)",
        ]
    );
    assert_ne!(e.span.range(), e.labels[0].span.range(), "both locations");
    assert!(e.help.as_deref().unwrap().contains("constraints: false"));

    for fix in ["{ constraints: false }", "{ deferrable: true }"] {
        let s = resolve(&cyclic.replace("as current", &format!("as current {fix}")));
        assert_eq!(tables(&s, &s.creation_order), ["documents", "versions"]);
    }
    let s = resolve("model Node {\n  belongsTo Node as parent\n}\n");
    assert_eq!(tables(&s, &s.creation_order), ["nodes"]);

    let three =
        "model A {\n  belongsTo B\n}\nmodel B {\n  belongsTo C\n}\nmodel C {\n  belongsTo A\n}\n";
    let e = the_error(three);
    assert_eq!(
        e.message,
        "cyclic foreign-key dependency: as -> bs -> cs -> as"
    );
    assert_eq!(e.labels.len(), 2);

    let two_cycles = "model A {\n  belongsTo B\n}\nmodel B {\n  belongsTo A\n}\nmodel C {\n  belongsTo D\n}\nmodel D {\n  belongsTo C\n}\nmodel E {\n  belongsTo A\n}\n";
    let messages: Vec<String> = errors(two_cycles).into_iter().map(|d| d.message).collect();
    assert_eq!(
        messages,
        [
            "cyclic foreign-key dependency: as -> bs -> as",
            "cyclic foreign-key dependency: cs -> ds -> cs"
        ]
    );
}

#[test]
fn a_ten_thousand_table_chain_resolves() {
    let n = 10_000;
    let text: String = (0..n)
        .map(|i| {
            if i == 0 {
                "model M0 {}\n".to_string()
            } else {
                format!("model M{i} {{\n  belongsTo M{}\n}}\n", i - 1)
            }
        })
        .collect();
    let s = resolve(&text);
    assert_eq!(s.creation_order.len(), n);
    assert_eq!(s.creation_order[0], ir::ModelId(0));
    assert_eq!(s.creation_order[n - 1], ir::ModelId(n - 1));
    // Closed into a cycle: reported, no overflow.
    let cyclic = text.replacen(
        "model M0 {}",
        &format!("model M0 {{\n  belongsTo M{}\n}}", n - 1),
        1,
    );
    let e = the_error(&cyclic);
    assert_eq!(
        e.message,
        "cyclic foreign-key dependency: m0s -> m9999s -> m9998s -> m9997s -> m9996s -> m9995s -> ... 9989 more ... -> m5s -> m4s -> m3s -> m2s -> m1s -> m0s"
    );
    assert_eq!(e.labels.len(), 11, "labels stop at a dozen");
}

#[test]
fn implicit_id_timestamps_and_table_names() {
    let s = resolve(
        "options { timestamps: true }\nmodel Person {\n  name string\n}\nmodel Category {\n  options { timestamps: false, freezeTableName: true }\n}\nmodel Child {\n  options { tableName: \"kids\" }\n  code string primaryKey\n}\n",
    );
    let p = s.model_named("Person").unwrap();
    assert_eq!(p.table, "people");
    let cols: Vec<&str> = p.attributes.iter().map(|a| a.column.as_str()).collect();
    assert_eq!(cols, ["id", "name", "created_at", "updated_at"]);
    assert!(p.attributes[0].auto_increment && p.attributes[0].primary_key);
    let c = s.model_named("Category").unwrap();
    assert_eq!(c.table, "category");
    assert_eq!(c.attributes.len(), 1);
    let k = s.model_named("Child").unwrap();
    assert_eq!(k.table, "kids");
    assert_eq!(k.primary_key, [0]);
    let names: Vec<&str> = k.attributes.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        ["code", "createdAt", "updatedAt"],
        "a declared key means no implicit id"
    );
}

#[test]
fn attribute_errors() {
    assert_eq!(
        codes("model A {\n  x string autoIncrement\n}\n"),
        [Code::InvalidAutoIncrement]
    );
    assert_eq!(
        codes("model A {\n  x integer autoIncrement\n}\n"),
        [Code::InvalidAutoIncrement]
    );
    assert_eq!(
        codes("model A {\n  x smallint default(40000)\n}\n"),
        [Code::InvalidDefault]
    );
    assert_eq!(
        codes("model A {\n  x boolean default(1)\n}\n"),
        [Code::InvalidDefault]
    );
    assert_eq!(
        codes("model A {\n  x string notNull default(null)\n}\n"),
        [Code::InvalidDefault]
    );
    assert_eq!(
        codes("enum R { a }\nmodel A {\n  x R default(b)\n}\n"),
        [Code::InvalidDefault]
    );
    assert_eq!(
        codes("model A {\n  x string(2) default(\"abc\")\n}\n"),
        [Code::InvalidDefault]
    );
    assert_eq!(
        codes("model A {\n  x integer default(now)\n}\n"),
        [Code::InvalidDefault]
    );
    // A decimal default that the database would round or refuse.
    for bad in ["decimal(5) default(-1.25)", "decimal(4, 2) default(123.5)"] {
        assert_eq!(
            codes(&format!("model A {{\n  x {bad}\n}}\n")),
            [Code::InvalidDefault],
            "{bad}"
        );
    }
    for good in [
        "decimal(5) default(-12345)",
        "decimal(4, 2) default(-12.50)",
        "decimal(4, 2) default(0.5)",
        "decimal default(3.14159)",
    ] {
        resolve(&format!("model A {{\n  x {good}\n}}\n"));
    }
    assert_eq!(
        codes("model A {\n  x string\n  x integer\n}\n"),
        [Code::DuplicateAttribute]
    );
    assert_eq!(
        codes("model A {\n  userId integer\n  user_id integer\n}\n"),
        [Code::DuplicateAttribute]
    );
    assert_eq!(
        codes("model A {}\nmodel A {}\n"),
        [Code::DuplicateDeclaration]
    );
    assert_eq!(
        codes("model A {\n  index (nope)\n}\n"),
        [Code::UnknownAttribute]
    );
    assert_eq!(
        codes("model A {\n  options { tablename: \"a\" }\n}\n"),
        [Code::UnknownOption]
    );
    assert_eq!(
        codes(
            "model A {\n  hasOne B { foreignKey: { allowNull: false }, onDelete: SET_NULL }\n}\nmodel B {}\n"
        ),
        [Code::NotNullSetNull]
    );
    assert_eq!(
        codes("model A {\n  hasOne B { onDelete: EXPLODE }\n}\nmodel B {}\n"),
        [Code::InvalidOptionValue]
    );
    let e = errors("model A {\n  hasOne B { foriegnKey: x }\n}\nmodel B {}\n");
    assert_eq!(e[0].help.as_deref(), Some("did you mean `foreignKey`?"));
}

#[test]
fn defaults_are_typed() {
    let s = resolve(
        "enum Role { admin, member }\nmodel A {\n  a integer default(-5)\n  b Role default(member)\n  c date default(now)\n  d uuid default(uuidv4)\n  e string default(\"x\")\n  f boolean default(false)\n  g decimal(5, 2) default(1.50)\n  h text default(null)\n}\n",
    );
    let m = s.model_named("A").unwrap();
    let defaults: Vec<Option<ir::DefaultValue>> = m.attributes[1..]
        .iter()
        .map(|a| a.default.clone())
        .collect();
    use ir::DefaultValue::*;
    assert_eq!(
        defaults,
        [
            Some(Int(-5)),
            Some(EnumVariant("member".into())),
            Some(Now),
            Some(UuidV4),
            Some(Str("x".into())),
            Some(Bool(false)),
            Some(Decimal("1.50".into())),
            Some(Null)
        ]
    );
}

#[test]
fn has_one_with_a_hand_declared_foreign_key_that_is_not_unique_warns() {
    let schema = ormgen::check([(
        "t.models",
        "model User {\n  hasOne Task\n}\nmodel Task {\n  userId integer\n}\n",
    )]);
    assert_eq!(
        schema
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect::<Vec<_>>(),
        [Code::HasOneForeignKeyNotUnique]
    );
    assert!(
        schema.resolved.is_some(),
        "a warning does not stop resolution"
    );
    let clean = ormgen::check([(
        "t.models",
        "model User {\n  hasOne Task\n}\nmodel Task {\n  userId integer unique\n}\n",
    )]);
    assert!(clean.diagnostics.is_empty());
}

#[test]
fn fixtures_resolve_to_the_expected_foreign_keys() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/valid");
    let load = |name: &str| {
        let schema = ormgen::schema::Schema::load(&[dir.join(name)]).unwrap();
        schema.resolved.expect("valid")
    };
    let s = load("person_driving_license.models");
    let f = fk(&s, "DrivingLicense", "ownerId");
    assert!(f.unique);
    assert_eq!(
        assoc(&s, "DrivingLicense", "owner").kind,
        AssociationKind::BelongsTo
    );
    let s = load("user_pictures.models");
    assert!(!fk(&s, "User", "profilePictureId").fk.unwrap().constrained);
    assert!(fk(&s, "Picture", "userId").fk.unwrap().constrained);
    assert_eq!(tables(&s, &s.creation_order), ["users", "pictures"]);
    let s = load("user_groups.models");
    assert_eq!(
        tables(&s, &s.creation_order),
        ["users", "groups", "user_groups"]
    );
    let _ = AttrRef {
        model: ir::ModelId(0),
        attr: 0,
    };
}

#[test]
fn option_spellings_and_key_options() {
    let s = resolve(
        "model A {\n  belongsTo B { foreignKey: { name: bRef, column: \"b_reference\", deferrable: true }, onDelete: \"SET NULL\", onUpdate: \"no action\" }\n  belongsTo C { foreignKeyConstraints: false }\n  belongsToMany D { through: AD, otherKey: { name: dRef }, foreignKey: aRef }\n}\nmodel B {}\nmodel C {}\nmodel D {}\n",
    );
    let b = fk(&s, "A", "bRef");
    assert_eq!(b.attr.column, "b_reference");
    let bfk = b.fk.unwrap();
    assert!(bfk.deferrable && bfk.constrained);
    assert_eq!(
        (bfk.on_delete, bfk.on_update),
        (RefAction::SetNull, RefAction::NoAction)
    );
    assert!(!fk(&s, "A", "cId").fk.unwrap().constrained);
    let ad = s.model_named("AD").unwrap();
    assert_eq!(
        ad.attributes
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>(),
        ["aRef", "dRef"]
    );
    let a_to_d = assoc(&s, "A", "ds");
    assert_eq!(
        s.attr(a_to_d.junction.as_ref().unwrap().other_key).name,
        "dRef"
    );
    let d_to_a = assoc(&s, "D", "as");
    assert_eq!(s.attr(d_to_a.foreign_key).name, "dRef");
    assert_eq!(
        s.attr(d_to_a.junction.as_ref().unwrap().other_key).name,
        "aRef"
    );
}

#[test]
fn composite_primary_keys_need_a_key_option() {
    let text = "model Pair {\n  a integer primaryKey\n  b integer primaryKey\n  code string unique\n}\nmodel User {\n  belongsTo Pair\n}\n";
    let e = errors(text);
    assert_eq!(e[0].code, Code::CompositeKeyTarget);
    assert_eq!(e[0].labels.len(), 1);
    let s = resolve(&text.replace("belongsTo Pair", "belongsTo Pair { targetKey: code }"));
    assert_eq!(
        references(&s, fk(&s, "User", "pairCode").fk.unwrap()),
        ("pairs".into(), "code".into())
    );
    assert_eq!(s.model_named("Pair").unwrap().primary_key, [0, 1]);
}

#[test]
fn belongs_to_with_inverse_has_one_makes_the_key_unique() {
    let s = resolve(
        "model Profile {\n  belongsTo User { inverse: { as: profile, type: hasOne } }\n}\nmodel User {}\n",
    );
    assert!(fk(&s, "Profile", "userId").unique);
    let inverse = assoc(&s, "User", "profile");
    assert_eq!(inverse.kind, AssociationKind::HasOne);
    assert_eq!(
        inverse.foreign_key,
        assoc(&s, "Profile", "user").foreign_key
    );
}

#[test]
fn a_foreign_key_column_may_not_collide_with_an_attribute() {
    let e = errors("model Task {\n  user_id string\n  belongsTo User\n}\nmodel User {}\n");
    assert_eq!(e[0].code, Code::DuplicateAttribute);
    assert_eq!(
        e[0].message,
        "attributes `user_id` and `userId` of model `Task` both map to column `user_id`"
    );
}

#[test]
fn names_longer_than_databases_keep_are_refused() {
    let long = "a".repeat(64);
    let e = errors(&format!("model A {{\n  {long} string\n}}\n"));
    assert_eq!(e[0].code, Code::NameTooLong);
    assert_eq!(
        e[0].message,
        format!("column name `{long}` is 64 bytes long; databases keep at most 63")
    );
    let e = errors(&format!(
        "model A {{\n  options {{ tableName: \"{long}\" }}\n}}\n"
    ));
    assert_eq!(e[0].code, Code::NameTooLong);
    let ok = "b".repeat(63);
    resolve(&format!("model A {{\n  {ok} string\n}}\n"));
}

#[test]
fn attributes_that_become_one_rust_field_are_refused() {
    let e = errors(
        "options { underscored: false }\nmodel A {\n  userId integer\n  user_id integer\n}\n",
    );
    assert_eq!(e[0].code, Code::DuplicateAttribute);
    assert_eq!(
        e[0].message,
        "attributes `userId` and `user_id` of model `A` both become the field `user_id` of the generated code"
    );
}

#[test]
fn ten_thousand_associations_on_one_model_resolve() {
    let n = 10_000;
    let mut text = String::from("model Hub {\n");
    for i in 0..n {
        text.push_str(&format!("  hasMany T{i}\n"));
    }
    text.push_str("}\n");
    for i in 0..n {
        text.push_str(&format!("model T{i} {{}}\n"));
    }
    let s = resolve(&text);
    assert_eq!(association_names(&s, "Hub").len(), n);
    assert_eq!(s.creation_order.len(), n + 1);
}

#[test]
fn accessors_that_would_share_a_name_are_refused() {
    let e = errors(
        "model User {\n  hasOne Photo\n  hasMany Photo as photos { inverse: { as: owner } }\n}\nmodel Photo {}\n",
    );
    assert_eq!(e[0].code, Code::AccessorNameCollision);
    assert_eq!(
        e[0].message,
        "associations `photo` and `photos` of `User` would both have a method `create_photo`"
    );
    assert_eq!(e[0].labels.len(), 1);
    let e = errors("model Site {\n  hasMany Equipment\n}\nmodel Equipment {}\n");
    assert_eq!(e[0].code, Code::AccessorNameCollision);
    assert!(e[0].message.contains("`has_equipment`"), "{}", e[0].message);
    resolve(
        "model Site {\n  hasMany Equipment { as: { singular: equipmentItem, plural: equipment } }\n}\nmodel Equipment {}\n",
    );
}

#[test]
fn two_belongs_to_many_with_swapped_ends_share_one_junction() {
    let s = resolve(
        "model A {\n  belongsToMany B { through: AB }\n}\nmodel B {\n  belongsToMany A { through: AB }\n}\n",
    );
    let junctions: Vec<&str> = s
        .models
        .iter()
        .filter(|m| m.generated_junction)
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(junctions, ["AB"]);
    let ab = s.model_named("AB").unwrap();
    assert_eq!(
        ab.attributes
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>(),
        ["aId", "bId"]
    );
    assert_eq!(s.associations.len(), 2, "one pair, not two");
    let (a_bs, b_as) = (assoc(&s, "A", "bs"), assoc(&s, "B", "as"));
    assert!(!a_bs.implicit && !b_as.implicit);
    assert_eq!(s.association(a_bs.inverse.unwrap()).name(), "as");
}

#[test]
fn a_belongs_to_self_association_with_an_inverse_needs_both_names() {
    assert_eq!(
        codes("model Node {\n  belongsTo Node as parent { inverse: { type: hasMany } }\n}\n"),
        [Code::SelfAssociationNames]
    );
    let s = resolve(
        "model Node {\n  belongsTo Node as parent { inverse: { as: children, type: hasMany } }\n}\n",
    );
    assert_eq!(association_names(&s, "Node"), ["parent", "children"]);
    assert_eq!(
        fk(&s, "Node", "parentId").fk.unwrap().on_delete,
        RefAction::SetNull
    );
}

#[test]
fn indexes_may_name_foreign_keys_that_associations_add() {
    let s = resolve(
        "model User {\n  name string\n  hasMany Picture\n}\nmodel Picture {\n  url string\n  index (userId)\n  unique (url, userId)\n}\n",
    );
    let picture = s.models.iter().find(|m| m.name == "Picture").unwrap();
    let names = |cols: &Vec<usize>| {
        cols.iter()
            .map(|&i| picture.attributes[i].name.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        picture.indexes.iter().map(names).collect::<Vec<_>>(),
        [["userId"]]
    );
    assert!(
        picture
            .uniques
            .iter()
            .map(names)
            .any(|u| u == ["url", "userId"]),
        "{:?}",
        picture.uniques
    );
    // A name that no association adds either is still unknown.
    assert_eq!(
        codes("model Picture {\n  url string\n  index (userId)\n}\n"),
        [Code::UnknownAttribute]
    );
}

/// A schema large enough to have its models built on several threads
/// reports each model's problems, all of them, at their own lines, in
/// order, as a small one does.
#[test]
fn models_built_on_every_core_report_every_problem_in_order() {
    let mut text = String::from("enum Status { draft, active }\n");
    let mut expected = Vec::new();
    for i in 0..3000 {
        let line = text.lines().count() + 1;
        text.push_str(&format!("model M{i} {{\n  name string\n"));
        if i % 150 == 7 {
            text.push_str("  name text\n");
            expected.push((Code::DuplicateAttribute, line + 2));
        }
        if i % 200 == 11 {
            text.push_str("  status Status default(closed)\n");
            expected.push((Code::InvalidDefault, text.lines().count()));
        }
        if i % 250 == 13 {
            text.push_str(&format!(
                "  belongsTo M{} {{ onDelete: SOMETIMES }}\n",
                i / 2
            ));
            expected.push((Code::InvalidOptionValue, text.lines().count()));
        }
        text.push_str("}\n");
    }
    assert_eq!(codes_and_lines(&text), expected);
}

/// Enough associations that their options and names are worked out on a
/// second thread ahead of the linking: every foreign key, inverse and
/// problem comes out as it would one association at a time.
#[test]
fn thousands_of_associations_resolve_as_one_by_one() {
    let n = 2000;
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!("model M{i} {{\n  name string\n"));
        if i > 0 {
            text.push_str(&format!(
                "  belongsTo M{} as parent{i} {{ inverse: {{ as: child{i}s }} }}\n",
                i / 2
            ));
        }
        if i % 3 == 0 && i + 1 < n {
            text.push_str(&format!("  hasOne M{} as twin{i}\n", i + 1));
        }
        text.push_str("}\n");
    }
    let s = resolve(&text);
    for i in 1..n {
        let parent = fk(&s, &format!("M{i}"), &format!("parent{i}Id"));
        let key = parent.fk.expect("a foreign key");
        assert_eq!(s.model(key.references.model).name, format!("M{}", i / 2));
        let a = &s.associations[key.association.0];
        assert_eq!(
            (a.singular.as_str(), a.kind),
            (format!("parent{i}").as_str(), AssociationKind::BelongsTo)
        );
        let inverse = &s.associations[a.inverse.expect("an inverse").0];
        assert_eq!(inverse.plural, format!("child{i}s"));
        assert_eq!(s.model(inverse.source).name, format!("M{}", i / 2));
        if i % 3 == 1 {
            // The hasOne's key on its target, named after the source model.
            assert!(fk(&s, &format!("M{i}"), &format!("m{}Id", i - 1)).unique);
        }
    }

    // Problems in options and targets, reported at their lines.
    let mut text = String::new();
    let mut expected = Vec::new();
    for i in 0..n {
        text.push_str(&format!("model M{i} {{\n"));
        let line = text.lines().count() + 1;
        if i % 300 == 5 {
            text.push_str("  belongsTo M0 { onDelete: SOMETIMES }\n");
            expected.push((Code::InvalidOptionValue, line));
        } else if i % 300 == 150 {
            text.push_str("  hasMany Nowhere\n");
            expected.push((Code::UnknownModel, line));
        } else {
            text.push_str(&format!("  belongsTo M{}\n", i / 2));
        }
        text.push_str("}\n");
    }
    assert_eq!(codes_and_lines(&text), expected);
}

/// A model used as an attribute's type: the help says to associate, and
/// names the association when the attribute's name reads like one.
#[test]
fn a_model_as_an_attribute_type_points_to_associations() {
    let found = errors("model Car {\n  owner Person\n}\nmodel Person {}\n");
    assert_eq!(found[0].code, Code::UnknownType);
    assert_eq!(
        found[0].help.as_deref(),
        Some("`Person` is a model; link models with an association such as `belongsTo Person`")
    );
    let found = errors("model Car {\n  belongTo Person\n}\nmodel Person {}\n");
    assert_eq!(
        found[0].help.as_deref(),
        Some("to associate with the model `Person`, write `belongsTo Person`")
    );
    // Not a model either: the usual help.
    let found = errors("model Car {\n  owner Persn\n}\nmodel Person {}\n");
    assert!(
        found[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("enum Persn")),
        "{:?}",
        found[0].help
    );
}

/// A junction created by a belongsToMany is a model to the associations
/// after it, and the same junction named again is the same model.
#[test]
fn associations_after_a_created_junction_can_reach_it() {
    let s = resolve(
        "model A {\n  belongsToMany B { through: AB }\n}\nmodel B {\n  belongsToMany A { through: AB }\n}\nmodel Note {\n  hasMany AB\n}\n",
    );
    let junctions: Vec<&ir::Model> = s.models.iter().filter(|m| m.generated_junction).collect();
    assert_eq!(junctions.len(), 1);
    let key = fk(&s, "AB", "noteId").fk.expect("a foreign key");
    assert_eq!(s.model(key.references.model).name, "Note");
    // Before the belongsToMany that creates it, it is no model yet.
    let found = errors(
        "model Note {\n  hasMany AB\n}\nmodel A {\n  belongsToMany B { through: AB }\n}\nmodel B {}\n",
    );
    assert_eq!(found[0].code, Code::UnknownModel);
}

/// Each model's associations as a source, in declaration order, whatever
/// the order the associations were made in.
#[test]
fn associations_by_source_lists_each_models_own() {
    let s = resolve(
        "model A {\n  hasMany B\n  belongsToMany C { through: AC }\n}\nmodel B {\n  hasOne C\n}\nmodel C {\n  belongsTo A as owner\n}\nmodel D {}\n",
    );
    let by_source = s.associations_by_source();
    assert_eq!(by_source.len(), s.models.len());
    let mut listed = 0;
    for (m, model) in s.models.iter().enumerate() {
        let expected: Vec<ir::AssociationId> = (0..s.associations.len())
            .map(ir::AssociationId)
            .filter(|&id| s.association(id).source.0 == m)
            .collect();
        assert_eq!(by_source[m], expected[..], "model {}", model.name);
        listed += expected.len();
    }
    assert_eq!(listed, s.associations.len());
    assert!(by_source[s.models.iter().position(|m| m.name == "D").unwrap()].is_empty());
    assert!(by_source[0].len() >= 2);
}

/// A foreign key's column follows the options of the model that holds it,
/// whichever model declares the association; a junction made by a
/// belongsToMany follows the file's.
#[test]
fn foreign_key_columns_follow_their_holders_options() {
    let s = resolve(
        "model User {\n  options { underscored: false }\n  hasMany Task\n  belongsTo Team\n}\nmodel Task {}\nmodel Team {}\n",
    );
    assert_eq!(fk(&s, "User", "teamId").attr.column, "teamId");
    assert_eq!(fk(&s, "Task", "userId").attr.column, "user_id");
    assert_eq!(s.model_named("User").unwrap().table, "Users");

    let s = resolve(
        "options { underscored: false }\nmodel Post {\n  options { underscored: true }\n  belongsTo Author\n}\nmodel Author {\n  hasMany Note\n}\nmodel Note {}\nmodel Tag {\n  belongsToMany Post { through: PostTags }\n}\n",
    );
    assert_eq!(fk(&s, "Post", "authorId").attr.column, "author_id");
    assert_eq!(fk(&s, "Note", "authorId").attr.column, "authorId");
    assert_eq!(fk(&s, "PostTags", "tagId").attr.column, "tagId");
    assert_eq!(fk(&s, "PostTags", "postId").attr.column, "postId");
}

#[test]
fn two_models_on_one_table_are_refused() {
    // Same table, named twice.
    let c = codes_and_lines(
        "model User {\n  options { tableName: \"people\" }\n}\nmodel Person {\n  options { tableName: \"people\" }\n}\n",
    );
    assert_eq!(c, [(Code::DuplicateTable, 4)]);
    // A model's implied table and another's tableName, differing by case
    // only: one table in SQLite.
    let c =
        codes_and_lines("model User {}\nmodel Account {\n  options { tableName: \"USERS\" }\n}\n");
    assert_eq!(c, [(Code::DuplicateTable, 2)]);
    // A junction made for a belongsToMany, on a declared model's table.
    let e = the_error(
        "model User {\n  belongsToMany Role { through: \"grants\" }\n}\nmodel Role {}\nmodel Grant {}\n",
    );
    assert_eq!(e.code, Code::DuplicateTable);
    assert_eq!(
        e.message,
        "model `Grant` and the junction `grants` both map to table `grants`"
    );
    // The junction through a declared model is that model's table, once;
    // distinct tables pass.
    let s = resolve(
        "model User {\n  belongsToMany Role { through: Grant }\n}\nmodel Role {\n  belongsToMany User { through: Grant }\n}\nmodel Grant {}\nmodel People {\n  options { tableName: \"persons\" }\n}\n",
    );
    assert_eq!(s.models.len(), 4);
}

#[test]
fn columns_that_differ_only_by_case_are_refused() {
    // SQLite (and MySQL) take `Email` and `email` for one column.
    let sqlite = rusqlite::Connection::open_in_memory().unwrap();
    let refused = sqlite
        .execute_batch("CREATE TABLE t (\"Email\" TEXT, \"email\" TEXT)")
        .unwrap_err();
    assert!(
        refused.to_string().contains("duplicate column name"),
        "{refused}"
    );
    // Two declared attributes.
    let e = the_error(
        "model Account {\n  email string column(\"Email\")\n  mail string column(\"email\")\n}\n",
    );
    assert_eq!(e.code, Code::DuplicateAttribute);
    assert_eq!(
        e.message,
        "attributes `email` and `mail` of model `Account` map to columns `Email` and `email`, which SQLite and MySQL take for one"
    );
    // A foreign key added by an association (`user_id`, underscored).
    let c = codes_and_lines(
        "model User {}\nmodel Session {\n  owner integer column(\"USER_ID\")\n  belongsTo User\n}\n",
    );
    assert_eq!(c, [(Code::DuplicateAttribute, 4)]);
    // Columns that differ otherwise pass, and the DDL runs on SQLite.
    let s = resolve(
        "model Account {\n  email string column(\"Email\")\n  mail string column(\"e_mail\")\n}\n",
    );
    let ddl = ormgen::generate::sql::create(&s, ormgen::generate::sql::Dialect::Sqlite).unwrap();
    sqlite.execute_batch(&ddl.join(";\n")).unwrap();
}

#[test]
fn an_attribute_keeps_its_comment_and_doc_comment() {
    let s = resolve(
        "model User {\n  /// Shown to others.\n  /// Never empty.\n  nick string comment(\"the nickname\")\n  /// Only docs.\n  bio text\n  age integer comment(\"years\")\n  plain string\n}\n",
    );
    let user = s.model_named("User").unwrap();
    let attr = |name: &str| &user.attributes[user.attr_named(name).unwrap()];
    assert_eq!(attr("nick").comment(), Some("the nickname"));
    assert_eq!(attr("nick").docs(), ["Shown to others.", "Never empty."]);
    assert_eq!(
        (attr("bio").comment(), attr("bio").docs()),
        (None, &["Only docs.".to_string()][..])
    );
    assert_eq!(
        (attr("age").comment(), attr("age").docs().len()),
        (Some("years"), 0)
    );
    // Nothing said, nothing kept: neither the declared attribute nor the
    // implicit id, the foreign keys or the timestamps carry notes.
    assert!(attr("plain").notes.is_none());
    assert!(attr("id").notes.is_none());
    // The MySQL column comment is `comment(...)` first, else the docs.
    let ddl = ormgen::generate::sql::create(&s, ormgen::generate::sql::Dialect::Mysql)
        .unwrap()
        .join("\n");
    assert!(ddl.contains("COMMENT 'the nickname'"), "{ddl}");
    assert!(ddl.contains("COMMENT 'Only docs.'"), "{ddl}");
}

/// Every association's methods are named once, in the resolved schema: the
/// generators read them from there. An inverse gives way to a declared
/// association's method of the same name, and drops with it the methods
/// that would call it (`has_users` calls `has_user`, `set_users`
/// `remove_user`); no method at all where none is generated (a target with
/// a composite key).
#[test]
fn method_names_are_decided_once() {
    use ormgen::ir::Accessor;
    let checked = ormgen::check([(
        "test.models",
        concat!(
            "model User {\n  hasOne Post as self\n  hasMany Pair\n",
            "  belongsToMany Group { through: Membership }\n}\n",
            "model Group {\n  hasMany Note { as: { singular: user, plural: userNotes } }\n}\n",
            "model Post {}\nmodel Note {}\n",
            "model Pair {\n  a integer primaryKey\n  b integer primaryKey\n}\n",
        ),
    )]);
    let s = checked.resolved.expect("resolves");
    let own = assoc(&s, "User", "self");
    assert_eq!(own.method(Accessor::Get), Some("get_self"));
    assert_eq!(
        own.method(Accessor::SetDestroyingPrevious),
        Some("set_self_destroying_previous")
    );
    let inverse: Vec<&str> = assoc(&s, "Group", "users")
        .methods
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(
        inverse,
        [
            "get_users",
            "get_users_where",
            "count_users",
            "count_users_where",
            "load_users",
            "load_users_where"
        ]
    );
    assert!(assoc(&s, "User", "pairs").methods.is_empty());
}

/// A target with a column named like those a filtered batch load adds
/// gets no `load_xs_where`; every other method stays.
#[test]
fn a_column_named_like_a_loaders_own_drops_load_where() {
    use ormgen::ir::Accessor;
    let checked = ormgen::check([(
        "test.models",
        concat!(
            "model User {\n  hasMany Post\n  hasMany Note\n}\n",
            "model Post {\n  rank integer column(\"__ormgen_row\")\n}\n",
            "model Note {\n  text string\n}\n",
        ),
    )]);
    let s = checked.resolved.expect("resolves");
    let posts = assoc(&s, "User", "posts");
    assert_eq!(posts.method(Accessor::LoadWhere), None);
    assert_eq!(posts.method(Accessor::Load), Some("load_posts"));
    let notes = assoc(&s, "User", "notes");
    assert_eq!(notes.method(Accessor::LoadWhere), Some("load_notes_where"));
}

/// A declared junction gets a belongsTo to each end, named after its
/// foreign key, unless it declares one with that key or has the name
/// taken; a created junction gets none, nor do its belongsToMany get the
/// `*_with` methods.
#[test]
fn a_declared_junction_belongs_to_both_ends() {
    use ormgen::ir::{Accessor, AssociationKind};
    let s = resolve(concat!(
        "model Player {\n  belongsToMany Team { through: Membership }\n",
        "  belongsToMany Club { through: Loan }\n  belongsToMany Badge { through: PlayerBadges }\n}\n",
        "model Team {}\nmodel Club {}\nmodel Badge {}\n",
        "model Membership {\n  rank integer\n}\n",
        "model Loan {\n  club string\n  belongsTo Player as lender { foreignKey: playerId }\n}\n",
    ));
    assert_eq!(association_names(&s, "Membership"), ["player", "team"]);
    let player = assoc(&s, "Membership", "player");
    assert_eq!(player.kind, AssociationKind::BelongsTo);
    assert!(player.implicit && player.inverse.is_none());
    assert_eq!(player.method(Accessor::Get), Some("get_player"));
    assert_eq!(player.method(Accessor::Load), Some("load_player"));
    let teams = assoc(&s, "Player", "teams");
    assert_eq!(
        player.foreign_key, teams.foreign_key,
        "the junction's own key"
    );
    assert_eq!(teams.method(Accessor::AddWith), Some("add_team_with"));
    assert_eq!(
        teams.method(Accessor::GetWith),
        Some("get_teams_with_membership")
    );
    // `Loan` declares its belongsTo Player (as `lender`), and has an
    // attribute named `club`: nothing is added.
    assert_eq!(association_names(&s, "Loan"), ["lender"]);
    // A created junction: no associations, no `*_with`.
    assert!(association_names(&s, "PlayerBadges").is_empty());
    let badges = assoc(&s, "Player", "badges");
    assert!(
        badges
            .methods
            .iter()
            .all(|m| !m.accessor.needs_declared_junction())
    );
    assert_eq!(badges.method(Accessor::Load), Some("load_badges"));
}

/// A junction's belongsTo gives way to a declared association's method,
/// with a warning that says whose it is.
#[test]
fn a_junctions_belongs_to_gives_way_with_a_warning() {
    let checked = ormgen::check([(
        "test.models",
        concat!(
            "model Player {\n  belongsToMany Team { through: Membership }\n}\nmodel Team {}\nmodel Note {}\n",
            "model Membership {\n  id integer primaryKey autoIncrement\n",
            "  hasMany Note { as: { singular: player, plural: playerNotes } }\n}\n",
        ),
    )]);
    let warnings: Vec<&str> = checked
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        warnings,
        [
            "the junction's association `player` of `Membership` gets no `create_player`: `playerNotes` has one"
        ]
    );
    let s = checked
        .resolved
        .expect("a warning does not stop resolution");
    let player = assoc(&s, "Membership", "player");
    assert_eq!(player.method(ormgen::ir::Accessor::Create), None);
    assert_eq!(player.method(ormgen::ir::Accessor::Get), Some("get_player"));
}
