//! Every construct of the language parses to the tree it means.

use ormgen::source::{FileId, Span};
use ormgen::syntax::ast::*;
use ormgen::syntax::parse;

fn tree(text: &str) -> File {
    let parsed = parse(FileId(0), text);
    assert!(
        parsed.diagnostics.is_empty(),
        "unexpected diagnostics for {text:?}: {:#?}",
        parsed.diagnostics
    );
    parsed.file.expect("a tree")
}

fn model(text: &str) -> ModelDecl {
    match tree(text).items.into_iter().next() {
        Some(Item::Model(m)) => m,
        other => panic!("expected a model, got {other:?}"),
    }
}

fn members(body: &str) -> Vec<Member> {
    model(&format!("model M {{\n{body}\n}}")).members
}

fn attribute(line: &str) -> Attribute {
    match members(line).into_iter().next() {
        Some(Member::Attribute(a)) => a,
        other => panic!("expected an attribute, got {other:?}"),
    }
}

fn association(line: &str) -> Association {
    match members(line).into_iter().next() {
        Some(Member::Association(a)) => a,
        other => panic!("expected an association, got {other:?}"),
    }
}

/// The names of members that must all be attributes.
fn attribute_names(members: &[Member]) -> Vec<&str> {
    members
        .iter()
        .map(|m| match m {
            Member::Attribute(a) => a.name.name.as_str(),
            other => panic!("{other:?}"),
        })
        .collect()
}

fn id(name: &str) -> Ident {
    Ident {
        name: name.into(),
        span: Span::default(),
    }
}

fn v(kind: ValueKind) -> Value {
    Value {
        kind,
        span: Span::default(),
    }
}

fn word(s: &str) -> Value {
    v(ValueKind::Ident(s.into()))
}

fn string(s: &str) -> Value {
    v(ValueKind::Str(s.into()))
}

fn num(s: &str) -> Value {
    v(ValueKind::Number(s.into()))
}

fn obj(entries: &[(&str, Value)]) -> Object {
    Object {
        entries: entries
            .iter()
            .map(|(k, value)| Entry {
                key: id(k),
                value: value.clone(),
            })
            .collect(),
        span: Span::default(),
        end: Span::default(),
    }
}

fn objv(entries: &[(&str, Value)]) -> Value {
    v(ValueKind::Object(obj(entries)))
}

fn lit(s: &str) -> StrLit {
    StrLit {
        value: s.into(),
        span: Span::default(),
    }
}

fn modifiers(line: &str) -> Vec<ModifierKind> {
    attribute(line)
        .modifiers
        .into_iter()
        .map(|m| m.kind)
        .collect()
}

#[test]
fn file_options_block() {
    let file =
        tree("options {\n  underscored: true\n  timestamps: false,\n  freezeTableName: true,\n}\n");
    let [Item::Options(o)] = file.items.as_slice() else {
        panic!("{file:?}")
    };
    assert_eq!(
        o.object,
        obj(&[
            ("underscored", v(ValueKind::Bool(true))),
            ("timestamps", v(ValueKind::Bool(false))),
            ("freezeTableName", v(ValueKind::Bool(true))),
        ])
    );
}

#[test]
fn enums_on_one_line_and_on_many() {
    let file = tree(
        "enum Role { admin, member, guest }\nenum Status {\n  /// waiting\n  pending\n  active,\n}\n",
    );
    let [Item::Enum(role), Item::Enum(status)] = file.items.as_slice() else {
        panic!("{file:?}")
    };
    assert_eq!(role.name, id("Role"));
    let names: Vec<&str> = role.variants.iter().map(|v| v.name.name.as_str()).collect();
    assert_eq!(names, ["admin", "member", "guest"]);
    assert_eq!(status.variants.len(), 2);
    assert_eq!(status.variants[0].docs[0].text, "waiting");
    assert!(status.variants[1].docs.is_empty());
}

#[test]
fn model_options() {
    let m = members("  options { tableName: \"people\", freezeTableName: true }");
    assert_eq!(
        m,
        [Member::Options(OptionsBlock {
            docs: vec![],
            object: obj(&[
                ("tableName", string("people")),
                ("freezeTableName", v(ValueKind::Bool(true)))
            ]),
            span: Span::default(),
        })]
    );
}

#[test]
fn every_built_in_type() {
    let cases = [
        ("integer", ScalarType::Integer),
        ("bigint", ScalarType::BigInt),
        ("smallint", ScalarType::SmallInt),
        ("float", ScalarType::Float),
        ("double", ScalarType::Double),
        (
            "decimal",
            ScalarType::Decimal {
                precision: None,
                scale: None,
            },
        ),
        (
            "decimal(5)",
            ScalarType::Decimal {
                precision: Some(5),
                scale: None,
            },
        ),
        (
            "decimal(10, 2)",
            ScalarType::Decimal {
                precision: Some(10),
                scale: Some(2),
            },
        ),
        ("string", ScalarType::String { length: None }),
        ("string(100)", ScalarType::String { length: Some(100) }),
        ("text", ScalarType::Text),
        ("boolean", ScalarType::Boolean),
        ("date", ScalarType::Date),
        ("dateonly", ScalarType::DateOnly),
        ("time", ScalarType::Time),
        ("uuid", ScalarType::Uuid),
        ("json", ScalarType::Json),
        ("jsonb", ScalarType::Jsonb),
        ("blob", ScalarType::Blob),
    ];
    for (written, expected) in cases {
        let a = attribute(&format!("  x {written}"));
        assert_eq!(a.ty.kind, TypeKind::Scalar(expected), "{written}");
    }
    assert_eq!(ScalarType::NAMES.len(), 16);
}

#[test]
fn enum_types_are_names() {
    let a = attribute("  role Role notNull");
    assert_eq!(a.name, id("role"));
    assert_eq!(a.ty.kind, TypeKind::Named("Role".into()));
}

#[test]
fn every_modifier() {
    assert_eq!(
        modifiers("  id integer primaryKey autoIncrement"),
        [ModifierKind::PrimaryKey, ModifierKind::AutoIncrement]
    );
    assert_eq!(
        modifiers("  email string notNull unique"),
        [ModifierKind::NotNull, ModifierKind::Unique(None)]
    );
    assert_eq!(
        modifiers("  a string unique(\"pair\")"),
        [ModifierKind::Unique(Some(lit("pair")))]
    );
    assert_eq!(
        modifiers("  nick string column(\"nick_name\") comment(\"shown to others\")"),
        [
            ModifierKind::Column(lit("nick_name")),
            ModifierKind::Comment(lit("shown to others"))
        ]
    );
}

#[test]
fn default_values_of_every_kind() {
    let cases = [
        ("default(member)", word("member")),
        ("default(now)", word("now")),
        ("default(uuidv4)", word("uuidv4")),
        ("default(0)", num("0")),
        ("default(-12)", num("-12")),
        ("default(3.50)", num("3.50")),
        (
            "default(\"a \\\"b\\\" \\\\ c\\nd\")",
            string("a \"b\" \\ c\nd"),
        ),
        ("default(true)", v(ValueKind::Bool(true))),
        ("default(false)", v(ValueKind::Bool(false))),
        ("default(null)", v(ValueKind::Null)),
    ];
    for (written, expected) in cases {
        assert_eq!(
            modifiers(&format!("  x string {written}")),
            [ModifierKind::Default(expected)],
            "{written}"
        );
    }
}

#[test]
fn composite_index_and_unique() {
    let m = members("  index (name, bornOn)\n  unique (\n    name,\n    email,\n  )");
    let [Member::Index(index), Member::Index(unique)] = m.as_slice() else {
        panic!("{m:?}")
    };
    assert!(!index.unique);
    assert_eq!(index.columns, [id("name"), id("bornOn")]);
    assert!(unique.unique);
    assert_eq!(unique.columns, [id("name"), id("email")]);
}

#[test]
fn the_four_association_kinds() {
    let m = members("  hasOne A\n  belongsTo B\n  hasMany C\n  belongsToMany D { through: CD }");
    let kinds: Vec<(AssociationKind, String)> = m
        .iter()
        .map(|m| match m {
            Member::Association(a) => (a.kind, a.target.name.to_string()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            (AssociationKind::HasOne, "A".into()),
            (AssociationKind::BelongsTo, "B".into()),
            (AssociationKind::HasMany, "C".into()),
            (AssociationKind::BelongsToMany, "D".into()),
        ]
    );
}

#[test]
fn association_alias_and_options() {
    let a = association("  belongsTo Picture as profilePicture { constraints: false }");
    assert_eq!(a.kind, AssociationKind::BelongsTo);
    assert_eq!(a.target, id("Picture"));
    assert_eq!(a.alias, Some(id("profilePicture")));
    assert_eq!(
        a.options.as_deref(),
        Some(&obj(&[("constraints", v(ValueKind::Bool(false)))]))
    );
}

#[test]
fn nested_options_objects_over_several_lines() {
    let a = association(
        "  hasMany Picture {\n    as: { singular: photo, plural: photos },\n    foreignKey: {\n      name: takenById\n      allowNull: false, onDelete: \"SET NULL\",\n    }\n    deferrable: true\n    limit: 10\n    scope: null,\n  }",
    );
    assert_eq!(a.alias, None);
    assert_eq!(
        a.options.as_deref(),
        Some(&obj(&[
            (
                "as",
                objv(&[("singular", word("photo")), ("plural", word("photos"))])
            ),
            (
                "foreignKey",
                objv(&[
                    ("name", word("takenById")),
                    ("allowNull", v(ValueKind::Bool(false))),
                    ("onDelete", string("SET NULL")),
                ])
            ),
            ("deferrable", v(ValueKind::Bool(true))),
            ("limit", num("10")),
            ("scope", v(ValueKind::Null)),
        ]))
    );
}

#[test]
fn doc_comments_attach_to_the_next_declaration() {
    let file = tree(
        "/// People.\n/// Two lines.\nmodel Person {\n  /// The name.\n  name string\n  /// Their licence.\n  hasOne DrivingLicense\n}\n/// Roles.\nenum Role { a }\n",
    );
    let [Item::Model(m), Item::Enum(e)] = file.items.as_slice() else {
        panic!("{file:?}")
    };
    let texts = |docs: &[Doc]| docs.iter().map(|d| d.text.clone()).collect::<Vec<_>>();
    assert_eq!(texts(&m.docs), ["People.", "Two lines."]);
    assert_eq!(texts(m.members[0].docs()), ["The name."]);
    assert_eq!(texts(m.members[1].docs()), ["Their licence."]);
    assert_eq!(texts(&e.docs), ["Roles."]);
}

#[test]
fn comments_are_skipped_everywhere() {
    let with = "// top\n/* block /* nested */ */\nmodel A { // after brace\n  //// four slashes is a comment\n  x integer /* inline */ notNull // end\n  hasOne B { /* in object */ as: c, // after entry\n  }\n}\n";
    let without = "model A {\n  x integer notNull\n  hasOne B { as: c }\n}\n";
    assert_eq!(tree(with), tree(without));
    let File { items, .. } = tree(with);
    let [Item::Model(m)] = items.as_slice() else {
        panic!()
    };
    assert!(m.docs.is_empty());
    assert!(m.members[0].docs().is_empty());
}

#[test]
fn keywords_can_name_attributes() {
    let m = members(
        "  model string\n  enum integer\n  options json\n  index integer\n  unique boolean\n  as text\n  hasOne string\n  belongsToMany uuid",
    );
    let names = attribute_names(&m);
    assert_eq!(
        names,
        [
            "model",
            "enum",
            "options",
            "index",
            "unique",
            "as",
            "hasOne",
            "belongsToMany"
        ]
    );
}

#[test]
fn declarations_in_any_order_and_crlf_line_endings() {
    let file = tree("model B {\r\n  hasOne A\r\n}\r\n\r\nmodel A {\r\n  x integer\r\n}\r\n");
    assert_eq!(file.items.len(), 2);
    let unix = tree("model B {\n  hasOne A\n}\n\nmodel A {\n  x integer\n}\n");
    assert_eq!(file, unix);
    // Old Mac line ends (a lone `\r`) end lines too.
    let mac = tree("model B {\r  hasOne A\r}\r\rmodel A {\r  x integer\r}\r");
    assert_eq!(mac, unix);
}

#[test]
fn crlf_lines_give_the_spans_and_errors_of_lf_lines() {
    let crlf = "model A {\r\n  x integer // c\r\n  y\r\n}\r\n";
    let lf = crlf.replace("\r\n", "\n");
    let found = |text: &str| {
        let parsed = parse(FileId(0), text);
        let d = &parsed.diagnostics[0];
        let line_start = text[..d.span.start as usize]
            .rfind('\n')
            .map_or(0, |n| n + 1);
        (d.message.clone(), d.span.start as usize - line_start)
    };
    // The error is at the end of line 3 in both: `y` has no type.
    assert_eq!(found(crlf), found(&lf));
    assert_eq!(found(&lf).1, "  y".len());
    let text = "model A {\r\n  x integer // c\r\n}\r\n";
    let m = model(text);
    assert_eq!(&text[m.members[0].span().range()], "x integer");
    let Member::Attribute(a) = &m.members[0] else {
        panic!()
    };
    assert_eq!(&text[a.ty.span.range()], "integer");
}

#[test]
fn spans_cover_exactly_their_text() {
    let text = "model Person {\n  name string(100) notNull // trailing\n  hasOne Task as job   /* c */\n}\n";
    let m = model(text);
    let span_text = |s: Span| &text[s.range()];
    assert_eq!(span_text(m.name.span), "Person");
    assert_eq!(span_text(m.members[0].span()), "name string(100) notNull");
    assert_eq!(span_text(m.members[1].span()), "hasOne Task as job");
    let Member::Attribute(a) = &m.members[0] else {
        panic!()
    };
    assert_eq!(span_text(a.ty.span), "string(100)");
    assert_eq!(span_text(a.modifiers[0].span), "notNull");
    assert_eq!(span_text(m.end), "}");
}

#[test]
fn empty_files_and_empty_blocks() {
    assert_eq!(tree(""), File::default());
    assert_eq!(tree("// only a comment\n"), File::default());
    let file = tree("model A {}\nenum E {}\n");
    assert_eq!(file.items.len(), 2);
}

#[test]
fn a_block_comment_spanning_lines_ends_a_statement() {
    let m = members(
        "  x integer /* spans\n  two lines */ y string\n  z integer /* one line */ notNull",
    );
    let names = attribute_names(&m);
    assert_eq!(names, ["x", "y", "z"]);
    let Member::Attribute(z) = &m[2] else {
        panic!()
    };
    assert_eq!(z.modifiers[0].kind, ModifierKind::NotNull);
}

/// Tabs and byte-order marks separate tokens as spaces do; inside a string
/// or a doc comment they are kept as written.
#[test]
fn tabs_and_byte_order_marks_are_whitespace_except_in_text() {
    let file = tree(
        "\u{FEFF}model\tM {\n\t/// a\tdoc\n\tname\tstring\u{FEFF}default(\"a\tb\u{FEFF}c\")\tnotNull\n}\n",
    );
    let Some(Item::Model(m)) = file.items.first() else {
        panic!("{file:?}")
    };
    assert_eq!(m.name.name, "M");
    let Some(Member::Attribute(a)) = m.members.first() else {
        panic!("{m:?}")
    };
    assert_eq!(a.name.name, "name");
    assert_eq!(a.docs[0].text, "a\tdoc");
    assert_eq!(a.modifiers.len(), 2);
    assert_eq!(
        a.modifiers[0].kind,
        ModifierKind::Default(Value {
            kind: ValueKind::Str("a\tb\u{FEFF}c".into()),
            span: Span::default(),
        })
    );
    assert_eq!(a.modifiers[1].kind, ModifierKind::NotNull);
}

/// A lone `\r` ends a line, `//` comments included: the model after such
/// a comment is not swallowed by it.
#[test]
fn a_lone_carriage_return_ends_a_line_comment() {
    let text = "model A {\r x string\r}\r// note\rmodel B {\r y string\r}\r";
    let schema = ormgen::check([("cr.models", text)]);
    assert!(schema.diagnostics.is_empty(), "{:?}", schema.diagnostics);
    let resolved = schema.resolved.unwrap();
    let names: Vec<&str> = resolved.models.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["A", "B"]);
    // The same with a doc comment and with `\r\n` mixed in.
    let text = "model A {\r\n x string\r}\r/// B's doc\rmodel B {\r y string // y\r}\r";
    let resolved = ormgen::check([("cr.models", text)]).resolved.unwrap();
    assert_eq!(resolved.models[1].docs, ["B's doc"]);
    assert_eq!(resolved.models[1].attributes.len(), 2);
}
