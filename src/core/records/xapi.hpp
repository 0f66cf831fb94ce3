// xAPI 1.0.3 statements of learners' attempts, for an organisation's learning record store: the
// mapping is in docs/reports.md. Statement ids are name-based UUIDs, so a re-export does not duplicate.
#pragma once

#include "core/store/records.hpp"

#include <optional>
#include <string>

namespace examsim::core {

struct XapiOptions {
    std::string homePage = "https://examsim.invalid";     // the system whose accounts the learner UUIDs are
    std::string iriBase = "https://examsim.invalid/xapi"; // activities are under it
    std::string language = "en";
};

// The fixed namespace of ExamSim statement ids (RFC 4122 version 5).
inline constexpr const char* kXapiNamespace = "3f6c2a8e-5b1d-4c7a-9e2f-8d4b6a1c0e57";

// Why the options cannot be used, or nothing.
std::optional<std::string> checkXapiOptions(const XapiOptions& options);
// A JSON array of statements: per attempt "attempted", one "answered" per answer, and "passed" or
// "failed" (exam mode) or "completed" (study, drill) once finished.
std::string writeXapiStatements(const RecordSet& records, const XapiOptions& options);
bool isAbsoluteIri(const std::string& text);

} // namespace examsim::core
