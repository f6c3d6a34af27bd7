//! The `tlforge` command; everything lives in `tlforge_cli::cli`.

use std::process::ExitCode;

// Generation allocates millions of small token and syntax-tree nodes; mimalloc serves them in
// about two thirds of the time glibc's malloc takes (BENCHMARKS.md, issue 24).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    tlforge_cli::cli::run()
}
