// One libFuzzer target: EXAMSIM_FUZZ_TARGET (set by tests/fuzz/CMakeLists.txt) names the entry of
// fuzz_entries.hpp that every input goes through.
#include "fuzz_entries.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    examsim::fuzz::setDataDir(EXAMSIM_FUZZ_DATA_DIR);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto entry = examsim::fuzz::entryNamed(EXAMSIM_FUZZ_TARGET);
    entry(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
