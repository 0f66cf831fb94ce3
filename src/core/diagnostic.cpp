#include "core/diagnostic.hpp"

#include <fmt/format.h>

namespace examsim::core {

std::string format(const Diagnostic& d) {
    std::string where = d.file;
    if (d.line > 0) where += fmt::format(":{}:{}", d.line, d.column);
    return fmt::format("{}: {}: {}: {}", where, d.pointer.empty() ? "(document)" : d.pointer,
                       d.severity == Severity::Error ? "error" : d.severity == Severity::Note ? "note" : "warning", d.message);
}

DiagnosticCounts count(const std::vector<Diagnostic>& diagnostics) {
    DiagnosticCounts c;
    for (const auto& d : diagnostics)
        (d.severity == Severity::Error ? c.errors : d.severity == Severity::Note ? c.notes : c.warnings)++;
    return c;
}

} // namespace examsim::core
