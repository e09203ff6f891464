//! The `carelint` binary: all the work is in the library.

fn main() -> std::process::ExitCode {
    carelint::cli::main()
}
