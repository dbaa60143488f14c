//! A small to-do service: an axum router over a `deadpool-postgres` pool,
//! whose every handler calls the async code ormgen generated from
//! `schema.models` (`--backend tokio-postgres`, from `build.rs`).
//!
//! - `POST /projects` `{"name": ...}`: the project of that name, made if
//!   there is none (race-free: `find_or_create_by_name`).
//! - `GET /projects`: every project with its open tasks' count, in two
//!   statements however many projects (a batch loader).
//! - `POST /projects/{id}/tasks` `{"title": ...}`: a new task.
//! - `GET /projects/{id}/tasks?done=false`: its tasks, filtered by a typed
//!   query.
//! - `POST /tasks/{id}/done`: marks a task done.

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};

pub mod models {
    include!(concat!(env!("OUT_DIR"), "/models.rs"));
}

use models::{NewProject, NewTask, Project, ProjectId, Task, TaskId, task};

/// A failed call, as the client sees it.
pub struct Error(pub StatusCode, pub String);

impl From<tokio_postgres::Error> for Error {
    fn from(e: tokio_postgres::Error) -> Self {
        Error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
    }
}

impl From<deadpool_postgres::PoolError> for Error {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        Error(StatusCode::SERVICE_UNAVAILABLE, e.to_string())
    }
}

impl axum::response::IntoResponse for Error {
    fn into_response(self) -> axum::response::Response {
        (self.0, self.1).into_response()
    }
}

fn not_found(what: &str) -> Error {
    Error(StatusCode::NOT_FOUND, format!("no such {what}"))
}

#[derive(Deserialize)]
pub struct NewProjectBody {
    pub name: String,
}

#[derive(Deserialize)]
pub struct NewTaskBody {
    pub title: String,
}

#[derive(Deserialize)]
pub struct TaskFilter {
    pub done: Option<bool>,
}

/// A project in the listing.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
pub struct ProjectSummary {
    pub project: Project,
    pub open_tasks: usize,
}

/// Creates the tables that are missing; then the routes.
pub async fn app(pool: deadpool_postgres::Pool) -> Result<Router, Error> {
    let mut client = pool.get().await?;
    // A pooled client derefs to a `tokio_postgres::Client`.
    models::create_all(&mut **client).await?;
    Ok(Router::new()
        .route("/projects", get(list_projects).post(create_project))
        .route("/projects/{id}/tasks", get(list_tasks).post(create_task))
        .route("/tasks/{id}/done", post(finish_task))
        .with_state(pool))
}

async fn create_project(
    State(pool): State<deadpool_postgres::Pool>,
    Json(body): Json<NewProjectBody>,
) -> Result<Json<Project>, Error> {
    let mut client = pool.get().await?;
    let new = NewProject { name: body.name };
    let (project, _created) = Project::find_or_create_by_name(&mut **client, new).await?;
    Ok(Json(project))
}

async fn list_projects(
    State(pool): State<deadpool_postgres::Pool>,
) -> Result<Json<Vec<ProjectSummary>>, Error> {
    let mut client = pool.get().await?;
    let conn = &mut **client;
    let projects = Project::find_all(conn).await?;
    let open = Project::load_tasks_where(conn, &projects, task::done::eq(false)).await?;
    let summaries = projects
        .into_iter()
        .zip(open)
        .map(|(project, open)| ProjectSummary {
            project,
            open_tasks: open.len(),
        })
        .collect();
    Ok(Json(summaries))
}

async fn create_task(
    State(pool): State<deadpool_postgres::Pool>,
    Path(id): Path<i32>,
    Json(body): Json<NewTaskBody>,
) -> Result<Json<Task>, Error> {
    let mut client = pool.get().await?;
    let conn = &mut **client;
    let project = Project::find_by_pk(conn, ProjectId(id))
        .await?
        .ok_or_else(|| not_found("project"))?;
    let new = NewTask {
        title: body.title,
        ..Default::default()
    };
    Ok(Json(project.create_task(conn, new).await?))
}

async fn list_tasks(
    State(pool): State<deadpool_postgres::Pool>,
    Path(id): Path<i32>,
    Query(filter): Query<TaskFilter>,
) -> Result<Json<Vec<Task>>, Error> {
    let mut client = pool.get().await?;
    let conn = &mut **client;
    let project = Project::find_by_pk(conn, ProjectId(id))
        .await?
        .ok_or_else(|| not_found("project"))?;
    let tasks = match filter.done {
        Some(done) => project.get_tasks_where(conn, task::done::eq(done)).await?,
        None => project.get_tasks(conn).await?,
    };
    Ok(Json(tasks))
}

async fn finish_task(
    State(pool): State<deadpool_postgres::Pool>,
    Path(id): Path<i32>,
) -> Result<Json<Task>, Error> {
    let mut client = pool.get().await?;
    let conn = &mut **client;
    let mut task = Task::find_by_pk(conn, TaskId(id))
        .await?
        .ok_or_else(|| not_found("task"))?;
    task.done = true;
    task.save(conn).await?;
    Ok(Json(task))
}
