// The association accessors, behaving as Sequelize's; shared by every
// backend's tests.

use e2e::gen_accessors as acc;
use e2e::gen_everything as every;
use e2e::gen_person_driving_license as pdl;
use e2e::gen_user_groups as ug;
use e2e::gen_user_has_one_task as uht;
use e2e::gen_user_pictures as up;

#[test]
fn has_one_set_replaces_and_unlinks_the_previous_target() {
    let mut conn = db!(uht::create_all);
    let user = uht::User::create(
        &mut conn,
        uht::NewUser {
            name: Some("Ann".into()),
        },
    )
    .unwrap();
    let first = uht::Task::create(
        &mut conn,
        uht::NewTask {
            title: "first".into(),
            user_id: None,
        },
    )
    .unwrap();
    let second = uht::Task::create(
        &mut conn,
        uht::NewTask {
            title: "second".into(),
            user_id: None,
        },
    )
    .unwrap();
    assert_eq!(user.get_task(&mut conn).unwrap(), None);

    user.set_task(&mut conn, Some(first.key())).unwrap();
    assert_eq!(
        user.get_task(&mut conn).unwrap().map(|t| t.id),
        Some(first.id)
    );
    user.set_task(&mut conn, Some(uht::TaskId(second.id)))
        .unwrap();
    assert_eq!(
        user.get_task(&mut conn).unwrap().map(|t| t.id),
        Some(second.id),
        "set by key"
    );
    let first = uht::Task::find_by_pk(&mut conn, &first).unwrap().unwrap();
    assert_eq!(
        first.user_id, None,
        "the previous one is unlinked, not deleted"
    );

    user.set_task(&mut conn, None).unwrap();
    assert_eq!(user.get_task(&mut conn).unwrap(), None, "set with none");
    assert_eq!(uht::Task::count(&mut conn).unwrap(), 2);

    // create_x fills the foreign key and unlinks the previous one first.
    user.set_task(&mut conn, Some(first.key())).unwrap();
    let made = user
        .create_task(
            &mut conn,
            uht::NewTask {
                title: "made".into(),
                user_id: None,
            },
        )
        .unwrap();
    assert_eq!(made.user_id, Some(user.id));
    assert_eq!(
        user.get_task(&mut conn).unwrap().map(|t| t.id),
        Some(made.id)
    );
    assert_eq!(
        uht::Task::find_by_pk(&mut conn, &first)
            .unwrap()
            .unwrap()
            .user_id,
        None
    );
    // The inverse belongsTo sees the same link.
    assert_eq!(
        made.get_user(&mut conn).unwrap().map(|u| u.id),
        Some(user.id)
    );
}

#[test]
fn has_one_with_a_not_null_key_deletes_the_previous_target() {
    let mut conn = db!(acc::create_all);
    let account = acc::Account::create(&mut conn, account("a", None)).unwrap();
    let old = account
        .create_setting(
            &mut conn,
            acc::NewSettings {
                theme: Some("dark".into()),
                account_id: None,
            },
        )
        .unwrap();
    assert_eq!(old.account_id, account.id);
    let new = account
        .create_setting(
            &mut conn,
            acc::NewSettings {
                theme: Some("light".into()),
                account_id: None,
            },
        )
        .unwrap();
    assert_eq!(
        acc::Settings::find_by_pk(&mut conn, &old).unwrap(),
        None,
        "deleted: its key can't be null"
    );
    assert_eq!(account.get_setting(&mut conn).unwrap(), Some(new.clone()));
    // The inverse belongsTo has a notNull, constrained key: its getter
    // returns the account itself, not an Option.
    let owner: acc::Account = new.get_account(&mut conn).unwrap();
    assert_eq!(owner, account);
    account.set_setting(&mut conn, None).unwrap();
    assert_eq!(acc::Settings::count(&mut conn).unwrap(), 0);
}

#[test]
fn belongs_to_get_set_and_create() {
    let mut conn = db!(pdl::create_all);
    let ann = pdl::Person::create(&mut conn, pdl::NewPerson { name: "Ann".into() }).unwrap();
    let mut licence = pdl::DrivingLicense::create(
        &mut conn,
        pdl::NewDrivingLicense {
            number: "L1".into(),
            owner_id: None,
        },
    )
    .unwrap();
    assert_eq!(licence.get_owner(&mut conn).unwrap(), None);
    licence.set_owner(&mut conn, Some(ann.key())).unwrap();
    assert_eq!(licence.owner_id, Some(ann.id), "the source's key is set");
    let stored = pdl::DrivingLicense::find_by_pk(&mut conn, &licence)
        .unwrap()
        .unwrap();
    assert_eq!(stored.owner_id, Some(ann.id), "and saved");
    assert_eq!(licence.get_owner(&mut conn).unwrap(), Some(ann.clone()));
    assert_eq!(
        ann.get_driving_license(&mut conn).unwrap().map(|l| l.id),
        Some(licence.id)
    );
    licence.set_owner(&mut conn, None).unwrap();
    assert_eq!(licence.get_owner(&mut conn).unwrap(), None);

    // create_x inserts the target and stores its key on the source.
    let bob = licence
        .create_owner(&mut conn, pdl::NewPerson { name: "Bob".into() })
        .unwrap();
    assert_eq!(licence.owner_id, Some(bob.id));
    assert_eq!(
        pdl::DrivingLicense::find_by_pk(&mut conn, &licence)
            .unwrap()
            .unwrap()
            .owner_id,
        Some(bob.id)
    );
}

#[test]
fn has_many_get_count_has_add_remove_set_create() {
    let mut conn = db!(up::create_all);
    let ann = up::User::create(
        &mut conn,
        up::NewUser {
            username: "ann".into(),
            profile_picture_id: None,
        },
    )
    .unwrap();
    let pic = |conn: &mut Conn, url: &str| {
        up::Picture::create(
            conn,
            up::NewPicture {
                url: url.into(),
                user_id: None,
            },
        )
        .unwrap()
    };
    let (a, b, c) = (
        pic(&mut conn, "a"),
        pic(&mut conn, "b"),
        pic(&mut conn, "c"),
    );

    ann.add_picture(&mut conn, &b).unwrap();
    ann.add_pictures(&mut conn, [a.key(), up::PictureId(c.id)])
        .unwrap();
    let ids: Vec<i32> = ann
        .get_pictures(&mut conn)
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(ids, [a.id, b.id, c.id], "ordered by key");
    assert_eq!(ann.count_pictures(&mut conn).unwrap(), 3);

    ann.remove_picture(&mut conn, &b).unwrap();
    assert!(!ann.has_picture(&mut conn, &b).unwrap());
    assert!(ann.has_picture(&mut conn, &a).unwrap());
    assert_eq!(
        up::Picture::find_by_pk(&mut conn, &b)
            .unwrap()
            .unwrap()
            .user_id,
        None,
        "unlinked, not deleted"
    );
    assert!(
        !ann.has_pictures(&mut conn, [a.key(), b.key()]).unwrap(),
        "all must be linked"
    );
    assert!(
        ann.has_pictures(&mut conn, [a.key(), a.key()]).unwrap(),
        "a set: repeats count once"
    );
    assert!(
        ann.has_pictures(&mut conn, Vec::<up::PictureId>::new())
            .unwrap()
    );

    ann.set_pictures(&mut conn, [b.key()]).unwrap();
    let ids: Vec<i32> = ann
        .get_pictures(&mut conn)
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(ids, [b.id], "set replaces the whole set");
    assert_eq!(
        up::Picture::count(&mut conn).unwrap(),
        3,
        "the others are unlinked, not deleted"
    );

    let d = ann
        .create_picture(
            &mut conn,
            up::NewPicture {
                url: "d".into(),
                user_id: None,
            },
        )
        .unwrap();
    assert_eq!(d.user_id, Some(ann.id));
    assert_eq!(ann.count_pictures(&mut conn).unwrap(), 2);
    ann.remove_pictures(&mut conn, [b.key(), d.key()]).unwrap();
    assert_eq!(ann.count_pictures(&mut conn).unwrap(), 0);

    // belongsTo without a constraint: any key is stored.
    let mut user = ann.clone();
    user.set_profile_picture(&mut conn, Some(up::PictureId(999)))
        .unwrap();
    assert_eq!(user.get_profile_picture(&mut conn).unwrap(), None);
}

#[test]
fn has_many_with_a_not_null_key_deletes_what_it_removes() {
    let mut conn = db!(every::create_all);
    let person = every::Person::create(
        &mut conn,
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
    let photo = |conn: &mut Conn, url: &str| {
        person
            .create_photo(
                conn,
                every::NewPicture {
                    url: url.into(),
                    caption: None,
                    taken_by_id: None,
                },
            )
            .unwrap()
    };
    let (a, b) = (photo(&mut conn, "a"), photo(&mut conn, "b"));
    assert_eq!(a.taken_by_id, person.id);
    person.remove_photo(&mut conn, &a).unwrap();
    assert_eq!(
        every::Picture::find_by_pk(&mut conn, &a).unwrap(),
        None,
        "deleted: its key can't be null"
    );
    let c = photo(&mut conn, "c");
    person.set_photos(&mut conn, [c.key()]).unwrap();
    assert_eq!(every::Picture::find_by_pk(&mut conn, &b).unwrap(), None);
    assert_eq!(person.get_photos(&mut conn).unwrap(), [c]);
}

#[test]
fn belongs_to_many_through_a_junction() {
    let mut conn = db!(ug::create_all);
    let ann = ug::User::create(&mut conn, ug::NewUser { name: "Ann".into() }).unwrap();
    let group = |conn: &mut Conn, n: &str| {
        ug::Group::create(conn, ug::NewGroup { name: n.into() }).unwrap()
    };
    let (admins, devs, ops) = (
        group(&mut conn, "admins"),
        group(&mut conn, "devs"),
        group(&mut conn, "ops"),
    );

    ann.add_group(&mut conn, &devs).unwrap();
    ann.add_group(&mut conn, &devs).unwrap();
    assert_eq!(
        ug::UserGroups::count(&mut conn).unwrap(),
        1,
        "adding twice keeps one junction row"
    );
    ann.add_groups(&mut conn, [admins.key(), ops.key()])
        .unwrap();
    let names: Vec<String> = ann
        .get_groups(&mut conn)
        .unwrap()
        .into_iter()
        .map(|g| g.name)
        .collect();
    assert_eq!(names, ["admins", "devs", "ops"], "ordered by key");
    assert_eq!(ann.count_groups(&mut conn).unwrap(), 3);
    assert!(
        ann.has_groups(&mut conn, [admins.key(), ops.key(), ops.key()])
            .unwrap()
    );

    ann.remove_group(&mut conn, &devs).unwrap();
    assert!(!ann.has_group(&mut conn, &devs).unwrap());
    assert_eq!(
        ug::Group::count(&mut conn).unwrap(),
        3,
        "remove leaves the target in place"
    );

    ann.set_groups(&mut conn, [devs.key()]).unwrap();
    let names: Vec<String> = ann
        .get_groups(&mut conn)
        .unwrap()
        .into_iter()
        .map(|g| g.name)
        .collect();
    assert_eq!(names, ["devs"], "set replaces");
    // The paired association sees it from the other end.
    assert_eq!(
        devs.get_users(&mut conn).unwrap(),
        std::slice::from_ref(&ann)
    );

    let qa = ann
        .create_group(&mut conn, ug::NewGroup { name: "qa".into() })
        .unwrap();
    assert!(ann.has_group(&mut conn, &qa).unwrap());
    ann.destroy(&mut conn).unwrap();
    assert_eq!(
        ug::UserGroups::count(&mut conn).unwrap(),
        0,
        "deleting a user deletes its junction rows"
    );
}

#[test]
fn self_associations_and_junctions_with_their_own_key() {
    let mut conn = db!(acc::create_all);
    let new = |name: &str| account(name, None);
    let boss = acc::Account::create(&mut conn, new("boss")).unwrap();
    let hire = boss.create_referral(&mut conn, new("hire")).unwrap();
    assert_eq!(
        hire.get_referrer(&mut conn).unwrap().map(|a| a.id),
        Some(boss.id)
    );
    assert_eq!(
        boss.get_referrals(&mut conn).unwrap(),
        std::slice::from_ref(&hire)
    );

    let tag = acc::Tag::create(
        &mut conn,
        acc::NewTag {
            label: "vip".into(),
        },
    )
    .unwrap();
    boss.add_tag(&mut conn, &tag).unwrap();
    boss.add_tag(&mut conn, &tag).unwrap();
    assert_eq!(
        acc::AccountTag::count(&mut conn).unwrap(),
        1,
        "a junction with its own key keeps the pair unique"
    );
    assert_eq!(tag.get_accounts(&mut conn).unwrap(), [boss]);
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
    let mut conn = db!(acc::create_all);
    let a = acc::Account::create(&mut conn, account("a", None)).unwrap();
    let avatar = |conn: &mut Conn, url: &str| {
        acc::Avatar::create(
            conn,
            acc::NewAvatar {
                url: Some(url.into()),
                account_id: None,
            },
        )
        .unwrap()
    };
    let (first, second) = (avatar(&mut conn, "1"), avatar(&mut conn, "2"));
    a.set_avatar(&mut conn, Some(first.key())).unwrap();
    a.set_avatar_destroying_previous(&mut conn, Some(second.key()))
        .unwrap();
    assert_eq!(
        acc::Avatar::find_by_pk(&mut conn, &first).unwrap(),
        None,
        "destroyed, not unlinked"
    );
    assert_eq!(
        a.get_avatar(&mut conn).unwrap().map(|x| x.id),
        Some(second.id)
    );
}

#[test]
fn keys_other_than_the_primary_key() {
    use rust_decimal::Decimal;
    let mut conn = db!(acc::create_all);
    let ann = acc::Account::create(&mut conn, account("ann", Some("ann@x"))).unwrap();
    let bob = acc::Account::create(&mut conn, account("bob", Some("bob@x"))).unwrap();
    // hasMany with sourceKey: the invoices hold the account's email.
    let invoice = ann
        .create_invoice(
            &mut conn,
            acc::NewInvoice {
                total: Decimal::new(1250, 2),
                owner_email: None,
            },
        )
        .unwrap();
    assert_eq!(invoice.owner_email.as_deref(), Some("ann@x"));
    assert_eq!(
        ann.get_invoices(&mut conn).unwrap(),
        std::slice::from_ref(&invoice)
    );
    // belongsTo with targetKey: set by the key's value, as Sequelize does.
    let mut invoice = invoice;
    invoice
        .set_owner(&mut conn, Some("bob@x".to_string()))
        .unwrap();
    assert_eq!(
        invoice.get_owner(&mut conn).unwrap().map(|a| a.id),
        Some(bob.id)
    );
    assert_eq!(ann.count_invoices(&mut conn).unwrap(), 0);
    // belongsToMany with targetKey: the junction holds the tag's label.
    let tag = acc::Tag::create(
        &mut conn,
        acc::NewTag {
            label: "vip".into(),
        },
    )
    .unwrap();
    ann.add_tag(&mut conn, &tag).unwrap();
    let row = &acc::AccountTag::find_all(&mut conn).unwrap()[0];
    assert_eq!((row.account_id, row.tag_label.as_str()), (ann.id, "vip"));
    assert!(ann.has_tag(&mut conn, &tag).unwrap());
    assert_eq!(ann.get_tags(&mut conn).unwrap(), std::slice::from_ref(&tag));
    assert_eq!(
        tag.get_accounts(&mut conn).unwrap(),
        std::slice::from_ref(&ann)
    );
    ann.remove_tag(&mut conn, &tag).unwrap();
    assert_eq!(ann.count_tags(&mut conn).unwrap(), 0);
}

#[test]
fn an_inverse_without_a_colliding_accessor_still_links() {
    use e2e::gen_inverse_collision as ic;
    let mut conn = db!(ic::create_all);
    let mut task = ic::Task::create(&mut conn, ic::NewTask { user_id: None }).unwrap();
    // `create_user` is the belongsTo's: it sets task.user_id.
    let owner = task.create_user(&mut conn, ic::NewUser {}).unwrap();
    assert_eq!(task.user_id, Some(owner.id));
    // The inverse belongsToMany keeps every other accessor.
    let member = ic::User::create(&mut conn, ic::NewUser {}).unwrap();
    task.add_user(&mut conn, &member).unwrap();
    assert_eq!(
        task.get_users(&mut conn).unwrap(),
        std::slice::from_ref(&member)
    );
    assert!(member.has_task(&mut conn, &task).unwrap());
}

/// Setters take the target as a row, a key, `Some(key)` or `None`; a
/// key newtype converts from its value too. Each form compiles and links.
#[test]
fn setters_take_rows_keys_and_none() {
    let mut conn = db!(pdl::create_all);
    let ann = pdl::Person::create(&mut conn, pdl::NewPerson { name: "Ann".into() }).unwrap();
    let new = || pdl::NewDrivingLicense {
        number: "L-1".into(),
        owner_id: None,
    };
    let mut licence = pdl::DrivingLicense::create(&mut conn, new()).unwrap();
    // belongsTo, nullable key.
    licence.set_owner(&mut conn, &ann).unwrap();
    assert_eq!(licence.owner_id, Some(ann.id));
    licence.set_owner(&mut conn, None).unwrap();
    assert_eq!(licence.owner_id, None);
    licence.set_owner(&mut conn, ann.key()).unwrap();
    assert_eq!(licence.owner_id, Some(ann.id));
    licence.set_owner(&mut conn, Some(pdl::PersonId::from(ann.id))).unwrap();
    assert_eq!(licence.owner_id, Some(ann.id));
    // hasOne.
    ann.set_driving_license(&mut conn, None).unwrap();
    assert_eq!(ann.get_driving_license(&mut conn).unwrap(), None);
    ann.set_driving_license(&mut conn, &licence).unwrap();
    assert!(ann.get_driving_license(&mut conn).unwrap().is_some());
    ann.set_driving_license(&mut conn, Some(licence.key())).unwrap();
    ann.set_driving_license(&mut conn, licence.key()).unwrap();
    assert_eq!(
        ann.get_driving_license(&mut conn).unwrap().map(|l| l.id),
        Some(licence.id)
    );
}
