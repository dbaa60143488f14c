//! The tests every backend shares (`e2e/shared/`), run against a real
//! PostgreSQL that this binary starts from Debian's binaries (initdb and
//! postgres on a free loopback port, in a temporary directory). Without
//! them the tests say so loudly and pass, unless `ORMGEN_REQUIRE_PG=1`.

// `PgServer::database` is for the main crate's tests.
#[allow(dead_code)]
#[path = "../../../tests/common/pg.rs"]
mod pg;
#[path = "../../../tests/common/server.rs"]
mod server;
#[macro_use]
mod support;

use ormgen_e2e_postgres as e2e;
use support::*;

mod crud {
    use super::*;
    include!("../../shared/crud.rs");
}

mod accessors {
    use super::*;
    include!("../../shared/accessors.rs");
}

mod hostile_names {
    use super::*;
    include!("../../shared/hostile_names.rs");
}

mod defaults {
    use super::*;
    include!("../../shared/defaults.rs");
}

mod queries {
    use super::*;
    include!("../../shared/queries.rs");
}

include!("../../shared/loaders.rs");

include!("../../shared/junctions.rs");

include!("../../shared/migrations.rs");

mod atomic {
    use super::*;
    include!("../../shared/atomic.rs");
}

/// The README's example, on PostgreSQL: the same calls, `&mut` a client.
#[test]
fn readme_example() -> Result<(), postgres::Error> {
    use e2e::gen_person_driving_license as models;
    use models::{NewDrivingLicense, NewPerson, Person};

    let Some(mut conn) = db(models::create_all) else {
        return Ok(());
    };
    let ann = Person::create(&mut conn, NewPerson { name: "Ann".into() })?;
    let licence = ann.create_driving_license(
        &mut conn,
        NewDrivingLicense {
            number: "L-1".into(),
            owner_id: None,
        },
    )?;
    assert_eq!(licence.get_owner(&mut conn)?.map(|p| p.id), Some(ann.id));
    ann.set_driving_license(&mut conn, None)?;
    let licence = models::DrivingLicense::find_by_pk(&mut conn, &licence)?.unwrap();
    assert_eq!(licence.owner_id, None);
    Ok(())
}

/// Every function takes `&mut impl GenericClient`: inside a transaction,
/// what is rolled back is gone.
#[test]
fn a_transaction_is_a_connection_too() {
    use e2e::gen_user_pictures as up;
    let mut conn = db!(up::create_all);
    let mut tx = conn.transaction().unwrap();
    let user = up::User::create(
        &mut tx,
        up::NewUser {
            username: "ann".into(),
            profile_picture_id: None,
        },
    )
    .unwrap();
    user.create_picture(
        &mut tx,
        up::NewPicture {
            url: "a.png".into(),
            user_id: None,
        },
    )
    .unwrap();
    assert_eq!(user.count_pictures(&mut tx).unwrap(), 1);
    tx.rollback().unwrap();
    assert_eq!(up::User::count(&mut conn).unwrap(), 0);
    assert_eq!(up::Picture::count(&mut conn).unwrap(), 0);
}

/// The module `build.rs` made (one file, through `ormgen::Builder`) works
/// as the CLI's module tree does.
#[test]
fn the_build_script_module_works() {
    use e2e::built;
    let mut conn = db!(built::create_all);
    let ann = built::Person::create(
        &mut conn,
        built::NewPerson {
            name: "Ann".into(),
            email: "ann@example.com".into(),
            role: None,
            status: None,
            born_on: None,
            score: None,
            ratio: None,
            nickname: None,
            role_group: None,
            bio: None,
            visits: None,
            level: None,
            weight: None,
            height: None,
            active: None,
            last_seen: None,
            wakes_at: None,
            token: None,
            settings: None,
            extra: None,
            avatar: None,
            profile_picture_id: None,
        },
    )
    .unwrap();
    assert_eq!(ann.role, built::Role::Member);
    assert_eq!(built::Person::find_all(&mut conn).unwrap(), [ann]);
}

/// The builder's `migrations` gives the one-file module the folder's
/// migrations and `migrate`, as `ormgen build --migrations` does the tree.
#[test]
fn the_build_script_module_migrates() {
    use e2e::built_shop as shop;
    assert_eq!(shop::MIGRATIONS, e2e::gen_shop_v2::MIGRATIONS);
    let mut conn = db!(shop::create_all);
    shop::drop_all(&mut conn).unwrap();
    assert_eq!(
        shop::migrate(&mut conn).unwrap(),
        ["0001_init", "0002_grow"]
    );
    assert!(shop::migrate(&mut conn).unwrap().is_empty());
    let new = shop::NewCustomer {
        full_name: "Cy".into(),
        email: None,
        vip: None,
    };
    let cy = shop::Customer::create(&mut conn, new).unwrap();
    assert!(!cy.vip);
}

/// The synchronous backend inside a multi-threaded tokio runtime, as the
/// README describes it: the client made, used and dropped on a blocking
/// thread. Eight at once, on one database. (The async backend is
/// e2e/tokio-postgres.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_async_pattern_runs_inside_tokio() {
    use e2e::gen_readme as models;
    // The test's own set-up is synchronous PostgreSQL too.
    let Some(url) = tokio::task::spawn_blocking(support::new_database_url)
        .await
        .unwrap()
    else {
        return;
    };
    // The schema first, so that the eight calls below only read.
    let first = {
        let url = url.clone();
        readme_async(url).await.unwrap()
    };
    assert!(first.is_empty());
    let tasks: Vec<_> = (0..8)
        .map(|_| tokio::spawn(readme_async(url.clone())))
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap(), Vec::<models::Person>::new());
    }

    async fn readme_async(
        url: String,
    ) -> Result<Vec<models::Person>, Box<dyn std::error::Error + Send + Sync>> {
        let people = tokio::task::spawn_blocking(move || {
            // Connect, query and drop the client here, never on the async side.
            let mut client = postgres::Client::connect(&url, postgres::NoTls)?;
            models::create_all(&mut client)?;
            models::Person::find_all(&mut client)
        })
        .await??; // the task's JoinError, then the query's postgres::Error
        Ok(people)
    }
}

/// `ormgen build --serde --backend postgres`: rows and enums through JSON,
/// enums as the values the database stores.
#[test]
fn serde_derives_round_trip_through_json() {
    use e2e::serde_readme as m;
    let mut conn = db!(m::create_all);
    let ann = m::Person::create(
        &mut conn,
        m::NewPerson {
            name: "Ann".into(),
            role: Some(m::Role::Admin),
        },
    )
    .unwrap();
    let json = serde_json::to_value(&ann).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"id": ann.id, "name": "Ann", "role": "admin"})
    );
    assert_eq!(serde_json::from_value::<m::Person>(json).unwrap(), ann);
    let changes: m::PersonChanges = serde_json::from_str(r#"{"role": "guest"}"#).unwrap();
    let mut ann = ann;
    assert!(ann.update(&mut conn, changes).unwrap());
    assert_eq!(
        m::Person::find_by_pk(&mut conn, &ann)
            .unwrap()
            .unwrap()
            .role,
        m::Role::Guest
    );
}
