use clap::Parser as _;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = versa::cli::Cli::parse();
    if let Err(error) = versa::run(cli) {
        eprintln!("{error}");
        std::process::exit(error.exit_code());
    }
}
