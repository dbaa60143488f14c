// The generated `migrate(conn)`, shared by every backend's tests: the
// code of a shop's first schema (`gen_shop_v1`, built with the
// migrations folder fixtures/migrations/v1) and of its second
// (`gen_shop_v2`, folder v2: one migration more), on one database, as an
// application upgrades its own database at start.

mod migrations {
    use super::*;
    use e2e::gen_shop_v1 as v1;
    use e2e::gen_shop_v2 as v2;

    #[test]
    fn an_application_upgrades_its_own_database() {
        // An empty database (the test's own schema on PostgreSQL).
        let mut conn = db!(v1::create_all);
        v1::drop_all(&mut conn).unwrap();
        assert_eq!(v1::migrate(&mut conn).unwrap(), ["0001_init"]);
        assert!(v1::migrate(&mut conn).unwrap().is_empty(), "applied once");
        // The first version's rows, one order without a total.
        let new = v1::NewCustomer {
            name: "Ann".into(),
            email: None,
        };
        let ann = v1::Customer::create(&mut conn, new).unwrap();
        for total in [None, Some(7)] {
            let new = v1::NewOrder {
                status: Some(v1::Status::Paid),
                total,
                customer_id: None,
            };
            ann.create_order(&mut conn, new).unwrap();
        }

        // The second version starts: one migration more, once.
        assert_eq!(v2::migrate(&mut conn).unwrap(), ["0002_grow"]);
        assert!(v2::migrate(&mut conn).unwrap().is_empty());
        // Its tables exist: `create_all` changes nothing.
        v2::create_all(&mut conn).unwrap();
        let ann = v2::Customer::find_by_pk(&mut conn, v2::CustomerId(ann.id))
            .unwrap()
            .unwrap();
        assert_eq!((ann.full_name.as_str(), ann.vip), ("Ann", false), "renamed, kept");
        let mut orders = ann.get_orders(&mut conn).unwrap();
        let totals: Vec<i32> = orders.iter().map(|o| o.total).collect();
        assert_eq!(totals, [0, 7], "a NULL total took the new default");
        assert!(orders.iter().all(|o| o.status == v2::Status::Paid));
        // The new value and the new table work.
        orders[0].status = v2::Status::Shipped;
        orders[0].save(&mut conn).unwrap();
        let line = v2::NewLine {
            product: "pen".into(),
            ..Default::default()
        };
        let line = orders[0].create_line(&mut conn, line).unwrap();
        assert_eq!(line.quantity, 1);
        assert_eq!(orders[0].count_lines(&mut conn).unwrap(), 1);
        assert_eq!(
            v2::Order::count_where(&mut conn, v2::order::status::eq(v2::Status::Shipped))
                .unwrap(),
            1
        );
    }

    /// A database the second version starts on empty gets both
    /// migrations, in order.
    #[test]
    fn a_new_database_gets_every_migration() {
        let mut conn = db!(v2::create_all);
        v2::drop_all(&mut conn).unwrap();
        assert_eq!(v2::migrate(&mut conn).unwrap(), ["0001_init", "0002_grow"]);
        let new = v2::NewCustomer {
            full_name: "Bo".into(),
            email: None,
            vip: Some(true),
        };
        let bo = v2::Customer::create(&mut conn, new).unwrap();
        assert!(bo.vip);
        assert!(v2::migrate(&mut conn).unwrap().is_empty());
    }
}
