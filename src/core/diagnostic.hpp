// Findings about user-supplied files (banks, profiles): what is wrong, where, and how bad.
#pragma once

#include <string>
#include <vector>

namespace examsim::core {

// Note: information that needs no action (a user bank overriding a shipped one; issue 8).
enum class Severity { Warning, Error, Note };

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string file;    // path as given by the user
    int line = 0;        // 1-based; 0 when the finding concerns the file as a whole
    int column = 0;      // 1-based, in characters
    std::string pointer; // RFC 6901 JSON Pointer; empty for the whole document
    std::string message;
};

// "FILE:LINE:COL: POINTER: error: message" (POINTER "(document)" when empty; no LINE:COL when 0).
std::string format(const Diagnostic& d);

struct DiagnosticCounts {
    int errors = 0;
    int warnings = 0;
    int notes = 0;
};
DiagnosticCounts count(const std::vector<Diagnostic>& diagnostics);

} // namespace examsim::core
