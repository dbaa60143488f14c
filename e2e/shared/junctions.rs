// A belongsToMany through a declared junction with values of its own
// (`fixtures/valid/memberships.models`), shared by every backend's tests:
// links made and changed with the junction's values, targets read with
// their junction rows (one by one and in a batch), and the junction's own
// belongsTo getters.

mod junctions {
    use super::*;
    use e2e::gen_memberships as m;

    fn player(conn: &mut Conn, name: &str) -> m::Player {
        let new = m::NewPlayer { name: name.into() };
        m::Player::create(conn, new).unwrap()
    }

    fn team(conn: &mut Conn, name: &str) -> m::Team {
        let new = m::NewTeam { name: name.into() };
        m::Team::create(conn, new).unwrap()
    }

    fn day(d: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 1, d).unwrap()
    }

    /// `add_x_with` links with the junction's values (a `None` role takes
    /// the column's default); on a link that exists it writes the new
    /// values into the same row (a `None` role leaves it as it was).
    #[test]
    fn add_with_links_and_then_changes_the_junction_row() {
        let mut conn = db!(m::create_all);
        let ann = player(&mut conn, "Ann");
        let reds = team(&mut conn, "Reds");
        let blues = team(&mut conn, "Blues");
        let through = m::NewMembership {
            rank: 3,
            note: Some("new".into()),
            joined_on: Some(day(5)),
            ..Default::default()
        };
        let row = ann.add_team_with(&mut conn, &reds, through).unwrap();
        assert_eq!(row.role, m::Role::Member, "the column's default");
        assert_eq!((row.rank, row.note.as_deref()), (3, Some("new")));
        assert_eq!((row.player_id, row.team_id), (ann.id, reds.id));
        // The composite key: the player's key, then the team's.
        assert_eq!(row.key(), m::MembershipId(ann.id, reds.id));

        let captain = m::NewMembership {
            role: Some(m::Role::Captain),
            rank: 1,
            ..Default::default()
        };
        let changed = ann.add_team_with(&mut conn, &reds, captain).unwrap();
        assert_eq!(changed.role, m::Role::Captain);
        assert_eq!((changed.rank, changed.note, changed.joined_on), (1, None, None));
        let unchanged_role = m::NewMembership {
            rank: 2,
            ..Default::default()
        };
        let again = ann.add_team_with(&mut conn, &reds, unchanged_role).unwrap();
        assert_eq!((again.role, again.rank), (m::Role::Captain, 2));
        assert_eq!(m::Membership::count(&mut conn).unwrap(), 1, "one row a link");

        // A plain `add_team` gives no rank, which the junction needs.
        ann.add_team(&mut conn, &blues).unwrap_err();
        let through = m::NewMembership {
            rank: 7,
            ..Default::default()
        };
        ann.add_team_with(&mut conn, &blues, through).unwrap();
        let pairs = ann.get_teams_with_membership(&mut conn).unwrap();
        let seen: Vec<(String, m::Role, i32)> = pairs
            .iter()
            .map(|(t, j)| (t.name.clone(), j.role, j.rank))
            .collect();
        assert_eq!(
            seen,
            [
                ("Reds".to_string(), m::Role::Captain, 2),
                ("Blues".to_string(), m::Role::Member, 7),
            ]
        );
        for (t, j) in &pairs {
            assert_eq!((j.player_id, j.team_id), (ann.id, t.id));
        }
        // The targets alone, as ever.
        let teams: Vec<m::Team> = pairs.into_iter().map(|(t, _)| t).collect();
        assert_eq!(teams, ann.get_teams(&mut conn).unwrap());
    }

    /// `add_xs_with` links several with the same values; `set_xs_with`
    /// keeps exactly the listed ones, each with the new values.
    #[test]
    fn add_all_and_set_with_write_every_link() {
        let mut conn = db!(m::create_all);
        let bo = player(&mut conn, "Bo");
        let teams: Vec<m::Team> = ["A", "B", "C"].iter().map(|n| team(&mut conn, n)).collect();
        let through = m::NewMembership {
            rank: 4,
            ..Default::default()
        };
        let rows = bo.add_teams_with(&mut conn, &teams[..2], through).unwrap();
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(|r| r.rank == 4 && r.player_id == bo.id));

        let through = m::NewMembership {
            role: Some(m::Role::Captain),
            rank: 9,
            ..Default::default()
        };
        let rows = bo.set_teams_with(&mut conn, &teams[1..], through).unwrap();
        assert_eq!(rows.len(), 2);
        let now: Vec<(i32, m::Role, i32)> = bo
            .get_teams_with_membership(&mut conn)
            .unwrap()
            .into_iter()
            .map(|(t, j)| (t.id, j.role, j.rank))
            .collect();
        assert_eq!(
            now,
            [
                (teams[1].id, m::Role::Captain, 9),
                (teams[2].id, m::Role::Captain, 9),
            ]
        );
        assert_eq!(m::Membership::count(&mut conn).unwrap(), 2, "A's row is gone");
    }

    /// A failing `add_x_with` changes nothing: neither a new link nor the
    /// values of an existing one.
    #[test]
    fn a_failing_add_with_leaves_every_row_as_it_was() {
        let mut conn = db!(m::create_all);
        let cy = player(&mut conn, "Cy");
        let reds = team(&mut conn, "Reds");
        let blues = team(&mut conn, "Blues");
        let through = |rank| m::NewMembership {
            rank,
            note: Some("kept".into()),
            ..Default::default()
        };
        cy.add_team_with(&mut conn, &reds, through(1)).unwrap();
        refuse_writes(&mut conn, "memberships", "rank", "13");
        cy.add_team_with(&mut conn, &reds, through(13)).unwrap_err();
        cy.add_team_with(&mut conn, &blues, through(13)).unwrap_err();
        let pairs = cy.get_teams_with_membership(&mut conn).unwrap();
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].1.rank, pairs[0].1.note.as_deref()), (1, Some("kept")));
        // Several at once: all or nothing.
        let both = [reds.clone(), blues.clone()];
        cy.set_teams_with(&mut conn, &both, through(13)).unwrap_err();
        assert_eq!(cy.get_teams(&mut conn).unwrap(), [reds]);
    }

    /// `load_xs_with_<junction>` gives each source what
    /// `get_xs_with_<junction>` gives it (repeated sources, a source with
    /// no link, targets shared by several sources), and the junction's
    /// belongsTo getters and loaders give each row its two ends.
    #[test]
    fn loading_with_the_junction_gives_what_the_getter_gives() {
        let mut conn = db!(m::create_all);
        let players: Vec<m::Player> = (0..5).map(|i| player(&mut conn, &format!("p{i}"))).collect();
        let teams: Vec<m::Team> = (0..4).map(|i| team(&mut conn, &format!("t{i}"))).collect();
        for (i, p) in players.iter().enumerate().skip(1) {
            for (k, t) in teams.iter().enumerate() {
                if (i + k) % 3 != 0 {
                    let through = m::NewMembership {
                        rank: (i * 10 + k) as i32,
                        joined_on: Some(day(1 + k as u32)),
                        ..Default::default()
                    };
                    p.add_team_with(&mut conn, t, through).unwrap();
                }
            }
        }
        let sources = [4, 0, 2, 2, 1, 3].map(|i| players[i].clone());
        let loaded = m::Player::load_teams_with_membership(&mut conn, &sources).unwrap();
        assert_eq!(loaded.len(), sources.len());
        for (p, got) in sources.iter().zip(&loaded) {
            assert_eq!(got, &p.get_teams_with_membership(&mut conn).unwrap());
        }
        assert!(loaded[1].is_empty(), "p0 has no team");
        assert_eq!(
            statements(&mut conn, |c| {
                drop(m::Player::load_teams_with_membership(c, &sources).unwrap())
            }),
            1
        );

        let rows = m::Membership::find_all(&mut conn).unwrap();
        let owners = m::Membership::load_player(&mut conn, &rows).unwrap();
        let teams_of = m::Membership::load_team(&mut conn, &rows).unwrap();
        for ((row, owner), team) in rows.iter().zip(&owners).zip(&teams_of) {
            let p = row.get_player(&mut conn).unwrap();
            let t = row.get_team(&mut conn).unwrap();
            assert_eq!((p.id, t.id), (row.player_id, row.team_id));
            assert_eq!((owner.as_ref(), team.as_ref()), (Some(&p), Some(&t)));
        }
    }

    /// A junction with its own generated key whose link to the target is
    /// a text key other than the target's primary key (`targetKey:
    /// label`), from both ends.
    #[test]
    fn a_junction_by_a_text_target_key_keeps_its_values() {
        use e2e::gen_accessors as acc;
        let mut conn = db!(acc::create_all);
        let new = acc::NewAccount {
            name: "Di".into(),
            email: None,
            referrer_id: None,
        };
        let di = acc::Account::create(&mut conn, new).unwrap();
        let tags: Vec<acc::Tag> = [r#"o"k"#, "b"]
            .iter()
            .map(|label| acc::Tag::create(&mut conn, acc::NewTag { label: label.to_string() }).unwrap())
            .collect();
        let note = |n: &str| acc::NewAccountTag {
            note: Some(n.into()),
            ..Default::default()
        };
        let first = di.add_tag_with(&mut conn, &tags[0], note("one")).unwrap();
        let second = di.add_tag_with(&mut conn, &tags[0], note("two")).unwrap();
        assert_eq!(first.id, second.id, "the same junction row");
        assert_eq!(second.tag_label, tags[0].label);
        tags[1].add_account_with(&mut conn, &di, note("three")).unwrap();
        let got = di.get_tags_with_account_tag(&mut conn).unwrap();
        let notes: Vec<(&str, Option<&str>)> = got
            .iter()
            .map(|(t, j)| (t.label.as_str(), j.note.as_deref()))
            .collect();
        assert_eq!(notes, [(r#"o"k"#, Some("two")), ("b", Some("three"))]);
        let loaded =
            acc::Account::load_tags_with_account_tag(&mut conn, std::slice::from_ref(&di)).unwrap();
        assert_eq!(loaded.len(), 1);
        assert_eq!(loaded[0], got);
        let back = tags[1].get_accounts_with_account_tag(&mut conn).unwrap();
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].0, di);
        assert_eq!(got[1].1.get_tag(&mut conn).unwrap(), tags[1]);
        assert_eq!(got[1].1.get_account(&mut conn).unwrap(), di);
    }
}
