fn main() -> Result<(), ormgen::BuildError> {
    ormgen::Builder::new().schema("schema.models").compile()?;
    Ok(())
}
