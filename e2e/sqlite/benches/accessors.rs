//! The generated accessors against the same statements written by hand
//! with rusqlite and `prepare_cached`, on an in-memory SQLite:
//! `cargo bench -p ormgen-e2e-sqlite`. Each benchmark makes 100,000 calls
//! (100 samples of 1,000); docs/performance.md shows the figures.

use divan::Bencher;
use ormgen_e2e_sqlite::gen_person_driving_license as pdl;
use ormgen_e2e_sqlite::gen_user_pictures as up;
use rusqlite::Connection;

fn main() {
    divan::main();
}

const PEOPLE: i32 = 1_000;
const PICTURES_EACH: i32 = 10;

/// 1,000 people with a licence each; 1,000 users with 10 pictures each,
/// and one spare picture per user to add and remove.
fn fixture() -> (
    Connection,
    Vec<pdl::Person>,
    Vec<up::User>,
    Vec<up::Picture>,
) {
    let conn = Connection::open_in_memory().unwrap();
    pdl::create_all(&conn).unwrap();
    up::create_all(&conn).unwrap();
    conn.execute_batch("BEGIN").unwrap();
    let mut people = Vec::new();
    let mut users = Vec::new();
    let mut spares = Vec::new();
    for i in 0..PEOPLE {
        let person = pdl::Person::create(
            &conn,
            pdl::NewPerson {
                name: format!("p{i}"),
            },
        )
        .unwrap();
        person
            .create_driving_license(
                &conn,
                pdl::NewDrivingLicense {
                    number: format!("L-{i}"),
                    owner_id: None,
                },
            )
            .unwrap();
        people.push(person);
        let user = up::User::create(
            &conn,
            up::NewUser {
                username: format!("u{i}"),
                profile_picture_id: None,
            },
        )
        .unwrap();
        for j in 0..PICTURES_EACH {
            user.create_picture(
                &conn,
                up::NewPicture {
                    url: format!("{i}/{j}.png"),
                    user_id: None,
                },
            )
            .unwrap();
        }
        spares.push(
            up::Picture::create(
                &conn,
                up::NewPicture {
                    url: format!("{i}/spare.png"),
                    user_id: None,
                },
            )
            .unwrap(),
        );
        users.push(user);
    }
    conn.execute_batch("COMMIT").unwrap();
    (conn, people, users, spares)
}

/// The rows as hand-written code would hold them.
#[allow(dead_code)]
struct License {
    id: i32,
    number: String,
    owner_id: Option<i32>,
}

#[allow(dead_code)]
struct Picture {
    id: i32,
    url: String,
    user_id: Option<i32>,
}

const GET_LICENSE: &str = "SELECT \"driving_licenses\".\"id\", \"driving_licenses\".\"number\", \"driving_licenses\".\"owner_id\" FROM \"driving_licenses\" WHERE \"owner_id\" = ?1 ORDER BY \"id\" LIMIT 1";
const GET_PICTURES: &str = "SELECT \"pictures\".\"id\", \"pictures\".\"url\", \"pictures\".\"user_id\" FROM \"pictures\" WHERE \"user_id\" = ?1 ORDER BY \"id\"";
const ADD_PICTURE: &str = "UPDATE \"pictures\" SET \"user_id\" = ?1 WHERE \"id\" = ?2";
const REMOVE_PICTURE: &str =
    "UPDATE \"pictures\" SET \"user_id\" = NULL WHERE \"user_id\" = ?1 AND \"id\" = ?2";

mod has_one_get {
    use super::*;

    #[divan::bench(sample_count = 100, sample_size = 1000)]
    fn generated(bencher: Bencher) {
        let (conn, people, _, _) = fixture();
        let mut i = 0;
        bencher.bench_local(|| {
            i = (i + 1) % people.len();
            people[i].get_driving_license(&conn).unwrap()
        });
    }

    #[divan::bench(sample_count = 100, sample_size = 1000)]
    fn hand_written(bencher: Bencher) {
        let (conn, people, _, _) = fixture();
        let mut i = 0;
        bencher.bench_local(|| {
            i = (i + 1) % people.len();
            let mut stmt = conn.prepare_cached(GET_LICENSE).unwrap();
            let mut rows = stmt.query([people[i].id]).unwrap();
            rows.next().unwrap().map(|row| License {
                id: row.get(0).unwrap(),
                number: row.get(1).unwrap(),
                owner_id: row.get(2).unwrap(),
            })
        });
    }
}

mod has_many_get {
    use super::*;

    #[divan::bench(sample_count = 100, sample_size = 1000)]
    fn generated(bencher: Bencher) {
        let (conn, _, users, _) = fixture();
        let mut i = 0;
        bencher.bench_local(|| {
            i = (i + 1) % users.len();
            users[i].get_pictures(&conn).unwrap()
        });
    }

    #[divan::bench(sample_count = 100, sample_size = 1000)]
    fn hand_written(bencher: Bencher) {
        let (conn, _, users, _) = fixture();
        let mut i = 0;
        bencher.bench_local(|| {
            i = (i + 1) % users.len();
            let mut stmt = conn.prepare_cached(GET_PICTURES).unwrap();
            stmt.query_map([users[i].id], |row| {
                Ok(Picture {
                    id: row.get(0)?,
                    url: row.get(1)?,
                    user_id: row.get(2)?,
                })
            })
            .unwrap()
            .collect::<rusqlite::Result<Vec<_>>>()
            .unwrap()
        });
    }
}

/// One call is an `add_x` and a `remove_x` of the same target.
mod has_many_add_remove {
    use super::*;

    #[divan::bench(sample_count = 100, sample_size = 1000)]
    fn generated(bencher: Bencher) {
        let (conn, _, users, spares) = fixture();
        let mut i = 0;
        bencher.bench_local(|| {
            i = (i + 1) % users.len();
            users[i].add_picture(&conn, &spares[i]).unwrap();
            users[i].remove_picture(&conn, &spares[i]).unwrap();
        });
    }

    #[divan::bench(sample_count = 100, sample_size = 1000)]
    fn hand_written(bencher: Bencher) {
        let (conn, _, users, spares) = fixture();
        let mut i = 0;
        bencher.bench_local(|| {
            i = (i + 1) % users.len();
            let mut add = conn.prepare_cached(ADD_PICTURE).unwrap();
            add.execute([users[i].id, spares[i].id]).unwrap();
            let mut remove = conn.prepare_cached(REMOVE_PICTURE).unwrap();
            remove.execute([users[i].id, spares[i].id]).unwrap();
        });
    }
}

const FIND_LICENSE: &str = "SELECT \"id\", \"number\", \"owner_id\" FROM \"driving_licenses\" WHERE \"number\" = ?1 ORDER BY \"id\" ASC LIMIT ?2";

/// A typed query with an indexed equality (`number` is unique) and a
/// limit, against the statement it makes, written by hand.
mod find_where {
    use super::*;
    use pdl::driving_license;

    #[divan::bench(sample_count = 100, sample_size = 1000)]
    fn generated(bencher: Bencher) {
        let (conn, people, _, _) = fixture();
        let numbers: Vec<String> = (0..people.len()).map(|i| format!("L-{i}")).collect();
        let mut i = 0;
        bencher.bench_local(|| {
            i = (i + 1) % numbers.len();
            let filter = driving_license::number::eq(numbers[i].as_str());
            let query = pdl::DrivingLicenseQuery::from(filter).limit(1);
            pdl::DrivingLicense::find_where(&conn, query).unwrap()
        });
    }

    #[divan::bench(sample_count = 100, sample_size = 1000)]
    fn hand_written(bencher: Bencher) {
        let (conn, people, _, _) = fixture();
        let numbers: Vec<String> = (0..people.len()).map(|i| format!("L-{i}")).collect();
        let mut i = 0;
        bencher.bench_local(|| {
            i = (i + 1) % numbers.len();
            let mut stmt = conn.prepare_cached(FIND_LICENSE).unwrap();
            stmt.query_map(rusqlite::params![numbers[i], 1i64], |row| {
                Ok(License {
                    id: row.get(0)?,
                    number: row.get(1)?,
                    owner_id: row.get(2)?,
                })
            })
            .unwrap()
            .collect::<rusqlite::Result<Vec<_>>>()
            .unwrap()
        });
    }
}

/// The pictures of 1,000 users (10 each): one loader call against 1,000
/// getter calls.
mod load_many {
    use super::*;

    #[divan::bench(sample_count = 20)]
    fn loader(bencher: Bencher) {
        let (conn, _, users, _) = fixture();
        bencher.bench_local(|| up::User::load_pictures(&conn, &users).unwrap());
    }

    #[divan::bench(sample_count = 20)]
    fn getters(bencher: Bencher) {
        let (conn, _, users, _) = fixture();
        bencher.bench_local(|| {
            users
                .iter()
                .map(|u| u.get_pictures(&conn).unwrap())
                .collect::<Vec<_>>()
        });
    }
}
