//! The association accessors against SQLite, behaving as Sequelize's.
//! The tests are shared with the other backends (`e2e/shared/accessors.rs`).
// The shared source passes `&mut conn` everywhere; rusqlite takes `&`.
#![allow(clippy::unnecessary_mut_passed)]

#[macro_use]
mod support;

use ormgen_e2e_sqlite as e2e;
use support::*;

include!("../../shared/accessors.rs");

/// The example at the top of the README, as written there.
#[test]
fn readme_example() -> rusqlite::Result<()> {
    use models::{NewDrivingLicense, NewPerson, Person};
    use pdl as models;

    let conn = rusqlite::Connection::open_in_memory()?;
    models::create_all(&conn)?; // tables in dependency order, foreign keys on

    let ann = Person::create(&conn, NewPerson { name: "Ann".into() })?;
    let licence = ann.create_driving_license(
        &conn,
        NewDrivingLicense {
            number: "L-1".into(),
            owner_id: None, // filled in by create_driving_license
        },
    )?;
    assert_eq!(licence.get_owner(&conn)?.map(|p| p.id), Some(ann.id));
    ann.set_driving_license(&conn, None)?; // unlinks it: owner_id becomes NULL
    assert_eq!(
        models::DrivingLicense::find_by_pk(&conn, &licence)?
            .unwrap()
            .owner_id,
        None
    );
    Ok(())
}
