// The generated models' CRUD functions, shared by every backend's tests.

use e2e::gen_everything as every;
use e2e::gen_person_driving_license as pdl;
use e2e::gen_user_groups as ug;

#[test]
fn create_find_save_count_destroy() {
    let mut conn = db!(pdl::create_all);
    let ann = pdl::Person::create(&mut conn, pdl::NewPerson { name: "Ann".into() }).unwrap();
    let bob = pdl::Person::create(&mut conn, pdl::NewPerson { name: "Bob".into() }).unwrap();
    assert_eq!((ann.id, bob.id), (1, 2), "create returns the generated key");
    assert_eq!(pdl::Person::count(&mut conn).unwrap(), 2);

    let found = pdl::Person::find_by_pk(&mut conn, pdl::PersonId(2))
        .unwrap()
        .unwrap();
    assert_eq!(found, bob);
    assert_eq!(
        pdl::Person::find_by_pk(&mut conn, &ann).unwrap(),
        Some(ann.clone()),
        "by instance too"
    );
    assert_eq!(
        pdl::Person::find_by_pk(&mut conn, pdl::PersonId(9)).unwrap(),
        None
    );
    assert_eq!(
        pdl::Person::find_by_pk(&mut conn, ann.id).unwrap(),
        Some(ann.clone()),
        "by the key's value: every key newtype is From its value"
    );
    assert_eq!(ug::UserGroupsId::from((1, 2)), ug::UserGroupsId(1, 2));

    let mut renamed = ann.clone();
    renamed.name = "Anna".into();
    renamed.save(&mut conn).unwrap();
    let names: Vec<String> = pdl::Person::find_all(&mut conn)
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["Anna", "Bob"], "saved, and ordered by key");

    assert!(bob.destroy(&mut conn).unwrap(), "a row was deleted");
    assert_eq!(pdl::Person::count(&mut conn).unwrap(), 1);
    // A row that no longer exists: destroy and save say so, and save
    // writes nothing back.
    assert!(!bob.destroy(&mut conn).unwrap(), "deleted already");
    let mut gone = bob.clone();
    gone.name = "Bobby".into();
    assert!(!gone.save(&mut conn).unwrap(), "no row to write to");
    assert_eq!(pdl::Person::count(&mut conn).unwrap(), 1, "save inserted nothing");
    assert!(renamed.clone().save(&mut conn).unwrap(), "an existing row");
}

#[test]
fn deleting_a_parent_applies_the_referential_action() {
    let mut conn = db!(pdl::create_all);
    let ann = pdl::Person::create(&mut conn, pdl::NewPerson { name: "Ann".into() }).unwrap();
    let licence = pdl::DrivingLicense::create(
        &mut conn,
        pdl::NewDrivingLicense {
            number: "L-1".into(),
            owner_id: Some(ann.id),
        },
    )
    .unwrap();
    assert_eq!(licence.owner_id, Some(ann.id));
    // The owner key is unique (hasOne): a second licence for Ann is refused.
    let second = pdl::NewDrivingLicense {
        number: "L-2".into(),
        owner_id: Some(ann.id),
    };
    assert!(pdl::DrivingLicense::create(&mut conn, second).is_err());
    // A dangling key is refused: foreign keys are on.
    let dangling = pdl::NewDrivingLicense {
        number: "L-3".into(),
        owner_id: Some(99),
    };
    assert!(pdl::DrivingLicense::create(&mut conn, dangling).is_err());
    ann.destroy(&mut conn).unwrap();
    let after = pdl::DrivingLicense::find_by_pk(&mut conn, &licence)
        .unwrap()
        .unwrap();
    assert_eq!(after.owner_id, None, "ON DELETE SET NULL");
}

#[test]
fn junction_rows_go_with_either_end() {
    let mut conn = db!(ug::create_all);
    let user = ug::User::create(&mut conn, ug::NewUser { name: "Ann".into() }).unwrap();
    let group = ug::Group::create(
        &mut conn,
        ug::NewGroup {
            name: "Admins".into(),
        },
    )
    .unwrap();
    let link = ug::UserGroups::create(
        &mut conn,
        ug::NewUserGroups {
            user_id: Some(user.id),
            group_id: Some(group.id),
        },
    )
    .unwrap();
    assert_eq!(
        link.key(),
        ug::UserGroupsId(user.id, group.id),
        "the pair is the key"
    );
    assert!(
        ug::UserGroups::create(
            &mut conn,
            ug::NewUserGroups {
                user_id: Some(user.id),
                group_id: Some(group.id)
            }
        )
        .is_err()
    );
    group.destroy(&mut conn).unwrap();
    assert_eq!(
        ug::UserGroups::count(&mut conn).unwrap(),
        0,
        "ON DELETE CASCADE"
    );
}

#[test]
fn every_type_round_trips_and_defaults_apply() {
    use rust_decimal::Decimal;
    use std::str::FromStr;
    let mut conn = db!(every::create_all);
    let new = every::NewPerson {
        name: "Ann".into(),
        email: "ann@example.com".into(),
        role: None,
        status: Some(every::Status::Active),
        born_on: chrono::NaiveDate::from_ymd_opt(1990, 5, 17),
        score: Some(Decimal::from_str("12.50").unwrap()),
        ratio: None,
        nickname: Some("an".into()),
        role_group: Some("g".into()),
        bio: None,
        visits: Some(7),
        level: None,
        weight: Some(61.5),
        height: Some(1.72),
        active: None,
        last_seen: None,
        wakes_at: chrono::NaiveTime::from_hms_opt(6, 30, 0),
        token: None,
        settings: Some(serde_json::json!({"theme": "dark", "n": [1, 2]})),
        extra: None,
        avatar: Some(vec![0, 1, 2, 255]),
        profile_picture_id: None,
    };
    let before = chrono::Utc::now();
    let ann = every::Person::create(&mut conn, new.clone()).unwrap();
    // Defaults: omitted values take the schema's defaults.
    assert_eq!(ann.role, every::Role::Member);
    assert_eq!(ann.bio.as_deref(), Some("says \"hi\"\nand leaves\\"));
    assert_eq!(ann.level, 1);
    assert!(ann.active);
    assert_eq!(ann.ratio, Some(Decimal::from_str("-1.25").unwrap()));
    assert!(
        ann.last_seen
            .is_some_and(|t| t >= before - chrono::Duration::seconds(1)),
        "default(now)"
    );
    assert!(
        ann.token.is_some_and(|t| t.get_version_num() == 4),
        "uuidv4 filled in by create"
    );
    // Given values come back as given.
    assert_eq!(ann.status, Some(every::Status::Active));
    assert_eq!(ann.born_on, new.born_on);
    assert_eq!(ann.score, new.score);
    assert_eq!(ann.visits, Some(7));
    assert_eq!(ann.weight, Some(61.5));
    assert_eq!(ann.height, Some(1.72));
    assert_eq!(ann.wakes_at, new.wakes_at);
    assert_eq!(ann.settings, new.settings);
    assert_eq!(ann.avatar, new.avatar);
    // Timestamps are maintained.
    assert!(ann.created_at >= before - chrono::Duration::seconds(1));
    assert_eq!(ann.created_at, ann.updated_at);
    let mut later = ann.clone();
    std::thread::sleep(std::time::Duration::from_millis(5));
    later.save(&mut conn).unwrap();
    assert!(later.updated_at > ann.updated_at);
    let stored = every::Person::find_by_pk(&mut conn, &ann).unwrap().unwrap();
    assert_eq!(stored, later, "everything reads back as written");
    // update writes what it is given, touches updated_at, keeps the rest.
    let mut changed = stored.clone();
    std::thread::sleep(std::time::Duration::from_millis(5));
    let changes = every::PersonChanges {
        visits: Some(Some(8)),
        born_on: Some(None),
        score: Some(Some(Decimal::from_str("99.99").unwrap())),
        ..Default::default()
    };
    assert!(changed.update(&mut conn, changes).unwrap());
    assert_eq!(
        (changed.visits, changed.born_on, changed.score),
        (Some(8), None, Some(Decimal::from_str("99.99").unwrap()))
    );
    assert!(changed.updated_at > stored.updated_at);
    assert_eq!(changed.created_at, stored.created_at);
    let read = every::Person::find_by_pk(&mut conn, &ann).unwrap().unwrap();
    assert_eq!(read, changed, "the row is what update left in memory");
    // Enums are stored as their names, and the CHECK refuses others.
    assert_eq!(
        text(&mut conn, "SELECT CAST(role AS TEXT) FROM people"),
        "member"
    );
    assert!(fails(&mut conn, "UPDATE people SET role = 'owner'"));
}

#[test]
fn drop_all_removes_every_table() {
    let mut conn = db!(every::create_all);
    every::drop_all(&mut conn).unwrap();
    assert_eq!(tables(&mut conn), Vec::<String>::new());
}

/// `create_all` at every start of an application: a second run creates
/// nothing, fails on nothing and keeps every row (enums, indexes and
/// deferred constraints included, in `everything`).
#[test]
fn create_all_can_run_again() {
    let mut conn = db!(every::create_all);
    every::create_all(&mut conn).unwrap();
    let mut conn2 = db!(pdl::create_all);
    pdl::Person::create(&mut conn2, pdl::NewPerson { name: "Ann".into() }).unwrap();
    pdl::create_all(&mut conn2).unwrap();
    pdl::create_all(&mut conn2).unwrap();
    assert_eq!(pdl::Person::count(&mut conn2).unwrap(), 1, "rows kept");
}

/// `update` writes only the columns it is given: two copies of a row,
/// each changing another column, both keep their change (where `save`,
/// which writes every column, would undo the first). A nullable column is
/// set to NULL with `Some(None)`; a row that is gone is reported, and left
/// as it was in memory.
#[test]
fn update_writes_only_what_it_is_given() {
    use e2e::gen_readme as r;
    let mut conn = db!(r::create_all);
    let ann = r::Person::create(
        &mut conn,
        r::NewPerson {
            name: "Ann".into(),
            role: None,
        },
    )
    .unwrap();
    // New<Model> derives Default: only the required fields are written.
    let bob = r::Person::create(
        &mut conn,
        r::NewPerson {
            name: "Bob".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(bob.role, r::Role::Member, "the default role");
    let (mut one, mut two) = (ann.clone(), ann.clone());
    let renamed = r::PersonChanges {
        name: Some("Anna".into()),
        ..Default::default()
    };
    assert!(one.update(&mut conn, renamed).unwrap());
    let promoted = r::PersonChanges {
        role: Some(r::Role::Admin),
        ..Default::default()
    };
    assert!(two.update(&mut conn, promoted).unwrap());
    assert_eq!((one.name.as_str(), one.role), ("Anna", r::Role::Member));
    assert_eq!((two.name.as_str(), two.role), ("Ann", r::Role::Admin));
    let stored = r::Person::find_by_pk(&mut conn, &ann).unwrap().unwrap();
    assert_eq!((stored.name.as_str(), stored.role), ("Anna", r::Role::Admin));

    let mut licence = ann
        .create_driving_license(
            &mut conn,
            r::NewDrivingLicense {
                number: "L-1".into(),
                owner_id: None,
            },
        )
        .unwrap();
    let unlink = r::DrivingLicenseChanges {
        owner_id: Some(None),
        ..Default::default()
    };
    assert!(licence.update(&mut conn, unlink).unwrap());
    assert_eq!(licence.owner_id, None);
    assert_eq!(ann.get_driving_license(&mut conn).unwrap(), None);

    assert!(stored.destroy(&mut conn).unwrap());
    let mut gone = stored.clone();
    let renamed = r::PersonChanges {
        name: Some("Nobody".into()),
        ..Default::default()
    };
    assert!(!gone.update(&mut conn, renamed).unwrap());
    assert_eq!(gone, stored, "left as it was");
}
