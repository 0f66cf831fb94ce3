// Loading the shipped banks and assembling papers: figures for docs/BENCHMARKS.md.
//   build/paper-bench [BANK-FOLDER]
#include "core/bank_set.hpp"
#include "core/paper.hpp"
#include "core/paths.hpp"
#include "core/profile.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

using namespace examsim::core;
using WallClock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    const std::filesystem::path dir = argc > 1 ? std::filesystem::path(argv[1]) : bundledBanksDir();
    std::vector<double> loads;
    BankSet banks;
    for (int i = 0; i < 10; ++i) {
        const auto t0 = WallClock::now();
        banks = BankSet::load({dir});
        loads.push_back(std::chrono::duration<double, std::milli>(WallClock::now() - t0).count());
    }
    std::sort(loads.begin(), loads.end());
    std::uintmax_t bytes = 0;
    for (const auto& f : banks.files()) bytes += std::filesystem::file_size(f.path);
    std::printf("load and validate %zu bank files (%.2f MB): median %.2f ms (%.0f MB/s)\n", banks.files().size(),
                static_cast<double>(bytes) / 1e6, loads[loads.size() / 2], static_cast<double>(bytes) / 1e3 / loads[loads.size() / 2]);
    const auto profiles = loadProfilesFrom({dir}, banks);
    for (const auto& p : profiles.profiles) {
        std::vector<double> ms;
        for (std::uint64_t seed = 0; seed < 1000; ++seed) {
            AssemblyOptions o;
            o.seed = seed;
            const auto t0 = WallClock::now();
            auto paper = assemblePaper(banks, p, o);
            ms.push_back(std::chrono::duration<double, std::milli>(WallClock::now() - t0).count());
        }
        std::sort(ms.begin(), ms.end());
        std::printf("assemble %-18s median %.3f ms, p99 %.3f ms (1000 seeds)\n", p.id.c_str(), ms[500], ms[990]);
    }
    return 0;
}
