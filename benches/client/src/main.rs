//! Runs the client workload once and prints what it did (issue 40).

fn main() -> Result<(), tlforge_client_bench::Error> {
    println!("{:#?}", tlforge_client_bench::run()?);
    Ok(())
}
