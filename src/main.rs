//! The `annals` command: everything lives in the library; this turns its result into an exit code.

fn main() -> std::process::ExitCode {
    annals::run(std::env::args_os())
}
