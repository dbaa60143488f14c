//! `ormgen build --serde`: every struct and enum derives serde's traits,
//! enums as the values the database stores.

use ormgen_e2e_sqlite::serde_readme as m;

#[test]
fn rows_keys_inserts_changes_and_enums_serialize() {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    m::create_all(&conn).unwrap();
    let ann = m::Person::create(
        &conn,
        m::NewPerson {
            name: "Ann".into(),
            role: Some(m::Role::Admin),
        },
    )
    .unwrap();
    let json = serde_json::to_value(&ann).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"id": 1, "name": "Ann", "role": "admin"})
    );
    let back: m::Person = serde_json::from_value(json).unwrap();
    assert_eq!(back, ann);
    let new: m::NewPerson = serde_json::from_str(r#"{"name": "Bob", "role": null}"#).unwrap();
    assert_eq!(m::Person::create(&conn, new).unwrap().role, m::Role::Member);
    let changes: m::PersonChanges =
        serde_json::from_str(r#"{"name": "Anna", "role": "guest"}"#).unwrap();
    assert_eq!(changes.role, Some(m::Role::Guest));
    assert_eq!(serde_json::to_string(&ann.key()).unwrap(), "1");
}
