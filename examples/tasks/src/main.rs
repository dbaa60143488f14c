//! `cargo run -p tasks -- "host=localhost user=postgres dbname=tasks" 127.0.0.1:3000`
//! serves the to-do API (see the library's documentation) on that address.

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(url), Some(address)) = (args.next(), args.next()) else {
        eprintln!(
            "usage: tasks POSTGRES_URL ADDRESS (e.g. \"host=localhost user=postgres dbname=tasks\" 127.0.0.1:3000)"
        );
        std::process::exit(2);
    };
    let config: tokio_postgres::Config = url.parse()?;
    let manager = deadpool_postgres::Manager::new(config, tokio_postgres::NoTls);
    let pool = deadpool_postgres::Pool::builder(manager)
        .max_size(8)
        .build()?;
    let app = tasks::app(pool)
        .await
        .map_err(|tasks::Error(status, message)| format!("{status}: {message}"))?;
    let listener = tokio::net::TcpListener::bind(&address).await?;
    eprintln!("serving on http://{address}");
    axum::serve(listener, app).await?;
    Ok(())
}
