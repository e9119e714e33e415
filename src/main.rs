//! The `paracrine` binary: the desktop app, and `paracrine check` / `fmt` for curators.
//! The top floor: it hands the command line the window start-up from `ui`.

fn main() -> std::process::ExitCode {
    paracrine::cli::main(paracrine::ui::run_native)
}
