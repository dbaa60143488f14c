//! The README's example, word for word, compiled and run against SQLite
//! (in a fresh directory, twice: `create_all` at every start). The main
//! crate's tests/readme.rs checks that the README still says exactly what
//! stands between the markers, but for its first line, `mod models;`.

use ormgen_e2e_sqlite::gen_readme as models;

// Laid out as the README shows it, not as rustfmt would.
#[rustfmt::skip]
fn readme_example() -> Result<(), Box<dyn std::error::Error>> {
    // README example: begin
    use models::{NewDrivingLicense, NewPerson, Person};

    let conn = rusqlite::Connection::open("app.db")?;
    models::create_all(&conn)?; // tables in dependency order, foreign keys on

    let ann = Person::create(&conn, NewPerson { name: "Ann".into(), role: None })?; // role: its default
    let licence = ann.create_driving_license(&conn, NewDrivingLicense {
        number: "L-1".into(),
        owner_id: None, // filled in by create_driving_license
    })?;
    assert_eq!(licence.get_owner(&conn)?.map(|p| p.id), Some(ann.id));
    ann.set_driving_license(&conn, None)?; // unlinks it: owner_id becomes NULL
    // README example: end
    Ok(())
}

#[test]
fn the_readme_example_compiles_and_runs() {
    let dir = std::env::temp_dir().join(format!("ormgen-readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::env::set_current_dir(&dir).unwrap();
    let _ = std::fs::remove_file("app.db");
    readme_example().unwrap();
    // A second start on the same database: create_all passes (the tables
    // exist), and the example stops only at the licence number, which is
    // unique and taken by the first run.
    let again = readme_example().unwrap_err().to_string();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(again.contains("UNIQUE constraint failed"), "{again}");
}
