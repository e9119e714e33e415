//! The `paracrine` binary: the desktop app, and `paracrine check` for curators.

fn main() -> std::process::ExitCode {
    paracrine::cli::main()
}
