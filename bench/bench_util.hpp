// Timing and output shared by the benchmark programs: each figure is one markdown table row
// "| figure | value | target | met |" on stdout, so tools/bench.sh can print one table of them all.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace bench {

struct Figures {
    double median, p95, p99, max; // milliseconds
};

// Runs f(0..runs-1) and returns the distribution of its wall times.
inline Figures measure(int runs, const std::function<void(int)>& f) {
    using Clock = std::chrono::steady_clock;
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        f(i);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) {
        return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * static_cast<double>(ms.size())))];
    };
    return {at(0.5), at(0.95), at(0.99), ms.back()};
}

// met: "yes", "no" or "—" (no target).
inline void row(const std::string& figure, const std::string& value, const std::string& target, const char* met) {
    std::printf("| %s | %s | %s | %s |\n", figure.c_str(), value.c_str(), target.c_str(), met);
    std::fflush(stdout);
}

inline const char* met(bool ok) { return ok ? "yes" : "no"; }

// "1.23 ms median, 2.34 ms p99" with a precision that suits the size.
inline std::string millis(double ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, ms < 10 ? "%.2f ms" : ms < 100 ? "%.1f ms" : "%.0f ms", ms);
    return buf;
}

inline std::string medianP99(const Figures& f, int runs) {
    return millis(f.median) + " median, " + millis(f.p99) + " p99 (" + std::to_string(runs) + " runs)";
}

} // namespace bench
