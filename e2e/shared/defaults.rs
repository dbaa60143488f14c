// Defaults at the edges of their types (fixtures/valid/defaults.models):
// the database takes each as written and gives it back unchanged.
// Shared by every backend's tests.

use e2e::gen_defaults as d;

#[test]
fn defaults_at_the_edges_of_their_types_round_trip() {
    let mut conn = db!(d::create_all);
    let s = d::Setting::create(&mut conn, d::NewSetting::default()).unwrap();
    assert_eq!(s.name, "x".repeat(255));
    assert_eq!(s.code, "abc");
    assert_eq!(s.ratio, 3.4e38_f32);
    assert_eq!(s.tiny, 0.000001);
    // Decimals keep every digit, and their scale.
    assert_eq!(s.price.to_string(), "1234567890123456.78");
    assert_eq!(s.rate.map(|r| r.to_string()).as_deref(), Some("0.1250"));
    assert_eq!(s.doc, Some(serde_json::json!({"a": [1, 2, null]})));
    assert_eq!(s.extra, Some(serde_json::json!([])));
    assert_eq!(s.day, chrono::NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
    assert_eq!(
        s.at,
        "2024-02-29T18:29:59.123Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
    );
    assert_eq!(
        s.clock,
        chrono::NaiveTime::from_hms_milli_opt(23, 59, 59, 500).unwrap()
    );
    assert_eq!(s.size, d::Size::ExtraordinarilyLarge);
    assert_eq!(d::Setting::find_all(&mut conn).unwrap(), [s]);
}

/// Decimals at the edges of their precision and scale come back exactly,
/// digits and scale (SQLite's NUMERIC turned them into floats).
#[test]
fn decimals_round_trip_exactly() {
    use rust_decimal::Decimal;
    use std::str::FromStr;
    let mut conn = db!(d::create_all);
    for (price, rate) in [
        ("9999999999999999.99", "9.9999"),
        ("-9999999999999999.99", "-9.9999"),
        ("0.01", "0.0001"),
        ("12.50", "0.5000"),
        ("1234567890123456.78", "1.2500"),
    ] {
        let new = d::NewSetting {
            price: Some(Decimal::from_str(price).unwrap()),
            rate: Some(Decimal::from_str(rate).unwrap()),
            ..Default::default()
        };
        let created = d::Setting::create(&mut conn, new).unwrap();
        let read = d::Setting::find_by_pk(&mut conn, d::SettingId(created.id))
            .unwrap()
            .unwrap();
        assert_eq!(read.price.to_string(), price);
        assert_eq!(read.rate.map(|r| r.to_string()).as_deref(), Some(rate));
    }
}
