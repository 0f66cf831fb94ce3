// Loading and validating question banks end to end (read, parse, every check of the validator and the
// checks across banks): one table row with the median time and MB/s over N runs.
//   build/bank-bench PATH [--runs N] [--label TEXT] [--target-mbps X]
// PATH is a bank file or a folder of them (the shipped banks, or tools/gen_bank.py's output). A bank with
// errors fails the benchmark: the figure is only meaningful for banks that load.
#include "core/allocator.hpp"
#include "bench_util.hpp"

#include "core/bank_set.hpp"

#include <cstdlib>
#include <filesystem>
#include <string>

using namespace examsim::core;

int main(int argc, char** argv) {
    examsim::core::tuneAllocator(); // before anything is allocated: see core/allocator.hpp
    if (argc < 2) {
        std::fprintf(stderr, "usage: bank-bench PATH [--runs N] [--label TEXT] [--target-mbps X]\n");
        return 2;
    }
    const std::filesystem::path path = argv[1];
    int runs = 10;
    double target = 0;
    std::string label;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--runs") runs = std::max(1, std::atoi(argv[i + 1]));
        else if (a == "--label") label = argv[i + 1];
        else if (a == "--target-mbps") target = std::atof(argv[i + 1]);
    }
    BankSet banks = BankSet::load({path}); // warm the page cache; checked below
    std::uintmax_t bytes = 0;
    std::size_t questions = 0, errors = 0;
    for (const auto& f : banks.files()) {
        bytes += std::filesystem::file_size(f.path);
        errors += static_cast<std::size_t>(f.errors);
    }
    for (const auto& b : banks.banks()) questions += b.questions.size();
    if (errors > 0 || banks.banks().empty()) {
        std::fprintf(stderr, "bank-bench: %s has %zu errors (or no bank); fix them first\n", path.c_str(), errors);
        return 1;
    }
    const auto f = bench::measure(runs, [&](int) { banks = BankSet::load({path}); });
    const double mbps = static_cast<double>(bytes) / 1e3 / f.median;
    if (label.empty()) label = path.filename().string();
    char what[256], value[128], goal[64];
    std::snprintf(what, sizeof what, "load and validate %s (%zu files, %.2f MB, %zu questions)", label.c_str(),
                  banks.files().size(), static_cast<double>(bytes) / 1e6, questions);
    std::snprintf(value, sizeof value, "%.0f MB/s (%s median of %d)", mbps, bench::millis(f.median).c_str(), runs);
    if (target > 0) std::snprintf(goal, sizeof goal, ">= %.0f MB/s", target);
    bench::row(what, value, target > 0 ? goal : "—", target > 0 ? bench::met(mbps >= target) : "—");
    return 0;
}
