// Learners' records and settings are personal data: the files and folders the program creates for
// them are readable by their owner only (issue 10).
#pragma once

#include <filesystem>
#include <string>

namespace examsim::core {

// Creates the folder and any missing parents, the new ones with mode 0700. False when it cannot.
bool createOwnerOnlyDirs(const std::filesystem::path& dir);
// Opens the file for writing, truncated, with mode 0600 (also when it existed with a wider mode),
// writes `text` and flushes it to disk. Returns "" or what went wrong.
std::string writeOwnerOnlyFile(const std::filesystem::path& path, const std::string& text);

} // namespace examsim::core
