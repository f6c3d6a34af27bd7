//! Runs the client workload once and prints what it did (issue 40).

fn main() -> Result<(), grammers_client_bench::Error> {
    println!("{:#?}", grammers_client_bench::run()?);
    Ok(())
}
