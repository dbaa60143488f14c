// Accessors that run several statements take effect whole or not at all:
// a failure injected after their first statement leaves every row as it
// was, alone or inside a caller's transaction. Shared by every backend.

use e2e::gen_readme as r;
use e2e::gen_user_groups as ug;
use e2e::gen_user_pictures as up;

fn licence(number: &str) -> r::NewDrivingLicense {
    r::NewDrivingLicense {
        number: number.into(),
        owner_id: None,
    }
}

fn ann(conn: &mut Conn) -> r::Person {
    r::Person::create(
        conn,
        r::NewPerson {
            name: "Ann".into(),
            role: None,
        },
    )
    .unwrap()
}

/// hasOne `create_x`: the new licence's number is taken, so the insert
/// fails after the previous licence was unlinked: it stays linked.
#[test]
fn has_one_create_is_atomic() {
    let mut conn = db!(r::create_all);
    let ann = ann(&mut conn);
    let first = ann.create_driving_license(&mut conn, licence("L-1")).unwrap();
    assert!(ann.create_driving_license(&mut conn, licence("L-1")).is_err());
    assert_eq!(ann.get_driving_license(&mut conn).unwrap(), Some(first));
}

/// hasOne `set_x` and `set_x_destroying_previous`: linking the new licence
/// fails after the previous one was unlinked (or deleted).
#[test]
fn has_one_set_is_atomic() {
    let mut conn = db!(r::create_all);
    let ann = ann(&mut conn);
    let first = ann.create_driving_license(&mut conn, licence("L-1")).unwrap();
    let second = r::DrivingLicense::create(&mut conn, licence("L-2")).unwrap();
    refuse_writes(&mut conn, "driving_licenses", "number", "L-2");
    assert!(ann.set_driving_license(&mut conn, Some(second.key())).is_err());
    assert_eq!(ann.get_driving_license(&mut conn).unwrap(), Some(first.clone()));
    assert!(
        ann.set_driving_license_destroying_previous(&mut conn, Some(second.key()))
            .is_err()
    );
    assert_eq!(ann.get_driving_license(&mut conn).unwrap(), Some(first));
    assert_eq!(r::DrivingLicense::count(&mut conn).unwrap(), 2);
}

/// belongsTo `create_x`: the user is inserted, then saving the picture
/// fails: no user is left behind.
#[test]
fn belongs_to_create_is_atomic() {
    let mut conn = db!(up::create_all);
    let mut picture = up::Picture::create(
        &mut conn,
        up::NewPicture {
            url: "p".into(),
            user_id: None,
        },
    )
    .unwrap();
    refuse_writes(&mut conn, "pictures", "url", "p");
    let new = up::NewUser {
        username: "bob".into(),
        profile_picture_id: None,
    };
    assert!(picture.create_user(&mut conn, new).is_err());
    assert_eq!(up::User::count(&mut conn).unwrap(), 0);
}

/// hasMany `set_xs`: the current pictures are unlinked, then linking the
/// new one fails: the current ones stay linked.
#[test]
fn has_many_set_is_atomic() {
    let mut conn = db!(up::create_all);
    let user = up::User::create(
        &mut conn,
        up::NewUser {
            username: "ann".into(),
            profile_picture_id: None,
        },
    )
    .unwrap();
    let picture = |conn: &mut Conn, url: &str| {
        up::Picture::create(
            conn,
            up::NewPicture {
                url: url.into(),
                user_id: None,
            },
        )
        .unwrap()
    };
    let (p1, p2, p3) = (
        picture(&mut conn, "p1"),
        picture(&mut conn, "p2"),
        picture(&mut conn, "p3"),
    );
    user.add_pictures(&mut conn, [&p1, &p2]).unwrap();
    refuse_writes(&mut conn, "pictures", "url", "p3");
    assert!(user.set_pictures(&mut conn, [&p3]).is_err());
    assert!(user.add_pictures(&mut conn, [&p1, &p3]).is_err());
    let linked: Vec<i32> = user
        .get_pictures(&mut conn)
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(linked, [p1.id, p2.id]);
}

/// belongsToMany `create_x`, `set_xs`, `add_xs`: the junction refuses
/// this user's rows, after the group was inserted or the old rows removed.
#[test]
fn belongs_to_many_writes_are_atomic() {
    let mut conn = db!(ug::create_all);
    let user = ug::User::create(&mut conn, ug::NewUser { name: "ann".into() }).unwrap();
    let g1 = ug::Group::create(&mut conn, ug::NewGroup { name: "g1".into() }).unwrap();
    let g2 = ug::Group::create(&mut conn, ug::NewGroup { name: "g2".into() }).unwrap();
    user.add_group(&mut conn, &g1).unwrap();
    refuse_writes(&mut conn, "user_groups", "group_id", &g2.id.to_string());
    assert!(user.set_groups(&mut conn, [&g2]).is_err());
    assert!(user.add_groups(&mut conn, [&g1, &g2]).is_err());
    assert_eq!(user.get_groups(&mut conn).unwrap(), std::slice::from_ref(&g1));
    refuse_writes(&mut conn, "user_groups", "user_id", &user.id.to_string());
    assert!(
        user.create_group(&mut conn, ug::NewGroup { name: "g3".into() })
            .is_err()
    );
    assert_eq!(ug::Group::count(&mut conn).unwrap(), 2, "no g3 left behind");
}

/// Inside a caller's transaction, a failed accessor undoes only its own
/// statements: the caller's earlier writes stay, and it can go on and
/// commit.
#[test]
fn a_failed_accessor_keeps_the_callers_transaction() {
    let mut conn = db!(r::create_all);
    let kept = in_transaction!(conn, {
        let ann = r::Person::create(
            &mut conn,
            r::NewPerson {
                name: "Ann".into(),
                role: None,
            },
        )
        .unwrap();
        let first = ann.create_driving_license(&mut conn, licence("L-1")).unwrap();
        assert!(ann.create_driving_license(&mut conn, licence("L-1")).is_err());
        let bob = r::Person::create(
            &mut conn,
            r::NewPerson {
                name: "Bob".into(),
                role: None,
            },
        )
        .unwrap();
        (ann, first, bob)
    });
    let (ann, first, bob) = kept;
    assert_eq!(ann.get_driving_license(&mut conn).unwrap(), Some(first));
    assert_eq!(r::Person::count(&mut conn).unwrap(), 2);
    assert_eq!(r::Person::find_by_pk(&mut conn, &bob).unwrap(), Some(bob));
}
