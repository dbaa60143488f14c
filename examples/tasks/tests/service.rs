//! The service over HTTP against a throwaway PostgreSQL: projects made
//! (once, however many ask at once), tasks added, filtered and finished,
//! and the listing's open-task counts.

#[allow(dead_code)]
#[path = "../../../tests/common/pg.rs"]
mod pg;
#[path = "../../../tests/common/server.rs"]
mod server;

use tasks::ProjectSummary;
use tasks::models::{Project, Task};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// `(status, body)` of one HTTP/1.1 request to `address`.
async fn request(
    address: std::net::SocketAddr,
    method: &str,
    path: &str,
    body: &str,
) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, body.to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_service_serves_projects_and_tasks() {
    // The synchronous helpers start the server on a thread of their own.
    let Some((server, url)) = std::thread::spawn(|| {
        let server = pg::PgServer::start()?;
        server.database("tasks");
        let url = format!(
            "host=127.0.0.1 port={} user=postgres dbname=tasks",
            server.port
        );
        Some((server, url))
    })
    .join()
    .unwrap() else {
        return;
    };
    let config: tokio_postgres::Config = url.parse().unwrap();
    let manager = deadpool_postgres::Manager::new(config, tokio_postgres::NoTls);
    let pool = deadpool_postgres::Pool::builder(manager)
        .max_size(4)
        .build()
        .unwrap();
    let Ok(app) = tasks::app(pool).await else {
        panic!("the service starts");
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    // Sixteen clients ask for the same two projects at once: two rows.
    let asks: Vec<_> = (0..16)
        .map(|i| {
            let body = format!(r#"{{"name": "{}"}}"#, ["home", "work"][i % 2]);
            tokio::spawn(async move { request(address, "POST", "/projects", &body).await })
        })
        .collect();
    let mut ids = std::collections::BTreeMap::new();
    for ask in asks {
        let (status, body) = ask.await.unwrap();
        assert_eq!(status, 200, "{body}");
        let project: Project = serde_json::from_str(&body).unwrap();
        ids.entry(project.name)
            .or_insert(Vec::new())
            .push(project.id);
    }
    // Eight answers for each name, all the same row.
    assert_eq!(ids.len(), 2);
    assert!(
        ids.values()
            .all(|same| same.len() == 8 && same.iter().all(|&id| id == same[0]))
    );
    let home = ids["home"][0];

    let mut tasks = Vec::new();
    for title in ["dishes", "laundry", "plants"] {
        let path = format!("/projects/{home}/tasks");
        let (status, body) = request(
            address,
            "POST",
            &path,
            &format!(r#"{{"title": "{title}"}}"#),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let task: Task = serde_json::from_str(&body).unwrap();
        assert!(!task.done);
        tasks.push(task);
    }
    let (status, body) =
        request(address, "POST", &format!("/tasks/{}/done", tasks[1].id), "").await;
    assert_eq!(status, 200, "{body}");

    let open = format!("/projects/{home}/tasks?done=false");
    let (_, body) = request(address, "GET", &open, "").await;
    let open: Vec<Task> = serde_json::from_str(&body).unwrap();
    let titles: Vec<&str> = open.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, ["dishes", "plants"]);

    let (_, body) = request(address, "GET", "/projects", "").await;
    let listing: Vec<ProjectSummary> = serde_json::from_str(&body).unwrap();
    let mut counts: Vec<(&str, usize)> = listing
        .iter()
        .map(|s| (s.project.name.as_str(), s.open_tasks))
        .collect();
    counts.sort();
    assert_eq!(counts, [("home", 2), ("work", 0)]);

    let (status, _) = request(address, "POST", "/projects/999/tasks", r#"{"title": "x"}"#).await;
    assert_eq!(status, 404);
    drop(server);
}
