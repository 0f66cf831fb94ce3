// How the programs ask glibc's allocator to behave: set once at the start of each main().
#pragma once

namespace examsim::core {

// Turns off glibc's fastbins (mallopt M_MXFAST = 0). ExamSim builds and frees large trees of small
// blocks (a bank's JSON document: millions of strings and map nodes; an item analysis: a million
// marks). With fastbins on, each free of a block of 64 KB or more while such a tree is freed first
// merges every small block already freed ("malloc_consolidate"), which was a third of the time of
// loading a 31 MB bank. Small blocks still come and go quickly through the per-thread cache (tcache).
// Measured in docs/BENCHMARKS.md: loading a 31 MB bank 80-100 -> 136-139 MB/s, item analysis of a
// million responses about 12 % faster. Does nothing outside glibc or under a sanitizer's allocator.
void tuneAllocator();

} // namespace examsim::core
