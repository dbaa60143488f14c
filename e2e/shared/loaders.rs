// Batch loaders (`load_x`), shared by every backend's tests: each gives
// every source what the per-source getter gives it, in one statement.

mod loaders {
    use super::*;
    use e2e::gen_accessors as acc;
    use e2e::gen_person_driving_license as pdl;
    use e2e::gen_queries as q;

    /// Random authors, posts (some with no author) and tags (shared by
    /// several authors), then the sources in a random order, with repeats.
    fn seed(conn: &mut Conn, rng: &mut Rng) -> (Vec<q::Author>, Vec<q::Post>, Vec<q::Tag>) {
        let authors: Vec<q::Author> = (0..6)
            .map(|i| {
                let new = q::NewAuthor {
                    name: format!("author {i}"),
                    email: None,
                };
                q::Author::create(conn, new).unwrap()
            })
            .collect();
        let mut posts = Vec::new();
        for i in 0..30 {
            let author = rng.below(8) as usize;
            let new = q::NewPost {
                title: format!("post {i}"),
                author_id: authors.get(author).map(|a| a.id),
                views: rng.below(4) as i32,
                rating: [None, Some(1.5), Some(2.5)][rng.below(3) as usize],
                ..Default::default()
            };
            posts.push(q::Post::create(conn, new).unwrap());
        }
        let tags: Vec<q::Tag> = (0..5)
            .map(|i| q::Tag::create(
                    conn,
                    q::NewTag {
                        label: format!("tag {i}"),
                        code: None,
                    },
                ).unwrap())
            .collect();
        for author in &authors {
            for tag in &tags {
                if rng.below(2) == 0 {
                    author.add_tag(conn, tag).unwrap();
                }
            }
        }
        let pick = |rng: &mut Rng, n: usize| -> Vec<usize> {
            (0..n + n / 2).map(|_| rng.below(n as u64) as usize).collect()
        };
        let authors = pick(rng, authors.len())
            .into_iter()
            .map(|i| authors[i].clone())
            .collect();
        let posts = pick(rng, posts.len())
            .into_iter()
            .map(|i| posts[i].clone())
            .collect();
        let tags = pick(rng, tags.len())
            .into_iter()
            .map(|i| tags[i].clone())
            .collect();
        (authors, posts, tags)
    }

    #[test]
    fn every_loader_gives_what_the_getters_give() {
        for seed_value in [7u64, 99, 12345] {
            let mut conn = db!(q::create_all);
            let mut rng = Rng(seed_value);
            let (authors, posts, tags) = seed(&mut conn, &mut rng);

            let loaded = q::Author::load_posts(&mut conn, &authors).unwrap();
            assert_eq!(loaded.len(), authors.len());
            for (a, got) in authors.iter().zip(&loaded) {
                assert_eq!(got, &a.get_posts(&mut conn).unwrap(), "hasMany");
            }
            let loaded = q::Post::load_author(&mut conn, &posts).unwrap();
            for (p, got) in posts.iter().zip(&loaded) {
                assert_eq!(got, &p.get_author(&mut conn).unwrap(), "belongsTo");
            }
            let loaded = q::Author::load_tags(&mut conn, &authors).unwrap();
            for (a, got) in authors.iter().zip(&loaded) {
                assert_eq!(got, &a.get_tags(&mut conn).unwrap(), "belongsToMany");
            }
            let loaded = q::Tag::load_authors(&mut conn, &tags).unwrap();
            for (t, got) in tags.iter().zip(&loaded) {
                assert_eq!(got, &t.get_authors(&mut conn).unwrap(), "its inverse");
            }
        }
    }

    /// One statement per loader call, whatever the number of sources; none
    /// for an empty slice, or sources without a key (counted by the
    /// backend's `statements`: SQLite's trace, PostgreSQL's log).
    #[test]
    fn a_loader_runs_one_statement() {
        let mut conn = db!(q::create_all);
        let authors: Vec<q::Author> = (0..50)
            .map(|i| {
                let new = q::NewAuthor {
                    name: format!("a{i}"),
                    email: None,
                };
                q::Author::create(&mut conn, new).unwrap()
            })
            .collect();
        let posts: Vec<q::Post> = (0..200)
            .map(|i| {
                let new = q::NewPost {
                    title: format!("p{i}"),
                    author_id: (i % 3 != 0).then(|| authors[i % 50].id),
                    ..Default::default()
                };
                q::Post::create(&mut conn, new).unwrap()
            })
            .collect();
        let query = || q::PostQuery::new().order_by(q::post::title::desc()).limit(2);
        let one = [
            statements(&mut conn, |c| drop(q::Author::load_posts(c, &authors).unwrap())),
            statements(&mut conn, |c| drop(q::Post::load_author(c, &posts).unwrap())),
            statements(&mut conn, |c| drop(q::Author::load_tags(c, &authors).unwrap())),
            statements(&mut conn, |c| {
                drop(q::Author::load_posts_where(c, &authors, query()).unwrap())
            }),
        ];
        assert_eq!(one, [1, 1, 1, 1]);
        let keyless: Vec<q::Post> = posts
            .iter()
            .filter(|p| p.author_id.is_none())
            .cloned()
            .collect();
        let none = [
            statements(&mut conn, |c| drop(q::Author::load_posts(c, &[]).unwrap())),
            statements(&mut conn, |c| drop(q::Post::load_author(c, &keyless).unwrap())),
            statements(&mut conn, |c| {
                drop(q::Author::load_posts_where(c, &[], query()).unwrap())
            }),
            statements(&mut conn, |c| {
                drop(q::Author::load_posts_where(c, &authors, query().limit(0)).unwrap())
            }),
        ];
        assert_eq!(none, [0, 0, 0, 0]);
        // The getters, for comparison: one statement a source.
        let each = statements(&mut conn, |c| {
            for a in &authors {
                a.get_posts(c).unwrap();
            }
        });
        assert_eq!(each, 50);
    }

    /// A random query on posts: a filter, an order, a page (or none).
    fn post_query(rng: &mut Rng) -> q::PostQuery {
        use q::post;
        let mut query = q::PostQuery::new();
        query = match rng.below(5) {
            0 => query,
            1 => query.filter(post::views::gt(rng.below(3) as i32)),
            2 => query.filter(post::rating::is_null()),
            3 => query.filter(post::title::ends_with(format!("{}", rng.below(10)))),
            _ => query.filter(post::views::le(1).or(post::rating::ge(2.0))),
        };
        for _ in 0..rng.below(3) {
            query = query.order_by(match rng.below(4) {
                0 => post::views::desc(),
                1 => post::rating::asc(),
                2 => post::rating::desc(),
                _ => post::title::asc(),
            });
        }
        if rng.below(3) > 0 {
            query = query.limit(rng.below(4));
        }
        if rng.below(2) > 0 {
            query = query.offset(rng.below(3));
        }
        query
    }

    /// `load_xs_where` gives each source what `get_xs_where` gives it:
    /// the filter, the order, and the limit and offset per source.
    #[test]
    fn filtered_loaders_give_what_get_where_gives_each_source() {
        use q::{author, tag};
        for seed_value in [3u64, 41, 2024] {
            let mut conn = db!(q::create_all);
            let mut rng = Rng(seed_value);
            let (authors, _, tags) = seed(&mut conn, &mut rng);
            for case in 0..60 {
                let query = post_query(&mut rng);
                let loaded = q::Author::load_posts_where(&mut conn, &authors, query.clone()).unwrap();
                assert_eq!(loaded.len(), authors.len());
                for (a, got) in authors.iter().zip(&loaded) {
                    let want = a.get_posts_where(&mut conn, query.clone()).unwrap();
                    assert_eq!(got, &want, "seed {seed_value} case {case}: {query:?}");
                }
                let mut query = q::TagQuery::new().order_by(tag::label::desc());
                if rng.below(2) == 0 {
                    query = query.filter(tag::label::ne(format!("tag {}", rng.below(5))));
                }
                let query = query.limit(rng.below(3)).offset(rng.below(2));
                let loaded = q::Author::load_tags_where(&mut conn, &authors, query.clone()).unwrap();
                for (a, got) in authors.iter().zip(&loaded) {
                    let want = a.get_tags_where(&mut conn, query.clone()).unwrap();
                    assert_eq!(got, &want, "belongsToMany, case {case}: {query:?}");
                }
                let query = q::AuthorQuery::new()
                    .order_by(author::name::desc())
                    .limit(1 + rng.below(2));
                let loaded = q::Tag::load_authors_where(&mut conn, &tags, query.clone()).unwrap();
                for (t, got) in tags.iter().zip(&loaded) {
                    assert_eq!(got, &t.get_authors_where(&mut conn, query.clone()).unwrap());
                }
            }
        }
    }

    #[test]
    fn has_one_and_its_inverse_load_as_their_getters() {
        let mut conn = db!(pdl::create_all);
        let people: Vec<pdl::Person> = ["Ann", "Bob", "Cy"]
            .iter()
            .map(|name| pdl::Person::create(&mut conn, pdl::NewPerson { name: name.to_string() }).unwrap())
            .collect();
        for (i, number) in ["L-1", "L-2"].iter().enumerate() {
            people[i]
                .create_driving_license(
                    &mut conn,
                    pdl::NewDrivingLicense {
                        number: number.to_string(),
                        owner_id: None,
                    },
                )
                .unwrap();
        }
        let sources = [&people[2], &people[0], &people[1], &people[0]].map(|p| p.clone());
        let loaded = pdl::Person::load_driving_license(&mut conn, &sources).unwrap();
        for (p, got) in sources.iter().zip(&loaded) {
            assert_eq!(got, &p.get_driving_license(&mut conn).unwrap());
        }
        assert!(loaded[0].is_none() && loaded[1].is_some());
        let licences = pdl::DrivingLicense::find_all(&mut conn).unwrap();
        let owners = pdl::DrivingLicense::load_owner(&mut conn, &licences).unwrap();
        for (l, got) in licences.iter().zip(&owners) {
            assert_eq!(got, &l.get_owner(&mut conn).unwrap());
        }
        // Nothing to load: no statement, an answer per source.
        assert!(pdl::Person::load_driving_license(&mut conn, &[]).unwrap().is_empty());
    }

    /// 70,000 sources, more than SQLite (32,766) or PostgreSQL (65,535)
    /// take parameters in one statement: the keys are one parameter.
    #[test]
    fn seventy_thousand_sources_load_in_one_statement() {
        let mut conn = db!(q::create_all);
        let ann = q::Author::create(
            &mut conn,
            q::NewAuthor {
                name: "Ann".into(),
                email: None,
            },
        )
        .unwrap();
        let post = q::NewPost {
            title: "one".into(),
            author_id: Some(ann.id),
            ..Default::default()
        };
        q::Post::create(&mut conn, post).unwrap();
        // Sources need not be stored: a loader reads their keys alone.
        let sources: Vec<q::Author> = (0..70_000)
            .map(|i| q::Author {
                id: ann.id + i,
                name: format!("a{i}"),
                email: None,
            })
            .collect();
        let loaded = q::Author::load_posts(&mut conn, &sources).unwrap();
        assert_eq!(loaded.len(), 70_000);
        assert_eq!(loaded[0].len(), 1);
        assert!(loaded[1..].iter().all(Vec::is_empty));
    }

    /// Keys that are text (a `sourceKey` and a `targetKey` other than the
    /// primary key), with quotes and a backslash in them.
    #[test]
    fn text_keys_load_as_their_getters() {
        let mut conn = db!(acc::create_all);
        let emails = [Some(r#"a"b@x"#), Some(r"c\d@x"), None, Some("e@x")];
        let accounts: Vec<acc::Account> = emails
            .iter()
            .enumerate()
            .map(|(i, email)| {
                let new = acc::NewAccount {
                    name: format!("n{i}"),
                    email: email.map(str::to_string),
                    referrer_id: None,
                };
                acc::Account::create(&mut conn, new).unwrap()
            })
            .collect();
        let tags: Vec<acc::Tag> = [r#"x"y"#, "plain"]
            .iter()
            .map(|label| acc::Tag::create(&mut conn, acc::NewTag { label: label.to_string() }).unwrap())
            .collect();
        for (i, account) in accounts.iter().enumerate() {
            if account.email.is_some() {
                for k in 0..i {
                    let new = acc::NewInvoice {
                        total: rust_decimal::Decimal::from(k as i64),
                        owner_email: None,
                    };
                    account.create_invoice(&mut conn, new).unwrap();
                }
            }
            account.add_tag(&mut conn, &tags[i % 2]).unwrap();
        }
        let sources = [1, 0, 2, 3, 1].map(|i| accounts[i].clone());
        let loaded = acc::Account::load_invoices(&mut conn, &sources).unwrap();
        for (a, got) in sources.iter().zip(&loaded) {
            assert_eq!(got, &a.get_invoices(&mut conn).unwrap());
        }
        assert_eq!(loaded[0].len(), 1);
        // Filtered and paged per source, by a text key too.
        let query = acc::InvoiceQuery::new()
            .order_by(acc::invoice::total::desc())
            .limit(2)
            .offset(1);
        let loaded = acc::Account::load_invoices_where(&mut conn, &sources, query.clone()).unwrap();
        for (a, got) in sources.iter().zip(&loaded) {
            assert_eq!(got, &a.get_invoices_where(&mut conn, query.clone()).unwrap());
        }
        let invoices = acc::Invoice::find_all(&mut conn).unwrap();
        let owners = acc::Invoice::load_owner(&mut conn, &invoices).unwrap();
        for (invoice, got) in invoices.iter().zip(&owners) {
            assert_eq!(got, &invoice.get_owner(&mut conn).unwrap());
            assert!(got.is_some());
        }
        let loaded = acc::Account::load_tags(&mut conn, &sources).unwrap();
        for (a, got) in sources.iter().zip(&loaded) {
            assert_eq!(got, &a.get_tags(&mut conn).unwrap());
        }
        let loaded = acc::Tag::load_accounts(&mut conn, &tags).unwrap();
        for (t, got) in tags.iter().zip(&loaded) {
            assert_eq!(got, &t.get_accounts(&mut conn).unwrap());
        }
    }

    /// Keys that are uuids (a `targetKey`), stored as text on SQLite.
    #[test]
    fn uuid_keys_load_as_their_getters() {
        let mut conn = db!(q::create_all);
        let tags: Vec<q::Tag> = (0..4u128)
            .map(|i| {
                let new = q::NewTag {
                    label: format!("t{i}"),
                    code: (i != 2).then(|| uuid::Uuid::from_u128(i * 7 + 1)),
                };
                q::Tag::create(&mut conn, new).unwrap()
            })
            .collect();
        let mut badges = Vec::new();
        for (i, tag) in tags.iter().enumerate() {
            for k in 0..=i {
                let new = q::NewBadge {
                    name: format!("b{i}{k}"),
                    tag_code: if k == 0 { None } else { tag.code },
                };
                badges.push(q::Badge::create(&mut conn, new).unwrap());
            }
        }
        badges.push(badges[3].clone());
        let loaded = q::Badge::load_tag(&mut conn, &badges).unwrap();
        for (b, got) in badges.iter().zip(&loaded) {
            assert_eq!(got, &b.get_tag(&mut conn).unwrap());
        }
        assert!(loaded.iter().any(Option::is_some));
    }

    /// A nullable uuid `sourceKey`: a source without a key has no targets,
    /// from the getter and from the loader alike.
    #[test]
    fn a_nullable_uuid_source_key_loads_as_its_getter() {
        let mut conn = db!(q::create_all);
        let tags: Vec<q::Tag> = (0..3u128)
            .map(|i| {
                let new = q::NewTag {
                    label: format!("t{i}"),
                    code: (i != 1).then(|| uuid::Uuid::from_u128(i + 100)),
                };
                q::Tag::create(&mut conn, new).unwrap()
            })
            .collect();
        for tag in &tags {
            let new = q::NewSticker {
                name: format!("on {}", tag.label),
                tag_code: None,
            };
            let sticker = tag.create_sticker(&mut conn, new).unwrap();
            assert_eq!(sticker.tag_code, tag.code);
        }
        let loaded = q::Tag::load_stickers(&mut conn, &tags).unwrap();
        for (t, got) in tags.iter().zip(&loaded) {
            assert_eq!(got, &t.get_stickers(&mut conn).unwrap());
        }
        assert_eq!(loaded.iter().map(Vec::len).collect::<Vec<_>>(), [1, 0, 1]);
        assert_eq!(tags[1].count_stickers(&mut conn).unwrap(), 0);
    }
}
