// Rust keywords and SQL reserved words as names: the generated code
// compiles (raw identifiers, `self_` and friends) and the quoted SQL runs.
// Shared by every backend's tests.

use e2e::gen_hostile_names as h;

#[test]
fn keywords_and_reserved_words_work_everywhere() {
    let mut conn = db!(h::create_all);
    let user = h::User::create(
        &mut conn,
        h::NewUser {
            r#type: Some("admin".into()),
            r#match: Some(1),
            r#ref: Some("r".into()),
            r#move: Some(true),
            self_: Some("me".into()),
            crate_: Some(2),
            super_: Some("up".into()),
            select: Some("all".into()),
            from: Some(3),
            order: Some(42),
            kind: None,
        },
    )
    .unwrap();
    assert_eq!(user.kind, Some(h::Kind::Match), "default(match)");
    assert_eq!(
        (user.self_.as_deref(), user.crate_, user.r#move),
        (Some("me"), Some(2), Some(true))
    );
    assert_eq!(h::Kind::Self_.as_str(), "self");
    assert_eq!("select".parse::<h::Kind>(), Ok(h::Kind::Select));

    // hasMany on the `order` column into the table `order`, foreign key `where`.
    let order = user
        .create_order(
            &mut conn,
            h::NewOrder {
                group: Some("g".into()),
                table: Some("t".into()),
                r#where: None,
                ref_id: None,
            },
        )
        .unwrap();
    assert_eq!(order.r#where, Some(42));
    assert_eq!(
        user.get_orders(&mut conn).unwrap(),
        std::slice::from_ref(&order)
    );
    // belongsTo aliased `ref`, into the table `select`.
    let mut order = order;
    let group = order
        .create_ref(
            &mut conn,
            h::NewGroup {
                r#where: Some("here".into()),
            },
        )
        .unwrap();
    assert_eq!(order.get_ref(&mut conn).unwrap(), Some(group));
    assert_eq!(
        tables(&mut conn),
        ["notes */ \"x\" '\u{202e}' -- //", "order", "select", "user"]
    );
}

/// Quotes, `*/`, `--`, line breaks and a right-to-left override in table
/// and column names, a default and a comment: the generated code compiles
/// (no comment or literal broken out of) and the SQL keeps every byte.
#[test]
fn text_that_could_break_out_stays_text() {
    let mut conn = db!(h::create_all);
    let note = h::Note::create(
        &mut conn,
        h::NewNote {
            body: Some("b'o\"dy */ --\n\u{202e}".into()),
            tag: None,
            group_id: None,
        },
    )
    .unwrap();
    assert_eq!(note.body.as_deref(), Some("b'o\"dy */ --\n\u{202e}"));
    assert_eq!(
        note.tag.as_deref(),
        Some("it's\n\"here\" \\ */ --"),
        "the default, byte for byte"
    );
    assert_eq!(
        h::Note::find_by_pk(&mut conn, h::NoteId(note.id)).unwrap(),
        Some(note.clone())
    );
    // An association named `self`: its methods are `get_self`, `set_self`,
    // `set_self_destroying_previous` (not `set_self__...`, which rustc
    // flags), `create_self`.
    let group = h::Group::create(&mut conn, h::NewGroup { r#where: None }).unwrap();
    group.set_self(&mut conn, &note).unwrap();
    assert_eq!(
        group.get_self(&mut conn).unwrap().map(|n| n.id),
        Some(note.id)
    );
    group.set_self_destroying_previous(&mut conn, None).unwrap();
    assert_eq!(group.get_self(&mut conn).unwrap(), None);
}
