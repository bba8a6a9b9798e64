fn main() {
    std::process::exit(aidquiz::run(std::env::args_os()));
}
