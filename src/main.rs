//! The `regiodocs` command; everything lives in the library.

fn main() -> std::process::ExitCode {
    regiodocs::cli::main()
}
