// Assembling papers from the shipped banks: one table row per exam profile (median and p99 over 1,000
// seeds). The target (issue 10) is for Foundation: under 1 ms.
//   build/paper-bench [BANK-FOLDER]
#include "core/allocator.hpp"
#include "bench_util.hpp"

#include "core/bank_set.hpp"
#include "core/paper.hpp"
#include "core/paths.hpp"
#include "core/profile.hpp"

using namespace examsim::core;

int main(int argc, char** argv) {
    examsim::core::tuneAllocator(); // before anything is allocated: see core/allocator.hpp
    const std::filesystem::path dir = argc > 1 ? std::filesystem::path(argv[1]) : bundledBanksDir();
    const BankSet banks = BankSet::load({dir});
    const auto profiles = loadProfilesFrom({dir}, banks);
    const int runs = 1000;
    for (const auto& p : profiles.profiles) {
        const auto f = bench::measure(runs, [&](int i) {
            AssemblyOptions o;
            o.seed = static_cast<std::uint64_t>(i);
            auto paper = assemblePaper(banks, p, o);
            (void)paper;
        });
        const bool targeted = p.id == "foundation";
        bench::row("assemble a paper: " + p.id, bench::medianP99(f, runs), targeted ? "< 1 ms" : "—",
                   targeted ? bench::met(f.median < 1) : "—");
    }
    return 0;
}
