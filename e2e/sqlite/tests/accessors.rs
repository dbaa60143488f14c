//! The association accessors, against SQLite, behaving as Sequelize's.

use ormgen_e2e_sqlite::gen_accessors as acc;
use ormgen_e2e_sqlite::gen_everything as every;
use ormgen_e2e_sqlite::gen_person_driving_license as pdl;
use ormgen_e2e_sqlite::gen_user_groups as ug;
use ormgen_e2e_sqlite::gen_user_has_one_task as uht;
use ormgen_e2e_sqlite::gen_user_pictures as up;
use rusqlite::Connection;

fn db(create_all: fn(&Connection) -> rusqlite::Result<()>) -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    create_all(&conn).unwrap();
    conn
}

#[test]
fn has_one_set_replaces_and_unlinks_the_previous_target() {
    let conn = db(uht::create_all);
    let user = uht::User::create(
        &conn,
        uht::NewUser {
            name: Some("Ann".into()),
        },
    )
    .unwrap();
    let first = uht::Task::create(
        &conn,
        uht::NewTask {
            title: "first".into(),
            user_id: None,
        },
    )
    .unwrap();
    let second = uht::Task::create(
        &conn,
        uht::NewTask {
            title: "second".into(),
            user_id: None,
        },
    )
    .unwrap();
    assert_eq!(user.get_task(&conn).unwrap(), None);

    user.set_task(&conn, Some(first.key())).unwrap();
    assert_eq!(user.get_task(&conn).unwrap().map(|t| t.id), Some(first.id));
    user.set_task(&conn, Some(uht::TaskId(second.id))).unwrap();
    assert_eq!(
        user.get_task(&conn).unwrap().map(|t| t.id),
        Some(second.id),
        "set by key"
    );
    let first = uht::Task::find_by_pk(&conn, &first).unwrap().unwrap();
    assert_eq!(
        first.user_id, None,
        "the previous one is unlinked, not deleted"
    );

    user.set_task(&conn, None).unwrap();
    assert_eq!(user.get_task(&conn).unwrap(), None, "set with none");
    assert_eq!(uht::Task::count(&conn).unwrap(), 2);

    // create_x fills the foreign key and unlinks the previous one first.
    user.set_task(&conn, Some(first.key())).unwrap();
    let made = user
        .create_task(
            &conn,
            uht::NewTask {
                title: "made".into(),
                user_id: None,
            },
        )
        .unwrap();
    assert_eq!(made.user_id, Some(user.id));
    assert_eq!(user.get_task(&conn).unwrap().map(|t| t.id), Some(made.id));
    assert_eq!(
        uht::Task::find_by_pk(&conn, &first)
            .unwrap()
            .unwrap()
            .user_id,
        None
    );
    // The inverse belongsTo sees the same link.
    assert_eq!(made.get_user(&conn).unwrap().map(|u| u.id), Some(user.id));
}

#[test]
fn has_one_with_a_not_null_key_deletes_the_previous_target() {
    let conn = db(acc::create_all);
    let account = acc::Account::create(&conn, account("a", None)).unwrap();
    let old = account
        .create_setting(
            &conn,
            acc::NewSettings {
                theme: Some("dark".into()),
                account_id: None,
            },
        )
        .unwrap();
    assert_eq!(old.account_id, account.id);
    let new = account
        .create_setting(
            &conn,
            acc::NewSettings {
                theme: Some("light".into()),
                account_id: None,
            },
        )
        .unwrap();
    assert_eq!(
        acc::Settings::find_by_pk(&conn, &old).unwrap(),
        None,
        "deleted: its key can't be null"
    );
    assert_eq!(account.get_setting(&conn).unwrap(), Some(new));
    account.set_setting(&conn, None).unwrap();
    assert_eq!(acc::Settings::count(&conn).unwrap(), 0);
}

#[test]
fn belongs_to_get_set_and_create() {
    let conn = db(pdl::create_all);
    let ann = pdl::Person::create(&conn, pdl::NewPerson { name: "Ann".into() }).unwrap();
    let mut licence = pdl::DrivingLicense::create(
        &conn,
        pdl::NewDrivingLicense {
            number: "L1".into(),
            owner_id: None,
        },
    )
    .unwrap();
    assert_eq!(licence.get_owner(&conn).unwrap(), None);
    licence.set_owner(&conn, Some(ann.key())).unwrap();
    assert_eq!(licence.owner_id, Some(ann.id), "the source's key is set");
    let stored = pdl::DrivingLicense::find_by_pk(&conn, &licence)
        .unwrap()
        .unwrap();
    assert_eq!(stored.owner_id, Some(ann.id), "and saved");
    assert_eq!(licence.get_owner(&conn).unwrap(), Some(ann.clone()));
    assert_eq!(
        ann.get_driving_license(&conn).unwrap().map(|l| l.id),
        Some(licence.id)
    );
    licence.set_owner(&conn, None).unwrap();
    assert_eq!(licence.get_owner(&conn).unwrap(), None);

    // create_x inserts the target and stores its key on the source.
    let bob = licence
        .create_owner(&conn, pdl::NewPerson { name: "Bob".into() })
        .unwrap();
    assert_eq!(licence.owner_id, Some(bob.id));
    assert_eq!(
        pdl::DrivingLicense::find_by_pk(&conn, &licence)
            .unwrap()
            .unwrap()
            .owner_id,
        Some(bob.id)
    );
}

#[test]
fn has_many_get_count_has_add_remove_set_create() {
    let conn = db(up::create_all);
    let ann = up::User::create(
        &conn,
        up::NewUser {
            username: "ann".into(),
            profile_picture_id: None,
        },
    )
    .unwrap();
    let pic = |url: &str| {
        up::Picture::create(
            &conn,
            up::NewPicture {
                url: url.into(),
                user_id: None,
            },
        )
        .unwrap()
    };
    let (a, b, c) = (pic("a"), pic("b"), pic("c"));

    ann.add_picture(&conn, &b).unwrap();
    ann.add_pictures(&conn, [a.key(), up::PictureId(c.id)])
        .unwrap();
    let ids: Vec<i32> = ann
        .get_pictures(&conn)
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(ids, [a.id, b.id, c.id], "ordered by key");
    assert_eq!(ann.count_pictures(&conn).unwrap(), 3);

    ann.remove_picture(&conn, &b).unwrap();
    assert!(!ann.has_picture(&conn, &b).unwrap());
    assert!(ann.has_picture(&conn, &a).unwrap());
    assert_eq!(
        up::Picture::find_by_pk(&conn, &b).unwrap().unwrap().user_id,
        None,
        "unlinked, not deleted"
    );
    assert!(
        !ann.has_pictures(&conn, [a.key(), b.key()]).unwrap(),
        "all must be linked"
    );
    assert!(
        ann.has_pictures(&conn, [a.key(), a.key()]).unwrap(),
        "a set: repeats count once"
    );
    assert!(
        ann.has_pictures(&conn, Vec::<up::PictureId>::new())
            .unwrap()
    );

    ann.set_pictures(&conn, [b.key()]).unwrap();
    let ids: Vec<i32> = ann
        .get_pictures(&conn)
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(ids, [b.id], "set replaces the whole set");
    assert_eq!(
        up::Picture::count(&conn).unwrap(),
        3,
        "the others are unlinked, not deleted"
    );

    let d = ann
        .create_picture(
            &conn,
            up::NewPicture {
                url: "d".into(),
                user_id: None,
            },
        )
        .unwrap();
    assert_eq!(d.user_id, Some(ann.id));
    assert_eq!(ann.count_pictures(&conn).unwrap(), 2);
    ann.remove_pictures(&conn, [b.key(), d.key()]).unwrap();
    assert_eq!(ann.count_pictures(&conn).unwrap(), 0);

    // belongsTo without a constraint: any key is stored.
    let mut user = ann.clone();
    user.set_profile_picture(&conn, Some(up::PictureId(999)))
        .unwrap();
    assert_eq!(user.get_profile_picture(&conn).unwrap(), None);
}

#[test]
fn has_many_with_a_not_null_key_deletes_what_it_removes() {
    let conn = db(every::create_all);
    let person = every::Person::create(
        &conn,
        every::NewPerson {
            name: "Ann".into(),
            email: "a@x".into(),
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
    let photo = |url: &str| {
        person
            .create_photo(
                &conn,
                every::NewPicture {
                    url: url.into(),
                    caption: None,
                    taken_by_id: None,
                },
            )
            .unwrap()
    };
    let (a, b) = (photo("a"), photo("b"));
    assert_eq!(a.taken_by_id, person.id);
    person.remove_photo(&conn, &a).unwrap();
    assert_eq!(
        every::Picture::find_by_pk(&conn, &a).unwrap(),
        None,
        "deleted: its key can't be null"
    );
    let c = photo("c");
    person.set_photos(&conn, [c.key()]).unwrap();
    assert_eq!(every::Picture::find_by_pk(&conn, &b).unwrap(), None);
    assert_eq!(person.get_photos(&conn).unwrap(), [c]);
}

#[test]
fn belongs_to_many_through_a_junction() {
    let conn = db(ug::create_all);
    let ann = ug::User::create(&conn, ug::NewUser { name: "Ann".into() }).unwrap();
    let group = |n: &str| ug::Group::create(&conn, ug::NewGroup { name: n.into() }).unwrap();
    let (admins, devs, ops) = (group("admins"), group("devs"), group("ops"));

    ann.add_group(&conn, &devs).unwrap();
    ann.add_group(&conn, &devs).unwrap();
    assert_eq!(
        ug::UserGroups::count(&conn).unwrap(),
        1,
        "adding twice keeps one junction row"
    );
    ann.add_groups(&conn, [admins.key(), ops.key()]).unwrap();
    let names: Vec<String> = ann
        .get_groups(&conn)
        .unwrap()
        .into_iter()
        .map(|g| g.name)
        .collect();
    assert_eq!(names, ["admins", "devs", "ops"], "ordered by key");
    assert_eq!(ann.count_groups(&conn).unwrap(), 3);
    assert!(
        ann.has_groups(&conn, [admins.key(), ops.key(), ops.key()])
            .unwrap()
    );

    ann.remove_group(&conn, &devs).unwrap();
    assert!(!ann.has_group(&conn, &devs).unwrap());
    assert_eq!(
        ug::Group::count(&conn).unwrap(),
        3,
        "remove leaves the target in place"
    );

    ann.set_groups(&conn, [devs.key()]).unwrap();
    let names: Vec<String> = ann
        .get_groups(&conn)
        .unwrap()
        .into_iter()
        .map(|g| g.name)
        .collect();
    assert_eq!(names, ["devs"], "set replaces");
    // The paired association sees it from the other end.
    assert_eq!(devs.get_users(&conn).unwrap(), std::slice::from_ref(&ann));

    let qa = ann
        .create_group(&conn, ug::NewGroup { name: "qa".into() })
        .unwrap();
    assert!(ann.has_group(&conn, &qa).unwrap());
    ann.destroy(&conn).unwrap();
    assert_eq!(
        ug::UserGroups::count(&conn).unwrap(),
        0,
        "deleting a user deletes its junction rows"
    );
}

#[test]
fn self_associations_and_junctions_with_their_own_key() {
    let conn = db(acc::create_all);
    let new = |name: &str| account(name, None);
    let boss = acc::Account::create(&conn, new("boss")).unwrap();
    let hire = boss.create_referral(&conn, new("hire")).unwrap();
    assert_eq!(
        hire.get_referrer(&conn).unwrap().map(|a| a.id),
        Some(boss.id)
    );
    assert_eq!(
        boss.get_referrals(&conn).unwrap(),
        std::slice::from_ref(&hire)
    );

    let tag = acc::Tag::create(
        &conn,
        acc::NewTag {
            label: "vip".into(),
        },
    )
    .unwrap();
    boss.add_tag(&conn, &tag).unwrap();
    boss.add_tag(&conn, &tag).unwrap();
    assert_eq!(
        acc::AccountTag::count(&conn).unwrap(),
        1,
        "a junction with its own key keeps the pair unique"
    );
    assert_eq!(tag.get_accounts(&conn).unwrap(), [boss]);
}

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
        pdl::DrivingLicense::find_by_pk(&conn, &licence)?
            .unwrap()
            .owner_id,
        None
    );
    Ok(())
}

fn account(name: &str, email: Option<&str>) -> acc::NewAccount {
    acc::NewAccount {
        name: name.into(),
        email: email.map(Into::into),
        referrer_id: None,
    }
}

#[test]
fn has_one_set_can_destroy_the_previous_target() {
    let conn = db(acc::create_all);
    let a = acc::Account::create(&conn, account("a", None)).unwrap();
    let avatar = |url: &str| {
        acc::Avatar::create(
            &conn,
            acc::NewAvatar {
                url: Some(url.into()),
                account_id: None,
            },
        )
        .unwrap()
    };
    let (first, second) = (avatar("1"), avatar("2"));
    a.set_avatar(&conn, Some(first.key())).unwrap();
    a.set_avatar_destroying_previous(&conn, Some(second.key()))
        .unwrap();
    assert_eq!(
        acc::Avatar::find_by_pk(&conn, &first).unwrap(),
        None,
        "destroyed, not unlinked"
    );
    assert_eq!(a.get_avatar(&conn).unwrap().map(|x| x.id), Some(second.id));
}

#[test]
fn keys_other_than_the_primary_key() {
    use rust_decimal::Decimal;
    let conn = db(acc::create_all);
    let ann = acc::Account::create(&conn, account("ann", Some("ann@x"))).unwrap();
    let bob = acc::Account::create(&conn, account("bob", Some("bob@x"))).unwrap();
    // hasMany with sourceKey: the invoices hold the account's email.
    let invoice = ann
        .create_invoice(
            &conn,
            acc::NewInvoice {
                total: Decimal::new(1250, 2),
                owner_email: None,
            },
        )
        .unwrap();
    assert_eq!(invoice.owner_email.as_deref(), Some("ann@x"));
    assert_eq!(
        ann.get_invoices(&conn).unwrap(),
        std::slice::from_ref(&invoice)
    );
    // belongsTo with targetKey: set by the key's value, as Sequelize does.
    let mut invoice = invoice;
    invoice.set_owner(&conn, Some("bob@x".to_string())).unwrap();
    assert_eq!(
        invoice.get_owner(&conn).unwrap().map(|a| a.id),
        Some(bob.id)
    );
    assert_eq!(ann.count_invoices(&conn).unwrap(), 0);
    // belongsToMany with targetKey: the junction holds the tag's label.
    let tag = acc::Tag::create(
        &conn,
        acc::NewTag {
            label: "vip".into(),
        },
    )
    .unwrap();
    ann.add_tag(&conn, &tag).unwrap();
    let row = &acc::AccountTag::find_all(&conn).unwrap()[0];
    assert_eq!((row.account_id, row.tag_label.as_str()), (ann.id, "vip"));
    assert!(ann.has_tag(&conn, &tag).unwrap());
    assert_eq!(ann.get_tags(&conn).unwrap(), std::slice::from_ref(&tag));
    assert_eq!(tag.get_accounts(&conn).unwrap(), std::slice::from_ref(&ann));
    ann.remove_tag(&conn, &tag).unwrap();
    assert_eq!(ann.count_tags(&conn).unwrap(), 0);
}

#[test]
fn an_inverse_without_a_colliding_accessor_still_links() {
    use ormgen_e2e_sqlite::gen_inverse_collision as ic;
    let conn = db(ic::create_all);
    let mut task = ic::Task::create(&conn, ic::NewTask { user_id: None }).unwrap();
    // `create_user` is the belongsTo's: it sets task.user_id.
    let owner = task.create_user(&conn, ic::NewUser {}).unwrap();
    assert_eq!(task.user_id, Some(owner.id));
    // The inverse belongsToMany keeps every other accessor.
    let member = ic::User::create(&conn, ic::NewUser {}).unwrap();
    task.add_user(&conn, &member).unwrap();
    assert_eq!(
        task.get_users(&conn).unwrap(),
        std::slice::from_ref(&member)
    );
    assert!(member.has_task(&conn, &task).unwrap());
}
