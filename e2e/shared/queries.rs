// Typed queries (`find_where` & co.), shared by every backend's tests: the
// generated filters against the database, and against a reference
// evaluator written here, on random rows and random filter trees.

use e2e::gen_queries as q;
use q::query::{Cmp, Filter};
use q::{Author, Kind, NewAuthor, NewPost, NewTag, Post, PostCondition, PostFilter, PostQuery};
use q::{post, tag};

fn date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn titles(posts: &[Post]) -> Vec<&str> {
    posts.iter().map(|p| p.title.as_str()).collect()
}

fn author(conn: &mut Conn, name: &str) -> Author {
    Author::create(
        conn,
        NewAuthor {
            name: name.into(),
            email: None,
        },
    )
    .unwrap()
}

fn new_post(title: &str, views: i32) -> NewPost {
    NewPost {
        title: title.into(),
        views,
        ..Default::default()
    }
}

/// Six posts of two authors, with NULLs in every nullable column of some.
fn seed(conn: &mut Conn) -> (Author, Author) {
    let ann = author(conn, "Ann");
    let bob = author(conn, "Bob");
    let posts = [
        NewPost {
            rating: Some(4.5),
            price: Some("9.99".parse().unwrap()),
            kind: Some(Kind::Small),
            published: true,
            posted_on: Some(date(2024, 1, 5)),
            body: Some("first words".into()),
            token: Some(uuid::Uuid::from_u128(1)),
            author_id: Some(ann.id),
            ..new_post("alpha", 10)
        },
        NewPost {
            rating: Some(2.0),
            price: Some("10.50".parse().unwrap()),
            kind: Some(Kind::Large),
            posted_on: Some(date(2024, 3, 1)),
            author_id: Some(ann.id),
            ..new_post("beta", 30)
        },
        NewPost {
            rating: None,
            kind: None,
            published: true,
            author_id: Some(bob.id),
            ..new_post("gamma", 20)
        },
        NewPost {
            rating: Some(4.5),
            price: Some("100".parse().unwrap()),
            kind: Some(Kind::Small),
            posted_on: Some(date(2023, 12, 31)),
            author_id: Some(bob.id),
            ..new_post("Alpha", 20)
        },
        NewPost {
            body: Some("50% off_now".into()),
            ..new_post("delta", 0)
        },
        new_post("epsilon", 10),
    ];
    for p in posts {
        Post::create(conn, p).unwrap();
    }
    (ann, bob)
}

#[test]
fn filters_compare_as_their_columns_do() {
    let mut conn = db!(q::create_all);
    let (ann, bob) = seed(&mut conn);
    let find = |conn: &mut Conn, filter: PostFilter| {
        let found = Post::find_where(conn, filter).unwrap();
        titles(&found).join(" ")
    };
    assert_eq!(find(&mut conn, post::views::eq(20)), "gamma Alpha");
    assert_eq!(find(&mut conn, post::views::gt(10)), "beta gamma Alpha");
    assert_eq!(find(&mut conn, post::views::le(10)), "alpha delta epsilon");
    assert_eq!(
        find(&mut conn, post::views::is_in([0, 30])),
        "beta delta",
        "a list"
    );
    assert_eq!(
        find(&mut conn, post::views::not_in(vec![10, 20])),
        "beta delta"
    );
    assert_eq!(find(&mut conn, post::rating::ge(4.5)), "alpha Alpha");
    assert_eq!(
        find(&mut conn, post::price::gt("10".parse::<rust_decimal::Decimal>().unwrap())),
        "beta Alpha",
        "decimals compare as numbers, not as text"
    );
    assert_eq!(find(&mut conn, post::kind::eq(Kind::Small)), "alpha Alpha");
    assert_eq!(find(&mut conn, post::published::eq(true)), "alpha gamma");
    assert_eq!(
        find(&mut conn, post::posted_on::lt(date(2024, 2, 1))),
        "alpha Alpha"
    );
    assert_eq!(
        find(&mut conn, post::token::eq(uuid::Uuid::from_u128(1))),
        "alpha"
    );
    // A foreign key compares with the key of the model it references: a
    // row, or its key.
    assert_eq!(find(&mut conn, post::author_id::eq(&bob)), "gamma Alpha");
    assert_eq!(
        find(&mut conn, post::author_id::eq(q::AuthorId(ann.id))),
        "alpha beta"
    );
    // Combined.
    assert_eq!(
        find(
            &mut conn,
            post::views::ge(10).and(post::kind::eq(Kind::Small).or(post::rating::is_null()))
        ),
        "alpha gamma Alpha epsilon"
    );
    assert_eq!(
        find(&mut conn, !post::title::starts_with("a")),
        "beta gamma Alpha delta epsilon",
        "case-sensitive"
    );
    assert_eq!(find(&mut conn, post::title::ends_with("ta")), "beta delta");
    assert_eq!(find(&mut conn, post::title::contains("lph")), "alpha Alpha");
}

#[test]
fn nulls_match_only_null_tests() {
    let mut conn = db!(q::create_all);
    seed(&mut conn);
    let find = |conn: &mut Conn, filter: PostFilter| {
        let found = Post::find_where(conn, filter).unwrap();
        titles(&found).join(" ")
    };
    // `rating` is NULL in gamma, delta and epsilon.
    assert_eq!(
        find(&mut conn, post::rating::ne(4.5)),
        "beta",
        "`ne` leaves NULLs out, as SQL does"
    );
    assert_eq!(
        find(&mut conn, !post::rating::eq(4.5)),
        "beta",
        "so does `not`"
    );
    assert_eq!(
        find(&mut conn, post::rating::is_null()),
        "gamma delta epsilon"
    );
    assert_eq!(
        find(&mut conn, post::rating::is_not_null()),
        "alpha beta Alpha"
    );
    assert_eq!(
        find(&mut conn, post::rating::is_in(Vec::<f64>::new())),
        "",
        "an empty list matches nothing"
    );
    assert_eq!(
        find(&mut conn, post::rating::not_in(Vec::<f64>::new())),
        "alpha beta gamma Alpha delta epsilon",
        "and its negation everything, NULLs included"
    );
    assert_eq!(
        find(&mut conn, Filter::all([])),
        "alpha beta gamma Alpha delta epsilon"
    );
    assert_eq!(find(&mut conn, Filter::any([])), "");
}

#[test]
fn text_matches_take_wildcards_literally() {
    let mut conn = db!(q::create_all);
    for (i, title) in [
        "50% off", "500 off", "a_b", "axb", r"back\slash", r"backxslash", "st*r", "star",
        "q?", "qq", "[x]", "x", "Case", "case",
    ]
    .into_iter()
    .enumerate()
    {
        Post::create(&mut conn, new_post(title, i as i32)).unwrap();
    }
    let find = |conn: &mut Conn, filter: PostFilter| {
        let found = Post::find_where(conn, filter).unwrap();
        titles(&found).join(" ")
    };
    assert_eq!(find(&mut conn, post::title::starts_with("50%")), "50% off");
    assert_eq!(find(&mut conn, post::title::contains("_")), "a_b");
    assert_eq!(find(&mut conn, post::title::contains(r"\")), r"back\slash");
    assert_eq!(find(&mut conn, post::title::contains("*")), "st*r");
    assert_eq!(find(&mut conn, post::title::ends_with("?")), "q?");
    assert_eq!(find(&mut conn, post::title::starts_with("[")), "[x]");
    assert_eq!(find(&mut conn, post::title::contains("x]")), "[x]");
    assert_eq!(find(&mut conn, post::title::starts_with("C")), "Case");
    assert_eq!(
        Post::count_where(&mut conn, post::title::contains("")).unwrap(),
        14,
        "an empty part is in every text"
    );
}

#[test]
fn orders_and_pages_are_stable_over_ties() {
    let mut conn = db!(q::create_all);
    seed(&mut conn);
    let page = |conn: &mut Conn, offset: u64| {
        let query = PostQuery::new()
            .order_by(post::views::desc())
            .limit(2)
            .offset(offset);
        titles(&Post::find_where(conn, query).unwrap())
            .into_iter()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    // views: beta 30, gamma 20, Alpha 20, alpha 10, epsilon 10, delta 0;
    // ties in key order.
    assert_eq!(page(&mut conn, 0), ["beta", "gamma"]);
    assert_eq!(page(&mut conn, 2), ["Alpha", "alpha"]);
    assert_eq!(page(&mut conn, 4), ["epsilon", "delta"]);
    assert!(page(&mut conn, 6).is_empty());
    // NULLs first going up, last going down, on every database.
    let by_rating = |conn: &mut Conn, order| {
        let query = PostQuery::new().order_by(order);
        titles(&Post::find_where(conn, query).unwrap()).join(" ")
    };
    assert_eq!(
        by_rating(&mut conn, post::rating::asc()),
        "gamma delta epsilon beta alpha Alpha"
    );
    assert_eq!(
        by_rating(&mut conn, post::rating::desc()),
        "alpha Alpha beta gamma delta epsilon"
    );
    // An offset alone, and a filter with an order and a limit.
    let query = PostQuery::new().offset(4);
    assert_eq!(titles(&Post::find_where(&mut conn, query).unwrap()), ["delta", "epsilon"]);
    let query = PostQuery::from(post::published::eq(false))
        .order_by(post::title::asc())
        .limit(3);
    assert_eq!(
        titles(&Post::find_where(&mut conn, query).unwrap()),
        ["Alpha", "beta", "delta"]
    );
    let first = Post::find_one_where(&mut conn, PostQuery::new().order_by(post::views::asc()));
    assert_eq!(first.unwrap().unwrap().title, "delta");
    assert_eq!(
        Post::find_one_where(&mut conn, post::views::gt(100)).unwrap(),
        None
    );
}

#[test]
fn count_exists_delete_and_update_where() {
    let mut conn = db!(q::create_all);
    let (ann, _) = seed(&mut conn);
    assert_eq!(Post::count_where(&mut conn, post::views::ge(20)).unwrap(), 3);
    assert!(Post::exists_where(&mut conn, post::title::eq("delta")).unwrap());
    assert!(!Post::exists_where(&mut conn, post::title::eq("omega")).unwrap());
    let changed = Post::update_where(
        &mut conn,
        post::author_id::eq(&ann),
        q::PostChanges {
            views: Some(99),
            rating: Some(None),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(changed, 2);
    let mine = ann.get_posts(&mut conn).unwrap();
    assert!(mine.iter().all(|p| p.views == 99 && p.rating.is_none()));
    assert_eq!(
        Post::update_where(&mut conn, post::views::eq(99), Default::default()).unwrap(),
        0,
        "no column to change"
    );
    assert_eq!(
        Post::delete_where(&mut conn, post::author_id::is_null()).unwrap(),
        2
    );
    assert_eq!(Post::count(&mut conn).unwrap(), 4);
}

#[test]
fn an_associations_queries_keep_its_own_condition() {
    let mut conn = db!(q::create_all);
    let (ann, bob) = seed(&mut conn);
    let posts = ann
        .get_posts_where(&mut conn, PostQuery::new().order_by(post::views::desc()))
        .unwrap();
    assert_eq!(titles(&posts), ["beta", "alpha"]);
    // An `or` in the query does not reach other authors' posts.
    let either = post::views::eq(20).or(post::title::eq("alpha"));
    assert_eq!(titles(&ann.get_posts_where(&mut conn, either.clone()).unwrap()), ["alpha"]);
    assert_eq!(bob.count_posts_where(&mut conn, either).unwrap(), 2);
    for label in ["red", "green", "blue"] {
        let t = q::Tag::create(
            &mut conn,
            NewTag {
                label: label.into(),
                code: None,
            },
        ).unwrap();
        if label != "green" {
            ann.add_tag(&mut conn, &t).unwrap();
        }
    }
    let tags = ann
        .get_tags_where(&mut conn, tag::label::ne("blue"))
        .unwrap();
    assert_eq!(tags.len(), 1);
    assert_eq!(tags[0].label, "red");
    assert_eq!(ann.count_tags_where(&mut conn, Filter::all([])).unwrap(), 2);
    assert_eq!(bob.count_tags_where(&mut conn, Filter::all([])).unwrap(), 0);
}

#[test]
fn unique_keys_find_find_or_create_and_upsert() {
    let mut conn = db!(q::create_all);
    let (ann, _) = seed(&mut conn);
    assert_eq!(
        Author::find_by_name(&mut conn, "Ann").unwrap().map(|a| a.id),
        Some(ann.id)
    );
    assert_eq!(Author::find_by_name(&mut conn, "Zed").unwrap(), None);

    let (zed, created) = Author::find_or_create_by_name(
        &mut conn,
        NewAuthor {
            name: "Zed".into(),
            email: Some("zed@example.com".into()),
        },
    )
    .unwrap();
    assert!(created);
    let (again, created) = Author::find_or_create_by_name(
        &mut conn,
        NewAuthor {
            name: "Zed".into(),
            email: None,
        },
    )
    .unwrap();
    assert!(!created, "found, not inserted");
    assert_eq!(again, zed, "the row as it is: its email stays");

    let upserted = Author::upsert_by_name(
        &mut conn,
        NewAuthor {
            name: "Zed".into(),
            email: Some("z@example.com".into()),
        },
    )
    .unwrap();
    assert_eq!(upserted.id, zed.id, "the same row");
    assert_eq!(upserted.email.as_deref(), Some("z@example.com"));
    let fresh = Author::upsert_by_email(
        &mut conn,
        NewAuthor {
            name: "Yan".into(),
            email: Some("y@example.com".into()),
        },
    )
    .unwrap();
    assert_ne!(fresh.id, zed.id, "inserted");
    assert_eq!(Author::count(&mut conn).unwrap(), 4);

    // A unique pair with a foreign key.
    let slugged = |slug: &str, views| NewPost {
        slug: Some(slug.into()),
        author_id: Some(ann.id),
        ..new_post("slugged", views)
    };
    let (first, created) = Post::find_or_create_by_slug_and_author_id(&mut conn, slugged("s", 1)).unwrap();
    assert!(created);
    let (same, created) = Post::find_or_create_by_slug_and_author_id(&mut conn, slugged("s", 2)).unwrap();
    assert!(!created);
    assert_eq!(same, first);
    let updated = Post::upsert_by_slug_and_author_id(&mut conn, slugged("s", 3)).unwrap();
    assert_eq!((updated.id, updated.views), (first.id, 3));
    assert_eq!(
        Post::find_by_slug_and_author_id(&mut conn, "s", &ann)
            .unwrap()
            .map(|p| p.views),
        Some(3)
    );
}

/// The three-valued truth of `filter` on `p`, as SQL has it (`None`:
/// unknown, which a `WHERE` leaves out).
fn eval(filter: &PostFilter, p: &Post) -> Option<bool> {
    match filter {
        Filter::Where(c) => condition(c, p),
        Filter::And(all) | Filter::Or(all) => {
            // AND: false wins, else unknown wins; OR: true wins, else
            // unknown wins.
            let decisive = matches!(filter, Filter::Or(_));
            let values: Vec<Option<bool>> = all.iter().map(|f| eval(f, p)).collect();
            if values.contains(&Some(decisive)) {
                Some(decisive)
            } else if values.contains(&None) {
                None
            } else {
                Some(!decisive)
            }
        }
        Filter::Not(f) => eval(f, p).map(|b| !b),
    }
}

fn condition(c: &PostCondition, p: &Post) -> Option<bool> {
    match c {
        PostCondition::Views(cmp) => compare(Some(&p.views), cmp),
        PostCondition::Rating(cmp) => compare(p.rating.as_ref(), cmp),
        PostCondition::Title(cmp) => compare_text(Some(&p.title), cmp),
        PostCondition::Body(cmp) => compare_text(p.body.as_ref(), cmp),
        PostCondition::Kind(cmp) => compare(p.kind.as_ref(), cmp),
        PostCondition::Published(cmp) => compare(Some(&p.published), cmp),
        PostCondition::PostedOn(cmp) => compare(p.posted_on.as_ref(), cmp),
        PostCondition::AuthorId(cmp) => {
            let key = p.author_id.map(q::AuthorId);
            compare(key.as_ref(), cmp)
        }
        other => panic!("not generated by this test: {other:?}"),
    }
}

fn compare<T: PartialOrd>(value: Option<&T>, cmp: &Cmp<T>) -> Option<bool> {
    match cmp {
        Cmp::IsNull => return Some(value.is_none()),
        Cmp::IsNotNull => return Some(value.is_some()),
        Cmp::In(list) if list.is_empty() => return Some(false),
        Cmp::NotIn(list) if list.is_empty() => return Some(true),
        _ => {}
    }
    let v = value?;
    Some(match cmp {
        Cmp::Eq(x) => v == x,
        Cmp::Ne(x) => v != x,
        Cmp::Lt(x) => v < x,
        Cmp::Le(x) => v <= x,
        Cmp::Gt(x) => v > x,
        Cmp::Ge(x) => v >= x,
        Cmp::In(list) => list.contains(v),
        Cmp::NotIn(list) => !list.contains(v),
        _ => unreachable!("text matches and NULL tests are handled apart"),
    })
}

fn compare_text(value: Option<&String>, cmp: &Cmp<String>) -> Option<bool> {
    match cmp {
        Cmp::StartsWith(s) => value.map(|v| v.starts_with(s.as_str())),
        Cmp::EndsWith(s) => value.map(|v| v.ends_with(s.as_str())),
        Cmp::Contains(s) => value.map(|v| v.contains(s.as_str())),
        _ => compare(value, cmp),
    }
}

const WORDS: &[&str] = &["a", "ab", "b", "ba", "abc", "c", "%", "a_b", "x*y", ""];

fn random_filter(rng: &mut Rng, depth: u32, authors: &[i32]) -> PostFilter {
    if depth > 0 && rng.below(3) == 0 {
        let n = rng.below(4) as usize;
        let parts: Vec<PostFilter> = (0..n).map(|_| random_filter(rng, depth - 1, authors)).collect();
        return match rng.below(3) {
            0 => Filter::all(parts),
            1 => Filter::any(parts),
            _ => !random_filter(rng, depth - 1, authors),
        };
    }
    let views = rng.below(5) as i32 * 10;
    let rating = rng.below(5) as f64 * 0.5;
    let word = rng.pick(WORDS).to_string();
    let list: Vec<i32> = (0..rng.below(3)).map(|_| rng.below(5) as i32 * 10).collect();
    let day = date(2024, 1, 1 + rng.below(5) as u32);
    let kind = *rng.pick(&[Kind::Small, Kind::Large]);
    let author = q::AuthorId(*rng.pick(authors));
    match rng.below(22) {
        0 => post::views::eq(views),
        1 => post::views::ne(views),
        2 => post::views::lt(views),
        3 => post::views::ge(views),
        4 => post::views::is_in(list),
        5 => post::views::not_in(list),
        6 => post::rating::le(rating),
        7 => post::rating::gt(rating),
        8 => post::rating::is_null(),
        9 => post::rating::ne(rating),
        10 => post::title::eq(word),
        11 => post::title::starts_with(word),
        12 => post::title::ends_with(word),
        13 => post::body::contains(word),
        14 => post::body::is_not_null(),
        15 => post::kind::eq(kind),
        16 => post::kind::not_in([kind]),
        17 => post::published::eq(rng.below(2) == 0),
        18 => post::posted_on::lt(day),
        19 => post::posted_on::is_null(),
        20 => post::author_id::eq(author),
        _ => post::author_id::not_in([author]),
    }
}

/// Random rows and random filter trees, orders and pages: the database
/// finds what the reference evaluator above finds, in the order it sorts.
#[test]
fn random_filters_find_what_a_reference_evaluator_finds() {
    let mut conn = db!(q::create_all);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let authors: Vec<i32> = ["Ann", "Bob"]
        .iter()
        .map(|name| author(&mut conn, name).id)
        .collect();
    let maybe = |rng: &mut Rng| rng.below(3) != 0;
    for _ in 0..40 {
        let new = NewPost {
            title: rng.pick(WORDS).to_string() + *rng.pick(&["", "b", "%"]),
            body: maybe(&mut rng).then(|| rng.pick(WORDS).to_string()),
            views: rng.below(5) as i32 * 10,
            rating: maybe(&mut rng).then(|| rng.below(5) as f64 * 0.5),
            kind: maybe(&mut rng).then(|| *rng.pick(&[Kind::Small, Kind::Large])),
            published: rng.below(2) == 0,
            posted_on: maybe(&mut rng).then(|| date(2024, 1, 1 + rng.below(5) as u32)),
            author_id: maybe(&mut rng).then(|| *rng.pick(&authors)),
            ..Default::default()
        };
        Post::create(&mut conn, new).unwrap();
    }
    let rows = Post::find_all(&mut conn).unwrap();
    let cases = std::env::var("QUERY_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    for case in 0..cases {
        let filter = random_filter(&mut rng, 3, &authors);
        let mut expected: Vec<&Post> = rows
            .iter()
            .filter(|p| eval(&filter, p) == Some(true))
            .collect();
        // An order by views or rating (NULLs first going up), then by key.
        let (order, up, by_rating) = match rng.below(4) {
            0 => (post::views::asc(), true, false),
            1 => (post::views::desc(), false, false),
            2 => (post::rating::asc(), true, true),
            _ => (post::rating::desc(), false, true),
        };
        expected.sort_by(|a, b| {
            let by = if by_rating {
                // NULL is the least: first going up.
                let key = |p: &Post| p.rating.map(|r| (r * 2.0) as i64 + 1).unwrap_or(0);
                key(a).cmp(&key(b))
            } else {
                a.views.cmp(&b.views)
            };
            let by = if up { by } else { by.reverse() };
            by.then(a.id.cmp(&b.id))
        });
        let (limit, offset) = (rng.below(8), rng.below(4));
        let page: Vec<i32> = expected
            .iter()
            .skip(offset as usize)
            .take(limit as usize)
            .map(|p| p.id)
            .collect();
        let query = PostQuery::from(filter.clone())
            .order_by(order)
            .limit(limit)
            .offset(offset);
        let found: Vec<i32> = Post::find_where(&mut conn, query)
            .unwrap()
            .iter()
            .map(|p| p.id)
            .collect();
        assert_eq!(found, page, "case {case}: {filter:?}");
        assert_eq!(
            Post::count_where(&mut conn, filter.clone()).unwrap(),
            expected.len() as i64,
            "case {case}: {filter:?}"
        );
    }
}

/// An upsert over an existing row keeps its key and `created_at`, and
/// moves `updated_at`; `find_or_create` of an existing row changes nothing.
#[test]
fn upsert_keeps_created_at() {
    use e2e::gen_everything as every;
    let mut conn = db!(every::create_all);
    let new = |name: &str| every::NewPerson {
        name: name.into(),
        email: "ann@example.com".into(),
        ..Default::default()
    };
    let first = every::Person::create(&mut conn, new("Ann")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    let (found, created) = every::Person::find_or_create_by_email(&mut conn, new("Other")).unwrap();
    assert!(!created);
    assert_eq!(found, first, "found as it is");
    let upserted = every::Person::upsert_by_email(&mut conn, new("Anna")).unwrap();
    assert_eq!(upserted.id, first.id);
    assert_eq!(upserted.name, "Anna");
    assert_eq!(upserted.created_at, first.created_at);
    assert!(upserted.updated_at > first.updated_at);
    assert_eq!(every::Person::count(&mut conn).unwrap(), 1);
}
