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
