// An import makes hundreds of thousands of small allocations, on
// several threads at once: mimalloc serves them with fewer system calls and
// page faults than the C library's allocator (BENCHMARKS.md, issue #15).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(aidquiz::run(std::env::args_os()));
}
