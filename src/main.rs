//! The `regiodocs` command; everything lives in the library.

/// mimalloc instead of the system allocator: Typst's layout allocates many small objects,
/// and with mimalloc a build spends measurably less time in `malloc`/`free`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    regiodocs::cli::main()
}
